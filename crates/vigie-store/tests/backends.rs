//! The same behaviour checks on every backend: SQLite always; PostgreSQL when
//! `VIGIE_TEST_POSTGRES` names a database (CI sets it, and fails if it is missing).
//!
//! The annotated articles come from `examples/annotated.jsonl`: hand-written fixtures carrying
//! mentions, entities, quotes and events, so these paths are tested before the extraction
//! stages exist. They say nothing about extraction quality.

use vigie_core::{Document, Metadata};
use vigie_store::*;

fn fixtures() -> Vec<Document> {
    include_str!("../../../examples/annotated.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("fixture parses"))
        .collect()
}

fn plain(id: &str, text: &str, date: &str) -> Document {
    let mut doc = Document::new(id, text, Metadata::default());
    doc.meta.date = Some(date.into());
    doc.meta.title = Some(format!("Titre {id}"));
    doc.language = Some(vigie_core::LanguageGuess {
        code: "fr".into(),
        confidence: 1.0,
        reliable: true,
    });
    doc
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!(
        "vigie-test-{name}-{}-{nanos}.db",
        std::process::id()
    ))
}

/// Every behaviour check, on an empty store.
fn check_store(store: &mut dyn Store) {
    let docs = fixtures();
    let report = put_documents(store, &docs).unwrap();
    assert_eq!(report.inserted, 2);
    assert_eq!(report.quotes, 5);
    assert_eq!(report.events, 4);
    let extra = plain(
        "plain-1",
        "Le Kremlin a déclaré que les traités seraient respectés.",
        "2024-05-02",
    );
    put_documents(store, std::slice::from_ref(&extra)).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.articles, stats.quotes, stats.events, stats.mentions),
        (3, 5, 4, 19)
    );
    // Same entity (Q7747) across the French and English articles.
    assert_eq!(stats.entities, 6, "{stats:?}");

    // Idempotent: the same batch again changes nothing.
    let again = put_documents(store, &docs).unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
    // Same text under another id: a duplicate, left alone.
    let mut copy = extra.clone();
    copy.id = "plain-1-copy".into();
    let dup = put_documents(store, &[copy]).unwrap();
    assert_eq!(dup.unchanged, 1);
    assert_eq!(store.stats().unwrap(), stats);

    // Accent folding and stemming.
    for q in ["déclaré", "declare", "DECLARER", "traité", "traites"] {
        let hits = store
            .search(&SearchQuery {
                q: q.into(),
                ..Default::default()
            })
            .unwrap();
        assert!(
            hits.iter().any(|h| h.doc_id == "plain-1"),
            "{q}: {:?}",
            hits.iter().map(|h| &h.doc_id).collect::<Vec<_>>()
        );
    }
    let hits = store
        .search(&SearchQuery {
            q: "treaty".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(hits.iter().any(|h| h.doc_id == "vigie-fixture-en-summit"));
    let hits = store
        .search(&SearchQuery {
            q: "traité".into(),
            since: Some("2024-06-01".into()),
            ..Default::default()
        })
        .unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.doc_id.as_str()).collect();
    assert_eq!(ids, ["vigie-fixture-fr-pyongyang"]);
    assert!(
        hits[0].snippet.to_lowercase().contains("trait"),
        "{}",
        hits[0].snippet
    );
    // Query syntax is never interpreted.
    for q in ["NEAR(", "\"", "*", "a OR", "-x", "é'\"(", "", "   "] {
        store
            .search(&SearchQuery {
                q: q.into(),
                ..Default::default()
            })
            .unwrap();
        store
            .quotes(&QuoteQuery {
                q: Some(q.into()),
                ..Default::default()
            })
            .unwrap();
    }
    // An empty query lists the newest articles.
    let newest = store.search(&SearchQuery::default()).unwrap();
    assert_eq!(newest.len(), 3);
    assert_eq!(newest[0].doc_id, "vigie-fixture-en-summit");
    // Pagination.
    let page = store
        .search(&SearchQuery {
            page: Page {
                limit: 1,
                offset: 1,
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].doc_id, newest[1].doc_id);

    // Quotes by speaker: the name, an alias, any case and accents.
    let by = |s: &str| QuoteQuery {
        speaker: Some(s.into()),
        ..Default::default()
    };
    let poutine = store.quotes(&by("Poutine")).unwrap();
    assert_eq!(poutine.len(), 3, "{poutine:?}");
    assert!(poutine
        .iter()
        .all(|q| q.speaker.as_deref() == Some("Vladimir Poutine")));
    assert_eq!(
        poutine[0].date.as_deref(),
        Some("2024-07-01"),
        "newest first"
    );
    let putin = store.quotes(&by("putin")).unwrap();
    assert_eq!(putin.len(), 1, "{putin:#?}");
    // An alias of the speaker in the same article finds all their quotes there.
    assert_eq!(store.quotes(&by("président russe")).unwrap().len(), 2);
    assert_eq!(store.quotes(&by("coree")).unwrap().len(), 0);
    assert_eq!(store.quotes(&by("100%_")).unwrap().len(), 0);
    let words = store
        .quotes(&QuoteQuery {
            q: Some("traités".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(words.len(), 1);
    assert!(words[0].text.contains("traité"));

    // Events: actor codes (prefix), names, CAMEO code prefix, dates.
    let ev = |s: Option<&str>, t: Option<&str>, c: Option<&str>, since: Option<&str>| EventQuery {
        source: s.map(Into::into),
        target: t.map(Into::into),
        code: c.map(Into::into),
        since: since.map(Into::into),
        ..Default::default()
    };
    let e = store
        .events(&ev(
            Some("RUS"),
            Some("PRK"),
            Some("057"),
            Some("2024-06-01"),
        ))
        .unwrap();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].source.as_ref().map(|a| a.name.as_str()),
        Some("Vladimir Poutine")
    );
    assert_eq!(
        e[0].target.as_ref().and_then(|a| a.code.as_deref()),
        Some("PRKGOV")
    );
    assert!(e[0].evidence.starts_with("Les deux dirigeants"));
    assert_eq!(
        store
            .events(&ev(Some("RUS"), Some("PRK"), Some("05"), None))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .events(&ev(Some("PRK"), None, None, None))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        store
            .events(&ev(Some("kim"), None, None, None))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&ev(None, None, None, Some("2024-06-20")))
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .events(&ev(None, None, Some("%"), None))
            .unwrap()
            .len(),
        4
    );
    // The event stage's fields come back with the row.
    let d = &e[0].detail;
    assert_eq!((d.goldstein, d.quad_class), (Some(8.0), Some(1)));
    assert_eq!(
        (d.plover_type.as_deref(), d.plover_mode.as_deref()),
        (Some("AGREE"), Some("sign"))
    );
    assert_eq!(d.place.as_deref(), Some("Pyongyang"));
    assert_eq!(d.date_text.as_deref(), Some("mercredi"));
    assert_eq!(d.trigger_lemma.as_deref(), Some("signer"));
    assert_eq!(d.theme.as_deref(), Some("un accord de défense mutuelle"));
    assert_eq!(
        (d.negated, d.modality.as_deref(), d.confidence),
        (false, None, Some(0.8))
    );
    let fr_text = &docs[0].text;
    let (ts, te) = (d.trigger_start.unwrap(), d.trigger_end.unwrap());
    assert_eq!(&fr_text[ts as usize..te as usize], "signé");
    assert_eq!(
        e[0].source.as_ref().and_then(|a| a.country.as_deref()),
        Some("RUS")
    );
    let conditional = store
        .events(&ev(Some("Russie"), None, Some("051"), None))
        .unwrap();
    assert_eq!(conditional.len(), 1, "{conditional:?}");
    let d = &conditional[0].detail;
    assert_eq!(d.modality.as_deref(), Some("conditional"));
    assert_eq!(d.reported_in, Some(1));

    // Entities ranked by counts kept up to date by the store.
    let top = store.entities(&EntityQuery::default()).unwrap();
    assert_eq!(top[0].name, "Vladimir Poutine");
    assert_eq!(top[0].mentions, 6);
    let by_quotes = store
        .entities(&EntityQuery {
            by: EntityRank::Quotes,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (by_quotes[0].name.as_str(), by_quotes[0].quotes),
        ("Vladimir Poutine", 3)
    );
    assert_eq!(
        (by_quotes[1].name.as_str(), by_quotes[1].quotes),
        ("Kim Jong-un", 2)
    );
    let named = store
        .entities(&EntityQuery {
            name: Some("coree".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].actor_code.as_deref(), Some("PRK"));

    // The entity page.
    let view = store.entity(top[0].id).unwrap().unwrap();
    let aliases: Vec<&str> = view.aliases.iter().map(|(a, _)| a.as_str()).collect();
    for a in ["Vladimir Poutine", "Putin", "Le président russe"] {
        assert!(aliases.contains(&a), "{aliases:?}");
    }
    assert_eq!(
        view.roles,
        Roles {
            speaker: 3,
            source: 1,
            target: 1,
            mentioned: 2
        }
    );
    assert_eq!(view.quotes.len(), 3);
    assert_eq!(view.events.len(), 2);
    assert!(view.events[0].date >= view.events[1].date, "newest first");
    assert_eq!(view.articles.len(), 2);
    assert_eq!(
        (
            view.quotes_next_offset,
            view.events_next_offset,
            view.articles_next_offset
        ),
        (None, None, None),
        "one page holds everything"
    );
    assert!(store.entity(999_999).unwrap().is_none());
    check_entity_pages(store, &view);

    // The article page: text, layout, annotations with store ids.
    let id = store
        .article_id("vigie-fixture-fr-pyongyang")
        .unwrap()
        .unwrap();
    let art = store.article(id).unwrap().unwrap();
    assert_eq!(art.text, docs[0].text);
    assert_eq!(art.quotes.len(), 3);
    assert_eq!(art.mentions.len(), 13);
    for q in &art.quotes {
        assert_eq!(&art.text[q.start as usize..q.end as usize], q.text);
        let (s, e) = (
            q.speaker_start.unwrap() as usize,
            q.speaker_end.unwrap() as usize,
        );
        assert!(art.text.get(s..e).is_some());
    }
    let first = &art.quotes[0];
    assert_eq!(first.entity, Some(top[0].id));
    assert_eq!(first.cue.as_deref(), Some("a déclaré"));
    assert_eq!(art.events.len(), 3);
    assert!(store.article(-1).unwrap().is_none());

    // Network and timeline.
    let net = store.network(&NetworkQuery::default()).unwrap();
    assert_eq!(net.len(), 4, "{net:?}");
    assert!(net.iter().all(|e| e.events == 1));
    let tl = store.timeline(&TimelineQuery::default()).unwrap();
    let points: Vec<(&str, &str, i64)> = tl
        .iter()
        .map(|p| (p.month.as_str(), p.root_code.as_str(), p.events))
        .collect();
    assert_eq!(points, [("2024-06", "05", 3), ("2024-07", "05", 1)]);

    // Export view: documents come back with their annotations.
    let all = store.documents(0, 100).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].1.quotes, docs[0].quotes);
    assert_eq!(all[0].1.entities, docs[0].entities);
    assert!(store.documents(all[2].0, 100).unwrap().is_empty());

    // Changed annotations update in place; counters follow.
    let mut changed = docs[0].clone();
    changed.quotes.truncate(1);
    changed.events.clear();
    let upd = put_documents(store, &[changed]).unwrap();
    assert_eq!((upd.inserted, upd.updated), (0, 1));
    let stats2 = store.stats().unwrap();
    assert_eq!((stats2.articles, stats2.quotes, stats2.events), (3, 3, 1));
    let top2 = store
        .entities(&EntityQuery {
            by: EntityRank::Quotes,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (top2[0].name.as_str(), top2[0].quotes),
        ("Vladimir Poutine", 2)
    );
    assert_eq!(
        store.article_id("vigie-fixture-fr-pyongyang").unwrap(),
        Some(id)
    );

    // The same article twice in one batch: the last version wins, indexed once.
    let mut v1 = docs[1].clone();
    v1.quotes.clear();
    let mut v2 = docs[1].clone();
    v2.events.clear();
    let r = put_documents(store, &[v1, v2]).unwrap();
    assert_eq!((r.inserted, r.updated), (0, 2));
    let hits = store
        .search(&SearchQuery {
            q: "treaty".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        hits.iter()
            .filter(|h| h.doc_id == "vigie-fixture-en-summit")
            .count(),
        1
    );
    let stats3 = store.stats().unwrap();
    assert_eq!((stats3.quotes, stats3.events), (3, 0));
    let kim = store
        .entities(&EntityQuery {
            name: Some("kim".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((kim[0].quotes, kim[0].events), (1, 0), "{kim:?}");
    let q = store
        .quotes(&QuoteQuery {
            q: Some("abandon".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(q.len(), 1);

    // Bad spans are dropped, never stored half-way, and never fail the batch.
    let mut bad = plain("bad-spans", "Élysée : « oui », dit-il.", "2024-01-01");
    // Built from JSON so that fields the annotation records gain later take their defaults.
    bad.mentions = serde_json::from_value(serde_json::json!([
        {"start": 1, "end": 3, "label": "ORG", "entity": 7},
        {"start": 0, "end": 999, "label": "ORG"}
    ]))
    .unwrap();
    bad.quotes = serde_json::from_value(serde_json::json!([
        {"kind": "direct", "start": 11, "end": 20, "speaker": {"start": 500, "end": 501}, "entity": 42}
    ]))
    .unwrap();
    let r = put_documents(store, &[bad]).unwrap();
    assert_eq!(r.inserted, 1);
    let id = store.article_id("bad-spans").unwrap().unwrap();
    let art = store.article(id).unwrap().unwrap();
    assert!(art.mentions.is_empty());
    assert_eq!(art.quotes.len(), 1);
    assert_eq!(art.quotes[0].text, "« oui »");
    assert_eq!(art.quotes[0].speaker, None);

    // Actor filters match the event's own codes and countries, without linked entities, and
    // dates are the event's own day when the text gives one.
    let text = "Des militaires russes ont attaqué un poste frontalier nord-coréen le 15 août.";
    let mut coded = plain("coded-event", text, "2024-09-02");
    let sp = |needle: &str| {
        let s = text.find(needle).unwrap();
        vigie_core::Span::new(s, s + needle.len())
    };
    coded.events = vec![vigie_core::Event {
        code: "190".into(),
        span: sp(text),
        source_span: Some(sp("Des militaires russes")),
        source_actor: Some("RUSMIL".into()),
        target_country: Some("PRK".into()),
        date: Some("2024-08-15".into()),
        date_span: Some(sp("le 15 août")),
        negated: true,
        ..Default::default()
    }];
    put_documents(store, &[coded]).unwrap();
    let found = store
        .events(&ev(
            Some("RUS"),
            Some("PRK"),
            Some("19"),
            Some("2024-08-01"),
        ))
        .unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let f = &found[0];
    assert_eq!(f.date.as_deref(), Some("2024-08-15"));
    assert_eq!(f.detail.article_date.as_deref(), Some("2024-09-02"));
    assert!(f.detail.negated);
    let src = f.source.as_ref().unwrap();
    assert_eq!(
        (src.entity, src.name.as_str(), src.code.as_deref()),
        (None, "Des militaires russes", Some("RUSMIL"))
    );
    assert_eq!(
        f.target.as_ref().and_then(|t| t.country.as_deref()),
        Some("PRK")
    );
    for (s, t, since, until, n) in [
        (Some("RUSMIL"), None, None, None, 1),
        (Some("RUSGOV"), Some("PRK"), None, Some("2024-08-31"), 0),
        (None, Some("PRK"), Some("2024-08-16"), None, 0),
        (None, Some("PRKGOV"), Some("2024-08-01"), None, 0),
    ] {
        let q = EventQuery {
            source: s.map(Into::into),
            target: t.map(Into::into),
            since: since.map(Into::into),
            until: until.map(Into::into),
            ..Default::default()
        };
        assert_eq!(store.events(&q).unwrap().len(), n, "{q:?}");
    }
}

/// Walking the entity page one row at a time gives back the rows of the whole page, in the
/// same order, and the last page says there is no next one.
fn check_entity_pages(store: &mut dyn Store, whole: &EntityView) {
    let id = whole.entity.id;
    let mut page = EntityPage {
        limit: 1,
        ..EntityPage::default()
    };
    let (mut quotes, mut events, mut articles) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..10 {
        let view = store.entity_page(id, &page).unwrap().unwrap();
        assert!(view.quotes.len() <= 1 && view.events.len() <= 1 && view.articles.len() <= 1);
        assert_eq!(
            view.roles, whole.roles,
            "roles count every row, not the page"
        );
        quotes.extend(view.quotes.iter().map(|q| q.id));
        events.extend(view.events.iter().map(|e| e.id));
        articles.extend(view.articles.iter().map(|a| a.id));
        let next = [
            view.quotes_next_offset,
            view.events_next_offset,
            view.articles_next_offset,
        ];
        if next.iter().all(Option::is_none) {
            break;
        }
        page.quotes_offset = next[0].unwrap_or(u32::MAX);
        page.events_offset = next[1].unwrap_or(u32::MAX);
        page.articles_offset = next[2].unwrap_or(u32::MAX);
    }
    let ids = |v: &EntityView| {
        (
            v.quotes.iter().map(|q| q.id).collect::<Vec<_>>(),
            v.events.iter().map(|e| e.id).collect::<Vec<_>>(),
            v.articles.iter().map(|a| a.id).collect::<Vec<_>>(),
        )
    };
    assert_eq!((quotes, events, articles), ids(whole));
    // Two rows a page: the first page of quotes says where the next begins.
    let two = store
        .entity_page(
            id,
            &EntityPage {
                limit: 2,
                ..EntityPage::default()
            },
        )
        .unwrap()
        .unwrap();
    assert_eq!((two.quotes.len(), two.quotes_next_offset), (2, Some(2)));
    assert_eq!((two.events.len(), two.events_next_offset), (2, None));
    // Past the end: empty lists, no next page.
    let past = store
        .entity_page(
            id,
            &EntityPage {
                quotes_offset: 50,
                events_offset: 50,
                articles_offset: 50,
                ..EntityPage::default()
            },
        )
        .unwrap()
        .unwrap();
    assert!(past.quotes.is_empty() && past.events.is_empty() && past.articles.is_empty());
    assert_eq!(past.quotes_next_offset, None);
}

/// An entity quoted, mentioned and acting in many articles is read a page at a time, in both
/// backends alike.
fn check_large_entity_pages(store: &mut dyn Store) {
    let base = fixtures().remove(0);
    let docs: Vec<Document> = (0..45)
        .map(|i| {
            let mut d = base.clone();
            d.id = format!("many-{i:02}");
            // Different text (else a duplicate) and day for each copy.
            d.text.push_str(&format!(" Copie {i}."));
            d.meta.url = None;
            d.meta.date = Some(format!("2023-{:02}-{:02}", 1 + i % 12, 1 + i % 28));
            d
        })
        .collect();
    put_documents(store, &docs).unwrap();
    let top = store
        .entities(&EntityQuery {
            by: EntityRank::Quotes,
            ..Default::default()
        })
        .unwrap();
    let poutine = &top[0];
    assert_eq!(poutine.name, "Vladimir Poutine");
    let first = store.entity(poutine.id).unwrap().unwrap();
    assert_eq!(first.quotes.len(), ENTITY_PAGE_LIMIT as usize);
    assert_eq!(first.quotes_next_offset, Some(ENTITY_PAGE_LIMIT));
    assert_eq!(first.roles.speaker, poutine.quotes);
    let mut seen = 0;
    let mut page = EntityPage::default();
    loop {
        let view = store.entity_page(poutine.id, &page).unwrap().unwrap();
        seen += view.quotes.len();
        for w in view.quotes.windows(2) {
            assert!(w[0].date >= w[1].date, "newest first");
        }
        match view.quotes_next_offset {
            Some(next) => page.quotes_offset = next,
            None => break,
        }
    }
    assert_eq!(seen as i64, poutine.quotes);
    assert!(seen > 2 * ENTITY_PAGE_LIMIT as usize, "{seen}");
    // The page size is clamped.
    let big = store
        .entity_page(
            poutine.id,
            &EntityPage {
                limit: 1_000_000,
                ..EntityPage::default()
            },
        )
        .unwrap()
        .unwrap();
    assert!(big.quotes.len() as u32 <= ENTITY_PAGE_MAX);
    assert_eq!(
        big.quotes.len() as i64,
        poutine.quotes.min(i64::from(ENTITY_PAGE_MAX))
    );
}

/// One batch holding the same document twice (the second changed), a text under two ids and
/// other documents stores what storing them one batch each stores: the store must see, within
/// a batch, the articles it has just written.
fn check_identity_within_a_batch(fresh: &mut dyn FnMut() -> Box<dyn Store>) {
    let docs = fixtures();
    let mut changed = docs[0].clone();
    changed.quotes.truncate(1);
    let extra = plain(
        "plain-batch",
        "Le Kremlin a déclaré que les traités seraient respectés.",
        "2024-05-02",
    );
    let mut copy = extra.clone();
    copy.id = "plain-batch-copy".into();
    let batch = [
        docs[0].clone(),
        changed.clone(),
        extra.clone(),
        copy.clone(),
        docs[1].clone(),
    ];

    let mut together = fresh();
    let report = put_documents(together.as_mut(), &batch).unwrap();
    assert_eq!(
        (report.inserted, report.updated, report.unchanged),
        (3, 1, 1),
        "{report:?}"
    );
    let stats = together.stats().unwrap();
    assert_eq!(stats.articles, 3);
    assert_eq!(stats.quotes as usize, 1 + docs[1].quotes.len());
    check_counters(together.as_mut());
    // The kept copy of the first document is the changed one, found by its id.
    let id = together.article_id(&docs[0].id).unwrap().unwrap();
    let view = together.article(id).unwrap().unwrap();
    assert_eq!(view.quotes.len(), 1);
    assert_eq!(together.article_id("plain-batch-copy").unwrap(), None);
    // The same batch again: the first document twice changes the row twice, the rest is
    // already stored.
    let again = put_documents(together.as_mut(), &batch).unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 2, 3),
        "{again:?}"
    );
    assert_eq!(together.stats().unwrap(), stats);
    drop(together);

    let mut one_by_one = fresh();
    for doc in &batch {
        put_documents(one_by_one.as_mut(), std::slice::from_ref(doc)).unwrap();
    }
    assert_eq!(one_by_one.stats().unwrap(), stats);
}

/// The stored counters of every entity agree with its rows.
fn check_counters(store: &mut dyn Store) {
    let all = store
        .entities(&EntityQuery {
            page: Page {
                limit: MAX_LIMIT,
                offset: 0,
            },
            ..Default::default()
        })
        .unwrap();
    assert!(!all.is_empty());
    let every = Page {
        limit: MAX_LIMIT,
        offset: 0,
    };
    for e in all {
        let quotes = store
            .quotes(&QuoteQuery {
                entity: Some(e.id),
                page: every,
                ..Default::default()
            })
            .unwrap();
        let events = store
            .events(&EventQuery {
                entity: Some(e.id),
                page: every,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            (e.quotes, e.events),
            (quotes.len() as i64, events.len() as i64),
            "{e:?}"
        );
    }
}

#[test]
fn sqlite_backend() {
    let path = temp_path("backend");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), 2);
        check_store(&mut store);
        check_counters(&mut store);
    }
    // Reopening keeps everything and does not migrate again.
    let mut store = open(path.to_str().unwrap()).unwrap();
    assert_eq!(store.backend(), "sqlite");
    assert_eq!(store.stats().unwrap().articles, 5);
    check_large_entity_pages(store.as_mut());
    check_counters(store.as_mut());
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let mut n = 0;
    check_identity_within_a_batch(&mut || {
        n += 1;
        let path = temp_path(&format!("batch-{n}"));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        Box::new(SqliteStore::open(&path).unwrap())
    });
}

#[test]
fn sqlite_migration_2_fills_event_fields_of_stored_rows() {
    let path = temp_path("migrate");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        put_documents(&mut store, &fixtures()).unwrap();
    }
    vigie_store::testing::downgrade_to_v1(&path).unwrap();
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 2);
    let e = store
        .events(&EventQuery {
            source: Some("RUS".into()),
            code: Some("057".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].detail.plover_type.as_deref(), Some("AGREE"));
    assert_eq!(e[0].detail.place.as_deref(), Some("Pyongyang"));
    assert_eq!(
        e[0].source.as_ref().and_then(|a| a.country.as_deref()),
        Some("RUS")
    );
    drop(store);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

#[test]
fn sqlite_refuses_a_newer_schema() {
    let path = temp_path("newer");
    drop(SqliteStore::open(&path).unwrap());
    {
        let conn = rusqlite_free_bump(&path);
        assert!(conn);
    }
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                known: 2
            }
        ),
        "{err}"
    );
    let _ = std::fs::remove_file(&path);
}

/// Marks the store at `path` as written by a future version (through the store's own SQLite,
/// as a user's newer Vigie would).
fn rusqlite_free_bump(path: &std::path::Path) -> bool {
    vigie_store::testing::bump_schema(path, 99).is_ok()
}

#[test]
fn postgres_backend() {
    let Some(url) = std::env::var("VIGIE_TEST_POSTGRES")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false") {
            panic!("CI requires VIGIE_TEST_POSTGRES (a PostgreSQL URL): .ci/run starts one");
        }
        eprintln!("postgres_backend: SKIPPED (set VIGIE_TEST_POSTGRES=postgres://… to run it)");
        return;
    };
    PgStore::reset(&url).unwrap();
    let mut store = PgStore::connect(&url).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    check_store(&mut store);
    drop(store);
    let mut again = open(&url).unwrap();
    assert_eq!(again.backend(), "postgres");
    assert_eq!(again.stats().unwrap().articles, 5);
    check_counters(again.as_mut());
    check_large_entity_pages(again.as_mut());
    check_counters(again.as_mut());
    drop(again);
    check_identity_within_a_batch(&mut || {
        PgStore::reset(&url).unwrap();
        Box::new(PgStore::connect(&url).unwrap())
    });

    // Migration 3 re-indexes the articles and quotes of a schema-2 store with Vigie's own
    // terms, and its counters keep counting.
    PgStore::reset(&url).unwrap();
    put_documents(&mut PgStore::connect(&url).unwrap(), &fixtures()).unwrap();
    vigie_store::testing::pg_downgrade_to_v2(&url).unwrap();
    let mut store = PgStore::connect(&url).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    // Words PostgreSQL's `french` and `english` configurations drop as stop words ("pour",
    // "the") are index terms of Vigie's: found only once the stored rows are re-indexed.
    for (q, doc) in [
        ("pour", "vigie-fixture-fr-pyongyang"),
        ("the", "vigie-fixture-en-summit"),
        ("TRAITÉS", "vigie-fixture-fr-pyongyang"),
    ] {
        let hits = store
            .search(&SearchQuery {
                q: q.into(),
                ..Default::default()
            })
            .unwrap();
        assert!(hits.iter().any(|h| h.doc_id == doc), "{q}: {hits:?}");
    }
    let words = store
        .quotes(&QuoteQuery {
            q: Some("Nous traités".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(words.len(), 1, "{words:?}");
    let mut changed = fixtures().remove(0);
    changed.quotes.truncate(1);
    put_documents(&mut store, &[changed]).unwrap();
    check_counters(&mut store);
    drop(store);

    // Migration 2 fills the event fields of rows stored by schema version 1.
    PgStore::reset(&url).unwrap();
    put_documents(&mut PgStore::connect(&url).unwrap(), &fixtures()).unwrap();
    vigie_store::testing::pg_downgrade_to_v1(&url).unwrap();
    let mut store = PgStore::connect(&url).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    let e = store
        .events(&EventQuery {
            source: Some("RUS".into()),
            code: Some("057".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].detail.plover_type.as_deref(), Some("AGREE"));
    assert_eq!(e[0].detail.place.as_deref(), Some("Pyongyang"));
    assert_eq!(
        e[0].source.as_ref().and_then(|a| a.country.as_deref()),
        Some("RUS")
    );
}
