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
//! This module holds the check's report types; `crate::pipeline::check` makes them.
//! Output formats live in [`human`] (compiler-style diagnostics), [`github`]
//! (annotations), [`json`] (`crosscheck.check/v1`), [`sarif`] and [`junit`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use serde::Serialize;

use crate::claims::ClaimId;
use crate::ingest::ArticleId;
use crate::report::{Engines as EngineReport, Tool};
use crate::verify::Relation;

pub const SCHEMA: &str = "crosscheck.check/v1";

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
    pub article: ArticleId,
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
    pub claim: ClaimId,
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

/// One checked file: its findings, or why it could not be checked.
#[derive(Debug, Clone)]
pub struct CheckedArticle {
    pub path: String,
    /// Why the file could not be checked; null when it was.
    pub error: Option<String>,
    pub findings: Vec<Finding>,
    /// The file's text, for renderers that quote lines (the JSON leaves it out).
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

/// What a check found, ready for any of the formats ([`human`], [`github`],
/// [`json`], [`sarif`], [`junit`]).
#[derive(Debug, Clone)]
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

/// Severity word shown for a finding under the report's `fail_on`.
pub(crate) fn severity(report: &CheckReport, kind: FindingKind) -> &'static str {
    if report.fail_on.fails(kind) {
        "error"
    } else {
        match kind {
            FindingKind::Contradiction | FindingKind::Speculation => "warning",
            FindingKind::Corroboration | FindingKind::Unverified => "note",
        }
    }
}

/// "2 contradictions, 1 corroboration, 0 speculations, 3 unverified": the findings of
/// a check, as every summary line words them.
pub fn finding_counts(s: &CheckSummary) -> String {
    format!(
        "{} contradiction{}, {} corroboration{}, {} speculation{}, {} unverified",
        s.contradictions,
        crate::report::plural(s.contradictions),
        s.corroborations,
        crate::report::plural(s.corroborations),
        s.speculations,
        crate::report::plural(s.speculations),
        s.unverified
    )
}
