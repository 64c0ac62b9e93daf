//! The libtorch backend the transformer engines share: checkpoint directories
//! ([`checkpoint`]), the architectures with their heads ([`arch`]), padded batches in
//! length order ([`batching`]), the fused encoder forward ([`encoder`]), tokenizers
//! built from whichever tokenizer files a checkpoint ships ([`tokenizer`]), weights
//! ([`weights`]; pytorch_model.bin through [`torch_bin`] and the restricted unpickler
//! [`pickle`]), the model manifest and hub cache ([`manifest`]) with its sha256
//! lock ([`lock`]), the device and
//! thread settings ([`device`]), the `[models]` configuration ([`config`]) and the
//! backend's errors ([`error`]).
//!
//! The engines themselves live with their stages, one file per task as in
//! rust-bert: `entities::transformer` (token classification),
//! `verify::nli::transformer` (cross-encoder sequence classification) and
//! `embed::transformer` (sentence embeddings).

pub mod arch;
pub mod batching;
pub mod checkpoint;
pub mod config;
pub mod device;
pub mod encoder;
pub mod error;
pub mod home;
pub mod lock;
pub mod manifest;
pub mod pickle;
pub mod tokenizer;
pub mod torch_bin;
pub mod weights;

pub use config::{Aggregation, ModelsConfig};
pub use device::DeviceChoice;
pub use error::{Missing, MissingTokenizer, ModelError, PickleError, PickleProblem, RepoMissing};
