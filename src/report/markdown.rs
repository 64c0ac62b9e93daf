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
use crate::verify::{Cluster, Verdict};

const TEMPLATE: &str = include_str!("report.md.j2");

#[derive(Serialize)]
struct MemberView<'a> {
    article: &'a str,
    title: Option<&'a str>,
    line: usize,
    text: &'a str,
    quantities: String,
    speculative: bool,
    cues: String,
    attribution: Option<String>,
    sourcing: Option<&'static str>,
}

#[derive(Serialize)]
struct ClusterView<'a> {
    id: &'a str,
    /// What the cluster is about: the figures its claims share, else its entities.
    about: String,
    articles: &'a [ArticleId],
    support: usize,
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
    let clusters = |v: Verdict| -> Vec<ClusterView<'_>> {
        report
            .clusters
            .iter()
            .filter(|c| c.verdict == v)
            .map(|c| cluster_view(report, c, &titles))
            .collect()
    };
    let speculative: Vec<MemberView<'_>> = report
        .claims
        .iter()
        .filter(|c| c.speculative)
        .map(|c| member_view(c, &titles))
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
        contradicted => clusters(Verdict::Contradicted),
        corroborated => clusters(Verdict::Corroborated),
        speculative => speculative,
    })?;
    Ok(text)
}

fn cluster_view<'a>(
    report: &'a Report,
    c: &'a Cluster,
    titles: &HashMap<&str, &'a str>,
) -> ClusterView<'a> {
    let members: Vec<&Claim> = report.members(c).collect();
    ClusterView {
        id: &c.id,
        about: about(&members),
        articles: &c.articles,
        support: c.support,
        members: members.iter().map(|m| member_view(m, titles)).collect(),
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

fn member_view<'a>(c: &'a Claim, titles: &HashMap<&str, &'a str>) -> MemberView<'a> {
    MemberView {
        article: c.article.as_str(),
        title: titles.get(c.article.as_str()).copied(),
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
