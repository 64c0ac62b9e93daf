//! Transformer NER: a token-classification checkpoint (BERT, RoBERTa, DistilBERT,
//! DeBERTa-v2) turned into entities with byte offsets into each input text.
//!
//! Word pieces are merged into words and words into entities the way the
//! `transformers` token-classification pipeline does it, so a checkpoint gives the same
//! spans here as in Python:
//! - a token is a continuation of the previous word when the tokenizer marks it (a
//!   `##` WordPiece prefix), or, for tokenizers without such a prefix (byte-level BPE),
//!   when no space separates it from the text before it; unknown tokens start words;
//! - [`Aggregation::Average`] (the default) averages the label probabilities of a
//!   word's tokens and takes the best label, whose averaged probability is the word's
//!   score; [`Aggregation::First`] uses the first token's probabilities. Never a
//!   product of sub-token scores;
//! - consecutive words form one entity while their tag stays the same and no `B-`
//!   starts a new one (BIO and IOB2 alike); an entity's score is the mean of its words'.

use std::path::Path;

use tch::{Device, Kind};
use tokenizers::{Encoding, ModelWrapper};

use crate::engine::{EngineInfo, EngineKind};
use crate::entities::{rules::key_of, Entity, EntityKind, EntityRecognizer};
use crate::error::{Error, Result};
use crate::models::arch::{Loaded, TokenClassifier};
use crate::models::batching;
use crate::models::checkpoint::Checkpoint;
use crate::models::Aggregation;

/// An entity as the model found it, before mapping to crosscheck's kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// Label without its B-/I- prefix ("PER", "ORG", "GPE", ...).
    pub group: String,
    /// Byte offsets into the input text.
    pub start: usize,
    /// Byte offset just past the entity in the input text.
    pub end: usize,
    /// Confidence, 0 to 1: the mean of its words' label probabilities.
    pub score: f32,
}

/// Named-entity recognition by a token-classification checkpoint, word pieces merged
/// into entities as the `transformers` pipeline does.
pub struct TransformerNer {
    model: Loaded<TokenClassifier>,
    ck: Checkpoint,
    /// The tokenizer marks continuation pieces with this prefix ("##").
    subword_prefix: Option<String>,
    unk: Option<u32>,
    batch_size: usize,
    /// How a word's token probabilities become its label: averaged (the default) or the
    /// first token's.
    pub aggregation: Aggregation,
}

impl TransformerNer {
    /// Loads the checkpoint in `dir`, named `name` in reports, onto `device`:
    /// `batch_size` texts per forward pass, inputs truncated to `max_len` word pieces.
    pub fn load(
        dir: &Path,
        name: &str,
        device: Device,
        batch_size: usize,
        max_len: usize,
    ) -> Result<Self> {
        let ck = Checkpoint::open(dir, name, max_len)?;
        let model = TokenClassifier::load(&ck, device)?;
        let (subword_prefix, unk_token) = match ck.tokenizer.get_model() {
            ModelWrapper::WordPiece(m) => (
                Some(m.continuing_subword_prefix.clone()),
                Some(m.unk_token.clone()),
            ),
            ModelWrapper::BPE(m) => (m.continuing_subword_prefix.clone(), m.unk_token.clone()),
            _ => (None, None),
        };
        let unk = unk_token.and_then(|t| ck.tokenizer.token_to_id(&t));
        Ok(TransformerNer {
            model,
            ck,
            subword_prefix: subword_prefix.filter(|p| !p.is_empty()),
            unk,
            batch_size: batch_size.max(1),
            aggregation: Aggregation::Average,
        })
    }

    /// Label probabilities per token, for each text: (encoding, probs[token][label]).
    pub fn token_probs(&self, texts: &[&str]) -> Result<Vec<(Encoding, Vec<Vec<f32>>)>> {
        batching::once_each(&self.ck.name, texts, |t| self.token_probs_of(t))
    }

    /// As [`Self::token_probs`], every text run through the model.
    fn token_probs_of(&self, texts: &[&str]) -> Result<Vec<(Encoding, Vec<Vec<f32>>)>> {
        let encodings = self
            .ck
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::model(&self.ck.name, format!("tokenizing: {e}")))?;
        let name = &self.ck.name;
        let probs = batching::in_length_order(name, &encodings, self.batch_size, |encs| {
            let b = self
                .model
                .inputs
                .batch(encs)
                .map_err(|m| Error::model(name, m))?;
            let p = self.model.logits(&b)?.softmax(-1, Kind::Float);
            encs.iter()
                .enumerate()
                .map(|(row, e)| batching::rows(&p.get(row as i64).narrow(0, 0, e.len() as i64)))
                .collect()
        })?;
        Ok(encodings.into_iter().zip(probs).collect())
    }

    /// Which forward pass runs the model: "fused" ([`super::encoder`]) or "rust-bert".
    pub fn forward_kind(&self) -> &'static str {
        self.model.net.kind()
    }

    /// Entities of each text, as the model labels them.
    pub fn spans(&self, texts: &[&str]) -> Result<Vec<Vec<Span>>> {
        let out = self.token_probs(texts)?;
        Ok(texts
            .iter()
            .zip(&out)
            .map(|(text, (enc, probs))| self.group(text, enc, probs))
            .collect())
    }

    fn group(&self, text: &str, enc: &Encoding, probs: &[Vec<f32>]) -> Vec<Span> {
        // Words: (start, end, probability rows of their tokens).
        let mut words: Vec<(usize, usize, Vec<&[f32]>)> = Vec::new();
        for (t, p) in probs.iter().enumerate() {
            if enc.get_special_tokens_mask().get(t) == Some(&1) {
                continue;
            }
            let Some(&(s, e)) = enc.get_offsets().get(t) else {
                continue;
            };
            if s >= e {
                continue;
            }
            let token = enc
                .get_tokens()
                .get(t)
                .map(String::as_str)
                .unwrap_or_default();
            let is_unk = self.unk.is_some() && enc.get_ids().get(t).copied() == self.unk;
            let continues = !is_unk
                && match &self.subword_prefix {
                    Some(prefix) => token.starts_with(prefix.as_str()),
                    None => {
                        s > 0
                            && !text
                                .get(prev_char(text, s)..next_char(text, s))
                                .is_some_and(|w| w.contains(' '))
                    }
                };
            match words.last_mut() {
                Some(w) if continues => {
                    w.1 = e;
                    w.2.push(p);
                }
                _ => words.push((s, e, vec![p])),
            }
        }
        // Label and score per word.
        let labelled = words.into_iter().map(|(s, e, rows)| {
            let dist: Vec<f32> = match self.aggregation {
                Aggregation::First => rows[0].to_vec(),
                Aggregation::Average => {
                    let mut m = vec![0f32; rows[0].len()];
                    for r in &rows {
                        for (a, b) in m.iter_mut().zip(*r) {
                            *a += b;
                        }
                    }
                    m.iter().map(|x| x / rows.len() as f32).collect()
                }
            };
            let (best, score) =
                dist.iter()
                    .copied()
                    .enumerate()
                    .fold(
                        (0, f32::MIN),
                        |acc, (i, p)| if p > acc.1 { (i, p) } else { acc },
                    );
            let label = self.ck.labels.get(best).map(String::as_str).unwrap_or("O");
            (s, e, label, score)
        });
        // Words into entities (BIO / IOB2), then drop "O".
        let tag = |label: &str| -> (bool, String) {
            match label.split_once('-') {
                Some(("B", t)) => (true, t.to_string()),
                Some(("I", t)) => (false, t.to_string()),
                _ => (false, label.to_string()),
            }
        };
        let mut groups: Vec<(String, usize, usize, Vec<f32>)> = Vec::new();
        for (s, e, label, score) in labelled {
            let (begins, t) = tag(label);
            match groups.last_mut() {
                Some(g) if g.0 == t && !begins => {
                    g.2 = e;
                    g.3.push(score);
                }
                _ => groups.push((t, s, e, vec![score])),
            }
        }
        groups
            .into_iter()
            .filter(|g| g.0 != "O")
            .map(|(group, start, end, scores)| Span {
                group,
                start,
                end,
                score: scores.iter().sum::<f32>() / scores.len() as f32,
            })
            .collect()
    }
}

fn prev_char(text: &str, i: usize) -> usize {
    text[..i].char_indices().next_back().map_or(0, |(j, _)| j)
}

fn next_char(text: &str, i: usize) -> usize {
    text[i..].chars().next().map_or(i, |c| i + c.len_utf8())
}

/// crosscheck's kind for a label group (CoNLL or OntoNotes); `None` for groups
/// that are quantities (the deterministic parser owns those) or not entities.
pub fn kind_of(group: &str) -> Option<EntityKind> {
    Some(match group.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => EntityKind::Person,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => EntityKind::Organization,
        "LOC" | "GPE" | "FAC" | "LOCATION" => EntityKind::Place,
        "PRODUCT" | "WORK_OF_ART" => EntityKind::Product,
        "DATE" | "TIME" | "MONEY" | "PERCENT" | "QUANTITY" | "CARDINAL" | "ORDINAL" => return None,
        _ => EntityKind::Other,
    })
}

impl EntityRecognizer for TransformerNer {
    fn info(&self) -> EngineInfo {
        EngineInfo {
            kind: EngineKind::Transformer,
            model: self.ck.name.clone(),
            source: Some(self.ck.dir.display().to_string()),
            revision: crate::models::lock::commit_of(&self.ck.dir),
            note: None,
        }
    }

    fn recognize_batch(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>> {
        let spans = self.spans(texts)?;
        Ok(texts
            .iter()
            .zip(spans)
            .map(|(text, spans)| {
                spans
                    .into_iter()
                    .filter_map(|s| {
                        let kind = kind_of(&s.group)?;
                        // The possessive stays outside the span, as with the rules.
                        let mut end = s.end;
                        for suffix in ["'s", "’s"] {
                            if text[s.start..end].ends_with(suffix) {
                                end -= suffix.len();
                            }
                        }
                        let raw = text.get(s.start..end)?;
                        let start = s.start + (raw.len() - raw.trim_start().len());
                        let surface = raw.trim();
                        if surface.is_empty() {
                            return None;
                        }
                        Some(Entity {
                            text: surface.to_string(),
                            key: key_of(surface),
                            kind,
                            start,
                            end: start + surface.len(),
                        })
                    })
                    .collect()
            })
            .collect())
    }
}
