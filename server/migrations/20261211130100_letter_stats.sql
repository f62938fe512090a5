-- Letters' public accountability (issue 19): per month of receipt, the
-- letter's region and its lead department (null before dispatch), how many
-- letters were received, replied to, replied to on time (the first reply
-- by the deadline), followed up, satisfied at the last follow-up, and
-- reopened. A trigger on `letter` keeps it: every insert, update or delete
-- takes the old row's share out and puts the new row's in, in the same
-- transaction, so the figures always equal a recount of `letter` (a
-- database test recounts) and the statistics read a few thousand rows with
-- a million letters. A letter merged into another is not counted: it is the
-- same demand.
create table letter_stat_month (
    month           date not null check (extract(day from month) = 1),
    region_code     integer not null references region (code),
    department_id   bigint references department (id),
    received        integer not null default 0 check (received >= 0),
    replied         integer not null default 0 check (replied between 0 and received),
    replied_on_time integer not null default 0 check (replied_on_time between 0 and replied),
    followed_up     integer not null default 0 check (followed_up between 0 and received),
    satisfied       integer not null default 0 check (satisfied between 0 and followed_up),
    reopened        integer not null default 0 check (reopened between 0 and received),
    unique nulls not distinct (month, region_code, department_id)
);

create index letter_stat_month_department_idx on letter_stat_month (department_id, month);

create function letter_stat_share(l letter, sign integer) returns void
language plpgsql as $$
declare
    v_month date := date_trunc('month', l.received_on)::date;
    v_replied integer := (l.first_replied_on is not null)::integer;
    v_on_time integer := coalesce(l.replied_on_time, false)::integer;
    v_followed integer := (l.satisfied is not null)::integer;
    v_satisfied integer := coalesce(l.satisfied, false)::integer;
    v_reopened integer := l.reopened::integer;
begin
    if l.state = 'merged' then
        return;
    end if;
    if sign < 0 then
        -- The row exists: it holds this letter's share. (An upsert would
        -- check its negative values against the table's checks first.)
        update letter_stat_month s set
            received = s.received - 1,
            replied = s.replied - v_replied,
            replied_on_time = s.replied_on_time - v_on_time,
            followed_up = s.followed_up - v_followed,
            satisfied = s.satisfied - v_satisfied,
            reopened = s.reopened - v_reopened
        where s.month = v_month and s.region_code = l.region_code
          and s.department_id is not distinct from l.department_id;
        return;
    end if;
    insert into letter_stat_month as s
        (month, region_code, department_id, received, replied, replied_on_time,
         followed_up, satisfied, reopened)
    values (v_month, l.region_code, l.department_id, 1, v_replied, v_on_time, v_followed,
            v_satisfied, v_reopened)
    on conflict (month, region_code, department_id) do update set
        received = s.received + 1,
        replied = s.replied + excluded.replied,
        replied_on_time = s.replied_on_time + excluded.replied_on_time,
        followed_up = s.followed_up + excluded.followed_up,
        satisfied = s.satisfied + excluded.satisfied,
        reopened = s.reopened + excluded.reopened;
end $$;

create function letter_stat_keep() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform letter_stat_share(old, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform letter_stat_share(new, 1);
    end if;
    return null;
end $$;

-- Only the columns the figures read: other updates (a deadline moved, an
-- extension) cost nothing.
create trigger letter_stat_keep
    after insert or delete or update of state, region_code, department_id, received_on,
        first_replied_on, replied_on_time, satisfied, reopened
    on letter for each row execute function letter_stat_keep();

-- Backfill (letters written before this migration).
insert into letter_stat_month
    (month, region_code, department_id, received, replied, replied_on_time,
     followed_up, satisfied, reopened)
select date_trunc('month', received_on)::date, region_code, department_id, count(*),
       count(first_replied_on), count(*) filter (where replied_on_time),
       count(satisfied), count(*) filter (where satisfied), count(*) filter (where reopened)
from letter where state <> 'merged'
group by 1, 2, 3;

