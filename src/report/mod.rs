//! Stage: reports. A batch run's outcome is a [`Report`] (domain types: claims,
//! clusters, articles); each file is a view of it made by its own module:
//! `report.json` ([`json`], schema `crosscheck.report/v2`, docs/REPORT.md), the
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
use crate::verify::{Fact, Verdict};

pub use claimreview::claim_reviews;
pub use html::render_html;
pub use json::render_json;
pub use markdown::render_markdown;

/// Schema id of report.json, written as its `schema` field.
pub const SCHEMA: &str = "crosscheck.report/v2";

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

/// The engine of each model-backed role, written as `engines` in report.json and the
/// check JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Engines {
    /// The named-entity recognizer.
    pub ner: EngineInfo,
    /// The natural-language-inference engine.
    pub nli: EngineInfo,
    /// The sentence embedder.
    pub embed: EngineInfo,
    /// Device the transformer engines ran on ("cpu", "cuda:0").
    pub device: String,
}

/// An article of the corpus as report.json lists it, processed or rejected.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleEntry {
    /// The article's id: its path relative to the corpus, without extension.
    pub id: ArticleId,
    /// Path of the file, as read (`corpus/003_....txt`).
    pub path: String,
    /// Title from `index.toml`; null when not stated.
    pub title: Option<String>,
    /// Publisher from `index.toml`; null when not stated. Articles of one publisher
    /// count once towards corroboration.
    pub publisher: Option<String>,
    /// Publication date from `index.toml` (YYYY-MM-DD); null when not stated.
    pub date: Option<String>,
    /// Where the article was published, when its metadata says.
    pub url: Option<String>,
    /// Sentences found in the article (0 when it was rejected).
    pub sentences: usize,
    /// Claims extracted from the article.
    pub claims: usize,
    /// Why the article could not be processed; null when it was.
    pub error: Option<String>,
}

/// A run's totals, written as `summary` in report.json.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Articles processed (rejected ones not counted).
    pub articles: usize,
    /// Articles that could not be processed, each listed with its `error`.
    pub rejected: usize,
    /// Sentences in the processed articles.
    pub sentences: usize,
    /// Claims extracted from all articles.
    pub claims: usize,
    /// Claims that are hedged or rumored.
    pub speculative_claims: usize,
    /// Independent sources among the processed articles: near-copies of one story
    /// (syndicates) and one publisher's articles count once.
    pub independent_sources: usize,
    /// Facts, each with one verdict (a claim with several figures is in several).
    pub facts: usize,
    /// Facts with the verdict contradicted.
    pub contradicted: usize,
    /// Facts with the verdict superseded: an earlier hedged report against a later
    /// confirmed figure.
    pub superseded: usize,
    /// Facts with the verdict corroborated.
    pub corroborated: usize,
    /// Facts with the verdict speculative.
    pub speculative: usize,
    /// Facts with the verdict single-source.
    pub single_source: usize,
}

/// What a batch run found, ready to be written: the claims in the order the
/// clusters' [`ClaimRef`]s index, the clusters with their verdicts, every article
/// (rejected ones with their error) and the run's warnings.
#[derive(Debug, Clone)]
pub struct Report {
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The program that made the report (name and version).
    pub tool: Tool,
    /// The corpus directory, as given.
    pub corpus: String,
    /// The engine of each model-backed role, and the device.
    pub engines: Engines,
    /// The run's totals.
    pub summary: Summary,
    /// How much work blocking saved, and how many pairs went to NLI.
    pub alignment: AlignStats,
    /// Every article, rejected ones included, sorted by id.
    pub articles: Vec<ArticleEntry>,
    /// Every claim, in the order the clusters' [`ClaimRef`]s index.
    pub claims: Vec<Claim>,
    /// The facts with their verdicts, numbered in corpus order.
    pub facts: Vec<Fact>,
    /// Groups of near-copies of one story, each counted as one source.
    pub syndicates: Vec<SyndicateEntry>,
    /// Problems that did not stop the run.
    pub warnings: Vec<String>,
    /// Each processed article's text by id, for the HTML report's quotes and
    /// full-text views (report.json points at the files).
    pub texts: BTreeMap<ArticleId, String>,
    /// Articles whose analysis came from the index / was computed in this run (the
    /// report is the same either way).
    pub reused: usize,
    /// Articles whose analysis was computed in this run.
    pub computed: usize,
}

impl Report {
    /// The claim `r` refers to.
    pub fn claim(&self, r: ClaimRef) -> &Claim {
        &self.claims[r.index()]
    }

    /// A fact's claims, in claim order.
    pub fn members<'a>(&'a self, c: &'a Fact) -> impl Iterator<Item = &'a Claim> + 'a {
        c.members.iter().map(|&r| self.claim(r))
    }
}

/// A fact's heading: for a quantity fact the figures its mentions state and what they
/// measure ("$13 billion, $13bn · amount: invested, openai"); for a statement the
/// figures or entities its claims share, or its one claim, shortened.
pub fn fact_title(report: &Report, f: &Fact) -> String {
    let mut figures: Vec<&str> = Vec::new();
    for m in &f.mentions {
        let text = m
            .quantity
            .and_then(|q| report.claim(m.claim).quantities.get(q))
            .map(|q| q.quantity.text.as_str());
        if let Some(t) = text.filter(|t| !figures.contains(t)) {
            figures.push(t);
        }
    }
    if !figures.is_empty() {
        let more = figures.len().saturating_sub(4);
        figures.truncate(4);
        let mut title = figures.join(", ");
        if more > 0 {
            title.push_str(&format!(" and {more} more"));
        }
        if !f.about.is_empty() {
            title.push_str(" · ");
            title.push_str(&f.about);
        }
        return title;
    }
    let claims: Vec<&Claim> = report.members(f).collect();
    match claims.as_slice() {
        [] => f.id.clone(),
        [one] => claimreview::shorten(&one.text),
        many => markdown::about(many),
    }
}

/// Near-copies of one story (syndicated copy), counted as one source.
#[derive(Debug, Clone, Serialize)]
pub struct SyndicateEntry {
    /// The copies' article ids, sorted.
    pub articles: Vec<ArticleId>,
    /// The lowest estimated shingle similarity that joined them (0 to 1).
    pub similarity: f64,
}

/// The program that wrote a report, written as `tool` in report.json and the check JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// The program's name, "crosscheck".
    pub name: &'static str,
    /// The program's version ("0.1.0").
    pub version: &'static str,
}

impl Tool {
    /// This build of crosscheck.
    pub fn current() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

impl Summary {
    /// Counts the totals of a run from its articles, claims and facts.
    pub fn count(
        articles: &[ArticleEntry],
        claims: &[Claim],
        facts: &[Fact],
        independent_sources: usize,
    ) -> Self {
        let by = |v: Verdict| facts.iter().filter(|c| c.verdict == v).count();
        Summary {
            articles: articles.iter().filter(|a| a.error.is_none()).count(),
            rejected: articles.iter().filter(|a| a.error.is_some()).count(),
            sentences: articles.iter().map(|a| a.sentences).sum(),
            claims: claims.len(),
            speculative_claims: claims.iter().filter(|c| c.speculative).count(),
            independent_sources,
            facts: facts.len(),
            contradicted: by(Verdict::Contradicted),
            superseded: by(Verdict::Superseded),
            corroborated: by(Verdict::Corroborated),
            speculative: by(Verdict::Speculative),
            single_source: by(Verdict::SingleSource),
        }
    }
}

/// Paths of the files a run writes.
#[derive(Debug, Clone)]
pub struct Written {
    /// Path of report.json.
    pub json: PathBuf,
    /// Path of report.md.
    pub markdown: PathBuf,
    /// Path of index.html.
    pub html: PathBuf,
    /// Path of claimreview.jsonld.
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

/// An id attribute for `kind` ("claim", "cluster", "article") and a report id: the id
/// with anything but ASCII letters, digits, '-' and '_' replaced by '-'.
pub fn anchor(kind: &str, id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{kind}-{safe}")
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
