//! The demo enterprise's investment projects (issue 18): one completed
//! (all four stages, the last a joint acceptance) and one in stage 2 with
//! its departments reviewing in parallel — made through the same store
//! functions a request uses, on past working days. A step is acted on by
//! the demo clerk at its post; a post without one gets a generated clerk
//! (`demo.post{id}`, with the demo password and the demo unit head's TOTP
//! secret), an actor of the demo's history.

use super::cases::{back, done, morning, sample_answers};
use app::{
    accounts::{
        secrets::DataKey,
        store::{self as accounts, Assignment, NewOfficial},
        Me, Role, Username,
    },
    applications::{store as apply, Target},
    clock::{self, Calendar},
    error::AppError,
    investment::{
        store::{self as inv, CODE_FIELD},
        Industry, NewProject, ProjectKind,
    },
    regions::RegionCode,
    workflow::{
        engine::{Action, TaskState},
        store::{self as wf, StaffPost},
    },
};
use sqlx::PgPool;
use time::{Date, OffsetDateTime};

/// The key of the demo's projects (a fixed idempotency key each).
const KEYS: [u128; 2] = [
    0x1000_0000_0000_4000_8000_0000_0000_0001,
    0x1000_0000_0000_4000_8000_0000_0000_0002,
];

struct Projects<'a> {
    pool: &'a PgPool,
    key: &'a DataKey,
    cal: std::sync::Arc<Calendar>,
    owner: Me,
    serial: u128,
}

impl Projects<'_> {
    /// The staff member at `post_id` (the first demo clerk there, else a
    /// generated one).
    async fn staff_at(&self, post_id: i64) -> Result<StaffPost, AppError> {
        // Data loading: the demo's accounts at a post.
        let found: Option<i64> = sqlx::query_scalar(
            "select s.account_id from staff s join account a on a.id = s.account_id
             where s.post_id = $1 order by a.id limit 1",
        )
        .bind(post_id)
        .fetch_optional(self.pool)
        .await?;
        let account_id = match found {
            Some(id) => id,
            None => {
                let (d, u): (i64, i64) = sqlx::query_as(
                    "select u.department_id, u.id from department_post p
                     join department_unit u on u.id = p.unit_id where p.id = $1",
                )
                .bind(post_id)
                .fetch_one(self.pool)
                .await?;
                let official = NewOfficial {
                    username: Username::parse(&format!("demo.post{post_id}"))
                        .map_err(AppError::internal)?,
                    password: super::DEMO_PASSWORD.into(),
                    display_name: format!("示范经办人 {post_id}"),
                    role: Role::Staff,
                    assignment: Assignment::Post(d, u, post_id),
                    totp_secret: Some(super::DEMO_UNIT_HEAD.5.to_string()),
                };
                accounts::create_official(self.pool, self.key, official, None)
                    .await?
                    .0
                    .id
            }
        };
        let me = Me {
            id: account_id,
            username: String::new(),
            role: Role::Staff,
            display_name: String::new(),
        };
        wf::staff_post(self.pool, &me).await
    }

    /// Applies for stage `n` of `code` on `day`; the case.
    async fn apply(&mut self, code: &str, n: u8, day: Date) -> Result<i64, AppError> {
        self.serial += 1;
        let target = apply::load(
            self.pool,
            Target::Bundle,
            &format!("440100/investment-stage-{n}"),
        )
        .await?;
        let mut raw = sample_answers(&target.fields, day);
        raw.insert(CODE_FIELD.to_string(), code.to_string());
        let key = uuid::Uuid::from_u128(0x1000_0000_0000_4000_8000_0001_0000_0000 | self.serial);
        let done = apply::submit(
            self.pool,
            self.key,
            &self.cal,
            &self.owner,
            &target,
            apply::Sent {
                raw: &raw,
                declared: true,
                uploads: &[],
                // The demo's history was handed in at the counter.
                on_paper: true,
            },
            key,
            morning(day),
        )
        .await?;
        Ok(done.case_id)
    }

    /// The ready steps `pick` names are done on `day`.
    async fn act(&self, case: i64, day: Date, pick: impl Fn(&str) -> bool) -> Result<(), AppError> {
        let ready = wf::case_steps(self.pool, case)
            .await?
            .into_iter()
            .filter(|s| s.record.state == TaskState::Ready && pick(&s.step_key));
        for step in ready {
            let staff = self.staff_at(step.post_id).await?;
            let action = match step.step_key.as_str() {
                "joint-issue" => Action::Issue {
                    certificate_no: format!("穗联验〔2026〕{}号", case % 1000),
                },
                key => done(key),
            };
            wf::act(self.pool, &self.cal, staff, step.id, &action, day).await?;
        }
        Ok(())
    }

    /// Every ready step done on each of `days` in turn.
    async fn through(&self, case: i64, days: &[Date]) -> Result<(), AppError> {
        for day in days {
            self.act(case, *day, |_| true).await?;
        }
        Ok(())
    }
}

/// Makes the demo projects unless the demo enterprise has some, or the
/// catalog has no investment stages.
pub async fn load(pool: &PgPool, key: &DataKey, now: OffsetDateTime) -> Result<(), AppError> {
    let Some(owner) = super::demo_account(pool, "enterprise.demo").await? else {
        return Ok(());
    };
    let cal = clock::store::load(pool).await?;
    let today = now.to_offset(clock::HALL_OFFSET).date();
    if !inv::my_projects(pool, &cal, &owner, today, 1)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let stages: i64 = sqlx::query_scalar(
        "select count(*) from bundle where region_code = 440100 and investment_stage is not null",
    )
    .fetch_one(pool)
    .await?;
    if stages < 4 {
        return Ok(());
    }
    tracing::info!("creating the demo investment projects");
    let mut p = Projects {
        pool,
        key,
        cal: cal.clone(),
        owner,
        serial: 0,
    };
    let day = |n| back(&cal, today, n);
    let region = RegionCode::parse("440103").map_err(AppError::internal)?;

    // 1. Completed: a government-funded school building, all four stages.
    let school = NewProject {
        name: "荔湾区示范小学教学楼新建工程".into(),
        kind: ProjectKind::Approval,
        industry: Industry::Education,
        region,
        total_investment: 1_860_000,
        land_area: 1_250_000,
        scope: "新建教学楼 1 栋，地上 5 层，总建筑面积 9,800 平方米，设 36 个教学班。".into(),
    };
    let first = inv::register(
        pool,
        &p.owner,
        &school,
        uuid::Uuid::from_u128(KEYS[0]),
        day(110),
    )
    .await?;
    let code = first.code.to_string();
    let case = p.apply(&code, 1, day(108)).await?;
    p.through(case, &[day(100), day(96)]).await?;
    let case = p.apply(&code, 2, day(94)).await?;
    p.through(case, &[day(86), day(84)]).await?;
    let case = p.apply(&code, 3, day(80)).await?;
    p.through(case, &[day(72), day(70)]).await?;
    let case = p.apply(&code, 4, day(12)).await?;
    p.through(case, &[day(9), day(5), day(4)]).await?;

    // 2. In stage 2: a logistics warehouse (备案); stage 1 done, stage 2
    // under parallel review — one department done, the others at work.
    let warehouse = NewProject {
        name: "荔湾示范物流仓储中心".into(),
        kind: ProjectKind::Filing,
        industry: Industry::Commerce,
        region,
        total_investment: 1_280_050,
        land_area: 2_300_000,
        scope: "新建仓库 3 栋及配套办公楼 1 栋，总建筑面积 4.6 万平方米。".into(),
    };
    let second = inv::register(
        pool,
        &p.owner,
        &warehouse,
        uuid::Uuid::from_u128(KEYS[1]),
        day(40),
    )
    .await?;
    let code = second.code.to_string();
    let case = p.apply(&code, 1, day(38)).await?;
    p.through(case, &[day(30), day(27)]).await?;
    let case = p.apply(&code, 2, day(4)).await?;
    p.act(case, day(2), |key| key == "p1-review").await?;
    Ok(())
}
