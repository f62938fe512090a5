-- The applicant is told at each event of their case (issue 17): on
-- submission, a supplement request, each department's decision,
-- completion, and asked to rate.
alter table notification drop constraint notification_kind_check;
alter table notification add constraint notification_kind_check check (kind in (
    'step_due_soon', 'step_overdue', 'case_escalated',
    'enterprise_invitation', 'registration_tried',
    'case_submitted', 'supplement_requested', 'department_approved',
    'department_rejected', 'case_completed', 'please_rate'));
