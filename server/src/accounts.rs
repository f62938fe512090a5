//! Accounts over HTTP: registration, passwords, officials' accounts and
//! roles, an enterprise's members, staff look-ups of a person and a
//! person's record of them — as JSON and as plain HTML forms, which work
//! without JavaScript and, when something is wrong, answer with the same
//! page showing what was typed and what to correct.

use crate::{
    http::{
        finish, refuse, rerender_with, FormPost, JsonBody, PageAbove, Posted, SendBack, SignedIn,
    },
    session::{cookie_cleared, cookie_set, end_presented, Client},
};
use app::{
    accounts::{
        audit,
        forms::{CitizenForm, EnterpriseForm},
        identity::IdNumber,
        store, throttle, CitizenCard, FormEcho, Me, Role,
    },
    error::AppError,
    state::AppState,
};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Response},
    routing::post,
    Json,
};
use http::{request::Parts, StatusCode};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The routes of accounts, merged into the hall's router.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_my_accesses))
        .routes(routes!(api_citizen_lookup))
        .routes(routes!(api_change_password))
        .routes(routes!(api_create_official))
        .routes(routes!(api_change_role))
        .routes(routes!(api_add_member))
        .routes(routes!(api_my_invitations))
        .routes(routes!(api_answer_invitation))
        .routes(routes!(api_register_citizen))
        .routes(routes!(api_register_enterprise))
        .route("/me/password", post(form_change_password))
        .route("/staff/lookup", post(form_citizen_lookup))
        .route("/admin/officials", post(form_create_official))
        .route("/register", post(form_register))
        .route("/register/enterprise", post(form_register))
        .route("/me/members", post(form_invite_member))
        .route("/me/invitations", post(form_answer_invitation))
}

/// The account, when it has `role`; 403 otherwise.
fn require(me: Me, role: Role) -> Result<Me, AppError> {
    if me.role == role {
        Ok(me)
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /api/v1/me/accesses`: every staff access to the signed-in person's
/// data.
#[utoipa::path(
    get,
    path = "/api/v1/me/accesses",
    operation_id = "accounts_api_my_accesses",
    tag = "accounts",
    responses(
        (status = 200, description = "Staff reads of the person's data, newest first", body = Vec<app::accounts::audit::Access>),
        crate::openapi::SignedOut,
    )
)]
pub async fn api_my_accesses(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<audit::Access>>, AppError> {
    Ok(Json(
        store::audit::accesses_to(&state.pool, me.id, 200).await?,
    ))
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct LookupBody {
    pub id_number: String,
}

/// `POST /api/v1/staff/citizen-lookup` with `{"id_number"}` (in the body,
/// never the URL): staff only; the read is audited and shown to the citizen.
#[utoipa::path(
    post,
    path = "/api/v1/staff/citizen-lookup",
    operation_id = "accounts_api_citizen_lookup",
    tag = "accounts",
    request_body = LookupBody,
    responses(
        (status = 200, description = "The citizen, numbers masked", body = app::accounts::CitizenCard),
        crate::openapi::RoleWrite, crate::openapi::Throttled,
        (status = 404, description = "No citizen with this number (`not_found`)", body = crate::openapi::ErrorBody),
        (status = 422, description = "Not an ID number (`invalid_fields`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_citizen_lookup(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Client(client): Client,
    body: Result<JsonBody<LookupBody>, AppError>,
) -> Result<Json<CitizenCard>, AppError> {
    let me = require(me, Role::Staff)?;
    let JsonBody(body) = body?;
    let id = id_number_field(&body.id_number)?;
    Ok(Json(look_up(&state, &me, &id, &client).await?))
}

/// What a registration asks for.
enum NewAccount {
    Citizen(CitizenForm),
    Enterprise(EnterpriseForm),
}

/// `POST /api/v1/accounts/citizens`: registration by JSON (the same checks
/// as the form): 201 with the account and a session.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/citizens",
    operation_id = "accounts_api_register_citizen",
    tag = "accounts",
    request_body = app::accounts::forms::CitizenForm,
    responses(
        (status = 201, description = "Registered and signed in", body = app::accounts::MeView),
        crate::openapi::PublicWrite, crate::openapi::InvalidFields, crate::openapi::Throttled,
    )
)]
pub async fn api_register_citizen(
    State(state): State<AppState>,
    parts: Parts,
    Client(client): Client,
    body: Result<JsonBody<CitizenForm>, AppError>,
) -> Result<Response, AppError> {
    let new = body.map(|JsonBody(f)| NewAccount::Citizen(f));
    registered(&state, &parts, &client, new).await
}

/// `POST /api/v1/accounts/enterprises`: the same for an enterprise.
#[utoipa::path(
    post,
    path = "/api/v1/accounts/enterprises",
    operation_id = "accounts_api_register_enterprise",
    tag = "accounts",
    request_body = app::accounts::forms::EnterpriseForm,
    responses(
        (status = 201, description = "Registered and signed in", body = app::accounts::MeView),
        crate::openapi::PublicWrite, crate::openapi::InvalidFields, crate::openapi::Throttled,
    )
)]
pub async fn api_register_enterprise(
    State(state): State<AppState>,
    parts: Parts,
    Client(client): Client,
    body: Result<JsonBody<EnterpriseForm>, AppError>,
) -> Result<Response, AppError> {
    let new = body.map(|JsonBody(f)| NewAccount::Enterprise(f));
    registered(&state, &parts, &client, new).await
}

/// The API's answer to a registration: 201 with the account and a session.
async fn registered(
    state: &AppState,
    parts: &Parts,
    client: &str,
    new: Result<NewAccount, AppError>,
) -> Result<Response, AppError> {
    let (me, token) = register(state, parts, client, new).await?;
    let view = store::me_view(&state.pool, &me).await?;
    Ok(cookie_set(
        (StatusCode::CREATED, Json(view)),
        &token,
        state.secure_cookies,
    ))
}

/// An ID number as typed, or the problem at its field.
fn id_number_field(raw: &str) -> Result<IdNumber, AppError> {
    use app::accounts::forms::{Field, FieldError, Problem};
    IdNumber::parse(raw).map_err(|e| {
        AppError::from(vec![FieldError {
            field: Field::IdNumber,
            problem: Problem::IdNumber(e),
        }])
    })
}

/// A staff look-up of a person (throttled per staff account; audited).
async fn look_up(
    state: &AppState,
    me: &Me,
    id: &IdNumber,
    client: &str,
) -> Result<CitizenCard, AppError> {
    if me.role != Role::Staff {
        return Err(AppError::Forbidden);
    }
    store::throttle::check_and_hit(
        &state.pool,
        &format!("lookup:account:{}", me.id),
        throttle::LOOKUPS_PER_STAFF,
    )
    .await?;
    store::lookup_citizen(&state.pool, &state.data_key, me, id, client).await
}

/// Registers a person or an enterprise (throttled per client, before the
/// body is judged) and starts their session (ending any presented one):
/// the account and the session's token.
async fn register(
    state: &AppState,
    parts: &Parts,
    client: &str,
    new: Result<NewAccount, AppError>,
) -> Result<(Me, String), AppError> {
    store::throttle::check_and_hit(
        &state.pool,
        &format!("register:client:{client}"),
        throttle::REGISTRATIONS_PER_CLIENT,
    )
    .await?;
    let me = match new? {
        NewAccount::Enterprise(form) => {
            let new = form.parse().map_err(AppError::from)?;
            store::register_enterprise(&state.pool, &new, client).await?
        }
        NewAccount::Citizen(form) => {
            let new = form.parse().map_err(AppError::from)?;
            store::register_citizen(&state.pool, &state.data_key, &new, client).await?
        }
    };
    end_presented(state, &parts.headers).await?;
    let token = store::session::start(&state.pool, me.id).await?;
    Ok((me, token))
}

/// `POST /register` and `POST /register/enterprise`: the new account's
/// space, signed in; or the form again with every problem at its field.
pub async fn form_register(
    State(state): State<AppState>,
    parts: Parts,
    Client(client): Client,
    posted: Result<Posted, AppError>,
) -> Response {
    let posted = match posted {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let new = if parts.uri.path().ends_with("/enterprise") {
        posted.decode().map(NewAccount::Enterprise)
    } else {
        posted.decode().map(NewAccount::Citizen)
    };
    let outcome = register(&state, &parts, &client, new).await;
    let secure = state.secure_cookies;
    let answer =
        outcome.map(|(_, token)| cookie_set(crate::http::see_other("/me"), &token, secure));
    finish(&state, parts, answer, |err| {
        SendBack::fields(posted.without_secrets(), err)
    })
    .await
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct NewOfficialBody {
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
    /// Staff: `440100-MZJ`, with the unit's and post's Chinese names.
    pub department: Option<String>,
    pub unit: Option<String>,
    pub post: Option<String>,
    /// Supervisors: the region they watch.
    pub region: Option<u32>,
}

/// Creates an official's account from what an admin sent (API or form):
/// the account and its new TOTP secret.
async fn create_official_from(
    state: &AppState,
    admin: &Me,
    body: NewOfficialBody,
) -> Result<(Me, String), AppError> {
    use app::accounts::{
        forms::{Field, FieldError, Problem},
        identity::check_password,
        store::{Assignment, NewOfficial},
        Username,
    };
    let mut fields = Vec::new();
    let username = Username::parse(&body.username);
    if username.is_err() {
        fields.push(FieldError {
            field: Field::Username,
            problem: Problem::Username,
        });
    }
    if let Err(e) = check_password(&body.password, &body.username) {
        fields.push(FieldError {
            field: Field::Password,
            problem: Problem::Password(e),
        });
    }
    let display_name = app::accounts::forms::DISPLAY_NAME.parse(&body.display_name);
    if let Err(problem) = &display_name {
        fields.push(FieldError {
            field: Field::RealName,
            problem: Problem::from(*problem),
        });
    }
    let (Ok(username), Ok(display_name), true) = (username, display_name, fields.is_empty()) else {
        return Err(AppError::from(fields));
    };
    let bad = |name: &str| AppError::InvalidParameter { name: name.into() };
    // Names looked up, not stored: a control character finds nothing.
    let present = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty() && app::text::check_plain(v).is_ok())
            .map(String::from)
    };
    let assignment = match body.role {
        Role::Staff => {
            let (Some(d), Some(u), Some(p)) = (
                present(&body.department),
                present(&body.unit),
                present(&body.post),
            ) else {
                return Err(bad("department"));
            };
            let (d, u, p) = store::find_post(&state.pool, &d, &u, &p)
                .await?
                .ok_or_else(|| bad("post"))?;
            Assignment::Post(d, u, p)
        }
        Role::Supervisor => {
            let code = body.region.ok_or_else(|| bad("region"))?;
            let code = app::regions::RegionCode::from_u32(code).map_err(|_| bad("region"))?;
            if !app::regions::store::exists(&state.pool, code).await? {
                return Err(AppError::UnknownRegion);
            }
            Assignment::Region(code.get())
        }
        Role::Editor | Role::Admin => Assignment::None,
        Role::Citizen | Role::Enterprise => return Err(bad("role")),
    };
    let official = NewOfficial {
        username,
        password: body.password,
        display_name: display_name.into_string(),
        role: body.role,
        assignment,
        totp_secret: None,
    };
    store::create_official(&state.pool, &state.data_key, official, Some(admin.id)).await
}

/// `POST /api/v1/admin/officials` (admins only): creates a staff,
/// supervisor, editor or admin account; answers 201 with the account, its
/// TOTP secret and the `otpauth://` address, shown this once.
#[utoipa::path(
    post,
    path = "/api/v1/admin/officials",
    operation_id = "accounts_api_create_official",
    tag = "accounts",
    request_body = NewOfficialBody,
    responses(
        (status = 201, description = "The account, its TOTP secret and `otpauth://` address, shown this once", body = crate::openapi::NewOfficial),
        crate::openapi::RoleWrite, crate::openapi::InvalidFields,
    )
)]
pub async fn api_create_official(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<NewOfficialBody>, AppError>,
) -> Result<Response, AppError> {
    let admin = require(me, Role::Admin)?;
    let JsonBody(body) = body?;
    let (me, secret) = create_official_from(&state, &admin, body).await?;
    let uri = app::accounts::totp::provisioning_uri(&secret, &me.username);
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({"account": me, "totp_secret": secret, "otpauth_uri": uri})),
    )
        .into_response())
}

/// An official's account as the admin page's form describes it.
fn official_from_form(posted: &Posted) -> Result<NewOfficialBody, AppError> {
    let get = |name: &str| {
        posted
            .get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let role = get("role")
        .and_then(|r| Role::parse(&r))
        .ok_or(AppError::InvalidParameter {
            name: "role".into(),
        })?;
    let region = match get("region") {
        Some(r) => Some(r.parse::<u32>().map_err(|_| AppError::InvalidParameter {
            name: "region".into(),
        })?),
        None => None,
    };
    Ok(NewOfficialBody {
        username: get("username").unwrap_or_default(),
        // A password is taken as typed, spaces and all.
        password: posted.text("password"),
        display_name: get("display_name").unwrap_or_default(),
        role,
        department: get("department"),
        unit: get("unit"),
        post: get("post"),
        region,
    })
}

/// The QR code of an `otpauth://` address, as an inline SVG element.
fn qr_svg(uri: &str) -> String {
    let qr = qrcode::QrCode::new(uri.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(200, 200)
                .build()
        })
        .unwrap_or_default();
    qr.find("<svg")
        .map(|i| qr[i..].to_string())
        .unwrap_or_default()
}

/// `POST /admin/officials` (the admin page's form): the page again showing
/// the new account's TOTP secret and its QR code, once; or the problems.
pub async fn form_create_official(
    FormPost(state, admin, mut parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    use app::accounts::pages::CreatedOfficial;
    parts.uri = http::Uri::from_static("/admin");
    let mut values = Vec::new();
    let outcome = async {
        let admin = require(admin, Role::Admin)?;
        let posted = posted?;
        values = posted.without_secrets();
        let body = official_from_form(&posted)?;
        create_official_from(&state, &admin, body).await
    }
    .await;
    match outcome {
        Ok((me, secret)) => {
            let uri = app::accounts::totp::provisioning_uri(&secret, &me.username);
            let created = CreatedOfficial {
                username: me.username,
                secret,
                qr_svg: qr_svg(&uri),
                uri,
            };
            let echo = FormEcho::default();
            rerender_with(&state, parts, echo, Some(created), StatusCode::CREATED).await
        }
        Err(err) => refuse(&state, parts, err, |err| SendBack::fields(values, err)).await,
    }
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct RoleBody {
    pub role: Role,
}

/// `PUT /api/v1/admin/accounts/{id}/role` (admins only) with `{"role"}`:
/// 204; recorded in the audit trail.
#[utoipa::path(
    put,
    path = "/api/v1/admin/accounts/{id}/role",
    operation_id = "accounts_api_change_role",
    tag = "accounts",
    params(("id" = i64, Path, description = "The account's id")),
    request_body = RoleBody,
    responses(
        (status = 204, description = "The role changed"),
        crate::openapi::RoleWrite,
        (status = 404, description = "No such account (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_change_role(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<RoleBody>, AppError>,
) -> Result<StatusCode, AppError> {
    let admin = require(me, Role::Admin)?;
    let JsonBody(body) = body?;
    store::change_role(&state.pool, &admin, id, body.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct MemberBody {
    pub username: String,
}

/// Invites a citizen (by user name) to act for the enterprise, throttled per
/// enterprise account. The answer is the same whether or not the name has
/// an account (so inviting confirms no user name); a name that cannot be
/// one is a problem at its field.
async fn invite(state: &AppState, enterprise: &Me, username: &str) -> Result<(), AppError> {
    use app::accounts::forms::{Field, FieldError, Problem};
    if enterprise.role != Role::Enterprise {
        return Err(AppError::Forbidden);
    }
    let username = app::accounts::Username::parse(username).map_err(|_| {
        AppError::from(vec![FieldError {
            field: Field::Username,
            problem: Problem::Username,
        }])
    })?;
    store::throttle::check_and_hit(
        &state.pool,
        &format!("invite:enterprise:{}", enterprise.id),
        throttle::INVITATIONS_PER_ENTERPRISE,
    )
    .await?;
    store::invitations::invite(&state.pool, enterprise, &username).await
}

/// `POST /api/v1/enterprise/members` (enterprises only) with
/// `{"username"}` of a citizen: 202, an invitation is sent if the account
/// exists. The citizen becomes a member only by accepting it.
#[utoipa::path(
    post,
    path = "/api/v1/enterprise/members",
    operation_id = "accounts_api_add_member",
    tag = "accounts",
    request_body = MemberBody,
    responses(
        (status = 202, description = "An invitation is sent if a citizen has this user name (the same answer either way); the citizen becomes a member on accepting it"),
        crate::openapi::RoleWrite, crate::openapi::InvalidFields, crate::openapi::Throttled,
    )
)]
pub async fn api_add_member(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<MemberBody>, AppError>,
) -> Result<StatusCode, AppError> {
    let enterprise = require(me, Role::Enterprise)?;
    let JsonBody(body) = body?;
    invite(&state, &enterprise, &body.username).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /me/members` (the invitation form in an enterprise's space): my
/// space again saying the invitation is sent if the account exists; or the
/// problem.
pub async fn form_invite_member(
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let mut values = Vec::new();
    let outcome = async {
        let posted = posted?;
        values = posted.without_secrets();
        invite(&state, &me, &posted.text("username")).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other("/me?invited=1#members-h"));
    finish(&state, parts, answer, |err| {
        SendBack::fields(values, err).at("/me".to_string())
    })
    .await
}

/// `GET /api/v1/me/invitations`: the signed-in citizen's pending
/// invitations from enterprises (empty for other accounts).
#[utoipa::path(
    get,
    path = "/api/v1/me/invitations",
    operation_id = "accounts_api_my_invitations",
    tag = "accounts",
    responses(
        (status = 200, description = "Pending invitations, newest first", body = Vec<app::accounts::InvitationView>),
        crate::openapi::SignedOut,
    )
)]
pub async fn api_my_invitations(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
) -> Result<Json<Vec<app::accounts::InvitationView>>, AppError> {
    Ok(Json(store::invitations::pending(&state.pool, &me).await?))
}

/// A citizen's answer to an invitation.
#[derive(utoipa::ToSchema, Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationAnswer {
    Accept,
    Decline,
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct InvitationAnswerBody {
    pub answer: InvitationAnswer,
}

/// `POST /api/v1/me/invitations/{id}` with `{"answer": "accept"|"decline"}`:
/// 204; accepting makes the citizen a member of the enterprise.
#[utoipa::path(
    post,
    path = "/api/v1/me/invitations/{id}",
    operation_id = "accounts_api_answer_invitation",
    tag = "accounts",
    params(("id" = i64, Path, description = "The invitation's id")),
    request_body = InvitationAnswerBody,
    responses(
        (status = 204, description = "Answered; on accepting, the citizen may act for the enterprise"),
        crate::openapi::SignedInWrite,
        (status = 404, description = "No pending invitation of this account with this id (`not_found`)", body = crate::openapi::ErrorBody),
    )
)]
pub async fn api_answer_invitation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    SignedIn(me): SignedIn,
    body: Result<JsonBody<InvitationAnswerBody>, AppError>,
) -> Result<StatusCode, AppError> {
    let JsonBody(body) = body?;
    let accept = matches!(body.answer, InvitationAnswer::Accept);
    store::invitations::answer(&state.pool, &me, id, accept).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /me/invitations` with `id` and `answer` (`accept` or `decline`),
/// the buttons in a citizen's space: back to my space; or the problem.
pub async fn form_answer_invitation(
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let outcome = async {
        let posted = posted?;
        let id = posted
            .get("id")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .ok_or(AppError::InvalidParameter { name: "id".into() })?;
        let accept = match posted.get("answer") {
            Some("accept") => true,
            Some("decline") => false,
            _ => {
                return Err(AppError::InvalidParameter {
                    name: "answer".into(),
                })
            }
        };
        store::invitations::answer(&state.pool, &me, id, accept).await
    }
    .await;
    let answer = outcome.map(|()| crate::http::see_other("/me"));
    finish(&state, parts, answer, |err| {
        SendBack::fields(Vec::new(), err).at("/me".to_string())
    })
    .await
}

#[derive(utoipa::ToSchema, Debug, Deserialize)]
pub struct PasswordBody {
    pub old_password: String,
    pub new_password: String,
}

/// `POST /api/v1/me/password` with `{"old_password","new_password"}`: 204;
/// every session of the account ends, this one included. A wrong old
/// password is a problem at `old_password` (422) and counts as a failed
/// sign-in (429 with `Retry-After` when those are used up).
#[utoipa::path(
    post,
    path = "/api/v1/me/password",
    operation_id = "accounts_api_change_password",
    tag = "accounts",
    request_body = PasswordBody,
    responses(
        (status = 204, description = "Changed; every session of the account ends"),
        crate::openapi::SignedInWrite, crate::openapi::InvalidFields, crate::openapi::Throttled,
    )
)]
pub async fn api_change_password(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    Client(client): Client,
    JsonBody(body): JsonBody<PasswordBody>,
) -> Result<Response, AppError> {
    store::change_password(
        &state.pool,
        &me,
        &body.old_password,
        &body.new_password,
        &client,
    )
    .await?;
    Ok(cookie_cleared(StatusCode::NO_CONTENT, state.secure_cookies))
}

/// `POST /me/password` (the form in my space): to the sign-in page, signed
/// out everywhere; or my space again with the problem.
pub async fn form_change_password(
    Client(client): Client,
    FormPost(state, me, parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    let outcome = async {
        let form: PasswordBody = posted?.decode()?;
        store::change_password(
            &state.pool,
            &me,
            &form.old_password,
            &form.new_password,
            &client,
        )
        .await
    }
    .await;
    let secure = state.secure_cookies;
    let answer =
        outcome.map(|()| cookie_cleared(crate::http::see_other("/login?changed=1"), secure));
    finish(&state, parts, answer, |err| {
        SendBack::fields(Vec::new(), err).at("/me".to_string())
    })
    .await
}

/// `POST /staff/lookup` (the counter desk's form): the desk again with the
/// person found (audited), or with the problem.
pub async fn form_citizen_lookup(
    Client(client): Client,
    FormPost(state, me, mut parts, posted, ..): FormPost<PageAbove>,
) -> Response {
    use app::accounts::pages::LookupOutcome;
    parts.uri = http::Uri::from_static("/staff");
    let mut values = Vec::new();
    let outcome = async {
        let me = require(me, Role::Staff)?;
        let raw = posted?.text("id_number");
        values = vec![("id_number".to_string(), raw.clone())];
        let id = id_number_field(&raw)?;
        match look_up(&state, &me, &id, &client).await {
            Ok(card) => Ok(Some(card)),
            Err(AppError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
    .await;
    match outcome {
        Ok(card) => {
            let (status, values) = match card {
                // The number found is not shown back.
                Some(_) => (StatusCode::OK, Vec::new()),
                None => (StatusCode::NOT_FOUND, values),
            };
            let echo = FormEcho {
                values,
                ..FormEcho::default()
            };
            rerender_with(&state, parts, echo, LookupOutcome(card), status).await
        }
        Err(err) => refuse(&state, parts, err, |err| SendBack::fields(values, err)).await,
    }
}
