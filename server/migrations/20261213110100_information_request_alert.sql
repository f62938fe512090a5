-- The deadline monitor's requests scan (issue 20): yellow near an
-- information request's answer deadline, red past it — once per request,
-- level and deadline; told to the department's staff (yellow) and its
-- disclosure office heads and unit heads (red).
create table information_request_alert (
    id         bigint generated always as identity primary key,
    request_id bigint not null references information_request (id) on delete cascade,
    level      text not null check (level in ('yellow', 'red')),
    due_on     date not null,
    raised_on  date not null,
    unique (request_id, level, due_on)
);

select add_notification_kinds(array['information_request_due_soon', 'information_request_overdue']);
