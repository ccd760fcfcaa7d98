//! CoNLL-U, the file format of Universal Dependencies: one sentence per block, one line per
//! syntactic word, multi-word tokens ("du" = "de" + "le") as range lines before their words.
//!
//! [`read`] keeps both views: [`Sentence::words`] (the syntactic words taggers and parsers see)
//! and [`Sentence::tokens`] (the surface tokens as written, each pointing at its words), so a
//! tokenizer's output can be mapped onto UD's words and back. [`write`] prints them again.
//! Empty nodes (`8.1`) are skipped: enhanced dependencies are out of scope.

use std::fmt::Write as _;
use std::path::Path;

/// What went wrong, with the file and line.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

/// One syntactic word (a CoNLL-U word line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// `_` when empty, else `Name=Value|…` as in the file.
    pub feats: String,
    /// 0 for the root, else the 1-based index of the head word; `None` when the file has `_`.
    pub head: Option<usize>,
    pub deprel: String,
    pub misc: String,
}

/// One surface token: a single word, or a multi-word token covering several words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub form: String,
    /// Indices into [`Sentence::words`] (0-based, end exclusive).
    pub words: std::ops::Range<usize>,
    /// `SpaceAfter=No` was set on the token (or on its range line).
    pub space_after: bool,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `#` and space.
    pub comments: Vec<String>,
    pub words: Vec<Word>,
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// The value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// The sentence text: the `# text =` comment, else the tokens joined by their spacing.
    pub fn text(&self) -> String {
        if let Some(t) = self.comment("text") {
            return t.to_string();
        }
        let mut s = String::new();
        for t in &self.tokens {
            s.push_str(&t.form);
            if t.space_after {
                s.push(' ');
            }
        }
        s.trim_end().to_string()
    }

    /// Builds a sentence from plain words (each its own token, separated by spaces), with no
    /// annotation: the shape a tagger is given.
    pub fn from_forms<S: AsRef<str>>(forms: &[S]) -> Sentence {
        let mut s = Sentence::default();
        for (i, f) in forms.iter().enumerate() {
            s.words.push(Word {
                form: f.as_ref().to_string(),
                ..Word::default()
            });
            s.tokens.push(Token {
                form: f.as_ref().to_string(),
                words: i..i + 1,
                space_after: true,
            });
        }
        s
    }
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let content = std::fs::read_to_string(path).map_err(|source| ConlluError::Io {
        path: path.display().to_string(),
        source,
    })?;
    read(&content, &path.display().to_string())
}

fn field(s: &str) -> String {
    s.to_string()
}

/// Parses CoNLL-U `content`; `name` names the source in errors.
pub fn read(content: &str, name: &str) -> Result<Vec<Sentence>, ConlluError> {
    let err = |line: usize, message: String| ConlluError::Format {
        path: name.to_string(),
        line,
        message,
    };
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // The open multi-word token: (form, last word id, space_after).
    let mut mwt: Option<(String, usize, usize, bool)> = None;
    for (i, raw) in content.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                check_heads(&cur).map_err(|m| err(line_no, m))?;
                out.push(std::mem::take(&mut cur));
            } else {
                cur = Sentence::default();
            }
            mwt = None;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            cur.comments.push(c.trim_start().to_string());
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(err(
                line_no,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('.') {
            continue;
        }
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(err(line_no, format!("bad token range {id:?}")));
            };
            if a != cur.words.len() + 1 || b < a {
                return Err(err(line_no, format!("token range {id} out of order")));
            }
            mwt = Some((cols[1].to_string(), a, b, space_after));
            continue;
        }
        let Ok(n) = id.parse::<usize>() else {
            return Err(err(line_no, format!("bad word id {id:?}")));
        };
        if n != cur.words.len() + 1 {
            return Err(err(
                line_no,
                format!(
                    "word id {n} out of order (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head = match cols[6] {
            "_" => None,
            h => Some(
                h.parse::<usize>()
                    .map_err(|_| err(line_no, format!("bad head {h:?}")))?,
            ),
        };
        cur.words.push(Word {
            form: field(cols[1]),
            lemma: field(cols[2]),
            upos: field(cols[3]),
            xpos: field(cols[4]),
            feats: field(cols[5]),
            head,
            deprel: field(cols[7]),
            misc: field(cols[9]),
        });
        match &mwt {
            Some((form, a, b, sp)) if n >= *a && n <= *b => {
                if n == *b {
                    cur.tokens.push(Token {
                        form: form.clone(),
                        words: a - 1..*b,
                        space_after: *sp,
                    });
                    mwt = None;
                }
            }
            _ => cur.tokens.push(Token {
                form: cols[1].to_string(),
                words: n - 1..n,
                space_after,
            }),
        }
    }
    if !cur.words.is_empty() {
        check_heads(&cur).map_err(|m| err(content.lines().count(), m))?;
        out.push(cur);
    }
    Ok(out)
}

fn check_heads(s: &Sentence) -> Result<(), String> {
    for (i, w) in s.words.iter().enumerate() {
        if let Some(h) = w.head {
            if h > s.words.len() || h == i + 1 {
                return Err(format!("word {} has head {h}, outside the sentence", i + 1));
            }
        }
    }
    if let Some(t) = s.tokens.last() {
        if t.words.end != s.words.len() {
            return Err("multi-word token range runs past the sentence".into());
        }
    }
    Ok(())
}

fn or_underscore(s: &str) -> &str {
    if s.is_empty() {
        "_"
    } else {
        s
    }
}

/// Prints sentences as CoNLL-U (comments, range lines for multi-word tokens, word lines).
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for c in &s.comments {
            let _ = writeln!(out, "# {c}");
        }
        let mut next_token = 0usize;
        for (i, w) in s.words.iter().enumerate() {
            let mut misc_space = None;
            while let Some(t) = s.tokens.get(next_token) {
                if t.words.start > i {
                    break;
                }
                next_token += 1;
                if t.words.len() > 1 {
                    let misc = if t.space_after { "_" } else { "SpaceAfter=No" };
                    let _ = writeln!(
                        out,
                        "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}",
                        t.words.start + 1,
                        t.words.end,
                        t.form
                    );
                } else {
                    misc_space = Some(t.space_after);
                }
            }
            let misc = match misc_space {
                Some(sp) => set_space_after(&w.misc, sp),
                None => or_underscore(&w.misc).to_string(),
            };
            let head = w.head.map_or("_".to_string(), |h| h.to_string());
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t_\t{}",
                i + 1,
                w.form,
                or_underscore(&w.lemma),
                or_underscore(&w.upos),
                or_underscore(&w.xpos),
                or_underscore(&w.feats),
                head,
                or_underscore(&w.deprel),
                misc
            );
        }
        out.push('\n');
    }
    out
}

fn set_space_after(misc: &str, space_after: bool) -> String {
    let mut parts: Vec<&str> = misc
        .split('|')
        .filter(|p| !p.is_empty() && *p != "_" && *p != "SpaceAfter=No")
        .collect();
    if !space_after {
        parts.push("SpaceAfter=No");
        parts.sort_unstable();
    }
    if parts.is_empty() {
        "_".into()
    } else {
        parts.join("|")
    }
}

/// Keeps only the named features of a `Name=Value|…` string (in the file's order), `_` if none.
pub fn filter_feats(feats: &str, keep: &[&str]) -> String {
    let kept: Vec<&str> = feats
        .split('|')
        .filter(|f| {
            f.split_once('=')
                .is_some_and(|(name, _)| keep.contains(&name))
        })
        .collect();
    if kept.is_empty() {
        "_".into()
    } else {
        kept.join("|")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = Il parle du traité.\n1\tIl\til\tPRON\t_\tNumber=Sing|Person=3\t2\tnsubj\t_\t_\n2\tparle\tparler\tVERB\t_\tMood=Ind|Tense=Pres\t0\troot\t_\t_\n3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_\n4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n5\ttraité\ttraité\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn multi_word_tokens_map_both_ways() {
        let s = &read(SAMPLE, "t").unwrap()[0];
        assert_eq!(s.words.len(), 6);
        assert_eq!(s.tokens.len(), 5);
        assert_eq!(s.tokens[2].form, "du");
        assert_eq!(s.tokens[2].words, 2..4);
        assert_eq!(s.words[2].form, "de");
        assert_eq!(s.words[3].form, "le");
        assert!(!s.tokens[3].space_after);
        assert_eq!(s.words[4].head, Some(2));
        assert_eq!(s.text(), "Il parle du traité.");
        assert_eq!(s.comment("sent_id"), Some("s1"));
    }

    #[test]
    fn write_then_read_round_trips() {
        let a = read(SAMPLE, "t").unwrap();
        let printed = write(&a);
        let b = read(&printed, "t2").unwrap();
        assert_eq!(a, b);
        assert!(printed.contains("3-4\tdu\t"));
        assert!(printed.contains("traité\ttraité\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No"));
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "1\tIl\til\tPRON\n";
        let e = read(bad, "bad.conllu").unwrap_err().to_string();
        assert!(e.starts_with("bad.conllu:1:"), "{e}");
        let bad_head = "1\tIl\til\tPRON\t_\t_\t7\tnsubj\t_\t_\n\n";
        assert!(read(bad_head, "b").is_err());
    }

    #[test]
    fn filter_feats_keeps_named_features() {
        assert_eq!(
            filter_feats(
                "Gender=Fem|Number=Sing|PronType=Art|Definite=Def",
                &["Number", "Gender"]
            ),
            "Gender=Fem|Number=Sing"
        );
        assert_eq!(filter_feats("_", &["Number"]), "_");
    }
}
