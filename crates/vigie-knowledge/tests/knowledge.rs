//! The built-in knowledge base: the cases Vigie's later stages rely on.

use vigie_knowledge::{ActorKind, Date, Knowledge};

fn kb() -> &'static Knowledge {
    Knowledge::builtin()
}

fn ids(text: &str) -> Vec<&'static str> {
    kb().lookup(text)
        .iter()
        .map(|&a| kb().actor(a).id.as_str())
        .collect()
}

fn day(s: &str) -> Date {
    Date::parse_iso(s).expect("test date")
}

#[test]
fn builtin_data_files_load_without_diagnostics() {
    let kb = kb();
    let builtin_issues: Vec<String> = kb.diagnostics().iter().map(|d| d.to_string()).collect();
    assert!(builtin_issues.is_empty(), "{builtin_issues:#?}");
    let s = kb.stats();
    assert!(s.by_kind[&ActorKind::Country] >= 249);
    assert!(s.by_kind[&ActorKind::City] >= 1200);
    assert!(s.by_kind[&ActorKind::Person] >= 10_000);
    assert!(s.agents > 3000);
}

#[test]
fn putin_in_french_and_english() {
    for name in [
        "Poutine",
        "Vladimir Poutine",
        "Putin",
        "VLADIMIR_PUTIN_",
        "le président russe",
        "chef du Kremlin",
    ] {
        assert_eq!(ids(name), ["Q7747"], "{name}");
    }
    let kb = kb();
    let putin = kb.lookup("Poutine")[0];
    let a = kb.actor(putin);
    assert_eq!(a.kind, ActorKind::Person);
    assert_eq!(a.country.as_deref(), Some("RUS"));
    assert!(a.other_ids.iter().any(|i| i == "phoenix:VLADIMIR_PUTIN_"));
    assert!(a.sources.iter().any(|s| s.starts_with("phoenix")));
    assert_eq!(kb.by_id("phoenix:VLADIMIR_PUTIN_"), Some(putin));
    assert_eq!(kb.code_at(putin, day("2024-06-19")), Some("RUSGOV"));
    // Phoenix's date-restricted codes: an elite before 1999-08-09, government after.
    assert_eq!(kb.code_at(putin, day("1995-01-01")), Some("RUSELI"));
    assert_eq!(kb.code_at(putin, day("2000-01-01")), Some("RUSGOV"));
    assert!(a
        .roles
        .iter()
        .any(|r| r.title_fr.starts_with("président de la Fédération")));
}

#[test]
fn kim_jong_un_and_pyongyang() {
    for name in [
        "Kim Jong-un",
        "Kim Jong Un",
        "KIM JONG UN",
        "le dirigeant nord-coréen",
    ] {
        assert_eq!(ids(name), ["Q56226"], "{name}");
    }
    let kb = kb();
    let kim = kb.lookup("Kim Jong-un")[0];
    assert_eq!(kb.code_at(kim, day("2024-06-19")), Some("PRKGOV"));
    for name in ["Pyongyang", "P'yŏngyang", "PYONGYANG"] {
        let found = kb.lookup(name);
        let city = found
            .iter()
            .map(|&a| kb.actor(a))
            .find(|a| a.kind == ActorKind::City);
        let city = city.unwrap_or_else(|| panic!("{name}: no city in {found:?}"));
        // Its QID from same_as.tsv is its id; the GeoNames id still resolves to it.
        assert_eq!(city.id, "Q18808");
        assert!(city.other_ids.iter().any(|i| i == "geonames:1871859"));
        assert_eq!(city.country.as_deref(), Some("PRK"));
        assert_eq!(city.code_at(day("2024-06-19")), Some("PRK"));
    }
}

#[test]
fn organisations_french_and_english_are_one_actor() {
    assert_eq!(ids("OTAN"), ids("NATO"));
    assert_eq!(ids("OTAN"), ["Q7184"]);
    assert_eq!(ids("l'OTAN"), ["Q7184"]);
    assert_eq!(ids("ONU"), ["Q1065"]);
    assert_eq!(ids("Nations unies"), ["Q1065"]);
    assert_eq!(ids("UE"), ids("Union européenne"));
    // Short acronyms need capitals: the French article "un" is not the UN, "Au" not the AU.
    assert!(kb().lookup("un").is_empty());
    assert!(kb().lookup("Au").is_empty());
    assert_eq!(ids("AU"), ["Q7159"]);
    // One-word Phoenix names need a capital: "marche" is not the Italian region.
    assert!(kb().lookup("marche").is_empty());
    assert_eq!(ids("Xi"), ["Q15031"]);
    // Proper names need a capital: "seul" is not Séoul, "la réunion" not La Réunion.
    assert!(kb().lookup("seul").is_empty());
    assert!(kb().lookup("la réunion").is_empty());
    assert_eq!(ids("La Réunion"), ["iso3166:REU"]);
    assert!(kb().lookup("poutine").is_empty());
    let un = kb().lookup("ONU")[0];
    assert_eq!(kb().code_at(un, day("2024-01-01")), Some("IGOUNO"));
    // Phoenix's own UN entries merged into the same actor.
    assert_eq!(kb().by_id("phoenix:UN_"), Some(un));
}

#[test]
fn countries_and_demonyms() {
    assert_eq!(ids("Russie"), ["Q159"]);
    assert_eq!(ids("Russia"), ["Q159"]);
    assert_eq!(ids("Corée du Nord"), ["Q423"]);
    assert_eq!(ids("nord-coréens"), ["Q423"]);
    let rus = kb().lookup("Russie")[0];
    assert_eq!(kb().actor(rus).name_fr.as_deref(), Some("Russie"));
    assert_eq!(kb().code_at(rus, day("2024-01-01")), Some("RUS"));
    let capital = kb()
        .actor(rus)
        .capital
        .as_deref()
        .and_then(|c| kb().by_id(c));
    assert_eq!(
        capital.map(|c| kb().actor(c).name_fr_or_en()),
        Some("Moscou")
    );
    // Cities Phoenix lists under the country stay with the city.
    let moscow: Vec<ActorKind> = kb()
        .lookup("Moscou")
        .iter()
        .map(|&a| kb().actor(a).kind)
        .collect();
    assert_eq!(moscow, [ActorKind::City]);
}

#[test]
fn agents_french_and_english() {
    let kb = kb();
    assert_eq!(kb.agent("président"), Some("GOV"));
    assert_eq!(kb.agent("la présidente"), Some("GOV"));
    assert_eq!(kb.agent("ministre des Affaires étrangères"), Some("GOV"));
    assert_eq!(kb.agent("porte-parole"), Some("GOV"));
    assert_eq!(kb.agent("armée"), Some("MIL"));
    assert_eq!(kb.agent("rebelles"), Some("REB"));
    assert_eq!(kb.agent("manifestants"), Some("OPP"));
    assert_eq!(kb.agent("réfugiés"), Some("REF"));
    // English from Phoenix.agents.txt, plurals generated by the reader.
    assert_eq!(kb.agent("foreign ministers"), Some("GOV"));
    assert_eq!(kb.agent("soldiers"), Some("MIL"));
    assert_eq!(kb.agent("table"), None);
}

#[test]
fn longest_match_and_find_all() {
    let kb = kb();
    let toks = ["Vladimir", "Poutine", "a", "reçu"];
    let (n, actors) = kb.longest_match(&toks).expect("match");
    assert_eq!(n, 2);
    assert_eq!(kb.actor(actors[0]).id, "Q7747");
    assert!(kb.longest_match(&["reçu", "Poutine"]).is_none());

    let text = "Le président russe a rencontré Kim Jong-un à P'yŏngyang, selon l'OTAN et l'ONU.";
    let found: Vec<(&str, &str)> = kb
        .find_all(text)
        .iter()
        .map(|m| (&text[m.start..m.end], kb.actor(m.actors[0]).id.as_str()))
        .collect();
    assert!(found.contains(&("président russe", "Q7747")), "{found:?}");
    assert!(found.contains(&("Kim Jong-un", "Q56226")), "{found:?}");
    assert!(found.iter().any(|&(s, _)| s == "P'yŏngyang"), "{found:?}");
    assert!(found.contains(&("OTAN", "Q7184")), "{found:?}");
    assert!(found.contains(&("ONU", "Q1065")), "{found:?}");
}

#[test]
fn user_dictionaries_in_petrarch_format() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let kb = Knowledge::from_files(&[
        format!("{dir}/sample.actors.txt"),
        format!("{dir}/sample.agents.txt"),
    ])
    .expect("fixtures load");
    let g = kb.lookup("Smeagol");
    assert_eq!(g.len(), 1);
    assert_eq!(kb.code_at(g[0], day("1997-01-01")), Some("HOBGOV"));
    assert_eq!(kb.code_at(g[0], day("1990-01-01")), Some("HOB"));
    assert_eq!(kb.code_at(g[0], day("2001-01-01")), None);
    assert_eq!(kb.agent("ministries of silly walks"), Some("GOV"));
    // The fixtures' malformed lines are reported with file and line.
    assert!(kb
        .diagnostics()
        .iter()
        .any(|d| d.file == "sample.actors.txt" && d.line == 29));
    assert!(Knowledge::from_files(&["/nonexistent/x.tsv"]).is_err());
}

#[test]
fn same_as_gives_generated_entries_their_qid() {
    let kb = kb();
    let paris = kb.by_id("Q90").expect("Paris by QID");
    assert_eq!(kb.by_id("geonames:2988507"), Some(paris));
    assert_eq!(kb.actor(paris).name_fr.as_deref(), Some("Paris"));
    let belgium = kb.by_id("Q31").expect("Belgium by QID");
    assert_eq!(kb.by_id("iso3166:BEL"), Some(belgium));
}

#[test]
fn role_titles_tell_who_held_them_on_a_date() {
    let kb = kb();
    let holders = kb.lookup("président des États-Unis");
    let on = |date: &str| {
        holders
            .iter()
            .map(|&a| kb.actor(a))
            .filter(|a| a.role_on("président des États-Unis", Some(day(date))) == Some(true))
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(on("2019-05-01"), ["Q22686"]);
    assert_eq!(on("2023-05-01"), ["Q6279"]);
    let putin = kb.actor(kb.by_id("Q7747").expect("Putin"));
    assert_eq!(
        putin.role_on("Premier ministre russe", Some(day("2010-01-01"))),
        Some(true)
    );
    assert_eq!(putin.role_on("Premier ministre russe", None), Some(false));
    assert_eq!(putin.role_on("Poutine", None), None);
}

/// The agent-noun filter linking relies on (`agent_key_starts_with`, `is_agent_key`): every
/// agent noun of the shipped knowledge base is found from its own key and from the key of its
/// first word, and a word no agent noun starts with is ruled out.
#[test]
fn agent_key_filter_never_rules_out_a_shipped_agent_noun() {
    let kb = kb();
    let mut n = 0;
    for (key, _) in kb.agents() {
        n += 1;
        assert!(kb.is_agent_key(key), "{key}");
        assert!(kb.agent_key_starts_with(key), "{key}");
        let first = key.split(' ').next().unwrap_or(key);
        assert!(kb.agent_key_starts_with(first), "{key} from {first}");
    }
    assert!(n > 100, "only {n} agent nouns");
    assert!(!kb.is_agent_key("limousine"));
    assert!(!kb.agent_key_starts_with("zzqx"));
}
