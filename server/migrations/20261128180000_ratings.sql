-- Ratings (好差评): the applicant rates each evaluation point of a case
-- 1–5 stars, once; a rating of 1–2 opens a rectification (整改) for the
-- department, with a deadline on the working-day clock, a call-back, an
-- outcome the applicant accepts or appeals, and the department's appeal of
-- a malicious rating; a supervisor of the region decides appeals.

create table rating (
    id            bigint generated always as identity primary key,
    case_id       bigint not null references case_file (id),
    -- The evaluation point rated (a step marked so in the definition; the
    -- result step is the rating at completion).
    task_id       bigint not null references case_task (id),
    applicant_id  bigint not null references account (id),
    department_id bigint not null references department (id),
    -- The case's region (boards are per city).
    region_code   integer not null references region (code),
    stars         smallint not null check (stars between 1 and 5),
    comment       text check (length(comment) <= 500),
    rated_at      timestamptz not null default now(),
    rated_on      date not null,
    -- A supervisor found the rating malicious (恶意差评): it no longer counts.
    excluded      boolean not null default false,
    -- One rating per point per applicant.
    unique (task_id, applicant_id)
);

create index rating_department_idx on rating (department_id) where not excluded;
create index rating_region_idx on rating (region_code) where not excluded;
create index rating_case_idx on rating (case_id);

create table rectification (
    id              bigint generated always as identity primary key,
    rating_id       bigint not null unique references rating (id),
    department_id   bigint not null references department (id),
    region_code     integer not null references region (code),
    state           text not null check (state in (
                        'open', 'called_back', 'resolved', 'accepted', 'appealed',
                        'contested', 'voided', 'closed')),
    opened_on       date not null,
    due_on          date not null check (due_on >= opened_on),
    -- The department's call-back (回访) to the applicant.
    callback_note   text check (length(callback_note) between 1 and 500),
    callback_at     timestamptz,
    -- What the department did about it; published.
    outcome         text check (length(outcome) between 1 and 500),
    resolved_at     timestamptz,
    -- The applicant's appeal of the outcome, the department's appeal of the
    -- rating, and the supervisor's decision.
    appeal_reason   text check (length(appeal_reason) between 1 and 500),
    contest_reason  text check (length(contest_reason) between 1 and 500),
    decision_note   text check (length(decision_note) between 1 and 500),
    decided_by      bigint references account (id),
    closed_at       timestamptz,
    check ((callback_note is null) = (callback_at is null)),
    check ((outcome is null) = (resolved_at is null)),
    check (state not in ('called_back', 'resolved', 'accepted', 'appealed', 'closed') or callback_at is not null),
    check (state not in ('resolved', 'accepted', 'appealed', 'closed') or outcome is not null),
    check (state <> 'appealed' or appeal_reason is not null),
    check (state <> 'contested' or contest_reason is not null),
    check ((state in ('accepted', 'voided', 'closed')) = (closed_at is not null))
);

-- A department's open rectifications by deadline.
create index rectification_department_idx on rectification (department_id, due_on)
    where state in ('open', 'called_back');
create index rectification_region_idx on rectification (region_code, state);

-- Every step of a rectification, by whom and in which role. Append-only.
create table rectification_event (
    id                bigint generated always as identity primary key,
    rectification_id  bigint not null references rectification (id),
    at                timestamptz not null default now(),
    on_day            date not null,
    actor_id          bigint references account (id),
    role              text not null check (role in ('system', 'department', 'applicant', 'supervisor')),
    action            text not null check (action in (
                          'opened', 'call_back', 'resolve', 'accept', 'appeal', 'contest', 'decide')),
    from_state        text,
    to_state          text not null,
    note              text check (length(note) <= 500)
);

create index rectification_event_idx on rectification_event (rectification_id, id);

create function table_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', TG_TABLE_NAME;
end $$;

create trigger rectification_event_append_only
    before update or delete on rectification_event
    for each row execute function table_is_append_only();
