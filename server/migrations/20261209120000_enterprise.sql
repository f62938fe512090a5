-- My enterprise (我的企业, issue 18 part 6): the licences an enterprise
-- holds, the annual reports it has recorded as filed, and the reminders
-- the daily job sent it. Rules: app/src/enterprise.

create table licence (
    id            bigint generated always as identity primary key,
    -- The enterprise account that holds it.
    account_id    bigint not null references enterprise (account_id) on delete cascade,
    -- business_licence 营业执照 (its date is the founding date), or any
    -- other permit (许可证).
    kind          text not null default 'permit' check (kind in ('business_licence', 'permit')),
    name_zh       text not null check (length(trim(name_zh)) between 1 and 100),
    name_en       text not null check (length(trim(name_en)) between 1 and 200),
    number        text not null check (length(trim(number)) between 1 and 60),
    department_id bigint not null references department (id),
    issued_on     date not null,
    -- The last valid day; null: open-ended (长期).
    valid_until   date check (valid_until is null or valid_until >= issued_on),
    -- The case that issued it, when the hall did.
    case_id       bigint references case_file (id),
    unique (department_id, number)
);

create index licence_account_idx on licence (account_id);
-- One business licence per enterprise.
create unique index licence_business_idx on licence (account_id) where kind = 'business_licence';

-- An annual report (年报) recorded as filed: the report itself is filed at
-- the national enterprise credit information publicity system.
create table annual_report (
    account_id bigint not null references enterprise (account_id) on delete cascade,
    year       integer not null check (year between 1979 and 2200),
    filed_on   date not null,
    primary key (account_id, year)
);

-- A reminder sent: the unique key makes it once, however many servers
-- run the job (insert … on conflict do nothing returning).
create table enterprise_reminder (
    id         bigint generated always as identity primary key,
    account_id bigint not null references enterprise (account_id) on delete cascade,
    kind       text not null check (kind in ('annual_report_open', 'annual_report_june', 'licence_90', 'licence_30')),
    -- The report's year, or `LICENCE_ID:YYYY-MM-DD` (the end reminded of).
    key        text not null check (key ~ '^[0-9]{4}$' or key ~ '^[0-9]+:[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    sent_on    date not null,
    unique (account_id, kind, key)
);

-- The inbox takes three more kinds; the check is extended as it stands,
-- keeping every kind added before.
do $$
declare
    def text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
    where conname = 'notification_kind_check' and conrelid = 'notification'::regclass;
    if def is null or position('annual_report_open' in def) > 0 then
        return;
    end if;
    alter table notification drop constraint notification_kind_check;
    execute 'alter table notification add constraint notification_kind_check '
        || replace(def, 'ARRAY[', 'ARRAY[''annual_report_open''::text, ''annual_report_june''::text, ''licence_expiring''::text, ');
end $$;
