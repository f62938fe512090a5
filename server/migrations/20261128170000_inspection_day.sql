-- The day a joint inspection was organised: from then to the inspection
-- day the clock is paused (workflow/engine.rs Case::pause).
alter table joint_inspection add column organised_on date;
update joint_inspection set organised_on = (organised_at at time zone 'Asia/Shanghai')::date;
alter table joint_inspection alter column organised_on set not null;
alter table joint_inspection add constraint joint_inspection_after_organised check (on_date >= organised_on);
