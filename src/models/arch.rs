//! The transformer architectures crosscheck runs, with a classification head: one enum
//! per task over rust-bert's model structs, each called with an attention mask.
//!
//! rust-bert's pipelines (`TokenClassificationModel`, `SequenceClassificationModel`)
//! tokenize with their own tokenizers and `SequenceClassificationModel::predict` passes
//! no attention mask, so a padded pair scores differently from the same pair alone.
//! Here the models are called directly: inputs come from the checkpoint's own
//! tokenizer (HF `tokenizers`, see [`crate::models::tokenizer`]), batches carry their mask, and a sequence scores
//! the same alone and padded.

use std::path::{Path, PathBuf};

use rust_bert::bert::{BertConfig, BertForSequenceClassification, BertForTokenClassification};
use rust_bert::deberta_v2::{
    DebertaV2Config, DebertaV2ForSequenceClassification, DebertaV2ForTokenClassification,
};
use rust_bert::distilbert::{
    DistilBertConfig, DistilBertForTokenClassification, DistilBertModelClassifier,
};
use rust_bert::roberta::{RobertaForSequenceClassification, RobertaForTokenClassification};
use serde::Deserialize;
use tch::{nn, Device, Kind, Tensor};
use tokenizers::{Encoding, PaddingParams, Tokenizer, TruncationParams};

use crate::error::{Error, Result};
use crate::models::encoder::{self, Encoder, EncoderConfig, Head, Vars};
use crate::models::error::ModelError;

/// Architectures with token- and sequence-classification heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arch {
    Bert,
    Roberta,
    DistilBert,
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
    architectures: Vec<String>,
    #[serde(default)]
    vocab_size: Option<i64>,
}

/// The checkpoint's tokenizer (see [`crate::models::tokenizer`]), truncating to `max_len` word pieces and never
/// past `positions` (the model's position table: a longer input would index past
/// it), without padding (batches pad themselves).
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

/// The weights file of a checkpoint directory (model.safetensors, else rust_model.ot).
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
    pub dir: PathBuf,
    pub name: String,
    pub arch: Arch,
    /// Labels by class index, from `id2label`.
    pub labels: Vec<String>,
    config_text: String,
    /// `architectures` from config.json ("BertForTokenClassification", ...).
    architectures: Vec<String>,
    pub tokenizer: Tokenizer,
    weights: PathBuf,
    token_types: bool,
    vocab_size: Option<i64>,
}

impl Checkpoint {
    /// Reads config.json, the tokenizer files and finds the weights (model.safetensors or
    /// rust_model.ot). `name` is how reports name the model.
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

    fn fail(&self, msg: impl std::fmt::Display) -> Error {
        Error::model(&self.name, format!("{}: {msg}", self.dir.display()))
    }

    /// The architecture's config. Fields rust-bert requires but current `transformers`
    /// no longer writes get their `transformers` defaults first (DistilBERT's
    /// `tie_weights_`, which only matters for the masked-LM head).
    fn config<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
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
    fn expect_task(&self, suffix: &str) -> Result<()> {
        if self.architectures.is_empty() || self.architectures.iter().any(|a| a.ends_with(suffix)) {
            return Ok(());
        }
        Err(self.fail(format!(
            "config.json: architectures {:?} is not a *{suffix} model",
            self.architectures
        )))
    }

    /// Builds a model for the task whose architecture names end in `task` with
    /// `make`, then loads the weights into it.
    fn build<M>(
        &self,
        device: Device,
        task: &str,
        make: impl FnOnce(&Checkpoint, &nn::Path) -> Result<M>,
        head: impl FnOnce(&Vars, &str, i64, i64) -> Result<Head, ModelError>,
    ) -> Result<Loaded<M>> {
        self.expect_task(task)?;
        let inputs = Inputs {
            pad: pad_id(&self.tokenizer),
            token_types: self.token_types,
            vocab_size: self.vocab_size,
            device,
        };
        let fused = self.fused_config();
        let labels = self.labels.len() as i64;
        let net = build_net(
            &self.weights,
            device,
            fused.as_ref().map(|(cfg, prefix)| (cfg, *prefix)),
            |p| make(self, p),
            |vars, prefix, hidden| head(vars, prefix, hidden, labels),
            |what| self.weights_error(what),
        )?;
        Ok(Loaded { net, inputs })
    }

    /// The encoder config and tensor-name prefix when [`Encoder`]'s forward covers the
    /// checkpoint (BERT, RoBERTa with absolute positions); `None` keeps rust-bert's.
    fn fused_config(&self) -> Option<(EncoderConfig, &'static str)> {
        let prefix = match self.arch {
            Arch::Bert => "bert.",
            Arch::Roberta => "roberta.",
            Arch::DistilBert | Arch::DebertaV2 => return None,
        };
        let cfg: EncoderConfig = serde_json::from_str(&self.config_text).ok()?;
        cfg.supported().ok().filter(|()| encoder::fused_allowed())?;
        Some((cfg, prefix))
    }

    fn weights_error(&self, what: ModelError) -> Error {
        self.fail(format!(
            "{}: {what} (do config.json and the weights belong together?)",
            self.weights.display()
        ))
    }
}

/// The forward pass of a checkpoint. With `fused` (the config and tensor-name prefix
/// [`Encoder`] covers), the fused forward: built straight from model.safetensors, or
/// over rust-bert's loaded variables for other weight files. Without, rust-bert's model
/// built by `make` and loaded. Every shape is checked (a checkpoint whose weights
/// disagree with config.json is an error naming the tensor); `bad_weights` turns a
/// problem with the weights file into the caller's error.
pub fn build_net<M>(
    weights: &Path,
    device: Device,
    fused: Option<(&EncoderConfig, &str)>,
    make: impl FnOnce(&nn::Path) -> Result<M>,
    head: impl FnOnce(&Vars, &str, i64) -> Result<Head, ModelError>,
    bad_weights: impl Fn(ModelError) -> Error,
) -> Result<Net<M>> {
    let fused_net = |vars: &Vars, cfg: &EncoderConfig, prefix: &str| -> Result<Net<M>> {
        Ok(Net::Fused {
            encoder: Encoder::from_vars(vars, prefix, cfg).map_err(&bad_weights)?,
            head: head(vars, prefix, cfg.hidden_size).map_err(&bad_weights)?,
        })
    };
    let from_file = weights.extension().and_then(|e| e.to_str()) == Some("safetensors");
    match fused {
        // No rust-bert model to build and randomly initialize first.
        Some((cfg, prefix)) if from_file => {
            let vars = crate::models::weights::read(weights, device).map_err(&bad_weights)?;
            fused_net(&vars, cfg, prefix)
        }
        _ => {
            let mut vs = nn::VarStore::new(device);
            let model = make(&vs.root())?;
            crate::models::weights::load(&mut vs, weights).map_err(&bad_weights)?;
            vs.freeze();
            match fused {
                Some((cfg, prefix)) => fused_net(&vs.variables(), cfg, prefix),
                None => Ok(Net::RustBert { model, _vs: vs }),
            }
        }
    }
}

/// A batch of encodings as padded tensors.
pub struct Batch {
    pub ids: Tensor,
    pub mask: Tensor,
    pub types: Option<Tensor>,
}

/// How a model takes its inputs: the id that pads, whether token-type ids go in, the
/// vocabulary every id must fall in, and the device.
#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    pub pad: u32,
    pub token_types: bool,
    pub vocab_size: Option<i64>,
    pub device: Device,
}

impl Inputs {
    /// Pads `encodings` to the longest and builds id, mask and (when the model uses
    /// them) token-type tensors. An id outside the model's vocabulary (a tokenizer.json
    /// that does not belong to the weights) is an error, not a libtorch panic.
    pub fn batch(&self, encodings: &[&Encoding]) -> Result<Batch, ModelError> {
        let len = encodings.iter().map(|e| e.len()).max().unwrap_or(0).max(1);
        let n = encodings.len();
        let mut ids = vec![i64::from(self.pad); n * len];
        let mut mask = vec![0i64; n * len];
        let mut types = vec![0i64; n * len];
        for (row, e) in encodings.iter().enumerate() {
            for (col, ((&id, &m), &t)) in e
                .get_ids()
                .iter()
                .zip(e.get_attention_mask())
                .zip(e.get_type_ids())
                .enumerate()
            {
                if let Some(v) = self.vocab_size.filter(|&v| i64::from(id) >= v) {
                    return Err(ModelError::TokenOutsideVocabulary { id, vocab: v });
                }
                ids[row * len + col] = i64::from(id);
                mask[row * len + col] = i64::from(m);
                types[row * len + col] = i64::from(t);
            }
        }
        let shape = [n as i64, len as i64];
        let t = |v: &[i64]| Tensor::from_slice(v).view(shape).to(self.device);
        Ok(Batch {
            ids: t(&ids),
            mask: t(&mask),
            types: self.token_types.then(|| t(&types)),
        })
    }
}

/// Runs `f` over `encodings` in length-sorted chunks of `batch_size` (on CPU the
/// padding is what costs time) and returns its outputs in input order. `f` returns
/// one output per encoding it is given.
pub fn in_length_order<T>(
    model: &str,
    encodings: &[Encoding],
    batch_size: usize,
    mut f: impl FnMut(&[&Encoding]) -> Result<Vec<T>>,
) -> Result<Vec<T>> {
    let mut order: Vec<usize> = (0..encodings.len()).collect();
    order.sort_by_key(|&i| encodings[i].len());
    let mut out: Vec<Option<T>> = (0..encodings.len()).map(|_| None).collect();
    for chunk in order.chunks(batch_size.max(1)) {
        let batch: Vec<&Encoding> = chunk.iter().map(|&i| &encodings[i]).collect();
        for (&i, v) in chunk.iter().zip(f(&batch)?) {
            out[i] = Some(v);
        }
    }
    out.into_iter()
        .map(|v| v.ok_or_else(|| Error::model(model, "a batch gave fewer outputs than inputs")))
        .collect()
}

/// Runs `f` once per distinct item of `items` and gives every item its output.
/// Identical inputs give identical outputs, so a sentence a corpus repeats (wire copy
/// republished by several outlets, a claim whose clause is the whole sentence) is
/// run through the model once. `f` returns one output per item it is given.
pub fn once_each<T, O>(
    model: &str,
    items: &[T],
    f: impl FnOnce(&[T]) -> Result<Vec<O>>,
) -> Result<Vec<O>>
where
    T: std::hash::Hash + Eq + Copy,
    O: Clone,
{
    let mut first: std::collections::HashMap<T, usize> = std::collections::HashMap::new();
    let mut unique = Vec::new();
    let at: Vec<usize> = items
        .iter()
        .map(|&item| {
            *first.entry(item).or_insert_with(|| {
                unique.push(item);
                unique.len() - 1
            })
        })
        .collect();
    let out = f(&unique)?;
    if out.len() != unique.len() {
        return Err(Error::model(
            model,
            "a batch gave fewer outputs than inputs",
        ));
    }
    Ok(at.into_iter().map(|i| out[i].clone()).collect())
}

/// The pad id the tokenizer declares, else 0.
pub fn pad_id(tokenizer: &Tokenizer) -> u32 {
    ["[PAD]", "<pad>"]
        .iter()
        .find_map(|t| tokenizer.token_to_id(t))
        .unwrap_or(0)
}

/// A token-classification model: logits per token.
// One per loaded model: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum TokenClassifier {
    Bert(BertForTokenClassification),
    Roberta(RobertaForTokenClassification),
    DistilBert(DistilBertForTokenClassification),
    DebertaV2(DebertaV2ForTokenClassification),
}

/// A sequence-classification model: logits per sequence.
// One per loaded model: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum SequenceClassifier {
    Bert(BertForSequenceClassification),
    Roberta(RobertaForSequenceClassification),
    DistilBert(DistilBertModelClassifier),
    DebertaV2(DebertaV2ForSequenceClassification),
}

/// A built model with its weights.
pub struct Loaded<M> {
    pub net: Net<M>,
    pub inputs: Inputs,
}

/// Which forward pass runs a loaded model.
pub enum Net<M> {
    /// [`crate::models::encoder`]'s fused forward (BERT, RoBERTa). rust-bert's model
    /// and VarStore are dropped once their tensors are borrowed.
    Fused { encoder: Encoder, head: Head },
    /// rust-bert's model, with the VarStore that keeps its weights alive.
    RustBert { model: M, _vs: nn::VarStore },
}

impl<M> Net<M> {
    /// "fused" or "rust-bert": which forward pass runs.
    pub fn kind(&self) -> &'static str {
        match self {
            Net::Fused { .. } => "fused",
            Net::RustBert { .. } => "rust-bert",
        }
    }
}

/// Logits of the fused forward (call under no_grad).
fn fused_logits(encoder: &Encoder, head: &Head, b: &Batch) -> Result<Tensor> {
    let hidden = encoder.forward(&b.ids, &b.mask, b.types.as_ref(), head.first_only())?;
    Ok(head.apply(&hidden))
}

impl TokenClassifier {
    pub fn load(ck: &Checkpoint, device: Device) -> Result<Loaded<TokenClassifier>> {
        let head = |vars: &Vars, _: &str, hidden, labels| Head::tokens(vars, hidden, labels);
        ck.build(
            device,
            "ForTokenClassification",
            |ck, p| {
                Ok(match ck.arch {
                    Arch::Bert => TokenClassifier::Bert(BertForTokenClassification::new(
                        p,
                        &ck.config::<BertConfig>()?,
                    )?),
                    Arch::Roberta => TokenClassifier::Roberta(RobertaForTokenClassification::new(
                        p,
                        &ck.config::<BertConfig>()?,
                    )?),
                    Arch::DistilBert => {
                        TokenClassifier::DistilBert(DistilBertForTokenClassification::new(
                            p,
                            &ck.config::<DistilBertConfig>()?,
                        )?)
                    }
                    Arch::DebertaV2 => TokenClassifier::DebertaV2(
                        DebertaV2ForTokenClassification::new(p, &ck.config::<DebertaV2Config>()?)?,
                    ),
                })
            },
            head,
        )
    }
}

impl Loaded<TokenClassifier> {
    /// Logits, shape (batch, tokens, labels), under no_grad.
    pub fn logits(&self, b: &Batch) -> Result<Tensor> {
        let ids = Some(&b.ids);
        let mask = Some(&b.mask);
        let types = b.types.as_ref();
        tch::no_grad(|| {
            let model = match &self.net {
                Net::Fused { encoder, head } => return fused_logits(encoder, head, b),
                Net::RustBert { model, .. } => model,
            };
            Ok(match model {
                TokenClassifier::Bert(m) => m.forward_t(ids, mask, types, None, None, false).logits,
                TokenClassifier::Roberta(m) => {
                    m.forward_t(ids, mask, types, None, None, false).logits
                }
                TokenClassifier::DistilBert(m) => m.forward_t(ids, mask, None, false)?.logits,
                TokenClassifier::DebertaV2(m) => {
                    m.forward_t(ids, mask, types, None, None, false)?.logits
                }
            })
        })
    }
}

impl SequenceClassifier {
    pub fn load(ck: &Checkpoint, device: Device) -> Result<Loaded<SequenceClassifier>> {
        ck.build(
            device,
            "ForSequenceClassification",
            |ck, p| {
                Ok(match ck.arch {
                    Arch::Bert => SequenceClassifier::Bert(BertForSequenceClassification::new(
                        p,
                        &ck.config::<BertConfig>()?,
                    )?),
                    Arch::Roberta => SequenceClassifier::Roberta(
                        RobertaForSequenceClassification::new(p, &ck.config::<BertConfig>()?)?,
                    ),
                    Arch::DistilBert => SequenceClassifier::DistilBert(
                        DistilBertModelClassifier::new(p, &ck.config::<DistilBertConfig>()?)?,
                    ),
                    Arch::DebertaV2 => {
                        SequenceClassifier::DebertaV2(DebertaV2ForSequenceClassification::new(
                            p,
                            &ck.config::<DebertaV2Config>()?,
                        )?)
                    }
                })
            },
            Head::sequence,
        )
    }
}

impl Loaded<SequenceClassifier> {
    /// Logits, shape (batch, labels), under no_grad.
    pub fn logits(&self, b: &Batch) -> Result<Tensor> {
        let ids = Some(&b.ids);
        let mask = Some(&b.mask);
        let types = b.types.as_ref();
        tch::no_grad(|| {
            let model = match &self.net {
                Net::Fused { encoder, head } => return fused_logits(encoder, head, b),
                Net::RustBert { model, .. } => model,
            };
            Ok(match model {
                SequenceClassifier::Bert(m) => {
                    m.forward_t(ids, mask, types, None, None, false).logits
                }
                SequenceClassifier::Roberta(m) => {
                    m.forward_t(ids, mask, types, None, None, false).logits
                }
                SequenceClassifier::DistilBert(m) => m.forward_t(ids, mask, None, false)?.logits,
                SequenceClassifier::DebertaV2(m) => {
                    m.forward_t(ids, mask, types, None, None, false)?.logits
                }
            })
        })
    }
}

/// Rows of a 2-D float tensor.
pub fn rows(t: &Tensor) -> Result<Vec<Vec<f32>>> {
    let t = t.to(Device::Cpu).to_kind(Kind::Float).contiguous();
    let cols = t.size().get(1).copied().unwrap_or(0).max(1) as usize;
    let flat = Vec::<f32>::try_from(t.view([-1]))?;
    Ok(flat.chunks(cols).map(<[f32]>::to_vec).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn once_each_runs_distinct_items_once_and_answers_every_item() {
        let mut seen = Vec::new();
        let out = once_each("m", &["a", "b", "a", "c", "b"], |u| {
            seen = u.to_vec();
            Ok(u.iter().map(|s| s.to_uppercase()).collect())
        })
        .unwrap();
        assert_eq!(seen, ["a", "b", "c"]);
        assert_eq!(out, ["A", "B", "A", "C", "B"]);
        let short = once_each("m", &["a", "b"], |_| Ok(vec![1]));
        assert!(short.is_err());
    }
}
