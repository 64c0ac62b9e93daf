//! Sentence embeddings: all-MiniLM-L6-v2 through rust-bert, or a deterministic
//! hashing embedder when the model files are absent.
//!
//! The transformer path tokenizes with the checkpoint's own tokenizer (HF
//! `tokenizers`), sorts inputs by length so each batch pads little, passes the
//! attention mask, mean-pools over real tokens only and L2-normalizes: the same
//! computation as sentence-transformers' `encode(normalize_embeddings=True)`.

use std::path::{Path, PathBuf};

use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use tch::{Device, Kind, Tensor};
use tokenizers::Tokenizer;

use crate::engine::{EngineInfo, EngineKind};
use crate::error::{Error, Result};
use crate::models::arch::{self, Batch, Inputs, Net};
use crate::models::encoder::{EncoderConfig, Head};

/// Turns texts into unit-length vectors whose dot product is cosine similarity.
pub trait Embedder {
    fn info(&self) -> EngineInfo;
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
}

/// Cosine similarity of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// all-MiniLM-L6-v2 (or any BERT sentence-embedding checkpoint with mean pooling)
/// loaded from a local directory in Hugging Face layout.
pub struct TransformerEmbedder {
    net: Net<BertModel<BertEmbeddings>>,
    tokenizer: Tokenizer,
    inputs: Inputs,
    batch_size: usize,
    name: String,
    dir: PathBuf,
}

impl TransformerEmbedder {
    /// Loads `config.json`, the tokenizer files and `model.safetensors` (or `rust_model.ot`)
    /// from `dir`.
    pub fn load(dir: &Path, device: Device, batch_size: usize, max_len: usize) -> Result<Self> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        let fail = |msg: String| Error::model(&name, format!("{}: {msg}", dir.display()));

        let config_path = dir.join("config.json");
        let config_text =
            std::fs::read_to_string(&config_path).map_err(|e| fail(format!("config.json: {e}")))?;
        let config: BertConfig =
            serde_json::from_str(&config_text).map_err(|e| fail(format!("config.json: {e}")))?;

        let positions = usize::try_from(config.max_position_embeddings).ok();
        let tokenizer =
            arch::tokenizer(dir, max_len, positions).map_err(|e| fail(e.to_string()))?;
        let weights = arch::weights(dir).map_err(|e| fail(e.to_string()))?;
        // The fused forward when it covers the checkpoint, else rust-bert's model.
        let fused = serde_json::from_str::<EncoderConfig>(&config_text)
            .ok()
            .filter(|c| c.supported().is_ok() && crate::models::encoder::fused_allowed());
        let net = arch::build_net(
            &weights,
            device,
            fused.as_ref().map(|cfg| (cfg, "")),
            |p| Ok(BertModel::<BertEmbeddings>::new(p, &config)),
            |_, _, _| Ok(Head::None),
            |e| fail(format!("{}: {e}", weights.display())),
        )?;

        Ok(TransformerEmbedder {
            net,
            inputs: Inputs {
                pad: arch::pad_id(&tokenizer),
                token_types: false,
                vocab_size: Some(config.vocab_size),
                device,
            },
            tokenizer,
            batch_size: batch_size.max(1),
            name,
            dir: dir.to_path_buf(),
        })
    }

    /// Which forward pass runs the model: "fused" ([`crate::models::encoder`]) or
    /// "rust-bert".
    pub fn forward_kind(&self) -> &'static str {
        self.net.kind()
    }

    fn embed_batch(&self, encodings: &[&tokenizers::Encoding]) -> Result<Vec<Vec<f32>>> {
        let Batch { ids, mask, .. } = self
            .inputs
            .batch(encodings)
            .map_err(|m| Error::model(&self.name, m))?;
        let pooled = tch::no_grad(|| -> Result<Tensor> {
            let hidden = match &self.net {
                Net::Fused { encoder, .. } => encoder.forward(&ids, &mask, None, false)?,
                Net::RustBert { model, .. } => {
                    model
                        .forward_t(Some(&ids), Some(&mask), None, None, None, None, None, false)?
                        .hidden_state
                }
            };
            // Mean over real tokens only, then L2-normalize.
            let m = mask.unsqueeze(-1).to_kind(Kind::Float);
            let summed = (hidden * &m).sum_dim_intlist([1i64].as_slice(), false, Kind::Float);
            let counts = m
                .sum_dim_intlist([1i64].as_slice(), false, Kind::Float)
                .clamp_min(1e-9);
            let mean = summed / counts;
            let norm = mean
                .norm_scalaropt_dim(2, [1i64].as_slice(), true)
                .clamp_min(1e-12);
            Ok((mean / norm)
                .to(Device::Cpu)
                .to_kind(Kind::Float)
                .contiguous())
        })?;
        let dim = pooled.size().get(1).copied().unwrap_or(0) as usize;
        let flat: Vec<f32> = Vec::<f32>::try_from(pooled.view([-1]))?;
        Ok(flat.chunks(dim.max(1)).map(<[f32]>::to_vec).collect())
    }
}

impl Embedder for TransformerEmbedder {
    fn info(&self) -> EngineInfo {
        EngineInfo {
            kind: EngineKind::Transformer,
            model: self.name.clone(),
            source: Some(self.dir.display().to_string()),
            note: None,
        }
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        arch::once_each(&self.name, texts, |t| self.embed_each(t))
    }
}

impl TransformerEmbedder {
    /// As [`Embedder::embed`], every text run through the model.
    fn embed_each(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| Error::model(&self.name, format!("tokenizing: {e}")))?;
        arch::in_length_order(&self.name, &encodings, self.batch_size, |batch| {
            self.embed_batch(batch)
        })
    }
}

/// Deterministic stand-in: feature hashing of lowercase word unigrams and bigrams.
/// Good enough to rank near-duplicate sentences; weak on paraphrase. Used only when
/// the transformer model is absent, and reported as such.
pub struct HashingEmbedder {
    dim: usize,
    note: Option<String>,
}

impl HashingEmbedder {
    pub fn new(dim: usize, note: Option<String>) -> Self {
        HashingEmbedder {
            dim: dim.max(8),
            note,
        }
    }

    fn bucket(&self, token: &str) -> (usize, f32) {
        // FNV-1a: stable across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in token.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let sign = if h >> 63 == 0 { 1.0 } else { -1.0 };
        ((h % self.dim as u64) as usize, sign)
    }
}

impl Embedder for HashingEmbedder {
    fn info(&self) -> EngineInfo {
        EngineInfo {
            kind: EngineKind::Deterministic,
            model: format!("hashing-{}", self.dim),
            source: None,
            note: self.note.clone(),
        }
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        Ok(texts
            .iter()
            .map(|t| {
                let words: Vec<String> = t
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                let mut v = vec![0f32; self.dim];
                for w in &words {
                    let (i, s) = self.bucket(w);
                    v[i] += s;
                }
                for pair in words.windows(2) {
                    let (i, s) = self.bucket(&format!("{} {}", pair[0], pair[1]));
                    v[i] += 0.5 * s;
                }
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|x| *x /= norm);
                }
                v
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_embedder_is_unit_length_and_ranks_overlap() {
        let e = HashingEmbedder::new(256, None);
        let v = e
            .embed(&[
                "Microsoft invested $13 billion in OpenAI",
                "Microsoft invested $13 billion in OpenAI since 2019",
                "The city budget for roads grew",
            ])
            .unwrap();
        let n: f32 = v[0].iter().map(|x| x * x).sum();
        assert!((n - 1.0).abs() < 1e-5);
        assert!(cosine(&v[0], &v[1]) > cosine(&v[0], &v[2]));
    }

    #[test]
    fn hashing_embedder_handles_empty_text() {
        let e = HashingEmbedder::new(64, None);
        let v = e.embed(&["", "!!!"]).unwrap();
        assert!(v[0].iter().all(|x| *x == 0.0));
        assert_eq!(v[1].len(), 64);
    }
}
