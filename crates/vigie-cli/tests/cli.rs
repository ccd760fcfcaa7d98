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
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["language"]["code"], "fr");
    let flags: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["boilerplate"].as_str())
        .collect();
    assert_eq!(flags, ["read-also", "more-news"]);
    insta::assert_json_snapshot!(doc);
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
