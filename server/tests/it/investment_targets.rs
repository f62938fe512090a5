//! The per-region targets of investment projects (issue 18): only an
//! administrator sets and clears them (the API and the page's form, which
//! works without JavaScript), bad values are refused at their field, each
//! change is in the audit trail, and a project keeps the target it was
//! registered with.

use crate::common;
use common::{citizen, database, enterprise, supervisor, test_data_key, Seed, TestApp, Who};

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sqlx::PgPool;

async fn call(
    app: &TestApp,
    who: &Who,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .request(method, app.url(path))
        .header("origin", app.origin())
        .header("accept-language", "en");
    if let Some(body) = body {
        req = req.json(&body);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Registers a project in Tianhe (440106); its target in working days.
async fn registered_target(app: &TestApp, pool: &PgPool, who: &Who) -> i16 {
    let res = who
        .client
        .post(app.url("/api/v1/investment/projects"))
        .header("origin", app.origin())
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .json(
            &json!({"name": "天河示范研发楼", "kind": "filing", "industry": "information",
                      "region": "440106", "total_investment": "12800", "land_area": "0",
                      "scope": "新建研发楼一栋"}),
        )
        .send()
        .await
        .unwrap();
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let code = body["project_code"].as_str().unwrap().to_string();
    sqlx::query_scalar("select target_days from investment_project where code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn audited(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select detail from audit_event where action = 'setting_changed' order by id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_administrator_sets_and_clears_a_region_s_target_for_projects_registered_afterwards() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let admin = common::admin(&pool, "admin.targets").await;
    let person = citizen(
        &pool,
        &test_data_key(),
        "target.person",
        "440106199003071231",
    )
    .await;
    let watcher = supervisor(&pool, "target.sup", 440100).await;
    let firm = enterprise(
        &pool,
        "target.firm",
        "广州示范科技有限公司",
        "91440101MA59Q8R3XA",
    )
    .await;
    let list = "/api/v1/admin/investment-targets";
    let gz = "/api/v1/admin/investment-targets/440100";

    // Administrators only.
    assert_eq!(app.get(list).await.status(), StatusCode::UNAUTHORIZED);
    for who in [&person, &watcher, &firm] {
        let (status, _) = call(&app, who, Method::GET, list, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = call(&app, who, Method::PUT, gz, Some(json!({"days": 90}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = call(&app, who, Method::DELETE, gz, None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, lines) = call(&app, &admin, Method::GET, list, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lines, json!([]));

    // Bad values: 422 at the field; a bad region code 400, an unknown 422.
    for bad in [
        json!({"days": 0}),
        json!({"days": 401}),
        json!({"days": "abc"}),
        json!({"days": 9.5}),
        json!({}),
    ] {
        let (status, refused) = call(&app, &admin, Method::PUT, gz, Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {refused}");
        assert_eq!(refused["error"]["fields"][0]["field"], "days");
        assert!(refused["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("1 to 400"));
    }
    let (status, _) = call(
        &app,
        &admin,
        Method::PUT,
        "/api/v1/admin/investment-targets/44x",
        Some(json!({"days": 90})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, refused) = call(
        &app,
        &admin,
        Method::PUT,
        "/api/v1/admin/investment-targets/449999",
        Some(json!({"days": 90})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    assert_eq!(refused["error"]["fields"][0]["field"], "region");
    assert!(audited(&pool).await.is_empty());

    // A project registered before keeps its 120 days; one after takes 90
    // (the city's, for a district of it); the bounds 1 and 400 are taken.
    assert_eq!(registered_target(&app, &pool, &firm).await, 120);
    let (status, set) = call(&app, &admin, Method::PUT, gz, Some(json!({"days": 90}))).await;
    assert_eq!(status, StatusCode::OK, "{set}");
    assert_eq!(set["region_code"], 440100);
    assert_eq!(set["days"], 90);
    assert_eq!(registered_target(&app, &pool, &firm).await, 90);
    let before: Vec<i16> =
        sqlx::query_scalar("select target_days from investment_project order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(before, [120, 90]);
    for days in [1, 400] {
        let (status, _) = call(
            &app,
            &admin,
            Method::PUT,
            "/api/v1/admin/investment-targets/440106",
            Some(json!({ "days": days })),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(registered_target(&app, &pool, &firm).await, 400);
    let (_, lines) = call(&app, &admin, Method::GET, list, None).await;
    assert_eq!(
        lines
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (
                l["region_code"].as_i64().unwrap(),
                l["days"].as_i64().unwrap()
            ))
            .collect::<Vec<_>>(),
        [(440100, 90), (440106, 400)]
    );

    // Cleared: the district takes its city's again; clearing twice is no
    // change. Every change audited, with who made it.
    let (status, _) = call(
        &app,
        &admin,
        Method::DELETE,
        "/api/v1/admin/investment-targets/440106",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(
        &app,
        &admin,
        Method::DELETE,
        "/api/v1/admin/investment-targets/440106",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(registered_target(&app, &pool, &firm).await, 90);
    assert_eq!(
        audited(&pool).await,
        [
            "investment_target 440100: none -> 90",
            "investment_target 440106: none -> 1",
            "investment_target 440106: 1 -> 400",
            "investment_target 440106: 400 -> none",
        ]
    );
    let actors: Vec<Option<i64>> =
        sqlx::query_scalar("select actor_id from audit_event where action = 'setting_changed'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(actors.iter().all(|a| *a == Some(admin.id)));
    // Cross-site: refused.
    let res = admin
        .client
        .put(app.url(gz))
        .header("origin", "https://evil.example")
        .json(&json!({"days": 80}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_targets_page_works_without_javascript() {
    let pool = database(Seed::Reference).await;
    let app = TestApp::spawn(pool.clone()).await;
    let admin = common::admin(&pool, "admin.targets").await;
    let person = citizen(
        &pool,
        &test_data_key(),
        "target.person",
        "440106199003071231",
    )
    .await;
    let page = admin.page(&app, "/admin/investment-targets").await;
    assert!(
        page.contains("action=\"/admin/investment-targets\""),
        "{page}"
    );
    assert!(page.contains("只适用于此后赋码登记的项目"), "{page}");
    assert!(page.contains("暂无地区设定自己的目标"), "{page}");
    assert!(admin
        .page(&app, "/admin")
        .await
        .contains("href=\"/admin/investment-targets\""));
    let res = person
        .client
        .get(app.url("/admin/investment-targets"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let post = |who: &Who, form: Vec<(&'static str, &'static str)>| {
        who.client
            .post(app.url("/admin/investment-targets"))
            .header("origin", app.origin())
            .form(&form)
            .send()
    };
    // Refused: the page again with what was typed and the problem at its field.
    let res = post(
        &admin,
        vec![("region", "440100"), ("days", "0"), ("action", "set")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"target-days-error\""), "{html}");
    assert!(html.contains("请填写 1 至 400 之间的整数"), "{html}");
    assert!(html.contains("<option value=\"440100\" selected"), "{html}");
    let res = post(
        &person,
        vec![("region", "440100"), ("days", "90"), ("action", "set")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Set, listed, cleared.
    let res = post(
        &admin,
        vec![("region", "440100"), ("days", "90"), ("action", "set")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/admin/investment-targets?done=set"
    );
    let page = admin.page(&app, "/admin/investment-targets?done=set").await;
    assert!(
        page.contains("目标已保存") && page.contains("440100"),
        "{page}"
    );
    let res = post(
        &admin,
        vec![("region", "440100"), ("days", ""), ("action", "clear")],
    )
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/admin/investment-targets?done=cleared"
    );
    let left: i64 = sqlx::query_scalar("select count(*) from investment_target")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}
