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
    pub entailment: f32,
    pub neutral: f32,
    pub contradiction: f32,
}

/// Scores (premise, hypothesis) pairs. The transformer engine is a cross-encoder; the
/// deterministic one is lexical.
pub trait NliEngine {
    fn info(&self) -> EngineInfo;
    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>>;
}
