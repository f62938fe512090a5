-- The permits a project holds, as a view over its cases (issue 18): the
-- one rule of `permit_issued` (20261209100000_investment.sql) read in
-- sets, so that the timeline of many projects asks once rather than once
-- per case part and stage need. A case's part is issued when its issue
-- step (or the joint acceptance's) is done, when its commitment-based
-- verification was not rejected (issued on acceptance), or when a case of
-- that item alone completed.
create view issued_permit as
select c.id as case_id, c.project_id, p.item_id, p.position
from case_file c join case_part p on p.case_id = c.id
where c.project_id is not null and c.status <> 'rejected'
  and (exists (select 1 from case_task t
               where t.case_id = c.id and t.state = 'done'
                 and t.step_key in ('p' || p.position || '-issue', 'joint-issue'))
       or exists (select 1 from case_task t
                  where t.case_id = c.id and t.state <> 'rejected'
                    and t.step_key = 'p' || p.position || '-verify')
       or (c.item_id is not null and c.status = 'completed'));

create or replace function permit_issued(project bigint, item bigint) returns boolean
language sql stable as $$
    select exists (select 1 from issued_permit i
                   where i.project_id = project and i.item_id = item)
$$;

-- The official calendar's version, bumped by every statement that writes
-- `calendar_day` (as `catalog_version` is for the catalog): a server keeps
-- the calendar it read, per database, while the version holds
-- (app/src/clock/store.rs `load`), one one-row read a request instead of
-- every official day.
create table calendar_version (
    only_row boolean primary key default true check (only_row),
    version  bigint not null default 0
);
insert into calendar_version (only_row, version) values (true, 0);

create function calendar_changed() returns trigger language plpgsql as $$
begin
    update calendar_version set version = version + 1 where only_row;
    return null;
end
$$;

create trigger calendar_day_calendar_version
    after insert or update or delete or truncate on calendar_day
    for each statement execute function calendar_changed();
