//! What the benches share: a client with a session, and answers for a form.

use serde_json::{json, Value};

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
