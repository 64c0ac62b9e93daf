//! A checkpoint directory in Hugging Face layout: config.json (architecture, labels,
//! vocabulary), the tokenizer the checkpoint ships, and its weights file.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tokenizers::{PaddingParams, Tokenizer, TruncationParams};

use crate::error::{Error, Result};
use crate::models::error::ModelError;

/// Architectures with token- and sequence-classification heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    /// `model_type` bert.
    Bert,
    /// `model_type` roberta or xlm-roberta.
    Roberta,
    /// `model_type` distilbert.
    DistilBert,
    /// `model_type` deberta-v2 (DeBERTa-v2 and -v3 checkpoints).
    DebertaV2,
}

impl Arch {
    /// From config.json's `model_type`.
    pub fn from_model_type(t: &str) -> Option<Arch> {
        match t {
            "bert" => Some(Arch::Bert),
            "roberta" | "xlm-roberta" => Some(Arch::Roberta),
            "distilbert" => Some(Arch::DistilBert),
            "deberta-v2" => Some(Arch::DebertaV2),
            _ => None,
        }
    }

    /// Whether the model has segment embeddings that take `token_type_ids`.
    fn uses_token_types(self) -> bool {
        self == Arch::Bert
    }
}

/// What crosscheck reads from config.json besides the architecture's own fields.
#[derive(Debug, Deserialize)]
struct Header {
    model_type: String,
    #[serde(default)]
    id2label: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    type_vocab_size: Option<i64>,
    #[serde(default)]
    max_position_embeddings: Option<usize>,
    #[serde(default)]
    pub(super) architectures: Vec<String>,
    #[serde(default)]
    pub(super) vocab_size: Option<i64>,
}

/// The checkpoint's tokenizer (see [`crate::models::tokenizer`]), truncating to
/// `max_len` word pieces and never past `positions` (the model's position table: a
/// longer input would index past it), without padding (batches pad themselves).
pub fn tokenizer(
    dir: &Path,
    max_len: usize,
    positions: Option<usize>,
) -> Result<Tokenizer, ModelError> {
    let mut tokenizer = crate::models::tokenizer::load(dir)?;
    tokenizer
        .with_truncation(Some(TruncationParams {
            max_length: max_len.min(positions.unwrap_or(max_len)),
            ..Default::default()
        }))
        .map_err(ModelError::TokenizerTruncation)?;
    tokenizer.with_padding(None::<PaddingParams>);
    Ok(tokenizer)
}

/// The weights file of a checkpoint directory: the first of [`crate::models::manifest::WEIGHTS`]
/// it has (model.safetensors, rust_model.ot, pytorch_model.bin).
pub fn weights(dir: &Path) -> Result<PathBuf, ModelError> {
    crate::models::manifest::WEIGHTS
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.is_file())
        .ok_or_else(|| ModelError::NoWeights {
            dir: dir.to_path_buf(),
        })
}

/// A checkpoint directory in Hugging Face layout, read but not yet built.
pub struct Checkpoint {
    /// The directory holding config.json, the tokenizer and the weights.
    pub dir: PathBuf,
    /// How reports and error messages name the model.
    pub name: String,
    /// The architecture, from config.json's `model_type`.
    pub arch: Arch,
    /// Labels by class index, from `id2label`.
    pub labels: Vec<String>,
    pub(super) config_text: String,
    /// `architectures` from config.json ("BertForTokenClassification", ...).
    pub(super) architectures: Vec<String>,
    /// The checkpoint's tokenizer, truncating to the run's limit, without padding.
    pub tokenizer: Tokenizer,
    pub(super) weights: PathBuf,
    pub(super) token_types: bool,
    pub(super) vocab_size: Option<i64>,
}

impl Checkpoint {
    /// Reads config.json, the tokenizer files and finds the weights ([`weights`]). `name`
    /// is how reports name the model.
    pub fn open(dir: &Path, name: &str, max_len: usize) -> Result<Checkpoint> {
        let fail = |msg: String| Error::model(name, format!("{}: {msg}", dir.display()));
        let config_text = std::fs::read_to_string(dir.join("config.json"))
            .map_err(|e| fail(format!("config.json: {e}")))?;
        let header: Header =
            serde_json::from_str(&config_text).map_err(|e| fail(format!("config.json: {e}")))?;
        let arch = Arch::from_model_type(&header.model_type).ok_or_else(|| {
            fail(format!(
                "config.json: model_type '{}' is not supported (bert, roberta, xlm-roberta, distilbert, deberta-v2)",
                header.model_type
            ))
        })?;
        let mut labels = Vec::with_capacity(header.id2label.len());
        for i in 0..header.id2label.len() {
            let label = header.id2label.get(&i.to_string()).ok_or_else(|| {
                fail(format!(
                    "config.json: id2label has {} labels but no id {i}",
                    header.id2label.len()
                ))
            })?;
            labels.push(label.clone());
        }
        if labels.is_empty() {
            return Err(fail(
                "config.json: no id2label; not a classification checkpoint".into(),
            ));
        }
        // RoBERTa's positions start after the padding index: two fewer usable.
        let positions = header.max_position_embeddings.map(|n| {
            if arch == Arch::Roberta {
                n.saturating_sub(2)
            } else {
                n
            }
        });
        let tokenizer = tokenizer(dir, max_len, positions).map_err(|e| fail(e.to_string()))?;
        let weights = weights(dir).map_err(|e| fail(e.to_string()))?;
        Ok(Checkpoint {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            arch,
            labels,
            config_text,
            architectures: header.architectures,
            tokenizer,
            weights,
            token_types: arch.uses_token_types() && header.type_vocab_size.unwrap_or(2) > 1,
            vocab_size: header.vocab_size,
        })
    }

    pub(super) fn fail(&self, msg: impl std::fmt::Display) -> Error {
        Error::model(&self.name, format!("{}: {msg}", self.dir.display()))
    }

    /// The architecture's config. Fields rust-bert requires but current `transformers`
    /// no longer writes get their `transformers` defaults first (DistilBERT's
    /// `tie_weights_`, which only matters for the masked-LM head).
    pub(super) fn config<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        let mut v: serde_json::Value = serde_json::from_str(&self.config_text)
            .map_err(|e| self.fail(format!("config.json: {e}")))?;
        if let Some(map) = v.as_object_mut() {
            match self.arch {
                Arch::DistilBert => {
                    map.entry("tie_weights_")
                        .or_insert(serde_json::Value::Bool(true));
                }
                // rust-bert's deserializers take these as absent, not as null.
                Arch::DebertaV2 => {
                    for key in ["pos_att_type", "norm_rel_ebd"] {
                        if map.get(key).is_some_and(serde_json::Value::is_null) {
                            map.remove(key);
                        }
                    }
                }
                Arch::Bert | Arch::Roberta => {}
            }
        }
        serde_json::from_value(v).map_err(|e| self.fail(format!("config.json: {e}")))
    }

    /// Refuses a checkpoint whose config.json says it was saved for another task (an
    /// NLI model given as the NER model would otherwise load: the heads have the same
    /// names). Checkpoints without `architectures` are taken as they come.
    pub(super) fn expect_task(&self, suffix: &str) -> Result<()> {
        if self.architectures.is_empty() || self.architectures.iter().any(|a| a.ends_with(suffix)) {
            return Ok(());
        }
        Err(self.fail(format!(
            "config.json: architectures {:?} is not a *{suffix} model",
            self.architectures
        )))
    }
}
