-- The public overdue list (通报) and the alerts read the letters under way
-- by deadline: in deadline order for the province, and by region for a city
-- or county. Both are index-only for the count (the region is included), so
-- the list does not visit the scattered rows of every overdue letter.
drop index letter_due_idx;
create index letter_due_idx on letter (due_on, id) include (region_code)
    where state in ('dispatched', 'handling');
create index letter_due_region_idx on letter (region_code, due_on)
    where state in ('dispatched', 'handling');
