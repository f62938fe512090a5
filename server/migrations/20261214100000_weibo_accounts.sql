-- The microblog hall's accounts (issue 21): who verifies accounts, and the
-- record of every change to an account's team.

-- Editors of the level above who verify accounts: a verifier of the
-- province (440000) verifies the province's and the cities' accounts, a
-- verifier of a city its counties' accounts. The administrator grants it.
create table weibo_verifier (
    account_id  bigint not null references account (id) on delete cascade,
    region_code integer not null references region (code),
    granted_by  bigint not null references account (id),
    granted_at  timestamptz not null,
    primary key (account_id, region_code)
);
create index weibo_verifier_region_idx on weibo_verifier (region_code);

-- Every member added to or removed from an account's team, by whom and
-- when (append-only; weibo_member is the team now).
create table weibo_member_event (
    id               bigint generated always as identity primary key,
    weibo_account_id bigint not null references weibo_account (id) on delete cascade,
    account_id       bigint not null references account (id) on delete cascade,
    role             text not null check (role in ('editor', 'reviewer', 'responder')),
    action           text not null check (action in ('add', 'remove')),
    by_id            bigint not null references account (id),
    at               timestamptz not null
);
create index weibo_member_event_account_idx on weibo_member_event (weibo_account_id, id);
