-- Suggestion collection (建议征集): a department opens a topic for a
-- period; signed-in people submit suggestions, support them (one support
-- per account), follow and report them; three reports by different
-- accounts hide a suggestion until a moderator of the department decides;
-- the department selects suggestions with an official reply and may mark
-- them adopted; after the period a summary counts what the record holds.
-- Rules: app/src/suggestions.

create table suggestion_topic (
    id              bigint generated always as identity primary key,
    department_id   bigint not null references department (id),
    title           text not null check (length(title) between 2 and 100),
    description     text not null check (length(description) between 2 and 5000),
    kind            text not null check (kind in ('draft_policy', 'plan', 'two_sessions', 'other')),
    opens_on        date not null,
    closes_on       date not null,
    -- The department's own words after the period (the numbers are counted).
    summary         text check (summary is null or length(summary) between 2 and 5000),
    created_by      bigint not null references account (id),
    created_at      timestamptz not null default now(),
    idempotency_key uuid not null,
    check (closes_on >= opens_on),
    unique (created_by, idempotency_key)
);

create index suggestion_topic_department_idx on suggestion_topic (department_id, closes_on desc);
create index suggestion_topic_closes_idx on suggestion_topic (closes_on desc, id desc);

create table suggestion (
    id                 bigint generated always as identity primary key,
    topic_id           bigint not null references suggestion_topic (id),
    author_id          bigint not null references account (id),
    title              text not null check (length(title) between 4 and 60),
    body               text not null check (length(body) between 10 and 3000),
    created_at         timestamptz not null,
    edited_at          timestamptz,
    -- Kept in step with suggestion_support in the same transaction.
    support_count      integer not null default 0 check (support_count >= 0),
    -- Set by the first support and never cleared: the text people
    -- supported stays the text.
    first_supported_at timestamptz,
    state              text not null default 'visible' check (state in ('visible', 'hidden', 'removed')),
    -- Reports count from the last restore on: each restore starts a round.
    report_round       integer not null default 0 check (report_round >= 0),
    removed_reason     text check (removed_reason is null or length(removed_reason) between 2 and 500),
    -- Selection (精选) with the official reply; adopted (采纳) only if selected.
    reply              text check (reply is null or length(reply) between 2 and 3000),
    replied_by         bigint references account (id),
    selected_at        timestamptz,
    adopted            boolean not null default false,
    idempotency_key    uuid not null,
    check ((state = 'removed') = (removed_reason is not null)),
    check ((reply is null) = (selected_at is null)),
    check (not adopted or reply is not null),
    check (edited_at is null or first_supported_at is null or edited_at <= first_supported_at),
    unique (author_id, idempotency_key)
);

create index suggestion_topic_support_idx on suggestion (topic_id, support_count desc, id desc);
create index suggestion_topic_newest_idx on suggestion (topic_id, id desc);
create index suggestion_hidden_idx on suggestion (topic_id) where state = 'hidden';

-- One support per account per suggestion: the primary key holds it under
-- concurrency.
create table suggestion_support (
    suggestion_id bigint not null references suggestion (id) on delete cascade,
    account_id    bigint not null references account (id) on delete cascade,
    created_at    timestamptz not null default now(),
    primary key (suggestion_id, account_id)
);

create index suggestion_support_account_idx on suggestion_support (account_id);

create table suggestion_follow (
    suggestion_id bigint not null references suggestion (id) on delete cascade,
    account_id    bigint not null references account (id) on delete cascade,
    created_at    timestamptz not null default now(),
    primary key (suggestion_id, account_id)
);

-- Reports, append-only: an account reports a suggestion once; the round
-- is the suggestion's report round when reported.
create table suggestion_report (
    suggestion_id bigint not null references suggestion (id) on delete cascade,
    account_id    bigint not null references account (id) on delete cascade,
    round         integer not null check (round >= 0),
    reason        text not null check (length(reason) between 2 and 500),
    created_at    timestamptz not null default now(),
    primary key (suggestion_id, account_id)
);

-- The moderators' decisions and the automatic hiding, append-only.
create table suggestion_moderation (
    id            bigint generated always as identity primary key,
    suggestion_id bigint not null references suggestion (id) on delete cascade,
    action        text not null check (action in ('hidden', 'restored', 'removed')),
    reason        text check (reason is null or length(reason) between 2 and 500),
    by_account    bigint references account (id),
    at            timestamptz not null default now(),
    check ((action = 'hidden') = (by_account is null))
);

create index suggestion_moderation_idx on suggestion_moderation (suggestion_id, id);

-- A person told of a suggestion's reply, or a moderator of its hiding, at
-- most once per kind: the key is taken before the inbox message is sent,
-- so a retried or concurrent call never tells twice.
create table suggestion_notice (
    suggestion_id bigint not null references suggestion (id) on delete cascade,
    account_id    bigint not null references account (id) on delete cascade,
    kind          text not null check (kind in ('suggestion_hidden', 'suggestion_replied')),
    round         integer not null default 0,
    created_at    timestamptz not null default now(),
    primary key (suggestion_id, account_id, kind, round)
);

-- The inbox takes two more kinds; the check is extended as it stands,
-- keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('suggestion_replied' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''suggestion_hidden''::text, ''suggestion_replied''::text, ');
end $$;
