-- Online interviews (在线访谈): a department schedules an interview with
-- its officials; signed-in people submit questions; the department's
-- moderator decides on each; the transcript is appended entry by entry;
-- questions not answered live get a written answer within 5 working days
-- of the end. Rules live in app/src/interviews; the checks here are the
-- last line of defence.

create table interview (
    id              bigint generated always as identity primary key,
    department_id   bigint not null references department (id),
    title           text not null check (length(trim(title)) between 2 and 200),
    -- The officials interviewed, with their capacity (王建国 局长).
    guests          text not null check (length(trim(guests)) between 2 and 300),
    description     text not null default '' check (length(description) <= 4000),
    starts_at       timestamptz not null,
    ends_at         timestamptz not null,
    -- The moderator's explicit start and end (the phase otherwise follows
    -- the schedule).
    started_at      timestamptz,
    ended_at        timestamptz,
    created_by      bigint not null references account (id),
    created_at      timestamptz not null,
    idempotency_key uuid not null,
    check (ends_at > starts_at),
    check (ended_at is null or started_at is null or ended_at >= started_at),
    unique (created_by, idempotency_key)
);

create index interview_starts_idx on interview (starts_at desc);
create index interview_department_idx on interview (department_id, starts_at desc);

create table interview_question (
    id              bigint generated always as identity primary key,
    interview_id    bigint not null references interview (id),
    asker_id        bigint not null references account (id),
    question        text not null check (length(trim(question)) between 5 and 1000),
    asked_at        timestamptz not null,
    state           text not null default 'pending' check (state in
                        ('pending', 'queued', 'answered_live', 'rejected', 'deferred', 'answered_written')),
    reject_reason   text check (reject_reason in ('off_topic', 'abusive', 'duplicate', 'personal_case')),
    decided_by      bigint references account (id),
    decided_at      timestamptz,
    -- The written answer (a live answer is a transcript entry).
    answer          text check (length(trim(answer)) between 2 and 4000),
    answered_at     timestamptz,
    idempotency_key uuid not null,
    check ((state = 'rejected') = (reject_reason is not null)),
    check ((state = 'answered_written') = (answer is not null)),
    check ((state in ('answered_live', 'answered_written')) = (answered_at is not null)),
    unique (asker_id, idempotency_key)
);

create index interview_question_interview_idx on interview_question (interview_id, asked_at);
-- The questions still owed a written answer.
create index interview_question_owed_idx on interview_question (interview_id)
    where state in ('pending', 'queued', 'deferred');

-- The transcript: append-only, numbered per interview from 1.
create table interview_entry (
    interview_id    bigint not null references interview (id),
    seq             integer not null check (seq > 0),
    kind            text not null check (kind in ('host', 'answer', 'note')),
    speaker         text not null check (length(speaker) <= 100),
    body            text not null check (length(trim(body)) between 2 and 4000),
    -- The question an answer answers.
    question_id     bigint references interview_question (id),
    added_by        bigint not null references account (id),
    added_at        timestamptz not null,
    primary key (interview_id, seq),
    check ((kind = 'answer') = (question_id is not null))
);

create unique index interview_entry_question_idx on interview_entry (question_id) where question_id is not null;

create function interview_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'interview_entry is append-only';
end $$;

create trigger interview_entry_append_only
    before update or delete on interview_entry
    for each row execute function interview_entry_is_append_only();

-- The inbox tells an asker their question was answered; the check is
-- extended as it stands, keeping every kind added before (other branches
-- extend it the same way).
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('interview_answered' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''interview_answered''::text, ');
end $$;
