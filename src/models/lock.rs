//! The manifest's lock: the sha256 of every file a run reads, per hub model at a
//! commit, so that the weights behind a report are the ones that were reviewed.
//!
//! ```toml
//! [lock."cross-encoder/nli-deberta-v3-base@6c749ce3425cd33b46d187e45b92bbf96ee12ec7"]
//! "config.json" = "sha256 hex"
//! "model.safetensors" = "sha256 hex"
//! ```
//! `crosscheck models fetch` and `models verify` compare the files against it;
//! `models fetch --update` records them, and for a manifest role also rewrites the
//! role's `revision` to the commit the hub resolved (a branch such as "main" becomes
//! the commit it pointed to). The manifest is rewritten with `toml_edit`, keeping its
//! comments and layout, and atomically.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::models::error::ModelError;

/// The files of one model at one commit, by name, with their sha256 (hex).
pub type Hashes = BTreeMap<String, String>;

/// The lock's key for `id` at `commit`: `org/name@commit`.
pub fn key(id: &str, commit: &str) -> String {
    format!("{id}@{commit}")
}

/// Whether `revision` is a full commit id (40 hex digits), not a branch or tag.
pub fn is_commit(revision: &str) -> bool {
    revision.len() == 40 && revision.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The commit a checkpoint directory holds when it is a Hugging Face cache snapshot
/// (`.../models--org--name/snapshots/<commit>`), else `None` (a local directory).
pub fn commit_of(dir: &Path) -> Option<String> {
    let name = dir.file_name()?.to_str()?;
    let parent = dir.parent()?.file_name()?;
    (parent == "snapshots" && is_commit(name)).then(|| name.to_string())
}

/// The sha256 of a file ([`crate::fsio::file_hash`]).
pub fn hash_file(path: &Path) -> Result<String, ModelError> {
    crate::fsio::file_hash(path).map_err(|source| ModelError::LockRead {
        path: path.to_path_buf(),
        source,
    })
}

/// The sha256 of each of `files` in `dir`.
pub fn hash_files<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = &'a str>,
) -> Result<Hashes, ModelError> {
    files
        .into_iter()
        .map(|f| Ok((f.to_string(), hash_file(&dir.join(f))?)))
        .collect()
}

/// Checks every file `locked` names in `dir` against its hash: the first file that is
/// missing or differs is the error. Returns how many files matched.
pub fn check(dir: &Path, locked: &Hashes) -> Result<usize, ModelError> {
    for (file, want) in locked {
        let path = dir.join(file);
        if !path.is_file() {
            return Err(ModelError::LockedFileMissing { file: file.clone() });
        }
        let got = hash_file(&path)?;
        if !got.eq_ignore_ascii_case(want) {
            return Err(ModelError::LockMismatch {
                file: file.clone(),
                locked: want.clone(),
                actual: got,
            });
        }
    }
    Ok(locked.len())
}

/// Records `hashes` as the lock of `id` at `commit` in the manifest at `path`, and
/// when `role` is given (the model is the manifest's own for that role) sets the
/// role's `revision` to `commit`. Other commits' entries for `id` are dropped when
/// no role names them any more. The file keeps its comments; it is written
/// atomically. Returns whether anything changed.
pub fn record(
    path: &Path,
    role: Option<&str>,
    id: &str,
    commit: &str,
    hashes: &Hashes,
) -> Result<bool> {
    let bad = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| bad(format!("{e}")))?;
    if let Some(role) = role {
        let table = doc
            .get_mut(role)
            .and_then(toml_edit::Item::as_table_mut)
            .ok_or_else(|| bad(format!("no [{role}] table to pin")))?;
        if table.get("revision").and_then(toml_edit::Item::as_str) != Some(commit) {
            table["revision"] = toml_edit::value(commit);
        }
    }
    // Commits still named by some role (after the pin above).
    let named: Vec<String> = doc
        .iter()
        .filter(|(k, _)| *k != "lock")
        .filter_map(|(_, item)| {
            let t = item.as_table()?;
            let hub = t.get("hub")?.as_str()?;
            let rev = t.get("revision").and_then(toml_edit::Item::as_str)?;
            Some(key(hub, rev))
        })
        .collect();
    let fresh = !doc.contains_key("lock");
    let lock = doc
        .entry("lock")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or_else(|| bad("`lock` is not a table".into()))?;
    let this = key(id, commit);
    let stale: Vec<String> = lock
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| k != &this && k.rsplit_once('@').is_some_and(|(i, _)| i == id))
        .filter(|k| !named.contains(k))
        .collect();
    for k in &stale {
        lock.remove(k);
    }
    let unchanged = lock
        .get(&this)
        .and_then(toml_edit::Item::as_table)
        .is_some_and(|t| {
            t.len() == hashes.len()
                && hashes
                    .iter()
                    .all(|(f, h)| t.get(f).and_then(toml_edit::Item::as_str) == Some(h.as_str()))
        });
    if !unchanged {
        let mut entry = toml_edit::Table::new();
        for (file, hash) in hashes {
            entry[file.as_str()] = toml_edit::value(hash.as_str());
        }
        if fresh {
            entry.decor_mut().set_prefix(
                "\n# sha256 of the files a run reads, per hub model at a commit: written by\n\
                 # `crosscheck models fetch --update`, checked by `models fetch` and `models verify`.\n",
            );
        }
        lock.insert(&this, toml_edit::Item::Table(entry));
    }
    let after = doc.to_string();
    if after == text {
        return Ok(false);
    }
    crate::fsio::write_atomic(path, after.as_bytes())?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "0123456789abcdef0123456789abcdef01234567";
    const B: &str = "89abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn commits_are_read_from_cache_snapshot_paths_only() {
        assert!(is_commit(A));
        assert!(!is_commit("main"));
        assert!(!is_commit(&A[..39]));
        let snap = Path::new("/h/hub/models--o--n/snapshots").join(A);
        assert_eq!(commit_of(&snap).as_deref(), Some(A));
        assert_eq!(commit_of(&Path::new("/models").join(A)), None);
        assert_eq!(commit_of(Path::new("/h/snapshots/main")), None);
    }

    #[test]
    fn check_names_the_first_file_missing_or_changed() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("config.json"), b"{}").unwrap();
        std::fs::write(d.path().join("model.safetensors"), b"weights").unwrap();
        let mut locked = hash_files(d.path(), ["config.json", "model.safetensors"]).unwrap();
        // sha256 of "{}".
        assert_eq!(
            locked["config.json"],
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(check(d.path(), &locked).unwrap(), 2);
        std::fs::write(d.path().join("model.safetensors"), b"weightz").unwrap();
        let e = check(d.path(), &locked).unwrap_err();
        assert!(
            matches!(&e, ModelError::LockMismatch { file, .. } if file == "model.safetensors"),
            "{e}"
        );
        locked.insert("vocab.txt".into(), "00".into());
        locked.remove("model.safetensors");
        let e = check(d.path(), &locked).unwrap_err();
        assert!(
            matches!(&e, ModelError::LockedFileMissing { file } if file == "vocab.txt"),
            "{e}"
        );
    }

    #[test]
    fn record_pins_the_role_keeps_comments_and_drops_stale_commits() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("models.toml");
        std::fs::write(
            &path,
            format!(
                "# which model serves each role\n[ner]\nhub = \"o/ner\"\nrevision = \"main\"\n\n\
                 [nli]\nhub = \"o/nli\" # the cross-encoder\nrevision = \"{B}\"\n\n\
                 [lock.\"o/ner@{B}\"]\n\"config.json\" = \"aa\"\n\n\
                 [lock.\"o/nli@{B}\"]\n\"config.json\" = \"bb\"\n"
            ),
        )
        .unwrap();
        let hashes = Hashes::from([
            ("config.json".to_string(), "cc".to_string()),
            ("vocab.txt".to_string(), "dd".to_string()),
        ]);
        assert!(record(&path, Some("ner"), "o/ner", A, &hashes).unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# which model serves each role\n"),
            "{text}"
        );
        assert!(text.contains("# the cross-encoder"), "{text}");
        let m = crate::models::manifest::Manifest::load(&path).unwrap();
        assert_eq!(m.roles["ner"].revision.as_deref(), Some(A));
        assert_eq!(m.roles["nli"].revision.as_deref(), Some(B));
        assert_eq!(m.lock[&key("o/ner", A)], hashes);
        // The old ner commit is named by no role any more; nli's entry stays.
        assert!(!m.lock.contains_key(&key("o/ner", B)), "{text}");
        assert_eq!(m.lock[&key("o/nli", B)]["config.json"], "bb");
        // Recording the same again changes nothing.
        assert!(!record(&path, Some("ner"), "o/ner", A, &hashes).unwrap());
        // A model from a flag: locked, no role pinned.
        assert!(record(&path, None, "x/other", B, &hashes).unwrap());
        let m = crate::models::manifest::Manifest::load(&path).unwrap();
        assert_eq!(m.lock[&key("x/other", B)], hashes);
        assert!(!m.roles.contains_key("x/other"));
        assert!(!m.roles.contains_key("lock"));
    }
}
