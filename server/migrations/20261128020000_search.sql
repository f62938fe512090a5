-- Search and popularity. Index terms are computed by the application
-- (app/src/catalog/search.rs): CJK characters and character pairs, and word
-- prefixes, so one- and two-character Chinese queries use the GIN index.
-- Items whose terms_version is behind the application's are re-indexed at
-- start (this migration leaves every existing item at version 0).

alter table service_item
    add column name_terms    text[] not null default '{}',
    add column search_terms  text[] not null default '{}',
    add column terms_version smallint not null default 0;

create index service_item_search_idx on service_item using gin (search_terms);
create index service_item_region_idx on service_item (region_code);
create index service_item_stale_terms_idx on service_item (terms_version);

-- Page views per item and day: the hot services of the last 30 days.
create table service_view_day (
    item_id bigint not null references service_item (id) on delete cascade,
    day     date not null,
    views   integer not null check (views > 0),
    primary key (item_id, day)
);

create index service_view_day_day_idx on service_view_day (day, item_id);

-- All-time views per item: the popularity that orders search results.
create table service_popularity (
    item_id bigint primary key references service_item (id) on delete cascade,
    views   bigint not null check (views >= 0)
);
