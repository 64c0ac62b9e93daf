//! report.md: contradictions first, then corroborated claims, then speculation, each
//! with quotes and `article:line`.

use std::collections::HashMap;

use minijinja::context;
use serde::Serialize;

use super::json::PairView;
use super::Report;
use crate::claims::Claim;
use crate::error::Result;
use crate::ingest::ArticleId;
use crate::verify::{Fact, Verdict};

const TEMPLATE: &str = include_str!("report.md.j2");

#[derive(Serialize)]
struct MemberView<'a> {
    article: &'a str,
    title: Option<&'a str>,
    date: Option<&'a str>,
    line: usize,
    text: &'a str,
    quantities: String,
    speculative: bool,
    cues: String,
    attribution: Option<String>,
    sourcing: Option<&'static str>,
}

#[derive(Serialize)]
struct FactView<'a> {
    id: &'a str,
    /// What the fact is about: its figures and what they measure, else the entities
    /// its claims share.
    about: String,
    articles: &'a [ArticleId],
    support: usize,
    supporting_articles: usize,
    members: Vec<MemberView<'a>>,
    pairs: Vec<PairView<'a>>,
}

/// The report.md text: contradictions first, then corroborated claims, then speculation,
/// each with quotes and `article:line`.
pub fn render_markdown(report: &Report) -> Result<String> {
    let titles: HashMap<&str, &str> = report
        .articles
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.title.as_deref()?)))
        .collect();
    let dates: HashMap<&str, &str> = report
        .articles
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.date.as_deref()?)))
        .collect();
    let syndicates: Vec<_> = report
        .syndicates
        .iter()
        .map(|s| {
            context! {
                articles => &s.articles,
                similarity => s.similarity,
                list => s.articles.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "),
            }
        })
        .collect();
    let facts = |v: Verdict| -> Vec<FactView<'_>> {
        report
            .facts
            .iter()
            .filter(|c| c.verdict == v)
            .map(|c| fact_view(report, c, &titles, &dates))
            .collect()
    };
    let speculative: Vec<MemberView<'_>> = report
        .claims
        .iter()
        .filter(|c| c.speculative)
        .map(|c| member_view(c, &titles, &dates))
        .collect();
    let rejected: Vec<_> = report
        .articles
        .iter()
        .filter(|a| a.error.is_some())
        .collect();

    let mut env = super::environment();
    env.set_trim_blocks(true);
    env.set_keep_trailing_newline(true);
    env.add_template("report.md", TEMPLATE)?;
    let text = env.get_template("report.md")?.render(context! {
        corpus => &report.corpus,
        summary => &report.summary,
        engines => &report.engines,
        warnings => &report.warnings,
        rejected => rejected,
        syndicates => syndicates,
        contradicted => facts(Verdict::Contradicted),
        superseded => facts(Verdict::Superseded),
        corroborated => facts(Verdict::Corroborated),
        speculative => speculative,
    })?;
    Ok(text)
}

fn fact_view<'a>(
    report: &'a Report,
    c: &'a Fact,
    titles: &HashMap<&str, &'a str>,
    dates: &HashMap<&str, &'a str>,
) -> FactView<'a> {
    let members: Vec<&Claim> = report.members(c).collect();
    FactView {
        id: &c.id,
        about: super::fact_title(report, c),
        articles: &c.articles,
        support: c.support,
        supporting_articles: c.supporting_articles,
        members: members
            .iter()
            .map(|m| member_view(m, titles, dates))
            .collect(),
        pairs: c.pairs.iter().map(|p| PairView::of(report, p)).collect(),
    }
}

/// Figures stated by more than one member ("$13 billion"), else the entities most
/// members name.
pub(super) fn about(members: &[&Claim]) -> String {
    let mut figures: Vec<(String, String, usize)> = Vec::new();
    for m in members {
        for q in &m.quantities {
            match figures.iter_mut().find(|(c, _, _)| *c == q.canonical) {
                Some(f) => f.2 += 1,
                None => figures.push((q.canonical.clone(), q.quantity.text.clone(), 1)),
            }
        }
    }
    let shared: Vec<String> = figures
        .into_iter()
        .filter(|f| f.2 > 1)
        .map(|f| f.1)
        .collect();
    if !shared.is_empty() {
        return shared.join(", ");
    }
    let mut names: Vec<(&str, usize)> = Vec::new();
    for m in members {
        for e in m
            .entities
            .iter()
            .map(|e| e.text.as_str())
            .collect::<std::collections::BTreeSet<_>>()
        {
            match names.iter_mut().find(|(n, _)| *n == e) {
                Some(n) => n.1 += 1,
                None => names.push((e, 1)),
            }
        }
    }
    names.sort_by_key(|n| std::cmp::Reverse(n.1));
    let top: Vec<&str> = names.iter().take(3).map(|n| n.0).collect();
    if top.is_empty() {
        "claims".into()
    } else {
        top.join(", ")
    }
}

fn member_view<'a>(
    c: &'a Claim,
    titles: &HashMap<&str, &'a str>,
    dates: &HashMap<&str, &'a str>,
) -> MemberView<'a> {
    MemberView {
        article: c.article.as_str(),
        title: titles.get(c.article.as_str()).copied(),
        date: dates.get(c.article.as_str()).copied(),
        line: c.line,
        text: &c.text,
        quantities: c
            .quantities
            .iter()
            .map(|q| {
                let hedged = if q.hedged { " (hedged)" } else { "" };
                format!("`{}` = {}{hedged}", q.quantity.text, q.canonical)
            })
            .collect::<Vec<_>>()
            .join(", "),
        speculative: c.speculative,
        cues: c
            .cues
            .iter()
            .map(|q| format!("**{}** ({})", q.cue, q.scope))
            .collect::<Vec<_>>()
            .join("; "),
        attribution: c
            .attribution
            .as_ref()
            .map(|a| format!("{} ({})", a.source, a.cue)),
        sourcing: c.sourcing.describe(),
    }
}
