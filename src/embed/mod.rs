//! Stage: sentence embeddings. An [`Embedder`] turns texts into unit vectors: the
//! transformer engine ([`transformer`], all-MiniLM-L6-v2 through rust-bert) or the
//! deterministic hashing stand-in ([`hashing`]) when the model files are absent.
//! A claim's vectors ([`ClaimVectors`]) are its sentence's and each quantity
//! slot's masked clause's; [`codec`] stores them exactly in the index.

pub mod codec;
pub mod hashing;
pub mod transformer;

use serde::{Deserialize, Serialize};

use crate::engine::EngineInfo;
use crate::error::Result;

pub use hashing::HashingEmbedder;
pub use transformer::TransformerEmbedder;

/// Turns texts into unit-length vectors whose dot product is cosine similarity.
pub trait Embedder {
    /// Which engine this is, as the reports name it.
    fn info(&self) -> EngineInfo;
    /// One unit-length vector per text, in input order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
}

/// Cosine similarity of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Embeddings of one claim: the sentence, and the masked clause of each slot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimVectors {
    /// Embedding of the claim's sentence.
    #[serde(with = "codec::f32_base64")]
    pub sentence: Vec<f32>,
    /// Embedding of each slot's masked clause, in the claim's `slots` order.
    #[serde(with = "codec::f32_base64_vec")]
    pub slots: Vec<Vec<f32>>,
}
