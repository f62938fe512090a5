//! Microblog accounts for tests of posts and questions (issue 21), made
//! directly in the database as already verified (applying and verifying
//! have their own tests), with members of their team.

use super::Who;
use sqlx::PgPool;

/// A verified institution account `handle` named `name` of the Guangzhou
/// department `dept` (e.g. "MZJ"); its id. `applied_by` and the verifier
/// are the demo admin.
pub async fn verified_account(pool: &PgPool, handle: &str, name: &str, dept: &str) -> i64 {
    sqlx::query_scalar(
        "insert into weibo_account (handle, name, name_key, kind, department_id, region_code,
             city_code, state, applied_by, applied_at, idempotency_key, decided_by, decided_at)
         select $1, $2, $2, 'institution', d.id, d.region_code, 440100, 'verified', a.id,
             now() - interval '30 days', gen_random_uuid(), a.id, now() - interval '29 days'
         from department d, account a
         where d.region_code = 440100 and d.code = $3 and a.username = 'admin'
         returning id",
    )
    .bind(handle)
    .bind(name)
    .bind(dept)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("weibo account {handle}: {e}"))
}

/// Makes `who` (staff of the account's unit) a member with `role`
/// ("editor", "reviewer", "responder").
pub async fn member(pool: &PgPool, account: i64, who: &Who, role: &str) {
    sqlx::query(
        "insert into weibo_member (weibo_account_id, account_id, role, added_by, added_at)
         values ($1, $2, $3, $2, now())",
    )
    .bind(account)
    .bind(who.id)
    .bind(role)
    .execute(pool)
    .await
    .unwrap();
}
