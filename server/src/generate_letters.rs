//! A load of letters (留言/诉求, issue 19) for `make bench-letters`:
//! [`generate_letters`] adds letters until there are N (default 1,000,000)
//! from generated writers to every department of the province, received
//! over the two years before today, in every state: mostly resolved, some
//! under way (a part of them long overdue), replied, unsatisfied, closed
//! unresolved, not the government's responsibility; a third public. Rows
//! are made by PostgreSQL itself (`generate_series`, choices from
//! `hashint8extended` of the row's number, so the same N and today give
//! the same letters) in batches of 100,000, one transaction each; the
//! statistics' rollup is kept by its trigger as for any other write. The
//! deadlines are approximate (calendar days) — the benchmark measures
//! reading, not the clock.

use app::{accounts::secrets::dummy_password_hash, error::AppError};
use sqlx::PgPool;
use time::Date;

/// Letters written in one transaction.
const BATCH: i64 = 100_000;
/// Generated writers; their user names are `gen.writer.N`.
pub const WRITERS: i64 = 20_000;

/// Adds letters until there are `n`; how many it added.
pub async fn generate_letters(pool: &PgPool, n: i64, today: Date) -> Result<i64, AppError> {
    sqlx::query(
        "insert into account (username, role, display_name, password_hash)
         select 'gen.writer.' || g, 'citizen',
                (array['陈','林','黄','张','李','王','吴','刘','蔡','杨'])[1 + g % 10] || '某某', $2
         from generate_series(1, $1) g
         on conflict (username) do nothing",
    )
    .bind(WRITERS)
    .bind(dummy_password_hash())
    .execute(pool)
    .await?;
    let have: i64 = sqlx::query_scalar("select count(*) from letter")
        .fetch_one(pool)
        .await?;
    let mut from = have + 1;
    while from <= n {
        let to = (from + BATCH - 1).min(n);
        let mut tx = pool.begin().await?;
        sqlx::query(INSERT)
            .bind(from)
            .bind(to)
            .bind(today)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!(letters = to, "letters generated");
        from = to + 1;
    }
    Ok((n - have).max(0))
}

/// Rows $1..=$2, received up to 730 days before $3.
const INSERT: &str = "
with d as (select array_agg(id order by id) as ids, array_agg(region_code order by id) as regions
           from department),
     w as (select array_agg(id order by id) as ids from account where username like 'gen.writer.%'),
     rows as (
         select g,
                abs(hashint8extended(g, 1) % 1000)::integer as r_state,
                1 + abs(hashint8extended(g, 2) % array_length(d.ids, 1)) as dep,
                abs(hashint8extended(g, 3) % 730)::integer as age,
                abs(hashint8extended(g, 4) % 5)::integer as r_kind,
                abs(hashint8extended(g, 5) % 100)::integer as r_other,
                abs(hashint8extended(g, 6) % 8)::integer as r_subject,
                d.ids as dids, d.regions as dregions,
                w.ids[1 + abs(hashint8extended(g, 7) % array_length(w.ids, 1))] as writer
         from generate_series($1::bigint, $2::bigint) g, d, w
     ),
     shaped as (
         select rows.*,
                ($3::date - age::integer) as rd,
                (array['enquiry','help','complaint','suggestion','thanks'])[1 + r_kind] as kind,
                case when r_kind in (2, 3) then 18 else 4 end as limit_days,
                case
                    when age < 2 then (array['submitted','accepted','dispatched'])[1 + r_other % 3]
                    when age < 30 and r_state < 300 then 'handling'
                    when r_state < 15 then 'handling'
                    when r_state < 60 then 'replied'
                    when r_state < 90 then 'unsatisfied'
                    when r_state < 120 then 'not_responsible'
                    when r_state < 150 then 'closed_unresolved'
                    else 'resolved'
                end as state
         from rows
     )
insert into letter (letter_no, writer_id, idempotency_key, addressee, addressed_department_id,
    region_code, kind, subject, body, public, state, department_id, received_at, received_on,
    dispatched_on, due_on, replied_on, first_replied_on, replied_on_time, closed_on, satisfied,
    reopened)
select 'XJ' || to_char(rd, 'YYYYMMDD') || lpad((g % 1000000)::text, 6, '0'),
       writer,
       md5('letter' || g)::uuid,
       'department', dids[dep], dregions[dep], kind,
       (array['小区路灯长期不亮','噪音扰民问题','公交线路调整建议','社保转移咨询','办证窗口服务态度',
              '道路积水','学位申请咨询','感谢窗口工作人员'])[1 + r_subject] || '（' || g || '）',
       '来信内容（生成数据）第 ' || g || ' 件。',
       r_other < 33,
       state,
       case when state in ('submitted', 'accepted') or (state = 'not_responsible' and r_other % 2 = 0)
            then null else dids[dep] end,
       rd + time '09:30' - interval '8 hours',
       rd,
       case when state in ('submitted', 'accepted') or (state = 'not_responsible' and r_other % 2 = 0)
            then null else rd + 1 end,
       case when state in ('submitted', 'accepted') or (state = 'not_responsible' and r_other % 2 = 0)
            then null else rd + 1 + limit_days end,
       case when state in ('replied', 'unsatisfied', 'resolved', 'closed_unresolved')
            then rd + 1 + (r_other % (limit_days + 6)) end,
       case when state in ('replied', 'unsatisfied', 'resolved', 'closed_unresolved')
            then rd + 1 + (r_other % (limit_days + 6)) end,
       case when state in ('replied', 'unsatisfied', 'resolved', 'closed_unresolved')
            then (r_other % (limit_days + 6)) <= limit_days end,
       case when state in ('resolved', 'closed_unresolved', 'not_responsible')
            then rd + 3 + (r_other % (limit_days + 6)) end,
       case when state in ('unsatisfied', 'closed_unresolved') then false
            when state = 'resolved' then r_state % 10 <> 0 end,
       state = 'resolved' and r_state % 20 = 0
from shaped";
