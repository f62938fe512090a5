//! A deterministic load of investment projects (投资审批, issue 18) for
//! `make bench-investment`: `server generate-projects --projects N` adds N
//! projects (default 100,000) in the counties of the 21 cities, registered
//! over the last years by generated enterprises — one in a thousand of them
//! with 100 projects, the others with 10 — and each project's stage cases
//! as far as it got on today:
//!
//! - 10 % registered, no stage applied for yet;
//! - 30 % in stage 1, 25 % in stage 2, 15 % in stage 3, 10 % in stage 4
//!   (the earlier stages completed, the current one under review or
//!   completed a few days ago, some rejected);
//! - 10 % with all four stages completed.
//!
//! Every stage case is a case of the city's stage bundle, made and run
//! through the workflow engine by the case generator
//! (`generate_cases::run_case`) from the bundle's stored definition, as an
//! application would make it: a part per item, the departments reviewing
//! in parallel, the joint acceptance's limit by the project's funding. A
//! stage is applied for only after the one before it completed (its
//! permits issued), so `permit_issued` and the stage check agree with the
//! cases. Rows go in by batches of projects, one transaction each; the
//! codes' serials continue those already taken. The same N and the same
//! today give the same projects.

use crate::{
    generate_cases::{
        owners, reserve, resolve_steps, run_case, write_batch, GenerateError, Habits, Intake, Rows,
        Step, Subject, Summary as Cases,
    },
    rng::Rng,
};
use app::{
    accounts::{
        identity::CreditCode,
        secrets::{dummy_password_hash, DataKey},
    },
    clock,
    investment::{
        store::ancestors, Funding, Industry, ProjectCode, ProjectKind, Stage, DEFAULT_TARGET_DAYS,
    },
    regions::{Level, RegionCode},
    supervision::rollup::Rollup,
    workflow::definition::ProcessDef,
};
use sqlx::PgPool;
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// Projects written in one transaction.
const BATCH: usize = 2_500;
/// Prefix of the generated enterprises' user names.
pub const OWNER_PREFIX: &str = "gen.enterprise.";
/// Projects of most enterprises, and of the one in a thousand big ones.
const PER_OWNER: usize = 10;
const PER_BIG_OWNER: usize = 100;
/// Calendar days before today the projects are spread over.
const SPAN_DAYS: i64 = 1_500;
/// Stage cases: no supplement notices (the parallel branches' notice
/// waits for every branch), now and then a rejection.
const STAGE_HABITS: Habits = Habits {
    supplements: false,
    reject: 0.03,
};

type Result<T> = std::result::Result<T, GenerateError>;

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub projects: usize,
    pub owners: usize,
    /// Projects by the furthest stage with a case (0: none yet).
    pub by_stage: [usize; 5],
    /// Projects with all four stages completed.
    pub completed: usize,
    /// Stage cases whose application was rejected.
    pub rejected: usize,
    pub cases: Cases,
}

/// A city's stage bundle as a case of it is made.
struct StageDef {
    bundle_id: i64,
    region: i32,
    definition_id: i64,
    parts: Vec<(i16, i64, i64)>,
    /// Steps and critical path by funding (government, social): the
    /// joint acceptance's limit differs.
    by_funding: [(Vec<Step>, u32); 2],
}

struct County {
    code: RegionCode,
    name: String,
    /// The four stage bundles of its city.
    stages: [usize; 4],
    target_days: u16,
}

/// One project to write.
struct Spec {
    owner: i64,
    county: usize,
    kind: ProjectKind,
    industry: Industry,
    n: usize,
    total_cents: i64,
    land_cents: i64,
    registered: usize,
    /// How far it goes: 0 no case, 1–4 that stage, 5 all completed.
    goes_to: u8,
    key: uuid::Uuid,
}

fn at(day: Date, minutes: u32) -> OffsetDateTime {
    let minutes = minutes.min(24 * 60 - 1);
    let t = Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0).unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(day, t).assume_offset(clock::HALL_OFFSET)
}

fn data(e: impl std::fmt::Display) -> GenerateError {
    GenerateError::Data(e.to_string())
}

/// The stage bundles of every city with their latest definitions.
async fn stage_defs(pool: &PgPool) -> Result<(Vec<StageDef>, HashMap<(i32, i16), usize>)> {
    let owners = owners(pool).await?;
    let rows: Vec<(i64, i32, i16, i64, serde_json::Value)> = sqlx::query_as(
        "select b.id, b.region_code, b.investment_stage, d.id, d.definition
         from bundle b join lateral (
             select id, definition from process_definition
             where bundle_id = b.id order by version desc limit 1) d on true
         where b.investment_stage is not null
         order by b.region_code, b.investment_stage",
    )
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let parts: Vec<(i64, i16, i64, i64)> = sqlx::query_as(
        "select bi.bundle_id, bi.position, bi.item_id, i.department_id
         from bundle_item bi join service_item i on i.id = bi.item_id
         where bi.bundle_id = any($1) order by bi.bundle_id, bi.position",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut defs = Vec::with_capacity(rows.len());
    let mut index = HashMap::new();
    for (bundle_id, region, stage, definition_id, json) in rows {
        let def: ProcessDef = serde_json::from_value(json).map_err(data)?;
        let valid = def
            .validate()
            .map_err(|e| data(format!("bundle {bundle_id}: {e:?}")))?;
        let joint = Stage::from_number(stage).is_some_and(Stage::is_joint);
        let variant = |funding: Funding| -> Result<(Vec<Step>, u32)> {
            let v = if joint {
                valid.with_limit(
                    app::workflow::outline::JOINT_STEP,
                    funding.joint_acceptance_days(),
                )
            } else {
                valid.clone()
            };
            Ok((resolve_steps(v.def(), region, &owners)?, v.critical_days()))
        };
        defs.push(StageDef {
            bundle_id,
            region,
            definition_id,
            parts: parts
                .iter()
                .filter(|p| p.0 == bundle_id)
                .map(|p| (p.1, p.2, p.3))
                .collect(),
            by_funding: [variant(Funding::Government)?, variant(Funding::Social)?],
        });
        index.insert((region, stage), defs.len() - 1);
    }
    Ok((defs, index))
}

/// The counties of the cities that have all four stages.
async fn counties(pool: &PgPool, stages: &HashMap<(i32, i16), usize>) -> Result<Vec<County>> {
    let targets: HashMap<i32, i16> =
        sqlx::query_as::<_, (i32, i16)>("select region_code, days from investment_target")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let mut out = Vec::new();
    for r in app::regions::store::all(pool).await? {
        let Some(city) = r.parent.filter(|_| r.level == Level::County) else {
            continue;
        };
        let city = city.get() as i32;
        let Some(s) = (1..=4)
            .map(|n| stages.get(&(city, n)).copied())
            .collect::<Option<Vec<usize>>>()
        else {
            continue;
        };
        let target_days = ancestors(r.code)
            .iter()
            .find_map(|c| targets.get(c))
            .map(|d| *d as u16)
            .unwrap_or(DEFAULT_TARGET_DAYS);
        out.push(County {
            code: r.code,
            name: r.name.zh.clone(),
            stages: [s[0], s[1], s[2], s[3]],
            target_days,
        });
    }
    Ok(out)
}

/// A valid unified social credit code for enterprise `n`.
fn credit_code(n: usize) -> Result<String> {
    const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [usize; 17] = [
        1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
    ];
    let body = format!("91440100MA{:07}", n % 10_000_000);
    let sum: usize = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| ALPHABET.iter().position(|&a| a == b).unwrap_or(0) * w)
        .sum();
    let code = format!("{body}{}", ALPHABET[(31 - sum % 31) % 31] as char);
    CreditCode::parse(&code).map_err(|e| data(format!("generated credit code {code}: {e}")))?;
    Ok(code)
}

/// The generated enterprises, by number.
async fn make_owners(pool: &PgPool, count: usize) -> Result<Vec<i64>> {
    const PLACES: [&str; 7] = ["粤海", "南岭", "珠江", "岭南", "湾区", "羊城", "鹏城"];
    const TRADES: [&str; 7] = ["建设", "实业", "科技", "置业", "能源", "物流", "制造"];
    const SURNAMES: [&str; 6] = ["陈", "李", "黄", "张", "梁", "林"];
    let mut names = Vec::with_capacity(count);
    let (mut users, mut codes, mut people) = (vec![], vec![], vec![]);
    for n in 0..count {
        users.push(format!("{OWNER_PREFIX}{n:05}"));
        names.push(format!(
            "广东{}{}有限公司（{n:05}）",
            PLACES[n % 7],
            TRADES[(n / 7) % 7]
        ));
        codes.push(credit_code(n)?);
        people.push(format!("{}{}", SURNAMES[n % 6], ["伟", "敏", "强"][n % 3]));
    }
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into account (username, role, display_name, password_hash)
         select u, 'enterprise', n, $3 from unnest($1::text[], $2::text[]) as v(u, n)",
    )
    .bind(&users)
    .bind(&names)
    .bind(dummy_password_hash())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "insert into enterprise (account_id, name, credit_code, legal_representative)
         select a.id, v.n, v.c, v.l
         from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as v(u, n, c, l)
         join account a on a.username = v.u",
    )
    .bind(&users)
    .bind(&names)
    .bind(&codes)
    .bind(&people)
    .execute(&mut *tx)
    .await?;
    let ids: Vec<i64> = sqlx::query_scalar(
        "select id from account where username like 'gen.enterprise.%' order by username",
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(ids)
}

const NAMES: [&str; 13] = [
    "智能装备制造基地",
    "数据中心",
    "安居花园",
    "市政道路改造工程",
    "综合交通枢纽",
    "供水管网提升工程",
    "分布式光伏电站",
    "现代农业产业园",
    "学校教学楼新建工程",
    "医院门诊综合楼",
    "文化旅游综合体",
    "商贸物流中心",
    "综合服务中心",
];

/// Adds `count` projects registered over the years before `now` (hall
/// time) with their stage cases. Refuses to run twice on one database;
/// needs the demo catalog's stage bundles (`demo::load`).
pub async fn generate(
    pool: &PgPool,
    key: &DataKey,
    count: usize,
    now: OffsetDateTime,
) -> Result<Summary> {
    let today = now.to_offset(clock::HALL_OFFSET).date();
    let already: i64 =
        sqlx::query_scalar("select count(*) from account where username like 'gen.enterprise.%'")
            .fetch_one(pool)
            .await?;
    if already > 0 {
        return Err(GenerateError::AlreadyGenerated(already));
    }
    let cal = app::clock::store::load(pool).await?;
    let (stages, index) = stage_defs(pool).await?;
    let counties = counties(pool, &index).await?;
    if counties.is_empty() {
        return Err(data(
            "no city has the four investment stages: load the demo catalog first",
        ));
    }
    // Owners: one big enterprise in a thousand projects' worth, the rest
    // with ten projects each.
    let big = (count / 10_000).max(1).min(count / (2 * PER_BIG_OWNER));
    let rest = count - big * PER_BIG_OWNER;
    let ordinary = rest.div_ceil(PER_OWNER);
    let owner_ids = make_owners(pool, big + ordinary).await?;
    let mut days = Vec::new();
    let mut d = today - Duration::days(SPAN_DAYS);
    while d <= today {
        if cal.is_working_day(d) {
            days.push(d);
        }
        d += Duration::days(1);
    }
    let crit = |county: &County, stage: usize, funding: usize| {
        stages[county.stages[stage]].by_funding[funding].1 as usize
    };

    let mut rng = Rng::new(0x1A_7E57);
    let mut specs = Vec::with_capacity(count);
    for n in 0..count {
        let owner = if n < big * PER_BIG_OWNER {
            owner_ids[n % big]
        } else {
            owner_ids[big + (n - big * PER_BIG_OWNER) % ordinary.max(1)]
        };
        let county = rng.below(counties.len() as u64) as usize;
        let kind = match rng.below(10) {
            0..=1 => ProjectKind::Approval,
            2..=3 => ProjectKind::Confirmation,
            _ => ProjectKind::Filing,
        };
        let funding = usize::from(kind.funding() == Funding::Social);
        let industry = Industry::ALL[rng.below(Industry::ALL.len() as u64) as usize];
        let goes_to = match rng.below(100) {
            0..=9 => 0,
            10..=39 => 1,
            40..=64 => 2,
            65..=79 => 3,
            80..=89 => 4,
            _ => 5,
        };
        // Working days back to the registration: the stages before the
        // current one about as long as they take, and part of the current.
        let c = &counties[county];
        let done: usize = (0..usize::from(goes_to.min(5)).saturating_sub(1).min(4))
            .map(|s| crit(c, s, funding) * 3 / 4 + 8)
            .sum();
        let back = match goes_to {
            0 => rng.below(60) as usize,
            5 => {
                (0..4)
                    .map(|s| crit(c, s, funding) * 3 / 4 + 8)
                    .sum::<usize>()
                    + rng.below(250) as usize
            }
            s => {
                done + 1
                    + rng.below(crit(c, usize::from(s) - 1, funding) as u64 + 1) as usize
                    + rng.below(5) as usize
            }
        };
        let total_cents = (200 + rng.below(5_000) * rng.below(100).max(1)) as i64 * 100;
        let land_cents = rng.below(20_000_000) as i64;
        specs.push(Spec {
            owner,
            county,
            kind,
            industry,
            n,
            total_cents,
            land_cents,
            registered: days.len().saturating_sub(1 + back),
            goes_to,
            key: uuid::Uuid::from_u64_pair(rng.next_u64(), rng.next_u64()),
        });
    }
    // Ids in the order of registration.
    specs.sort_by_key(|s| (s.registered, s.n));
    let mut serials: HashMap<String, i32> =
        sqlx::query_as::<_, (String, i32)>("select prefix, last from investment_serial")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();

    let mut summary = Summary {
        projects: count,
        owners: owner_ids.len(),
        ..Summary::default()
    };
    let started = std::time::Instant::now();
    for (b, batch) in specs.chunks(BATCH).enumerate() {
        let mut tx = pool.begin().await?;
        sqlx::query("set local synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
        let ids = reserve(&mut tx, "investment_project", batch.len()).await?;
        // At most four cases a project (unused ids are gaps).
        let case_ids = reserve(&mut tx, "case_file", 4 * batch.len()).await?;
        let case_serials: Vec<i64> =
            sqlx::query_scalar("select nextval('case_no_seq') from generate_series(1, $1)")
                .bind(4 * batch.len() as i64)
                .fetch_all(&mut *tx)
                .await?;
        let mut p = ProjectRows::default();
        let mut rows = Rows::default();
        let mut rollup = Rollup::default();
        let (mut next_case, mut next_task) = (0, 0);
        for (spec, &id) in batch.iter().zip(&ids) {
            let county = &counties[spec.county];
            let registered_on = days[spec.registered];
            let prefix = format!(
                "{:04}-{}-{:02}-{:02}",
                registered_on.year(),
                county.code,
                spec.industry.department_code(),
                spec.kind.type_code()
            );
            let serial = serials.entry(prefix).or_insert(0);
            *serial += 1;
            let code = ProjectCode::new(
                registered_on.year() as u16,
                county.code,
                spec.industry.department_code(),
                spec.kind.type_code(),
                *serial as u32,
            )
            .ok_or_else(|| data("project serial out of range"))?;
            let what = NAMES[Industry::ALL
                .iter()
                .position(|i| *i == spec.industry)
                .unwrap_or(0)
                % NAMES.len()];
            p.id.push(id);
            p.code.push(code.to_string());
            p.owner.push(spec.owner);
            p.key.push(spec.key);
            p.name
                .push(format!("{}{what}（{:06}）", county.name, spec.n));
            p.kind.push(spec.kind.code());
            p.industry.push(spec.industry.code());
            p.region.push(county.code.get() as i32);
            p.total.push(spec.total_cents);
            p.land.push(spec.land_cents);
            p.scope.push(format!(
                "{}{what}，总建筑面积约 {} 平方米。",
                county.name,
                spec.land_cents / 100 * 3 / 2
            ));
            p.target.push(county.target_days as i16);
            p.registered.push(registered_on);
            p.created
                .push(at(registered_on, 9 * 60 + rng.below(8 * 60) as u32));

            // The stages, one after the other.
            let funding = usize::from(spec.kind.funding() == Funding::Social);
            let mut day = spec.registered + 1 + rng.below(5) as usize;
            let mut furthest = 0;
            for stage in 0..usize::from(spec.goes_to.min(4)) {
                if day >= days.len() {
                    break;
                }
                let accepted_on = days[day];
                let def = &stages[county.stages[stage]];
                let (steps, critical_days) = &def.by_funding[funding];
                let subject = Subject {
                    item: None,
                    bundle: Some(def.bundle_id),
                    project: Some(id),
                    region: def.region,
                    definition_id: def.definition_id,
                    steps,
                    critical_days: *critical_days,
                    parts: &def.parts,
                };
                let intake = Intake {
                    case_id: case_ids[next_case],
                    serial: case_serials[next_case],
                    applicant: spec.owner,
                    online: true,
                    submitted_at: at(accepted_on, 8 * 60 + 30 + rng.below(9 * 60) as u32),
                    accepted_on,
                };
                next_case += 1;
                let end = run_case(
                    &cal,
                    today,
                    key,
                    &mut rng,
                    &mut rows,
                    &mut rollup,
                    &subject,
                    &intake,
                    STAGE_HABITS,
                    &mut next_task,
                )?;
                furthest = stage + 1;
                if end.status == "rejected" {
                    summary.rejected += 1;
                }
                let Some(closed) = end.closed_at.filter(|_| end.status == "completed") else {
                    break;
                };
                if stage == 3 {
                    summary.completed += 1;
                }
                // The next stage a few working days after.
                let closed_on = closed.to_offset(clock::HALL_OFFSET).date();
                day = days.partition_point(|d| *d <= closed_on) + rng.below(8) as usize;
            }
            summary.by_stage[furthest] += 1;
        }
        p.write(&mut tx).await?;
        write_batch(&mut tx, &mut rows, &rollup, &mut summary.cases).await?;
        tx.commit().await?;
        let done = (b * BATCH + batch.len()).min(count);
        tracing::info!(
            done,
            of = count,
            cases = summary.cases.cases,
            tasks = summary.cases.tasks,
            projects_per_s = (done as f64 / started.elapsed().as_secs_f64()) as u64,
            "generated projects"
        );
    }
    let (prefixes, lasts): (Vec<String>, Vec<i32>) = serials.into_iter().unzip();
    sqlx::query(
        "insert into investment_serial (prefix, last) select * from unnest($1::text[], $2::int4[])
         on conflict (prefix) do update set last = greatest(investment_serial.last, excluded.last)",
    )
    .bind(&prefixes)
    .bind(&lasts)
    .execute(pool)
    .await?;
    for table in [
        "account",
        "enterprise",
        "investment_project",
        "case_file",
        "case_part",
        "case_task",
        "case_event",
        "rating",
    ] {
        sqlx::query(&format!("analyze {table}"))
            .execute(pool)
            .await?;
    }
    Ok(summary)
}

/// The projects of one batch, column by column.
#[derive(Default)]
struct ProjectRows {
    id: Vec<i64>,
    code: Vec<String>,
    owner: Vec<i64>,
    key: Vec<uuid::Uuid>,
    name: Vec<String>,
    kind: Vec<&'static str>,
    industry: Vec<&'static str>,
    region: Vec<i32>,
    total: Vec<i64>,
    land: Vec<i64>,
    scope: Vec<String>,
    target: Vec<i16>,
    registered: Vec<Date>,
    created: Vec<OffsetDateTime>,
}

impl ProjectRows {
    async fn write(&self, tx: &mut sqlx::Transaction<'_, sqlx::Postgres>) -> Result<()> {
        sqlx::query(
            "insert into investment_project (id, code, owner_id, idempotency_key, name, kind,
                 industry, region_code, total_investment, land_area, scope, target_days,
                 registered_on, created_at)
             overriding system value
             select i, c, o, k, n, kd, ind, r, t::numeric / 100, l::numeric / 100, s, td, ro, ca
             from unnest($1::int8[], $2::text[], $3::int8[], $4::uuid[], $5::text[], $6::text[],
                 $7::text[], $8::int4[], $9::int8[], $10::int8[], $11::text[], $12::int2[],
                 $13::date[], $14::timestamptz[])
                 as v(i, c, o, k, n, kd, ind, r, t, l, s, td, ro, ca)",
        )
        .bind(&self.id)
        .bind(&self.code)
        .bind(&self.owner)
        .bind(&self.key)
        .bind(&self.name)
        .bind(&self.kind)
        .bind(&self.industry)
        .bind(&self.region)
        .bind(&self.total)
        .bind(&self.land)
        .bind(&self.scope)
        .bind(&self.target)
        .bind(&self.registered)
        .bind(&self.created)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_credit_codes_are_valid_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        for n in [0, 1, 9_999, 10_000, 123_456] {
            assert!(seen.insert(credit_code(n).unwrap()));
        }
    }
}
