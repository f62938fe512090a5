-- Regions: province → prefecture-level cities → districts/counties, with
-- real administrative division codes (GB/T 2260).
create table region (
    code        integer primary key check (code between 110000 and 829999),
    parent_code integer references region (code),
    level       text not null check (level in ('province', 'city', 'county')),
    name_zh     text not null check (length(trim(name_zh)) > 0),
    name_en     text not null check (length(trim(name_en)) > 0),
    check ((level = 'province') = (parent_code is null))
);

create index region_parent_idx on region (parent_code);
