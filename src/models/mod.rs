//! Transformer engines for the model-backed roles, one file per task as in rust-bert:
//! [`ner`] (token classification), [`nli`] (cross-encoder sequence classification),
//! both over the architectures in [`arch`], tokenized by [`tokenizer`] from whichever
//! tokenizer files a checkpoint ships.

pub mod arch;
pub mod encoder;
pub mod error;
pub mod manifest;
pub mod ner;
pub mod nli;
pub mod tokenizer;
pub mod weights;

pub use error::{Missing, MissingTokenizer, ModelError, RepoMissing};
pub use ner::TransformerNer;
pub use nli::TransformerNli;
