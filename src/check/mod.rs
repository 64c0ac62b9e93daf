//! CI mode: check new articles against an indexed corpus.
//!
//! The corpus goes through the same stages as a batch run (reusing the index), the
//! checked articles through the same stages without being stored. Each claim of a
//! checked article is then paired only with corpus claims that share a blocking key
//! with it (never all pairs), the pairs are aligned and verified exactly as in a batch
//! run, and the claim gets one [`Finding`]:
//!
//! - `contradiction`: a non-speculative corpus claim states the same fact otherwise
//!   (another value in the same slot, the opposite polarity or direction), and the
//!   checked claim is not itself hedged;
//! - `speculation`: the checked claim is hedged or a rumor (its cue is shown);
//! - `corroboration`: a non-speculative corpus claim entails it;
//! - `unverified`: nothing in the corpus speaks to it.
//!
//! Output formats live in [`render`] (human, GitHub annotations), [`sarif`] and
//! [`junit`]; `json` is this module's [`CheckReport`] as is.

pub mod junit;
pub mod render;
pub mod sarif;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use serde::Serialize;

use crate::align::{self, AlignedPair};
use crate::claims::Claim;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::{content_hash, Index};
use crate::ingest::{self, Article};
use crate::pipeline::{analyze_partly_indexed, Engines};
use crate::report::{Engines as EngineReport, Tool};
use crate::verify::{self, Basis, PairDecision, Relation};

pub const SCHEMA: &str = "crosscheck.check/v1";

/// At most this many evidence quotes per finding (the strongest first).
const MAX_EVIDENCE: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    Contradiction,
    Speculation,
    Corroboration,
    Unverified,
}

impl FindingKind {
    pub const ALL: [FindingKind; 4] = [
        FindingKind::Contradiction,
        FindingKind::Speculation,
        FindingKind::Corroboration,
        FindingKind::Unverified,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Contradiction => "contradiction",
            FindingKind::Speculation => "speculation",
            FindingKind::Corroboration => "corroboration",
            FindingKind::Unverified => "unverified",
        }
    }
}

/// Which findings fail the check (exit status 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Contradictions fail.
    #[default]
    Contradiction,
    /// Contradictions and speculation fail.
    Speculation,
    /// Nothing fails; findings are reported only.
    Never,
}

impl FailOn {
    pub fn fails(self, kind: FindingKind) -> bool {
        match self {
            FailOn::Contradiction => kind == FindingKind::Contradiction,
            FailOn::Speculation => {
                matches!(kind, FindingKind::Contradiction | FindingKind::Speculation)
            }
            FailOn::Never => false,
        }
    }
}

/// A span of the checked file: byte offsets and 1-based line/column (columns count
/// chars) of its start and end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// A corpus sentence that speaks to the finding.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Corpus article id and file.
    pub article: String,
    pub path: String,
    pub sentence: String,
    pub line: usize,
    pub column: usize,
    pub relation: Relation,
    pub score: f32,
    pub reason: String,
    /// The corpus sentence is itself hedged (it cannot settle the fact).
    pub speculative: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// Claim id within the checked file ("<path>#<sentence>").
    pub claim: String,
    pub sentence: String,
    /// Sentence start (1-based line and column) and byte span in the checked file.
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
    /// The part that matters: the quantity in the disputed slot, the speculation cue,
    /// or the sentence.
    pub highlight: Span,
    /// The speculation cue, for speculation findings.
    pub cue: Option<String>,
    /// One line saying why.
    pub message: String,
    /// Stable across runs and line moves: kind + sentence text (SARIF
    /// partialFingerprints).
    pub fingerprint: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckedArticle {
    pub path: String,
    /// Why the file could not be checked; null when it was.
    pub error: Option<String>,
    pub findings: Vec<Finding>,
    /// The file's text, for renderers that quote lines.
    #[serde(skip)]
    pub source: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSummary {
    pub contradictions: usize,
    pub corroborations: usize,
    pub speculations: usize,
    pub unverified: usize,
    /// Files that could not be checked.
    pub errors: usize,
    /// Findings that fail the check under `fail_on`.
    pub failing: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub schema: &'static str,
    pub tool: Tool,
    pub corpus: String,
    pub corpus_articles: usize,
    pub engines: EngineReport,
    pub fail_on: FailOn,
    pub articles: Vec<CheckedArticle>,
    pub summary: CheckSummary,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub corpus: PathBuf,
    /// Index to reuse and update for the corpus; `None` computes it afresh.
    pub index: Option<PathBuf>,
    pub fail_on: FailOn,
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
    let mut corpus = ingest::load_corpus(&opts.corpus)?;
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
        match ingest::load_file(path) {
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
    let is_checked = |i: usize| claims[i].article_idx >= corpus_articles;
    let usable_corpus = |i: usize| {
        claims[i].article_idx < corpus_articles && !excluded.contains(&claims[i].article_idx)
    };

    // Blocking: an inverted index over the corpus claims' keys, restricted to keys the
    // checked claims have. No stop keys here: the cost is the postings of one article's
    // keys, and a common key ("money|invest") is exactly where contradictions hide.
    let wanted: HashSet<&str> = (0..claims.len())
        .filter(|&i| is_checked(i))
        .flat_map(|i| analysis.keys[i].iter().map(String::as_str))
        .collect();
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in (0..claims.len()).filter(|&i| usable_corpus(i)) {
        for k in &analysis.keys[i] {
            if wanted.contains(k.as_str()) {
                postings.entry(k.as_str()).or_default().push(i);
            }
        }
    }
    let mut aligned: Vec<AlignedPair> = Vec::new();
    for b in (0..claims.len()).filter(|&i| is_checked(i)) {
        let mut seen = BTreeSet::new();
        for k in &analysis.keys[b] {
            seen.extend(postings.get(k.as_str()).into_iter().flatten().copied());
        }
        // The checked claim is `a`, so that reasons read "checked vs corpus".
        aligned.extend(
            seen.into_iter()
                .filter_map(|c| align::score(claims, &analysis.vectors, b, c, &cfg.align)),
        );
    }
    let (decisions, _) = verify::decide_pairs(claims, &aligned, engines.nli.as_ref(), &cfg.verify)?;
    let slot_of: HashMap<(usize, usize), &AlignedPair> =
        aligned.iter().map(|p| ((p.a, p.b), p)).collect();
    let mut by_claim: HashMap<usize, Vec<&PairDecision>> = HashMap::new();
    for d in &decisions {
        by_claim.entry(d.ia).or_default().push(d);
    }

    for (k, &slot) in firsts.iter().enumerate() {
        let idx = corpus_articles + k;
        let article = &articles[idx];
        let out = &mut checked[slot];
        out.source = article.raw.clone();
        for (i, claim) in claims.iter().enumerate() {
            if claim.article_idx != idx {
                continue;
            }
            let ds = by_claim.get(&i).map(Vec::as_slice).unwrap_or_default();
            out.findings
                .push(finding(claim, article, ds, &slot_of, claims, &articles));
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
    aligned: &HashMap<(usize, usize), &AlignedPair>,
    claims: &[Claim],
    articles: &[Article],
) -> Finding {
    let corpus_claim = |d: &PairDecision| &claims[d.ib];
    let decisive = |d: &&&PairDecision| !corpus_claim(d).speculative;
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
    let quantity_span = |d: &PairDecision| {
        if d.basis != Basis::Slot {
            return None;
        }
        aligned
            .get(&(d.ia, d.ib))
            .and_then(|p| p.slots.first())
            .and_then(|m| claim.quantities.get(m.qa))
            .map(|q| span(article, q.file_start, q.file_end))
    };
    let (kind, highlight, message, cue) =
        if let (Some(d), false) = (contradiction, claim.speculative) {
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
                .map(|d| corpus_claim(d).article_idx)
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
            .then(x.b.cmp(&y.b))
    });
    let evidence = evidence
        .into_iter()
        .take(MAX_EVIDENCE)
        .map(|d| {
            let c = corpus_claim(d);
            Evidence {
                article: c.article.clone(),
                path: articles[c.article_idx].path.display().to_string(),
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
