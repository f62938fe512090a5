-- Requests for information (issue 20): the office is told of a new
-- request; the applicant of a supplement asked, an extension approved, the
-- answer, a lapse. The check is extended as it stands, keeping every kind
-- added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('information_request_received' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''information_request_received''::text, '
            || '''information_request_supplement''::text, ''information_request_extended''::text, '
            || '''information_request_answered''::text, ''information_request_lapsed''::text, ');
end $$;
