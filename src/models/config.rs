//! `[models]`: which model serves each role, and how the transformer engines run.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[models]` table of crosscheck.toml; every key is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Manifest naming each role's model (models/models.toml).
    pub manifest: PathBuf,
    /// NER model: a directory in HF layout or a hub id (`org/name[@revision]`);
    /// overrides the manifest.
    pub ner: Option<String>,
    /// NLI cross-encoder: a directory or a hub id; overrides the manifest.
    pub nli: Option<String>,
    /// How word pieces' label probabilities become a word's: average or first.
    pub ner_aggregation: Aggregation,
    /// Directory of the sentence-embedding model (HF layout).
    pub embed: PathBuf,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// Longest input in word pieces; longer sentences are truncated.
    pub max_tokens: usize,
    /// CPU threads a model's forward pass uses (libtorch's intra-op threads); unset,
    /// libtorch takes one per core. Scores can differ in their last digits from one
    /// count to another.
    pub threads: Option<NonZeroUsize>,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            manifest: PathBuf::from(super::manifest::MANIFEST),
            ner: None,
            nli: None,
            ner_aggregation: Default::default(),
            embed: PathBuf::from("models/all-MiniLM-L6-v2"),
            batch_size: 32,
            max_tokens: 256,
            threads: None,
        }
    }
}

/// How sub-token predictions become a word's label and score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Aggregation {
    /// Mean of the word's token probability vectors.
    #[default]
    Average,
    /// The first token's probabilities.
    First,
}
