//! The embedded CAMEO.2.0.txt verb dictionary reads completely.

use vigie_events::petrarch::CAMEO_VERBS;
use vigie_knowledge::petrarch_verbs::read_verbs;

#[test]
fn embedded_cameo_dictionary_reads_without_diagnostics() {
    let d = read_verbs(CAMEO_VERBS, "CAMEO.2.0.txt");
    for x in d.diagnostics.iter().take(20) {
        eprintln!("{x}");
    }
    assert!(
        d.diagnostics.is_empty(),
        "{} diagnostics",
        d.diagnostics.len()
    );
    // Every `--- NAME [code] ---` line of the file became a block.
    let headers = CAMEO_VERBS.lines().filter(|l| l.starts_with("---")).count();
    assert_eq!(d.blocks.len(), headers);
    assert!(d.pattern_count() > 10 * d.blocks.len());
    assert!(d
        .synsets
        .iter()
        .any(|s| s.name == "CURRENCY" || s.name == "WEAPON"));
    eprintln!(
        "blocks {} verbs {} patterns {} synsets {} transformations {}",
        d.blocks.len(),
        d.verb_count(),
        d.pattern_count(),
        d.synsets.len(),
        d.transformations
    );
}
