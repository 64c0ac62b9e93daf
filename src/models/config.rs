//! `[models]`: which model serves each role, and how the transformer engines run.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The `[models]` table of crosscheck.toml; every key is optional.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Manifest naming each role's model; unset, crosscheck's own
    /// (`models/models.toml` in its home, [`super::home`]).
    pub manifest: Option<PathBuf>,
    /// NER model: a directory in HF layout or a hub id (`org/name[@revision]`);
    /// overrides the manifest.
    pub ner: Option<String>,
    /// NLI cross-encoder: a directory or a hub id; overrides the manifest.
    pub nli: Option<String>,
    /// How word pieces' label probabilities become a word's: average or first.
    pub ner_aggregation: Aggregation,
    /// Directory of the sentence-embedding model (HF layout); unset, the MiniLM
    /// directory in crosscheck's home. One given here or by flag must load.
    pub embed: Option<PathBuf>,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// Longest input in word pieces; longer sentences are truncated.
    pub max_tokens: usize,
    /// CPU threads a model's forward pass uses (libtorch's intra-op threads); unset,
    /// libtorch takes one per core. Scores can differ in their last digits from one
    /// count to another.
    pub threads: Option<NonZeroUsize>,
}

/// The default embedding model directory, relative to crosscheck's home.
pub const DEFAULT_EMBED: &str = "models/all-MiniLM-L6-v2";

impl ModelsConfig {
    /// The manifest to read: the configured one, else crosscheck's own.
    pub fn manifest_path(&self) -> PathBuf {
        self.manifest
            .clone()
            .unwrap_or_else(|| super::home::default_path(super::manifest::MANIFEST))
    }

    /// The embedding model directory: the configured one, else the default.
    pub fn embed_dir(&self) -> PathBuf {
        self.embed
            .clone()
            .unwrap_or_else(|| super::home::default_path(DEFAULT_EMBED))
    }

    /// Paths given in a configuration file, relative to `dir` (the file's directory)
    /// when they are relative: the manifest, the embedding directory, and NER or NLI
    /// models named by directory.
    pub fn relative_to(&mut self, dir: &std::path::Path) {
        let join = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        };
        if let Some(p) = self.manifest.as_mut() {
            join(p);
        }
        if let Some(p) = self.embed.as_mut() {
            join(p);
        }
        for m in [&mut self.ner, &mut self.nli].into_iter().flatten() {
            let local = dir.join(&*m);
            if let super::manifest::Spec::Dir(d) = super::manifest::Spec::parse(m) {
                if d.is_relative() && (local.is_dir() || m.starts_with('.')) {
                    *m = local.to_string_lossy().into_owned();
                }
            }
        }
    }
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            manifest: None,
            ner: None,
            nli: None,
            ner_aggregation: Default::default(),
            embed: None,
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
