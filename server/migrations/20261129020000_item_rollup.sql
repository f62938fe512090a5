-- The catalog's part of the online-service rates (网上办理率), kept per
-- department as items are added, changed or removed, so the statistics
-- never count the 100,000 items again: licensing and public-service items,
-- and of them those that can be applied for online.

create table stat_department_items (
    department_id    bigint primary key references department (id) on delete cascade,
    licensing_items  integer not null default 0 check (licensing_items >= 0),
    licensing_online integer not null default 0 check (licensing_online between 0 and licensing_items),
    public_items     integer not null default 0 check (public_items >= 0),
    public_online    integer not null default 0 check (public_online between 0 and public_items)
);

-- Adds (sign 1) or takes out (sign -1) one item.
create function stat_department_items_add(dept bigint, item_kind text, depth text, sign integer)
returns void language plpgsql as $$
declare
    online boolean := depth in ('apply_online', 'fully_online');
    li integer := case when item_kind = 'licensing' then 1 else 0 end;
    lo integer := case when item_kind = 'licensing' and online then 1 else 0 end;
    pi integer := case when item_kind = 'public_service' then 1 else 0 end;
    po integer := case when item_kind = 'public_service' and online then 1 else 0 end;
begin
    if li + pi = 0 then
        return;
    end if;
    if sign > 0 then
        insert into stat_department_items as s
            (department_id, licensing_items, licensing_online, public_items, public_online)
        values (dept, li, lo, pi, po)
        on conflict (department_id) do update set
            licensing_items = s.licensing_items + excluded.licensing_items,
            licensing_online = s.licensing_online + excluded.licensing_online,
            public_items = s.public_items + excluded.public_items,
            public_online = s.public_online + excluded.public_online;
    else
        update stat_department_items set
            licensing_items = licensing_items - li,
            licensing_online = licensing_online - lo,
            public_items = public_items - pi,
            public_online = public_online - po
        where department_id = dept;
    end if;
end $$;

create function service_item_rollup() returns trigger language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        perform stat_department_items_add(old.department_id, old.kind, old.online_depth, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        perform stat_department_items_add(new.department_id, new.kind, new.online_depth, 1);
    end if;
    return null;
end $$;

create trigger service_item_rollup
    after insert or delete or update of department_id, kind, online_depth on service_item
    for each row execute function service_item_rollup();

-- The items already there.
insert into stat_department_items
    (department_id, licensing_items, licensing_online, public_items, public_online)
select department_id,
       count(*) filter (where kind = 'licensing'),
       count(*) filter (where kind = 'licensing' and online_depth in ('apply_online', 'fully_online')),
       count(*) filter (where kind = 'public_service'),
       count(*) filter (where kind = 'public_service' and online_depth in ('apply_online', 'fully_online'))
from service_item
where kind in ('licensing', 'public_service')
group by department_id;
