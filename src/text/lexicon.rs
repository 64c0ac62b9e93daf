//! Words and word lists that more than one stage reads: which words carry content
//! (the stopwords and the stemmer that claims' slots and the verifier's word overlap
//! compare), and the names of months and days (never an entity, nor a source).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

pub(crate) static STEMMER: LazyLock<Stemmer> =
    LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Function words and words too generic to say what a number measures.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "said",
    "says",
    "say",
    "reported",
    "report",
    "according",
    "since",
    "approximately",
    "around",
    "roughly",
    "nearly",
    "almost",
    "least",
    "less",
    "still",
    "new",
    "company",
    "companies",
    "total",
    "totaled",
    "now",
    "year",
    "years",
    "percent",
    "billion",
    "million",
    "trillion",
    "dollars",
    "per",
    "cent",
    "though",
    "however",
    "although",
    "time",
];

fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// Lowercase words of `text` with byte offsets, split on non-alphanumerics.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s, i, text[s..i].to_lowercase()));
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), text[s..].to_lowercase()));
    }
    out.into_iter()
}

/// Stem of a content word; `None` for stopwords, numbers and 1-2 letter tokens.
pub fn content_stem(word: &str) -> Option<String> {
    if word.len() < 3 || is_stopword(word) || word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(STEMMER.stem(word).into_owned())
}

/// The first word of `text` whose stem is `stem`, for saying a stem to a reader
/// ("licens" reads "license"); the stem itself when no word has it.
pub fn surface(text: &str, stem: &str) -> String {
    words(text)
        .find(|(_, _, w)| content_stem(w).as_deref() == Some(stem))
        .map(|(_, _, w)| w)
        .unwrap_or_else(|| stem.to_string())
}

/// Stemmed content words of a text (used for lexical overlap).
pub fn content_stems(text: &str) -> BTreeSet<String> {
    words(text)
        .filter_map(|(_, _, w)| content_stem(&w))
        .collect()
}

/// Names of months and weekdays: capitalized, never an entity.
pub(crate) const MONTHS_DAYS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stem_is_said_as_the_word_it_came_from() {
        let text = "Microsoft keeps an exclusive license to OpenAI's intellectual property.";
        assert_eq!(surface(text, "licens"), "license");
        assert_eq!(surface(text, "properti"), "property");
        assert_eq!(surface(text, "absent"), "absent");
    }
}
