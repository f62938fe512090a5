//! Disclosure documents (issue 20) through the real router and a real
//! PostgreSQL: nothing is public without review (the author cannot
//! publish, a draft is invisible on the pages and through the API);
//! publication gives index numbers in order, unique per department and
//! year, distinct under concurrent publications; search by one and two
//! Chinese characters and by an English word; a repealed document shows
//! its replacement and the replacement lists it; the Atom feed parses
//! with its entries; interpretations link both ways.

use crate::common;
use common::{citizen, clerk, database, join_all, test_data_key, Seed, TestApp, Who};

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

const WINDOW: &str = "政务服务窗口";

async fn role(pool: &PgPool, who: &Who, role: &str) {
    sqlx::query(
        "insert into publishing_role (account_id, department_id, role)
         select account_id, department_id, $2 from staff where account_id = $1",
    )
    .bind(who.id)
    .bind(role)
    .execute(pool)
    .await
    .unwrap();
}

fn policy(title: &str, body: &str) -> Value {
    json!({
        "kind": "policy",
        "title": title,
        "doc_number": "穗民规字〔2026〕1号",
        "category": "civil_affairs_relief",
        "written_on": "2026-09-20",
        "body": body,
    })
}

async fn create(app: &TestApp, who: &Who, key: &str, body: &Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url("/api/v1/documents"))
        .header("origin", app.origin())
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn draft(app: &TestApp, who: &Who, body: &Value) -> i64 {
    let (status, created) = create(app, who, &uuid::Uuid::new_v4().to_string(), body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["id"].as_i64().unwrap()
}

async fn step(app: &TestApp, who: &Who, id: i64, action: Value) -> (StatusCode, Value) {
    let res = who
        .client
        .post(app.url(&format!("/api/v1/documents/{id}/steps")))
        .header("origin", app.origin())
        .json(&action)
        .send()
        .await
        .unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// Submitted by `editor`, published by `reviewer`: the index number.
async fn publish(app: &TestApp, editor: &Who, reviewer: &Who, id: i64) -> String {
    let (s, b) = step(app, editor, id, json!({"action": "submit"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = step(app, reviewer, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["document"]["index_no"].as_str().unwrap().to_string()
}

async fn get(app: &TestApp, path: &str) -> (StatusCode, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let status = res.status();
    (status, res.text().await.unwrap())
}

async fn search(app: &TestApp, query: &str) -> Value {
    let (status, text) = get(app, &format!("/api/v1/documents?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

fn titles(found: &Value) -> Vec<String> {
    found["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect()
}

struct Unit {
    app: TestApp,
    pool: PgPool,
    editor: Who,
    reviewer: Who,
    /// An editor who also holds the reviewer's role.
    both: Who,
}

async fn unit() -> Unit {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let editor = clerk(&pool, "doc.editor", "MZJ", WINDOW, "受理岗").await;
    let reviewer = clerk(&pool, "doc.reviewer", "MZJ", WINDOW, "发证岗").await;
    let both = clerk(&pool, "doc.both", "MZJ", WINDOW, "受理岗").await;
    role(&pool, &editor, "editor").await;
    role(&pool, &reviewer, "reviewer").await;
    role(&pool, &both, "editor").await;
    role(&pool, &both, "reviewer").await;
    Unit {
        app,
        pool,
        editor,
        reviewer,
        both,
    }
}

/// Document `id`'s search keys, and all the documents' keys counted.
async fn keyed(pool: &PgPool, id: i64) -> (i32, i64) {
    sqlx::query_as(
        "select (select cardinality(term_keys) from document where id = $1),
                (select coalesce(sum(n), 0)::int8 from document_term_count)",
    )
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_document_is_public_only_after_a_second_person_publishes_it() {
    let u = unit().await;
    let app = &u.app;
    let key = uuid::Uuid::new_v4().to_string();
    let body = policy(
        "广州市最低生活保障办法",
        "第一条 为了规范最低生活保障（以下简称低保）工作，制定本办法。",
    );
    let (status, first) = create(app, &u.both, &key, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let id = first["id"].as_i64().unwrap();
    // The same key: the same draft.
    let (status, again) = create(app, &u.both, &key, &policy("别的", "别的")).await;
    assert_eq!((status, again["id"].as_i64()), (StatusCode::OK, Some(id)));
    // Someone who edits nowhere cannot write one.
    let outsider = citizen(
        &u.pool,
        &test_data_key(),
        "doc.citizen",
        "440106199003071231",
    )
    .await;
    let (status, _) = create(app, &outsider, &uuid::Uuid::new_v4().to_string(), &body).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A draft is nowhere in public: not found by search, not on a page,
    // not to the outsider through the staff API.
    assert!(!titles(&search(app, "q=低保").await).contains(&"广州市最低生活保障办法".to_string()));
    let res = outsider
        .client
        .get(app.url(&format!("/api/v1/staff/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Not published straight from a draft; the author (a reviewer too)
    // cannot publish their own; an editor alone cannot publish.
    let (s, _) = step(app, &u.reviewer, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = step(app, &u.both, id, json!({"action": "submit"})).await;
    assert_eq!(s, StatusCode::OK);
    let (s, b) = step(app, &u.both, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    assert_eq!(b["error"]["code"], "review_refused", "{b}");
    let (s, _) = step(app, &u.editor, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // In review: still not public, and in the reviewer's queue.
    assert_eq!(search(app, "q=低保").await["total"], 0);
    let queue: Value = u
        .reviewer
        .client
        .get(app.url("/api/v1/review/queue"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        queue[0]["link"],
        format!("/staff/documents/{id}"),
        "{queue}"
    );
    // The reviewer publishes: the index number, today's date, the log.
    let (s, b) = step(app, &u.reviewer, id, json!({"action": "publish"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let index_no = b["document"]["index_no"].as_str().unwrap().to_string();
    assert_eq!(index_no, "440100-MZJ-2026-00001");
    assert_eq!(b["document"]["published_on"], "2026-09-30");
    let actions: Vec<&str> = b["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "submit", "publish"]);
    assert_eq!(b["log"][2]["actor"], "doc.reviewer");
    // The author is told.
    let kinds: Vec<String> =
        app::notifications::store::inbox(&u.pool, u.both.id, app::i18n::Lang::En, 10)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.kind.as_str().to_string())
            .collect();
    assert_eq!(kinds, ["review_published"]);
    let (s, page) = get(app, &format!("/disclosure/documents/{index_no}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("广州市最低生活保障办法") && page.contains(&index_no));
    // Published, it is no longer edited.
    let res = u
        .both
        .client
        .put(app.url(&format!("/api/v1/documents/{id}")))
        .header("origin", app.origin())
        .json(&policy("改", "改"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Withdrawn with a reason: the page says so, not the text.
    let (keys_before, counted_before) = keyed(&u.pool, id).await;
    assert!(keys_before > 0);
    let (s, _) = step(
        app,
        &u.reviewer,
        id,
        json!({"action": "withdraw", "reason": "附件有误"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, page) = get(app, &format!("/disclosure/documents/{index_no}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("已撤回") && page.contains("附件有误"));
    assert!(!page.contains("第一条 为了规范"));
    assert_eq!(search(app, "q=低保").await["total"], 0);
    // Out of the search index and its per-key counts until published again.
    let (keys, counted) = keyed(&u.pool, id).await;
    assert_eq!(
        (keys, counted),
        (0, counted_before - i64::from(keys_before)),
        "withdrawn, out of the search"
    );
}

#[tokio::test]
async fn index_numbers_are_given_in_order_and_concurrent_publications_get_distinct_serials() {
    let u = unit().await;
    let app = &u.app;
    let first = draft(app, &u.editor, &policy("第一份", "正文")).await;
    assert_eq!(
        publish(app, &u.editor, &u.reviewer, first).await,
        "440100-MZJ-2026-00001"
    );
    let mut ids = Vec::new();
    for n in 0..6 {
        let id = draft(app, &u.editor, &policy(&format!("并发{n}"), "正文")).await;
        let (s, _) = step(app, &u.editor, id, json!({"action": "submit"})).await;
        assert_eq!(s, StatusCode::OK);
        ids.push(id);
    }
    let results = join_all(
        ids.iter()
            .map(|id| step(app, &u.reviewer, *id, json!({"action": "publish"})))
            .collect(),
    )
    .await;
    let mut numbers: Vec<String> = results
        .into_iter()
        .map(|(s, b)| {
            assert_eq!(s, StatusCode::OK, "{b}");
            b["document"]["index_no"].as_str().unwrap().to_string()
        })
        .collect();
    numbers.sort();
    let want: Vec<String> = (2..=7).map(|n| format!("440100-MZJ-2026-{n:05}")).collect();
    assert_eq!(numbers, want);
    let last: i32 = sqlx::query_scalar(
        "select last_serial from document_index_counter c join department d on d.id = c.department_id
         where d.code = 'MZJ' and d.region_code = 440100 and c.year = 2026",
    )
    .fetch_one(&u.pool)
    .await
    .unwrap();
    assert_eq!(last, 7);
}

#[tokio::test]
async fn search_repeal_interpretations_and_the_feed() {
    let u = unit().await;
    let app = &u.app;
    let old = draft(
        app,
        &u.editor,
        &policy(
            "广州市最低生活保障办法",
            "第一条 为了规范最低生活保障（以下简称低保）工作，制定本办法。",
        ),
    )
    .await;
    let old_no = publish(app, &u.editor, &u.reviewer, old).await;
    let new = draft(
        app,
        &u.editor,
        &policy(
            "广州市最低生活保障办法（修订）",
            "第一条 修订后的办法 & <条款>。",
        ),
    )
    .await;
    let new_no = publish(app, &u.editor, &u.reviewer, new).await;
    let news = draft(
        app,
        &u.editor,
        &json!({
            "kind": "news", "title": "广州市召开养老服务工作推进会", "category": "civil_affairs_relief",
            "written_on": "2026-09-29", "body": "会议部署养老服务工作。",
        }),
    )
    .await;
    publish(app, &u.editor, &u.reviewer, news).await;
    // One and two characters, four characters, and an English word (the
    // kind's and category's English names are indexed too), newest first.
    let t = titles(&search(app, "q=低保").await);
    assert_eq!(t, ["广州市最低生活保障办法"]);
    let t = titles(&search(app, "q=保").await);
    assert_eq!(
        t,
        ["广州市最低生活保障办法（修订）", "广州市最低生活保障办法"]
    );
    assert_eq!(titles(&search(app, "q=生活保障").await).len(), 2);
    assert_eq!(titles(&search(app, "q=Policy").await).len(), 2);
    assert_eq!(
        titles(&search(app, "q=civil&kind=news").await),
        ["广州市召开养老服务工作推进会"]
    );
    assert_eq!(
        search(app, "region=440100&category=civil_affairs_relief").await["total"],
        3
    );
    assert_eq!(search(app, "region=440300").await["total"], 0);
    let (s, _) = get(app, "/api/v1/documents?kind=memo").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // An interpretation names its document; the document lists it.
    let interp = draft(
        app,
        &u.editor,
        &json!({
            "kind": "interpretation", "title": "《广州市最低生活保障办法（修订）》政策解读",
            "category": "civil_affairs_relief", "written_on": "2026-09-30",
            "body": "问：谁可以申请？\n答：符合条件的居民。",
            "interprets": new_no, "interpretation_form": "questions_and_answers",
        }),
    )
    .await;
    let interp_no = publish(app, &u.editor, &u.reviewer, interp).await;
    // Repealed, replaced by the revision (a staff action, in the log).
    let res = u
        .reviewer
        .client
        .post(app.url(&format!("/api/v1/documents/{old}/validity")))
        .header("origin", app.origin())
        .json(&json!({"validity": "repealed", "replaced_by": new_no}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let staff: Value = res.json().await.unwrap();
    assert_eq!(
        staff["log"].as_array().unwrap().last().unwrap()["action"],
        "edit"
    );
    let one: Value =
        serde_json::from_str(&get(app, &format!("/api/v1/documents/{old_no}")).await.1).unwrap();
    assert_eq!(one["validity"], "repealed");
    assert_eq!(one["superseded_by"]["index_no"], new_no.as_str());
    let (_, page) = get(app, &format!("/disclosure/documents/{old_no}")).await;
    assert!(
        page.contains("本文件已废止"),
        "the repeal is said at the top"
    );
    assert!(page.contains(&format!("/disclosure/documents/{new_no}")));
    let revised: Value =
        serde_json::from_str(&get(app, &format!("/api/v1/documents/{new_no}")).await.1).unwrap();
    assert_eq!(revised["replaces"][0]["index_no"], old_no.as_str());
    assert_eq!(
        revised["interpretations"][0]["index_no"],
        interp_no.as_str()
    );
    let (_, page) = get(app, &format!("/disclosure/documents/{interp_no}")).await;
    assert!(page.contains(&format!("/disclosure/documents/{new_no}")));
    // The department's feed: Atom, cacheable, with its entries escaped.
    let department: i64 = sqlx::query_scalar("select department_id from document where id = $1")
        .bind(old)
        .fetch_one(&u.pool)
        .await
        .unwrap();
    let res = app
        .client
        .get(app.url(&format!("/disclosure/feeds/department/{department}.atom")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    let xml = res.text().await.unwrap();
    let (entries, titles_seen) = atom_entries(&xml);
    assert_eq!(entries, 4, "{xml}");
    assert!(titles_seen.contains(&"广州市最低生活保障办法（修订）".to_string()));
    let res = app
        .client
        .get(app.url("/disclosure/feeds/region/440100.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(atom_entries(&res.text().await.unwrap()).0, 4);
    let (s, _) = get(app, "/disclosure/feeds/region/999999.atom").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// The number of `<entry>` elements of an Atom feed and their titles,
/// read by an XML parser (which refuses a malformed document).
fn atom_entries(xml: &str) -> (usize, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut entries, mut titles, mut in_entry, mut in_title) = (0, Vec::new(), false, false);
    let mut feed = false;
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                b"feed" => feed = true,
                b"entry" => {
                    entries += 1;
                    in_entry = true;
                }
                b"title" => in_title = in_entry,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"entry" => in_entry = false,
                b"title" => in_title = false,
                _ => {}
            },
            Event::Text(t) if in_title => {
                titles.push(t.decode().unwrap().into_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(feed, "an Atom feed");
    (entries, titles)
}

#[tokio::test]
async fn the_demo_has_hundreds_of_documents_revised_policies_interpretations_and_one_in_review() {
    let pool = database(Seed::Demo).await;
    let key = test_data_key();
    server::demo::load(&pool).await.unwrap();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    let now = common::test_now();
    server::demo::documents::load(&pool, now).await.unwrap();
    // Loaded once.
    server::demo::documents::load(&pool, now).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let published = count(
        "select count(*) from document d join review_item r on r.id = d.review_id
         where r.state = 'published'",
    )
    .await;
    assert!((200..=500).contains(&published), "{published}");
    assert!(count("select count(*) from document where validity = 'repealed' and superseded_by is not null").await >= 3);
    assert!(count("select count(*) from document where validity = 'amended'").await >= 1);
    assert!(count("select count(*) from document where kind = 'interpretation'").await >= 20);
    assert!(count("select count(*) from document where kind = 'press_conference'").await >= 5);
    assert_eq!(
        count("select count(distinct region_code) from document").await,
        2
    );
    // Index numbers follow publication: within a department's year the
    // serials rise with the dates.
    assert_eq!(
        count(
            "select count(*) from document a join document b
                 on a.department_id = b.department_id and a.index_year = b.index_year
             where a.index_serial < b.index_serial and a.published_on > b.published_on"
        )
        .await,
        0
    );
    let reviewer = server::demo::demo_account(&pool, "reviewer.gz.mzj")
        .await
        .unwrap()
        .unwrap();
    let queue = app::review::store::queue(&pool, &reviewer).await.unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert!(queue[0].title.contains("最低生活保障"));
    // Found by a two-character query; the Guangzhou bureau's policy has
    // its interpretation.
    let found = app::disclosure::documents::store::search(
        &pool,
        &app::disclosure::documents::store::Query {
            q: app::catalog::search::SearchText::parse("低保").unwrap(),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let policy = found
        .rows
        .iter()
        .find(|r| {
            r.title
                .starts_with("广州市民政局关于印发《广州市最低生活保障")
                && !r.title.contains("修订")
        })
        .expect("the Guangzhou policy on minimum living allowances");
    let one = app::disclosure::documents::store::public(&pool, policy.index_no.as_deref().unwrap())
        .await
        .unwrap();
    assert!(!one.interpretations.is_empty());
    // The per-key counts the search chooses its way by equal a recount of
    // the keys, after the demo's publications (triggers on `document`).
    let recount = "select count(*) from (select k, count(*) as n
             from document, unnest(term_keys) k group by k) r
         full join document_term_count c on c.key = r.k
         where coalesce(c.n, 0) <> coalesce(r.n, 0)";
    assert_eq!(count(recount).await, 0);
    // The way does not change the answer: a word the counts call common is
    // read newest first and gives the same page as read from the index; a
    // word in no document gives nothing.
    let query = |text: &str| app::disclosure::documents::store::Query {
        q: app::catalog::search::SearchText::parse(text).unwrap(),
        page: 1,
        ..Default::default()
    };
    let numbers = |f: &app::disclosure::documents::Found| {
        f.rows
            .iter()
            .map(|r| r.index_no.clone())
            .collect::<Vec<_>>()
    };
    let rare = app::disclosure::documents::store::search(&pool, &query("通知"))
        .await
        .unwrap();
    assert!(rare.total > 1 && !rare.more, "{}", rare.total);
    let keys = app::disclosure::documents::term_keys(query("通知").q.unwrap().terms());
    let inflate = |by: i32| {
        sqlx::query("update document_term_count set n = n + $2 where key = any($1)")
            .bind(keys.clone())
            .bind(by)
            .execute(&pool)
    };
    inflate(1_000_000).await.unwrap();
    let common = app::disclosure::documents::store::search(&pool, &query("通知"))
        .await
        .unwrap();
    inflate(-1_000_000).await.unwrap();
    assert_eq!(numbers(&common), numbers(&rare));
    if (rare.rows.len() as i64) < app::disclosure::documents::PAGE_SIZE {
        assert_eq!((common.total, common.more), (rare.total, false));
    } else {
        assert!(common.more);
    }
    let none = app::disclosure::documents::store::search(&pool, &query("鑫鑫"))
        .await
        .unwrap();
    assert_eq!((none.rows.len(), none.total, none.more), (0, 0, false));
    // A database from before the search keys gets them at start, the same
    // as publication gives: blank them, index, compare.
    let before: Vec<(i64, Vec<i32>)> = sqlx::query_as(
        "select id, term_keys from document where published_on is not null order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(before.iter().all(|(_, k)| !k.is_empty()));
    sqlx::query("update document set term_keys = '{}'")
        .execute(&pool)
        .await
        .unwrap();
    let keyed = app::disclosure::documents::store::index_unkeyed(&pool)
        .await
        .unwrap();
    assert_eq!(keyed as usize, before.len());
    let after: Vec<(i64, Vec<i32>)> = sqlx::query_as(
        "select id, term_keys from document where published_on is not null order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(after, before);
    assert_eq!(count(recount).await, 0);
    assert_eq!(
        app::disclosure::documents::store::index_unkeyed(&pool)
            .await
            .unwrap(),
        0
    );
}
