//! The `/v1` handlers: parameters are parsed and checked here, answered by the store.

use crate::{ApiError, App};
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use vigie_core::InputFormat;
use vigie_store::*;

/// Longest accepted text parameter (a query, a name), in bytes.
const MAX_PARAM: usize = 1000;

/// A page of results.
#[derive(Debug, Serialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub limit: u32,
    pub offset: u32,
    /// The `offset` of the next page, absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_offset: Option<u32>,
}

fn paged<T>(items: Vec<T>, page: Page) -> Json<Paged<T>> {
    let limit = page.limit() as u32;
    let next_offset = (items.len() as u32 >= limit).then(|| page.offset.saturating_add(limit));
    Json(Paged {
        items,
        limit,
        offset: page.offset,
        next_offset,
    })
}

fn query_params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(format!("bad query parameters: {}", e.body_text())))
}

fn text(name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
    match v {
        Some(s) if s.len() > MAX_PARAM => Err(ApiError::bad_request(format!(
            "`{name}` is longer than {MAX_PARAM} bytes"
        ))),
        Some(s) if s.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

fn day(name: &str, v: Option<String>) -> Result<Option<String>, ApiError> {
    match v.filter(|s| !s.is_empty()) {
        Some(d) if day_of(&d).as_deref() == Some(d.as_str()) => Ok(Some(d)),
        Some(d) => Err(ApiError::bad_request(format!(
            "`{name}` must be a day written YYYY-MM-DD, not {:?}",
            d.chars().take(40).collect::<String>()
        ))),
        None => Ok(None),
    }
}

#[derive(Debug, Deserialize)]
pub struct PageParams {
    limit: Option<u32>,
    offset: Option<u32>,
}

impl PageParams {
    fn page(&self) -> Page {
        Page {
            limit: self.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT),
            offset: self.offset.unwrap_or(0),
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    since: Option<String>,
    until: Option<String>,
    lang: Option<String>,
    #[serde(flatten)]
    page: PageParamsStr,
}

/// Pagination read as strings first: `serde_urlencoded` cannot read numbers inside a
/// flattened struct, so they are parsed here with a clear error.
#[derive(Debug, Deserialize)]
pub struct PageParamsStr {
    limit: Option<String>,
    offset: Option<String>,
}

/// A query parameter that must be a whole number ≥ 0, when given and not empty.
fn whole_number(name: &str, v: &Option<String>) -> Result<Option<u32>, ApiError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u32>()
                .map_err(|_| ApiError::bad_request(format!("`{name}` must be a whole number ≥ 0")))
        })
        .transpose()
}

impl PageParamsStr {
    fn parse(&self) -> Result<Page, ApiError> {
        let num = whole_number;
        Ok(PageParams {
            limit: num("limit", &self.limit)?,
            offset: num("offset", &self.offset)?,
        }
        .page())
    }
}

fn id_param(v: Option<String>, name: &str) -> Result<Option<i64>, ApiError> {
    v.filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .map_err(|_| ApiError::bad_request(format!("`{name}` must be an integer id")))
        })
        .transpose()
}

pub async fn search(
    State(app): State<Arc<App>>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<Paged<ArticleHit>>, ApiError> {
    let p = query_params(q)?;
    let query = SearchQuery {
        q: text("q", p.q)?.unwrap_or_default(),
        since: day("since", p.since)?,
        until: day("until", p.until)?,
        lang: text("lang", p.lang)?,
        page: p.page.parse()?,
    };
    let page = query.page;
    let hits = app.with_store(move |s| s.search(&query)).await?;
    Ok(paged(hits, page))
}

#[derive(Debug, Deserialize)]
pub struct QuoteParams {
    speaker: Option<String>,
    entity: Option<String>,
    q: Option<String>,
    since: Option<String>,
    until: Option<String>,
    article: Option<String>,
    #[serde(flatten)]
    page: PageParamsStr,
}

pub async fn quotes(
    State(app): State<Arc<App>>,
    q: Result<Query<QuoteParams>, QueryRejection>,
) -> Result<Json<Paged<QuoteRow>>, ApiError> {
    let p = query_params(q)?;
    let query = QuoteQuery {
        speaker: text("speaker", p.speaker)?,
        entity: id_param(p.entity, "entity")?,
        q: text("q", p.q)?,
        since: day("since", p.since)?,
        until: day("until", p.until)?,
        article: id_param(p.article, "article")?,
        page: p.page.parse()?,
    };
    let page = query.page;
    let rows = app.with_store(move |s| s.quotes(&query)).await?;
    Ok(paged(rows, page))
}

#[derive(Debug, Deserialize)]
pub struct EventParams {
    source: Option<String>,
    target: Option<String>,
    code: Option<String>,
    entity: Option<String>,
    since: Option<String>,
    until: Option<String>,
    article: Option<String>,
    #[serde(flatten)]
    page: PageParamsStr,
}

pub async fn events(
    State(app): State<Arc<App>>,
    q: Result<Query<EventParams>, QueryRejection>,
) -> Result<Json<Paged<EventRow>>, ApiError> {
    let p = query_params(q)?;
    let code = text("code", p.code)?;
    if let Some(c) = &code {
        if !c.bytes().all(|b| b.is_ascii_digit()) || c.len() > 4 {
            return Err(ApiError::bad_request(
                "`code` is a CAMEO code: 1 to 4 digits",
            ));
        }
    }
    let query = EventQuery {
        source: text("source", p.source)?,
        target: text("target", p.target)?,
        code,
        entity: id_param(p.entity, "entity")?,
        since: day("since", p.since)?,
        until: day("until", p.until)?,
        article: id_param(p.article, "article")?,
        page: p.page.parse()?,
    };
    let page = query.page;
    let rows = app.with_store(move |s| s.events(&query)).await?;
    Ok(paged(rows, page))
}

#[derive(Debug, Deserialize)]
pub struct EntityParams {
    name: Option<String>,
    label: Option<String>,
    by: Option<String>,
    #[serde(flatten)]
    page: PageParamsStr,
}

pub async fn entities(
    State(app): State<Arc<App>>,
    q: Result<Query<EntityParams>, QueryRejection>,
) -> Result<Json<Paged<EntityRow>>, ApiError> {
    let p = query_params(q)?;
    let by = match p.by.as_deref().unwrap_or("mentions") {
        "mentions" | "" => EntityRank::Mentions,
        "quotes" => EntityRank::Quotes,
        "events" => EntityRank::Events,
        _ => return Err(ApiError::bad_request("`by` is mentions, quotes or events")),
    };
    let query = EntityQuery {
        name: text("name", p.name)?,
        label: text("label", p.label)?,
        by,
        page: p.page.parse()?,
    };
    let page = query.page;
    let rows = app.with_store(move |s| s.entities(&query)).await?;
    Ok(paged(rows, page))
}

fn path_id(p: Result<Path<String>, PathRejection>) -> Result<i64, ApiError> {
    let Path(s) = p.map_err(|e| ApiError::bad_request(e.body_text()))?;
    s.parse::<i64>()
        .map_err(|_| ApiError::bad_request("the id must be an integer"))
}

/// The entity page's pagination: one page size for its three lists, one offset each.
#[derive(Debug, Deserialize)]
pub struct EntityPageParams {
    limit: Option<String>,
    quotes_offset: Option<String>,
    events_offset: Option<String>,
    articles_offset: Option<String>,
}

impl EntityPageParams {
    fn parse(&self) -> Result<EntityPage, ApiError> {
        let num = whole_number;
        Ok(EntityPage {
            limit: num("limit", &self.limit)?
                .unwrap_or(ENTITY_PAGE_LIMIT)
                .clamp(1, ENTITY_PAGE_MAX),
            quotes_offset: num("quotes_offset", &self.quotes_offset)?.unwrap_or(0),
            events_offset: num("events_offset", &self.events_offset)?.unwrap_or(0),
            articles_offset: num("articles_offset", &self.articles_offset)?.unwrap_or(0),
        })
    }
}

pub async fn entity(
    State(app): State<Arc<App>>,
    p: Result<Path<String>, PathRejection>,
    q: Result<Query<EntityPageParams>, QueryRejection>,
) -> Result<Json<EntityView>, ApiError> {
    let id = path_id(p)?;
    let page = query_params(q)?.parse()?;
    app.with_store(move |s| s.entity_page(id, &page))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no entity {id}")))
}

pub async fn article(
    State(app): State<Arc<App>>,
    p: Result<Path<String>, PathRejection>,
) -> Result<Json<ArticleView>, ApiError> {
    let id = path_id(p)?;
    app.with_store(move |s| s.article(id))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article {id}")))
}

#[derive(Debug, Deserialize)]
pub struct GraphParams {
    entity: Option<String>,
    since: Option<String>,
    until: Option<String>,
    #[serde(flatten)]
    page: PageParamsStr,
}

pub async fn network(
    State(app): State<Arc<App>>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> Result<Json<Paged<NetworkEdge>>, ApiError> {
    let p = query_params(q)?;
    let query = NetworkQuery {
        entity: id_param(p.entity, "entity")?,
        since: day("since", p.since)?,
        until: day("until", p.until)?,
        page: p.page.parse()?,
    };
    let page = query.page;
    let rows = app.with_store(move |s| s.network(&query)).await?;
    Ok(paged(rows, page))
}

pub async fn timeline(
    State(app): State<Arc<App>>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let p = query_params(q)?;
    let query = TimelineQuery {
        entity: id_param(p.entity, "entity")?,
        since: day("since", p.since)?,
        until: day("until", p.until)?,
    };
    let rows = app.with_store(move |s| s.timeline(&query)).await?;
    Ok(Json(serde_json::json!({ "items": rows })))
}

pub async fn stats(State(app): State<Arc<App>>) -> Result<Json<Stats>, ApiError> {
    app.with_store(|s| s.stats()).await.map(Json)
}

pub async fn health(State(app): State<Arc<App>>) -> Response {
    match app.with_store(|s| s.stats()).await {
        Ok(st) => Json(serde_json::json!({
            "status": "ok", "backend": st.backend, "articles": st.articles
        }))
        .into_response(),
        Err(mut e) => {
            e.status = StatusCode::SERVICE_UNAVAILABLE;
            e.into_response()
        }
    }
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("no such API endpoint: see /openapi.json")
}

/// `POST /v1/extract` body, as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    text: Option<String>,
    html: Option<String>,
    id: Option<String>,
    url: Option<String>,
    title: Option<String>,
    date: Option<String>,
    lang: Option<String>,
}

/// Annotates one article: a JSON body `{"text" | "html", "id", "url", "title", "date",
/// "lang"}`, or the raw article with `Content-Type: text/plain` or `text/html`. Returns the
/// Vigie document (schema of `vigie extract`). Nothing is stored.
pub async fn extract(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body.map_err(|e| ApiError {
        status: e.status(),
        code: if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            "too_large"
        } else {
            "bad_body"
        },
        message: format!(
            "{} (limit: {} bytes)",
            e.body_text(),
            app.config.max_body_bytes
        ),
    })?;
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json")
        .to_ascii_lowercase();
    let (bytes, format, req) = if ctype.starts_with("application/json") {
        let req: ExtractRequest = serde_json::from_slice(&body).map_err(|e| {
            ApiError::bad_request(format!(
                "the body is not an extract request ({{\"text\": \"…\"}} or {{\"html\": \"…\"}}): {e}"
            ))
        })?;
        let (content, format) = match (&req.text, &req.html) {
            (Some(t), None) => (t.clone().into_bytes(), InputFormat::Text),
            (None, Some(h)) => (h.clone().into_bytes(), InputFormat::Html),
            _ => {
                return Err(ApiError::bad_request(
                    "give exactly one of `text` and `html`",
                ))
            }
        };
        (content, format, Some(req))
    } else if ctype.starts_with("text/html") {
        (body.to_vec(), InputFormat::Html, None)
    } else if ctype.starts_with("text/plain") {
        (body.to_vec(), InputFormat::Text, None)
    } else {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            code: "unsupported_media_type",
            message: "send application/json, text/plain or text/html".into(),
        });
    };
    if let Some(lang) = req.as_ref().and_then(|r| r.lang.as_ref()) {
        if lang.len() > 3 || !lang.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(ApiError::bad_request(
                "`lang` is an ISO 639 code such as `fr`",
            ));
        }
    }
    let app2 = Arc::clone(&app);
    let doc = tokio::task::spawn_blocking(move || -> Result<vigie_core::Document, ApiError> {
        let name = req
            .as_ref()
            .and_then(|r| r.id.clone().or_else(|| r.url.clone()))
            .unwrap_or_else(|| "-".into());
        let mut items = vigie_input::read_bytes(
            &bytes,
            &name,
            Some(format),
            &vigie_input::ReadOptions::default(),
        );
        let mut doc = match items.drain(..).next() {
            Some(Ok(doc)) => doc,
            Some(Err(e)) => {
                return Err(ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    code: "unreadable",
                    message: e.to_string(),
                })
            }
            None => return Err(ApiError::bad_request("the body holds no article")),
        };
        if let Some(r) = req {
            doc.meta.url = r.url.or(doc.meta.url);
            doc.meta.title = r.title.or(doc.meta.title);
            doc.meta.date = r.date.or(doc.meta.date);
            if let Some(lang) = r.lang {
                // Other options keep their defaults as PipelineOptions grows.
                #[allow(clippy::needless_update)]
                let pipeline =
                    vigie_pipeline::Pipeline::with_options(vigie_pipeline::PipelineOptions {
                        language: Some(lang),
                        ..vigie_pipeline::PipelineOptions::default()
                    });
                pipeline.process(&mut doc);
                return Ok(doc);
            }
        }
        app2.pipeline.process(&mut doc);
        Ok(doc)
    })
    .await
    .map_err(|e| ApiError::internal(format!("extraction failed: {e}")))??;
    Ok(Json(doc).into_response())
}
