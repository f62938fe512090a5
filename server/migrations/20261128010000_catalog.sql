-- The service catalog: departments with units and posts, service items
-- with their materials and process outline. Vocabulary checks mirror
-- app/src/catalog/vocab.rs (a test keeps the two in step).

create table department (
    id          bigint generated always as identity primary key,
    region_code integer not null references region (code),
    code        text not null check (code ~ '^[A-Z]{2,8}$'),
    name_zh     text not null check (length(trim(name_zh)) > 0),
    name_en     text not null check (length(trim(name_en)) > 0),
    unique (region_code, code),
    unique (id, region_code)
);

create table department_unit (
    id            bigint generated always as identity primary key,
    department_id bigint not null references department (id) on delete cascade,
    name_zh       text not null check (length(trim(name_zh)) > 0),
    name_en       text not null check (length(trim(name_en)) > 0),
    unique (department_id, name_zh)
);

create table department_post (
    id      bigint generated always as identity primary key,
    unit_id bigint not null references department_unit (id) on delete cascade,
    name_zh text not null check (length(trim(name_zh)) > 0),
    name_en text not null check (length(trim(name_en)) > 0),
    unique (unit_id, name_zh)
);

create table service_item (
    id             bigint generated always as identity primary key,
    code           text not null unique check (code ~ '^[0-9]{6}-[A-Z]{2,8}-[0-9]{4}$'),
    template_key   text not null check (template_key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    department_id  bigint not null,
    region_code    integer not null references region (code),
    level          text not null check (level in ('province', 'city', 'county')),
    name_zh        text not null check (length(trim(name_zh)) > 0),
    name_en        text not null check (length(trim(name_en)) > 0),
    aliases_zh     text[] not null default '{}',
    aliases_en     text[] not null default '{}',
    kind           text not null check (kind in ('licensing', 'confirmation', 'payment', 'ruling', 'reward', 'filing', 'public_service', 'other')),
    applicant      text not null check (applicant in ('individual', 'enterprise', 'both')),
    online_depth   text not null check (online_depth in ('info_only', 'consult_online', 'apply_online', 'fully_online')),
    appointment    boolean not null default false,
    themes         text[] not null default '{}' check (themes <@ array['household', 'marriage_family', 'birth_parenting', 'education', 'employment', 'social_insurance', 'medical', 'housing', 'housing_fund', 'transport', 'exit_entry', 'tax', 'business', 'qualification', 'culture_tourism', 'agriculture', 'environment', 'construction', 'civil_affairs', 'veterans', 'legal', 'elderly_care', 'disability', 'intellectual_property', 'trade']::text[]),
    life_events    text[] not null default '{}' check (life_events <@ array['birth', 'school', 'first_job', 'unemployment', 'marriage', 'moving', 'buying_home', 'starting_business', 'retirement', 'death']::text[]),
    special_groups text[] not null default '{}' check (special_groups <@ array['elderly', 'disabled', 'students', 'veterans', 'minors', 'low_income', 'women']::text[]),
    stages         text[] not null default '{}' check (stages <@ array['establish', 'operate', 'change', 'deregister']::text[]),
    conditions_zh  text[] not null,
    conditions_en  text[] not null check (cardinality(conditions_en) = cardinality(conditions_zh)),
    basis_zh       text[] not null,
    basis_en       text[] not null check (cardinality(basis_en) = cardinality(basis_zh)),
    statutory_days smallint not null check (statutory_days between 0 and 365),
    promised_days  smallint not null check (promised_days between 0 and statutory_days),
    fee_fen        integer check (fee_fen >= 0),
    fee_basis_zh   text,
    fee_basis_en   text,
    place_zh       text not null check (length(trim(place_zh)) > 0),
    place_en       text not null check (length(trim(place_en)) > 0),
    hours_zh       text not null check (length(trim(hours_zh)) > 0),
    hours_en       text not null check (length(trim(hours_en)) > 0),
    -- An item belongs to a department of its own region.
    foreign key (department_id, region_code) references department (id, region_code),
    check ((fee_fen is null) = (fee_basis_zh is null) and (fee_fen is null) = (fee_basis_en is null)),
    unique (region_code, template_key)
);

create index service_item_department_idx on service_item (department_id);

create table service_material (
    item_id       bigint not null references service_item (id) on delete cascade,
    position      smallint not null check (position >= 0),
    name_zh       text not null check (length(trim(name_zh)) > 0),
    name_en       text not null check (length(trim(name_en)) > 0),
    required      boolean not null,
    scan_accepted boolean not null,
    copies        smallint not null check (copies between 0 and 10),
    notes_zh      text not null default '',
    notes_en      text not null default '',
    primary key (item_id, position)
);

create table service_step (
    item_id    bigint not null references service_item (id) on delete cascade,
    position   smallint not null check (position >= 0),
    name_zh    text not null check (length(trim(name_zh)) > 0),
    name_en    text not null check (length(trim(name_en)) > 0),
    unit_id    bigint not null references department_unit (id),
    limit_days smallint not null check (limit_days between 0 and 365),
    primary key (item_id, position)
);
