//! Tags the gold words of a CoNLL-U file REPEAT times with a tagger model and nothing else, for
//! profiling the tagger alone (`perf record ./target/release/examples/tag_profile …`).
//!
//! ```sh
//! cargo run --release -p vigie-syntax --example tag_profile -- \
//!     models/fr-tagger.vgm ../shared/data/ud/fr-gsd/fr_gsd-ud-dev.conllu 20
//! ```

use vigie_syntax::TaggerModel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tagger, conllu, rest @ ..] = args.as_slice() else {
        return Err("usage: tag_profile TAGGER.vgm FILE.conllu [REPEAT]".into());
    };
    let repeat: usize = rest.first().map_or(Ok(20), |r| r.parse())?;
    let tagger =
        TaggerModel::from_bytes(&vigie_syntax::read_file(tagger.as_ref())?, tagger.as_str())?
            .tagger;
    let sentences = vigie_conllu::read_file(conllu.as_ref())?;
    let forms: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let start = std::time::Instant::now();
    let mut n = 0usize;
    for _ in 0..repeat {
        for f in &forms {
            n += tagger.tag(f).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} words tagged in {secs:.3} s (wall): {:.0} words/s",
        n as f64 / secs
    );
    Ok(())
}
