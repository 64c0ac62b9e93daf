//! CI mode: check new articles against an indexed corpus.
//!
//! The corpus goes through the same stages as a batch run (reusing the index), the
//! checked articles through the same stages without being stored. Each claim of a
//! checked article is then paired only with corpus claims that share a blocking key
//! with it (never all pairs, through the same [`Postings`] as a batch run), the pairs
//! are aligned and verified exactly as in a batch run, and the claim gets one
//! [`Finding`] (its kinds: [`crate::check`]).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use super::{analyze_partly_indexed, Engines};
use crate::align::{self, AlignedPair, ClaimRef, ClaimSet, Postings};
use crate::check::{
    CheckReport, CheckSummary, CheckedArticle, Evidence, FailOn, Finding, FindingKind, Span, SCHEMA,
};
use crate::claims::Claim;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::fsio::content_hash;
use crate::index::Index;
use crate::ingest::{self, Article};
use crate::report::Tool;
use crate::verify::{self, Basis, PairDecision, Relation};

/// At most this many evidence quotes per finding (the strongest first).
const MAX_EVIDENCE: usize = 5;

/// What a check compares the files with, and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The corpus directory the files are checked against.
    pub corpus: PathBuf,
    /// Index to reuse and update for the corpus; `None` computes it afresh.
    pub index: Option<PathBuf>,
    /// Which findings fail the check (`--fail-on`).
    pub fail_on: FailOn,
    /// Show progress bars (only drawn when stderr is a terminal).
    pub progress: bool,
}

/// Checks `files` against the corpus. A file that cannot be read is recorded in its
/// [`CheckedArticle::error`]; a corpus with no usable article is an error.
pub fn check(
    cfg: &Config,
    engines: &Engines,
    files: &[PathBuf],
    opts: &CheckOptions,
) -> Result<CheckReport> {
    let t = crate::timing::stage("check.ingest");
    let mut corpus = ingest::load_corpus(&opts.corpus, &cfg.ingest)?;
    drop(t);
    if corpus.articles.is_empty() {
        return Err(Error::Corpus {
            path: opts.corpus.clone(),
            message: format!(
                "no article could be processed ({} rejected)",
                corpus.rejected.len()
            ),
        });
    }
    let mut warnings = std::mem::take(&mut corpus.warnings);
    for r in &corpus.rejected {
        warnings.push(format!(
            "corpus article {} skipped: {}",
            r.path.display(),
            r.error
        ));
    }

    // The checked files, in the order given; unreadable ones are kept as errors.
    let mut checked: Vec<CheckedArticle> = Vec::with_capacity(files.len());
    let mut loaded: Vec<(usize, Article)> = Vec::new();
    for path in files {
        let shown = path.display().to_string();
        match ingest::load_file(path, &cfg.ingest) {
            Ok(a) => {
                loaded.push((checked.len(), a));
                checked.push(CheckedArticle {
                    path: shown,
                    error: None,
                    findings: Vec::new(),
                    source: String::new(),
                });
            }
            Err(e) => checked.push(CheckedArticle {
                path: shown,
                error: Some(match e {
                    Error::Article { message, .. } => message,
                    other => other.to_string(),
                }),
                findings: Vec::new(),
                source: String::new(),
            }),
        }
    }

    // A checked file that is also in the corpus (same bytes) must not confirm itself.
    let checked_hashes: HashSet<String> = loaded
        .iter()
        .map(|(_, a)| content_hash(a.raw.as_bytes()))
        .collect();
    let corpus_articles = corpus.articles.len();
    let mut excluded: HashSet<usize> = HashSet::new();
    for (i, a) in corpus.articles.iter().enumerate() {
        if checked_hashes.contains(&content_hash(a.raw.as_bytes())) {
            warnings.push(format!(
                "corpus article {} has the same content as a checked file; not used as evidence",
                a.path.display()
            ));
            excluded.insert(i);
        }
    }

    let index = opts.index.as_deref().map(Index::open).transpose()?;
    let mut articles = corpus.articles;
    let firsts: Vec<usize> = loaded.iter().map(|(slot, _)| *slot).collect();
    articles.extend(loaded.into_iter().map(|(_, a)| a));
    let t = crate::timing::stage("check.analyze");
    let analysis = analyze_partly_indexed(
        &articles,
        corpus_articles,
        cfg,
        engines,
        index.as_ref(),
        opts.progress,
    )?;
    drop(t);
    warnings.extend(analysis.warnings.iter().cloned());
    for (i, message) in &analysis.failed {
        match i.checked_sub(corpus_articles) {
            // A checked file that could not be analysed is an error of the check.
            Some(k) => checked[firsts[k]].error = Some(message.clone()),
            None => warnings.push(format!(
                "corpus article {} skipped: {message}",
                articles[*i].path.display()
            )),
        }
    }
    let t = crate::timing::stage("check.align+verify");

    let claims = &analysis.claims;
    let is_checked = |r: ClaimRef| claims.article(r) >= corpus_articles;
    let usable_corpus =
        |r: ClaimRef| claims.article(r) < corpus_articles && !excluded.contains(&claims.article(r));

    // Blocking: postings of the corpus claims, restricted to keys the checked claims
    // have. No stop keys here: the cost is the postings of one article's keys, and a
    // common key ("money|invest") is exactly where contradictions hide.
    let wanted: HashSet<&str> = claims
        .refs()
        .filter(|&r| is_checked(r))
        .flat_map(|r| claims.keys(r).iter().map(String::as_str))
        .collect();
    let postings = Postings::new(claims, usable_corpus, |k| wanted.contains(k));
    let mut aligned: Vec<AlignedPair> = Vec::new();
    for b in claims.refs().filter(|&r| is_checked(r)) {
        // The checked claim is `a`, so that reasons read "checked vs corpus".
        aligned.extend(
            postings
                .sharing(claims.keys(b))
                .into_iter()
                .filter_map(|c| align::score(claims, b, c, &cfg.align)),
        );
    }
    let (decisions, _) = verify::decide_pairs(claims, &aligned, engines.nli.as_ref(), &cfg.verify)?;
    let mut by_claim: HashMap<ClaimRef, Vec<&PairDecision>> = HashMap::new();
    for d in &decisions {
        by_claim.entry(d.a).or_default().push(d);
    }

    for (k, &slot) in firsts.iter().enumerate() {
        let idx = corpus_articles + k;
        let article = &articles[idx];
        let out = &mut checked[slot];
        out.source = article.raw.clone();
        for (r, claim) in claims.iter() {
            if claims.article(r) != idx {
                continue;
            }
            let ds = by_claim.get(&r).map(Vec::as_slice).unwrap_or_default();
            out.findings
                .push(finding(claim, article, ds, claims, &articles));
        }
    }

    drop(t);
    let mut summary = CheckSummary::default();
    for a in &checked {
        if a.error.is_some() {
            summary.errors += 1;
        }
        for f in &a.findings {
            match f.kind {
                FindingKind::Contradiction => summary.contradictions += 1,
                FindingKind::Corroboration => summary.corroborations += 1,
                FindingKind::Speculation => summary.speculations += 1,
                FindingKind::Unverified => summary.unverified += 1,
            }
            if opts.fail_on.fails(f.kind) {
                summary.failing += 1;
            }
        }
    }
    Ok(CheckReport {
        schema: SCHEMA,
        tool: Tool::current(),
        corpus: opts.corpus.display().to_string(),
        corpus_articles: corpus_articles - excluded.len(),
        engines: engines.report(),
        fail_on: opts.fail_on,
        articles: checked,
        summary,
        warnings,
    })
}

/// The finding for one checked claim from its pair decisions.
fn finding(
    claim: &Claim,
    article: &Article,
    decisions: &[&PairDecision],
    claims: &ClaimSet,
    articles: &[Article],
) -> Finding {
    let corpus_claim = |d: &PairDecision| claims.claim(d.b);
    // Corpus evidence counts when the corpus claim states it as fact (unhedged, or
    // the deciding quantity outside its hedges).
    let decisive = |d: &&&PairDecision| d.factual_for(claims, d.b);
    let contradiction = decisions
        .iter()
        .filter(|d| d.relation == Relation::Contradiction)
        .filter(decisive)
        .max_by(|x, y| x.score.total_cmp(&y.score));
    let entailment = decisions
        .iter()
        .filter(|d| d.relation == Relation::Entailment)
        .filter(decisive)
        .max_by(|x, y| x.score.total_cmp(&y.score));

    let sentence_span = span(article, claim.start, claim.end);
    // The deciding figure of the checked claim (each slot is decided on its own).
    let quantity_span = |d: &PairDecision| {
        if d.basis != Basis::Slot {
            return None;
        }
        d.quantities
            .and_then(|(qa, _)| claim.quantities.get(qa))
            .map(|q| span(article, q.file_start, q.file_end))
    };
    let (kind, highlight, message, cue) =
        if let Some(d) = contradiction.filter(|d| d.factual_for(claims, d.a)) {
            (
                FindingKind::Contradiction,
                quantity_span(d).unwrap_or_else(|| sentence_span.clone()),
                format!("the corpus states otherwise: {}", d.reason),
                None,
            )
        } else if let Some(c) = claim.cues.first().filter(|_| claim.speculative) {
            (
                FindingKind::Speculation,
                span(article, c.start, c.end),
                format!("speculative: '{}' hedges \"{}\"", c.cue, c.scope),
                Some(c.cue.clone()),
            )
        } else if let Some(d) = entailment {
            let sources: BTreeSet<usize> = decisions
                .iter()
                .filter(|d| d.relation == Relation::Entailment)
                .filter(decisive)
                .map(|d| claims.article(d.b))
                .collect();
            (
                FindingKind::Corroboration,
                quantity_span(d).unwrap_or_else(|| sentence_span.clone()),
                format!(
                    "stated by {} corpus article{}: {}",
                    sources.len(),
                    if sources.len() == 1 { "" } else { "s" },
                    d.reason
                ),
                None,
            )
        } else {
            (
                FindingKind::Unverified,
                sentence_span.clone(),
                "nothing in the corpus speaks to this claim".to_string(),
                None,
            )
        };

    // Evidence: contradictions, then entailments, strongest first; neutral pairs only
    // say the topic is shared and are left out.
    let mut evidence: Vec<&PairDecision> = decisions
        .iter()
        .copied()
        .filter(|d| d.relation != Relation::Neutral)
        .collect();
    evidence.sort_by(|x, y| {
        (x.relation != Relation::Contradiction)
            .cmp(&(y.relation != Relation::Contradiction))
            .then(
                corpus_claim(x)
                    .speculative
                    .cmp(&corpus_claim(y).speculative),
            )
            .then(y.score.total_cmp(&x.score))
            .then(corpus_claim(x).id.cmp(&corpus_claim(y).id))
    });
    let evidence = evidence
        .into_iter()
        .take(MAX_EVIDENCE)
        .map(|d| {
            let c = corpus_claim(d);
            Evidence {
                article: c.article.clone(),
                path: articles[claims.article(d.b)].path.display().to_string(),
                sentence: c.text.clone(),
                line: c.line,
                column: c.column,
                relation: d.relation,
                score: d.score,
                reason: d.reason.clone(),
                speculative: c.speculative,
            }
        })
        .collect();

    Finding {
        kind,
        claim: claim.id.clone(),
        sentence: claim.text.clone(),
        line: claim.line,
        column: claim.column,
        start: claim.start,
        end: claim.end,
        highlight,
        cue,
        message,
        fingerprint: content_hash(format!("{}\n{}", kind.as_str(), claim.text).as_bytes())[..32]
            .to_string(),
        evidence,
    }
}

fn span(article: &Article, start: usize, end: usize) -> Span {
    let (line, column) = article.lines.line_col(&article.raw, start);
    let (end_line, end_column) = article.lines.line_col(&article.raw, end);
    Span {
        text: article.raw.get(start..end).unwrap_or_default().to_string(),
        start,
        end,
        line,
        column,
        end_line,
        end_column,
    }
}
