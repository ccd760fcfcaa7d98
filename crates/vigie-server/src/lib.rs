//! Vigie's HTTP server: a JSON API over a [`vigie_store::Store`] (search, quotes, events,
//! entities, articles, network, timeline; `POST /v1/extract` of one article), its OpenAPI
//! description at `/openapi.json`, and the web interface (plain HTML, JavaScript and CSS
//! compiled into the binary: nothing to build or install at run time).
//!
//! Contracts:
//! - Every error is JSON: `{"error": {"status", "code", "message"}}` with a 4xx status for
//!   anything the client sent (bad parameter, unknown id, oversized or malformed body, too many
//!   requests) and 5xx only for store failures. A panic in a handler becomes a JSON 500, never
//!   a dropped connection.
//! - Limits: request bodies above [`Config::max_body_bytes`] get 413; each client address may
//!   make [`Config::rate_per_second`] API requests per second (bursts of twice that) before
//!   getting 429; list queries return at most [`vigie_store::MAX_LIMIT`] rows per page.
//! - Store calls run on blocking threads over a small pool of store connections, so a slow
//!   query never blocks the event loop.

mod api;
mod openapi;
mod ui;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, Request, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use vigie_pipeline::Pipeline;
use vigie_store::{Store, StoreError};

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Store location: SQLite path or `postgres://` URL.
    pub location: String,
    pub rate_per_second: u32,
    pub max_body_bytes: usize,
}

/// Store connections kept open; requests take the first free one.
const POOL_SIZE: usize = 4;

/// The server's shared state.
pub struct App {
    stores: Vec<Mutex<Box<dyn Store>>>,
    next: AtomicUsize,
    pipeline: Pipeline,
    config: Config,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl App {
    /// Opens the store (creating it when it is a new SQLite file) with a few connections.
    pub async fn open(config: Config) -> Result<Arc<App>, StoreError> {
        let location = config.location.clone();
        let stores = tokio::task::spawn_blocking(move || {
            (0..POOL_SIZE)
                .map(|_| vigie_store::open(&location).map(Mutex::new))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .map_err(|e| StoreError::Query(format!("opening the store: {e}")))??;
        Ok(Arc::new(App {
            stores,
            next: AtomicUsize::new(0),
            pipeline: Pipeline::new(),
            config,
            buckets: Mutex::new(HashMap::new()),
        }))
    }

    /// Runs `f` with a store connection on a blocking thread.
    pub(crate) async fn with_store<T, F>(self: &Arc<App>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let app = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let n = app.stores.len();
            let start = app.next.fetch_add(1, Ordering::Relaxed);
            // A free connection if there is one, else wait for ours.
            let mut guard = None;
            for i in 0..n {
                if let Ok(g) = app.stores[(start + i) % n].try_lock() {
                    guard = Some(g);
                    break;
                }
            }
            let mut guard = match guard {
                Some(g) => g,
                None => app.stores[start % n]
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            };
            f(&mut **guard).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("query task failed: {e}")))?
    }

    /// Whether `ip` may make one more API request now (token bucket).
    fn allow(&self, ip: IpAddr) -> bool {
        let rate = f64::from(self.config.rate_per_second.max(1));
        let burst = rate * 2.0;
        let now = Instant::now();
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() > 100_000 {
            buckets.retain(|_, (_, t)| now.duration_since(*t).as_secs() < 60);
        }
        let (tokens, last) = buckets.entry(ip).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * rate).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A JSON error response.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "bad_request",
            message: message.into(),
        }
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "not_found",
            message: message.into(),
        }
    }
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: message.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Query(m) => ApiError::bad_request(m),
            other => ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                code: "store",
                message: other.to_string(),
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "error": {"status": self.status.as_u16(), "code": self.code, "message": self.message}
        });
        (self.status, Json(body)).into_response()
    }
}

async fn rate_limit(State(app): State<Arc<App>>, req: Request<Body>, next: Next) -> Response {
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |c| c.0.ip());
    if !app.allow(ip) {
        let mut resp = ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "rate_limited",
            message: format!(
                "more than {} requests per second from {ip}: slow down",
                app.config.rate_per_second
            ),
        }
        .into_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
        return resp;
    }
    next.run(req).await
}

fn panic_to_json(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::internal("the server hit a bug while answering; the request was not completed")
        .into_response()
}

/// The full router: API, OpenAPI document, health check and web interface.
pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/search", get(api::search))
        .route("/quotes", get(api::quotes))
        .route("/events", get(api::events))
        .route("/entities", get(api::entities))
        .route("/entities/{id}", get(api::entity))
        .route("/articles/{id}", get(api::article))
        .route("/network", get(api::network))
        .route("/timeline", get(api::timeline))
        .route("/stats", get(api::stats))
        .route("/extract", post(api::extract))
        .fallback(api::not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&app), rate_limit));
    Router::new()
        .nest("/v1", api)
        .route("/healthz", get(api::health))
        .route("/openapi.json", get(openapi::document))
        .merge(ui::routes())
        .layer(DefaultBodyLimit::max(app.config.max_body_bytes))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_to_json,
        ))
        .with_state(app)
}

/// Serves `app` on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(app).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}
