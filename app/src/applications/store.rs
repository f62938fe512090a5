//! Applications in the database: what a form asks (an item's or a bundle's
//! fields, parts and process), drafts, and submission — idempotent and all
//! or nothing (a server killed mid-submission leaves no case or a whole one).

use super::form::{self, Answers, FieldDef, RawAnswers};
use super::{CaseNo, QueryCode, Target};
use crate::{
    accounts::{secrets::DataKey, Me, Role},
    catalog::Bilingual,
    clock::{self, Calendar},
    error::AppError,
    workflow::{
        definition::{ProcessDef, ValidProcess},
        engine::Case,
        store::{self as wf, EventActor},
    },
};
use sqlx::PgPool;
use time::OffsetDateTime;

/// One part of an application: an item, its department, its fields.
#[derive(Debug, Clone)]
pub struct Part {
    pub position: i16,
    pub item_id: i64,
    pub item_code: String,
    pub department_id: i64,
    pub name: Bilingual,
    pub department: Bilingual,
    pub fields: Vec<FieldDef>,
    pub materials: Vec<Bilingual>,
}

/// What applying for an item or a bundle asks and starts.
#[derive(Debug, Clone)]
pub struct ApplyTarget {
    pub target: Target,
    pub id: i64,
    pub name: Bilingual,
    pub region_code: i32,
    /// Who may apply: `individual`, `enterprise` or `both`.
    pub applicant: String,
    pub online: bool,
    pub promised_days: i32,
    /// The fields, each once (a bundle's shared fields asked once).
    pub fields: Vec<FieldDef>,
    pub parts: Vec<Part>,
    pub definition_id: i64,
    pub process: ValidProcess,
}

type PartRow = (i64, String, i64, Bilingual, Bilingual, serde_json::Value);

async fn parts(pool: &PgPool, target: Target, id: i64) -> Result<Vec<Part>, AppError> {
    let sql = match target {
        Target::Item => {
            "select i.id, i.code, i.department_id, row(i.name_zh, i.name_en), row(d.name_zh, d.name_en),
                    coalesce(f.fields, '[]'::jsonb)
             from service_item i join department d on d.id = i.department_id
             left join service_form f on f.item_id = i.id
             where i.id = $1"
        }
        Target::Bundle => {
            "select i.id, i.code, i.department_id, row(i.name_zh, i.name_en), row(d.name_zh, d.name_en),
                    coalesce(f.fields, '[]'::jsonb)
             from bundle_item bi join service_item i on i.id = bi.item_id
             join department d on d.id = i.department_id
             left join service_form f on f.item_id = i.id
             where bi.bundle_id = $1 order by bi.position"
        }
    };
    let rows: Vec<PartRow> = sqlx::query_as(sql).bind(id).fetch_all(pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for (n, (item_id, code, department_id, name, department, fields)) in
        rows.into_iter().enumerate()
    {
        let fields: Vec<FieldDef> = serde_json::from_value(fields).map_err(AppError::internal)?;
        let materials: Vec<Bilingual> = sqlx::query_scalar(
            "select row(name_zh, name_en) from service_material where item_id = $1 and scan_accepted
             order by position",
        )
        .bind(item_id)
        .fetch_all(pool)
        .await?;
        out.push(Part {
            position: n as i16 + 1,
            item_id,
            item_code: code,
            department_id,
            name,
            department,
            fields,
            materials,
        });
    }
    Ok(out)
}

/// Loads what applying for `key` (an item code, or a bundle's region and
/// key) asks; an unknown target is `NotFound`.
pub async fn load(pool: &PgPool, target: Target, key: &str) -> Result<ApplyTarget, AppError> {
    type Head = (
        i64,
        Bilingual,
        i32,
        String,
        bool,
        i32,
        i64,
        serde_json::Value,
    );
    let head: Option<Head> = match target {
        Target::Item => {
            sqlx::query_as(
                "select i.id, row(i.name_zh, i.name_en), i.region_code, i.applicant,
                        i.online_depth in ('apply_online', 'fully_online'), i.promised_days::int,
                        p.id, p.definition
                 from service_item i
                 join lateral (select id, definition from process_definition
                               where item_id = i.id order by version desc limit 1) p on true
                 where i.code = $1",
            )
            .bind(key)
            .fetch_optional(pool)
            .await?
        }
        Target::Bundle => {
            let (region, bkey) = key.split_once('/').ok_or(AppError::NotFound)?;
            let region: i32 = region.parse().map_err(|_| AppError::NotFound)?;
            sqlx::query_as(
                "select b.id, row(b.name_zh, b.name_en), b.region_code,
                        case when bool_and(i.applicant = 'enterprise') then 'enterprise'
                             when bool_and(i.applicant <> 'enterprise') then 'individual'
                             else 'both' end,
                        bool_and(i.online_depth in ('apply_online', 'fully_online')),
                        max(p.critical_days), max(p.id), (array_agg(p.definition))[1]
                 from bundle b
                 join bundle_item bi on bi.bundle_id = b.id
                 join service_item i on i.id = bi.item_id
                 join lateral (select id, definition, critical_days from process_definition
                               where bundle_id = b.id order by version desc limit 1) p on true
                 where b.region_code = $1 and b.key = $2
                 group by b.id",
            )
            .bind(region)
            .bind(bkey)
            .fetch_optional(pool)
            .await?
        }
    };
    let (id, name, region_code, applicant, online, promised_days, definition_id, definition) =
        head.ok_or(AppError::NotFound)?;
    let def: ProcessDef = serde_json::from_value(definition).map_err(AppError::internal)?;
    let process = def.validate().map_err(|e| {
        AppError::internal(format!(
            "stored definition {definition_id} is invalid: {e:?}"
        ))
    })?;
    let parts = parts(pool, target, id).await?;
    let forms: Vec<&[FieldDef]> = parts.iter().map(|p| p.fields.as_slice()).collect();
    let fields = form::merge(&forms).map_err(AppError::internal)?;
    Ok(ApplyTarget {
        target,
        id,
        name,
        region_code,
        applicant,
        online,
        promised_days,
        fields,
        parts,
        definition_id,
        process,
    })
}

/// Whether this account may apply for the target.
pub fn may_apply(me: &Me, target: &ApplyTarget) -> bool {
    matches!(
        (me.role, target.applicant.as_str()),
        (Role::Citizen, "individual" | "both") | (Role::Enterprise, "enterprise" | "both")
    )
}

fn target_ids(target: &ApplyTarget) -> (Option<i64>, Option<i64>) {
    match target.target {
        Target::Item => (Some(target.id), None),
        Target::Bundle => (None, Some(target.id)),
    }
}

/// Saves what the applicant has typed so far (only the form's own inputs).
pub async fn save_draft(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    target: &ApplyTarget,
    raw: &RawAnswers,
) -> Result<(), AppError> {
    let kept = form::keep_known(&target.fields, raw);
    let sealed = key.seal(&serde_json::to_vec(&kept).map_err(AppError::internal)?);
    let (item, bundle) = target_ids(target);
    let conflict = if item.is_some() {
        "(account_id, item_id) where item_id is not null"
    } else {
        "(account_id, bundle_id) where bundle_id is not null"
    };
    sqlx::query(&format!(
        "insert into application_draft (account_id, item_id, bundle_id, answers_sealed)
         values ($1, $2, $3, $4)
         on conflict {conflict} do update set answers_sealed = excluded.answers_sealed, updated_at = now()"
    ))
    .bind(me.id)
    .bind(item)
    .bind(bundle)
    .bind(sealed)
    .execute(pool)
    .await?;
    Ok(())
}

/// The applicant's draft for the target, if any.
pub async fn load_draft(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    target: &ApplyTarget,
) -> Result<Option<RawAnswers>, AppError> {
    let (item, bundle) = target_ids(target);
    let sealed: Option<Vec<u8>> = sqlx::query_scalar(
        "select answers_sealed from application_draft
         where account_id = $1 and item_id is not distinct from $2 and bundle_id is not distinct from $3",
    )
    .bind(me.id)
    .bind(item)
    .bind(bundle)
    .fetch_optional(pool)
    .await?;
    match sealed {
        None => Ok(None),
        Some(s) => {
            let bytes = key.open(&s).map_err(AppError::internal)?;
            Ok(Some(
                serde_json::from_slice(&bytes).map_err(AppError::internal)?,
            ))
        }
    }
}

/// A submitted case as its receipt shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub case_id: i64,
    pub case_no: String,
    pub query_code: String,
    /// False when the key had already made this case (a retry).
    pub created: bool,
}

async fn existing(
    pool: &PgPool,
    me: &Me,
    idempotency: uuid::Uuid,
) -> Result<Option<Submitted>, AppError> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "select id, case_no, query_code from case_file where applicant_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(idempotency)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(case_id, case_no, query_code)| Submitted {
        case_id,
        case_no,
        query_code,
        created: false,
    }))
}

/// Submits an application. The same idempotency key always gives the same
/// case, whatever is sent the second time; the case, its parts, tasks and
/// first events are written in one transaction.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    pool: &PgPool,
    key: &DataKey,
    cal: &Calendar,
    me: &Me,
    target: &ApplyTarget,
    raw: &RawAnswers,
    idempotency: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Submitted, AppError> {
    if let Some(done) = existing(pool, me, idempotency).await? {
        return Ok(done);
    }
    if !may_apply(me, target) {
        return Err(AppError::Forbidden);
    }
    if !target.online {
        return Err(AppError::NotOnline);
    }
    let today = now.to_offset(clock::HALL_OFFSET).date();
    // The applicant's identity comes from their account, never from what
    // was sent (a form post or an API client cannot change it).
    let facts = crate::accounts::store::facts(pool, key, me).await?;
    let raw = form::with_fixed(&target.fields, raw, &facts);
    let answers: Answers =
        form::parse_answers(&target.fields, &raw, today).map_err(AppError::from)?;
    let accepted_on = clock::acceptance_day(cal, now);
    let seal = |a: &Answers| -> Result<Vec<u8>, AppError> {
        Ok(key.seal(&serde_json::to_vec(a).map_err(AppError::internal)?))
    };
    let (item, bundle) = target_ids(target);
    let query_code = QueryCode::generate()?;
    let mut tx = pool.begin().await?;
    let serial: i64 = sqlx::query_scalar("select nextval('case_no_seq')")
        .fetch_one(&mut *tx)
        .await?;
    let case_no = CaseNo::new(target.region_code, accepted_on, serial);
    let due_on = cal
        .add_working_days(accepted_on, target.process.critical_days())
        .unwrap_or(accepted_on);
    let inserted: Option<i64> = sqlx::query_scalar(
        "insert into case_file (case_no, query_code, applicant_id, item_id, bundle_id, region_code,
             definition_id, answers_sealed, idempotency_key, submitted_at, accepted_on, due_on, status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'in_review')
         on conflict (applicant_id, idempotency_key) do nothing
         returning id",
    )
    .bind(case_no.as_str())
    .bind(query_code.as_str())
    .bind(me.id)
    .bind(item)
    .bind(bundle)
    .bind(target.region_code)
    .bind(target.definition_id)
    .bind(seal(&answers)?)
    .bind(idempotency)
    .bind(now)
    .bind(accepted_on)
    .bind(due_on)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(case_id) = inserted else {
        // Another request with the same key won the race.
        tx.rollback().await?;
        return existing(pool, me, idempotency)
            .await?
            .ok_or_else(|| AppError::internal("idempotent case vanished"));
    };
    for part in &target.parts {
        sqlx::query(
            "insert into case_part (case_id, position, item_id, department_id, answers_sealed)
             values ($1, $2, $3, $4, $5)",
        )
        .bind(case_id)
        .bind(part.position)
        .bind(part.item_id)
        .bind(part.department_id)
        .bind(seal(&form::part_of(&answers, &part.fields))?)
        .execute(&mut *tx)
        .await?;
    }
    crate::supervision::store::case_taken_in(&mut tx, case_id, today).await?;
    let new_tasks = wf::resolve_tasks(&mut tx, target.region_code, &target.process).await?;
    let tasks = wf::insert_tasks(&mut tx, case_id, &new_tasks).await?;
    let applicant = EventActor {
        account_id: Some(me.id),
        ..EventActor::default()
    };
    wf::record(
        &mut tx,
        case_id,
        None,
        today,
        applicant,
        "submitted",
        None,
        None,
    )
    .await?;
    let mut case = Case {
        tasks,
        pauses: Vec::new(),
        notice_open: false,
    };
    let before = case.tasks.clone();
    let out = case.accept(cal, accepted_on);
    let locked = wf::Locked {
        case_id,
        case_no: case_no.as_str().to_string(),
        applicant_id: me.id,
        accepted_on,
        critical_days: target.process.critical_days() as i32,
        lead_unit_id: new_tasks.first().map(|t| t.unit_id).unwrap_or_default(),
        case,
        notice: None,
    };
    wf::write_outcome(
        &mut tx,
        cal,
        &locked,
        &before,
        &out,
        accepted_on,
        EventActor::default(),
        None,
    )
    .await?;
    let (item_clear, bundle_clear) = (item, bundle);
    sqlx::query(
        "delete from application_draft
         where account_id = $1 and item_id is not distinct from $2 and bundle_id is not distinct from $3",
    )
    .bind(me.id)
    .bind(item_clear)
    .bind(bundle_clear)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(case_no = %case_no.as_str(), "application submitted");
    Ok(Submitted {
        case_id,
        case_no: case_no.as_str().to_string(),
        query_code: query_code.as_str().to_string(),
        created: true,
    })
}
