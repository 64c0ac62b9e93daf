//! Inputs to a forward pass: encodings padded into id, mask and token-type tensors,
//! run in length order (on CPU the padding is what costs time) and once per distinct
//! input, with the outputs handed back in input order.

use tch::{Device, Kind, Tensor};
use tokenizers::{Encoding, Tokenizer};

use crate::error::{Error, Result};
use crate::models::error::ModelError;

/// A batch of encodings as padded tensors.
pub struct Batch {
    /// Token ids, shape (batch, longest), int64, padded with the pad id.
    pub ids: Tensor,
    /// Attention mask of the same shape: 1 for a token, 0 for padding.
    pub mask: Tensor,
    /// Token-type (segment) ids of the same shape; `None` when the model takes none.
    pub types: Option<Tensor>,
}

/// How a model takes its inputs: the id that pads, whether token-type ids go in, the
/// vocabulary every id must fall in, and the device.
#[derive(Debug, Clone, Copy)]
pub struct Inputs {
    /// The token id padding is filled with (see [`pad_id`]).
    pub pad: u32,
    /// Whether [`Batch::types`] is built (BERT with segment embeddings).
    pub token_types: bool,
    /// The model's vocabulary size; an id at or past it is refused. `None`: no check.
    pub vocab_size: Option<i64>,
    /// Where the batch tensors are placed.
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
