//! An inference-only forward pass for BERT-family encoders (BERT, RoBERTa, MiniLM)
//! over the weights rust-bert loaded.
//!
//! rust-bert's BERT layers compute attention as matmul + mask + softmax + matmul and
//! GELU as five element-wise ops; Python `transformers` calls libtorch's fused
//! `scaled_dot_product_attention` and `gelu`. On the CPU that made rust-bert's
//! all-MiniLM-L6-v2 about 1.3x slower than sentence-transformers on the same
//! inputs (BENCHMARKS.md). This module runs the same layers with the fused kernels,
//! one matrix product for query, key and value, and layer-norm epsilon and RoBERTa's
//! padding index read from config.json (rust-bert fixes them at 1e-12 and 1). The
//! variables are rust-bert's: the model is built and loaded there (strict names and
//! shapes), then its tensors are borrowed here.
//!
//! DistilBERT and DeBERTa-v2 keep rust-bert's forward.

use std::collections::HashMap;

use serde::Deserialize;
use tch::{Kind, Tensor};

use crate::models::error::ModelError;

/// Set to `rust-bert`, this environment variable makes every model run rust-bert's
/// forward (and loader) instead of this one: for comparing the two (`make bench`).
pub const FORWARD_ENV: &str = "CROSSCHECK_FORWARD";

/// Whether the fused forward may run (see [`FORWARD_ENV`]).
pub fn fused_allowed() -> bool {
    std::env::var(FORWARD_ENV).map_or(true, |v| v != "rust-bert")
}

/// Fields of config.json this forward needs beyond the tensors' shapes.
#[derive(Debug, Clone, Deserialize)]
pub struct EncoderConfig {
    /// bert, roberta or xlm-roberta: decides how positions are numbered.
    pub model_type: String,
    /// Attention heads per layer.
    pub num_attention_heads: i64,
    /// The feed-forward activation; gelu when absent.
    #[serde(default = "default_act")]
    pub hidden_act: String,
    /// Layer normalization's epsilon; 1e-12 when absent.
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    /// RoBERTa's padding id, after which its positions start; 1 when absent.
    #[serde(default)]
    pub pad_token_id: Option<i64>,
    /// "absolute" (the default); relative position embeddings are rust-bert's to run.
    #[serde(default)]
    pub position_embedding_type: Option<String>,
    /// Width of the hidden states.
    pub hidden_size: i64,
    /// Number of encoder layers.
    pub num_hidden_layers: i64,
    /// Width of each layer's feed-forward inner layer.
    pub intermediate_size: i64,
    /// Rows of the word-embedding table.
    pub vocab_size: i64,
    /// Rows of the position-embedding table.
    pub max_position_embeddings: i64,
    /// Rows of the token-type embedding table: 2 when absent, 0 for none.
    #[serde(default)]
    pub type_vocab_size: Option<i64>,
}

impl EncoderConfig {
    /// Whether this forward covers the model; the reason when it does not (rust-bert's
    /// forward then runs it).
    pub fn supported(&self) -> Result<(), ModelError> {
        self.act()?;
        self.positions()?;
        if let Some(p) = self
            .position_embedding_type
            .as_deref()
            .filter(|p| *p != "absolute")
        {
            return Err(ModelError::UnsupportedPositionEmbeddings(p.to_string()));
        }
        if self.num_attention_heads <= 0 || self.hidden_size % self.num_attention_heads != 0 {
            return Err(ModelError::HeadsDoNotDivide {
                heads: self.num_attention_heads,
                hidden: self.hidden_size,
            });
        }
        Ok(())
    }

    fn act(&self) -> Result<Act, ModelError> {
        Ok(match self.hidden_act.as_str() {
            "gelu" => Act::Gelu,
            "gelu_new" | "gelu_pytorch_tanh" => Act::GeluTanh,
            "relu" => Act::Relu,
            other => return Err(ModelError::UnsupportedActivation(other.to_string())),
        })
    }

    fn positions(&self) -> Result<Positions, ModelError> {
        Ok(match self.model_type.as_str() {
            "bert" => Positions::Absolute,
            "roberta" | "xlm-roberta" => Positions::AfterPadding(self.pad_token_id.unwrap_or(1)),
            other => return Err(ModelError::UnsupportedModelType(other.to_string())),
        })
    }
}

fn default_act() -> String {
    "gelu".into()
}

fn default_eps() -> f64 {
    1e-12
}

/// How positions are numbered.
#[derive(Debug, Clone, Copy)]
enum Positions {
    /// 0, 1, 2, ... (BERT).
    Absolute,
    /// Real tokens from `pad + 1` on, padding at `pad` (RoBERTa).
    AfterPadding(i64),
}

#[derive(Debug, Clone, Copy)]
enum Act {
    Gelu,
    GeluTanh,
    Relu,
}

/// A layer normalization's weight and bias, sharing the checkpoint's tensors.
pub struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
}

/// A linear layer's weight (outputs, inputs) and bias, sharing the checkpoint's tensors.
pub struct Linear {
    weight: Tensor,
    bias: Tensor,
}

impl Linear {
    fn shallow_clone(&self) -> Linear {
        Linear {
            weight: self.weight.shallow_clone(),
            bias: self.bias.shallow_clone(),
        }
    }

    fn apply(&self, x: &Tensor) -> Tensor {
        x.linear(&self.weight, Some(&self.bias))
    }
}

struct Layer {
    /// Query, key and value stacked: one matrix product instead of three.
    qkv: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    intermediate: Linear,
    out: Linear,
    out_norm: LayerNorm,
}

/// A BERT-family encoder: token ids and mask in, hidden states out.
pub struct Encoder {
    word: Tensor,
    position: Tensor,
    token_type: Option<Tensor>,
    embed_norm: LayerNorm,
    layers: Vec<Layer>,
    heads: i64,
    eps: f64,
    act: Act,
    positions: Positions,
}

/// Tensors by name: a VarStore's variables, or a weights file's contents.
pub type Vars = HashMap<String, Tensor>;

impl LayerNorm {
    fn shallow_clone(&self) -> LayerNorm {
        LayerNorm {
            weight: self.weight.shallow_clone(),
            bias: self.bias.shallow_clone(),
        }
    }
}

/// Tensor `name`, which must have shape `want`: a checkpoint whose weights disagree
/// with its config.json (an `id2label` of another size than the classifier) is refused
/// naming the tensor.
fn var(vars: &Vars, name: &str, want: &[i64]) -> Result<Tensor, ModelError> {
    let t = vars.get(name).ok_or_else(|| ModelError::MissingTensor {
        name: name.to_string(),
    })?;
    if t.size() != want {
        return Err(ModelError::ShapeMismatch {
            name: name.to_string(),
            file: t.size(),
            model: want.to_vec(),
        });
    }
    Ok(t.shallow_clone())
}

/// A linear layer from `inputs` to `outputs` features.
fn linear(vars: &Vars, name: &str, inputs: i64, outputs: i64) -> Result<Linear, ModelError> {
    Ok(Linear {
        weight: var(vars, &format!("{name}.weight"), &[outputs, inputs])?,
        bias: var(vars, &format!("{name}.bias"), &[outputs])?,
    })
}

fn layer_norm(vars: &Vars, name: &str, dim: i64) -> Result<LayerNorm, ModelError> {
    Ok(LayerNorm {
        weight: var(vars, &format!("{name}.weight"), &[dim])?,
        bias: var(vars, &format!("{name}.bias"), &[dim])?,
    })
}

impl Encoder {
    /// The encoder whose tensors are named `{prefix}embeddings...` and
    /// `{prefix}encoder.layer.{i}...` in `vars`, with the shapes config.json gives.
    /// An error names the tensor that is missing or does not fit.
    pub fn from_vars(
        vars: &Vars,
        prefix: &str,
        cfg: &EncoderConfig,
    ) -> Result<Encoder, ModelError> {
        cfg.supported()?;
        let (h, inter) = (cfg.hidden_size, cfg.intermediate_size);
        let e = format!("{prefix}embeddings");
        let mut layers = Vec::new();
        for i in 0..cfg.num_hidden_layers {
            let l = format!("{prefix}encoder.layer.{i}");
            let q = linear(vars, &format!("{l}.attention.self.query"), h, h)?;
            let k = linear(vars, &format!("{l}.attention.self.key"), h, h)?;
            let v = linear(vars, &format!("{l}.attention.self.value"), h, h)?;
            layers.push(Layer {
                qkv: Linear {
                    weight: Tensor::cat(&[&q.weight, &k.weight, &v.weight], 0),
                    bias: Tensor::cat(&[&q.bias, &k.bias, &v.bias], 0),
                },
                attn_out: linear(vars, &format!("{l}.attention.output.dense"), h, h)?,
                attn_norm: layer_norm(vars, &format!("{l}.attention.output.LayerNorm"), h)?,
                intermediate: linear(vars, &format!("{l}.intermediate.dense"), h, inter)?,
                out: linear(vars, &format!("{l}.output.dense"), inter, h)?,
                out_norm: layer_norm(vars, &format!("{l}.output.LayerNorm"), h)?,
            });
        }
        let token_type = match cfg.type_vocab_size.unwrap_or(2) {
            0 => None,
            n => Some(var(
                vars,
                &format!("{e}.token_type_embeddings.weight"),
                &[n, h],
            )?),
        };
        Ok(Encoder {
            word: var(
                vars,
                &format!("{e}.word_embeddings.weight"),
                &[cfg.vocab_size, h],
            )?,
            position: var(
                vars,
                &format!("{e}.position_embeddings.weight"),
                &[cfg.max_position_embeddings, h],
            )?,
            token_type,
            embed_norm: layer_norm(vars, &format!("{e}.LayerNorm"), h)?,
            layers,
            heads: cfg.num_attention_heads,
            eps: cfg.layer_norm_eps,
            act: cfg.act()?,
            positions: cfg.positions()?,
        })
    }

    /// The same encoder over the same weight storage, for another thread (tensors are
    /// `Send` but not `Sync`: each worker holds its own handles).
    pub fn shallow_clone(&self) -> Encoder {
        Encoder {
            word: self.word.shallow_clone(),
            position: self.position.shallow_clone(),
            token_type: self.token_type.as_ref().map(Tensor::shallow_clone),
            embed_norm: self.embed_norm.shallow_clone(),
            layers: self
                .layers
                .iter()
                .map(|l| Layer {
                    qkv: l.qkv.shallow_clone(),
                    attn_out: l.attn_out.shallow_clone(),
                    attn_norm: l.attn_norm.shallow_clone(),
                    intermediate: l.intermediate.shallow_clone(),
                    out: l.out.shallow_clone(),
                    out_norm: l.out_norm.shallow_clone(),
                })
                .collect(),
            heads: self.heads,
            eps: self.eps,
            act: self.act,
            positions: self.positions,
        }
    }

    fn norm(&self, x: &Tensor, n: &LayerNorm) -> Tensor {
        let dim = x.size().last().copied().unwrap_or(1);
        x.layer_norm(
            [dim].as_slice(),
            Some(&n.weight),
            Some(&n.bias),
            self.eps,
            false,
        )
    }

    /// Hidden states (batch, tokens, hidden) for `ids` and `mask` (batch, tokens),
    /// with token types when the model has them (zeros otherwise); with `first_only`,
    /// those of the first token only (batch, 1, hidden). Call under `no_grad`.
    pub fn forward(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        types: Option<&Tensor>,
        first_only: bool,
    ) -> Result<Tensor, tch::TchError> {
        let (batch, len) = ids.size2().unwrap_or((1, 1));
        let device = ids.device();
        let positions = match self.positions {
            Positions::Absolute => Tensor::arange(len, (Kind::Int64, device))
                .unsqueeze(0)
                .expand([batch, len], false),
            Positions::AfterPadding(pad) => {
                let real = ids.ne(pad).to_kind(Kind::Int64);
                real.cumsum(1, Kind::Int64) * &real + pad
            }
        };
        let mut x = Tensor::embedding(&self.word, ids, -1, false, false)
            + Tensor::embedding(&self.position, &positions, -1, false, false);
        if let Some(tt) = &self.token_type {
            x = match types {
                Some(t) => x + Tensor::embedding(tt, t, -1, false, false),
                None => x + tt.get(0),
            };
        }
        let mut x = self.norm(&x, &self.embed_norm);

        // (batch, 1, 1, tokens): true where a key is a real token.
        let keep = mask.ne(0).view([batch, 1, 1, len]);
        let hidden = x.size().last().copied().unwrap_or(1);
        let head_dim = hidden / self.heads;
        let last = self.layers.len().saturating_sub(1);
        for (i, l) in self.layers.iter().enumerate() {
            let (q, k, v) = if first_only && i == last {
                // A sequence head reads the first token only: in the last layer no other
                // position's output is used, so only its query, attention and
                // feed-forward are computed (keys and values still cover every token).
                let q = x
                    .narrow(1, 0, 1)
                    .linear(
                        &l.qkv.weight.narrow(0, 0, hidden),
                        Some(&l.qkv.bias.narrow(0, 0, hidden)),
                    )
                    .view([batch, 1, self.heads, head_dim])
                    .transpose(1, 2);
                let kv = x
                    .linear(
                        &l.qkv.weight.narrow(0, hidden, 2 * hidden),
                        Some(&l.qkv.bias.narrow(0, hidden, 2 * hidden)),
                    )
                    .view([batch, len, 2, self.heads, head_dim])
                    .permute([2, 0, 3, 1, 4]);
                x = x.narrow(1, 0, 1);
                (q, kv.get(0), kv.get(1))
            } else {
                let qkv = l
                    .qkv
                    .apply(&x)
                    .view([batch, len, 3, self.heads, head_dim])
                    .permute([2, 0, 3, 1, 4]);
                (qkv.get(0), qkv.get(1), qkv.get(2))
            };
            let queries = q.size()[2];
            let context =
                Tensor::f_scaled_dot_product_attention(&q, &k, &v, Some(&keep), 0.0, false, None)?
                    .transpose(1, 2)
                    .reshape([batch, queries, hidden]);
            let a = self.norm(&(l.attn_out.apply(&context) + &x), &l.attn_norm);
            let h = l.intermediate.apply(&a);
            let h = match self.act {
                Act::Gelu => h.gelu("none"),
                Act::GeluTanh => h.gelu("tanh"),
                Act::Relu => h.relu(),
            };
            x = self.norm(&(l.out.apply(&h) + &a), &l.out_norm);
        }
        Ok(x)
    }
}

/// What sits on top of the encoder for a task.
pub enum Head {
    /// None: the hidden states are the output (sentence embeddings pool them).
    None,
    /// One linear layer on every token (token classification).
    Tokens(Linear),
    /// BERT: pooler (dense + tanh on the first token), then a linear classifier.
    Pooled {
        /// `{prefix}pooler.dense`, on the first token's hidden state.
        pooler: Linear,
        /// `classifier`, from the pooled vector to the labels.
        classifier: Linear,
    },
    /// RoBERTa: dense + tanh on the first token, then the output projection.
    FirstToken {
        /// `classifier.dense`, on the first token's hidden state.
        dense: Linear,
        /// `classifier.out_proj`, to the labels.
        out: Linear,
    },
}

impl Head {
    /// The token-classification head `classifier` for `labels` classes.
    pub fn tokens(vars: &Vars, hidden: i64, labels: i64) -> Result<Head, ModelError> {
        Ok(Head::Tokens(linear(vars, "classifier", hidden, labels)?))
    }

    /// The sequence-classification head of a BERT (`prefix` "bert.") or RoBERTa model.
    pub fn sequence(
        vars: &Vars,
        prefix: &str,
        hidden: i64,
        labels: i64,
    ) -> Result<Head, ModelError> {
        if vars.contains_key("classifier.out_proj.weight") {
            return Ok(Head::FirstToken {
                dense: linear(vars, "classifier.dense", hidden, hidden)?,
                out: linear(vars, "classifier.out_proj", hidden, labels)?,
            });
        }
        Ok(Head::Pooled {
            pooler: linear(vars, &format!("{prefix}pooler.dense"), hidden, hidden)?,
            classifier: linear(vars, "classifier", hidden, labels)?,
        })
    }

    /// Whether the head reads the first token only.
    pub fn first_only(&self) -> bool {
        matches!(self, Head::Pooled { .. } | Head::FirstToken { .. })
    }

    /// Logits: (batch, tokens, labels) for token heads, (batch, labels) for sequence
    /// heads, the hidden states themselves for `None`.
    pub fn apply(&self, hidden: &Tensor) -> Tensor {
        match self {
            Head::None => hidden.shallow_clone(),
            Head::Tokens(c) => c.apply(hidden),
            Head::Pooled { pooler, classifier } => {
                classifier.apply(&pooler.apply(&hidden.select(1, 0)).tanh())
            }
            Head::FirstToken { dense, out } => out.apply(&dense.apply(&hidden.select(1, 0)).tanh()),
        }
    }
}
