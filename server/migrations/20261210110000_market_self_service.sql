-- The intermediary marketplace's leftovers of issue 18: an enterprise
-- account registers its organisation as an intermediary itself (the key
-- of that registration kept, so the same submission again answers the
-- same intermediary), and the inbox tells people what became of a
-- purchase. Rules: app/src/intermediaries.

alter table intermediary add column idempotency_key uuid;

-- The inbox takes six more kinds; the check is extended as it stands,
-- keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('purchase_selected' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''purchase_selected''::text, ''purchase_failed''::text, '
            || '''purchase_won''::text, ''purchase_not_chosen''::text, '
            || '''purchase_failed_registrant''::text, ''purchase_delivered''::text, ');
end $$;
