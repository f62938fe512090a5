-- Consultations (网上咨询): a signed-in person asks a department about one
-- of its items (or about the department in general), publicly or
-- privately; the department's staff answer by a deadline on the
-- working-day clock; public answered questions are the item's FAQ; the
-- asker says whether the answer helped. Rules live in
-- app/src/consultations; the checks here are the last line of defence.

-- Lets a consultation name an item and its department together (the
-- composite foreign key below: the department is always the item's).
alter table service_item add constraint service_item_id_department_key unique (id, department_id);

create table consultation (
    id              bigint generated always as identity primary key,
    asker_id        bigint not null references account (id),
    -- Null for a question about the department in general.
    item_id         bigint,
    department_id   bigint not null references department (id),
    question        text not null check (length(trim(question)) between 5 and 1000),
    -- Public questions, once answered, are published as the item's FAQ.
    public          boolean not null,
    asked_at        timestamptz not null,
    -- The working day the deadline counts from (clock::acceptance_day).
    asked_on        date not null,
    -- app/src/consultations ANSWER_WORKING_DAYS after asked_on.
    due_on          date not null,
    answer          text check (length(trim(answer)) between 2 and 2000),
    answered_by     bigint references account (id),
    answered_at     timestamptz,
    -- The asker's verdict on the answer (null: not given).
    helpful         boolean,
    -- The asker's key for this question: a retry or a double click finds
    -- the question it already made.
    idempotency_key uuid not null,
    foreign key (item_id, department_id) references service_item (id, department_id),
    check (asked_on >= (asked_at at time zone 'Asia/Shanghai')::date),
    check (due_on > asked_on),
    -- Answered all at once, or not at all.
    check (num_nonnulls(answer, answered_by, answered_at) in (0, 3)),
    check (answered_at is null or answered_at >= asked_at),
    -- Only an answer can be helpful or not.
    check (helpful is null or answered_at is not null),
    unique (asker_id, idempotency_key)
);

-- A department's open questions, most urgent first.
create index consultation_queue_idx on consultation (department_id, due_on, id) where answered_at is null;
-- An item's FAQ: its public answered questions, newest first.
create index consultation_faq_idx on consultation (item_id, answered_at desc) where public and answered_at is not null;
-- A department's FAQ (the API's department= filter).
create index consultation_department_faq_idx on consultation (department_id, answered_at desc) where public and answered_at is not null;
-- My consultations.
create index consultation_asker_idx on consultation (asker_id, asked_at desc);
