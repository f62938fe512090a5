//! Publishing roles in the database (`publishing_role`): listed, granted
//! and revoked by administrators only, to staff of the department only,
//! each change in the audit trail.

use super::grants::{Grant, GrantLine, GrantProblem, PublishingRole};
use crate::{
    accounts::{
        audit::{Action, Event},
        store::audit,
        Me, Role,
    },
    error::AppError,
    i18n::Bilingual,
};
use sqlx::PgPool;

fn admin_only(me: &Me) -> Result<(), AppError> {
    if me.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

type LineRow = (String, String, i32, String, Bilingual, String);

fn line((username, display_name, region, code, department, role): LineRow) -> Option<GrantLine> {
    Some(GrantLine {
        username,
        display_name,
        region_code: u32::try_from(region).ok()?,
        department_code: code,
        department,
        role: PublishingRole::parse(&role)?,
    })
}

const LINES: &str = "select a.username, a.display_name, d.region_code, d.code,
        row(d.name_zh, d.name_en), p.role
    from publishing_role p join account a on a.id = p.account_id
    join department d on d.id = p.department_id";

/// Every role granted, by region, department, role and account
/// (administrators only).
pub async fn list(pool: &PgPool, me: &Me) -> Result<Vec<GrantLine>, AppError> {
    admin_only(me)?;
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINES} order by d.region_code, d.code, p.role, a.username"
    ))
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().filter_map(line).collect())
}

/// The account and department a grant names: 422 at `department` when the
/// region has no such department, at `username` when the account is not
/// staff of it.
async fn resolve(pool: &PgPool, grant: &Grant) -> Result<(i64, i64), AppError> {
    let department: Option<i64> =
        sqlx::query_scalar("select id from department where region_code = $1 and code = $2")
            .bind(grant.region.get() as i32)
            .bind(&grant.department)
            .fetch_optional(pool)
            .await?;
    let department = department.ok_or_else(|| GrantProblem::Department.refuse("department"))?;
    let account: Option<i64> = sqlx::query_scalar(
        "select a.id from account a join staff s on s.account_id = a.id
         where a.username = $1 and s.department_id = $2",
    )
    .bind(grant.username.as_str())
    .bind(department)
    .fetch_optional(pool)
    .await?;
    let account = account.ok_or_else(|| GrantProblem::NotStaff.refuse("username"))?;
    Ok((account, department))
}

async fn record(pool: &PgPool, me: &Me, account: i64, detail: &str) -> Result<(), AppError> {
    audit::record(
        pool,
        Event {
            actor: Some(me.id),
            subject: Some(account),
            detail: Some(detail),
            ..Event::new(Action::SettingChanged)
        },
    )
    .await
}

/// Grants the role (administrators only; whether it was held or not, the
/// answer is the line), audited when it is new.
pub async fn grant(pool: &PgPool, me: &Me, grant: &Grant) -> Result<GrantLine, AppError> {
    admin_only(me)?;
    let (account, department) = resolve(pool, grant).await?;
    let added = sqlx::query(
        "insert into publishing_role (account_id, department_id, role) values ($1, $2, $3)
         on conflict do nothing",
    )
    .bind(account)
    .bind(department)
    .bind(grant.role.code())
    .execute(pool)
    .await?
    .rows_affected();
    if added > 0 {
        let detail = format!(
            "publishing_role granted: {} {}-{} {}",
            grant.username.as_str(),
            grant.region,
            grant.department,
            grant.role.code()
        );
        record(pool, me, account, &detail).await?;
    }
    let row: LineRow = sqlx::query_as(&format!(
        "{LINES} where p.account_id = $1 and p.department_id = $2 and p.role = $3"
    ))
    .bind(account)
    .bind(department)
    .bind(grant.role.code())
    .fetch_one(pool)
    .await?;
    line(row).ok_or_else(|| AppError::internal("stored publishing role unreadable"))
}

/// Revokes the role (administrators only; held or not), audited when it
/// was held. Drafts the account wrote stay; it can no longer take steps.
pub async fn revoke(pool: &PgPool, me: &Me, grant: &Grant) -> Result<(), AppError> {
    admin_only(me)?;
    let (account, department) = resolve(pool, grant).await?;
    let removed = sqlx::query(
        "delete from publishing_role where account_id = $1 and department_id = $2 and role = $3",
    )
    .bind(account)
    .bind(department)
    .bind(grant.role.code())
    .execute(pool)
    .await?
    .rows_affected();
    if removed > 0 {
        let detail = format!(
            "publishing_role revoked: {} {}-{} {}",
            grant.username.as_str(),
            grant.region,
            grant.department,
            grant.role.code()
        );
        record(pool, me, account, &detail).await?;
    }
    Ok(())
}
