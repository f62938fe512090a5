//! The demo's intermediary service marketplace (中介服务超市): a dozen
//! made-up intermediaries in Guangzhou across the service types with their
//! qualifications, the demo intermediary account `agency.demo` (a company
//! account) managing the first of them, and — when the demo enterprise
//! (`enterprise.demo`) owns an investment project — completed and rated
//! purchases of that project, so the board ranks, and one open purchase
//! taking registrations.
//!
//! The names, credit codes and certificates are demo data, not real
//! companies'. Each part is loaded once: the intermediaries when there are
//! none; the purchases when the demo project exists and has none (the demo
//! projects come from the investment demo, which may load after this on a
//! first start: the purchases then follow on the next start).

use app::{
    accounts::{forms::EnterpriseForm, identity::CreditCode, store as accounts},
    clock::{self, parse_date},
    error::AppError,
    intermediaries::{
        store, How, NewPurchase, RatingBody, RawIntermediary, RawQualification, ServiceType,
    },
    investment::code::ProjectCode,
};
use sqlx::PgPool;
use time::OffsetDateTime;

/// Name (zh, en), district, qualifications (service, grade, valid until).
type DemoIntermediary = (
    &'static str,
    &'static str,
    u32,
    &'static [(&'static str, &'static str, &'static str)],
);

const INTERMEDIARIES: &[DemoIntermediary] = &[
    (
        "广州穗城测绘技术有限公司",
        "Guangzhou Suicheng Surveying Technology Co., Ltd.",
        440106,
        &[
            ("surveying", "a", "2028-06-30"),
            ("land_survey", "a", "2028-06-30"),
        ],
    ),
    (
        "广州羊城勘测规划设计有限公司",
        "Guangzhou Yangcheng Survey and Planning Co., Ltd.",
        440104,
        &[
            ("surveying", "b", "2027-12-31"),
            ("geological_survey", "b", "2027-12-31"),
        ],
    ),
    (
        "广州珠江环境科技咨询有限公司",
        "Guangzhou Zhujiang Environmental Consulting Co., Ltd.",
        440105,
        &[
            ("environmental_impact", "a", "2028-03-31"),
            ("soil_water_conservation", "b", "2028-03-31"),
        ],
    ),
    (
        "广州绿源环评技术有限公司",
        "Guangzhou Lüyuan EIA Technology Co., Ltd.",
        440111,
        &[
            ("environmental_impact", "b", "2027-09-30"),
            ("energy_assessment", "b", "2027-09-30"),
        ],
    ),
    (
        "广州南粤施工图审查中心有限公司",
        "Guangzhou Nanyue Drawing Review Centre Co., Ltd.",
        440106,
        &[("drawing_review", "a", "2028-12-31")],
    ),
    (
        "广州建审工程咨询有限公司",
        "Guangzhou Jianshen Engineering Consulting Co., Ltd.",
        440103,
        &[
            ("drawing_review", "b", "2027-06-30"),
            ("traffic_impact", "c", "2026-06-30"),
        ],
    ),
    (
        "广州华南岩土工程勘察有限公司",
        "Guangzhou Huanan Geotechnical Survey Co., Ltd.",
        440112,
        &[
            ("geological_survey", "a", "2028-09-30"),
            ("land_survey", "b", "2028-09-30"),
        ],
    ),
    (
        "广州节能评估中心有限公司",
        "Guangzhou Energy Assessment Centre Co., Ltd.",
        440104,
        &[("energy_assessment", "a", "2028-01-31")],
    ),
    (
        "广州岭南水土保持技术有限公司",
        "Guangzhou Lingnan Soil and Water Conservation Co., Ltd.",
        440113,
        &[
            ("soil_water_conservation", "a", "2027-11-30"),
            ("environmental_impact", "b", "2027-11-30"),
        ],
    ),
    (
        "广州交通规划咨询有限公司",
        "Guangzhou Transport Planning Consulting Co., Ltd.",
        440105,
        &[("traffic_impact", "a", "2028-05-31")],
    ),
    (
        "广州花城国土勘测有限公司",
        "Guangzhou Huacheng Land Survey Co., Ltd.",
        440114,
        &[
            ("land_survey", "a", "2028-02-29"),
            ("surveying", "b", "2028-02-29"),
        ],
    ),
    (
        "广州城市交评技术有限公司",
        "Guangzhou Urban Traffic Assessment Co., Ltd.",
        440111,
        &[
            ("traffic_impact", "b", "2027-08-31"),
            ("energy_assessment", "c", "2027-08-31"),
        ],
    ),
];

/// The demo intermediary account's username.
pub const AGENCY: &str = "agency.demo";

/// The demo credit code of intermediary `n`: a made-up body in its
/// district and the check character the validator accepts.
fn credit_code(district: u32, n: usize) -> Result<String, AppError> {
    const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    let body = format!("91{district}MA5D{n:05}");
    ALPHABET
        .chars()
        .map(|c| format!("{body}{c}"))
        .find(|c| CreditCode::parse(c).is_ok())
        .ok_or_else(|| AppError::internal(format!("no check character for {body}")))
}

/// Completed purchases of the demo project: which intermediary (index),
/// service, posted on, delivered on, the four stars.
const RATED: &[(usize, &str, &str, &str, [u8; 4])] = &[
    (0, "surveying", "2026-03-02", "2026-03-20", [5, 5, 4, 4]),
    (0, "land_survey", "2026-03-09", "2026-03-27", [5, 4, 5, 4]),
    (1, "surveying", "2026-03-16", "2026-04-17", [3, 2, 3, 3]),
    (
        2,
        "environmental_impact",
        "2026-04-01",
        "2026-05-15",
        [5, 4, 5, 4],
    ),
    (
        3,
        "environmental_impact",
        "2026-04-08",
        "2026-06-05",
        [3, 3, 4, 2],
    ),
    (
        4,
        "drawing_review",
        "2026-05-06",
        "2026-05-22",
        [4, 5, 5, 4],
    ),
    (
        5,
        "drawing_review",
        "2026-05-11",
        "2026-06-12",
        [2, 2, 3, 3],
    ),
    (
        6,
        "geological_survey",
        "2026-04-13",
        "2026-05-08",
        [4, 4, 4, 5],
    ),
    (
        7,
        "energy_assessment",
        "2026-06-01",
        "2026-06-19",
        [5, 5, 5, 4],
    ),
    (
        9,
        "traffic_impact",
        "2026-06-08",
        "2026-07-10",
        [4, 3, 4, 4],
    ),
];

/// Loads the demo marketplace (each part once).
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let none: bool = sqlx::query_scalar("select not exists (select 1 from intermediary)")
        .fetch_one(pool)
        .await?;
    let mut ids = Vec::new();
    if none {
        tracing::info!("adding the demo intermediaries");
    }
    for (n, (zh, en, district, quals)) in INTERMEDIARIES.iter().enumerate() {
        let code = credit_code(*district, n + 1)?;
        if !none {
            let id: Option<i64> =
                sqlx::query_scalar("select id from intermediary where credit_code = $1")
                    .bind(&code)
                    .fetch_optional(pool)
                    .await?;
            ids.push(id);
            continue;
        }
        let account = if n == 0 {
            Some(agency(pool, zh, &code).await?)
        } else {
            None
        };
        let raw = RawIntermediary {
            name_zh: zh.to_string(),
            name_en: en.to_string(),
            credit_code: code,
            region: district.to_string(),
            qualifications: quals
                .iter()
                .enumerate()
                .map(|(i, (service, grade, until))| RawQualification {
                    service: service.to_string(),
                    grade: grade.to_string(),
                    certificate: format!("粤中介资字第{district}{n:02}{i}号"),
                    valid_until: until.to_string(),
                })
                .collect(),
        };
        let new = raw
            .parse()
            .map_err(|e| AppError::internal(format!("demo intermediary {zh}: {e:?}")))?;
        ids.push(Some(
            store::register_intermediary(pool, &new, account).await?,
        ));
    }
    purchases(pool, &ids, now).await
}

/// The demo intermediary account (a company account), made as a company
/// registers: its id.
async fn agency(pool: &PgPool, name: &str, code: &str) -> Result<i64, AppError> {
    if let Some(me) = super::demo_account(pool, AGENCY).await? {
        return Ok(me.id);
    }
    let form = EnterpriseForm {
        username: AGENCY.into(),
        password: super::DEMO_PASSWORD.into(),
        enterprise_name: name.into(),
        credit_code: code.into(),
        legal_representative: "李明".into(),
    }
    .parse()
    .map_err(|e| AppError::internal(format!("demo agency: {e:?}")))?;
    Ok(accounts::register_enterprise(pool, &form, "demo").await?.id)
}

/// The demo project's purchases, when it exists and has none: the rated
/// ones (posted as direct choices on past days, delivered — a demo-only
/// touch, as no intermediary but the agency has an account — and rated by
/// the owner) and one open draw the agency registered for.
async fn purchases(
    pool: &PgPool,
    ids: &[Option<i64>],
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let project: Option<(i64, String)> = sqlx::query_as(
        "select p.id, p.code from investment_project p join account a on a.id = p.owner_id
         where a.username = 'enterprise.demo' order by p.id limit 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some((project_id, code)) = project else {
        return Ok(());
    };
    let any: bool = sqlx::query_scalar(
        "select exists (select 1 from intermediary_purchase where project_id = $1)",
    )
    .bind(project_id)
    .fetch_one(pool)
    .await?;
    let Some(owner) = super::demo_account(pool, "enterprise.demo").await? else {
        return Ok(());
    };
    if any {
        return Ok(());
    }
    tracing::info!("adding the demo purchases of intermediary services");
    let project = ProjectCode::parse(&code).map_err(AppError::internal)?;
    let cal = clock::store::load(pool).await?;
    for (n, (who, service, posted, delivered, stars)) in RATED.iter().enumerate() {
        let Some(Some(intermediary)) = ids.get(*who).copied() else {
            continue;
        };
        let service = ServiceType::parse(service)
            .ok_or_else(|| AppError::internal(format!("demo service {service}")))?;
        let posted = parse_date(posted).map_err(AppError::internal)?;
        let delivered = parse_date(delivered).map_err(AppError::internal)?;
        let new = NewPurchase {
            project: project.clone(),
            service,
            budget: 3_000_000 + 250_000 * n as i64,
            deadline_days: 20,
            how: How::Direct {
                intermediary,
                reason: "演示数据：历史采购，按示范规则直接选取。".into(),
            },
        };
        let key = uuid::Uuid::from_u128(0x6d6b_7400_0000_4000_8000_0000_0000_0000 + n as u128);
        let done = store::post(pool, &cal, &owner, &new, key, posted).await?;
        sqlx::query(
            "update intermediary_work w set delivered_on = $2
             from intermediary_purchase p where p.id = w.purchase_id and p.no = $1",
        )
        .bind(&done.no)
        .bind(delivered)
        .execute(pool)
        .await?;
        sqlx::query("update intermediary_purchase set state = 'delivered' where no = $1")
            .bind(&done.no)
            .execute(pool)
            .await?;
        let [q, t, a, f] = stars.map(|s| s.to_string());
        let body = RatingBody {
            quality: q,
            timeliness: t,
            attitude: a,
            fee: f,
            comment: String::new(),
        };
        store::rate(pool, &owner, &done.no, &body, delivered).await?;
    }
    // An open draw for surveying: the agency and one more have registered.
    let today = now.to_offset(clock::HALL_OFFSET).date();
    let open = NewPurchase {
        project,
        service: ServiceType::Surveying,
        budget: 8_600_000,
        deadline_days: 15,
        how: How::Draw,
    };
    let key = uuid::Uuid::from_u128(0x6d6b_7400_0000_4000_8000_0000_0000_00ff);
    let posted = store::post(pool, &cal, &owner, &open, key, today).await?;
    if let Some(agency) = super::demo_account(pool, AGENCY).await? {
        store::register(pool, &agency, &posted.no, today).await?;
    }
    if let Some(Some(other)) = ids.get(10).copied() {
        sqlx::query(
            "insert into intermediary_registration (purchase_id, intermediary_id, registered_on)
             select id, $2, $3 from intermediary_purchase where no = $1 on conflict do nothing",
        )
        .bind(&posted.no)
        .bind(other)
        .bind(today)
        .execute(pool)
        .await?;
    }
    Ok(())
}
