//! The marketplace in the database. Every action locks its purchase
//! (`for update`), lets the pure core decide (who may, which state, the
//! draw) and writes once in one transaction; the schema's checks and
//! unique keys (one selection, one work step and one rating per purchase;
//! one registration per intermediary and purchase) are the last line of
//! defence.

use super::{
    draw as draw_among, overall, purchase_no, IntermediaryStep, IntermediaryView, MarketProblem,
    MyProject, NewIntermediary, NewPurchase, PurchaseLine, PurchaseView, Qualification,
    QualificationView, RatingBody, RatingView, RawJoin, RawQualification, RegistrantView,
    SelectionView, ServiceType, State, REGISTRATION_DAYS,
};
use crate::{
    accounts::{Me, Role},
    clock::{format_date, Calendar},
    error::{AppError, FieldRefusal},
    i18n::{Bilingual, Msg},
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind, Params,
    },
    ratings::{line, rank, Stars, Tally},
};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use time::Date;

fn unique_violation(e: &sqlx::Error, constraint: &str) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.constraint() == Some(constraint))
}

fn service_of(code: &str) -> Result<ServiceType, AppError> {
    ServiceType::parse(code).ok_or_else(|| AppError::internal(format!("service {code}")))
}

fn state_of(code: &str) -> Result<State, AppError> {
    State::parse(code).ok_or_else(|| AppError::internal(format!("state {code}")))
}

/// Registers an intermediary and its qualifications, managed by `account`
/// (demo data, tests and the administrators' tools); registering the same
/// credit code again updates it. Its id.
pub async fn register_intermediary(
    pool: &PgPool,
    new: &NewIntermediary,
    account: Option<i64>,
) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "insert into intermediary (name_zh, name_en, credit_code, account_id, region_code)
         values ($1, $2, $3, $4, $5)
         on conflict (credit_code) do update
            set name_zh = excluded.name_zh, name_en = excluded.name_en,
                account_id = coalesce(excluded.account_id, intermediary.account_id),
                region_code = excluded.region_code
         returning id",
    )
    .bind(&new.name.zh)
    .bind(&new.name.en)
    .bind(new.credit_code.as_str())
    .bind(account)
    .bind(new.region.get() as i32)
    .fetch_one(&mut *tx)
    .await?;
    for q in &new.qualifications {
        put_qualification(&mut *tx, id, q).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Adds a qualification of intermediary `id`, or renews it: the same
/// service again replaces its grade, certificate and date.
async fn put_qualification<'e>(
    db: impl sqlx::PgExecutor<'e>,
    id: i64,
    q: &Qualification,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into intermediary_qualification (intermediary_id, service, grade, certificate, valid_until)
         values ($1, $2, $3, $4, $5)
         on conflict (intermediary_id, service) do update
            set grade = excluded.grade, certificate = excluded.certificate,
                valid_until = excluded.valid_until",
    )
    .bind(id)
    .bind(q.service.code())
    .bind(q.grade.code())
    .bind(&q.certificate)
    .bind(q.valid_until)
    .execute(db)
    .await?;
    Ok(())
}

/// What a self-registration answered: the intermediary's id, and whether
/// it is new (the same key again answers the one registered the first
/// time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    pub id: i64,
    pub created: bool,
}

/// The intermediary `me` manages, as a registration under `key` answers
/// it: none yet; the one this key registered; or, registered under
/// another key, 409.
async fn joined_by(pool: &PgPool, me: &Me, key: uuid::Uuid) -> Result<Option<Joined>, AppError> {
    let mine: Option<(i64, Option<uuid::Uuid>)> =
        sqlx::query_as("select id, idempotency_key from intermediary where account_id = $1")
            .bind(me.id)
            .fetch_optional(pool)
            .await?;
    match mine {
        None => Ok(None),
        Some((id, Some(k))) if k == key => Ok(Some(Joined { id, created: false })),
        Some(_) => Err(MarketProblem::AlreadyManages.into()),
    }
}

/// An enterprise account's name and unified social credit code.
pub async fn enterprise_of(pool: &PgPool, me: &Me) -> Result<Option<(String, String)>, AppError> {
    Ok(
        sqlx::query_as("select name, credit_code from enterprise where account_id = $1")
            .bind(me.id)
            .fetch_optional(pool)
            .await?,
    )
}

/// The enterprise `me` registers its organisation as an intermediary
/// (中介机构入驻) under its own credit code, with its qualifications, each
/// valid today or later; idempotent by `key`. One intermediary per
/// account (409 for a second); a credit code another account manages is
/// refused (409), one registered for no account (the administrators'
/// tools, the demo) becomes this account's, ratings and all.
pub async fn join(
    pool: &PgPool,
    me: &Me,
    raw: &RawJoin,
    key: uuid::Uuid,
    today: Date,
) -> Result<Joined, AppError> {
    if me.role != Role::Enterprise {
        return Err(MarketProblem::EnterpriseOnly.into());
    }
    if let Some(done) = joined_by(pool, me, key).await? {
        return Ok(done);
    }
    let (_, credit_code) = enterprise_of(pool, me)
        .await?
        .ok_or(MarketProblem::EnterpriseOnly)?;
    let new = raw.parse(&credit_code, today)?;
    if !crate::regions::store::exists(pool, new.region).await? {
        return Err(AppError::InvalidFields {
            fields: vec![FieldRefusal::new(
                "region",
                &super::FieldProblem::Region,
                Bilingual::of(Msg::MktErrRegion),
            )],
        });
    }
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "insert into intermediary (name_zh, name_en, credit_code, account_id, region_code, idempotency_key)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (credit_code) do update
            set name_zh = excluded.name_zh, name_en = excluded.name_en,
                account_id = excluded.account_id, region_code = excluded.region_code,
                idempotency_key = excluded.idempotency_key
            where intermediary.account_id is null
         returning id",
    )
    .bind(&new.name.zh)
    .bind(&new.name.en)
    .bind(new.credit_code.as_str())
    .bind(me.id)
    .bind(new.region.get() as i32)
    .bind(key)
    .fetch_optional(&mut *tx)
    .await;
    let id = match inserted {
        Ok(Some(id)) => id,
        // Managed by an account already: this one (a registration made
        // meanwhile) or another.
        Ok(None) => {
            drop(tx);
            return joined_by(pool, me, key)
                .await?
                .ok_or_else(|| MarketProblem::CodeTaken.into());
        }
        Err(e) if unique_violation(&e, "intermediary_account_id_key") => {
            drop(tx);
            return joined_by(pool, me, key)
                .await?
                .ok_or_else(|| MarketProblem::AlreadyManages.into());
        }
        Err(e) => return Err(e.into()),
    };
    for q in &new.qualifications {
        put_qualification(&mut *tx, id, q).await?;
    }
    tx.commit().await?;
    Ok(Joined { id, created: true })
}

/// The intermediary `me` manages (`id`, when the caller names it) adds a
/// qualification or renews one, valid today or later: 403 for an account
/// that manages none (or not this one). Its id.
pub async fn qualify(
    pool: &PgPool,
    me: &Me,
    id: Option<i64>,
    raw: &RawQualification,
    today: Date,
) -> Result<i64, AppError> {
    let mine = managed_by(pool, me)
        .await?
        .filter(|mine| id.is_none_or(|id| id == *mine))
        .ok_or(MarketProblem::NotAnIntermediary)?;
    let q = raw.parse(today)?;
    put_qualification(pool, mine, &q).await?;
    Ok(mine)
}

/// The intermediaries, ranked fairly by their ratings (the departments'
/// boards' rule: [`crate::ratings::Tally::score`]); with `service`, only
/// those with a valid qualification for it, ranked by the ratings of that
/// service's purchases.
pub async fn list(
    pool: &PgPool,
    service: Option<ServiceType>,
    today: Date,
) -> Result<Vec<IntermediaryView>, AppError> {
    let code = service.map(ServiceType::code);
    let rows: Vec<(i64, Bilingual, String, Bilingual)> = sqlx::query_as(
        "select i.id, row(i.name_zh, i.name_en), i.credit_code, row(r.name_zh, r.name_en)
         from intermediary i join region r on r.code = i.region_code
         where $1::text is null or exists (
             select 1 from intermediary_qualification q
             where q.intermediary_id = i.id and q.service = $1 and q.valid_until >= $2)
         order by i.id",
    )
    .bind(code)
    .bind(today)
    .fetch_all(pool)
    .await?;
    let mut quals: HashMap<i64, Vec<QualificationView>> = HashMap::new();
    let qrows: Vec<(i64, String, String, String, Date)> = sqlx::query_as(
        "select intermediary_id, service, grade, certificate, valid_until
         from intermediary_qualification order by intermediary_id, service",
    )
    .fetch_all(pool)
    .await?;
    for (id, service, grade, certificate, valid_until) in qrows {
        let service = service_of(&service)?;
        quals.entry(id).or_default().push(QualificationView {
            service,
            service_name: service.name(),
            grade: super::Grade::parse(&grade)
                .ok_or_else(|| AppError::internal(format!("grade {grade}")))?,
            certificate,
            valid_until: format_date(valid_until),
            valid: today <= valid_until,
        });
    }
    let ratings: Vec<(i64, i16, i16, i16, i16)> = sqlx::query_as(
        "select r.intermediary_id, r.quality, r.timeliness, r.attitude, r.fee
         from intermediary_rating r join intermediary_purchase p on p.id = r.purchase_id
         where $1::text is null or p.service = $1",
    )
    .bind(code)
    .fetch_all(pool)
    .await?;
    let mut tallies: HashMap<i64, (Tally, [i64; 4], i64)> = HashMap::new();
    for (id, a, b, c, d) in ratings {
        let stars = [a, b, c, d].map(|s| Stars::new(i64::from(s)).unwrap_or(Stars::ALL[2]));
        let entry = tallies.entry(id).or_default();
        entry.0.add(overall(stars), 1);
        for (sum, s) in entry.1.iter_mut().zip(stars) {
            *sum += i64::from(s.get());
        }
        entry.2 += 1;
    }
    let mut extra: HashMap<i64, (String, [Option<f64>; 4])> = HashMap::new();
    let mut lines = Vec::with_capacity(rows.len());
    for (id, name, credit_code, region) in rows {
        let (tally, sums, n) = tallies.get(&id).copied().unwrap_or_default();
        let dims = sums.map(|s| (n > 0).then(|| (s as f64 / n as f64 * 100.0).round() / 100.0));
        let mut board = line(id, name, tally);
        board.region = Some(region);
        extra.insert(id, (credit_code, dims));
        lines.push(board);
    }
    Ok(rank(lines)
        .into_iter()
        .map(|board| {
            let (credit_code, dimensions) = extra.remove(&board.id).unwrap_or_default();
            IntermediaryView {
                qualifications: quals.remove(&board.id).unwrap_or_default(),
                board,
                credit_code,
                dimensions,
            }
        })
        .collect())
}

/// One intermediary with its place on the whole board (404 for none).
pub async fn one(pool: &PgPool, id: i64, today: Date) -> Result<IntermediaryView, AppError> {
    list(pool, None, today)
        .await?
        .into_iter()
        .find(|i| i.board.id == id)
        .ok_or(AppError::NotFound)
}

/// The intermediary `me` manages, if any: its id.
pub async fn managed_by<'e>(
    db: impl sqlx::PgExecutor<'e>,
    me: &Me,
) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("select id from intermediary where account_id = $1")
            .bind(me.id)
            .fetch_optional(db)
            .await?,
    )
}

/// The projects registered to `me` (for the purchase form), newest first.
pub async fn my_projects(pool: &PgPool, me: &Me) -> Result<Vec<MyProject>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select code, name from investment_project where owner_id = $1 order by id desc limit 100",
    )
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, name)| MyProject { code, name })
        .collect())
}

/// What a purchase answered: its number, and whether it is new (the same
/// key again answers the purchase posted the first time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub no: String,
    pub created: bool,
}

async fn by_key(pool: &PgPool, me: &Me, key: uuid::Uuid) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select no from intermediary_purchase where owner_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(pool)
    .await?)
}

/// Whether intermediary `id` holds a qualification for `service` valid
/// on `day`.
async fn qualified(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    service: ServiceType,
    day: Date,
) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from intermediary_qualification
         where intermediary_id = $1 and service = $2 and valid_until >= $3)",
    )
    .bind(id)
    .bind(service.code())
    .bind(day)
    .fetch_one(&mut **tx)
    .await?)
}

/// How a winner was picked: by the draw, or directly for a reason.
enum Pick<'a> {
    Drawn(&'a super::Drawn),
    Direct(&'a str),
}

/// Starts the chosen intermediary's work on `today` (its due day on the
/// official calendar) and records the selection.
async fn select(
    tx: &mut Transaction<'_, Postgres>,
    cal: &Calendar,
    purchase: i64,
    winner: i64,
    pick: Pick<'_>,
    deadline_days: u32,
    today: Date,
) -> Result<(), AppError> {
    let (how, drawn, reason) = match pick {
        Pick::Drawn(d) => ("draw", Some(d), None),
        Pick::Direct(r) => ("direct", None, Some(r)),
    };
    sqlx::query(
        "insert into intermediary_selection (purchase_id, how, seed_input, seed, reason, intermediary_id, selected_on)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(purchase)
    .bind(how)
    .bind(drawn.map(|d| d.input.as_str()))
    .bind(drawn.map(|d| d.seed.as_str()))
    .bind(reason)
    .bind(winner)
    .bind(today)
    .execute(&mut **tx)
    .await?;
    let due_on = cal
        .add_working_days(today, deadline_days)
        .map_err(AppError::internal)?;
    sqlx::query(
        "insert into intermediary_work (purchase_id, started_on, promised_days, due_on)
         values ($1, $2, $3, $4)",
    )
    .bind(purchase)
    .bind(today)
    .bind(deadline_days as i16)
    .bind(due_on)
    .execute(&mut **tx)
    .await?;
    sqlx::query("update intermediary_purchase set state = 'working' where id = $1")
        .bind(purchase)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Posts a purchase for a project of `me`'s (403 for anyone else's
/// project); idempotent by `key`. A direct choice starts the work at once.
pub async fn post(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    new: &NewPurchase,
    key: uuid::Uuid,
    today: Date,
) -> Result<Posted, AppError> {
    if let Some(no) = by_key(pool, me, key).await? {
        return Ok(Posted { no, created: false });
    }
    let project: Option<(i64, i64)> =
        sqlx::query_as("select id, owner_id from investment_project where code = $1")
            .bind(new.project.as_str())
            .fetch_optional(pool)
            .await?;
    let Some((project, owner)) = project else {
        return Err(AppError::InvalidFields {
            fields: vec![FieldRefusal::new(
                "project",
                &super::FieldProblem::Project,
                Bilingual::of(Msg::MktErrProject),
            )],
        });
    };
    if owner != me.id {
        return Err(MarketProblem::NotOwner.into());
    }
    let closes_on = cal
        .add_working_days(today, REGISTRATION_DAYS)
        .map_err(AppError::internal)?;
    let mut tx = pool.begin().await?;
    if let super::How::Direct { intermediary, .. } = &new.how {
        if !qualified(&mut tx, *intermediary, new.service, today).await? {
            return Err(AppError::InvalidFields {
                fields: vec![FieldRefusal::new(
                    "intermediary",
                    &super::FieldProblem::DirectWho,
                    Bilingual::of(Msg::MktErrDirectWho),
                )],
            });
        }
        if managed_by(&mut *tx, me).await? == Some(*intermediary) {
            return Err(MarketProblem::OwnIntermediary.into());
        }
    }
    let id: i64 =
        sqlx::query_scalar("select nextval(pg_get_serial_sequence('intermediary_purchase', 'id'))")
            .fetch_one(&mut *tx)
            .await?;
    let no = purchase_no(today, id);
    let how = match new.how {
        super::How::Draw => "draw",
        super::How::Direct { .. } => "direct",
    };
    let inserted = sqlx::query(
        "insert into intermediary_purchase (id, no, project_id, owner_id, service, budget_fen,
             deadline_days, how, state, posted_on, registration_closes_on, idempotency_key)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'posted', $9, $10, $11)",
    )
    .bind(id)
    .bind(&no)
    .bind(project)
    .bind(me.id)
    .bind(new.service.code())
    .bind(new.budget)
    .bind(new.deadline_days as i16)
    .bind(how)
    .bind(today)
    .bind(closes_on)
    .bind(key)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if unique_violation(&e, "intermediary_purchase_owner_id_idempotency_key_key") => {
            drop(tx);
            let no = by_key(pool, me, key).await?.ok_or(AppError::NotFound)?;
            return Ok(Posted { no, created: false });
        }
        Err(e) => return Err(e.into()),
    }
    if let super::How::Direct {
        intermediary,
        reason,
    } = &new.how
    {
        select(
            &mut tx,
            cal,
            id,
            *intermediary,
            Pick::Direct(reason),
            new.deadline_days,
            today,
        )
        .await?;
        let chosen: Option<i64> =
            sqlx::query_scalar("select account_id from intermediary where id = $1")
                .bind(intermediary)
                .fetch_one(&mut *tx)
                .await?;
        let told: Vec<(i64, Kind)> = chosen.map(|a| (a, Kind::PurchaseWon)).into_iter().collect();
        tell(&mut tx, id, &told).await?;
    }
    tx.commit().await?;
    Ok(Posted { no, created: true })
}

/// A purchase as an action reads it, locked.
#[derive(sqlx::FromRow)]
struct Locked {
    id: i64,
    no: String,
    owner_id: i64,
    service: String,
    deadline_days: i16,
    how: String,
    state: String,
    registration_closes_on: Date,
}

/// Purchase `no`, locked to the end of the transaction (404 for none).
async fn locked(tx: &mut Transaction<'_, Postgres>, no: &str) -> Result<Locked, AppError> {
    if !super::is_purchase_no(no) {
        return Err(AppError::NotFound);
    }
    sqlx::query_as(
        "select id, no, owner_id, service, deadline_days, how, state, registration_closes_on
         from intermediary_purchase where no = $1 for update",
    )
    .bind(no)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)
}

/// Who acts on a purchase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    /// The owner who posted it.
    Owner,
    /// The intermediary the caller manages, registering for it.
    Registrant,
    /// The intermediary chosen for it.
    Chosen,
}

/// A purchase locked for an action: its row, its state, and the caller's
/// intermediary (a registrant's, the chosen one's).
struct Acting {
    p: Locked,
    state: State,
    intermediary: Option<i64>,
}

impl Acting {
    /// The action goes on only in one of `states`; else `refused`.
    fn in_state(self, states: &[State], refused: MarketProblem) -> Result<Acting, AppError> {
        if states.contains(&self.state) {
            Ok(self)
        } else {
            Err(refused.into())
        }
    }
}

/// Purchase `no` locked to the end of `tx`, if `me` may act on it as
/// `actor` — the check every action on a purchase begins with: a
/// registrant needs an intermediary it manages (403 before anything
/// else) and may not register for its own purchase (409); 404 for no
/// such purchase; 403 for anyone but the owner or the chosen one.
async fn acting(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    no: &str,
    actor: Actor,
) -> Result<Acting, AppError> {
    let registrant = match actor {
        Actor::Registrant => Some(
            managed_by(&mut **tx, me)
                .await?
                .ok_or(MarketProblem::NotAnIntermediary)?,
        ),
        _ => None,
    };
    let p = locked(tx, no).await?;
    let intermediary = match actor {
        Actor::Owner if p.owner_id != me.id => return Err(MarketProblem::NotOwner.into()),
        Actor::Owner => None,
        Actor::Registrant if p.owner_id == me.id => {
            return Err(MarketProblem::OwnIntermediary.into())
        }
        Actor::Registrant => registrant,
        Actor::Chosen => {
            let chosen: Option<(i64, Option<i64>)> = sqlx::query_as(
                "select s.intermediary_id, i.account_id
                 from intermediary_selection s join intermediary i on i.id = s.intermediary_id
                 where s.purchase_id = $1",
            )
            .bind(p.id)
            .fetch_optional(&mut **tx)
            .await?;
            match chosen {
                Some((id, Some(account))) if account == me.id => Some(id),
                _ => return Err(MarketProblem::NotChosen.into()),
            }
        }
    };
    let state = state_of(&p.state)?;
    Ok(Acting {
        p,
        state,
        intermediary,
    })
}

/// Registers the intermediary `me` manages for purchase `no`: only while
/// registration is open, and only with a valid qualification for the
/// purchase's service.
pub async fn register(pool: &PgPool, me: &Me, no: &str, today: Date) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let Acting {
        p, intermediary, ..
    } = acting(&mut tx, me, no, Actor::Registrant).await?.in_state(
        &[State::Posted, State::Registering],
        MarketProblem::RegistrationClosed,
    )?;
    let intermediary = intermediary.ok_or(MarketProblem::NotAnIntermediary)?;
    if p.how != "draw" || today >= p.registration_closes_on {
        return Err(MarketProblem::RegistrationClosed.into());
    }
    if !qualified(&mut tx, intermediary, service_of(&p.service)?, today).await? {
        return Err(MarketProblem::NotQualified.into());
    }
    let inserted = sqlx::query(
        "insert into intermediary_registration (purchase_id, intermediary_id, registered_on)
         values ($1, $2, $3)",
    )
    .bind(p.id)
    .bind(intermediary)
    .bind(today)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if unique_violation(&e, "intermediary_registration_pkey") => {
            return Err(MarketProblem::AlreadyRegistered.into())
        }
        Err(e) => return Err(e.into()),
    }
    sqlx::query("update intermediary_purchase set state = 'registering' where id = $1")
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Closes registration and draws (the owner only, from the closing day
/// on): among the registrants still qualified, by the reproducible draw;
/// with fewer than two the purchase fails, and says why. The owner and
/// every registrant are told the outcome in the inbox.
pub async fn draw(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    no: &str,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let Acting { p, .. } = acting(&mut tx, me, no, Actor::Owner).await?.in_state(
        &[State::Posted, State::Registering],
        MarketProblem::WrongState,
    )?;
    if p.how != "draw" {
        return Err(MarketProblem::WrongState.into());
    }
    if today < p.registration_closes_on {
        return Err(MarketProblem::NotYetClosed {
            closes_on: format_date(p.registration_closes_on),
        }
        .into());
    }
    let registrants: Vec<(i64, String)> = sqlx::query_as(
        "select i.id, i.credit_code from intermediary_registration g
         join intermediary i on i.id = g.intermediary_id
         join intermediary_qualification q on q.intermediary_id = i.id and q.service = $2
         where g.purchase_id = $1 and q.valid_until >= $3",
    )
    .bind(p.id)
    .bind(&p.service)
    .bind(today)
    .fetch_all(&mut *tx)
    .await?;
    let codes: Vec<String> = registrants.iter().map(|(_, c)| c.clone()).collect();
    let winner = match draw_among(&p.no, p.registration_closes_on, &codes) {
        Ok(drawn) => {
            let winner = registrants
                .iter()
                .find(|(_, c)| *c == drawn.winner)
                .map(|(id, _)| *id)
                .ok_or_else(|| AppError::internal("the winner is a registrant"))?;
            let days = u32::try_from(p.deadline_days).unwrap_or(1);
            select(&mut tx, cal, p.id, winner, Pick::Drawn(&drawn), days, today).await?;
            Some(winner)
        }
        Err(MarketProblem::TooFewRegistrants) => {
            sqlx::query(
                "update intermediary_purchase set state = 'failed', failure = 'too_few_registrants'
                 where id = $1",
            )
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
            None
        }
        Err(other) => return Err(other.into()),
    };
    // Every registrant hears the outcome, those no longer qualified too.
    let registered: Vec<(i64, Option<i64>)> = sqlx::query_as(
        "select i.id, i.account_id from intermediary_registration g
         join intermediary i on i.id = g.intermediary_id
         where g.purchase_id = $1 order by i.id",
    )
    .bind(p.id)
    .fetch_all(&mut *tx)
    .await?;
    let mut told = vec![(
        p.owner_id,
        match winner {
            Some(_) => Kind::PurchaseSelected,
            None => Kind::PurchaseFailed,
        },
    )];
    for (id, account) in registered {
        let kind = match winner {
            Some(w) if w == id => Kind::PurchaseWon,
            Some(_) => Kind::PurchaseNotChosen,
            None => Kind::PurchaseFailedRegistrant,
        };
        told.extend(account.map(|a| (a, kind)));
    }
    tell(&mut tx, p.id, &told).await?;
    tx.commit().await?;
    Ok(())
}

/// The chosen intermediary records its delivery (today); the owner is
/// asked in the inbox to rate it.
pub async fn deliver(pool: &PgPool, me: &Me, no: &str, today: Date) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let Acting { p, .. } = acting(&mut tx, me, no, Actor::Chosen)
        .await?
        .in_state(&[State::Working], MarketProblem::WrongState)?;
    sqlx::query("update intermediary_work set delivered_on = greatest($2, started_on) where purchase_id = $1")
        .bind(p.id)
        .bind(today)
        .execute(&mut *tx)
        .await?;
    sqlx::query("update intermediary_purchase set state = 'delivered' where id = $1")
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    tell(&mut tx, p.id, &[(p.owner_id, Kind::PurchaseDelivered)]).await?;
    tx.commit().await?;
    Ok(())
}

/// The owner rates the delivered service, once (403 for anyone else,
/// before the body is judged).
pub async fn rate(
    pool: &PgPool,
    me: &Me,
    no: &str,
    body: &RatingBody,
    today: Date,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let acting = acting(&mut tx, me, no, Actor::Owner).await?;
    if acting.state == State::Rated {
        return Err(MarketProblem::AlreadyRated.into());
    }
    let Acting { p, .. } = acting.in_state(&[State::Delivered], MarketProblem::WrongState)?;
    let rating = body.parse()?;
    let [q, t, a, f] = rating.stars.map(|s| i16::from(s.get()));
    let inserted = sqlx::query(
        "insert into intermediary_rating (purchase_id, intermediary_id, quality, timeliness, attitude, fee, comment, rated_on)
         select $1, intermediary_id, $2, $3, $4, $5, $6, $7 from intermediary_selection where purchase_id = $1",
    )
    .bind(p.id)
    .bind(q)
    .bind(t)
    .bind(a)
    .bind(f)
    .bind(rating.comment.as_deref())
    .bind(today)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        Err(e) if unique_violation(&e, "intermediary_rating_pkey") => {
            return Err(MarketProblem::AlreadyRated.into())
        }
        Err(e) => return Err(e.into()),
    }
    sqlx::query("update intermediary_purchase set state = 'rated' where id = $1")
        .bind(p.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Tells each `(account, kind)` in the inbox what became of purchase
/// `purchase`, in the action's transaction (by e-mail too where it is on):
/// the purchase's number, service, project, the chosen intermediary and
/// its due day.
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    purchase: i64,
    told: &[(i64, Kind)],
) -> Result<(), AppError> {
    if told.is_empty() {
        return Ok(());
    }
    let (no, service, project, chosen_zh, chosen_en, due_on): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<Date>,
    ) = sqlx::query_as(
        "select p.no, p.service, j.name, i.name_zh, i.name_en, w.due_on
         from intermediary_purchase p join investment_project j on j.id = p.project_id
         left join intermediary_selection s on s.purchase_id = p.id
         left join intermediary i on i.id = s.intermediary_id
         left join intermediary_work w on w.purchase_id = p.id
         where p.id = $1",
    )
    .bind(purchase)
    .fetch_one(&mut **tx)
    .await?;
    let params = Params {
        case_no: no.clone(),
        step: service_of(&service)?.name(),
        department: Bilingual::new(chosen_zh.unwrap_or_default(), chosen_en.unwrap_or_default()),
        due_on: due_on.map(format_date).unwrap_or_default(),
        enterprise: project,
    };
    let mail = mail_of(tx).await?;
    for (recipient, kind) in told {
        let link = match kind {
            Kind::PurchaseDelivered => format!("/purchases/{no}#mkt-rate-h"),
            _ => format!("/purchases/{no}"),
        };
        send(
            tx,
            &Outgoing {
                recipient: *recipient,
                kind: *kind,
                params: &params,
                link: Some(link),
                alert_id: None,
            },
            mail.as_ref(),
        )
        .await?;
    }
    Ok(())
}

/// purchase no, service, state, started, due, delivered, promised days,
/// intermediary's name.
type StepRow = (
    String,
    String,
    String,
    Date,
    Date,
    Option<Date>,
    i16,
    Bilingual,
);

fn step_of(cal: &Calendar, row: StepRow, today: Date) -> Result<IntermediaryStep, AppError> {
    let (no, service, state, started_on, due_on, delivered_on, days, name) = row;
    let service = service_of(&service)?;
    let until = delivered_on.unwrap_or(today);
    Ok(IntermediaryStep {
        purchase_no: no,
        service,
        service_name: service.name(),
        intermediary: name,
        state: state_of(&state)?,
        started_on: format_date(started_on),
        due_on: format_date(due_on),
        delivered_on: delivered_on.map(format_date),
        promised_days: u32::try_from(days).unwrap_or(0),
        used_days: cal.working_days_between(started_on, until, &[]),
        late: until > due_on,
    })
}

/// A project's id, then a [`StepRow`].
type ProjectStepRow = (
    i64,
    String,
    String,
    String,
    Date,
    Date,
    Option<Date>,
    i16,
    Bilingual,
);

const STEP_COLUMNS: &str = "p.no, p.service, p.state, w.started_on, w.due_on, w.delivered_on,
     w.promised_days, row(i.name_zh, i.name_en)";

/// The intermediaries' work on projects, as steps of their timelines (on
/// the working-day clock: days used to the delivery, or to `today`), each
/// with its project's id, in the order the work started.
pub async fn project_steps(
    pool: &PgPool,
    cal: &Calendar,
    project_ids: &[i64],
    today: Date,
) -> Result<Vec<(i64, IntermediaryStep)>, AppError> {
    let rows: Vec<ProjectStepRow> = sqlx::query_as(&format!(
        "select p.project_id, {STEP_COLUMNS}
             from intermediary_purchase p
             join intermediary_work w on w.purchase_id = p.id
             join intermediary_selection s on s.purchase_id = p.id
             join intermediary i on i.id = s.intermediary_id
             where p.project_id = any($1)
             order by w.started_on, p.id"
    ))
    .bind(project_ids)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(project, a, b, c, d, e, f, g, h)| {
            Ok((project, step_of(cal, (a, b, c, d, e, f, g, h), today)?))
        })
        .collect()
}

/// purchase id, no, project code and name, owner, service, budget,
/// deadline, how, state, failure, posted, closes.
type PurchaseRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    i64,
    i16,
    String,
    String,
    Option<String>,
    Date,
    Date,
);

/// how, seed input, seed, reason, intermediary id, name, credit code,
/// selected on, its managing account.
type SelectionRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    Bilingual,
    String,
    Date,
    Option<i64>,
);

/// A purchase as anyone reads it (404 for none), with what `viewer` may
/// do now.
pub async fn get(
    pool: &PgPool,
    viewer: Option<&Me>,
    no: &str,
    today: Date,
) -> Result<PurchaseView, AppError> {
    if !super::is_purchase_no(no) {
        return Err(AppError::NotFound);
    }
    let row: PurchaseRow = sqlx::query_as(
        "select p.id, p.no, j.code, j.name, p.owner_id, p.service, p.budget_fen, p.deadline_days,
                p.how, p.state, p.failure, p.posted_on, p.registration_closes_on
         from intermediary_purchase p join investment_project j on j.id = p.project_id
         where p.no = $1",
    )
    .bind(no)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let (
        id,
        no,
        project_code,
        project_name,
        owner,
        service,
        budget,
        days,
        how,
        state,
        failure,
        posted_on,
        closes_on,
    ) = row;
    let service = service_of(&service)?;
    let state = state_of(&state)?;
    let registrants: Vec<(i64, Bilingual, String, Date)> = sqlx::query_as(
        "select i.id, row(i.name_zh, i.name_en), i.credit_code, g.registered_on
         from intermediary_registration g join intermediary i on i.id = g.intermediary_id
         where g.purchase_id = $1 order by i.credit_code",
    )
    .bind(id)
    .fetch_all(pool)
    .await?;
    let selection: Option<SelectionRow> = sqlx::query_as(
        "select s.how, s.seed_input, s.seed, s.reason, i.id, row(i.name_zh, i.name_en),
                    i.credit_code, s.selected_on, i.account_id
             from intermediary_selection s join intermediary i on i.id = s.intermediary_id
             where s.purchase_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let chosen_account = selection.as_ref().and_then(|s| s.8);
    let selection = selection.map(
        |(how, seed_input, seed, reason, intermediary_id, intermediary, credit_code, on, _)| {
            SelectionView {
                how,
                seed_input,
                seed,
                reason,
                intermediary_id,
                intermediary,
                credit_code,
                selected_on: format_date(on),
            }
        },
    );
    let step: Option<StepRow> = sqlx::query_as(&format!(
        "select {STEP_COLUMNS}
         from intermediary_purchase p
         join intermediary_work w on w.purchase_id = p.id
         join intermediary_selection s on s.purchase_id = p.id
         join intermediary i on i.id = s.intermediary_id
         where p.id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let step = match step {
        Some(row) => {
            let cal = crate::clock::store::load(pool).await?;
            Some(step_of(&cal, row, today)?)
        }
        None => None,
    };
    let rating: Option<(i16, i16, i16, i16, Option<String>, Date)> = sqlx::query_as(
        "select quality, timeliness, attitude, fee, comment, rated_on
         from intermediary_rating where purchase_id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let rating = rating.map(|(q, t, a, f, comment, on)| {
        let stars = [q, t, a, f].map(|s| Stars::new(i64::from(s)).unwrap_or(Stars::ALL[2]));
        RatingView {
            stars,
            overall: overall(stars),
            comment,
            rated_on: format_date(on),
        }
    });
    let mut offered = Vec::new();
    if let Some(me) = viewer {
        let mine = me.id == owner;
        let draws = how == "draw";
        if !mine && state.open() && draws && today < closes_on {
            if let Some(i) = managed_by(pool, me).await? {
                if !registrants.iter().any(|r| r.0 == i) {
                    offered.push("register".to_string());
                }
            }
        }
        if mine && state.open() && draws && today >= closes_on {
            offered.push("draw".to_string());
        }
        if state == State::Working && chosen_account == Some(me.id) {
            offered.push("deliver".to_string());
        }
        if mine && state == State::Delivered {
            offered.push("rate".to_string());
        }
    }
    Ok(PurchaseView {
        no,
        project_code,
        project_name,
        service,
        service_name: service.name(),
        budget: super::yuan(budget),
        deadline_days: u32::try_from(days).unwrap_or(0),
        how,
        state,
        failure: failure.map(|_| Bilingual::of(Msg::MktErrTooFew)),
        posted_on: format_date(posted_on),
        registration_closes_on: format_date(closes_on),
        registrants: registrants
            .into_iter()
            .map(|(intermediary_id, name, credit_code, on)| RegistrantView {
                intermediary_id,
                name,
                credit_code,
                registered_on: format_date(on),
            })
            .collect(),
        selection,
        step,
        rating,
        offered,
    })
}

/// The purchases an intermediary was chosen for, newest first.
pub async fn purchases_of(pool: &PgPool, intermediary: i64) -> Result<Vec<PurchaseLine>, AppError> {
    let rows: Vec<(String, String, String, Date)> = sqlx::query_as(
        "select p.no, p.service, p.state, s.selected_on
         from intermediary_selection s join intermediary_purchase p on p.id = s.purchase_id
         where s.intermediary_id = $1 order by s.selected_on desc, p.id desc limit 50",
    )
    .bind(intermediary)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(no, service, state, on)| {
            Ok(PurchaseLine {
                no,
                service: service_of(&service)?,
                state: state_of(&state)?,
                selected_on: format_date(on),
            })
        })
        .collect()
}
