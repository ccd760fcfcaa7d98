//! Reading CoNLL-U files as *raw text with gold segmentation*: each document's text rebuilt from
//! the `# text =` lines, with the byte span of every surface token and sentence.
//!
//! Surface tokens are the tokens as written (a multi-word token such as "du" counts once, not as
//! its syntactic words "de le"). Sentences are joined by a space, paragraphs (`# newpar`) by a
//! blank line; `# newdoc` starts a new document.

use crate::EvalError;
use std::path::Path;

/// One document of a treebank with its gold segmentation.
#[derive(Debug, Clone, Default)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    /// Byte spans of sentences in `text`.
    pub sentences: Vec<(usize, usize)>,
    /// Byte spans of surface tokens in `text`.
    pub tokens: Vec<(usize, usize)>,
}

#[derive(Default)]
struct PendingSentence {
    text: Option<String>,
    forms: Vec<(String, bool)>, // surface form, SpaceAfter=No
    newdoc: bool,
    newpar: bool,
}

/// Reads a CoNLL-U file into documents.
pub fn read_file(path: &Path) -> Result<Vec<GoldDocument>, EvalError> {
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse(&content, &path.display().to_string())
}

/// Parses CoNLL-U `content`; `name` is used in error messages and document ids.
pub fn parse(content: &str, name: &str) -> Result<Vec<GoldDocument>, EvalError> {
    let mut docs: Vec<GoldDocument> = Vec::new();
    let mut cur = PendingSentence::default();
    let mut skip_until = 0usize; // last word id covered by the current multi-word token
    let mut line_no = 0usize;
    for line in content.lines() {
        line_no += 1;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.forms.is_empty() {
                push_sentence(&mut docs, std::mem::take(&mut cur), name, line_no)?;
            }
            skip_until = 0;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if comment.starts_with("newdoc") {
                cur.newdoc = true;
            } else if comment.starts_with("newpar") {
                cur.newpar = true;
            } else if let Some(t) = comment.strip_prefix("text =") {
                cur.text = Some(t.trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(EvalError::Format {
                path: name.into(),
                line: line_no,
                message: format!("expected 10 columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        if id.contains('.') {
            continue; // empty node
        }
        let space_after_no = cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(_), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(EvalError::Format {
                    path: name.into(),
                    line: line_no,
                    message: format!("bad multi-word id {id}"),
                });
            };
            skip_until = b;
            cur.forms.push((cols[1].to_string(), space_after_no));
            continue;
        }
        let n: usize = id.parse().map_err(|_| EvalError::Format {
            path: name.into(),
            line: line_no,
            message: format!("bad word id {id}"),
        })?;
        if n <= skip_until {
            continue;
        }
        cur.forms.push((cols[1].to_string(), space_after_no));
    }
    if !cur.forms.is_empty() {
        push_sentence(&mut docs, cur, name, line_no)?;
    }
    Ok(docs)
}

fn push_sentence(
    docs: &mut Vec<GoldDocument>,
    s: PendingSentence,
    name: &str,
    line: usize,
) -> Result<(), EvalError> {
    if s.newdoc || docs.is_empty() {
        docs.push(GoldDocument {
            id: format!("{name}#{}", docs.len() + 1),
            ..GoldDocument::default()
        });
    }
    let Some(doc) = docs.last_mut() else {
        return Ok(());
    };
    if !doc.text.is_empty() {
        doc.text.push_str(if s.newpar { "\n\n" } else { " " });
    }
    let base = doc.text.len();
    // Prefer the `# text` line; fall back to forms and SpaceAfter when forms do not match it.
    let (sentence_text, spans) = match s.text {
        Some(text) => match align_forms(&text, &s.forms) {
            Some(spans) => (text, spans),
            None => rebuild(&s.forms),
        },
        None => rebuild(&s.forms),
    };
    if spans.is_empty() {
        return Err(EvalError::Format {
            path: name.into(),
            line,
            message: "sentence without tokens".into(),
        });
    }
    doc.text.push_str(&sentence_text);
    let first = spans[0].0;
    let last = spans[spans.len() - 1].1;
    doc.sentences.push((base + first, base + last));
    doc.tokens
        .extend(spans.into_iter().map(|(a, b)| (base + a, base + b)));
    Ok(())
}

/// Spans of `forms` found in order in `text` (skipping whitespace), or `None` when a form is
/// not where the previous one ended.
fn align_forms(text: &str, forms: &[(String, bool)]) -> Option<Vec<(usize, usize)>> {
    let mut spans = Vec::with_capacity(forms.len());
    let mut pos = 0;
    for (form, _) in forms {
        let rest = &text[pos..];
        let start = pos + (rest.len() - rest.trim_start().len());
        if !text[start..].starts_with(form.as_str()) {
            return None;
        }
        spans.push((start, start + form.len()));
        pos = start + form.len();
    }
    Some(spans)
}

/// The sentence text rebuilt from its forms and `SpaceAfter=No`, with the forms' spans.
fn rebuild(forms: &[(String, bool)]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(forms.len());
    for (i, (form, no_space)) in forms.iter().enumerate() {
        spans.push((text.len(), text.len() + form.len()));
        text.push_str(form);
        if !*no_space && i + 1 < forms.len() {
            text.push(' ');
        }
    }
    (text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# text = Il est au marché.\n1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\n2\test\têtre\tAUX\t_\t_\t0\troot\t_\t_\n3-4\tau\t_\t_\t_\t_\t_\t_\t_\t_\n3\tà\tà\tADP\t_\t_\t5\tcase\t_\t_\n4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\n5\tmarché\tmarché\tNOUN\t_\t_\t2\tobl\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n# text = Oui.\n1\tOui\toui\tINTJ\t_\t_\t0\troot\t_\tSpaceAfter=No\n2\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n";

    #[test]
    fn multiword_tokens_count_once_and_offsets_slice_the_text() {
        let docs = parse(SAMPLE, "t").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.text, "Il est au marché. Oui.");
        let toks: Vec<&str> = d.tokens.iter().map(|&(a, b)| &d.text[a..b]).collect();
        assert_eq!(toks, ["Il", "est", "au", "marché", ".", "Oui", "."]);
        let sents: Vec<&str> = d.sentences.iter().map(|&(a, b)| &d.text[a..b]).collect();
        assert_eq!(sents, ["Il est au marché.", "Oui."]);
    }
}
