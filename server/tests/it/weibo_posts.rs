//! Microblog posts (issue 21) through the real router and a real
//! PostgreSQL: a post is seen nowhere before a reviewer approves it (the
//! halls, the account's page, the API, Atom, the outbox), its author never
//! approves it even holding the reviewer's role, withdrawal hides it
//! everywhere again; closed comments answer 409 and show on the account's
//! page; a hidden comment shows the account's reason; the timeline's
//! keyset pages have no duplicates or gaps; WebFinger and the actor; the
//! demo posts load through the review flow.

use crate::common;
use common::{
    citizen, clerk, database, test_data_key,
    weibo::{member, verified_account},
    Seed, TestApp, Who,
};

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

const WINDOW: &str = "政务服务窗口";

struct Team {
    app: TestApp,
    pool: PgPool,
    account: i64,
    editor: Who,
    reviewer: Who,
    /// An editor who also holds the reviewer's role.
    both: Who,
}

async fn team() -> Team {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    // The verifier `verified_account` names.
    common::admin(&pool, "admin").await;
    let account = verified_account(&pool, "gz_minzheng", "广州民政", "MZJ").await;
    let editor = clerk(&pool, "wb.editor", "MZJ", WINDOW, "受理岗").await;
    let reviewer = clerk(&pool, "wb.reviewer", "MZJ", WINDOW, "发证岗").await;
    let both = clerk(&pool, "wb.both", "MZJ", WINDOW, "受理岗").await;
    member(&pool, account, &editor, "editor").await;
    member(&pool, account, &reviewer, "reviewer").await;
    member(&pool, account, &both, "editor").await;
    member(&pool, account, &both, "reviewer").await;
    Team {
        app,
        pool,
        account,
        editor,
        reviewer,
        both,
    }
}

async fn send(
    app: &TestApp,
    who: &Who,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
    key: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = who
        .client
        .request(method, app.url(path))
        .header("origin", app.origin());
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn draft(app: &TestApp, who: &Who, body: &Value) -> i64 {
    let key = uuid::Uuid::new_v4().to_string();
    let (s, b) = send(
        app,
        who,
        reqwest::Method::POST,
        "/api/v1/weibo/posts",
        Some(body),
        Some(&key),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b["id"].as_i64().unwrap()
}

async fn step(app: &TestApp, who: &Who, id: i64, action: Value) -> (StatusCode, Value) {
    send(
        app,
        who,
        reqwest::Method::POST,
        &format!("/api/v1/weibo/posts/{id}/steps"),
        Some(&action),
        None,
    )
    .await
}

async fn publish(t: &Team, writer: &Who, id: i64) {
    let (s, b) = step(&t.app, writer, id, json!({"action": "submit"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(&t.app, &t.reviewer, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
}

async fn text(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

/// Every public place a post may show: whether `needle` is in each.
async fn seen(app: &TestApp, id: i64, needle: &str) -> Vec<(&'static str, bool)> {
    let mut out = Vec::new();
    let (s, _) = text(app, &format!("/api/v1/weibo/posts/{id}")).await;
    out.push(("api one", s == StatusCode::OK));
    for (name, path) in [
        ("api province", "/api/v1/weibo/timeline".to_string()),
        (
            "api city",
            "/api/v1/weibo/timeline?region=440100".to_string(),
        ),
        (
            "api account",
            "/api/v1/weibo/accounts/gz_minzheng/posts".to_string(),
        ),
        ("api refutations", "/api/v1/weibo/refutations".to_string()),
        ("hall", "/weibo".to_string()),
        ("city hall", "/weibo/r/440100".to_string()),
        ("refutations", "/weibo/refutations".to_string()),
        ("account page", "/weibo/@gz_minzheng".to_string()),
        ("post page", format!("/weibo/@gz_minzheng/{id}")),
        ("account atom", "/weibo/@gz_minzheng/feed.atom".to_string()),
        ("hall atom", "/weibo/feed.atom?region=440100".to_string()),
        (
            "outbox",
            "/ap/weibo/gz_minzheng/outbox?page=true".to_string(),
        ),
        ("note", format!("/ap/weibo/gz_minzheng/posts/{id}")),
    ] {
        let (_, body) = text(app, &path).await;
        out.push((name, body.contains(needle)));
    }
    out
}

/// Where it was seen.
fn none(v: &[(&'static str, bool)]) -> Vec<&'static str> {
    v.iter().filter(|x| x.1).map(|x| x.0).collect()
}

async fn try_draft(app: &TestApp, who: &Who, body: Value) -> (StatusCode, Value) {
    let key = uuid::Uuid::new_v4().to_string();
    send(
        app,
        who,
        reqwest::Method::POST,
        "/api/v1/weibo/posts",
        Some(&body),
        Some(&key),
    )
    .await
}

#[tokio::test]
async fn a_post_is_seen_nowhere_before_approval_and_its_author_never_approves_it() {
    let t = team().await;
    let app = &t.app;
    let claim = "网传低保将全部取消";
    let body = "【辟谣】低保政策持续有效，请以官方发布为准。独有标记甲乙丙";
    let id = draft(
        app,
        &t.both,
        &json!({"account": "gz_minzheng", "body": body, "refutes": claim}),
    )
    .await;
    assert!(none(&seen(app, id, "独有标记甲乙丙").await).is_empty());

    // The same key gives the same draft.
    let key = uuid::Uuid::new_v4().to_string();
    let again = json!({"account": "gz_minzheng", "body": "重试"});
    let (s1, b1) = send(
        app,
        &t.editor,
        reqwest::Method::POST,
        "/api/v1/weibo/posts",
        Some(&again),
        Some(&key),
    )
    .await;
    let (s2, b2) = send(
        app,
        &t.editor,
        reqwest::Method::POST,
        "/api/v1/weibo/posts",
        Some(&again),
        Some(&key),
    )
    .await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::OK));
    assert_eq!(b1["id"], b2["id"]);
    // A stranger to the team cannot write for the account, nor see a draft.
    let stranger = clerk(&t.pool, "wb.stranger", "MZJ", WINDOW, "发证岗").await;
    let (s, _) = send(
        app,
        &stranger,
        reqwest::Method::POST,
        "/api/v1/weibo/posts",
        Some(&again),
        Some(&uuid::Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = send(
        app,
        &stranger,
        reqwest::Method::GET,
        &format!("/api/v1/staff/weibo/posts/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    // Submitted: still nowhere; its author, though a reviewer, cannot approve.
    let (s, b) = step(app, &t.both, id, json!({"action": "submit"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(none(&seen(app, id, "独有标记甲乙丙").await).is_empty());
    let (s, b) = step(app, &t.both, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(b["error"]["problem"]["problem"], "own_work", "{b}");
    let (s, _) = step(app, &t.editor, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(none(&seen(app, id, "独有标记甲乙丙").await).is_empty());

    // Approved by another reviewer: public everywhere, with the mark.
    let (s, b) = step(app, &t.reviewer, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["author"], "wb.both");
    assert_eq!(b["approver"], "wb.reviewer");
    let everywhere = seen(app, id, "独有标记甲乙丙").await;
    let missing: Vec<_> = everywhere.iter().filter(|x| !x.1).map(|x| x.0).collect();
    assert!(missing.is_empty(), "missing from {missing:?}");
    let (_, hall) = text(app, "/weibo/r/440100").await;
    assert!(hall.contains("政务认证") && hall.contains("广州民政"));
    let (_, refutations) = text(app, "/weibo/refutations").await;
    assert!(refutations.contains(claim));
    let last: Option<time::OffsetDateTime> =
        sqlx::query_scalar("select last_post_at from weibo_account where id = $1")
            .bind(t.account)
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert!(last.is_some());
    // The staff page says who wrote and who approved it.
    let page = t
        .reviewer
        .page(app, &format!("/staff/weibo/posts/{id}"))
        .await;
    assert!(
        page.contains("wb.both") && page.contains("wb.reviewer"),
        "{page}"
    );

    // Pinned by a reviewer; withdrawn: nowhere again, and no longer pinned.
    let (s, _) = send(
        app,
        &t.reviewer,
        reqwest::Method::PUT,
        &format!("/api/v1/weibo/posts/{id}/pin"),
        None,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, page) = text(app, "/weibo/@gz_minzheng").await;
    assert!(page.contains("wb-pinned"));
    let (s, b) = step(
        app,
        &t.reviewer,
        id,
        json!({"action": "withdraw", "reason": "表述需更新"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(none(&seen(app, id, "独有标记甲乙丙").await).is_empty());
    let pinned: Option<i64> =
        sqlx::query_scalar("select pinned_post_id from weibo_account where id = $1")
            .bind(t.account)
            .fetch_one(&t.pool)
            .await
            .unwrap();
    assert_eq!(pinned, None);
}

#[tokio::test]
async fn closed_comments_are_refused_and_shown_and_a_hidden_comment_shows_its_reason() {
    let t = team().await;
    let app = &t.app;
    let id = draft(
        app,
        &t.editor,
        &json!({"account": "gz_minzheng", "body": "养老服务提示"}),
    )
    .await;
    publish(&t, &t.editor, id).await;
    let reader = citizen(&t.pool, &test_data_key(), "wb.reader", "440106199205150026").await;
    let path = format!("/api/v1/weibo/posts/{id}/comments");
    let key = uuid::Uuid::new_v4().to_string();
    let c = json!({"body": "加微信领补贴 广告"});
    let (s, b) = send(
        app,
        &reader,
        reqwest::Method::POST,
        &path,
        Some(&c),
        Some(&key),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let comment = b["id"].as_i64().unwrap();
    let (s, b2) = send(
        app,
        &reader,
        reqwest::Method::POST,
        &path,
        Some(&c),
        Some(&key),
    )
    .await;
    assert_eq!((s, &b2["id"]), (StatusCode::OK, &b["id"]));
    let (s, _) = send(
        app,
        &reader,
        reqwest::Method::POST,
        &path,
        Some(&json!({"body": "x".repeat(501)})),
        Some(&uuid::Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The editor does not moderate (404); the reviewer hides it with a reason.
    let hide = format!("/api/v1/weibo/comments/{comment}/hide");
    let (s, _) = send(
        app,
        &t.editor,
        reqwest::Method::POST,
        &hide,
        Some(&json!({"reason": "广告"})),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(
        app,
        &t.reviewer,
        reqwest::Method::POST,
        &hide,
        Some(&json!({"reason": "含广告信息"})),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (_, listed) = text(app, &path).await;
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed[0]["hidden"], true);
    assert_eq!(listed[0]["body"], Value::Null);
    assert_eq!(listed[0]["hidden_reason"], "含广告信息");
    let (_, page) = text(app, &format!("/weibo/@gz_minzheng/{id}")).await;
    assert!(
        page.contains("含广告信息") && !page.contains("加微信领补贴"),
        "{page}"
    );

    // Likes: one per person.
    let like = format!("/api/v1/weibo/posts/{id}/like");
    for _ in 0..2 {
        let (_, b) = send(app, &reader, reqwest::Method::PUT, &like, None, None).await;
        assert_eq!(b["likes"], 1);
    }
    let (_, b) = send(app, &reader, reqwest::Method::DELETE, &like, None, None).await;
    assert_eq!(b["likes"], 0);

    // Following: one follower however often; the personal timeline.
    let follow = "/api/v1/weibo/accounts/gz_minzheng/follow";
    for _ in 0..2 {
        let (_, b) = send(app, &reader, reqwest::Method::PUT, follow, None, None).await;
        assert_eq!(b["followers"], 1);
    }
    let (_, mine) = send(
        app,
        &reader,
        reqwest::Method::GET,
        "/api/v1/me/weibo/timeline",
        None,
        None,
    )
    .await;
    assert_eq!(mine["posts"][0]["id"], id);

    // Comments closed by a reviewer: 409, and said on the account's page.
    let closed = "/api/v1/weibo/accounts/gz_minzheng/comments-closed";
    let (s, _) = send(
        app,
        &t.editor,
        reqwest::Method::PUT,
        closed,
        Some(&json!({"closed": true})),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = send(
        app,
        &t.reviewer,
        reqwest::Method::PUT,
        closed,
        Some(&json!({"closed": true})),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = send(
        app,
        &reader,
        reqwest::Method::POST,
        &path,
        Some(&json!({"body": "还能评论吗"})),
        Some(&uuid::Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");
    assert_eq!(b["error"]["problem"]["problem"], "comments_closed", "{b}");
    let (_, page) = text(app, "/weibo/@gz_minzheng").await;
    assert!(page.contains("评论已关闭"));
    // A comment on a post not public is 404.
    let hidden = draft(
        app,
        &t.editor,
        &json!({"account": "gz_minzheng", "body": "草稿"}),
    )
    .await;
    let (s, _) = send(
        app,
        &reader,
        reqwest::Method::POST,
        &format!("/api/v1/weibo/posts/{hidden}/comments"),
        Some(&json!({"body": "?"})),
        Some(&uuid::Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cards_and_reposts_must_be_public_and_exist() {
    let t = team().await;
    let app = &t.app;
    let other = verified_account(&t.pool, "gz_gongan", "广州公安", "GAJ").await;
    let police = clerk(&t.pool, "wb.police", "GAJ", WINDOW, "受理岗").await;
    member(&t.pool, other, &police, "editor").await;
    let post = |b: Value| try_draft(app, &t.editor, b);
    let (s, b) = post(json!({"account": "gz_minzheng", "body": "卡片", "card_kind": "service", "card_ref": "440100-MZJ-9999"})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let code: String = sqlx::query_scalar(
        "select code from service_item where region_code = 440100 order by code limit 1",
    )
    .fetch_one(&t.pool)
    .await
    .unwrap();
    let (s, b) = post(
        json!({"account": "gz_minzheng", "body": "卡片", "card_kind": "service", "card_ref": code}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let carded = b["id"].as_i64().unwrap();
    publish(&t, &t.editor, carded).await;
    let (_, one) = send(
        app,
        &t.editor,
        reqwest::Method::GET,
        &format!("/api/v1/weibo/posts/{carded}"),
        None,
        None,
    )
    .await;
    assert!(!one["card"]["title"].as_str().unwrap().is_empty(), "{one}");
    // A repost of a draft is refused; of another account's public post taken.
    let theirs = draft(
        app,
        &police,
        &json!({"account": "gz_gongan", "body": "警情通报"}),
    )
    .await;
    let (s, _) = post(json!({"account": "gz_minzheng", "body": "转发", "repost_of": theirs})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = post(json!({"account": "gz_minzheng", "body": "转发", "repost_of": carded})).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "its own post");
    // The police account's editor is no editor of 广州民政.
    let (s, _) = try_draft(
        app,
        &police,
        json!({"account": "gz_minzheng", "body": "越权"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn images_are_the_writers_own_and_public_only_once_approved() {
    let t = team().await;
    let app = &t.app;
    let png = common::tiny_png();
    let mine = common::upload_scan(app, &t.editor, "window.png", png.clone()).await;
    let asker = citizen(
        &t.pool,
        &test_data_key(),
        "wb.img.citizen",
        "440106199205150026",
    )
    .await;
    let theirs = common::upload_scan(app, &asker, "theirs.png", png.clone()).await;
    let post = |b: Value| try_draft(app, &t.editor, b);
    let image = |id: i64, alt: &str| json!({"upload_id": id, "alt": alt});
    // Someone else's upload, the same upload twice, ten images: refused.
    for images in [
        vec![image(theirs, "别人的")],
        vec![image(mine, "一"), image(mine, "二")],
        (0..10).map(|i| image(mine, &i.to_string())).collect(),
    ] {
        let (s, b) =
            post(json!({"account": "gz_minzheng", "body": "配图", "images": images})).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    }
    let (s, b) = post(json!({
        "account": "gz_minzheng",
        "body": "窗口新面貌",
        "images": [image(mine, "政务服务窗口的新柜台")],
    }))
    .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let id = b["id"].as_i64().unwrap();
    let url = format!("/weibo/@gz_minzheng/{id}/images/0");
    let fetch = |path: String| async move {
        let res = app.client.get(app.url(&path)).send().await.unwrap();
        let status = res.status();
        let kind = res
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        (status, kind, res.bytes().await.unwrap().to_vec())
    };
    assert_eq!(
        fetch(url.clone()).await.0,
        StatusCode::NOT_FOUND,
        "a draft's image"
    );
    publish(&t, &t.editor, id).await;
    let (s, kind, bytes) = fetch(url.clone()).await;
    assert_eq!((s, kind.as_deref()), (StatusCode::OK, Some("image/png")));
    // The upload's own picture (kept re-encoded, without its metadata).
    let pixels = |b: &[u8]| image::load_from_memory(b).unwrap().to_rgb8();
    assert_eq!(pixels(&bytes), pixels(&png), "the upload's own picture");
    assert_eq!(
        fetch(format!("/weibo/@gz_minzheng/{id}/images/1")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fetch(format!("/weibo/@gz_gongan/{id}/images/0")).await.0,
        StatusCode::NOT_FOUND,
        "another account's path"
    );
    let (_, one) = send(
        app,
        &asker,
        reqwest::Method::GET,
        &format!("/api/v1/weibo/posts/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(one["images"][0]["alt"], "政务服务窗口的新柜台", "{one}");
    assert!(
        one["images"][0]["url"].as_str().unwrap().ends_with(&url),
        "{one}"
    );
    // The post's page shows it with its alt text.
    let (_, html) = text(app, &format!("/weibo/@gz_minzheng/{id}")).await;
    assert!(html.contains(r#"alt="政务服务窗口的新柜台""#), "{html}");
}

#[tokio::test]
async fn keyset_pages_have_no_duplicates_and_no_gaps() {
    let t = team().await;
    // 47 public posts made directly, some sharing their publication time.
    sqlx::query(
        "with r as (
             insert into review_item (subject, department_id, weibo_account_id, author_id, state,
                 reviewer_id, published_at, updated_at)
             select 'weibo_post', w.department_id, w.id, $2, 'published', $3,
                 now() - (g / 3) * interval '1 minute', now()
             from weibo_account w, generate_series(1, 47) g where w.id = $1
             returning id, published_at)
         insert into weibo_post (weibo_account_id, review_id, city_code, body, public,
             published_at, created_at)
         select $1, r.id, 440100, '第' || r.id || '条', true, r.published_at, r.published_at
         from r",
    )
    .bind(t.account)
    .bind(t.editor.id)
    .bind(t.reviewer.id)
    .execute(&t.pool)
    .await
    .unwrap();
    let expected: Vec<i64> = sqlx::query_scalar(
        "select id from weibo_post where public order by published_at desc, id desc",
    )
    .fetch_all(&t.pool)
    .await
    .unwrap();
    assert_eq!(expected.len(), 47);
    for base in [
        "/api/v1/weibo/timeline?region=440100",
        "/api/v1/weibo/accounts/gz_minzheng/posts?x=1",
    ] {
        let mut got = Vec::new();
        let mut before = String::new();
        for _ in 0..10 {
            let (s, body) = text(&t.app, &format!("{base}&before={before}")).await;
            assert_eq!(s, StatusCode::OK, "{body}");
            let page: Value = serde_json::from_str(&body).unwrap();
            got.extend(
                page["posts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p["id"].as_i64().unwrap()),
            );
            match page["next"].as_str() {
                Some(n) => before = n.to_string(),
                None => break,
            }
        }
        assert_eq!(got, expected, "{base}");
    }
    let (s, _) = text(&t.app, "/api/v1/weibo/timeline?before=nonsense").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = text(&t.app, "/api/v1/weibo/timeline?region=110000").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn webfinger_and_the_actor_publish_verified_accounts_only() {
    let t = team().await;
    let app = &t.app;
    let host = app.origin().trim_start_matches("http://").to_string();
    let res = app
        .client
        .get(app.url(&format!(
            "/.well-known/webfinger?resource=acct:gz_minzheng@{host}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/jrd+json"));
    let jrd: Value = res.json().await.unwrap();
    assert_eq!(jrd["subject"], format!("acct:gz_minzheng@{host}"));
    let self_link = jrd["links"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["rel"] == "self")
        .unwrap();
    assert_eq!(self_link["type"], "application/activity+json");
    let actor_url = self_link["href"].as_str().unwrap().to_string();
    let res = app.client.get(&actor_url).send().await.unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/activity+json"));
    let actor: Value = res.json().await.unwrap();
    assert_eq!(actor["type"], "Organization");
    assert_eq!(actor["id"], actor_url);
    assert_eq!(actor["preferredUsername"], "gz_minzheng");
    let (s, _) = text(
        app,
        "/.well-known/webfinger?resource=acct:gz_minzheng@elsewhere.example",
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // An account not verified is published nowhere.
    sqlx::query("update weibo_account set state = 'closed' where id = $1")
        .bind(t.account)
        .execute(&t.pool)
        .await
        .unwrap();
    for path in [
        "/ap/weibo/gz_minzheng",
        "/weibo/@gz_minzheng",
        "/weibo/@gz_minzheng/feed.atom",
        "/ap/weibo/gz_minzheng/outbox",
    ] {
        let (s, _) = text(app, path).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }
    let (s, _) = text(
        app,
        &format!("/.well-known/webfinger?resource=acct:gz_minzheng@{host}"),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let res = app
        .client
        .post(app.url("/ap/weibo/gz_minzheng/inbox"))
        .header("content-type", "application/activity+json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn the_demo_posts_load_through_the_review_flow() {
    let pool = database(Seed::Demo).await;
    // Before the accounts' demo: nothing, and no error.
    server::demo::weibo_posts::load(&pool, common::test_now())
        .await
        .unwrap();
    let posts: i64 = sqlx::query_scalar("select count(*) from weibo_post")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(posts, 0);
    citizen(
        &pool,
        &test_data_key(),
        "citizen.demo",
        "440106199205150026",
    )
    .await;
    common::admin(&pool, "admin").await;
    // The accounts as the accounts' demo makes them, with their teams.
    let accounts = [
        ("gd_fabu", "广东发布", "WJJ"),
        ("gz_fabu", "广州发布", "RSJ"),
        ("gz_minzheng", "广州民政", "MZJ"),
        ("gz_gongan", "广州公安", "GAJ"),
    ];
    for (handle, name, dept) in accounts {
        let id = verified_account(&pool, handle, name, dept).await;
        let editor = clerk(&pool, &format!("{handle}.e"), dept, WINDOW, "受理岗").await;
        let reviewer = clerk(&pool, &format!("{handle}.r"), dept, WINDOW, "发证岗").await;
        member(&pool, id, &editor, "editor").await;
        member(&pool, id, &reviewer, "reviewer").await;
        if handle == "gd_fabu" {
            sqlx::query(
                "update weibo_account set region_code = 440000, city_code = 440000 where id = $1",
            )
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
        }
    }
    server::demo::weibo_posts::load(&pool, common::test_now())
        .await
        .unwrap();
    let (public, refutations, pinned, reposts): (i64, i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where public), count(*) filter (where refutes is not null),
             (select count(*) from weibo_account where pinned_post_id is not null),
             count(*) filter (where repost_of is not null)
         from weibo_post",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(public >= 24, "{public}");
    assert_eq!((refutations, pinned, reposts), (1, 1, 1));
    let (hidden, follows): (i64, i64) = sqlx::query_as(
        "select (select count(*) from weibo_comment where hidden_by is not null),
             (select count(*) from weibo_follow)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((hidden, follows), (1, 3));
    // Every public post was approved by someone other than its author.
    let own: i64 = sqlx::query_scalar(
        "select count(*) from weibo_post p join review_item r on r.id = p.review_id
         where p.public and (r.reviewer_id is null or r.reviewer_id = r.author_id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(own, 0);
    // Loading again adds nothing.
    server::demo::weibo_posts::load(&pool, common::test_now())
        .await
        .unwrap();
    let again: i64 = sqlx::query_scalar("select count(*) from weibo_post")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(again, public + 2);
}

#[tokio::test]
async fn a_comment_naming_a_verified_account_asks_it_a_question_once() {
    let t = team().await;
    let app = &t.app;
    let id = draft(
        app,
        &t.editor,
        &json!({"account": "gz_minzheng", "body": "高龄津贴申领提示"}),
    )
    .await;
    publish(&t, &t.editor, id).await;
    let reader = citizen(&t.pool, &test_data_key(), "wb.asker", "440106199205150026").await;
    let path = format!("/api/v1/weibo/posts/{id}/comments");
    let questions = |asker: i64| {
        let pool = t.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, Option<i64>, String, String)>(
                "select weibo_account_id, via_post_id, kind, body from weibo_question
                 where asker_id = $1 order by id",
            )
            .bind(asker)
            .fetch_all(&pool)
            .await
            .unwrap()
        }
    };
    // Named: a question of the account, from the post, an enquiry; the same
    // comment sent again asks nothing more.
    let key = uuid::Uuid::new_v4().to_string();
    let c = json!({"body": "@gz_minzheng 请问八十岁以上的老人怎么申领？"});
    for _ in 0..2 {
        let (s, b) = send(
            app,
            &reader,
            reqwest::Method::POST,
            &path,
            Some(&c),
            Some(&key),
        )
        .await;
        assert!(s == StatusCode::CREATED || s == StatusCode::OK, "{s} {b}");
    }
    assert_eq!(
        questions(reader.id).await,
        [(
            t.account,
            Some(id),
            "enquiry".to_string(),
            "@gz_minzheng 请问八十岁以上的老人怎么申领？".to_string()
        )]
    );
    // An unknown handle, an e-mail address, or staff naming it: no question.
    for body in ["@nobody_here 你好", "发到 me@gz_minzheng.example 了"] {
        let (s, _) = send(
            app,
            &reader,
            reqwest::Method::POST,
            &path,
            Some(&json!({ "body": body })),
            Some(&uuid::Uuid::new_v4().to_string()),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED);
    }
    assert_eq!(questions(reader.id).await.len(), 1);
    let (s, _) = send(
        app,
        &t.reviewer,
        reqwest::Method::POST,
        &path,
        Some(&json!({"body": "@gz_minzheng 已转办"})),
        Some(&uuid::Uuid::new_v4().to_string()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    assert!(questions(t.reviewer.id).await.is_empty());
}
