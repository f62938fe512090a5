-- One rating per case (issue 17, 一次一评): after a case is closed its
-- applicant rates each department of it once; besides, they may rate a
-- point they met themselves (a supplement request, a joint inspection).
-- Ratings made before this change were of single steps: they stay as
-- they were ('step'), readable and counted, and still stand for their
-- department on the case page.
alter table rating add column unit text not null default 'step'
    check (unit in ('step', 'department', 'point'));
alter table rating alter column unit set default 'department';

alter table rating drop constraint rating_task_id_applicant_id_key;
-- A step carries at most one rating of each unit per applicant …
create unique index rating_task_unit_key on rating (task_id, applicant_id, unit);
-- … and a department is rated once per case.
create unique index rating_department_once on rating (case_id, department_id, applicant_id)
    where unit = 'department';
