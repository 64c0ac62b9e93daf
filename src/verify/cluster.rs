//! Clusters and verdicts: claims joined by entailment or contradiction form a cluster
//! (union-find), and each cluster gets one verdict.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{PairDecision, Relation};
use crate::align::{ClaimRef, ClaimSet};
use crate::ingest::ArticleId;

/// A cluster's verdict, written as `verdict` in report.json.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A pair in the cluster contradicts, e.g. another value for the same slot, or the
    /// same fact with opposite polarity.
    Contradicted,
    /// Claims from two or more independent articles state it as fact (one publisher
    /// counts once): unhedged, or with the agreeing quantity outside their hedges.
    Corroborated,
    /// Hedged or rumored, and not corroborated.
    Speculative,
    /// Everything else: stated without hedging, by fewer than two independent articles.
    SingleSource,
}

/// Claims joined by entailment or contradiction, with the pair decisions inside.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// "c0001", in order of the clusters' first claims.
    pub id: String,
    /// In claim order.
    pub members: Vec<ClaimRef>,
    /// The members' articles, sorted, each once.
    pub articles: Vec<ArticleId>,
    /// The cluster's verdict.
    pub verdict: Verdict,
    /// Independent articles whose claims state it as fact (unhedged, or with the
    /// agreeing quantity outside the claim's hedges).
    pub support: usize,
    /// The pair decisions between its members, neutral ones included.
    pub pairs: Vec<PairDecision>,
}

/// Groups claims into clusters and gives each its verdict. `source_of` names the
/// source of an article (by its position in the run's article list): two claims
/// corroborate only across different sources.
pub fn cluster(
    claims: &ClaimSet,
    decisions: Vec<PairDecision>,
    source_of: &dyn Fn(usize) -> String,
) -> Vec<Cluster> {
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for d in &decisions {
        if d.relation != Relation::Neutral {
            let (ra, rb) = (
                find(&mut parent, d.a.index()),
                find(&mut parent, d.b.index()),
            );
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: BTreeMap<usize, Vec<ClaimRef>> = BTreeMap::new();
    for r in claims.refs() {
        let root = find(&mut parent, r.index());
        groups.entry(root).or_default().push(r);
    }
    let mut pairs_by_root: BTreeMap<usize, Vec<PairDecision>> = BTreeMap::new();
    for d in decisions {
        let (ra, rb) = (
            find(&mut parent, d.a.index()),
            find(&mut parent, d.b.index()),
        );
        if ra == rb {
            pairs_by_root.entry(ra).or_default().push(d);
        }
    }

    groups
        .into_iter()
        .enumerate()
        .map(|(n, (root, members))| {
            let pairs = pairs_by_root.remove(&root).unwrap_or_default();
            let articles: BTreeSet<&ArticleId> =
                members.iter().map(|&r| &claims.claim(r).article).collect();
            // A member supports the cluster when it states the fact as fact: it is
            // not hedged, or an agreeing quantity of it lies outside its hedges.
            // One pass over the pairs: the members an agreeing pair finds stating it.
            let stated: BTreeSet<ClaimRef> = pairs
                .iter()
                .filter(|p| p.relation == Relation::Entailment)
                .flat_map(|p| [p.a, p.b].into_iter().filter(|&r| p.factual_for(claims, r)))
                .collect();
            let states = |r: ClaimRef| !claims.claim(r).speculative || stated.contains(&r);
            let support = members
                .iter()
                .filter(|&&r| states(r))
                .map(|&r| source_of(claims.article(r)))
                .collect::<BTreeSet<_>>()
                .len();
            let verdict = if pairs.iter().any(|p| p.relation == Relation::Contradiction) {
                Verdict::Contradicted
            } else if support >= 2 {
                Verdict::Corroborated
            } else if members.iter().any(|&r| claims.claim(r).speculative) {
                Verdict::Speculative
            } else {
                Verdict::SingleSource
            };
            Cluster {
                id: format!("c{:04}", n + 1),
                articles: articles.into_iter().cloned().collect(),
                verdict,
                support,
                pairs,
                members,
            }
        })
        .collect()
}
