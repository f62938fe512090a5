//! Demo letters (留言/诉求, issue 19) in Guangzhou: one in every state,
//! across the civil affairs (MZJ), public security (GAJ), human resources
//! (RSJ) and housing (ZJJ) bureaus — one reopened, one returned as
//! misrouted and dispatched again, one overdue (dispatched weeks before
//! the demo's today and never taken), public and private ones. Written by
//! `citizen.demo` and `enterprise.demo`, handled by the centre clerk
//! `clerk.gz.12345` and the departments' demo staff.
//!
//! Unlike the consultations' demo, these go through
//! `app::letters::store` (the real machine and its events), each step on a
//! working day counted back from the demo's today. Loaded once: nothing is
//! done when there are letters.

use super::demo_account;
use app::{
    accounts::Me,
    clock::{self, Calendar},
    error::AppError,
    letters::{
        store::{self, NewLetter},
        Action,
    },
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

/// The working day `n` working days before `today` (today itself when 0).
pub(crate) fn back(cal: &Calendar, today: Date, n: u32) -> Date {
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

pub(crate) fn at(day: Date) -> OffsetDateTime {
    day.with_time(time::macros::time!(10:00))
        .assume_offset(time::macros::offset!(+8))
}

struct Demo<'a> {
    pool: &'a PgPool,
    cal: &'a Calendar,
    today: Date,
}

impl Demo<'_> {
    async fn write(
        &self,
        who: &Me,
        kind: &str,
        subject: &str,
        body: &str,
        public: bool,
        days_ago: u32,
    ) -> Result<String, AppError> {
        let day = back(self.cal, self.today, days_ago);
        let new = NewLetter {
            addressee: "centre".into(),
            region: Some(440100),
            kind: kind.into(),
            subject: subject.into(),
            body: body.into(),
            public,
            ..NewLetter::default()
        };
        let key = uuid::Uuid::new_v4();
        Ok(store::submit(self.pool, who, &new, key, at(day), day)
            .await?
            .letter_no)
    }

    async fn step(
        &self,
        who: &Me,
        no: &str,
        days_ago: u32,
        action: Action,
    ) -> Result<(), AppError> {
        let day = back(self.cal, self.today, days_ago);
        store::take_step(self.pool, self.cal, who, no, &action, at(day), day).await
    }
}

async fn department(pool: &PgPool, code: &str) -> Result<i64, AppError> {
    Ok(
        sqlx::query_scalar("select id from department where region_code = 440100 and code = $1")
            .bind(code)
            .fetch_one(pool)
            .await?,
    )
}

/// Loads the demo letters unless there are letters already.
pub async fn load(pool: &PgPool, now: OffsetDateTime) -> Result<(), AppError> {
    let any: bool = sqlx::query_scalar("select exists (select 1 from letter)")
        .fetch_one(pool)
        .await?;
    if any {
        return Ok(());
    }
    let account = |name: &'static str| async move {
        demo_account(pool, name)
            .await?
            .ok_or_else(|| AppError::internal(format!("demo account {name} missing")))
    };
    let citizen = account("citizen.demo").await?;
    let company = account("enterprise.demo").await?;
    let centre = account("clerk.gz.12345").await?;
    let mzj = account("staff.gz.mzj").await?;
    let gaj = account("staff.gz.gaj").await?;
    let (d_mzj, d_gaj, d_rsj, d_zjj) = (
        department(pool, "MZJ").await?,
        department(pool, "GAJ").await?,
        department(pool, "RSJ").await?,
        department(pool, "ZJJ").await?,
    );
    let cal = clock::store::load(pool).await?;
    let today = clock::acceptance_day(&cal, now);
    let d = Demo {
        pool,
        cal: &cal,
        today,
    };
    let dispatch = |department: i64, cohandlers: Vec<i64>| Action::Dispatch {
        department,
        cohandlers,
    };
    let text = |t: &str| t.to_string();

    // Submitted: waiting for the centre.
    d.write(
        &citizen,
        "enquiry",
        "小区路灯不亮",
        "天河区某小区东门路灯已连续一周不亮，夜间出行不便，请问应由哪个部门维修？",
        true,
        0,
    )
    .await?;
    // Accepted, to be dispatched.
    let park = d
        .write(
            &citizen,
            "help",
            "公园健身器材损坏",
            "社区公园的两台健身器材螺丝松脱，存在安全隐患，请尽快维修。",
            true,
            0,
        )
        .await?;
    d.step(&centre, &park, 0, Action::Accept).await?;
    // Merged by the centre: the company reports the same equipment.
    let park2 = d
        .write(
            &company,
            "help",
            "社区健身器材需要维修",
            "公司旁社区公园健身器材损坏，员工午休锻炼时发现。",
            true,
            0,
        )
        .await?;
    d.step(&centre, &park2, 0, Action::Merge { into: park.clone() })
        .await?;
    // Dispatched to RSJ, private.
    let ui = d
        .write(
            &citizen,
            "enquiry",
            "失业保险金申领进度",
            "上月提交失业保险金申领，至今未到账，请问进度如何？",
            false,
            1,
        )
        .await?;
    d.step(&centre, &ui, 1, Action::Accept).await?;
    d.step(&centre, &ui, 0, dispatch(d_rsj, vec![])).await?;
    // Being handled by GAJ.
    let hukou = d
        .write(
            &citizen,
            "enquiry",
            "户籍迁移材料咨询",
            "随迁子女户籍迁入广州需要准备哪些材料？",
            true,
            2,
        )
        .await?;
    d.step(&centre, &hukou, 2, Action::Accept).await?;
    d.step(&centre, &hukou, 1, dispatch(d_gaj, vec![])).await?;
    d.step(&gaj, &hukou, 1, Action::Take).await?;
    // Replied by MZJ, waiting for the follow-up.
    let booking = d
        .write(
            &citizen,
            "complaint",
            "婚姻登记预约难",
            "婚姻登记网上预约总是约满，希望增加号源。",
            true,
            6,
        )
        .await?;
    d.step(&centre, &booking, 6, Action::Accept).await?;
    d.step(&centre, &booking, 5, dispatch(d_mzj, vec![]))
        .await?;
    d.step(&mzj, &booking, 5, Action::Take).await?;
    d.step(
        &mzj,
        &booking,
        0,
        Action::Reply {
            text: text("已在周六增开婚姻登记预约号源，每日新增40个，欢迎预约。"),
        },
    )
    .await?;
    // Thanks, forwarded and closed.
    let thanks = d
        .write(
            &citizen,
            "thanks",
            "感谢婚姻登记处热情服务",
            "办理结婚登记时工作人员耐心细致，特此感谢！",
            true,
            8,
        )
        .await?;
    d.step(&centre, &thanks, 8, Action::Accept).await?;
    d.step(&centre, &thanks, 8, Action::Forward { department: d_mzj })
        .await?;
    // Resolved, the writer satisfied.
    let saturday = d
        .write(
            &citizen,
            "suggestion",
            "建议延长周六婚姻登记服务时间",
            "建议周六下午也开放婚姻登记。",
            true,
            20,
        )
        .await?;
    d.step(&centre, &saturday, 20, Action::Accept).await?;
    d.step(&centre, &saturday, 19, dispatch(d_mzj, vec![]))
        .await?;
    d.step(&mzj, &saturday, 19, Action::Take).await?;
    d.step(
        &mzj,
        &saturday,
        12,
        Action::Reply {
            text: text("采纳您的建议，自下月起周六全天开放婚姻登记。"),
        },
    )
    .await?;
    d.step(
        &citizen,
        &saturday,
        11,
        Action::FollowUp {
            satisfied: true,
            note: text("谢谢"),
        },
    )
    .await?;
    // Reopened after an unsatisfied follow-up, handled again by GAJ.
    let noise = d
        .write(
            &citizen,
            "complaint",
            "夜间噪音投诉处理不到位",
            "楼下商铺夜间噪音扰民，上次处理后仍未改善。",
            true,
            22,
        )
        .await?;
    d.step(&centre, &noise, 22, Action::Accept).await?;
    d.step(&centre, &noise, 21, dispatch(d_gaj, vec![d_zjj]))
        .await?;
    d.step(&gaj, &noise, 21, Action::Take).await?;
    d.step(
        &gaj,
        &noise,
        15,
        Action::Reply {
            text: text("已上门劝导商铺控制营业噪音。"),
        },
    )
    .await?;
    d.step(
        &citizen,
        &noise,
        5,
        Action::FollowUp {
            satisfied: false,
            note: text("仍然很吵"),
        },
    )
    .await?;
    d.step(
        &citizen,
        &noise,
        5,
        Action::Reopen {
            reason: text("劝导后夜间噪音依旧"),
        },
    )
    .await?;
    // Returned by MZJ as misrouted, dispatched again to ZJJ.
    let resale = d
        .write(
            &company,
            "enquiry",
            "二手房过户办理流程",
            "公司购买的二手办公用房过户需要哪些步骤？",
            true,
            3,
        )
        .await?;
    d.step(&centre, &resale, 3, Action::Accept).await?;
    d.step(&centre, &resale, 3, dispatch(d_mzj, vec![])).await?;
    d.step(
        &mzj,
        &resale,
        2,
        Action::Return {
            reason: text("房屋过户不属于民政部门职责，应由住建部门办理"),
        },
    )
    .await?;
    d.step(&centre, &resale, 2, dispatch(d_zjj, vec![])).await?;
    // Overdue: dispatched to ZJJ 20 working days ago, never taken.
    let fund = d
        .write(
            &citizen,
            "complaint",
            "住房公积金提取被拒",
            "申请提取住房公积金用于租房被拒，理由不清楚。",
            true,
            21,
        )
        .await?;
    d.step(&centre, &fund, 21, Action::Accept).await?;
    d.step(&centre, &fund, 20, dispatch(d_zjj, vec![])).await?;
    // Not the government's responsibility.
    let neighbour = d
        .write(
            &citizen,
            "help",
            "邻居借款不还",
            "邻居借款两万元一直不还，请政府帮忙追讨。",
            false,
            4,
        )
        .await?;
    d.step(
        &centre,
        &neighbour,
        4,
        Action::Decline {
            reason: text("民间借贷纠纷属于司法途径解决的事项，请向人民法院起诉。"),
        },
    )
    .await?;
    // Closed unresolved by the centre after an unsatisfied follow-up.
    let parking = d
        .write(
            &citizen,
            "complaint",
            "小区停车位严重不足",
            "小区停车位不足，车辆乱停堵塞消防通道。",
            true,
            28,
        )
        .await?;
    d.step(&centre, &parking, 28, Action::Accept).await?;
    d.step(&centre, &parking, 27, dispatch(d_gaj, vec![]))
        .await?;
    d.step(&gaj, &parking, 27, Action::Take).await?;
    d.step(
        &gaj,
        &parking,
        20,
        Action::Reply {
            text: text("已清理消防通道违停车辆，停车位规划需由小区业委会推动。"),
        },
    )
    .await?;
    d.step(
        &citizen,
        &parking,
        19,
        Action::FollowUp {
            satisfied: false,
            note: text("车位问题没有解决"),
        },
    )
    .await?;
    d.step(
        &centre,
        &parking,
        18,
        Action::Close {
            resolved: false,
            note: text("消防通道已清理；车位属小区自治事项，已告知业委会途径。"),
        },
    )
    .await?;
    // Unsatisfied, waiting for the writer or the centre.
    let elderly = d
        .write(
            &citizen,
            "help",
            "社区养老服务不足",
            "社区长者饭堂名额太少，希望增加。",
            true,
            10,
        )
        .await?;
    d.step(&centre, &elderly, 10, Action::Accept).await?;
    d.step(&centre, &elderly, 9, dispatch(d_mzj, vec![]))
        .await?;
    d.step(&mzj, &elderly, 9, Action::Take).await?;
    d.step(
        &mzj,
        &elderly,
        6,
        Action::Reply {
            text: text("已将您所在社区长者饭堂纳入明年扩容计划。"),
        },
    )
    .await?;
    d.step(
        &citizen,
        &elderly,
        5,
        Action::FollowUp {
            satisfied: false,
            note: text("希望今年就能解决"),
        },
    )
    .await?;
    tracing::info!("demo letters loaded");
    Ok(())
}
