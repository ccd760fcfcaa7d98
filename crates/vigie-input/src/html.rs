//! HTML pages to text: the article's main content, found by `dom_smoothie` (a port of Mozilla's
//! Readability), the page's metadata, and the conversion of the kept markup into text.
//!
//! The text has one paragraph per line: paragraphs are separated by exactly one `\n`, headings,
//! list items and table rows are paragraphs of their own, and inside a paragraph runs of HTML
//! whitespace become one space (other spaces, such as the no-break spaces of French
//! typography, are kept). When the extractor finds no main content, the visible text of
//! `<body>` is used instead, with a `no-main-content` warning.
//!
//! This module never fails on bad markup: the HTML parser repairs what it can, and a panic in
//! the extractor is caught and reported as an error for this one page.

use dom_query::{Document as Dom, NodeRef};
use dom_smoothie::{Config, Metadata, Readability};
use std::panic::{catch_unwind, AssertUnwindSafe};
use vigie_core::Warning;

/// What was read from one HTML page.
#[derive(Debug)]
pub(crate) struct Page {
    /// The main content as text, one paragraph per line (empty if the page has no visible text).
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub site_name: Option<String>,
    pub language: Option<String>,
    /// The page's canonical URL, when it declares an absolute one.
    pub url: Option<String>,
    pub warnings: Vec<Warning>,
}

/// Deepest element nesting accepted. The HTML parser and the extractor take time quadratic in
/// nesting depth (about 0.4 s at 2,000 levels, 50 s at 20,000), and real pages stay far below
/// a hundred, so deeper markup is refused rather than allowed to stall a batch or a server.
const MAX_NESTING: usize = 2048;

/// Extracts the main content and metadata of an HTML page.
///
/// Errs if the markup is nested deeper than [`MAX_NESTING`] or the extractor panicked (a bug
/// in it); the message says which.
pub(crate) fn extract(html: &str) -> Result<Page, String> {
    let depth = nesting_depth(html);
    if depth > MAX_NESTING {
        return Err(format!(
            "elements are nested {depth} levels deep (the limit is {MAX_NESTING}); \
             this is not an article page"
        ));
    }
    // dom_smoothie ports heuristics-heavy JavaScript; should it trip on some page, that page
    // must cost one document, not the batch it is part of.
    catch_unwind(AssertUnwindSafe(|| extract_page(html))).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_owned());
        format!("the extractor crashed ({what})")
    })
}

fn extract_page(html: &str) -> Page {
    let dom = Dom::from(html);
    let declared = DeclaredMeta::read(&dom);
    let Ok(mut readability) = Readability::with_document(dom, None, Some(Config::default())) else {
        return body_fallback(html, declared, "the extractor refused the page");
    };
    let article = match readability.parse() {
        Ok(article) => article,
        Err(error) => return body_fallback(html, declared, &error.to_string()),
    };
    let text = block_text(Dom::fragment(article.content).root());
    if text.is_empty() {
        return body_fallback(html, declared, "the main content it found has no text");
    }
    let found = Metadata {
        title: article.title,
        byline: article.byline,
        site_name: article.site_name,
        published_time: article.published_time,
        lang: article.lang,
        ..Metadata::default()
    };
    declared.into_page(text, found, Vec::new())
}

/// The page's visible `<body>` text with the metadata dom_smoothie reads from `<head>`, for
/// pages where it found no main content.
fn body_fallback(html: &str, declared: DeclaredMeta, why: &str) -> Page {
    let dom = Dom::from(html);
    let text = dom.body().map(block_text).unwrap_or_default();
    let warning = Warning {
        code: "no-main-content".into(),
        message: format!("no main content found ({why}); using all visible text of the page"),
        span: None,
    };
    let found = Readability::with_document(dom, None, None)
        .map(|r| r.get_article_metadata(r.parse_json_ld()))
        .unwrap_or_default();
    declared.into_page(text, found, vec![warning])
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// An estimate of the deepest element nesting in `html`, from its tags alone: start tags of
/// elements that are void or implicitly closed (`<br>`, `<img>`, `<p>`, `<li>`, `<td>`…) do
/// not count, nor does the content of `<script>` and `<style>`, comments or `<!doctype>`.
fn nesting_depth(html: &str) -> usize {
    const NOT_NESTING: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead",
        "tfoot", "option", "optgroup", "colgroup", "caption", "rb", "rt", "rp",
    ];
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut at) = (0usize, 0usize, 0usize);
    while let Some(found) = bytes[at..].iter().position(|&b| b == b'<') {
        at += found + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue; // `<!…>`, `<?…>`, a stray `<`
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = bytes[at..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |end| at + end);
        if closing {
            if !NOT_NESTING.contains(&name.as_str()) {
                depth = depth.saturating_sub(1);
            }
        } else if name == "script" || name == "style" {
            let close = format!("</{name}");
            let rest = html[tag_end.min(html.len())..].to_ascii_lowercase();
            at = rest
                .find(&close)
                .map_or(bytes.len(), |end| tag_end + end + close.len());
            continue;
        } else if !NOT_NESTING.contains(&name.as_str()) && !html[at..tag_end].ends_with('/') {
            depth += 1;
            deepest = deepest.max(depth);
        }
        at = tag_end.min(bytes.len());
    }
    deepest
}

/// Metadata read straight from the markup, for what dom_smoothie does not look at.
#[derive(Debug, Default)]
struct DeclaredMeta {
    /// The first `<h1>`, for pages without a `<title>`.
    title: Option<String>,
    language: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

impl DeclaredMeta {
    fn read(dom: &Dom) -> DeclaredMeta {
        let attr = |selector: &str, name: &str| {
            dom.select(selector)
                .nodes()
                .iter()
                .find_map(|n| non_empty(n.attr(name).map(|v| v.to_string())))
        };
        let title = dom.select_single("h1").nodes().first().map(|h1| {
            h1.text()
                .split_ascii_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let mut meta = DeclaredMeta {
            title: non_empty(title),
            language: attr("html", "lang").or_else(|| attr("html", "xml:lang")),
            date: attr("time[itemprop=datePublished]", "datetime")
                .or_else(|| attr("time[pubdate]", "datetime"))
                .or_else(|| attr("time[datetime]", "datetime")),
            url: attr("link[rel=canonical]", "href").filter(|u| is_absolute_url(u)),
        };
        // <meta> names and values vary in case; compare them by hand.
        for node in dom.select("meta").nodes() {
            let key = |name: &str| {
                node.attr(name)
                    .map(|v| v.trim().to_ascii_lowercase())
                    .unwrap_or_default()
            };
            let Some(content) = non_empty(node.attr("content").map(|v| v.to_string())) else {
                continue;
            };
            let (name, property, http_equiv, itemprop) = (
                key("name"),
                key("property"),
                key("http-equiv"),
                key("itemprop"),
            );
            if meta.language.is_none()
                && (http_equiv == "content-language"
                    || property == "og:locale"
                    || matches!(name.as_str(), "language" | "dc.language"))
            {
                meta.language = Some(content.replace('_', "-"));
            } else if meta.date.is_none() && itemprop == "datepublished" {
                meta.date = Some(content);
            } else if meta.url.is_none() && property == "og:url" && is_absolute_url(&content) {
                meta.url = Some(content);
            }
        }
        meta
    }

    /// The page with `text`: metadata dom_smoothie `found` first, what the markup declares to
    /// fill its gaps.
    fn into_page(self, text: String, found: Metadata, warnings: Vec<Warning>) -> Page {
        Page {
            text,
            title: non_empty(Some(found.title)).or(self.title),
            author: non_empty(found.byline),
            date: non_empty(found.published_time).or(self.date),
            site_name: non_empty(found.site_name),
            language: non_empty(found.lang).or(self.language),
            url: self.url,
            warnings,
        }
    }
}

fn is_absolute_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// How an element shapes the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Not shown: scripts, styles, forms controls, hidden elements.
    Hidden,
    /// Text flows through it (`<a>`, `<em>`, `<span>`…).
    Inline,
    /// Starts and ends a paragraph (`<p>`, `<h2>`, `<li>`, `<tr>`…).
    Block,
    /// A block whose line breaks are paragraph breaks and whose spaces are kept (`<pre>`).
    Preformatted,
    /// A line break (`<br>`, `<hr>`): ends the current paragraph.
    Break,
    /// A table cell: separated from its neighbours by a space.
    Cell,
}

fn layout(node: &NodeRef) -> Layout {
    let Some(name) = node.node_name() else {
        return Layout::Inline;
    };
    let layout = match name.as_ref() {
        "head" | "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe"
        | "object" | "embed" | "canvas" | "video" | "audio" | "select" | "textarea" | "button"
        | "input" | "title" | "meta" | "link" | "base" => return Layout::Hidden,
        "address" | "article" | "aside" | "blockquote" | "body" | "caption" | "center" | "dd"
        | "details" | "dialog" | "dir" | "div" | "dl" | "dt" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "header"
        | "hgroup" | "html" | "legend" | "li" | "main" | "menu" | "nav" | "ol" | "p"
        | "section" | "summary" | "table" | "tbody" | "tfoot" | "thead" | "tr" | "ul" => {
            Layout::Block
        }
        "pre" | "listing" | "plaintext" => Layout::Preformatted,
        "br" | "hr" => Layout::Break,
        "td" | "th" => Layout::Cell,
        _ => Layout::Inline,
    };
    if is_hidden(node) {
        Layout::Hidden
    } else {
        layout
    }
}

fn is_hidden(node: &NodeRef) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// The text of `root`'s subtree, one paragraph per line.
///
/// Walks with an explicit stack: pages nested thousands of levels deep must not overflow the
/// call stack.
fn block_text(root: NodeRef) -> String {
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave(Layout),
    }
    let mut text = ParagraphWriter::default();
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave(layout) => {
                text.leave(layout);
                continue;
            }
            Step::Enter(node) => node,
        };
        if node.is_text() {
            text.push(&node.text());
            continue;
        }
        let layout = if node.is_element() {
            layout(&node)
        } else if node.is_document() || node.is_fragment() {
            Layout::Inline
        } else {
            continue; // comments, doctypes, processing instructions
        };
        if layout == Layout::Hidden {
            continue;
        }
        text.enter(layout);
        stack.push(Step::Leave(layout));
        stack.extend(node.children_it(true).map(Step::Enter));
    }
    text.finish()
}

/// Builds text paragraph by paragraph, collapsing HTML whitespace inside paragraphs.
#[derive(Debug, Default)]
struct ParagraphWriter {
    out: String,
    paragraph: String,
    /// Whitespace was seen since the last character of the paragraph.
    pending_space: bool,
    /// Depth of nested `<pre>`-like elements.
    preformatted: usize,
}

impl ParagraphWriter {
    fn enter(&mut self, layout: Layout) {
        match layout {
            Layout::Block => self.end_paragraph(),
            Layout::Preformatted => {
                self.end_paragraph();
                self.preformatted += 1;
            }
            Layout::Break => self.end_paragraph(),
            Layout::Cell => self.pending_space = true,
            Layout::Inline | Layout::Hidden => {}
        }
    }

    fn leave(&mut self, layout: Layout) {
        match layout {
            Layout::Block => self.end_paragraph(),
            Layout::Preformatted => {
                self.end_paragraph();
                self.preformatted = self.preformatted.saturating_sub(1);
            }
            Layout::Cell => self.pending_space = true,
            Layout::Break | Layout::Inline | Layout::Hidden => {}
        }
    }

    fn push(&mut self, text: &str) {
        if self.preformatted > 0 {
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.end_paragraph();
                }
                self.paragraph.push_str(line);
            }
            return;
        }
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r') {
                self.pending_space = true;
            } else {
                if self.pending_space && !self.paragraph.is_empty() {
                    self.paragraph.push(' ');
                }
                self.pending_space = false;
                self.paragraph.push(c);
            }
        }
    }

    fn end_paragraph(&mut self) {
        let paragraph = self.paragraph.trim();
        if !paragraph.is_empty() {
            if !self.out.is_empty() {
                self.out.push('\n');
            }
            self.out.push_str(paragraph);
        }
        self.paragraph.clear();
        self.pending_space = false;
    }

    fn finish(mut self) -> String {
        self.end_paragraph();
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(html: &str) -> String {
        block_text(Dom::from(html).root())
    }

    #[test]
    fn paragraphs_are_lines_and_whitespace_collapses() {
        let html = "<body><h1>Titre</h1>\n<p>Un  <em>premier</em>\n paragraphe.</p>\
                    <div><p>Deux</p>trois<br>quatre</div><ul><li>a</li><li> b </li></ul>\
                    <table><tr><td>x</td><td>y</td></tr></table><p>&nbsp;</p>\
                    <p>«&nbsp;cité&nbsp;»</p></body>";
        assert_eq!(
            text_of(html),
            "Titre\nUn premier paragraphe.\nDeux\ntrois\nquatre\na\nb\nx y\n«\u{a0}cité\u{a0}»"
        );
    }

    #[test]
    fn hidden_and_script_content_is_skipped() {
        let html = "<head><title>T</title><style>p{}</style></head><body><script>var x;</script>\
                    <p hidden>caché</p><p style='display: none'>caché</p><p>vu</p>\
                    <noscript>activez JS</noscript><pre>  a\n  b</pre></body>";
        assert_eq!(text_of(html), "vu\na\nb");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Parsing is quadratic in nesting depth, which bounds this test's size.
        let html = format!(
            "{}texte{}",
            "<div><span>".repeat(5_000),
            "</span></div>".repeat(10)
        );
        assert_eq!(text_of(&html), "texte");
        let html = format!(
            "{}texte{}",
            "<div><span>".repeat(1_000),
            "</span></div>".repeat(10)
        );
        assert_eq!(extract(&html).expect("no panic").text, "texte");
    }

    #[test]
    fn nesting_depth_counts_only_elements_that_nest() {
        let html = "<!DOCTYPE html><html><body><div><p>a<p>b<br><img src=x><span/>\
                    <script>if (a<b) { s = '<div><div><div>'; }</script>\
                    <div><em>c</em></div></div></body></html>";
        assert_eq!(nesting_depth(html), 5);
        assert_eq!(nesting_depth("<div"), 1);
        assert_eq!(nesting_depth("< <1 </ <script"), 0);
        let deep = "<div>".repeat(MAX_NESTING + 1);
        assert!(extract(&deep)
            .unwrap_err()
            .contains("nested 2049 levels deep"));
    }

    #[test]
    fn pages_without_an_article_fall_back_to_body_text() {
        let html = "<html lang=en><head><title>Accueil</title>\
                    <meta property='og:site_name' content='Site'></head>\
                    <body><nav>Home</nav><p>Hi.</p><script>x()</script></body></html>";
        let page = body_fallback(html, DeclaredMeta::read(&Dom::from(html)), "test");
        assert_eq!(page.text, "Home\nHi.");
        assert_eq!(page.warnings[0].code, "no-main-content");
        assert_eq!(page.title.as_deref(), Some("Accueil"));
        assert_eq!(page.site_name.as_deref(), Some("Site"));
        assert_eq!(page.language.as_deref(), Some("en"));
        // Whatever dom_smoothie makes of such a page, the text is there.
        assert!(extract(html).expect("no panic").text.contains("Hi."));
    }

    #[test]
    fn declared_metadata_fills_gaps() {
        let dom = Dom::from(
            "<html><head><meta http-equiv='Content-Language' content='de'>\
             <meta property='og:url' content='https://example.org/a'></head>\
             <body><h1>\n  Un  titre </h1><time datetime='2024-01-02'>2 janvier</time></body></html>",
        );
        let meta = DeclaredMeta::read(&dom);
        assert_eq!(meta.title.as_deref(), Some("Un titre"));
        assert_eq!(meta.language.as_deref(), Some("de"));
        assert_eq!(meta.date.as_deref(), Some("2024-01-02"));
        assert_eq!(meta.url.as_deref(), Some("https://example.org/a"));
    }
}
