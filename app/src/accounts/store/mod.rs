//! Accounts in the database: registration, sign-in (throttled without an
//! account lock, second factor for officials), profiles, and staff reads of
//! a person's data (each one audited). Sessions, throttling, the audit
//! trail and enterprise invitations have their tables' SQL in the
//! submodules.

pub mod audit;
pub mod invitations;
pub mod session;
pub mod throttle;

use super::{
    audit::{Action, Event},
    forms::{Field, FieldError, NewCitizen, NewEnterprise, Problem},
    identity::IdNumber,
    secrets::{self, DataKey},
    throttle::REGISTRATIONS_PER_ID_NUMBER,
    totp, CitizenCard, Me, MeView, Profile, Role, Username,
};
use crate::error::AppError;
use sqlx::PgPool;

fn field_error(field: Field, problem: Problem) -> AppError {
    AppError::from(vec![FieldError { field, problem }])
}

/// Maps a unique violation to the field it concerns.
fn unique_violation(err: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(db) = &err {
        match db.constraint() {
            Some("account_username_idx") => {
                return field_error(Field::Username, Problem::UsernameTaken)
            }
            Some("citizen_id_number_index_key") => {
                return field_error(Field::IdNumber, Problem::IdNumberNotRegistrable)
            }
            Some("enterprise_credit_code_key") => {
                return field_error(Field::CreditCode, Problem::CreditCodeRegistered)
            }
            _ => {}
        }
    }
    err.into()
}

async fn insert_account(
    tx: &mut sqlx::PgConnection,
    username: &Username,
    role: Role,
    display_name: &str,
    password: &str,
    totp_sealed: Option<Vec<u8>>,
) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "insert into account (username, role, display_name, password_hash, totp_secret)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(username.as_str())
    .bind(role.code())
    .bind(display_name)
    .bind(secrets::hash_password(password))
    .bind(totp_sealed)
    .fetch_one(&mut *tx)
    .await
    .map_err(unique_violation)
}

fn me(id: i64, username: &Username, role: Role, display_name: &str) -> Me {
    Me {
        id,
        username: username.as_str().to_string(),
        role,
        display_name: display_name.to_string(),
    }
}

/// The audit event of a person or enterprise registering themselves.
fn registered(id: i64, client: &str) -> Event<'_> {
    Event {
        actor: Some(id),
        subject: Some(id),
        client: Some(client),
        ..Event::new(Action::AccountCreated)
    }
}

/// Registers a citizen; their ID and mobile numbers are stored sealed.
///
/// An ID number that already has an account registers nothing: the holder
/// is told in their inbox that someone tried, and the registrant gets the
/// neutral `id_number_not_registrable` at the field (docs/features.md,
/// "Accounts and security", says why it cannot be hidden altogether).
/// Every registration counts against its ID number
/// ([`REGISTRATIONS_PER_ID_NUMBER`]), new or not, so that the throttle
/// itself tells nothing.
pub async fn register_citizen(
    pool: &PgPool,
    key: &DataKey,
    c: &NewCitizen,
    client: &str,
) -> Result<Me, AppError> {
    let index = key.blind_index("id_number", c.id_number.as_str());
    let hex: String = index.iter().map(|b| format!("{b:02x}")).collect();
    throttle::check_and_hit(
        pool,
        &format!("register:id:{hex}"),
        REGISTRATIONS_PER_ID_NUMBER,
    )
    .await?;
    let holder: Option<i64> =
        sqlx::query_scalar("select account_id from citizen where id_number_index = $1")
            .bind(&index)
            .fetch_optional(pool)
            .await?;
    if let Some(holder) = holder {
        invitations::tell_registration_tried(pool, holder).await?;
        tracing::info!(
            holder,
            "a registration was tried with a registered ID number"
        );
        return Err(field_error(
            Field::IdNumber,
            Problem::IdNumberNotRegistrable,
        ));
    }
    let mut tx = pool.begin().await?;
    let id = insert_account(
        &mut tx,
        &c.username,
        Role::Citizen,
        &c.real_name,
        &c.password,
        None,
    )
    .await?;
    sqlx::query(
        "insert into citizen (account_id, real_name, id_number_sealed, id_number_index, id_number_masked,
             mobile_sealed, mobile_masked)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(&c.real_name)
    .bind(key.seal(c.id_number.as_str().as_bytes()))
    .bind(&index)
    .bind(c.id_number.masked())
    .bind(key.seal(c.mobile.as_str().as_bytes()))
    .bind(c.mobile.masked())
    .execute(&mut *tx)
    .await
    .map_err(unique_violation)?;
    audit::record(&mut *tx, registered(id, client)).await?;
    tx.commit().await?;
    Ok(me(id, &c.username, Role::Citizen, &c.real_name))
}

/// Registers an enterprise.
pub async fn register_enterprise(
    pool: &PgPool,
    e: &NewEnterprise,
    client: &str,
) -> Result<Me, AppError> {
    let mut tx = pool.begin().await?;
    let id = insert_account(
        &mut tx,
        &e.username,
        Role::Enterprise,
        &e.name,
        &e.password,
        None,
    )
    .await?;
    sqlx::query(
        "insert into enterprise (account_id, name, credit_code, legal_representative)
         values ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(&e.name)
    .bind(e.credit_code.as_str())
    .bind(&e.legal_representative)
    .execute(&mut *tx)
    .await
    .map_err(unique_violation)?;
    audit::record(&mut *tx, registered(id, client)).await?;
    tx.commit().await?;
    Ok(me(id, &e.username, Role::Enterprise, &e.name))
}

/// Where an official works: a department's unit and post (staff) or a
/// region (supervisors).
#[derive(Debug, Clone)]
pub enum Assignment {
    /// Department id, unit id, post id.
    Post(i64, i64, i64),
    Region(u32),
    None,
}

/// A staff, supervisor, editor or admin account to create.
#[derive(Debug, Clone)]
pub struct NewOfficial {
    pub username: Username,
    pub password: String,
    pub display_name: String,
    pub role: Role,
    pub assignment: Assignment,
    /// A given TOTP secret (the demo accounts'), or a new random one.
    pub totp_secret: Option<String>,
}

/// Creates an official's account (by an admin, `by`, or the demo data) with
/// its TOTP secret, which is returned once.
pub async fn create_official(
    pool: &PgPool,
    key: &DataKey,
    official: NewOfficial,
    by: Option<i64>,
) -> Result<(Me, String), AppError> {
    let NewOfficial {
        username,
        password,
        display_name,
        role,
        assignment,
        totp_secret: secret,
    } = official;
    let (username, password, display_name) = (&username, password.as_str(), display_name.as_str());
    if !role.needs_second_factor() {
        return Err(AppError::BadRequest {
            detail: "officials only".into(),
        });
    }
    let secret = secret.unwrap_or_else(totp::new_secret);
    let mut tx = pool.begin().await?;
    let id = insert_account(
        &mut tx,
        username,
        role,
        display_name,
        password,
        Some(key.seal(secret.as_bytes())),
    )
    .await?;
    match (role, assignment) {
        (Role::Staff, Assignment::Post(department, unit, post)) => {
            sqlx::query(
                "insert into staff (account_id, department_id, unit_id, post_id) values ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(department)
            .bind(unit)
            .bind(post)
            .execute(&mut *tx)
            .await?;
        }
        (Role::Supervisor, Assignment::Region(code)) => {
            sqlx::query("insert into supervisor (account_id, region_code) values ($1, $2)")
                .bind(id)
                .bind(code as i32)
                .execute(&mut *tx)
                .await?;
        }
        (Role::Staff | Role::Supervisor, _) => {
            return Err(AppError::BadRequest {
                detail: "staff need a post and supervisors a region".into(),
            })
        }
        _ => {}
    }
    audit::record(
        &mut *tx,
        Event {
            actor: by,
            subject: Some(id),
            detail: Some(role.code()),
            ..Event::new(Action::AccountCreated)
        },
    )
    .await?;
    tx.commit().await?;
    Ok((me(id, username, role, display_name), secret))
}

/// What signing in presents.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Credentials {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(sqlx::FromRow)]
struct LoginRow {
    id: i64,
    username: String,
    role: String,
    display_name: String,
    password_hash: String,
    totp_secret: Option<Vec<u8>>,
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Signs in: refuses a guess the throttles hold back (429 with the wait:
/// [`super::throttle`] explains the three counters, none of which lets a
/// stranger lock the owner out), a wrong password (401), and for officials
/// a missing, wrong or reused one-time code. A user name without an account
/// costs the same password verification (against a fixed dummy hash), counts
/// in the same throttles and gets the same answer as a wrong password.
/// Returns the account and a new session's token (a fresh one: any session
/// presented before is not kept).
pub async fn sign_in(
    pool: &PgPool,
    key: &DataKey,
    creds: &Credentials,
    client: &str,
) -> Result<(Me, String), AppError> {
    let guess = throttle::PasswordGuess::new(&creds.username, client);
    guess.allowed(pool).await?;
    let row: Option<LoginRow> = match Username::parse(&creds.username) {
        Ok(username) => {
            sqlx::query_as(
                "select id, username, role, display_name, password_hash, totp_secret
                 from account where username = $1",
            )
            .bind(username.as_str())
            .fetch_optional(pool)
            .await?
        }
        Err(_) => None,
    };
    let hash = row
        .as_ref()
        .map_or(secrets::dummy_password_hash(), |r| r.password_hash.as_str());
    let password_ok = verify_off_thread(hash, &creds.password).await?;
    let account_id = row.as_ref().map(|r| r.id);
    let Some(row) = row.filter(|_| password_ok) else {
        return Err(failure(pool, &guess, account_id, client).await);
    };
    let role = Role::parse(&row.role).ok_or_else(|| AppError::internal("unknown role"))?;
    if role.needs_second_factor() {
        let Some(code) = creds.totp.as_deref().filter(|c| !c.trim().is_empty()) else {
            return Err(AppError::SecondFactorRequired);
        };
        let secret = row
            .totp_secret
            .as_deref()
            .ok_or_else(|| AppError::internal("official without a second factor"))
            .and_then(|sealed| key.open(sealed).map_err(AppError::internal))
            .and_then(|bytes| String::from_utf8(bytes).map_err(AppError::internal))?;
        let accepted = match totp::verify(&secret, code, unix_now()) {
            // A code counts once: its step must be later than the last one used.
            Some(step) => {
                sqlx::query(
                    "update account set totp_last_step = $2
                 where id = $1 and (totp_last_step is null or totp_last_step < $2)",
                )
                .bind(row.id)
                .bind(step as i64)
                .execute(pool)
                .await?
                .rows_affected()
                    == 1
            }
            None => false,
        };
        if !accepted {
            return Err(match failure(pool, &guess, Some(row.id), client).await {
                AppError::InvalidCredentials => AppError::InvalidSecondFactor,
                other => other,
            });
        }
    }
    guess.succeeded(pool).await?;
    audit::record(
        pool,
        Event {
            actor: Some(row.id),
            subject: Some(row.id),
            client: Some(client),
            ..Event::new(Action::Login)
        },
    )
    .await?;
    let token = session::start(pool, row.id).await?;
    Ok((
        Me {
            id: row.id,
            username: row.username,
            role,
            display_name: row.display_name,
        },
        token,
    ))
}

/// Checks a password against its hash on a blocking thread (argon2 takes
/// tens of milliseconds of CPU).
async fn verify_off_thread(hash: &str, password: &str) -> Result<bool, AppError> {
    let (hash, password) = (hash.to_string(), password.to_string());
    tokio::task::spawn_blocking(move || secrets::verify_password(&hash, &password))
        .await
        .map_err(AppError::internal)
}

/// Counts a failed sign-in (recorded in the audit trail, with the account
/// when the name has one) and says what to answer: 401, or 429 when this
/// failure used up the client's tries.
async fn failure(
    pool: &PgPool,
    guess: &throttle::PasswordGuess,
    account: Option<i64>,
    client: &str,
) -> AppError {
    let result: Result<AppError, AppError> = async {
        audit::record(
            pool,
            Event {
                subject: account,
                client: Some(client),
                ..Event::new(Action::LoginFailed)
            },
        )
        .await?;
        Ok(match guess.failed(pool).await? {
            Some(retry_after) => AppError::TooManyAttempts { retry_after },
            None => AppError::InvalidCredentials,
        })
    }
    .await;
    result.unwrap_or_else(|e| e)
}

/// Signs out: ends the session and records it.
pub async fn sign_out(pool: &PgPool, token: &str, me: Option<&Me>) -> Result<(), AppError> {
    session::end(pool, token).await?;
    if let Some(me) = me {
        audit::record(
            pool,
            Event {
                actor: Some(me.id),
                subject: Some(me.id),
                ..Event::new(Action::Logout)
            },
        )
        .await?;
    }
    Ok(())
}

/// Changes a password (the old one must be right) and ends every session of
/// the account, this one included. The old password is a guess like a
/// sign-in's and counts in the same throttles (429 when they are used up);
/// a wrong one is a problem at its field.
pub async fn change_password(
    pool: &PgPool,
    me: &Me,
    old: &str,
    new: &str,
    client: &str,
) -> Result<(), AppError> {
    super::identity::check_password(new, &me.username)
        .map_err(|e| field_error(Field::Password, Problem::Password(e)))?;
    let guess = throttle::PasswordGuess::new(&me.username, client);
    guess.allowed(pool).await?;
    let hash: String = sqlx::query_scalar("select password_hash from account where id = $1")
        .bind(me.id)
        .fetch_one(pool)
        .await?;
    if !verify_off_thread(&hash, old).await? {
        audit::record(
            pool,
            Event {
                actor: Some(me.id),
                subject: Some(me.id),
                client: Some(client),
                detail: Some("password change"),
                ..Event::new(Action::LoginFailed)
            },
        )
        .await?;
        return Err(match guess.failed(pool).await? {
            Some(retry_after) => AppError::TooManyAttempts { retry_after },
            None => field_error(Field::OldPassword, Problem::WrongPassword),
        });
    }
    guess.succeeded(pool).await?;
    let mut tx = pool.begin().await?;
    sqlx::query("update account set password_hash = $2, password_changed_at = now() where id = $1")
        .bind(me.id)
        .bind(secrets::hash_password(new))
        .execute(&mut *tx)
        .await?;
    session::end_all(&mut *tx, me.id).await?;
    audit::record(
        &mut *tx,
        Event {
            actor: Some(me.id),
            subject: Some(me.id),
            ..Event::new(Action::PasswordChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The signed-in account's own profile (masked numbers).
pub async fn profile(pool: &PgPool, me: &Me) -> Result<Profile, AppError> {
    Ok(match me.role {
        Role::Citizen => {
            let (real_name, id_number, mobile): (String, String, String) = sqlx::query_as(
                "select real_name, id_number_masked, mobile_masked from citizen where account_id = $1",
            )
            .bind(me.id)
            .fetch_one(pool)
            .await?;
            let enterprises: Vec<(String, String)> = sqlx::query_as(
                "select e.name, e.credit_code from enterprise_member m
                 join enterprise e on e.account_id = m.enterprise_id
                 where m.citizen_id = $1 order by e.name",
            )
            .bind(me.id)
            .fetch_all(pool)
            .await?;
            Profile::Citizen {
                real_name,
                id_number,
                mobile,
                enterprises,
            }
        }
        Role::Enterprise => {
            let (name, credit_code, legal_representative): (String, String, String) =
                sqlx::query_as(
                    "select name, credit_code, legal_representative from enterprise where account_id = $1",
                )
                .bind(me.id)
                .fetch_one(pool)
                .await?;
            Profile::Enterprise {
                name,
                credit_code,
                legal_representative,
            }
        }
        Role::Staff => {
            let (department, unit, post) = sqlx::query_as(
                "select row(d.name_zh, d.name_en), row(u.name_zh, u.name_en),
                        row(p.name_zh, p.name_en)
                 from staff s join department d on d.id = s.department_id
                 join department_unit u on u.id = s.unit_id
                 join department_post p on p.id = s.post_id
                 where s.account_id = $1",
            )
            .bind(me.id)
            .fetch_one(pool)
            .await?;
            Profile::Staff {
                department,
                unit,
                post,
            }
        }
        Role::Supervisor => {
            let region = sqlx::query_scalar(
                "select row(r.name_zh, r.name_en) from supervisor s
                 join region r on r.code = s.region_code
                 where s.account_id = $1",
            )
            .bind(me.id)
            .fetch_one(pool)
            .await?;
            Profile::Supervisor { region }
        }
        Role::Editor | Role::Admin => Profile::Other,
    })
}

/// What the account tells about its holder for prefilling forms: the
/// sealed ID number and mobile opened with the data key. Accounts of
/// officials tell nothing.
pub async fn facts(
    pool: &PgPool,
    key: &DataKey,
    me: &Me,
) -> Result<crate::accounts::AccountFacts, AppError> {
    use crate::accounts::AccountFacts;
    let open = |sealed: &[u8]| -> Result<String, AppError> {
        String::from_utf8(key.open(sealed).map_err(AppError::internal)?).map_err(AppError::internal)
    };
    Ok(match me.role {
        Role::Citizen => {
            let row: Option<(String, Vec<u8>, Vec<u8>)> = sqlx::query_as(
                "select real_name, id_number_sealed, mobile_sealed from citizen where account_id = $1",
            )
            .bind(me.id)
            .fetch_optional(pool)
            .await?;
            match row {
                None => AccountFacts::default(),
                Some((name, id, mobile)) => AccountFacts {
                    name: Some(name),
                    id_number: Some(
                        IdNumber::parse(&open(&id)?)
                            .map_err(|_| AppError::internal("a sealed ID number does not parse"))?,
                    ),
                    mobile: Some(open(&mobile)?),
                    ..AccountFacts::default()
                },
            }
        }
        Role::Enterprise => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "select name, credit_code, legal_representative from enterprise where account_id = $1",
            )
            .bind(me.id)
            .fetch_optional(pool)
            .await?;
            match row {
                None => AccountFacts::default(),
                Some((name, code, legal)) => AccountFacts {
                    enterprise_name: Some(name),
                    credit_code: Some(code),
                    legal_representative: Some(legal),
                    ..AccountFacts::default()
                },
            }
        }
        _ => AccountFacts::default(),
    })
}

pub async fn me_view(pool: &PgPool, me: &Me) -> Result<MeView, AppError> {
    Ok(MeView {
        me: me.clone(),
        profile: profile(pool, me).await?,
    })
}

/// Staff look a citizen up by ID number (at the counter, to help them); the
/// read is recorded in the audit trail and shown to the citizen.
pub async fn lookup_citizen(
    pool: &PgPool,
    key: &DataKey,
    staff: &Me,
    id_number: &IdNumber,
    client: &str,
) -> Result<CitizenCard, AppError> {
    if staff.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    let row: Option<(i64, String, String, String)> = sqlx::query_as(
        "select account_id, real_name, id_number_masked, mobile_masked from citizen where id_number_index = $1",
    )
    .bind(key.blind_index("id_number", id_number.as_str()))
    .fetch_optional(pool)
    .await?;
    let (account_id, real_name, id_masked, mobile) = row.ok_or(AppError::NotFound)?;
    audit::record(
        pool,
        Event {
            actor: Some(staff.id),
            subject: Some(account_id),
            client: Some(client),
            detail: Some("identity"),
            ..Event::new(Action::PersonalDataRead)
        },
    )
    .await?;
    Ok(CitizenCard {
        account_id,
        real_name,
        id_number: id_masked,
        mobile,
    })
}

/// The account with this username, if there is one.
pub async fn by_username(pool: &PgPool, username: &Username) -> Result<Option<Me>, AppError> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("select id, role, display_name from account where username = $1")
            .bind(username.as_str())
            .fetch_optional(pool)
            .await?;
    row.map(|(id, role, display_name)| {
        let role = Role::parse(&role).ok_or_else(|| AppError::internal(format!("role {role}")))?;
        Ok(me(id, username, role, &display_name))
    })
    .transpose()
}

/// Finds a department's unit and post by their Chinese names (`department`
/// as `440100-MZJ`), for creating staff.
pub async fn find_post<'e>(
    db: impl sqlx::PgExecutor<'e>,
    department: &str,
    unit: &str,
    post: &str,
) -> Result<Option<(i64, i64, i64)>, AppError> {
    let Some((region, code)) = department.split_once('-') else {
        return Ok(None);
    };
    let Ok(region) = region.parse::<i32>() else {
        return Ok(None);
    };
    Ok(sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id and u.name_zh = $3
         join department_post p on p.unit_id = u.id and p.name_zh = $4
         where d.region_code = $1 and d.code = $2",
    )
    .bind(region)
    .bind(code)
    .bind(unit)
    .bind(post)
    .fetch_optional(db)
    .await?)
}

/// Changes an official's role (by an admin), recorded in the audit trail.
/// Citizens and enterprises keep theirs; an official's staff post or
/// supervised region must already fit the new role.
pub async fn change_role(
    pool: &PgPool,
    admin: &Me,
    account: i64,
    role: Role,
) -> Result<(), AppError> {
    if admin.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let current: Option<(String, bool, bool)> = sqlx::query_as(
        "select a.role, exists (select 1 from staff s where s.account_id = a.id),
                exists (select 1 from supervisor s where s.account_id = a.id)
         from account a where a.id = $1",
    )
    .bind(account)
    .fetch_optional(pool)
    .await?;
    let (from, has_post, has_region) = current.ok_or(AppError::NotFound)?;
    let from = Role::parse(&from).ok_or_else(|| AppError::internal("unknown role"))?;
    let fits = match role {
        Role::Staff => has_post,
        Role::Supervisor => has_region,
        Role::Editor | Role::Admin => true,
        Role::Citizen | Role::Enterprise => false,
    };
    if !from.needs_second_factor() || !fits {
        return Err(AppError::BadRequest {
            detail: format!("cannot change a {} to {}", from.code(), role.code()),
        });
    }
    let mut tx = pool.begin().await?;
    sqlx::query("update account set role = $2 where id = $1")
        .bind(account)
        .bind(role.code())
        .execute(&mut *tx)
        .await?;
    // Sessions carry no role (it is read with each request), but a changed
    // role signs the account in afresh.
    session::end_all(&mut *tx, account).await?;
    let detail = format!("{} -> {}", from.code(), role.code());
    audit::record(
        &mut *tx,
        Event {
            actor: Some(admin.id),
            subject: Some(account),
            detail: Some(&detail),
            ..Event::new(Action::RoleChanged)
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
