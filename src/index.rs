//! The per-article index: what the expensive stages computed for an article (sentences,
//! claims with their quantities, entities, slots and frames, embeddings, blocking
//! keys), stored under the SHA-256 of the article's bytes.
//!
//! Location: `<corpus>/.crosscheck/v<FORMAT>/<sha256>.json` unless `--index DIR` says
//! otherwise. A record is reused only when its content hash and its *fingerprint*
//! (crosscheck version, record format, embedding model, claim and blocking settings)
//! match. A record that cannot be read or decoded is reported and rebuilt, never
//! trusted; every write is atomic (temp file + rename), so an interrupted run leaves
//! either the old record or the new one.

use std::path::{Path, PathBuf};

use crate::align::KeyedClaim;
use crate::entities::Alias;
use crate::error::{Error, Result};
use crate::fsio::write_atomic;
use serde::{Deserialize, Serialize};

/// Bumped whenever the record layout or the meaning of a field changes.
///
/// 5: a claim is stored whole (its sentence index, slots and frames inside it).
pub const FORMAT: u32 = 6;
/// Default index directory, relative to the corpus root.
pub const DEFAULT_DIR: &str = ".crosscheck";

/// Everything the corpus-level stages need from one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// Record format it was written in ([`FORMAT`]).
    pub format: u32,
    /// Hash of the version and settings that shaped it; another fingerprint makes the
    /// record stale.
    pub fingerprint: String,
    /// Hex SHA-256 of the article's bytes, which also names the record's file.
    pub content_hash: String,
    /// Sentences in the article.
    pub sentences: usize,
    /// Sentences that are pieces of a run of text without a sentence end, cut at
    /// [`crate::segment::MAX_SENTENCE_BYTES`].
    pub cut_sentences: usize,
    /// Aliases the article declares ("Amazon Web Services (AWS)").
    pub aliases: Vec<Alias>,
    /// The article's claims, whole, with their vectors and blocking keys.
    pub claims: Vec<KeyedClaim>,
}

/// What a lookup found.
#[derive(Debug)]
pub enum Lookup {
    /// An up-to-date record for the article.
    Hit(Box<ArticleRecord>),
    /// No record for this content.
    Miss,
    /// Present but computed by another version or with other settings.
    Stale,
    /// Present but unreadable; the message says why.
    Corrupt(String),
}

/// The per-article index on disk: one JSON record per distinct article content.
#[derive(Debug, Clone)]
pub struct Index {
    dir: PathBuf,
}

impl Index {
    /// Opens (creating) the index directory for record format [`FORMAT`].
    pub fn open(dir: &Path) -> Result<Index> {
        let dir = dir.join(format!("v{FORMAT}"));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Index { dir })
    }

    /// The directory the records are in (`<index dir>/v<FORMAT>`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}.json"))
    }

    /// Looks up the record for content hash `hash`: a hit only when it reads back whole
    /// and was made under `fingerprint`.
    pub fn lookup(&self, hash: &str, fingerprint: &str) -> Lookup {
        let path = self.path_of(hash);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lookup::Miss,
            Err(e) => return Lookup::Corrupt(format!("{}: {e}", path.display())),
        };
        match decode_record(&bytes) {
            Ok(r) if r.format != FORMAT || r.fingerprint != fingerprint => Lookup::Stale,
            Ok(r) if r.content_hash != hash => Lookup::Corrupt(format!(
                "{}: content hash does not match its name",
                path.display()
            )),
            Ok(r) => Lookup::Hit(Box::new(r)),
            Err(e) => Lookup::Corrupt(format!("{}: {e}", path.display())),
        }
    }

    /// Writes a record under its content hash, atomically.
    pub fn store(&self, record: &ArticleRecord) -> Result<()> {
        let bytes = serde_json::to_vec(record)?;
        write_atomic(&self.path_of(&record.content_hash), &bytes)
    }
}

/// A record from its file's bytes; any damage (truncation, bad base64, wrong shape)
/// is an error, never a panic.
pub fn decode_record(bytes: &[u8]) -> std::result::Result<ArticleRecord, serde_json::Error> {
    serde_json::from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fsio::content_hash;

    fn record(hash: &str) -> ArticleRecord {
        ArticleRecord {
            format: FORMAT,
            fingerprint: "fp".into(),
            content_hash: hash.into(),
            sentences: 3,
            cut_sentences: 0,
            aliases: vec![],
            claims: vec![],
        }
    }

    #[test]
    fn lookup_hit_stale_corrupt_miss() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open(dir.path()).unwrap();
        let h = content_hash(b"article");
        assert!(matches!(index.lookup(&h, "fp"), Lookup::Miss));
        index.store(&record(&h)).unwrap();
        assert!(matches!(index.lookup(&h, "fp"), Lookup::Hit(_)));
        assert!(matches!(index.lookup(&h, "other"), Lookup::Stale));
        // Truncated record: reported, not trusted.
        let path = index.dir().join(format!("{h}.json"));
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        match index.lookup(&h, "fp") {
            Lookup::Corrupt(msg) => assert!(msg.contains(&h), "{msg}"),
            other => panic!("{other:?}"),
        }
        // A record stored under another article's hash is not trusted either.
        let other = content_hash(b"other");
        std::fs::copy(
            index.dir().join(format!("{h}.json")),
            index.dir().join(format!("{other}.json")),
        )
        .unwrap();
        index.store(&record(&h)).unwrap();
        std::fs::copy(
            index.dir().join(format!("{h}.json")),
            index.dir().join(format!("{other}.json")),
        )
        .unwrap();
        assert!(matches!(index.lookup(&other, "fp"), Lookup::Corrupt(_)));
    }
}
