-- Who besides its owner may read an upload (app/src/files/store.rs: open):
-- staff of a department handling a case it is a material of, and the staff
-- handling a letter it is a scan of — the centre (政务服务和数据管理局,
-- code ZWSJJ as app/src/letters/store.rs names it) of the letter's region,
-- its lead department, its co-handlers and every department it was
-- dispatched to before (a department that returned it keeps what it saw).
-- One view, so that the rule is in one place and each capability adds its
-- own branch.
create view upload_reader as
    select m.upload_id, s.account_id
    from case_material m
    join case_task t on t.case_id = m.case_id
    join staff s on s.department_id = t.department_id
    union all
    select f.upload_id, s.account_id
    from letter_file f
    join letter l on l.id = f.letter_id
    join staff s on s.department_id = l.department_id
    union all
    select f.upload_id, s.account_id
    from letter_file f
    join letter l on l.id = f.letter_id
    join department d on d.region_code = l.region_code and d.code = 'ZWSJJ'
    join staff s on s.department_id = d.id
    union all
    select f.upload_id, s.account_id
    from letter_file f
    join letter_cohandler c on c.letter_id = f.letter_id
    join staff s on s.department_id = c.department_id
    union all
    select f.upload_id, s.account_id
    from letter_file f
    join letter_event e on e.letter_id = f.letter_id and e.department_id is not null
    join staff s on s.department_id = e.department_id;
