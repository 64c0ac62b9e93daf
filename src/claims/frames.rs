//! Frames: subject, predicate, object and negation per clause, for polarity
//! ("Microsoft will no longer pay ... to OpenAI"), and exclusivity stated of a thing.

use std::sync::LazyLock;

use regex::Regex;

use super::Frame;
use crate::entities::Entity;
use crate::text::lexicon::{content_stem, words, STEMMER};

static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|no longer|never|no|n't|cannot|without|none)\b|n't\b").expect("regex")
});

/// Predicates whose negation flips a checkable fact, by stem.
const PREDICATES: &[&str] = &[
    "pay",
    "invest",
    "own",
    "hold",
    "licens",
    "acquir",
    "host",
    "sell",
    "offer",
    "distribut",
    "receiv",
    "retain",
    "keep",
    "control",
    "exclus",
    "serv",
    "fund",
    "approv",
    "ban",
    "block",
];

pub(super) fn frames(text: &str, clauses: &[(usize, usize)], entities: &[Entity]) -> Vec<Frame> {
    let mut out = Vec::new();
    for &(cs, ce) in clauses {
        let clause = &text[cs..ce];
        let in_clause: Vec<&Entity> = entities
            .iter()
            .filter(|e| e.start >= cs && e.end <= ce)
            .collect();
        // The first predicate word with an entity before it; the subject is the
        // nearest such entity ("Microsoft's announcement says OpenAI's payments to
        // Microsoft": OpenAI pays).
        let Some(first) = in_clause.first() else {
            continue;
        };
        // A verb, not the agent noun made from it ("the anchor investor is ASML" names
        // the investor after the noun: no frame).
        let agent = |w: &str, st: &str| {
            !PREDICATES.contains(&st) && ["or", "ors", "er", "ers"].iter().any(|x| w.ends_with(x))
        };
        let pred = words(clause)
            .map(|(s, _, w)| (s + cs, STEMMER.stem(&w).into_owned(), w))
            .filter(|(_, st, w)| !agent(w, st))
            .map(|(s, st, _)| (s, st))
            .find(|(s, st)| *s > first.end && PREDICATES.iter().any(|p| st.starts_with(p)));
        let Some((pred_at, predicate)) = pred else {
            continue;
        };
        let Some(subject) = in_clause.iter().rev().find(|e| e.end <= pred_at) else {
            continue;
        };
        let object = in_clause
            .iter()
            .find(|e| e.start > pred_at && e.key != subject.key)
            .map(|e| e.key.clone());
        let negated = NEGATION.is_match(&text[subject.end..pred_at])
            || text[cs..ce].contains("non-exclusive") && predicate.starts_with("exclus");
        out.push(Frame {
            subject: subject.key.clone(),
            predicate: PREDICATES
                .iter()
                .find(|p| predicate.starts_with(**p))
                .map(|p| p.to_string())
                .unwrap_or(predicate),
            object,
            negated,
        });
    }
    out.extend(exclusivity(text));
    out
}

static EXCLUSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:keeps?|holds?|has|have|retains?|remains?)\s+(?:an?|the|its|their)?\s*exclusive\s+(\w+)|\b(\w+)\s+(?:is|are|becomes?)\s+(?:now\s+)?non-exclusive\b|\bnon-exclusive\s+(\w+)",
    )
    .expect("regex")
});

/// Exclusivity stated of a thing: "keeps an exclusive license" (asserted) against
/// "that license is now non-exclusive" / "a non-exclusive license" (denied). Only these
/// narrow present-tense patterns count: news copy says "exclusive" of past deals and
/// of ended ones in many ways, and a false contradiction fails a newsroom's CI. The
/// frame has no subject (the thing is often named only by a pronoun); the claims must
/// already align, which needs a shared entity or quantity slot.
fn exclusivity(text: &str) -> Vec<Frame> {
    EXCLUSIVE
        .captures_iter(text)
        .filter_map(|c| {
            let (word, negated) = match (c.get(1), c.get(2), c.get(3)) {
                (Some(w), _, _) => (w, false),
                (_, Some(w), _) | (_, _, Some(w)) => (w, true),
                _ => return None,
            };
            let object = content_stem(&word.as_str().to_lowercase())?;
            Some(Frame {
                subject: String::new(),
                predicate: "exclus".into(),
                object: Some(object),
                negated,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::{tests::claim, Claim};

    #[test]
    fn negated_payment_frame() {
        let c = claim("Microsoft will no longer pay a revenue share to OpenAI, while OpenAI will continue making revenue share payments to Microsoft through 2030.").unwrap();
        assert_eq!(
            c.frames[0],
            Frame {
                subject: "microsoft".into(),
                predicate: "pay".into(),
                object: Some("openai".into()),
                negated: true
            }
        );
        assert_eq!(c.frames[1].subject, "openai");
        assert!(!c.frames[1].negated);
    }

    #[test]
    fn nominal_payment_subject_is_the_nearest_entity() {
        let c = claim("Microsoft's announcement says OpenAI's revenue share payments to Microsoft continue through 2030.").unwrap();
        assert_eq!(c.frames[0].subject, "openai");
        assert_eq!(c.frames[0].object.as_deref(), Some("microsoft"));
    }

    #[test]
    fn exclusivity_asserted_and_denied() {
        let yes =
            claim("Microsoft keeps an exclusive license to OpenAI's models through 2032.").unwrap();
        let no = claim("Microsoft will continue to hold a license to OpenAI intellectual property through 2032, but that license is now non-exclusive.").unwrap();
        let past = claim("The exclusive licensing arrangement was always viewed as the crown jewel of the Microsoft relationship.").unwrap();
        let ex = |c: &Claim| {
            c.frames
                .iter()
                .filter(|f| f.subject.is_empty())
                .map(|f| (f.object.clone().unwrap_or_default(), f.negated))
                .collect::<Vec<_>>()
        };
        assert_eq!(ex(&yes), [("licens".to_string(), false)]);
        assert_eq!(ex(&no), [("licens".to_string(), true)]);
        assert!(ex(&past).is_empty());
    }

    #[test]
    fn an_agent_noun_is_no_predicate() {
        let c =
            claim("Mistral AI's round is in the bag, and the anchor investor is ASML.").unwrap();
        assert!(
            c.frames.iter().all(|f| f.predicate != "invest"),
            "{:?}",
            c.frames
        );
    }
}
