//! index.html: the report as one self-contained page (inline CSS, SVG and a little
//! JavaScript; no request leaves the file), rendered from `index.html.j2` with
//! minijinja, which escapes every value.
//!
//! The page: the run's engines and verdict counts; two pictures (a source-by-source
//! agreement matrix and claims per article by verdict, inline SVG with a table of the
//! same figures); filters by verdict and by article; a card per cluster,
//! contradictions first, quoting each member from the original file with quantities,
//! entities and speculation cues marked; each article's full text with its claims
//! marked and anchored, so that every quote links to its sentence and back.
//!
//! Verdicts are told by a word and a symbol as well as a colour.

use std::collections::{BTreeMap, HashMap, HashSet};

use minijinja::context;
use serde::Serialize;

use super::{anchor, Report};
use crate::claims::Claim;
use crate::error::Result;
use crate::verify::{Relation, Verdict};

const TEMPLATE: &str = include_str!("index.html.j2");

/// The matrix shows at most this many articles (the most involved ones).
pub const MATRIX_MAX: usize = 40;
/// The bar chart shows at most this many articles (the ones with most claims).
pub const BARS_MAX: usize = 60;
/// A card quotes at most this many members and lists at most this many pair
/// decisions (contradictions first); report.json has them all.
pub const CARD_MEMBERS_MAX: usize = 30;
pub const CARD_PAIRS_MAX: usize = 20;

const VERDICTS: [Verdict; 5] = [
    Verdict::Contradicted,
    Verdict::Superseded,
    Verdict::Corroborated,
    Verdict::Speculative,
    Verdict::SingleSource,
];

/// Anchors made unique within the page (a suffix on collision).
#[derive(Default)]
struct Anchors {
    used: HashSet<String>,
    of: HashMap<(&'static str, String), String>,
}

impl Anchors {
    fn get(&mut self, kind: &'static str, id: &str) -> String {
        if let Some(a) = self.of.get(&(kind, id.to_string())) {
            return a.clone();
        }
        let base = anchor(kind, id);
        let mut a = base.clone();
        let mut n = 2;
        while !self.used.insert(a.clone()) {
            a = format!("{base}-{n}");
            n += 1;
        }
        self.of.insert((kind, id.to_string()), a.clone());
        a
    }
}

fn verdict_key(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradicted => "contradicted",
        Verdict::Superseded => "superseded",
        Verdict::Corroborated => "corroborated",
        Verdict::Speculative => "speculative",
        Verdict::SingleSource => "single-source",
    }
}

fn verdict_label(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradicted => "Contradicted",
        Verdict::Superseded => "Superseded",
        Verdict::Corroborated => "Corroborated",
        Verdict::Speculative => "Speculative",
        Verdict::SingleSource => "Single source",
    }
}

fn verdict_symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Contradicted => "✗",
        Verdict::Superseded => "↻",
        Verdict::Corroborated => "✓",
        Verdict::Speculative => "?",
        Verdict::SingleSource => "•",
    }
}

#[derive(Serialize)]
struct VerdictView {
    key: &'static str,
    label: &'static str,
    symbol: &'static str,
    count: usize,
}

/// A run of text, marked (`kind`: "qty", "ent", "cue") or plain.
#[derive(Serialize)]
struct Seg {
    text: String,
    kind: Option<&'static str>,
    note: Option<String>,
}

/// `raw[start..end]` cut into segments at the claim's quantities, entities and cues
/// (file byte spans). Overlaps keep the earlier-starting mark (cues first on a tie);
/// spans off a character boundary or outside the range are left unmarked.
fn segments(raw: &str, start: usize, end: usize, claim: &Claim) -> Vec<Seg> {
    let mut marks: Vec<(usize, usize, u8, &'static str, String)> = Vec::new();
    for c in &claim.cues {
        marks.push((
            c.start,
            c.end,
            0,
            "cue",
            format!("speculation: {}", c.scope),
        ));
    }
    for q in &claim.quantities {
        marks.push((q.file_start, q.file_end, 1, "qty", q.canonical.clone()));
    }
    for e in &claim.entities {
        marks.push((e.start, e.end, 2, "ent", format!("{:?}: {}", e.kind, e.key)));
    }
    marks.sort_by_key(|m| (m.0, m.2));
    let ok = |i: usize| i >= start && i <= end && raw.is_char_boundary(i);
    let mut out = Vec::new();
    let mut at = start;
    for (s, e, _, kind, note) in marks {
        if s < at || e <= s || !ok(s) || !ok(e) {
            continue;
        }
        if s > at {
            out.push(Seg {
                text: raw[at..s].to_string(),
                kind: None,
                note: None,
            });
        }
        out.push(Seg {
            text: raw[s..e].to_string(),
            kind: Some(kind),
            note: Some(note),
        });
        at = e;
    }
    if at < end {
        out.push(Seg {
            text: raw[at..end].to_string(),
            kind: None,
            note: None,
        });
    }
    out
}

/// The quote of a claim: its span of the original file, or its normalized text when
/// the file's text is not at hand.
fn quote(report: &Report, claim: &Claim) -> Vec<Seg> {
    match report.texts.get(&claim.article) {
        Some(raw)
            if claim.start < claim.end
                && claim.end <= raw.len()
                && raw.is_char_boundary(claim.start)
                && raw.is_char_boundary(claim.end) =>
        {
            segments(raw, claim.start, claim.end, claim)
        }
        _ => vec![Seg {
            text: claim.text.clone(),
            kind: None,
            note: None,
        }],
    }
}

#[derive(Serialize)]
struct MemberView {
    anchor: String,
    id: String,
    article_anchor: String,
    article_title: String,
    line: usize,
    segments: Vec<Seg>,
    speculative: bool,
    cues: Vec<String>,
    attribution: Option<String>,
    sourcing: Option<&'static str>,
}

#[derive(Serialize)]
struct PairView {
    a: String,
    a_anchor: String,
    b: String,
    b_anchor: String,
    relation: &'static str,
    symbol: &'static str,
    score: String,
    reason: String,
}

#[derive(Serialize)]
struct CardView {
    id: String,
    anchor: String,
    verdict: &'static str,
    label: &'static str,
    symbol: &'static str,
    /// Article anchors, space-separated, for the article filter.
    articles: String,
    /// What the cluster is about: the figures its members share, else its first claim.
    heading: String,
    support: usize,
    supporting_articles: usize,
    members: Vec<MemberView>,
    /// Members and pairs left off the card.
    more_members: usize,
    pairs: Vec<PairView>,
    more_pairs: usize,
}

/// A piece of an article's full text: plain, or a claim with its marks.
#[derive(Serialize)]
struct Part {
    text: Option<String>,
    claim: Option<ClaimPart>,
}

#[derive(Serialize)]
struct ClaimPart {
    id: String,
    anchor: String,
    cluster_anchor: String,
    verdict: &'static str,
    label: &'static str,
    symbol: &'static str,
    segments: Vec<Seg>,
}

#[derive(Serialize)]
struct ArticleView {
    anchor: String,
    id: String,
    number: usize,
    title: String,
    path: String,
    publisher: Option<String>,
    date: Option<String>,
    claims: usize,
    error: Option<String>,
    parts: Vec<Part>,
}

#[derive(Serialize)]
struct Cell {
    x: usize,
    y: usize,
    agree: usize,
    contradict: usize,
    /// "none", "agree", "contradict", "self"
    class: &'static str,
    label: String,
    title: String,
    /// The two articles (titles), for the table.
    a: String,
    b: String,
}

#[derive(Serialize)]
struct MatrixView {
    size: usize,
    cell: usize,
    left: usize,
    top: usize,
    width: usize,
    height: usize,
    rows: Vec<AxisLabel>,
    cells: Vec<Cell>,
    shown: usize,
    total: usize,
}

#[derive(Serialize)]
struct AxisLabel {
    number: usize,
    anchor: String,
    label: String,
    x: usize,
    y: usize,
}

#[derive(Serialize)]
struct BarSeg {
    x: f64,
    width: f64,
    verdict: &'static str,
    label: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct BarRow {
    y: usize,
    number: usize,
    anchor: String,
    label: String,
    total: usize,
    segs: Vec<BarSeg>,
    counts: Vec<usize>,
}

#[derive(Serialize)]
struct BarsView {
    width: usize,
    height: usize,
    left: usize,
    plot: usize,
    rows: Vec<BarRow>,
    shown: usize,
    total: usize,
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

/// Renders index.html.
pub fn render_html(report: &Report) -> Result<String> {
    let mut anchors = Anchors::default();
    let articles_ok: Vec<&super::ArticleEntry> = report
        .articles
        .iter()
        .filter(|a| a.error.is_none())
        .collect();
    let number: HashMap<&str, usize> = report
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i + 1))
        .collect();
    let titles: HashMap<&str, &str> = report
        .articles
        .iter()
        .filter_map(|a| Some((a.id.as_str(), a.title.as_deref()?)))
        .collect();
    let title_of = |id: &str| -> String { titles.get(id).copied().unwrap_or(id).to_string() };
    // Each claim's cluster, for its verdict and the link back to its card.
    let mut cluster_of: HashMap<&str, (&str, Verdict)> = HashMap::new();
    // A claim in several facts shows the gravest verdict among them.
    for c in &report.facts {
        for m in report.members(c) {
            let e = cluster_of
                .entry(m.id.as_str())
                .or_insert((c.id.as_str(), c.verdict));
            if c.verdict < e.1 {
                *e = (c.id.as_str(), c.verdict);
            }
        }
    }

    let mut clusters: Vec<&crate::verify::Fact> = report.facts.iter().collect();
    clusters.sort_by_key(|c| c.verdict);
    let mut cards = Vec::with_capacity(clusters.len());
    for c in &clusters {
        let claims: Vec<&Claim> = report.members(c).collect();
        let heading = super::fact_title(report, c);
        let members = claims
            .iter()
            .take(CARD_MEMBERS_MAX)
            .map(|claim| MemberView {
                anchor: anchors.get("claim", claim.id.as_str()),
                id: claim.id.to_string(),
                article_anchor: anchors.get("article", claim.article.as_str()),
                article_title: title_of(claim.article.as_str()),
                line: claim.line,
                segments: quote(report, claim),
                speculative: claim.speculative,
                cues: claim.cues.iter().map(|c| c.cue.clone()).collect(),
                attribution: claim
                    .attribution
                    .as_ref()
                    .map(|a| format!("{} ({})", a.source, a.cue)),
                sourcing: claim.sourcing.describe(),
            })
            .collect();
        let mut shown_pairs: Vec<&crate::verify::PairDecision> = c.pairs.iter().collect();
        shown_pairs.sort_by_key(|p| p.relation != Relation::Contradiction);
        shown_pairs.truncate(CARD_PAIRS_MAX);
        let pairs = shown_pairs
            .into_iter()
            .map(|p| PairView {
                a: report.claim(p.a).id.to_string(),
                a_anchor: anchors.get("claim", report.claim(p.a).id.as_str()),
                b: report.claim(p.b).id.to_string(),
                b_anchor: anchors.get("claim", report.claim(p.b).id.as_str()),
                relation: match p.relation {
                    Relation::Entailment => "agrees",
                    Relation::Contradiction => "contradicts",
                    Relation::Neutral => "neither",
                },
                symbol: match p.relation {
                    Relation::Entailment => "✓",
                    Relation::Contradiction => "✗",
                    Relation::Neutral => "–",
                },
                score: format!("{:.2}", p.score),
                reason: p.reason.clone(),
            })
            .collect();
        let articles = c
            .articles
            .iter()
            .map(|a| anchors.get("article", a.as_str()))
            .collect::<Vec<_>>()
            .join(" ");
        cards.push(CardView {
            id: c.id.clone(),
            anchor: anchors.get("cluster", &c.id),
            verdict: verdict_key(c.verdict),
            label: verdict_label(c.verdict),
            symbol: verdict_symbol(c.verdict),
            articles,
            heading,
            support: c.support,
            supporting_articles: c.supporting_articles,
            members,
            more_members: claims.len().saturating_sub(CARD_MEMBERS_MAX),
            pairs,
            more_pairs: c.pairs.len().saturating_sub(CARD_PAIRS_MAX),
        });
    }

    // Full texts with claims marked.
    let mut claims_of: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in &report.claims {
        claims_of.entry(c.article.as_str()).or_default().push(c);
    }
    let mut article_views = Vec::new();
    for a in &report.articles {
        let mut parts = Vec::new();
        if let Some(raw) = report.texts.get(&a.id) {
            let mut at = 0;
            let mut mine = claims_of.get(a.id.as_str()).cloned().unwrap_or_default();
            mine.sort_by_key(|c| c.start);
            for claim in mine {
                let (s, e) = (claim.start, claim.end);
                if s < at
                    || e <= s
                    || e > raw.len()
                    || !raw.is_char_boundary(s)
                    || !raw.is_char_boundary(e)
                {
                    continue;
                }
                if s > at {
                    parts.push(Part {
                        text: Some(raw[at..s].to_string()),
                        claim: None,
                    });
                }
                let (cluster, verdict) = cluster_of
                    .get(claim.id.as_str())
                    .copied()
                    .unwrap_or(("", Verdict::SingleSource));
                parts.push(Part {
                    text: None,
                    claim: Some(ClaimPart {
                        id: claim.id.to_string(),
                        anchor: anchors.get("claim", claim.id.as_str()),
                        cluster_anchor: anchors.get("cluster", cluster),
                        verdict: verdict_key(verdict),
                        label: verdict_label(verdict),
                        symbol: verdict_symbol(verdict),
                        segments: segments(raw, s, e, claim),
                    }),
                });
                at = e;
            }
            if at < raw.len() {
                parts.push(Part {
                    text: Some(raw[at..].to_string()),
                    claim: None,
                });
            }
        }
        article_views.push(ArticleView {
            anchor: anchors.get("article", a.id.as_str()),
            id: a.id.to_string(),
            number: number.get(a.id.as_str()).copied().unwrap_or(0),
            title: a.title.clone().unwrap_or_else(|| a.id.to_string()),
            path: a.path.clone(),
            publisher: a.publisher.clone(),
            date: a.date.clone(),
            claims: a.claims,
            error: a.error.clone(),
            parts,
        });
    }

    let matrix = matrix(report, &articles_ok, &number, &mut anchors);
    let bars = bars(report, &articles_ok, &number, &cluster_of, &mut anchors);
    let verdicts: Vec<VerdictView> = VERDICTS
        .iter()
        .map(|&v| VerdictView {
            key: verdict_key(v),
            label: verdict_label(v),
            symbol: verdict_symbol(v),
            count: report.facts.iter().filter(|c| c.verdict == v).count(),
        })
        .collect();
    let filter_articles: Vec<AxisLabel> = articles_ok
        .iter()
        .map(|a| AxisLabel {
            number: number.get(a.id.as_str()).copied().unwrap_or(0),
            anchor: anchors.get("article", a.id.as_str()),
            label: short(a.title.as_deref().unwrap_or(a.id.as_str()), 70),
            x: 0,
            y: 0,
        })
        .collect();

    let mut env = super::environment();
    env.add_template("index.html", TEMPLATE)?;
    let html = env.get_template("index.html")?.render(context! {
        tool => &report.tool,
        corpus => &report.corpus,
        engines => &report.engines,
        summary => &report.summary,
        alignment => &report.alignment,
        warnings => &report.warnings,
        syndicates => report
            .syndicates
            .iter()
            .map(|s| {
                context! {
                    similarity => format!("{:.2}", s.similarity),
                    articles => s
                        .articles
                        .iter()
                        .map(|a| context! {
                            label => title_of(a.as_str()),
                            anchor => anchors.get("article", a.as_str()),
                        })
                        .collect::<Vec<_>>(),
                }
            })
            .collect::<Vec<_>>(),
        verdicts,
        cards,
        articles => article_views,
        filter_articles,
        matrix,
        bars,
    })?;
    Ok(html)
}

/// Source-by-source agreement: for each pair of articles, the corroborated clusters
/// both belong to and the contradicting claim pairs between them.
fn matrix(
    report: &Report,
    articles: &[&super::ArticleEntry],
    number: &HashMap<&str, usize>,
    anchors: &mut Anchors,
) -> MatrixView {
    let article_of: HashMap<&str, &str> = report
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.article.as_str()))
        .collect();
    let key = |a: &'_ str, b: &'_ str| -> (String, String) {
        if a <= b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let mut agree_owned: HashMap<(String, String), usize> = HashMap::new();
    let mut contradict_owned: HashMap<(String, String), usize> = HashMap::new();
    for c in &report.facts {
        if c.verdict == Verdict::Corroborated {
            for (i, a) in c.articles.iter().enumerate() {
                for b in &c.articles[i + 1..] {
                    *agree_owned.entry(key(a.as_str(), b.as_str())).or_default() += 1;
                }
            }
        }
        for p in &c.pairs {
            if p.relation != Relation::Contradiction {
                continue;
            }
            if let (Some(a), Some(b)) = (
                article_of.get(report.claim(p.a).id.as_str()),
                article_of.get(report.claim(p.b).id.as_str()),
            ) {
                if a != b {
                    *contradict_owned.entry(key(a, b)).or_default() += 1;
                }
            }
        }
    }
    // The most involved articles first when there are too many to draw.
    let mut involvement: HashMap<&str, usize> = HashMap::new();
    for ((a, b), n) in agree_owned.iter().chain(contradict_owned.iter()) {
        *involvement.entry(a.as_str()).or_default() += n;
        *involvement.entry(b.as_str()).or_default() += n;
    }
    let mut shown: Vec<&super::ArticleEntry> = articles.to_vec();
    if shown.len() > MATRIX_MAX {
        shown.sort_by_key(|a| {
            (
                std::cmp::Reverse(involvement.get(a.id.as_str()).copied().unwrap_or(0)),
                a.id.as_str(),
            )
        });
        shown.truncate(MATRIX_MAX);
        shown.sort_by(|x, y| x.id.cmp(&y.id));
    }
    let n = shown.len();
    let (cell, left, top) = (34, 40, 40);
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    for (i, a) in shown.iter().enumerate() {
        let num = number.get(a.id.as_str()).copied().unwrap_or(0);
        rows.push(AxisLabel {
            number: num,
            anchor: anchors.get("article", a.id.as_str()),
            label: a.title.clone().unwrap_or_else(|| a.id.to_string()),
            x: left + i * cell + cell / 2,
            y: top + i * cell + cell / 2,
        });
        for (j, b) in shown.iter().enumerate() {
            let k = key(a.id.as_str(), b.id.as_str());
            let ag = agree_owned.get(&k).copied().unwrap_or(0);
            let co = contradict_owned.get(&k).copied().unwrap_or(0);
            let na = a.title.as_deref().unwrap_or(a.id.as_str());
            let nb = b.title.as_deref().unwrap_or(b.id.as_str());
            let (class, label, title) = if i == j {
                ("self", String::new(), format!("{na}: the same article"))
            } else {
                let class = if co > 0 {
                    "contradict"
                } else if ag > 0 {
                    "agree"
                } else {
                    "none"
                };
                let mut label = String::new();
                if ag > 0 {
                    label.push_str(&format!("{ag}✓"));
                }
                if co > 0 {
                    label.push_str(&format!("{co}✗"));
                }
                (
                    class,
                    label,
                    format!(
                        "{na} and {nb}: {ag} corroborated cluster{}, {co} contradicting pair{}",
                        if ag == 1 { "" } else { "s" },
                        if co == 1 { "" } else { "s" }
                    ),
                )
            };
            cells.push(Cell {
                x: left + j * cell,
                y: top + i * cell,
                agree: ag,
                contradict: co,
                class,
                label,
                title,
                a: na.to_string(),
                b: nb.to_string(),
            });
        }
    }
    MatrixView {
        size: n,
        cell,
        left,
        top,
        width: left + n * cell + 10,
        height: top + n * cell + 10,
        rows,
        cells,
        shown: n,
        total: articles.len(),
    }
}

/// Claims per article, by the gravest verdict of the facts each claim is in.
fn bars(
    report: &Report,
    articles: &[&super::ArticleEntry],
    number: &HashMap<&str, usize>,
    cluster_of: &HashMap<&str, (&str, Verdict)>,
    anchors: &mut Anchors,
) -> BarsView {
    let mut counts: HashMap<&str, [usize; VERDICTS.len()]> = HashMap::new();
    for c in &report.claims {
        let v = cluster_of
            .get(c.id.as_str())
            .map_or(Verdict::SingleSource, |x| x.1);
        let i = VERDICTS
            .iter()
            .position(|&x| x == v)
            .unwrap_or(VERDICTS.len() - 1);
        counts.entry(c.article.as_str()).or_default()[i] += 1;
    }
    let mut shown: Vec<&super::ArticleEntry> = articles.to_vec();
    if shown.len() > BARS_MAX {
        shown.sort_by_key(|a| std::cmp::Reverse(a.claims));
        shown.truncate(BARS_MAX);
        shown.sort_by(|x, y| x.id.cmp(&y.id));
    }
    let max = shown
        .iter()
        .map(|a| counts.get(a.id.as_str()).map_or(0, |c| c.iter().sum()))
        .max()
        .unwrap_or(0)
        .max(1);
    let (left, plot, row) = (60, 480, 26);
    let rows = shown
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let c = counts.get(a.id.as_str()).copied().unwrap_or_default();
            let mut x = left as f64;
            let segs = VERDICTS
                .iter()
                .zip(c)
                .filter(|(_, n)| *n > 0)
                .map(|(&v, n)| {
                    let w = n as f64 * plot as f64 / max as f64;
                    let s = BarSeg {
                        x,
                        width: w,
                        verdict: verdict_key(v),
                        label: verdict_label(v),
                        count: n,
                    };
                    x += w;
                    s
                })
                .collect();
            BarRow {
                y: 10 + i * row,
                number: number.get(a.id.as_str()).copied().unwrap_or(0),
                anchor: anchors.get("article", a.id.as_str()),
                label: a.title.clone().unwrap_or_else(|| a.id.to_string()),
                total: c.iter().sum(),
                segs,
                counts: c.to_vec(),
            }
        })
        .collect::<Vec<_>>();
    BarsView {
        width: left + plot + 90,
        height: 20 + rows.len() * row,
        left,
        plot,
        shown: rows.len(),
        total: articles.len(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_safe_and_unique() {
        assert_eq!(anchor("claim", "003_deb2#4"), "claim-003_deb2-4");
        let mut a = Anchors::default();
        let x = a.get("claim", "a/b#1");
        let y = a.get("claim", "a-b#1");
        assert_ne!(x, y);
        assert_eq!(a.get("claim", "a/b#1"), x, "stable for the same id");
    }
}
