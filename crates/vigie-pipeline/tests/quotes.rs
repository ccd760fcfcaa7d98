//! Quotations and speakers through the whole pipeline, on news-style French and English text
//! and on the reference article.

use vigie_core::{Document, Metadata};
use vigie_pipeline::{Pipeline, PipelineOptions};

fn run(text: &str, lang: &str) -> Document {
    let p = Pipeline::with_options(PipelineOptions {
        language: Some(lang.into()),
        ..Default::default()
    });
    let mut doc = Document::new("t", text, Metadata::default());
    p.process(&mut doc);
    doc.check_spans().expect("spans slice the text");
    doc
}

/// (kind, quote text, speaker text, antecedent text, cue lemma) of every quote.
fn quotes(doc: &Document) -> Vec<(String, String, String, String, String)> {
    doc.quotes
        .iter()
        .map(|q| {
            (
                q.kind.clone(),
                doc.slice(q.span).to_string(),
                q.speaker
                    .map(|s| doc.slice(s).to_string())
                    .unwrap_or_default(),
                q.speaker_antecedent
                    .map(|s| doc.slice(s).to_string())
                    .unwrap_or_default(),
                q.cue_lemma.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn find<'a>(
    qs: &'a [(String, String, String, String, String)],
    text: &str,
) -> &'a (String, String, String, String, String) {
    qs.iter()
        .find(|q| q.1 == text)
        .unwrap_or_else(|| panic!("no quote {text:?} in {qs:#?}"))
}

#[test]
fn reference_article_who_said_what() {
    let text = include_str!("../../../examples/fr-poutine-kim-pyongyang.txt");
    let doc = run(text, "fr");
    let qs = quotes(&doc);
    let q = find(&qs, "traité le plus solide jamais signé");
    assert_eq!(
        (q.0.as_str(), q.2.as_str(), q.4.as_str()),
        ("partial", "Kim", "déclarer")
    );
    assert_eq!(find(&qs, "l'amitié ardente").2, "Kim");
    assert_eq!(
        find(&qs, "est véritablement un document révolutionnaire").2,
        "Poutine"
    );
    let q = find(&qs, "entre autres choses, une assistance mutuelle en cas d'agression contre un des parties contractantes");
    assert_eq!(q.2, "Poutine");
    assert_eq!(find(&qs, "très beaux").2, "Iouri Ouchakov");
    let q = find(&qs, "bustes");
    assert_eq!(
        (q.2.as_str(), q.3.as_str()),
        ("l'assistant", "Iouri Ouchakov")
    );
    assert_eq!(find(&qs, "habilement réalisés").3, "Iouri Ouchakov");
    // The role noun stands for the last named speaker past the other persons named since:
    // linked, not a guess.
    let bustes = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span) == "bustes")
        .and_then(|q| q.entity)
        .and_then(|e| doc.entities.get(e as usize))
        .map(|e| e.name.clone());
    assert!(
        bustes.as_deref().is_some_and(|n| n.contains("Ouchakov")),
        "{bustes:?}"
    );
    // A fragment without a cue gets the best-supported speaker, flagged.
    let q = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span) == "constant et inébranlable")
        .expect("the fragment is found");
    assert!(q.flags.iter().any(|f| f == "speaker-from-context"));
    // Indirect speech: the promise and the description.
    assert!(qs
        .iter()
        .any(|q| q.4 == "promettre" && q.2 == "Kim" && q.1.starts_with("son plein soutien")));
    assert!(qs
        .iter()
        .any(|q| q.4 == "décrire" && q.2 == "les deux dirigeants"));
    // Speech acts come from the cue lexicon.
    assert!(doc
        .quotes
        .iter()
        .any(|q| q.cue_lemma.as_deref() == Some("promettre")
            && q.speech_act.as_deref() == Some("promise")));
    // The stray » of the machine-translated sentence swallows nothing.
    assert!(doc
        .quotes
        .iter()
        .all(|q| !doc.slice(q.span).contains("parties à ce traité")));
}

#[test]
fn french_forms_direct_incise_selon_and_unbalanced() {
    let doc = run(
        "« Nous ne reculerons pas », a déclaré le porte-parole du Kremlin, Dmitri Peskov.\n\
         Selon l'agence Reuters, les deux pays ont signé l'accord mercredi.\n\
         La ministre a affirmé que la situation était « sous contrôle ».\n\
         « Nous continuerons, a-t-elle ajouté, à soutenir l'Ukraine.\n\
         Un autre paragraphe sans guillemets fermés.",
        "fr",
    );
    let qs = quotes(&doc);
    let q = find(&qs, "Nous ne reculerons pas");
    assert_eq!((q.0.as_str(), q.4.as_str()), ("direct", "déclarer"));
    assert!(q.2.starts_with("le porte-parole"), "{q:?}");
    assert!(qs
        .iter()
        .any(|q| q.4 == "selon" && q.2.contains("Reuters") && q.1.contains("ont signé l'accord")));
    let q = find(&qs, "sous contrôle");
    assert_eq!((q.0.as_str(), q.2.as_str()), ("partial", "La ministre"));
    assert!(qs
        .iter()
        .any(|q| q.0 == "mixed" && q.2 == "La ministre" && q.4 == "affirmer"));
    // Opened, never closed: recovered to the end of its paragraph and flagged.
    let open = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span).starts_with("Nous continuerons"))
        .expect("the unbalanced quote is kept");
    assert!(open.flags.iter().any(|f| f == "unbalanced-marks"));
    assert!(!doc.slice(open.span).contains("Un autre paragraphe"));
}

#[test]
fn english_forms_said_told_according_to_and_pronouns() {
    let doc = run(
        "“We will not back down,” said Dmitry Peskov, the Kremlin spokesman. He added that the talks would continue.\n\
         According to officials in Seoul, the treaty was signed on Wednesday.\n\
         Prime Minister Smith told reporters that the deal was \"a dangerous escalation\" and promised a firm response.",
        "en",
    );
    let qs = quotes(&doc);
    let q = find(&qs, "We will not back down");
    assert_eq!(
        (q.0.as_str(), q.2.as_str(), q.4.as_str()),
        ("direct", "Dmitry Peskov", "say")
    );
    let q = find(&qs, "that the talks would continue");
    assert_eq!(
        (q.0.as_str(), q.2.as_str(), q.3.as_str()),
        ("indirect", "He", "Dmitry Peskov")
    );
    assert!(qs.iter().any(|q| q.4 == "accord"
        && q.2.starts_with("officials")
        && q.1.starts_with("the treaty was signed")));
    assert_eq!(
        find(&qs, "a dangerous escalation").2,
        "Prime Minister Smith"
    );
    assert!(qs
        .iter()
        .any(|q| q.4 == "promise" && q.1 == "a firm response"));
}

#[test]
fn odd_marks_and_a_long_article_never_panic() {
    let doc = run("Il a dit « oui » » « puis \" et encore “ » ”.", "fr");
    assert!(doc.quotes.iter().all(|q| q.span.start <= q.span.end));
    // A 1 MB article: linear, no panic.
    let para = "« Nous avancerons », a déclaré le ministre. Selon lui, la réforme passera.\n";
    let big = para.repeat(1_000_000 / para.len());
    let doc = run(&big, "fr");
    assert!(doc.quotes.len() > 1000);
}

#[test]
fn french_adversarial_typography() {
    let doc = run(
        "Le ministre a déclaré : « J'ai relu “Les Misérables” hier, et l’amitié n’est pas un vain mot. »\n\
         Une exposition intitulée « Images du ciel » ouvre samedi à l’hôtel de ville.\n\
         Là, on saura qui est le coupable et qui est la victime », a prévenu le patron de la FAF.\n\
         C'est un désastre pour les malades, a déclaré Mailis jeudi.\n\
         John Kenneth Galbraith a dénoncé l'illusion selon laquelle argent et intelligence seraient liés.",
        "fr",
    );
    let qs = quotes(&doc);
    // A title inside a quotation belongs to it; apostrophes (’) close nothing.
    let q = find(
        &qs,
        "J'ai relu “Les Misérables” hier, et l’amitié n’est pas un vain mot",
    );
    assert_eq!((q.0.as_str(), q.2.as_str()), ("direct", "Le ministre"));
    assert!(qs.iter().all(|q| q.1 != "Les Misérables"), "{qs:#?}");
    // A name after "intitulée" is no quotation.
    assert!(qs.iter().all(|q| q.1 != "Images du ciel"), "{qs:#?}");
    // The paragraph's lone closing mark: the quotation began before it; flagged.
    let q = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span).starts_with("Là, on saura"))
        .expect("the quotation closed by a lone mark is kept");
    assert!(q.flags.iter().any(|f| f == "unbalanced-marks"));
    assert!(
        q.speaker
            .is_some_and(|s| doc.slice(s).starts_with("le patron")),
        "{q:?}"
    );
    // An incise without marks reports the clause before it.
    let q = find(&qs, "C'est un désastre pour les malades");
    assert_eq!((q.0.as_str(), q.2.as_str()), ("indirect", "Mailis"));
    // "selon laquelle" is not a source.
    assert!(qs.iter().all(|q| q.4 != "selon"), "{qs:#?}");
}

#[test]
fn english_adversarial_typography() {
    let doc = run(
        "‘We don’t negotiate with anyone’s proxies,’ said the spokesman.\n\
         The workers’ union said it’s ready for the talks.\n\
         He described the deal as “a betrayal of ‘our’ values” on Monday.\n\
         The senator said “we will win this fight and walked out.\n\
         A new paragraph without marks.",
        "en",
    );
    let qs = quotes(&doc);
    let q = find(&qs, "We don’t negotiate with anyone’s proxies");
    assert_eq!((q.0.as_str(), q.2.as_str()), ("direct", "the spokesman"));
    // Possessive and contracted apostrophes are no quotation marks.
    assert!(qs.iter().all(|q| !q.1.starts_with(" union")), "{qs:#?}");
    // Nested single quotes belong to the outer quotation.
    assert!(
        qs.iter().any(|q| q.1 == "a betrayal of ‘our’ values"),
        "{qs:#?}"
    );
    assert!(qs.iter().all(|q| q.1 != "our"), "{qs:#?}");
    // Unbalanced: recovered to the paragraph's end, flagged, the next paragraph untouched.
    let open = doc
        .quotes
        .iter()
        .find(|q| doc.slice(q.span).starts_with("we will win"))
        .expect("the unbalanced quote is kept");
    assert!(open.flags.iter().any(|f| f == "unbalanced-marks"));
    assert!(!doc.slice(open.span).contains("A new paragraph"));
}
