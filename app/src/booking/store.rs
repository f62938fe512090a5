//! Bookings in the database. A seat is taken by one conditional upsert of
//! its slot row (`booked + 1` only while below the capacity, the row locked
//! meanwhile), and the check `booked between 0 and capacity` is the last
//! line of defence; taking the seat and writing the booking are one
//! transaction, so a refused booking leaves no seat taken.

use super::{
    calendar_of, check_slot, local, slot_id, BookingCode, BookingProblem, BookingView, Hours,
    OfficeSlots, OfficeView, State,
};
use crate::{
    accounts::{Me, Role},
    catalog::{ServiceCode, ServiceItem},
    clock::{format_date, Calendar},
    error::AppError,
    i18n::Bilingual,
    notifications::{
        store::{send, Outgoing},
        Kind, Params,
    },
    tracking::todo::{Todo, TodoKind},
};
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

#[derive(sqlx::FromRow)]
struct OfficeRow {
    id: i64,
    name_zh: String,
    name_en: String,
    address_zh: String,
    address_en: String,
    region_code: i32,
    am_from: i16,
    am_to: i16,
    pm_from: i16,
    pm_to: i16,
    slot_minutes: i16,
    capacity: i16,
}

impl OfficeRow {
    fn view(self) -> OfficeView {
        let u = |v: i16| u16::try_from(v).unwrap_or(0);
        OfficeView {
            id: self.id,
            name: Bilingual::new(self.name_zh, self.name_en),
            address: Bilingual::new(self.address_zh, self.address_en),
            region: u32::try_from(self.region_code).unwrap_or(0),
            hours: Hours {
                am_from: u(self.am_from),
                am_to: u(self.am_to),
                pm_from: u(self.pm_from),
                pm_to: u(self.pm_to),
                slot_minutes: u(self.slot_minutes),
            },
            capacity: u(self.capacity),
        }
    }
}

const OFFICE_COLUMNS: &str =
    "o.id, o.name_zh, o.name_en, o.address_zh, o.address_en, o.region_code,
     o.am_from, o.am_to, o.pm_from, o.pm_to, o.slot_minutes, o.capacity";

/// A service that takes bookings: the item and its database id.
pub struct Bookable {
    pub id: i64,
    pub item: ServiceItem,
}

/// The service of `code`, if it takes bookings (404 for no such service,
/// `not_bookable` for one without).
pub async fn bookable(pool: &PgPool, code: &str) -> Result<Bookable, AppError> {
    let code = ServiceCode::parse(code).map_err(|_| AppError::InvalidServiceCode)?;
    let view = crate::catalog::store::item(pool, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if !view.item.appointment {
        return Err(BookingProblem::NotBookable.into());
    }
    let id: i64 = sqlx::query_scalar("select id from service_item where code = $1")
        .bind(code.to_string())
        .fetch_one(pool)
        .await?;
    Ok(Bookable {
        id,
        item: view.item,
    })
}

/// The offices that do `item`: in its region or one of its districts,
/// by region code then name.
pub async fn offices(pool: &PgPool, item: &ServiceItem) -> Result<Vec<OfficeView>, AppError> {
    let rows: Vec<OfficeRow> = sqlx::query_as(&format!(
        "select {OFFICE_COLUMNS}
         from office o
         join office_service s on s.office_id = o.id and s.template_key = $1
         join region r on r.code = o.region_code
         where o.region_code = $2 or r.parent_code = $2
         order by o.region_code, o.name_zh"
    ))
    .bind(&item.key)
    .bind(item.region.get() as i32)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(OfficeRow::view).collect())
}

async fn office(pool: &PgPool, item: &ServiceItem, id: i64) -> Result<OfficeView, AppError> {
    offices(pool, item)
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| BookingProblem::NotBookable.into())
}

/// The seats taken of an office's slots from `from` on.
async fn taken(
    pool: &PgPool,
    office: i64,
    from: OffsetDateTime,
) -> Result<HashMap<(Date, u16), u16>, AppError> {
    let rows: Vec<(OffsetDateTime, i16)> = sqlx::query_as(
        "select starts_at, booked from office_slot where office_id = $1 and starts_at >= $2",
    )
    .bind(office)
    .bind(from)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, n)| (local(at), u16::try_from(n).unwrap_or(0)))
        .collect())
}

/// The offices of a service and their days with free seats, on `today`.
pub async fn office_slots(
    pool: &PgPool,
    cal: &Calendar,
    item: &ServiceItem,
    today: Date,
) -> Result<Vec<OfficeSlots>, AppError> {
    let mut out = Vec::new();
    for office in offices(pool, item).await? {
        out.push(one_office_slots(pool, cal, office, today).await?);
    }
    Ok(out)
}

/// One office and its days with free seats.
pub async fn one_office_slots(
    pool: &PgPool,
    cal: &Calendar,
    office: OfficeView,
    today: Date,
) -> Result<OfficeSlots, AppError> {
    let from = super::starts_at(today, 0);
    let taken = taken(pool, office.id, from).await?;
    let days = calendar_of(cal, &office, today, |d, m| {
        taken.get(&(d, m)).copied().unwrap_or(0)
    });
    Ok(OfficeSlots { office, days })
}

/// Takes a seat of a slot in `tx`, or refuses: full.
async fn take_seat(
    tx: &mut Transaction<'_, Postgres>,
    office: &OfficeView,
    at: OffsetDateTime,
) -> Result<(), AppError> {
    let taken: Option<i16> = sqlx::query_scalar(
        "insert into office_slot (office_id, starts_at, capacity, booked)
         values ($1, $2, $3, 1)
         on conflict (office_id, starts_at) do update set booked = office_slot.booked + 1
         where office_slot.booked < office_slot.capacity
         returning booked",
    )
    .bind(office.id)
    .bind(at)
    .bind(office.capacity as i16)
    .fetch_optional(&mut **tx)
    .await?;
    taken.map(|_| ()).ok_or_else(|| BookingProblem::Full.into())
}

async fn free_seat(
    tx: &mut Transaction<'_, Postgres>,
    office: i64,
    at: OffsetDateTime,
) -> Result<(), AppError> {
    sqlx::query(
        "update office_slot set booked = booked - 1
         where office_id = $1 and starts_at = $2 and booked > 0",
    )
    .bind(office)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn may_book(me: &Me) -> Result<(), AppError> {
    match me.role {
        Role::Citizen | Role::Enterprise => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Tells `me` in the inbox what became of booking `code` (of `item` at
/// `office`, at `at`), in the booking's transaction.
async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    kind: Kind,
    code: &str,
    item: &ServiceItem,
    office: &OfficeView,
    at: OffsetDateTime,
) -> Result<(), AppError> {
    let (date, minute) = local(at);
    let params = Params {
        case_no: code.to_string(),
        step: item.name.clone(),
        department: office.name.clone(),
        due_on: slot_id(date, minute).replace('T', " "),
        enterprise: String::new(),
    };
    send(
        tx,
        &Outgoing {
            recipient: me.id,
            kind,
            params: &params,
            link: Some(format!("/bookings/{code}")),
            alert_id: None,
        },
        None,
    )
    .await?;
    Ok(())
}

fn unique_violation(e: &sqlx::Error, constraint: &str) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.constraint() == Some(constraint))
}

/// What a booking answered: its code, and whether it is new (the same key
/// again answers the booking made the first time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booked {
    pub code: String,
    pub created: bool,
}

async fn by_key(pool: &PgPool, me: &Me, key: &str) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select code from booking where account_id = $1 and idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(pool)
    .await?)
}

/// Books a seat for `me` at `office` in `slot` for the service `code`;
/// idempotent by `key`.
#[allow(clippy::too_many_arguments)]
pub async fn book(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    code: &str,
    office: i64,
    slot: &str,
    key: &str,
    now: OffsetDateTime,
) -> Result<Booked, AppError> {
    may_book(me)?;
    if let Some(code) = by_key(pool, me, key).await? {
        return Ok(Booked {
            code,
            created: false,
        });
    }
    let service = bookable(pool, code).await?;
    let office = office_for(pool, &service.item, office).await?;
    let at = check_slot(cal, &office.hours, local(now).0, slot)?;
    let booking = BookingCode::from_bytes(random8());
    let mut tx = pool.begin().await?;
    take_seat(&mut tx, &office, at).await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "insert into booking (code, account_id, service_item_id, office_id, starts_at, idempotency_key, created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $7) returning id",
    )
    .bind(booking.as_str())
    .bind(me.id)
    .bind(service.id)
    .bind(office.id)
    .bind(at)
    .bind(key)
    .bind(now)
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(e) if unique_violation(&e, "booking_account_id_idempotency_key_key") => {
            drop(tx);
            let code = by_key(pool, me, key).await?.ok_or(AppError::NotFound)?;
            return Ok(Booked {
                code,
                created: false,
            });
        }
        Err(e) if unique_violation(&e, "booking_live_idx") => {
            return Err(BookingProblem::AlreadyBooked.into())
        }
        Err(e) => return Err(e.into()),
    };
    event(&mut tx, id, "booked", at, now).await?;
    tell(
        &mut tx,
        me,
        Kind::BookingMade,
        booking.as_str(),
        &service.item,
        &office,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(Booked {
        code: booking.as_str().to_string(),
        created: true,
    })
}

async fn office_for(pool: &PgPool, item: &ServiceItem, id: i64) -> Result<OfficeView, AppError> {
    office(pool, item, id).await
}

fn random8() -> [u8; 8] {
    let mut b = [0u8; 8];
    b.copy_from_slice(&uuid::Uuid::new_v4().as_bytes()[..8]);
    b
}

async fn event(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    kind: &str,
    at: OffsetDateTime,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into booking_event (booking_id, kind, starts_at, at) values ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(kind)
    .bind(at)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: i64,
    code: String,
    state: String,
    item_code: String,
    office_id: i64,
    starts_at: OffsetDateTime,
}

/// A live booking of `me`, locked in `tx` (404 for anyone else's).
async fn locked(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    code: &str,
) -> Result<BookingRow, AppError> {
    let code = BookingCode::parse(code).ok_or(AppError::NotFound)?;
    sqlx::query_as(
        "select b.id, b.code, b.state, i.code as item_code, b.office_id, b.starts_at
         from booking b join service_item i on i.id = b.service_item_id
         where b.code = $1 and b.account_id = $2
         for update of b",
    )
    .bind(code.as_str())
    .bind(me.id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)
}

/// Cancels a live booking of `me` and frees its seat.
pub async fn cancel(
    pool: &PgPool,
    me: &Me,
    code: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let row = locked(&mut tx, me, code).await?;
    if row.state != "booked" || row.starts_at <= now {
        return Err(BookingProblem::NotLive.into());
    }
    free_seat(&mut tx, row.office_id, row.starts_at).await?;
    sqlx::query("update booking set state = 'cancelled', updated_at = $2 where id = $1")
        .bind(row.id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, row.id, "cancelled", row.starts_at, now).await?;
    let service = bookable(pool, &row.item_code).await?;
    let office = office_for(pool, &service.item, row.office_id).await?;
    let (code, item) = (&row.code, &service.item);
    tell(
        &mut tx,
        me,
        Kind::BookingCancelled,
        code,
        item,
        &office,
        row.starts_at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a live booking of `me` to another slot (of the same or another
/// office of the service): the new seat is taken before the old one is
/// freed, in one transaction, so a full new slot leaves the booking as it
/// was.
pub async fn reschedule(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    code: &str,
    office: i64,
    slot: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let row = locked(&mut tx, me, code).await?;
    if row.state != "booked" || row.starts_at <= now {
        return Err(BookingProblem::NotLive.into());
    }
    let service = bookable(pool, &row.item_code).await?;
    let office = office_for(pool, &service.item, office).await?;
    let at = check_slot(cal, &office.hours, local(now).0, slot)?;
    if office.id == row.office_id && at == row.starts_at {
        return Err(BookingProblem::SameTime.into());
    }
    take_seat(&mut tx, &office, at).await?;
    free_seat(&mut tx, row.office_id, row.starts_at).await?;
    sqlx::query("update booking set office_id = $2, starts_at = $3, updated_at = $4 where id = $1")
        .bind(row.id)
        .bind(office.id)
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, row.id, "rescheduled", at, now).await?;
    let (code, item) = (&row.code, &service.item);
    tell(
        &mut tx,
        me,
        Kind::BookingRescheduled,
        code,
        item,
        &office,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn view_of(
    pool: &PgPool,
    row: BookingRow,
    now: OffsetDateTime,
) -> Result<BookingView, AppError> {
    let code = ServiceCode::parse(&row.item_code).map_err(|_| AppError::InvalidServiceCode)?;
    let item = crate::catalog::store::item(pool, &code)
        .await?
        .ok_or(AppError::NotFound)?
        .item;
    let office: OfficeRow = sqlx::query_as(&format!(
        "select {OFFICE_COLUMNS} from office o where o.id = $1"
    ))
    .bind(row.office_id)
    .fetch_one(pool)
    .await?;
    let (date, minute) = local(row.starts_at);
    let state = State::parse(&row.state);
    Ok(BookingView {
        code: row.code,
        state,
        service_code: row.item_code,
        both_parties: super::both_parties(&item.key),
        service: item.name,
        office: office.view(),
        slot: slot_id(date, minute),
        date: format_date(date),
        time: format!("{:02}:{:02}", minute / 60, minute % 60),
        materials: item.materials,
        upcoming: state == State::Booked && row.starts_at > now,
    })
}

const BOOKING_COLUMNS: &str =
    "b.id, b.code, b.state, i.code as item_code, b.office_id, b.starts_at";

/// One booking of `me` (404 for anyone else's).
pub async fn get(
    pool: &PgPool,
    me: &Me,
    code: &str,
    now: OffsetDateTime,
) -> Result<BookingView, AppError> {
    let code = BookingCode::parse(code).ok_or(AppError::NotFound)?;
    let row: BookingRow = sqlx::query_as(&format!(
        "select {BOOKING_COLUMNS} from booking b join service_item i on i.id = b.service_item_id
         where b.code = $1 and b.account_id = $2"
    ))
    .bind(code.as_str())
    .bind(me.id)
    .fetch_optional(pool)
    .await?
    .ok_or(AppError::NotFound)?;
    view_of(pool, row, now).await
}

/// The bookings of `me`: live ones first by time, then the others newest
/// first (at most 50).
pub async fn mine(
    pool: &PgPool,
    me: &Me,
    now: OffsetDateTime,
) -> Result<Vec<BookingView>, AppError> {
    let rows: Vec<BookingRow> = sqlx::query_as(&format!(
        "select {BOOKING_COLUMNS} from booking b join service_item i on i.id = b.service_item_id
         where b.account_id = $1
         order by (b.state = 'booked' and b.starts_at > $2) desc,
                  case when b.state = 'booked' and b.starts_at > $2 then b.starts_at end asc,
                  b.updated_at desc, b.id desc
         limit 50"
    ))
    .bind(me.id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(view_of(pool, row, now).await?);
    }
    Ok(out)
}

/// The live booking of `me` for a service, if any (its code).
pub async fn live_for(pool: &PgPool, me: &Me, service_id: i64) -> Result<Option<String>, AppError> {
    Ok(sqlx::query_scalar(
        "select code from booking where account_id = $1 and service_item_id = $2 and state = 'booked'",
    )
    .bind(me.id)
    .bind(service_id)
    .fetch_optional(pool)
    .await?)
}

/// My space's to-dos of upcoming visits (预约), soonest first.
pub async fn todos(pool: &PgPool, me: &Me, now: OffsetDateTime) -> Result<Vec<Todo>, AppError> {
    let rows: Vec<(String, OffsetDateTime, String, String, String, String)> = sqlx::query_as(
        "select b.code, b.starts_at, i.name_zh, i.name_en, o.name_zh, o.name_en
         from booking b
         join service_item i on i.id = b.service_item_id
         join office o on o.id = b.office_id
         where b.account_id = $1 and b.state = 'booked' and b.starts_at > $2
         order by b.starts_at
         limit 20",
    )
    .bind(me.id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(code, at, szh, sen, ozh, oen)| {
            let (date, minute) = local(at);
            Todo {
                case_no: code,
                service: Bilingual::new(szh, sen),
                what: TodoKind::Appointment {
                    date: format_date(date),
                    time: format!("{:02}:{:02}", minute / 60, minute % 60),
                    place: Bilingual::new(ozh, oen),
                },
            }
        })
        .collect())
}

/// A new office (demo data and tests): where it is, its hours, seats per
/// slot, and the services (catalog templates) it does.
pub struct NewOffice<'a> {
    pub department_id: i64,
    pub region_code: u32,
    pub name: Bilingual,
    pub address: Bilingual,
    pub hours: Hours,
    pub capacity: u16,
    pub services: &'a [&'a str],
}

/// Adds an office unless one of its department has its name already.
pub async fn add_office(pool: &PgPool, o: &NewOffice<'_>) -> Result<i64, AppError> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "insert into office (department_id, region_code, name_zh, name_en, address_zh, address_en,
                             am_from, am_to, pm_from, pm_to, slot_minutes, capacity)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         on conflict (department_id, name_zh) do update set name_en = excluded.name_en
         returning id",
    )
    .bind(o.department_id)
    .bind(o.region_code as i32)
    .bind(&o.name.zh)
    .bind(&o.name.en)
    .bind(&o.address.zh)
    .bind(&o.address.en)
    .bind(o.hours.am_from as i16)
    .bind(o.hours.am_to as i16)
    .bind(o.hours.pm_from as i16)
    .bind(o.hours.pm_to as i16)
    .bind(o.hours.slot_minutes as i16)
    .bind(o.capacity as i16)
    .fetch_one(&mut *tx)
    .await?;
    for key in o.services {
        sqlx::query("insert into office_service (office_id, template_key) values ($1, $2) on conflict do nothing")
            .bind(id)
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// One booking of an office's day as its department's staff read it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct DayLine {
    pub code: String,
    pub office: Bilingual,
    /// `HH:MM`.
    pub time: String,
    pub service: Bilingual,
    /// The holder's name, as they gave it.
    pub holder: String,
}

/// code, office (zh, en), time, service (zh, en), holder's name and id.
type DayRow = (
    String,
    String,
    String,
    OffsetDateTime,
    String,
    String,
    String,
    i64,
);

/// The live bookings of `date` at the offices of the staff member's
/// department, by time; each holder's data read is recorded in the audit
/// trail (they see it in "who accessed my data"). Staff only (403).
pub async fn day_list(pool: &PgPool, me: &Me, date: Date) -> Result<Vec<DayLine>, AppError> {
    let post = crate::workflow::store::staff_post(pool, me).await?;
    let from = super::starts_at(date, 0);
    let to = from + time::Duration::days(1);
    let rows: Vec<DayRow> = sqlx::query_as(
        "select b.code, o.name_zh, o.name_en, b.starts_at, i.name_zh, i.name_en,
                    a.display_name, a.id
             from booking b
             join office o on o.id = b.office_id
             join service_item i on i.id = b.service_item_id
             join account a on a.id = b.account_id
             where o.department_id = $1 and b.state = 'booked'
               and b.starts_at >= $2 and b.starts_at < $3
             order by b.starts_at, o.name_zh, b.id
             limit 1000",
    )
    .bind(post.department_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    let mut tx = pool.begin().await?;
    for (code, .., holder) in &rows {
        let detail = format!("booking {code}");
        crate::accounts::store::audit::record(
            &mut *tx,
            crate::accounts::audit::Event {
                actor: Some(me.id),
                subject: Some(*holder),
                detail: Some(&detail),
                ..crate::accounts::audit::Event::new(
                    crate::accounts::audit::Action::PersonalDataRead,
                )
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(rows
        .into_iter()
        .map(|(code, ozh, oen, at, szh, sen, name, _)| {
            let (_, minute) = local(at);
            DayLine {
                code,
                office: Bilingual::new(ozh, oen),
                time: format!("{:02}:{:02}", minute / 60, minute % 60),
                service: Bilingual::new(szh, sen),
                holder: name,
            }
        })
        .collect())
}
