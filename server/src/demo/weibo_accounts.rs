//! The demo microblog accounts (issue 21): the province's and Guangzhou's
//! government accounts (广东发布, 广州发布), three Guangzhou bureaus'
//! (广州民政, 广州公安, 广州人社), the official's account of the civil
//! affairs bureau's director (广州市民政局局长, bound to the post), each
//! applied for by its unit's staff with the approval letter's scan and
//! verified by the province's demo verifier, with its team; and one
//! application still waiting, flagged as a look-alike of 广州民政 (广卅民政).
//!
//! Everything goes through the real store functions (apply, decide, add
//! members), dated in the past. Loaded once (when `gd_fabu` is absent);
//! deterministic (fixed idempotency keys). The other demo loaders of the
//! hall find the accounts by handle.

use super::{demo_account, DEMO_PASSWORD};
use app::{
    accounts::{
        secrets::DataKey,
        store::{self as accounts, Assignment, NewOfficial},
        Me, Role, Username,
    },
    error::AppError,
    files::objects::Objects,
    weibo::accounts::{store, Application, Decision, MemberChange},
};
use sqlx::PgPool;
use time::{Duration, OffsetDateTime};

/// The demo officials this part adds: username, display name, region,
/// department code, unit, post, TOTP secret (base32). `verifier.gd`
/// verifies the province's and the cities' accounts.
pub const DEMO_WEIBO_STAFF: &[(&str, &str, u32, &str, &str, &str, &str)] = &[
    (
        "verifier.gd",
        "梁文（广东省人民政府新闻办公室 新闻发布处 审核岗 政务微博认证）",
        440000,
        "XWB",
        "新闻发布处",
        "审核岗",
        "MVSXE2LGNFSXEZ3EOZSXE2LGNFSXEZ3E",
    ),
    (
        "editor.gd.xwb",
        "邓悦（广东省人民政府新闻办公室 网络新闻传播处 编辑岗）",
        440000,
        "XWB",
        "网络新闻传播处",
        "编辑岗",
        "MVSGS5DPOJTWIYTYO5RGKZDJORXXEZ3E",
    ),
    (
        "reviewer.gd.xwb",
        "黎明（广东省人民政府新闻办公室 网络新闻传播处 审核岗）",
        440000,
        "XWB",
        "网络新闻传播处",
        "审核岗",
        "OJSXM2LFO5SXEZ3EPB3WEMTSMV3GSZLX",
    ),
    (
        "editor.gz.xwb",
        "陈洁（广州市人民政府新闻办公室 新闻发布科 编辑岗）",
        440100,
        "XWB",
        "新闻发布科",
        "编辑岗",
        "MVSGS5DPOJTXU6DXMJSWI2LUN5ZGO6TY",
    ),
    (
        "reviewer.gz.xwb",
        "方正（广州市人民政府新闻办公室 新闻发布科 审核岗）",
        440100,
        "XWB",
        "新闻发布科",
        "审核岗",
        "OJSXM2LFO5SXEZ3ZPB3WEYTSMV3GSZLX",
    ),
    (
        "director.gz.mzj",
        "杨建国（广州市民政局 局长）",
        440100,
        "MZJ",
        "局领导",
        "局长",
        "NBSWCZBOM54ISOLNPJVCQ2LBMRSXE3TP",
    ),
];

/// A demo account: handle, name, applicant, kind, the post of an
/// official's account (unit, post), bio, members added (username, role),
/// days ago it was applied for.
struct DemoAccount {
    handle: &'static str,
    name: &'static str,
    applicant: &'static str,
    post: Option<(&'static str, &'static str)>,
    bio: &'static str,
    members: &'static [(&'static str, &'static str)],
    days_ago: i64,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        handle: "gd_fabu",
        name: "广东发布",
        applicant: "reviewer.gd.xwb",
        post: None,
        bio: "广东省人民政府新闻办公室官方政务微博，发布全省权威信息。",
        members: &[("editor.gd.xwb", "editor"), ("editor.gd.xwb", "responder")],
        days_ago: 400,
    },
    DemoAccount {
        handle: "gz_fabu",
        name: "广州发布",
        applicant: "reviewer.gz.xwb",
        post: None,
        bio: "广州市人民政府新闻办公室政务微博，发布广州权威信息。",
        members: &[("editor.gz.xwb", "editor"), ("editor.gz.xwb", "responder")],
        days_ago: 390,
    },
    DemoAccount {
        handle: "gz_minzheng",
        name: "广州民政",
        applicant: "reviewer.gz.mzj",
        post: None,
        bio: "广州市民政局政务微博：社会救助、养老服务、婚姻登记、社会组织。",
        members: &[("editor.gz.mzj", "editor"), ("staff.gz.mzj", "responder")],
        days_ago: 380,
    },
    DemoAccount {
        handle: "gz_gongan",
        name: "广州公安",
        applicant: "head.gz.gaj",
        post: None,
        bio: "广州市公安局政务微博：警情通报、户政出入境车管服务、防骗提示。",
        members: &[("staff.gz.gaj", "editor"), ("staff.gz.gaj", "responder")],
        days_ago: 370,
    },
    DemoAccount {
        handle: "gz_renshe",
        name: "广州人社",
        applicant: "staff.gz.rsj.fz",
        post: None,
        bio: "广州市人力资源和社会保障局政务微博：就业创业、社会保险、人才服务。",
        members: &[("staff.gz.rsj", "editor"), ("staff.gz.rsj", "responder")],
        days_ago: 360,
    },
    DemoAccount {
        handle: "gz_minzheng_head",
        name: "广州市民政局局长",
        applicant: "director.gz.mzj",
        post: Some(("局领导", "局长")),
        bio: "广州市民政局局长公职人员账号（随岗位移交）。",
        members: &[],
        days_ago: 200,
    },
];

/// The application still waiting: a unit of Guangzhou's health commission
/// names its account like the civil affairs bureau's.
const LOOKALIKE: DemoAccount = DemoAccount {
    handle: "gz_minzhen",
    name: "广卅民政",
    applicant: "staff.gz.wjj",
    post: None,
    bio: "",
    members: &[],
    days_ago: 2,
};

/// The approval letter's scan of every demo application: a small real
/// PNG (a blank sheet; the hall decodes every image it keeps).
const LETTER_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x91, 0x68,
    0x36, 0x00, 0x00, 0x00, 0x16, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xf5, 0xe3, 0x03,
    0x49, 0x88, 0x61, 0x54, 0xc3, 0xa8, 0x86, 0xe1, 0xab, 0x01, 0x00, 0x5f, 0x46, 0xe2, 0x1f, 0xcf,
    0xf8, 0x09, 0x13, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

async fn person(pool: &PgPool, username: &str) -> Result<Me, AppError> {
    demo_account(pool, username)
        .await?
        .ok_or_else(|| AppError::internal(format!("no demo account {username}")))
}

/// Creates the officials of [`DEMO_WEIBO_STAFF`] that do not exist yet.
async fn staff(pool: &PgPool, key: &DataKey) -> Result<(), AppError> {
    for (username, name, region, dept, unit, post, secret) in DEMO_WEIBO_STAFF {
        if demo_account(pool, username).await?.is_some() {
            continue;
        }
        let (d, u, p) = accounts::find_post(pool, &format!("{region}-{dept}"), unit, post)
            .await?
            .ok_or_else(|| AppError::internal(format!("no post {region} {dept} {unit} {post}")))?;
        let official = NewOfficial {
            username: Username::parse(username).map_err(AppError::internal)?,
            password: DEMO_PASSWORD.into(),
            display_name: name.to_string(),
            role: Role::Staff,
            assignment: Assignment::Post(d, u, p),
            totp_secret: Some(secret.to_string()),
        };
        accounts::create_official(pool, key, official, None).await?;
    }
    Ok(())
}

/// Applies for `a` as its applicant (with the letter's scan): its id.
async fn apply(
    pool: &PgPool,
    objects: &Objects,
    a: &DemoAccount,
    serial: u128,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let me = person(pool, a.applicant).await?;
    let scan = app::files::store::save(
        pool,
        objects,
        me.id,
        &format!("{}审批函.png", a.name),
        bytes::Bytes::from_static(LETTER_PNG),
    )
    .await?;
    let post = match a.post {
        Some((unit, post)) => Some(
            sqlx::query_scalar(
                "select p.id from staff s join department_unit u on u.department_id = s.department_id
                 join department_post p on p.unit_id = u.id
                 where s.account_id = $1 and u.name_zh = $2 and p.name_zh = $3",
            )
            .bind(me.id)
            .bind(unit)
            .bind(post)
            .fetch_one(pool)
            .await?,
        ),
        None => None,
    };
    let application = Application {
        handle: a.handle.into(),
        name: a.name.into(),
        kind: if post.is_some() {
            "official"
        } else {
            "institution"
        }
        .into(),
        post,
        bio: a.bio.into(),
        evidence: Some(scan.id),
    };
    let key = uuid::Uuid::from_u128(0x5eed_2100_0000_0000_0000_0000_0000_0000 + serial);
    let at = now - Duration::days(a.days_ago);
    Ok(store::apply(pool, &me, &application, key, at).await?.id)
}

/// Loads the demo accounts unless `gd_fabu` exists (or the demo accounts
/// or the information offices are missing: a data directory older than
/// them).
pub async fn load(
    pool: &PgPool,
    key: &DataKey,
    objects: &Objects,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    if demo_account(pool, "citizen.demo").await?.is_none()
        || store::by_handle(pool, "gd_fabu").await?.is_some()
    {
        return Ok(());
    }
    let offices: bool = sqlx::query_scalar(
        "select exists (select 1 from department where code = 'XWB' and region_code = 440000)",
    )
    .fetch_one(pool)
    .await?;
    if !offices {
        tracing::warn!("no information offices in the catalog: no demo microblog accounts");
        return Ok(());
    }
    tracing::info!("adding the demo microblog accounts");
    staff(pool, key).await?;
    let admin = person(pool, "admin").await?;
    let verifier = person(pool, "verifier.gd").await?;
    store::grant_verifier(pool, &admin, verifier.id, 440000, now).await?;
    for (serial, a) in ACCOUNTS.iter().enumerate() {
        let id = apply(pool, objects, a, serial as u128, now).await?;
        let decided = now - Duration::days(a.days_ago - 1);
        let verify = Decision {
            verdict: "verify".into(),
            reason: String::new(),
        };
        store::decide(pool, &verifier, id, &verify, decided).await?;
        let reviewer = person(pool, a.applicant).await?;
        for (username, role) in a.members {
            let change = MemberChange {
                username: username.to_string(),
                role: role.to_string(),
            };
            store::add_member(pool, &reviewer, a.handle, &change, decided).await?;
        }
    }
    apply(pool, objects, &LOOKALIKE, 100, now).await?;
    Ok(())
}
