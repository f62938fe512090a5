//! The clerk's desk in the database (issue 17): the regions' full names for
//! addresses, a case's history, and the audited reveal of a full ID
//! number.

use super::desk::{HistoryLine, Place};
use crate::{
    accounts::{audit, secrets::DataKey, Me, Role},
    applications::form::{Answer, Answers, FieldDef},
    error::AppError,
    i18n::Bilingual,
    text::TextRule,
};
use sqlx::PgPool;

/// The reason given for seeing a full ID number: one line.
pub const REVEAL_REASON: TextRule = TextRule::line(200);

/// The full names of the regions of `answers`' addresses: a district with
/// its city (广州市天河区 · Tianhe District, Guangzhou).
pub async fn places(pool: &PgPool, answers: &Answers) -> Result<Vec<Place>, AppError> {
    let mut codes: Vec<i32> = answers
        .values()
        .filter_map(|a| match a {
            Answer::Address { region, .. } => Some(region.get() as i32),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    type Row = (i32, String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "select r.code, r.name_zh, r.name_en, r.level, p.name_zh, p.name_en
             from region r left join region p on p.code = r.parent_code
             where r.code = any($1)",
    )
    .bind(&codes)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, zh, en, level, pzh, pen)| {
            let name = match (level.as_str(), pzh, pen) {
                ("county", Some(pzh), Some(pen)) => {
                    Bilingual::new(format!("{pzh}{zh}"), format!("{en}, {pen}"))
                }
                _ => Bilingual::new(zh, en),
            };
            Place {
                code: code.max(0) as u32,
                name,
            }
        })
        .collect())
}

/// Case `case_id`'s history, oldest first (at most 500 events; staff
/// views are not listed).
pub async fn history(pool: &PgPool, case_id: i64) -> Result<Vec<HistoryLine>, AppError> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
                t.name_zh, t.name_en, e.action, a.display_name, d.name_zh, d.name_en, e.detail
         from case_event e
         left join case_task t on t.id = e.task_id
         left join account a on a.id = e.actor_id
         left join department d on d.id = e.department_id
         where e.case_id = $1 and e.action <> 'viewed'
         order by e.id limit 500",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await?;
    let both = |zh: Option<String>, en: Option<String>| match (zh, en) {
        (Some(zh), Some(en)) => Some(Bilingual::new(&zh, &en)),
        _ => None,
    };
    Ok(rows
        .into_iter()
        .map(|(at, szh, sen, action, by, dzh, den, detail)| HistoryLine {
            at,
            step: both(szh, sen),
            action,
            by,
            department: both(dzh, den),
            detail: detail.filter(|d| !d.trim().is_empty()),
        })
        .collect())
}

/// The case number of task `task_id`.
pub async fn case_no_of_task(pool: &PgPool, task_id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select c.case_no from case_task t join case_file c on c.id = t.case_id where t.id = $1",
    )
    .bind(task_id)
    .fetch_optional(pool)
    .await?)
}

/// How the audit trail's `detail` of a reveal begins; the case number and
/// the reason follow (`id_reveal 440100-20260930-000001 核对户籍`).
pub const ID_REVEAL: &str = "id_reveal ";

/// The case number and the reason of a reveal's audit detail.
pub fn parse_reveal(detail: &str) -> Option<(&str, &str)> {
    detail.strip_prefix(ID_REVEAL)?.split_once(' ')
}

/// The full ID number of answer `field` of task `task_id`, for a clerk of
/// its post who gives a reason: recorded in the audit trail (the person
/// sees it, with the reason, under "who accessed my data") before it is
/// answered. Another post's task, or a field that is not an ID number:
/// `NotFound`; no reason: 422 at `reason`.
pub async fn reveal(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
    task_id: i64,
    field: &str,
    reason: &str,
) -> Result<String, AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let row: Option<(i64, String, i64, Option<i16>)> = sqlx::query_as(
        "select c.id, c.case_no, c.applicant_id, t.part from case_task t
         join case_file c on c.id = t.case_id
         join staff s on s.account_id = $2 and s.post_id = t.post_id
         where t.id = $1",
    )
    .bind(task_id)
    .bind(me.id)
    .fetch_optional(pool)
    .await?;
    let (case_id, case_no, applicant, part) = row.ok_or(AppError::NotFound)?;
    let reason = REVEAL_REASON
        .parse(reason)
        .map_err(|p| AppError::InvalidFields {
            fields: vec![p.at("reason")],
        })?;
    let answers: Answers = part_answers(pool, key, case_id, part).await?;
    let Some(Answer::IdNumber(number)) = answers.get(field) else {
        return Err(AppError::NotFound);
    };
    let detail = format!("{ID_REVEAL}{case_no} {}", reason.as_str());
    crate::accounts::store::audit::record(
        pool,
        audit::Event::personal_read(me.id, applicant, &detail),
    )
    .await?;
    Ok(number.clone())
}

/// The form fields of a case's part `part` (of every part when none, as
/// for a whole-case step), each key once, in the parts' order.
pub async fn part_fields(
    pool: &PgPool,
    case_id: i64,
    part: Option<i16>,
) -> Result<Vec<FieldDef>, AppError> {
    let forms: Vec<serde_json::Value> = sqlx::query_scalar(
        "select f.fields from case_part p join service_form f on f.item_id = p.item_id
         where p.case_id = $1 and ($2::int2 is null or p.position = $2)
         order by p.position",
    )
    .bind(case_id)
    .bind(part)
    .fetch_all(pool)
    .await?;
    let mut fields: Vec<FieldDef> = Vec::new();
    for f in forms {
        let list: Vec<FieldDef> = serde_json::from_value(f).map_err(AppError::internal)?;
        for d in list {
            if !fields.iter().any(|x| x.key == d.key) {
                fields.push(d);
            }
        }
    }
    Ok(fields)
}

/// The answers of a case (`part` none) or of one part of a bundle's case,
/// opened: none if nothing was sealed.
pub async fn part_answers(
    pool: &PgPool,
    key: &DataKey,
    case_id: i64,
    part: Option<i16>,
) -> Result<Answers, AppError> {
    let sealed: Option<Vec<u8>> = match part {
        Some(p) => {
            sqlx::query_scalar(
                "select answers_sealed from case_part where case_id = $1 and position = $2",
            )
            .bind(case_id)
            .bind(p)
            .fetch_optional(pool)
            .await?
        }
        None => {
            sqlx::query_scalar("select answers_sealed from case_file where id = $1")
                .bind(case_id)
                .fetch_optional(pool)
                .await?
        }
    };
    match sealed {
        Some(s) => serde_json::from_slice(&key.open(&s).map_err(AppError::internal)?)
            .map_err(AppError::internal),
        None => Ok(Answers::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reveal_detail_gives_back_its_case_and_reason() {
        let d = format!("{ID_REVEAL}440100-20260930-000001 核对户籍 信息");
        assert_eq!(
            parse_reveal(&d),
            Some(("440100-20260930-000001", "核对户籍 信息"))
        );
        assert_eq!(parse_reveal("file a.png"), None);
    }
}
