//! Transformer NLI: an MNLI-style cross-encoder (sequence classification over
//! "premise [SEP] hypothesis") whose labels are read from `id2label`, so checkpoints
//! that order their classes differently (entailment, neutral, contradiction or
//! contradiction, neutral, entailment, ...) all score right.
//!
//! Pairs are tokenized with the checkpoint's own tokenizer, sorted by length,
//! batched with padding and an attention mask: a pair scores the same alone and in a
//! padded batch.

use std::path::Path;

use tch::{Device, Kind};
use tokenizers::EncodeInput;

use super::{NliEngine, NliScores};
use crate::engine::{EngineInfo, EngineKind};
use crate::error::{Error, Result};
use crate::models::arch::{Loaded, SequenceClassifier};
use crate::models::batching;
use crate::models::checkpoint::Checkpoint;
use crate::models::ModelError;

/// NLI by an MNLI-style cross-encoder checkpoint, its classes read from `id2label`.
pub struct TransformerNli {
    model: Loaded<SequenceClassifier>,
    ck: Checkpoint,
    /// Class index of entailment, neutral, contradiction.
    entailment: usize,
    neutral: Option<usize>,
    contradiction: usize,
    batch_size: usize,
}

/// Which class index holds which NLI label. Names are matched case-insensitively by
/// prefix ("ENTAILMENT", "entailment", "contradiction", "CONTRADICTION", "neutral");
/// a checkpoint without entailment and contradiction labels is refused.
fn label_indices(
    labels: &[String],
) -> std::result::Result<(usize, Option<usize>, usize), ModelError> {
    let find = |prefix: &str| {
        labels
            .iter()
            .position(|l| l.to_ascii_lowercase().starts_with(prefix))
    };
    match (find("entail"), find("neutral"), find("contradict")) {
        (Some(e), n, Some(c)) => Ok((e, n, c)),
        _ => Err(ModelError::NotNli {
            labels: labels.to_vec(),
        }),
    }
}

impl TransformerNli {
    /// Loads the checkpoint in `dir`, named `name` in reports, onto `device`:
    /// `batch_size` pairs per forward pass, inputs truncated to `max_len` word pieces. A
    /// checkpoint without entailment and contradiction labels is an error.
    pub fn load(
        dir: &Path,
        name: &str,
        device: Device,
        batch_size: usize,
        max_len: usize,
    ) -> Result<Self> {
        let ck = Checkpoint::open(dir, name, max_len)?;
        let (entailment, neutral, contradiction) = label_indices(&ck.labels)
            .map_err(|m| Error::model(name, format!("{}: {m}", dir.display())))?;
        let model = SequenceClassifier::load(&ck, device)?;
        Ok(TransformerNli {
            model,
            ck,
            entailment,
            neutral,
            contradiction,
            batch_size: batch_size.max(1),
        })
    }

    /// Class probabilities per pair, in the checkpoint's label order.
    pub fn probabilities(&self, pairs: &[(&str, &str)]) -> Result<Vec<Vec<f32>>> {
        batching::once_each(&self.ck.name, pairs, |p| self.probabilities_of(p))
    }

    /// As [`Self::probabilities`], every pair run through the model.
    fn probabilities_of(&self, pairs: &[(&str, &str)]) -> Result<Vec<Vec<f32>>> {
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let inputs: Vec<EncodeInput> = pairs.iter().map(|&(p, h)| (p, h).into()).collect();
        let encodings = self
            .ck
            .tokenizer
            .encode_batch(inputs, true)
            .map_err(|e| Error::model(&self.ck.name, format!("tokenizing: {e}")))?;
        let name = &self.ck.name;
        batching::in_length_order(name, &encodings, self.batch_size, |encs| {
            let b = self
                .model
                .inputs
                .batch(encs)
                .map_err(|m| Error::model(name, m))?;
            batching::rows(&self.model.logits(&b)?.softmax(-1, Kind::Float))
        })
    }

    /// Which forward pass runs the model: "fused" ([`super::encoder`]) or "rust-bert".
    pub fn forward_kind(&self) -> &'static str {
        self.model.net.kind()
    }

    /// The checkpoint's class labels, in class-index order (`id2label`).
    pub fn labels(&self) -> &[String] {
        &self.ck.labels
    }
}

impl NliEngine for TransformerNli {
    fn info(&self) -> EngineInfo {
        EngineInfo {
            kind: EngineKind::Transformer,
            model: self.ck.name.clone(),
            source: Some(self.ck.dir.display().to_string()),
            revision: crate::models::lock::commit_of(&self.ck.dir),
            note: None,
        }
    }

    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>> {
        Ok(self
            .probabilities(pairs)?
            .into_iter()
            .map(|p| {
                let at = |i: usize| p.get(i).copied().unwrap_or(0.0);
                NliScores {
                    entailment: at(self.entailment),
                    neutral: self.neutral.map_or(0.0, at),
                    contradiction: at(self.contradiction),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_order_is_read_not_assumed() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            label_indices(&l(&["CONTRADICTION", "NEUTRAL", "ENTAILMENT"])).ok(),
            Some((2, Some(1), 0))
        );
        assert_eq!(
            label_indices(&l(&["entailment", "neutral", "contradiction"])).ok(),
            Some((0, Some(1), 2))
        );
        let err = label_indices(&l(&["LABEL_0", "LABEL_1"])).unwrap_err();
        assert!(err.to_string().contains("not an NLI checkpoint"), "{err}");
    }
}
