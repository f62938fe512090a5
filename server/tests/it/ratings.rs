//! Ratings and rectification through the real router and a real
//! PostgreSQL: one rating per point (the schema's rule, also under
//! concurrent posts), a bad rating opening a rectification on the
//! working-day clock, its call-back, outcome, appeal and decision, a
//! malicious rating voided, the boards and the published list.

use crate::common;
use common::{database, Seed};

use common::{
    answers_for, citizen, clerk, hall, post_of_task, supervisor, test_data_key, TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;
use std::collections::HashMap;

const KEY: &str = "0e7f6a52-3c1d-4a2b-9f80-5d4c3b2a1908";

/// Applies for the birth bundle; the case number.
async fn apply(app: &TestApp, who: &Who) -> String {
    let answers = answers_for(app, who, "bundle=440100/birth").await;
    let res = who
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", KEY)
        .json(
            &common::complete(
                app,
                who,
                json!({"bundle": "440100/birth", "answers": answers}),
            )
            .await,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
    res.json::<Value>().await.unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Clerks by post, made when first needed.
#[derive(Default)]
struct Clerks(HashMap<(String, String, String), Who>);

impl Clerks {
    async fn of_task(&mut self, pool: &PgPool, task: i64) -> &Who {
        let post = post_of_task(pool, task).await;
        if !self.0.contains_key(&post) {
            let name = format!("clerk.{}", self.0.len() + 1);
            let who = clerk(pool, &name, &post.0, &post.1, &post.2).await;
            self.0.insert(post.clone(), who);
        }
        &self.0[&post]
    }
}

/// Every ready step approved (reviews) or issued, until the case is done.
async fn complete(app: &TestApp, pool: &PgPool, clerks: &mut Clerks, case_no: &str) {
    for _ in 0..20 {
        let ready: Vec<(i64, String)> = sqlx::query_as(
            "select t.id, t.kind from case_task t join case_file c on c.id = t.case_id
             where c.case_no = $1 and t.state = 'ready' order by t.id",
        )
        .bind(case_no)
        .fetch_all(pool)
        .await
        .unwrap();
        if ready.is_empty() {
            return;
        }
        for (task, kind) in ready {
            let action = if kind == "issuance" {
                json!({"action": "issue", "certificate_no": format!("Z{task}")})
            } else {
                json!({"action": "approve"})
            };
            let who = clerks.of_task(pool, task).await;
            let res = who
                .client
                .post(app.url(&format!("/api/v1/staff/tasks/{task}")))
                .json(&action)
                .send()
                .await
                .unwrap();
            assert_eq!(
                res.status(),
                StatusCode::OK,
                "{}",
                res.text().await.unwrap()
            );
        }
    }
    panic!("{case_no} did not complete");
}

async fn task_id(pool: &PgPool, case_no: &str, key: &str) -> i64 {
    sqlx::query_scalar(
        "select t.id from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 and t.step_key = $2",
    )
    .bind(case_no)
    .bind(key)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The status and JSON body a request is answered with.
async fn answer(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn rate(app: &TestApp, who: &Who, case_no: &str, body: Value) -> (StatusCode, Value) {
    answer(
        who.client
            .post(app.url(&format!("/api/v1/cases/{case_no}/ratings")))
            .json(&body),
    )
    .await
}

async fn step(app: &TestApp, who: &Who, rect: i64, body: Value) -> (StatusCode, Value) {
    answer(
        who.client
            .post(app.url(&format!("/api/v1/rectifications/{rect}")))
            .json(&body),
    )
    .await
}

async fn view(app: &TestApp, who: &Who, rect: i64) -> (StatusCode, Value) {
    answer(
        who.client
            .get(app.url(&format!("/api/v1/rectifications/{rect}"))),
    )
    .await
}

#[tokio::test]
async fn each_point_is_rated_once_and_a_bad_rating_is_rectified() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = test_data_key();
    let mother = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let stranger = citizen(&pool, &key, "wang.wu", "11010519491231002X").await;
    let case_no = apply(&app, &mother).await;
    let review = task_id(&pool, &case_no, "p1-review").await;
    let issue = |n: u8| format!("p{n}-issue");

    // Nothing is rated before it is done, and reviews are not rating points.
    let (status, body) = rate(
        &app,
        &mother,
        &case_no,
        json!({"task_id": review, "stars": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["problem"], "not_ratable");

    let mut clerks = Clerks::default();
    complete(&app, &pool, &mut clerks, &case_no).await;
    let accept = task_id(&pool, &case_no, "accept").await;
    let (status, body) = rate(
        &app,
        &mother,
        &case_no,
        json!({"task_id": accept, "stars": 5}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "acceptance is not an evaluation point"
    );
    assert_eq!(body["error"]["problem"], "not_ratable");

    // A good rating: 201, the same again 200, a different one 409.
    let p1 = task_id(&pool, &case_no, &issue(1)).await;
    let five = json!({"task_id": p1, "stars": 5, "comment": "办得很快"});
    let (status, first) = rate(&app, &mother, &case_no, five.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["stars"], 5);
    assert_eq!(first["rectification"], Value::Null);
    let (status, again) = rate(&app, &mother, &case_no, five).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], first["id"]);
    let (status, body) = rate(&app, &mother, &case_no, json!({"task_id": p1, "stars": 4})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["problem"], "already_rated");
    // Bad input is refused with a reason; others' cases are not found.
    let p2 = task_id(&pool, &case_no, &issue(2)).await;
    for bad in [
        json!({"task_id": p2, "stars": 6}),
        json!({"task_id": p2, "stars": 0}),
    ] {
        let (status, body) = rate(&app, &mother, &case_no, bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["problem"], "invalid_stars");
    }
    let (status, body) = rate(
        &app,
        &mother,
        &case_no,
        json!({"task_id": p2, "stars": 3, "comment": "字".repeat(501)}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["problem"], "text_too_long");
    let (status, _) = rate(
        &app,
        &stranger,
        &case_no,
        json!({"task_id": p2, "stars": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Five identical posts at once make one rating.
    let posts = (0..5).map(|_| rate(&app, &mother, &case_no, json!({"task_id": p2, "stars": 4})));
    let results = common::join_all(posts.collect()).await;
    let created = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{results:?}");
    assert!(results.iter().all(|(s, _)| s.is_success()));
    let rows: i64 = sqlx::query_scalar("select count(*) from rating where task_id = $1")
        .bind(p2)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 1);
    // The schema itself refuses a second rating of a point.
    let duplicate = sqlx::query(
        "insert into rating (case_id, task_id, applicant_id, department_id, region_code, stars, rated_on)
         select case_id, task_id, applicant_id, department_id, region_code, 1, rated_on from rating where task_id = $1",
    )
    .bind(p2)
    .execute(&pool)
    .await;
    assert!(duplicate.is_err(), "unique (task_id, applicant_id)");

    // Two stars open a rectification for the department, due in 5 working
    // days: 8, 9, 10 (make-up Saturday), 12 and 13 October after the
    // National Day holiday (the hall's clock is 30 September).
    let p3 = task_id(&pool, &case_no, &issue(3)).await;
    let (status, bad) = rate(
        &app,
        &mother,
        &case_no,
        json!({"task_id": p3, "stars": 2, "comment": "窗口态度差，材料被要求重复提交"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let rect = bad["rectification"].as_i64().expect("a rectification");
    let (status, seen) = view(&app, &mother, rect).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen["state"], "open");
    assert_eq!(seen["opened_on"], "2026-09-30");
    assert_eq!(seen["due_on"], "2026-10-13");
    assert_eq!(seen["offered"], json!([]));

    // The department's staff see it in their list, with its urgency.
    let dept_clerk = clerks.of_task(&pool, p3).await;
    let list: Vec<Value> = dept_clerk
        .client
        .get(app.url("/api/v1/staff/rectifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let line = list
        .iter()
        .find(|l| l["id"] == rect)
        .expect("in the department's list");
    assert_eq!(line["urgency"], "green");
    let (_, as_staff) = view(&app, dept_clerk, rect).await;
    assert_eq!(as_staff["offered"], json!(["call_back", "contest"]));
    // Another department's clerk and strangers do not see it.
    let other = clerks.of_task(&pool, p1).await;
    assert_eq!(view(&app, other, rect).await.0, StatusCode::NOT_FOUND);
    assert_eq!(view(&app, &stranger, rect).await.0, StatusCode::NOT_FOUND);

    // The machine's order holds over HTTP.
    let dept_clerk = clerks.of_task(&pool, p3).await;
    let (status, body) = step(
        &app,
        dept_clerk,
        rect,
        json!({"action": "resolve", "outcome": "已整改"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["problem"], "wrong_state");
    let (status, body) = step(
        &app,
        &mother,
        rect,
        json!({"action": "call_back", "note": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["problem"], "not_your_turn");
    let (status, _) = step(
        &app,
        dept_clerk,
        rect,
        json!({"action": "call_back", "note": "  "}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = step(
        &app,
        dept_clerk,
        rect,
        json!({"action": "call_back", "note": "10月8日电话回访，已向申请人致歉"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "called_back");
    let (status, _) = step(
        &app,
        dept_clerk,
        rect,
        json!({"action": "resolve", "outcome": "已对窗口人员批评教育，并推行材料一次告知"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The applicant appeals; a supervisor of Guangzhou upholds the appeal,
    // which reopens the rectification with a new deadline.
    let (status, body) = step(
        &app,
        &mother,
        rect,
        json!({"action": "appeal", "reason": "没有解决重复提交的问题"}),
    )
    .await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("appealed"))
    );
    let gz = supervisor(&pool, "jiancha.gz", 440100).await;
    let sz = supervisor(&pool, "jiancha.sz", 440300).await;
    assert_eq!(
        view(&app, &sz, rect).await.0,
        StatusCode::NOT_FOUND,
        "another city"
    );
    let appeals: Vec<Value> = gz
        .client
        .get(app.url("/api/v1/staff/rectifications"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(appeals.iter().any(|l| l["id"] == rect));
    let (status, body) = step(
        &app,
        &gz,
        rect,
        json!({"action": "decide", "upheld": true, "note": "请重新整改并说明材料要求"}),
    )
    .await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("open"))
    );
    // The department calls back again and records a new outcome; the
    // applicant accepts it, which ends the rectification.
    let dept_clerk = clerks.of_task(&pool, p3).await;
    for body in [
        json!({"action": "call_back", "note": "再次回访，说明了材料清单"}),
        json!({"action": "resolve", "outcome": "已公布材料清单，今后一次告知"}),
    ] {
        let (status, _) = step(&app, dept_clerk, rect, body).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, body) = step(&app, &mother, rect, json!({"action": "accept"})).await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("accepted"))
    );
    let (_, done) = view(&app, &mother, rect).await;
    assert_eq!(done["offered"], json!([]));
    assert_eq!(done["outcome"], "已公布材料清单，今后一次告知");
    let actions: Vec<&str> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "opened",
            "call_back",
            "resolve",
            "appeal",
            "decide",
            "call_back",
            "resolve",
            "accept"
        ]
    );
    // The history cannot be rewritten.
    assert!(sqlx::query("update rectification_event set note = 'x'")
        .execute(&pool)
        .await
        .is_err());
    assert!(sqlx::query("delete from rectification_event")
        .execute(&pool)
        .await
        .is_err());

    // One star the department finds malicious: a supervisor of the
    // province agrees, the rating is voided and stops counting.
    let p4 = task_id(&pool, &case_no, &issue(4)).await;
    let (_, worst) = rate(
        &app,
        &mother,
        &case_no,
        json!({"task_id": p4, "stars": 1, "comment": "随便打的"}),
    )
    .await;
    let rect4 = worst["rectification"].as_i64().unwrap();
    let dept4 = clerks.of_task(&pool, p4).await;
    let (status, _) = step(
        &app,
        dept4,
        rect4,
        json!({"action": "contest", "reason": "评价内容与办件无关"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let province = supervisor(&pool, "jiancha.gd", 440000).await;
    let (status, body) = step(
        &app,
        &province,
        rect4,
        json!({"action": "decide", "upheld": true, "note": "经核实属恶意差评"}),
    )
    .await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("voided"))
    );
    let excluded: bool = sqlx::query_scalar("select excluded from rating where task_id = $1")
        .bind(p4)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(excluded);
    // The efficiency rollup took it out again: the posts' stars equal the
    // counted ratings.
    let rolled: Vec<i64> = sqlx::query_scalar(
        "select sum(x)::int8 from stat_post_month,
             unnest(array[stars_1, stars_2, stars_3, stars_4, stars_5]) with ordinality as u(x, i)
         group by i order by i",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let counted: Vec<i64> = sqlx::query_scalar(
        "select count(r.id) from generate_series(1, 5) s
         left join rating r on r.stars = s and not r.excluded group by s order by s",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rolled, counted);
    assert_eq!(counted, [0, 1, 0, 1, 1]);

    // The boards: four counted ratings in Guangzhou (5, 4, 2 and the
    // result's none yet); the voided one left out.
    let cities: Value = app
        .get("/api/v1/ratings/regions")
        .await
        .json()
        .await
        .unwrap();
    let lines = cities["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 21);
    assert!(cities["formula"].as_str().unwrap().contains("20"));
    let gz_line = lines.iter().find(|l| l["id"] == 440100).unwrap();
    assert_eq!(gz_line["rank"], 1);
    assert_eq!(gz_line["count"], 3);
    assert_eq!(gz_line["distribution"], json!([0, 1, 0, 1, 1]));
    assert_eq!(gz_line["average"], 3.67);
    // The level comes from the score, like the rank (issue 17: one
    // measure): (20 × 3 + 11) / (20 + 3) ≈ 3.09, qualified.
    assert_eq!(gz_line["level"], "qualified");
    assert!(lines
        .iter()
        .filter(|l| l["count"] == 0)
        .all(|l| l["rank"].is_null()));
    let depts: Value = app
        .get("/api/v1/ratings/departments?region=440100")
        .await
        .json()
        .await
        .unwrap();
    let counted: u64 = depts["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_u64().unwrap())
        .sum();
    assert_eq!(counted, 3);
    assert_eq!(
        app.get("/api/v1/ratings/departments?region=abc")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    // Published: the outcome, never the comment or the case number.
    let published = app
        .get("/api/v1/ratings/rectifications")
        .await
        .text()
        .await
        .unwrap();
    assert!(published.contains("已公布材料清单，今后一次告知"));
    assert!(!published.contains("窗口态度差"));
    assert!(!published.contains(&case_no));
}

#[tokio::test]
async fn the_star_widget_works_without_javascript() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mother = citizen(&pool, &test_data_key(), "li.hua", "440106199205150026").await;
    let case_no = apply(&app, &mother).await;
    let mut clerks = Clerks::default();
    complete(&app, &pool, &mut clerks, &case_no).await;
    let page = mother
        .client
        .get(app.url(&format!("/cases/{case_no}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Five radio buttons per department (issue 17: one rating per
    // department of a case, not per step): four departments.
    assert_eq!(page.matches("name=\"stars\"").count(), 20);
    assert!(page.contains("非常满意") && page.contains("非常不满意"));
    let result = task_id(&pool, &case_no, "result").await;
    let origin = app.origin();
    // No stars chosen: the page comes back with the problem and the comment.
    let res = mother
        .client
        .post(app.url(&format!("/cases/{case_no}/ratings")))
        .header("origin", &origin)
        .form(&[
            ("task_id", result.to_string()),
            ("comment", "整体还行".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let back = res.text().await.unwrap();
    assert!(back.contains("请选择 1 到 5 星。"), "{back}");
    assert!(back.contains("整体还行"));
    // Chosen: back to the case, rated.
    let res = mother
        .client
        .post(app.url(&format!("/cases/{case_no}/ratings")))
        .header("origin", &origin)
        .form(&[
            ("task_id", result.to_string()),
            ("stars", "4".into()),
            ("comment", "整体还行".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = mother
        .client
        .get(app.url(&format!("/cases/{case_no}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(page.matches("name=\"stars\"").count(), 15);
    assert!(page.contains("4 星 · 满意"));
    // A cross-site post is refused.
    let res = mother
        .client
        .post(app.url(&format!("/cases/{case_no}/ratings")))
        .header("origin", "https://evil.example")
        .form(&[("task_id", result.to_string()), ("stars", "1".into())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // The public board page shows the formula and the rating.
    let board = app.get("/ratings").await.text().await.unwrap();
    assert!(board.contains("排名得分"));
    assert!(board.contains("广州市"));
}
