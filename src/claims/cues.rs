//! Speculation cues: hedge and rumor markers ("rumored", "people familiar with the
//! matter") and the words each one governs, up to the end of its clause.

use std::sync::LazyLock;

use regex::Regex;

use crate::quantities::Quantity;

static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?:
            (?i:rumou?r(?:ed|s)?) | (?i:potentially) | (?i:potential) | (?i:possibly) |
            (?i:reportedly) | (?i:allegedly) | (?i:purportedly) | (?i:unconfirmed) |
            (?i:speculat(?:e|es|ed|ion)) |
            (?i:could) | may | (?i:might) |
            (?i:people\ familiar\ with\ the\ matter) | (?i:sources?\ (?:said|say|says)) |
            (?i:(?:is|are|was|were)\ said\ to) | (?i:(?:is|are)\ expected\ to) |
            (?i:(?:is|are)\ likely\ to) | (?i:in\ talks) |
            (?i:appears?\ to) | (?i:seems?\ to)
        )\b",
    )
    .expect("cue regex")
});

/// Ends a cue's scope: clause punctuation or a spaced dash.
static SCOPE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;:.!?()]|\s-\s").expect("scope regex"));

/// (cue start, cue end, scope end), all relative to `text`. A cue inside a quantity
/// ("May 2026") is a date, not a hedge. A cue's scope ends at the first [`SCOPE_END`]
/// after it, or at the end of the text.
pub(super) fn find_cues(text: &str, quantities: &[Quantity]) -> Vec<(usize, usize, usize)> {
    // The scope end found for the previous cue serves every later cue that ends
    // before it: searching afresh from each cue rescanned the rest of a run-on
    // sentence once per cue (a 5 MB line without punctuation ran for minutes).
    let mut last_end: Option<usize> = None;
    let mut scope_end = |from: usize| match last_end {
        Some(e) if e >= from => e,
        _ => {
            let e = SCOPE_END
                .find(&text[from..])
                .map(|e| from + e.start())
                .unwrap_or(text.len());
            last_end = Some(e);
            e
        }
    };
    CUES.find_iter(text)
        .filter(|m| {
            !quantities
                .iter()
                .any(|q| m.start() < q.end && q.start < m.end())
        })
        // "May" capitalized mid-sentence is a month or a name, not the modal.
        .filter(|m| !(m.as_str() == "May" && m.start() > 0))
        .map(|m| (m.start(), m.end(), scope_end(m.end())))
        .collect()
}

/// Longest cue scope quoted in full, in bytes. A scope runs to the end of its
/// clause: in a long clause without punctuation each of many cues would quote nearly
/// all of it (a run-on text made a 282 MB report.json from 5 MB).
pub const MAX_SCOPE_BYTES: usize = 240;

/// The scope as reports quote it: trimmed, and past [`MAX_SCOPE_BYTES`] cut at the
/// last space before the limit with "…" appended.
pub(super) fn quote_scope(scope: &str) -> String {
    let scope = scope.trim();
    if scope.len() <= MAX_SCOPE_BYTES {
        return scope.to_string();
    }
    let mut limit = MAX_SCOPE_BYTES;
    while !scope.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &scope[..limit];
    let head = match head.rfind(char::is_whitespace) {
        Some(w) if w > 0 => head[..w].trim_end(),
        _ => head,
    };
    format!("{head}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::tests::claim;

    #[test]
    fn rumor_and_potentially_are_speculative_with_scope() {
        let c = claim("Training next-generation models-such as the rumored GPT-5 or the internal project 'Strawberry'-requires hundreds of billions of dollars.").unwrap();
        assert!(c.speculative);
        assert_eq!(c.cues[0].cue, "rumored");
        assert!(c.cues[0].scope.contains("GPT-5"), "{:?}", c.cues);
        let c = claim("According to reports, the new terms allow OpenAI to seek funding from Amazon and potentially Oracle.").unwrap();
        assert!(c.speculative);
        assert_eq!(c.cues[0].scope, "potentially Oracle");
        assert_eq!(c.attribution.as_ref().unwrap().source, "reports");
    }

    /// Regression (docs/FUZZING.md): scope ends are found once, not per cue. Each cue of a
    /// long run-on text still gets the first clause end after it, or the text's end.
    #[test]
    fn each_cue_scope_ends_at_the_next_clause_end() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str("Microsoft may invest and OpenAI could sell ");
            text.push_str(match i % 5 {
                0 => ", ",
                1 => "- then ",
                2 => "; ",
                _ => "and ",
            });
        }
        text.push_str("reportedly more");
        let cues = find_cues(&text, &[]);
        assert_eq!(cues.len(), 801, "two cues a round and the last");
        for &(start, end, scope) in &cues {
            let expected = SCOPE_END
                .find(&text[end..])
                .map_or(text.len(), |m| end + m.start());
            assert_eq!(scope, expected, "cue {:?} at {start}", &text[start..end]);
        }
        assert_eq!(cues.last().map(|c| c.2), Some(text.len()));
    }

    #[test]
    fn a_long_scope_is_quoted_up_to_the_limit() {
        let tail = "and then the company would go on to build ".repeat(20);
        let text = format!("Microsoft may invest $13 billion in OpenAI {tail}data centers.");
        let c = claim(&text).unwrap();
        let scope = &c.cues[0].scope;
        let head = scope
            .strip_suffix('\u{2026}')
            .expect("an ellipsis marks the cut");
        assert!(head.len() <= MAX_SCOPE_BYTES, "{}", head.len());
        assert!(
            head.len() > MAX_SCOPE_BYTES - 12,
            "cut at the last space: {scope}"
        );
        // A prefix of the scope, ending at a whole word.
        let from = text.find("may invest").unwrap();
        assert!(text[from..].starts_with(head), "{scope}");
        assert!(text[from + head.len()..].starts_with(' '), "{scope}");
        // Short scopes are whole.
        let c = claim("The deal could include Oracle, people said.").unwrap();
        assert_eq!(c.cues[0].scope, "could include Oracle");
    }

    #[test]
    fn plain_fact_is_not_speculative_and_may_the_month_is_not_a_cue() {
        let c = claim("Microsoft has invested $13 billion in OpenAI since 2019.").unwrap();
        assert!(!c.speculative, "{:?}", c.cues);
        let c = claim("Microsoft signed the amended agreement with OpenAI in May 2026.").unwrap();
        assert!(!c.speculative, "{:?}", c.cues);
        let c = claim("Microsoft may sign the amended agreement with OpenAI next week.").unwrap();
        assert!(c.speculative);
    }
}
