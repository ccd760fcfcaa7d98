//! End-to-end tests of the `vigie` binary on fixtures in the repository.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vigie(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vigie"));
    cmd.args(args).current_dir(repo());
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every span of a JSON document slices its text to the surface it claims.
fn check_json_spans(doc: &serde_json::Value) {
    let text = doc["text"].as_str().unwrap();
    for t in doc["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(s..e), t["text"].as_str(), "token {t}");
    }
    for key in ["sentences", "paragraphs"] {
        for sp in doc[key].as_array().unwrap() {
            let (s, e) = (
                sp["start"].as_u64().unwrap() as usize,
                sp["end"].as_u64().unwrap() as usize,
            );
            assert!(
                text.get(s..e).is_some_and(|x| !x.trim().is_empty()),
                "{key} {sp}"
            );
        }
    }
}

#[test]
fn reference_article_readable_view_snapshot() {
    let out = vigie(
        &[
            "extract",
            "examples/fr-poutine-kim-pyongyang.txt",
            "--format",
            "text",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn reference_article_json_snapshot_and_spans() {
    let out = vigie(&["extract", "examples/fr-poutine-kim-pyongyang.txt"], None);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    check_json_spans(&doc);
    assert_eq!(doc["schema_version"], 2);
    assert_eq!(doc["language"]["code"], "fr");
    let flags: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["boilerplate"].as_str())
        .collect();
    assert_eq!(flags, ["read-also", "more-news"]);
    check_grammar_of_the_gifts(&doc);
    insta::assert_json_snapshot!(doc);
}

/// The shipped French models on the reference article: who gave what to whom.
fn check_grammar_of_the_gifts(doc: &serde_json::Value) {
    let words = doc["words"].as_array().expect("words");
    let form = |i: usize| words[i]["form"].as_str().unwrap_or("");
    // (dependent, relation, head) triples, relations without subtype.
    let arcs: Vec<(&str, &str, &str)> = words
        .iter()
        .filter_map(|w| {
            let head = w["head"].as_u64()? as usize;
            let rel = w["deprel"].as_str()?.split(':').next()?;
            Some((w["form"].as_str()?, rel, form(head)))
        })
        .collect();
    let has = |dep: &str, rel: &str, head: &str| arcs.contains(&(dep, rel, head));
    // "Vladimir Poutine" is a name headed by its first word (UD), a DELA noun the tagger
    // must still read as a first name.
    assert!(
        has("Vladimir", "nsubj", "emmené"),
        "Vladimir Poutine a emmené"
    );
    assert!(has("Poutine", "flat", "Vladimir"), "Vladimir Poutine");
    assert_eq!(words[0]["upos"], "PROPN", "Vladimir");
    assert!(has("Poutine", "nsubj", "offert"), "Poutine a offert");
    assert!(has("Kim", "obl", "offert"), "offert à Kim");
    assert!(has("service", "obj", "offert"), "offert … un service à thé");
    assert!(has("qu'", "obj", "offerte"), "qu'il a offerte");
    // The relative clause belongs to the limousine, not to "de fabrication russe".
    assert!(
        has("offerte", "acl", "limousine"),
        "une limousine … qu'il a offerte"
    );
    assert!(has("a", "aux", "offert"));
    // Every word of a tagged sentence has a tag and a lemma; each sentence has one root.
    for s in doc["sentences"].as_array().unwrap() {
        let Some(r) = s.get("words") else { continue };
        let (a, b) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        let roots = words[a..b].iter().filter(|w| w["head"].is_null()).count();
        assert_eq!(roots, 1, "one root per sentence");
        for w in &words[a..b] {
            assert!(!w["upos"].as_str().unwrap().is_empty());
            assert!(!w["lemma"].as_str().unwrap().is_empty());
            if let Some(h) = w["head"].as_u64() {
                assert!((a..b).contains(&(h as usize)), "head inside the sentence");
            }
        }
    }
}

#[test]
fn a_directory_with_bad_inputs_is_processed_and_reported() {
    let out = vigie(
        &[
            "extract",
            "crates/vigie-cli/tests/fixtures/mixed",
            "--format",
            "jsonl",
        ],
        None,
    );
    // Some inputs failed: exit code 1, each failure on stderr, the rest written.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("c-image.txt"), "{stderr}");
    assert!(
        stderr.contains("b-wire.jsonl") && stderr.contains('2'),
        "{stderr}"
    );
    let docs = json_lines(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(ids.contains(&"w1") && ids.contains(&"w3"));
    for d in &docs {
        check_json_spans(d);
    }
    let legacy = docs
        .iter()
        .find(|d| d["id"].as_str().unwrap().ends_with("d-legacy.txt"))
        .unwrap();
    assert_eq!(legacy["meta"]["source"]["encoding"], "windows-1252");
    assert!(legacy["text"].as_str().unwrap().contains("l’été"));
    let w1 = docs.iter().find(|d| d["id"] == "w1").unwrap();
    assert_eq!(w1["language"]["code"], "en");
    assert_eq!(w1["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn stdin_is_read_and_empty_input_is_an_error_not_a_panic() {
    let out = vigie(
        &["extract", "-", "--format", "jsonl"],
        Some("Kim a déclaré qu'il viendrait. Il est venu.".as_bytes()),
    );
    assert!(out.status.success());
    let docs = json_lines(&out);
    assert_eq!(docs[0]["sentences"].as_array().unwrap().len(), 2);

    let out = vigie(&["extract", "-"], Some(b""));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let out = vigie(&["extract", "-"], Some(&[0xff, 0xfe, 0x00, 0xd8, 0x00]));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn missing_file_gives_exit_code_1_with_the_path() {
    let out = vigie(&["extract", "no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}

#[test]
fn extract_writes_gdelt_rows_and_plover_records_of_the_events_it_finds() {
    let article = "examples/fr-poutine-kim-pyongyang.txt";
    let json = vigie(&["extract", "--format", "jsonl", article], None);
    assert!(json.status.success());
    let events = json_lines(&json)[0]["events"]
        .as_array()
        .map_or(0, |e| e.len());
    let with_plover = json_lines(&json)[0]["events"].as_array().map_or(0, |e| {
        e.iter().filter(|e| e["plover_type"].is_string()).count()
    });

    let gdelt = vigie(&["extract", "--format", "gdelt", article], None);
    assert!(gdelt.status.success());
    let tsv = String::from_utf8_lossy(&gdelt.stdout);
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines[0].first(), Some(&"GLOBALEVENTID"));
    assert_eq!(lines[0].last(), Some(&"SOURCEURL"));
    assert!(lines.iter().all(|l| l.len() == 61), "{tsv}");
    assert_eq!(lines.len(), 1 + events, "one row per event");
    for (i, row) in lines.iter().skip(1).enumerate() {
        assert_eq!(row[0], (i + 1).to_string(), "GLOBALEVENTIDs count from 1");
        assert_eq!(row[60], "examples/fr-poutine-kim-pyongyang.txt");
    }

    let plover = vigie(&["extract", "--format", "plover", article], None);
    assert!(plover.status.success());
    let records = json_lines(&plover);
    assert_eq!(records.len(), with_plover);
    for r in &records {
        assert!(r["event_type"].is_string() && r["id"].is_string());
    }
    let listed = vigie(&["events", article], None);
    assert!(listed.status.success());
    // One block per event, opened by its CAMEO code at a two-space indent.
    let blocks = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|l| {
            l.strip_prefix("  ")
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    assert_eq!(blocks, events);
}
