//! The transformer embedder: tokenizes with the checkpoint's own tokenizer (HF
//! `tokenizers`), sorts inputs by length so each batch pads little, passes the
//! attention mask, mean-pools over real tokens only and L2-normalizes: the same
//! computation as sentence-transformers' `encode(normalize_embeddings=True)`.

use std::path::{Path, PathBuf};

use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use tch::{Device, Kind, Tensor};
use tokenizers::Tokenizer;

use super::Embedder;
use crate::engine::{EngineInfo, EngineKind};
use crate::error::{Error, Result};
use crate::models::arch::{self, Net};
use crate::models::batching::{self, Batch, Inputs};
use crate::models::checkpoint;
use crate::models::encoder::{EncoderConfig, Head};

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
    /// Loads `config.json`, the tokenizer files and the weights (model.safetensors,
    /// rust_model.ot or pytorch_model.bin) from `dir`.
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
            checkpoint::tokenizer(dir, max_len, positions).map_err(|e| fail(e.to_string()))?;
        let weights = checkpoint::weights(dir).map_err(|e| fail(e.to_string()))?;
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
                pad: batching::pad_id(&tokenizer),
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
            revision: crate::models::lock::commit_of(&self.dir),
            note: None,
        }
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        batching::once_each(&self.name, texts, |t| self.embed_each(t))
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
        batching::in_length_order(&self.name, &encodings, self.batch_size, |batch| {
            self.embed_batch(batch)
        })
    }
}
