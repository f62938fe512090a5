-- `issued_permit` (20261210100000) read case by case: for an owner of many
-- projects PostgreSQL chose to read all of `case_part` and hash it (89 ms
-- for 100 projects' 187 cases on the benchmark's 702,270 parts) over
-- looking up each case's parts by its key (11 ms); a lateral subquery that
-- cannot be pulled up (`offset 0`) keeps the lookup. Same columns, same
-- rule.
create or replace view issued_permit as
select c.id as case_id, c.project_id, p.item_id, p.position
from case_file c
cross join lateral (select p.item_id, p.position from case_part p
                    where p.case_id = c.id offset 0) p
where c.project_id is not null and c.status <> 'rejected'
  and (exists (select 1 from case_task t
               where t.case_id = c.id and t.state = 'done'
                 and t.step_key in ('p' || p.position || '-issue', 'joint-issue'))
       or exists (select 1 from case_task t
                  where t.case_id = c.id and t.state <> 'rejected'
                    and t.step_key = 'p' || p.position || '-verify')
       or (c.item_id is not null and c.status = 'completed'));
