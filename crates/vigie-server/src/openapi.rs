//! The OpenAPI 3.1 description of the API, served at `/openapi.json`. Written by hand (the
//! API is small) and checked by a test that every route the router has is described.

use axum::Json;
use serde_json::{json, Value};

fn param(name: &str, location: &str, schema: Value, description: &str) -> Value {
    json!({"name": name, "in": location, "required": location == "path",
           "schema": schema, "description": description})
}

fn s() -> Value {
    json!({"type": "string", "maxLength": 1000})
}

fn day() -> Value {
    json!({"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"})
}

fn int() -> Value {
    json!({"type": "integer", "format": "int64"})
}

fn paging() -> Vec<Value> {
    vec![
        param(
            "limit",
            "query",
            json!({"type": "integer", "minimum": 1, "maximum": 1000, "default": 20}),
            "page size (clamped to 1..1000)",
        ),
        param(
            "offset",
            "query",
            json!({"type": "integer", "minimum": 0, "default": 0}),
            "rows to skip",
        ),
    ]
}

fn dates() -> Vec<Value> {
    vec![
        param("since", "query", day(), "on or after this day"),
        param("until", "query", day(), "on or before this day"),
    ]
}

fn list(item: &str) -> Value {
    json!({"type": "object", "required": ["items", "limit", "offset"], "properties": {
        "items": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
        "limit": {"type": "integer"}, "offset": {"type": "integer"},
        "next_offset": {"type": "integer", "description": "offset of the next page; absent on the last"}}})
}

fn ok(schema: Value) -> Value {
    json!({
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "400": {"$ref": "#/components/responses/Error"},
        "429": {"$ref": "#/components/responses/Error"},
        "500": {"$ref": "#/components/responses/Error"}
    })
}

fn get(summary: &str, params: Vec<Value>, schema: Value) -> Value {
    json!({"get": {"summary": summary, "parameters": params, "responses": ok(schema)}})
}

fn cat(parts: Vec<Vec<Value>>) -> Vec<Value> {
    parts.into_iter().flatten().collect()
}

/// The OpenAPI document.
pub fn spec() -> Value {
    let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
    let actor = json!({"type": ["object", "null"], "properties": {
        "entity": {"type": ["integer", "null"]}, "name": {"type": "string"},
        "code": {"type": ["string", "null"]}, "country": {"type": ["string", "null"]}}});
    let event = json!({"type": "object", "properties": {
              "id": {"type": "integer"}, "article": {"type": "integer"}, "doc_id": {"type": "string"},
              "url": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]},
              "code": {"type": "string"}, "root_code": {"type": "string"},
              "start": {"type": "integer"}, "end": {"type": "integer"}, "evidence": {"type": "string"},
              "source": actor, "target": actor,
              "trigger": {"type": ["string", "null"]}, "trigger_start": {"type": ["integer", "null"]},
              "trigger_end": {"type": ["integer", "null"]}, "trigger_lemma": {"type": ["string", "null"]},
              "theme": {"type": ["string", "null"]},
              "goldstein": {"type": ["number", "null"], "description": "Goldstein scale, -10 … +10"},
              "quad_class": {"type": ["integer", "null"], "description": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"},
              "plover_type": {"type": ["string", "null"]}, "plover_mode": {"type": ["string", "null"]},
              "place": {"type": ["string", "null"]}, "place_start": {"type": ["integer", "null"]},
              "place_end": {"type": ["integer", "null"]},
              "date_text": {"type": ["string", "null"], "description": "the date expression `date` was resolved from"},
              "article_date": {"type": ["string", "null"]},
              "negated": {"type": "boolean"},
              "modality": {"type": ["string", "null"], "description": "null = asserted; conditional, intended, hypothetical, possible, demanded"},
              "reported_in": {"type": ["integer", "null"], "description": "index of the article's quote the event was read from"},
              "confidence": {"type": ["number", "null"]}, "rule": {"type": ["string", "null"]},
              "flags": {"type": "array", "items": {"type": "string"}}}});
    json!({
      "openapi": "3.1.0",
      "info": {"title": "Vigie API", "version": env!("CARGO_PKG_VERSION"),
               "description": "News knowledge store: articles, entities, quotes and CAMEO events with byte offsets into the article text. Errors are JSON: {\"error\": {\"status\", \"code\", \"message\"}}."},
      "paths": {
        "/healthz": {"get": {"summary": "Liveness and store reachability", "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
            "503": {"$ref": "#/components/responses/Error"}}}},
        "/v1/search": get("Full-text search of articles (accents, case and word endings ignored)",
            cat(vec![vec![param("q", "query", s(), "words; empty lists the newest articles"),
                          param("lang", "query", s(), "ISO 639-1 language")], dates(), paging()]),
            list("ArticleHit")),
        "/v1/quotes": get("Quotations by speaker, words, entity, article and dates",
            cat(vec![vec![param("speaker", "query", s(), "speaker name or alias (part of it)"),
                          param("q", "query", s(), "words in the quote"),
                          param("entity", "query", int(), "speaker entity id"),
                          param("article", "query", int(), "article id")], dates(), paging()]),
            list("Quote")),
        "/v1/events": get("CAMEO events by actors, code, entity, article and dates",
            cat(vec![vec![param("source", "query", s(), "source actor: code prefix or country (RUS), else name"),
                          param("target", "query", s(), "target actor: code prefix or country, else name"),
                          param("code", "query", json!({"type": "string", "pattern": "^[0-9]{1,4}$"}), "CAMEO code or prefix"),
                          param("entity", "query", int(), "entity id as source or target"),
                          param("article", "query", int(), "article id")], dates(), paging()]),
            list("Event")),
        "/v1/entities": get("Entities ranked by mentions, quotes or events",
            cat(vec![vec![param("name", "query", s(), "name contains"),
                          param("label", "query", s(), "PER, ORG, LOC, GPE, MISC"),
                          param("by", "query", json!({"enum": ["mentions", "quotes", "events"]}), "ranking")], paging()]),
            list("Entity")),
        "/v1/entities/{id}": get("One entity: aliases, roles, and a page of its quotes, events and articles (newest first)",
            vec![param("id", "path", int(), "entity id"),
                 param("limit", "query", json!({"type": "integer", "minimum": 1, "maximum": 200, "default": 20}),
                       "rows per list (clamped to 1..200)"),
                 param("quotes_offset", "query", json!({"type": "integer", "minimum": 0, "default": 0}), "first quote"),
                 param("events_offset", "query", json!({"type": "integer", "minimum": 0, "default": 0}), "first event"),
                 param("articles_offset", "query", json!({"type": "integer", "minimum": 0, "default": 0}), "first article")],
            r("EntityView")),
        "/v1/articles/{id}": get("One article: text, paragraphs, sentences, mentions, quotes, events",
            vec![param("id", "path", int(), "article id")], r("Article")),
        "/v1/network": get("Who did what to whom: event counts between entities",
            cat(vec![vec![param("entity", "query", int(), "only edges of this entity")], dates(), paging()]),
            list("Edge")),
        "/v1/timeline": get("Event counts per month and CAMEO root code",
            cat(vec![vec![param("entity", "query", int(), "only events of this entity")], dates()]),
            json!({"type": "object", "properties": {"items": {"type": "array", "items": r("TimelinePoint")}}})),
        "/v1/stats": get("Counts of stored rows", vec![], r("Stats")),
        "/v1/extract": {"post": {
            "summary": "Annotate one article (not stored)",
            "requestBody": {"required": true, "content": {
                "application/json": {"schema": {"type": "object", "additionalProperties": false,
                    "properties": {"text": {"type": "string"}, "html": {"type": "string"},
                        "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                        "date": {"type": "string"}, "lang": {"type": "string"}},
                    "oneOf": [{"required": ["text"]}, {"required": ["html"]}]}},
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}}}},
            "responses": {
                "200": {"description": "The Vigie document (schema of `vigie extract`, docs/schema.md)",
                        "content": {"application/json": {"schema": {"type": "object"}}}},
                "400": {"$ref": "#/components/responses/Error"},
                "413": {"$ref": "#/components/responses/Error"},
                "415": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"},
                "429": {"$ref": "#/components/responses/Error"}}}}
      },
      "components": {
        "responses": {"Error": {"description": "Error", "content": {"application/json": {"schema": r("Error")}}}},
        "schemas": {
          "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
              "required": ["status", "code", "message"], "properties": {
                "status": {"type": "integer"}, "code": {"type": "string"}, "message": {"type": "string"}}}}},
          "ArticleHit": {"type": "object", "properties": {
              "id": {"type": "integer"}, "doc_id": {"type": "string"}, "title": {"type": ["string", "null"]},
              "url": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]},
              "lang": {"type": ["string", "null"]}, "snippet": {"type": "string"}, "score": {"type": "number"}}},
          "Quote": {"type": "object", "properties": {
              "id": {"type": "integer"}, "article": {"type": "integer"}, "doc_id": {"type": "string"},
              "date": {"type": ["string", "null"]}, "kind": {"type": "string"}, "text": {"type": "string"},
              "start": {"type": "integer"}, "end": {"type": "integer"},
              "speaker": {"type": ["string", "null"]}, "speaker_start": {"type": ["integer", "null"]},
              "speaker_end": {"type": ["integer", "null"]}, "entity": {"type": ["integer", "null"]},
              "cue": {"type": ["string", "null"]}}},
          "Event": event,
          "Entity": {"type": "object", "properties": {
              "id": {"type": "integer"}, "key": {"type": "string"}, "name": {"type": "string"},
              "label": {"type": "string"}, "actor_code": {"type": ["string", "null"]},
              "mentions": {"type": "integer"}, "quotes": {"type": "integer"}, "events": {"type": "integer"}}},
          "EntityView": {"allOf": [r("Entity"), {"type": "object", "properties": {
              "aliases": {"type": "array", "items": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}},
              "roles": {"type": "object", "properties": {"speaker": {"type": "integer"}, "source": {"type": "integer"},
                        "target": {"type": "integer"}, "mentioned": {"type": "integer"}}},
              "quotes": {"type": "array", "items": r("Quote")},
              "events": {"type": "array", "items": r("Event")},
              "articles": {"type": "array", "items": r("ArticleHit")},
              "quotes_next_offset": {"type": "integer", "description": "quotes_offset of the next page; absent on the last"},
              "events_next_offset": {"type": "integer", "description": "events_offset of the next page; absent on the last"},
              "articles_next_offset": {"type": "integer", "description": "articles_offset of the next page; absent on the last"}}}]},
          "Article": {"type": "object", "properties": {
              "id": {"type": "integer"}, "doc_id": {"type": "string"}, "title": {"type": ["string", "null"]},
              "url": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]}, "lang": {"type": ["string", "null"]},
              "text": {"type": "string"},
              "paragraphs": {"type": "array", "items": {"type": "object"}},
              "sentences": {"type": "array", "items": {"type": "object"}},
              "mentions": {"type": "array", "items": {"type": "object", "properties": {
                  "start": {"type": "integer"}, "end": {"type": "integer"}, "label": {"type": "string"},
                  "entity": {"type": ["integer", "null"]}, "name": {"type": ["string", "null"]}}}},
              "quotes": {"type": "array", "items": r("Quote")},
              "events": {"type": "array", "items": r("Event")},
              "warnings": {"type": "array", "items": {"type": "object"}}}},
          "Edge": {"type": "object", "properties": {"source": actor, "target": actor,
              "events": {"type": "integer"}, "top_root_code": {"type": "string"}}},
          "TimelinePoint": {"type": "object", "properties": {"month": {"type": "string"},
              "root_code": {"type": "string"}, "events": {"type": "integer"}}},
          "Stats": {"type": "object", "properties": {"backend": {"type": "string"},
              "articles": {"type": "integer"}, "entities": {"type": "integer"}, "mentions": {"type": "integer"},
              "quotes": {"type": "integer"}, "events": {"type": "integer"}}}
        }
      }
    })
}

pub async fn document() -> Json<Value> {
    Json(spec())
}
