//! Converts the Phoenix dictionaries (PETRARCH format, MIT) into Vigie's data files
//! `data/phoenix_actors.tsv` and `data/phoenix_agents.tsv`, with the crate's PETRARCH readers.
//!
//! ```sh
//! cargo run -p vigie-knowledge --example convert_phoenix -- ../shared/data/events/petrarch2
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use vigie_knowledge::{guess_phoenix_kind, petrarch, DatedCode};

const ACTOR_FILES: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: convert_phoenix PETRARCH2_DATA_DIR")?,
    );
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let header = "# Converted from the Phoenix dictionaries of PETRARCH2 (Copyright (c) 2014 Open Event Data\n\
         # Alliance, MIT licence: see LICENSE-phoenix.txt) by\n\
         # `cargo run -p vigie-knowledge --example convert_phoenix -- DIR`. Do not edit: edit\n\
         # people.tsv / organisations.tsv (which merge entries by key) or add your own files.\n";
    let mut actors = String::from(header);
    actors.push_str("key\tkind\tcodes\taliases\tfile\tline\n");
    let mut skipped = 0;
    for f in ACTOR_FILES {
        let text = std::fs::read_to_string(dir.join(f))?;
        let dict = petrarch::read_actors(&text, f);
        let short = f
            .trim_start_matches("Phoenix.")
            .trim_end_matches(".actors.txt");
        for d in &dict.diagnostics {
            eprintln!("{d}");
        }
        skipped += dict.diagnostics.len();
        for e in &dict.entries {
            let kind = guess_phoenix_kind(e, f);
            let codes: Vec<String> = e.codes.iter().map(DatedCode::to_string).collect();
            let aliases: Vec<&str> = std::iter::once(e.root.as_str())
                .chain(e.synonyms.iter().map(String::as_str))
                .collect();
            writeln!(
                actors,
                "{}\t{}\t{}\t{}\t{}\t{}",
                e.key(),
                kind,
                codes.join("|"),
                aliases.join("|"),
                short,
                e.line
            )?;
        }
    }
    std::fs::write(out_dir.join("phoenix_actors.tsv"), actors)?;

    let f = "Phoenix.agents.txt";
    let dict = petrarch::read_agents(&std::fs::read_to_string(dir.join(f))?, f);
    for d in &dict.diagnostics {
        eprintln!("{d}");
    }
    skipped += dict.diagnostics.len();
    let mut agents = String::from(header);
    agents.push_str("phrase\tcode\tplacement\tline\n");
    for e in &dict.entries {
        let placement = match e.placement {
            petrarch::AgentPlacement::After => "after",
            petrarch::AgentPlacement::Before => "before",
        };
        writeln!(
            agents,
            "{}\t{}\t{}\t{}",
            e.phrase, e.code, placement, e.line
        )?;
    }
    std::fs::write(out_dir.join("phoenix_agents.tsv"), agents)?;
    eprintln!("{skipped} lines or codes skipped");
    Ok(())
}
