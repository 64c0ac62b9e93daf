//! The transformer architectures crosscheck runs, with a classification head: one enum
//! per task over rust-bert's model structs, each called with an attention mask.
//!
//! rust-bert's pipelines (`TokenClassificationModel`, `SequenceClassificationModel`)
//! tokenize with their own tokenizers and `SequenceClassificationModel::predict` passes
//! no attention mask, so a padded pair scores differently from the same pair alone.
//! Here the models are called directly: inputs come from the checkpoint's own
//! tokenizer (HF `tokenizers`, see [`crate::models::tokenizer`]), batches carry their
//! mask, and a sequence scores the same alone and padded.

use std::path::Path;

use rust_bert::bert::{BertConfig, BertForSequenceClassification, BertForTokenClassification};
use rust_bert::deberta_v2::{
    DebertaV2Config, DebertaV2ForSequenceClassification, DebertaV2ForTokenClassification,
};
use rust_bert::distilbert::{
    DistilBertConfig, DistilBertForTokenClassification, DistilBertModelClassifier,
};
use rust_bert::roberta::{RobertaForSequenceClassification, RobertaForTokenClassification};
use tch::{nn, Device, Tensor};

use crate::error::{Error, Result};
use crate::models::batching::{pad_id, Batch, Inputs};
use crate::models::checkpoint::{Arch, Checkpoint};
use crate::models::encoder::{self, Encoder, EncoderConfig, Head, Vars};
use crate::models::error::ModelError;

/// The forward pass of a checkpoint. With `fused` (the config and tensor-name prefix
/// [`Encoder`] covers), the fused forward: built straight from model.safetensors or
/// pytorch_model.bin, or over rust-bert's loaded variables for rust_model.ot. Without, rust-bert's model
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
    let from_file = crate::models::weights::reads_directly(weights);
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

/// A token-classification model: logits per token.
// One per loaded model: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum TokenClassifier {
    /// A BERT checkpoint (`model_type` bert).
    Bert(BertForTokenClassification),
    /// A RoBERTa or XLM-RoBERTa checkpoint.
    Roberta(RobertaForTokenClassification),
    /// A DistilBERT checkpoint.
    DistilBert(DistilBertForTokenClassification),
    /// A DeBERTa-v2 or -v3 checkpoint (`model_type` deberta-v2).
    DebertaV2(DebertaV2ForTokenClassification),
}

/// A sequence-classification model: logits per sequence.
// One per loaded model: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
pub enum SequenceClassifier {
    /// A BERT checkpoint (`model_type` bert).
    Bert(BertForSequenceClassification),
    /// A RoBERTa or XLM-RoBERTa checkpoint.
    Roberta(RobertaForSequenceClassification),
    /// A DistilBERT checkpoint.
    DistilBert(DistilBertModelClassifier),
    /// A DeBERTa-v2 or -v3 checkpoint (`model_type` deberta-v2).
    DebertaV2(DebertaV2ForSequenceClassification),
}

/// A built model with its weights.
pub struct Loaded<M> {
    /// The forward pass that runs it.
    pub net: Net<M>,
    /// How its batches are built: pad id, token types, vocabulary size, device.
    pub inputs: Inputs,
}

/// Which forward pass runs a loaded model.
pub enum Net<M> {
    /// [`crate::models::encoder`]'s fused forward (BERT, RoBERTa). rust-bert's model
    /// and VarStore are dropped once their tensors are borrowed.
    Fused {
        /// The encoder layers, over the checkpoint's tensors.
        encoder: Encoder,
        /// The task's layers on top of the encoder.
        head: Head,
    },
    /// rust-bert's model, with the VarStore that keeps its weights alive.
    RustBert {
        /// rust-bert's model ([`TokenClassifier`], [`SequenceClassifier`], ...).
        model: M,
        /// Keeps the model's weights alive; never read.
        _vs: nn::VarStore,
    },
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
    /// Builds the checkpoint's token-classification model on `device` with its
    /// weights; a checkpoint saved for another task is refused.
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
    /// Builds the checkpoint's sequence-classification model on `device` with its
    /// weights; a checkpoint saved for another task is refused.
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

/// Building a checkpoint's forward pass.
impl Checkpoint {
    /// Builds a model for the task whose architecture names end in `task` with
    /// `make`, then loads the weights into it.
    pub(super) fn build<M>(
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
