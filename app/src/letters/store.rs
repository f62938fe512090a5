//! Letters in the database: writing one (idempotent, duplicates merged at
//! once), reading one with the visibility rule, taking a step under
//! `select … for update` with the pure machine deciding, the lists (public,
//! mine, the centre's and the department's queues) and the time limits.

use super::{
    is_duplicate, mask_name, offered, parse_body, parse_subject, Action, Addressee, EventView,
    FromQuestion, Kind, Letter, LetterFile, LetterRow, LetterView, Limit, Problem, Role, Seen,
    State, Tell, MAX_PAGE, PAGE_SIZE,
};
use crate::{
    accounts::{audit::Event, store::audit, Me, Role as AccountRole},
    catalog::Bilingual,
    clock::{format_date, Calendar},
    error::AppError,
    notifications::{
        store::{mail_of, send, Outgoing},
        Kind as NoteKind, Params,
    },
    workorder::{OnDay, WorkAction, WorkState},
};
use sqlx::{PgPool, Postgres, Transaction};
use time::{Date, OffsetDateTime};

/// The code of the department whose staff are a region's hotline centre.
pub const CENTRE_DEPARTMENT: &str = "ZWSJJ";

/// A staff member as letters see them: their department, its region, and
/// whether it is the centre (ZWSJJ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff {
    pub department_id: i64,
    pub region_code: i32,
    pub centre: bool,
}

/// The staff side of an account (`None` for anyone not staff).
pub async fn staff_of(pool: &PgPool, me: &Me) -> Result<Option<Staff>, AppError> {
    if me.role != AccountRole::Staff {
        return Ok(None);
    }
    let row: Option<(i64, i32, String)> = sqlx::query_as(
        "select d.id, d.region_code, d.code from staff s join department d on d.id = s.department_id
         where s.account_id = $1",
    )
    .bind(me.id)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(department_id, region_code, code)| Staff {
        department_id,
        region_code,
        centre: code == CENTRE_DEPARTMENT,
    }))
}

/// A letter to write, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewLetter {
    pub addressee: String,
    pub department: Option<i64>,
    pub region: Option<i32>,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub public: bool,
    /// Uploads of the writer's to attach.
    pub files: Vec<i64>,
}

/// A letter taken in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub letter_no: String,
    /// False when the key had already made this letter (a retry).
    pub created: bool,
    /// The earlier letter it was merged into at once (a duplicate).
    pub merged_into: Option<String>,
}

async fn existing(pool: &PgPool, me: &Me, key: uuid::Uuid) -> Result<Option<Written>, AppError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select l.letter_no, m.letter_no from letter l left join letter m on m.id = l.merged_into
         where l.writer_id = $1 and l.idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(letter_no, merged_into)| Written {
        letter_no,
        created: false,
        merged_into,
    }))
}

fn letter_link(no: &str) -> Option<String> {
    Some(format!("/letters/{no}"))
}

async fn tell(
    tx: &mut Transaction<'_, Postgres>,
    recipient: i64,
    kind: NoteKind,
    letter_no: &str,
    subject: &str,
    department: Option<Bilingual>,
) -> Result<(), AppError> {
    let mail = mail_of(tx).await?;
    let params = Params {
        case_no: letter_no.to_string(),
        step: Bilingual {
            zh: subject.to_string(),
            en: subject.to_string(),
        },
        department: department.unwrap_or_default(),
        ..Params::default()
    };
    let out = Outgoing {
        recipient,
        kind,
        params: &params,
        link: letter_link(letter_no),
        alert_id: None,
    };
    send(tx, &out, mail.as_ref()).await?;
    Ok(())
}

/// Writes a letter. Citizens and enterprises write (others: 403); the same
/// key always gives the same letter; a letter with the subject of one the
/// writer sent within 7 days is merged into it at once and the writer told.
pub async fn submit(
    pool: &PgPool,
    me: &Me,
    new: &NewLetter,
    key: uuid::Uuid,
    now: OffsetDateTime,
    today: Date,
) -> Result<Written, AppError> {
    if let Some(w) = existing(pool, me, key).await? {
        return Ok(w);
    }
    if !matches!(me.role, AccountRole::Citizen | AccountRole::Enterprise) {
        return Err(AppError::Forbidden);
    }
    let addressee = Addressee::parse(&new.addressee).ok_or(Problem::Addressee)?;
    let kind = Kind::parse(&new.kind).ok_or(Problem::Kind)?;
    let subject = parse_subject(&new.subject)?;
    let body = parse_body(&new.body)?;
    // Where it goes: a department (its region), or a region with a centre.
    let (department, region): (Option<i64>, i32) = match addressee {
        Addressee::Department => {
            let id = new.department.ok_or(Problem::Department)?;
            let region: Option<i32> =
                sqlx::query_scalar("select region_code from department where id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            (Some(id), region.ok_or(Problem::Department)?)
        }
        Addressee::Leader | Addressee::Centre => (
            None,
            new.region.ok_or(AppError::InvalidParameter {
                name: "region".into(),
            })?,
        ),
    };
    let has_centre: bool = sqlx::query_scalar(
        "select exists (select 1 from department where region_code = $1 and code = $2)",
    )
    .bind(region)
    .bind(CENTRE_DEPARTMENT)
    .fetch_one(pool)
    .await?;
    if !has_centre {
        return Err(AppError::InvalidParameter {
            name: "region".into(),
        });
    }
    let mut tx = pool.begin().await?;
    // One writer's submissions one at a time: the duplicate check sees them all.
    sqlx::query("select pg_advisory_xact_lock(7319, $1::int)")
        .bind((me.id % i64::from(i32::MAX)) as i32)
        .execute(&mut *tx)
        .await?;
    if let Some(w) = existing_tx(&mut tx, me, key).await? {
        return Ok(w);
    }
    let earlier: Vec<(i64, String, String, Date, String)> = sqlx::query_as(
        "select id, letter_no, subject, received_on, state from letter
         where writer_id = $1 and received_on >= $2::date - 7 and state <> 'merged'
         order by id",
    )
    .bind(me.id)
    .bind(today)
    .fetch_all(&mut *tx)
    .await?;
    let duplicate = earlier.into_iter().find(|(_, _, s, on, state)| {
        State::parse(state).is_some_and(|st| is_duplicate(&subject, today, s, *on, st))
    });
    let (state, merged_into) = match &duplicate {
        Some((id, _, _, _, _)) => (State::Merged, Some(*id)),
        None => (State::Submitted, None),
    };
    let inserted: Option<(i64, String)> = sqlx::query_as(
        "insert into letter (letter_no, writer_id, idempotency_key, addressee, addressed_department_id,
             region_code, kind, subject, body, public, state, received_at, received_on, merged_into,
             closed_on)
         values ('XJ' || to_char($12::date, 'YYYYMMDD') || lpad((nextval('letter_no_seq') % 1000000)::text, 6, '0'),
             $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             case when $13::bigint is null then null else $12::date end)
         on conflict (writer_id, idempotency_key) do nothing
         returning id, letter_no",
    )
    .bind(me.id)
    .bind(key)
    .bind(addressee.code())
    .bind(department)
    .bind(region)
    .bind(kind.code())
    .bind(&subject)
    .bind(&body)
    .bind(new.public)
    .bind(state.code())
    .bind(now)
    .bind(today)
    .bind(merged_into)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, letter_no)) = inserted else {
        drop(tx);
        return existing(pool, me, key)
            .await?
            .ok_or_else(|| AppError::internal("idempotent letter vanished"));
    };
    for upload in new.files.iter().take(10) {
        let mine: bool = sqlx::query_scalar(
            "select exists (select 1 from upload where id = $1 and owner_id = $2)",
        )
        .bind(upload)
        .bind(me.id)
        .fetch_one(&mut *tx)
        .await?;
        if !mine {
            return Err(AppError::InvalidParameter {
                name: "files".into(),
            });
        }
        sqlx::query(
            "insert into letter_file (letter_id, upload_id) values ($1, $2) on conflict do nothing",
        )
        .bind(id)
        .bind(upload)
        .execute(&mut *tx)
        .await?;
    }
    event(
        &mut tx,
        id,
        now,
        today,
        Some(me.id),
        Role::Writer,
        "submit",
        None,
        State::Submitted,
        department,
        None,
    )
    .await?;
    let merged_no = match duplicate {
        Some((_, earlier_no, _, _, _)) => {
            event(
                &mut tx,
                id,
                now,
                today,
                None,
                Role::Centre,
                "merge",
                Some(State::Submitted),
                State::Merged,
                None,
                Some(&earlier_no),
            )
            .await?;
            tell(
                &mut tx,
                me.id,
                NoteKind::LetterMerged,
                &letter_no,
                &subject,
                None,
            )
            .await?;
            Some(earlier_no)
        }
        None => None,
    };
    tx.commit().await?;
    tracing::info!(letter = id, merged = merged_no.is_some(), "letter written");
    Ok(Written {
        letter_no,
        created: true,
        merged_into: merged_no,
    })
}

async fn existing_tx(
    tx: &mut Transaction<'_, Postgres>,
    me: &Me,
    key: uuid::Uuid,
) -> Result<Option<Written>, AppError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "select l.letter_no, m.letter_no from letter l left join letter m on m.id = l.merged_into
         where l.writer_id = $1 and l.idempotency_key = $2",
    )
    .bind(me.id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(letter_no, merged_into)| Written {
        letter_no,
        created: false,
        merged_into,
    }))
}

#[allow(clippy::too_many_arguments)]
async fn event(
    tx: &mut Transaction<'_, Postgres>,
    letter: i64,
    at: OffsetDateTime,
    on: Date,
    actor: Option<i64>,
    role: Role,
    action: &str,
    from: Option<State>,
    to: State,
    department: Option<i64>,
    note: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query(
        "insert into letter_event (letter_id, at, on_day, actor_id, role, action, from_state, to_state,
             department_id, note)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(letter)
    .bind(at)
    .bind(on)
    .bind(actor)
    .bind(role.code())
    .bind(action)
    .bind(from.map(|s| s.code()))
    .bind(to.code())
    .bind(department)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A letter's row, as the machine and the views need it.
#[derive(Debug, Clone, sqlx::FromRow)]
struct Row {
    id: i64,
    letter_no: String,
    writer_id: i64,
    addressee: String,
    region_code: i32,
    kind: String,
    subject: String,
    body: String,
    public: bool,
    state: String,
    department_id: Option<i64>,
    received_on: Date,
    dispatched_on: Option<Date>,
    due_on: Option<Date>,
    extended: bool,
    extension_asked: bool,
    extension_days: Option<i32>,
    extension_asked_by: Option<i64>,
    replied_on: Option<Date>,
    first_replied_on: Option<Date>,
    replied_on_time: Option<bool>,
    closed_on: Option<Date>,
    satisfied: Option<bool>,
    reopened: bool,
    merged_into: Option<i64>,
    returned_count: i32,
    limit_days: i32,
}

const ROW: &str =
    "select l.id, l.letter_no, l.writer_id, l.addressee, l.region_code, l.kind, l.subject,
        l.body, l.public, l.state, l.department_id, l.received_on, l.dispatched_on, l.due_on,
        l.extended, l.extension_asked, l.extension_days, l.extension_asked_by, l.replied_on,
        l.first_replied_on, l.replied_on_time, l.closed_on, l.satisfied, l.reopened, l.merged_into,
        l.returned_count, k.days as limit_days
    from letter l join letter_kind_limit k on k.kind = l.kind";

impl Row {
    fn state(&self) -> State {
        State::parse(&self.state).unwrap_or(State::Submitted)
    }

    fn letter(&self) -> Letter {
        Letter {
            state: self.state(),
            kind: Kind::parse(&self.kind).unwrap_or(Kind::Enquiry),
            limit_days: u32::try_from(self.limit_days).unwrap_or(3),
            department_id: self.department_id,
            dispatched_on: self.dispatched_on,
            due_on: self.due_on,
            extended: self.extended,
            extension_asked: self.extension_asked,
            extension_pending: match (self.extension_days, self.extension_asked_by) {
                (Some(d), Some(by)) => Some((u32::try_from(d).unwrap_or(1), by)),
                _ => None,
            },
            replied_on: self.replied_on,
            reopened: self.reopened,
        }
    }
}

/// The roles `me` holds on a letter.
async fn roles_on(
    db: &mut sqlx::PgConnection,
    me: Option<&Me>,
    staff: Option<Staff>,
    row: &Row,
) -> Result<Vec<Role>, AppError> {
    let Some(me) = me else { return Ok(Vec::new()) };
    let mut roles = Vec::new();
    if row.writer_id == me.id {
        roles.push(Role::Writer);
    }
    if let Some(s) = staff {
        if s.centre && s.region_code == row.region_code {
            roles.push(Role::Centre);
        }
        if row.department_id == Some(s.department_id) {
            roles.push(Role::Department);
        }
        let co: bool = sqlx::query_scalar(
            "select exists (select 1 from letter_cohandler where letter_id = $1 and department_id = $2)",
        )
        .bind(row.id)
        .bind(s.department_id)
        .fetch_one(&mut *db)
        .await?;
        if co {
            roles.push(Role::Cohandler);
        }
    }
    Ok(roles)
}

/// Whether anyone may read it: public, and past the centre's acceptance.
fn publicly_visible(row: &Row) -> bool {
    row.public && !matches!(row.state(), State::Submitted)
}

/// One letter for whoever may see it: its writer, the centre of its
/// region, its lead department and co-handlers, and — when public and
/// accepted — everyone (the writer's name masked). 404 for anyone else.
/// A staff read of the writer's letter is audited.
pub async fn get(
    pool: &PgPool,
    cal: &Calendar,
    me: Option<&Me>,
    letter_no: &str,
    today: Date,
) -> Result<LetterView, AppError> {
    if !super::is_letter_no(letter_no) {
        return Err(AppError::NotFound);
    }
    let staff = match me {
        Some(me) => staff_of(pool, me).await?,
        None => None,
    };
    let mut conn = pool.acquire().await?;
    let row: Row = sqlx::query_as(&format!("{ROW} where l.letter_no = $1"))
        .bind(letter_no)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_on(&mut conn, me, staff, &row).await?;
    // A department that handled it before (returned it, or was the lead
    // before a return) still reads it, without any step to take.
    let handled_before = match (roles.is_empty(), staff) {
        (true, Some(s)) => {
            sqlx::query_scalar(
                "select exists (select 1 from letter_event where letter_id = $1 and department_id = $2)",
            )
            .bind(row.id)
            .bind(s.department_id)
            .fetch_one(&mut *conn)
            .await?
        }
        _ => false,
    };
    if roles.is_empty() && !handled_before && !publicly_visible(&row) {
        return Err(AppError::NotFound);
    }
    let insider = !roles.is_empty() || handled_before;
    let staff_read = handled_before || roles.iter().any(|r| *r != Role::Writer);
    if let (true, Some(me)) = (staff_read, me) {
        let detail = format!("letter {}", row.letter_no);
        audit::record(
            &mut *conn,
            Event::personal_read(me.id, row.writer_id, &detail),
        )
        .await?;
    }
    let seen = Seen {
        letter: row.letter(),
        actor: me.map_or(0, |m| m.id),
    };
    let offered: Vec<String> = offered(&seen, OnDay { cal, today }, &roles)
        .into_iter()
        .map(str::to_string)
        .collect();
    let names: (String, Bilingual, Option<Bilingual>, Option<Bilingual>, Option<String>) = sqlx::query_as(
        "select a.display_name, (select row(r.name_zh, r.name_en) from region r where r.code = l.region_code),
             (select row(d.name_zh, d.name_en) from department d where d.id = l.addressed_department_id),
             (select row(d.name_zh, d.name_en) from department d where d.id = l.department_id),
             (select m.letter_no from letter m where m.id = l.merged_into)
         from letter l join account a on a.id = l.writer_id where l.id = $1",
    )
    .bind(row.id)
    .fetch_one(&mut *conn)
    .await?;
    let (writer, region, addressed, department, merged_into) = names;
    let cohandlers: Vec<Bilingual> = sqlx::query_scalar(
        "select row(d.name_zh, d.name_en) from letter_cohandler c join department d on d.id = c.department_id
         where c.letter_id = $1 order by d.id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    type Ev = (
        String,
        String,
        String,
        Option<String>,
        String,
        Option<Bilingual>,
        Option<String>,
    );
    let events: Vec<Ev> = sqlx::query_as(
        "select to_char(e.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI'), e.action, e.role,
             e.from_state, e.to_state,
             case when d.id is not null then row(d.name_zh, d.name_en) end, e.note
         from letter_event e left join department d on d.id = e.department_id
         where e.letter_id = $1 order by e.id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let events: Vec<EventView> = events
        .into_iter()
        .filter(|e| {
            insider
                || e.1 != "request_extension"
                    && e.1 != "refuse_extension"
                    && e.1 != "approve_extension"
        })
        .map(|(at, action, role, from, to, department, note)| EventView {
            at,
            action,
            role: Role::parse(&role).unwrap_or(Role::Centre),
            from_state: from.as_deref().and_then(State::parse),
            to_state: State::parse(&to).unwrap_or(State::Submitted),
            department,
            note,
        })
        .collect();
    let reply = events
        .iter()
        .rev()
        .find(|e| e.action == "reply")
        .and_then(|e| e.note.clone());
    let files: Vec<LetterFile> = if insider {
        sqlx::query_as::<_, (i64, String)>(
            "select u.id, u.name from letter_file f join upload u on u.id = f.upload_id
             where f.letter_id = $1 order by u.id",
        )
        .bind(row.id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(upload_id, name)| LetterFile { upload_id, name })
        .collect()
    } else {
        Vec::new()
    };
    let from_question = if insider {
        sqlx::query_as::<_, (String, String)>(
            "select q.question_no, w.name from weibo_question q
             join weibo_account w on w.id = q.weibo_account_id where q.letter_id = $1",
        )
        .bind(row.id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|(question_no, account)| FromQuestion {
            link: if roles.contains(&Role::Writer) {
                format!("/me/weibo/questions/{question_no}")
            } else {
                format!("/staff/weibo/questions/{question_no}")
            },
            question_no,
            account,
        })
    } else {
        None
    };
    let letter = row.letter();
    Ok(LetterView {
        letter_no: row.letter_no.clone(),
        addressee: Addressee::parse(&row.addressee).unwrap_or(Addressee::Centre),
        kind: letter.kind,
        region_code: row.region_code,
        region,
        addressed_department: addressed,
        subject: row.subject.clone(),
        body: row.body.clone(),
        public: row.public,
        state: letter.state,
        writer: if insider { writer } else { mask_name(&writer) },
        department_id: row.department_id,
        department,
        cohandlers,
        received_on: format_date(row.received_on),
        dispatched_on: row.dispatched_on.map(format_date),
        due_on: row.due_on.map(format_date),
        extended: row.extended,
        extension_pending: if insider {
            letter.extension_pending.map(|(d, _)| d)
        } else {
            None
        },
        replied_on: row.replied_on.map(format_date),
        replied_on_time: row.replied_on_time,
        closed_on: row.closed_on.map(format_date),
        satisfied: row.satisfied,
        reopened: row.reopened,
        merged_into,
        from_question,
        returned_count: row.returned_count,
        reply,
        files,
        events,
        roles,
        offered,
    })
}

async fn department_in_region(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    region: i32,
) -> Result<(), AppError> {
    let ok: bool = sqlx::query_scalar(
        "select exists (select 1 from department where id = $1 and region_code = $2)",
    )
    .bind(id)
    .bind(region)
    .fetch_one(&mut **tx)
    .await?;
    if ok {
        Ok(())
    } else {
        Err(Problem::Department.into())
    }
}

/// Takes `action` on a letter as `me`: the letter is locked, the pure
/// machine decides, the row is updated, the event appended, the writer told
/// — all in one transaction. 404 for a letter `me` may not see.
pub async fn take_step(
    pool: &PgPool,
    cal: &Calendar,
    me: &Me,
    letter_no: &str,
    action: &Action,
    now: OffsetDateTime,
    today: Date,
) -> Result<(), AppError> {
    if !super::is_letter_no(letter_no) {
        return Err(AppError::NotFound);
    }
    let staff = staff_of(pool, me).await?;
    let mut tx = pool.begin().await?;
    let row: Row = sqlx::query_as(&format!("{ROW} where l.letter_no = $1 for update of l"))
        .bind(letter_no)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = roles_on(&mut tx, Some(me), staff, &row).await?;
    if roles.is_empty() {
        return Err(if publicly_visible(&row) {
            Problem::NotYourTurn.into()
        } else {
            AppError::NotFound
        });
    }
    let seen = Seen {
        letter: row.letter(),
        actor: me.id,
    };
    let t = super::step(&seen, OnDay { cal, today }, &roles, action)?;
    let role = action
        .roles()
        .iter()
        .copied()
        .find(|r| roles.contains(r))
        .unwrap_or(Role::Centre);
    let e = &t.effect;
    // What the machine cannot know: the departments and the merge target.
    let mut department_id = row.department_id;
    let mut dispatched_on = row.dispatched_on;
    let mut merged_into = row.merged_into;
    let mut event_department = staff
        .map(|s| s.department_id)
        .filter(|_| role != Role::Writer);
    if let Some((lead, co, _)) = &e.dispatch {
        department_in_region(&mut tx, *lead, row.region_code).await?;
        for c in co {
            department_in_region(&mut tx, *c, row.region_code).await?;
        }
        sqlx::query("delete from letter_cohandler where letter_id = $1")
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        for c in co {
            sqlx::query("insert into letter_cohandler (letter_id, department_id) values ($1, $2)")
                .bind(row.id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
        }
        department_id = Some(*lead);
        dispatched_on = Some(today);
        event_department = Some(*lead);
    }
    if let Some(to) = e.forward_to {
        department_in_region(&mut tx, to, row.region_code).await?;
        department_id = Some(to);
        event_department = Some(to);
    }
    if e.returned {
        sqlx::query("delete from letter_cohandler where letter_id = $1")
            .bind(row.id)
            .execute(&mut *tx)
            .await?;
        department_id = None;
        dispatched_on = None;
    }
    let mut merged_no = None;
    // The letter merged into, its writer and subject (told of the merge).
    let mut joined: Option<(i64, String)> = None;
    if let Some(into) = &e.merged_into {
        if !super::is_letter_no(into) {
            return Err(Problem::MergeTarget.into());
        }
        let target: Option<(i64, String, i64, String)> = sqlx::query_as(
            "select id, state, writer_id, subject from letter
             where letter_no = $1 and region_code = $2",
        )
        .bind(into)
        .bind(row.region_code)
        .fetch_optional(&mut *tx)
        .await?;
        match target {
            Some((id, state, writer, subject)) if id != row.id && state != "merged" => {
                merged_into = Some(id);
                merged_no = Some(into.clone());
                joined = Some((writer, subject));
            }
            _ => return Err(Problem::MergeTarget.into()),
        }
    }
    let due_on = if e.returned {
        None
    } else {
        e.due_on.or(row.due_on)
    };
    let (extension_days, extension_asked_by) = match (e.ask_extension, e.extension_answered) {
        (Some(days), _) => (Some(days as i32), Some(me.id)),
        (None, true) => (None, None),
        (None, false) => (row.extension_days, row.extension_asked_by),
    };
    let replied_on = if e.replied {
        Some(today)
    } else {
        row.replied_on
    };
    let first_replied_on = row
        .first_replied_on
        .or(if e.replied { Some(today) } else { None });
    let replied_on_time = match (row.replied_on_time, e.replied) {
        (Some(v), _) => Some(v),
        (None, true) => Some(row.due_on.is_none_or(|d| today <= d)),
        (None, false) => None,
    };
    sqlx::query(
        "update letter set state = $2, department_id = $3, dispatched_on = $4, due_on = $5,
             extended = $6, extension_asked = $7, extension_days = $8, extension_asked_by = $9,
             replied_on = $10, first_replied_on = $11, replied_on_time = $12, closed_on = $13,
             satisfied = $14, reopened = $15, merged_into = $16, returned_count = $17
         where id = $1",
    )
    .bind(row.id)
    .bind(t.to.code())
    .bind(department_id)
    .bind(dispatched_on)
    .bind(due_on)
    .bind(row.extended || e.extended)
    .bind(row.extension_asked || e.ask_extension.is_some())
    .bind(extension_days)
    .bind(extension_asked_by)
    .bind(replied_on)
    .bind(first_replied_on)
    .bind(replied_on_time)
    .bind(if e.closed { Some(today) } else { row.closed_on })
    .bind(e.satisfied.or(row.satisfied))
    .bind(row.reopened || e.reopened)
    .bind(merged_into)
    .bind(row.returned_count + i32::from(e.returned))
    .execute(&mut *tx)
    .await?;
    let note = match (&e.note, &merged_no, e.ask_extension) {
        (Some(n), _, Some(days)) => Some(format!("{days}: {n}")),
        (Some(n), _, None) => Some(n.clone()),
        (None, Some(no), _) => Some(no.clone()),
        _ => None,
    };
    event(
        &mut tx,
        row.id,
        now,
        today,
        Some(me.id),
        role,
        action.code(),
        Some(t.from),
        t.to,
        event_department,
        note.as_deref(),
    )
    .await?;
    if let Some(what) = e.tell {
        let department: Option<Bilingual> = match department_id {
            Some(id) => {
                sqlx::query_scalar("select row(name_zh, name_en) from department where id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        let kind = match what {
            Tell::Accepted => NoteKind::LetterAccepted,
            Tell::Replied => NoteKind::LetterReplied,
            Tell::Merged => NoteKind::LetterMerged,
            Tell::Closed => NoteKind::LetterClosed,
        };
        // The writer's own follow-up needs no notice of what they did.
        if row.writer_id != me.id {
            tell(
                &mut tx,
                row.writer_id,
                kind,
                &row.letter_no,
                &row.subject,
                department,
            )
            .await?;
        }
    }
    // A merge tells both writers: the other letter's writer learns that a
    // letter on the same matter now follows theirs.
    if let (Some((writer, subject)), Some(into)) = (joined, &merged_no) {
        if writer != row.writer_id && writer != me.id {
            tell(
                &mut tx,
                writer,
                NoteKind::LetterDuplicateJoined,
                into,
                &subject,
                None,
            )
            .await?;
        }
    }
    tx.commit().await?;
    tracing::info!(
        letter = row.id,
        action = action.code(),
        to = t.to.code(),
        "letter step"
    );
    Ok(())
}

type ListRow = (
    String,
    String,
    String,
    String,
    Bilingual,
    Option<Bilingual>,
    Date,
    Option<Date>,
    Option<Date>,
    bool,
);

const LIST: &str = "select l.letter_no, l.kind, l.subject, l.state,
        (select row(r.name_zh, r.name_en) from region r where r.code = l.region_code),
        (select row(d.name_zh, d.name_en) from department d where d.id = l.department_id),
        l.received_on, l.due_on, l.replied_on, l.extension_days is not null
    from letter l";

fn list_row(r: ListRow, today: Date) -> LetterRow {
    let state = State::parse(&r.3).unwrap_or(State::Submitted);
    LetterRow {
        letter_no: r.0,
        kind: Kind::parse(&r.1).unwrap_or(Kind::Enquiry),
        subject: r.2,
        state,
        region: r.4,
        department: r.5,
        received_on: format_date(r.6),
        due_on: r.7.map(format_date),
        replied_on: r.8.map(format_date),
        overdue: state.deadline_runs() && r.7.is_some_and(|d| d < today),
        extension_pending: r.9,
    }
}

/// The public letters (accepted onwards, not merged), newest first, 20 a
/// page; by lead department and/or region. Pages past [`MAX_PAGE`]: 400.
pub async fn public_list(
    pool: &PgPool,
    department: Option<i64>,
    region: Option<i32>,
    page: i64,
    today: Date,
) -> Result<Vec<LetterRow>, AppError> {
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(AppError::InvalidParameter {
            name: "page".into(),
        });
    }
    // A region means the region and the regions under it (a city's
    // counties; the province is every letter). A county alone stays an
    // equality, so that its letters are read in order from its index.
    let under: Option<Vec<i32>> = match region {
        Some(code) if code != super::stats::PROVINCE as i32 => Some(
            sqlx::query_scalar("select code from region where code = $1 or parent_code = $1")
                .bind(code)
                .fetch_all(pool)
                .await?,
        ),
        _ => None,
    };
    let (exact, any) = match under {
        Some(codes) if codes.len() > 1 => (None, Some(codes)),
        Some(codes) => (codes.first().copied().or(region), None),
        None => (None, None),
    };
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where l.public and l.state not in ('submitted', 'merged')
             and ($1::bigint is null or l.department_id = $1)
             and ($2::int is null or l.region_code = $2)
             and ($5::int[] is null or l.region_code = any($5))
         order by l.received_at desc, l.id desc limit $3 offset $4"
    ))
    .persistent(false)
    .bind(department)
    .bind(exact)
    .bind(PAGE_SIZE)
    .bind((page - 1) * PAGE_SIZE)
    .bind(any)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| list_row(r, today)).collect())
}

/// The signed-in person's letters, newest first.
pub async fn mine(pool: &PgPool, me: &Me, today: Date) -> Result<Vec<LetterRow>, AppError> {
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where l.writer_id = $1 order by l.received_at desc, l.id desc limit 200"
    ))
    .bind(me.id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| list_row(r, today)).collect())
}

/// The staff member's queue: for a centre clerk, the region's letters to
/// accept, dispatch (returned ones too), decide an extension on, follow up
/// or close; for any staff, their department's dispatched and handled
/// letters (as lead or co-handler), by due date. 403 for anyone not staff.
pub async fn queue(pool: &PgPool, me: &Me, today: Date) -> Result<Vec<LetterRow>, AppError> {
    let staff = staff_of(pool, me).await?.ok_or(AppError::Forbidden)?;
    let rows: Vec<ListRow> = sqlx::query_as(&format!(
        "{LIST} where ($1 and l.region_code = $2
                   and (l.state in ('submitted', 'accepted', 'replied', 'unsatisfied') or l.extension_days is not null))
              or (l.state in ('dispatched', 'handling')
                  and (l.department_id = $3
                       or exists (select 1 from letter_cohandler c where c.letter_id = l.id and c.department_id = $3)))
         order by l.due_on nulls first, l.received_at limit 500"
    ))
    .bind(staff.centre)
    .bind(staff.region_code)
    .bind(staff.department_id)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(|r| list_row(r, today)).collect())
}

/// The time limit of every kind.
pub async fn limits(pool: &PgPool) -> Result<Vec<Limit>, AppError> {
    let rows: Vec<(String, i32)> = sqlx::query_as("select kind, days from letter_kind_limit")
        .fetch_all(pool)
        .await?;
    let mut out: Vec<Limit> = Kind::ALL
        .into_iter()
        .map(|kind| Limit {
            kind,
            days: rows
                .iter()
                .find(|(k, _)| k == kind.code())
                .map_or(kind.default_days(), |(_, d)| u32::try_from(*d).unwrap_or(1)),
        })
        .collect();
    out.sort_by_key(|l| Kind::ALL.iter().position(|k| *k == l.kind));
    Ok(out)
}

/// Sets time limits (`(kind code, days)`); centre clerks only (403).
pub async fn set_limits(
    pool: &PgPool,
    me: &Me,
    set: &[(String, i64)],
) -> Result<Vec<Limit>, AppError> {
    let staff = staff_of(pool, me).await?.ok_or(AppError::Forbidden)?;
    if !staff.centre {
        return Err(AppError::Forbidden);
    }
    let mut parsed = Vec::new();
    for (kind, days) in set {
        let kind = Kind::parse(kind).ok_or(Problem::Kind)?;
        parsed.push((kind, super::parse_limit(*days)?));
    }
    let mut tx = pool.begin().await?;
    for (kind, days) in parsed {
        sqlx::query("update letter_kind_limit set days = $2 where kind = $1")
            .bind(kind.code())
            .bind(days as i32)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    limits(pool).await
}

/// The departments of a region (the write and dispatch forms' choices).
pub async fn departments(
    pool: &PgPool,
    region: Option<i32>,
) -> Result<Vec<(i64, i32, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select id, region_code, row(name_zh, name_en) from department
         where ($1::int is null or region_code = $1) order by region_code, id limit 500",
    )
    .bind(region)
    .fetch_all(pool)
    .await?)
}

/// The regions with a hotline centre (where letters may be written).
pub async fn regions(pool: &PgPool) -> Result<Vec<(i32, Bilingual)>, AppError> {
    Ok(sqlx::query_as(
        "select r.code, row(r.name_zh, r.name_en) from region r
         where exists (select 1 from department d where d.region_code = r.code and d.code = $1)
         order by r.code",
    )
    .bind(CENTRE_DEPARTMENT)
    .fetch_all(pool)
    .await?)
}
