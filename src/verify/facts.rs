//! Facts and verdicts: the pair decisions grouped into facts, each with one verdict.
//!
//! A fact is one thing stated: what a number measures, of whom, as of when ("the size
//! of Mistral's Series C"), or, for a claim without a compared quantity, one
//! statement. Its members are [`Mention`]s: a claim and, for a quantity fact, the
//! quantity of that claim that states it. A sentence with several figures takes part
//! in several facts, and each gets its own verdict.
//!
//! Grouping is complete-link, never a chain: two groups merge (strongest decision
//! first) only when every mention of one is compatible with every mention of the
//! other (over at most `LINK_SAMPLE` members of each): a decision of the verifier
//! joins them, or they are one slot ([`crate::align::same_slot`]: kind, unit, role,
//! measure, holder, qualifiers, time, and alike clauses) from different claims whose
//! values agree, or differ where something ties them to one instance
//! (`verify::one_instance`); an article's own two values are two facts, and a pair the
//! verifier found neutral stays apart. So a sentence that states a stake, a tranche
//! and a share price cannot pull the three facts into one.
//!
//! Verdicts: contradicted when two articles state it differently as fact (or the
//! frames or the NLI engine say they contradict); superseded when every such
//! conflict sets a hedged figure against a factual one that is not earlier;
//! corroborated when two or more independent sources state it as fact; speculative
//! when hedged and not corroborated; single-source otherwise. Sources are independent
//! per [`Context::sources`]: near-copies of one story and one publisher's articles
//! count once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{Basis, PairDecision, Relation, VerifyConfig};
use crate::align::{ClaimRef, ClaimSet};
use crate::embed::cosine;
use crate::ingest::ArticleId;

/// A merge checks at most this many members of each group against each other (the
/// first joined, by the strongest decisions).
const LINK_SAMPLE: usize = 48;

/// A fact's verdict, written as `verdict` in report.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Independent sources state it differently, e.g. another value for the same
    /// slot, or the same statement with opposite polarity.
    Contradicted,
    /// An earlier hedged report (a rumor, a plan, an estimate) is contradicted by a
    /// later article that states the fact as fact: the later figure stands.
    Superseded,
    /// Two or more independent sources state it as fact: unhedged, or with the
    /// quantity outside their hedges.
    Corroborated,
    /// Hedged or rumored, and not corroborated.
    Speculative,
    /// Everything else: stated without hedging, by fewer than two independent sources.
    SingleSource,
}

/// One claim's part in a fact: the claim, and for a quantity fact the index of the
/// quantity (into the claim's `quantities`) that states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mention {
    /// The claim.
    pub claim: ClaimRef,
    /// The quantity of the claim the fact is about; `None` for a statement fact.
    pub quantity: Option<usize>,
}

/// One fact: its mentions, the decisions between them, and its verdict.
#[derive(Debug, Clone)]
pub struct Fact {
    /// "f0001", in order of the facts' first mentions.
    pub id: String,
    /// What the fact is about, in words: the kind of quantity and the frame words
    /// its mentions share ("amount: invest, openai"); empty for a statement.
    pub about: String,
    /// In claim order.
    pub mentions: Vec<Mention>,
    /// The mentions' claims, in claim order, each once.
    pub members: Vec<ClaimRef>,
    /// The members' articles, sorted, each once.
    pub articles: Vec<ArticleId>,
    /// The fact's verdict.
    pub verdict: Verdict,
    /// Independent sources that state it as fact.
    pub support: usize,
    /// Articles that state it as fact (near-copies each count here).
    pub supporting_articles: usize,
    /// The decisions between its mentions, neutral ones included.
    pub pairs: Vec<PairDecision>,
}

/// What grouping needs to know of the run's articles.
pub struct Context<'a> {
    /// Each article's independent source (by its position in the run's article list):
    /// near-copies of one story and one publisher's articles share one.
    pub sources: &'a [usize],
    /// Each article's date (ISO 8601, YYYY-MM-DD) when index.toml gives it.
    pub dates: &'a [Option<String>],
    /// The aligner's settings: two quantities are one fact by its [`crate::align::same_slot`].
    pub align: &'a crate::align::AlignConfig,
}

impl Context<'_> {
    /// The source of article `i` (an article outside the list is a source of its own).
    fn source(&self, i: usize) -> usize {
        crate::align::source_of(self.sources, i)
    }
}

/// Groups the decisions into facts and gives each its verdict. Every claim belongs to
/// at least one fact: a claim no decision joins is a fact of its own.
pub fn facts(
    claims: &ClaimSet,
    decisions: Vec<PairDecision>,
    ctx: &Context<'_>,
    cfg: &VerifyConfig,
) -> Vec<Fact> {
    // The mentions, each once, in order; then the groups (complete-link).
    let mut nodes: BTreeSet<Mention> = claims
        .refs()
        .map(|claim| Mention {
            claim,
            quantity: None,
        })
        .collect();
    let mut neutral: BTreeSet<(Mention, Mention)> = BTreeSet::new();
    let mut decided: BTreeSet<(Mention, Mention)> = BTreeSet::new();
    for d in &decisions {
        let (x, y) = ends(d);
        if d.relation == Relation::Neutral {
            neutral.insert((x.min(y), x.max(y)));
        } else {
            decided.insert((x.min(y), x.max(y)));
            nodes.insert(x);
            nodes.insert(y);
        }
    }
    let nodes: Vec<Mention> = nodes.into_iter().collect();
    let at: HashMap<Mention, usize> = nodes.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    // `conflict`: the groups are being joined by a contradiction the verifier found
    // between two of their mentions. That decision ties the figures to one instance;
    // the others' values need not be tied pair by pair (three outlets' "26%" and one
    // outlet's "35%" for one day's share move), only be the same slot.
    let compatible = |x: Mention, y: Mention, conflict: bool| -> bool {
        let key = (x.min(y), x.max(y));
        if x.claim == y.claim || neutral.contains(&key) && !conflict {
            return false;
        }
        // A decision of the verifier joins them (a headcount and a share of the stated
        // workforce are of different kinds, and only it can compare them).
        if decided.contains(&key) {
            return true;
        }
        match (x.quantity, y.quantity) {
            (Some(qx), Some(qy)) => {
                slot_compatible(claims, ctx, cfg, (x.claim, qx), (y.claim, qy), conflict)
            }
            // Statements group only through the decisions that join them.
            (None, None) => true,
            _ => false,
        }
    };

    let mut edges: Vec<(usize, usize, f32, bool)> = decisions
        .iter()
        .filter(|d| d.relation != Relation::Neutral)
        .filter_map(|d| {
            let (x, y) = ends(d);
            let conflict = d.relation == Relation::Contradiction;
            Some((*at.get(&x)?, *at.get(&y)?, d.score, conflict))
        })
        .collect();
    // Strongest first; ties in mention order, so grouping is deterministic.
    edges.sort_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut group: Vec<usize> = (0..nodes.len()).collect();
    let mut members: Vec<Vec<usize>> = (0..nodes.len()).map(|i| vec![i]).collect();
    let mut known: HashMap<(usize, usize, bool), bool> = HashMap::new();
    let mut compatible = |u: usize, v: usize, conflict: bool| {
        *known
            .entry((u.min(v), u.max(v), conflict))
            .or_insert_with(|| compatible(nodes[u], nodes[v], conflict))
    };
    for (x, y, _, conflict) in edges {
        let (gx, gy) = (group[x], group[y]);
        if gx == gy {
            continue;
        }
        // Complete-link over the first LINK_SAMPLE members of each group (those
        // joined by the strongest decisions): a fact of thousands of copies costs a
        // bounded number of checks per merge.
        let all = members[gx].iter().take(LINK_SAMPLE).all(|&u| {
            members[gy]
                .iter()
                .take(LINK_SAMPLE)
                .all(|&v| compatible(u, v, conflict))
        });
        if !all {
            continue;
        }
        let (keep, gone) = (gx.min(gy), gx.max(gy));
        let moved = std::mem::take(&mut members[gone]);
        for &m in &moved {
            group[m] = keep;
        }
        members[keep].extend(moved);
    }

    // Each decision goes to the fact holding both its mentions.
    let mut pairs_of: BTreeMap<usize, Vec<PairDecision>> = BTreeMap::new();
    for d in decisions {
        let (x, y) = ends(&d);
        if let (Some(&i), Some(&j)) = (at.get(&x), at.get(&y)) {
            if group[i] == group[j] {
                pairs_of.entry(group[i]).or_default().push(d);
            }
        }
    }
    // A statement mention whose claim has quantity facts and no decision of its own
    // adds nothing: the claim is in its quantity facts.
    let in_quantity_fact: BTreeSet<ClaimRef> = nodes
        .iter()
        .enumerate()
        .filter(|(i, m)| m.quantity.is_some() && members[group[*i]].len() > 1)
        .map(|(_, m)| m.claim)
        .collect();

    let mut out = Vec::new();
    for (g, ms) in members.iter().enumerate() {
        if ms.is_empty() || group[g] != g {
            continue;
        }
        let mut mentions: Vec<Mention> = ms.iter().map(|&i| nodes[i]).collect();
        mentions.sort();
        let pairs = pairs_of.remove(&g).unwrap_or_default();
        if mentions.len() == 1 {
            let m = mentions[0];
            // A lone quantity mention is its claim's business, not a fact of its own.
            if m.quantity.is_some() || in_quantity_fact.contains(&m.claim) {
                continue;
            }
        }
        out.push(judge(claims, ctx, cfg, mentions, pairs));
    }
    out.sort_by_key(|f| f.mentions.first().copied());
    for (n, f) in out.iter_mut().enumerate() {
        f.id = format!("f{:04}", n + 1);
    }
    out
}

/// The two mentions a decision joins: the deciding quantities for a slot decision,
/// the claims as statements otherwise.
fn ends(d: &PairDecision) -> (Mention, Mention) {
    let (qa, qb) = match d.quantities {
        Some((qa, qb)) if d.basis == Basis::Slot => (Some(qa), Some(qb)),
        _ => (None, None),
    };
    (
        Mention {
            claim: d.a,
            quantity: qa,
        },
        Mention {
            claim: d.b,
            quantity: qb,
        },
    )
}

/// Whether two quantity mentions can be one fact.
fn slot_compatible(
    claims: &ClaimSet,
    ctx: &Context<'_>,
    cfg: &VerifyConfig,
    (rx, qx): (ClaimRef, usize),
    (ry, qy): (ClaimRef, usize),
    conflict: bool,
) -> bool {
    let (cx, cy) = (claims.claim(rx), claims.claim(ry));
    // An article states a figure once per fact: two values in it are two facts.
    // Across articles, two values are one fact only when something ties them to one
    // instance (near-copies that disagree are a finding too: one changed a figure),
    // or when the groups are joined by a contradiction found between two of their
    // mentions (`conflict`).
    let agree = super::agree(cx, qx, cy, qy, cfg);
    if !agree
        && (claims.article(rx) == claims.article(ry)
            || !conflict && !super::one_instance(claims, (rx, qx), (ry, qy), cfg))
    {
        return false;
    }
    // A loose match (one side leaves out a qualifier, the measure, the role or when)
    // is one fact only when the values are the same figure.
    crate::align::same_slot(claims, (rx, qx), (ry, qy), ctx.align)
        .is_some_and(|m| !m.loose || super::same_value(cx, qx, cy, qy, cfg))
}

/// The verdict of one group of mentions.
fn judge(
    claims: &ClaimSet,
    ctx: &Context<'_>,
    cfg: &VerifyConfig,
    mentions: Vec<Mention>,
    mut pairs: Vec<PairDecision>,
) -> Fact {
    let article = |m: &Mention| claims.article(m.claim);
    // A mention states the fact as fact when its claim is unhedged, or its quantity
    // lies outside the claim's hedges.
    let factual = |m: &Mention| {
        let c = claims.claim(m.claim);
        !c.speculative
            || m.quantity
                .and_then(|q| c.quantities.get(q))
                .is_some_and(|q| !q.hedged)
    };
    // Quantity facts: every pair of mentions from different articles is compared, the
    // pairs alignment found and those it did not; one rule for all of them. A
    // conflict found this way is added as a decision.
    // Within a fact the figures are one instance: a pair the verifier left neutral
    // for want of a tie is judged as the fact's other pairs are.
    pairs.retain(|d| !(d.relation == Relation::Neutral && d.basis == Basis::Slot));
    let mut decided: BTreeSet<(Mention, Mention)> = pairs
        .iter()
        .map(|d| {
            let (x, y) = ends(d);
            (x.min(y), x.max(y))
        })
        .collect();
    for (i, x) in mentions.iter().enumerate() {
        for y in &mentions[i + 1..] {
            let (Some(qx), Some(qy)) = (x.quantity, y.quantity) else {
                continue;
            };
            if article(x) == article(y) || decided.contains(&(*x, *y)) {
                continue;
            }
            let (cx, cy) = (claims.claim(x.claim), claims.claim(y.claim));
            let (Some(a), Some(b)) = (cx.quantities.get(qx), cy.quantities.get(qy)) else {
                continue;
            };
            // Figures of different kinds meet only through the verifier's decision.
            if a.quantity.kind != b.quantity.kind {
                continue;
            }
            let similarity = match (
                claims.vectors(x.claim).slots.get(qx),
                claims.vectors(y.claim).slots.get(qy),
            ) {
                (Some(u), Some(v)) => cosine(u, v),
                _ => 0.0,
            };
            let agree = super::agree(cx, qx, cy, qy, cfg);
            decided.insert((*x, *y));
            // Agreement is what the fact says of all its members; only a conflict
            // the aligner did not see is worth a decision of its own (and a fact of
            // n agreeing figures does not carry n² pairs).
            if agree {
                continue;
            }
            pairs.push(PairDecision {
                a: x.claim,
                b: y.claim,
                relation: if agree {
                    Relation::Entailment
                } else {
                    Relation::Contradiction
                },
                score: similarity,
                reason: format!(
                    "{} for one fact: \"{}\" {} \"{}\"; clause similarity {similarity:.2}",
                    if agree {
                        "same value"
                    } else {
                        "different values"
                    },
                    a.quantity.text,
                    if agree { "and" } else { "vs" },
                    b.quantity.text,
                ),
                basis: Basis::Slot,
                quantities: Some((qx, qy)),
            });
        }
    }
    pairs.sort_by_key(|d| (d.a, d.b, d.quantities));

    // Conflicts between independent sources, and whether each is one of an earlier
    // hedged report against a later factual one.
    let conflicts: Vec<Conflict> = pairs
        .iter()
        .filter(|d| d.relation == Relation::Contradiction)
        .filter(|d| claims.article(d.a) != claims.article(d.b))
        .map(|d| {
            let (x, y) = ends(d);
            match (factual(&x), factual(&y)) {
                (true, true) => Conflict::Equals,
                (false, false) => Conflict::Hedged,
                // The factual figure stands over the hedged one, unless the hedge
                // came later.
                (true, false) if !later(ctx, claims, &y, &x) => Conflict::Superseded,
                (false, true) if !later(ctx, claims, &x, &y) => Conflict::Superseded,
                _ => Conflict::Equals,
            }
        })
        .collect();
    let stating: Vec<&Mention> = mentions.iter().filter(|m| factual(m)).collect();
    let support = stating
        .iter()
        .map(|m| ctx.source(article(m)))
        .collect::<BTreeSet<_>>()
        .len();
    let supporting_articles = stating
        .iter()
        .map(|m| article(m))
        .collect::<BTreeSet<_>>()
        .len();
    let verdict = if conflicts.contains(&Conflict::Equals) {
        Verdict::Contradicted
    } else if conflicts.contains(&Conflict::Superseded) {
        Verdict::Superseded
    } else if support >= 2 {
        Verdict::Corroborated
    } else if mentions.iter().any(|m| !factual(m)) {
        Verdict::Speculative
    } else {
        Verdict::SingleSource
    };
    let members: Vec<ClaimRef> = mentions
        .iter()
        .map(|m| m.claim)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let articles: BTreeSet<&ArticleId> =
        members.iter().map(|&r| &claims.claim(r).article).collect();
    Fact {
        id: String::new(),
        about: about(claims, &mentions),
        articles: articles.into_iter().cloned().collect(),
        members,
        mentions,
        verdict,
        support,
        supporting_articles,
        pairs,
    }
}

/// What a conflict inside a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Conflict {
    /// Both state their figure as fact: a contradiction between equals.
    Equals,
    /// One hedges a figure (a rumor, a plan, an estimate) that the other, not
    /// earlier, states otherwise as fact: the factual figure supersedes it.
    Superseded,
    /// Both hedge: speculation that disagrees, no verdict on the fact.
    Hedged,
}

/// Whether the article of `x` is dated after the article of `y` (both dated).
fn later(ctx: &Context<'_>, claims: &ClaimSet, x: &Mention, y: &Mention) -> bool {
    let date = |m: &Mention| {
        ctx.dates
            .get(claims.article(m.claim))
            .and_then(Option::as_deref)
    };
    // ISO 8601 dates compare as strings.
    matches!((date(x), date(y)), (Some(a), Some(b)) if a > b)
}

/// "amount: invest, openai": the kind of quantity and the frame words every mention
/// has; empty for a statement.
fn about(claims: &ClaimSet, mentions: &[Mention]) -> String {
    let mut kind = None;
    let mut shared: Option<BTreeSet<String>> = None;
    for m in mentions {
        let Some(q) = m.quantity else {
            return String::new();
        };
        let c = claims.claim(m.claim);
        let (Some(cq), Some(slot)) = (c.quantities.get(q), c.slots.get(q)) else {
            continue;
        };
        kind.get_or_insert(super::kind_name(cq));
        shared = Some(match shared {
            None => slot.frame.clone(),
            Some(s) => s.intersection(&slot.frame).cloned().collect(),
        });
    }
    let text = mentions
        .first()
        .map_or("", |m| claims.claim(m.claim).text.as_str());
    let words: Vec<String> = shared
        .unwrap_or_default()
        .iter()
        .map(|st| crate::text::lexicon::surface(text, st).to_lowercase())
        .collect();
    match kind {
        Some(k) if words.is_empty() => k.to_string(),
        Some(k) => format!("{k}: {}", words.join(", ")),
        None => String::new(),
    }
}
