//! Natural-language inference between two claims: the transformer cross-encoder
//! ([`transformer`]) or the deterministic lexical engine ([`lexical`]).

pub mod lexical;
pub mod transformer;

use serde::Serialize;

use crate::engine::EngineInfo;
use crate::error::Result;

pub use lexical::LexicalNli;
pub use transformer::TransformerNli;

/// Class probabilities of a natural-language-inference engine.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NliScores {
    /// Probability that the premise entails the hypothesis.
    pub entailment: f32,
    /// Probability of neither (0 when the checkpoint has no neutral class).
    pub neutral: f32,
    /// Probability that the premise contradicts the hypothesis.
    pub contradiction: f32,
}

/// Scores (premise, hypothesis) pairs. The transformer engine is a cross-encoder; the
/// deterministic one is lexical.
pub trait NliEngine {
    /// Which engine this is, as the reports name it.
    fn info(&self) -> EngineInfo;
    /// Scores each (premise, hypothesis) pair: one result per pair, in order.
    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>>;
}
