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

/// A gold mention of a HIPE-2022 document with its entity link, in bytes of
/// [`HipeDocument::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedMention {
    pub start: usize,
    pub end: usize,
    /// Coarse literal type as written (`PER`, `LOC`, `ORG`, `HumanProd`, …).
    pub label: String,
    /// NEL-LIT of the mention's first token: a Wikidata QID (`Q90`), `NIL`, or `None` when
    /// the column is empty (`_`).
    pub link: Option<String>,
}

/// One HIPE-2022 document as running text: its tokens joined with a space unless
/// `NoSpaceAfter`, a line-end hyphen (`ex¬` + `pliqué`) removed so the word is whole again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HipeDocument {
    pub id: String,
    /// `hipe2022:date` when it is a date (`NA` is dropped).
    pub date: Option<String>,
    pub text: String,
    /// Byte span of each token in `text`.
    pub tokens: Vec<(usize, usize)>,
    pub mentions: Vec<LinkedMention>,
}

/// HIPE-2022 TSV as documents with gold links (NEL-LIT, column 8), for the linking evaluation.
/// Malformed lines are skipped and reported in the second value (`path:line: reason`).
pub fn read_hipe_documents(text: &str, name: &str) -> (Vec<HipeDocument>, Vec<String>) {
    let mut docs: Vec<HipeDocument> = Vec::new();
    let mut skipped = Vec::new();
    let mut space_before = false;
    let mut prev_hyphen = false;
    // The mention being read: index in the current document's mentions.
    let mut open: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim_end_matches('\r');
        if line.starts_with("TOKEN\t") || line.trim().is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some((key, value)) = comment.split_once('=') {
                let value = value.trim();
                match key.trim() {
                    "hipe2022:document_id" => {
                        docs.push(HipeDocument {
                            id: value.to_string(),
                            ..HipeDocument::default()
                        });
                        space_before = false;
                        open = None;
                    }
                    "hipe2022:date" => {
                        if let Some(d) = docs.last_mut() {
                            d.date = (value.len() >= 4
                                && value.bytes().take(4).all(|b| b.is_ascii_digit()))
                            .then(|| value.to_string());
                        }
                    }
                    _ => {}
                }
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 10 {
            skipped.push(format!(
                "{name}:{line_no}: expected 10 tab-separated columns, found {}",
                cols.len()
            ));
            continue;
        }
        let (token, tag, link, misc) = (cols[0], cols[1], cols[7], cols[9]);
        if token.is_empty() || !valid_tag(tag) {
            skipped.push(format!("{name}:{line_no}: bad token or tag {tag:?}"));
            continue;
        }
        let Some(doc) = docs.last_mut() else {
            skipped.push(format!("{name}:{line_no}: token before any document id"));
            continue;
        };
        let flags: Vec<&str> = misc.split('|').collect();
        let no_space = flags.contains(&"NoSpaceAfter");
        let word = match token.strip_suffix('¬') {
            Some(w) if no_space && !w.is_empty() => w,
            _ => token,
        };
        let after_hyphen = prev_hyphen;
        prev_hyphen = word.len() != token.len();
        if space_before {
            doc.text.push(' ');
        }
        let start = doc.text.len();
        doc.text.push_str(word);
        let end = doc.text.len();
        doc.tokens.push((start, end));
        space_before = !no_space;
        match tag.split_once('-') {
            // "Poin¬" I-PER + "caré" B-PER: one word cut at a line end, one mention.
            Some(("B", label))
                if after_hyphen
                    && open.and_then(|i| doc.mentions.get(i)).is_some_and(|m| {
                        m.label == label && m.end == start && m.link.as_deref() == Some(link)
                    }) =>
            {
                if let Some(m) = open.and_then(|i| doc.mentions.get_mut(i)) {
                    m.end = end;
                }
            }
            Some(("B", label)) => {
                doc.mentions.push(LinkedMention {
                    start,
                    end,
                    label: label.to_string(),
                    link: (link != "_" && !link.is_empty()).then(|| link.to_string()),
                });
                open = Some(doc.mentions.len() - 1);
            }
            Some(("I", label)) => match open.and_then(|i| doc.mentions.get_mut(i)) {
                Some(m) if m.label == label => m.end = end,
                // An I- without its B- starts a mention (IOB1 habit).
                _ => {
                    doc.mentions.push(LinkedMention {
                        start,
                        end,
                        label: label.to_string(),
                        link: (link != "_" && !link.is_empty()).then(|| link.to_string()),
                    });
                    open = Some(doc.mentions.len() - 1);
                }
            },
            _ => open = None,
        }
    }
    (docs, skipped)
}
