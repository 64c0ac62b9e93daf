//! What `crosscheck check` found, and its formats. Each claim of a checked article
//! gets one [`Finding`] (`crate::pipeline::check` makes them):
//!
//! - `contradiction`: a non-speculative corpus claim states the same fact otherwise
//!   (another value in the same slot, the opposite polarity or direction), and the
//!   checked claim is not itself hedged;
//! - `speculation`: the checked claim is hedged or a rumor (its cue is shown);
//! - `corroboration`: a non-speculative corpus claim entails it;
//! - `unverified`: nothing in the corpus speaks to it.
//!
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

/// Schema id of the check JSON, written as its `schema` field.
pub const SCHEMA: &str = "crosscheck.check/v1";

/// What a checked claim was found to be: the first of these kinds that applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FindingKind {
    /// A non-speculative corpus claim states the same fact otherwise: another value for
    /// the same slot, the opposite direction, or a negation.
    Contradiction,
    /// The claim is hedged or a rumor; the finding's `cue` says which word.
    Speculation,
    /// The corpus states the same fact, also in other words.
    Corroboration,
    /// Nothing in the corpus speaks to the claim.
    Unverified,
}

impl FindingKind {
    /// Every kind, in declaration order (the order of the SARIF rules).
    pub const ALL: [FindingKind; 4] = [
        FindingKind::Contradiction,
        FindingKind::Speculation,
        FindingKind::Corroboration,
        FindingKind::Unverified,
    ];

    /// The kind as the formats write it ("contradiction", "unverified").
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
    /// Whether a finding of `kind` fails the check under this setting.
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
    /// The spanned text, exactly as in the file.
    pub text: String,
    /// Byte offset of the span's start in the checked file.
    pub start: usize,
    /// Byte offset just past the span's end in the checked file.
    pub end: usize,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in Unicode code points.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the last character, in Unicode code points.
    pub end_column: usize,
}

/// A corpus sentence that speaks to the finding.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// Corpus article id and file.
    pub article: ArticleId,
    /// Path of the corpus file, as read (`corpus/003_....txt`).
    pub path: String,
    /// The corpus sentence, normalized.
    pub sentence: String,
    /// 1-based line of the corpus sentence's start.
    pub line: usize,
    /// 1-based column of the corpus sentence's start, in Unicode code points.
    pub column: usize,
    /// How the corpus claim relates to the checked one: contradiction or entailment
    /// (neutral pairs are not evidence).
    pub relation: Relation,
    /// Confidence of the pair decision, 0 to 1: the NLI probability, the clause
    /// similarity of a quantity slot, or a fixed value for polarity.
    pub score: f32,
    /// Why the pair was decided so, in words (the values compared and the clause
    /// similarity).
    pub reason: String,
    /// The corpus sentence is itself hedged (it cannot settle the fact).
    pub speculative: bool,
}

/// The outcome for one claim of a checked file: its kind, where it is, why, and the
/// corpus evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What the claim was found to be.
    pub kind: FindingKind,
    /// Claim id within the checked file ("<path>#<sentence>").
    pub claim: ClaimId,
    /// The claim's sentence, normalized.
    pub sentence: String,
    /// Sentence start (1-based line and column) and byte span in the checked file.
    pub line: usize,
    /// 1-based column of the sentence's start, in Unicode code points.
    pub column: usize,
    /// Byte offset of the sentence's start in the checked file.
    pub start: usize,
    /// Byte offset just past the sentence's end in the checked file.
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
    /// At most five corpus sentences that speak to the claim: contradictions first, then
    /// the strongest.
    pub evidence: Vec<Evidence>,
}

/// One checked file: its findings, or why it could not be checked.
#[derive(Debug, Clone)]
pub struct CheckedArticle {
    /// The file's path, as given on the command line.
    pub path: String,
    /// Why the file could not be checked; null when it was.
    pub error: Option<String>,
    /// One finding per claim, in sentence order; empty when the file was not checked.
    pub findings: Vec<Finding>,
    /// The file's text, for renderers that quote lines (the JSON leaves it out).
    pub source: String,
}

/// Counts over all checked files, written as `summary` in the check JSON.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckSummary {
    /// Findings of kind contradiction.
    pub contradictions: usize,
    /// Findings of kind corroboration.
    pub corroborations: usize,
    /// Findings of kind speculation.
    pub speculations: usize,
    /// Findings of kind unverified.
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
    /// Always [`SCHEMA`].
    pub schema: &'static str,
    /// The program that made the report (name and version).
    pub tool: Tool,
    /// The corpus directory, as given.
    pub corpus: String,
    /// Corpus articles read, less those with the same bytes as a checked file.
    pub corpus_articles: usize,
    /// The engine of each model-backed role, as in report.json.
    pub engines: EngineReport,
    /// Which findings fail the check (`--fail-on`).
    pub fail_on: FailOn,
    /// The checked files, in the order given.
    pub articles: Vec<CheckedArticle>,
    /// Counts of findings and of files that could not be checked.
    pub summary: CheckSummary,
    /// Problems that did not stop the check (skipped corpus articles, corpus copies of a
    /// checked file left out).
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
