-- Search, narrower: ranking and counting thousands of matches costs about
-- one read per row, so the rows they read shrink. `service_search` keeps
-- only what every match is read for (region, department, applicant, online,
-- views) and the term vectors (out of line); browsing filters (themes, life
-- events, groups, stages) become lexemes in `terms` (`theme:marriage`,
-- app/src/catalog/search.rs), answered by the same GIN index. The names,
-- read only for name matches, and the vocabulary arrays, read only for the
-- navigator's counts, move to `service_browse`.
--
-- Both tables are derived from `service_item` and `service_view_day`; they
-- are rebuilt here empty and filled at start (terms_version 2).

drop table service_search;

create table service_search (
    item_id        bigint primary key references service_item (id) on delete cascade,
    code           text not null,
    region_code    integer not null,
    department_id  bigint not null,
    applicant      text not null,
    online         boolean not null,
    name_terms     tsvector not null,
    terms          tsvector not null,
    terms_version  smallint not null,
    views          bigint not null default 0 check (views >= 0)
) with (toast_tuple_target = 128); -- the term vectors live out of line

alter table service_search
    alter column code set storage plain,
    alter column applicant set storage plain;

create index service_search_terms_idx on service_search using gin (terms);
create index service_search_name_idx on service_search using gin (name_terms);
create index service_search_region_idx on service_search (region_code);
create index service_search_stale_idx on service_search (terms_version);

create table service_browse (
    item_id        bigint primary key references service_search (item_id) on delete cascade,
    region_code    integer not null,
    themes         text[] not null,
    life_events    text[] not null,
    special_groups text[] not null,
    stages         text[] not null,
    -- The names and aliases, normalised: "the words as typed" rank first.
    names          text not null
);

create index service_browse_region_idx on service_browse (region_code);
