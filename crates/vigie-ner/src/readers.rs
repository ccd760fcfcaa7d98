//! Readers for the public NER sets Vigie trains and evaluates on.
//!
//! Every reader takes the file's text and a name for messages, and returns the sentences and
//! the malformed lines it skipped (`path:line: reason`); none panics on bad input.
//!
//! | format | reader | layout |
//! |---|---|---|
//! | HIPE-2022 TSV | [`read_hipe`] | header line, `# hipe2022:document_id = …` comments, 10 tab-separated columns; coarse literal tag in column 2; `NoSpaceAfter`, `EndOfSentence`, `EndOfLine` in MISC (column 10) |
//! | Universal NER `.iob2`, wikigold `.conllu` | [`read_columns`] | `index<TAB>token<TAB>tag[<TAB>…]`, `#` comments, blank line between sentences |
//! | Europeana `.bio` | [`read_europeana`] | `token tag` (one space), no sentence breaks: cut into pseudo-sentences after `.`, `!`, `?` outside mentions |

use crate::{spans_from_iob, NerError, NerSentence};
use std::path::Path;

/// Sentences read from one file and the lines skipped as malformed.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    pub sentences: Vec<NerSentence>,
    /// `path:line: reason` for each malformed line (skipped).
    pub skipped: Vec<String>,
}

/// Reads a file with `reader`, reporting the path in errors.
pub fn read_file(
    path: &Path,
    reader: fn(&str, &str) -> ReadOutcome,
) -> Result<ReadOutcome, NerError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: name.clone(),
        source,
    })?;
    Ok(reader(&text, &name))
}

/// Sentence being built: words, spaces, IOB tags.
#[derive(Default)]
struct Builder {
    words: Vec<String>,
    space_after: Vec<bool>,
    tags: Vec<String>,
    document: Option<String>,
}

impl Builder {
    fn push(&mut self, word: &str, tag: &str, space_after: bool) {
        self.words.push(word.to_string());
        self.tags.push(tag.to_string());
        self.space_after.push(space_after);
    }

    fn flush(&mut self, out: &mut Vec<NerSentence>) {
        if self.words.is_empty() {
            return;
        }
        let mentions = spans_from_iob(&self.tags);
        out.push(NerSentence {
            words: std::mem::take(&mut self.words),
            space_after: std::mem::take(&mut self.space_after),
            mentions,
            document: self.document.clone(),
        });
        self.tags.clear();
    }
}

fn valid_tag(tag: &str) -> bool {
    tag == "O"
        || tag
            .split_once('-')
            .is_some_and(|(p, t)| matches!(p, "B" | "I") && !t.is_empty())
}

/// HIPE-2022 TSV: sentences end at `EndOfSentence` and at each new document.
pub fn read_hipe(text: &str, name: &str) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let mut b = Builder::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.starts_with("TOKEN\t") {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once('=') {
                if key.trim() == "hipe2022:document_id" {
                    b.flush(&mut out.sentences);
                    b.document = Some(value.trim().to_string());
                }
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            out.skipped.push(format!(
                "{name}:{line_no}: expected 10 tab-separated columns, found {}",
                cols.len()
            ));
            continue;
        }
        let (token, tag, misc) = (cols[0], cols[1], cols[9]);
        if token.is_empty() || !valid_tag(tag) {
            out.skipped
                .push(format!("{name}:{line_no}: bad token or tag {tag:?}"));
            continue;
        }
        let flags: Vec<&str> = misc.split('|').collect();
        b.push(token, tag, !flags.contains(&"NoSpaceAfter"));
        if flags.contains(&"EndOfSentence") {
            b.flush(&mut out.sentences);
        }
    }
    b.flush(&mut out.sentences);
    out
}

/// CoNLL-like columns (Universal NER `.iob2`, wikigold): index, token, tag, then anything.
pub fn read_columns(text: &str, name: &str) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let mut b = Builder::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            b.flush(&mut out.sentences);
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(id) = comment.trim().strip_prefix("newdoc id =") {
                b.flush(&mut out.sentences);
                b.document = Some(id.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            out.skipped.push(format!(
                "{name}:{line_no}: expected index, token and tag separated by tabs"
            ));
            continue;
        }
        let (token, tag) = (cols[1], cols[2]);
        if token.is_empty() || !valid_tag(tag) {
            out.skipped
                .push(format!("{name}:{line_no}: bad token or tag {tag:?}"));
            continue;
        }
        if token == "-DOCSTART-" {
            b.flush(&mut out.sentences);
            continue;
        }
        b.push(token, tag, true);
    }
    b.flush(&mut out.sentences);
    out
}

/// Longest pseudo-sentence cut from Europeana's running text (cut at an `O` word).
const EUROPEANA_MAX_WORDS: usize = 80;

/// Europeana `.bio`: `token tag` per line, IOB1, no sentence breaks.
pub fn read_europeana(text: &str, name: &str) -> ReadOutcome {
    let mut out = ReadOutcome::default();
    let mut b = Builder::default();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some((token, tag)) = line.rsplit_once(' ') else {
            out.skipped
                .push(format!("{name}:{line_no}: expected `token tag`"));
            continue;
        };
        let token = token.trim();
        if token.is_empty() || !valid_tag(tag) {
            out.skipped
                .push(format!("{name}:{line_no}: bad token or tag {tag:?}"));
            continue;
        }
        b.push(token, tag, true);
        if tag == "O" && (matches!(token, "." | "!" | "?") || b.words.len() >= EUROPEANA_MAX_WORDS)
        {
            b.flush(&mut out.sentences);
        }
    }
    b.flush(&mut out.sentences);
    out
}
