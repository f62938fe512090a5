-- The review flow tells an item's author when it is returned, published or
-- withdrawn (issue 20, documents). The check is extended as it stands,
-- keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('review_published' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''review_returned''::text, ''review_published''::text, ''review_withdrawn''::text, ');
end $$;
