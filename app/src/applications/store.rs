//! Applications in the database: what a form asks (an item's or a bundle's
//! fields, parts and process), drafts, and submission — idempotent and all
//! or nothing (a server killed mid-submission leaves no case or a whole one).

use super::form::{self, Answers, FieldDef, Given, RawAnswers};
use super::materials::{self, CatalogMaterial, ChosenUpload, MaterialSlot};
use super::{CaseNo, QueryCode, Target};
use crate::{
    accounts::{secrets::DataKey, Me, Role},
    catalog::Bilingual,
    clock::{self, Calendar},
    error::AppError,
    investment::store as inv,
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
    /// The part's upload slots (its own keys).
    pub slots: Vec<MaterialSlot>,
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
    /// The fields, each once (a bundle's shared fields asked once), but
    /// those an earlier part of a bundle issues.
    pub fields: Vec<FieldDef>,
    /// What a bundle already knows of the answers (not asked).
    pub given: Given,
    /// The upload slots, a material shared by parts once.
    pub materials: Vec<MaterialSlot>,
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
        type MaterialRow = (i16, Bilingual, bool, bool, bool, Bilingual, Option<String>);
        let rows: Vec<MaterialRow> = sqlx::query_as(
            "select position, row(name_zh, name_en), required, scan_accepted, filled_online,
                    row(notes_zh, notes_en), sample_url
             from service_material where item_id = $1 order by position",
        )
        .bind(item_id)
        .fetch_all(pool)
        .await?;
        let catalog: Vec<CatalogMaterial> = rows
            .into_iter()
            .map(
                |(position, name, required, scan_accepted, filled_online, notes, sample)| {
                    CatalogMaterial {
                        position,
                        name,
                        required,
                        scan_accepted,
                        filled_online,
                        notes,
                        sample,
                    }
                },
            )
            .collect();
        let slots = materials::slots(&[(code.clone(), catalog)]);
        let materials = slots.iter().map(|s| s.name.clone()).collect();
        out.push(Part {
            position: n as i16 + 1,
            item_id,
            item_code: code,
            department_id,
            name,
            department,
            fields,
            materials,
            slots,
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
        serde_json::Value,
    );
    let head: Option<Head> = match target {
        Target::Item => {
            sqlx::query_as(
                "select i.id, row(i.name_zh, i.name_en), i.region_code, i.applicant,
                        i.online_depth in ('apply_online', 'fully_online'), i.promised_days::int,
                        p.id, p.definition, '{}'::jsonb
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
                        max(p.critical_days), max(p.id), (array_agg(p.definition))[1],
                        b.form_given
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
    let (id, name, region_code, applicant, online, promised_days, definition_id, definition, given) =
        head.ok_or(AppError::NotFound)?;
    let given: Given = serde_json::from_value(given).map_err(AppError::internal)?;
    let def: ProcessDef = serde_json::from_value(definition).map_err(AppError::internal)?;
    let process = def.validate().map_err(|e| {
        AppError::internal(format!(
            "stored definition {definition_id} is invalid: {e:?}"
        ))
    })?;
    let parts = parts(pool, target, id).await?;
    let forms: Vec<&[FieldDef]> = parts.iter().map(|p| p.fields.as_slice()).collect();
    let merged = form::merge(&forms).map_err(AppError::internal)?;
    given.check(&merged).map_err(AppError::internal)?;
    let fields = given.answered(&merged);
    let with_codes: Vec<(String, Vec<CatalogMaterial>)> = parts
        .iter()
        .map(|p| {
            (
                p.item_code.clone(),
                p.slots
                    .iter()
                    .map(|s| CatalogMaterial {
                        position: s
                            .key
                            .rsplit_once("-m")
                            .and_then(|(_, n)| n.parse().ok())
                            .unwrap_or_default(),
                        name: s.name.clone(),
                        required: s.required,
                        scan_accepted: true,
                        filled_online: false,
                        notes: s.notes.clone(),
                        sample: s.sample.clone(),
                    })
                    .collect(),
            )
        })
        .collect();
    let materials = materials::slots(&with_codes);
    Ok(ApplyTarget {
        target,
        id,
        name,
        region_code,
        applicant,
        online,
        promised_days,
        fields,
        given,
        materials,
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
    uploads: Option<&[ChosenUpload]>,
) -> Result<(), AppError> {
    let kept = form::keep_known(&target.fields, raw);
    let uploads = uploads
        .map(|u| serde_json::to_value(u).map_err(AppError::internal))
        .transpose()?;
    let sealed = key.seal(&serde_json::to_vec(&kept).map_err(AppError::internal)?);
    let (item, bundle) = target_ids(target);
    let conflict = if item.is_some() {
        "(account_id, item_id) where item_id is not null"
    } else {
        "(account_id, bundle_id) where bundle_id is not null"
    };
    sqlx::query(&format!(
        "insert into application_draft (account_id, item_id, bundle_id, answers_sealed, uploads)
         values ($1, $2, $3, $4, coalesce($5, '[]'::jsonb))
         on conflict {conflict} do update set answers_sealed = excluded.answers_sealed,
             uploads = coalesce($5, application_draft.uploads), updated_at = now()"
    ))
    .bind(me.id)
    .bind(item)
    .bind(bundle)
    .bind(sealed)
    .bind(uploads)
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

/// The scans kept with the applicant's draft for the target, by material
/// (only the applicant's own, only slots of the target), with their names.
pub async fn draft_uploads(
    pool: &PgPool,
    me: &Me,
    target: &ApplyTarget,
) -> Result<Vec<(ChosenUpload, String)>, AppError> {
    let (item, bundle) = target_ids(target);
    let kept: Option<serde_json::Value> = sqlx::query_scalar(
        "select uploads from application_draft
         where account_id = $1 and item_id is not distinct from $2 and bundle_id is not distinct from $3",
    )
    .bind(me.id)
    .bind(item)
    .bind(bundle)
    .fetch_optional(pool)
    .await?;
    let chosen: Vec<ChosenUpload> = kept
        .map(serde_json::from_value)
        .transpose()
        .map_err(AppError::internal)?
        .unwrap_or_default();
    owned_uploads(pool, me, target, &chosen).await
}

/// Of the uploads chosen, those that are the applicant's own and name a
/// slot of the target, with their file names (others are left out).
pub async fn owned_uploads(
    pool: &PgPool,
    me: &Me,
    target: &ApplyTarget,
    chosen: &[ChosenUpload],
) -> Result<Vec<(ChosenUpload, String)>, AppError> {
    let ids: Vec<i64> = chosen.iter().map(|c| c.id).collect();
    let names = crate::files::store::own(pool, me.id, &ids).await?;
    Ok(chosen
        .iter()
        .filter(|c| target.materials.iter().any(|s| s.key == c.material))
        .filter_map(|c| {
            names
                .iter()
                .find(|(id, _)| *id == c.id)
                .map(|(_, name)| (c.clone(), name.clone()))
        })
        .collect())
}

/// The answers the registration of project `code` (when it is `me`'s)
/// gives the form's fields, by key, as typed: none for a form without a
/// project code, or without a code of one's own project.
pub async fn from_project(
    pool: &PgPool,
    me: &Me,
    fields: &[FieldDef],
    code: Option<&str>,
) -> Result<Vec<(String, String)>, AppError> {
    if !fields.iter().any(|f| f.key == inv::CODE_FIELD) {
        return Ok(Vec::new());
    }
    let mut conn = pool.acquire().await?;
    let Some(project) = inv::registration(&mut conn, me, code).await? else {
        return Ok(Vec::new());
    };
    Ok(project
        .answers()
        .into_iter()
        .filter(|(key, _)| fields.iter().any(|f| f.key == *key))
        .map(|(key, value)| (key.to_string(), value))
        .collect())
}

/// Checks an application before it is submitted (the form's "continue"):
/// the answers, with what the account and the bundle know filled in, and
/// a scan for every required material; every problem at its field, each
/// message naming it.
pub async fn check(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    target: &ApplyTarget,
    raw: &RawAnswers,
    uploads: &[ChosenUpload],
    today: time::Date,
) -> Result<Answers, AppError> {
    check_with(pool, key, me, target, raw, uploads, today, true).await
}

#[allow(clippy::too_many_arguments)]
async fn check_with(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    target: &ApplyTarget,
    raw: &RawAnswers,
    uploads: &[ChosenUpload],
    today: time::Date,
    scans_required: bool,
) -> Result<Answers, AppError> {
    let facts = crate::accounts::store::facts(pool, key, me).await?;
    let mut raw = target.given.fill(
        &target.fields,
        &form::with_fixed(&target.fields, raw, &facts),
    );
    // What the project's registration knows replaces whatever was sent.
    let code = raw.get(inv::CODE_FIELD).cloned();
    raw.extend(from_project(pool, me, &target.fields, code.as_deref()).await?);
    let mut refused = Vec::new();
    let answers = match form::parse_answers(&target.fields, &raw, today) {
        Ok(a) => Some(a),
        Err(errors) => {
            refused.extend(form::refusals(&target.fields, &errors));
            None
        }
    };
    let owned: Vec<ChosenUpload> = owned_uploads(pool, me, target, uploads)
        .await?
        .into_iter()
        .map(|(c, _)| c)
        .collect();
    if scans_required {
        refused.extend(materials::missing(&target.materials, &owned));
    }
    match answers {
        Some(a) if refused.is_empty() => Ok(a),
        _ => Err(AppError::InvalidAnswers { fields: refused }),
    }
}

/// The case an idempotency key already made, if any.
pub async fn already(
    pool: &PgPool,
    me: &Me,
    idempotency: uuid::Uuid,
) -> Result<Option<Submitted>, AppError> {
    existing(pool, me, idempotency).await
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

/// What an applicant sends besides the answers: their declaration (承诺)
/// and a scan for each material.
#[derive(Debug, Clone)]
pub struct Sent<'a> {
    pub raw: &'a RawAnswers,
    /// The applicant declares the information true (must be `true`).
    pub declared: bool,
    pub uploads: &'a [ChosenUpload],
    /// The materials were handed in on paper at a counter (窗口收件, the
    /// demo's history): no scan is required. Never so online.
    pub on_paper: bool,
}

/// Submits an application. The same idempotency key always gives the same
/// case, whatever is sent the second time; the case, its parts, tasks,
/// materials and first events are written in one transaction. Refused
/// (every problem at once, each naming its field) without the declaration
/// or without a scan of a required material.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    pool: &PgPool,
    key: &DataKey,
    cal: &Calendar,
    me: &Me,
    target: &ApplyTarget,
    sent: Sent<'_>,
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
    // An investment item: the project code is checked first; its field's
    // problem joins the answers' problems, a missing permit refuses.
    let applied = match target.target {
        Target::Item => inv::Applied::Item(target.id),
        Target::Bundle => inv::Applied::Bundle(target.id),
    };
    let code = sent.raw.get(inv::CODE_FIELD).map(String::as_str);
    let mut code_refused = Vec::new();
    {
        let mut conn = pool.acquire().await?;
        match inv::check_application(&mut conn, me, applied, code, false).await {
            Ok(_) => {}
            Err(AppError::InvalidAnswers { fields }) => code_refused = fields,
            Err(other) => return Err(other),
        }
    }
    // The applicant's identity comes from their account, never from what
    // was sent (a form post or an API client cannot change it).
    let checked = check_with(
        pool,
        key,
        me,
        target,
        sent.raw,
        sent.uploads,
        today,
        !sent.on_paper,
    )
    .await;
    let checked = match (checked, code_refused.is_empty()) {
        (c, true) => c,
        (Ok(_), false) => Err(AppError::InvalidAnswers {
            fields: code_refused,
        }),
        (Err(AppError::InvalidAnswers { mut fields }), false) => {
            // The project code's own problem says more than the form's.
            fields.retain(|f| f.field != inv::CODE_FIELD);
            fields.extend(code_refused);
            Err(AppError::InvalidAnswers { fields })
        }
        (Err(other), false) => Err(other),
    };
    let answers = match checked {
        Ok(a) if sent.declared => a,
        Ok(_) => {
            return Err(AppError::InvalidAnswers {
                fields: vec![materials::declaration_missing()],
            })
        }
        Err(AppError::InvalidAnswers { mut fields }) => {
            if !sent.declared {
                fields.push(materials::declaration_missing());
            }
            return Err(AppError::InvalidAnswers { fields });
        }
        Err(other) => return Err(other),
    };
    let uploads = owned_uploads(pool, me, target, sent.uploads).await?;
    let accepted_on = clock::acceptance_day(cal, now);
    let seal = |a: &Answers| -> Result<Vec<u8>, AppError> {
        Ok(key.seal(&serde_json::to_vec(a).map_err(AppError::internal)?))
    };
    let (item, bundle) = target_ids(target);
    let query_code = QueryCode::generate()?;
    let mut tx = pool.begin().await?;
    // Again, under the project's lock: one stage application at a time.
    let link = inv::check_application(&mut tx, me, applied, code, true).await?;
    let adjusted;
    let process = match link.and_then(|l| l.joint_days) {
        Some(days) => {
            adjusted = target
                .process
                .with_limit(crate::workflow::outline::JOINT_STEP, days);
            &adjusted
        }
        None => &target.process,
    };
    let serial: i64 = sqlx::query_scalar("select nextval('case_no_seq')")
        .fetch_one(&mut *tx)
        .await?;
    let case_no = CaseNo::new(target.region_code, accepted_on, serial);
    let due_on = cal
        .add_working_days(accepted_on, process.critical_days())
        .unwrap_or(accepted_on);
    let inserted: Option<i64> = sqlx::query_scalar(
        "insert into case_file (case_no, query_code, applicant_id, item_id, bundle_id, region_code,
             definition_id, answers_sealed, idempotency_key, submitted_at, accepted_on, due_on, status,
             project_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'in_review', $13)
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
    .bind(link.map(|l| l.project_id))
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
    for (chosen, _) in &uploads {
        let Some(slot) = target.materials.iter().find(|s| s.key == chosen.material) else {
            continue;
        };
        sqlx::query(
            "insert into case_material (case_id, upload_id, position, material, material_key,
                 material_zh, material_en)
             select $1, u.id, $3, u.name, $4, $5, $6 from upload u where u.id = $2
             on conflict do nothing",
        )
        .bind(case_id)
        .bind(chosen.id)
        .bind(slot.part.clamp(1, 6))
        .bind(&slot.key)
        .bind(&slot.name.zh)
        .bind(&slot.name.en)
        .execute(&mut *tx)
        .await?;
    }
    crate::supervision::store::case_taken_in(&mut tx, case_id, today).await?;
    let new_tasks = wf::resolve_tasks(&mut tx, target.region_code, process).await?;
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
        critical_days: process.critical_days() as i32,
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
