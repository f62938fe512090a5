-- The working day a closed case closed on: the day of its last event (the
-- clock's day, which tests and the demo inject, not the wall clock).
create function closed_on(case_id bigint) returns date
language sql stable as $$
    select max(e.on_day) from case_event e where e.case_id = closed_on.case_id
$$;
