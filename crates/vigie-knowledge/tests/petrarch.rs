//! The PETRARCH readers on small fixtures covering each construct of the format.

use vigie_knowledge::petrarch::{read_actors, read_agents, AgentPlacement};
use vigie_knowledge::Date;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn actors_entries_synonyms_and_dated_codes() {
    let d = read_actors(&fixture("sample.actors.txt"), "sample.actors.txt");
    let roots: Vec<&str> = d.entries.iter().map(|e| e.root.as_str()).collect();
    assert_eq!(
        roots,
        [
            "RUSSIAN FEDERATION",
            "VLADIMIR PUTIN",
            "GOLLUM",
            "HAMAS WING",
            "PALESTINIAN",
            "MICHELE MONTAS",
            "MNE LEADER",
            "BAN KI-MOON"
        ]
    );
    let putin = &d.entries[1];
    assert_eq!(putin.key(), "VLADIMIR_PUTIN_");
    assert_eq!(putin.synonyms, ["PUTIN", "PRESIDENT VLADIMIR PUTIN"]);
    assert_eq!(putin.comment.as_deref(), Some("CountryInfo.txt"));
    assert_eq!(putin.codes.len(), 4);
    assert_eq!(putin.codes[0].from, Date::new(1970, 1, 1));
    assert_eq!(putin.codes[0].to, Date::new(1999, 8, 9));
    assert_eq!(putin.codes[2].code, "RUSGOV");
    assert_eq!(
        (putin.codes[2].from, putin.codes[2].to),
        (Date::new(2008, 5, 8), None)
    );
    assert!(!putin.codes[3].is_dated());

    let gollum = &d.entries[2];
    assert_eq!(
        (gollum.codes[0].from, gollum.codes[0].to),
        (None, Date::new(1995, 6, 1))
    );
    assert_eq!(gollum.codes[1].to, Date::new(1999, 8, 15));
    // Lower-case code normalised; several codes on one line, null code kept.
    assert_eq!(d.entries[4].codes[0].code, "PSE");
    let montas: Vec<&str> = d.entries[5].codes.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(montas, ["HTIOPPMED", "IGOUNOMED", "---"]);
    // A bare date is a start date.
    assert_eq!(d.entries[6].codes[0].from, Date::new(2012, 12, 4));
    // The synonym after a skipped line joins the current entry.
    assert_eq!(d.entries[7].synonyms, ["BAN KI MOON"]);
}

#[test]
fn actors_malformed_lines_reported_not_fatal() {
    let d = read_actors(&fixture("sample.actors.txt"), "sample.actors.txt");
    let msgs: Vec<String> = d.diagnostics.iter().map(|x| x.to_string()).collect();
    assert_eq!(msgs.len(), 3, "{msgs:#?}");
    assert!(msgs[0].starts_with("sample.actors.txt:25: actor \"U.N._\" has no code"));
    assert!(msgs[1].starts_with("sample.actors.txt:28: invalid date"));
    assert!(msgs[2].starts_with("sample.actors.txt:29: unclosed '['"));

    let o = read_actors(&fixture("orphans.actors.txt"), "orphans.actors.txt");
    assert!(o.entries.is_empty());
    assert_eq!(o.diagnostics.len(), 2);
    assert_eq!(o.diagnostics[0].line, 1);
    // Arbitrary bytes never panic.
    let junk = read_actors("[[[\n+\n]]] [\n\t[>]\nX [A >999999]\n", "junk");
    assert!(junk.entries.is_empty());
    assert!(!junk.diagnostics.is_empty());
}

#[test]
fn agents_plurals_substitutions_placement() {
    let d = read_agents(&fixture("sample.agents.txt"), "sample.agents.txt");
    let has = |p: &str, code: &str| d.entries.iter().any(|e| e.phrase == p && e.code == code);
    assert!(has("PRESIDENT", "GOV") && has("PRESIDENTS", "GOV"));
    assert!(has("SECRETARIES", "GOV"));
    assert!(has("CONGRESSES", "LEG"));
    for p in ["CONGRESSMAN", "CONGRESSWOMEN", "CONGRESSPERSON"] {
        assert!(has(p, "LEG"), "{p}");
    }
    assert!(has("MINISTRIES OF SILLY WALKS", "GOV"));
    assert!(has("ATTORNEYS GENERAL", "GOV") && !has("ATTORNEY GENERALS", "GOV"));
    assert!(has("POLICE", "COP") && !has("POLICES", "COP"));
    assert!(has("HUSBANDMEN", "AGR"));
    let body = d.entries.iter().find(|e| e.phrase == "HUMAN RIGHTS BODY");
    assert_eq!(body.map(|e| e.placement), Some(AgentPlacement::Before));
    let lines: Vec<usize> = d.diagnostics.iter().map(|x| x.line).collect();
    assert_eq!(lines, [15, 16, 17, 18], "{:#?}", d.diagnostics);
}
