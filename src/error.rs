//! One error type for the library. Every variant that concerns a file names it, so a
//! message can be shown to a user as is.

use std::path::PathBuf;

/// Errors raised by crosscheck's stages.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An article could not be used (binary, invalid UTF-8, empty...).
    #[error("{}: {message}", path.display())]
    Article { path: PathBuf, message: String },
    /// The corpus as a whole cannot be processed (missing, empty, nothing usable).
    #[error("corpus {}: {message}", path.display())]
    Corpus { path: PathBuf, message: String },
    /// crosscheck.toml or a metadata file is malformed.
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    /// A model could not be found, loaded or run.
    #[error("model {name}: {message}")]
    Model { name: String, message: String },
    /// The requested device is not usable.
    #[error("device: {0}")]
    Device(String),
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    #[error("rust-bert: {0}")]
    RustBert(#[from] rust_bert::RustBertError),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A report could not be rendered.
    #[error("report: {0}")]
    Report(String),
    #[error("template: {0:#}")]
    Template(#[from] minijinja::Error),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub fn model(name: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Error::Model {
            name: name.into(),
            message: message.to_string(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
