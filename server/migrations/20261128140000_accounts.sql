-- Accounts and the security base: people and their roles, server-side
-- sessions, throttling shared by every server, and an append-only audit
-- trail. Personal data (ID numbers, mobile numbers) is stored sealed
-- (AES-256-GCM, app/src/accounts/secrets.rs), found by a keyed hash (blind
-- index), and shown masked.

create table account (
    id                  bigserial primary key,
    username            text not null check (username ~ '^[a-z0-9][a-z0-9._-]{2,31}$'),
    role                text not null check (role in ('citizen', 'enterprise', 'staff', 'supervisor', 'editor', 'admin')),
    display_name        text not null check (length(display_name) between 1 and 100),
    password_hash       text not null,
    -- The second factor: a base32 TOTP secret, sealed; the last time step a
    -- code was accepted for (a code works once).
    totp_secret         bytea,
    totp_last_step      bigint,
    locked_until        timestamptz,
    created_at          timestamptz not null default now(),
    password_changed_at timestamptz not null default now(),
    -- Staff, supervisors, editors and admins sign in with two factors.
    constraint account_second_factor check (role in ('citizen', 'enterprise') or totp_secret is not null)
);

create unique index account_username_idx on account (username);

create table citizen (
    account_id       bigint primary key references account (id) on delete cascade,
    real_name        text not null check (length(real_name) between 1 and 50),
    id_number_sealed bytea not null,
    id_number_index  bytea not null unique,
    id_number_masked text not null check (id_number_masked ~ '^[0-9]{3}\*{11}[0-9]{3}[0-9X]$'),
    mobile_sealed    bytea not null,
    mobile_masked    text not null check (mobile_masked ~ '^1[0-9]{2}\*{4}[0-9]{4}$')
);

create table enterprise (
    account_id           bigint primary key references account (id) on delete cascade,
    name                 text not null check (length(name) between 1 and 100),
    -- Public by law (it is printed on the business licence).
    credit_code          text not null unique check (credit_code ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'),
    legal_representative text not null check (length(legal_representative) between 1 and 50)
);

-- Citizens who may act for an enterprise.
create table enterprise_member (
    enterprise_id bigint not null references enterprise (account_id) on delete cascade,
    citizen_id    bigint not null references citizen (account_id) on delete cascade,
    primary key (enterprise_id, citizen_id)
);

-- Department staff: their department, unit (处室/科室) and post (岗位).
create table staff (
    account_id    bigint primary key references account (id) on delete cascade,
    department_id bigint not null references department (id),
    unit_id       bigint not null references department_unit (id),
    post_id       bigint not null references department_post (id)
);

-- Supervisors watch a region (and everything under it).
create table supervisor (
    account_id  bigint primary key references account (id) on delete cascade,
    region_code integer not null references region (code)
);

-- Server-side sessions, shared by every server process. The cookie holds
-- the token; the table only its SHA-256.
create table session (
    token_hash  bytea primary key,
    account_id  bigint not null references account (id) on delete cascade,
    created_at  timestamptz not null default now(),
    last_seen   timestamptz not null default now(),
    -- Idle and absolute limits, fixed when the session starts.
    idle_limit  interval not null,
    expires_at  timestamptz not null
);

create index session_account_idx on session (account_id);

-- Throttling: failures per key (an account, a client address) in the
-- current window.
create table rate_limit (
    key          text primary key,
    window_start timestamptz not null,
    hits         integer not null check (hits >= 0)
);

-- The audit trail: sign-ins, failures, locks, role changes, and every read
-- of a person's data by staff. Append-only: rows can be neither changed nor
-- removed, whichever role asks.
create table audit_event (
    id          bigserial primary key,
    at          timestamptz not null default now(),
    action      text not null check (action in (
                    'login', 'login_failed', 'account_locked', 'logout', 'password_changed',
                    'account_created', 'role_changed', 'personal_data_read')),
    actor_id    bigint references account (id),
    -- Whose data or account the event concerns.
    subject_id  bigint references account (id),
    -- The actor's department and post at the time, for staff.
    department_id bigint references department (id),
    post_id     bigint references department_post (id),
    client      text,
    detail      text
);

create index audit_event_subject_idx on audit_event (subject_id, at desc);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;

create trigger audit_event_append_only
    before update or delete on audit_event
    for each row execute function audit_event_is_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
