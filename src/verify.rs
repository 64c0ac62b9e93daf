//! Stage 6: verify aligned pairs and give each cluster of claims a verdict.
//!
//! A pair is decided in this order, and the decision keeps its reason:
//! 1. polarity: both claims state the same subject-predicate-object, one negated;
//! 2. quantity slots: both claims state the same kind of quantity about the same
//!    thing: equal values (within tolerance, honouring "approximately", "more than")
//!    entail, different values contradict (only above a clause-similarity floor);
//! 3. otherwise the NLI engine, in both directions, contradiction before entailment.
//!
//! Claims joined by entailment or contradiction form a cluster (union-find). Verdicts:
//! contradicted (any contradiction inside), corroborated (non-speculative claims from
//! two or more independent articles), speculative (hedged and not corroborated),
//! single-source otherwise.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::align::{AlignedPair, SlotMatch};
use crate::claims::{Claim, ClaimQuantity};
use crate::config::VerifyConfig;
use crate::engine::EngineInfo;
use crate::error::Result;
use crate::quantities::Modifier;
use crate::text::lexicon::content_stems;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Entailment,
    Contradiction,
    Neutral,
}

/// Class probabilities of a natural-language-inference engine.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NliScores {
    pub entailment: f32,
    pub neutral: f32,
    pub contradiction: f32,
}

/// Scores (premise, hypothesis) pairs. The transformer engine is a cross-encoder; the
/// deterministic one is lexical.
pub trait NliEngine {
    fn info(&self) -> EngineInfo;
    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>>;
}

/// Deterministic NLI: entailment is the share of the hypothesis' content words that the
/// premise covers, halved when the hypothesis states a number the premise does not
/// (a different figure is not entailed). It never predicts contradiction: negation words alone are too weak
/// a signal ("no longer exclusive" vs "remains primary" agree), and a false
/// contradiction fails a newsroom's CI. Contradictions come from the structured checks.
#[derive(Debug, Default)]
pub struct LexicalNli {
    /// Why the lexical engine stands in for a transformer, when a model was named.
    note: Option<String>,
}

impl LexicalNli {
    pub fn with_note(note: String) -> Self {
        LexicalNli { note: Some(note) }
    }
}

impl NliEngine for LexicalNli {
    fn info(&self) -> EngineInfo {
        EngineInfo::deterministic(
            "lexical-coverage",
            Some(self.note.clone().unwrap_or_else(|| "no transformer NLI model configured; contradictions come only from quantity and polarity checks".into())),
        )
    }

    fn predict(&self, pairs: &[(&str, &str)]) -> Result<Vec<NliScores>> {
        Ok(pairs
            .iter()
            .map(|(p, h)| {
                let numbers = |t: &str| -> BTreeSet<String> {
                    t.split(|c: char| !(c.is_ascii_digit() || c == '.'))
                        .map(|n| n.trim_matches('.'))
                        .filter(|n| !n.is_empty())
                        .map(str::to_string)
                        .collect()
                };
                let unsupported_number = !numbers(h).is_subset(&numbers(p));
                let (p, h) = (content_stems(p), content_stems(h));
                let mut coverage = if h.is_empty() {
                    0.0
                } else {
                    h.intersection(&p).count() as f32 / h.len() as f32
                };
                if unsupported_number {
                    coverage *= 0.5;
                }
                NliScores {
                    entailment: coverage,
                    neutral: 1.0 - coverage,
                    contradiction: 0.0,
                }
            })
            .collect())
    }
}

/// The decision on one aligned pair, by claim id.
#[derive(Debug, Clone, Serialize)]
pub struct PairDecision {
    pub a: String,
    pub b: String,
    pub relation: Relation,
    pub score: f32,
    pub reason: String,
    #[serde(skip)]
    pub ia: usize,
    #[serde(skip)]
    pub ib: usize,
    /// What decided: the frames' polarity or direction, a shared quantity slot,
    /// or the NLI engine. Lets a caller point at the deciding span.
    #[serde(skip)]
    pub basis: Basis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Frame,
    Slot,
    Nli,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Contradicted,
    Corroborated,
    Speculative,
    SingleSource,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    pub id: String,
    pub claims: Vec<String>,
    pub articles: Vec<String>,
    pub verdict: Verdict,
    /// Independent articles whose non-speculative claims state it.
    pub support: usize,
    pub pairs: Vec<PairDecision>,
    #[serde(skip)]
    pub members: Vec<usize>,
}

/// Decides the aligned pairs: structurally where the claims allow it, else by NLI
/// (within the per-claim cap).
pub fn decide_pairs(
    claims: &[Claim],
    aligned: &[AlignedPair],
    nli: &dyn NliEngine,
    cfg: &VerifyConfig,
) -> Result<(Vec<PairDecision>, NliStats)> {
    let mut decisions: Vec<Option<PairDecision>> = aligned
        .iter()
        .map(|p| {
            let (a, b) = (&claims[p.a], &claims[p.b]);
            let structured = polarity(a, b)
                .map(|d| (d, Basis::Frame))
                .or_else(|| slots(a, b, &p.slots, cfg).map(|d| (d, Basis::Slot)));
            structured.map(|((relation, score, reason), basis)| PairDecision {
                a: a.id.clone(),
                b: b.id.clone(),
                relation,
                score,
                reason,
                ia: p.a,
                ib: p.b,
                basis,
            })
        })
        .collect();

    // The rest go to the NLI engine in one batch, both directions: for each claim its
    // `max_nli_pairs_per_claim` most similar partners (a pair goes when it is among
    // either claim's), so NLI work grows with the number of claims, not with the
    // square of a large cluster's size.
    let undecided: Vec<usize> = (0..aligned.len())
        .filter(|&i| decisions[i].is_none())
        .collect();
    let open = nli_pairs(aligned, &undecided, cfg.max_nli_pairs_per_claim);
    let skipped = undecided.len() - open.len();
    let mut inputs = Vec::with_capacity(open.len() * 2);
    for &i in &open {
        let (a, b) = (&claims[aligned[i].a], &claims[aligned[i].b]);
        inputs.push((a.text.as_str(), b.text.as_str()));
        inputs.push((b.text.as_str(), a.text.as_str()));
    }
    let scores = nli.predict(&inputs)?;
    for (k, &i) in open.iter().enumerate() {
        let (ab, ba) = match (scores.get(2 * k), scores.get(2 * k + 1)) {
            (Some(x), Some(y)) => (*x, *y),
            _ => continue,
        };
        let p = &aligned[i];
        let contradiction = ab.contradiction.max(ba.contradiction);
        let entailment = ab.entailment.max(ba.entailment);
        let (relation, score, reason) = if contradiction >= 0.5 && contradiction >= entailment {
            (
                Relation::Contradiction,
                contradiction,
                format!("NLI: contradiction {contradiction:.2}"),
            )
        } else if entailment >= 0.5 {
            (
                Relation::Entailment,
                entailment,
                format!(
                    "NLI: entailment {entailment:.2}; sentence similarity {:.2}; both about {}",
                    p.similarity,
                    p.shared_entities.join(", ")
                ),
            )
        } else {
            (
                Relation::Neutral,
                1.0 - entailment.max(contradiction),
                format!("NLI: neutral (entailment {entailment:.2}); similar topic only"),
            )
        };
        decisions[i] = Some(PairDecision {
            a: claims[p.a].id.clone(),
            b: claims[p.b].id.clone(),
            relation,
            score,
            reason,
            ia: p.a,
            ib: p.b,
            basis: Basis::Nli,
        });
    }
    Ok((
        decisions.into_iter().flatten().collect(),
        NliStats {
            pairs: open.len(),
            skipped,
        },
    ))
}

/// The pairs of `undecided` (indices into `aligned`) that are among the `per_claim`
/// most similar of either claim's undecided pairs, in `undecided` order.
fn nli_pairs(aligned: &[AlignedPair], undecided: &[usize], per_claim: usize) -> Vec<usize> {
    let mut by_claim: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for &i in undecided {
        by_claim.entry(aligned[i].a).or_default().push(i);
        by_claim.entry(aligned[i].b).or_default().push(i);
    }
    let mut keep = vec![false; aligned.len()];
    for pairs in by_claim.values_mut() {
        pairs.sort_by(|&x, &y| {
            aligned[y]
                .similarity
                .total_cmp(&aligned[x].similarity)
                .then(x.cmp(&y))
        });
        for &i in pairs.iter().take(per_claim) {
            keep[i] = true;
        }
    }
    undecided.iter().copied().filter(|&i| keep[i]).collect()
}

/// How many pairs went to the NLI engine, and how many it was spared by the per-claim
/// cap (left undecided).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NliStats {
    pub pairs: usize,
    pub skipped: usize,
}

type Decision = (Relation, f32, String);

/// Predicates whose roles cannot simply swap: if A pays B, B paying A is the opposite
/// claim (as stated in news copy, which names the payer).
const DIRECTED: &[&str] = &["pay", "invest", "own", "acquir", "fund", "control"];

fn polarity(a: &Claim, b: &Claim) -> Option<Decision> {
    for fa in &a.frames {
        for fb in &b.frames {
            if !fa.negated
                && !fb.negated
                && fa.predicate == fb.predicate
                && DIRECTED.contains(&fa.predicate.as_str())
                && fa.object.as_deref() == Some(fb.subject.as_str())
                && fb.object.as_deref() == Some(fa.subject.as_str())
                && fa.subject != fb.subject
            {
                return Some((
                    Relation::Contradiction,
                    0.85,
                    format!(
                        "opposite direction: '{} {} -> {}' vs '{} {} -> {}'",
                        fa.subject, fa.predicate, fb.subject, fb.subject, fb.predicate, fa.subject
                    ),
                ));
            }
            if fa.subject == fb.subject
                && fa.predicate == fb.predicate
                && fa.object == fb.object
                && fa.negated != fb.negated
            {
                let say = |f: &crate::claims::Frame| {
                    if f.subject.is_empty() {
                        return format!(
                            "{}exclusive {}",
                            if f.negated { "non-" } else { "" },
                            crate::claims::surface(
                                &a.text,
                                f.object.as_deref().unwrap_or_default()
                            )
                        );
                    }
                    format!(
                        "{}{} {}{}",
                        if f.negated { "not " } else { "" },
                        f.subject,
                        f.predicate,
                        f.object
                            .as_deref()
                            .map(|o| format!(" -> {o}"))
                            .unwrap_or_default()
                    )
                };
                return Some((
                    Relation::Contradiction,
                    0.9,
                    format!("opposite polarity: '{}' vs '{}'", say(fa), say(fb)),
                ));
            }
        }
    }
    None
}

fn slots(a: &Claim, b: &Claim, matches: &[SlotMatch], cfg: &VerifyConfig) -> Option<Decision> {
    let mut agree: Option<Decision> = None;
    for m in matches {
        let (qa, qb) = (a.quantities.get(m.qa)?, b.quantities.get(m.qb)?);
        let about = m
            .shared_frame
            .iter()
            .map(|st| crate::claims::surface(&a.text, st))
            .collect::<Vec<_>>()
            .join("/");
        if consistent(qa, qb, cfg) {
            if agree.is_none() {
                agree = Some((
                    Relation::Entailment,
                    m.similarity,
                    format!(
                        "same {} for '{}': \"{}\" and \"{}\"; clause similarity {:.2}",
                        kind_name(qa),
                        about,
                        qa.quantity.text,
                        qb.quantity.text,
                        m.similarity
                    ),
                ));
            }
        } else if m.similarity >= cfg.min_contradiction_similarity {
            return Some((
                Relation::Contradiction,
                m.similarity,
                format!(
                    "different {} for '{}': \"{}\" vs \"{}\"; clause similarity {:.2}",
                    kind_name(qa),
                    about,
                    qa.quantity.text,
                    qb.quantity.text,
                    m.similarity
                ),
            ));
        }
    }
    agree
}

fn kind_name(q: &ClaimQuantity) -> &'static str {
    use crate::quantities::QuantityKind::*;
    match q.quantity.kind {
        Money => "amount",
        Percent => "share",
        Year => "year",
        Date => "date",
        Count => "count",
    }
}

/// Whether two values for the same slot can both be true.
fn consistent(a: &ClaimQuantity, b: &ClaimQuantity, cfg: &VerifyConfig) -> bool {
    use crate::quantities::QuantityKind::{Date, Year};
    let (x, y) = (a.quantity.value, b.quantity.value);
    // Calendar values are exact: a relative tolerance would make 2028 "equal" 2030.
    if matches!(a.quantity.kind, Year | Date) {
        let hedged = a.quantity.approx || b.quantity.approx;
        return (x - y).abs()
            <= if hedged && a.quantity.kind == Year {
                1.0
            } else {
                0.0
            };
    }
    let tol = if a.quantity.approx || b.quantity.approx {
        cfg.approx_tolerance
    } else {
        cfg.exact_tolerance
    };
    let close = (x - y).abs() <= tol * x.abs().max(y.abs());
    // A bound is consistent with any value on its side ("more than $10 billion" and
    // "$13 billion").
    let fits = |bound: &ClaimQuantity, v: f64| match bound.quantity.modifier {
        Some(Modifier::AtLeast) => v >= bound.quantity.value * (1.0 - tol),
        Some(Modifier::AtMost) => v <= bound.quantity.value * (1.0 + tol),
        _ => false,
    };
    close || fits(a, y) || fits(b, x)
}

/// Groups claims into clusters and gives each its verdict. `independent_source` names
/// the source of an article: two claims corroborate only across different sources.
pub fn cluster(
    claims: &[Claim],
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
            let (ra, rb) = (find(&mut parent, d.ia), find(&mut parent, d.ib));
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..claims.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut pairs_by_root: BTreeMap<usize, Vec<PairDecision>> = BTreeMap::new();
    for d in decisions {
        let (ra, rb) = (find(&mut parent, d.ia), find(&mut parent, d.ib));
        if ra == rb {
            pairs_by_root.entry(ra).or_default().push(d);
        }
    }

    groups
        .into_iter()
        .enumerate()
        .map(|(n, (root, members))| {
            let pairs = pairs_by_root.remove(&root).unwrap_or_default();
            let articles: BTreeSet<&str> = members
                .iter()
                .map(|&i| claims[i].article.as_str())
                .collect();
            let support = members
                .iter()
                .filter(|&&i| !claims[i].speculative)
                .map(|&i| source_of(claims[i].article_idx))
                .collect::<BTreeSet<_>>()
                .len();
            let verdict = if pairs.iter().any(|p| p.relation == Relation::Contradiction) {
                Verdict::Contradicted
            } else if support >= 2 {
                Verdict::Corroborated
            } else if members.iter().any(|&i| claims[i].speculative) {
                Verdict::Speculative
            } else {
                Verdict::SingleSource
            };
            Cluster {
                id: format!("c{:04}", n + 1),
                claims: members.iter().map(|&i| claims[i].id.clone()).collect(),
                articles: articles.into_iter().map(str::to_string).collect(),
                verdict,
                support,
                pairs,
                members,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quantities::{Quantity, QuantityKind};

    fn q(value: f64, approx: bool, modifier: Option<Modifier>) -> ClaimQuantity {
        ClaimQuantity {
            quantity: Quantity {
                kind: QuantityKind::Money,
                value,
                unit: "USD".into(),
                approx,
                modifier,
                text: String::new(),
                start: 0,
                end: 0,
            },
            canonical: String::new(),
            file_start: 0,
            file_end: 0,
        }
    }

    #[test]
    fn consistency_honours_hedges_and_bounds() {
        let cfg = VerifyConfig::default();
        assert!(consistent(
            &q(13e9, false, None),
            &q(13e9, false, None),
            &cfg
        ));
        assert!(!consistent(
            &q(13e9, false, None),
            &q(10e9, false, None),
            &cfg
        ));
        assert!(consistent(
            &q(13e9, true, Some(Modifier::Approximately)),
            &q(12.5e9, false, None),
            &cfg
        ));
        assert!(!consistent(
            &q(13e9, false, None),
            &q(12.5e9, false, None),
            &cfg
        ));
        assert!(consistent(
            &q(10e9, false, Some(Modifier::AtLeast)),
            &q(13e9, false, None),
            &cfg
        ));
        assert!(!consistent(
            &q(15e9, false, Some(Modifier::AtLeast)),
            &q(13e9, false, None),
            &cfg
        ));
    }

    #[test]
    fn lexical_nli_never_contradicts_and_scores_coverage() {
        let s = LexicalNli::default()
            .predict(&[
                (
                    "OpenAI can now offer its products across cloud providers",
                    "OpenAI can offer products across cloud providers",
                ),
                (
                    "Microsoft is no longer the exclusive cloud provider",
                    "Microsoft remains the primary cloud provider",
                ),
            ])
            .unwrap();
        assert!(s[0].entailment > 0.9);
        assert!(s.iter().all(|x| x.contradiction == 0.0));
        assert!(s[1].entailment < s[0].entailment);
        let s = LexicalNli::default()
            .predict(&[(
                "Payments continue through 2030",
                "Payments continue through 2028",
            )])
            .unwrap();
        assert!(s[0].entailment <= 0.5, "{s:?}");
    }

    fn year(v: f64, approx: bool) -> ClaimQuantity {
        let mut q = q(v, approx, None);
        q.quantity.kind = QuantityKind::Year;
        q.quantity.unit = "year".into();
        q
    }

    #[test]
    fn nli_work_per_claim_is_capped_most_similar_first() {
        let pair = |a, b, similarity| AlignedPair {
            a,
            b,
            similarity,
            shared_entities: Vec::new(),
            slots: Vec::new(),
        };
        // Claim 0 aligned with 1..=4 (a star, as a large cluster is); 5-6 apart.
        let aligned = vec![
            pair(0, 1, 0.70),
            pair(0, 2, 0.95),
            pair(0, 3, 0.80),
            pair(0, 4, 0.60),
            pair(5, 6, 0.50),
        ];
        let all: Vec<usize> = (0..aligned.len()).collect();
        // With one partner each, every pair is still some claim's best: 1-4 have only 0.
        assert_eq!(nli_pairs(&aligned, &all, 1), all);
        // Pairs decided already are not candidates.
        assert_eq!(nli_pairs(&aligned, &[0, 2, 4], 8), [0, 2, 4]);
        let hub = vec![
            pair(0, 1, 0.70),
            pair(0, 2, 0.95),
            pair(0, 3, 0.80),
            pair(1, 2, 0.9),
        ];
        let idx: Vec<usize> = (0..hub.len()).collect();
        // per claim 1: 0 keeps 0-2; 1 keeps 1-2; 2 keeps 0-2; 3 keeps 0-3.
        assert_eq!(nli_pairs(&hub, &idx, 1), [1, 2, 3]);
    }

    #[test]
    fn years_compare_exactly() {
        let cfg = VerifyConfig::default();
        assert!(consistent(&year(2030.0, false), &year(2030.0, false), &cfg));
        assert!(!consistent(
            &year(2030.0, false),
            &year(2028.0, false),
            &cfg
        ));
        assert!(!consistent(
            &year(2030.0, false),
            &year(2031.0, false),
            &cfg
        ));
        assert!(consistent(&year(2030.0, true), &year(2031.0, false), &cfg));
    }
}
