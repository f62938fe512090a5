//! The demo application forms (`seed/catalog/forms.json`), bundles
//! (`bundles.json`) and a process definition for every demo item and
//! bundle, made from the catalog's outlines and checked before they are
//! stored.
//!
//! Storing them is data loading, not capability logic: the hall has no
//! action that defines forms, processes or bundles (they come with the
//! catalog), so the inserts of `service_form`, `process_definition`,
//! `bundle`, `bundle_item` and `investment_stage_need` live here, in one
//! transaction. A bundle with `investment_stage` is a stage of an
//! investment project: its definition is `outline::stage_process`.

use app::{
    accounts,
    applications::form::{self, ChoiceOption, FieldDef, FieldKind},
    catalog::{seed::Catalog, Bilingual, ServiceItem},
    error::AppError,
    workflow::{
        definition::{Owner, ProcessDef, ValidProcess},
        outline::{self, BundlePart, StagePart},
    },
};
use serde::Deserialize;
use sqlx::PgPool;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedOption {
    value: String,
    label_zh: String,
    label_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedField {
    kind: String,
    label_zh: String,
    label_en: String,
    required: bool,
    hint_zh: Option<String>,
    hint_en: Option<String>,
    org_hint_zh: Option<String>,
    org_hint_en: Option<String>,
    max_len: Option<u16>,
    min: Option<i64>,
    max: Option<i64>,
    unit_zh: Option<String>,
    unit_en: Option<String>,
    past_only: Option<bool>,
    places: Option<u8>,
    options: Option<Vec<SeedOption>>,
    known: Option<form::Known>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedForms {
    fields: BTreeMap<String, SeedField>,
    defaults: BTreeMap<String, Vec<String>>,
    forms: BTreeMap<String, Vec<String>>,
    /// What each bundle (by key) already knows of its form's answers.
    #[serde(default)]
    bundles: BTreeMap<String, form::Given>,
    /// Materials that an item's online form itself is, by item key and
    /// material name (not uploaded).
    #[serde(default)]
    filled_online: BTreeMap<String, Vec<String>>,
    /// Samples (样表) of materials: item key → material name → address.
    #[serde(default)]
    samples: BTreeMap<String, BTreeMap<String, String>>,
}

/// The forms of the demo items: defaults by applicant type, then each
/// item's own fields.
#[derive(Debug, Clone)]
pub struct DemoForms {
    defaults: BTreeMap<String, Vec<FieldDef>>,
    forms: BTreeMap<String, Vec<FieldDef>>,
    bundles: BTreeMap<String, form::Given>,
    filled_online: BTreeMap<String, Vec<String>>,
    samples: BTreeMap<String, BTreeMap<String, String>>,
}

impl DemoForms {
    /// The form of an item (its applicant type's defaults, then its own).
    pub fn for_item(&self, item: &ServiceItem) -> Vec<FieldDef> {
        let applicant = serde_json::to_value(item.applicant)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let mut fields = self.defaults.get(&applicant).cloned().unwrap_or_default();
        fields.extend(self.forms.get(&item.key).cloned().unwrap_or_default());
        fields
    }
}

fn pair(zh: Option<String>, en: Option<String>, what: &str) -> Result<Option<Bilingual>, String> {
    match (zh, en) {
        (None, None) => Ok(None),
        (Some(zh), Some(en)) => Ok(Some(Bilingual { zh, en })),
        _ => Err(format!("{what}: both languages or neither")),
    }
}

fn field(key: &str, f: &SeedField) -> Result<FieldDef, String> {
    let need = |v: Option<i64>, name: &str| v.ok_or_else(|| format!("field {key}: {name} missing"));
    let kind = match f.kind.as_str() {
        "text" => FieldKind::Text {
            max_len: f
                .max_len
                .ok_or_else(|| format!("field {key}: max_len missing"))?,
        },
        "long_text" => FieldKind::LongText {
            max_len: f
                .max_len
                .ok_or_else(|| format!("field {key}: max_len missing"))?,
        },
        "number" => FieldKind::Number {
            min: need(f.min, "min")?,
            max: need(f.max, "max")?,
            unit: pair(f.unit_zh.clone(), f.unit_en.clone(), key)?,
            places: f.places.unwrap_or(0),
        },
        "date" => FieldKind::Date {
            past_only: f.past_only.unwrap_or(false),
        },
        "choice" => FieldKind::Choice {
            options: f
                .options
                .as_ref()
                .ok_or_else(|| format!("field {key}: options missing"))?
                .iter()
                .map(|o| ChoiceOption {
                    value: o.value.clone(),
                    label: Bilingual::new(&o.label_zh, &o.label_en),
                })
                .collect(),
        },
        "address" => FieldKind::Address,
        "id_number" => FieldKind::IdNumber,
        "credit_code" => FieldKind::CreditCode,
        "mobile" => FieldKind::Mobile,
        "person_name" => FieldKind::PersonName,
        other => return Err(format!("field {key}: unknown kind {other}")),
    };
    Ok(FieldDef {
        key: key.to_string(),
        label: Bilingual::new(&f.label_zh, &f.label_en),
        required: f.required,
        hint: pair(f.hint_zh.clone(), f.hint_en.clone(), key)?,
        org_hint: pair(f.org_hint_zh.clone(), f.org_hint_en.clone(), key)?,
        known: f.known,
        kind,
    })
}

/// Reads and checks `forms.json`.
pub fn forms() -> Result<DemoForms, String> {
    let seed: SeedForms =
        serde_json::from_str(super::FORMS).map_err(|e| format!("forms.json: {e}"))?;
    let mut registry = BTreeMap::new();
    for (key, f) in &seed.fields {
        registry.insert(key.clone(), field(key, f)?);
    }
    let list = |keys: &Vec<String>| -> Result<Vec<FieldDef>, String> {
        let fields = keys
            .iter()
            .map(|k| {
                registry
                    .get(k)
                    .cloned()
                    .ok_or_else(|| format!("forms.json names unknown field {k}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        form::check_definitions(&fields)?;
        Ok(fields)
    };
    let defaults = seed
        .defaults
        .iter()
        .map(|(k, v)| Ok((k.clone(), list(v)?)))
        .collect::<Result<BTreeMap<_, _>, String>>()?;
    let forms = seed
        .forms
        .iter()
        .map(|(k, v)| Ok((k.clone(), list(v)?)))
        .collect::<Result<BTreeMap<_, _>, String>>()?;
    for (bundle, given) in &seed.bundles {
        let keys = given
            .fixed
            .keys()
            .chain(given.copies.keys())
            .chain(given.copies.values())
            .chain(given.issued.iter());
        for k in keys {
            if !registry.contains_key(k) {
                return Err(format!(
                    "forms.json: bundle {bundle} names unknown field {k}"
                ));
            }
        }
    }
    for sample in seed.samples.values().flat_map(|m| m.values()) {
        let ok = sample.starts_with('/')
            && sample
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/_.-".contains(&b));
        if !ok {
            return Err(format!("forms.json: sample address {sample:?}"));
        }
    }
    Ok(DemoForms {
        defaults,
        forms,
        bundles: seed.bundles,
        filled_online: seed.filled_online,
        samples: seed.samples,
    })
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedLead {
    pub dept: String,
    pub unit: String,
    pub post: String,
}

/// A bundle (一件事) as `bundles.json` describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeedBundle {
    pub key: String,
    pub scope: String,
    pub name_zh: String,
    pub name_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub life_event: Option<String>,
    pub lead: SeedLead,
    pub items: Vec<String>,
    /// 1–4 for a stage of an investment project (投资审批阶段).
    #[serde(default)]
    pub investment_stage: Option<i16>,
    /// Items of the stage issued on the applicant's commitment (告知承诺制).
    #[serde(default)]
    pub commitment: Vec<String>,
    /// Permits of earlier stages this stage needs issued.
    #[serde(default)]
    pub needs: Vec<String>,
}

/// The working days of a stage's joint acceptance (联合验收) as stored: the
/// limit for government-funded projects; a social investment project's
/// case gets its shorter limit when it is submitted.
pub const JOINT_ACCEPTANCE_DAYS: u16 = 8;

/// Reads `bundles.json`.
pub fn bundles() -> Result<Vec<SeedBundle>, String> {
    serde_json::from_str(super::BUNDLES).map_err(|e| format!("bundles.json: {e}"))
}

/// Posts by (region, department code, unit name).
pub type PostMap = HashMap<(u32, String, String), Vec<String>>;

/// The definition of a demo item, checked.
pub fn item_definition(item: &ServiceItem, posts: &PostMap) -> Result<ValidProcess, String> {
    let region = item.region.get();
    let posts_of = |dept: &str, unit: &str| {
        posts
            .get(&(region, dept.to_string(), unit.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    outline::item_process(item.dept.as_str(), &item.steps, &posts_of)
        .validate()
        .map_err(|e| format!("item {}: {e:?}", item.code))
}

/// The definition of a bundle in one region, checked; its items in order.
pub fn bundle_definition<'a>(
    bundle: &SeedBundle,
    region: u32,
    items: &'a [ServiceItem],
    posts: &PostMap,
) -> Result<(ValidProcess, Vec<&'a ServiceItem>), String> {
    let parts_items = bundle
        .items
        .iter()
        .map(|key| {
            items
                .iter()
                .find(|i| i.region.get() == region && &i.key == key)
                .ok_or_else(|| format!("bundle {}: no item {key} in {region}", bundle.key))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let posts_of = |dept: &str, unit: &str| {
        posts
            .get(&(region, dept.to_string(), unit.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    let parts: Vec<BundlePart> = parts_items
        .iter()
        .map(|i| BundlePart {
            dept: i.dept.as_str(),
            item_name: &i.name,
            steps: &i.steps,
        })
        .collect();
    let lead = Owner {
        department: bundle.lead.dept.clone(),
        unit: bundle.lead.unit.clone(),
        post: bundle.lead.post.clone(),
    };
    if !posts_of(&lead.department, &lead.unit).contains(&lead.post) {
        return Err(format!(
            "bundle {}: the lead post does not exist",
            bundle.key
        ));
    }
    let def: ProcessDef = match bundle.investment_stage {
        Some(stage) => {
            let stage = app::investment::Stage::from_number(stage)
                .ok_or_else(|| format!("bundle {}: no investment stage {stage}", bundle.key))?;
            let parts: Vec<StagePart> = parts
                .into_iter()
                .zip(&parts_items)
                .map(|(part, item)| StagePart {
                    commitment: bundle.commitment.contains(&item.key),
                    part,
                })
                .collect();
            let joint = stage.is_joint().then_some(JOINT_ACCEPTANCE_DAYS);
            outline::stage_process(&lead, &parts, joint, &posts_of)
        }
        None => outline::bundle_process(&lead, &parts, &posts_of),
    };
    let valid = def
        .validate()
        .map_err(|e| format!("bundle {} in {region}: {e:?}", bundle.key))?;
    Ok((valid, parts_items))
}

/// The posts of the demo catalog's units.
pub fn post_map(catalog: &Catalog) -> PostMap {
    let mut map = PostMap::new();
    for d in &catalog.departments {
        for u in &d.units {
            map.insert(
                (
                    d.region.get(),
                    d.code.as_str().to_string(),
                    u.name.zh.clone(),
                ),
                u.posts.iter().map(|p| p.zh.clone()).collect(),
            );
        }
    }
    map
}

/// Stores every demo item's form and definition, and the bundles in every
/// region they apply to, in one transaction.
pub async fn load(
    pool: &PgPool,
    catalog: &Catalog,
    forms: &DemoForms,
    bundles: &[SeedBundle],
) -> Result<(), AppError> {
    let posts = post_map(catalog);
    let ids: HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("select code, id from service_item")
            .fetch_all(pool)
            .await?
            .into_iter()
            .collect();
    let mut tx = pool.begin().await?;
    let mut stored = 0;
    for item in &catalog.items {
        let Some(&id) = ids.get(&item.code.to_string()) else {
            continue;
        };
        let process = item_definition(item, &posts).map_err(AppError::internal)?;
        let fields = forms.for_item(item);
        sqlx::query(
            "insert into service_form (item_id, fields) values ($1, $2) on conflict do nothing",
        )
        .bind(id)
        .bind(serde_json::to_value(&fields).map_err(AppError::internal)?)
        .execute(&mut *tx)
        .await?;
        if let Some(names) = forms.filled_online.get(&item.key) {
            sqlx::query(
                "update service_material set filled_online = true where item_id = $1 and name_zh = any($2)",
            )
            .bind(id)
            .bind(names)
            .execute(&mut *tx)
            .await?;
        }
        for (name, sample) in forms.samples.get(&item.key).into_iter().flatten() {
            sqlx::query(
                "update service_material set sample_url = $3 where item_id = $1 and name_zh = $2",
            )
            .bind(id)
            .bind(name)
            .bind(sample)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "insert into process_definition (item_id, definition, critical_days) values ($1, $2, $3)",
        )
        .bind(id)
        .bind(serde_json::to_value(process.def()).map_err(AppError::internal)?)
        .bind(process.critical_days() as i32)
        .execute(&mut *tx)
        .await?;
        stored += 1;
    }
    let mut regions: Vec<u32> = catalog.items.iter().map(|i| i.region.get()).collect();
    regions.sort_unstable();
    regions.dedup();
    let mut bundle_count = 0;
    for bundle in bundles {
        for &region in &regions {
            let city = region % 100 == 0 && region != 440_000;
            let fits = match bundle.scope.as_str() {
                "city" => city,
                "province" => region == 440_000,
                _ => false,
            };
            if !fits {
                continue;
            }
            let (process, items) = bundle_definition(bundle, region, &catalog.items, &posts)
                .map_err(AppError::internal)?;
            let lead = &bundle.lead;
            let department = format!("{region}-{}", lead.dept);
            let (_, lead_unit, lead_post) =
                accounts::store::find_post(&mut *tx, &department, &lead.unit, &lead.post)
                    .await?
                    .ok_or_else(|| {
                        AppError::internal(format!("bundle {}: no lead post", bundle.key))
                    })?;
            let given = forms.bundles.get(&bundle.key).cloned().unwrap_or_default();
            let bundle_id: i64 = sqlx::query_scalar(
                "insert into bundle (key, region_code, name_zh, name_en, summary_zh, summary_en,
                     life_event, lead_unit_id, lead_post_id, form_given, investment_stage)
                 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
            )
            .bind(&bundle.key)
            .bind(region as i32)
            .bind(&bundle.name_zh)
            .bind(&bundle.name_en)
            .bind(&bundle.summary_zh)
            .bind(&bundle.summary_en)
            .bind(&bundle.life_event)
            .bind(lead_unit)
            .bind(lead_post)
            .bind(serde_json::to_value(&given).map_err(AppError::internal)?)
            .bind(bundle.investment_stage)
            .fetch_one(&mut *tx)
            .await?;
            for (n, item) in items.iter().enumerate() {
                let id = ids
                    .get(&item.code.to_string())
                    .ok_or_else(|| AppError::internal("bundle item not stored"))?;
                sqlx::query(
                    "insert into bundle_item (bundle_id, position, item_id, commitment)
                     values ($1, $2, $3, $4)",
                )
                .bind(bundle_id)
                .bind(n as i16 + 1)
                .bind(id)
                .bind(bundle.commitment.contains(&item.key))
                .execute(&mut *tx)
                .await?;
            }
            for key in &bundle.needs {
                let id = catalog
                    .items
                    .iter()
                    .find(|i| i.region.get() == region && &i.key == key)
                    .and_then(|i| ids.get(&i.code.to_string()))
                    .ok_or_else(|| {
                        AppError::internal(format!("bundle {}: no needed item {key}", bundle.key))
                    })?;
                sqlx::query(
                    "insert into investment_stage_need (bundle_id, item_id) values ($1, $2)",
                )
                .bind(bundle_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query(
                "insert into process_definition (bundle_id, definition, critical_days) values ($1, $2, $3)",
            )
            .bind(bundle_id)
            .bind(serde_json::to_value(process.def()).map_err(AppError::internal)?)
            .bind(process.critical_days() as i32)
            .execute(&mut *tx)
            .await?;
            bundle_count += 1;
        }
    }
    tx.commit().await?;
    tracing::info!(
        items = stored,
        bundles = bundle_count,
        "loaded the demo forms and process definitions"
    );
    Ok(())
}
