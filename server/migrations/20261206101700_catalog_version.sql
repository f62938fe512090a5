-- The catalog's version (issue 16): bumped by every statement that changes
-- what the navigator (`/services`) shows — items, departments, regions, the
-- browsing projection — whichever process makes the change (the server, a
-- second server, `server generate-catalog`). A server keeps the navigator's
-- counts in memory and reads only this row per page to know they still
-- hold (app/src/catalog/store.rs `Snapshots`). Counting a view of an item
-- (`service_search.views`, `service_view_day`) does not change it: the hot
-- services have their own, shorter rule.
create table catalog_version (
    only_row boolean primary key default true check (only_row),
    version  bigint not null default 0
);
insert into catalog_version (only_row, version) values (true, 0);

create function catalog_changed() returns trigger language plpgsql as $$
begin
    update catalog_version set version = version + 1 where only_row;
    return null;
end
$$;

create trigger service_item_catalog_version
    after insert or update or delete or truncate on service_item
    for each statement execute function catalog_changed();
create trigger department_catalog_version
    after insert or update or delete or truncate on department
    for each statement execute function catalog_changed();
create trigger region_catalog_version
    after insert or update or delete or truncate on region
    for each statement execute function catalog_changed();
create trigger service_browse_catalog_version
    after insert or update or delete or truncate on service_browse
    for each statement execute function catalog_changed();
create trigger service_search_catalog_version
    after insert or delete or truncate
       or update of code, region_code, department_id, applicant, online on service_search
    for each statement execute function catalog_changed();
