//! Stage: reports. A batch run's outcome is a [`Report`] (domain types: claims,
//! clusters, articles); each file is a view of it made by its own module:
//! `report.json` ([`json`], schema `crosscheck.report/v1`, docs/REPORT.md), the
//! machine-readable record; `report.md` ([`markdown`]) and `index.html` ([`html`])
//! through minijinja templates; `claimreview.jsonld` ([`claimreview`]). Every file is
//! written atomically ([`crate::fsio::write_atomic`]).

mod claimreview;
mod html;
mod json;
mod markdown;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::align::{AlignStats, ClaimRef};
use crate::claims::Claim;
use crate::engine::EngineInfo;
use crate::error::{Error, Result};
use crate::fsio::write_atomic;
use crate::ingest::ArticleId;
use crate::verify::{Cluster, Verdict};

pub use claimreview::claim_reviews;
pub use html::render_html;
pub use json::render_json;
pub use markdown::render_markdown;

pub const SCHEMA: &str = "crosscheck.report/v1";

/// `[report]`: who publishes the reports (ClaimReview's `author`) and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// The organization named as the reviews' author in claimreview.jsonld.
    pub organization: String,
    /// Its web address, when it has one.
    pub organization_url: Option<String>,
    /// Where index.html will be published (an absolute URL); each ClaimReview then
    /// carries `url` = this address + "#cluster-...". Unset: no `url`.
    pub published_at: Option<String>,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            organization: "crosscheck".to_string(),
            organization_url: None,
            published_at: None,
        }
    }
}

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
    pub id: ArticleId,
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

/// What a batch run found, ready to be written: the claims in the order the
/// clusters' [`ClaimRef`]s index, the clusters with their verdicts, every article
/// (rejected ones with their error) and the run's warnings.
#[derive(Debug, Clone)]
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
    /// full-text views (report.json points at the files).
    pub texts: BTreeMap<ArticleId, String>,
    /// Articles whose analysis came from the index / was computed in this run (the
    /// report is the same either way).
    pub reused: usize,
    pub computed: usize,
}

impl Report {
    pub fn claim(&self, r: ClaimRef) -> &Claim {
        &self.claims[r.index()]
    }

    /// A cluster's claims, in claim order.
    pub fn members<'a>(&'a self, c: &'a Cluster) -> impl Iterator<Item = &'a Claim> + 'a {
        c.members.iter().map(|&r| self.claim(r))
    }
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
    write_atomic(&json, render_json(report)?.as_bytes())?;
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
    env.add_filter("plural", plural);
    env
}

/// "s" unless `n` is 1, for counts in messages.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_is_empty_for_one_only() {
        assert_eq!(plural(1), "");
        assert_eq!(plural(0), "s");
        assert_eq!(plural(2), "s");
    }
}
