-- Booking a visit (网上预约, issue 17): offices (办理点) where a service is
-- done in person, their slots with a capacity, and the bookings. The slots
-- an office offers are computed from its opening sessions on the official
-- calendar (app/src/booking); a slot row exists once someone booked it and
-- keeps the count of seats taken, which the schema holds within the
-- capacity: two people taking the last seat at once cannot both get it.
create table office (
    id            bigint generated always as identity primary key,
    department_id bigint not null references department (id),
    region_code   integer not null references region (code),
    name_zh       text not null check (length(trim(name_zh)) between 1 and 100),
    name_en       text not null check (length(trim(name_en)) between 1 and 200),
    address_zh    text not null check (length(trim(address_zh)) between 1 and 200),
    address_en    text not null check (length(trim(address_en)) between 1 and 300),
    -- Opening sessions in minutes after midnight, Beijing time: the
    -- morning and the afternoon (each a whole number of slots).
    am_from       smallint not null check (am_from between 0 and 1440),
    am_to         smallint not null check (am_to > am_from),
    pm_from       smallint not null check (pm_from >= am_to),
    pm_to         smallint not null check (pm_to > pm_from and pm_to <= 1440),
    slot_minutes  smallint not null check (slot_minutes between 5 and 240),
    -- Seats per slot (windows × people served per slot).
    capacity      smallint not null check (capacity between 1 and 100),
    unique (department_id, name_zh)
);

create index office_region_idx on office (region_code);

-- Which services (by catalog template, the same service in every city)
-- an office does.
create table office_service (
    office_id    bigint not null references office (id) on delete cascade,
    template_key text not null check (template_key ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    primary key (office_id, template_key)
);

create index office_service_key_idx on office_service (template_key, office_id);

-- The seats taken of a slot; the capacity copied from the office when the
-- slot is first booked.
create table office_slot (
    office_id bigint not null references office (id),
    starts_at timestamptz not null,
    capacity  smallint not null check (capacity between 1 and 100),
    booked    smallint not null default 0,
    primary key (office_id, starts_at),
    constraint office_slot_within_capacity check (booked between 0 and capacity)
);

create table booking (
    id              bigint generated always as identity primary key,
    -- The booking code the person shows at the office.
    code            text not null unique check (code ~ '^[A-HJ-NP-Z2-9]{8}$'),
    account_id      bigint not null references account (id),
    service_item_id bigint not null references service_item (id),
    office_id       bigint not null,
    starts_at       timestamptz not null,
    state           text not null default 'booked' check (state in ('booked', 'cancelled')),
    idempotency_key text not null check (length(idempotency_key) = 36),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    foreign key (office_id, starts_at) references office_slot (office_id, starts_at),
    unique (account_id, idempotency_key)
);

-- One live booking per person per service.
create unique index booking_live_idx on booking (account_id, service_item_id)
    where state = 'booked';
create index booking_slot_idx on booking (office_id, starts_at) where state = 'booked';

-- Append-only: what happened to each booking (booked, rescheduled, cancelled).
create table booking_event (
    id         bigint generated always as identity primary key,
    booking_id bigint not null references booking (id),
    kind       text not null check (kind in ('booked', 'rescheduled', 'cancelled')),
    starts_at  timestamptz not null,
    at         timestamptz not null default now()
);

create index booking_event_booking_idx on booking_event (booking_id, id);

-- The inbox takes three more kinds (booked, rescheduled, cancelled); the
-- check is extended as it stands, keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('booking_made' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''booking_made''::text, ''booking_rescheduled''::text, ''booking_cancelled''::text, ');
end $$;
