-- Efficiency statistics (效能统计), kept up to date as the record grows:
-- the transaction that finishes a step, rates one or voids a rating adds
-- its share to a monthly rollup of the step's post, and the transaction
-- that takes in a case adds it to its departments' month. Dashboards,
-- disclosure pages and the statistics API read only these small tables
-- (and the catalog), so they answer as fast with a million cases as with
-- ten.

-- How a case came in: through the hall, or typed in at a counter.
alter table case_file
    add column channel text not null default 'online' check (channel in ('online', 'counter'));

-- A post's finished steps and ratings in a month. Unit and department are
-- copied from the post (posts never move) so that rollups group without
-- joins.
create table stat_post_month (
    month          date not null check (extract(day from month) = 1),
    post_id        bigint not null references department_post (id),
    unit_id        bigint not null references department_unit (id),
    department_id  bigint not null references department (id),
    -- Steps finished (approved, issued, rejected) in the month.
    finished       integer not null default 0 check (finished >= 0),
    -- Of them, finished on or before their deadline.
    on_time        integer not null default 0 check (on_time between 0 and finished),
    -- Working days they took, and the working days they were allowed.
    used_days      bigint not null default 0 check (used_days >= 0),
    promised_days  bigint not null default 0 check (promised_days >= 0),
    -- Of them, steps that asked the applicant for supplements.
    supplemented   integer not null default 0 check (supplemented between 0 and finished),
    -- Ratings given in the month (voided ones taken out again).
    stars_1        integer not null default 0 check (stars_1 >= 0),
    stars_2        integer not null default 0 check (stars_2 >= 0),
    stars_3        integer not null default 0 check (stars_3 >= 0),
    stars_4        integer not null default 0 check (stars_4 >= 0),
    stars_5        integer not null default 0 check (stars_5 >= 0),
    primary key (month, post_id)
);

create index stat_post_month_department_idx on stat_post_month (department_id, month);

-- Cases taken in by a department in a month, and of them those applied
-- for online.
create table stat_department_month (
    month         date not null check (extract(day from month) = 1),
    department_id bigint not null references department (id),
    cases         integer not null default 0 check (cases >= 0),
    online_cases  integer not null default 0 check (online_cases between 0 and cases),
    primary key (month, department_id)
);

-- Steps under way by deadline: the supervisors' alert list and the
-- deadline monitor read the near and overdue ones.
create index case_task_due_idx on case_task (due_on) where state in ('ready', 'claimed');
