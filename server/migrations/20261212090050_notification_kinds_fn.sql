-- One way for a capability to add inbox kinds: add_notification_kinds
-- extends the check notification_kind_check as it stands, keeping every
-- kind added before (migrations before this one each repeated the same
-- block); a kind already there is left alone.
create function add_notification_kinds(kinds text[]) returns void language plpgsql as $$
declare
    def text;
    kind text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null then
        raise exception 'notification_kind_check is missing';
    end if;
    foreach kind in array kinds loop
        if position(quote_literal(kind) in def) = 0 then
            def := replace(def, 'ARRAY[', 'ARRAY[' || quote_literal(kind) || '::text, ');
        end if;
    end loop;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check ' || def;
end $$;
