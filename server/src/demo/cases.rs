//! Demo cases, so a newcomer sees a living hall: the demo citizen's birth
//! bundles (出生一件事) in Guangzhou in every state — new, in parallel
//! review, waiting for supplements, overdue, completed and rated (a bad
//! rating rectified, another still open), completed and not yet rated.
//! They are made through the same store functions a request uses, acting
//! on past working days, so the event log, deadlines and ratings are real.
//!
//! One case has fixed dates, number and query code, so the README can name
//! it: [`NAMED_CASE`] with [`NAMED_CODE`] (completed and rated, a bad rating
//! rectified). The others are placed relative to the day the demo is first
//! loaded.

use app::{
    accounts::{secrets::DataKey, Me},
    applications::{
        form::{FieldDef, FieldKind, RawAnswers},
        store as apply, Target,
    },
    clock::{self, Calendar},
    error::AppError,
    ratings::{rectify::RectAction, store as rating, views::NewRating},
    workflow::{
        engine::{Action, TaskState},
        store::{self as wf, StaffPost},
    },
};
use sqlx::PgPool;
use time::{Date, Duration, OffsetDateTime};

/// The demo case the README names (made first on a fresh database).
pub const NAMED_CASE: &str = "440100-20261102-000001";
/// Its query code.
pub const NAMED_CODE: &str = "GZBS2K26";

/// Plausible answers for every field of a form, as of `today`.
pub fn sample_answers(fields: &[FieldDef], today: Date) -> RawAnswers {
    let mut raw = RawAnswers::new();
    for f in fields {
        let known = match f.key.as_str() {
            "child_name" => Some("张安安"),
            "mother_name" => Some("李华"),
            "mother_id_number" => Some("440106199205150026"),
            "birth_place.detail" => Some("广州市妇女儿童医疗中心"),
            _ => None,
        };
        match &f.kind {
            FieldKind::Address => {
                raw.insert(format!("{}.region", f.key), "440106".into());
                raw.insert(
                    format!("{}.detail", f.key),
                    if f.key == "birth_place" {
                        "广州市妇女儿童医疗中心"
                    } else {
                        "天河路 100 号 2 栋 301 房"
                    }
                    .into(),
                );
            }
            kind => {
                let value = known.map(str::to_string).unwrap_or_else(|| match kind {
                    FieldKind::Number { min, .. } => min.to_string(),
                    FieldKind::Date { .. } => clock::format_date(today - Duration::days(8)),
                    FieldKind::Choice { options } => {
                        options.first().map(|o| o.value.clone()).unwrap_or_default()
                    }
                    FieldKind::IdNumber => super::DEMO_ID_NUMBER.into(),
                    FieldKind::CreditCode => "91440101MA59Q8R3XA".into(),
                    FieldKind::Mobile => "13800138000".into(),
                    FieldKind::PersonName => "张小明".into(),
                    FieldKind::LongText { .. } => "无其他说明。".into(),
                    _ => "示例".into(),
                });
                raw.insert(f.key.clone(), value);
            }
        }
    }
    raw
}

/// The working day `n` working days before `today`.
pub(crate) fn back(cal: &Calendar, today: Date, n: u32) -> Date {
    let mut day = today;
    let mut left = n;
    while left > 0 {
        day -= Duration::days(1);
        if cal.is_working_day(day) {
            left -= 1;
        }
    }
    day
}

/// 10:00 in Guangdong on `day`.
pub(crate) fn morning(day: Date) -> OffsetDateTime {
    day.with_time(time::macros::time!(10:00))
        .assume_offset(clock::HALL_OFFSET)
}

async fn me(pool: &PgPool, username: &str) -> Result<Me, AppError> {
    super::demo_account(pool, username)
        .await?
        .ok_or_else(|| AppError::internal(format!("no demo account {username}")))
}

/// The demo clerks at their posts.
struct Clerks(Vec<(Me, StaffPost)>);

impl Clerks {
    async fn load(pool: &PgPool) -> Result<Clerks, AppError> {
        let mut out = Vec::new();
        for (username, ..) in super::DEMO_CLERKS {
            let me = me(pool, username).await?;
            let post = wf::staff_post(pool, &me).await?;
            out.push((me, post));
        }
        Ok(Clerks(out))
    }

    fn at_post(&self, post_id: i64) -> Result<StaffPost, AppError> {
        self.0
            .iter()
            .find(|(_, p)| p.post_id == post_id)
            .map(|(_, p)| *p)
            .ok_or_else(|| AppError::internal(format!("no demo clerk at post {post_id}")))
    }

    fn of_department(&self, department_id: i64) -> Result<&Me, AppError> {
        self.0
            .iter()
            .find(|(_, p)| p.department_id == department_id)
            .map(|(m, _)| m)
            .ok_or_else(|| AppError::internal(format!("no demo clerk in {department_id}")))
    }
}

struct Demo<'a> {
    pool: &'a PgPool,
    key: &'a DataKey,
    cal: std::sync::Arc<Calendar>,
    citizen: Me,
    clerks: Clerks,
    target: apply::ApplyTarget,
    serial: u128,
}

impl Demo<'_> {
    /// The citizen applies on `day` (at `at`, 10:00 if none); the case.
    async fn apply(
        &mut self,
        day: Date,
        at: Option<OffsetDateTime>,
    ) -> Result<(i64, String), AppError> {
        self.serial += 1;
        let raw = sample_answers(&self.target.fields, day);
        let key = uuid::Uuid::from_u128(0xdec0_0000_0000_4000_8000_0000_0000_0000 | self.serial);
        let done = apply::submit(
            self.pool,
            self.key,
            &self.cal,
            &self.citizen,
            &self.target,
            apply::Sent {
                raw: &raw,
                declared: true,
                uploads: &[],
                // The demo's history was handed in at the counter.
                on_paper: true,
            },
            key,
            at.unwrap_or_else(|| morning(day)),
        )
        .await?;
        Ok((done.case_id, done.case_no))
    }

    /// The clerks act on the case's ready steps on `day`: `decide` says
    /// what to do with a step (by its key), nothing to leave it.
    async fn act(
        &self,
        case: i64,
        day: Date,
        decide: impl Fn(&str) -> Option<Action>,
    ) -> Result<(), AppError> {
        let ready = wf::case_steps(self.pool, case)
            .await?
            .into_iter()
            .filter(|s| s.record.state == TaskState::Ready);
        for step in ready {
            if let Some(action) = decide(&step.step_key) {
                let staff = self.clerks.at_post(step.post_id)?;
                wf::act(self.pool, &self.cal, staff, step.id, &action, day).await?;
            }
        }
        Ok(())
    }

    /// Every ready step approved or issued on `day`.
    async fn all(&self, case: i64, day: Date) -> Result<(), AppError> {
        self.act(case, day, |key| Some(done(key))).await
    }

    /// The citizen rates every evaluation point of a case on `day`, with
    /// `stars(key)`; a rectification opened by a bad rating, if any.
    async fn rate(
        &self,
        case: i64,
        case_no: &str,
        day: Date,
        stars: impl Fn(&str) -> (i64, &'static str),
    ) -> Result<Option<(i64, i64)>, AppError> {
        let points = wf::case_steps(self.pool, case)
            .await?
            .into_iter()
            .filter(|s| s.evaluation_point && s.record.state == TaskState::Done)
            // Each department rated once, at its last point (issue 17).
            .collect::<Vec<_>>()
            .into_iter()
            .rev();
        let mut opened = None;
        // One rating per department (issue 17).
        let mut rated: Vec<i64> = Vec::new();
        for step in points {
            let (task, department) = (step.id, step.department_id);
            if rated.contains(&department) {
                continue;
            }
            rated.push(department);
            let (n, comment) = stars(&step.step_key);
            let (view, _) = rating::rate(
                self.pool,
                &self.cal,
                &self.citizen,
                case_no,
                &NewRating {
                    task_id: task,
                    stars: n,
                    comment: comment.into(),
                    point: false,
                },
                day,
            )
            .await?;
            if let Some(rect) = view.rectification {
                opened = Some((rect, department));
            }
        }
        Ok(opened)
    }
}

pub(crate) fn done(key: &str) -> Action {
    if key.ends_with("-issue") {
        Action::Issue {
            certificate_no: format!("GZ{}", key.to_uppercase().replace('-', "")),
        }
    } else {
        Action::Approve {
            note: String::new(),
        }
    }
}

/// Makes the demo cases unless the demo citizen has some already.
pub async fn load(pool: &PgPool, key: &DataKey, now: OffsetDateTime) -> Result<(), AppError> {
    let citizen = me(pool, "citizen.demo").await?;
    if !wf::my_cases(pool, &citizen, now.date(), 1)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    tracing::info!("creating the demo cases");
    let mut demo = Demo {
        pool,
        key,
        cal: clock::store::load(pool).await?,
        citizen,
        clerks: Clerks::load(pool).await?,
        target: apply::load(pool, Target::Bundle, "440100/birth").await?,
        serial: 0,
    };
    let today = now.to_offset(clock::HALL_OFFSET).date();
    let cal = demo.cal.clone();
    let day = |n| back(&cal, today, n);

    // 1. The named case: completed in the first week of November 2026,
    // rated, and its one bad rating rectified and accepted.
    let d = |m: u8| {
        Date::from_calendar_date(2026, time::Month::November, m).map_err(AppError::internal)
    };
    let (case, no) = demo.apply(d(2)?, None).await?;
    demo.all(case, d(3)?).await?;
    // One issuance a day, in the legal order; the last two on the 6th.
    for m in [4, 5, 6, 6] {
        demo.all(case, d(m)?).await?;
    }
    let bad = demo
        .rate(case, &no, d(9)?, |key| match key {
            "p3-issue" => (2, "参保登记结果等了两天才通知，电话也打不通。"),
            "p2-review" | "result" => (4, ""),
            _ => (5, "一次提交，四个部门同时办理，很方便。"),
        })
        .await?;
    if let Some((rect, department)) = bad {
        let clerk = demo.clerks.of_department(department)?.clone();
        let steps = [
            (
                &clerk,
                RectAction::CallBack {
                    note: "11月10日电话回访申请人，说明了延误原因并致歉。".into(),
                },
                10,
            ),
            (
                &clerk,
                RectAction::Resolve {
                    outcome: "已开通参保结果短信通知，并增设咨询电话坐席。".into(),
                },
                11,
            ),
        ];
        for (who, action, m) in steps {
            rating::act(pool, &demo.cal, who, rect, &action, d(m)?).await?;
        }
        rating::act(
            pool,
            &demo.cal,
            &demo.citizen,
            rect,
            &RectAction::Accept,
            d(12)?,
        )
        .await?;
    }
    // Demo-only: the README names this code; no action of the hall sets one.
    sqlx::query("update case_file set query_code = $2 where id = $1")
        .bind(case)
        .bind(NAMED_CODE)
        .execute(pool)
        .await?;
    if no != NAMED_CASE {
        tracing::warn!(case_no = %no, "the named demo case has another number (not a fresh database)");
    }

    // 2. Completed lately and rated; a two-star rating of one review waits
    // for the department's call-back.
    let (case, no) = demo.apply(day(9), None).await?;
    demo.all(case, day(8)).await?;
    for n in [7, 6, 5, 4] {
        demo.all(case, day(n)).await?;
    }
    demo.rate(case, &no, day(2), |key| match key {
        "p3-issue" => (2, "审核时间比承诺的长，也没有人告诉我进度。"),
        _ => (4, ""),
    })
    .await?;

    // 3. Overdue: three departments done, the police review left past
    // its deadline.
    let (case, _) = demo.apply(day(8), None).await?;
    demo.act(case, day(7), |key| (key != "p2-review").then(|| done(key)))
        .await?;

    // 4. Waiting for the applicant: the police ask for the household
    // register's first page; one notice goes out.
    let (case, _) = demo.apply(day(3), None).await?;
    demo.act(case, day(2), |key| {
        Some(if key == "p2-review" {
            Action::RequestSupplement {
                what: "请补充户口簿户主页扫描件。".into(),
            }
        } else {
            done(key)
        })
    })
    .await?;

    // 5. In parallel review: two departments done, two at work.
    let (case, _) = demo.apply(day(1), None).await?;
    demo.act(case, today.max(day(0)), |key| {
        matches!(key, "p1-review" | "p3-review").then(|| done(key))
    })
    .await?;

    // 6. Completed, not rated yet: the citizen can rate it.
    let (case, _) = demo.apply(day(7), None).await?;
    demo.all(case, day(6)).await?;
    for n in [5, 4, 3, 3] {
        demo.all(case, day(n)).await?;
    }

    // 7. New: just submitted.
    demo.apply(today, Some(now)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn back_counts_working_days_backwards() {
        let cal = Calendar::from_csv(include_str!("../../seed/calendar.csv")).unwrap();
        // Before Thursday 8 October 2026: Wednesday 30 September (the
        // holiday and the weekend in between do not count).
        assert_eq!(back(&cal, date!(2026 - 10 - 08), 1), date!(2026 - 09 - 30));
        assert_eq!(back(&cal, date!(2026 - 10 - 12), 1), date!(2026 - 10 - 10));
        assert_eq!(back(&cal, date!(2026 - 10 - 12), 0), date!(2026 - 10 - 12));
    }
}
