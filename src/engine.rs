//! What every model-backed stage reports about itself.
//!
//! Each stage that can run a transformer (entities, embeddings, NLI) sits behind a small
//! trait with a deterministic implementation beside it. Which one ran, and why, is part
//! of every report: degrading is allowed, hiding it is not.

use serde::{Deserialize, Serialize};

/// Which kind of engine served a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// A transformer model ran the stage.
    Transformer,
    /// Rules or another deterministic stand-in ran the stage; no model weights.
    Deterministic,
}

impl std::fmt::Display for EngineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EngineKind::Transformer => "transformer",
            EngineKind::Deterministic => "deterministic",
        })
    }
}

/// Description of the engine a stage used, as written to `engines` in report.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngineInfo {
    /// Whether a transformer or a deterministic engine served the stage.
    pub kind: EngineKind,
    /// Model name or rule-set name.
    pub model: String,
    /// Where the weights came from, when there are weights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The hub commit of the weights, when they are a Hugging Face cache snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Why a deterministic engine stands in for a transformer, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl EngineInfo {
    /// The description of a deterministic engine named `model`, with the note saying why
    /// it stands in, if any.
    pub fn deterministic(model: &str, note: Option<String>) -> Self {
        EngineInfo {
            kind: EngineKind::Deterministic,
            model: model.to_string(),
            source: None,
            revision: None,
            note,
        }
    }
}
