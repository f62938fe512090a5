-- Background work and notifications (issue 7, efficiency supervision):
-- a job queue several servers share (claimed with FOR UPDATE SKIP LOCKED,
-- leased, retried with backoff), the alerts the deadline monitor raises
-- (each once), the in-app inbox, and the e-mail outbox (kept until the
-- mail server took the message). Rules live in server/src/jobs and
-- app/src/notifications; the checks here are the last line of defence.

-- Who is told when a step is late: the heads of units, and an optional
-- e-mail address for every account.
alter table staff add column unit_head boolean not null default false;
create index staff_unit_head_idx on staff (unit_id) where unit_head;

alter table account add column email text
    check (email is null or (length(email) <= 254 and email ~ '^[^@[:space:]<>]+@[^@[:space:]<>]+\.[^@[:space:]<>]+$'));

create table job (
    id           bigint generated always as identity primary key,
    kind         text not null check (kind ~ '^[a-z][a-z0-9_]{0,39}$'),
    payload      jsonb not null default '{}',
    -- A periodic job's slot (e.g. deadline_scan:5903712): however many
    -- servers tick, it is enqueued once.
    dedupe_key   text unique check (length(dedupe_key) between 1 and 200),
    run_at       timestamptz not null default now(),
    attempts     integer not null default 0 check (attempts >= 0),
    max_attempts integer not null default 10 check (max_attempts > 0),
    -- A worker holds a job until then; past it, another may take it over
    -- (its worker died).
    locked_until timestamptz,
    locked_by    text check (length(locked_by) <= 100),
    last_error   text check (length(last_error) <= 2000),
    created_at   timestamptz not null default now(),
    done_at      timestamptz,
    -- Given up after max_attempts.
    failed_at    timestamptz,
    check (num_nonnulls(done_at, failed_at) <= 1),
    check (attempts <= max_attempts)
);

create index job_due_idx on job (run_at, id) where done_at is null and failed_at is null;

-- An alert the deadline monitor raised on a step under way: yellow near its
-- deadline, red past it. Once per step, level and deadline (a deadline moved
-- by a pause may raise a new one).
create table step_alert (
    id        bigint generated always as identity primary key,
    task_id   bigint not null references case_task (id) on delete cascade,
    level     text not null check (level in ('yellow', 'red')),
    due_on    date not null,
    -- The working day it was raised on (the hall's clock).
    raised_on date not null,
    raised_at timestamptz not null default now(),
    unique (task_id, level, due_on)
);

-- The in-app inbox: a message key and its parameters, rendered in the
-- reader's language (app/src/notifications).
create table notification (
    id           bigint generated always as identity primary key,
    recipient_id bigint not null references account (id) on delete cascade,
    kind         text not null check (kind in ('step_due_soon', 'step_overdue', 'case_escalated')),
    params       jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
    -- A path on this site.
    link         text check (link ~ '^/[^/]' and length(link) <= 500),
    alert_id     bigint references step_alert (id) on delete cascade,
    created_at   timestamptz not null default now(),
    read_at      timestamptz,
    check (read_at is null or read_at >= created_at),
    -- One message per person per alert.
    unique (alert_id, recipient_id)
);

create index notification_recipient_idx on notification (recipient_id, id desc);
create index notification_unread_idx on notification (recipient_id) where read_at is null;

-- E-mail waiting for the mail server: kept (and retried with backoff)
-- until it is accepted; claimed with SKIP LOCKED and a lease, so two
-- servers never send one message at once.
create table mail_outbox (
    id              bigint generated always as identity primary key,
    notification_id bigint references notification (id) on delete set null,
    to_address      text not null check (length(to_address) <= 254 and to_address ~ '^[^@[:space:]<>]+@[^@[:space:]<>]+$'),
    subject         text not null check (length(subject) between 1 and 300),
    body            text not null check (length(body) between 1 and 20000),
    attempts        integer not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    locked_until    timestamptz,
    sent_at         timestamptz,
    last_error      text check (length(last_error) <= 2000),
    created_at      timestamptz not null default now()
);

create index mail_outbox_pending_idx on mail_outbox (next_attempt_at, id) where sent_at is null;
