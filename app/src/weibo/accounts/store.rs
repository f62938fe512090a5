//! Microblog accounts in the database: applying (idempotently, the names
//! compared with every live account's under one lock so that two
//! look-alikes applied for at once are compared with each other), the
//! verifiers' queue and decisions, the evidence read (audited), the
//! public reads ([`by_handle`], [`list`]), the team and the verifiers.
//!
//! The unique indexes of the schema (one account per unit, per post, per
//! name key; handles) are the last line of defence: their violations are
//! answered as the problems they are.

use super::{
    check, Application, Applied, Decision, LikePair, Member, MemberChange, Problem, PublicAccount,
    QueueRow, StaffAccount, State, Team, TeamRole, Verdict,
};
use crate::{
    accounts::{Me, Role},
    catalog::Bilingual,
    error::AppError,
    files::{objects::Objects, store::Scan},
    notifications::{self, store::Outgoing, Kind as NoteKind, Params},
    review::{
        store::{roles_of, Owner},
        view::Subject,
        Role as ReviewRole,
    },
    weibo::{
        lookalike::{self, Likeness},
        naming,
        view::{AccountKind, AccountName},
    },
};
use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;

/// The advisory lock under which names are compared and applications
/// written, one at a time.
const APPLY_LOCK: i64 = 7_321_021;

fn violates(e: &sqlx::Error, constraint: &str) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.constraint() == Some(constraint))
}

/// The region's verifying level of an account (`w`, joined with its
/// region `r`): the province for the province's and cities' accounts, the
/// city for its counties' (as [`super::verifying_region`] says).
const VERIFYING: &str = "(case when r.level = 'county' then r.parent_code else 440000 end)";

/// The account `id` shown by name, with its mark when verified.
type NameRow = (String, String, String, Option<String>, String);

fn account_name((handle, name, kind, capacity, state): NameRow) -> AccountName {
    AccountName {
        handle,
        name,
        kind: AccountKind::parse(&kind).unwrap_or(AccountKind::Institution),
        capacity,
        verified: state == "verified",
    }
}

// ---- public reads ------------------------------------------------------------

const PUBLIC: &str = "select w.id, w.handle, w.name, w.kind, w.capacity, w.state,
        w.department_id, row(d.name_zh, d.name_en), w.region_code, row(r.name_zh, r.name_en),
        w.city_code, w.bio, w.comments_closed, w.followers,
        to_char(w.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')
    from weibo_account w
    join department d on d.id = w.department_id
    join region r on r.code = w.region_code";

type PublicRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    i64,
    Bilingual,
    i32,
    Bilingual,
    i32,
    String,
    bool,
    i32,
    Option<String>,
);

fn public_of(r: PublicRow) -> PublicAccount {
    let state = State::parse(&r.5).unwrap_or(State::Closed);
    PublicAccount {
        id: r.0,
        account: account_name((r.1, r.2, r.3, r.4, r.5)),
        department_id: r.6,
        department: r.7,
        region_code: r.8,
        region: r.9,
        city_code: r.10,
        bio: r.11,
        comments_closed: r.12,
        followers: r.13,
        state,
        verified_on: (state == State::Verified).then_some(r.14).flatten(),
    }
}

/// The account with this handle, in whatever state: its public facts (the
/// name with the mark only when verified, region, department, bio,
/// comments closed, followers, state). Other parts of the hall read
/// accounts through this; what to show of an unverified one is theirs.
pub async fn by_handle(pool: &PgPool, handle: &str) -> Result<Option<PublicAccount>, AppError> {
    let row: Option<PublicRow> = sqlx::query_as(&format!("{PUBLIC} where w.handle = $1"))
        .bind(handle)
        .fetch_optional(pool)
        .await?;
    Ok(row.map(public_of))
}

/// The verified accounts of `region` and the regions under it (every one
/// for the province, or with no region), by name.
pub async fn list(pool: &PgPool, region: Option<u32>) -> Result<Vec<PublicAccount>, AppError> {
    let region = region.unwrap_or(crate::regions::PROVINCE) as i32;
    let rows: Vec<PublicRow> = sqlx::query_as(&format!(
        "{PUBLIC} where w.state = 'verified'
           and ($1 = 440000 or w.region_code = $1 or w.city_code = $1
                or r.parent_code = $1)
         order by w.city_code, w.name limit 1000"
    ))
    .bind(region)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(public_of).collect())
}

// ---- applying ----------------------------------------------------------------

async fn by_key(
    db: &mut PgConnection,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Applied>, AppError> {
    type KeyRow = (i64, String, String, Option<i64>, Option<String>);
    let row: Option<KeyRow> = sqlx::query_as(
        "select id, handle, state, lookalike_of, lookalike_how from weibo_account
         where applied_by = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(&mut *db)
    .await?;
    let Some((id, handle, state, like_of, how)) = row else {
        return Ok(None);
    };
    let lookalike = match (like_of, how.as_deref().and_then(Likeness::parse)) {
        (Some(of), Some(how)) => Some(LikePair {
            of: name_of(db, of).await?,
            how,
        }),
        _ => None,
    };
    Ok(Some(Applied {
        id,
        handle,
        state: State::parse(&state).unwrap_or(State::Applied),
        lookalike,
        created: false,
    }))
}

async fn name_of(db: &mut PgConnection, id: i64) -> Result<AccountName, AppError> {
    let row: NameRow = sqlx::query_as(
        "select handle, name, kind, capacity, state from weibo_account where id = $1",
    )
    .bind(id)
    .fetch_one(&mut *db)
    .await?;
    Ok(account_name(row))
}

/// Where the applicant works: department, its name, its region's code,
/// name, level and parent.
type Unit = (i64, String, i32, String, String, Option<i32>);

async fn unit_of(db: &mut PgConnection, me: &Me) -> Result<Unit, AppError> {
    if me.role != Role::Staff {
        return Err(Problem::NotStaff.into());
    }
    sqlx::query_as(
        "select d.id, d.name_zh, r.code, r.name_zh, r.level, r.parent_code from staff s
         join department d on d.id = s.department_id
         join region r on r.code = d.region_code
         where s.account_id = $1",
    )
    .bind(me.id)
    .fetch_optional(&mut *db)
    .await?
    .ok_or_else(|| Problem::NotStaff.into())
}

/// The live account (verified first, then applications) whose name is most
/// like `name` (of a unit of region `short`), and how.
async fn most_like(
    db: &mut PgConnection,
    name: &str,
    short: &str,
) -> Result<Option<(i64, String, Likeness)>, AppError> {
    let live: Vec<(i64, String, String, bool)> = sqlx::query_as(
        "select w.id, w.name, r.name_zh, w.state = 'verified' from weibo_account w
         join region r on r.code = w.region_code
         where w.state in ('applied', 'flagged', 'verified')
         order by (w.state = 'verified') desc, w.id",
    )
    .fetch_all(&mut *db)
    .await?;
    let rank = |l: Likeness| Likeness::ALL.iter().position(|x| *x == l).unwrap_or(9);
    Ok(live
        .into_iter()
        .filter_map(|(id, other, region, _)| {
            lookalike::likeness_in(name, short, &other, naming::region_short(&region))
                .map(|how| (id, other, how))
        })
        .min_by_key(|(_, _, how)| rank(*how)))
}

/// Applies for an account of `me`'s unit (403 for anyone not staff): the
/// naming norms checked (422 with the rule), one account per unit and per
/// post (409), a name reading the same as a live account's refused (409);
/// a name confusable with one is `flagged` with it, otherwise `applied`.
/// The same key always gives the same application.
pub async fn apply(
    pool: &PgPool,
    me: &Me,
    application: &Application,
    key: uuid::Uuid,
    now: OffsetDateTime,
) -> Result<Applied, AppError> {
    let mut conn = pool.acquire().await?;
    if let Some(a) = by_key(&mut conn, me, key).await? {
        return Ok(a);
    }
    let c = check(application)?;
    let (department, unit_name, region, region_name, level, parent) =
        unit_of(&mut conn, me).await?;
    let name_problems = match (c.kind, c.post) {
        (AccountKind::Official, Some(post)) => {
            let ours: bool = sqlx::query_scalar(
                "select exists (select 1 from department_post p
                     join department_unit u on u.id = p.unit_id
                     where p.id = $1 and u.department_id = $2)",
            )
            .bind(post)
            .bind(department)
            .fetch_one(&mut *conn)
            .await?;
            if !ours {
                return Err(Problem::Post.into());
            }
            naming::check_official(&c.name, &unit_name)
        }
        _ => naming::check_institution(&c.name, &region_name),
    };
    let key_of_name = lookalike::name_key(&c.name);
    if !name_problems.is_empty() || key_of_name.is_empty() || key_of_name.chars().count() > 20 {
        let mut problems = name_problems;
        if problems.is_empty() {
            problems.push(naming::NameProblem::Length);
        }
        return Err(Problem::Name {
            problems,
            official: c.kind == AccountKind::Official,
        }
        .into());
    }
    if crate::files::store::own(pool, me.id, &[c.evidence])
        .await?
        .is_empty()
    {
        return Err(Problem::Evidence.into());
    }
    drop(conn);
    let city = match level.as_str() {
        "province" => crate::regions::PROVINCE as i32,
        "city" => region,
        _ => parent.unwrap_or(region),
    };
    let short = naming::region_short(&region_name).to_string();
    let mut tx = pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock($1)")
        .bind(APPLY_LOCK)
        .execute(&mut *tx)
        .await?;
    if let Some(a) = by_key(&mut tx, me, key).await? {
        return Ok(a);
    }
    let like = most_like(&mut tx, &c.name, &short).await?;
    if let Some((_, other, Likeness::Same)) = &like {
        return Err(Problem::NameTaken {
            like: other.clone(),
        }
        .into());
    }
    let state = if like.is_some() {
        State::Flagged
    } else {
        State::Applied
    };
    let capacity = (c.kind == AccountKind::Official).then(|| c.name.clone());
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "insert into weibo_account (handle, name, name_key, kind, department_id, region_code,
             city_code, post_id, capacity, bio, state, lookalike_of, lookalike_how, evidence_id,
             applied_by, applied_at, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
         returning id",
    )
    .bind(c.handle.as_str())
    .bind(&c.name)
    .bind(&key_of_name)
    .bind(c.kind.code())
    .bind(department)
    .bind(region)
    .bind(city)
    .bind(c.post)
    .bind(&capacity)
    .bind(&c.bio)
    .bind(state.code())
    .bind(like.as_ref().map(|l| l.0))
    .bind(like.as_ref().map(|l| l.2.code()))
    .bind(c.evidence)
    .bind(me.id)
    .bind(now)
    .bind(key)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if violates(&e, "weibo_account_handle_key") => {
            return Err(Problem::HandleTaken.into())
        }
        Err(e) if violates(&e, "weibo_account_unit_idx") => {
            return Err(Problem::UnitHasAccount.into())
        }
        Err(e) if violates(&e, "weibo_account_post_idx") => {
            return Err(Problem::PostHasAccount.into())
        }
        Err(e) if violates(&e, "weibo_account_name_key_idx") => {
            return Err(Problem::NameTaken {
                like: c.name.clone(),
            }
            .into())
        }
        Err(e) => return Err(e.into()),
    };
    let lookalike = match &like {
        Some((of, _, how)) => Some(LikePair {
            of: name_of(&mut tx, *of).await?,
            how: *how,
        }),
        None => None,
    };
    tx.commit().await?;
    tracing::info!(
        account = id,
        state = state.code(),
        "weibo account applied for"
    );
    Ok(Applied {
        id,
        handle: c.handle.as_str().to_string(),
        state,
        lookalike,
        created: true,
    })
}

// ---- verifying ---------------------------------------------------------------

/// The regions whose accounts `me` verifies.
async fn verifier_regions(db: &mut PgConnection, me: &Me) -> Result<Vec<i32>, AppError> {
    Ok(
        sqlx::query_scalar("select region_code from weibo_verifier where account_id = $1")
            .bind(me.id)
            .fetch_all(&mut *db)
            .await?,
    )
}

const QUEUE: &str = "select w.id, w.handle, w.name, w.kind, w.capacity, w.state,
        row(d.name_zh, d.name_en), row(r.name_zh, r.name_en),
        to_char(w.applied_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'),
        a.display_name, l.handle, l.name, l.kind, l.capacity, l.state, w.lookalike_how,
        w.bio, w.evidence_id, u.name, v.display_name,
        to_char(w.decided_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), w.reason,
        w.applied_by, (case when r.level = 'county' then r.parent_code else 440000 end)
    from weibo_account w
    join department d on d.id = w.department_id
    join region r on r.code = w.region_code
    join account a on a.id = w.applied_by
    left join weibo_account l on l.id = w.lookalike_of
    left join upload u on u.id = w.evidence_id
    left join account v on v.id = w.decided_by";

struct QueueSql {
    id: i64,
    handle: String,
    name: String,
    kind: String,
    capacity: Option<String>,
    state: String,
    department: Bilingual,
    region: Bilingual,
    applied_at: String,
    applicant: String,
    l_handle: Option<String>,
    l_name: Option<String>,
    l_kind: Option<String>,
    l_capacity: Option<String>,
    l_state: Option<String>,
    how: Option<String>,
    bio: String,
    evidence_id: Option<i64>,
    evidence_name: Option<String>,
    decided_by: Option<String>,
    decided_at: Option<String>,
    reason: Option<String>,
    applied_by: i64,
    verifying: i32,
}

impl QueueSql {
    fn row(&self) -> QueueRow {
        let lookalike = match (
            &self.l_handle,
            &self.l_name,
            &self.l_kind,
            &self.l_state,
            self.how.as_deref().and_then(Likeness::parse),
        ) {
            (Some(h), Some(n), Some(k), Some(s), Some(how)) => Some(LikePair {
                of: account_name((
                    h.clone(),
                    n.clone(),
                    k.clone(),
                    self.l_capacity.clone(),
                    s.clone(),
                )),
                how,
            }),
            _ => None,
        };
        QueueRow {
            id: self.id,
            account: account_name((
                self.handle.clone(),
                self.name.clone(),
                self.kind.clone(),
                self.capacity.clone(),
                self.state.clone(),
            )),
            department: self.department.clone(),
            region: self.region.clone(),
            state: State::parse(&self.state).unwrap_or(State::Applied),
            applied_at: self.applied_at.clone(),
            applicant: self.applicant.clone(),
            lookalike,
        }
    }
}

fn queue_sql(row: sqlx::postgres::PgRow) -> Result<QueueSql, sqlx::Error> {
    use sqlx::Row;
    Ok(QueueSql {
        id: row.try_get(0)?,
        handle: row.try_get(1)?,
        name: row.try_get(2)?,
        kind: row.try_get(3)?,
        capacity: row.try_get(4)?,
        state: row.try_get(5)?,
        department: row.try_get(6)?,
        region: row.try_get(7)?,
        applied_at: row.try_get(8)?,
        applicant: row.try_get(9)?,
        l_handle: row.try_get(10)?,
        l_name: row.try_get(11)?,
        l_kind: row.try_get(12)?,
        l_capacity: row.try_get(13)?,
        l_state: row.try_get(14)?,
        how: row.try_get(15)?,
        bio: row.try_get(16)?,
        evidence_id: row.try_get(17)?,
        evidence_name: row.try_get(18)?,
        decided_by: row.try_get(19)?,
        decided_at: row.try_get(20)?,
        reason: row.try_get(21)?,
        applied_by: row.try_get(22)?,
        verifying: row.try_get(23)?,
    })
}

/// The accounts waiting for `me`'s verification (the levels `me` verifies),
/// flagged ones first, then the oldest; 403 for anyone who verifies nothing.
pub async fn queue(pool: &PgPool, me: &Me) -> Result<Vec<QueueRow>, AppError> {
    let mut conn = pool.acquire().await?;
    let regions = verifier_regions(&mut conn, me).await?;
    if regions.is_empty() {
        return Err(AppError::Forbidden);
    }
    let rows = sqlx::query(&format!(
        "{QUEUE} where w.state in ('applied', 'flagged') and {VERIFYING} = any($1)
         order by (w.state = 'flagged') desc, w.applied_at, w.id limit 500"
    ))
    .bind(&regions)
    .try_map(queue_sql)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().map(QueueSql::row).collect())
}

async fn staff_row(db: &mut PgConnection, id: i64) -> Result<Option<QueueSql>, AppError> {
    Ok(sqlx::query(&format!("{QUEUE} where w.id = $1"))
        .bind(id)
        .try_map(queue_sql)
        .fetch_optional(&mut *db)
        .await?)
}

/// The account `id` for one of its verifiers (then `true`) or its
/// applicant; 404 for anyone else.
async fn seen_by(pool: &PgPool, me: &Me, id: i64) -> Result<(QueueSql, bool), AppError> {
    let mut conn = pool.acquire().await?;
    let r = staff_row(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let verifier = verifier_regions(&mut conn, me)
        .await?
        .contains(&r.verifying);
    if !verifier && r.applied_by != me.id {
        return Err(AppError::NotFound);
    }
    Ok((r, verifier))
}

/// The account `id` as its verifiers and its applicant see it (404 for
/// anyone else), with the evidence and whether `me` may decide now.
pub async fn staff_one(pool: &PgPool, me: &Me, id: i64) -> Result<StaffAccount, AppError> {
    let (r, verifier) = seen_by(pool, me, id).await?;
    let row = r.row();
    Ok(StaffAccount {
        may_decide: verifier && row.state.pending() && r.applied_by != me.id,
        row,
        bio: r.bio.clone(),
        evidence: r.evidence_id.zip(r.evidence_name.clone()),
        decided_by: r.decided_by.clone(),
        decided_at: r.decided_at.clone(),
        reason: r.reason.clone(),
    })
}

/// The approval letter's scan of account `id`, for its verifiers (and the
/// applicant who uploaded it); a verifier's read is recorded in the
/// uploader's audit trail, naming the file. 404 for anyone else.
pub async fn evidence(
    pool: &PgPool,
    objects: &Objects,
    me: &Me,
    id: i64,
) -> Result<Scan, AppError> {
    let (r, _) = seen_by(pool, me, id).await?;
    let upload = r.evidence_id.ok_or(AppError::NotFound)?;
    crate::files::store::open_granted(pool, objects, me.id, upload).await
}

/// Verifies or rejects (with the reason) the pending account `id`, as a
/// verifier of its level (403 for anyone else, and for its own applicant);
/// 409 once decided. A verified account's applicant becomes the first
/// reviewer of its team; the applicant is told either way.
pub async fn decide(
    pool: &PgPool,
    me: &Me,
    id: i64,
    decision: &Decision,
    now: OffsetDateTime,
) -> Result<State, AppError> {
    let verdict = decision.check()?;
    let mut tx = pool.begin().await?;
    let locked: Option<(String, i64, String)> = sqlx::query_as(
        "select state, applied_by, name from weibo_account where id = $1 for update",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (state, applicant, name) = locked.ok_or(AppError::NotFound)?;
    let r = staff_row(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let verifier = verifier_regions(&mut tx, me).await?.contains(&r.verifying);
    if !verifier || applicant == me.id {
        return Err(AppError::Forbidden);
    }
    if !State::parse(&state).is_some_and(State::pending) {
        return Err(Problem::Decided.into());
    }
    let (to, reason, kind) = match &verdict {
        Verdict::Verify => (State::Verified, None, NoteKind::WeiboAccountVerified),
        Verdict::Reject { reason } => (
            State::Rejected,
            Some(reason.clone()),
            NoteKind::WeiboAccountRejected,
        ),
    };
    sqlx::query(
        "update weibo_account set state = $2, decided_by = $3, decided_at = $4, reason = $5
         where id = $1",
    )
    .bind(id)
    .bind(to.code())
    .bind(me.id)
    .bind(now)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    if to == State::Verified {
        add_row(&mut tx, id, applicant, TeamRole::Reviewer, me.id, now).await?;
    }
    let unit: Option<Bilingual> = sqlx::query_scalar(
        "select row(d.name_zh, d.name_en) from staff s
         join department d on d.id = s.department_id where s.account_id = $1",
    )
    .bind(me.id)
    .fetch_optional(&mut *tx)
    .await?;
    let by = match unit {
        Some(unit) => unit,
        None => {
            sqlx::query_scalar("select row(r.name_zh, r.name_en) from region r where r.code = $1")
                .bind(r.verifying)
                .fetch_one(&mut *tx)
                .await?
        }
    };
    let params = Params {
        case_no: reason.clone().unwrap_or_default(),
        step: Bilingual {
            zh: name.clone(),
            en: name,
        },
        department: by,
        due_on: String::new(),
        enterprise: String::new(),
    };
    let mail = notifications::store::mail_of(&mut tx).await?;
    notifications::store::send(
        &mut tx,
        &Outgoing {
            recipient: applicant,
            kind,
            params: &params,
            link: Some(format!("/staff/weibo/accounts/{id}")),
            alert_id: None,
        },
        mail.as_ref(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(account = id, state = to.code(), "weibo account decided");
    Ok(to)
}

/// Makes `account` a verifier of `region`'s accounts (the province's: the
/// province's and the cities'; a city's: its counties'); the
/// administrator only (403).
pub async fn grant_verifier(
    pool: &PgPool,
    me: &Me,
    account: i64,
    region: u32,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    if me.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let level: Option<String> = sqlx::query_scalar("select level from region where code = $1")
        .bind(region as i32)
        .fetch_optional(pool)
        .await?;
    if !matches!(level.as_deref(), Some("province" | "city")) {
        return Err(AppError::InvalidParameter {
            name: "region".into(),
        });
    }
    let exists: bool = sqlx::query_scalar("select exists (select 1 from account where id = $1)")
        .bind(account)
        .fetch_one(pool)
        .await?;
    if !exists {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "insert into weibo_verifier (account_id, region_code, granted_by, granted_at)
         values ($1, $2, $3, $4) on conflict do nothing",
    )
    .bind(account)
    .bind(region as i32)
    .bind(me.id)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

// ---- the team ----------------------------------------------------------------

async fn add_row(
    db: &mut PgConnection,
    account: i64,
    who: i64,
    role: TeamRole,
    by: i64,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let added = sqlx::query(
        "insert into weibo_member (weibo_account_id, account_id, role, added_by, added_at)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(account)
    .bind(who)
    .bind(role.code())
    .bind(by)
    .bind(now)
    .execute(&mut *db)
    .await?
    .rows_affected()
        > 0;
    if added {
        event(db, account, who, role, "add", by, now).await?;
    }
    Ok(added)
}

async fn event(
    db: &mut PgConnection,
    account: i64,
    who: i64,
    role: TeamRole,
    action: &str,
    by: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into weibo_member_event (weibo_account_id, account_id, role, action, by_id, at)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(account)
    .bind(who)
    .bind(role.code())
    .bind(action)
    .bind(by)
    .bind(now)
    .execute(&mut *db)
    .await?;
    Ok(())
}

/// The verified account with this handle: id, department and the name.
async fn verified(db: &mut PgConnection, handle: &str) -> Result<(i64, i64), AppError> {
    sqlx::query_as(
        "select id, department_id from weibo_account where handle = $1 and state = 'verified'",
    )
    .bind(handle)
    .fetch_optional(&mut *db)
    .await?
    .ok_or(AppError::NotFound)
}

/// Whether `me` keeps the team of `account`: a reviewer (added, or holding
/// an official account's post).
async fn keeps_team(db: &mut PgConnection, me: &Me, account: i64) -> Result<bool, AppError> {
    let owner = Owner::Weibo {
        account,
        subject: Subject::WeiboPost,
    };
    Ok(roles_of(db, me.id, owner)
        .await?
        .contains(&ReviewRole::Reviewer))
}

/// The team of the account `handle` (its unit's staff see it; 404 for
/// anyone else): members with who added them, and the holder of an
/// official account's post as a reviewer by holding it.
pub async fn team(pool: &PgPool, me: &Me, handle: &str) -> Result<Team, AppError> {
    let mut conn = pool.acquire().await?;
    let (id, department) = verified(&mut conn, handle).await?;
    let of_unit: bool = sqlx::query_scalar(
        "select exists (select 1 from staff where account_id = $1 and department_id = $2)",
    )
    .bind(me.id)
    .bind(department)
    .fetch_one(&mut *conn)
    .await?;
    if !of_unit {
        return Err(AppError::NotFound);
    }
    let public = by_handle(pool, handle).await?.ok_or(AppError::NotFound)?;
    let rows: Vec<(i64, String, String, String, String, String, bool)> = sqlx::query_as(
        "select a.id, a.username, a.display_name, m.role, b.display_name,
             to_char(m.added_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), false
         from weibo_member m join account a on a.id = m.account_id
         join account b on b.id = m.added_by
         join staff s on s.account_id = m.account_id and s.department_id = $2
         where m.weibo_account_id = $1
         union all
         select a.id, a.username, a.display_name, 'reviewer', '', '', true
         from weibo_account w join staff s on s.post_id = w.post_id
         join account a on a.id = s.account_id
         where w.id = $1 and w.kind = 'official'
         order by 7 desc, 4, 2",
    )
    .bind(id)
    .bind(department)
    .fetch_all(&mut *conn)
    .await?;
    let members = rows
        .into_iter()
        .filter_map(
            |(account_id, username, display_name, role, by, at, by_post)| {
                Some(Member {
                    account_id,
                    username,
                    display_name,
                    role: TeamRole::parse(&role)?,
                    added_by: by,
                    added_at: at,
                    by_post,
                })
            },
        )
        .collect();
    let may_change = keeps_team(&mut conn, me, id).await?;
    let staff = if may_change {
        sqlx::query_as(
            "select a.username, a.display_name from staff s join account a on a.id = s.account_id
             where s.department_id = $1 order by a.username limit 200",
        )
        .bind(department)
        .fetch_all(&mut *conn)
        .await?
    } else {
        Vec::new()
    };
    Ok(Team {
        account: public.account,
        department: public.department,
        members,
        may_change,
        staff,
    })
}

/// The staff member `username` of `department`, or the problem.
async fn staff_of(db: &mut PgConnection, username: &str, department: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "select a.id from account a join staff s on s.account_id = a.id
         where a.username = $1 and s.department_id = $2",
    )
    .bind(username.trim())
    .bind(department)
    .fetch_optional(&mut *db)
    .await?
    .ok_or_else(|| Problem::NotOfUnit.into())
}

/// The verified account `handle` locked for a change of its team by `me`,
/// one of its reviewers (403 for anyone else, checked before the change's
/// role): its id, its unit, the role changed.
async fn kept_by(
    db: &mut PgConnection,
    me: &Me,
    handle: &str,
    change: &MemberChange,
) -> Result<(i64, i64, TeamRole), AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let (id, department) = verified(&mut *db, handle).await?;
    sqlx::query("select 1 from weibo_account where id = $1 for update")
        .bind(id)
        .execute(&mut *db)
        .await?;
    if !keeps_team(&mut *db, me, id).await? {
        return Err(AppError::Forbidden);
    }
    let role = TeamRole::parse(&change.role).ok_or(Problem::Role)?;
    Ok((id, department, role))
}

/// Adds a member (staff of the unit) with a role to the account `handle`'s
/// team, as one of its reviewers (403 for anyone else); recorded.
pub async fn add_member(
    pool: &PgPool,
    me: &Me,
    handle: &str,
    change: &MemberChange,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (id, department, role) = kept_by(&mut tx, me, handle, change).await?;
    let who = staff_of(&mut tx, &change.username, department).await?;
    add_row(&mut tx, id, who, role, me.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a member's role from the account `handle`'s team, as one of its
/// reviewers (403 for anyone else); the last reviewer stays (409).
/// Recorded.
pub async fn remove_member(
    pool: &PgPool,
    me: &Me,
    handle: &str,
    change: &MemberChange,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (id, _, role) = kept_by(&mut tx, me, handle, change).await?;
    let who: Option<i64> = sqlx::query_scalar(
        "select m.account_id from weibo_member m join account a on a.id = m.account_id
         where m.weibo_account_id = $1 and a.username = $2 and m.role = $3",
    )
    .bind(id)
    .bind(change.username.trim())
    .bind(role.code())
    .fetch_optional(&mut *tx)
    .await?;
    let who = who.ok_or(AppError::NotFound)?;
    if role == TeamRole::Reviewer {
        let others: i64 = sqlx::query_scalar(
            "select count(*) from weibo_member
             where weibo_account_id = $1 and role = 'reviewer' and account_id <> $2",
        )
        .bind(id)
        .bind(who)
        .fetch_one(&mut *tx)
        .await?;
        if others == 0 {
            return Err(Problem::LastReviewer.into());
        }
    }
    sqlx::query(
        "delete from weibo_member where weibo_account_id = $1 and account_id = $2 and role = $3",
    )
    .bind(id)
    .bind(who)
    .bind(role.code())
    .execute(&mut *tx)
    .await?;
    event(&mut tx, id, who, role, "remove", me.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The posts of `me`'s unit (the official's account form's choices): id
/// and `unit · post`.
pub async fn unit_posts(pool: &PgPool, me: &Me) -> Result<Vec<(i64, String)>, AppError> {
    Ok(sqlx::query_as(
        "select p.id, u.name_zh || ' · ' || p.name_zh from staff s
         join department_unit u on u.department_id = s.department_id
         join department_post p on p.unit_id = u.id
         where s.account_id = $1 order by u.id, p.id",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?)
}
