//! Demo requests for information (依申请公开, issue 20): the disclosure
//! office of 广州市民政局 (MZJ) — its clerk `office.gz.mzj` and its head
//! `head.gz.mzj` (publishing role `office_head`) — and 广州市公安局 (GAJ,
//! its demo clerk), asked by `citizen.demo` and `enterprise.demo`.
//!
//! Every state: open ones (one just received, one with an extension
//! waiting for the head, one extended, one consulting a third party, one
//! waiting for a supplement), answered ones (disclosed, partly disclosed
//! with its reason, not held and referred), one lapsed and one withdrawn;
//! and requests of 2025 for the annual report, two carried over into 2026,
//! with an administrative review (upheld) and a lawsuit (pending).
//!
//! They go through `app::disclosure::requests::store` (the real machine,
//! its pauses and log), each step on a working day counted back from the
//! demo's today, or on a fixed day of 2025–2026. Deterministic: fixed
//! idempotency keys, loaded once (nothing is done when there are requests).

use super::{demo_account, DEMO_PASSWORD};
use app::{
    accounts::{
        secrets::DataKey,
        store::{self as accounts, Assignment, NewOfficial},
        Me, Role as AccountRole, Username,
    },
    clock::{self, Calendar},
    disclosure::{
        request::{Action, Outcome, Withheld},
        requests::store::{self, NewRequest},
    },
    error::AppError,
};
use sqlx::PgPool;
use time::{macros::date, Date, OffsetDateTime};

/// The disclosure office's clerk of 广州市民政局: username, name, TOTP secret.
pub const DEMO_OFFICE: (&str, &str, &str) = (
    "office.gz.mzj",
    "周洁（广州市民政局 政府信息公开工作机构）",
    "SXWSKF7UMEXSBGGKV423NZ7IVKSVYYLP",
);
/// The head of that office (approves extensions).
pub const DEMO_HEAD: (&str, &str, &str) = (
    "head.gz.mzj",
    "黄志远（广州市民政局 政府信息公开工作机构负责人）",
    "KTJ4SD6LGNPSFMO2SAPEFZOOW7VFXKU7",
);

/// The working day `n` working days before `today` (today itself when 0).
fn back(cal: &Calendar, today: Date, n: u32) -> Date {
    let mut day = today;
    let mut left = n;
    while left > 0 {
        day = day.previous_day().unwrap_or(day);
        if cal.is_working_day(day) {
            left -= 1;
        }
    }
    day
}

fn at(day: Date) -> OffsetDateTime {
    day.with_time(time::macros::time!(10:00))
        .assume_offset(time::macros::offset!(+8))
}

async fn department(pool: &PgPool, code: &str) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
            .bind(code)
            .fetch_one(pool)
            .await?,
    )
}

/// Creates the office's two accounts unless they exist, and gives the head
/// the `office_head` role (a demo-only touch: no action of the hall grants
/// publishing roles yet).
pub async fn load_accounts(pool: &PgPool, key: &DataKey) -> Result<(), AppError> {
    if demo_account(pool, "citizen.demo").await?.is_none() {
        return Ok(());
    }
    let mzj = department(pool, "MZJ").await?;
    for (username, name, secret) in [DEMO_OFFICE, DEMO_HEAD] {
        if demo_account(pool, username).await?.is_some() {
            continue;
        }
        let (d, u, p): (i64, i64, i64) = sqlx::query_as(
            "select d.id, u.id, p.id from department d
             join department_unit u on u.department_id = d.id
             join department_post p on p.unit_id = u.id
             where d.id = $1 order by u.id, p.id limit 1",
        )
        .bind(mzj)
        .fetch_one(pool)
        .await?;
        let official = NewOfficial {
            username: Username::parse(username).map_err(AppError::internal)?,
            password: DEMO_PASSWORD.into(),
            display_name: name.to_string(),
            role: AccountRole::Staff,
            assignment: Assignment::Post(d, u, p),
            totp_secret: Some(secret.to_string()),
        };
        accounts::create_official(pool, key, official, None).await?;
    }
    let head = demo_account(pool, DEMO_HEAD.0)
        .await?
        .ok_or_else(|| AppError::internal("demo office head missing"))?;
    sqlx::query(
        "insert into publishing_role (account_id, department_id, role) values ($1, $2, 'office_head')
         on conflict do nothing",
    )
    .bind(head.id)
    .bind(mzj)
    .execute(pool)
    .await?;
    Ok(())
}

struct Demo<'a> {
    pool: &'a PgPool,
    cal: &'a Calendar,
    today: Date,
    /// The next idempotency key's serial.
    serial: std::sync::atomic::AtomicU64,
}

impl Demo<'_> {
    fn day(&self, days_ago: u32) -> Date {
        back(self.cal, self.today, days_ago)
    }

    async fn ask_on(
        &self,
        who: &Me,
        department: i64,
        description: &str,
        purpose: &str,
        day: Date,
    ) -> Result<String, AppError> {
        let new = NewRequest {
            department: Some(department),
            applicant_kind: String::new(),
            description: description.into(),
            purpose: purpose.into(),
            delivery: "online".into(),
        };
        let serial = self
            .serial
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let key =
            uuid::Uuid::from_u128(0x1a2b_0000_0000_4000_8000_0000_0000_0000 + u128::from(serial));
        Ok(
            store::submit(self.pool, self.cal, who, &new, key, at(day), day)
                .await?
                .request_no,
        )
    }

    async fn ask(
        &self,
        who: &Me,
        department: i64,
        description: &str,
        days_ago: u32,
    ) -> Result<String, AppError> {
        self.ask_on(who, department, description, "", self.day(days_ago))
            .await
    }

    async fn step_on(&self, who: &Me, no: &str, day: Date, action: Action) -> Result<(), AppError> {
        store::take_step(self.pool, self.cal, who, no, &action, at(day), day).await
    }

    async fn step(
        &self,
        who: &Me,
        no: &str,
        days_ago: u32,
        action: Action,
    ) -> Result<(), AppError> {
        self.step_on(who, no, self.day(days_ago), action).await
    }
}

fn answer(outcome: Outcome, withheld: Option<Withheld>, holder: &str, text: &str) -> Action {
    Action::Answer {
        outcome,
        withheld,
        holder: holder.into(),
        text: text.into(),
    }
}

fn t(s: &str) -> String {
    s.to_string()
}

/// Loads the demo requests unless there are requests already.
pub async fn load(pool: &PgPool, key: &DataKey, now: OffsetDateTime) -> Result<(), AppError> {
    load_accounts(pool, key).await?;
    let any: bool = sqlx::query_scalar("select exists (select 1 from information_request)")
        .fetch_one(pool)
        .await?;
    if any || demo_account(pool, "citizen.demo").await?.is_none() {
        return Ok(());
    }
    let account = |name: &'static str| async move {
        demo_account(pool, name)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo account {name} missing")))
    };
    let citizen = account("citizen.demo").await?;
    let company = account("enterprise.demo").await?;
    let office = account(DEMO_OFFICE.0).await?;
    let head = account(DEMO_HEAD.0).await?;
    let gaj_clerk = account("staff.gz.gaj").await?;
    let (mzj, gaj) = (
        department(pool, "MZJ").await?,
        department(pool, "GAJ").await?,
    );
    let cal = clock::store::load(pool).await?;
    // The demo's today, or the working day before it.
    let mut today = now.to_offset(clock::HALL_OFFSET).date();
    while !cal.is_working_day(today) {
        today = today.previous_day().unwrap_or(today);
    }
    let d = Demo {
        pool,
        cal: &cal,
        today,
        serial: std::sync::atomic::AtomicU64::new(1),
    };

    // ---- 2025, for the annual report --------------------------------------
    let no = d
        .ask_on(
            &citizen,
            mzj,
            "2024年度广州市社会救助资金使用情况的统计数据。",
            "了解社会救助政策落实情况",
            date!(2025 - 03 - 10),
        )
        .await?;
    d.step_on(
        &office,
        &no,
        date!(2025 - 03 - 28),
        answer(
            Outcome::Disclosed,
            None,
            "",
            "您申请的信息已整理，见答复附言所列的统计表。",
        ),
    )
    .await?;
    let refused = d
        .ask_on(
            &company,
            mzj,
            "养老机构等级评定过程中专家评审会议的内部讨论记录。",
            "",
            date!(2025 - 06 - 16),
        )
        .await?;
    d.step_on(
        &office,
        &refused,
        date!(2025 - 07 - 08),
        answer(
            Outcome::NotDisclosed,
            Some(Withheld::ProcessInformation),
            "",
            "您申请的信息属于行政机关在履行职责过程中形成的讨论记录，依据《条例》第十六条第二款不予公开。",
        ),
    )
    .await?;
    let partly = d
        .ask_on(
            &citizen,
            gaj,
            "2025年上半年天河区户籍迁入审批工作的内部管理制度。",
            "",
            date!(2025 - 09 - 22),
        )
        .await?;
    d.step_on(
        &gaj_clerk,
        &partly,
        date!(2025 - 10 - 20),
        answer(
            Outcome::PartlyDisclosed,
            Some(Withheld::InternalAffairs),
            "",
            "公开审批流程部分；人员分工等内部事务信息依据《条例》第十六条第一款不予公开。",
        ),
    )
    .await?;
    let repeat = d
        .ask_on(
            &citizen,
            mzj,
            "2024年度广州市社会救助资金使用情况的统计数据。",
            "",
            date!(2025 - 11 - 03),
        )
        .await?;
    d.step_on(
        &office,
        &repeat,
        date!(2025 - 11 - 10),
        answer(
            Outcome::Repeat,
            None,
            "",
            "您已于2025年3月申请同一信息并获答复，本次为重复申请。",
        ),
    )
    .await?;
    // Carried over into 2026.
    let carried = d
        .ask_on(
            &citizen,
            mzj,
            "2025年广州市婚姻登记场所服务规范的修订说明。",
            "",
            date!(2025 - 12 - 15),
        )
        .await?;
    d.step_on(
        &office,
        &carried,
        date!(2026 - 01 - 13),
        answer(Outcome::Disclosed, None, "", "修订说明已随本答复提供。"),
    )
    .await?;
    let long = d
        .ask_on(
            &company,
            mzj,
            "2020年至2025年全市各区社区养老服务设施的建设数量，按区、按年列明。",
            "养老服务行业研究",
            date!(2025 - 12 - 22),
        )
        .await?;
    d.step_on(
        &office,
        &long,
        date!(2026 - 01 - 15),
        Action::AskExtension {
            days: 20,
            reason: t("需汇总11个区六年的数据，无法在20个工作日内答复。"),
        },
    )
    .await?;
    d.step_on(
        &head,
        &long,
        date!(2026 - 01 - 16),
        Action::ApproveExtension,
    )
    .await?;
    d.step_on(
        &office,
        &long,
        date!(2026 - 02 - 05),
        answer(
            Outcome::NeedsCreating,
            None,
            "",
            "本机关未按区、按年形成该统计，需另行制作，依据《条例》第三十八条不予提供。",
        ),
    )
    .await?;
    // An administrative review upheld, a lawsuit pending.
    for (request, route, brought, result, decided) in [
        (
            &refused,
            "review",
            date!(2025 - 08 - 01),
            Some("upheld"),
            Some(date!(2025 - 10 - 15)),
        ),
        (&partly, "lawsuit", date!(2025 - 12 - 01), None, None),
    ] {
        sqlx::query(
            "insert into disclosure_challenge (department_id, request_id, route, brought_on, result, decided_on)
             select department_id, id, $2, $3, $4, $5 from information_request where request_no = $1",
        )
        .bind(request)
        .bind(route)
        .bind(brought)
        .bind(result)
        .bind(decided)
        .execute(pool)
        .await?;
    }

    // ---- this year: every state --------------------------------------------
    // Lapsed: asked to supplement, never did.
    let lapsed = d.ask(&citizen, mzj, "关于那个补贴的文件。", 40).await?;
    d.step(
        &office,
        &lapsed,
        38,
        Action::AskSupplement {
            what: t("请说明所需文件涉及的补贴名称、年份或文号。"),
        },
    )
    .await?;
    d.step(&office, &lapsed, 20, Action::Lapse).await?;
    // Partly disclosed after consulting a third party.
    let homes = d
        .ask(
            &company,
            mzj,
            "2026年第一季度广州市各民办养老机构的运营补贴发放明细。",
            25,
        )
        .await?;
    d.step(
        &office,
        &homes,
        20,
        Action::Consult {
            party: t("广州市某民办养老机构"),
        },
    )
    .await?;
    d.step(
        &office,
        &homes,
        12,
        Action::EndConsultation {
            note: t("第三方书面回复：不同意公开其银行账户信息。"),
        },
    )
    .await?;
    d.step(
        &office,
        &homes,
        5,
        answer(
            Outcome::PartlyDisclosed,
            Some(Withheld::ThirdPartyRights),
            "",
            "公开各机构名称及补贴金额；银行账户等信息涉及第三方合法权益，依据《条例》第十五条不予公开。",
        ),
    )
    .await?;
    // Not held: referred to the body holding it.
    let referred = d
        .ask(
            &citizen,
            mzj,
            "天河区某地块2026年控制性详细规划调整的批复文件。",
            15,
        )
        .await?;
    d.step(
        &office,
        &referred,
        10,
        answer(
            Outcome::NotHeld,
            None,
            "广州市规划和自然资源局",
            "经检索，本机关不掌握该信息。该信息由广州市规划和自然资源局制作，请向其申请。",
        ),
    )
    .await?;
    // Disclosed, at the police.
    let gaj_done = d
        .ask(
            &citizen,
            gaj,
            "广州市居住证办理的办事指南及收费依据文件。",
            18,
        )
        .await?;
    d.step(
        &gaj_clerk,
        &gaj_done,
        8,
        answer(
            Outcome::Disclosed,
            None,
            "",
            "办事指南及收费依据文件见附言，也可在本局网站“政务公开”栏目查阅。",
        ),
    )
    .await?;
    // Withdrawn by the applicant.
    let withdrawn = d
        .ask(&company, mzj, "2026年社会组织年检结果名单。", 6)
        .await?;
    d.step(&company, &withdrawn, 4, Action::Withdraw).await?;
    // Extended, approved by the head (not by the clerk who asked).
    let extended = d
        .ask(
            &citizen,
            mzj,
            "近三年广州市困难群众临时救助的审批数量和金额，按季度统计。",
            22,
        )
        .await?;
    d.step(
        &office,
        &extended,
        3,
        Action::AskExtension {
            days: 15,
            reason: t("数据分散在各区民政部门，需逐区核对。"),
        },
    )
    .await?;
    d.step(&head, &extended, 2, Action::ApproveExtension)
        .await?;
    // An extension waiting for the head.
    let pending = d
        .ask(
            &company,
            mzj,
            "2026年广州市福利彩票公益金资助项目的立项清单及资助金额。",
            12,
        )
        .await?;
    d.step(
        &office,
        &pending,
        1,
        Action::AskExtension {
            days: 10,
            reason: t("涉及多个资助项目单位，需核对资料。"),
        },
    )
    .await?;
    // Consulting a third party (the clock stopped).
    let consulting = d
        .ask(
            &citizen,
            mzj,
            "某殡葬服务单位2026年收费价格的核定文件。",
            10,
        )
        .await?;
    d.step(
        &office,
        &consulting,
        8,
        Action::Consult {
            party: t("广州市某殡葬服务有限公司"),
        },
    )
    .await?;
    // Waiting for a supplement.
    let unclear = d.ask(&citizen, mzj, "民政局今年的那份通知。", 3).await?;
    d.step(
        &office,
        &unclear,
        2,
        Action::AskSupplement {
            what: t("请说明通知的名称、发文时间或涉及的事项。"),
        },
    )
    .await?;
    // Just received, at both bodies.
    d.ask(
        &citizen,
        mzj,
        "2026年广州市最低生活保障标准调整的通知及测算依据。",
        0,
    )
    .await?;
    d.ask(
        &company,
        gaj,
        "广州市2026年道路交通安全设施建设计划中涉及荔湾区的部分。",
        2,
    )
    .await?;
    tracing::info!("loaded the demo requests for information");
    Ok(())
}
