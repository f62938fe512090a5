-- The official calendar: public holidays and make-up working days (调休),
-- one row per day that differs from the week (Monday–Friday work). Loaded
-- from server/seed/calendar.csv at each start (rows there win); editors add
-- next year's rows when the State Council publishes them, without code.
create table calendar_day (
    day     date primary key,
    kind    text not null check (kind in ('holiday', 'workday')),
    name_zh text not null check (length(trim(name_zh)) > 0),
    name_en text not null check (length(trim(name_en)) > 0),
    -- A make-up working day is always a weekend day.
    check (kind = 'holiday' or extract(isodow from day) in (6, 7))
);
