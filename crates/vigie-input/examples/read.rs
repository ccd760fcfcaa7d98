//! Prints what `vigie-input` reads from the given paths (`-` for standard input): one JSON
//! document per line on stdout, errors on stderr.
//!
//! `cargo run -p vigie-input --example read -- tests/fixtures/news-article.html`

use std::io::Write;
use vigie_input::{read_paths, ReadOptions};

fn main() -> std::io::Result<()> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let paths = if paths.is_empty() {
        vec!["-".to_owned()]
    } else {
        paths
    };
    let mut out = std::io::stdout().lock();
    for item in read_paths(&paths, &ReadOptions::default()) {
        match item {
            Ok(doc) => writeln!(out, "{}", serde_json::to_string(&doc)?)?,
            Err(error) => eprintln!("error: {error}"),
        }
    }
    Ok(())
}
