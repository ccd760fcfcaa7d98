//! Prints the sentences and tokens Vigie's text layer finds in a file: `cargo run -p vigie-text --example show FILE`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: show FILE")?;
    let text = std::fs::read_to_string(path)?;
    let mut doc = vigie_core::Document::new("x", text, Default::default());
    vigie_text::annotate(&mut doc, &Default::default());
    println!("language: {:?}", doc.language);
    for (i, s) in doc.sentences.iter().enumerate() {
        let p = &doc.paragraphs[s.paragraph as usize];
        let toks: Vec<&str> = doc
            .sentence_tokens(i)
            .iter()
            .map(|t| t.surface(&doc.text))
            .collect();
        println!(
            "[{}{}] {}",
            s.paragraph,
            p.boilerplate
                .as_deref()
                .map(|b| format!(" {b}"))
                .unwrap_or_default(),
            toks.join(" | ")
        );
    }
    for w in &doc.warnings {
        println!("warning: {} {}", w.code, w.message);
    }
    doc.check_spans()?;
    Ok(())
}
