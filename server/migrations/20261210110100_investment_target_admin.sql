-- The per-region target of investment projects is set by the
-- administrators (app/src/investment/targets.rs): 1 to 400 working days,
-- each change in the audit trail. A project keeps the target it was
-- registered with.

alter table investment_target drop constraint investment_target_days_check;
alter table investment_target add constraint investment_target_days_check
    check (days between 1 and 400);
alter table investment_project drop constraint investment_project_target_days_check;
alter table investment_project add constraint investment_project_target_days_check
    check (target_days between 1 and 400);

alter table audit_event drop constraint audit_event_action_check;
alter table audit_event add constraint audit_event_action_check check (action in (
    'login', 'login_failed', 'account_locked', 'logout', 'password_changed',
    'account_created', 'role_changed', 'personal_data_read', 'setting_changed'));
