//! Stage 7: reports. `report.json` (schema `crosscheck.report/v1`, documented in the
//! README) is the machine-readable record; `report.md` is rendered from it with a
//! minijinja template. Every file is written atomically: a temp file in the target
//! directory, fsynced, then renamed over the old one.

mod claimreview;
mod html;
mod markdown;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::align::AlignStats;
use crate::claims::Claim;
use crate::config::ReportConfig;
use crate::engine::EngineInfo;
use crate::error::{Error, Result};
use crate::verify::{Cluster, Verdict};

pub use claimreview::claim_reviews;
pub use html::render_html;
pub use markdown::render_markdown;

pub const SCHEMA: &str = "crosscheck.report/v1";

#[derive(Debug, Clone, Serialize)]
pub struct Engines {
    pub ner: EngineInfo,
    pub nli: EngineInfo,
    pub embed: EngineInfo,
    /// Device the transformer engines ran on ("cpu", "cuda:0").
    pub device: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleEntry {
    pub id: String,
    pub path: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<String>,
    /// Where the article was published, when its metadata says.
    pub url: Option<String>,
    pub sentences: usize,
    pub claims: usize,
    /// Why the article could not be processed; null when it was.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub articles: usize,
    pub rejected: usize,
    pub sentences: usize,
    pub claims: usize,
    pub speculative_claims: usize,
    pub clusters: usize,
    pub contradicted: usize,
    pub corroborated: usize,
    pub speculative: usize,
    pub single_source: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub tool: Tool,
    pub corpus: String,
    pub engines: Engines,
    pub summary: Summary,
    pub alignment: AlignStats,
    pub articles: Vec<ArticleEntry>,
    pub claims: Vec<Claim>,
    pub clusters: Vec<Cluster>,
    pub warnings: Vec<String>,
    /// Each processed article's text by id, for the HTML report's quotes and
    /// full-text views (not serialized: report.json points at the files).
    #[serde(skip)]
    pub texts: BTreeMap<String, String>,
    /// Articles whose analysis came from the index / was computed in this run (not
    /// serialized: the report is the same either way).
    #[serde(skip)]
    pub reused: usize,
    #[serde(skip)]
    pub computed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

impl Tool {
    pub fn current() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

impl Summary {
    pub fn count(articles: &[ArticleEntry], claims: &[Claim], clusters: &[Cluster]) -> Self {
        let by = |v: Verdict| clusters.iter().filter(|c| c.verdict == v).count();
        Summary {
            articles: articles.iter().filter(|a| a.error.is_none()).count(),
            rejected: articles.iter().filter(|a| a.error.is_some()).count(),
            sentences: articles.iter().map(|a| a.sentences).sum(),
            claims: claims.len(),
            speculative_claims: claims.iter().filter(|c| c.speculative).count(),
            clusters: clusters.len(),
            contradicted: by(Verdict::Contradicted),
            corroborated: by(Verdict::Corroborated),
            speculative: by(Verdict::Speculative),
            single_source: by(Verdict::SingleSource),
        }
    }
}

/// Paths of the files a run writes.
#[derive(Debug, Clone)]
pub struct Written {
    pub json: PathBuf,
    pub markdown: PathBuf,
    pub html: PathBuf,
    pub claimreview: PathBuf,
}

/// Writes report.json, report.md, index.html and claimreview.jsonld into `dir`
/// (created if needed), each atomically.
pub fn write_reports(report: &Report, dir: &Path, cfg: &ReportConfig) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let json = dir.join("report.json");
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    write_atomic(&json, text.as_bytes())?;
    let markdown = dir.join("report.md");
    write_atomic(&markdown, render_markdown(report)?.as_bytes())?;
    let html = dir.join("index.html");
    write_atomic(&html, render_html(report)?.as_bytes())?;
    let claimreview = dir.join("claimreview.jsonld");
    let mut text = serde_json::to_string_pretty(&claim_reviews(report, cfg))?;
    text.push('\n');
    write_atomic(&claimreview, text.as_bytes())?;
    Ok(Written {
        json,
        markdown,
        html,
        claimreview,
    })
}

/// A template environment with the filters both templates use: `plural` ("s"
/// unless the number is 1).
fn environment() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    env.add_filter("plural", |n: usize| crate::check::render::plural(n));
    env
}

/// Temp file in the same directory, fsync, rename: readers see the old file or the
/// new one, never a torn one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".crosscheck-").suffix(".tmp");
    // Reports are for sharing: rw-r--r-- (a temp file would be rw-------).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn atomic_write_into_missing_dir_fails_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing").join("r.json");
        let err = write_atomic(&p, b"x").unwrap_err().to_string();
        assert!(err.contains("missing"), "{err}");
    }
}
