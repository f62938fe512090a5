-- Applying online and parallel review: bundles (一件事), form fields and
-- process definitions per item or bundle, drafts, uploaded scans, cases
-- with one task per step, the case event log (the truth tracking and
-- supervision read from), unified supplement notices and joint
-- inspections. Rules live in app/src/workflow and app/src/applications;
-- the checks here are the last line of defence.

create table bundle (
    id            bigint generated always as identity primary key,
    key           text not null check (key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    region_code   integer not null references region (code),
    name_zh       text not null check (length(trim(name_zh)) > 0),
    name_en       text not null check (length(trim(name_en)) > 0),
    summary_zh    text not null,
    summary_en    text not null,
    life_event    text,
    -- The lead unit (牵头单位) and its post that coordinates.
    lead_unit_id  bigint not null references department_unit (id),
    lead_post_id  bigint not null references department_post (id),
    unique (region_code, key)
);

create table bundle_item (
    bundle_id bigint not null references bundle (id) on delete cascade,
    -- The legally required order of issuance, from 1.
    position  smallint not null check (position between 1 and 6),
    item_id   bigint not null references service_item (id),
    primary key (bundle_id, position),
    unique (bundle_id, item_id)
);

create index bundle_item_item_idx on bundle_item (item_id);

-- The application form of an item: a JSON array of field definitions
-- (app/src/applications/form.rs FieldDef).
create table service_form (
    item_id bigint primary key references service_item (id) on delete cascade,
    fields  jsonb not null check (jsonb_typeof(fields) = 'array')
);

-- A process definition (app/src/workflow/definition.rs ProcessDef), checked
-- by the server before it is stored; a case keeps the version it started
-- with.
create table process_definition (
    id            bigint generated always as identity primary key,
    item_id       bigint references service_item (id) on delete cascade,
    bundle_id     bigint references bundle (id) on delete cascade,
    version       integer not null default 1 check (version > 0),
    definition    jsonb not null check (jsonb_typeof(definition -> 'steps') = 'array'),
    critical_days integer not null check (critical_days between 0 and 3650),
    created_at    timestamptz not null default now(),
    check (num_nonnulls(item_id, bundle_id) = 1)
);

create unique index process_definition_item_idx on process_definition (item_id, version) where item_id is not null;
create unique index process_definition_bundle_idx on process_definition (bundle_id, version) where bundle_id is not null;

-- A draft per applicant and item or bundle: what was typed, sealed (it may
-- hold ID numbers).
create table application_draft (
    id             bigint generated always as identity primary key,
    account_id     bigint not null references account (id) on delete cascade,
    item_id        bigint references service_item (id) on delete cascade,
    bundle_id      bigint references bundle (id) on delete cascade,
    answers_sealed bytea not null,
    updated_at     timestamptz not null default now(),
    check (num_nonnulls(item_id, bundle_id) = 1)
);

create unique index application_draft_item_idx on application_draft (account_id, item_id) where item_id is not null;
create unique index application_draft_bundle_idx on application_draft (account_id, bundle_id) where bundle_id is not null;

-- Uploaded scans; the bytes are in the object store under object_key.
create table upload (
    id          bigint generated always as identity primary key,
    owner_id    bigint not null references account (id) on delete cascade,
    object_key  text not null unique check (object_key ~ '^[0-9a-f]{32}$'),
    name        text not null check (length(name) between 1 and 120),
    kind        text not null check (kind in ('pdf', 'jpeg', 'png')),
    bytes       bigint not null check (bytes > 0),
    created_at  timestamptz not null default now()
);

create index upload_owner_idx on upload (owner_id);

create sequence case_no_seq;

create table case_file (
    id              bigint generated always as identity primary key,
    -- Region, acceptance date, a serial: 440100-20261008-000123.
    case_no         text not null unique check (case_no ~ '^[0-9]{6}-[0-9]{8}-[0-9]{6}$'),
    -- With the case number, lets anyone track the case (no confusable
    -- characters: no 0/O, 1/I/L).
    query_code      text not null check (query_code ~ '^[A-HJ-KMNP-Z2-9]{8}$'),
    applicant_id    bigint not null references account (id),
    item_id         bigint references service_item (id),
    bundle_id       bigint references bundle (id),
    region_code     integer not null references region (code),
    definition_id   bigint not null references process_definition (id),
    answers_sealed  bytea not null,
    -- The applicant's key for this submission: a retry, a double click or a
    -- resubmitted form finds the case it already made.
    idempotency_key uuid not null,
    submitted_at    timestamptz not null,
    accepted_on     date not null,
    due_on          date not null,
    -- A projection of the tasks (app/src/workflow/engine.rs overall);
    -- "overdue" depends on the day and is derived when read.
    status          text not null check (status in ('in_review', 'waiting_for_applicant', 'rejected', 'completed')),
    closed_at       timestamptz,
    check (num_nonnulls(item_id, bundle_id) = 1),
    check (accepted_on >= (submitted_at at time zone 'Asia/Shanghai')::date),
    check ((status in ('rejected', 'completed')) = (closed_at is not null)),
    unique (applicant_id, idempotency_key)
);

create index case_file_applicant_idx on case_file (applicant_id, submitted_at desc);

-- The parts of a case: one per item (a bundle has several, one per
-- department), each with its department's copy of the answers it needs.
create table case_part (
    case_id        bigint not null references case_file (id) on delete cascade,
    position       smallint not null check (position between 1 and 6),
    item_id        bigint not null references service_item (id),
    department_id  bigint not null references department (id),
    answers_sealed bytea not null,
    primary key (case_id, position)
);

-- Scans attached to a case (the material of a part).
create table case_material (
    case_id   bigint not null references case_file (id) on delete cascade,
    upload_id bigint not null references upload (id),
    position  smallint not null check (position between 1 and 6),
    material  text not null check (length(material) between 1 and 200),
    added_at  timestamptz not null default now(),
    primary key (case_id, upload_id)
);

create table case_task (
    id            bigint generated always as identity primary key,
    case_id       bigint not null references case_file (id) on delete cascade,
    step_key      text not null check (step_key ~ '^[a-z0-9-]{1,40}$'),
    kind          text not null check (kind in ('acceptance', 'review', 'joint_inspection', 'decision', 'issuance', 'result')),
    -- The part (bundle item) it belongs to; null for whole-case steps.
    part          smallint check (part between 1 and 6),
    after_keys    text[] not null default '{}',
    name_zh       text not null,
    name_en       text not null,
    department_id bigint not null references department (id),
    unit_id       bigint not null references department_unit (id),
    post_id       bigint not null references department_post (id),
    limit_days    smallint not null check (limit_days between 0 and 365),
    tracking_point   boolean not null,
    evaluation_point boolean not null,
    state         text not null check (state in ('waiting', 'ready', 'claimed', 'done', 'rejected', 'supplement', 'cancelled')),
    claimed_by    bigint references account (id),
    started_on    date,
    due_on        date,
    finished_at   timestamptz,
    outcome       text check (length(outcome) <= 500),
    unique (case_id, step_key),
    check ((state = 'claimed') <= (claimed_by is not null)),
    check ((state in ('waiting', 'cancelled')) or (started_on is not null and due_on is not null))
);

-- A post's queue: the tasks ready or taken, by deadline.
create index case_task_queue_idx on case_task (post_id, due_on, id) where state in ('ready', 'claimed');
create index case_task_case_idx on case_task (case_id);

-- The case event log: every transition, by whom (their department, unit
-- and post at the time), when, from and to which state. Append-only.
create table case_event (
    id            bigint generated always as identity primary key,
    case_id       bigint not null references case_file (id),
    task_id       bigint references case_task (id),
    at            timestamptz not null default now(),
    -- The working day the event counts on (the injected "today" in tests).
    on_day        date not null,
    -- Null when the system acted (online acceptance, a step starting).
    actor_id      bigint references account (id),
    department_id bigint references department (id),
    unit_id       bigint references department_unit (id),
    post_id       bigint references department_post (id),
    action        text not null check (action in (
                      'submitted', 'accepted', 'started', 'claim', 'release', 'approve', 'reject',
                      'request_supplement', 'notice_issued', 'supplemented', 'propose_inspection',
                      'inspection_organised', 'issue', 'completed', 'cancelled', 'viewed')),
    from_state    text,
    to_state      text,
    detail        text check (length(detail) <= 1000)
);

create index case_event_case_idx on case_event (case_id, id);

create function case_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'case_event is append-only';
end $$;

create trigger case_event_append_only
    before update or delete on case_event
    for each row execute function case_event_is_append_only();

-- One notice gathers every department's supplement requests (一次告知),
-- issued in the name of the lead unit; the clock is paused from issued_on
-- to answered_on.
create table supplement_notice (
    id           bigint generated always as identity primary key,
    case_id      bigint not null references case_file (id) on delete cascade,
    issued_at    timestamptz not null default now(),
    issued_on    date not null,
    lead_unit_id bigint not null references department_unit (id),
    answered_at  timestamptz,
    answered_on  date,
    answer       text check (length(answer) <= 2000),
    check ((answered_at is null) = (answered_on is null)),
    check (answered_on is null or answered_on >= issued_on)
);

-- At most one notice open per case.
create unique index supplement_notice_open_idx on supplement_notice (case_id) where answered_at is null;

-- What a department asks for; gathered into the next notice (notice_id
-- set when it is issued). A task has at most one request not yet in a
-- notice.
create table supplement_request (
    id        bigint generated always as identity primary key,
    task_id   bigint not null references case_task (id),
    notice_id bigint references supplement_notice (id),
    what      text not null check (length(trim(what)) between 1 and 500),
    asked_at  timestamptz not null default now()
);

create unique index supplement_request_pending_idx on supplement_request (task_id) where notice_id is null;
create index supplement_request_notice_idx on supplement_request (notice_id);

-- A joint site inspection, organised once per case by the lead unit.
create table joint_inspection (
    case_id      bigint primary key references case_file (id) on delete cascade,
    on_date      date not null,
    place        text not null check (length(trim(place)) between 1 and 200),
    participants text[] not null check (cardinality(participants) between 1 and 20),
    organised_by bigint not null references account (id),
    organised_at timestamptz not null default now()
);
