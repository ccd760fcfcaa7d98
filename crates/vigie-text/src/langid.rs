//! Language identification, per document and per paragraph, with `whatlang`.

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

/// Frequent function words of the first-class languages. A paragraph with several of its
/// document language's words and none of the other's is taken to be in the document's language
/// without running the (much slower) trigram identifier.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "fr",
        &[
            "le", "la", "les", "des", "du", "et", "est", "une", "que", "qui", "dans", "pour",
            "sur", "au", "aux", "pas", "avec", "il", "elle", "a", "en", "ce", "se", "sont", "ont",
        ],
    ),
    (
        "en",
        &[
            "the", "of", "and", "to", "is", "that", "for", "with", "was", "on", "are", "by",
            "this", "it", "he", "she", "have", "has", "from", "be", "were", "at", "an", "which",
        ],
    ),
];

/// Whether `text` plainly reads as `code` (French or English) by its function words.
pub fn plainly_in(text: &str, code: &str) -> bool {
    let (Some(own), Some(other)) = (
        FUNCTION_WORDS.iter().find(|(c, _)| *c == code),
        FUNCTION_WORDS
            .iter()
            .find(|(c, _)| *c != code && (code == "fr" || code == "en")),
    ) else {
        return false;
    };
    let (mut hits, mut misses) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 5)
    {
        let lower = w.to_ascii_lowercase();
        if own.1.contains(&lower.as_str()) {
            hits += 1;
        } else if other.1.contains(&lower.as_str()) {
            misses += 1;
        }
    }
    hits >= 4 && misses * 4 <= hits / 2
}

/// Identifies the language of `text`, or `None` when there is nothing to tell it from.
pub fn identify(text: &str) -> Option<LanguageGuess> {
    let mut cut = text.len().min(MAX_SAMPLE_LEN);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let info = whatlang::detect(&text[..cut])?;
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
