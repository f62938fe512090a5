//! Publishing roles (who edits, reviews, heads the disclosure office):
//! only an administrator grants and revokes them, only to staff of the
//! department, each change audited; a grant takes effect at once (the
//! review queue opens, and closes again on revoking); the page's form works
//! without JavaScript.

use crate::common;
use common::{citizen, clerk, database, test_data_key, Seed, TestApp, Who};

use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn call(app: &TestApp, who: &Who, method: Method, path: &str) -> (StatusCode, Value) {
    let res = who
        .client
        .request(method, app.url(path))
        .header("origin", app.origin())
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_administrator_grants_and_revokes_publishing_roles_to_staff_of_the_department() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let admin = common::admin(&pool, "admin.roles").await;
    let clerk_mzj = clerk(&pool, "roles.mzj", "MZJ", "政务服务窗口", "受理岗").await;
    let person = citizen(
        &pool,
        &test_data_key(),
        "roles.person",
        "440106199003071231",
    )
    .await;
    let list = "/api/v1/admin/publishing-roles";
    let grant = "/api/v1/admin/publishing-roles/roles.mzj/440100/MZJ/reviewer";

    // Administrators only, before anything else is looked at.
    assert_eq!(app.get(list).await.status(), StatusCode::UNAUTHORIZED);
    for who in [&person, &clerk_mzj] {
        assert_eq!(
            call(&app, who, Method::GET, list).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            call(&app, who, Method::PUT, grant).await.0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            call(
                &app,
                who,
                Method::PUT,
                "/api/v1/admin/publishing-roles/x/1/民/boss"
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
    }
    // Before: the clerk reviews nowhere.
    assert_eq!(
        call(&app, &clerk_mzj, Method::GET, "/api/v1/review/queue")
            .await
            .0,
        StatusCode::FORBIDDEN
    );

    // Bad values at their fields; not staff of that department: at the username.
    let (status, refused) = call(
        &app,
        &admin,
        Method::PUT,
        "/api/v1/admin/publishing-roles/x/44/民政/boss",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let fields: Vec<&str> = refused["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["username", "region", "department", "role"]);
    let (status, refused) = call(
        &app,
        &admin,
        Method::PUT,
        "/api/v1/admin/publishing-roles/roles.mzj/440100/GAJ/editor",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "username");
    assert!(refused["error"]["fields"][0]["message"]
        .as_str()
        .unwrap()
        .contains("not staff"));
    let (status, refused) = call(
        &app,
        &admin,
        Method::PUT,
        "/api/v1/admin/publishing-roles/roles.mzj/440100/NOPE/editor",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["error"]["fields"][0]["field"], "department");

    // Granted (twice: the same line, audited once); the queue opens.
    for _ in 0..2 {
        let (status, line) = call(&app, &admin, Method::PUT, grant).await;
        assert_eq!(status, StatusCode::OK, "{line}");
        assert_eq!(line["username"], "roles.mzj");
        assert_eq!(line["department_code"], "MZJ");
        assert_eq!(line["role"], "reviewer");
    }
    assert_eq!(
        call(&app, &clerk_mzj, Method::GET, "/api/v1/review/queue")
            .await
            .0,
        StatusCode::OK
    );
    let (_, lines) = call(&app, &admin, Method::GET, list).await;
    assert!(lines
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["username"] == "roles.mzj" && l["role"] == "reviewer"));

    // Revoked (twice: 204 both times, audited once); the queue closes.
    for _ in 0..2 {
        assert_eq!(
            call(&app, &admin, Method::DELETE, grant).await.0,
            StatusCode::NO_CONTENT
        );
    }
    assert_eq!(
        call(&app, &clerk_mzj, Method::GET, "/api/v1/review/queue")
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let audited: Vec<(Option<i64>, Option<i64>, String)> = sqlx::query_as(
        "select actor_id, subject_id, detail from audit_event
         where detail like 'publishing_role %' order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            (
                Some(admin.id),
                Some(clerk_mzj.id),
                "publishing_role granted: roles.mzj 440100-MZJ reviewer".to_string()
            ),
            (
                Some(admin.id),
                Some(clerk_mzj.id),
                "publishing_role revoked: roles.mzj 440100-MZJ reviewer".to_string()
            ),
        ]
    );

    // The page's form, without JavaScript: refused with what was typed,
    // then granted and shown in the list; cross-site refused.
    let page = admin.page(&app, "/admin").await;
    assert!(page.contains("href=\"/admin/publishing-roles\""));
    let post = |form: Vec<(&'static str, &'static str)>| {
        admin
            .client
            .post(app.url("/admin/publishing-roles"))
            .header("origin", app.origin())
            .form(&form)
            .send()
    };
    let res = post(vec![
        ("username", "roles.mzj"),
        ("region", "440100"),
        ("department", "GAJ"),
        ("role", "editor"),
        ("action", "grant"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"grant-username-error\""), "{html}");
    assert!(html.contains("该账号不是这个部门的工作人员"), "{html}");
    assert!(html.contains("value=\"GAJ\""), "{html}");
    let res = post(vec![
        ("username", "roles.mzj"),
        ("region", "440100"),
        ("department", "mzj"),
        ("role", "editor"),
        ("action", "grant"),
    ])
    .await
    .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"],
        "/admin/publishing-roles?done=granted"
    );
    let page = admin
        .page(&app, "/admin/publishing-roles?done=granted")
        .await;
    assert!(page.contains("已授予"), "{page}");
    assert!(page.contains("<code>roles.mzj</code>"), "{page}");
    let res = admin
        .client
        .post(app.url("/admin/publishing-roles"))
        .header("origin", "https://evil.example")
        .form(&[
            ("username", "roles.mzj"),
            ("region", "440100"),
            ("department", "MZJ"),
            ("role", "reviewer"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let page = person
        .client
        .get(app.url("/admin/publishing-roles"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
}
