//! Demo consultations (网上咨询) for Guangzhou's civil affairs bureau
//! (广州市民政局): questions about marriage registration
//! (`440100-MZJ-0001`) answered publicly, so its page shows an FAQ; one
//! answered privately; one open; and one about the bureau in general left
//! unanswered past its deadline. Asked by `citizen.demo`, answered by
//! `staff.gz.mzj`. Fixed texts, dates and keys; only the open question is
//! asked at the hall's "now" when the demo is first loaded (so it is open,
//! not overdue, whenever that is).
//!
//! They are inserted as they stand, not asked and answered through
//! `app::consultations::store`: that acts at the hall's "now", and these
//! carry fixed past dates, answers and helpful marks. Data loading, not
//! capability logic.

use app::{clock, consultations, error::AppError};
use sqlx::PgPool;
use time::{macros::datetime, OffsetDateTime};

/// The item whose page shows the demo FAQ (named in the README).
pub const FAQ_ITEM: &str = "440100-MZJ-0001";

/// Question, answer (none: open), public, asked at (none: the hall's now),
/// answered at, about the item (else the bureau in general), helpful.
type Demo = (
    &'static str,
    Option<&'static str>,
    bool,
    Option<OffsetDateTime>,
    Option<OffsetDateTime>,
    bool,
    Option<bool>,
);

const DEMO: &[Demo] = &[
    (
        "办理结婚登记需要双方都到场吗？可以由一方带齐材料代办吗？",
        Some("需要双方到场。内地居民办理结婚登记，男女双方应当共同亲自到婚姻登记机关申请，不能委托他人或由一方代办。"),
        true,
        Some(datetime!(2026-09-01 09:30 +8)),
        Some(datetime!(2026-09-02 10:15 +8)),
        true,
        Some(true),
    ),
    (
        "户口本丢失了，还能办理结婚登记吗？",
        Some("可以。请先到户籍所在地派出所补办居民户口簿，或者请派出所出具户籍证明，再持身份证和户籍证明办理结婚登记。"),
        true,
        Some(datetime!(2026-09-03 14:20 +8)),
        Some(datetime!(2026-09-07 16:40 +8)),
        true,
        None,
    ),
    (
        "网上预约了结婚登记的日期，临时有事可以改期吗？",
        Some("可以。请在预约日期前一个工作日下班前取消原预约，再重新预约其他日期；未按时到场的预约自动失效，不影响再次预约。"),
        true,
        Some(datetime!(2026-09-08 11:05 +8)),
        Some(datetime!(2026-09-09 09:50 +8)),
        true,
        Some(true),
    ),
    (
        "我和未婚妻一方是香港居民，可以在广州办理结婚登记吗？需要哪些材料？",
        Some("可以在广州市涉外婚姻登记处办理。香港居民一方需提供港澳居民来往内地通行证、香港身份证及经公证的无配偶声明；内地居民一方提供身份证和户口簿。"),
        false,
        Some(datetime!(2026-09-10 10:00 +8)),
        Some(datetime!(2026-09-11 15:30 +8)),
        true,
        Some(false),
    ),
    (
        "婚姻登记处周六上午是否办理结婚登记？",
        None,
        true,
        None,
        None,
        true,
        None,
    ),
    (
        "请问民政局是否受理社会组织年度检查？需要到现场提交材料吗？",
        None,
        false,
        Some(datetime!(2026-09-01 16:00 +8)),
        None,
        false,
        None,
    ),
];

/// Adds the demo consultations unless there are consultations already, or
/// the demo accounts are missing.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let empty: bool = sqlx::query_scalar("select not exists (select 1 from consultation)")
        .fetch_one(pool)
        .await?;
    if !empty {
        return Ok(());
    }
    let ids: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "select a.id, s.account_id, i.id, i.department_id
         from account a, staff s join account sa on sa.id = s.account_id, service_item i
         where a.username = 'citizen.demo' and sa.username = 'staff.gz.mzj' and i.code = $1",
    )
    .bind(FAQ_ITEM)
    .fetch_optional(pool)
    .await?;
    let Some((asker, clerk, item, department)) = ids else {
        return Ok(());
    };
    let cal = clock::store::load(pool).await?;
    tracing::info!(questions = DEMO.len(), "adding the demo consultations");
    for (n, (question, answer, public, asked_at, answered_at, about_item, helpful)) in
        DEMO.iter().enumerate()
    {
        let asked_at = asked_at.unwrap_or(now);
        let (asked_on, due_on) = consultations::deadline(&cal, asked_at);
        sqlx::query(
            "insert into consultation (asker_id, item_id, department_id, question, public, asked_at,
                 asked_on, due_on, answer, answered_by, answered_at, helpful, idempotency_key)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(asker)
        .bind(about_item.then_some(item))
        .bind(department)
        .bind(question)
        .bind(public)
        .bind(asked_at)
        .bind(asked_on)
        .bind(due_on)
        .bind(answer)
        .bind(answer.map(|_| clerk))
        .bind(answered_at)
        .bind(helpful)
        .bind(uuid::Uuid::from_u128(0xdea0_0000_0000_4000_8000_0000_0000_0000 + n as u128))
        .execute(pool)
        .await?;
    }
    Ok(())
}
