//! `crosscheck worker`: the worker side of a distributed run (the Ray driver,
//! `bridge/ray_driver.py`; the protocol is in docs/SCALING.md).
//!
//! - `worker list` prints the corpus's article files as `run` finds them, one JSON
//!   line each: `{"path": "sub/a.txt"}`, relative to the corpus. The walk's rules
//!   (extensions, hidden entries, links) stay in [`crosscheck::ingest::list_corpus`].
//! - `worker analyze` loads the engines once and prints `{"ready": ...}`, then answers
//!   each request line on stdin, `{"paths": ["sub/a.txt", ...]}`, with one reply line
//!   on stdout: the articles go through [`pipeline::analyze`] into the index, exactly
//!   as `crosscheck index` puts them there (records are content-addressed and written
//!   atomically, so a retried request rewrites the same bytes). It ends at the end of
//!   stdin. A request it cannot serve (bad JSON, a path outside the corpus, a model
//!   error) gets `{"error": "..."}` and the worker goes on.

use std::io::{BufRead, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crosscheck::config::Config;
use crosscheck::fsio::content_hash;
use crosscheck::index::{Index, Lookup, DEFAULT_DIR};
use crosscheck::ingest::{self, Article, IngestConfig};
use crosscheck::models::device::device_name;
use crosscheck::pipeline::{self, Engines};

use super::cli::{WorkerAnalyzeArgs, WorkerListArgs};
use super::exit::Outcome;
use super::messages::{status, warning};
use super::{load_engines, threads_phrase};

/// Test hook: a file path. The first `worker analyze` process to create it (its pid
/// is written there) stalls on its first request until it is killed, at most
/// [`STALL_LIMIT`]; every other process goes on. The fault tests use it to SIGKILL a
/// worker while a request is in flight.
pub const STALL_ENV: &str = "CROSSCHECK_WORKER_STALL";

/// How long a stalled worker waits to be killed before it goes on.
const STALL_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// One line of `worker list`.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    path: &'a str,
}

/// A request line of `worker analyze`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    /// Article files, relative to the corpus, as `worker list` prints them.
    paths: Vec<String>,
}

/// What became of one requested article.
#[derive(Debug, Serialize)]
struct ArticleResult {
    path: String,
    /// The article's id (its path without extension).
    id: String,
    /// `reused` (its record was up to date in the index), `computed` (analysed and
    /// stored now), `rejected` (not an article: the reason is `error`, as `run`
    /// records it) or `failed` (its analysis panicked: not stored; `run` records it
    /// again).
    status: &'static str,
    /// SHA-256 of the file's bytes, which names its record; absent when rejected.
    #[serde(skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The reply to one request.
#[derive(Debug, Serialize)]
struct Reply {
    results: Vec<ArticleResult>,
    /// Index problems worth a warning (a corrupt record rebuilt).
    warnings: Vec<String>,
}

/// `worker list`: the corpus's article files, one JSON line each.
pub fn list(cfg: &Config, args: &WorkerListArgs) -> anyhow::Result<Outcome> {
    let listing = ingest::list_corpus(&args.corpus, &cfg.ingest)?;
    for w in &listing.warnings {
        warning!("{w}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in &listing.files {
        let path = json_path(f)?;
        serde_json::to_writer(&mut out, &Listed { path: &path })?;
        out.write_all(b"\n").context("writing the listing")?;
    }
    out.flush().context("writing the listing")?;
    Ok(Outcome::Clean)
}

/// A listed path as the protocol carries it: UTF-8, '/'-separated.
fn json_path(rel: &Path) -> anyhow::Result<String> {
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/")).with_context(|| {
        format!(
            "{}: the file name is not UTF-8, so a distributed run cannot name it (rename it, or use `crosscheck run`)",
            rel.display()
        )
    })
}

/// `worker analyze`: engines loaded once, then one reply line per request line.
pub fn analyze(cfg: &Config, args: &WorkerAnalyzeArgs) -> anyhow::Result<Outcome> {
    let device = cfg.device.resolve()?;
    status!(
        "worker: device {}, {}",
        device_name(device),
        threads_phrase()
    );
    let engines = load_engines(cfg, device)?;
    let dir = args
        .index
        .clone()
        .unwrap_or_else(|| args.corpus.join(DEFAULT_DIR));
    let index = Index::open(&dir)?;
    let fingerprint = pipeline::fingerprint(cfg, &engines);
    let mut stall = std::env::var_os(STALL_ENV).map(PathBuf::from);

    let stdout = std::io::stdout();
    let send = |line: &serde_json::Value| -> anyhow::Result<()> {
        let mut out = stdout.lock();
        serde_json::to_writer(&mut out, line)?;
        out.write_all(b"\n")
            .and_then(|()| out.flush())
            .context("writing a reply")
    };
    send(&serde_json::json!({
        "ready": true,
        "pid": std::process::id(),
        "fingerprint": fingerprint,
        "model_threads": crosscheck::models::device::model_threads(),
    }))?;
    for line in std::io::stdin().lock().lines() {
        let line = line.context("reading a request")?;
        if line.trim().is_empty() {
            continue;
        }
        if let Some(file) = stall.take() {
            stall_once(&file);
        }
        let reply = match serde_json::from_str::<Request>(&line) {
            Ok(req) => serve(&req, &args.corpus, cfg, &engines, &index, &fingerprint)
                .and_then(|r| Ok(serde_json::to_value(r)?))
                .unwrap_or_else(|e| serde_json::json!({ "error": format!("{e:#}") })),
            Err(e) => serde_json::json!({ "error": format!("bad request: {e}") }),
        };
        send(&reply)?;
    }
    Ok(Outcome::Clean)
}

/// The [`STALL_ENV`] hook: stalls when this process is the first to create `file`.
fn stall_once(file: &Path) {
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file);
    if let Ok(mut f) = created {
        let _ = writeln!(f, "{}", std::process::id()).and_then(|()| f.sync_all());
        std::thread::sleep(STALL_LIMIT);
    }
}

/// Analyses the requested articles into `index`: each is reused when its record is
/// up to date (made under `fingerprint`), else computed and stored.
fn serve(
    req: &Request,
    root: &Path,
    cfg: &Config,
    engines: &Engines,
    index: &Index,
    fingerprint: &str,
) -> anyhow::Result<Reply> {
    let mut results: Vec<Option<ArticleResult>> = Vec::with_capacity(req.paths.len());
    let mut missing = Vec::new();
    let mut slots = Vec::new();
    let no_meta = Default::default();
    for p in &req.paths {
        let rel = inside(root, p, &cfg.ingest)?;
        // Metadata (index.toml) is not part of a record: the driver's `run` reads it.
        let result = match ingest::load_article(root, &rel, &no_meta) {
            Ok(a) => {
                let hash = content_hash(a.raw.as_bytes());
                if let Lookup::Hit(_) = index.lookup(&hash, fingerprint) {
                    Some(ArticleResult::indexed(p, &a, "reused", hash))
                } else {
                    // Missing, stale or corrupt: analysed below (a corrupt record
                    // is rebuilt with a warning).
                    slots.push((results.len(), hash));
                    missing.push(a);
                    None
                }
            }
            Err(r) => Some(ArticleResult {
                path: p.clone(),
                id: r.id.to_string(),
                status: "rejected",
                hash: None,
                error: Some(r.error),
            }),
        };
        results.push(result);
    }
    let analysis = pipeline::analyze(&missing, cfg, engines, Some(index), false)?;
    let failed: std::collections::HashMap<usize, String> = analysis.failed.into_iter().collect();
    for (j, (a, (slot, hash))) in missing.iter().zip(slots).enumerate() {
        let mut result = ArticleResult::indexed(&req.paths[slot], a, "computed", hash);
        if let Some(error) = failed.get(&j) {
            result.status = "failed";
            result.error = Some(error.clone());
        }
        results[slot] = Some(result);
    }
    Ok(Reply {
        results: results.into_iter().flatten().collect(),
        warnings: analysis.warnings,
    })
}

impl ArticleResult {
    /// An article whose record is in the index (`status` says how it got there).
    fn indexed(path: &str, a: &Article, status: &'static str, hash: String) -> Self {
        ArticleResult {
            path: path.to_string(),
            id: a.id.to_string(),
            status,
            hash: Some(hash),
            error: None,
        }
    }
}

/// A requested path as a path under the corpus: relative, without `..` or hidden
/// components, and (unless links may lead out) resolving inside the corpus, the
/// rules of the corpus walk.
fn inside(root: &Path, p: &str, ingest: &IngestConfig) -> anyhow::Result<PathBuf> {
    let rel = PathBuf::from(p);
    let plain = rel.components().all(|c| match c {
        Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    anyhow::ensure!(
        plain && !p.is_empty(),
        "{p:?} is not a path inside the corpus (relative, no '..' or hidden parts)"
    );
    if !ingest.follow_links {
        let base = std::fs::canonicalize(root).with_context(|| root.display().to_string())?;
        // A file that cannot be resolved (gone, dangling) is read and rejected as
        // `run` rejects it.
        if let Ok(target) = std::fs::canonicalize(root.join(&rel)) {
            anyhow::ensure!(
                target.starts_with(&base),
                "{p}: a link to {}, outside the corpus (--follow-links reads it)",
                target.display()
            );
        }
    }
    Ok(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requested_paths_must_stay_inside_the_corpus() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("sub")).unwrap();
        std::fs::write(corpus.join("sub/a.txt"), "A text.").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "Outside.").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), corpus.join("out.txt")).unwrap();
        let walk = IngestConfig::default();
        assert_eq!(
            inside(&corpus, "sub/a.txt", &walk).unwrap(),
            PathBuf::from("sub/a.txt")
        );
        // Gone since it was listed: read, and rejected as `run` rejects it.
        assert!(inside(&corpus, "gone.txt", &walk).is_ok());
        for bad in [
            "",
            "../secret.txt",
            "/etc/passwd",
            "sub/../../secret.txt",
            ".hidden/a.txt",
        ] {
            assert!(inside(&corpus, bad, &walk).is_err(), "{bad:?} accepted");
        }
        let err = inside(&corpus, "out.txt", &walk).unwrap_err().to_string();
        assert!(err.contains("outside the corpus"), "{err}");
        let follow = IngestConfig { follow_links: true };
        assert!(inside(&corpus, "out.txt", &follow).is_ok());
    }

    #[test]
    fn listed_paths_are_slash_separated_utf8() {
        assert_eq!(json_path(Path::new("a/b/c.md")).unwrap(), "a/b/c.md");
        use std::os::unix::ffi::OsStrExt;
        let bad = Path::new(std::ffi::OsStr::from_bytes(b"a/\xff.txt"));
        assert!(json_path(bad).is_err());
    }
}
