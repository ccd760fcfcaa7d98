//! `vigie kb` end to end: lookup, show, find, stats, user dictionaries, errors.

use std::process::{Command, Output};

fn vigie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run vigie")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn lookup_role_phrase_in_french() {
    let out = vigie(&["kb", "lookup", "le chef du Kremlin", "--date", "2024-06-19"]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out).trim(),
        "Q7747\tperson\tVladimir Poutine\tRUS\tRUSGOV on 2024-06-19"
    );
}

#[test]
fn lookup_json_has_agent_and_codes() {
    let out = vigie(&["kb", "lookup", "OTAN", "--json", "--date", "2024-01-01"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["actors"][0]["id"], "Q7184");
    assert_eq!(v["actors"][0]["code_on_date"]["code"], "IGOWSTNAT");
    let out = vigie(&["kb", "lookup", "rebelles", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["agent"], "REB");
}

#[test]
fn show_find_and_stats() {
    let out = vigie(&["kb", "show", "Q56226", "--date", "2024-06-19"]);
    assert!(out.status.success(), "{out:?}");
    let s = stdout(&out);
    assert!(
        s.contains("name fr  Kim Jong-un") && s.contains("code     PRKGOV on 2024-06-19"),
        "{s}"
    );

    let out = vigie(&["kb", "find", "Poutine et Kim Jong-un à Pyongyang"]);
    let s = stdout(&out);
    assert!(s.contains("0..7\tPoutine\tQ7747"), "{s}");
    assert!(s.contains("Kim Jong-un\tQ56226"), "{s}");
    assert!(s.contains("Pyongyang\tQ18808"), "{s}");

    let out = vigie(&["kb", "stats"]);
    assert!(out.status.success(), "{out:?}");
    let s = stdout(&out);
    assert!(
        s.contains("country       250") && s.contains("build time"),
        "{s}"
    );
}

#[test]
fn user_petrarch_dictionary_and_errors() {
    let dict = "../vigie-knowledge/tests/fixtures/sample.actors.txt";
    let out = vigie(&[
        "kb",
        "--dict",
        dict,
        "lookup",
        "Smeagol",
        "--date",
        "1997-01-01",
    ]);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout(&out).contains("HOBGOV on 1997-01-01"));
    // Malformed lines of the user's file are reported with file and line.
    assert!(String::from_utf8_lossy(&out.stderr).contains("sample.actors.txt:29:"));

    let out = vigie(&["kb", "lookup", "nobody at all"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vigie(&["kb", "show", "Q0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = vigie(&["kb", "lookup", "x", "--date", "2024-13-45"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn entities_of_a_file_with_a_users_actor_file() {
    let dir = std::env::temp_dir().join(format!("vigie-kb-dict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let article = dir.join("article.txt");
    std::fs::write(
        &article,
        "Amélie Durandal a inauguré le nouveau marché couvert samedi. Durandal a promis des travaux.",
    )
    .expect("write article");
    let article = article.to_string_lossy().into_owned();
    let out = vigie(&[
        "entities",
        "--dict",
        "tests/fixtures/my_actors.tsv",
        &article,
    ]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("vigie:person:amelie-durandal"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.contains("FRAGOV") && line.contains("Durandal @"),
        "{line}"
    );
    // Without the file the name is only a document-local entity.
    let out = vigie(&["entities", &article]);
    assert!(!stdout(&out).contains("vigie:person:amelie-durandal"));
    let _ = std::fs::remove_dir_all(&dir);
}
