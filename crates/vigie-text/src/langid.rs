//! Language identification, per document and per paragraph, with `whatlang`.

use crate::lexicon::Lexicons;
use vigie_core::LanguageGuess;

/// Paragraphs shorter than this (bytes) are too short to tell on their own.
pub const MIN_PARAGRAPH_LEN: usize = 60;
/// Only the first this-many bytes of a document are read to identify its language.
pub const MAX_SAMPLE_LEN: usize = 4 * 1024;
/// Only the first this-many bytes of a paragraph are read to identify its language.
pub const MAX_PARAGRAPH_SAMPLE_LEN: usize = 600;

/// ISO 639-1 code for whatlang's ISO 639-3 codes, where one exists.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "fra" => "fr",
        "eng" => "en",
        "deu" => "de",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "rus" => "ru",
        "ukr" => "uk",
        "nld" => "nl",
        "pol" => "pl",
        "tur" => "tr",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "hin" => "hi",
        "ben" => "bn",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "ron" => "ro",
        "hun" => "hu",
        "ell" => "el",
        "heb" => "he",
        "pes" => "fa",
        "urd" => "ur",
        "vie" => "vi",
        "tha" => "th",
        "ind" => "id",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "cat" => "ca",
        "epo" => "eo",
        "bel" => "be",
        "kat" => "ka",
        "hye" => "hy",
        "aze" => "az",
        "uzb" => "uz",
        "tgl" => "tl",
        "afr" => "af",
        "lat" => "la",
        "yid" => "yi",
        "mkd" => "mk",
        "zul" => "zu",
        "tam" => "ta",
        "tel" => "te",
        "mar" => "mr",
        "guj" => "gu",
        "kan" => "kn",
        "mal" => "ml",
        "pan" => "pa",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "mya" => "my",
        "amh" => "am",
        "jav" => "jv",
        "aka" => "ak",
        "sna" => "sn",
        "tuk" => "tk",
        "ori" => "or",
        _ => return None,
    })
}

/// Whether `text` plainly reads as `code` by its function words (`data/function-words.tsv`):
/// at least four of that language's and fewer than an eighth as many of the others'.
pub fn plainly_in(text: &str, code: &str) -> bool {
    let lists = &Lexicons::builtin().function_words;
    let Some((_, own)) = lists.iter().find(|(l, _)| l == code) else {
        return false;
    };
    let (mut hits, mut misses) = (0usize, 0usize);
    const LONGEST: usize = 5;
    let mut buf = [0u8; LONGEST];
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= LONGEST)
    {
        // Lower-case into a stack buffer: this runs on every word of every paragraph.
        let lower = &mut buf[..w.len()];
        lower.copy_from_slice(w.as_bytes());
        lower.make_ascii_lowercase();
        let Ok(lower) = std::str::from_utf8(lower) else {
            continue;
        };
        if own.contains(lower) {
            hits += 1;
        } else if lists
            .iter()
            .any(|(l, words)| l != code && words.contains(lower))
        {
            misses += 1;
        }
    }
    hits >= 4 && misses * 4 <= hits / 2
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// Identifies the language of `text`, or `None` when there is nothing to tell it from.
pub fn identify(text: &str) -> Option<LanguageGuess> {
    let info = whatlang::detect(prefix(text, MAX_SAMPLE_LEN))?;
    let code3 = info.lang().code();
    Some(LanguageGuess {
        code: iso639_1(code3).unwrap_or(code3).to_string(),
        confidence: info.confidence() as f32,
        reliable: info.is_reliable(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_english_and_others() {
        let fr = identify("Le chef du Kremlin a offert à Kim un véhicule aux lignes très carrées qui imite la Rolls Royce.").unwrap();
        assert_eq!(fr.code, "fr");
        let en = identify(
            "The Kremlin chief gave Kim a boxy vehicle that brazenly imitates a Rolls Royce.",
        )
        .unwrap();
        assert_eq!(en.code, "en");
        let de = identify("Der Kremlchef schenkte Kim ein kastenförmiges Fahrzeug, das dreist einen Rolls Royce imitiert.").unwrap();
        assert_eq!(de.code, "de");
        assert!(identify("").is_none());
    }
}
