//! `vigie ingest` and the query commands end to end, on fixtures of the repository, in a
//! temporary store. The annotated fixtures (`examples/annotated.jsonl`) are hand-written test
//! data for the store paths (quotes, entities, events), not output of the extraction.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use vigie_store::Store;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("vigie-cli-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn vigie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .current_dir(repo())
        .env_remove("VIGIE_DB")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn ingest_then_query_from_the_command_line() {
    let dir = temp_dir("queries");
    let db = dir.join("v.db");
    let db = db.to_str().unwrap();
    let out = vigie(&[
        "ingest",
        "--db",
        db,
        "examples/fr-poutine-kim-pyongyang.txt",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("1 articles (1 new"),
        "{}",
        stderr(&out)
    );
    let out = vigie(&[
        "ingest",
        "--db",
        db,
        "--annotated",
        "examples/annotated.jsonl",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("5 quotes, 4 events, 0 errors"),
        "{}",
        stderr(&out)
    );

    // Idempotent.
    let again = vigie(&[
        "ingest",
        "--db",
        db,
        "examples/fr-poutine-kim-pyongyang.txt",
    ]);
    assert!(stderr(&again).starts_with("1 articles (0 new, 0 updated, 1 already stored)"));
    let mut store = vigie_store::open(db).unwrap();
    assert_eq!(store.stats().unwrap().articles, 3);

    let out = vigie(&["search", "--db", db, "Aurus"]);
    assert!(
        stdout(&out).contains("fr-poutine-kim-pyongyang.txt"),
        "{}",
        stdout(&out)
    );
    let out = vigie(&["search", "--db", db, "déclaré", "--output", "json"]);
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));

    // Dated: only the annotated fixtures (the reference article has no date, and whatever
    // quotes the pipeline finds in it must not change these counts).
    let out = vigie(&[
        "quotes",
        "--db",
        db,
        "--speaker",
        "Poutine",
        "--since",
        "2024-01-01",
    ]);
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
    assert!(stdout(&out).contains("Vladimir Poutine (direct): « Nous allons signer"));

    let out = vigie(&[
        "events",
        "--db",
        db,
        "--source",
        "RUS",
        "--target",
        "PRK",
        "--code",
        "057",
        "--since",
        "2024-06-01",
    ]);
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("057 Vladimir Poutine (RUSGOV) → Kim Jong-un (PRKGOV)"),
        "{text}"
    );
    let bad = vigie(&["events", "--db", db, "--since", "juin"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("YYYY-MM-DD"));

    // Ranking is tested on fixtures alone in vigie-store; here, the command's output (entities
    // the pipeline finds in the reference article may rank anywhere).
    let out = vigie(&[
        "entities", "--db", db, "--top", "2", "--by", "quotes", "--name", "vladimir",
    ]);
    let text = stdout(&out);
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or("")
            .contains("Vladimir Poutine [PER RUSGOV]"),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "{text}");

    // Exports.
    let out = vigie(&["export", "--db", db, "--format", "jsonl"]);
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 3);
    assert!(docs
        .iter()
        .any(|d| d["quotes"].as_array().is_some_and(|q| q.len() == 3)));
    let out = vigie(&[
        "export", "--db", db, "--format", "jsonl", "--query", "Aurus",
    ]);
    assert_eq!(stdout(&out).lines().count(), 1);
    let out = vigie(&[
        "export",
        "--db",
        db,
        "--format",
        "csv",
        "--what",
        "quotes",
        "--speaker",
        "Kim",
        "--since",
        "2024-01-01",
    ]);
    let csv = stdout(&out);
    assert!(csv.starts_with("id,article,doc_id,date,speaker"));
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        csv.contains("\"« La Corée du Nord soutient pleinement la Russie. »\"")
            || csv.contains("« La Corée du Nord soutient pleinement la Russie. »")
    );
    let out = vigie(&[
        "export", "--db", db, "--format", "gdelt", "--code", "057", "--source", "RUS",
    ]);
    let tsv = stdout(&out);
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    // The fixture's treaty, and the one the pipeline codes in the reference article.
    assert_eq!(lines.len(), 3, "{tsv}");
    assert!(lines.iter().all(|l| l.len() == 61), "{tsv}");
    assert!(
        lines
            .iter()
            .any(|l| l[60] == "examples/fr-poutine-kim-pyongyang.txt" && l[5] == "RUSGOV"),
        "{tsv}"
    );
    let col = |name: &str| lines[0].iter().position(|c| *c == name).unwrap();
    assert_eq!(
        &lines[0][..5],
        [
            "GLOBALEVENTID",
            "SQLDATE",
            "MonthYear",
            "Year",
            "FractionDate"
        ]
    );
    let row = lines
        .iter()
        .find(|l| l[60] == "https://example.org/fixtures/poutine-kim-traite")
        .unwrap();
    for (name, value) in [
        ("SQLDATE", "20240619"),
        ("Actor1Code", "RUSGOV"),
        ("Actor1Name", "VLADIMIR POUTINE"),
        ("Actor1CountryCode", "RUS"),
        ("Actor2Code", "PRKGOV"),
        ("IsRootEvent", "0"),
        ("EventCode", "057"),
        ("EventRootCode", "05"),
        ("QuadClass", "1"),
        ("GoldsteinScale", "8.0"),
        ("AvgTone", ""),
        ("ActionGeo_FullName", "Pyongyang"),
        ("ActionGeo_Lat", ""),
        (
            "SOURCEURL",
            "https://example.org/fixtures/poutine-kim-traite",
        ),
    ] {
        assert_eq!(row[col(name)], value, "{name}");
    }
    let out = vigie(&["export", "--db", db, "--format", "plover"]);
    let records: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The fixtures' events with a PLOVER type: the treaty, the conditional support, the
    // English treaty welcome; the others come from the pipeline on the reference article.
    let fixtures = records
        .iter()
        .filter(|r| {
            r["source"]["doc_id"]
                .as_str()
                .is_some_and(|d| d.starts_with("vigie-fixture"))
        })
        .count();
    assert_eq!(fixtures, 3, "{}", stdout(&out));
    assert!(records.len() > fixtures, "{}", stdout(&out));
    let treaty = records
        .iter()
        .find(|r| r["cameo_code"] == "057" && r["source"]["language"] == "fr")
        .unwrap();
    assert_eq!(treaty["event_type"], "AGREE");
    assert_eq!(treaty["mode"], "sign");
    assert_eq!(treaty["actor"]["code"], "RUSGOV");
    assert_eq!(treaty["recipient"]["name"], "Kim Jong-un");
    assert_eq!(treaty["location"]["name"], "Pyongyang");
    assert_eq!(treaty["date"], "2024-06-19");
    assert!(stderr(&out).contains("no PLOVER type"));
    for what in ["events", "quotes", "entities", "articles"] {
        let jsonl = vigie(&["export", "--db", db, "--format", "jsonl", "--what", what]);
        let rows = stdout(&jsonl).lines().count() as i64;
        assert!(rows > 0, "{what}");
        let file = dir.join(format!("{what}.parquet"));
        let out = vigie(&[
            "export",
            "--db",
            db,
            "--format",
            "parquet",
            "--what",
            what,
            "-o",
            file.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let reader = SerializedFileReader::new(std::fs::File::open(&file).unwrap()).unwrap();
        assert_eq!(reader.metadata().file_metadata().num_rows(), rows, "{what}");
    }

    // No store: a clear message, no file created.
    let missing = dir.join("missing.db");
    let out = vigie(&["search", "--db", missing.to_str().unwrap(), "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("vigie ingest"));
    assert!(!missing.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_inputs_are_reported_and_the_rest_is_stored() {
    let dir = temp_dir("malformed");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        inputs.join("a.txt"),
        "Le Kremlin a annoncé un accord avec Pyongyang.",
    )
    .unwrap();
    std::fs::write(inputs.join("b.txt"), "").unwrap();
    std::fs::write(inputs.join("c.txt"), b"\x00\x01\x02binary\x00\x00").unwrap();
    std::fs::write(
        inputs.join("d.jsonl"),
        "{\"id\": \"j1\", \"text\": \"Kim Jong-un a reçu Vladimir Poutine.\"}\nnot json\n{\"id\": \"j3\"}\n{\"id\": \"j4\", \"text\": \"Une autre dépêche.\"}\n",
    )
    .unwrap();
    let annotated = dir.join("ann.jsonl");
    let good = include_str!("../../../examples/annotated.jsonl")
        .lines()
        .next()
        .unwrap();
    let bad_span = good.replacen(
        "\"start\": 0, \"end\": 16",
        "\"start\": 1, \"end\": 9999",
        1,
    );
    std::fs::write(
        &annotated,
        format!("{good}\n{{\"broken\"\n{bad_span}\n[1, 2]\n"),
    )
    .unwrap();

    let db = dir.join("v.db");
    let db = db.to_str().unwrap();
    let out = vigie(&[
        "ingest",
        "--db",
        db,
        inputs.to_str().unwrap(),
        "no/such/file.txt",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for needle in [
        "b.txt",
        "c.txt",
        "d.jsonl:2",
        "d.jsonl:3",
        "no/such/file.txt",
    ] {
        assert!(err.contains(needle), "{needle} not reported in:\n{err}");
    }
    assert!(
        err.contains("3 articles (3 new") && err.contains("5 errors"),
        "{err}"
    );

    let out = vigie(&[
        "ingest",
        "--db",
        db,
        "--annotated",
        annotated.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("ann.jsonl:2: not JSON"), "{err}");
    assert!(err.contains("ann.jsonl:3: bad annotation"), "{err}");
    assert!(err.contains("ann.jsonl:4: not a JSON object"), "{err}");
    assert!(
        err.contains("1 articles (1 new") && err.contains("3 errors"),
        "{err}"
    );
    let mut store = vigie_store::open(db).unwrap();
    assert_eq!(store.stats().unwrap().articles, 4);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes `n` distinct articles as JSON Lines, made by recombining the reference article's
/// paragraphs (the same recipe as the benchmark corpus).
fn write_corpus(path: &Path, n: usize) {
    let text = include_str!("../../../examples/fr-poutine-kim-pyongyang.txt");
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::new();
    for i in 0..n {
        let mut body = format!("Dépêche numéro {i}.\n");
        for k in 0..4 {
            body.push_str(paragraphs[(i * 7 + k * 3) % paragraphs.len()]);
            body.push('\n');
        }
        let rec = serde_json::json!({"id": format!("doc-{i}"), "date": "2024-06-19", "text": body});
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

#[test]
fn kill_9_during_ingest_then_rerun_stores_everything_once() {
    let dir = temp_dir("kill");
    let corpus = dir.join("corpus.jsonl");
    let n = 1000;
    write_corpus(&corpus, n);
    let db = dir.join("v.db");
    let db_s = db.to_str().unwrap().to_owned();

    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args([
            "ingest",
            "--db",
            &db_s,
            "--batch",
            "64",
            corpus.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill -9 (SIGKILL) mid-run.
    let mut seen = 0;
    for _ in 0..600 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if let Ok(mut store) = vigie_store::SqliteStore::open(&db) {
            if let Ok(stats) = store.stats() {
                seen = stats.articles;
                if seen > 0 {
                    break;
                }
            }
        }
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let mut store = vigie_store::SqliteStore::open(&db).unwrap();
    let after_kill = store.stats().unwrap().articles;
    assert!(after_kill >= seen);
    eprintln!("killed with {after_kill} of {n} stored (status {status:?})");

    let out = vigie(&["ingest", "--db", &db_s, corpus.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, n as i64, "nothing lost, nothing duplicated");
    for i in [0, n / 2, n - 1] {
        assert!(store.article_id(&format!("doc-{i}")).unwrap().is_some());
    }
    let hits = store
        .search(&vigie_store::SearchQuery {
            q: format!("Dépêche numéro {}", n - 1),
            ..Default::default()
        })
        .unwrap();
    assert!(
        !hits.is_empty(),
        "the full-text index covers the completed run"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
