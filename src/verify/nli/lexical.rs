//! The deterministic NLI engine.

use std::collections::BTreeSet;

use super::{NliEngine, NliScores};
use crate::engine::EngineInfo;
use crate::error::Result;
use crate::text::lexicon::content_stems;

/// Deterministic NLI: entailment is the share of the hypothesis' content words that the
/// premise covers, halved when the hypothesis states a number the premise does not
/// (a different figure is not entailed). It never predicts contradiction: negation words alone are too weak
/// a signal ("no longer exclusive" vs "remains primary" agree), and a false
/// contradiction fails a newsroom's CI. Contradictions come from the structured checks.
#[derive(Debug, Default)]
pub struct LexicalNli {
    /// Why the lexical engine stands in for a transformer, when a model was named.
    note: Option<String>,
}

impl LexicalNli {
    /// The lexical engine standing in for a named NLI model that is absent; `note` says
    /// why.
    pub fn with_note(note: String) -> Self {
        LexicalNli { note: Some(note) }
    }
}

impl NliEngine for LexicalNli {
    fn info(&self) -> EngineInfo {
        EngineInfo::deterministic(
            "lexical-coverage",
            Some(self.note.clone().unwrap_or_else(|| "no transformer NLI model configured; contradictions come only from quantity and polarity checks".into())),
        )
    }

    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>> {
        Ok(pairs
            .iter()
            .map(|(p, h)| {
                let numbers = |t: &str| -> BTreeSet<String> {
                    t.split(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map(|n| n.trim_matches('.'))
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                        .collect()
                };
                let unsupported_number = !numbers(h).is_subset(&numbers(p));
                let (p, h) = (content_stems(p), content_stems(h));
                let mut coverage = if h.is_empty() {
                    0.0
                } else {
                    h.intersection(&p).count() as f32 / h.len() as f32
                };
                if unsupported_number {
                    coverage *= 0.5;
                }
                NliScores {
                    entailment: coverage,
                    neutral: 1.0 - coverage,
                    contradiction: 0.0,
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_nli_never_contradicts_and_scores_coverage() {
        let s = LexicalNli::default()
            .predict(&[
                (
                    "OpenAI can now offer its products across cloud providers",
                    "OpenAI can offer products across cloud providers",
                ),
                (
                    "Microsoft is no longer the exclusive cloud provider",
                    "Microsoft remains the primary cloud provider",
                ),
            ])
            .unwrap();
        assert!(s[0].entailment > 0.9);
        assert!(s.iter().all(|x| x.contradiction == 0.0));
        assert!(s[1].entailment < s[0].entailment);
        let s = LexicalNli::default()
            .predict(&[(
                "Payments continue through 2030",
                "Payments continue through 2028",
            )])
            .unwrap();
        assert!(s[0].entailment <= 0.5, "{s:?}");
    }
}
