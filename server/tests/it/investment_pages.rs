//! The investment pages (issue 18) without JavaScript: the channel, the
//! lookup by project code (a bad code says why, an unknown one is a 404),
//! the statistics, and the signed-in pages sending visitors to sign in.

use crate::common;
use common::{database, Seed, TestApp};

fn a_code() -> String {
    let region = app::regions::RegionCode::parse("440103").unwrap();
    app::investment::ProjectCode::new(2026, region, 2, 3, 17)
        .unwrap()
        .as_str()
        .to_string()
}

#[tokio::test]
async fn the_channel_leads_to_registering_my_projects_the_lookup_and_the_stages() {
    let app = TestApp::spawn(database(Seed::Reference).await).await;
    let res = app.get("/investment").await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("<h1>投资审批</h1>"), "{html}");
    assert!(html.contains(r#"href="/investment/register""#));
    assert!(html.contains(r#"href="/me/projects""#));
    assert!(html.contains(r#"action="/investment/status""#));
    assert!(html.contains("竣工验收"));
    assert!(
        !html.contains("本栏目尚在建设中"),
        "no longer a placeholder"
    );
}

#[tokio::test]
async fn a_code_is_looked_up_and_a_bad_or_unknown_one_says_so() {
    let app = TestApp::spawn(database(Seed::Reference).await).await;
    let code = a_code();

    let res = app.get("/investment/status?code=2026-12").await;
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("项目代码格式不正确"));

    let res = app.get(&format!("/investment/status?code={code}")).await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/investment/projects/{code}").as_str()
    );

    let res = app.get(&format!("/investment/projects/{code}")).await;
    assert_eq!(res.status(), 404);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("没有以这个代码登记的项目"));

    // One character mistyped: the check character no longer matches.
    let last = if code.ends_with('1') { '2' } else { '1' };
    let typo = format!("{}{last}", &code[..23]);
    let res = app.get(&format!("/investment/projects/{typo}")).await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("项目代码格式不正确"));
}

#[tokio::test]
async fn the_statistics_are_public_and_the_own_pages_ask_to_sign_in() {
    let app = TestApp::spawn(database(Seed::Reference).await).await;
    let res = app.get("/investment/stats").await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("暂无已办结的阶段。"));
    for path in ["/investment/register", "/me/projects"] {
        let res = app.get(path).await;
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(
            res.headers()["location"],
            format!("/login?next={path}").as_str()
        );
    }
}
