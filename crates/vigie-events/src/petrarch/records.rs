//! Reader of PETRARCH validation records (`PETR.UnitTest.records.xml`, `GigaWord.sample.PETR.xml`)
//! and the UniversalPetrarch-style scoring of coded triples against them.
//!
//! Each `<Sentence date=… id=… category=… sentence=…>` holds a `<Text>`, zero or more
//! `<EventCoding sourcecode=… targetcode=… eventcode=…>` expectations (or `noevents="True"`),
//! XML comments (kept as the record's notes) and a `<Parse>` tree, which is ignored: Vigie parses
//! the text itself.

use quick_xml::events::Event as Xml;
use quick_xml::Reader;

/// One expected (or coded) event: source code, target code, CAMEO event code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
}

/// One validation record.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub id: String,
    /// `YYYYMMDD` as written.
    pub date: String,
    pub category: String,
    /// `sentence="true"`: the record is to be coded (PETRARCH skips the others).
    pub to_code: bool,
    pub text: String,
    pub expected: Vec<Triple>,
    /// `noevents="True"`: nothing must be coded.
    pub no_events: bool,
    /// The XML comments inside the record (what it tests).
    pub notes: Vec<String>,
    /// PETRARCH's `require_dyad` option in force for this record, set by the
    /// `<Config option="require_dyad" value=…>` elements before it (true when none is).
    pub require_dyad: bool,
    /// PETRARCH's `new_actor_length` option in force for this record (`<Config
    /// option="new_actor_length" value=…>`; 0, off, when none is): an actor slot without a
    /// dictionary actor takes the text of its noun phrase of at most that many words.
    pub new_actor_length: usize,
}

/// Why a records file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("{file}: XML error at byte {position}: {message}")]
    Xml {
        file: String,
        position: u64,
        message: String,
    },
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.as_ref() == name).then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned())
        })
    })
}

/// Reads every `<Sentence>` of a records file. `file` names it in errors.
pub fn read_records(xml: &str, file: &str) -> Result<Vec<Record>, RecordsError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut out = Vec::new();
    let mut current: Option<Record> = None;
    let mut in_text = false;
    let mut in_parse = false;
    let mut require_dyad = true;
    let mut new_actor_length = 0;
    loop {
        let ev = reader.read_event().map_err(|e| RecordsError::Xml {
            file: file.to_string(),
            position: reader.error_position(),
            message: e.to_string(),
        })?;
        match ev {
            Xml::Start(e) | Xml::Empty(e) => match e.name().as_ref() {
                b"Sentence" => {
                    current = Some(Record {
                        id: attr(&e, b"id").unwrap_or_default(),
                        date: attr(&e, b"date").unwrap_or_default().trim().to_string(),
                        category: attr(&e, b"category").unwrap_or_default(),
                        to_code: attr(&e, b"sentence")
                            .is_some_and(|s| s.trim().eq_ignore_ascii_case("true")),
                        require_dyad,
                        new_actor_length,
                        ..Record::default()
                    })
                }
                b"Config" if attr(&e, b"option").is_some_and(|o| o.trim() == "require_dyad") => {
                    if let Some(v) = attr(&e, b"value") {
                        require_dyad = !v.trim().eq_ignore_ascii_case("false");
                    }
                }
                b"Config"
                    if attr(&e, b"option").is_some_and(|o| o.trim() == "new_actor_length") =>
                {
                    // A value that is not a number leaves the option as it was (PETRARCH
                    // ignores the command with a warning).
                    if let Some(n) = attr(&e, b"value").and_then(|v| v.trim().parse().ok()) {
                        new_actor_length = n;
                    }
                }
                b"EventCoding" => {
                    if let Some(r) = current.as_mut() {
                        if attr(&e, b"noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                            r.no_events = true;
                        } else if let (Some(s), Some(t), Some(c)) = (
                            attr(&e, b"sourcecode"),
                            attr(&e, b"targetcode"),
                            attr(&e, b"eventcode"),
                        ) {
                            r.expected.push(Triple {
                                source: s,
                                target: t,
                                code: c,
                            });
                        }
                    }
                }
                b"Text" => in_text = true,
                b"Parse" => in_parse = true,
                _ => {}
            },
            Xml::End(e) => match e.name().as_ref() {
                b"Sentence" => out.extend(current.take()),
                b"Text" => in_text = false,
                b"Parse" => in_parse = false,
                _ => {}
            },
            Xml::Text(t) if in_text && !in_parse => {
                if let Some(r) = current.as_mut() {
                    let s = t
                        .decode()
                        .map(|c| c.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&t).into_owned());
                    let s = quick_xml::escape::unescape(&s)
                        .map(|c| c.into_owned())
                        .unwrap_or(s);
                    r.text.push_str(&s);
                }
            }
            Xml::GeneralRef(g) if in_text && !in_parse => {
                if let Some(r) = current.as_mut() {
                    let name = String::from_utf8_lossy(&g).into_owned();
                    let s = quick_xml::escape::unescape(&format!("&{name};"))
                        .map(|c| c.into_owned())
                        .unwrap_or_default();
                    r.text.push_str(&s);
                }
            }
            Xml::Comment(c) => {
                if let Some(r) = current.as_mut() {
                    r.notes.push(String::from_utf8_lossy(&c).trim().to_string());
                }
            }
            Xml::Eof => break,
            _ => {}
        }
    }
    for r in &mut out {
        r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    Ok(out)
}

/// Correct, missed and extra triples of one record (as UniversalPetrarch counts them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub correct: usize,
    pub missed: usize,
    pub extra: usize,
}

/// Compares coded triples with expected ones as multisets.
pub fn compare(expected: &[Triple], coded: &[Triple]) -> Counts {
    let mut left: Vec<&Triple> = expected.iter().collect();
    let mut c = Counts::default();
    for t in coded {
        match left.iter().position(|e| *e == t) {
            Some(p) => {
                left.swap_remove(p);
                c.correct += 1;
            }
            None => c.extra += 1,
        }
    }
    c.missed = left.len();
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Validation><Sentences>
<!-- a header comment outside any record -->
<Sentence date = "19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- Simple coding -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor &amp; friends.
</Text>
<Parse> (ROOT (S (NP (NNP Arnor)))) </Parse>
</Sentence>
<Config option="require_dyad" value="FALSE"></Config>
<Config option="new_actor_length" value="4"></Config>
<Sentence date="19950102" id="X-1" category="PARSING" sentence="false">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing here.</Text>
</Sentence>
</Sentences></Validation>"#;

    #[test]
    fn reads_records_and_ignores_parse() {
        let r = read_records(XML, "t.xml").unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id, "DEMO-00");
        assert_eq!(r[0].date, "19950101");
        assert!(r[0].to_code);
        assert_eq!(
            r[0].text,
            "Arnor is about to restore full diplomatic ties with Gondor & friends."
        );
        assert_eq!(r[0].expected[0].code, "064");
        assert_eq!(r[0].notes, ["Simple coding"]);
        assert!(!r[1].to_code);
        assert!(r[0].require_dyad && !r[1].require_dyad);
        assert_eq!((r[0].new_actor_length, r[1].new_actor_length), (0, 4));
        assert!(r[1].no_events && r[1].expected.is_empty());
    }

    #[test]
    fn counts() {
        let t = |s: &str, g: &str, c: &str| Triple {
            source: s.into(),
            target: g.into(),
            code: c.into(),
        };
        let c = compare(
            &[t("A", "B", "01"), t("B", "A", "01")],
            &[t("A", "B", "01"), t("A", "C", "01")],
        );
        assert_eq!((c.correct, c.missed, c.extra), (1, 1, 1));
    }
}
