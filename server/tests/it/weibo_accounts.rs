//! Microblog accounts (issue 21) through the real router and a real
//! PostgreSQL: one account per unit (a second application 409), the
//! naming norms (422 with the rule), a look-alike flagged and shown beside
//! the account it is like in the verifier's queue, verification by the
//! level above only (a city's verifier 403 on a city account, a
//! non-verifier 403), a rejection's reason required, the mark only once
//! verified, the team's roles in the review flow, an official's account
//! reviewed by whoever holds its post, the demo accounts.

use crate::common;
use common::{admin, clerk, database, official, tiny_png, upload_scan, Seed, TestApp, Who};

use app::accounts::{store::Assignment, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// A staff member of `region`'s department `dept` at its first post.
async fn staff_at(pool: &PgPool, username: &str, region: i32, dept: &str) -> Who {
    let (d, u, p): (i64, i64, i64) = sqlx::query_as(
        "select d.id, u.id, p.id from department d
         join department_unit u on u.department_id = d.id
         join department_post p on p.unit_id = u.id
         where d.region_code = $1 and d.code = $2 order by u.id, p.id limit 1",
    )
    .bind(region)
    .bind(dept)
    .fetch_one(pool)
    .await
    .unwrap_or_else(|e| panic!("{region} {dept}: {e}"));
    official(pool, username, Role::Staff, Assignment::Post(d, u, p)).await
}

async fn verifier(pool: &PgPool, app: &TestApp, boss: &Who, username: &str, region: u32) -> Who {
    let who = staff_at(pool, username, region as i32, "XWB").await;
    let res = boss
        .client
        .post(app.url("/api/v1/admin/weibo/verifiers"))
        .header("origin", app.origin())
        .json(&json!({"username": username, "region": region}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    who
}

async fn send(
    app: &TestApp,
    who: &Who,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .request(method, app.url(path))
        .header("origin", app.origin())
        .header("idempotency-key", uuid::Uuid::new_v4().to_string());
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Applies as `who` for `name` (`handle`) with a fresh scan.
async fn apply(app: &TestApp, who: &Who, handle: &str, name: &str) -> (StatusCode, Value) {
    let scan = upload_scan(app, who, "审批函.png", tiny_png()).await;
    let body = json!({
        "handle": handle, "name": name, "kind": "institution",
        "bio": "", "evidence": scan,
    });
    send(
        app,
        who,
        reqwest::Method::POST,
        "/api/v1/weibo/accounts",
        Some(body),
    )
    .await
}

async fn decide(app: &TestApp, who: &Who, id: i64, verdict: &str, reason: &str) -> StatusCode {
    let body = json!({"verdict": verdict, "reason": reason});
    let path = format!("/api/v1/staff/weibo/accounts/{id}/decision");
    send(app, who, reqwest::Method::POST, &path, Some(body))
        .await
        .0
}

async fn public(app: &TestApp, handle: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .get(app.url(&format!("/api/v1/weibo/accounts/{handle}")))
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn one_account_per_unit_the_norms_and_the_mark_only_once_verified() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let boss = admin(&pool, "admin.wb1").await;
    let gd = verifier(&pool, &app, &boss, "verifier.wb1", 440000).await;
    let mzj = clerk(&pool, "mzj.wb1", "MZJ", "社会救助处", "审核岗").await;
    let mzj2 = clerk(&pool, "mzj.wb2", "MZJ", "养老服务处", "审核岗").await;

    // The naming norms: every problem, with the rule.
    let (s, b) = apply(&app, &mzj, "gz_mz_bad", "民政哥哥").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert_eq!(b["error"]["code"], "weibo_account_refused");
    let message = b["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("广州") && message.contains("命名规范"),
        "{message}"
    );
    assert_eq!(b["error"]["problem"]["problem"], "name");

    // Applied, unmarked until verified; idempotent.
    let scan = upload_scan(&app, &mzj, "审批函.png", tiny_png()).await;
    let body = json!({"handle": "gz_minzheng", "name": "广州民政", "kind": "institution",
        "bio": "广州市民政局", "evidence": scan});
    let key = uuid::Uuid::new_v4().to_string();
    let post = |key: String, body: Value| {
        mzj.client
            .post(app.url("/api/v1/weibo/accounts"))
            .header("origin", app.origin())
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let res = post(key.clone(), body.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let applied: Value = res.json().await.unwrap();
    assert_eq!(applied["state"], "applied");
    let id = applied["id"].as_i64().unwrap();
    let res = post(key, body).await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the same key, the same application"
    );
    let (s, a) = public(&app, "gz_minzheng").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(a["account"]["verified"], false);

    // One account per unit: a colleague's second application is refused.
    let (s, b) = apply(&app, &mzj2, "gz_minzheng2", "广州民政服务").await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["problem"]["problem"], "unit_has_account");

    // The same name in another script is taken outright.
    let gaj = clerk(&pool, "gaj.wb1", "GAJ", "户政管理处", "审核岗").await;
    let (s, b) = apply(&app, &gaj, "gz_mz_trad", "廣州民政").await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["problem"]["problem"], "name_taken");

    // A rejection needs a reason; the applicant cannot decide; verified.
    assert_eq!(
        decide(&app, &gd, id, "reject", " ").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        decide(&app, &mzj, id, "verify", "").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(decide(&app, &gd, id, "verify", "").await, StatusCode::OK);
    assert_eq!(
        decide(&app, &gd, id, "reject", "晚了").await,
        StatusCode::CONFLICT
    );
    let (_, a) = public(&app, "gz_minzheng").await;
    assert_eq!(a["account"]["verified"], true);
    assert_eq!(a["state"], "verified");
    let res = app
        .client
        .get(app.url("/api/v1/weibo/accounts?region=440100"))
        .send()
        .await
        .unwrap();
    let list: Value = res.json().await.unwrap();
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["account"]["handle"] == "gz_minzheng" && a["account"]["verified"] == true));
    // The applicant was told, and is the first reviewer of the team.
    let told: i64 = sqlx::query_scalar(
        "select count(*) from notification where recipient_id = $1 and kind = 'weibo_account_verified'",
    )
    .bind(mzj.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(told, 1);
    let (s, team) = send(
        &app,
        &mzj,
        reqwest::Method::GET,
        "/api/v1/staff/weibo/accounts/gz_minzheng/members",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{team}");
    assert_eq!(team["members"][0]["username"], "mzj.wb1");
    assert_eq!(team["members"][0]["role"], "reviewer");
}

#[tokio::test]
async fn a_look_alike_is_flagged_and_only_the_level_above_decides() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    // `verified_account` records the administrator `admin` as its verifier.
    let boss = admin(&pool, "admin").await;
    let gd = verifier(&pool, &app, &boss, "verifier.wb2", 440000).await;
    // The administrator's form grants it too.
    let gz = staff_at(&pool, "verifier.wb3", 440100, "XWB").await;
    let res = boss
        .client
        .post(app.url("/staff/weibo/accounts/verifiers"))
        .header("origin", app.origin())
        .form(&[("username", "verifier.wb3"), ("region", "440100")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = boss.page(&app, "/staff/weibo/accounts").await;
    assert!(page.contains("授予账号认证权限"));
    common::weibo::verified_account(&pool, "gz_renshe", "广州人社", "RSJ").await;
    let rfb = clerk(&pool, "rfb.wb1", "RFB", "工程管理处", "审核岗").await;

    // 广州人防 is one character from 广州人社: flagged with the pair.
    let (s, b) = apply(&app, &rfb, "gz_renfang", "广州人防").await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["state"], "flagged");
    assert_eq!(b["lookalike"]["of"]["handle"], "gz_renshe");
    assert_eq!(b["lookalike"]["how"], "one_character");
    let id = b["id"].as_i64().unwrap();

    // The province's verifier sees it first in the queue, beside the pair.
    let (s, q) = send(
        &app,
        &gd,
        reqwest::Method::GET,
        "/api/v1/staff/weibo/accounts",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{q}");
    let first = &q[0];
    assert_eq!(first["id"], id);
    assert_eq!(first["account"]["name"], "广州人防");
    assert_eq!(first["lookalike"]["of"]["name"], "广州人社");
    assert_eq!(first["lookalike"]["of"]["verified"], true);
    let page = gd.page(&app, &format!("/staff/weibo/accounts/{id}")).await;
    assert!(page.contains("广州人防") && page.contains("广州人社") && page.contains("一字之差"));

    // The evidence is there for the verifier, and the read is audited.
    let res = gd
        .client
        .get(app.url(&format!("/staff/weibo/accounts/{id}/evidence")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let audited: i64 = sqlx::query_scalar(
        "select count(*) from audit_event where action = 'personal_data_read'
         and actor_id = $1 and subject_id = $2",
    )
    .bind(gd.id)
    .bind(rfb.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // A city's verifier verifies its counties' accounts, not a city's; a
    // non-verifier nothing; the queue is no one else's.
    assert_eq!(
        decide(&app, &gz, id, "verify", "").await,
        StatusCode::FORBIDDEN
    );
    let other = clerk(&pool, "gaj.wb2", "GAJ", "户政管理处", "审核岗").await;
    assert_eq!(
        decide(&app, &other, id, "verify", "").await,
        StatusCode::FORBIDDEN
    );
    let (s, _) = send(
        &app,
        &other,
        reqwest::Method::GET,
        "/api/v1/staff/weibo/accounts",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, q) = send(
        &app,
        &gz,
        reqwest::Method::GET,
        "/api/v1/staff/weibo/accounts",
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(q.as_array().unwrap().len(), 0, "{q}");

    // The province's verifier verifies it after looking: the mark.
    assert_eq!(decide(&app, &gd, id, "verify", "").await, StatusCode::OK);
    let (_, a) = public(&app, "gz_renfang").await;
    assert_eq!(a["account"]["verified"], true);

    // A rejected one: the reason reaches the applicant; no mark, not public.
    let wjj = clerk(&pool, "wjj.wb1", "WJJ", "妇幼健康处", "审核岗").await;
    let (s, b) = apply(&app, &wjj, "gz_renshe_fake", "广州人社局").await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["state"], "flagged");
    let fake = b["id"].as_i64().unwrap();
    assert_eq!(
        decide(&app, &gd, fake, "reject", "名称与广州人社混淆").await,
        StatusCode::OK
    );
    let (s, _) = public(&app, "gz_renshe_fake").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let reason: String = sqlx::query_scalar(
        "select params->>'case_no' from notification
         where recipient_id = $1 and kind = 'weibo_account_rejected'",
    )
    .bind(wjj.id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(reason, "名称与广州人社混淆");
}

#[tokio::test]
async fn the_team_gives_the_review_flow_its_roles_and_a_post_passes_on() {
    use app::review::{
        store::{roles_of, Owner},
        view::Subject,
        Role as ReviewRole,
    };
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let boss = admin(&pool, "admin.wb4").await;
    let gd = verifier(&pool, &app, &boss, "verifier.wb4", 440000).await;
    let lead = clerk(&pool, "gaj.lead", "GAJ", "户政管理处", "审批岗").await;
    let writer = clerk(&pool, "gaj.writer", "GAJ", "户政管理处", "审核岗").await;
    let outsider = clerk(&pool, "mzj.out", "MZJ", "社会救助处", "审核岗").await;
    let (_, b) = apply(&app, &lead, "gz_gongan", "广州公安").await;
    let id = b["id"].as_i64().unwrap();
    assert_eq!(decide(&app, &gd, id, "verify", "").await, StatusCode::OK);

    let members = "/api/v1/staff/weibo/accounts/gz_gongan/members";
    let add = |username: &str, role: &str| json!({"username": username, "role": role});
    // Only a reviewer keeps the team, and only with staff of the unit.
    let (s, _) = send(
        &app,
        &writer,
        reqwest::Method::POST,
        members,
        Some(add("gaj.writer", "editor")),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, b) = send(
        &app,
        &lead,
        reqwest::Method::POST,
        members,
        Some(add("mzj.out", "editor")),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, team) = send(
        &app,
        &lead,
        reqwest::Method::POST,
        members,
        Some(add("gaj.writer", "editor")),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{team}");
    let writer_row = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "gaj.writer")
        .unwrap()
        .clone();
    assert_eq!(writer_row["role"], "editor");
    assert_eq!(writer_row["added_by"], "gaj.lead");

    // The review flow reads the roles from the team.
    let mut conn = pool.acquire().await.unwrap();
    let post = Owner::Weibo {
        account: id,
        subject: Subject::WeiboPost,
    };
    assert_eq!(
        roles_of(&mut conn, writer.id, post).await.unwrap(),
        vec![ReviewRole::Editor]
    );
    assert_eq!(
        roles_of(&mut conn, lead.id, post).await.unwrap(),
        vec![ReviewRole::Reviewer]
    );
    assert!(roles_of(&mut conn, outsider.id, post)
        .await
        .unwrap()
        .is_empty());

    // Removed, recorded; the last reviewer stays.
    let (s, _) = send(
        &app,
        &lead,
        reqwest::Method::DELETE,
        members,
        Some(add("gaj.writer", "editor")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(roles_of(&mut conn, writer.id, post)
        .await
        .unwrap()
        .is_empty());
    let (s, _) = send(
        &app,
        &lead,
        reqwest::Method::DELETE,
        members,
        Some(add("gaj.lead", "reviewer")),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let events: Vec<(String, String)> = sqlx::query_as(
        "select action, role from weibo_member_event where weibo_account_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        events,
        vec![
            ("add".to_string(), "reviewer".to_string()),
            ("add".to_string(), "editor".to_string()),
            ("remove".to_string(), "editor".to_string()),
        ]
    );

    // An official's account: whoever holds the post reviews it, and a
    // successor at the post does too (derived, not copied).
    let head = clerk(&pool, "mzj.head", "MZJ", "局领导", "局长").await;
    let scan = upload_scan(&app, &head, "审批函.png", tiny_png()).await;
    let post_id: i64 = sqlx::query_scalar("select post_id from staff where account_id = $1")
        .bind(head.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let body = json!({"handle": "gz_minzheng_head", "name": "广州市民政局局长",
        "kind": "official", "post": post_id, "evidence": scan});
    let (s, b) = send(
        &app,
        &head,
        reqwest::Method::POST,
        "/api/v1/weibo/accounts",
        Some(body),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let official_id = b["id"].as_i64().unwrap();
    assert_eq!(
        decide(&app, &gd, official_id, "verify", "").await,
        StatusCode::OK
    );
    let (_, a) = public(&app, "gz_minzheng_head").await;
    assert_eq!(a["account"]["kind"], "official");
    assert_eq!(a["account"]["capacity"], "广州市民政局局长");
    let successor = clerk(&pool, "mzj.head2", "MZJ", "局领导", "局长").await;
    let official_post = Owner::Weibo {
        account: official_id,
        subject: Subject::WeiboPost,
    };
    assert_eq!(
        roles_of(&mut conn, successor.id, official_post)
            .await
            .unwrap(),
        vec![ReviewRole::Reviewer]
    );
}

#[tokio::test]
async fn the_demo_accounts_load_once_verified_with_their_teams() {
    let pool = database(Seed::Demo).await;
    server::reference::load(&pool).await.unwrap();
    let key = common::test_data_key();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    server::demo::load_notification_people(&pool, &key)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let objects = app::files::objects::Objects::local(dir.path()).unwrap();
    let now = common::test_now();
    server::demo::weibo_accounts::load(&pool, &key, &objects, now)
        .await
        .unwrap();
    server::demo::weibo_accounts::load(&pool, &key, &objects, now)
        .await
        .unwrap();
    let states: Vec<(String, String, Option<String>)> =
        sqlx::query_as("select handle, state, lookalike_how from weibo_account order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let verified = [
        "gd_fabu",
        "gz_fabu",
        "gz_minzheng",
        "gz_gongan",
        "gz_renshe",
        "gz_minzheng_head",
    ];
    for h in verified {
        assert!(
            states
                .iter()
                .any(|(handle, state, _)| handle == h && state == "verified"),
            "{h}: {states:?}"
        );
    }
    assert!(states.iter().any(|(h, s, how)| h == "gz_minzhen"
        && s == "flagged"
        && how.as_deref() == Some("homoglyph")));
    assert_eq!(states.len(), 7, "loaded once: {states:?}");
    let roles: Vec<(String, String)> = sqlx::query_as(
        "select a.username, m.role from weibo_member m join account a on a.id = m.account_id
         join weibo_account w on w.id = m.weibo_account_id
         where w.handle = 'gz_minzheng' order by 1, 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        roles,
        vec![
            ("editor.gz.mzj".to_string(), "editor".to_string()),
            ("reviewer.gz.mzj".to_string(), "reviewer".to_string()),
            ("staff.gz.mzj".to_string(), "responder".to_string()),
        ]
    );
}
