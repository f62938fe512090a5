//! Demo suggestion collection (建议征集) of Guangzhou's development and
//! reform bureau (440100 FGW): a topic open now on the draft 15th
//! five-year plan (十五五规划) with supported suggestions, two selected
//! with official replies (one adopted), unsupported ones a visitor may
//! support, and one hidden by three reports waiting for the moderator
//! `mod.gz.fgw`; and a closed past topic (two sessions proposals) with
//! its summary. Dates are relative to the demo's "now".
//!
//! The open topic's suggestions are made through `app::suggestions::store`
//! as anyone would (submitting, supporting, reporting, selecting: the
//! moderator's inbox gets the hidden notice, the supporters the replies);
//! the past topic carries past dates, so it is inserted as it stands (data
//! loading, not capability logic).

use app::{
    accounts::{
        forms::CitizenForm,
        secrets::DataKey,
        store::{self as accounts, Assignment, NewOfficial},
        Me, Role, Username,
    },
    error::AppError,
    suggestions::store::{self, RawTopic},
};
use sqlx::PgPool;
use time::{macros::offset, Duration, OffsetDateTime};

/// The demo moderator (staff of 440100 FGW), also in `DEMO_OFFICIALS`:
/// username, display name, TOTP secret.
pub const DEMO_MODERATOR: (&str, &str, &str) = (
    "mod.gz.fgw",
    "孙悦（广州市发展和改革局 建议征集审核员）",
    "MOX77IYTZKYDHAORFJVR7JPDUZYEV4VK",
);

/// Residents who write, support and report (username, name, ID number,
/// mobile); valid numbers, not real people's.
const RESIDENTS: &[(&str, &str, &str, &str)] = &[
    (
        "resident.lihua",
        "李华",
        "440104198503121234",
        "13800138001",
    ),
    (
        "resident.wangfang",
        "王芳",
        "440106199007212345",
        "13800138002",
    ),
    (
        "resident.chenjing",
        "陈静",
        "440111197809053456",
        "13800138003",
    ),
    (
        "resident.liuyang",
        "刘洋",
        "440103199511304565",
        "13800138004",
    ),
    (
        "resident.huanglei",
        "黄磊",
        "440112198812145678",
        "13800138005",
    ),
];

fn key(n: u32) -> uuid::Uuid {
    uuid::Uuid::from_u128(0x5e66_0000_0000_4000_8000_0000_0000_0000 + u128::from(n))
}

async fn account(
    pool: &PgPool,
    data_key: &DataKey,
    (username, name, id, mobile): (&str, &str, &str, &str),
) -> Result<Me, AppError> {
    if let Some(me) = super::demo_account(pool, username).await? {
        return Ok(me);
    }
    let form = CitizenForm {
        username: username.into(),
        password: super::DEMO_PASSWORD.into(),
        real_name: name.into(),
        id_number: id.into(),
        mobile: mobile.into(),
    }
    .parse()
    .map_err(|e| AppError::internal(format!("demo resident: {e:?}")))?;
    accounts::register_citizen(pool, data_key, &form, "demo").await
}

/// The demo moderator, made when a data directory predates it.
async fn moderator(pool: &PgPool, data_key: &DataKey) -> Result<Me, AppError> {
    let (username, name, secret) = DEMO_MODERATOR;
    if let Some(me) = super::demo_account(pool, username).await? {
        return Ok(me);
    }
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = 440100 and d.code = 'FGW' order by u.id, p.id limit 1",
    )
    .fetch_one(pool)
    .await?;
    let official = NewOfficial {
        username: Username::parse(username).map_err(AppError::internal)?,
        password: super::DEMO_PASSWORD.into(),
        display_name: name.to_string(),
        role: Role::Staff,
        assignment: Assignment::Post(d, u, p),
        totp_secret: Some(secret.to_string()),
    };
    Ok(accounts::create_official(pool, data_key, official, None)
        .await?
        .0)
}

/// Author (index into the people), title, text, supporters (indexes),
/// reply and adopted (selected when there is a reply).
type Demo = (
    usize,
    &'static str,
    &'static str,
    &'static [usize],
    Option<(&'static str, bool)>,
);

/// The people: 0 `citizen.demo`, 1 `enterprise.demo`, 2–6 the residents.
const OPEN: &[Demo] = &[
    (
        2,
        "加密地铁外围线路高峰班次",
        "建议在规划中明确地铁14号线、21号线等外围线路高峰期发车间隔压缩到4分钟以内，并同步建设接驳公交，缓解从化、增城等地居民通勤压力。",
        &[0, 1, 3, 4],
        Some(("感谢您的建议。规划纲要已将“加密外围线路高峰班次、优化接驳公交”纳入综合交通章节，具体班次由市交通运输局会同广州地铁在年度运营计划中落实。", false)),
    ),
    (
        1,
        "设立中小企业数字化转型专项资金",
        "建议设立市级中小企业数字化转型专项资金，对上云用数、工业软件采购给予30%以内的补贴，并建立服务商目录，降低企业试错成本。",
        &[0, 2, 5],
        Some(("您的建议已被采纳。规划纲要“数字经济”章节新增“实施中小企业数字化转型专项行动，设立专项资金”的表述，细则将由市工业和信息化局另行制定。", true)),
    ),
    (
        3,
        "老旧小区加装电梯补贴向高龄住户倾斜",
        "建议对有80岁以上老人居住的老旧小区加装电梯项目提高补贴比例，并简化业主意见征询流程，让更多老人能下楼。",
        &[0, 6],
        None,
    ),
    (
        4,
        "每个街道建设一个社区养老服务综合体",
        "建议规划期内实现每个街道至少建成一个集日间照料、助餐、康复于一体的社区养老服务综合体，并向周边小区提供上门服务。",
        &[],
        None,
    ),
    (
        0,
        "增加珠江沿岸公共开放空间和骑行道",
        "建议在珠江两岸继续贯通滨水步道和骑行道，增加公共厕所、饮水点和遮阴设施，方便市民休闲健身。",
        &[],
        None,
    ),
];

/// Adds the demo topics unless there are topics already, or the demo
/// accounts are missing.
pub async fn load(pool: &PgPool, data_key: &DataKey, now: OffsetDateTime) -> Result<(), AppError> {
    let empty: bool = sqlx::query_scalar("select not exists (select 1 from suggestion_topic)")
        .fetch_one(pool)
        .await?;
    let Some(citizen) = super::demo_account(pool, "citizen.demo").await? else {
        return Ok(());
    };
    let moderator = moderator(pool, data_key).await?;
    if !empty {
        return Ok(());
    }
    let Some(enterprise) = super::demo_account(pool, "enterprise.demo").await? else {
        return Ok(());
    };
    tracing::info!("adding the demo suggestion topics");
    let mut people = vec![citizen, enterprise];
    for r in RESIDENTS {
        people.push(account(pool, data_key, *r).await?);
    }
    let today = now.to_offset(offset!(+8)).date();
    let fmt = |d: time::Date| app::clock::format_date(d);
    let topic = store::open_topic(
        pool,
        &moderator,
        &RawTopic {
            title: "《广州市国民经济和社会发展第十五个五年规划纲要（征求意见稿）》意见征集".into(),
            description: "为编制好我市“十五五”规划，现面向社会公开征集意见建议。欢迎围绕产业发展、科技创新、交通出行、住房保障、养老托育、生态环境等方面提出意见。部门将精选有代表性的建议予以回复，并在征集结束后公布采纳情况。".into(),
            kind: "plan".into(),
            opens_on: fmt(today),
            closes_on: fmt(today + Duration::days(30)),
        },
        key(1),
        today,
    )
    .await?;
    // Opened twenty days ago, as the record says (data loading).
    sqlx::query("update suggestion_topic set opens_on = $2 where id = $1")
        .bind(topic.id)
        .bind(today - Duration::days(20))
        .execute(pool)
        .await?;
    let (moderator_view, _) = store::staff_department(pool, &moderator).await?;
    for (n, (author, title, body, supporters, reply)) in OPEN.iter().enumerate() {
        let made = store::submit(
            pool,
            &people[*author],
            topic.id,
            title,
            body,
            key(100 + n as u32),
            now,
            today,
        )
        .await?;
        for s in *supporters {
            store::support(pool, &people[*s], made.id, true, now, today).await?;
        }
        if let Some((reply, adopted)) = reply {
            store::select(pool, moderator_view, made.id, reply, *adopted, now, today).await?;
        }
    }
    // One hidden by three reports, waiting for the moderator.
    let spam = store::submit(
        pool,
        &people[6],
        topic.id,
        "高价回收各类购物卡请加微信",
        "高价回收各类购物卡、加油卡、话费卡，当面交易，价格公道，有意者请加微信联系。",
        key(199),
        now,
        today,
    )
    .await?;
    for r in [2, 3, 4] {
        store::report(pool, &people[r], spam.id, "广告或垃圾信息", now, today).await?;
    }
    past(pool, &moderator, &people, now).await
}

/// Title, text, author, supporters, reply, adopted.
type Past = (
    &'static str,
    &'static str,
    usize,
    &'static [usize],
    Option<&'static str>,
    bool,
);

const PAST: &[Past] = &[
    (
        "推动粤港澳大湾区职业资格互认",
        "建议在两会上推动扩大大湾区职业资格互认范围，让港澳专业人士在广州执业更便利。",
        2,
        &[0, 3, 4, 5],
        Some("已整理提交市人大代表参考，并纳入市政府工作报告“深化湾区规则衔接”部分。"),
        true,
    ),
    (
        "增加中小学课后服务时长",
        "建议将中小学课后服务延长至18:30，并增加体育和艺术类课程供学生选择。",
        5,
        &[0, 2],
        Some("已转市教育局研究，多数区已试点延长课后服务时间。"),
        false,
    ),
    (
        "在公园增设宠物友好区域",
        "建议在大型公园划定宠物友好区域，设置围栏和清洁设施，减少人宠矛盾。",
        6,
        &[3],
        None,
        false,
    ),
];

async fn past(
    pool: &PgPool,
    moderator: &Me,
    people: &[Me],
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let today = now.to_offset(offset!(+8)).date();
    let at = now - Duration::days(100);
    let topic: i64 = sqlx::query_scalar(
        "insert into suggestion_topic (department_id, title, description, kind, opens_on, closes_on,
             summary, created_by, created_at, idempotency_key)
         select s.department_id, $2, $3, 'two_sessions', $4, $5, $6, $1, $7, $8
         from staff s where s.account_id = $1 returning id",
    )
    .bind(moderator.id)
    .bind("2026年广州市两会建议征集")
    .bind("围绕政府工作报告和民生实事，征集市民对两会的建议。")
    .bind(today - Duration::days(120))
    .bind(today - Duration::days(90))
    .bind("本次征集共收到建议3条，精选2条并逐一回复，其中1条已被采纳，写入市政府工作报告。感谢市民的积极参与。")
    .bind(at)
    .bind(key(2))
    .fetch_one(pool)
    .await?;
    for (n, (title, body, author, supporters, reply, adopted)) in PAST.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "insert into suggestion (topic_id, author_id, title, body, created_at, support_count,
                 first_supported_at, reply, replied_by, selected_at, adopted, idempotency_key)
             values ($1, $2, $3, $4, $5, $6, case when $6 > 0 then $5 end, $7,
                 case when $7 is not null then $8::bigint end,
                 case when $7 is not null then $5 + interval '40 days' end, $9, $10)
             returning id",
        )
        .bind(topic)
        .bind(people[*author].id)
        .bind(title)
        .bind(body)
        .bind(at)
        .bind(supporters.len() as i32)
        .bind(reply)
        .bind(moderator.id)
        .bind(adopted)
        .bind(key(300 + n as u32))
        .fetch_one(pool)
        .await?;
        for s in *supporters {
            sqlx::query(
                "insert into suggestion_support (suggestion_id, account_id, created_at) values ($1, $2, $3)",
            )
            .bind(id)
            .bind(people[*s].id)
            .bind(at)
            .execute(pool)
            .await?;
        }
    }
    Ok(())
}
