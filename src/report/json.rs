//! report.json (`crosscheck.report/v1`, docs/REPORT.md): the shape of the file is
//! made here, from the run's [`Report`], so the domain types carry no serialization
//! switches. What report.json leaves out of a claim (its sentence index, slots and
//! frames) is what the index keeps.

use serde::Serialize;

use super::{ArticleEntry, Engines, Report, Summary, Tool};
use crate::align::AlignStats;
use crate::claims::{Attribution, Claim, ClaimEntity, ClaimId, ClaimQuantity, Cue, Sourcing};
use crate::ingest::ArticleId;
use crate::verify::{Cluster, PairDecision, Relation, Verdict};

/// report.json, as it is written.
#[derive(Serialize)]
struct ReportView<'a> {
    schema: &'static str,
    tool: &'a Tool,
    corpus: &'a str,
    engines: &'a Engines,
    summary: &'a Summary,
    alignment: &'a AlignStats,
    articles: &'a [ArticleEntry],
    claims: Vec<ClaimView<'a>>,
    clusters: Vec<ClusterView<'a>>,
    warnings: &'a [String],
}

/// A claim as report.json shows it.
#[derive(Serialize)]
struct ClaimView<'a> {
    id: &'a ClaimId,
    article: &'a ArticleId,
    text: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    quantities: &'a [ClaimQuantity],
    entities: &'a [ClaimEntity],
    speculative: bool,
    cues: &'a [Cue],
    attribution: &'a Option<Attribution>,
    sourcing: Sourcing,
}

impl<'a> ClaimView<'a> {
    fn of(c: &'a Claim) -> Self {
        ClaimView {
            id: &c.id,
            article: &c.article,
            text: &c.text,
            start: c.start,
            end: c.end,
            line: c.line,
            column: c.column,
            quantities: &c.quantities,
            entities: &c.entities,
            speculative: c.speculative,
            cues: &c.cues,
            attribution: &c.attribution,
            sourcing: c.sourcing,
        }
    }
}

#[derive(Serialize)]
struct ClusterView<'a> {
    id: &'a str,
    claims: Vec<&'a ClaimId>,
    articles: &'a [ArticleId],
    verdict: Verdict,
    support: usize,
    pairs: Vec<PairView<'a>>,
}

/// A pair decision by claim id, as report.json and report.md show it.
#[derive(Serialize)]
pub(super) struct PairView<'a> {
    a: &'a ClaimId,
    b: &'a ClaimId,
    relation: Relation,
    score: f32,
    reason: &'a str,
}

impl<'a> PairView<'a> {
    pub(super) fn of(report: &'a Report, p: &'a PairDecision) -> Self {
        PairView {
            a: &report.claim(p.a).id,
            b: &report.claim(p.b).id,
            relation: p.relation,
            score: p.score,
            reason: &p.reason,
        }
    }
}

impl<'a> ClusterView<'a> {
    fn of(report: &'a Report, c: &'a Cluster) -> Self {
        ClusterView {
            id: &c.id,
            claims: report.members(c).map(|m| &m.id).collect(),
            articles: &c.articles,
            verdict: c.verdict,
            support: c.support,
            pairs: c.pairs.iter().map(|p| PairView::of(report, p)).collect(),
        }
    }
}

/// report.json's text: pretty-printed, with a final newline.
pub fn render_json(report: &Report) -> serde_json::Result<String> {
    let view = ReportView {
        schema: report.schema,
        tool: &report.tool,
        corpus: &report.corpus,
        engines: &report.engines,
        summary: &report.summary,
        alignment: &report.alignment,
        articles: &report.articles,
        claims: report.claims.iter().map(ClaimView::of).collect(),
        clusters: report
            .clusters
            .iter()
            .map(|c| ClusterView::of(report, c))
            .collect(),
        warnings: &report.warnings,
    };
    let mut text = serde_json::to_string_pretty(&view)?;
    text.push('\n');
    Ok(text)
}
