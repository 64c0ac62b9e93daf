//! report.md: contradictions first, then corroborated claims, then speculation, each
//! with quotes and `article:line`.

use std::collections::HashMap;

use minijinja::{context, Environment};
use serde::Serialize;

use super::Report;
use crate::claims::Claim;
use crate::error::Result;
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
}

#[derive(Serialize)]
struct ClusterView<'a> {
    id: &'a str,
    articles: &'a [String],
    support: usize,
    members: Vec<MemberView<'a>>,
    pairs: &'a [crate::verify::PairDecision],
}

pub fn render_markdown(report: &Report) -> Result<String> {
    let titles: HashMap<&str, &str> = report
        .articles
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.title.as_deref()?)))
        .collect();
    let by_id: HashMap<&str, &Claim> = report.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let clusters = |v: Verdict| -> Vec<ClusterView<'_>> {
        report
            .clusters
            .iter()
            .filter(|c| c.verdict == v)
            .map(|c| cluster_view(c, &by_id, &titles))
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

    let mut env = Environment::new();
    env.set_trim_blocks(true);
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
    c: &'a Cluster,
    by_id: &HashMap<&str, &'a Claim>,
    titles: &HashMap<&str, &'a str>,
) -> ClusterView<'a> {
    ClusterView {
        id: &c.id,
        articles: &c.articles,
        support: c.support,
        members: c
            .claims
            .iter()
            .filter_map(|id| by_id.get(id.as_str()))
            .map(|m| member_view(m, titles))
            .collect(),
        pairs: &c.pairs,
    }
}

fn member_view<'a>(c: &'a Claim, titles: &HashMap<&str, &'a str>) -> MemberView<'a> {
    MemberView {
        article: &c.article,
        title: titles.get(c.article.as_str()).copied(),
        line: c.line,
        text: &c.text,
        quantities: c
            .quantities
            .iter()
            .map(|q| format!("`{}` = {}", q.quantity.text, q.canonical))
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
    }
}
