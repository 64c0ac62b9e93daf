//! report.json (`crosscheck.report/v2`, docs/REPORT.md): the shape of the file is
//! made here, from the run's [`Report`], so the domain types carry no serialization
//! switches. What report.json leaves out of a claim (its sentence index, slots and
//! frames) is what the index keeps.

use serde::Serialize;

use super::{ArticleEntry, Engines, Report, Summary, Tool};
use crate::align::AlignStats;
use crate::claims::{Attribution, Claim, ClaimEntity, ClaimId, ClaimQuantity, Cue, Sourcing};
use crate::ingest::ArticleId;
use crate::verify::{Fact, PairDecision, Relation, Verdict};

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
    syndicates: Vec<SyndicateView<'a>>,
    facts: Vec<FactView<'a>>,
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
struct FactView<'a> {
    id: &'a str,
    about: &'a str,
    claims: Vec<&'a ClaimId>,
    /// Each claim's part: the quantity that states the fact (its index into the
    /// claim's `quantities`), none for a statement.
    mentions: Vec<MentionView<'a>>,
    articles: &'a [ArticleId],
    verdict: Verdict,
    support: usize,
    supporting_articles: usize,
    pairs: Vec<PairView<'a>>,
}

#[derive(Serialize)]
struct MentionView<'a> {
    claim: &'a ClaimId,
    quantity: Option<usize>,
    text: Option<&'a str>,
}

#[derive(Serialize)]
struct SyndicateView<'a> {
    articles: &'a [ArticleId],
    similarity: f64,
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

impl<'a> FactView<'a> {
    fn of(report: &'a Report, f: &'a Fact) -> Self {
        FactView {
            id: &f.id,
            about: &f.about,
            claims: report.members(f).map(|m| &m.id).collect(),
            mentions: f
                .mentions
                .iter()
                .map(|m| {
                    let c = report.claim(m.claim);
                    MentionView {
                        claim: &c.id,
                        quantity: m.quantity,
                        text: m
                            .quantity
                            .and_then(|q| c.quantities.get(q))
                            .map(|q| q.quantity.text.as_str()),
                    }
                })
                .collect(),
            articles: &f.articles,
            verdict: f.verdict,
            support: f.support,
            supporting_articles: f.supporting_articles,
            pairs: f.pairs.iter().map(|p| PairView::of(report, p)).collect(),
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
        syndicates: report
            .syndicates
            .iter()
            .map(|s| SyndicateView {
                articles: &s.articles,
                similarity: s.similarity,
            })
            .collect(),
        facts: report
            .facts
            .iter()
            .map(|f| FactView::of(report, f))
            .collect(),
        warnings: &report.warnings,
    };
    let mut text = serde_json::to_string_pretty(&view)?;
    text.push('\n');
    Ok(text)
}
