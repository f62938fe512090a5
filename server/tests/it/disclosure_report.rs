//! The annual disclosure report (issue 20) against a real PostgreSQL: rows
//! of documents, requests and challenges in several departments, years and
//! states are written straight into the tables, and the report's figures —
//! over the JSON API and the CSV, for a department, a city and the province
//! — must equal a recount of the same rows by plain SQL written here.

use crate::common;
use common::{citizen, clerk, database, test_data_key, Seed, TestApp};

use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

const KINDS: [&str; 6] = [
    "natural_person",
    "business",
    "research",
    "social_organisation",
    "legal_service",
    "other",
];

/// Rows for departments `deps`: 40 documents each (some policies repealed),
/// 120 requests each received over 2024–2026 in every state, 6 challenges.
async fn fill(pool: &PgPool, deps: &[i64], author: i64, reviewer: i64, applicant: i64) {
    for (n, dep) in deps.iter().enumerate() {
        for i in 0..40i64 {
            let kind = [
                "news",
                "notice",
                "policy",
                "plan",
                "budget",
                "press_conference",
            ][(i % 6) as usize];
            let category = ["general", "civil_affairs", "finance"][(i % 3) as usize];
            let validity = match kind {
                "policy" | "plan" => Some(if i % 4 == 0 { "repealed" } else { "valid" }),
                _ => None,
            };
            let year = 2024 + (i % 3) as i32;
            let on = time::Date::from_calendar_date(year, time::Month::March, 1 + (i % 28) as u8)
                .unwrap();
            let item: i64 = sqlx::query_scalar(
                "insert into review_item (subject, department_id, author_id, state, reviewer_id, published_at)
                 values ('document', $1, $2, 'published', $3, now()) returning id",
            )
            .bind(dep)
            .bind(author)
            .bind(reviewer)
            .fetch_one(pool)
            .await
            .unwrap();
            sqlx::query(
                "insert into document (review_id, department_id, region_code, kind, title, issuer,
                     category, written_on, published_on, index_no, index_year, index_serial, body, validity)
                 select $1, d.id, d.region_code, $2, '测试文件', d.name_zh, $3, $4, $4,
                     lpad(d.region_code::text, 6, '0') || '-' || d.code || '-' || $5::smallint::text || '-' || lpad($6::integer::text, 5, '0'),
                     $5::smallint, $6::integer, '正文', $7
                 from department d where d.id = $8",
            )
            .bind(item)
            .bind(kind)
            .bind(category)
            .bind(on)
            .bind(year as i16)
            .bind((i + 1) as i32)
            .bind(validity)
            .bind(dep)
            .execute(pool)
            .await
            .unwrap();
        }
        // Requests: received on a day of 2024–2026; a third still open, the
        // rest closed some days later (some across a year's end).
        sqlx::query(
            "insert into information_request (request_no, applicant_id, idempotency_key, applicant_kind,
                 department_id, region_code, description, delivery, state, received_on, due_on,
                 outcome, withheld, answered_on, closed_on, paused_from)
             select 'YS' || to_char(rd, 'YYYYMMDD') || lpad(($1 * 1000 + g)::text, 6, '0'), $2,
                    gen_random_uuid(), kinds[1 + g % 6], d.id, d.region_code, '申请公开的信息内容', 'online',
                    st, rd, rd + 28,
                    case st when 'answered' then outcomes[1 + g % 11] when 'lapsed' then 'no_supplement'
                            when 'withdrawn' then 'other_handling' end,
                    case when st = 'answered' and outcomes[1 + g % 11] in ('partly_disclosed', 'not_disclosed')
                         then withheld[1 + g % 8] end,
                    case when st = 'answered' then rd + 10 + g % 30 end,
                    case when st in ('answered', 'lapsed', 'withdrawn') then rd + 10 + g % 30 end,
                    case when st in ('supplementing', 'consulting') then rd + 3 end
             from generate_series(1, 120) g
             cross join lateral (select make_date(2024 + g % 3, 1 + g % 12, 1 + (g * 7) % 28)
                                 + (case when g % 10 = 0 then 340 - (g * 7) % 28 else 0 end) as rd) r
             cross join lateral (select (array['received', 'supplementing', 'consulting', 'answered',
                                               'answered', 'answered', 'answered', 'lapsed', 'withdrawn'])[1 + g % 9] as st) s
             cross join (select array['natural_person', 'business', 'research', 'social_organisation',
                                      'legal_service', 'other'] as kinds,
                                array['disclosed', 'partly_disclosed', 'not_disclosed', 'not_held', 'needs_creating',
                                      'still_unclear', 'not_a_request', 'repeat', 'publication', 'excessive',
                                      'confirmation'] as outcomes,
                                array['state_secret', 'law_forbids', 'security', 'third_party_rights',
                                      'internal_affairs', 'process_information', 'enforcement_file',
                                      'administrative_query'] as withheld) a
             join department d on d.id = $3",
        )
        .bind(n as i64)
        .bind(applicant)
        .bind(dep)
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "insert into disclosure_challenge (department_id, route, brought_on, result, decided_on)
             values ($1, 'review', '2025-03-01', 'upheld', '2025-05-01'),
                    ($1, 'review', '2025-06-01', 'corrected', '2025-08-01'),
                    ($1, 'review', '2025-11-01', 'other', '2026-01-20'),
                    ($1, 'lawsuit', '2025-04-01', null, null),
                    ($1, 'lawsuit', '2024-04-01', 'upheld', '2025-02-01'),
                    ($1, 'review', '2026-02-01', null, null)",
        )
        .bind(dep)
        .execute(pool)
        .await
        .unwrap();
    }
}

async fn count(pool: &PgPool, sql: &str, deps: &[i64], year: i32) -> u64 {
    let n: i64 = sqlx::query_scalar(sql)
        .bind(deps)
        .bind(year)
        .fetch_one(pool)
        .await
        .unwrap();
    n as u64
}

/// Each figure of the report against the same figure counted here.
async fn check(pool: &PgPool, r: &Value, deps: &[i64], year: i32) {
    let n = |v: &Value| v.as_u64().unwrap();
    let p = &r["proactive"];
    let published = "select count(*) from document where department_id = any($1)
                     and extract(year from published_on) = $2";
    assert_eq!(n(&p["published"]), count(pool, published, deps, year).await);
    for l in p["by_kind"].as_array().unwrap() {
        let sql = format!("{published} and kind = '{}'", l["code"].as_str().unwrap());
        assert_eq!(n(&l["count"]), count(pool, &sql, deps, year).await, "{l}");
    }
    for l in p["by_category"].as_array().unwrap() {
        let sql = format!(
            "{published} and category = '{}'",
            l["code"].as_str().unwrap()
        );
        assert_eq!(n(&l["count"]), count(pool, &sql, deps, year).await, "{l}");
    }
    let upto = "select count(*) from document where department_id = any($1)
                and extract(year from published_on) <= $2";
    assert_eq!(
        n(&p["in_force"]),
        count(pool, &format!("{upto} and validity = 'valid'"), deps, year).await
    );
    assert_eq!(
        n(&p["superseded"]),
        count(
            pool,
            &format!("{upto} and validity in ('amended', 'repealed')"),
            deps,
            year
        )
        .await
    );

    let t = &r["requests"];
    let rows = "select count(*) from information_request where department_id = any($1)";
    let by_kind = |row: &Value, cond: &str| {
        let row = row.clone();
        let cond = cond.to_string();
        async move {
            for (i, kind) in KINDS.iter().enumerate() {
                let sql = format!("{rows} and applicant_kind = '{kind}' and {cond}");
                assert_eq!(
                    n(&row["counts"][i]),
                    count(pool, &sql, deps, year).await,
                    "{cond} {kind}"
                );
            }
            assert_eq!(
                n(&row["total"]),
                count(pool, &format!("{rows} and {cond}"), deps, year).await,
                "{cond}"
            );
        }
    };
    by_kind(&t["received"], "extract(year from received_on) = $2").await;
    by_kind(
        &t["carried_in"],
        "extract(year from received_on) < $2 and (closed_on is null or extract(year from closed_on) >= $2)",
    )
    .await;
    by_kind(&t["finished"], "extract(year from closed_on) = $2").await;
    by_kind(
        &t["carried_out"],
        "extract(year from received_on) <= $2 and (closed_on is null or extract(year from closed_on) > $2)",
    )
    .await;
    for o in t["outcomes"].as_array().unwrap() {
        let cond = format!(
            "extract(year from closed_on) = $2 and outcome = '{}'",
            o["code"].as_str().unwrap()
        );
        by_kind(&o["row"], &cond).await;
    }
    for o in t["not_disclosed_by_reason"].as_array().unwrap() {
        let cond = format!(
            "extract(year from closed_on) = $2 and outcome = 'not_disclosed' and withheld = '{}'",
            o["code"].as_str().unwrap()
        );
        by_kind(&o["row"], &cond).await;
    }
    // The statute's balance: received + carried in = finished + carried out.
    assert_eq!(
        n(&t["received"]["total"]) + n(&t["carried_in"]["total"]),
        n(&t["finished"]["total"]) + n(&t["carried_out"]["total"])
    );

    let c = "select count(*) from disclosure_challenge where department_id = any($1)
             and extract(year from brought_on) = $2";
    for route in ["review", "lawsuit"] {
        let line = &r["challenges"][route];
        let decided = format!("{c} and route = '{route}' and extract(year from decided_on) <= $2");
        assert_eq!(
            n(&line["upheld"]),
            count(
                pool,
                &format!("{decided} and result = 'upheld'"),
                deps,
                year
            )
            .await
        );
        assert_eq!(
            n(&line["corrected"]),
            count(
                pool,
                &format!("{decided} and result = 'corrected'"),
                deps,
                year
            )
            .await
        );
        assert_eq!(
            n(&line["pending"]),
            count(
                pool,
                &format!("{c} and route = '{route}' and (decided_on is null or extract(year from decided_on) > $2)"),
                deps,
                year
            )
            .await
        );
        assert_eq!(
            n(&line["total"]),
            count(pool, &format!("{c} and route = '{route}'"), deps, year).await
        );
    }
}

#[tokio::test]
async fn the_annual_report_equals_a_recount_of_the_rows() {
    let pool = database(Seed::Demo).await;
    let app = TestApp::spawn(pool.clone()).await;
    let author = clerk(&pool, "report.author", "MZJ", "政务服务窗口", "受理岗").await;
    let reviewer = clerk(&pool, "report.reviewer", "MZJ", "政务服务窗口", "受理岗").await;
    let applicant = citizen(&pool, &test_data_key(), "report.a", "440106199003071231").await;
    let dep = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let mzj = dep("select id from department where region_code = 440100 and code = 'MZJ'").await;
    let gaj = dep("select id from department where region_code = 440100 and code = 'GAJ'").await;
    let province = dep("select min(id) from department where region_code = 440000").await;
    // Whatever the demo already holds counts too: the recount sees it.
    fill(
        &pool,
        &[mzj, gaj, province],
        author.id,
        reviewer.id,
        applicant.id,
    )
    .await;
    let city: Vec<i64> = sqlx::query_scalar(
        "select d.id from department d join region r on r.code = d.region_code
         where r.code = 440100 or r.parent_code = 440100",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let all: Vec<i64> = sqlx::query_scalar("select id from department")
        .fetch_all(&pool)
        .await
        .unwrap();
    for (query, deps, year) in [
        (format!("department={mzj}&year=2025"), vec![mzj], 2025),
        (format!("department={gaj}&year=2024"), vec![gaj], 2024),
        ("region=440100&year=2025".to_string(), city.clone(), 2025),
        ("region=440100&year=2026".to_string(), city, 2026),
        ("year=2025".to_string(), all, 2025),
    ] {
        let res = app
            .get(&format!("/api/v1/disclosure/annual-report?{query}"))
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{query}");
        let r: Value = res.json().await.unwrap();
        assert_eq!(r["year"], year);
        check(&pool, &r, &deps, year).await;
        // The CSV says the same: its received line's total, its balance.
        let res = app
            .get(&format!("/api/v1/disclosure/annual-report.csv?{query}"))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        let text = res.text().await.unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let total = |row: &str| {
            csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
                .records()
                .map(Result::unwrap)
                .find(|rec| &rec[0] == "requests" && &rec[1] == row)
                .map(|rec| rec[8].parse::<u64>().unwrap())
                .unwrap()
        };
        assert_eq!(reader.headers().unwrap().len(), 9);
        assert_eq!(
            total("received"),
            r["requests"]["received"]["total"].as_u64().unwrap()
        );
        assert_eq!(
            total("received") + total("carried_in"),
            total("finished") + total("carried_out")
        );
    }
    // Asked wrongly: 400 with the parameter named, 404 for nobody.
    for (query, status) in [
        ("year=2999", StatusCode::BAD_REQUEST),
        ("year=abc", StatusCode::BAD_REQUEST),
        ("region=12", StatusCode::BAD_REQUEST),
        ("department=-3", StatusCode::BAD_REQUEST),
        ("department=99999999", StatusCode::NOT_FOUND),
        ("region=440199", StatusCode::NOT_FOUND),
    ] {
        let res = app
            .get(&format!("/api/v1/disclosure/annual-report?{query}"))
            .await;
        assert_eq!(res.status(), status, "{query}");
    }
}
