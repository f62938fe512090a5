-- 督办 (supervision notices, issue 17): a supervisor of the region sends a
-- notice about a late step; the department (the post's clerks and the
-- unit's heads) reads it in the inbox and on the task page and answers it
-- once; the supervisor reads the answer. Kept: a notice is never removed.
create table supervision_notice (
    id          bigint generated always as identity primary key,
    task_id     bigint not null references case_task (id),
    case_id     bigint not null references case_file (id),
    sent_by     bigint not null references account (id),
    -- The region the supervisor watches (their own; the province for an
    -- administrator), as it was when the notice was sent.
    region_code integer not null references region (code),
    note        text not null check (length(note) between 1 and 500),
    sent_at     timestamptz not null default now(),
    -- The working day it was sent on (the injected "today" in tests).
    sent_on     date not null,
    reply       text check (length(reply) between 1 and 1000),
    replied_by  bigint references account (id),
    replied_at  timestamptz,
    check ((reply is null) = (replied_by is null) and (reply is null) = (replied_at is null))
);

create index supervision_notice_task_idx on supervision_notice (task_id, id);
create index supervision_notice_case_idx on supervision_notice (case_id, id);

-- Statistics count the open steps past their deadline per department and
-- per post (they count against the on-time rate): an index-only scan of the
-- open steps by deadline.
create index case_task_overdue_idx on case_task (due_on) include (department_id, post_id)
    where state in ('ready', 'claimed');

-- The inbox takes two more kinds: the notice (to the department) and its
-- answer (to the supervisor). The check is extended as it stands, so the
-- kinds added by other migrations before this one are kept.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('supervision_notice' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''supervision_notice''::text, ''supervision_reply''::text, ');
end $$;
