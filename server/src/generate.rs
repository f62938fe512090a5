//! A deterministic large catalog for benchmarks: `server generate-catalog
//! --items N` adds N items to the database, made from the demo catalog's
//! items by giving each a situation (新办, 变更, 补办 …) and an applicant
//! group (个体工商户, 港澳居民 …), with varied time limits, online depth
//! and popularity. The same N gives the same items every time.

use crate::rng::Rng;
use app::{
    catalog::{
        self, vocab::OnlineDepth, Bilingual, ServiceCode, ServiceItem, TimeLimits, WorkingDays,
    },
    error::AppError,
    regions,
};
use sqlx::PgPool;
use std::collections::HashMap;

const SITUATIONS: &[(&str, &str, &str)] = &[
    ("xb", "新办", "new"),
    ("bg", "变更", "change"),
    ("yx", "延续", "renewal"),
    ("bb", "补办", "replacement"),
    ("zx", "注销", "cancellation"),
    ("hf", "换发", "reissue"),
    ("ys", "遗失补领", "lost document"),
    ("kstb", "跨省通办", "inter-provincial"),
    ("rq", "容缺受理", "accepted with documents to follow"),
    ("gzcn", "告知承诺制", "by written commitment"),
];

const GROUPS: &[(&str, &str, &str)] = &[
    ("gt", "个体工商户", "sole traders"),
    ("wz", "外商投资企业", "foreign-invested enterprises"),
    ("ga", "港澳居民", "Hong Kong and Macao residents"),
    ("tw", "台湾居民", "Taiwan residents"),
    ("nc", "农村集体经济组织", "rural collectives"),
    ("gy", "国有企业", "state-owned enterprises"),
    ("ln", "老年人", "older people"),
    ("xs", "在校学生", "students"),
    ("jr", "退役军人", "veterans"),
    ("cj", "残疾人", "people with disabilities"),
];

/// The `index`-th generated item, made from `bases` (the demo catalog).
/// Numbers run from 1000 per region and department so they never meet the
/// demo catalog's own.
fn variant(
    bases: &[ServiceItem],
    index: usize,
    numbers: &mut HashMap<(u32, String), u16>,
    rng: &mut Rng,
) -> Result<ServiceItem, String> {
    let base = &bases[index % bases.len()];
    let round = index / bases.len();
    let (sk, szh, sen) = SITUATIONS[round % SITUATIONS.len()];
    let (gk, gzh, gen) = GROUPS[(round / SITUATIONS.len()) % GROUPS.len()];
    let cycle = round / (SITUATIONS.len() * GROUPS.len());
    let number = numbers
        .entry((base.region.get(), base.dept.as_str().to_string()))
        .or_insert(999);
    *number += 1;
    let code = ServiceCode::new(base.region, base.dept.clone(), *number).map_err(|e| {
        format!(
            "too many items for {} {}: {e}",
            base.region,
            base.dept.as_str()
        )
    })?;
    let mut item = base.clone();
    item.code = code;
    item.key = format!("{}-g{cycle}-{sk}-{gk}", base.key);
    item.name = Bilingual::new(
        format!("{}（{gzh}{szh}）", base.name.zh),
        format!("{} ({gen}, {sen})", base.name.en),
    );
    let statutory = base.limits.statutory().get();
    let promised = rng.below(u64::from(statutory) + 1) as u16;
    item.limits = TimeLimits::new(
        base.limits.statutory(),
        WorkingDays::new(promised).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    item.online_depth = OnlineDepth::ALL[rng.below(OnlineDepth::ALL.len() as u64) as usize];
    Ok(item)
}

/// Adds `count` generated items (and their popularity) in batches.
pub async fn generate(pool: &PgPool, count: usize) -> Result<(), AppError> {
    let regions = regions::store::all(pool).await?;
    let demo = crate::demo::catalog(&regions).map_err(AppError::internal)?;
    catalog::store::store(
        pool,
        &catalog::seed::Catalog {
            departments: demo.departments.clone(),
            items: Vec::new(),
        },
    )
    .await?;
    let mut rng = Rng::new(0x00BA_4510);
    let mut numbers = HashMap::new();
    const BATCH: usize = 2_000;
    let mut start = 0;
    while start < count {
        let end = (start + BATCH).min(count);
        let items = (start..end)
            .map(|i| variant(&demo.items, i, &mut numbers, &mut rng))
            .collect::<Result<Vec<_>, _>>()
            .map_err(AppError::internal)?;
        catalog::store::store_items(pool, &items).await?;
        // Popularity: a few items are viewed a lot, most rarely.
        let codes: Vec<String> = items.iter().map(|i| i.code.to_string()).collect();
        let views: Vec<i64> = items
            .iter()
            .map(|_| {
                let r = rng.below(1_000_000) as f64 / 1_000_000.0;
                (r.powi(8) * 100_000.0) as i64
            })
            .collect();
        // Recorded as views a year ago: they rank results, but are not hot.
        sqlx::query(
            "with v as (
                 select i.id, v.views from unnest($1::text[], $2::int8[]) as v(code, views)
                 join service_item i on i.code = v.code where v.views > 0),
             days as (
                 insert into service_view_day (item_id, day, views)
                 select id, current_date - 365, views::int from v
                 on conflict (item_id, day) do update set views = excluded.views)
             update service_search s set views = v.views from v where s.item_id = v.id",
        )
        .bind(&codes)
        .bind(&views)
        .execute(pool)
        .await?;
        tracing::info!(done = end, of = count, "generated items");
        start = end;
    }
    for table in ["service_search", "service_browse"] {
        sqlx::query(&format!("vacuum analyze {table}"))
            .execute(pool)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::regions::store::parse_csv;

    #[test]
    fn variants_are_valid_distinct_and_deterministic() {
        let regions = parse_csv(crate::reference::REGIONS_CSV).unwrap();
        let demo = crate::demo::catalog(&regions).unwrap();
        let make = || {
            let mut rng = Rng::new(0x00BA_4510);
            let mut numbers = HashMap::new();
            (0..demo.items.len() * 3)
                .map(|i| variant(&demo.items, i, &mut numbers, &mut rng).unwrap())
                .collect::<Vec<_>>()
        };
        let a = make();
        assert_eq!(a, make());
        let mut codes = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for item in &a {
            item.validate().unwrap();
            assert!(codes.insert(item.code.to_string()));
            assert!(keys.insert((item.region, item.key.clone())));
            assert!(!demo.items.iter().any(|d| d.code == item.code));
        }
    }
}
