//! A full-form lexicon: every inflected form of a language with its analyses (UPOS, features,
//! lemma), e.g. French "offert" → VERB Tense=Past|VerbForm=Part offrir, ADJ … offert.
//!
//! Built from a TSV (`form  upos  lemma  feats`, such as the DELA conversion made by
//! `scripts/lexicon/build_fr_lexicon.sh`) into an `fst` map from form to a shared *analysis set*;
//! lemmas are stored as edit scripts, so a million forms fit in a few megabytes.

use crate::io::{put_bytes, put_strings, Reader};
use crate::lemma::EditScript;
use crate::perceptron::{key, FeatureKey};
use crate::ModelError;
use rustc_hash::FxHashMap;
use std::hash::Hasher;

/// One analysis of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Analysis {
    pub upos: u16,
    pub feats: u32,
    pub script: u32,
}

/// The lexicon.
pub struct Lexicon {
    map: fst::Map<Vec<u8>>,
    pub(crate) upos: Vec<String>,
    pub(crate) feats: Vec<String>,
    scripts: Vec<EditScript>,
    sets: Vec<Vec<Analysis>>,
    /// A feature per set: the hash of its sorted UPOS list (the word's ambiguity class).
    signatures: Vec<FeatureKey>,
    /// A hash per feature bundle, for the tagger's features.
    feats_hashes: Vec<u64>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("forms", &self.map.len())
            .field("sets", &self.sets.len())
            .finish()
    }
}

impl PartialEq for Lexicon {
    fn eq(&self, other: &Self) -> bool {
        self.map.as_fst().as_bytes() == other.map.as_fst().as_bytes()
            && self.upos == other.upos
            && self.feats == other.feats
            && self.scripts == other.scripts
            && self.sets == other.sets
    }
}

impl Lexicon {
    /// Builds the lexicon from TSV lines `form \t upos \t lemma \t feats` (a header line starting
    /// with `form` and lines starting with `#` are skipped).
    pub fn from_tsv(tsv: &str, name: &str) -> Result<Lexicon, ModelError> {
        let mut upos_ids: FxHashMap<String, u16> = FxHashMap::default();
        let mut feats_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut script_ids: FxHashMap<EditScript, u32> = FxHashMap::default();
        let (mut upos, mut feats, mut scripts) = (Vec::new(), Vec::new(), Vec::new());
        let mut by_form: std::collections::BTreeMap<String, Vec<Analysis>> = Default::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') || (i == 0 && line.starts_with("form\t")) {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(ModelError::Data(format!(
                    "{name}:{}: expected form, upos, lemma[, feats]",
                    i + 1
                )));
            }
            let (form, u, lemma) = (cols[0], cols[1], cols[2]);
            let f = cols.get(3).copied().unwrap_or("_");
            let uid = *upos_ids.entry(u.to_string()).or_insert_with(|| {
                upos.push(u.to_string());
                (upos.len() - 1) as u16
            });
            let fid = *feats_ids.entry(f.to_string()).or_insert_with(|| {
                feats.push(f.to_string());
                (feats.len() - 1) as u32
            });
            let s = EditScript::between(form, lemma);
            let sid = *script_ids.entry(s.clone()).or_insert_with(|| {
                scripts.push(s);
                (scripts.len() - 1) as u32
            });
            by_form.entry(form.to_string()).or_default().push(Analysis {
                upos: uid,
                feats: fid,
                script: sid,
            });
        }
        let mut set_ids: FxHashMap<Vec<Analysis>, u64> = FxHashMap::default();
        let mut sets = Vec::new();
        let mut builder = fst::MapBuilder::memory();
        for (form, mut analyses) in by_form {
            analyses.sort_unstable();
            analyses.dedup();
            let id = *set_ids.entry(analyses.clone()).or_insert_with(|| {
                sets.push(analyses);
                (sets.len() - 1) as u64
            });
            builder
                .insert(form.as_bytes(), id)
                .map_err(|e| ModelError::Data(format!("{name}: {e}")))?;
        }
        let bytes = builder
            .into_inner()
            .map_err(|e| ModelError::Data(format!("{name}: {e}")))?;
        let map = fst::Map::new(bytes).map_err(|e| ModelError::Data(format!("{name}: {e}")))?;
        Ok(Lexicon::assemble(map, upos, feats, scripts, sets))
    }

    fn assemble(
        map: fst::Map<Vec<u8>>,
        upos: Vec<String>,
        feats: Vec<String>,
        scripts: Vec<EditScript>,
        sets: Vec<Vec<Analysis>>,
    ) -> Lexicon {
        let signatures = sets
            .iter()
            .map(|set| {
                let mut tags: Vec<&str> = set
                    .iter()
                    .filter_map(|a| upos.get(a.upos as usize).map(String::as_str))
                    .collect();
                tags.sort_unstable();
                tags.dedup();
                key(900, &[tags.join("+").as_bytes()])
            })
            .collect();
        let feats_hashes = feats
            .iter()
            .map(|f| {
                let mut h = rustc_hash::FxHasher::default();
                h.write(f.as_bytes());
                h.finish()
            })
            .collect();
        Lexicon {
            map,
            upos,
            feats,
            scripts,
            sets,
            signatures,
            feats_hashes,
        }
    }

    /// Number of forms.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    /// The analysis set of `form` (as written, else lower-cased).
    pub fn lookup(&self, form: &str) -> Option<u32> {
        if let Some(id) = self.map.get(form) {
            return Some(id as u32);
        }
        if form.chars().any(char::is_uppercase) {
            return self.map.get(form.to_lowercase()).map(|id| id as u32);
        }
        None
    }

    /// The analysis set of `form` exactly as written.
    pub fn get(&self, form: &str) -> Option<u32> {
        self.map.get(form).map(|id| id as u32)
    }

    pub fn analyses(&self, set: u32) -> &[Analysis] {
        self.sets.get(set as usize).map_or(&[], Vec::as_slice)
    }

    /// The ambiguity-class feature of a set.
    pub fn signature(&self, set: u32) -> Option<FeatureKey> {
        self.signatures.get(set as usize).copied()
    }

    pub fn upos_name(&self, a: &Analysis) -> &str {
        self.upos.get(a.upos as usize).map_or("_", String::as_str)
    }

    /// A hash of the analysis' feature bundle (0 for a bundle out of range).
    pub fn feats_hash(&self, a: &Analysis) -> u64 {
        self.feats_hashes
            .get(a.feats as usize)
            .copied()
            .unwrap_or(0)
    }

    pub fn feats_name(&self, a: &Analysis) -> &str {
        self.feats.get(a.feats as usize).map_or("_", String::as_str)
    }

    /// The lemma of `form` under analysis `a`.
    pub fn lemma(&self, form: &str, a: &Analysis) -> Option<String> {
        let s = self.scripts.get(a.script as usize)?;
        s.apply(form).or_else(|| s.apply(&form.to_lowercase()))
    }

    pub fn write_to(&self, out: &mut Vec<u8>) {
        put_bytes(out, self.map.as_fst().as_bytes());
        put_strings(out, &self.upos);
        put_strings(out, &self.feats);
        let scripts: Vec<String> = self.scripts.iter().map(EditScript::encode).collect();
        put_strings(out, &scripts);
        out.extend_from_slice(&(self.sets.len() as u32).to_le_bytes());
        for set in &self.sets {
            out.push(set.len().min(255) as u8);
            for a in set.iter().take(255) {
                out.extend_from_slice(&a.upos.to_le_bytes());
                out.extend_from_slice(&a.feats.to_le_bytes());
                out.extend_from_slice(&a.script.to_le_bytes());
            }
        }
    }

    pub fn read_from(r: &mut Reader<'_>) -> Result<Lexicon, ModelError> {
        let bytes = r.bytes()?.to_vec();
        let map = fst::Map::new(bytes).map_err(|e| r.error(&format!("lexicon fst: {e}")))?;
        let upos = r.strings()?;
        let feats = r.strings()?;
        let scripts = r
            .strings()?
            .iter()
            .map(|s| EditScript::decode(s).ok_or_else(|| r.error("bad edit script")))
            .collect::<Result<Vec<_>, _>>()?;
        let n = r.u32()? as usize;
        let mut sets = Vec::with_capacity(n.min(1 << 24));
        for _ in 0..n {
            let len = r.u8()? as usize;
            let mut set = Vec::with_capacity(len);
            for _ in 0..len {
                let upos_id = u16::from_le_bytes(r.array::<2>()?);
                let feats_id = r.u32()?;
                let script = r.u32()?;
                if upos_id as usize >= upos.len()
                    || feats_id as usize >= feats.len()
                    || script as usize >= scripts.len()
                {
                    return Err(r.error("lexicon analysis out of range"));
                }
                set.push(Analysis {
                    upos: upos_id,
                    feats: feats_id,
                    script,
                });
            }
            sets.push(set);
        }
        Ok(Lexicon::assemble(map, upos, feats, scripts, sets))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "form\tupos\tlemma\tfeats\noffert\tVERB\toffrir\tGender=Masc|Number=Sing|Tense=Past|VerbForm=Part\noffert\tADJ\toffert\tGender=Masc|Number=Sing\ndirigeants\tNOUN\tdirigeant\tGender=Masc|Number=Plur\n";

    #[test]
    fn builds_looks_up_and_round_trips() {
        let lex = Lexicon::from_tsv(TSV, "t").unwrap();
        assert_eq!(lex.len(), 2);
        let set = lex.lookup("Offert").unwrap();
        let analyses = lex.analyses(set);
        assert_eq!(analyses.len(), 2);
        let verb = analyses
            .iter()
            .find(|a| lex.upos_name(a) == "VERB")
            .unwrap();
        assert_eq!(lex.lemma("offert", verb).as_deref(), Some("offrir"));
        assert!(lex.lookup("inconnu").is_none());
        let mut bytes = Vec::new();
        lex.write_to(&mut bytes);
        let back = Lexicon::read_from(&mut Reader::new(&bytes, "t")).unwrap();
        assert_eq!(back, lex);
        assert_eq!(back.signature(set), lex.signature(set));
    }
}
