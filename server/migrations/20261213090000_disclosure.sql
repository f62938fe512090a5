-- Government disclosure (政务公开, issue 20): documents published through
-- the one review flow, policy interpretations, requests for information on
-- the statutory clock; the annual report is counted from these rows.

-- Who publishes for a department: editors write, reviewers publish (not
-- their own drafts), the head of the disclosure office approves request
-- extensions. A staff member of the department holds any of them.
create table publishing_role (
    account_id    bigint not null references account (id) on delete cascade,
    department_id bigint not null references department (id),
    role          text not null check (role in ('editor', 'reviewer', 'office_head')),
    primary key (account_id, department_id, role)
);
create index publishing_role_department_idx on publishing_role (department_id, role);

-- The one review flow (app/src/review): anything a unit publishes has one
-- review item; what it is points at it (documents now, microblog posts next).
create table review_item (
    id            bigint generated always as identity primary key,
    subject       text not null check (subject in ('document')),
    department_id bigint not null references department (id),
    author_id     bigint not null references account (id),
    state         text not null default 'draft'
                  check (state in ('draft', 'in_review', 'published', 'withdrawn')),
    -- The reviewer who published it and when (set on publication, kept
    -- after a withdrawal: the record says who approved what).
    reviewer_id   bigint references account (id),
    published_at  timestamptz,
    -- The latest return or withdrawal reason (the log keeps them all).
    reason        text check (length(reason) <= 500),
    updated_at    timestamptz not null default now(),
    check ((state = 'published') <= (published_at is not null and reviewer_id is not null)),
    check (reviewer_id is distinct from author_id)
);
-- A department's review queue.
create index review_item_queue_idx on review_item (department_id, updated_at)
    where state = 'in_review';

create table review_event (
    id          bigint generated always as identity primary key,
    item_id     bigint not null references review_item (id),
    at          timestamptz not null default now(),
    actor_id    bigint not null references account (id),
    action      text not null check (action in
                ('create', 'edit', 'submit', 'recall', 'return', 'publish', 'withdraw', 'redraft')),
    from_state  text,
    to_state    text not null,
    reason      text check (length(reason) <= 500)
);
create index review_event_item_idx on review_event (item_id, id);

create function review_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'review_event is append-only';
end $$;

create trigger review_event_append_only
    before update or delete on review_event
    for each row execute function review_event_is_append_only();

-- Index numbers (索引号) are given in order of publication, per department
-- and year, from this counter (taken under its row lock).
create table document_index_counter (
    department_id bigint not null references department (id),
    year          smallint not null check (year between 1000 and 9999),
    last_serial   integer not null check (last_serial between 1 and 99999),
    primary key (department_id, year)
);

-- A document published of the department's own accord (主动公开), or a
-- policy interpretation (kind 'interpretation', which interprets one).
create table document (
    id               bigint generated always as identity primary key,
    review_id        bigint not null unique references review_item (id),
    department_id    bigint not null references department (id),
    region_code      integer not null references region (code),
    kind             text not null check (kind in
                     ('news', 'notice', 'policy', 'plan', 'budget', 'press_conference', 'interpretation')),
    title            text not null check (length(title) between 1 and 200),
    -- 文号, e.g. 穗府办规〔2026〕3号.
    doc_number       text check (length(doc_number) between 1 and 60),
    -- 发文机关 as printed (the department's name unless jointly issued).
    issuer           text not null check (length(issuer) between 1 and 100),
    -- 主题分类 (app/src/disclosure: Category).
    category         text not null check (category ~ '^[a-z_]{2,40}$'),
    written_on       date not null,
    -- Set at publication, with the index number.
    published_on     date,
    index_no         text unique check (index_no ~ '^[0-9]{6}-[A-Z]{2,8}-[0-9]{4}-[0-9]{5}$'),
    index_year       smallint,
    index_serial     integer,
    body             text not null check (length(body) between 1 and 100000),
    -- 有效性, for policies and plans only.
    validity         text check (validity in ('valid', 'amended', 'repealed')),
    -- The document that amends or replaces this one.
    superseded_by    bigint references document (id),
    -- An interpretation's document and form.
    interprets_id    bigint references document (id),
    interpretation_form text check (interpretation_form in ('text', 'questions_and_answers', 'graphic')),
    -- Made from an answered request for information (one click).
    from_request_id  bigint,
    -- Search terms (catalog::search::terms of title, number, issuer, body).
    terms            text[] not null default '{}',
    updated_at       timestamptz not null default now(),
    unique (department_id, index_year, index_serial),
    check ((index_no is null) = (published_on is null)),
    check ((index_no is null) = (index_year is null) and (index_no is null) = (index_serial is null)),
    check ((validity is not null) = (kind in ('policy', 'plan'))),
    check (superseded_by is null or validity in ('amended', 'repealed')),
    check (superseded_by is distinct from id),
    check ((kind = 'interpretation') = (interprets_id is not null)),
    check ((kind = 'interpretation') = (interpretation_form is not null))
);
-- The public lists: newest first, per department, region, kind.
create index document_published_idx on document (published_on desc, id desc)
    where published_on is not null;
create index document_department_idx on document (department_id, published_on desc, id desc)
    where published_on is not null;
create index document_region_idx on document (region_code, published_on desc, id desc)
    where published_on is not null;
create index document_interprets_idx on document (interprets_id) where interprets_id is not null;
create index document_terms_idx on document using gin (terms) where published_on is not null;

create table document_file (
    document_id bigint not null references document (id) on delete cascade,
    upload_id   bigint not null references upload (id),
    position    smallint not null default 0,
    primary key (document_id, upload_id)
);

-- A request for information (依申请公开).
create sequence information_request_no_seq;

create table information_request (
    id               bigint generated always as identity primary key,
    -- YS + yyyymmdd + 6 digits.
    request_no       text not null unique check (request_no ~ '^YS[0-9]{14}$'),
    applicant_id     bigint not null references account (id),
    idempotency_key  uuid not null,
    applicant_kind   text not null check (applicant_kind in
                     ('natural_person', 'business', 'research', 'social_organisation', 'legal_service', 'other')),
    department_id    bigint not null references department (id),
    region_code      integer not null references region (code),
    description      text not null check (length(description) between 5 and 2000),
    purpose          text check (length(purpose) <= 500),
    delivery         text not null check (delivery in ('online', 'post', 'collect')),
    state            text not null default 'received' check (state in
                     ('received', 'supplementing', 'consulting', 'answered', 'lapsed', 'withdrawn')),
    received_at      timestamptz not null default now(),
    -- The day the clock starts (request::received_on: the next working
    -- day after one sent on a day off).
    received_on      date not null,
    -- The day the answer is due, recomputed on every step (pauses, extension).
    due_on           date not null,
    paused_from      date,
    supplement_asked boolean not null default false,
    supplement_due   date,
    consultation_due date,
    extension_days   integer check (extension_days between 1 and 20),
    extension_asked_days integer check (extension_asked_days between 1 and 20),
    extension_asked_by bigint references account (id),
    outcome          text check (outcome in ('disclosed', 'partly_disclosed', 'not_disclosed', 'not_held',
                     'needs_creating', 'still_unclear', 'not_a_request', 'repeat', 'publication',
                     'excessive', 'confirmation', 'no_supplement', 'other_handling')),
    withheld         text check (withheld in ('state_secret', 'law_forbids', 'security', 'third_party_rights',
                     'internal_affairs', 'process_information', 'enforcement_file', 'administrative_query')),
    holder           text check (length(holder) <= 100),
    answer           text check (length(answer) <= 5000),
    answered_on      date,
    closed_on        date,
    -- Administrative reviews and lawsuits about the answer, for the report
    -- (recorded by the office when they are brought and decided).
    unique (applicant_id, idempotency_key),
    check ((state in ('answered', 'lapsed', 'withdrawn')) = (closed_on is not null)),
    check ((state in ('answered', 'lapsed', 'withdrawn')) = (outcome is not null)),
    check ((state = 'answered') = (answered_on is not null)),
    check ((withheld is not null) = (outcome in ('partly_disclosed', 'not_disclosed'))),
    check ((paused_from is not null) = (state in ('supplementing', 'consulting'))),
    check ((extension_asked_days is null) = (extension_asked_by is null))
);
create index information_request_applicant_idx on information_request (applicant_id, id desc);
create index information_request_queue_idx on information_request (department_id, due_on)
    where state in ('received', 'supplementing', 'consulting');
create index information_request_year_idx on information_request (department_id, received_on);

alter table document add constraint document_from_request_fk
    foreign key (from_request_id) references information_request (id);

-- The periods the clock stood still (supplement, consultation).
create table information_request_pause (
    request_id bigint not null references information_request (id) on delete cascade,
    from_on    date not null,
    to_on      date not null,
    reason     text not null check (reason in ('supplement', 'consultation')),
    check (from_on <= to_on),
    primary key (request_id, from_on)
);

create table information_request_event (
    id          bigint generated always as identity primary key,
    request_id  bigint not null references information_request (id),
    at          timestamptz not null default now(),
    on_day      date not null,
    actor_id    bigint references account (id),
    role        text not null check (role in ('applicant', 'office', 'office_head', 'system')),
    action      text not null,
    from_state  text,
    to_state    text not null,
    note        text check (length(note) <= 5000)
);
create index information_request_event_request_idx on information_request_event (request_id, id);

create function information_request_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'information_request_event is append-only';
end $$;

create trigger information_request_event_append_only
    before update or delete on information_request_event
    for each row execute function information_request_event_is_append_only();

-- Administrative reviews (行政复议) and lawsuits (行政诉讼) about a
-- department's disclosure work, recorded as they are brought and decided:
-- the annual report's last table.
create table disclosure_challenge (
    id            bigint generated always as identity primary key,
    department_id bigint not null references department (id),
    request_id    bigint references information_request (id),
    route         text not null check (route in ('review', 'lawsuit')),
    brought_on    date not null,
    -- upheld (维持), corrected (纠正), other (其他结果), none yet (尚未审结).
    result        text check (result in ('upheld', 'corrected', 'other')),
    decided_on    date,
    check ((result is null) = (decided_on is null))
);
create index disclosure_challenge_department_idx on disclosure_challenge (department_id, brought_on);
