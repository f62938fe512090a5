//! Finding services in a real PostgreSQL: search (Chinese and English),
//! filters, paging, ranking, counts, hot services, the API and the pages.

use crate::common;
use common::{database, Seed};

use app::catalog::{
    find::{Find, FindParams, FindResult},
    store, ServiceCode,
};
use common::TestApp;
use serde_json::Value;
use sqlx::PgPool;

async fn loaded(pool: &PgPool) {
    server::reference::load(pool).await.unwrap();
    server::demo::load(pool).await.unwrap();
}

fn params(pairs: &[(&str, &str)]) -> FindParams {
    let json: serde_json::Map<String, Value> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
        .collect();
    serde_json::from_value(Value::Object(json)).unwrap()
}

async fn find(pool: &PgPool, pairs: &[(&str, &str)]) -> FindResult {
    store::find(pool, &Find::parse(&params(pairs)).unwrap())
        .await
        .unwrap()
}

/// Everything searchable about an item, lower-cased: names, aliases,
/// conditions, material names.
async fn searchable_text(pool: &PgPool, code: &str) -> String {
    let text: String = sqlx::query_scalar(
        "select lower(concat_ws(' ', i.name_zh, i.name_en, array_to_string(i.aliases_zh, ' '),
                array_to_string(i.aliases_en, ' '), array_to_string(i.conditions_zh, ' '),
                array_to_string(i.conditions_en, ' '),
                (select string_agg(m.name_zh || ' ' || m.name_en, ' ') from service_material m where m.item_id = i.id)))
         from service_item i where i.code = $1",
    )
    .bind(code)
    .fetch_one(pool)
    .await
    .unwrap();
    text
}

async fn all_pages(pool: &PgPool, pairs: &[(&str, &str)]) -> Vec<String> {
    let first = find(pool, pairs).await;
    let mut codes: Vec<String> = first.items.iter().map(|i| i.code.to_string()).collect();
    for page in 2..=first.pages() {
        let page = page.to_string();
        let mut p = pairs.to_vec();
        p.push(("page", &page));
        codes.extend(
            find(pool, &p)
                .await
                .items
                .iter()
                .map(|i| i.code.to_string()),
        );
    }
    assert_eq!(codes.len() as u64, first.total);
    codes
}

#[tokio::test]
async fn one_two_and_four_character_chinese_queries_find_what_contains_them() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    for q in ["婚", "社保", "婚姻", "公积金提取", "营业执照"] {
        let codes = all_pages(&pool, &[("q", q)]).await;
        assert!(!codes.is_empty(), "{q} finds something");
        for code in &codes {
            let text = searchable_text(&pool, code).await;
            // Every character of the query is in the item's text (pairs may
            // be spread over its parts, but every pair is there).
            let chars: Vec<char> = q.chars().collect();
            for pair in chars.windows(2.min(chars.len())) {
                let pair: String = pair.iter().collect();
                assert!(text.contains(&pair), "{code} matched {q} but lacks {pair}");
            }
        }
        // Nothing containing the query is missed (one result per service).
        let expected: i64 = sqlx::query_scalar(
            "select count(distinct i.template_key) from service_item i where concat_ws(' ', i.name_zh, array_to_string(i.aliases_zh, ' '),
                array_to_string(i.conditions_zh, ' '),
                (select string_agg(m.name_zh, ' ') from service_material m where m.item_id = i.id)) like '%' || $1 || '%'",
        )
        .bind(q)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(
            codes.len() as i64 >= expected,
            "{q}: {} found, {expected} contain it",
            codes.len()
        );
    }
    let marriage = all_pages(&pool, &[("q", "婚")]).await;
    assert!(marriage.contains(&"440100-MZJ-0001".to_string()));
}

#[tokio::test]
async fn single_characters_are_answered_by_the_index() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let mut conn = pool.acquire().await.unwrap();
    sqlx::query("set enable_seqscan = off")
        .execute(&mut *conn)
        .await
        .unwrap();
    let plan: Vec<String> = sqlx::query_scalar(
        "explain select code from service_search where terms @@ '''婚'''::tsquery",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    assert!(
        plan.iter().any(|l| l.contains("service_search_terms_idx")),
        "{plan:#?}"
    );
}

#[tokio::test]
async fn name_matches_rank_first_then_popularity() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let result = find(&pool, &[("q", "婚姻"), ("region", "440100")]).await;
    let in_name: Vec<bool> = result
        .items
        .iter()
        .map(|i| i.name.zh.contains("婚姻"))
        .collect();
    assert!(in_name[0], "{:?}", result.items[0].name);
    assert!(
        in_name.windows(2).all(|w| w[0] || !w[1]),
        "no name match after a body-only match: {in_name:?}"
    );

    // The least-ranked name match, once viewed more, comes first.
    let last_name_match = result
        .items
        .iter()
        .rev()
        .find(|i| i.name.zh.contains("婚姻"))
        .unwrap()
        .code
        .clone();
    for _ in 0..3 {
        store::record_view(&pool, &last_name_match).await.unwrap();
    }
    let again = find(&pool, &[("q", "婚姻"), ("region", "440100")]).await;
    assert_eq!(again.items[0].code, last_name_match);
}

#[tokio::test]
async fn english_is_case_insensitive_and_matches_word_starts() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let a = all_pages(&pool, &[("q", "marriage")]).await;
    assert!(a.contains(&"440100-MZJ-0001".to_string()));
    assert_eq!(a, all_pages(&pool, &[("q", "MARRIAGE")]).await);
    assert_eq!(a, all_pages(&pool, &[("q", "Ｍａｒｒｉａｇｅ")]).await);
    let partial = all_pages(&pool, &[("q", "marri")]).await;
    assert!(a.iter().all(|c| partial.contains(c)));
    let passport = find(&pool, &[("q", "passport")]).await;
    assert!(passport.total > 0);
    for i in &passport.items {
        assert!(searchable_text(&pool, &i.code.to_string())
            .await
            .contains("passport"));
    }
    let both = find(
        &pool,
        &[("q", "marriage registration"), ("region", "440100")],
    )
    .await;
    assert_eq!(both.items[0].code.to_string(), "440100-MZJ-0001");
}

#[tokio::test]
async fn filters_narrow_and_regions_see_their_own_their_parents_and_children() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let everything = find(&pool, &[]).await.total;
    let guangzhou = find(&pool, &[("region", "440100")]).await.total;
    let province = find(&pool, &[("region", "440000")]).await.total;
    assert_eq!(province, everything, "the province sees every item");
    // Guangzhou has every city's service and the province's: all of them.
    assert!(guangzhou <= everything);
    let allowed: Vec<i32> = sqlx::query_scalar(
        "select code from region where code in (440000, 440100) or parent_code = 440100",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for code in all_pages(&pool, &[("region", "440100")]).await {
        let region = ServiceCode::parse(&code).unwrap().region().get() as i32;
        assert!(allowed.contains(&region), "{code} is not for Guangzhou");
    }
    let county: i32 = sqlx::query_scalar("select min(code) from region where parent_code = 440100")
        .fetch_one(&pool)
        .await
        .unwrap();
    let county_total = find(&pool, &[("region", &county.to_string())]).await.total;
    assert!(county_total > 0 && county_total <= guangzhou);

    let mzj = all_pages(&pool, &[("department", "440100-MZJ")]).await;
    assert!(!mzj.is_empty());
    assert!(mzj.iter().all(|c| c.starts_with("440100-MZJ-")));
    // MZJ of every city: each service once, with its 21 places.
    let every_mzj = find(&pool, &[("department", "MZJ")]).await;
    assert_eq!(every_mzj.total, mzj.len() as u64);
    assert_eq!(every_mzj.items[0].places.len(), 21);

    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool);
    let enterprise = find(&pool, &[("target", "enterprise")]).await.total as i64;
    assert_eq!(
        enterprise,
        count("select count(distinct template_key) from service_item where applicant in ('enterprise', 'both')")
            .await
            .unwrap()
    );
    let online = find(&pool, &[("online", "true")]).await.total as i64;
    assert_eq!(
        online,
        count("select count(distinct template_key) from service_item where online_depth in ('apply_online', 'fully_online')")
            .await
            .unwrap()
    );
    let marriage = all_pages(&pool, &[("life_event", "marriage"), ("region", "440100")]).await;
    assert!(marriage.contains(&"440100-MZJ-0001".to_string()));
    let combined = find(
        &pool,
        &[
            ("life_event", "marriage"),
            ("q", "婚姻登记"),
            ("target", "individual"),
            ("region", "440100"),
        ],
    )
    .await;
    assert_eq!(combined.items[0].code.to_string(), "440100-MZJ-0001");
    let elderly = find(&pool, &[("group", "elderly")]).await.total;
    let establish = find(&pool, &[("stage", "establish")]).await.total;
    let theme = find(&pool, &[("theme", "housing_fund")]).await.total;
    assert!(elderly > 0 && establish > 0 && theme > 0);
}

#[tokio::test]
async fn pages_are_disjoint_and_past_the_end_is_empty_with_the_total() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let codes = all_pages(&pool, &[("q", "证")]).await;
    assert!(codes.len() > 40, "{} items", codes.len());
    let unique: std::collections::HashSet<_> = codes.iter().collect();
    assert_eq!(unique.len(), codes.len());
    // Across page boundaries, every name match comes before every other match.
    let named: Vec<bool> = sqlx::query_scalar(
        "select s.name_terms @@ to_tsquery('simple', '证') from unnest($1::text[]) with ordinality c(code, ord)
         join service_search s on s.code = c.code order by c.ord",
    )
    .bind(&codes)
    .fetch_all(&pool)
    .await
    .unwrap();
    let first_other = named
        .iter()
        .position(|n| !n)
        .expect("some match only outside names");
    assert!(
        first_other > 20,
        "names fill more than a page ({first_other})"
    );
    assert!(
        named[first_other..].iter().all(|n| !n),
        "a name match after another match"
    );
    let far = find(&pool, &[("q", "证"), ("page", "500")]).await;
    assert!(far.items.is_empty());
    assert_eq!(far.total, codes.len() as u64);
}

#[tokio::test]
async fn counts_match_what_browsing_finds() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let gz = app::regions::RegionCode::parse("440100").ok();
    let facets = store::facets(&pool, gz).await.unwrap();
    assert_eq!(
        u64::from(facets.total),
        find(&pool, &[("region", "440100")]).await.total
    );
    assert!(facets.life_events.len() >= 8, "{:?}", facets.life_events);
    for c in &facets.life_events {
        let found = find(
            &pool,
            &[("region", "440100"), ("life_event", c.value.code())],
        )
        .await;
        assert_eq!(found.total, u64::from(c.count), "{:?}", c.value);
    }
    for c in facets.themes.iter().chain([]) {
        let found = find(&pool, &[("region", "440100"), ("theme", c.value.code())]).await;
        assert_eq!(found.total, u64::from(c.count), "{:?}", c.value);
    }
    assert!(!facets.groups.is_empty() && !facets.stages.is_empty());
    // Guangzhou sees the provincial departments and its own, not Shenzhen's.
    assert!(facets.departments.iter().any(|d| d.region.get() == 440000));
    assert!(facets
        .departments
        .iter()
        .any(|d| d.region.get() == 440100 && d.code.as_str() == "MZJ"));
    assert!(!facets.departments.iter().any(|d| d.region.get() == 440300));
    for d in &facets.departments {
        let found = find(
            &pool,
            &[("region", "440100"), ("department", &d.filter().to_param())],
        )
        .await;
        assert_eq!(found.total, u64::from(d.count), "{}", d.name.zh);
    }
}

#[tokio::test]
async fn hot_services_come_from_recent_views() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let gz = app::regions::RegionCode::parse("440100").ok();
    assert!(store::hot(&pool, gz, 8).await.unwrap().is_empty());
    let marriage = ServiceCode::parse("440100-MZJ-0001").unwrap();
    let other = find(&pool, &[("region", "440100"), ("department", "440100-GJJ")])
        .await
        .items[0]
        .code
        .clone();
    store::record_view(&pool, &other).await.unwrap();
    for _ in 0..2 {
        store::record_view(&pool, &marriage).await.unwrap();
    }
    let hot = store::hot(&pool, gz, 8).await.unwrap();
    let codes: Vec<_> = hot.iter().map(|i| i.code.clone()).collect();
    assert_eq!(codes, vec![marriage.clone(), other.clone()]);
    // Shenzhen does not see Guangzhou's items as its hot services.
    let sz = app::regions::RegionCode::parse("440300").ok();
    let sz_hot = store::hot(&pool, sz, 8).await.unwrap();
    assert!(sz_hot.is_empty(), "{sz_hot:?}");
    // Views older than 30 days do not count.
    sqlx::query("update service_view_day set day = current_date - 40")
        .execute(&pool)
        .await
        .unwrap();
    assert!(store::hot(&pool, gz, 8).await.unwrap().is_empty());
}

#[tokio::test]
async fn stale_items_are_reindexed() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    sqlx::query("delete from service_search where code = '440100-MZJ-0001'")
        .execute(&pool)
        .await
        .unwrap();
    // An item indexed by older rules is redone too.
    sqlx::query("update service_search set terms_version = 0 where code = '440000-FGW-0001'")
        .execute(&pool)
        .await
        .unwrap();
    let before = all_pages(&pool, &[("q", "婚姻登记"), ("region", "440100")]).await;
    assert!(!before.contains(&"440100-MZJ-0001".to_string()));
    assert_eq!(store::reindex_stale(&pool).await.unwrap(), 2);
    let after = all_pages(&pool, &[("q", "婚姻登记"), ("region", "440100")]).await;
    assert_eq!(after[0], "440100-MZJ-0001");
    assert_eq!(store::reindex_stale(&pool).await.unwrap(), 0);
}

#[tokio::test]
async fn the_services_api_searches_and_refuses_bad_parameters() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let app = TestApp::spawn_without_reference(pool).await;
    let res = app
        .get("/api/v1/services?q=%E5%A9%9A%E5%A7%BB%E7%99%BB%E8%AE%B0&region=440100&target=individual&page=1")
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["items"][0]["code"], "440100-MZJ-0001");
    assert_eq!(body["items"][0]["name"]["zh"], "内地居民婚姻登记");
    assert!(body["total"].as_u64().unwrap() >= 1);

    let all: Value = app.get("/api/v1/services").await.json().await.unwrap();
    assert!(all["total"].as_u64().unwrap() >= 150);
    assert_eq!(all["items"].as_array().unwrap().len(), 20);

    for (query, name) in [
        ("region=4401", "region"),
        ("department=minzheng", "department"),
        ("theme=weddings", "theme"),
        ("life_event=wedding", "life_event"),
        ("target=aliens", "target"),
        ("online=maybe", "online"),
        ("page=0", "page"),
        ("page=abc", "page"),
    ] {
        let res = app
            .client
            .get(app.url(&format!("/api/v1/services?{query}")))
            .header("accept-language", "en")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{query}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_parameter", "{query}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(name), "{query}: {message}");
    }
    let unknown = app.get("/api/v1/services?region=440999").await;
    assert_eq!(unknown.status(), 400);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_region");
    let long = format!("/api/v1/services?q={}", "%E5%A9%9A".repeat(65));
    assert_eq!(app.get(&long).await.status(), 400);
}

#[tokio::test]
async fn departments_themes_and_life_events_are_listed_with_counts() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let app = TestApp::spawn_without_reference(pool).await;
    let themes: Value = app.get("/api/v1/themes").await.json().await.unwrap();
    let themes = themes.as_array().unwrap();
    assert_eq!(themes.len(), app::catalog::vocab::Theme::ALL.len());
    let fund = themes.iter().find(|t| t["code"] == "housing_fund").unwrap();
    assert_eq!(fund["name"]["zh"], "住房公积金");
    assert!(fund["count"].as_u64().unwrap() > 0);

    let events: Value = app
        .get("/api/v1/life-events?region=440100")
        .await
        .json()
        .await
        .unwrap();
    let marriage = events
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "marriage")
        .unwrap();
    assert!(marriage["count"].as_u64().unwrap() > 0);

    let depts: Value = app
        .get("/api/v1/departments?region=440100")
        .await
        .json()
        .await
        .unwrap();
    let depts = depts.as_array().unwrap();
    assert!(depts
        .iter()
        .any(|d| d["region"] == "440100" && d["code"] == "MZJ"));
    assert!(depts.iter().any(|d| d["region"] == "440000"));
    assert!(!depts.iter().any(|d| d["region"] == "440300"));
    let every: Value = app.get("/api/v1/departments").await.json().await.unwrap();
    assert!(every.as_array().unwrap().len() > depts.len());
    assert_eq!(
        app.get("/api/v1/departments?region=44x").await.status(),
        400
    );
    assert_eq!(
        app.get("/api/v1/departments?region=440999").await.status(),
        400
    );
    assert_eq!(app.get("/api/v1/themes?region=1").await.status(), 400);
}

#[tokio::test]
async fn the_navigator_and_result_pages_work_as_plain_html() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let app = TestApp::spawn_without_reference(pool).await;
    let gz = "banshi_region=440100";
    let page = app.get_with_cookie("/services", gz).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for text in [
        "按人生事件",
        "结婚",
        "按主题",
        "按特殊群体",
        "企业全生命周期",
        "按部门",
        "广州市民政局",
        "热门服务",
    ] {
        assert!(html.contains(text), "navigator lacks {text}");
    }
    assert!(html.contains("href=\"/services/find?life_event=marriage\""));
    assert!(html.contains("action=\"/services/find\""));

    let found = app
        .get_with_cookie("/services/find?life_event=marriage", gz)
        .await;
    assert_eq!(found.status(), 200);
    let html = found.text().await.unwrap();
    assert!(html.contains("内地居民婚姻登记"));
    assert!(html.contains("href=\"/services/440100-MZJ-0001\""));

    let searched = app
        .get_with_cookie("/services/find?q=%E5%A9%9A%E5%A7%BB%E7%99%BB%E8%AE%B0", gz)
        .await
        .text()
        .await
        .unwrap();
    assert!(searched.contains("内地居民婚姻登记"));

    let none = app
        .get_with_cookie("/services/find?q=zzqqxx", gz)
        .await
        .text()
        .await
        .unwrap();
    assert!(none.contains("没有找到符合条件的事项"));
    assert!(none.contains("href=\"/services/find?life_event=birth\""));

    let bad = app.get("/services/find?page=0").await;
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("参数 page 无效"));

    // Viewing an item counts towards the hot services.
    assert_eq!(app.get("/services/440100-MZJ-0001").await.status(), 200);
    let html = app
        .get_with_cookie("/services", gz)
        .await
        .text()
        .await
        .unwrap();
    let hot = html.split("热门服务").nth(1).unwrap();
    assert!(hot.contains("内地居民婚姻登记"));
}

// ---- finding from the need (issue 17) ---------------------------------------

async fn suggest(pool: &PgPool, q: &str, region: &str) -> Vec<app::catalog::find::Suggestion> {
    let q = app::catalog::search::SearchText::parse(q).unwrap().unwrap();
    let region = app::regions::RegionCode::parse(region).ok();
    store::suggest(pool, &q, region, app::catalog::SUGGESTIONS)
        .await
        .unwrap()
}

#[tokio::test]
async fn colloquial_words_and_the_life_event_find_the_bundle_first() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let birth = "/apply?bundle=440100/birth";
    for q in ["生孩子", "出生一件事", "出生", "生娃"] {
        let found = find(&pool, &[("q", q)]).await;
        assert_eq!(found.bundles.len(), 1, "{q}: {:?}", found.bundles);
        assert_eq!(found.bundles[0].place.href, birth, "{q}");
        assert_eq!(found.bundles[0].places.len(), 21, "{q}");
    }
    // 生孩子 also finds the services named 出生 (the synonym list's word).
    let found = find(&pool, &[("q", "生孩子")]).await;
    assert!(
        found.items.iter().any(|i| i.name.zh == "出生登记"),
        "{:?}",
        found.items
    );
    // The life event leads to the bundle first, the person's region's.
    let event = find(&pool, &[("life_event", "birth")]).await;
    assert_eq!(event.bundles[0].place.href, birth);
    let shenzhen = find(&pool, &[("life_event", "birth"), ("place", "440305")]).await;
    assert_eq!(shenzhen.bundles[0].place.href, "/apply?bundle=440300/birth");
    assert!(find(&pool, &[("q", "xyzzy")]).await.bundles.is_empty());
    assert!(find(&pool, &[("q", "出生"), ("page", "2")])
        .await
        .bundles
        .is_empty());
    // The suggestions while typing offer the bundle first.
    let typed = suggest(&pool, "生孩子", "440000").await;
    assert!(typed[0].bundle && typed[0].href == birth, "{typed:?}");
    assert!(typed.len() > 1 && !typed[1].bundle);
    let gz = suggest(&pool, "生孩子", "440103").await;
    assert_eq!(gz[0].href, birth);

    // The list is editable data: a word added is searched at once.
    assert!(find(&pool, &[("q", "小宝贝")]).await.bundles.is_empty());
    sqlx::query("insert into search_synonym (word, canonical) values ('小宝贝', '出生')")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        find(&pool, &[("q", "小宝贝")]).await.bundles[0].place.href,
        birth
    );
    // Loading the shipped list again puts the file's list back.
    server::reference::load(&pool).await.unwrap();
    assert!(find(&pool, &[("q", "小宝贝")]).await.bundles.is_empty());
    // Every catalog word of the list finds something.
    let words: Vec<String> = sqlx::query_scalar("select distinct canonical from search_synonym")
        .fetch_all(&pool)
        .await
        .unwrap();
    for w in words {
        let found = find(&pool, &[("q", &w)]).await;
        assert!(found.total > 0, "the synonym list's word {w} finds nothing");
    }
}

#[tokio::test]
async fn the_same_service_in_every_city_is_one_result_with_its_places() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let names =
        |r: &FindResult| -> Vec<String> { r.items.iter().map(|i| i.name.zh.clone()).collect() };
    let found = find(&pool, &[("q", "结婚登记")]).await;
    let marriage: Vec<_> = found
        .items
        .iter()
        .filter(|i| i.name.zh == "内地居民婚姻登记")
        .collect();
    assert_eq!(marriage.len(), 1, "{:?}", names(&found));
    assert_eq!(found.items[0].name.zh, "内地居民婚姻登记");
    let places = &marriage[0].places;
    assert_eq!(places.len(), 21);
    assert!(places
        .windows(2)
        .all(|w| w[0].region.get() < w[1].region.get()));
    assert!(places.iter().any(|p| p.href == "/services/440300-MZJ-0001"));
    // The place shown first: the province's visitor gets the first city,
    // a person of Shenzhen (or one of its districts) gets Shenzhen's.
    assert_eq!(marriage[0].code.to_string(), "440100-MZJ-0001");
    for place in ["440300", "440305"] {
        let mine = find(&pool, &[("q", "结婚登记"), ("place", place)]).await;
        assert_eq!(mine.items[0].code.to_string(), "440300-MZJ-0001", "{place}");
        assert_eq!(mine.items[0].places.len(), 21);
    }
    // A region filter: that city's services and the province's only.
    let zhuhai = find(&pool, &[("q", "婚姻"), ("region", "440400")]).await;
    assert!(zhuhai.total > 0);
    for i in &zhuhai.items {
        let r = i.code.region().get();
        assert!(r == 440400 || r == 440000, "{} is not for Zhuhai", i.code);
    }
    // The total counts services, and paging never repeats one.
    let all = all_pages(&pool, &[("q", "证")]).await;
    let keys: std::collections::HashSet<String> =
        sqlx::query_scalar("select template_key from service_item where code = any($1)")
            .bind(&all)
            .fetch_all(&pool)
            .await
            .unwrap()
            .into_iter()
            .collect();
    assert_eq!(keys.len(), all.len());
}

#[tokio::test]
async fn filter_counts_follow_the_query() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let counts = |pairs: &'static [(&'static str, &'static str)]| {
        let pool = pool.clone();
        async move {
            store::department_counts(&pool, &Find::parse(&params(pairs)).unwrap())
                .await
                .unwrap()
        }
    };
    let nothing = counts(&[("q", "xyzzy"), ("region", "440100")]).await;
    assert!(!nothing.is_empty());
    assert!(nothing.iter().all(|d| d.count == 0), "{nothing:?}");
    let browse = counts(&[("region", "440100")]).await;
    let marriage = counts(&[("q", "婚姻"), ("region", "440100")]).await;
    assert_eq!(browse.len(), marriage.len());
    let mzj = |list: &[app::catalog::find::DepartmentCount]| {
        list.iter()
            .find(|d| d.region.get() == 440100 && d.code.as_str() == "MZJ")
            .unwrap()
            .count
    };
    assert!(mzj(&marriage) > 0 && mzj(&marriage) < mzj(&browse));
    assert!(
        marriage.iter().any(|d| d.count == 0),
        "a department without 婚姻"
    );
    for d in marriage.iter().filter(|d| d.count > 0) {
        let found = find(
            &pool,
            &[
                ("q", "婚姻"),
                ("region", "440100"),
                ("department", &d.filter().to_param()),
            ],
        )
        .await;
        assert_eq!(found.total, u64::from(d.count), "{}", d.name.zh);
    }
    // The page: no counts at all when nothing matched.
    let app = TestApp::spawn_without_reference(pool.clone()).await;
    let html = app
        .get_with_cookie("/services/find?q=xyzzy", "banshi_region=440100")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("广州市民政局"), "the departments are listed");
    assert!(!html.contains("广州市民政局 ("), "without counts");
    assert!(html.contains("<select id=\"region\" name=\"region\""));
}

#[tokio::test]
async fn the_obvious_service_ranks_first() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let first = |r: &FindResult| r.items[0].name.zh.clone();
    // 社保: a service named 社保… before one that only mentions it.
    let social = find(&pool, &[("q", "社保")]).await;
    assert!(!first(&social).contains("丧葬"), "{}", first(&social));
    let pos = |r: &FindResult, part: &str| r.items.iter().position(|i| i.name.zh.contains(part));
    assert!(pos(&social, "丧葬").unwrap() > pos(&social, "社会保障卡").unwrap());
    // A word that is a service's alias: that service first.
    assert_eq!(
        first(&find(&pool, &[("q", "结婚")]).await),
        "内地居民婚姻登记"
    );
    // Within a tier, the more viewed first: views summed over the places.
    let card = find(&pool, &[("q", "社保")]).await;
    let last = card
        .items
        .iter()
        .rev()
        .find(|i| i.name.zh.starts_with("社"))
        .cloned();
    if let Some(last) = last {
        for code in last.places.iter().take(3) {
            let code = ServiceCode::parse(code.href.trim_start_matches("/services/")).unwrap();
            store::record_view(&pool, &code).await.unwrap();
        }
        let again = find(&pool, &[("q", "社保")]).await;
        let before = card.items.iter().position(|i| i.code == last.code).unwrap();
        let after = again
            .items
            .iter()
            .position(|i| i.name == last.name)
            .unwrap();
        assert!(after <= before, "{before} → {after}");
    }
}

#[tokio::test]
async fn the_result_page_leads_to_the_bundle_first_and_offers_the_places() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let app = TestApp::spawn_without_reference(pool).await;
    let html = app
        .get("/services/find?q=%E7%94%9F%E5%AD%A9%E5%AD%90")
        .await
        .text()
        .await
        .unwrap();
    let bundle = html
        .find("href=\"/apply?bundle=440100/birth\"")
        .expect("the bundle");
    let first_service = html.find("href=\"/services/44").expect("services");
    assert!(bundle < first_service);
    let event = app
        .get("/services/find?life_event=birth")
        .await
        .text()
        .await
        .unwrap();
    let bundle = event
        .find("href=\"/apply?bundle=440100/birth\"")
        .expect("the bundle");
    assert!(bundle < event.find("href=\"/services/44").unwrap());
    // One result for marriage registration, its places a choice.
    let marriage = app
        .get_with_cookie(
            "/services/find?q=%E7%BB%93%E5%A9%9A%E7%99%BB%E8%AE%B0",
            "banshi_region=440300",
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(marriage.matches(">内地居民婚姻登记<").count(), 1);
    let first = marriage.find("href=\"/services/44").unwrap();
    assert!(marriage[first..].starts_with("href=\"/services/440300-MZJ-0001\""));
    assert!(marriage.contains("href=\"/services/440100-MZJ-0001\""));
    assert!(marriage.contains("办理地"));
}

/// A stage of an investment project found in search leads to the
/// investment channel, which says how a stage is applied for (with a
/// registered project, from its page), never to the plain application
/// form, which cannot take it without a project code.
#[tokio::test]
async fn a_stage_of_an_investment_project_leads_to_the_investment_channel() {
    let pool = database(Seed::Demo).await;
    loaded(&pool).await;
    let app = TestApp::spawn_without_reference(pool.clone()).await;
    let res = app
        .get("/api/v1/services?q=%E5%B7%A5%E7%A8%8B%E5%BB%BA%E8%AE%BE%E8%AE%B8%E5%8F%AF%E9%98%B6%E6%AE%B5")
        .await;
    assert_eq!(res.status(), 200);
    let found: Value = res.json().await.unwrap();
    let bundles = found["bundles"].as_array().unwrap();
    assert_eq!(bundles.len(), 1, "{found}");
    assert_eq!(bundles[0]["place"]["href"], "/investment?stage=2");
    assert!(bundles[0]["places"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["href"] == "/investment?stage=2"));
    // The search page and the suggestions link the same way.
    let page = app
        .get("/services/find?q=%E7%AB%A3%E5%B7%A5%E9%AA%8C%E6%94%B6%E9%98%B6%E6%AE%B5")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("href=\"/investment?stage=4\""), "{page}");
    assert!(!page.contains("investment-stage-4"), "{page}");
    let typed = suggest(&pool, "施工许可阶段", "440000").await;
    assert_eq!(typed[0].href, "/investment?stage=3", "{typed:?}");
    // The channel explains the stage and the ways in.
    let page = app.get("/investment?stage=2").await.text().await.unwrap();
    assert!(page.contains("凭已赋码项目的项目代码申报"), "{page}");
    assert!(page.contains("工程建设许可"), "{page}");
    assert!(page.contains("href=\"/investment/register\""), "{page}");
    assert!(page.contains("href=\"/me/projects\""), "{page}");
    // Bundles that are no stage still lead to their application.
    let birth = find(&pool, &[("q", "出生一件事")]).await;
    assert_eq!(birth.bundles[0].place.href, "/apply?bundle=440100/birth");
}
