//! One error type for the library. Every variant that concerns a file names it, so a
//! message can be shown to a user as is.

use std::path::PathBuf;

/// Errors raised by crosscheck's stages.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory the operation was on.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// An article could not be used (binary, invalid UTF-8, empty...).
    #[error("{}: {message}", path.display())]
    Article {
        /// The article file, as the user gave it or as found under the corpus.
        path: PathBuf,
        /// What is wrong with it (an [`crate::ingest::ArticleError`]'s message).
        message: String,
    },
    /// The corpus as a whole cannot be processed (missing, empty, nothing usable).
    #[error("corpus {}: {message}", path.display())]
    Corpus {
        /// The corpus directory.
        path: PathBuf,
        /// What is wrong with it ("does not exist", "no articles found ...").
        message: String,
    },
    /// crosscheck.toml or a metadata file is malformed.
    #[error("{}: {message}", path.display())]
    Config {
        /// The configuration or manifest file.
        path: PathBuf,
        /// The parser's or the reader's message.
        message: String,
    },
    /// A model could not be found, loaded or run.
    #[error("model {name}: {message}")]
    Model {
        /// The model as reports name it (a hub id or a directory's last component).
        name: String,
        /// What went wrong, usually prefixed by the checkpoint directory or file.
        message: String,
    },
    /// The requested device is not usable.
    #[error("device: {0}")]
    Device(String),
    /// A libtorch operation failed while running a model (forward pass, output copy).
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    /// rust-bert could not build or run one of its models.
    #[error("rust-bert: {0}")]
    RustBert(#[from] rust_bert::RustBertError),
    /// A value could not be serialized to JSON (a report, an index record, a recording).
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A report could not be rendered.
    #[error("report: {0}")]
    Report(String),
    /// A report template (the HTML or Markdown report's) failed to load or render.
    #[error("template: {0:#}")]
    Template(#[from] minijinja::Error),
}

impl Error {
    /// An [`Error::Io`] about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// An [`Error::Model`] for the model `name`; `message` is shown after its name.
    pub fn model(name: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Error::Model {
            name: name.into(),
            message: message.to_string(),
        }
    }
}

/// A result whose error defaults to crosscheck's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
