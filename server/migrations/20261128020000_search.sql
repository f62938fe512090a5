-- Search: a narrow projection of every item (`service_search`), derived from
-- `service_item` and the page views, so that ranking thousands of matches
-- reads small rows and never the wide item. Index terms are computed by the
-- application (app/src/catalog/search.rs): CJK characters and character
-- pairs, and word prefixes, stored as tsvector lexemes so one- and
-- two-character Chinese queries use a GIN index that needs no recheck.
-- Rows whose terms_version is behind the application's (or missing) are
-- rebuilt at start.

-- Page views per item and day: the hot services of the last 30 days, and
-- (summed) the popularity that orders results.
create table service_view_day (
    item_id bigint not null references service_item (id) on delete cascade,
    day     date not null,
    views   integer not null check (views > 0),
    primary key (item_id, day)
);

create index service_view_day_day_idx on service_view_day (day, item_id);

create table service_search (
    item_id        bigint primary key references service_item (id) on delete cascade,
    code           text not null,
    region_code    integer not null,
    department_id  bigint not null,
    applicant      text not null,
    online         boolean not null,
    themes         text[] not null,
    life_events    text[] not null,
    special_groups text[] not null,
    stages         text[] not null,
    -- The names, normalised: "the words as typed" rank first.
    names          text not null,
    name_terms     tsvector not null,
    terms          tsvector not null,
    terms_version  smallint not null,
    views          bigint not null default 0 check (views >= 0)
) with (toast_tuple_target = 128); -- the term vectors live out of line

-- What every match is read for stays in the row, never compressed or moved
-- out of line (the row target above would move it otherwise).
alter table service_search
    alter column code set storage plain,
    alter column applicant set storage plain,
    alter column themes set storage plain,
    alter column life_events set storage plain,
    alter column special_groups set storage plain,
    alter column stages set storage plain,
    alter column names set storage plain;

create index service_search_terms_idx on service_search using gin (terms);
create index service_search_name_idx on service_search using gin (name_terms);
create index service_search_region_idx on service_search (region_code);
create index service_search_stale_idx on service_search (terms_version);
