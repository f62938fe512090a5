-- Issue 15, finding 5 (accounts under attack): no account lock anyone can
-- trigger, enterprise membership only with the citizen's consent, and
-- notices to an account's holder (app/src/accounts/throttle.rs explains
-- the throttling that replaces the lock).

-- The progressive sign-in delay counts from the last failure.
alter table rate_limit add column last_hit timestamptz not null default now();

-- Accounts are no longer locked (the column stays for old rows' sake; no
-- lock set before this migration outlives it).
update account set locked_until = null where locked_until is not null;

-- An enterprise asks a citizen to act for it; the membership exists only
-- once the citizen accepts. One invitation per enterprise and citizen: a
-- declined one may be sent again (it becomes pending anew).
create table enterprise_invitation (
    id            bigint generated always as identity primary key,
    enterprise_id bigint not null references enterprise (account_id) on delete cascade,
    citizen_id    bigint not null references citizen (account_id) on delete cascade,
    status        text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
    sent_at       timestamptz not null default now(),
    answered_at   timestamptz,
    check ((status = 'pending') = (answered_at is null)),
    check (answered_at is null or answered_at >= sent_at),
    unique (enterprise_id, citizen_id)
);

create index enterprise_invitation_pending_idx on enterprise_invitation (citizen_id)
    where status = 'pending';

-- The demo's (and any earlier) memberships were made without asking: they
-- stand, recorded as accepted.
insert into enterprise_invitation (enterprise_id, citizen_id, status, answered_at)
select enterprise_id, citizen_id, 'accepted', now() from enterprise_member
on conflict do nothing;

-- Two new messages: an enterprise's invitation, and a registration tried
-- with the holder's ID number.
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in (
    'step_due_soon', 'step_overdue', 'case_escalated',
    'enterprise_invitation', 'registration_tried'));
