-- All-time views move into the item row: search orders thousands of matches
-- by popularity, and a column beside the name is cheaper than a join.
alter table service_item add column views bigint not null default 0 check (views >= 0);
update service_item i set views = p.views from service_popularity p where p.item_id = i.id;
drop table service_popularity;
