use vigie_eval::{conllu, segmentation::*};
fn main() {
    let p = vigie_pipeline::Pipeline::new();
    for f in std::env::args().skip(1) {
        let docs = conllu::read_file(std::path::Path::new(&f)).unwrap();
        let mut tot = SegmentationScore::default();
        let mut misses = Vec::new();
        for d in &docs {
            let seg = vigie_segmentation(&p, &d.id, &d.text);
            tot.add(score(d, &seg));
            let sys: std::collections::HashSet<_> = seg.tokens.iter().cloned().collect();
            for &(a, b) in &d.tokens {
                if !sys.contains(&(a, b)) {
                    let mut x = a.saturating_sub(15);
                    while !d.text.is_char_boundary(x) {
                        x -= 1;
                    }
                    let mut y = (b + 15).min(d.text.len());
                    while !d.text.is_char_boundary(y) {
                        y += 1;
                    }
                    misses.push(d.text[x..y].to_string() + " ## " + &d.text[a..b]);
                }
            }
            let syss: std::collections::HashSet<_> = seg.sentences.iter().cloned().collect();
            for &(a, b) in &d.sentences {
                if !syss.contains(&(a, b)) {
                    eprintln!("SENT MISS: {}", &d.text[a..b]);
                }
            }
        }
        println!(
            "{f}: tok F1 {:.2} P {:.2} R {:.2} | sent F1 {:.2} P {:.2} R {:.2}",
            100.0 * tot.tokens.f1(),
            100.0 * tot.tokens.precision(),
            100.0 * tot.tokens.recall(),
            100.0 * tot.sentences.f1(),
            100.0 * tot.sentences.precision(),
            100.0 * tot.sentences.recall()
        );
        for m in misses.iter().take(40) {
            eprintln!("TOK MISS: {m}");
        }
    }
}
