//! Ranks a parser's feature templates by the weight they bring to its decisions on a CoNLL-U
//! file (gold words and tags): for every configuration met while parsing, the sum of the
//! absolute weights of each template's feature row. Used to choose which templates to keep
//! (`TemplateSet`); check any choice by retraining and measuring LAS on a dev set.
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example parser_templates -- \
//!     models/fr-parser.vgm ../shared/data/ud/fr-sequoia/fr_sequoia-ud-dev.conllu
//! ```

use vigie_syntax::{ParserModel, ParserWord, TEMPLATE_NAMES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [parser, conllu] = args.as_slice() else {
        return Err("usage: parser_templates PARSER.vgm FILE.conllu".into());
    };
    let parser =
        ParserModel::from_bytes(&vigie_syntax::read_file(parser.as_ref())?, parser.as_str())?
            .parser;
    let sentences = vigie_conllu::read_file(conllu.as_ref())?;
    let mut usage = vec![0f64; TEMPLATE_NAMES.len()];
    let mut configurations = 0usize;
    for s in &sentences {
        let words: Vec<ParserWord<'_>> = s
            .words
            .iter()
            .map(|w| ParserWord {
                form: &w.form,
                upos: &w.upos,
                feats: &w.feats,
            })
            .collect();
        configurations += parser.template_usage(&words, &mut usage);
    }
    let total: f64 = usage.iter().sum::<f64>().max(1.0);
    let mut ranked: Vec<(usize, f64)> = usage.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("{configurations} configurations; templates by share of weight drawn:");
    let mut cumulative = 0.0;
    for (rank, (t, u)) in ranked.iter().enumerate() {
        cumulative += u / total;
        println!(
            "{:3} {:5.2}% {:6.2}%  {}",
            rank + 1,
            100.0 * u / total,
            100.0 * cumulative,
            TEMPLATE_NAMES[*t]
        );
    }
    Ok(())
}
