-- A follow-up step (a commitment's verification, 告知承诺制) does not hold
-- its case: the case completes with it still open, and nothing waits for
-- it (no other step of the case lists it among the steps before it). So
-- the day a closed case closed on is the day of its last event outside
-- its follow-ups: a verification finished weeks later does not move it.
create or replace function closed_on(case_id bigint) returns date
language sql stable as $$
    select max(e.on_day) from case_event e
    left join case_task t on t.id = e.task_id
    where e.case_id = closed_on.case_id
      and (t.id is null or t.kind = 'result'
           or exists (select 1 from case_task n
                      where n.case_id = t.case_id and t.step_key = any(n.after_keys)))
$$;
