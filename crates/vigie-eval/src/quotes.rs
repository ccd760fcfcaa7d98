//! Quotation evaluation on GUM (English; `../shared/data/gum/xml/`), whose documents mark
//! quotations with `<quote>` around the quoted words (marks included).
//!
//! The measures are those the published quote extractors report, so figures compare:
//! GenderGapTracker / Radar de Parité's quote precision, recall and F1 where a quote counts as
//! found when a system quote covers at least 30 % (or 80 %) of its characters — and a system quote
//! counts as right when it covers that share of a gold one —, and BBC Citron's exact-span and
//! overlap F1 on the content. Quotation marks and surrounding spaces or punctuation are not
//! counted on either side.

use crate::EvalError;
use std::path::Path;

/// One GUM document rebuilt as text with its gold quotation spans (byte offsets).
#[derive(Debug, Clone, Default)]
pub struct GoldQuotes {
    pub id: String,
    pub text: String,
    pub quotes: Vec<(usize, usize)>,
    /// GUM's `<q>` spans: words in marks that are mentioned, not reported (terms, titles,
    /// scare quotes). A document with neither `<quote>` nor `<q>` was not annotated for them.
    pub mentioned: Vec<(usize, usize)>,
}

impl GoldQuotes {
    /// GUM annotated this document for quotations: it holds a `<quote>` or a `<q>`.
    pub fn annotated(&self) -> bool {
        !self.quotes.is_empty() || !self.mentioned.is_empty()
    }
}

/// Reads a GUM XML file: one token per line (token, tab, tags…), structure as tags on their
/// own lines. Tokens are joined by one space, paragraphs (`<p>`, `<head>`, `<caption>`, `<sp>`
/// items) by a newline.
pub fn read_gum(path: &Path) -> Result<GoldQuotes, EvalError> {
    read_gum_spaced(path, None)
}

/// Reads a GUM XML file as [`read_gum`] does, but with the spaces of the original text when
/// `conllu` (the document's `dep/*.conllu`, whose `SpaceAfter=No` marks tokens written without
/// a space after them) is given: `said, "We win."` rather than `said , " We win . "`.
pub fn read_gum_spaced(path: &Path, conllu: Option<&Path>) -> Result<GoldQuotes, EvalError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|source| EvalError::Io {
            path: p.display().to_string(),
            source,
        })
    };
    let content = read(path)?;
    let id = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let Some(conllu) = conllu else {
        return Ok(parse_gum(&content, &id));
    };
    let spaces = space_after(&read(conllu)?);
    let tokens = gum_tokens(&content);
    if spaces.len() != tokens {
        return Err(EvalError::Format {
            path: conllu.display().to_string(),
            line: 0,
            message: format!(
                "{} tokens, but {} in {}",
                spaces.len(),
                tokens,
                path.display()
            ),
        });
    }
    Ok(parse_gum_with(&content, &id, Some(&spaces)))
}

/// Whether each token of a CoNLL-U document is followed by a space (`SpaceAfter=No` on the
/// word, or on the multiword token that holds it, says not; words inside a multiword token
/// are written together).
pub fn space_after(conllu: &str) -> Vec<bool> {
    let mut out = Vec::new();
    // The last word of the multiword token being read, and whether a space follows it.
    let mut range: Option<(usize, bool)> = None;
    for line in conllu.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(misc)) = (cols.first(), cols.get(9)) else {
            continue;
        };
        let spaced = !misc.split('|').any(|m| m == "SpaceAfter=No");
        if let Some((_, last)) = id.split_once('-') {
            range = last.parse().ok().map(|l| (l, spaced));
            continue;
        }
        if id.contains('.') {
            continue;
        }
        let n: usize = id.parse().unwrap_or(0);
        out.push(match range {
            Some((last, space)) if n == last => {
                range = None;
                space
            }
            Some(_) => false,
            None => spaced,
        });
    }
    out
}

/// The number of tokens of a GUM XML document.
fn gum_tokens(content: &str) -> usize {
    content
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !(l.starts_with('<') && l.ends_with('>') && !l.contains('\t')))
        .filter(|l| !l.split('\t').next().unwrap_or("").is_empty())
        .count()
}

/// Parses GUM XML text (see [`read_gum`]). Malformed lines are kept as tokens, unknown tags
/// ignored: the reader never fails on content.
pub fn parse_gum(content: &str, id: &str) -> GoldQuotes {
    parse_gum_with(content, id, None)
}

/// Parses GUM XML text, joining tokens as `space_after` says (one per token, see
/// [`space_after`]), else by one space.
pub fn parse_gum_with(content: &str, id: &str, space_after: Option<&[bool]>) -> GoldQuotes {
    let mut text = String::new();
    let mut token_index = 0;
    // No space after the previous token (original spacing only).
    let mut glued = false;
    let mut open: Vec<usize> = Vec::new();
    let mut quotes = Vec::new();
    let mut open_q: Vec<usize> = Vec::new();
    let mut mentioned = Vec::new();
    let mut at_line_start = true;
    for line in content.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('<') && line.ends_with('>') && !line.contains('\t') {
            let tag = line.trim_start_matches("</").trim_start_matches('<');
            let name: String = tag.chars().take_while(|c| c.is_alphanumeric()).collect();
            let closing = line.starts_with("</");
            match (name.as_str(), closing) {
                ("quote", false) => {
                    if !at_line_start && !text.is_empty() && space_after.is_none() {
                        text.push(' ');
                        at_line_start = true;
                    }
                    open.push(text.len());
                }
                ("quote", true) => {
                    if let Some(start) = open.pop() {
                        quotes.push((start, text.len()));
                    }
                }
                ("q", false) => open_q.push(text.len()),
                ("q", true) => {
                    if let Some(start) = open_q.pop() {
                        mentioned.push((start, text.len()));
                    }
                }
                ("p" | "head" | "caption" | "item" | "sp" | "l", true) => {
                    if !text.is_empty() && !text.ends_with('\n') {
                        text.push('\n');
                    }
                    at_line_start = true;
                }
                _ => {}
            }
            continue;
        }
        let token = line.split('\t').next().unwrap_or("");
        if token.is_empty() {
            continue;
        }
        if !at_line_start && !text.is_empty() && !text.ends_with('\n') && !glued {
            text.push(' ');
        }
        text.push_str(token);
        at_line_start = false;
        glued = space_after
            .and_then(|s| s.get(token_index))
            .is_some_and(|&spaced| !spaced);
        token_index += 1;
    }
    let quotes = quotes
        .into_iter()
        .filter_map(|(s, e)| core_span(&text, s, e))
        .collect();
    let mentioned = mentioned
        .into_iter()
        .filter_map(|(s, e)| core_span(&text, s, e))
        .collect();
    GoldQuotes {
        id: id.to_string(),
        text,
        quotes,
        mentioned,
    }
}

/// The span without quotation marks, spaces and edge punctuation; `None` if nothing is left.
pub fn core_span(text: &str, mut s: usize, mut e: usize) -> Option<(usize, usize)> {
    let skip = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“'
                    | '”'
                    | '«'
                    | '»'
                    | '\''
                    | '‘'
                    | '’'
                    | ','
                    | '.'
                    | ':'
                    | ';'
                    | '-'
                    | '—'
                    | '–'
            )
    };
    let slice = text.get(s..e)?;
    let lead = slice.len() - slice.trim_start_matches(skip).len();
    s += lead;
    let slice = text.get(s..e)?;
    let tail = slice.len() - slice.trim_end_matches(skip).len();
    e -= tail;
    (s < e).then_some((s, e))
}

/// The hand annotation of one GUM `<quote>`: who is quoted and the reporting verb
/// (`fixtures/quotes-en/gum-speakers.tsv`, see its README.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumSpeaker {
    /// The row's line in its file (1-based), for error messages.
    pub line: usize,
    pub document: String,
    /// The quotation's rank in its document, in text order (0-based).
    pub quote: usize,
    /// The quotation's first words, checked against the text.
    pub opening: String,
    /// The words naming who is quoted, as written nearest the quote; `None`: the text does
    /// not say.
    pub speaker: Option<String>,
    /// The name the speaker words stand for ("he" → "Cres Eastman").
    pub canonical: Option<String>,
    /// The reporting verb's lemma ("according" for "according to").
    pub cue: Option<String>,
}

/// The shipped English speaker gold (GUM train, dev and test `<quote>` spans).
pub const GUM_SPEAKERS: &str = include_str!("../fixtures/quotes-en/gum-speakers.tsv");

/// Parses the speaker annotation (tab-separated: document, quote, opening, speaker,
/// canonical, cue; `none` / `-` for no speaker, no canonical name, no cue; `#` comments).
pub fn parse_gum_speakers(tsv: &str, path: &str) -> Result<Vec<GumSpeaker>, EvalError> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| EvalError::Format {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [document, quote, opening, speaker, canonical, cue] = cols[..] else {
            return Err(err(format!(
                "expected 6 tab-separated columns, got {}",
                cols.len()
            )));
        };
        let quote = quote
            .parse()
            .map_err(|_| err(format!("quote rank {quote:?} is not a number")))?;
        let given = |v: &str, none: &str| (v != none && !v.is_empty()).then(|| v.to_string());
        out.push(GumSpeaker {
            line: i + 1,
            document: document.to_string(),
            quote,
            opening: opening.to_string(),
            speaker: given(speaker, "none"),
            canonical: given(canonical, "-"),
            cue: given(cue, "-"),
        });
    }
    Ok(out)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `words` occur in `text` as whole words (case-sensitive), their tokens separated by
/// any spaces or none: the annotation was read off text with one space between tokens
/// ("al - Amr"), the original spacing may join them ("al-Amr").
fn occurrences(text: &str, words: &str) -> Vec<(usize, usize)> {
    let tokens: Vec<&str> = words.split_whitespace().collect();
    let Some(first) = tokens.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (s, _) in text.match_indices(first) {
        let mut e = s + first.len();
        let mut ok = true;
        for t in &tokens[1..] {
            let rest = &text[e..];
            let skip = rest.len() - rest.trim_start().len();
            if rest[skip..].starts_with(t) {
                e += skip + t.len();
            } else {
                ok = false;
                break;
            }
        }
        let whole = !text[..s].chars().next_back().is_some_and(is_word_char)
            && !text[e..].chars().next().is_some_and(is_word_char);
        if ok && whole {
            out.push((s, e));
        }
    }
    out
}

/// The occurrence of `words` (see [`occurrences`]) nearest the span `quote`, outside every
/// gold quotation of the document.
fn nearest_occurrence(
    doc: &GoldQuotes,
    quote: (usize, usize),
    words: &str,
) -> Option<(usize, usize)> {
    occurrences(&doc.text, words)
        .into_iter()
        .filter(|&(s, e)| !doc.quotes.iter().any(|&(qs, qe)| s < qe && qs < e))
        .min_by_key(|&(s, e)| {
            if e <= quote.0 {
                quote.0 - e
            } else {
                s.saturating_sub(quote.1)
            }
        })
}

/// The document's gold quotations with their speakers and cues: one
/// [`GoldQuote`](crate::attribution::GoldQuote) per `<quote>` span, kind `direct`. Every
/// annotated quote must exist and open with its recorded words, and every speaker must occur
/// in the text; a quotation without annotation keeps no speaker and no cue.
pub fn gold_with_speakers(
    doc: &GoldQuotes,
    annotations: &[GumSpeaker],
    path: &str,
) -> Result<Vec<crate::attribution::GoldQuote>, EvalError> {
    use crate::attribution::{GoldQuote, GoldSpan};
    let err = |line: usize, message: String| EvalError::Format {
        path: path.to_string(),
        line,
        message: format!("{}: {message}", doc.id),
    };
    let mut spans = doc.quotes.clone();
    spans.sort_unstable();
    let mut out: Vec<GoldQuote> = spans
        .iter()
        .map(|&(s, e)| GoldQuote {
            kind: "direct".into(),
            start: s,
            end: e,
            text: doc.text[s..e].to_string(),
            speaker: None,
            canonical: None,
            cue: None,
        })
        .collect();
    // Compared without spaces: the openings were read off text with one space between tokens.
    let trim = |t: &str| {
        t.trim_start_matches(|c: char| c.is_whitespace() || ",.;:\"“”'‘’`-—–".contains(c))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    for a in annotations.iter().filter(|a| a.document == doc.id) {
        let Some(q) = out.get_mut(a.quote) else {
            return Err(err(a.line, format!("no quotation #{}", a.quote)));
        };
        if !trim(&q.text).starts_with(&trim(&a.opening)) {
            return Err(err(
                a.line,
                format!(
                    "quotation #{} opens {:?}, not {:?}",
                    a.quote,
                    q.text.chars().take(40).collect::<String>(),
                    a.opening
                ),
            ));
        }
        if let Some(words) = &a.speaker {
            let (s, e) = nearest_occurrence(doc, (q.start, q.end), words)
                .ok_or_else(|| err(a.line, format!("speaker {words:?} not in the text")))?;
            q.speaker = Some(GoldSpan {
                start: s,
                end: e,
                text: words.clone(),
            });
        }
        q.canonical = a.canonical.clone();
        q.cue = a.cue.clone();
    }
    Ok(out)
}

/// Precision, recall and F1 counts.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, PartialEq)]
pub struct Prf {
    pub system_right: usize,
    pub system: usize,
    pub gold_found: usize,
    pub gold: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        self.system_right as f64 / self.system.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.gold_found as f64 / self.gold.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Prf) {
        self.system_right += o.system_right;
        self.system += o.system;
        self.gold_found += o.gold_found;
        self.gold += o.gold;
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Scores system spans against gold spans: a gold quote is found when one system quote covers
/// at least `share` of its characters; a system quote is right when it covers `share` of one
/// gold quote. `share = 0` means any overlap; `share > 1` means exact match.
pub fn score(gold: &[(usize, usize)], system: &[(usize, usize)], share: f64) -> Prf {
    let hit = |g: (usize, usize), s: (usize, usize)| {
        if share > 1.0 {
            g == s
        } else if share <= 0.0 {
            overlap(g, s) > 0
        } else {
            overlap(g, s) as f64 >= share * (g.1 - g.0) as f64
        }
    };
    Prf {
        system_right: system
            .iter()
            .filter(|&&s| gold.iter().any(|&g| hit(g, s)))
            .count(),
        system: system.len(),
        gold_found: gold
            .iter()
            .filter(|&&g| system.iter().any(|&s| hit(g, s)))
            .count(),
        gold: gold.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUM: &str = "<text id=\"t\">\n<p>\n<s>\nHe\tPRP\n said\tVBD\n</s>\n<quote>\n<s>\n\"\t``\nWe\tPRP\nwin\tVBP\n.\t.\n\"\t''\n</s>\n</quote>\n</p>\n</text>\n";

    #[test]
    fn reads_gum_quotes_without_their_marks() {
        let g = parse_gum(GUM, "t");
        assert_eq!(g.quotes.len(), 1);
        let (s, e) = g.quotes[0];
        assert_eq!(&g.text[s..e], "We win");
        assert!(g.annotated() && g.mentioned.is_empty());
        let q = parse_gum(
            "<p>\nthe\tDT\n<q>\n\"\t``\ngold\tJJ\nstandard\tNN\n\"\t''\n</q>\n</p>\n",
            "q",
        );
        assert_eq!(q.text.trim_end(), "the \" gold standard \"");
        assert!(q.quotes.is_empty() && q.annotated());
        let (s, e) = q.mentioned[0];
        assert_eq!(&q.text[s..e], "gold standard");
        assert!(!parse_gum("<p>\nHe\tPRP\n</p>\n", "n").annotated());
    }

    #[test]
    fn original_spacing_comes_from_the_conllu() {
        let conllu = "# text = He said \"We win.\"\n\
            1\tHe\the\tPRON\t_\t_\t2\tnsubj\t_\t_\n\
            2\tsaid\tsay\tVERB\t_\t_\t0\troot\t_\t_\n\
            3\t\"\t\"\tPUNCT\t_\t_\t5\tpunct\t_\tSpaceAfter=No\n\
            4-5\tWe've\t_\t_\t_\t_\t_\t_\t_\t_\n\
            4\tWe\twe\tPRON\t_\t_\t5\tnsubj\t_\t_\n\
            5\t've\thave\tAUX\t_\t_\t2\tccomp\t_\t_\n\
            6\twon\twin\tVERB\t_\t_\t2\tccomp\t_\tSpaceAfter=No\n\
            7\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\tSpaceAfter=No\n\
            8\t\"\t\"\tPUNCT\t_\t_\t2\tpunct\t_\t_\n";
        let spaces = space_after(conllu);
        assert_eq!(spaces, [true, true, false, false, true, false, false, true]);
        let xml = "<p>\n<s>\nHe\tPRP\nsaid\tVBD\n<quote>\n\"\t``\nWe\tPRP\n've\tVBP\n\
            won\tVBN\n.\t.\n\"\t''\n</quote>\n</s>\n</p>\n";
        let g = parse_gum_with(xml, "t", Some(&spaces));
        assert_eq!(g.text, "He said \"We've won.\"\n");
        let (s, e) = g.quotes[0];
        assert_eq!(&g.text[s..e], "We've won");
        assert_eq!(gum_tokens(xml), spaces.len());
        assert_eq!(parse_gum(xml, "t").text, "He said \" We 've won . \"\n");
    }

    /// A paragraph of GUM_news_soccer (train), as GUM ships it.
    const SOCCER: &str = include_str!("../fixtures/quotes-en/gum-news-soccer-excerpt.xml");

    #[test]
    fn the_shipped_speaker_gold_parses() {
        let rows = parse_gum_speakers(GUM_SPEAKERS, "gum-speakers.tsv").expect("parses");
        assert!(rows.len() >= 140, "{} rows", rows.len());
        let named = rows.iter().filter(|r| r.speaker.is_some()).count();
        assert!(
            named > rows.len() / 2 && named < rows.len(),
            "{named} named"
        );
        assert!(rows.iter().any(|r| r.cue.as_deref() == Some("according")));
        assert!(parse_gum_speakers("d\t0\tx\tnone\t-\n", "t").is_err());
        assert!(parse_gum_speakers("d\tfirst\tx\tnone\t-\t-\n", "t").is_err());
    }

    #[test]
    fn speakers_are_located_nearest_their_quotation() {
        let doc = parse_gum(SOCCER, "GUM_news_soccer");
        assert_eq!(doc.quotes.len(), 4);
        let rows = parse_gum_speakers(
            "GUM_news_soccer\t1\tWe could 've scored\tHe\tHarry Kane\tsay\n\
             GUM_news_soccer\t3\tIf we were to get\tNabil Maaloul\t-\t-\n\
             other\t0\tnot this document\tHe\t-\tsay\n",
            "t",
        )
        .expect("parses");
        let gold = gold_with_speakers(&doc, &rows, "t").expect("every row fits");
        assert_eq!(gold.len(), 4);
        let sp = gold[1].speaker.as_ref().expect("a speaker");
        assert_eq!(&doc.text[sp.start..sp.end], "He");
        assert!(doc.text[..sp.end].ends_with("award . He"));
        assert_eq!(gold[1].cue.as_deref(), Some("say"));
        let sp = gold[3].speaker.as_ref().expect("a speaker");
        assert_eq!(&doc.text[sp.start..sp.end], "Nabil Maaloul");
        assert_eq!(gold[3].cue, None);
        assert!(gold[0].speaker.is_none() && gold[2].speaker.is_none());
        // A row on the wrong quotation, a speaker the text does not hold: errors.
        let bad = parse_gum_speakers("GUM_news_soccer\t0\tWe could\tHe\t-\tsay\n", "t");
        assert!(gold_with_speakers(&doc, &bad.expect("parses"), "t").is_err());
        let bad = parse_gum_speakers("GUM_news_soccer\t0\tIn the first\tShe\t-\tsay\n", "t");
        assert!(gold_with_speakers(&doc, &bad.expect("parses"), "t").is_err());
    }

    #[test]
    fn speaker_words_are_found_whatever_the_spacing() {
        let text = "Director Suleiman al-Amr said it. Al - Amr left.";
        let found = occurrences(text, "Suleiman al - Amr");
        assert_eq!(found.len(), 1);
        let (s, e) = found[0];
        assert_eq!(&text[s..e], "Suleiman al-Amr");
        assert_eq!(occurrences(text, "Al - Amr").len(), 1);
        assert!(occurrences(text, "Amr said it").len() == 1);
        assert!(occurrences(text, "Sulei").is_empty());
    }

    #[test]
    fn coverage_thresholds() {
        let gold = [(0, 100)];
        assert_eq!(score(&gold, &[(0, 40)], 0.3).gold_found, 1);
        assert_eq!(score(&gold, &[(0, 40)], 0.8).gold_found, 0);
        assert_eq!(score(&gold, &[(0, 100)], 2.0).system_right, 1);
        assert_eq!(score(&gold, &[(99, 120)], 0.0).system_right, 1);
        assert_eq!(score(&gold, &[(200, 220)], 0.0).f1(), 0.0);
    }
}
