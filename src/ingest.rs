//! Stage: ingest, reading the corpus. Each article becomes an [`Article`]: its raw text (all
//! offsets in reports are byte offsets into it), a normalized copy for matching with a
//! map back, a line index, and metadata from `index.toml`.
//!
//! A bad article never stops the batch: it is recorded as a [`Rejected`] with a message
//! naming the file and the problem. Only a corpus with nothing usable is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::{LineIndex, NormalizedText};

/// Metadata file read from the corpus root: `[articles.<id>]` tables.
pub const INDEX_FILE: &str = "index.toml";
/// Articles larger than this are refused with a message (documented in docs/LIMITS.md).
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;
/// File extensions read as articles.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// How an article's file is read, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `.txt`: read as plain text.
    Text,
    /// `.md` or `.markdown`: read as plain text too, the Markdown syntax left in.
    Markdown,
    /// `.html` or `.htm`: markup stripped for matching; offsets still point into the
    /// HTML.
    Html,
}

/// What the text states about itself; unknown stays `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ArticleMeta {
    /// Headline, shown in reports.
    pub title: Option<String>,
    /// Outlet that published it; claims are grouped into independent sources by it
    /// (the article id stands in when it is unknown).
    pub publisher: Option<String>,
    /// Who wrote it; kept with the article but not shown in reports.
    pub author: Option<String>,
    /// ISO 8601 date (YYYY-MM-DD) when stated.
    pub date: Option<String>,
    /// Where the article was published online, shown in reports.
    pub url: Option<String>,
}

/// An article's id: its path relative to the corpus root without extension,
/// '/'-separated ("wire/2024-01-05"); for a file given to `check`, the path as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// Wraps an id string as is (no normalization or checking).
    pub fn new(id: impl Into<String>) -> Self {
        ArticleId(id.into())
    }

    /// The id's text, e.g. "wire/2024-01-05".
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ArticleId {
    fn from(id: &str) -> Self {
        ArticleId(id.to_string())
    }
}

impl std::borrow::Borrow<str> for ArticleId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// One article read from disk: its text as decoded and normalized, a line index and
/// its metadata.
#[derive(Debug, Clone)]
pub struct Article {
    /// What reports and `index.toml` call the article.
    pub id: ArticleId,
    /// Path as shown to users (corpus dir joined with the relative path).
    pub path: PathBuf,
    /// How the text was read (from the file extension).
    pub format: Format,
    /// The file's text exactly as decoded from UTF-8; report offsets are byte offsets
    /// into it.
    pub raw: String,
    /// The text the stages match on, with a map back to byte offsets in `raw`.
    pub norm: NormalizedText,
    /// Line starts of `raw`, for turning byte offsets into line and column.
    pub lines: LineIndex,
    /// Metadata from `index.toml`'s entry for this id; all `None` without one.
    pub meta: ArticleMeta,
}

/// Why a file cannot be an article. The message is what [`Rejected::error`] and
/// [`Error::Article`] carry (after the path).
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    /// The file could not be opened or read.
    #[error("cannot read: {0}")]
    Unreadable(#[source] std::io::Error),
    /// Larger than `limit` bytes ([`MAX_ARTICLE_BYTES`]).
    #[error("article larger than the {} MiB limit; split it", limit / (1024 * 1024))]
    TooLarge {
        /// The size limit in bytes.
        limit: u64,
    },
    /// Starts with a UTF-16 byte-order mark.
    #[error("UTF-16 text (byte-order mark); convert it to UTF-8")]
    Utf16,
    /// Holds a NUL byte, at byte `offset`.
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL in the file.
        offset: usize,
    },
    /// Not UTF-8 from byte `offset` on.
    #[error("not valid UTF-8 (invalid byte at offset {offset})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte (the length of the valid prefix).
        offset: usize,
    },
    /// Nothing but whitespace once normalized.
    #[error("empty article (no text)")]
    Empty,
}

/// An article that could not be processed, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The id the article would have had.
    pub id: ArticleId,
    /// The file, as shown to users (corpus dir joined with the relative path).
    pub path: PathBuf,
    /// The [`ArticleError`] message, without the path.
    pub error: String,
}

/// Everything [`load_corpus`] read from a corpus directory.
#[derive(Debug)]
pub struct Corpus {
    /// The corpus directory, as given.
    pub root: PathBuf,
    /// The usable articles, sorted by relative path.
    pub articles: Vec<Article>,
    /// Files that looked like articles but could not be read as one, sorted by path.
    pub rejected: Vec<Rejected>,
    /// Non-fatal problems (e.g. a malformed index.toml), also shown in reports.
    pub warnings: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndexFile {
    #[serde(default)]
    articles: BTreeMap<String, ArticleMeta>,
}

/// `[ingest]`: how the corpus is read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Follow symbolic links whose target lies outside the corpus (or, for a checked
    /// file, outside its repository). Off by default: such links are skipped with a
    /// warning (a corpus walk) or refused (a checked file). `--follow-links` sets it.
    pub follow_links: bool,
}

/// The article files of a corpus, found by the same walk as [`load_corpus`] but not
/// read: what a distributed run hands out to its workers (`crosscheck worker list`).
#[derive(Debug)]
pub struct Listing {
    /// Paths relative to the corpus root, sorted as [`load_corpus`] sorts them.
    pub files: Vec<PathBuf>,
    /// Non-fatal problems of the walk (links out of the corpus, loops).
    pub warnings: Vec<String>,
}

/// Lists the article files under `root` exactly as [`load_corpus`] finds them
/// (hidden entries skipped; links out of the corpus only with
/// [`IngestConfig::follow_links`]), without reading them.
pub fn list_corpus(root: &Path, cfg: &IngestConfig) -> Result<Listing> {
    let corpus_err = |message: String| Error::Corpus {
        path: root.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => corpus_err("does not exist".into()),
        _ => corpus_err(e.to_string()),
    })?;
    if !meta.is_dir() {
        return Err(corpus_err("is not a directory".into()));
    }
    let mut warnings = Vec::new();
    let mut files = Vec::new();
    collect_files(root, cfg.follow_links, &mut files, &mut warnings)?;
    if files.is_empty() {
        return Err(corpus_err(format!(
            "no articles found (looked for {} files)",
            ARTICLE_EXTENSIONS
                .iter()
                .map(|e| format!(".{e}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    files.sort();
    Ok(Listing { files, warnings })
}

/// Reads every article under `root` (recursively, skipping hidden entries; links
/// out of the corpus only with [`IngestConfig::follow_links`]).
pub fn load_corpus(root: &Path, cfg: &IngestConfig) -> Result<Corpus> {
    let Listing {
        files,
        warnings: walked,
    } = list_corpus(root, cfg)?;
    let mut warnings = Vec::new();
    let index = read_index(root, &mut warnings);
    warnings.extend(walked);

    let loaded: Vec<std::result::Result<Article, Rejected>> = files
        .par_iter()
        .map(|rel| load_article(root, rel, &index))
        .collect();
    let mut articles = Vec::new();
    let mut rejected = Vec::new();
    for r in loaded {
        match r {
            Ok(a) => articles.push(a),
            Err(r) => rejected.push(r),
        }
    }
    for id in index.keys() {
        if !articles.iter().any(|a| a.id.as_str() == id)
            && !rejected.iter().any(|r| r.id.as_str() == id)
        {
            warnings.push(format!(
                "{}: metadata for '{id}' but no such article",
                root.join(INDEX_FILE).display()
            ));
        }
    }
    Ok(Corpus {
        root: root.to_path_buf(),
        articles,
        rejected,
        warnings,
    })
}

fn read_index(root: &Path, warnings: &mut Vec<String>) -> BTreeMap<String, ArticleMeta> {
    let path = root.join(INDEX_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return BTreeMap::new(),
        Err(e) => {
            warnings.push(format!("{}: {e}; metadata ignored", path.display()));
            return BTreeMap::new();
        }
    };
    match toml::from_str::<IndexFile>(&text) {
        Ok(index) => index.articles,
        Err(e) => {
            warnings.push(format!(
                "{}: {}; metadata ignored",
                path.display(),
                e.message()
            ));
            BTreeMap::new()
        }
    }
}

/// The corpus walk: every entry under `root`, hidden ones skipped. A symbolic link
/// is followed only when its target lies inside the corpus, unless `follow_links`
/// (then any target; a loop is reported, not walked). A link out of the corpus is
/// skipped with a warning naming it and its target, so that a link to a file of the
/// machine (`notes.txt -> ~/.netrc`) never reaches a published report.
fn collect_files(
    root: &Path,
    follow_links: bool,
    out: &mut Vec<PathBuf>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    let inside = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let skipped = std::cell::RefCell::new(Vec::new());
    let walk = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if follow_links || !e.path_is_symlink() {
                return true;
            }
            match std::fs::canonicalize(e.path()) {
                Ok(target) if target.starts_with(&inside) => true,
                Ok(target) => {
                    skipped.borrow_mut().push(format!(
                        "{}: a link to {}, outside the corpus; skipped (--follow-links reads it)",
                        e.path().display(),
                        target.display()
                    ));
                    false
                }
                // A dangling link: the walk reports it below.
                Err(_) => true,
            }
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() && is_article_file(e.path()) => {
                out.push(
                    e.path()
                        .strip_prefix(root)
                        .unwrap_or(e.path())
                        .to_path_buf(),
                );
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                if let Some(ancestor) = e.loop_ancestor() {
                    warnings.push(format!(
                        "{}: a symlink loop (back to {}); skipped",
                        path.display(),
                        ancestor.display()
                    ));
                } else if is_article_file(&path) {
                    // A dangling link or an unreadable entry that looks like an article
                    // is still listed, so that it is reported as rejected rather than
                    // vanishing.
                    out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
                } else if e.depth() == 0 {
                    return Err(Error::io(&path, e.into()));
                } else {
                    warnings.push(format!("{}: {e}; skipped", path.display()));
                }
            }
        }
    }
    warnings.extend(skipped.into_inner());
    Ok(())
}

fn is_article_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn article_id(rel: &Path) -> ArticleId {
    let no_ext = rel.with_extension("");
    let id = no_ext
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    ArticleId(id)
}

fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm") => Format::Html,
        _ => Format::Text,
    }
}

/// Reads the article at `rel` (a path relative to `root`, as [`list_corpus`] gives
/// it) with metadata `index` (`index.toml`'s tables, by id), or says why it is
/// rejected, with the same message a [`load_corpus`] run records.
pub fn load_article(
    root: &Path,
    rel: &Path,
    index: &BTreeMap<String, ArticleMeta>,
) -> std::result::Result<Article, Rejected> {
    let id = article_id(rel);
    let path = root.join(rel);
    let reject = |error: ArticleError| Rejected {
        id: id.clone(),
        path: path.clone(),
        error: error.to_string(),
    };
    let bytes = read_limited(&path).map_err(reject)?;
    let meta = index.get(id.as_str()).cloned().unwrap_or_default();
    article_from_bytes(id.clone(), path.clone(), &bytes, meta).map_err(reject)
}

/// An article from its file's bytes (the format follows `path`'s extension), or why
/// it cannot be one: not UTF-8 text, or no text at all.
pub fn article_from_bytes(
    id: ArticleId,
    path: PathBuf,
    bytes: &[u8],
    meta: ArticleMeta,
) -> std::result::Result<Article, ArticleError> {
    let raw = decode(bytes)?;
    let format = format_of(&path);
    let norm = match format {
        Format::Html => NormalizedText::from_html(&raw),
        Format::Text | Format::Markdown => NormalizedText::from_plain(&raw),
    };
    if norm.text.trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    let lines = LineIndex::new(&raw);
    Ok(Article {
        meta,
        id,
        path,
        format,
        raw,
        norm,
        lines,
    })
}

/// Reads one article given on the command line (`crosscheck check FILE`). Its id is
/// the path as given. Unlike a corpus article, a problem here is an error, and so is
/// a path that resolves (through a link) outside the repository it is in (the
/// nearest directory above it with a `.git`, else its own directory), unless
/// [`IngestConfig::follow_links`].
pub fn load_file(path: &Path, cfg: &IngestConfig) -> Result<Article> {
    let err = |message: String| Error::Article {
        path: path.to_path_buf(),
        message,
    };
    if !cfg.follow_links {
        if let Some((target, boundary)) = outside_repository(path) {
            return Err(err(format!(
                "is a link to {}, outside {}; pass --follow-links to read it",
                target.display(),
                boundary.display()
            )));
        }
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(err("no such file".into()))
        }
        Err(e) => return Err(err(format!("cannot read: {e}"))),
        Ok(m) if m.is_dir() => {
            return Err(err(
                "is a directory; give article files (the corpus is --corpus)".into(),
            ))
        }
        Ok(_) => {}
    }
    let id = ArticleId(path.to_string_lossy().into_owned());
    let rel = path.file_name().map(Path::new).unwrap_or(path);
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut article = load_article(dir, rel, &BTreeMap::new()).map_err(|r| err(r.error))?;
    article.id = id;
    article.path = path.to_path_buf();
    Ok(article)
}

/// Where `path` resolves, and the repository it is in, when the first lies outside
/// the second. The repository is found on the path as written (not through links):
/// the nearest directory above it holding `.git`, else its own directory.
fn outside_repository(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let target = std::fs::canonicalize(path).ok()?;
    let written = std::path::absolute(path).ok()?;
    let dir = written.parent()?;
    let repo = dir
        .ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(dir);
    let boundary = std::fs::canonicalize(repo).ok()?;
    (!target.starts_with(&boundary)).then_some((target, boundary))
}

fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, ArticleError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ArticleError::Unreadable)?;
    let too_large = || ArticleError::TooLarge {
        limit: MAX_ARTICLE_BYTES,
    };
    // Refused on its size before a byte is read, when the size is known.
    if file.metadata().is_ok_and(|m| m.len() > MAX_ARTICLE_BYTES) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ArticleError::Unreadable)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Bytes to text, refusing what is not UTF-8 text with a precise reason.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, ArticleError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ArticleError::Utf16);
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(ArticleError::Binary { offset });
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| ArticleError::InvalidUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_problem() {
        assert!(decode(b"plain text").is_ok());
        let e = decode(b"ab\0cd").unwrap_err();
        assert!(matches!(e, ArticleError::Binary { offset: 2 }), "{e:?}");
        assert_eq!(e.to_string(), "binary file (NUL byte at offset 2)");
        let e = decode(b"ok \xff\xfe bad").unwrap_err();
        assert!(
            matches!(e, ArticleError::InvalidUtf8 { offset: 3 }),
            "{e:?}"
        );
        assert_eq!(e.to_string(), "not valid UTF-8 (invalid byte at offset 3)");
        assert!(decode(b"\xff\xfeh\0i\0")
            .unwrap_err()
            .to_string()
            .contains("UTF-16"));
        assert_eq!(
            ArticleError::TooLarge {
                limit: MAX_ARTICLE_BYTES
            }
            .to_string(),
            "article larger than the 16 MiB limit; split it"
        );
    }

    #[test]
    fn ids_are_relative_paths_without_extension() {
        assert_eq!(article_id(Path::new("000_abc.txt")).as_str(), "000_abc");
        assert_eq!(
            article_id(Path::new("wire/2026/a.md")).as_str(),
            "wire/2026/a"
        );
    }

    #[test]
    fn corpus_keeps_going_past_bad_articles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("good.txt"),
            "Microsoft invested $13 billion in OpenAI.",
        )
        .unwrap();
        std::fs::write(dir.path().join("empty.txt"), "  \n").unwrap();
        std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02").unwrap();
        std::fs::write(dir.path().join("notes.csv"), "ignored").unwrap();
        std::fs::write(
            dir.path().join(INDEX_FILE),
            "[articles.good]\ntitle = \"Good\"\n",
        )
        .unwrap();
        let c = load_corpus(dir.path(), &IngestConfig::default()).unwrap();
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.articles[0].meta.title.as_deref(), Some("Good"));
        let errs: Vec<_> = c
            .rejected
            .iter()
            .map(|r| (r.id.as_str(), r.error.as_str()))
            .collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs
            .iter()
            .any(|(id, e)| *id == "empty" && e.contains("empty")));
        assert!(errs
            .iter()
            .any(|(id, e)| *id == "bin" && e.contains("binary")));
    }

    #[test]
    fn a_checked_file_must_be_a_readable_text_article() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("new.md");
        std::fs::write(&good, "# Title\n\nMicrosoft invested $13 billion.\n").unwrap();
        let a = load_file(&good, &IngestConfig::default()).unwrap();
        assert_eq!(a.format, Format::Markdown);
        assert_eq!(a.path, good);
        let cases: [(&str, &[u8], &str); 3] = [
            ("bin.txt", b"ab\0", "binary"),
            ("bad.txt", b"ok \xff", "UTF-8"),
            ("empty.txt", b" \n", "empty"),
        ];
        for (name, bytes, want) in cases {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            let e = load_file(&p, &IngestConfig::default())
                .unwrap_err()
                .to_string();
            assert!(e.contains(name) && e.contains(want), "{e}");
        }
        let e = load_file(&dir.path().join("nope.md"), &IngestConfig::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("nope.md: no such file"), "{e}");
        let e = load_file(dir.path(), &IngestConfig::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains("is a directory"), "{e}");
    }

    #[test]
    fn missing_or_empty_corpus_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_corpus(dir.path(), &IngestConfig::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("no articles"), "{err}");
        let err = load_corpus(&dir.path().join("nope"), &IngestConfig::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{err}");
    }

    #[test]
    fn malformed_index_is_a_warning_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "OpenAI said it will expand.").unwrap();
        std::fs::write(dir.path().join(INDEX_FILE), "[articles.a\ntitle=").unwrap();
        let c = load_corpus(dir.path(), &IngestConfig::default()).unwrap();
        assert_eq!(c.articles.len(), 1);
        assert!(c.warnings[0].contains(INDEX_FILE));
    }
}
