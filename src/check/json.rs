//! `--format json`: `crosscheck.check/v1` (docs/CHECK.md), the check's findings as
//! a machine reads them. The shape is made here; the checked files' texts, which the
//! other formats quote from, are left out.

use serde::Serialize;

use super::{CheckReport, CheckSummary, CheckedArticle, FailOn, Finding};
use crate::report::{Engines, Tool};

#[derive(Serialize)]
struct CheckView<'a> {
    schema: &'static str,
    tool: &'a Tool,
    corpus: &'a str,
    corpus_articles: usize,
    engines: &'a Engines,
    fail_on: FailOn,
    articles: Vec<ArticleView<'a>>,
    summary: &'a CheckSummary,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct ArticleView<'a> {
    path: &'a str,
    error: &'a Option<String>,
    findings: &'a [Finding],
}

impl<'a> ArticleView<'a> {
    fn of(a: &'a CheckedArticle) -> Self {
        ArticleView {
            path: &a.path,
            error: &a.error,
            findings: &a.findings,
        }
    }
}

/// The JSON text: pretty-printed, with a final newline.
pub fn render_json(report: &CheckReport) -> serde_json::Result<String> {
    let view = CheckView {
        schema: report.schema,
        tool: &report.tool,
        corpus: &report.corpus,
        corpus_articles: report.corpus_articles,
        engines: &report.engines,
        fail_on: report.fail_on,
        articles: report.articles.iter().map(ArticleView::of).collect(),
        summary: &report.summary,
        warnings: &report.warnings,
    };
    let mut text = serde_json::to_string_pretty(&view)?;
    text.push('\n');
    Ok(text)
}
