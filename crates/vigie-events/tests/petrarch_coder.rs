//! The PETRARCH-style coder on hand-parsed sentences with a tiny inline dictionary: source and
//! target, agents, passives, coordination, compound actors, negation, discards, defaults.

use vigie_core::{Document, IndexRange, Metadata, Sentence, Span, Token, Word};
use vigie_events::petrarch::PetrarchCoder;
use vigie_knowledge::petrarch::{read_actors, read_agents};
use vigie_knowledge::petrarch_verbs::{read_discards, read_verbs};

const ACTORS: &str = "ARNOR_ [ARN]
GONDOR [GON]
+MINAS_TIRITH
OSGILIATH [OSG]
PRINCE_OF_DOL_AMROTH [DOL]
GOLLUM
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
";
const AGENTS: &str = "GOVERNMENT [~GOV]
SOLDIER [~MIL]
MSF {} [NGO~]
";
const VERBS: &str = "&TIES
+RELATIONS
+DIPLOMATIC TIES

--- RESTORE [064] ---
RESTORE
- NOT * &TIES [112]
- * &TIES WITH + [065]

--- ATTACK [190] ---
ATTACK
- * + WITH ROCKETS [195]

--- AGREE [081] ---
AGREE
- % * [030]

--- ARRIVE [032:033] ---
ARRIVE
";
const DISCARDS: &str = "BASEBALL\n";

fn coder() -> PetrarchCoder {
    PetrarchCoder::from_dictionaries(
        read_verbs(VERBS, "verbs.txt"),
        &read_actors(ACTORS, "actors.txt"),
        &read_agents(AGENTS, "agents.txt"),
        read_discards(DISCARDS, "discards.txt"),
        "verbs.txt",
    )
}

/// A one-sentence document from `form lemma UPOS head deprel` lines (heads 1-based, 0 = root).
fn parsed(conll: &str) -> Document {
    let rows: Vec<Vec<&str>> = conll
        .lines()
        .map(str::split_whitespace)
        .map(Iterator::collect)
        .filter(|r: &Vec<&str>| r.len() == 5)
        .collect();
    let text = rows.iter().map(|r| r[0]).collect::<Vec<_>>().join(" ");
    let mut doc = Document::new("t", text, Metadata::default());
    let mut at = 0;
    for (i, r) in rows.iter().enumerate() {
        doc.tokens.push(Token {
            span: Span::new(at, at + r[0].len()),
            norm: None,
            kind: Default::default(),
            words: None,
        });
        at += r[0].len() + 1;
        let head: u32 = r[3].parse().unwrap();
        doc.words.push(Word {
            token: i as u32,
            form: r[0].into(),
            lemma: r[1].into(),
            upos: r[2].to_string().into(),
            feats: "_".into(),
            head: head.checked_sub(1),
            deprel: r[4].to_string().into(),
        });
    }
    doc.sentences.push(Sentence {
        span: Span::new(0, doc.text.len()),
        paragraph: 0,
        tokens: IndexRange::new(0, rows.len()),
        words: IndexRange::new(0, rows.len()),
    });
    doc
}

fn coded(doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = coder()
        .code_document(doc)
        .into_iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.source_actor.unwrap_or_default(),
                e.target_actor.unwrap_or_default(),
                e.code
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn subject_source_oblique_target_and_synset_pattern() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         restored restore VERB 0 root
         diplomatic diplomatic ADJ 4 amod
         ties tie NOUN 2 obj
         with with ADP 6 case
         Gondor Gondor PROPN 2 obl
         . . PUNCT 2 punct",
    );
    assert_eq!(coded(&doc), ["ARN GON 065"]);
    let e = &coder().code_document(&doc)[0];
    assert_eq!(doc.slice(e.trigger.unwrap()), "restored");
    assert_eq!(doc.slice(e.source_span.unwrap()), "Arnor");
    assert!(e.rule.as_deref().unwrap().contains("verbs.txt:"));
}

#[test]
fn default_code_when_no_pattern_matches() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         Gondor Gondor PROPN 2 obj",
    );
    assert_eq!(coded(&doc), ["ARN GON 190"]);
}

#[test]
fn target_bound_by_pattern_plus() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         Minas Minas PROPN 2 obj
         Tirith Tirith PROPN 3 flat
         with with ADP 6 case
         rockets rocket NOUN 2 obl",
    );
    assert_eq!(coded(&doc), ["ARN GON 195"]);
}

#[test]
fn passive_by_agent_is_the_source_and_agents_compose() {
    let doc = parsed(
        "Gondor Gondor PROPN 3 nsubj:pass
         was be AUX 3 aux:pass
         attacked attack VERB 0 root
         by by ADP 6 case
         Osgiliath Osgiliath PROPN 6 compound
         soldiers soldier NOUN 3 obl:agent",
    );
    assert_eq!(coded(&doc), ["OSGMIL GON 190"]);
}

#[test]
fn coordinated_targets_give_one_event_each() {
    let doc = parsed(
        "The the DET 3 det
         Arnor Arnor PROPN 3 compound
         government government NOUN 4 nsubj
         attacked attack VERB 0 root
         Gondor Gondor PROPN 4 obj
         and and CCONJ 7 cc
         Osgiliath Osgiliath PROPN 5 conj",
    );
    assert_eq!(coded(&doc), ["ARNGOV GON 190", "ARNGOV OSG 190"]);
}

#[test]
fn compound_subject_pattern_codes_both_directions() {
    let doc = parsed(
        "Gondor Gondor PROPN 4 nsubj
         and and CCONJ 3 cc
         Osgiliath Osgiliath PROPN 1 conj
         agreed agree VERB 0 root",
    );
    assert_eq!(coded(&doc), ["GON OSG 030", "OSG GON 030"]);
}

#[test]
fn split_code_codes_the_reverse_event() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         arrived arrive VERB 0 root
         in in ADP 4 case
         Gondor Gondor PROPN 2 obl",
    );
    assert_eq!(coded(&doc), ["ARN GON 032", "GON ARN 033"]);
}

#[test]
fn negation_is_not_coded_unless_the_pattern_spells_it() {
    let plain = parsed(
        "Arnor Arnor PROPN 4 nsubj
         did do AUX 4 aux
         not not PART 4 advmod
         attack attack VERB 0 root
         Gondor Gondor PROPN 4 obj",
    );
    assert!(coded(&plain).is_empty());
    let spelled = parsed(
        "Arnor Arnor PROPN 4 nsubj
         did do AUX 4 aux
         not not PART 4 advmod
         restore restore VERB 0 root
         relations relation NOUN 4 obj
         with with ADP 7 case
         Gondor Gondor PROPN 4 obl",
    );
    assert_eq!(coded(&spelled), ["ARN GON 112"]);
}

#[test]
fn discarded_sentences_and_missing_actors_give_nothing() {
    let discarded = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         Gondor Gondor PROPN 2 obj
         in in ADP 5 case
         baseball baseball NOUN 2 obl",
    );
    assert!(coded(&discarded).is_empty());
    let no_target = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         crowds crowd NOUN 2 obj",
    );
    assert!(coded(&no_target).is_empty());
}

#[test]
fn dated_actor_codes_follow_the_document_date() {
    let mut doc = parsed(
        "Gollum Gollum PROPN 2 nsubj
         attacked attack VERB 0 root
         Gondor Gondor PROPN 2 obj",
    );
    doc.meta.date = Some("1996-03-01".into());
    assert_eq!(coded(&doc), ["HOBGOV GON 190"]);
    doc.meta.date = Some("1994-03-01".into());
    assert_eq!(coded(&doc), ["HOB GON 190"]);
}

#[test]
fn builtin_coder_reads_real_news_with_cameo_and_knowledge_base_actors() {
    let coder = PetrarchCoder::builtin();
    assert!(coder.verbs().pattern_count() > 4000);
    let doc = parsed(
        "Russia Russia PROPN 2 nsubj
         accused accuse VERB 0 root
         Ukraine Ukraine PROPN 2 obj",
    );
    let events = coder.code_document(&doc);
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(e.source_actor.as_deref(), Some("RUS"));
    assert_eq!(e.target_actor.as_deref(), Some("UKR"));
    assert!(e.code.starts_with("11"), "{}", e.code);
    assert!(e.rule.as_deref().unwrap().starts_with("CAMEO.2.0.txt:"));
}

#[test]
fn agents_without_actor_are_anonymous_and_null_sides_need_require_dyad_off() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         soldiers soldier NOUN 2 obj",
    );
    // "soldiers" alone: PETRARCH's anonymous agent.
    assert_eq!(coded(&doc), ["ARN ---MIL 190"]);
    let alone = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         yesterday yesterday NOUN 2 obl",
    );
    assert!(coded(&alone).is_empty());
    let mut c = coder();
    c.set_require_dyad(false);
    let events = c.code_document(&alone);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].source_actor.as_deref(), Some("ARN"));
    assert_eq!(events[0].target_actor.as_deref(), Some("---"));
    assert!(events[0].target_span.is_none());
}

#[test]
fn actor_phrase_over_an_underscore_joined_token() {
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         the the DET 4 det
         Prince Prince PROPN 2 obj
         of of ADP 6 case
         Dol_Amroth Dol_Amroth PROPN 4 nmod",
    );
    assert_eq!(coded(&doc), ["ARN DOL 190"]);
}

#[test]
fn passive_without_agent_reads_subject_then_actor_after() {
    let doc = parsed(
        "Gondor Gondor PROPN 3 nsubj:pass
         was be AUX 3 aux:pass
         attacked attack VERB 0 root
         near near ADP 5 case
         Osgiliath Osgiliath PROPN 3 obl",
    );
    assert_eq!(coded(&doc), ["GON OSG 190"]);
}

/// A coder over the test actors and agents with its own verb dictionary.
fn coder_with(verbs: &str) -> PetrarchCoder {
    PetrarchCoder::from_dictionaries(
        read_verbs(verbs, "verbs.txt"),
        &read_actors(ACTORS, "actors.txt"),
        &read_agents(AGENTS, "agents.txt"),
        Vec::new(),
        "verbs.txt",
    )
}

fn triples_of(c: &PetrarchCoder, doc: &Document) -> Vec<String> {
    let mut v: Vec<String> = c
        .code_document(doc)
        .into_iter()
        .map(|e| {
            format!(
                "{} {} {}",
                e.source_actor.unwrap_or_default(),
                e.target_actor.unwrap_or_default(),
                e.code
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn infinitive_of_purpose_takes_the_governing_subject_and_is_read_in_its_phrase() {
    let c = coder_with(
        "--- SUPPLY [070] ---
SUPPLY
--- VOW [170] ---
VOW
- * WAR [173]
",
    );
    // "to supply Gondor", parsed as an adverbial clause: its subject is the signer's.
    let supply = parsed(
        "Arnor Arnor PROPN 2 nsubj
         signed sign VERB 0 root
         an a DET 4 det
         accord accord NOUN 2 obj
         to to PART 6 mark
         supply supply VERB 2 advcl
         Gondor Gondor PROPN 6 obj",
    );
    assert_eq!(triples_of(&c, &supply), ["ARN GON 070"]);
    // "vowed to wage war on Osgiliath": the pattern's word is in the infinitive's phrase.
    let vow = parsed(
        "Arnor Arnor PROPN 2 nsubj
         vowed vow VERB 0 root
         to to PART 4 mark
         wage wage VERB 2 advcl
         war war NOUN 4 obj
         on on ADP 7 case
         Osgiliath Osgiliath PROPN 4 obl",
    );
    assert_eq!(triples_of(&c, &vow), ["ARN OSG 173"]);
    // With its own subject, the adverbial clause is not the main verb's.
    let own_subject = parsed(
        "Arnor Arnor PROPN 2 nsubj
         vowed vow VERB 0 root
         that that SCONJ 5 mark
         Osgiliath Osgiliath PROPN 5 nsubj
         wages wage VERB 2 advcl
         war war NOUN 5 obj",
    );
    assert!(triples_of(&c, &own_subject).is_empty());
}

#[test]
fn passive_subject_controls_an_infinitive_complement() {
    let c = coder_with(
        "--- BREAK [1717] ---
BREAK
- * INTO + [1717]
",
    );
    let doc = parsed(
        "Osgiliath Osgiliath PROPN 3 nsubj:pass
         was be AUX 3 aux:pass
         seen see VERB 0 root
         to to PART 5 mark
         break break VERB 3 xcomp
         into into ADP 7 case
         Gondor Gondor PROPN 5 obl",
    );
    assert_eq!(triples_of(&c, &doc), ["OSG GON 1717"]);
}

#[test]
fn a_verb_in_several_blocks_has_the_patterns_of_all() {
    let c = coder_with(
        "--- SHOT [---] ---
SHOT
- *_AND_WOUNDED [223]

--- SHOT [223] ---
SHOT
- + WAS * DEAD IN $ [224]
",
    );
    let doc = parsed(
        "Arnor Arnor PROPN 3 nsubj:pass
         was be AUX 3 aux:pass
         shot shoot VERB 0 root
         dead dead ADJ 3 xcomp
         in in ADP 6 case
         Osgiliath Osgiliath PROPN 3 obl",
    );
    assert_eq!(triples_of(&c, &doc), ["OSG ARN 224"]);
}

#[test]
fn multi_word_verb_found_from_the_word_tagged_as_verb() {
    let c = coder_with(
        "--- CONFISCATE [1711] ---
CONFISCATE
WIRE_+TAP {WIRE_+TAPPED WIRE_+TAPPING}
- WILL NOT * [081]
",
    );
    // The tagger made a verb of "wire" and a noun of "tap".
    let doc = parsed(
        "Osgiliath Osgiliath PROPN 4 nsubj
         will will AUX 4 aux
         not not PART 4 advmod
         wire wire VERB 0 root
         tap tap NOUN 4 obj
         Gondor Gondor PROPN 4 obj",
    );
    assert_eq!(triples_of(&c, &doc), ["OSG GON 081"]);
    let e = &c.code_document(&doc)[0];
    assert_eq!(doc.slice(e.trigger.unwrap()), "wire");
}

#[test]
fn target_bound_before_the_verb_leaves_the_source_to_the_governing_clause() {
    let c = coder_with(
        "--- REGRET [111] ---
REGRET
- NOTED + * [115]
",
    );
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         noted note VERB 0 root
         that that SCONJ 5 mark
         Osgiliath Osgiliath PROPN 5 nsubj
         regretted regret VERB 2 ccomp
         Gondor Gondor PROPN 5 obj",
    );
    assert_eq!(triples_of(&c, &doc), ["ARN OSG 115"]);
}

#[test]
fn new_actor_length_codes_unknown_noun_phrases_as_their_text() {
    let mut c = coder_with(
        "--- LEFT [032:033] ---
LEFT
",
    );
    let doc = parsed(
        "Gryffindor Gryffindor PROPN 3 nmod:poss
         's 's PART 1 case
         head head NOUN 4 nsubj
         left leave VERB 0 root
         for for ADP 7 case
         the the DET 7 det
         Ministry Ministry PROPN 4 obl
         of of ADP 9 case
         Magic Magic PROPN 7 nmod",
    );
    // Off by default: no dictionary actor, no event.
    assert!(triples_of(&c, &doc).is_empty());
    c.set_new_actor_length(4);
    assert_eq!(
        triples_of(&c, &doc),
        [
            "\"GRYFFINDOR HEAD\" \"THE MINISTRY OF MAGIC\" 032",
            "\"THE MINISTRY OF MAGIC\" \"GRYFFINDOR HEAD\" 033"
        ]
    );
    // "THE MINISTRY OF MAGIC" has four words: too long for three.
    c.set_new_actor_length(3);
    assert!(triples_of(&c, &doc).is_empty());
}

// Parse shapes of the retrained English parser on PETRARCH2's unit-test sentences: the coder
// reads them as PETRARCH's tree has them.

#[test]
fn a_verb_the_tagger_made_an_adverb_after_an_auxiliary_reads_its_heads_clause() {
    // "Arnor will abandon improved economic relations with Gondor": "abandon" an adverb of
    // "improved".
    let doc = parsed(
        "Arnor Arnor PROPN 4 nsubj
         will will AUX 4 aux
         restore restore ADV 4 advmod
         improved improve VERB 0 root
         relations relation NOUN 4 obj
         with with ADP 7 case
         Gondor Gondor PROPN 5 nmod
         . . PUNCT 4 punct",
    );
    assert_eq!(coded(&doc), ["ARN GON 065"]);
}

#[test]
fn of_two_subjects_set_apart_by_a_comma_the_one_holding_a_clause_is_misplaced() {
    // "five years after Osgiliath crowds burned its embassy, Arnor restored …", the fronted
    // phrase parsed as a second subject.
    let doc = parsed(
        "years year NOUN 10 nsubj
         after after ADP 4 case
         Osgiliath Osgiliath PROPN 4 compound
         crowds crowd NOUN 1 nmod
         burned burn VERB 4 acl
         its its PRON 7 nmod:poss
         embassy embassy NOUN 5 obj
         , , PUNCT 10 punct
         Arnor Arnor PROPN 10 nsubj
         restored restore VERB 0 root
         ties tie NOUN 10 obj
         with with ADP 13 case
         Gondor Gondor PROPN 10 obl",
    );
    assert_eq!(coded(&doc), ["ARN GON 064"]);
}

#[test]
fn a_verb_hung_as_an_apposition_on_the_phrase_before_it_takes_it_as_subject() {
    let doc = parsed(
        "Arnor Arnor NOUN 0 root
         restored restore VERB 1 appos
         ties tie NOUN 2 obj
         with with ADP 5 case
         Gondor Gondor PROPN 2 obl",
    );
    assert_eq!(coded(&doc), ["ARN GON 064"]);
}

#[test]
fn an_apposition_without_a_comma_is_part_of_the_subject() {
    // "Its ally Gondor attacked Osgiliath", "Gondor" an apposition of "ally".
    let doc = parsed(
        "Its its PRON 2 nmod:poss
         ally ally NOUN 4 nsubj
         Gondor Gondor PROPN 2 appos
         attacked attack VERB 0 root
         Osgiliath Osgiliath PROPN 4 obj",
    );
    assert_eq!(coded(&doc), ["GON OSG 190"]);
    // Set off by a comma, it is not.
    let doc = parsed(
        "Its its PRON 2 nmod:poss
         ally ally NOUN 5 nsubj
         , , PUNCT 4 punct
         Gondor Gondor PROPN 2 appos
         attacked attack VERB 0 root
         Osgiliath Osgiliath PROPN 5 obj",
    );
    assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
}

#[test]
fn a_verb_read_as_a_participle_of_the_object_of_its_subject() {
    // "Russian police arrested students": "students" the object of "police", "arrested"
    // its adjective.
    let doc = parsed(
        "Arnor Arnor PROPN 2 compound
         soldiers soldier NOUN 0 root
         attacked attack VERB 5 amod
         Gondor Gondor PROPN 5 compound
         villages village NOUN 2 obj",
    );
    assert_eq!(coded(&doc), ["ARNMIL GON 190"]);
}

#[test]
fn a_verb_read_as_a_noun_after_an_actor_is_coded() {
    // "Ethiopia departs from Libya", "departs" a noun with "Ethiopia" its compound.
    let doc = parsed(
        "Arnor Arnor PROPN 2 compound
         arrives arrive NOUN 0 root
         in in ADP 4 case
         Gondor Gondor PROPN 2 nmod",
    );
    assert_eq!(coded(&doc), ["ARN GON 032", "GON ARN 033"]);
    // With a determiner it is a noun.
    let doc = parsed(
        "the the DET 3 det
         Arnor Arnor PROPN 3 compound
         arrives arrive NOUN 0 root
         in in ADP 5 case
         Gondor Gondor PROPN 3 nmod",
    );
    assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
}

#[test]
fn an_actor_after_the_verb_hung_on_a_later_phrase_is_its_target() {
    // "Ethiopia indicated it deplored Libya almost five years after …", "Libya" a compound
    // of "years", an oblique of a later verb.
    let doc = parsed(
        "Arnor Arnor PROPN 2 nsubj
         attacked attack VERB 0 root
         Gondor Gondor PROPN 4 compound
         years year NOUN 7 obl:unmarked
         later later ADV 4 advmod
         , , PUNCT 7 punct
         fled flee VERB 2 parataxis",
    );
    assert_eq!(coded(&doc), ["ARN GON 190"]);
}
