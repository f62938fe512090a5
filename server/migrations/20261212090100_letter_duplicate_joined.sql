-- A centre merge tells both writers (issue 19): the writer of the letter
-- merged into is told that a letter on the same matter now follows theirs.
-- The check is extended as it stands, keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('letter_duplicate_joined' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''letter_duplicate_joined''::text, ');
end $$;
