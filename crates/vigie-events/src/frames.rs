//! Predicate–argument frames from the Universal Dependencies parse in `Document::words`.
//!
//! For a verb: subjects, objects, indirect objects, passive agents and obliques with their
//! preposition; passives swap roles (the passive subject is the patient), coordination gives
//! every conjunct ("Poutine et Kim"), relative clauses give the head noun ("le traité qu'il a
//! signé"), infinitives and participles inherit the subject of the verb that controls them ("a
//! promis de soutenir"), and conjoined verbs share their subject. For an event noun: its
//! possessor ("sa", "his", "Russia's"), its modifiers with their preposition ("de la Russie",
//! "contre l'Ukraine") and "par X" / "de la part de X" agents, reading through adjectives and
//! participles that the parser may have placed between ("le soutien constant de X").
//!
//! Frames only say where the arguments are (word indices); the stage maps them to entities.

use vigie_core::{Document, Word};

/// One sentence's dependency tree: children lists over `Document::words`.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Index of the sentence's first word.
    pub start: usize,
    pub end: usize,
    children: Vec<Vec<usize>>,
    /// Words tagged as verbs that read as nouns (see [`Tree::reads_as_noun`]).
    noun_reading: Vec<bool>,
}

impl Tree {
    /// The tree of the words `start..end` (a sentence's word range).
    pub fn new(doc: &Document, start: usize, end: usize) -> Tree {
        let end = end.min(doc.words.len());
        let start = start.min(end);
        let mut children = vec![Vec::new(); end - start];
        for (i, w) in doc.words.iter().enumerate().take(end).skip(start) {
            if let Some(h) = w.head.map(|h| h as usize) {
                if (start..end).contains(&h) && h != i {
                    children[h - start].push(i);
                }
            }
        }
        let noun_reading = (start..end)
            .map(|i| {
                let w = &doc.words[i];
                (w.upos == "VERB" || w.upos == "AUX")
                    && children[i - start].iter().any(|&c| {
                        let cw = &doc.words[c];
                        c < i && cw.deprel == "det" && cw.upos == "DET"
                    })
            })
            .collect();
        Tree {
            start,
            end,
            children,
            noun_reading,
        }
    }

    /// Whether word `i`, tagged as a verb, reads as a noun: it has a determiner of its own
    /// before it, which only a noun can have ("du « traité le plus solide »", where the tagger
    /// took the noun for the participle of "traiter"). The parser saw the noun, the tagger
    /// did not; the event rules follow the parser.
    pub fn reads_as_noun(&self, i: usize) -> bool {
        i.checked_sub(self.start)
            .and_then(|k| self.noun_reading.get(k))
            .copied()
            .unwrap_or(false)
    }

    /// Whether word `i` is nominal: a noun, proper noun, pronoun or number, or a verb that
    /// reads as a noun.
    pub fn nominal(&self, doc: &Document, i: usize) -> bool {
        doc.words.get(i).is_some_and(is_nominal) || self.reads_as_noun(i)
    }

    /// Children of word `i` (document index), in order.
    pub fn children(&self, i: usize) -> &[usize] {
        i.checked_sub(self.start)
            .and_then(|k| self.children.get(k))
            .map_or(&[], Vec::as_slice)
    }

    /// The head of `i` when it is inside the sentence.
    pub fn head(&self, doc: &Document, i: usize) -> Option<usize> {
        let h = doc.words.get(i)?.head? as usize;
        (self.start..self.end).contains(&h).then_some(h)
    }

    pub fn contains(&self, i: usize) -> bool {
        (self.start..self.end).contains(&i)
    }

    /// Words of the subtree of `i` (document indices, unordered), bounded against cycles.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() && out.len() <= self.end - self.start {
            let w = out[k];
            out.extend_from_slice(self.children(w));
            k += 1;
        }
        out
    }

    /// Ancestors of `i`, nearest first (bounded against cycles).
    pub fn ancestors(&self, doc: &Document, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = i;
        while let Some(h) = self.head(doc, cur) {
            if out.contains(&h) || out.len() > self.end - self.start {
                break;
            }
            out.push(h);
            cur = h;
        }
        out
    }
}

/// How a frame's subject was found, when not as a plain `nsubj`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectFrom {
    Direct,
    /// Shared with the conjoined verb ("a déclaré … et a promis").
    Conjunct,
    /// The controller of an infinitive or participle ("a promis de soutenir").
    Control,
    /// The head noun of a relative clause or participle ("le pays qui a signé").
    Relative,
    /// The nearest subject to the left, when the parse left the verb without one.
    Position,
}

/// A predicate and where its arguments are (word indices into `Document::words`).
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub predicate: usize,
    pub is_noun: bool,
    pub passive: bool,
    pub subjects: Vec<usize>,
    pub subject_from: Option<SubjectFrom>,
    pub objects: Vec<usize>,
    pub iobjs: Vec<usize>,
    pub agents: Vec<usize>,
    pub possessors: Vec<usize>,
    /// (preposition lemma, lower case; argument head).
    pub obliques: Vec<(String, usize)>,
    /// Modifiers with a preposition of the objects ("un accord avec X") or, for a noun, of
    /// its "de" argument ("l'attaque de X contre Y"), a fallback for prepositional roles.
    pub object_obliques: Vec<(String, usize)>,
    /// For an infinitive or participle: the verb controlling it.
    pub controller: Option<usize>,
}

fn is_nominal(w: &Word) -> bool {
    matches!(&*w.upos, "NOUN" | "PROPN" | "PRON" | "NUM")
}

fn feat<'a>(w: &'a Word, name: &str) -> Option<&'a str> {
    w.feats.split('|').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

fn is_relative(w: &Word) -> bool {
    feat(w, "PronType") == Some("Rel")
        || (w.upos == "PRON" && matches!(&*w.lemma, "who" | "which" | "that" | "whom"))
}

fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// The preposition of a nominal: its last `case` child ("jusqu'à" → "à"), lower case.
pub fn preposition(doc: &Document, tree: &Tree, i: usize) -> Option<String> {
    tree.children(i)
        .iter()
        .rev()
        .filter_map(|&c| doc.words.get(c))
        .find(|w| w.deprel == "case" || (w.deprel == "mark" && w.upos == "ADP"))
        .map(|w| w.lemma.to_lowercase())
}

/// A word and its conjuncts ("Poutine et Kim" → both heads).
pub fn with_conjuncts(doc: &Document, tree: &Tree, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    for &c in tree.children(i) {
        if let Some(w) = doc.words.get(c) {
            if w.deprel == "conj" && tree.nominal(doc, c) {
                out.push(c);
            }
        }
    }
    out
}

/// Whether word `i` is a passive verb (passive auxiliary or passive subject).
pub fn is_passive(doc: &Document, tree: &Tree, i: usize) -> bool {
    tree.children(i).iter().any(|&c| {
        doc.words
            .get(c)
            .is_some_and(|w| w.deprel == "aux:pass" || w.deprel == "nsubj:pass")
    })
}

/// A past participle with neither auxiliary nor nominal subject, qualifying the word it is
/// attached to ("le traité signé", "le plus solide jamais signé", parsed as `acl`, `amod`,
/// `conj`, or `advcl` of an adjective).
fn adjectival_passive(doc: &Document, tree: &Tree, i: usize) -> bool {
    let w = &doc.words[i];
    if after_auxiliary(doc, tree, i) {
        return false;
    }
    if feat(w, "VerbForm") != Some("Part") || feat(w, "Tense") != Some("Past") {
        return false;
    }
    // Also an adverbial clause of an adjective ("le plus solide jamais signé", parsed with
    // "signé" an `advcl` of "solide").
    let on_adjective = tree
        .head(doc, i)
        .is_some_and(|h| doc.words[h].upos == "ADJ");
    if !(matches!(base(&w.deprel), "acl" | "amod" | "conj")
        || (base(&w.deprel) == "advcl" && on_adjective))
    {
        return false;
    }
    !tree.children(i).iter().any(|&c| {
        let cw = &doc.words[c];
        cw.deprel.starts_with("aux")
            || (cw.deprel == "nsubj" && tree.nominal(doc, c))
            || cw.deprel == "obj"
    })
}

/// The noun an adjectival participle qualifies, from its head `h`: `h` itself when nominal,
/// else through at most two adjectives ("le traité le plus solide jamais signé", the
/// participle hung on "solide").
fn qualified_noun(doc: &Document, tree: &Tree, h: usize) -> Option<usize> {
    let mut cur = h;
    for _ in 0..3 {
        if tree.nominal(doc, cur) {
            return Some(cur);
        }
        if doc.words[cur].upos != "ADJ" {
            return None;
        }
        cur = tree.head(doc, cur)?;
    }
    None
}

/// Whether a participle follows a tense auxiliary a few words before it that the parser did
/// not attach to it ("Kim a en retour offert …"): then it is an active compound tense.
fn after_auxiliary(doc: &Document, tree: &Tree, i: usize) -> bool {
    let mut k = i;
    let mut steps = 0;
    while k > tree.start && steps < 4 {
        k -= 1;
        steps += 1;
        let w = &doc.words[k];
        match &*w.upos {
            "AUX" => {
                return matches!(&*w.lemma, "avoir" | "have" | "être")
                    && w.feats.contains("VerbForm=Fin")
            }
            "ADV" | "ADP" | "NOUN" | "DET" => {}
            _ => return false,
        }
    }
    false
}

/// Direct subjects of a verb (no inheritance), with relative pronouns replaced by the noun
/// the relative clause modifies.
fn direct_subjects(doc: &Document, tree: &Tree, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &c in tree.children(i) {
        let Some(w) = doc.words.get(c) else { continue };
        if w.deprel == "nsubj" && tree.nominal(doc, c) {
            if is_relative(w) {
                if let Some(h) = tree.head(doc, i) {
                    out.extend(with_conjuncts(doc, tree, h));
                }
            } else {
                out.extend(with_conjuncts(doc, tree, c));
            }
        }
    }
    out
}

/// Builds the frame of word `i`. `obj_control` says whether a verb lemma passes its object,
/// rather than its subject, to its infinitive ("exhorter X à négocier").
pub fn frame(doc: &Document, tree: &Tree, i: usize, obj_control: &dyn Fn(&str) -> bool) -> Frame {
    let w = &doc.words[i];
    let is_noun = matches!(&*w.upos, "NOUN" | "PROPN") || tree.reads_as_noun(i);
    let mut f = Frame {
        predicate: i,
        is_noun,
        passive: false,
        subjects: Vec::new(),
        subject_from: None,
        objects: Vec::new(),
        iobjs: Vec::new(),
        agents: Vec::new(),
        possessors: Vec::new(),
        obliques: Vec::new(),
        object_obliques: Vec::new(),
        controller: None,
    };
    if is_noun {
        noun_arguments(doc, tree, i, &mut f, true);
        // "l'attaque de la Russie contre l'Ukraine", with "contre …" hung on "Russie": the
        // modifiers of its "de" argument, a fallback for prepositional roles.
        for (p, a) in &f.obliques {
            if p != "de" {
                continue;
            }
            for &c in tree.children(*a) {
                if c > *a && base(&doc.words[c].deprel) == "nmod" {
                    if let Some(q) = preposition(doc, tree, c).filter(|q| q != "de") {
                        f.object_obliques.push((q, c));
                    }
                }
            }
        }
        return f;
    }
    f.passive = is_passive(doc, tree, i) || adjectival_passive(doc, tree, i);
    if f.passive
        && tree
            .children(i)
            .iter()
            .all(|&c| doc.words[c].deprel != "nsubj:pass")
    {
        // "le traité jamais signé": the noun the participle qualifies is its patient.
        if let Some(h) = tree
            .head(doc, i)
            .filter(|_| adjectival_passive(doc, tree, i))
        {
            if let Some(n) = qualified_noun(doc, tree, h) {
                f.objects.extend(with_conjuncts(doc, tree, n));
            } else if doc.words[h].form.chars().all(char::is_alphabetic) {
                f.objects.extend(with_conjuncts(doc, tree, h));
            }
            // "le plus solide jamais signé entre les deux nations", with "entre …" hung on
            // the adjective: what follows the participle is the participle's.
            if doc.words[h].upos == "ADJ" {
                for &c in tree.children(h) {
                    if c > i && matches!(base(&doc.words[c].deprel), "obl" | "nmod") {
                        if let Some(p) = preposition(doc, tree, c) {
                            for a in with_conjuncts(doc, tree, c) {
                                f.obliques.push((p.clone(), a));
                            }
                        }
                    }
                }
            }
        }
    }
    for &c in tree.children(i) {
        let Some(cw) = doc.words.get(c) else { continue };
        let rel = &*cw.deprel;
        match rel {
            "nsubj:pass" if tree.nominal(doc, c) => {
                if is_relative(cw) {
                    if let Some(h) = tree.head(doc, i) {
                        f.objects.extend(with_conjuncts(doc, tree, h));
                    }
                } else {
                    f.objects.extend(with_conjuncts(doc, tree, c));
                }
            }
            "obj" if tree.nominal(doc, c) => {
                if is_relative(cw) {
                    if let Some(h) = tree.head(doc, i) {
                        f.objects.extend(with_conjuncts(doc, tree, h));
                    }
                } else {
                    f.objects.extend(with_conjuncts(doc, tree, c));
                }
            }
            "iobj" if tree.nominal(doc, c) => f.iobjs.extend(with_conjuncts(doc, tree, c)),
            "obl:agent" => f.agents.extend(with_conjuncts(doc, tree, c)),
            _ if base(rel) == "obl" || base(rel) == "nmod" => {
                let Some(p) = preposition(doc, tree, c) else {
                    continue;
                };
                if f.passive && (p == "par" || p == "by") {
                    f.agents.extend(with_conjuncts(doc, tree, c));
                } else if p == "de" && doc.words[c].lemma.as_ref() == "part" {
                    // "de la part de X": X is the agent.
                    for &g in tree.children(c) {
                        if preposition(doc, tree, g).as_deref() == Some("de") {
                            f.agents.extend(with_conjuncts(doc, tree, g));
                        }
                    }
                } else {
                    for a in with_conjuncts(doc, tree, c) {
                        f.obliques.push((p.clone(), a));
                    }
                }
            }
            _ => {}
        }
    }
    if f.passive && f.agents.is_empty() {
        // "welcomed at the airport by X": the parser may hang the agent on another oblique.
        let obls: Vec<usize> = f.obliques.iter().map(|(_, w)| *w).collect();
        for o in obls {
            for &c in tree.children(o) {
                let p = preposition(doc, tree, c);
                if matches!(p.as_deref(), Some("par" | "by"))
                    && doc.words[c].deprel.starts_with("nmod")
                {
                    f.agents.extend(with_conjuncts(doc, tree, c));
                }
            }
        }
    }
    for &o in &f.objects {
        for &c in tree.children(o) {
            if doc.words[c].deprel.starts_with("nmod") {
                if let Some(p) = preposition(doc, tree, c) {
                    f.object_obliques.push((p, c));
                }
            }
        }
    }
    f.subjects = direct_subjects(doc, tree, i);
    if !f.subjects.is_empty() {
        f.subject_from = Some(SubjectFrom::Direct);
        return f;
    }
    // No subject of its own: inherit one.
    let head = tree.head(doc, i);
    let rel = base(&w.deprel);
    let verb_form = feat(w, "VerbForm");
    match (rel, head) {
        ("conj", Some(h)) => {
            // Shared subject; through the nearest verb with one when the parser attached the
            // conjunct to a noun.
            let mut cands = vec![h];
            cands.extend(tree.ancestors(doc, h));
            for a in cands.into_iter().take(5) {
                let aw = &doc.words[a];
                if aw.upos != "VERB" && aw.upos != "AUX" {
                    continue;
                }
                let s = direct_subjects(doc, tree, a);
                if !s.is_empty() {
                    f.subjects = s;
                    f.subject_from = Some(SubjectFrom::Conjunct);
                    break;
                }
            }
        }
        ("xcomp" | "ccomp" | "advcl", Some(h))
            if matches!(verb_form, Some("Inf") | Some("Part") | Some("Ger")) =>
        {
            let hw = &doc.words[h];
            if hw.upos == "VERB" || hw.upos == "AUX" {
                f.controller = Some(h);
                let hf = frame(doc, tree, h, obj_control);
                let from_obj = obj_control(&hw.lemma) && rel != "advcl";
                let s = if from_obj {
                    let mut o = hf.objects.clone();
                    o.extend(hf.iobjs.iter().copied());
                    o
                } else if hf.passive {
                    hf.agents.clone()
                } else {
                    hf.subjects.clone()
                };
                if !s.is_empty() {
                    f.subjects = s;
                    f.subject_from = Some(SubjectFrom::Control);
                }
            }
        }
        ("acl", Some(h)) if tree.nominal(doc, h) && !after_auxiliary(doc, tree, i) => {
            // A participle on a noun: past → the noun is its patient ("le traité signé"),
            // present → its agent ("les pays soutenant").
            match feat(w, "Tense") {
                Some("Past") if verb_form == Some("Part") => {
                    f.passive = true;
                    if f.objects.is_empty() {
                        f.objects = with_conjuncts(doc, tree, h);
                    }
                }
                _ if verb_form == Some("Part") || verb_form == Some("Ger") => {
                    f.subjects = with_conjuncts(doc, tree, h);
                    f.subject_from = Some(SubjectFrom::Relative);
                }
                _ => {}
            }
        }
        _ => {}
    }
    if f.subjects.is_empty() && !f.passive {
        if let Some(s) = subject_by_position(doc, tree, i) {
            f.subjects = with_conjuncts(doc, tree, s);
            f.subject_from = Some(SubjectFrom::Position);
        }
    }
    f
}

/// The nearest nominal subject to the left of `i` in its clause, for verbs the parser left
/// without one ("Kim a en retour offert …" parsed with "offert" under "retour").
fn subject_by_position(doc: &Document, tree: &Tree, i: usize) -> Option<usize> {
    let mut k = i;
    while k > tree.start {
        k -= 1;
        let w = doc.words.get(k)?;
        if w.deprel == "nsubj" && tree.nominal(doc, k) && !is_relative(w) {
            return Some(k);
        }
        let clause_break = (w.upos == "VERB" && w.deprel != "aux")
            || w.upos == "SCONJ"
            || is_relative(w)
            || matches!(&*w.form, ";" | ":" | "«" | "»" | "\"" | "(" | ")");
        if clause_break {
            return None;
        }
    }
    None
}

/// Arguments of an event noun. With `transparent`, modifiers of its adjectives and participles
/// count as its own ("le soutien constant de X à Y" parsed with "de X" under "constant").
fn noun_arguments(doc: &Document, tree: &Tree, i: usize, f: &mut Frame, transparent: bool) {
    for &c in tree.children(i) {
        let Some(cw) = doc.words.get(c) else { continue };
        let rel = &*cw.deprel;
        let possessive_det = rel == "det"
            && (feat(cw, "PronType") == Some("Prs")
                || matches!(&*cw.lemma, "son" | "leur" | "his" | "her" | "its" | "their"));
        if rel == "nmod:poss" || possessive_det {
            f.possessors.push(c);
            continue;
        }
        if transparent
            && matches!(base(rel), "amod" | "acl")
            && direct_subjects(doc, tree, c).is_empty()
        {
            noun_arguments(doc, tree, c, f, false);
            // "le soutien constant et inébranlable de X": hung on the last adjective.
            for &g in tree.children(c) {
                let gw = &doc.words[g];
                if gw.deprel == "conj"
                    && matches!(&*gw.upos, "ADJ" | "VERB")
                    && direct_subjects(doc, tree, g).is_empty()
                {
                    noun_arguments(doc, tree, g, f, false);
                }
            }
            continue;
        }
        if !matches!(base(rel), "nmod" | "obl") {
            continue;
        }
        let Some(p) = preposition(doc, tree, c) else {
            continue;
        };
        if p == "par" || p == "by" {
            f.agents.extend(with_conjuncts(doc, tree, c));
        } else if p == "de" && cw.lemma.as_ref() == "part" {
            for &g in tree.children(c) {
                if preposition(doc, tree, g).as_deref() == Some("de") {
                    f.agents.extend(with_conjuncts(doc, tree, g));
                }
            }
        } else {
            for a in with_conjuncts(doc, tree, c) {
                f.obliques.push((p.clone(), a));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    /// A document from (form, lemma, upos, feats, head 1-based or 0, deprel) rows.
    fn doc(rows: &[(&str, &str, &str, &str, usize, &str)]) -> Document {
        let mut d = Document::default();
        for (i, (form, lemma, upos, feats, head, rel)) in rows.iter().enumerate() {
            d.words.push(Word {
                token: i as u32,
                form: (*form).into(),
                lemma: (*lemma).into(),
                upos: Cow::Owned(upos.to_string()),
                feats: Cow::Owned(feats.to_string()),
                head: (*head > 0).then(|| (*head - 1) as u32),
                deprel: Cow::Owned(rel.to_string()),
            });
        }
        d
    }

    #[test]
    fn passive_subject_is_the_patient_and_par_the_agent() {
        // Poutine a été accueilli par Kim
        let d = doc(&[
            ("Poutine", "Poutine", "PROPN", "_", 4, "nsubj:pass"),
            ("a", "avoir", "AUX", "_", 4, "aux:tense"),
            ("été", "être", "AUX", "_", 4, "aux:pass"),
            (
                "accueilli",
                "accueillir",
                "VERB",
                "VerbForm=Part|Tense=Past",
                0,
                "root",
            ),
            ("par", "par", "ADP", "_", 6, "case"),
            ("Kim", "Kim", "PROPN", "_", 4, "obl:agent"),
        ]);
        let t = Tree::new(&d, 0, d.words.len());
        let f = frame(&d, &t, 3, &|_| false);
        assert!(f.passive);
        assert_eq!(f.objects, vec![0]);
        assert_eq!(f.agents, vec![5]);
        assert!(f.subjects.is_empty());
    }

    #[test]
    fn infinitive_takes_the_controller_subject_and_coordination_gives_both() {
        // Poutine et Kim ont promis de signer
        let d = doc(&[
            ("Poutine", "Poutine", "PROPN", "_", 5, "nsubj"),
            ("et", "et", "CCONJ", "_", 3, "cc"),
            ("Kim", "Kim", "PROPN", "_", 1, "conj"),
            ("ont", "avoir", "AUX", "_", 5, "aux:tense"),
            ("promis", "promettre", "VERB", "VerbForm=Part", 0, "root"),
            ("de", "de", "ADP", "_", 7, "mark"),
            ("signer", "signer", "VERB", "VerbForm=Inf", 5, "xcomp"),
        ]);
        let t = Tree::new(&d, 0, d.words.len());
        let f = frame(&d, &t, 6, &|_| false);
        assert_eq!(f.subjects, vec![0, 2]);
        assert_eq!(f.subject_from, Some(SubjectFrom::Control));
        assert_eq!(f.controller, Some(4));
    }

    #[test]
    fn relative_pronoun_stands_for_the_head_noun() {
        // le pays qui attaque Kiev
        let d = doc(&[
            ("le", "le", "DET", "_", 2, "det"),
            ("pays", "pays", "NOUN", "_", 0, "root"),
            ("qui", "qui", "PRON", "PronType=Rel", 4, "nsubj"),
            (
                "attaque",
                "attaquer",
                "VERB",
                "VerbForm=Fin",
                2,
                "acl:relcl",
            ),
            ("Kiev", "Kiev", "PROPN", "_", 4, "obj"),
        ]);
        let t = Tree::new(&d, 0, d.words.len());
        let f = frame(&d, &t, 3, &|_| false);
        assert_eq!(f.subjects, vec![1]);
        assert_eq!(f.objects, vec![4]);
    }

    #[test]
    fn a_verb_with_a_determiner_is_the_noun_a_participle_on_its_adjective_qualifies() {
        // du « traité le plus solide jamais signé » entre les deux nations, as the retrained
        // models give it: "traité" a participle with "solide" its object, "signé" on "solide".
        let d = doc(&[
            ("de", "de", "ADP", "_", 4, "mark"),
            ("le", "le", "DET", "_", 4, "det"),
            ("«", "«", "PUNCT", "_", 4, "punct"),
            (
                "traité",
                "traiter",
                "VERB",
                "Tense=Past|VerbForm=Part",
                0,
                "root",
            ),
            ("le", "le", "DET", "_", 7, "det"),
            ("plus", "plus", "ADV", "_", 7, "advmod"),
            ("solide", "solide", "ADJ", "_", 4, "obj"),
            ("jamais", "jamais", "ADV", "_", 9, "advmod"),
            (
                "signé",
                "signer",
                "VERB",
                "Tense=Past|VerbForm=Part",
                7,
                "amod",
            ),
            ("»", "»", "PUNCT", "_", 9, "punct"),
            ("entre", "entre", "ADP", "_", 14, "case"),
            ("les", "le", "DET", "_", 14, "det"),
            ("deux", "deux", "NUM", "_", 14, "nummod"),
            ("nations", "nation", "NOUN", "_", 7, "nmod"),
        ]);
        let t = Tree::new(&d, 0, d.words.len());
        assert!(t.reads_as_noun(3));
        assert!(!t.reads_as_noun(8));
        let f = frame(&d, &t, 8, &|_| false);
        assert!(f.passive);
        assert_eq!(f.objects, vec![3]);
        assert_eq!(f.obliques, vec![("entre".to_string(), 13)]);
        assert!(f.subjects.is_empty());
    }

    #[test]
    fn noun_reads_possessor_and_prepositions_through_adjectives() {
        // le soutien constant de la Corée à sa guerre
        let d = doc(&[
            ("le", "le", "DET", "_", 2, "det"),
            ("soutien", "soutien", "NOUN", "_", 0, "root"),
            ("constant", "constant", "ADJ", "_", 2, "amod"),
            ("de", "de", "ADP", "_", 6, "case"),
            ("la", "le", "DET", "_", 6, "det"),
            ("Corée", "Corée", "PROPN", "_", 3, "obl:arg"),
            ("à", "à", "ADP", "_", 9, "case"),
            ("sa", "son", "DET", "PronType=Prs", 9, "det"),
            ("guerre", "guerre", "NOUN", "_", 3, "obl:mod"),
        ]);
        let t = Tree::new(&d, 0, d.words.len());
        let f = frame(&d, &t, 1, &|_| false);
        assert_eq!(
            f.obliques,
            vec![("de".to_string(), 5), ("à".to_string(), 8)]
        );
        let g = frame(&d, &t, 8, &|_| false);
        assert_eq!(g.possessors, vec![7]);
    }
}
