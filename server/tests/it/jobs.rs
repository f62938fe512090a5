//! Background work over a real PostgreSQL: the deadline monitor raising
//! each alert once even when two workers scan at once (separate pools),
//! who is told (yellow: handler or post; red: unit head, nearest
//! supervisors, applicant), the periodic scan queued once per slot however
//! many servers tick, a failed job retried, e-mail kept while the mail
//! server is down and delivered exactly once to a real SMTP server
//! (Debian's python3-aiosmtpd), and the inbox API (another's message is
//! 404, marking read, the same-origin rule).

use crate::common;
use common::{database, Seed};

use app::notifications::store::MailOn;
use common::{
    answers_for, citizen, clerk, hall, supervisor, test_data_key, test_now, TestApp, Who,
};
use reqwest::StatusCode;
use serde_json::{json, Value};
use server::jobs::{self, mailer, monitor};
use sqlx::{postgres::PgPoolOptions, PgPool};
use std::{collections::HashMap, time::Duration};

const KEY: &str = "0e7f6a52-3c1d-4a2b-9f80-5d4c3b2a1908";

/// Applies for the birth bundle; the case number. The message of the
/// submission itself (issue 17, `server/tests/it/after.rs`) is read at once:
/// these tests count what the deadline monitor sends.
async fn apply(app: &TestApp, who: &Who, key: &str) -> String {
    let answers = answers_for(app, who, "bundle=440100/birth").await;
    let res = who
        .client
        .post(app.url("/api/v1/applications"))
        .header("idempotency-key", key)
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
    let case_no = res.json::<Value>().await.unwrap()["case_no"]
        .as_str()
        .unwrap()
        .to_string();
    let res = who
        .client
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap();
    let inbox: Value = res.json().await.unwrap();
    for item in inbox["items"].as_array().unwrap() {
        if item["kind"] == "case_submitted" {
            let id = item["id"].as_i64().unwrap();
            let res = who
                .client
                .post(app.url(&format!("/api/v1/inbox/{id}/read")))
                .header("origin", app.origin())
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    case_no
}

/// The steps under way of a case: (task id, step key).
async fn under_way(pool: &PgPool, case_no: &str) -> Vec<(i64, String)> {
    sqlx::query_as(
        "select t.id, t.step_key from case_task t join case_file c on c.id = t.case_id
         where c.case_no = $1 and t.state in ('ready', 'claimed') order by t.id",
    )
    .bind(case_no)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Moves a step's deadline.
async fn due(pool: &PgPool, task: i64, on: time::Date) {
    sqlx::query("update case_task set due_on = $2 where id = $1")
        .bind(task)
        .bind(on)
        .execute(pool)
        .await
        .unwrap();
}

fn today() -> time::Date {
    test_now().date()
}

/// Far from any deadline: no alert.
fn later() -> time::Date {
    time::macros::date!(2026 - 11 - 30)
}

/// Who got which message about a step: (recipient, kind).
async fn told(pool: &PgPool, task: i64) -> Vec<(i64, String)> {
    sqlx::query_as(
        "select n.recipient_id, n.kind from notification n join step_alert a on a.id = n.alert_id
         where a.task_id = $1 order by n.recipient_id, n.kind",
    )
    .bind(task)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// A second pool on the same database: another server.
async fn second_pool(pool: &PgPool) -> PgPool {
    PgPoolOptions::new()
        .max_connections(4)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap()
}

#[tokio::test]
async fn two_workers_scanning_at_once_send_each_reminder_once() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let mut cases = Vec::new();
    for (i, n) in ["440106199003071231", "11010519491231002X"]
        .iter()
        .enumerate()
    {
        let who = citizen(&pool, &test_data_key(), &format!("citizen.{i}"), n).await;
        cases.push(apply(&app, &who, KEY).await);
    }
    // Some steps late, some near their deadline, one with time to spare.
    let mut expected = 0;
    for case in &cases {
        for (i, (task, _)) in under_way(&pool, case).await.into_iter().enumerate() {
            let on = match i % 3 {
                0 => today() - time::Duration::days(2),
                1 => today(),
                _ => later(),
            };
            if i % 3 != 2 {
                expected += 1;
            }
            due(&pool, task, on).await;
        }
    }
    // Staff at every post, so yellow alerts have someone to tell.
    let posts: Vec<(String, String, String)> = sqlx::query_as(
        "select distinct d.code, u.name_zh, p.name_zh from case_task t
         join department d on d.id = t.department_id join department_unit u on u.id = t.unit_id
         join department_post p on p.id = t.post_id where t.state = 'ready'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (i, (d, u, p)) in posts.iter().enumerate() {
        clerk(&pool, &format!("clerk.{i}"), d, u, p).await;
    }
    supervisor(&pool, "supervisor.gz", 440100).await;

    let other = second_pool(&pool).await;
    let mut raised = 0;
    for _ in 0..3 {
        let (a, b) = tokio::join!(
            monitor::scan(&pool, today(), 1, None),
            monitor::scan(&other, today(), 1, None)
        );
        raised += a.unwrap().alerts + b.unwrap().alerts;
    }
    assert!(expected > 0);
    assert_eq!(raised, expected, "each alert raised by exactly one scan");

    let alerts: Vec<(i64, String, i64)> =
        sqlx::query_as("select task_id, level, count(*) from step_alert group by task_id, level")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(alerts.len(), expected);
    assert!(alerts.iter().all(|(_, _, n)| *n == 1));
    // Every person was told once per step and level.
    let dupes: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "select a.task_id, a.level, n.recipient_id, count(*) from notification n
         join step_alert a on a.id = n.alert_id
         group by a.task_id, a.level, n.recipient_id having count(*) > 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(dupes.is_empty(), "{dupes:?}");
    let per_alert: Vec<(i64, String, i64)> = sqlx::query_as(
        "select a.task_id, a.level, count(n.id) from step_alert a
         left join notification n on n.alert_id = a.id group by a.task_id, a.level",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(per_alert.iter().all(|(_, _, n)| *n >= 1), "{per_alert:?}");

    // Workers on both "servers", through the queue: still nothing new.
    let w1 = jobs::Worker::new(
        pool.clone(),
        app::clock::Now::fixed(test_now()),
        1,
        Duration::from_secs(300),
        Duration::from_secs(1),
    );
    let w2 = jobs::Worker {
        pool: other.clone(),
        id: "second".into(),
        ..w1.clone()
    };
    let before: i64 = sqlx::query_scalar("select count(*) from notification")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (a, b) = tokio::join!(w1.round(), w2.round());
    a.unwrap();
    b.unwrap();
    let after: i64 = sqlx::query_scalar("select count(*) from notification")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(before, after);
    drop(app);
}

#[tokio::test]
async fn yellow_reminds_the_handler_or_post_and_red_escalates() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let applicant = citizen(&pool, &test_data_key(), "citizen.one", "440106199003071231").await;
    let case = apply(&app, &applicant, KEY).await;
    let steps = under_way(&pool, &case).await;
    assert!(steps.len() >= 3, "{steps:?}");
    let (taken, open, late) = (steps[0].0, steps[1].0, steps[2].0);
    for (task, _) in &steps {
        due(&pool, *task, later()).await;
    }
    let post = |task: i64| {
        let pool = pool.clone();
        async move { common::post_of_task(&pool, task).await }
    };
    // The bundle's reviews are at posts of different departments.
    assert_ne!(post(taken).await, post(open).await);
    assert_ne!(post(open).await, post(late).await);
    // The taken step: its handler and a colleague at the same post.
    let (d, u, p) = post(taken).await;
    let handler = clerk(&pool, "handler.one", &d, &u, &p).await;
    let colleague = clerk(&pool, "colleague.one", &d, &u, &p).await;
    sqlx::query("update case_task set state = 'claimed', claimed_by = $2 where id = $1")
        .bind(taken)
        .bind(handler.id)
        .execute(&pool)
        .await
        .unwrap();
    due(&pool, taken, today()).await;
    // The open step: two clerks at its post.
    let (d, u, p) = post(open).await;
    let post_a = clerk(&pool, "post.a", &d, &u, &p).await;
    let post_b = clerk(&pool, "post.b", &d, &u, &p).await;
    due(&pool, open, today()).await;
    // The late step: its unit's head, a clerk of the unit who is not head,
    // supervisors of the city and of the province (the city's are nearer).
    let (d, u, p) = post(late).await;
    let head = clerk(&pool, "head.one", &d, &u, &p).await;
    let not_head = clerk(&pool, "clerk.two", &d, &u, &p).await;
    sqlx::query("update staff set unit_head = true where account_id = $1")
        .bind(head.id)
        .execute(&pool)
        .await
        .unwrap();
    let city = supervisor(&pool, "supervisor.gz", 440100).await;
    let province = supervisor(&pool, "supervisor.gd", 440000).await;
    due(&pool, late, today() - time::Duration::days(1)).await;

    let report = monitor::scan(&pool, today(), 1, None).await.unwrap();
    assert_eq!(report.alerts, 3, "{report:?}");

    assert_eq!(
        told(&pool, taken).await,
        vec![(handler.id, "step_due_soon".into())]
    );
    assert!(!told(&pool, taken)
        .await
        .iter()
        .any(|(id, _)| *id == colleague.id));
    let mut post_told = told(&pool, open).await;
    post_told.sort();
    let mut want = vec![
        (post_a.id, "step_due_soon".to_string()),
        (post_b.id, "step_due_soon".to_string()),
    ];
    want.sort();
    assert_eq!(post_told, want);
    let mut late_told = told(&pool, late).await;
    late_told.sort();
    let mut want = vec![
        (head.id, "step_overdue".to_string()),
        (city.id, "step_overdue".to_string()),
        (applicant.id, "case_escalated".to_string()),
    ];
    want.sort();
    assert_eq!(late_told, want);
    assert!(!late_told
        .iter()
        .any(|(id, _)| *id == province.id || *id == not_head.id));

    // The levels: a reminder is yellow, the escalation red.
    let levels: HashMap<i64, String> =
        sqlx::query_as::<_, (i64, String)>("select task_id, level from step_alert")
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(levels[&taken], "yellow");
    assert_eq!(levels[&open], "yellow");
    assert_eq!(levels[&late], "red");

    // The next working day the near steps are late: red alerts, once.
    let next = time::macros::date!(2026 - 10 - 09);
    let report = monitor::scan(&pool, next, 1, None).await.unwrap();
    assert_eq!(report.alerts, 2, "{report:?}");
    let report = monitor::scan(&pool, next, 1, None).await.unwrap();
    assert_eq!(report.alerts, 0);

    // The applicant reads it in their inbox, in both languages.
    let inbox: Value = applicant
        .client
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["unread"], 3, "{inbox}");
    let first = &inbox["items"][0];
    assert_eq!(first["kind"], "case_escalated");
    assert!(first["body"].as_str().unwrap().contains(&case), "{first}");
    assert_eq!(first["link"], format!("/cases/{case}"));
    assert!(first["title"].as_str().unwrap().contains("督办"), "{first}");
    let english: Value = applicant
        .client
        .get(app.url("/api/v1/inbox"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        english["items"][0]["title"],
        "Your case is late and has been escalated"
    );
}

#[tokio::test]
async fn the_periodic_scan_is_queued_once_per_slot_however_many_servers_tick() {
    let pool = database(Seed::Reference).await;
    server::reference::load(&pool).await.unwrap();
    let other = second_pool(&pool).await;
    let interval = Duration::from_secs(300);
    let at = time::macros::datetime!(2026-10-08 09:01:00 UTC);
    let (a, b) = tokio::join!(
        jobs::tick(&pool, at, interval),
        jobs::tick(&other, at, interval)
    );
    assert_eq!(
        [a.unwrap(), b.unwrap()].iter().filter(|q| **q).count(),
        1,
        "one of the two servers queues the slot's scan"
    );
    // Later in the same slot: nothing; the next slot: a new scan.
    assert!(
        !jobs::tick(&pool, at + time::Duration::seconds(200), interval)
            .await
            .unwrap()
    );
    assert!(
        jobs::tick(&other, at + time::Duration::seconds(300), interval)
            .await
            .unwrap()
    );
    let scans: i64 = sqlx::query_scalar("select count(*) from job where kind = 'deadline_scan'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(scans, 2);

    // Two workers take them, each job once, and mark them done.
    let w1 = jobs::Worker::new(
        pool.clone(),
        app::clock::Now::fixed(test_now()),
        1,
        interval,
        Duration::from_secs(1),
    );
    let w2 = jobs::Worker {
        pool: other.clone(),
        id: "second".into(),
        ..w1.clone()
    };
    let (a, b) = tokio::join!(w1.work(), w2.work());
    assert_eq!(a.unwrap() + b.unwrap(), 2);
    let done: Vec<(i32, bool)> =
        sqlx::query_as("select attempts, done_at is not null from job order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(done, vec![(1, true), (1, true)]);
}

#[tokio::test]
async fn a_failing_job_is_kept_and_retried_later() {
    let pool = database(Seed::Schema).await;
    let id = jobs::enqueue(&pool, "no_such_job", &json!({"x": 1}), None)
        .await
        .unwrap()
        .unwrap();
    let w = jobs::Worker::new(
        pool.clone(),
        app::clock::Now::fixed(test_now()),
        1,
        Duration::from_secs(300),
        Duration::from_secs(1),
    );
    assert_eq!(w.work().await.unwrap(), 1);
    let (attempts, error, later, done): (i32, Option<String>, bool, bool) = sqlx::query_as(
        "select attempts, last_error, run_at > now(), done_at is not null or failed_at is not null
         from job where id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(error.unwrap().contains("no_such_job"));
    assert!(later, "backed off");
    assert!(!done);
    // Not due yet: nothing runs.
    assert_eq!(w.work().await.unwrap(), 0);
    // Its last attempt gives up.
    sqlx::query("update job set run_at = now(), attempts = max_attempts - 1 where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(w.work().await.unwrap(), 1);
    let failed: bool = sqlx::query_scalar("select failed_at is not null from job where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(failed);
}

/// A free port on loopback (nothing listens on it once this returns).
async fn free_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

/// A real SMTP server (aiosmtpd) on loopback storing mail in a maildir.
struct SmtpServer {
    child: std::process::Child,
    maildir: tempfile::TempDir,
}

impl SmtpServer {
    async fn start(port: u16) -> SmtpServer {
        let maildir = tempfile::tempdir().unwrap();
        let child = std::process::Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .spawn()
            .expect("python3-aiosmtpd (apt-get install python3-aiosmtpd; `make test` does)");
        // Dropped (and the child killed) on every path from here.
        let server = SmtpServer { child, maildir };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not start on port {port}: is Debian's python3-aiosmtpd installed? (`make test` installs it)");
    }

    /// The messages delivered.
    fn delivered(&self) -> Vec<String> {
        let dir = self.maildir.path().join("box").join("new");
        match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn mail_waits_while_the_server_is_down_and_is_delivered_once() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let applicant = citizen(
        &pool,
        &test_data_key(),
        "citizen.mail",
        "440106199003071231",
    )
    .await;
    sqlx::query("update account set email = 'citizen.mail@example.org' where id = $1")
        .bind(applicant.id)
        .execute(&pool)
        .await
        .unwrap();
    let case = apply(&app, &applicant, KEY).await;
    let steps = under_way(&pool, &case).await;
    for (task, _) in &steps {
        due(&pool, *task, later()).await;
    }
    due(&pool, steps[0].0, today() - time::Duration::days(1)).await;
    let on = MailOn {
        origin: Some("https://hall.example.gov.cn".into()),
    };
    let report = monitor::scan(&pool, today(), 1, Some(&on)).await.unwrap();
    assert_eq!(report.alerts, 1);
    let queued: Vec<(String, String)> = sqlx::query_as("select to_address, body from mail_outbox")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(queued.len(), 1, "only the applicant has an address");
    assert_eq!(queued[0].0, "citizen.mail@example.org");
    assert!(queued[0]
        .1
        .contains(&format!("https://hall.example.gov.cn/cases/{case}")));

    // The mail server is down: connection refused. The message stays.
    let port = free_port().await;
    let url = mailer::SmtpUrl::parse(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let m = mailer::Mailer::new(&url, "Banshi <noreply@example.org>").unwrap();
    let d = mailer::drain(&pool, &m, 10).await.unwrap();
    assert_eq!((d.sent, d.failed), (0, 1));
    let (attempts, error, sent, later): (i32, Option<String>, bool, bool) = sqlx::query_as(
        "select attempts, last_error, sent_at is not null, next_attempt_at > now() from mail_outbox",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert!(!sent);
    assert!(later, "backed off");
    // Not due yet: not tried again.
    assert_eq!(
        mailer::drain(&pool, &m, 10).await.unwrap(),
        mailer::Drained::default()
    );

    // The server comes up and the retry is due: delivered, once — also
    // with two servers draining at once.
    let smtp = SmtpServer::start(port).await;
    sqlx::query("update mail_outbox set next_attempt_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let other = second_pool(&pool).await;
    let (a, b) = tokio::join!(mailer::drain(&pool, &m, 10), mailer::drain(&other, &m, 10));
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    assert_eq!(
        mailer::drain(&pool, &m, 10).await.unwrap(),
        mailer::Drained::default()
    );
    let (attempts, sent): (i32, bool) =
        sqlx::query_as("select attempts, sent_at is not null from mail_outbox")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((attempts, sent), (2, true));
    let delivered = smtp.delivered();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert!(delivered[0].contains("citizen.mail@example.org"));
    assert!(delivered[0].contains("noreply@example.org"));
}

#[tokio::test]
async fn the_inbox_is_the_owners_alone() {
    let pool = database(Seed::Demo).await;
    let app = hall(&pool).await;
    let owner = citizen(
        &pool,
        &test_data_key(),
        "citizen.owner",
        "440106199003071231",
    )
    .await;
    let stranger = citizen(
        &pool,
        &test_data_key(),
        "citizen.other",
        "11010519491231002X",
    )
    .await;
    let case = apply(&app, &owner, KEY).await;
    let steps = under_way(&pool, &case).await;
    for (task, _) in &steps {
        due(&pool, *task, later()).await;
    }
    due(&pool, steps[0].0, today() - time::Duration::days(3)).await;
    monitor::scan(&pool, today(), 1, None).await.unwrap();

    let inbox: Value = owner
        .client
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["unread"], 1, "{inbox}");
    let id = inbox["items"][0]["id"].as_i64().unwrap();
    assert_eq!(inbox["items"][0]["read"], false);

    // Someone else sees nothing of it and cannot touch it.
    let theirs: Value = stranger
        .client
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"], json!([]));
    let res = stranger
        .client
        .post(app.url(&format!("/api/v1/inbox/{id}/read")))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = stranger
        .client
        .post(app.url(&format!("/inbox/{id}/read")))
        .header("origin", app.origin())
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A POST from another site, or with no origin at all from a form, is refused.
    for origin in [Some("http://evil.example"), None] {
        let mut req = owner
            .client
            .post(app.url(&format!("/inbox/{id}/read")))
            .form(&[("x", "1")]);
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        assert_eq!(req.send().await.unwrap().status(), StatusCode::FORBIDDEN);
    }
    let res = owner
        .client
        .post(app.url(&format!("/api/v1/inbox/{id}/read")))
        .header("origin", "http://evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let unread: i64 = sqlx::query_scalar("select count(*) from notification where read_at is null")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(unread, 1);

    // The inbox page lists it, unread, with its form.
    let page = owner.client.get(app.url("/inbox")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains(&case), "the message names the case");
    assert!(html.contains(&format!("action=\"/inbox/{id}/read\"")));
    // Every page's header links the inbox with the unread count.
    let home = owner.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.unwrap();
    assert!(
        home.contains("<a href=\"/inbox\">"),
        "the header links the inbox"
    );
    assert!(home.contains("unread-count"), "with the unread count");

    // The owner marks it read (the page's form, no JavaScript): back to the inbox.
    let res = owner
        .client
        .post(app.url(&format!("/inbox/{id}/read")))
        .header("origin", app.origin())
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/inbox");
    // And through the API (again: still read).
    let res = owner
        .client
        .post(app.url(&format!("/api/v1/inbox/{id}/read")))
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let inbox: Value = owner
        .client
        .get(app.url("/api/v1/inbox"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["unread"], 0);
    assert_eq!(inbox["items"][0]["read"], true);

    // Without a session: 401, and the page sends to sign-in.
    let res = app.get("/api/v1/inbox").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.get("/inbox").await;
    assert!(res.status().is_redirection());
}

#[tokio::test]
async fn the_demo_overdue_case_reaches_the_head_the_supervisor_and_the_citizen() {
    let pool = database(Seed::Demo).await;
    let _app = TestApp::spawn(pool.clone()).await;
    let key = test_data_key();
    server::demo::load(&pool).await.unwrap();
    server::demo::load_accounts(&pool, &key).await.unwrap();
    // Saturday 28 November 2026, 10:00 in Guangdong.
    let now = time::macros::datetime!(2026-11-28 10:00 +8);
    server::demo::cases::load(&pool, &key, now).await.unwrap();
    server::demo::load_notification_people(&pool, &key)
        .await
        .unwrap();
    // Again: nothing changes.
    server::demo::load_notification_people(&pool, &key)
        .await
        .unwrap();
    let heads: Vec<String> = sqlx::query_scalar(
        "select a.username from staff s join account a on a.id = s.account_id where s.unit_head",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(heads, vec!["head.gz.gaj".to_string()]);
    let addresses: Vec<(String, Option<String>)> = sqlx::query_as(
        "select username, email from account where username in ('supervisor.gz', 'citizen.demo', 'enterprise.demo')
         order by username",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        addresses,
        vec![
            (
                "citizen.demo".into(),
                Some("citizen.demo@example.org".into())
            ),
            ("enterprise.demo".into(), None),
            (
                "supervisor.gz".into(),
                Some("supervisor.gz@example.org".into())
            ),
        ]
    );

    monitor::scan(&pool, now.date(), 1, Some(&MailOn::default()))
        .await
        .unwrap();
    let got: Vec<(String, String)> = sqlx::query_as(
        "select a.username, n.kind from notification n join account a on a.id = n.recipient_id
         where n.kind in ('step_overdue', 'case_escalated') order by a.username, n.kind",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (who, kind) in [
        ("head.gz.gaj", "step_overdue"),
        ("supervisor.gz", "step_overdue"),
        ("citizen.demo", "case_escalated"),
    ] {
        assert!(
            got.contains(&(who.to_string(), kind.to_string())),
            "{who} {kind}: {got:?}"
        );
    }
    // Each with its e-mail queued.
    let mails: i64 = sqlx::query_scalar(
        "select count(*) from mail_outbox where to_address in
         ('head.gz.gaj@example.org', 'supervisor.gz@example.org', 'citizen.demo@example.org')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(mails >= 3, "{mails}");
}
