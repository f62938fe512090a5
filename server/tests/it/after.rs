//! After submitting (issue 17) through the real router and a real
//! PostgreSQL: one status vocabulary (an overdue case reads the same in
//! the API, my space, the case page and public tracking, its late step
//! marked late), the applicant's to-dos, the inbox (and e-mail) at each
//! event of the case, the receipt's "what happens next" and the case
//! page's query code, tracking link and answers, and one rating per
//! department of a closed case.

use crate::common;
use common::{
    act_as_clerk, answers_for, citizen, complete_case, database, hall, Clerks, Seed, TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::PgPool;

/// Applies for the birth bundle; the case number and query code.
async fn apply(app: &TestApp, who: &Who) -> (String, String) {
    let answers = answers_for(app, who, "bundle=440100/birth").await;
    let body = who
        .submit(app, &json!({"bundle": "440100/birth", "answers": answers}))
        .await;
    (
        body["case_no"].as_str().unwrap().to_string(),
        body["query_code"].as_str().unwrap().to_string(),
    )
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

async fn json_of(who: &Who, app: &TestApp, path: &str) -> Value {
    let res = who.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.json().await.unwrap()
}

/// The kinds of the person's inbox messages, oldest first.
async fn inbox_kinds(who: &Who, app: &TestApp) -> Vec<String> {
    let inbox = json_of(who, app, "/api/v1/inbox").await;
    let mut kinds: Vec<String> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap().to_string())
        .collect();
    kinds.reverse();
    kinds
}

#[tokio::test]
async fn an_overdue_case_reads_the_same_everywhere_and_its_late_step_is_marked_late() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let key = common::test_data_key();
    let mother = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    let (case_no, code) = apply(&app, &mother).await;
    // Time passes: the police review is now ten days past its deadline
    // (the hall's day is 30 September).
    let late = task_id(&pool, &case_no, "p2-review").await;
    sqlx::query("update case_task set due_on = '2026-09-18' where id = $1 and state = 'ready'")
        .bind(late)
        .execute(&pool)
        .await
        .unwrap();

    let mine = json_of(&mother, &app, "/api/v1/me/cases").await;
    let line = mine
        .as_array()
        .or_else(|| mine["items"].as_array())
        .or_else(|| mine["cases"].as_array())
        .unwrap()
        .iter()
        .find(|c| c["case_no"] == case_no.as_str())
        .cloned()
        .unwrap();
    assert_eq!(line["status"], "overdue", "{line}");
    let one = json_of(&mother, &app, &format!("/api/v1/me/cases/{case_no}")).await;
    assert_eq!(one["status"], "overdue");
    let steps = one["steps"].as_array().unwrap();
    let lates: Vec<i64> = steps
        .iter()
        .filter(|s| s["late"] == true)
        .map(|s| s["task_id"].as_i64().unwrap())
        .collect();
    assert_eq!(lates, vec![late]);
    let tracked: Value = app
        .get(&format!("/api/v1/cases/{case_no}?code={code}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tracked["status"], "overdue");
    assert_eq!(
        tracked["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["late"] == true)
            .count(),
        1
    );

    // The pages say it in the same words: 已超期, and the late step is
    // marked late (not the blue "in progress").
    for page in [
        mother.page(&app, &format!("/cases/{case_no}")).await,
        mother
            .page(&app, &format!("/track?case_no={case_no}&code={code}"))
            .await,
    ] {
        assert!(page.contains("step step-late"), "no late step");
        assert_eq!(page.matches("step step-late").count(), 1);
        assert!(page.contains("已超期"));
    }
    let me = mother.page(&app, "/me").await;
    let at = me.find(&case_no).expect("the case in my space");
    assert!(me[at..].contains("已超期"), "my space says overdue");
    assert!(!me[at..at + 400.min(me.len() - at)].contains("审查中"));
}

#[tokio::test]
async fn the_applicant_is_told_at_each_event_and_rates_each_department_once() {
    let pool = database(Seed::Demo).await;
    app::notifications::store::set_mail(&pool, app::notifications::store::MailOn { origin: None });
    let app = hall(&pool).await;
    let key = common::test_data_key();
    let mother = citizen(&pool, &key, "li.hua", "440106199205150026").await;
    sqlx::query("update account set email = 'li.hua@example.cn' where id = $1")
        .bind(mother.id)
        .execute(&pool)
        .await
        .unwrap();
    let (case_no, code) = apply(&app, &mother).await;
    assert_eq!(inbox_kinds(&mother, &app).await, vec!["case_submitted"]);

    // The receipt says what happens next, with a print button and the
    // tracking link; the case page gives the query code, the link and
    // the answers (to the applicant only).
    let link = format!("/track?case_no={case_no}&amp;code={code}");
    let receipt = mother
        .page(&app, &format!("/cases/{case_no}/receipt"))
        .await;
    for text in [
        "提交成功，已受理",
        "接下来会怎样",
        "打印回执",
        "补正期间办理期限暂停计算",
        link.as_str(),
    ] {
        assert!(receipt.contains(text), "receipt lacks {text}");
    }
    let page = mother.page(&app, &format!("/cases/{case_no}")).await;
    for text in [
        code.as_str(),
        link.as_str(),
        "查看您填写的申请内容",
        "张安安",
        "天河区 ",
    ] {
        assert!(page.contains(text), "case page lacks {text}");
    }
    assert!(
        !page.contains(">440106 "),
        "a region by its name, not its code"
    );
    let stranger = citizen(&pool, &key, "wang.wu", "11010519491231002X").await;
    let res = stranger
        .client
        .post(app.url("/sfn/my_answers"))
        .header("origin", app.origin())
        .form(&[("case_no", case_no.as_str())])
        .send()
        .await
        .unwrap();
    assert_ne!(
        res.status(),
        StatusCode::OK,
        "nobody else reads the answers"
    );

    // The other departments approve; the police ask for a supplement (one
    // notice once every branch waits): told, a to-do, no rating asked
    // while waiting.
    let mut clerks = Clerks::default();
    for n in [1, 3, 4] {
        let other = task_id(&pool, &case_no, &format!("p{n}-review")).await;
        act_as_clerk(
            &app,
            &pool,
            &mut clerks,
            other,
            json!({"action": "approve"}),
        )
        .await;
    }
    let review = task_id(&pool, &case_no, "p2-review").await;
    act_as_clerk(
        &app,
        &pool,
        &mut clerks,
        review,
        json!({"action": "request_supplement", "what": "请补充户口簿户主页扫描件"}),
    )
    .await;
    assert_eq!(
        inbox_kinds(&mother, &app).await.last().map(String::as_str),
        Some("supplement_requested")
    );
    let me = mother.page(&app, "/me").await;
    let todo = me.find("需要您处理").expect("the to-dos");
    assert!(
        todo < me.find("我的办件").unwrap(),
        "to-dos before the cases"
    );
    assert!(
        me.contains("class=\"todo-tag\">待补正<"),
        "the supplement to-do"
    );
    let waiting = mother.page(&app, &format!("/cases/{case_no}")).await;
    assert!(
        !waiting.contains("rate-form"),
        "nothing to rate while waiting"
    );
    let res = mother
        .client
        .post(app.url(&format!("/api/v1/me/cases/{case_no}/supplement")))
        .json(&json!({"answer": "已补充", "uploads": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "{}",
        res.text().await.unwrap()
    );

    complete_case(&app, &pool, &mut clerks, &case_no).await;
    let kinds = inbox_kinds(&mother, &app).await;
    let count = |k: &str| kinds.iter().filter(|x| x.as_str() == k).count();
    assert_eq!(count("case_submitted"), 1);
    assert_eq!(count("supplement_requested"), 1);
    assert_eq!(count("department_approved"), 4, "{kinds:?}");
    assert_eq!(count("case_completed"), 1);
    assert_eq!(kinds.last().map(String::as_str), Some("please_rate"));
    let inbox = json_of(&mother, &app, "/api/v1/inbox").await;
    assert!(inbox["items"][0]["title"]
        .as_str()
        .unwrap()
        .contains("评价"));
    assert_eq!(
        inbox["items"][0]["link"],
        format!("/cases/{case_no}#rate-h").as_str()
    );
    let mails: i64 = sqlx::query_scalar(
        "select count(*) from mail_outbox where to_address = 'li.hua@example.cn'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(mails as usize, kinds.len(), "an e-mail copy of each");
    assert!(mother
        .page(&app, "/me")
        .await
        .contains("class=\"todo-tag\">待评价<"));

    // One rating per department, not per step; the step that asked for
    // supplements may be rated besides.
    let case = json_of(&mother, &app, &format!("/api/v1/me/cases/{case_no}")).await;
    let steps: Vec<app::workflow::views::StepView> =
        serde_json::from_value(case["steps"].clone()).unwrap();
    let departments = app::ratings::unit::departments(&steps);
    let evaluation_points = steps
        .iter()
        .filter(|s| s.evaluation_point && s.state == app::workflow::engine::TaskState::Done)
        .count();
    assert!(evaluation_points > departments.len());
    let page = mother.page(&app, &format!("/cases/{case_no}")).await;
    assert_eq!(
        page.matches("class=\"form rate-form\"").count(),
        departments.len() + 1,
        "a form per department and one for the supplement request"
    );
    let rate = |body: Value| {
        let client = mother.client.clone();
        let url = app.url(&format!("/api/v1/cases/{case_no}/ratings"));
        async move {
            let res = client.post(url).json(&body).send().await.unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    for d in &departments {
        let (status, body) = rate(json!({"task_id": d.task_id, "stars": 5})).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, _) = rate(json!({"task_id": d.task_id, "stars": 5})).await;
        assert_eq!(status, StatusCode::OK, "the same again: idempotent");
    }
    // Another step of a rated department is not a second rating.
    let other = steps
        .iter()
        .find(|s| {
            s.evaluation_point
                && s.state == app::workflow::engine::TaskState::Done
                && !departments.iter().any(|d| d.task_id == s.task_id)
        })
        .unwrap();
    let (status, body) = rate(json!({"task_id": other.task_id, "stars": 3})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["problem"], "already_rated");
    let (status, body) = rate(json!({"task_id": review, "stars": 4, "point": true})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["point"], true);
    let (status, _) = rate(json!({"task_id": other.task_id, "stars": 4, "point": true})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "only points the applicant met"
    );
    let units: Vec<(String, i64)> = sqlx::query_as(
        "select r.unit, count(*) from rating r join case_file c on c.id = r.case_id
         where c.case_no = $1 group by r.unit order by r.unit",
    )
    .bind(&case_no)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        units,
        vec![
            ("department".to_string(), departments.len() as i64),
            ("point".to_string(), 1)
        ]
    );
    // Rated: the to-do is gone, the forms too; the rollups agree.
    assert!(!mother.page(&app, "/me").await.contains("待评价"));
    let page = mother.page(&app, &format!("/cases/{case_no}")).await;
    assert!(!page.contains("rate-form"));
    use app::ratings::store::{department_board_from, Source};
    assert_eq!(
        department_board_from(&pool, None, Source::Rollups)
            .await
            .unwrap(),
        department_board_from(&pool, None, Source::Ratings)
            .await
            .unwrap()
    );
}
