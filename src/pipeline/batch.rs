//! The batch run: every stage over the corpus, to the report (not yet written).

use std::path::{Path, PathBuf};

use super::{analyze, Analysis, Engines};
use crate::align;
use crate::config::Config;
use crate::error::Result;
use crate::index::Index;
use crate::ingest;
use crate::report::{ArticleEntry, Report, Summary, Tool};
use crate::verify;

/// What a batch run reads, and how it shows progress.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// Show progress bars (only drawn when stderr is a terminal).
    pub progress: bool,
    /// Per-article index to reuse and update; `None` computes everything afresh.
    pub index: Option<PathBuf>,
}

/// Runs every stage over the corpus and returns the report (not yet written).
/// Fails only when the corpus cannot be read at all; bad articles are recorded.
pub fn run(cfg: &Config, engines: &Engines, opts: &RunOptions) -> Result<Report> {
    let corpus = ingest::load_corpus(&opts.corpus, &cfg.ingest)?;
    let articles = &corpus.articles;
    let index = opts.index.as_deref().map(Index::open).transpose()?;
    let Analysis {
        claims,
        sentences,
        warnings,
        reused,
        computed,
        failed,
    } = analyze(articles, cfg, engines, index.as_ref(), opts.progress)?;
    let failed: std::collections::HashMap<usize, String> = failed.into_iter().collect();

    // Which articles are one source: one publisher's, and near-copies of one story.
    let t = crate::timing::stage("run.independence");
    let texts: Vec<&str> = articles.iter().map(|a| a.norm.text.as_str()).collect();
    let publishers: Vec<Option<&str>> = articles
        .iter()
        .map(|a| a.meta.publisher.as_deref())
        .collect();
    let found =
        verify::independence::Sources::detect(&texts, &publishers, &cfg.verify.independence);
    let sources: Vec<usize> = (0..articles.len()).map(|i| found.of(i)).collect();
    let syndicates: Vec<crate::report::SyndicateEntry> = found
        .syndicates()
        .iter()
        .map(|s| crate::report::SyndicateEntry {
            articles: s
                .articles
                .iter()
                .filter_map(|&i| articles.get(i))
                .map(|a| a.id.clone())
                .collect(),
            similarity: s.similarity,
        })
        .collect();
    drop(t);

    // Align and verify.
    let t = crate::timing::stage("run.align");
    let (aligned, mut stats) = align::align(&claims, &sources, &cfg.align);
    drop(t);
    let t = crate::timing::stage("run.verify");
    let (decisions, nli) =
        verify::decide_pairs(&claims, &aligned, engines.nli.as_ref(), &cfg.verify)?;
    stats.nli_pairs = nli.pairs;
    stats.nli_skipped_pairs = nli.skipped;
    let dates: Vec<Option<String>> = articles.iter().map(|a| a.meta.date.clone()).collect();
    let ctx = verify::Context {
        sources: &sources,
        dates: &dates,
        align: &cfg.align,
    };
    drop(t);
    let t = crate::timing::stage("run.facts");
    let facts = verify::facts(&claims, decisions, &ctx, &cfg.verify);
    drop(t);
    // The claims in set order: a fact's `ClaimRef`s index this list.
    let claims = claims.into_claims();

    // Report.
    let mut entries: Vec<ArticleEntry> = articles
        .iter()
        .zip(&sentences)
        .enumerate()
        .map(|(i, (a, &s))| ArticleEntry {
            id: a.id.clone(),
            path: display_path(&a.path),
            title: a.meta.title.clone(),
            publisher: a.meta.publisher.clone(),
            date: a.meta.date.clone(),
            url: a.meta.url.clone(),
            sentences: s,
            claims: claims.iter().filter(|c| c.article == a.id).count(),
            error: failed.get(&i).cloned(),
        })
        .collect();
    entries.extend(corpus.rejected.iter().map(|r| ArticleEntry {
        id: r.id.clone(),
        path: display_path(&r.path),
        title: None,
        publisher: None,
        date: None,
        url: None,
        sentences: 0,
        claims: 0,
        error: Some(r.error.clone()),
    }));
    entries.sort_by(|x, y| x.id.cmp(&y.id));
    let independent = found.count();
    let summary = Summary::count(&entries, &claims, &facts, independent);
    let mut all_warnings = corpus.warnings;
    all_warnings.extend(warnings);
    if stats.nli_skipped_pairs > 0 {
        all_warnings.push(format!(
            "{} of {} aligned pairs needing NLI were over verify.max_nli_pairs_per_claim ({}) and stay undecided",
            stats.nli_skipped_pairs,
            stats.nli_pairs + stats.nli_skipped_pairs,
            cfg.verify.max_nli_pairs_per_claim
        ));
    }
    Ok(Report {
        schema: crate::report::SCHEMA,
        tool: Tool::current(),
        corpus: display_path(&opts.corpus),
        engines: engines.report(),
        summary,
        alignment: stats,
        articles: entries,
        claims,
        facts,
        syndicates,
        warnings: all_warnings,
        reused,
        computed,
        texts: articles
            .iter()
            .map(|a| (a.id.clone(), a.raw.clone()))
            .collect(),
    })
}

fn display_path(p: &Path) -> String {
    p.display().to_string()
}
