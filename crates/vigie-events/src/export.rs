//! Exports of coded events to the formats event-data users already read: the GDELT 2.0 event
//! table (tab-separated, 61 columns) and PLOVER/POLECAT-style JSON records.
//!
//! Pure functions of a [`Document`] (its metadata, entities, paragraphs and text) and one of
//! its [`Event`]s. A field Vigie has no value for is left empty (GDELT) or omitted (PLOVER);
//! nothing is guessed: no tone, no geographic coordinates, no FIPS country codes, no ethnic or
//! religious codes.

use serde_json::{json, Map, Value};
use vigie_core::{Document, Event, Span};

/// The GDELT 2.0 event table's columns, in the order of the GDELT 2.0 Event Codebook (GDELT
/// files carry no header line; `vigie export`/`extract --format gdelt` write these names
/// first).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Position of a column in [`GDELT_COLUMNS`] (tests and callers that pick fields).
pub fn gdelt_column(name: &str) -> Option<usize> {
    GDELT_COLUMNS.iter().position(|c| *c == name)
}

/// One actor of an event as the exports see it: code, name, country and the words that name
/// it, from the event's own fields first, else from its linked entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportActor {
    pub code: Option<String>,
    pub name: Option<String>,
    pub country: Option<String>,
    /// The actor's words in the text, with their span.
    pub text: Option<(String, Span)>,
}

impl ExportActor {
    fn of(
        doc: &Document,
        entity: Option<u32>,
        span: Option<Span>,
        code: &Option<String>,
        country: &Option<String>,
    ) -> Option<ExportActor> {
        let ent = entity.and_then(|i| doc.entities.get(i as usize));
        let text = span.and_then(|s| Some((s.slice(&doc.text)?.to_owned(), s)));
        let actor = ExportActor {
            code: code
                .clone()
                .or_else(|| ent.and_then(|e| e.actor_code.clone())),
            name: ent
                .map(|e| e.name.clone())
                .or_else(|| text.as_ref().map(|t| t.0.clone())),
            country: country
                .clone()
                .or_else(|| ent.and_then(|e| e.country.clone())),
            text,
        };
        (actor != ExportActor::default()).then_some(actor)
    }

    /// The event's source actor.
    pub fn source(doc: &Document, e: &Event) -> Option<ExportActor> {
        Self::of(
            doc,
            e.source,
            e.source_span,
            &e.source_actor,
            &e.source_country,
        )
    }

    /// The event's target actor.
    pub fn target(doc: &Document, e: &Event) -> Option<ExportActor> {
        Self::of(
            doc,
            e.target,
            e.target_span,
            &e.target_actor,
            &e.target_country,
        )
    }

    /// CAMEO role codes after the country part of the actor code ("RUSGOVMIL" with country
    /// "RUS" → GOV, MIL), at most three; none when the code does not start with the country.
    fn type_codes(&self) -> [String; 3] {
        let mut out: [String; 3] = Default::default();
        if let (Some(code), Some(country)) = (&self.code, &self.country) {
            if let Some(rest) = code.strip_prefix(country.as_str()) {
                let chunks = rest.as_bytes().chunks(3).filter(|c| c.len() == 3);
                for (slot, chunk) in out.iter_mut().zip(chunks) {
                    *slot = String::from_utf8_lossy(chunk).into_owned();
                }
            }
        }
        out
    }
}

/// The day of an event: its resolved date, else the article's date (`YYYY-MM-DD`), if either
/// starts with an ISO day.
pub fn event_day(doc: &Document, e: &Event) -> Option<String> {
    e.date
        .as_deref()
        .and_then(iso_day)
        .or_else(|| doc.meta.date.as_deref().and_then(iso_day))
}

/// `(year, month, day)` when `s` starts with `YYYY-MM-DD`, else `None`.
fn iso_ymd(s: &str) -> Option<(u32, u32, u32)> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let p = d.get(r)?;
        p.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| p.parse().ok())
            .flatten()
    };
    let (y, m, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    ((1..=12).contains(&m) && (1..=31).contains(&day)).then_some((y, m, day))
}

fn iso_day(s: &str) -> Option<String> {
    iso_ymd(s).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// GDELT's FractionDate: the year plus (month × 30 + day) / 365, four decimals.
fn fraction_date(y: u32, m: u32, d: u32) -> String {
    format!("{:.4}", f64::from(y) + f64::from(m * 30 + d) / 365.0)
}

/// `YYYYMMDDHHMMSS` (UTC) of a Unix time, GDELT's DATEADDED format.
pub fn gdelt_timestamp(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let secs = unix_seconds % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Whether the event was read from the article's lead: its first paragraph that is not
/// boilerplate (GDELT's IsRootEvent). `None` when the document has no paragraphs.
pub fn is_root_event(doc: &Document, e: &Event) -> Option<bool> {
    let lead = doc.paragraphs.iter().find(|p| !p.is_boilerplate())?;
    Some(e.span.start < lead.span.end)
}

/// The place an event happened: the place entity's name, else the words naming it.
pub fn place_name(doc: &Document, e: &Event) -> Option<String> {
    e.location
        .and_then(|i| doc.entities.get(i as usize))
        .map(|p| p.name.clone())
        .or_else(|| {
            e.location_span
                .and_then(|s| s.slice(&doc.text))
                .map(str::to_owned)
        })
}

/// Tabs and line breaks would break a TSV row: they become spaces.
fn tsv_clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The 61 GDELT 2.0 event-table fields of `e` (an event of `doc`), in [`GDELT_COLUMNS`]
/// order. `id` is the GLOBALEVENTID; `date_added` the DATEADDED value (`YYYYMMDDHHMMSS`, see
/// [`gdelt_timestamp`]).
///
/// Filled: dates (event date, else the article's), actor codes, names (upper case, as GDELT
/// writes them), countries and role types, IsRootEvent, the three CAMEO codes (a root-only
/// code "05" is written as CAMEO's "not specified below" code "050"), QuadClass,
/// GoldsteinScale, NumMentions/NumSources/NumArticles (1: one mention in one article),
/// ActionGeo_FullName, DATEADDED and SOURCEURL (the URL, else the document id). Left empty:
/// known-group, ethnic and religion codes, AvgTone, the actors' geography, and the action's
/// geographic type, FIPS country, ADM codes, coordinates and feature id.
pub fn gdelt_fields(doc: &Document, e: &Event, id: u64, date_added: &str) -> Vec<String> {
    let mut f: Vec<String> = vec![String::new(); GDELT_COLUMNS.len()];
    let mut set = |name: &str, value: String| {
        if let Some(i) = gdelt_column(name) {
            f[i] = tsv_clean(&value);
        }
    };
    set("GLOBALEVENTID", id.to_string());
    if let Some((y, m, d)) = event_day(doc, e).as_deref().and_then(iso_ymd) {
        set("SQLDATE", format!("{y:04}{m:02}{d:02}"));
        set("MonthYear", format!("{y:04}{m:02}"));
        set("Year", format!("{y:04}"));
        set("FractionDate", fraction_date(y, m, d));
    }
    for (n, actor) in [
        (1, ExportActor::source(doc, e)),
        (2, ExportActor::target(doc, e)),
    ] {
        let Some(a) = actor else { continue };
        set(&format!("Actor{n}Code"), a.code.clone().unwrap_or_default());
        set(
            &format!("Actor{n}Name"),
            a.name.as_deref().unwrap_or_default().to_uppercase(),
        );
        set(
            &format!("Actor{n}CountryCode"),
            a.country.clone().unwrap_or_default(),
        );
        for (k, t) in a.type_codes().into_iter().enumerate() {
            set(&format!("Actor{n}Type{}Code", k + 1), t);
        }
    }
    if let Some(root) = is_root_event(doc, e) {
        set("IsRootEvent", u8::from(root).to_string());
    }
    // A root-only code ("05") is CAMEO's "not specified below" code of that root ("050"),
    // the form GDELT writes.
    let code = match e.code.trim() {
        c if c.len() == 2 => format!("{c}0"),
        c => c.to_owned(),
    };
    let code = code.as_str();
    set("EventCode", code.to_owned());
    set("EventBaseCode", code.get(..3).unwrap_or(code).to_owned());
    set("EventRootCode", code.get(..2).unwrap_or(code).to_owned());
    if let Some(q) = e.quad_class {
        set("QuadClass", q.to_string());
    }
    if let Some(g) = e.goldstein {
        set("GoldsteinScale", format!("{g:.1}"));
    }
    for c in ["NumMentions", "NumSources", "NumArticles"] {
        set(c, "1".into());
    }
    if let Some(place) = place_name(doc, e) {
        set("ActionGeo_FullName", place);
    }
    set("DATEADDED", date_added.to_owned());
    set(
        "SOURCEURL",
        doc.meta.url.clone().unwrap_or_else(|| doc.id.clone()),
    );
    f
}

/// [`gdelt_fields`] joined by tabs (no line break).
pub fn gdelt_row(doc: &Document, e: &Event, id: u64, date_added: &str) -> String {
    gdelt_fields(doc, e, id, date_added).join("\t")
}

fn span_json(doc: &Document, s: Span) -> Value {
    json!({"text": s.slice(&doc.text).unwrap_or(""), "start": s.start, "end": s.end})
}

fn actor_json(a: &ExportActor) -> Value {
    let mut m = Map::new();
    if let Some(n) = &a.name {
        m.insert("name".into(), json!(n));
    }
    if let Some(c) = &a.code {
        m.insert("code".into(), json!(c));
    }
    if let Some(c) = &a.country {
        m.insert("country".into(), json!(c));
    }
    if let Some((t, s)) = &a.text {
        m.insert(
            "text".into(),
            json!({"text": t, "start": s.start, "end": s.end}),
        );
    }
    Value::Object(m)
}

/// A PLOVER event record (the PLOVER/POLECAT JSON fields) for `e`, an event of `doc`; `None`
/// when the event has no PLOVER type (CAMEO 01 and 02 statements and appeals have none).
///
/// Fields: `id` (`<document id>-<index>`), `date`, `event_type`, `mode`, `context` (Vigie
/// codes none: always empty), `actor` and `recipient` (name, code, country, the words in the
/// text with their offsets), `location` (name, the words and offsets), `source` (document
/// id, URL, title, publication date, language), `text` with `start`/`end` (the evidence),
/// `trigger`, and, from CAMEO, `cameo_code`, `goldstein`, `quad_class`; Vigie's attributes
/// `negated`, `modality`, `reported` (the event comes from a quote), `confidence`, `rule`.
/// Absent values are omitted, never invented.
pub fn plover_record(doc: &Document, e: &Event, index: usize) -> Option<Value> {
    let event_type = e.plover_type.as_deref()?.trim();
    if event_type.is_empty() {
        return None;
    }
    let mut r = Map::new();
    r.insert("id".into(), json!(format!("{}-{index}", doc.id)));
    if let Some(day) = event_day(doc, e) {
        r.insert("date".into(), json!(day));
    }
    r.insert("event_type".into(), json!(event_type));
    if let Some(mode) = &e.plover_mode {
        r.insert("mode".into(), json!(mode));
    }
    r.insert("context".into(), json!([]));
    if let Some(a) = ExportActor::source(doc, e) {
        r.insert("actor".into(), actor_json(&a));
    }
    if let Some(a) = ExportActor::target(doc, e) {
        r.insert("recipient".into(), actor_json(&a));
    }
    if let Some(name) = place_name(doc, e) {
        let mut loc = Map::new();
        loc.insert("name".into(), json!(name));
        if let Some(c) = e
            .location
            .and_then(|i| doc.entities.get(i as usize))
            .and_then(|p| p.country.clone())
        {
            loc.insert("country".into(), json!(c));
        }
        if let Some(s) = e.location_span.filter(|s| s.slice(&doc.text).is_some()) {
            loc.insert("text".into(), span_json(doc, s));
        }
        r.insert("location".into(), Value::Object(loc));
    }
    let mut source = Map::new();
    source.insert("doc_id".into(), json!(doc.id));
    for (k, v) in [
        ("url", &doc.meta.url),
        ("title", &doc.meta.title),
        ("publication_date", &doc.meta.date),
    ] {
        if let Some(v) = v {
            source.insert(k.into(), json!(v));
        }
    }
    if let Some(l) = &doc.language {
        source.insert("language".into(), json!(l.code));
    }
    r.insert("source".into(), Value::Object(source));
    r.insert(
        "text".into(),
        json!(e.span.slice(&doc.text).unwrap_or_default()),
    );
    r.insert("start".into(), json!(e.span.start));
    r.insert("end".into(), json!(e.span.end));
    if let Some(t) = e.trigger.filter(|s| s.slice(&doc.text).is_some()) {
        let mut t = span_json(doc, t);
        if let (Some(obj), Some(lemma)) = (t.as_object_mut(), &e.trigger_lemma) {
            obj.insert("lemma".into(), json!(lemma));
        }
        r.insert("trigger".into(), t);
    }
    r.insert("cameo_code".into(), json!(e.code.trim()));
    if let Some(g) = e.goldstein {
        r.insert("goldstein".into(), json!(g));
    }
    if let Some(q) = e.quad_class {
        r.insert("quad_class".into(), json!(q));
    }
    r.insert("negated".into(), json!(e.negated));
    r.insert(
        "modality".into(),
        json!(e.modality.as_deref().unwrap_or("asserted")),
    );
    r.insert("reported".into(), json!(e.reported_in.is_some()));
    r.insert("confidence".into(), json!(e.confidence));
    if let Some(rule) = &e.rule {
        r.insert("rule".into(), json!(rule));
    }
    Some(Value::Object(r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigie_core::{Entity, IndexRange, LanguageGuess, Metadata, Paragraph};

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap_or(0);
        Span::new(start, start + needle.len())
    }

    /// A two-paragraph article with a treaty signing between Poutine and Kim in the lead and
    /// a conditional commitment in the second paragraph.
    fn treaty() -> Document {
        let text = "Vladimir Poutine et Kim Jong-un ont signé mercredi à Pyongyang un traité de \
                    partenariat stratégique.\nLe texte prévoit une assistance mutuelle en cas \
                    d'agression.";
        let mut doc = Document::new(
            "fr-poutine-kim",
            text,
            Metadata {
                url: Some("https://example.org/poutine-kim".into()),
                title: Some("Poutine et Kim signent un traité".into()),
                date: Some("2024-06-20T08:00:00Z".into()),
                ..Metadata::default()
            },
        );
        doc.language = Some(LanguageGuess {
            code: "fr".into(),
            confidence: 1.0,
            reliable: true,
        });
        let nl = text.find('\n').unwrap_or(0);
        let paragraph = |span| Paragraph {
            span,
            language: None,
            boilerplate: None,
            sentences: IndexRange::default(),
        };
        doc.paragraphs = vec![
            paragraph(Span::new(0, nl)),
            paragraph(Span::new(nl + 1, text.len())),
        ];
        doc.entities = vec![
            Entity {
                id: "Q7747".into(),
                label: "PER".into(),
                name: "Vladimir Poutine".into(),
                actor_code: Some("RUSGOV".into()),
                country: Some("RUS".into()),
                mentions: vec![],
            },
            Entity {
                id: "Q56226".into(),
                label: "PER".into(),
                name: "Kim Jong-un".into(),
                actor_code: Some("PRKGOV".into()),
                country: Some("PRK".into()),
                mentions: vec![],
            },
            Entity {
                id: "Q18808".into(),
                label: "LOC".into(),
                name: "Pyongyang".into(),
                actor_code: None,
                country: Some("PRK".into()),
                mentions: vec![],
            },
        ];
        let sentence = span_of(text, "Vladimir Poutine et Kim Jong-un ont signé");
        doc.events = vec![
            Event {
                code: "057".into(),
                span: Span::new(sentence.start as usize, nl),
                source: Some(0),
                target: Some(1),
                source_span: Some(span_of(text, "Vladimir Poutine")),
                target_span: Some(span_of(text, "Kim Jong-un")),
                source_actor: Some("RUSGOV".into()),
                target_actor: Some("PRKGOV".into()),
                source_country: Some("RUS".into()),
                target_country: Some("PRK".into()),
                trigger: Some(span_of(text, "signé")),
                trigger_lemma: Some("signer".into()),
                theme: Some(span_of(text, "un traité de partenariat stratégique")),
                goldstein: Some(8.0),
                quad_class: Some(1),
                plover_type: Some("AGREE".into()),
                plover_mode: Some("sign".into()),
                location: Some(2),
                location_span: Some(span_of(text, "Pyongyang")),
                date: Some("2024-06-19".into()),
                date_span: Some(span_of(text, "mercredi")),
                confidence: 0.9,
                rule: Some("verbs-fr.tsv:signer".into()),
                ..Event::default()
            },
            // Agentless, no entity, no PLOVER type, no date of its own.
            Event {
                code: "0234".into(),
                span: span_of(
                    text,
                    "Le texte prévoit une assistance mutuelle en cas d'agression.",
                ),
                source_span: Some(span_of(text, "Le texte")),
                modality: Some("conditional".into()),
                ..Event::default()
            },
        ];
        doc
    }

    fn field<'a>(row: &'a [String], name: &str) -> &'a str {
        gdelt_column(name)
            .and_then(|i| row.get(i))
            .map_or("?", |s| s.as_str())
    }

    #[test]
    fn gdelt_has_61_columns_in_the_codebook_order() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        assert_eq!(GDELT_COLUMNS[0], "GLOBALEVENTID");
        assert_eq!(gdelt_column("Actor1Code"), Some(5));
        assert_eq!(gdelt_column("Actor2Code"), Some(15));
        assert_eq!(gdelt_column("IsRootEvent"), Some(25));
        assert_eq!(gdelt_column("EventCode"), Some(26));
        assert_eq!(gdelt_column("GoldsteinScale"), Some(30));
        assert_eq!(gdelt_column("AvgTone"), Some(34));
        assert_eq!(gdelt_column("Actor1Geo_Type"), Some(35));
        assert_eq!(gdelt_column("ActionGeo_Type"), Some(51));
        assert_eq!(gdelt_column("DATEADDED"), Some(59));
        assert_eq!(GDELT_COLUMNS[60], "SOURCEURL");
        let mut names = GDELT_COLUMNS.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 61, "no column twice");
    }

    #[test]
    fn gdelt_row_fills_what_vigie_knows() {
        let doc = treaty();
        let row = gdelt_fields(&doc, &doc.events[0], 42, "20240620120000");
        assert_eq!(row.len(), 61);
        let line = gdelt_row(&doc, &doc.events[0], 42, "20240620120000");
        assert_eq!(line.split('\t').count(), 61);
        let expect = [
            ("GLOBALEVENTID", "42"),
            // The event's own date (mercredi), not the article's.
            ("SQLDATE", "20240619"),
            ("MonthYear", "202406"),
            ("Year", "2024"),
            ("FractionDate", "2024.5452"),
            ("Actor1Code", "RUSGOV"),
            ("Actor1Name", "VLADIMIR POUTINE"),
            ("Actor1CountryCode", "RUS"),
            ("Actor1Type1Code", "GOV"),
            ("Actor2Code", "PRKGOV"),
            ("Actor2Name", "KIM JONG-UN"),
            ("Actor2CountryCode", "PRK"),
            ("Actor2Type1Code", "GOV"),
            ("IsRootEvent", "1"),
            ("EventCode", "057"),
            ("EventBaseCode", "057"),
            ("EventRootCode", "05"),
            ("QuadClass", "1"),
            ("GoldsteinScale", "8.0"),
            ("NumMentions", "1"),
            ("NumArticles", "1"),
            ("ActionGeo_FullName", "Pyongyang"),
            ("DATEADDED", "20240620120000"),
            ("SOURCEURL", "https://example.org/poutine-kim"),
        ];
        for (name, value) in expect {
            assert_eq!(field(&row, name), value, "{name}");
        }
        for empty in [
            "Actor1KnownGroupCode",
            "Actor1EthnicCode",
            "Actor1Religion1Code",
            "Actor1Type2Code",
            "Actor2Religion2Code",
            "AvgTone",
            "Actor1Geo_Type",
            "Actor1Geo_Lat",
            "Actor2Geo_FullName",
            "ActionGeo_Type",
            "ActionGeo_CountryCode",
            "ActionGeo_Lat",
            "ActionGeo_Long",
            "ActionGeo_FeatureID",
        ] {
            assert_eq!(field(&row, empty), "", "{empty} must stay empty");
        }
    }

    #[test]
    fn gdelt_leaves_unknown_actors_and_scores_empty() {
        let doc = treaty();
        let row = gdelt_fields(&doc, &doc.events[1], 7, "20240620120000");
        assert_eq!(row.len(), 61);
        // No date of its own: the article's day.
        assert_eq!(field(&row, "SQLDATE"), "20240620");
        // No entity, no code: the words only.
        assert_eq!(field(&row, "Actor1Code"), "");
        assert_eq!(field(&row, "Actor1Name"), "LE TEXTE");
        assert_eq!(field(&row, "Actor1CountryCode"), "");
        assert_eq!(field(&row, "Actor1Type1Code"), "");
        assert_eq!(field(&row, "Actor2Name"), "");
        assert_eq!(field(&row, "IsRootEvent"), "0", "second paragraph");
        assert_eq!(field(&row, "EventCode"), "0234");
        assert_eq!(field(&row, "EventBaseCode"), "023");
        assert_eq!(field(&row, "EventRootCode"), "02");
        assert_eq!(field(&row, "QuadClass"), "");
        assert_eq!(field(&row, "GoldsteinScale"), "");
        assert_eq!(field(&row, "ActionGeo_FullName"), "");
    }

    #[test]
    fn root_only_codes_become_cameo_not_specified_codes() {
        let doc = treaty();
        let mut e = doc.events[0].clone();
        e.code = "05".into();
        let row = gdelt_fields(&doc, &e, 1, "20240620120000");
        assert_eq!(field(&row, "EventCode"), "050");
        assert_eq!(field(&row, "EventBaseCode"), "050");
        assert_eq!(field(&row, "EventRootCode"), "05");
    }

    #[test]
    fn gdelt_rows_never_hold_tabs_or_line_breaks() {
        let mut doc = treaty();
        doc.meta.url = None;
        doc.id = "path/with\ttab".into();
        let line = gdelt_row(&doc, &doc.events[0], 1, "20240620120000");
        assert!(!line.contains('\n'));
        assert_eq!(line.split('\t').count(), 61);
        assert!(line.ends_with("path/with tab"));
    }

    #[test]
    fn timestamps_are_utc_civil_dates() {
        assert_eq!(gdelt_timestamp(0), "19700101000000");
        assert_eq!(gdelt_timestamp(1_718_841_600), "20240620000000");
        assert_eq!(gdelt_timestamp(951_782_400 + 3661), "20000229010101");
    }

    #[test]
    fn plover_record_carries_type_mode_actors_place_and_offsets() {
        let doc = treaty();
        let r = plover_record(&doc, &doc.events[0], 0).unwrap_or_default();
        assert_eq!(r["id"], "fr-poutine-kim-0");
        assert_eq!(r["date"], "2024-06-19");
        assert_eq!(r["event_type"], "AGREE");
        assert_eq!(r["mode"], "sign");
        assert_eq!(r["context"], json!([]));
        assert_eq!(r["actor"]["name"], "Vladimir Poutine");
        assert_eq!(r["actor"]["code"], "RUSGOV");
        assert_eq!(r["actor"]["country"], "RUS");
        assert_eq!(r["recipient"]["code"], "PRKGOV");
        assert_eq!(r["location"]["name"], "Pyongyang");
        assert_eq!(r["location"]["country"], "PRK");
        assert_eq!(r["cameo_code"], "057");
        assert_eq!(r["quad_class"], 1);
        assert_eq!(r["source"]["url"], "https://example.org/poutine-kim");
        assert_eq!(r["source"]["language"], "fr");
        assert_eq!(r["modality"], "asserted");
        assert_eq!(r["negated"], false);
        // Offsets point into the text.
        for v in [
            &r,
            &r["actor"]["text"],
            &r["trigger"],
            &r["location"]["text"],
        ] {
            let (s, e) = (v["start"].as_u64(), v["end"].as_u64());
            let got = match (s, e) {
                (Some(s), Some(e)) => doc.text.get(s as usize..e as usize),
                _ => None,
            };
            assert_eq!(got, v["text"].as_str(), "{v}");
        }
        assert_eq!(r["trigger"]["lemma"], "signer");
    }

    #[test]
    fn plover_skips_events_without_a_plover_type_and_omits_unknowns() {
        let doc = treaty();
        assert_eq!(plover_record(&doc, &doc.events[1], 1), None);
        let mut e = doc.events[1].clone();
        e.plover_type = Some("AGREE".into());
        let r = plover_record(&doc, &e, 1).unwrap_or_default();
        assert_eq!(r["actor"]["name"], "Le texte");
        assert!(r["actor"].get("code").is_none());
        assert!(r.get("recipient").is_none());
        assert!(r.get("location").is_none());
        assert!(r.get("goldstein").is_none());
        assert_eq!(r["modality"], "conditional");
        assert_eq!(r["date"], "2024-06-20");
    }
}
