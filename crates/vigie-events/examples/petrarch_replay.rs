//! Re-codes PETRARCH unit-test records already parsed by `vigie eval petrarch --save-parsed
//! FILE`, without re-running the pipeline: a quick loop for work on the coder.
//!
//! `cargo run -p vigie-events --example petrarch_replay -- DATA_DIR PARSED.jsonl [FAILURES]`

use std::collections::BTreeMap;
use vigie_core::Document;
use vigie_events::petrarch::records::{compare, read_records};
use vigie_events::petrarch::{triples, PetrarchCoder};
use vigie_knowledge::petrarch::{read_actors, read_agents};
use vigie_knowledge::petrarch_verbs::{read_discards, read_verbs};
use vigie_knowledge::Date;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(parsed)) = (args.get(1), args.get(2)) else {
        return Err("usage: petrarch_replay DATA_DIR PARSED.jsonl [FAILURES]".into());
    };
    let show: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let read = |n: &str| std::fs::read_to_string(format!("{dir}/{n}"));
    let mut coder = PetrarchCoder::from_dictionaries(
        read_verbs(&read("PETR.Validate.verbs.txt")?, "PETR.Validate.verbs.txt"),
        &read_actors(&read("PETR.Validate.actors.txt")?, "a"),
        &read_agents(&read("PETR.Validate.agents.txt")?, "g"),
        read_discards(&read("PETR.Validate.discards.txt")?, "d"),
        "PETR.Validate.verbs.txt",
    );
    let records = read_records(&read("PETR.UnitTest.records.xml")?, "r")?;
    let docs: Vec<Document> = std::fs::read_to_string(parsed)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let (mut exact, mut n, mut correct, mut missed, mut extra) = (0, 0, 0, 0, 0);
    let mut cats: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    let mut shown = 0;
    for (r, doc) in records.iter().filter(|r| r.to_code).zip(&docs) {
        coder.set_require_dyad(r.require_dyad);
        coder.set_new_actor_length(r.new_actor_length);
        let mut ev = coder.code_document_on(doc, Date::parse_petrarch(&r.date));
        ev.sort_by_key(|e| e.trigger.map(|t| t.start));
        let got = triples(&ev);
        let c = compare(&r.expected, &got);
        n += 1;
        correct += c.correct;
        missed += c.missed;
        extra += c.extra;
        let ok = c.missed == 0 && c.extra == 0;
        exact += usize::from(ok);
        let e = cats.entry(r.category.clone()).or_default();
        e[0] += 1;
        e[1] += usize::from(ok);
        if !ok && shown < show {
            shown += 1;
            println!("\n{} [{}] {}", r.id, r.category, r.text);
            let f = |t: &vigie_events::petrarch::records::Triple| {
                format!("{} {} {}", t.source, t.target, t.code)
            };
            println!(
                "  expected: {}",
                r.expected.iter().map(f).collect::<Vec<_>>().join(" | ")
            );
            println!(
                "  coded:    {}",
                got.iter().map(f).collect::<Vec<_>>().join(" | ")
            );
            for e in &ev {
                println!("    {} <- {}", e.code, e.rule.as_deref().unwrap_or(""));
            }
            let s = &doc.words;
            let line: Vec<String> = s
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    format!(
                        "{}:{}/{}/{}>{}",
                        i,
                        w.form,
                        w.upos,
                        w.deprel,
                        w.head.map(|h| h as i64).unwrap_or(-1)
                    )
                })
                .collect();
            println!("  parse: {}", line.join(" "));
        }
    }
    println!(
        "exact {exact}/{n} = {:.1} %  correct {correct} missed {missed} extra {extra} ({:.1} % of records)  P {:.1} R {:.1}",
        100.0 * exact as f64 / n as f64,
        100.0 * extra as f64 / n as f64,
        100.0 * correct as f64 / (correct + extra).max(1) as f64,
        100.0 * correct as f64 / (correct + missed).max(1) as f64
    );
    for (k, v) in cats {
        println!("  {k:<10} {}/{}", v[1], v[0]);
    }
    Ok(())
}
