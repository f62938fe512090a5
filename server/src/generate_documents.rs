//! A load of published documents (政务公开, issue 20) for
//! `make bench-documents`: [`generate_documents`] adds documents until there
//! are N (default 1,000,000) across every department of the province,
//! published over the ten years before today, of every kind, some policies
//! repealed or amended. Titles and bodies are put together from real-style
//! fragments (topics, document types, sentences), so that one-, two- and
//! four-character queries hit few or many documents as they would in a
//! real hall; the index terms are the store's own
//! ([`app::disclosure::documents::terms`]). The same N and today
//! give the same documents (a fixed-seed generator). Rows go in batches of
//! 5,000; on an empty table the search index is dropped first and built
//! once at the end (much faster than keeping it up to date row by row).

use app::{
    accounts::secrets::dummy_password_hash,
    disclosure::{
        documents::{term_keys, terms, Category},
        Kind,
    },
    error::AppError,
    i18n::Bilingual,
};
use sqlx::PgPool;
use std::collections::HashMap;
use time::{Date, Duration};

use crate::rng::Rng;

const BATCH: usize = 5_000;

const TOPICS: &[&str] = &[
    "最低生活保障",
    "养老服务",
    "住房公积金",
    "义务教育",
    "城市更新",
    "垃圾分类",
    "营商环境",
    "数字政府",
    "医疗保障",
    "就业创业",
    "乡村振兴",
    "安全生产",
    "食品安全",
    "交通运输",
    "生态环境保护",
    "文化旅游",
    "科技创新",
    "人才引进",
    "社会救助",
    "残疾人福利",
    "慈善事业",
    "婚姻登记",
    "殡葬管理",
    "社区治理",
    "老年人优待",
    "儿童福利",
    "退役军人服务",
    "消防安全",
    "防汛防台风",
    "知识产权保护",
    "公共法律服务",
    "住房保障",
    "农村集体经济",
    "工程建设项目审批",
    "政务服务",
    "市场主体登记",
    "药品监管",
    "体育健身",
    "水资源管理",
    "大气污染防治",
    "临时救助",
    "特困人员供养",
    "困境儿童保障",
    "高龄津贴",
    "长者饭堂",
    "居家养老",
    "创业担保贷款",
    "职业技能培训",
    "欠薪治理",
    "不动产登记",
    "建筑废弃物管理",
    "城市排水",
    "燃气安全",
    "电梯安全",
    "河长制",
    "林长制",
    "耕地保护",
    "房屋租赁",
    "物业管理",
    "旧村改造",
];

const DOC_TYPES: &[&str] = &[
    "管理办法",
    "实施细则",
    "管理规定",
    "工作方案",
    "行动计划",
    "实施意见",
    "若干措施",
    "指导意见",
    "操作规程",
    "服务指南",
];

const NEWS: &[&str] = &[
    "召开工作推进会",
    "开展专项检查",
    "举办政策宣讲活动",
    "完成年度目标任务",
    "通过第三方评估",
    "上线便民服务新功能",
    "组织业务培训",
    "开展入户走访",
];

const SENTENCES: &[&str] = &[
    "为进一步做好{t}工作，切实保障人民群众合法权益，结合本地实际，制定本{d}。",
    "本{d}适用于本行政区域内的{t}相关工作。",
    "各级有关部门应当按照职责分工，加强协调配合，共同做好{t}工作。",
    "申请人可以通过广东政务服务网或者线下窗口提出申请，办理时限为二十个工作日。",
    "对不符合条件的，应当书面告知申请人并说明理由。",
    "本{d}自发布之日起施行，有效期五年。",
    "市民政局、市财政局、市人力资源和社会保障局按照各自职责负责实施。",
    "加强信息化建设，推动数据共享，实现一网通办。",
    "建立健全监督检查机制，定期通报工作进展情况。",
    "如有疑问，请致电12345政务服务便民热线咨询。",
];

/// One generated document.
struct Doc {
    department: usize,
    kind: Kind,
    title: String,
    doc_number: Option<String>,
    category: Category,
    published_on: Date,
    body: String,
    validity: Option<&'static str>,
}

fn pick<'a>(rng: &mut Rng, from: &[&'a str]) -> &'a str {
    from[rng.below(from.len() as u64) as usize]
}

fn make(rng: &mut Rng, departments: &[(i64, i32, String, Bilingual)], today: Date) -> Doc {
    let department = rng.below(departments.len() as u64) as usize;
    let name = &departments[department].3.zh;
    let topic = pick(rng, TOPICS);
    let doc_type = pick(rng, DOC_TYPES);
    let r = rng.below(100);
    let kind = match r {
        0..=34 => Kind::News,
        35..=59 => Kind::Notice,
        60..=79 => Kind::Policy,
        80..=84 => Kind::Plan,
        85..=89 => Kind::Budget,
        _ => Kind::PressConference,
    };
    let published_on = today - Duration::days(rng.below(3650) as i64);
    let year = published_on.year();
    let (title, doc_number) = match kind {
        Kind::News => (format!("{name}{}{}", topic, pick(rng, NEWS)), None),
        Kind::Notice => (
            format!("{name}关于做好{year}年{topic}工作的通知"),
            Some(format!("〔{year}〕{}号", 1 + rng.below(200))),
        ),
        Kind::Policy | Kind::Plan => (
            format!("{name}关于印发《{topic}{doc_type}》的通知"),
            Some(format!("规〔{year}〕{}号", 1 + rng.below(40))),
        ),
        Kind::Budget => (format!("{name}{year}年部门预算"), None),
        _ => (format!("{topic}新闻发布会"), None),
    };
    let mut body = String::new();
    for _ in 0..4 {
        let s = pick(rng, SENTENCES)
            .replace("{t}", topic)
            .replace("{d}", doc_type);
        body.push_str(&s);
    }
    let validity = match kind {
        Kind::Policy | Kind::Plan => Some(match rng.below(100) {
            0..=84 => "valid",
            85..=94 => "repealed",
            _ => "amended",
        }),
        _ => None,
    };
    Doc {
        department,
        kind,
        title,
        doc_number,
        category: Category::ALL[rng.below(Category::ALL.len() as u64) as usize],
        published_on,
        body,
        validity,
    }
}

/// Adds documents until there are `n`; how many it added.
pub async fn generate_documents(pool: &PgPool, n: i64, today: Date) -> Result<i64, AppError> {
    for name in ["gen.doc.editor", "gen.doc.reviewer"] {
        // Staff never signed in as (a dummy password; a placeholder where
        // the sealed TOTP secret goes, which staff accounts must have).
        sqlx::query(
            "insert into account (username, role, display_name, password_hash, totp_secret)
             values ($1, 'staff', $1, $2, '\\x00') on conflict (username) do nothing",
        )
        .bind(name)
        .bind(dummy_password_hash())
        .execute(pool)
        .await?;
    }
    let (author, reviewer): (i64, i64) = sqlx::query_as(
        "select (select id from account where username = 'gen.doc.editor'),
                (select id from account where username = 'gen.doc.reviewer')",
    )
    .fetch_one(pool)
    .await?;
    let departments: Vec<(i64, i32, String, Bilingual)> = sqlx::query_as(
        "select id, region_code, code, row(name_zh, name_en) from department order by id",
    )
    .fetch_all(pool)
    .await?;
    let have: i64 = sqlx::query_scalar("select count(*) from document")
        .fetch_one(pool)
        .await?;
    if have >= n || departments.is_empty() {
        return Ok(0);
    }
    // On an empty table, build the search index once at the end.
    let terms_index: Option<String> = if have == 0 {
        let def: Option<String> = sqlx::query_scalar(
            "select indexdef from pg_indexes where indexname = 'document_term_keys_idx'",
        )
        .fetch_optional(pool)
        .await?;
        sqlx::query("drop index if exists document_term_keys_idx")
            .execute(pool)
            .await?;
        def
    } else {
        None
    };
    // The serials already given, per department and year.
    let mut serials: HashMap<(i64, i32), i32> = sqlx::query_as::<_, (i64, i16, i32)>(
        "select department_id, year, last_serial from document_index_counter",
    )
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|(d, y, s)| ((d, y as i32), s))
    .collect();
    let mut rng = Rng::new(20_261_213 + have as u64);
    let mut made = have;
    while made < n {
        let count = BATCH.min((n - made) as usize);
        let docs: Vec<Doc> = (0..count)
            .map(|_| make(&mut rng, &departments, today))
            .collect();
        let mut cols = Columns::default();
        for d in &docs {
            let (dep, region, code, name) = &departments[d.department];
            let year = d.published_on.year();
            let serial = serials.entry((*dep, year)).or_insert(0);
            if *serial >= 99_999 {
                continue;
            }
            *serial += 1;
            let index_no = format!("{region:06}-{code}-{year}-{:05}", *serial);
            let doc_terms = terms(
                &d.title,
                d.doc_number.as_deref(),
                &name.zh,
                name,
                d.kind,
                d.category,
                &d.body,
            );
            cols.department.push(*dep);
            cols.region.push(*region);
            cols.kind.push(d.kind.code().to_string());
            cols.title.push(d.title.clone());
            cols.doc_number.push(d.doc_number.clone());
            cols.issuer.push(name.zh.clone());
            cols.category.push(d.category.code().to_string());
            cols.published_on.push(d.published_on);
            cols.index_no.push(index_no);
            cols.year.push(year as i16);
            cols.serial.push(*serial);
            cols.body.push(d.body.clone());
            cols.validity.push(d.validity.map(str::to_string));
            cols.terms.push(
                term_keys(&doc_terms)
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            );
        }
        let mut tx = pool.begin().await?;
        sqlx::query(
            "with rows as (
                 select u.*, nextval(pg_get_serial_sequence('review_item', 'id')) as item
                 from unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::date[], $9::text[], $10::smallint[],
                             $11::integer[], $12::text[], $13::text[], $14::text[])
                      as u(department_id, region_code, kind, title, doc_number, issuer, category,
                           published_on, index_no, index_year, index_serial, body, validity, terms)
             ),
             items as (
                 insert into review_item (id, subject, department_id, author_id, state,
                                          reviewer_id, published_at, updated_at)
                 overriding system value
                 select item, 'document', department_id, $15, 'published', $16,
                        published_on::timestamptz, published_on::timestamptz
                 from rows
             )
             insert into document (review_id, department_id, region_code, kind, title, doc_number,
                 issuer, category, written_on, published_on, index_no, index_year, index_serial,
                 body, validity, term_keys)
             select item, department_id, region_code, kind, title, doc_number, issuer, category,
                    published_on - 7, published_on, index_no, index_year, index_serial, body,
                    validity, string_to_array(terms, ',')::int4[]
             from rows",
        )
        .bind(&cols.department)
        .bind(&cols.region)
        .bind(&cols.kind)
        .bind(&cols.title)
        .bind(&cols.doc_number)
        .bind(&cols.issuer)
        .bind(&cols.category)
        .bind(&cols.published_on)
        .bind(&cols.index_no)
        .bind(&cols.year)
        .bind(&cols.serial)
        .bind(&cols.body)
        .bind(&cols.validity)
        .bind(&cols.terms)
        .bind(author)
        .bind(reviewer)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        made += cols.department.len() as i64;
        if made % 100_000 < BATCH as i64 {
            tracing::info!(documents = made, "documents generated");
        }
    }
    // The counters, so that later publications go on from the serials given.
    let mut tx = pool.begin().await?;
    for ((dep, year), serial) in &serials {
        sqlx::query(
            "insert into document_index_counter (department_id, year, last_serial)
             values ($1, $2, $3)
             on conflict (department_id, year) do update set last_serial = excluded.last_serial",
        )
        .bind(dep)
        .bind(*year as i16)
        .bind(serial)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if let Some(def) = terms_index {
        tracing::info!("building the search index");
        let mut c = pool.acquire().await?;
        sqlx::query("set maintenance_work_mem = '1GB'")
            .execute(&mut *c)
            .await?;
        sqlx::query(&def).execute(&mut *c).await?;
    }
    Ok(made - have)
}

#[derive(Default)]
struct Columns {
    department: Vec<i64>,
    region: Vec<i32>,
    kind: Vec<String>,
    title: Vec<String>,
    doc_number: Vec<Option<String>>,
    issuer: Vec<String>,
    category: Vec<String>,
    published_on: Vec<Date>,
    index_no: Vec<String>,
    year: Vec<i16>,
    serial: Vec<i32>,
    body: Vec<String>,
    validity: Vec<Option<String>>,
    terms: Vec<String>,
}
