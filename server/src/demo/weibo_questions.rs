//! Demo microblog questions (issue 21) to 广州民政 (`gz_minzheng`), 广州公安
//! (`gz_gongan`) and 广州人社 (`gz_renshe`), asked by `citizen.demo` and
//! `enterprise.demo` and handled by the accounts' demo teams through the
//! real store (owner, review, clock), each step on a working day counted
//! back from the demo's today: answered in time (rated helpful), answered
//! late, overdue and unanswered (the deadline monitor raises its alert),
//! acknowledged, turned into a letter; 广州人社 has an overdue one too.
//!
//! The accounts are made by the accounts' demo loader, which runs first:
//! each is looked up by handle, and a missing one fails the load with its
//! name. Loaded once: nothing is done when there are questions.

use super::{
    demo_account,
    letters::{at, back},
};
use app::{
    accounts::Me,
    clock::{self, Calendar},
    error::AppError,
    weibo::questions::{store, Ask, StepRequest},
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

struct Demo<'a> {
    pool: &'a PgPool,
    cal: &'a Calendar,
    today: Date,
    next_key: std::cell::Cell<u128>,
}

impl Demo<'_> {
    async fn ask(
        &self,
        who: &Me,
        handle: &str,
        kind: &str,
        body: &str,
        days_ago: u32,
    ) -> Result<String, AppError> {
        let day = back(self.cal, self.today, days_ago);
        let key = uuid::Uuid::from_u128(0x2100_0000 + self.next_key.get());
        self.next_key.set(self.next_key.get() + 1);
        let ask = Ask {
            kind: kind.into(),
            body: body.into(),
        };
        Ok(
            store::ask(self.pool, self.cal, who, handle, &ask, key, at(day))
                .await?
                .question_no,
        )
    }

    async fn step(
        &self,
        who: &Me,
        no: &str,
        days_ago: u32,
        step: StepRequest,
    ) -> Result<(), AppError> {
        let day = back(self.cal, self.today, days_ago);
        store::take_step(self.pool, self.cal, who, no, &step, at(day), day).await
    }

    /// The owner writes and submits the answer, the reviewer approves it,
    /// all on the same day.
    async fn answer(
        &self,
        owner: &Me,
        reviewer: &Me,
        no: &str,
        days_ago: u32,
        text: &str,
    ) -> Result<(), AppError> {
        let answer = StepRequest::Answer { text: text.into() };
        self.step(owner, no, days_ago, answer).await?;
        self.step(owner, no, days_ago, StepRequest::Submit).await?;
        self.step(reviewer, no, days_ago, StepRequest::Approve)
            .await
    }
}

/// Loads the demo questions unless there are questions already; fails
/// naming the account or person that is missing.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from weibo_question)")
        .fetch_one(pool)
        .await?;
    if any {
        return Ok(());
    }
    for handle in ["gz_minzheng", "gz_gongan", "gz_renshe"] {
        let verified: bool = sqlx::query_scalar(
            "select exists (select 1 from weibo_account where handle = $1 and state = 'verified')",
        )
        .bind(handle)
        .fetch_one(pool)
        .await?;
        if !verified {
            // Said in full by the server's start (an internal error would
            // keep only its request id).
            return Err(AppError::BadRequest {
                detail: format!(
                    "the demo microblog account {handle} is missing (the accounts' demo loads first)"
                ),
            });
        }
    }
    let account = |name: &'static str| async move {
        demo_account(pool, name)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo account {name} missing")))
    };
    let citizen = account("citizen.demo").await?;
    let company = account("enterprise.demo").await?;
    let mzj = account("staff.gz.mzj").await?;
    let mzj_reviewer = account("reviewer.gz.mzj").await?;
    let gaj = account("staff.gz.gaj").await?;
    let gaj_reviewer = account("head.gz.gaj").await?;
    let cal = clock::store::load(pool).await?;
    let today = clock::acceptance_day(&cal, now);
    let d = Demo {
        pool,
        cal: &cal,
        today,
        next_key: std::cell::Cell::new(1),
    };

    // 广州民政: answered in time, rated helpful.
    let no = d
        .ask(
            &citizen,
            "gz_minzheng",
            "enquiry",
            "请问申请最低生活保障需要准备哪些材料？可以在网上办理吗？",
            8,
        )
        .await?;
    d.step(&mzj, &no, 8, StepRequest::Acknowledge).await?;
    d.answer(
        &mzj,
        &mzj_reviewer,
        &no,
        7,
        "您好！申请低保需提供身份证、户口簿、家庭收入和财产情况说明，可通过广东政务服务网“低保申请”事项在线提交，也可到户籍所在地街道（镇）社会救助窗口办理。",
    )
    .await?;
    store::vote(pool, &citizen, &no, true).await?;
    // Answered late (an enquiry is due in 2 working days).
    let no = d
        .ask(
            &citizen,
            "gz_minzheng",
            "enquiry",
            "养老机构运营补贴今年什么时候开始申报？",
            14,
        )
        .await?;
    d.answer(
        &mzj,
        &mzj_reviewer,
        &no,
        9,
        "您好！今年养老机构运营补贴申报时间为每季度首月 1 日至 15 日，具体以区民政局通知为准。抱歉答复晚了。",
    )
    .await?;
    // Overdue and unanswered: the monitor's red alert.
    d.ask(
        &citizen,
        "gz_minzheng",
        "enquiry",
        "婚姻登记可以预约周六办理吗？",
        5,
    )
    .await?;
    // Acknowledged, still within its deadline.
    let no = d
        .ask(
            &company,
            "gz_minzheng",
            "suggestion",
            "建议在社区养老服务中心增加助餐点，方便独居老人就餐。",
            1,
        )
        .await?;
    d.step(&mzj, &no, 0, StepRequest::Acknowledge).await?;
    // Really a complaint: turned into a letter work order.
    let no = d
        .ask(
            &citizen,
            "gz_minzheng",
            "complaint",
            "某街道社会救助窗口工作人员多次让我补交同一份材料，办事来回跑了三趟，请督促整改。",
            2,
        )
        .await?;
    d.step(&mzj_reviewer, &no, 1, StepRequest::Convert).await?;

    // 广州公安: answered in time.
    let no = d
        .ask(
            &company,
            "gz_gongan",
            "enquiry",
            "外地员工在广州办理居住证需要社保证明吗？",
            6,
        )
        .await?;
    d.answer(
        &gaj,
        &gaj_reviewer,
        &no,
        5,
        "您好！办理居住证可提供合法稳定就业、合法稳定住所或连续就读证明之一，社保缴费记录可作为就业证明，不是唯一材料。",
    )
    .await?;
    // Overdue and unanswered.
    d.ask(
        &citizen,
        "gz_gongan",
        "complaint",
        "小区门口长期有车辆违停占用消防通道，多次反映未处理。",
        9,
    )
    .await?;

    // 广州人社 (dormant): an overdue question too.
    d.ask(
        &citizen,
        "gz_renshe",
        "enquiry",
        "灵活就业人员如何在网上缴纳养老保险？",
        6,
    )
    .await?;
    tracing::info!("demo microblog questions loaded");
    Ok(())
}
