-- Investment approval (投资审批): projects with their national project code
-- (项目代码), the four stages (国办发〔2019〕11号) as bundles of several
-- departments' items reviewed in parallel, the permits a stage needs from
-- earlier stages, items approved on the applicant's signed commitment
-- (告知承诺制), the per-region target in working days, and each stage's
-- case (case_file.project_id). Rules: app/src/investment.

-- A bundle that is a stage of an investment project (1 立项用地规划许可,
-- 2 工程建设许可, 3 施工许可, 4 竣工验收); null for every other bundle.
alter table bundle add column investment_stage smallint
    check (investment_stage between 1 and 4);
create unique index bundle_investment_stage_idx on bundle (region_code, investment_stage)
    where investment_stage is not null;

-- An item of a stage issued at once on the applicant's signed commitment;
-- the department verifies later (a task of the stage's case).
alter table bundle_item add column commitment boolean not null default false;

-- The permits (items of earlier stages) a stage needs issued before it starts.
create table investment_stage_need (
    bundle_id bigint not null references bundle (id) on delete cascade,
    item_id   bigint not null references service_item (id),
    primary key (bundle_id, item_id)
);

-- The target for a whole project in working days, per region; a region
-- without a row takes its parent's, the province without one 120.
create table investment_target (
    region_code integer primary key references region (code),
    days        smallint not null check (days between 10 and 365)
);

-- The serials of the project codes: one counter per year, region,
-- department code and project type (the code's first four segments).
create table investment_serial (
    prefix text primary key check (prefix ~ '^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}$'),
    last   integer not null check (last between 1 and 99999)
);

create table investment_project (
    id               bigint generated always as identity primary key,
    -- YYYY-RRRRRR-DD-TT-NNNNNC; it never changes.
    code             text not null unique
                     check (code ~ '^[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{5}[0-9X]$'),
    owner_id         bigint not null references account (id),
    idempotency_key  uuid not null,
    name             text not null check (length(name) between 2 and 100),
    -- approval 审批 (government investment), confirmation 核准, filing 备案.
    kind             text not null check (kind in ('approval', 'confirmation', 'filing')),
    industry         text not null check (industry ~ '^[a-z_]{2,30}$'),
    region_code      integer not null references region (code),
    -- 万元, with two decimals.
    total_investment numeric(12, 2) not null check (total_investment > 0),
    -- Square metres.
    land_area        numeric(12, 2) not null check (land_area >= 0),
    -- What is built (建设规模及内容).
    scope            text not null check (length(scope) between 2 and 1000),
    -- The target in working days when it was registered.
    target_days      smallint not null check (target_days between 10 and 365),
    registered_on    date not null,
    created_at       timestamptz not null default now(),
    unique (owner_id, idempotency_key)
);

create index investment_project_owner_idx on investment_project (owner_id, id desc);
create index investment_project_region_idx on investment_project (region_code, kind);

-- The case of a project's stage (every investment application carries its
-- project); null for every other case.
alter table case_file add column project_id bigint references investment_project (id);
create index case_file_project_idx on case_file (project_id, id) where project_id is not null;

-- Whether a project holds the permit of `item`: a case of the project
-- (not rejected) issued it — the part's issuance done, the joint
-- acceptance's result done, a single item's case completed — or the part
-- was approved on the applicant's commitment (告知承诺制: issued on
-- acceptance; a rejected verification revokes it). The one rule, read by
-- the stage check and the timeline.
create function permit_issued(project bigint, item bigint) returns boolean
language sql stable as $$
    select exists (
        select 1 from case_file c join case_part p on p.case_id = c.id
        where c.project_id = project and p.item_id = item and c.status <> 'rejected'
          and (exists (select 1 from case_task t
                       where t.case_id = c.id and t.state = 'done'
                         and t.step_key in ('p' || p.position || '-issue', 'joint-issue'))
               or exists (select 1 from case_task t
                          where t.case_id = c.id and t.state <> 'rejected'
                            and t.step_key = 'p' || p.position || '-verify')
               or (c.item_id is not null and c.status = 'completed')))
$$;
