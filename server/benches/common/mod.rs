//! What the benches share: a client with a session, answers for a form,
//! a closed-loop load of GET requests and its percentiles.
#![allow(dead_code)] // each bench uses some of it

use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A client sending the session cookie `token`.
pub fn client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("cookie", format!("banshi_session={token}").parse().unwrap());
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

/// An answer for every field of the form, of the kind the field asks for.
pub fn answers(form: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for f in form["fields"].as_array().into_iter().flatten() {
        let key = f["key"].as_str().unwrap_or_default();
        match f["kind"].as_str().unwrap_or_default() {
            "address" => {
                out.insert(format!("{key}.region"), json!("440106"));
                out.insert(format!("{key}.detail"), json!("天河路 100 号"));
            }
            "choice" => {
                out.insert(key.into(), f["options"][0]["value"].clone());
            }
            kind => {
                let v = match kind {
                    "id_number" => "440106199003071231",
                    "mobile" => "13800138000",
                    "person_name" => "张小明",
                    "date" => "2026-09-20",
                    "credit_code" => "91440101MA59Q8R3XA",
                    "number" => "1",
                    _ => "Q440100",
                };
                out.insert(key.into(), json!(v));
            }
        }
    }
    Value::Object(out)
}

/// One worker per client, each asking for `paths` in turn (worker `w`
/// starting at the `w`-th) under `base` again as soon as the last answer
/// was read, for `length`; every answer must be 200. The latencies in
/// milliseconds, unsorted, and the seconds it took.
pub async fn drive(
    clients: &[reqwest::Client],
    base: &str,
    paths: &[String],
    length: Duration,
) -> (Vec<f64>, f64) {
    let started = Instant::now();
    let until = started + length;
    let mut workers = Vec::new();
    for (w, client) in clients.iter().enumerate() {
        let (client, base, paths) = (client.clone(), base.to_string(), paths.to_vec());
        workers.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            let mut n = w;
            while Instant::now() < until {
                let path = &paths[n % paths.len()];
                n += 1;
                let t = Instant::now();
                let res = client.get(format!("{base}{path}")).send().await.unwrap();
                let status = res.status();
                let body = res.bytes().await.unwrap();
                assert_eq!(
                    status,
                    200,
                    "{path}: {}",
                    String::from_utf8_lossy(&body[..body.len().min(500)])
                );
                mine.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            mine
        }));
    }
    let mut all = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    (all, started.elapsed().as_secs_f64())
}

/// The `p` quantile of sorted latencies.
pub fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}
