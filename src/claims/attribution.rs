//! Attribution: who a claim is attributed to ("Reuters reported", "according to
//! the filing", "..., said a company spokesperson").

use std::sync::LazyLock;

use regex::Regex;

use super::Attribution;
use crate::text::lexicon::MONTHS_DAYS;

static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\baccording to\s+((?:the\s+)?[^,.;]{2,60}?)(?:[,.;]|$)").expect("regex")
});
static SOURCE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ((?:[A-Z][\w&'.-]*\s+){0,4}[A-Z][\w&'.-]*|[Tt]he\ (?:same\ |latest\ |original\ )?(?:report|announcement|statement|company|analysts?|filing))
        (?:'s\ (?:official\ )?announcement)?
        \s+(?:also\s+|has\s+|had\s+)?
        (reported|said|says|noted|told|announced|wrote|stated|confirmed|described|framed)\b",
    )
    .expect("regex")
});
/// "..., said a company spokesperson." (after a comma or a closing quote: "Analysts
/// said the cuts were overdue" names no source at its end). The counted Unicode class `[\w -]{2,50}` makes
/// a large automaton: under the regex crate's default lazy-DFA cache (2 MiB) the
/// reverse search from `$` cannot use the DFA at all and falls back to the PikeVM,
/// which made this one regex take 90% of claim extraction (3.9 s against 0.09 s over
/// the claims fuzz corpus's 73,133 sentences, twice; docs/FUZZING.md). 8 MiB lets it run.
static VERB_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    regex::RegexBuilder::new(
        r"[,\x22']\s*(said|noted|says|according to)\s+((?:a|an|the)\s+[a-z][\w -]{2,50}?)\s*[.,]?$",
    )
    .dfa_size_limit(8 << 20)
    .build()
    .expect("regex")
});

pub(super) fn attribution(text: &str) -> Option<Attribution> {
    if let Some(c) = ACCORDING_TO.captures(text) {
        return Some(Attribution {
            source: c[1].trim().to_string(),
            cue: "according to".into(),
        });
    }
    if let Some(c) = SOURCE_VERB.captures(text) {
        let source = without_leading_adverbial(c[1].trim());
        // A sentence-initial function word is not a source ("This said...").
        if !matches!(
            source,
            "This" | "That" | "It" | "He" | "She" | "They" | "We"
        ) {
            return Some(Attribution {
                source: source.to_string(),
                cue: c[2].to_string(),
            });
        }
    }
    VERB_SOURCE
        .captures(text.trim_end_matches(['"', '\'']))
        .map(|c| Attribution {
            source: c[2].trim().to_string(),
            cue: c[1].to_string(),
        })
}

/// Capitalized words that open a sentence before its source ("On Tuesday Microsoft
/// said", "In March Reuters reported"): a preposition or time adverb here, or a day or
/// a month ([`MONTHS_DAYS`]).
const LEADING_ADVERBIAL: &[&str] = &[
    "On",
    "In",
    "At",
    "By",
    "Since",
    "Earlier",
    "Later",
    "Last",
    "Then",
    "Meanwhile",
    "Separately",
    "Also",
    "Today",
    "Yesterday",
];

/// `source` without the time or place words that open its sentence; its last word
/// always stays ("May said" names a person).
fn without_leading_adverbial(source: &str) -> &str {
    let mut rest = source;
    while let Some((first, after)) = rest.split_once(char::is_whitespace) {
        if !LEADING_ADVERBIAL.contains(&first) && !MONTHS_DAYS.contains(&first) {
            break;
        }
        rest = after.trim_start();
    }
    rest
}

#[cfg(test)]
mod tests {
    use crate::claims::tests::claim;

    #[test]
    fn attribution_sources() {
        let a = |t: &str| {
            claim(t)
                .and_then(|c| c.attribution)
                .map(|a| (a.source, a.cue))
        };
        assert_eq!(
            a("Reuters reported that the renegotiated pact ends Microsoft's exclusive right to sell OpenAI's models."),
            Some(("Reuters".into(), "reported".into()))
        );
        // A leading day, month or preposition is not part of the source.
        assert_eq!(
            a("On Tuesday Microsoft said that it has now invested $13 billion in OpenAI."),
            Some(("Microsoft".into(), "said".into()))
        );
        assert_eq!(
            a("In March The Information reported that OpenAI had talked to Oracle."),
            Some(("The Information".into(), "reported".into()))
        );
        assert_eq!(
            a("May said that Microsoft paid $2 billion for the stake."),
            Some(("May".into(), "said".into()))
        );
        assert_eq!(
            a("AP also reported that Jassy described the announcement as very interesting for Amazon."),
            Some(("AP".into(), "reported".into()))
        );
        assert_eq!(
            a("By demonstrating that OpenAI is free to court Amazon, they undermine the argument, noted a senior industry analyst."),
            Some(("a senior industry analyst".into(), "noted".into()))
        );
        assert_eq!(
            a("Microsoft remains OpenAI's primary cloud partner for the coming years."),
            None
        );
    }
}
