//! The HTTP API end to end, in process: real router, real SQLite store seeded with the
//! hand-annotated fixtures of `examples/annotated.jsonl` (test fixtures, not extraction output).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;
use vigie_server::{router, App, Config};

fn temp_db(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir()
        .join(format!(
            "vigie-api-{name}-{}-{nanos}.db",
            std::process::id()
        ))
        .display()
        .to_string()
}

fn seed(location: &str) {
    let docs: Vec<vigie_core::Document> = include_str!("../../../examples/annotated.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut store = vigie_store::open(location).unwrap();
    vigie_store::put_documents(store.as_mut(), &docs).unwrap();
}

async fn app(name: &str, rate: u32, max_body: usize) -> Arc<App> {
    let location = temp_db(name);
    seed(&location);
    App::open(Config {
        location,
        rate_per_second: rate,
        max_body_bytes: max_body,
    })
    .await
    .unwrap()
}

async fn call(app: &Arc<App>, req: Request<Body>) -> (StatusCode, Value) {
    let resp = router(Arc::clone(app)).oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
        panic!(
            "{status}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, json)
}

async fn get(app: &Arc<App>, uri: &str) -> (StatusCode, Value) {
    call(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Arc<App>, ctype: &str, body: impl Into<Body>) -> (StatusCode, Value) {
    let req = Request::post("/v1/extract")
        .header("content-type", ctype)
        .body(body.into())
        .unwrap();
    call(app, req).await
}

#[tokio::test]
async fn queries_answer_with_pages_of_json() {
    let app = app("queries", 1000, 1 << 20).await;
    let (s, health) = get(&app, "/healthz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(health["articles"], 2);

    let (s, hits) = get(&app, "/v1/search?q=trait%C3%A9s").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(hits["items"][0]["doc_id"], "vigie-fixture-fr-pyongyang");
    assert!(hits.get("next_offset").is_none());

    let (_, page) = get(&app, "/v1/search?limit=1").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["next_offset"], 1);

    let (_, quotes) = get(&app, "/v1/quotes?speaker=poutine").await;
    assert_eq!(quotes["items"].as_array().unwrap().len(), 3);
    let (_, events) = get(
        &app,
        "/v1/events?source=RUS&target=PRK&code=057&since=2024-06-01",
    )
    .await;
    assert_eq!(events["items"].as_array().unwrap().len(), 1);
    assert_eq!(events["items"][0]["source"]["name"], "Vladimir Poutine");
    // The event stage's fields are part of the answer.
    let ev = &events["items"][0];
    assert_eq!(ev["source"]["country"], "RUS");
    assert_eq!(
        (ev["plover_type"].as_str(), ev["plover_mode"].as_str()),
        (Some("AGREE"), Some("sign"))
    );
    assert_eq!(
        (ev["goldstein"].as_f64(), ev["quad_class"].as_i64()),
        (Some(8.0), Some(1))
    );
    assert_eq!(
        (ev["place"].as_str(), ev["date_text"].as_str()),
        (Some("Pyongyang"), Some("mercredi"))
    );
    assert_eq!(
        (ev["negated"].as_bool(), ev["modality"].is_null()),
        (Some(false), true)
    );

    let (_, ents) = get(&app, "/v1/entities?by=quotes&limit=2").await;
    assert_eq!(ents["items"][0]["name"], "Vladimir Poutine");
    let id = ents["items"][0]["id"].as_i64().unwrap();
    let (s, ent) = get(&app, &format!("/v1/entities/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ent["roles"]["speaker"], 3);
    assert!(ent["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a[0] == "Putin"));
    // The entity page a page at a time: one page size, an offset per list, and the offset of
    // the next page until the last.
    let all: Vec<Value> = ent["quotes"].as_array().unwrap().clone();
    assert_eq!(all.len(), 3);
    assert!(ent.get("quotes_next_offset").is_none(), "{ent}");
    let mut paged = Vec::new();
    let mut offset = Some(0);
    while let Some(o) = offset {
        let (s, p) = get(
            &app,
            &format!("/v1/entities/{id}?limit=1&quotes_offset={o}"),
        )
        .await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(p["quotes"].as_array().unwrap().len(), 1, "{p}");
        assert_eq!(p["roles"]["speaker"], 3);
        paged.push(p["quotes"][0].clone());
        offset = p["quotes_next_offset"].as_u64();
        assert!(paged.len() <= 3);
    }
    assert_eq!(paged, all);
    let (_, p) = get(&app, &format!("/v1/entities/{id}?limit=1&events_offset=1")).await;
    assert_eq!(p["events"][0]["id"], ent["events"][1]["id"]);
    assert!(p.get("events_next_offset").is_none(), "{p}");
    assert_eq!(p["articles_next_offset"], 1);

    let art_id = hits["items"][0]["id"].as_i64().unwrap();
    let (s, art) = get(&app, &format!("/v1/articles/{art_id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(art["quotes"].as_array().unwrap().len(), 3);
    assert_eq!(art["quotes"][0]["speaker"], "Vladimir Poutine");

    let (_, net) = get(&app, "/v1/network").await;
    assert_eq!(net["items"].as_array().unwrap().len(), 4);
    let (_, tl) = get(&app, "/v1/timeline").await;
    assert_eq!(tl["items"][0]["month"], "2024-06");
    let (_, stats) = get(&app, "/v1/stats").await;
    assert_eq!(stats["quotes"], 5);
}

#[tokio::test]
async fn bad_requests_get_4xx_json_errors() {
    let app = app("errors", 1000, 4096).await;
    for (uri, status) in [
        ("/v1/articles/999999", StatusCode::NOT_FOUND),
        ("/v1/entities/999999", StatusCode::NOT_FOUND),
        ("/v1/articles/abc", StatusCode::BAD_REQUEST),
        ("/v1/search?since=yesterday", StatusCode::BAD_REQUEST),
        ("/v1/search?limit=-3", StatusCode::BAD_REQUEST),
        ("/v1/search?limit=99999999999", StatusCode::BAD_REQUEST),
        ("/v1/events?code=05%25", StatusCode::BAD_REQUEST),
        ("/v1/quotes?entity=x", StatusCode::BAD_REQUEST),
        ("/v1/entities?by=fame", StatusCode::BAD_REQUEST),
        ("/v1/entities/1?limit=many", StatusCode::BAD_REQUEST),
        ("/v1/entities/1?events_offset=-1", StatusCode::BAD_REQUEST),
        ("/v1/nothing-here", StatusCode::NOT_FOUND),
    ] {
        let (s, body) = get(&app, uri).await;
        assert_eq!(s, status, "{uri}: {body}");
        assert_eq!(body["error"]["status"], status.as_u16(), "{uri}");
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));
    }
    let long = format!("/v1/search?q={}", "a".repeat(2000));
    assert_eq!(get(&app, &long).await.0, StatusCode::BAD_REQUEST);
    // A huge limit is clamped, not an error.
    let (s, page) = get(&app, "/v1/search?limit=5000").await;
    assert_eq!((s, page["limit"].as_u64()), (StatusCode::OK, Some(1000)));

    let (s, body) = post(&app, "application/json", "{not json").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");
    let (s, _) = post(
        &app,
        "application/json",
        r#"{"text": "a", "html": "<p>b</p>"}"#,
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(&app, "application/json", r#"{"txt": "oops"}"#).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(&app, "application/json", r#"{"text": "   "}"#).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = post(&app, "image/png", vec![0x89u8, 0x50]).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = format!(r#"{{"text": "{}"}}"#, "mot ".repeat(5000));
    let (s, body) = post(&app, "application/json", big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
}

#[tokio::test]
async fn extract_annotates_one_article() {
    let app = app("extract", 1000, 1 << 20).await;
    let (s, doc) = post(
        &app,
        "application/json",
        r#"{"id": "a1", "text": "Vladimir Poutine est arrivé. Il a signé un traité.", "date": "2024-06-19"}"#,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{doc}");
    assert_eq!(doc["id"], "a1");
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(doc["meta"]["date"], "2024-06-19");
    let (s, doc) = post(&app, "text/html", "<html><body><article><p>Le Kremlin a déclaré que la visite était historique.</p></article></body></html>").await;
    assert_eq!(s, StatusCode::OK, "{doc}");
    assert!(doc["text"].as_str().unwrap().contains("Kremlin"));
}

#[tokio::test]
async fn clients_over_the_rate_get_429() {
    let app = app("rate", 1, 1 << 20).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(get(&app, "/v1/stats").await.0);
    }
    assert_eq!(statuses[0], StatusCode::OK);
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    // Health checks and the interface are not rate-limited.
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::OK);
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let app = app("openapi", 1000, 1 << 20).await;
    let (s, spec) = get(&app, "/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    for p in [
        "/healthz",
        "/v1/search",
        "/v1/quotes",
        "/v1/events",
        "/v1/entities",
        "/v1/entities/{id}",
        "/v1/articles/{id}",
        "/v1/network",
        "/v1/timeline",
        "/v1/stats",
        "/v1/extract",
    ] {
        assert!(paths.contains_key(p), "{p} missing from /openapi.json");
    }
    // Every described GET path answers (with its example parameters filled).
    for p in paths.keys().filter(|p| !p.ends_with("extract")) {
        let uri = p.replace("{id}", "1");
        let (s, body) = get(&app, &uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}: {body}");
    }
}

#[tokio::test]
async fn the_interface_is_served_by_the_binary() {
    let app = app("ui", 1000, 1 << 20).await;
    for (uri, ctype, needle) in [
        ("/", "text/html", "app.js"),
        ("/app.js", "text/javascript", "viewArticle"),
        ("/style.css", "text/css", ".seg.quote"),
    ] {
        let resp = router(Arc::clone(&app))
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with(ctype), "{uri}: {ct}");
        let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        assert!(String::from_utf8_lossy(&body).contains(needle));
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Whatever a client sends, the answer is JSON with a status below 500.
    #[test]
    fn handlers_never_fail_on_arbitrary_input(
        endpoint in prop::sample::select(vec![
            "/v1/search", "/v1/quotes", "/v1/events", "/v1/entities", "/v1/network",
            "/v1/timeline", "/v1/articles/", "/v1/entities/", "/v1/entities/1",
        ]),
        key in prop::sample::select(vec![
            "q", "speaker", "source", "target", "code", "since", "until", "limit", "offset",
            "entity", "article", "by", "lang", "name", "label", "quotes_offset",
            "events_offset", "articles_offset",
        ]),
        value in ".{0,40}",
        body in prop::collection::vec(any::<u8>(), 0..300),
        ctype in prop::sample::select(vec![
            "application/json", "text/plain", "text/html", "application/octet-stream",
        ]),
    ) {
        let rt = runtime();
        rt.block_on(async {
            let app = shared_app().await;
            let enc: String = url_encode(&value);
            let uri = if endpoint.ends_with('/') {
                format!("{endpoint}{enc}")
            } else {
                format!("{endpoint}?{key}={enc}")
            };
            let resp = router(Arc::clone(&app))
                .oneshot(Request::get(uri.as_str()).body(Body::empty()).unwrap())
                .await
                .unwrap();
            let status = resp.status();
            let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap();
            prop_assert!(status.as_u16() < 500, "{uri}: {status}");
            prop_assert!(serde_json::from_slice::<Value>(&bytes).is_ok(), "{uri}: not JSON");

            let resp = router(Arc::clone(&app))
                .oneshot(
                    Request::post("/v1/extract")
                        .header("content-type", ctype)
                        .body(Body::from(body.clone()))
                        .unwrap(),
                )
                .await
                .unwrap();
            let status = resp.status();
            let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20).await.unwrap();
            prop_assert!(status.as_u16() < 500, "extract {ctype}: {status}");
            prop_assert!(serde_json::from_slice::<Value>(&bytes).is_ok(), "extract: not JSON");
            Ok(())
        })?;
    }
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One seeded store for all property cases (opening is the slow part).
async fn shared_app() -> Arc<App> {
    static LOCATION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let location = LOCATION
        .get_or_init(|| {
            let l = temp_db("prop");
            seed(&l);
            l
        })
        .clone();
    App::open(Config {
        location,
        rate_per_second: 1_000_000,
        max_body_bytes: 1 << 16,
    })
    .await
    .unwrap()
}
