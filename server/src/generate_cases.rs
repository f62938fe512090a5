//! A deterministic case load for the statistics benchmark: `server
//! generate-cases --cases N` adds N cases (default 1,000,000) over the
//! generated catalog (`server generate-catalog`), accepted on the working
//! days of the last 24 months before the hall's today, from a pool of
//! generated applicants.
//!
//! Every case runs through the workflow engine (`app::workflow::engine`) as
//! live work would: accepted, its steps approved, issued, rejected or
//! paused for supplements on working days of the official calendar, each
//! step finishing within its limit, late, or not yet. What the engine
//! changes becomes task rows and the case event log; the statistics are
//! added to the monthly rollups through the same pure functions and writer
//! the live stores use (`step_share`, `Rollup`, `store::write`), so the
//! dashboards read what live work would have left. The log leaves out the
//! system's "started" events (a step starts the moment the one before it
//! finishes) and claims: about five events a case.
//!
//! Rows go in by batches of cases, one transaction each, with `unnest`
//! arrays and ids taken from the tables' own sequences. The same N and the
//! same today give the same cases (the sealed answers differ: sealing uses
//! a random nonce).

use crate::{
    demo::processes::{item_definition, post_map},
    rng::Rng,
};
use app::{
    accounts::{
        identity::{IdNumber, MobileNumber},
        secrets::{dummy_password_hash, DataKey},
    },
    clock::{self, Calendar},
    error::AppError,
    supervision::{counts, rollup::Rollup, step_share, store as rollups},
    workflow::{
        definition::StepKind,
        engine::{overall, Action, Actor, Case, CaseStatus, Change, Outcome, Task, TaskState},
        store::kind_code,
    },
};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use time::{Date, Duration, OffsetDateTime, PrimitiveDateTime, Time};

/// Cases written in one transaction.
const BATCH: usize = 10_000;
/// Generated applicants (citizens) the cases are spread over.
const APPLICANTS: usize = 1_000;
/// Prefix of the generated applicants' user names.
const APPLICANT_PREFIX: &str = "gen.applicant.";
/// The generated catalog must have at least this many items.
pub const MIN_ITEMS: usize = 1_000;
/// Calendar days before today the cases are spread over (24 months).
const SPAN_DAYS: i64 = 730;

/// Why generating failed.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(
        "the generated catalog has {0} items, at least {MIN_ITEMS} are needed: \
         run `server generate-catalog --items 100000` first"
    )]
    NoCatalog(usize),
    #[error(
        "cases were already generated here ({0} generated applicants exist); \
         generate into a fresh database"
    )]
    AlreadyGenerated(i64),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("{0}")]
    App(#[from] AppError),
    #[error("{0}")]
    Data(String),
}

type Result<T> = std::result::Result<T, GenerateError>;

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub cases: usize,
    pub tasks: usize,
    pub events: usize,
    pub ratings: usize,
    pub notices: usize,
}

/// One step of a definition with its owner resolved to ids.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    key: String,
    kind: StepKind,
    /// The steps it waits for (one in an item's chain; several where a
    /// stage's parallel branches join).
    after: Vec<String>,
    /// The part (bundle item) it belongs to, as the store keeps it.
    part: Option<i16>,
    name_zh: String,
    name_en: String,
    department_id: i64,
    unit_id: i64,
    post_id: i64,
    limit_days: u16,
    tracking_point: bool,
    evaluation_point: bool,
}

/// A definition shared by the items made from one demo item.
#[derive(Debug)]
pub(crate) struct Def {
    pub(crate) steps: Vec<Step>,
    pub(crate) critical_days: u32,
    json: serde_json::Value,
}

/// A post by region, department code, unit and post name (as definitions
/// name their owners).
pub(crate) type OwnerKey = (i32, String, String, String);

/// Every post by region, department code, unit and post name: its
/// department, unit and post ids.
pub(crate) async fn owners(pool: &PgPool) -> Result<HashMap<OwnerKey, (i64, i64, i64)>> {
    Ok(
        sqlx::query_as::<_, (i32, String, String, String, i64, i64, i64)>(
            "select d.region_code, d.code, u.name_zh, p.name_zh, d.id, u.id, p.id
             from department d join department_unit u on u.department_id = d.id
             join department_post p on p.unit_id = u.id",
        )
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(r, d, u, p, di, ui, pi)| ((r, d, u, p), (di, ui, pi)))
        .collect(),
    )
}

/// The steps of `def` with their owners resolved in `region`, as
/// `workflow::store::resolve_tasks` resolves them for a new case.
pub(crate) fn resolve_steps(
    def: &app::workflow::definition::ProcessDef,
    region: i32,
    owners: &HashMap<OwnerKey, (i64, i64, i64)>,
) -> Result<Vec<Step>> {
    let mut steps = Vec::with_capacity(def.steps.len());
    for s in &def.steps {
        let owner = (
            region,
            s.owner.department.clone(),
            s.owner.unit.clone(),
            s.owner.post.clone(),
        );
        let &(department_id, unit_id, post_id) = owners.get(&owner).ok_or_else(|| {
            GenerateError::Data(format!("unknown post {:?} in {region}", s.owner))
        })?;
        steps.push(Step {
            key: s.key.clone(),
            kind: s.kind,
            after: def
                .edges
                .iter()
                .filter(|(_, to)| *to == s.key)
                .map(|(from, _)| from.clone())
                .collect(),
            part: app::workflow::outline::part_of_step(&s.key).map(|p| p as i16),
            name_zh: s.name.zh.clone(),
            name_en: s.name.en.clone(),
            department_id,
            unit_id,
            post_id,
            limit_days: s.limit_days,
            tracking_point: s.tracking_point,
            evaluation_point: s.evaluation_point,
        });
    }
    Ok(steps)
}

/// A generated item that cases can be made for.
#[derive(Debug, Clone)]
struct Item {
    id: i64,
    region: i32,
    department_id: i64,
    def: usize,
    definition_id: i64,
    online: bool,
}

/// The catalog as the generator needs it.
struct World {
    cal: std::sync::Arc<Calendar>,
    today: Date,
    online_items: Vec<Item>,
    counter_items: Vec<Item>,
    defs: Vec<Def>,
    applicants: Vec<i64>,
    /// The working days cases are accepted on, oldest first.
    days: Vec<Date>,
}

fn at(day: Date, minutes: u32) -> OffsetDateTime {
    let minutes = minutes.min(24 * 60 - 1);
    let t = Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0).unwrap_or(Time::MIDNIGHT);
    PrimitiveDateTime::new(day, t).assume_offset(clock::HALL_OFFSET)
}

/// Items of the generated catalog (numbers from 1000 in their department).
async fn generated_items(pool: &PgPool) -> Result<Vec<(i64, i32, i64, String, String)>> {
    Ok(sqlx::query_as(
        "select id, region_code, department_id, template_key, online_depth
         from service_item where right(code, 4)::int >= 1000 order by id",
    )
    .fetch_all(pool)
    .await?)
}

/// The demo item a generated item was made from: its key without the
/// `-g{cycle}-{situation}-{group}` that `generate.rs` appends.
fn base_key(template_key: &str) -> Option<&str> {
    let mut parts = template_key.rsplitn(4, '-');
    let (_group, _situation, cycle) = (parts.next()?, parts.next()?, parts.next()?);
    let base = parts.next()?;
    (cycle.starts_with('g') && cycle[1..].bytes().all(|b| b.is_ascii_digit())).then_some(base)
}

/// Loads the calendar, the catalog's definitions (stored for generated
/// items that have none yet) and makes the applicants.
async fn world(pool: &PgPool, key: &DataKey, today: Date) -> Result<World> {
    let already: i64 =
        sqlx::query_scalar("select count(*) from account where username like 'gen.applicant.%'")
            .fetch_one(pool)
            .await?;
    if already > 0 {
        return Err(GenerateError::AlreadyGenerated(already));
    }
    let rows = generated_items(pool).await?;
    if rows.len() < MIN_ITEMS {
        return Err(GenerateError::NoCatalog(rows.len()));
    }
    let cal = app::clock::store::load(pool).await?;
    let regions = app::regions::store::all(pool).await?;
    let demo = crate::demo::catalog(&regions).map_err(|e| GenerateError::Data(e.to_string()))?;
    let posts = post_map(&demo);
    let owners = owners(pool).await?;

    // One definition per demo item, made and checked as the demo loader
    // makes them, with owners resolved in the item's region.
    let mut def_of: HashMap<(i32, String), usize> = HashMap::new();
    let mut defs = Vec::new();
    let bases: HashMap<(i32, &str), &app::catalog::ServiceItem> = demo
        .items
        .iter()
        .map(|i| ((i.region.get() as i32, i.key.as_str()), i))
        .collect();
    let mut items = Vec::with_capacity(rows.len());
    for (id, region, department_id, template_key, depth) in rows {
        let base = base_key(&template_key)
            .and_then(|k| bases.get(&(region, k)))
            .ok_or_else(|| {
                GenerateError::Data(format!(
                    "item {id} ({template_key}) was not generated from the demo catalog"
                ))
            })?;
        let slot = (region, base.key.clone());
        let def = match def_of.get(&slot) {
            Some(&d) => d,
            None => {
                let valid = item_definition(base, &posts).map_err(GenerateError::Data)?;
                let def = valid.def();
                let steps = resolve_steps(def, region, &owners)?;
                if steps.iter().any(|s| s.after.len() > 1) {
                    return Err(GenerateError::Data(format!(
                        "{}: an item's process is a chain",
                        base.key
                    )));
                }
                defs.push(Def {
                    steps,
                    critical_days: valid.critical_days(),
                    json: serde_json::to_value(def)
                        .map_err(|e| GenerateError::Data(e.to_string()))?,
                });
                def_of.insert(slot, defs.len() - 1);
                defs.len() - 1
            }
        };
        items.push(Item {
            id,
            region,
            department_id,
            def,
            definition_id: 0,
            online: matches!(depth.as_str(), "apply_online" | "fully_online"),
        });
    }
    store_definitions(pool, &mut items, &defs).await?;
    let applicants = make_applicants(pool, key).await?;
    let (online_items, counter_items): (Vec<Item>, Vec<Item>) =
        items.into_iter().partition(|i| i.online);
    if online_items.is_empty() {
        return Err(GenerateError::Data(
            "no generated item can be applied for online".into(),
        ));
    }
    let first = today - Duration::days(SPAN_DAYS);
    let mut days = Vec::new();
    let mut d = first;
    while d <= today {
        if cal.is_working_day(d) {
            days.push(d);
        }
        d += Duration::days(1);
    }
    Ok(World {
        cal,
        today,
        online_items,
        counter_items,
        defs,
        applicants,
        days,
    })
}

/// Stores a definition for every generated item that has none and notes
/// each item's latest.
async fn store_definitions(pool: &PgPool, items: &mut [Item], defs: &[Def]) -> Result<()> {
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let have: HashMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(
        "select distinct on (item_id) item_id, id from process_definition
         where item_id = any($1) order by item_id, version desc",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?
    .into_iter()
    .collect();
    let missing: Vec<&Item> = items.iter().filter(|i| !have.contains_key(&i.id)).collect();
    let mut made = HashMap::new();
    for chunk in missing.chunks(2_000) {
        let ids: Vec<i64> = chunk.iter().map(|i| i.id).collect();
        let json: Vec<serde_json::Value> = chunk.iter().map(|i| defs[i.def].json.clone()).collect();
        let days: Vec<i32> = chunk
            .iter()
            .map(|i| defs[i.def].critical_days as i32)
            .collect();
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "insert into process_definition (item_id, definition, critical_days)
             select * from unnest($1::int8[], $2::jsonb[], $3::int4[])
             returning item_id, id",
        )
        .bind(&ids)
        .bind(&json)
        .bind(&days)
        .fetch_all(pool)
        .await?;
        made.extend(rows);
    }
    if !made.is_empty() {
        tracing::info!(
            items = made.len(),
            "stored process definitions of generated items"
        );
    }
    for item in items.iter_mut() {
        item.definition_id = *have
            .get(&item.id)
            .or_else(|| made.get(&item.id))
            .ok_or_else(|| GenerateError::Data(format!("item {} has no definition", item.id)))?;
    }
    Ok(())
}

/// A valid ID number (GB 11643 check digit) for applicant `n`.
fn id_number(n: usize) -> Result<IdNumber> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let year = 1950 + n % 50;
    let month = 1 + n % 12;
    let day = 1 + n % 28;
    let body = format!("440104{year:04}{month:02}{day:02}{:03}", 900 + n % 100);
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    IdNumber::parse(&format!("{body}{check}"))
        .map_err(|e| GenerateError::Data(format!("generated ID number: {e:?}")))
}

/// The generated applicants: citizens who never sign in (no password
/// works), with sealed, valid ID and mobile numbers.
async fn make_applicants(pool: &PgPool, key: &DataKey) -> Result<Vec<i64>> {
    let hash = dummy_password_hash();
    let mut tx = pool.begin().await?;
    let mut ids = Vec::with_capacity(APPLICANTS);
    const SURNAMES: [&str; 10] = ["陈", "李", "黄", "张", "梁", "林", "刘", "吴", "王", "何"];
    const GIVEN: [&str; 10] = ["伟", "芳", "敏", "静", "强", "丽", "军", "婷", "杰", "华"];
    for n in 0..APPLICANTS {
        let name = format!(
            "{}{}{}",
            SURNAMES[n % 10],
            GIVEN[(n / 10) % 10],
            GIVEN[(n / 100) % 10]
        );
        let id: i64 = sqlx::query_scalar(
            "insert into account (username, role, display_name, password_hash)
             values ($1, 'citizen', $2, $3) returning id",
        )
        .bind(format!("{APPLICANT_PREFIX}{n:04}"))
        .bind(&name)
        .bind(hash)
        .fetch_one(&mut *tx)
        .await?;
        let number = id_number(n)?;
        let mobile = MobileNumber::parse(&format!("139{:08}", 10_000_000 + n))
            .map_err(|e| GenerateError::Data(format!("generated mobile number: {e:?}")))?;
        sqlx::query(
            "insert into citizen (account_id, real_name, id_number_sealed, id_number_index,
                 id_number_masked, mobile_sealed, mobile_masked)
             values ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(&name)
        .bind(key.seal(number.as_str().as_bytes()))
        .bind(key.blind_index("id_number", number.as_str()))
        .bind(number.masked())
        .bind(key.seal(mobile.as_str().as_bytes()))
        .bind(mobile.masked())
        .execute(&mut *tx)
        .await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok(ids)
}

/// The rows of one batch, column by column.
#[derive(Default)]
pub(crate) struct Rows {
    // case_file
    case_id: Vec<i64>,
    case_no: Vec<String>,
    query_code: Vec<String>,
    applicant: Vec<i64>,
    item: Vec<Option<i64>>,
    bundle: Vec<Option<i64>>,
    project: Vec<Option<i64>>,
    region: Vec<i32>,
    definition: Vec<i64>,
    sealed: Vec<Vec<u8>>,
    // case_part: one per item of the case
    p_case: Vec<i64>,
    p_position: Vec<i16>,
    p_item: Vec<i64>,
    p_department: Vec<i64>,
    p_sealed: Vec<Vec<u8>>,
    idempotency: Vec<uuid::Uuid>,
    submitted_at: Vec<OffsetDateTime>,
    accepted_on: Vec<Date>,
    case_due: Vec<Date>,
    status: Vec<&'static str>,
    closed_at: Vec<Option<OffsetDateTime>>,
    channel: Vec<&'static str>,
    // case_task
    t_id: Vec<i64>,
    t_case: Vec<i64>,
    t_key: Vec<String>,
    t_kind: Vec<&'static str>,
    t_part: Vec<Option<i16>>,
    /// The keys it waits for, joined by commas.
    t_after: Vec<String>,
    t_name_zh: Vec<String>,
    t_name_en: Vec<String>,
    t_department: Vec<i64>,
    t_unit: Vec<i64>,
    t_post: Vec<i64>,
    t_limit: Vec<i16>,
    t_tracking: Vec<bool>,
    t_evaluation: Vec<bool>,
    t_state: Vec<&'static str>,
    t_started: Vec<Option<Date>>,
    t_due: Vec<Option<Date>>,
    t_finished: Vec<Option<OffsetDateTime>>,
    t_outcome: Vec<Option<String>>,
    // case_event (task as an index into t_id, resolved when written)
    e_case: Vec<i64>,
    e_task: Vec<Option<i64>>,
    e_at: Vec<OffsetDateTime>,
    e_day: Vec<Date>,
    e_actor: Vec<Option<i64>>,
    e_department: Vec<Option<i64>>,
    e_unit: Vec<Option<i64>>,
    e_post: Vec<Option<i64>>,
    e_action: Vec<&'static str>,
    e_from: Vec<Option<&'static str>>,
    e_to: Vec<Option<&'static str>>,
    e_detail: Vec<Option<String>>,
    // supplement_notice (+ one request per notice)
    n_id: Vec<i64>,
    n_case: Vec<i64>,
    n_issued_at: Vec<OffsetDateTime>,
    n_issued_on: Vec<Date>,
    n_lead_unit: Vec<i64>,
    n_answered_at: Vec<Option<OffsetDateTime>>,
    n_answered_on: Vec<Option<Date>>,
    n_answer: Vec<Option<String>>,
    n_task: Vec<i64>,
    n_what: Vec<String>,
    // rating
    r_case: Vec<i64>,
    r_task: Vec<i64>,
    r_applicant: Vec<i64>,
    r_department: Vec<i64>,
    r_region: Vec<i32>,
    r_stars: Vec<i16>,
    r_at: Vec<OffsetDateTime>,
    r_on: Vec<Date>,
}

const SUPPLEMENT_WHAT: &str = "请补正申请材料：身份证明复印件不清晰";
const SUPPLEMENT_ANSWER: &str = "已重新上传清晰的身份证明复印件";
const REJECT_REASONS: [&str; 3] = [
    "申请材料不符合法定形式，经一次性告知后仍未补正",
    "申请人不符合办理条件",
    "申请事项不属于本机关职权范围",
];

/// How one case will go.
struct Plan {
    /// Working days each human step takes (by task index).
    days: Vec<u32>,
    /// The step (task index) that asks for supplements, after how many of
    /// its working days, and after how many working days the applicant
    /// answers.
    supplement: Option<(usize, u32, u32)>,
    /// The step that rejects the application.
    reject: Option<usize>,
}

/// How the clerks and applicants of a kind of case behave.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Habits {
    /// Whether a review may ask for supplements (8 % of cases).
    pub(crate) supplements: bool,
    /// The chance that a review or decision rejects the application.
    pub(crate) reject: f64,
}

/// The generated catalog's cases: some supplements, 5 % rejected.
const ITEM_HABITS: Habits = Habits {
    supplements: true,
    reject: 0.05,
};

fn plan(rng: &mut Rng, steps: &[Step], habits: Habits) -> Plan {
    let human: Vec<usize> = (0..steps.len())
        .filter(|&i| counts(steps[i].kind))
        .collect();
    // Most cases on time; some with one late step; a few stuck for weeks
    // (the red alerts of the recent ones are still open).
    let late = rng
        .chance(0.10)
        .then(|| human[rng.below(human.len() as u64) as usize]);
    let stuck = rng
        .chance(0.02)
        .then(|| human[rng.below(human.len() as u64) as usize]);
    let mut days = vec![0; steps.len()];
    for &i in &human {
        let limit = u32::from(steps[i].limit_days);
        // Quicker than the limit as a rule: a quarter to all of it.
        let mut d = if limit == 0 {
            0
        } else {
            (limit / 4).max(1) + rng.below(u64::from(limit - (limit / 4).max(1) + 1)) as u32
        };
        if late == Some(i) {
            d = limit + 1 + rng.below(6) as u32;
        }
        if stuck == Some(i) {
            d = limit + 10 + rng.below(40) as u32;
        }
        days[i] = d;
    }
    let reviews: Vec<usize> = human
        .iter()
        .copied()
        .filter(|&i| steps[i].kind == StepKind::Review && days[i] > 0)
        .collect();
    let supplement = (habits.supplements && !reviews.is_empty() && rng.chance(0.08)).then(|| {
        let i = reviews[rng.below(reviews.len() as u64) as usize];
        let after = rng.below(u64::from(days[i])) as u32;
        // Most answer within days; some take weeks.
        let wait = if rng.chance(0.15) {
            10 + rng.below(40) as u32
        } else {
            1 + rng.below(6) as u32
        };
        (i, after, wait)
    });
    let deciders: Vec<usize> = human
        .iter()
        .copied()
        .filter(|&i| matches!(steps[i].kind, StepKind::Review | StepKind::Decision))
        // Not a follow-up (nothing waits for it: a commitment's
        // verification), whose rejection would revoke a permit a later
        // stage was granted on.
        .filter(|&i| steps.iter().any(|s| s.after.contains(&steps[i].key)))
        .collect();
    let reject = (!deciders.is_empty() && rng.chance(habits.reject))
        .then(|| deciders[rng.below(deciders.len() as u64) as usize]);
    Plan {
        days,
        supplement,
        reject,
    }
}

/// Stars of a rating: mostly satisfied, a tail of bad ones.
fn stars(rng: &mut Rng) -> u8 {
    match rng.below(100) {
        0..=59 => 5,
        60..=81 => 4,
        82..=90 => 3,
        91..=94 => 2,
        _ => 1,
    }
}

fn query_code(rng: &mut Rng) -> String {
    let alphabet = app::applications::QUERY_ALPHABET;
    (0..8)
        .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize] as char)
        .collect()
}

fn is_finished(state: TaskState) -> bool {
    matches!(state, TaskState::Done | TaskState::Rejected)
}

/// Everything a case adds to the batch, made by running the engine.
struct CaseGen<'a> {
    cal: &'a Calendar,
    rows: &'a mut Rows,
    rollup: &'a mut Rollup,
    case_id: i64,
    /// Index in `rows.t_*` of the case's first task.
    first_task: usize,
    /// Minutes after midnight of the next event (events of a case keep
    /// their order).
    clock: u32,
    last_day: Date,
}

impl CaseGen<'_> {
    fn stamp(&mut self, day: Date, rng: &mut Rng) -> OffsetDateTime {
        if day != self.last_day {
            self.last_day = day;
            self.clock = 9 * 60 + rng.below(120) as u32;
        } else {
            self.clock += 3 + rng.below(30) as u32;
        }
        at(day, self.clock)
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &mut self,
        rng: &mut Rng,
        day: Date,
        task: Option<usize>,
        actor: Option<i64>,
        step: Option<&Step>,
        action: &'static str,
        change: Option<(TaskState, TaskState)>,
        detail: Option<String>,
    ) -> OffsetDateTime {
        let when = self.stamp(day, rng);
        let r = &mut *self.rows;
        r.e_case.push(self.case_id);
        r.e_task.push(task.map(|i| r.t_id[self.first_task + i]));
        r.e_at.push(when);
        r.e_day.push(day);
        r.e_actor.push(actor);
        r.e_department.push(step.map(|s| s.department_id));
        r.e_unit.push(step.map(|s| s.unit_id));
        r.e_post.push(step.map(|s| s.post_id));
        r.e_action.push(action);
        r.e_from.push(change.map(|(f, _)| f.code()));
        r.e_to.push(change.map(|(_, t)| t.code()));
        r.e_detail.push(detail);
        when
    }

    /// Records what the engine changed on `day` (a step's start left out),
    /// and what it finishes in the rollups.
    #[allow(clippy::too_many_arguments)]
    fn changes(
        &mut self,
        rng: &mut Rng,
        case: &Case,
        before: &[Task],
        out: &Outcome,
        day: Date,
        steps: &[Step],
        action: Option<(&Action, Option<String>)>,
        asked: &[bool],
        finished_at: &mut [Option<OffsetDateTime>],
    ) {
        for (i, (old, new)) in before.iter().zip(&case.tasks).enumerate() {
            if counts(new.kind) && is_finished(new.state) && !is_finished(old.state) {
                let share = step_share(
                    self.cal,
                    new.started_on.unwrap_or(day),
                    new.due_on.unwrap_or(day),
                    new.limit_days,
                    day,
                    &case.pauses,
                    asked[i],
                );
                self.rollup.step(day, new.post_id, share);
            }
        }
        for Change {
            task_key,
            from,
            to,
            by_actor,
        } in &out.changes
        {
            let Some(i) = case.tasks.iter().position(|t| &t.key == task_key) else {
                continue;
            };
            let kind = case.tasks[i].kind;
            let (name, detail, by_step) = match (*by_actor, action.as_ref()) {
                (true, Some((a, detail))) => (a.code(), detail.clone(), true),
                _ => match (*from, *to) {
                    (_, TaskState::Cancelled) => ("cancelled", None, false),
                    (TaskState::Supplement, TaskState::Ready) => ("supplemented", None, false),
                    (_, TaskState::Done) if kind == StepKind::Result => ("completed", None, false),
                    (_, TaskState::Done) if kind == StepKind::Acceptance => {
                        ("accepted", None, false)
                    }
                    _ => ("started", None, false),
                },
            };
            if name == "started" {
                continue;
            }
            let when = self.event(
                rng,
                day,
                Some(i),
                None,
                by_step.then_some(&steps[i]),
                name,
                Some((*from, *to)),
                detail,
            );
            if matches!(
                to,
                TaskState::Done | TaskState::Rejected | TaskState::Cancelled
            ) {
                finished_at[i] = Some(when);
            }
        }
    }
}

/// Makes case number `serial` accepted on `accepted_on` and adds its rows.
#[allow(clippy::too_many_arguments)]
fn make_case(
    w: &World,
    key: &DataKey,
    rng: &mut Rng,
    rows: &mut Rows,
    rollup: &mut Rollup,
    case_id: i64,
    serial: i64,
    accepted_on: Date,
    next_task_id: &mut i64,
) -> Result<()> {
    let cal = &w.cal;
    // Channel and item: most come through the hall for items applied for
    // online; some of those are typed in at a counter, as are the items
    // that cannot be applied for online.
    let r = rng.unit();
    let (pool, online) = if r < 0.85 {
        (&w.online_items, true)
    } else if r < 0.93 || w.counter_items.is_empty() {
        (&w.online_items, false)
    } else {
        (&w.counter_items, false)
    };
    // A few items are asked for much more than most.
    let u = rng.unit();
    let item = &pool[((u * u * pool.len() as f64) as usize).min(pool.len() - 1)];
    let def = &w.defs[item.def];
    let applicant = w.applicants[rng.below(w.applicants.len() as u64) as usize];

    // Submitted in office hours on the day, or the evening before (then
    // accepted on the next working day, which is this one).
    let mut submitted_at = at(accepted_on, 8 * 60 + 30 + rng.below(9 * 60) as u32);
    if rng.chance(0.25) {
        let evening = at(
            accepted_on - Duration::days(1),
            18 * 60 + rng.below(6 * 60) as u32,
        );
        if clock::acceptance_day(cal, evening) == accepted_on {
            submitted_at = evening;
        }
    }
    let subject = Subject {
        item: Some(item.id),
        bundle: None,
        project: None,
        region: item.region,
        definition_id: item.definition_id,
        steps: &def.steps,
        critical_days: def.critical_days,
        parts: &[(1, item.id, item.department_id)],
    };
    let intake = Intake {
        case_id,
        serial,
        applicant,
        online,
        submitted_at,
        accepted_on,
    };
    run_case(
        cal,
        w.today,
        key,
        rng,
        rows,
        rollup,
        &subject,
        &intake,
        ITEM_HABITS,
        next_task_id,
    )?;
    Ok(())
}

/// What a case is made for: an item, or a bundle (an investment stage's,
/// with its project), with its definition's steps resolved.
pub(crate) struct Subject<'a> {
    pub(crate) item: Option<i64>,
    pub(crate) bundle: Option<i64>,
    pub(crate) project: Option<i64>,
    /// The place of handling (the case's region).
    pub(crate) region: i32,
    pub(crate) definition_id: i64,
    pub(crate) steps: &'a [Step],
    /// The definition's critical path (the case's limit).
    pub(crate) critical_days: u32,
    /// The case's parts: position, item and its department.
    pub(crate) parts: &'a [(i16, i64, i64)],
}

/// Who handed a case in, when, and the ids it gets.
pub(crate) struct Intake {
    pub(crate) case_id: i64,
    pub(crate) serial: i64,
    pub(crate) applicant: i64,
    pub(crate) online: bool,
    pub(crate) submitted_at: OffsetDateTime,
    pub(crate) accepted_on: Date,
}

/// How a generated case stands on today.
pub(crate) struct CaseEnd {
    pub(crate) status: &'static str,
    pub(crate) closed_at: Option<OffsetDateTime>,
}

/// Runs a case of `subject` through the engine up to `today` and adds
/// its rows to the batch.
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_case(
    cal: &Calendar,
    today: Date,
    key: &DataKey,
    rng: &mut Rng,
    rows: &mut Rows,
    rollup: &mut Rollup,
    subject: &Subject,
    intake: &Intake,
    habits: Habits,
    next_task_id: &mut i64,
) -> Result<CaseEnd> {
    let steps = subject.steps;
    let &Intake {
        case_id,
        serial,
        applicant,
        online,
        submitted_at,
        accepted_on,
    } = intake;
    let submitted_on = submitted_at.date();

    let first_task = rows.t_id.len();
    for s in steps {
        rows.t_id.push(*next_task_id);
        *next_task_id += 1;
        rows.t_case.push(case_id);
        rows.t_key.push(s.key.clone());
        rows.t_kind.push(kind_code(s.kind));
        rows.t_part.push(s.part);
        rows.t_after.push(s.after.join(","));
        rows.t_name_zh.push(s.name_zh.clone());
        rows.t_name_en.push(s.name_en.clone());
        rows.t_department.push(s.department_id);
        rows.t_unit.push(s.unit_id);
        rows.t_post.push(s.post_id);
        rows.t_limit.push(s.limit_days as i16);
        rows.t_tracking.push(s.tracking_point);
        rows.t_evaluation.push(s.evaluation_point);
    }
    let mut case = Case {
        tasks: steps
            .iter()
            .enumerate()
            .map(|(i, s)| Task {
                id: i as i64,
                key: s.key.clone(),
                kind: s.kind,
                post_id: s.post_id,
                after: s.after.clone(),
                limit_days: s.limit_days,
                state: TaskState::Waiting,
                claimed_by: None,
                started_on: None,
                due_on: None,
            })
            .collect(),
        pauses: Vec::new(),
        notice_open: false,
    };
    let mut g = CaseGen {
        cal,
        rows,
        rollup,
        case_id,
        first_task,
        clock: 0,
        last_day: submitted_on,
    };
    g.clock = (submitted_at.hour() as u32) * 60 + submitted_at.minute() as u32;
    // Taken in by each department of the case (`case_taken_in`).
    let mut departments: Vec<i64> = subject.parts.iter().map(|p| p.2).collect();
    departments.sort_unstable();
    departments.dedup();
    for d in departments {
        g.rollup.case(submitted_on, d, online);
    }
    let r = &mut *g.rows;
    r.e_case.push(case_id);
    r.e_task.push(None);
    r.e_at.push(submitted_at);
    r.e_day.push(submitted_on);
    r.e_actor.push(online.then_some(applicant));
    r.e_department.push(None);
    r.e_unit.push(None);
    r.e_post.push(None);
    r.e_action.push("submitted");
    r.e_from.push(None);
    r.e_to.push(None);
    r.e_detail.push(None);

    let mut asked = vec![false; steps.len()];
    let mut finished_at: Vec<Option<OffsetDateTime>> = vec![None; steps.len()];
    let before = case.tasks.clone();
    let out = case.accept(cal, accepted_on);
    g.changes(
        rng,
        &case,
        &before,
        &out,
        accepted_on,
        steps,
        None,
        &asked,
        &mut finished_at,
    );

    let plan = plan(rng, steps, habits);
    let mut closed: Option<OffsetDateTime> = None;
    let mut outcome: Vec<Option<String>> = vec![None; steps.len()];
    let mut ratings: Vec<(usize, u8)> = Vec::new();
    'work: loop {
        // The ready step whose next action comes first (an item's chain
        // has one ready step; a stage's departments work in parallel).
        let mut next: Option<(Date, usize)> = None;
        for (i, t) in case.tasks.iter().enumerate() {
            if t.state != TaskState::Ready {
                continue;
            }
            let days = match plan.supplement.filter(|(s, ..)| *s == i && !asked[i]) {
                Some((_, after, _)) => after,
                None => plan.days[i],
            };
            let day = cal
                .add_working_days_pausing(t.started_on.unwrap_or(accepted_on), days, &case.pauses)
                .map_err(|e| GenerateError::Data(e.to_string()))?;
            if next.is_none_or(|(d, _)| day < d) {
                next = Some((day, i));
            }
        }
        let Some((_, i)) = next else {
            break 'work;
        };
        let step = &steps[i];
        let actor = Actor {
            account_id: 0,
            post_id: step.post_id,
        };
        let started = case.tasks[i].started_on.unwrap_or(accepted_on);
        if let Some((s, after, wait)) = plan.supplement.filter(|(s, ..)| *s == i && !asked[i]) {
            let asked_on = cal
                .add_working_days_pausing(started, after, &case.pauses)
                .map_err(|e| GenerateError::Data(e.to_string()))?;
            if asked_on > today {
                break 'work;
            }
            asked[s] = true;
            let action = Action::RequestSupplement {
                what: SUPPLEMENT_WHAT.into(),
            };
            let before = case.tasks.clone();
            let out = case
                .act(cal, asked_on, &step.key, actor, &action)
                .map_err(|e| GenerateError::Data(format!("engine refused a request: {e}")))?;
            g.changes(
                rng,
                &case,
                &before,
                &out,
                asked_on,
                steps,
                Some((&action, Some(SUPPLEMENT_WHAT.into()))),
                &asked,
                &mut finished_at,
            );
            let issued_at = g.event(
                rng,
                asked_on,
                None,
                None,
                None,
                "notice_issued",
                None,
                Some(out.notice_for.join(",")),
            );
            // The notice goes out in the lead unit's name: the acceptance
            // step's unit.
            if let Some(unit) = g.rows.e_unit.last_mut() {
                *unit = Some(steps[0].unit_id);
            }
            case.notice_open = true;
            let r = &mut *g.rows;
            r.n_case.push(case_id);
            r.n_issued_at.push(issued_at);
            r.n_issued_on.push(asked_on);
            r.n_lead_unit.push(steps[0].unit_id);
            r.n_task.push(r.t_id[first_task + s]);
            r.n_what.push(SUPPLEMENT_WHAT.into());
            r.n_answered_at.push(None);
            r.n_answered_on.push(None);
            r.n_answer.push(None);
            let n = r.n_case.len() - 1;
            let answered_on = cal
                .add_working_days(asked_on, wait)
                .map_err(|e| GenerateError::Data(e.to_string()))?;
            if answered_on > today {
                break 'work;
            }
            // The applicant answers: the clock resumes (the pause moves the
            // step's deadline), the step is back in its queue.
            let before = case.tasks.clone();
            let out = case
                .resume(cal, asked_on, answered_on)
                .map_err(|e| GenerateError::Data(e.to_string()))?;
            g.changes(
                rng,
                &case,
                &before,
                &out,
                answered_on,
                steps,
                None,
                &asked,
                &mut finished_at,
            );
            let answered_at = g.rows.e_at.last().copied().unwrap_or(issued_at);
            let r = &mut *g.rows;
            r.n_answered_at[n] = Some(answered_at);
            r.n_answered_on[n] = Some(answered_on);
            r.n_answer[n] = Some(SUPPLEMENT_ANSWER.into());
            continue 'work;
        }
        let finished = cal
            .add_working_days_pausing(started, plan.days[i], &case.pauses)
            .map_err(|e| GenerateError::Data(e.to_string()))?;
        if finished > today {
            break 'work;
        }
        let (action, detail) = if plan.reject == Some(i) {
            let reason = REJECT_REASONS[rng.below(REJECT_REASONS.len() as u64) as usize];
            (
                Action::Reject {
                    reason: reason.into(),
                },
                Some(reason.to_string()),
            )
        } else if step.kind == StepKind::Issuance {
            let no = format!("ZS{}{:07}", finished.year(), serial % 10_000_000);
            (
                Action::Issue {
                    certificate_no: no.clone(),
                },
                Some(no),
            )
        } else {
            (
                Action::Approve {
                    note: String::new(),
                },
                None,
            )
        };
        let before = case.tasks.clone();
        let out = case
            .act(cal, finished, &step.key, actor, &action)
            .map_err(|e| GenerateError::Data(format!("engine refused {}: {e}", action.code())))?;
        g.changes(
            rng,
            &case,
            &before,
            &out,
            finished,
            steps,
            Some((&action, detail.clone())),
            &asked,
            &mut finished_at,
        );
        // The outcome of the step, as the store keeps it.
        outcome[i] = detail;
        // The applicant rates some of the evaluation points done.
        if case.tasks[i].state == TaskState::Done && step.evaluation_point && rng.chance(0.30) {
            ratings.push((i, stars(rng)));
        }
        // Closed as the engine says (a follow-up's rejection ends nothing
        // but itself); a follow-up still open (a commitment's
        // verification) goes on after the case completed.
        if closed.is_none() {
            match overall(&case.tasks, case.notice_open, today) {
                CaseStatus::Rejected => {
                    closed = finished_at.iter().flatten().max().copied();
                    break 'work;
                }
                CaseStatus::Completed => closed = finished_at.iter().flatten().max().copied(),
                _ => {}
            }
        }
    }

    // Ratings: a day or a few after the step (never after today); one per
    // department of a case (issue 17: 一次一评).
    let mut rated_departments: Vec<i64> = Vec::new();
    for (i, s) in ratings {
        let day = case.tasks[i].started_on.unwrap_or(accepted_on);
        let done_on = finished_at[i].map(|t| t.date()).unwrap_or(day);
        let rated_on = (done_on + Duration::days(rng.below(4) as i64)).min(today);
        let rated_at = at(rated_on, 19 * 60 + rng.below(240) as u32);
        // (Drawn first: the generator's sequence stays the same.)
        if rated_departments.contains(&steps[i].department_id) {
            continue;
        }
        rated_departments.push(steps[i].department_id);
        g.rollup.rating(rated_on, steps[i].post_id, s, false);
        let r = &mut *g.rows;
        r.r_case.push(case_id);
        r.r_task.push(r.t_id[first_task + i]);
        r.r_applicant.push(applicant);
        r.r_department.push(steps[i].department_id);
        r.r_region.push(subject.region);
        r.r_stars.push(i16::from(s));
        r.r_at.push(rated_at);
        r.r_on.push(rated_on);
    }

    let status = app::workflow::engine::overall(&case.tasks, case.notice_open, today).stored();
    let due = cal
        .add_working_days_pausing(accepted_on, subject.critical_days, &case.pauses)
        .unwrap_or(accepted_on);
    let r = &mut *g.rows;
    for (i, t) in case.tasks.iter().enumerate() {
        r.t_state.push(t.state.code());
        r.t_started.push(t.started_on);
        r.t_due.push(t.due_on);
        r.t_finished.push(match t.state {
            TaskState::Done | TaskState::Rejected | TaskState::Cancelled => finished_at[i],
            _ => None,
        });
        r.t_outcome.push(outcome[i].take());
    }
    let answers = key.seal(b"{}");
    r.case_id.push(case_id);
    r.case_no.push(
        app::applications::CaseNo::new(subject.region, accepted_on, serial)
            .as_str()
            .to_string(),
    );
    r.query_code.push(query_code(rng));
    r.applicant.push(applicant);
    r.item.push(subject.item);
    r.bundle.push(subject.bundle);
    r.project.push(subject.project);
    r.region.push(subject.region);
    r.definition.push(subject.definition_id);
    for &(position, item, department) in subject.parts {
        r.p_case.push(case_id);
        r.p_position.push(position);
        r.p_item.push(item);
        r.p_department.push(department);
        r.p_sealed.push(answers.clone());
    }
    r.sealed.push(answers);
    r.idempotency
        .push(uuid::Uuid::from_u64_pair(rng.next_u64(), rng.next_u64()));
    r.submitted_at.push(submitted_at);
    r.accepted_on.push(accepted_on);
    r.case_due.push(due);
    r.status.push(status.code());
    let closed_at = match status.code() {
        "completed" | "rejected" => Some(closed.unwrap_or(submitted_at)),
        _ => None,
    };
    r.closed_at.push(closed_at);
    r.channel.push(if online { "online" } else { "counter" });
    Ok(CaseEnd {
        status: status.code(),
        closed_at,
    })
}

/// Takes `n` values of `table`'s id sequence.
pub(crate) async fn reserve(
    tx: &mut Transaction<'_, Postgres>,
    table: &str,
    n: usize,
) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "select nextval(pg_get_serial_sequence($1, 'id')) from generate_series(1, $2)",
    )
    .bind(table)
    .bind(n as i64)
    .fetch_all(&mut **tx)
    .await?)
}

/// Writes one batch's rows and its rollup.
async fn write(tx: &mut Transaction<'_, Postgres>, r: &Rows, rollup: &Rollup) -> Result<()> {
    sqlx::query(
        "insert into case_file (id, case_no, query_code, applicant_id, item_id, region_code,
             definition_id, answers_sealed, idempotency_key, submitted_at, accepted_on, due_on,
             status, closed_at, channel, bundle_id, project_id)
         overriding system value
         select * from unnest($1::int8[], $2::text[], $3::text[], $4::int8[], $5::int8[],
             $6::int4[], $7::int8[], $8::bytea[], $9::uuid[], $10::timestamptz[], $11::date[],
             $12::date[], $13::text[], $14::timestamptz[], $15::text[], $16::int8[], $17::int8[])",
    )
    .bind(&r.case_id)
    .bind(&r.case_no)
    .bind(&r.query_code)
    .bind(&r.applicant)
    .bind(&r.item)
    .bind(&r.region)
    .bind(&r.definition)
    .bind(&r.sealed)
    .bind(&r.idempotency)
    .bind(&r.submitted_at)
    .bind(&r.accepted_on)
    .bind(&r.case_due)
    .bind(&r.status)
    .bind(&r.closed_at)
    .bind(&r.channel)
    .bind(&r.bundle)
    .bind(&r.project)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into case_part (case_id, position, item_id, department_id, answers_sealed)
         select * from unnest($1::int8[], $2::int2[], $3::int8[], $4::int8[], $5::bytea[])",
    )
    .bind(&r.p_case)
    .bind(&r.p_position)
    .bind(&r.p_item)
    .bind(&r.p_department)
    .bind(&r.p_sealed)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "insert into case_task (id, case_id, step_key, kind, after_keys, name_zh, name_en,
             department_id, unit_id, post_id, limit_days, tracking_point, evaluation_point,
             state, started_on, due_on, finished_at, outcome, part)
         overriding system value
         select id, c, k, kind, case when a = '' then '{}'::text[] else string_to_array(a, ',') end,
                nz, ne, d, u, p, l, tp, ep, s, st, du, f, o, pt
         from unnest($1::int8[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::text[],
             $7::text[], $8::int8[], $9::int8[], $10::int8[], $11::int2[], $12::bool[],
             $13::bool[], $14::text[], $15::date[], $16::date[], $17::timestamptz[], $18::text[],
             $19::int2[])
             as v(id, c, k, kind, a, nz, ne, d, u, p, l, tp, ep, s, st, du, f, o, pt)",
    )
    .bind(&r.t_id)
    .bind(&r.t_case)
    .bind(&r.t_key)
    .bind(&r.t_kind)
    .bind(&r.t_after)
    .bind(&r.t_name_zh)
    .bind(&r.t_name_en)
    .bind(&r.t_department)
    .bind(&r.t_unit)
    .bind(&r.t_post)
    .bind(&r.t_limit)
    .bind(&r.t_tracking)
    .bind(&r.t_evaluation)
    .bind(&r.t_state)
    .bind(&r.t_started)
    .bind(&r.t_due)
    .bind(&r.t_finished)
    .bind(&r.t_outcome)
    .bind(&r.t_part)
    .execute(&mut **tx)
    .await?;
    if !r.n_id.is_empty() {
        sqlx::query(
            "insert into supplement_notice (id, case_id, issued_at, issued_on, lead_unit_id,
                 answered_at, answered_on, answer)
             overriding system value
             select * from unnest($1::int8[], $2::int8[], $3::timestamptz[], $4::date[],
                 $5::int8[], $6::timestamptz[], $7::date[], $8::text[])",
        )
        .bind(&r.n_id)
        .bind(&r.n_case)
        .bind(&r.n_issued_at)
        .bind(&r.n_issued_on)
        .bind(&r.n_lead_unit)
        .bind(&r.n_answered_at)
        .bind(&r.n_answered_on)
        .bind(&r.n_answer)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "insert into supplement_request (task_id, notice_id, what, asked_at)
             select * from unnest($1::int8[], $2::int8[], $3::text[], $4::timestamptz[])",
        )
        .bind(&r.n_task)
        .bind(&r.n_id)
        .bind(&r.n_what)
        .bind(&r.n_issued_at)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "insert into case_event (case_id, task_id, at, on_day, actor_id, department_id, unit_id,
             post_id, action, from_state, to_state, detail)
         select * from unnest($1::int8[], $2::int8[], $3::timestamptz[], $4::date[], $5::int8[],
             $6::int8[], $7::int8[], $8::int8[], $9::text[], $10::text[], $11::text[], $12::text[])",
    )
    .bind(&r.e_case)
    .bind(&r.e_task)
    .bind(&r.e_at)
    .bind(&r.e_day)
    .bind(&r.e_actor)
    .bind(&r.e_department)
    .bind(&r.e_unit)
    .bind(&r.e_post)
    .bind(&r.e_action)
    .bind(&r.e_from)
    .bind(&r.e_to)
    .bind(&r.e_detail)
    .execute(&mut **tx)
    .await?;
    if !r.r_case.is_empty() {
        sqlx::query(
            "insert into rating (case_id, task_id, applicant_id, department_id, region_code, stars,
                 rated_at, rated_on)
             select * from unnest($1::int8[], $2::int8[], $3::int8[], $4::int8[], $5::int4[],
                 $6::int2[], $7::timestamptz[], $8::date[])",
        )
        .bind(&r.r_case)
        .bind(&r.r_task)
        .bind(&r.r_applicant)
        .bind(&r.r_department)
        .bind(&r.r_region)
        .bind(&r.r_stars)
        .bind(&r.r_at)
        .bind(&r.r_on)
        .execute(&mut **tx)
        .await?;
    }
    rollups::write(tx, rollup).await?;
    Ok(())
}

/// Gives the batch's tasks and notices their ids, writes its rows and
/// rollup, and counts them in `summary`.
pub(crate) async fn write_batch(
    tx: &mut Transaction<'_, Postgres>,
    rows: &mut Rows,
    rollup: &Rollup,
    summary: &mut Summary,
) -> Result<()> {
    // Tasks were numbered 0.. in the batch.
    let task_ids = reserve(tx, "case_task", rows.t_id.len()).await?;
    let id = |local: &mut i64| *local = task_ids[*local as usize];
    rows.t_id.iter_mut().for_each(id);
    rows.e_task.iter_mut().flatten().for_each(id);
    rows.r_task.iter_mut().for_each(id);
    rows.n_task.iter_mut().for_each(id);
    rows.n_id = reserve(tx, "supplement_notice", rows.n_case.len()).await?;
    write(tx, rows, rollup).await?;
    summary.cases += rows.case_id.len();
    summary.tasks += rows.t_id.len();
    summary.events += rows.e_case.len();
    summary.ratings += rows.r_case.len();
    summary.notices += rows.n_case.len();
    Ok(())
}

/// Adds `count` cases accepted over the 24 months before `now` (hall
/// time) and their rollups. Refuses to run twice on one database.
pub async fn generate(
    pool: &PgPool,
    key: &DataKey,
    count: usize,
    now: OffsetDateTime,
) -> Result<Summary> {
    let today = now.to_offset(clock::HALL_OFFSET).date();
    let w = world(pool, key, today).await?;
    let mut rng = Rng::new(0x00CA_5E5D);
    let mut summary = Summary::default();
    let started = std::time::Instant::now();
    let mut start = 0;
    while start < count {
        let end = (start + BATCH).min(count);
        let n = end - start;
        let mut tx = pool.begin().await?;
        sqlx::query("set local synchronous_commit = off")
            .execute(&mut *tx)
            .await?;
        let case_ids = reserve(&mut tx, "case_file", n).await?;
        let serials: Vec<i64> =
            sqlx::query_scalar("select nextval('case_no_seq') from generate_series(1, $1)")
                .bind(n as i64)
                .fetch_all(&mut *tx)
                .await?;
        // Tasks are numbered 0.. in the batch, then given their ids.
        let mut next_task = 0;
        let mut rows = Rows::default();
        let mut rollup = Rollup::default();
        for (j, k) in (start..end).enumerate() {
            // Chronological: case k is accepted on its share of the days.
            let day = w.days[k * w.days.len() / count];
            make_case(
                &w,
                key,
                &mut rng,
                &mut rows,
                &mut rollup,
                case_ids[j],
                serials[j],
                day,
                &mut next_task,
            )?;
        }
        write_batch(&mut tx, &mut rows, &rollup, &mut summary).await?;
        tx.commit().await?;
        let secs = started.elapsed().as_secs_f64();
        tracing::info!(
            done = end,
            of = count,
            tasks = summary.tasks,
            events = summary.events,
            cases_per_s = (summary.cases as f64 / secs) as u64,
            "generated cases"
        );
        start = end;
    }
    for table in [
        "case_file",
        "case_part",
        "case_task",
        "case_event",
        "rating",
        "supplement_notice",
        "supplement_request",
        "stat_post_month",
        "stat_department_month",
    ] {
        sqlx::query(&format!("analyze {table}"))
            .execute(pool)
            .await?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_keys_come_back_from_generated_keys() {
        assert_eq!(
            base_key("marriage-registration-g0-xb-gt"),
            Some("marriage-registration")
        );
        assert_eq!(base_key("a-g12-kstb-jr"), Some("a"));
        assert_eq!(base_key("marriage-registration"), None);
    }

    #[test]
    fn applicants_have_valid_distinct_id_numbers() {
        let mut seen = std::collections::HashSet::new();
        for n in 0..APPLICANTS {
            assert!(seen.insert(id_number(n).unwrap().as_str().to_string()));
        }
    }

    #[test]
    fn stars_lean_to_satisfied() {
        let mut rng = Rng::new(1);
        let mut by = [0; 5];
        for _ in 0..10_000 {
            by[usize::from(stars(&mut rng)) - 1] += 1;
        }
        assert!(by[4] > by[3] && by[3] > by[2] && by[0] > 0);
    }
}
