-- Letters (留言/诉求) handled as work orders by the 12345 hotline centre of
-- a region (staff of its ZWSJJ) and the departments it dispatches them to.
-- The rules are app/src/letters (a pure machine); the checks here are the
-- last line of defence. The statistics (issue 19) read these columns.

create table letter_kind_limit (
    kind text primary key check (kind in ('enquiry', 'help', 'complaint', 'suggestion', 'thanks')),
    days integer not null check (days between 1 and 60)
);

insert into letter_kind_limit (kind, days) values
    ('enquiry', 3), ('help', 3), ('complaint', 13), ('suggestion', 13), ('thanks', 3);

create sequence letter_no_seq;

create table letter (
    id                      bigint generated always as identity primary key,
    letter_no               text not null unique check (letter_no ~ '^XJ[0-9]{14}$'),
    writer_id               bigint not null references account (id),
    idempotency_key         uuid not null,
    addressee               text not null check (addressee in ('department', 'leader', 'centre')),
    addressed_department_id bigint references department (id),
    region_code             integer not null references region (code),
    kind                    text not null check (kind in ('enquiry', 'help', 'complaint', 'suggestion', 'thanks')),
    subject                 text not null check (length(subject) between 1 and 60),
    body                    text not null check (length(body) between 1 and 3000),
    public                  boolean not null,
    state                   text not null check (state in ('submitted', 'accepted', 'dispatched', 'handling',
                                'replied', 'unsatisfied', 'resolved', 'closed_unresolved', 'not_responsible', 'merged')),
    department_id           bigint references department (id),
    received_at             timestamptz not null,
    received_on             date not null,
    dispatched_on           date,
    due_on                  date,
    extended                boolean not null default false,
    -- The one extension: asked (ever), and the days and asker while it waits.
    extension_asked         boolean not null default false,
    extension_days          integer check (extension_days between 1 and 30),
    extension_asked_by      bigint references account (id),
    replied_on              date,
    first_replied_on        date,
    replied_on_time         boolean,
    closed_on               date,
    satisfied               boolean,
    reopened                boolean not null default false,
    merged_into             bigint references letter (id),
    returned_count          integer not null default 0 check (returned_count >= 0),
    unique (writer_id, idempotency_key),
    check ((addressee = 'department') = (addressed_department_id is not null)),
    check ((state = 'merged') = (merged_into is not null)),
    check (merged_into is distinct from id),
    check ((extension_days is null) = (extension_asked_by is null)),
    check (extension_days is null or extension_asked),
    check (state not in ('dispatched', 'handling', 'replied', 'unsatisfied') or
           (department_id is not null and dispatched_on is not null and due_on is not null)),
    check (state not in ('resolved', 'closed_unresolved', 'not_responsible', 'merged') or closed_on is not null),
    check (first_replied_on is null or first_replied_on <= coalesce(replied_on, first_replied_on))
);

-- The public list, newest first.
create index letter_public_idx on letter (received_at desc, id desc) where public;
create index letter_public_state_idx on letter (state, received_at desc) where public;
-- Per department and per region (lists and statistics).
create index letter_department_idx on letter (department_id, received_at desc);
create index letter_region_idx on letter (region_code, received_at desc);
-- The writer's letters, and duplicates (same writer, recent).
create index letter_writer_idx on letter (writer_id, received_at desc);
-- The centre's queue.
create index letter_centre_queue_idx on letter (region_code, state)
    where state in ('submitted', 'accepted', 'replied', 'unsatisfied') or extension_days is not null;
-- Overdue scans.
create index letter_due_idx on letter (state, due_on) where state in ('dispatched', 'handling');

create table letter_cohandler (
    letter_id     bigint not null references letter (id) on delete cascade,
    department_id bigint not null references department (id),
    primary key (letter_id, department_id)
);
create index letter_cohandler_department_idx on letter_cohandler (department_id);

create table letter_file (
    letter_id bigint not null references letter (id) on delete cascade,
    upload_id bigint not null references upload (id),
    primary key (letter_id, upload_id)
);

create table letter_event (
    id            bigint generated always as identity primary key,
    letter_id     bigint not null references letter (id),
    at            timestamptz not null,
    on_day        date not null,
    actor_id      bigint references account (id),
    role          text not null check (role in ('writer', 'centre', 'department', 'cohandler')),
    action        text not null check (action ~ '^[a-z_]{2,40}$'),
    from_state    text,
    to_state      text not null,
    department_id bigint references department (id),
    note          text check (length(note) <= 3000)
);
create index letter_event_letter_idx on letter_event (letter_id, id);

create function letter_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'letter_event is append-only';
end $$;

create trigger letter_event_append_only
    before update or delete on letter_event
    for each row execute function letter_event_is_append_only();

-- Yellow near the deadline, red past it: once per letter, level and deadline.
create table letter_alert (
    id        bigint generated always as identity primary key,
    letter_id bigint not null references letter (id) on delete cascade,
    level     text not null check (level in ('yellow', 'red')),
    due_on    date not null,
    raised_on date not null,
    unique (letter_id, level, due_on)
);

-- The inbox takes six more kinds; the check is extended as it stands.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('letter_accepted' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''letter_accepted''::text, ''letter_replied''::text, '
            || '''letter_merged''::text, ''letter_closed''::text, '
            || '''letter_due_soon''::text, ''letter_overdue''::text, ');
end $$;
