//! Stage: verify aligned pairs and group them into facts, each with a verdict.
//!
//! A pair is decided in this order, and each decision keeps its reason:
//! 1. frames: both claims state the same subject-predicate-object, one negated, or
//!    the same directed predicate with the roles swapped ("A pays B" / "B pays A"):
//!    a contradiction of the pair, which no agreeing figure outweighs;
//! 2. quantity slots: one decision per pair of quantities the aligner found to
//!    measure one thing ([`crate::align::same_slot`]): equal values (within
//!    tolerance, rounding, "approximately", "more than") agree, different values
//!    contradict when tied to one instance (`one_instance`) and never on a loose
//!    match ([`crate::align::SlotMatch::loose`]). One rule for every slot, so no pair
//!    is corroborated on one figure while the aligner's bar would let another
//!    conflict go unseen;
//! 3. otherwise (no slot decision) the NLI engine, in both directions, contradiction
//!    before entailment.
//!
//! [`facts`] groups the decisions into facts (complete-link over mentions, never a
//! chain through shared sentences) and gives each its verdict; [`independence`] says
//! which articles are one source (near-copies, one publisher).

pub mod facts;
pub mod independence;
pub mod nli;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::align::{AlignedPair, ClaimRef, ClaimSet, SlotMatch};
use crate::claims::{Claim, ClaimQuantity};
use crate::error::Result;
use crate::quantities::Modifier;

pub use facts::{facts, Context, Fact, Mention, Verdict};
pub use nli::{LexicalNli, NliEngine, NliScores};

/// `[verify]`: when two aligned claims agree or contradict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerifyConfig {
    /// Relative difference under which two exact values count as equal.
    pub exact_tolerance: f64,
    /// Relative difference allowed when either value is hedged ("approximately").
    pub approx_tolerance: f64,
    /// Pairs a claim sends to the NLI engine at most, its most similar first (pairs
    /// the quantity and polarity checks decide do not count). Bounds NLI work per claim;
    /// the report's `alignment.nli_skipped_pairs` counts the pairs left undecided.
    pub max_nli_pairs_per_claim: usize,
    /// Two different values for one measure conflict only when something ties them
    /// to one instance: another figure the two claims share, or sentences at least
    /// this similar ([`one_instance`]).
    pub min_identity_similarity: f32,
    /// Two values further apart than this factor are two figures, never two readings
    /// of one ("$21.48" a share and "$30 billion" of market value; 4,900 staff in
    /// Ireland and a 116,500 workforce; a 142% and a 40% premium).
    pub max_conflict_ratio: f64,
    /// `[verify.independence]`: which articles are one source.
    pub independence: independence::IndependenceConfig,
}

impl Default for VerifyConfig {
    fn default() -> Self {
        VerifyConfig {
            exact_tolerance: 0.005,
            approx_tolerance: 0.10,
            max_nli_pairs_per_claim: 8,
            min_identity_similarity: 0.7,
            max_conflict_ratio: 3.0,
            independence: Default::default(),
        }
    }
}

/// How two aligned claims relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The claims state the same fact: they agree.
    Entailment,
    /// The claims state the same fact otherwise: they cannot both be true.
    Contradiction,
    /// The claims share a topic but neither agree nor contradict.
    Neutral,
}

/// The decision on one aligned pair.
#[derive(Debug, Clone)]
pub struct PairDecision {
    /// The first claim of the pair (in `check`, the checked claim).
    pub a: ClaimRef,
    /// The other claim (in `check`, the corpus claim).
    pub b: ClaimRef,
    /// How the two claims relate.
    pub relation: Relation,
    /// Confidence, 0 to 1: the NLI probability, the clause similarity of a quantity
    /// slot, or a fixed value for polarity and direction.
    pub score: f32,
    /// Why, in words: the values or frames compared, and the similarity.
    pub reason: String,
    /// What decided: the frames' polarity or direction, a shared quantity slot,
    /// or the NLI engine. Lets a caller point at the deciding span.
    pub basis: Basis,
    /// For a slot decision, the deciding quantities: indices into `a`'s and `b`'s
    /// `quantities`.
    pub quantities: Option<(usize, usize)>,
}

impl PairDecision {
    /// Whether the decision rests on what claim `r` (`a` or `b`) states as fact:
    /// the claim is not speculative, or the decision is a quantity slot whose
    /// quantity in `r` lies outside every hedge ("Profit fell 8%, which could force
    /// job cuts" states the 8% as fact).
    pub fn factual_for(&self, claims: &ClaimSet, r: ClaimRef) -> bool {
        let claim = claims.claim(r);
        if !claim.speculative {
            return true;
        }
        let q = match self.quantities {
            Some((qa, _)) if r == self.a => qa,
            Some((_, qb)) if r == self.b => qb,
            _ => return false,
        };
        claim.quantities.get(q).is_some_and(|q| !q.hedged)
    }
}

/// What decided a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The frames: opposite polarity (a negation) or opposite direction ("A pays B" vs
    /// "B pays A").
    Frame,
    /// A shared quantity slot: equal values agree, different values contradict.
    Slot,
    /// The NLI engine, for pairs the frames and slots leave open.
    Nli,
}

/// Decides the aligned pairs: structurally where the claims allow it, else by NLI
/// (within the per-claim cap). A pair gets one decision per shared quantity slot (each
/// slot is its own fact), or one for the pair when its frames decide it (opposite
/// polarity or direction, which no agreeing figure outweighs) or the NLI engine does.
pub fn decide_pairs(
    claims: &ClaimSet,
    aligned: &[AlignedPair],
    nli: &dyn NliEngine,
    cfg: &VerifyConfig,
) -> Result<(Vec<PairDecision>, NliStats)> {
    let mut decisions: Vec<PairDecision> = Vec::new();
    let mut undecided: Vec<usize> = Vec::new();
    for (i, p) in aligned.iter().enumerate() {
        let (a, b) = (claims.claim(p.a), claims.claim(p.b));
        let decision = |(relation, score, reason): Decision, basis, quantities| PairDecision {
            a: p.a,
            b: p.b,
            relation,
            score,
            reason,
            basis,
            quantities,
        };
        if let Some(d) = polarity(a, b) {
            decisions.push(decision(d, Basis::Frame, None));
            continue;
        }
        // A pair with a shared slot is the figures' to decide; the NLI engine decides
        // pairs without one (and a lexical stand-in never outvotes a figure).
        let slots = slot_decisions(claims, p, cfg);
        if slots.is_empty() && !p.same_source {
            undecided.push(i);
        }
        decisions.extend(
            slots
                .into_iter()
                .map(|(d, qs)| decision(d, Basis::Slot, Some(qs))),
        );
    }

    // The rest go to the NLI engine in one batch, both directions: for each claim its
    // `max_nli_pairs_per_claim` most similar partners (a pair goes when it is among
    // either claim's), so NLI work grows with the number of claims, not with the
    // square of a large cluster's size.
    let open = nli_pairs(aligned, &undecided, cfg.max_nli_pairs_per_claim);
    let skipped = undecided.len() - open.len();
    let mut inputs = Vec::with_capacity(open.len() * 2);
    for &i in &open {
        let (a, b) = (claims.claim(aligned[i].a), claims.claim(aligned[i].b));
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
        decisions.push(PairDecision {
            a: p.a,
            b: p.b,
            relation,
            score,
            reason,
            basis: Basis::Nli,
            quantities: None,
        });
    }
    decisions.sort_by_key(|d| (d.a, d.b, d.quantities));
    Ok((
        decisions,
        NliStats {
            pairs: open.len(),
            skipped,
        },
    ))
}

/// The pairs of `undecided` (indices into `aligned`) that are among the `per_claim`
/// most similar of either claim's undecided pairs, in `undecided` order.
fn nli_pairs(aligned: &[AlignedPair], undecided: &[usize], per_claim: usize) -> Vec<usize> {
    let mut by_claim: BTreeMap<ClaimRef, Vec<usize>> = BTreeMap::new();
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
    /// Aligned pairs sent to the NLI engine (each scored in both directions).
    pub pairs: usize,
    /// Pairs left undecided by `max_nli_pairs_per_claim`.
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

/// One decision per slot the aligner matched, with the indices of its quantities: one
/// rule for every slot of the pair. The aligner matched them because they measure
/// one thing ([`crate::align::same_slot`], whatever their values), so equal values
/// agree and different values contradict when something ties them to one instance
/// ([`one_instance`]), else are neutral. A loose match decides only when its values
/// are the same figure ([`same_value`]); otherwise it gives no decision.
fn slot_decisions(
    claims: &ClaimSet,
    p: &AlignedPair,
    cfg: &VerifyConfig,
) -> Vec<(Decision, (usize, usize))> {
    let (a, b) = (claims.claim(p.a), claims.claim(p.b));
    let mut out = Vec::new();
    for m in &p.slots {
        let (Some(qa), Some(qb)) = (a.quantities.get(m.qa), b.quantities.get(m.qb)) else {
            continue;
        };
        if qa.quantity.kind != qb.quantity.kind {
            out.extend(headcount(a, b, m, cfg));
            continue;
        }
        let about = m
            .shared_frame
            .iter()
            .map(|st| crate::claims::surface(&a.text, st))
            .collect::<Vec<_>>()
            .join("/");
        let agree = agree(a, m.qa, b, m.qb, cfg);
        // A loose match is one thing only when the values are the same figure.
        if m.loose && !same_value(a, m.qa, b, m.qb, cfg) {
            continue;
        }
        let relation = if agree {
            Relation::Entailment
        } else if one_instance(claims, (p.a, m.qa), (p.b, m.qb), cfg) {
            Relation::Contradiction
        } else {
            Relation::Neutral
        };
        if reversed(a, m.qa, b, m.qb) {
            let who = |c: &Claim, i: usize| {
                c.slots
                    .get(i)
                    .and_then(|s| s.payment.clone())
                    .map(|(p, r)| format!("{p} pays {r}"))
                    .unwrap_or_default()
            };
            let reason = format!(
                "opposite direction of payment: '{}' vs '{}' (\"{}\", \"{}\")",
                who(a, m.qa),
                who(b, m.qb),
                qa.quantity.text,
                qb.quantity.text
            );
            out.push((
                (Relation::Contradiction, m.similarity.max(0.85), reason),
                (m.qa, m.qb),
            ));
            continue;
        }
        let reason = format!(
            "{} {} for '{}': \"{}\" {} \"{}\"; clause similarity {:.2}{}",
            if agree { "same" } else { "different" },
            kind_name(qa),
            about,
            qa.quantity.text,
            if agree { "and" } else { "vs" },
            qb.quantity.text,
            m.similarity,
            if relation == Relation::Neutral {
                "; nothing else ties them to one instance"
            } else {
                ""
            },
        );
        out.push(((relation, m.similarity, reason), (m.qa, m.qb)));
    }
    out
}

/// Whether two figures that measure one thing with different values speak of one
/// instance of it, so that they conflict, rather than of two (another fine, another
/// session's share move, last year's cuts). Two values differ; what ties them to one
/// instance must come from elsewhere: the two claims agree on another figure (a pair
/// of their other quantities of one kind and unit with consistent values: the same
/// day, the same deal value), they name one party besides what their articles are
/// about (the regulator, the company whose shares moved), each is its article's only
/// figure for that measure and role (then it is that article's figure for the
/// story's one instance), or their clauses or sentences are at least
/// [`VerifyConfig::min_identity_similarity`] alike. Never when either claim states
/// the other's value too ("485 million for transfers and 45 million for
/// transparency"): then the figures are two parts, not two readings. The same test
/// groups figures into facts, so a fact holds only values that conflict or agree.
pub(crate) fn one_instance(
    claims: &ClaimSet,
    (a, qa): (ClaimRef, usize),
    (b, qb): (ClaimRef, usize),
    cfg: &VerifyConfig,
) -> bool {
    use crate::quantities::QuantityKind::{self, Year};
    let (ca, cb) = (claims.claim(a), claims.claim(b));
    if qa >= ca.quantities.len() || qb >= cb.quantities.len() {
        return false;
    }
    let like = |(c, i): (&Claim, usize), (d, j): (&Claim, usize)| {
        let (Some(x), Some(y)) = (c.quantities.get(i), d.quantities.get(j)) else {
            return false;
        };
        x.quantity.kind == y.quantity.kind
            && x.quantity.unit == y.quantity.unit
            && agree(c, i, d, j, cfg)
    };
    let elsewhere = |c: &Claim, skip: usize, v: (&Claim, usize)| {
        (0..c.quantities.len()).any(|i| i != skip && like((c, i), v))
    };
    if elsewhere(cb, qb, (ca, qa)) || elsewhere(ca, qa, (cb, qb)) {
        return false;
    }
    let (x, y) = (&ca.quantities[qa].quantity, &cb.quantities[qb].quantity);
    let calendar = matches!(
        x.kind,
        QuantityKind::Year | QuantityKind::Weekday | QuantityKind::Date | QuantityKind::Time
    );
    // Orders of magnitude apart: two figures, not one misreported.
    let (u, v) = (x.value.abs(), y.value.abs());
    if !calendar && u.min(v) > 0.0 && u.max(v) / u.min(v) > cfg.max_conflict_ratio {
        return false;
    }
    // Estimates differ by who made them (one provider's consensus, another's), unless
    // both name the same one.
    let holders =
        |r: ClaimRef, q: usize| claims.claim(r).slots.get(q).and_then(|s| s.holder.clone());
    if ca
        .slots
        .get(qa)
        .is_some_and(|s| s.role == crate::claims::Role::Estimate)
        && (holders(a, qa).is_none() || holders(a, qa) != holders(b, qb))
    {
        return false;
    }
    // A shared year says little: a story's claims are mostly of one year.
    let anchor = ca.quantities.iter().enumerate().any(|(i, x)| {
        i != qa
            && x.quantity.kind != Year
            && (0..cb.quantities.len()).any(|j| j != qb && like((ca, i), (cb, j)))
    });
    // Both name someone other than what their articles are about (the regulator
    // that fined, the company whose shares moved).
    let topic = |r: ClaimRef| claims.topics(claims.article(r));
    let named = |r: ClaimRef, c: &'_ Claim| -> std::collections::BTreeSet<String> {
        c.entity_keys()
            .into_iter()
            .filter(|k| !topic(r).is_some_and(|t| t.contains(*k)))
            .map(str::to_string)
            .collect()
    };
    let party = !named(a, ca).is_disjoint(&named(b, cb));
    // The figures' own clauses, when their measure words agree, alike enough.
    let measured = ca.slots.get(qa).and_then(|s| s.measure.as_ref()).is_some()
        && ca.slots.get(qa).map(|s| &s.measure) == cb.slots.get(qb).map(|s| &s.measure)
        && match (
            claims.vectors(a).slots.get(qa),
            claims.vectors(b).slots.get(qb),
        ) {
            (Some(u), Some(v)) => crate::embed::cosine(u, v) >= cfg.min_identity_similarity,
            _ => false,
        };
    // Each article states that measure once: its figure for the story's one instance
    // ("U.S. Steel stock ended the session up 26 percent", "the stock rocketed 35%").
    let sole = |r: ClaimRef, q: usize| claims.measure_count(claims.article(r), r, q) == 1;
    let unique = sole(a, qa) && sole(b, qb);
    let alike = crate::embed::cosine(&claims.vectors(a).sentence, &claims.vectors(b).sentence)
        >= cfg.min_identity_similarity;
    // A story's claims share days and years by the dozen ("shares rose on Monday",
    // "fell in Tokyo on Tuesday"): two of them are one instance only when the claims
    // agree on another figure or say the same thing.
    // Unless each is its article's only such date for a one-off event (a fine
    // imposed, a deal announced), where a market session is one of many.
    if calendar {
        // (A year is no market session: "the worst day since 1974".)
        let market = |r: ClaimRef, q: usize| {
            claims.claim(r).slots.get(q).is_none_or(|s| {
                s.measure.is_none()
                    || x.kind != Year
                        && matches!(
                            s.measure.as_deref(),
                            Some("shares" | "price" | "market value" | "premium")
                        )
            })
        };
        return anchor || alike || unique && !market(a, qa) && !market(b, qb);
    }
    anchor || party || unique || measured || alike
}

/// A headcount against a share of a stated total ("cut 15,000 jobs" vs "cut 15% of
/// its 124,800 employees", 18,720), from a slot the aligner matched across kinds:
/// within tolerance they agree, otherwise they contradict.
fn headcount(
    a: &Claim,
    b: &Claim,
    m: &SlotMatch,
    cfg: &VerifyConfig,
) -> Option<(Decision, (usize, usize))> {
    use crate::quantities::QuantityKind::Count;
    let (qa, qb) = (a.quantities.get(m.qa)?, b.quantities.get(m.qb)?);
    // (the count, the claim stating the share, the share's index)
    let (count, other, share) = if qa.quantity.kind == Count {
        (qa, b, m.qb)
    } else {
        (qb, a, m.qa)
    };
    let s = other
        .shares_of_total()
        .into_iter()
        .find(|s| s.share == share)?;
    let (pct, total) = (
        other.quantities.get(s.share)?,
        other.quantities.get(s.total)?,
    );
    let (v, derived) = (count.quantity.value, s.headcount);
    let close = (v - derived).abs() <= cfg.approx_tolerance * v.max(derived);
    let relation = if close {
        Relation::Entailment
    } else {
        Relation::Contradiction
    };
    let word = if close { "same" } else { "different" };
    let reason = format!(
        "{word} headcount: \"{}\" and \"{}\" of \"{}\" (about {derived:.0}); clause similarity {:.2}",
        count.quantity.text, pct.quantity.text, total.quantity.text, m.similarity
    );
    Some(((relation, m.similarity, reason), (m.qa, m.qb)))
}

pub(crate) fn kind_name(q: &ClaimQuantity) -> &'static str {
    use crate::quantities::QuantityKind::*;
    match q.quantity.kind {
        Money => "amount",
        Percent => "share",
        Year => "year",
        Date => "date",
        Count => "count",
        Time => "time",
        Weekday => "weekday",
        Duration => "duration",
    }
}

/// Half the last stated digit of a quantity's figure, in its value's units: 0.05e9 for
/// "$1.6 billion", 0.5 for "15,000 jobs"; 0 when its text has no digits ("thirty").
fn resolution(q: &crate::quantities::Quantity) -> f64 {
    let Some(start) = q.text.find(|c: char| c.is_ascii_digit()) else {
        return 0.0;
    };
    let literal: String = q.text[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    let literal = literal.trim_end_matches('.');
    let Ok(n) = literal.parse::<f64>() else {
        return 0.0;
    };
    if n == 0.0 || !q.value.is_finite() {
        return 0.0;
    }
    let decimals = literal.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    let scale = (q.value / n).abs();
    0.5 * 10f64.powi(-decimals) * scale
}

/// Quantity `i` of claim `c` as compared: a change that fell ("dipped 1%") counts as a
/// negative one.
fn signed(c: &Claim, i: usize) -> Option<std::borrow::Cow<'_, ClaimQuantity>> {
    let q = c.quantities.get(i)?;
    if !c.slots.get(i).is_some_and(|s| s.falls) {
        return Some(std::borrow::Cow::Borrowed(q));
    }
    // A fall of "more than 25%" is a change of at most -25%; a fall of 3% to 5% is
    // -5% to -3%.
    let mut n = q.clone();
    match n.quantity.high {
        Some(h) => (n.quantity.value, n.quantity.high) = (-h, Some(-n.quantity.value)),
        None => n.quantity.value = -n.quantity.value,
    }
    n.quantity.modifier = match n.quantity.modifier {
        Some(Modifier::AtLeast) => Some(Modifier::AtMost),
        Some(Modifier::AtMost) => Some(Modifier::AtLeast),
        m => m,
    };
    Some(std::borrow::Cow::Owned(n))
}

/// Whether quantity `qa` of `a` and `qb` of `b` can both be true ([`consistent`], a
/// fall compared as negative).
pub fn agree(a: &Claim, qa: usize, b: &Claim, qb: usize, cfg: &VerifyConfig) -> bool {
    if reversed(a, qa, b, qb) {
        return false;
    }
    match (signed(a, qa), signed(b, qb)) {
        (Some(x), Some(y)) => consistent(&x, &y, cfg),
        _ => false,
    }
}

/// Whether the two values are the same figure, not merely compatible: [`agree`], with
/// a bound read as its value ("more than 26%" agrees with "35%" but is not the same
/// figure). The evidence a loose slot match needs ([`crate::align::SlotMatch::loose`]).
pub fn same_value(a: &Claim, qa: usize, b: &Claim, qb: usize, cfg: &VerifyConfig) -> bool {
    if reversed(a, qa, b, qb) {
        return false;
    }
    let exact = |c: &Claim, i: usize| {
        signed(c, i).map(|q| {
            let mut q = q.into_owned();
            q.quantity.modifier = None;
            q
        })
    };
    match (exact(a, qa), exact(b, qb)) {
        // A range is the same figure only as another range ("$12.5 billion to $13.5
        // billion"), not as a value inside it.
        (Some(x), Some(y)) => {
            x.quantity.high.is_some() == y.quantity.high.is_some() && consistent(&x, &y, cfg)
        }
        _ => false,
    }
}

/// Whether the two sums are paid in opposite directions ("Nippon Steel pays U.S.
/// Steel $565 million" against "U.S. Steel is on the hook for a $565 million payment to
/// Nippon"): then they conflict whatever their values.
fn reversed(a: &Claim, qa: usize, b: &Claim, qb: usize) -> bool {
    use crate::claims::measures::same_party;
    let payment = |c: &Claim, i: usize| c.slots.get(i).and_then(|s| s.payment.clone());
    match (payment(a, qa), payment(b, qb)) {
        (Some((pa, ra)), Some((pb, rb))) => {
            same_party(&pa, &rb) && same_party(&ra, &pb) && !same_party(&pa, &pb)
        }
        _ => false,
    }
}

/// Whether two values for the same slot can both be true.
pub(crate) fn consistent(a: &ClaimQuantity, b: &ClaimQuantity, cfg: &VerifyConfig) -> bool {
    use crate::quantities::QuantityKind::{Date, Duration, Time, Weekday, Year};
    let (mut x, mut y) = (a.quantity.value, b.quantity.value);
    // "Nov. 3" (year unsaid, yyyy 0000) is consistent with "Nov. 3, 2025".
    if a.quantity.kind == Date && (x < 10000.0 || y < 10000.0) {
        (x, y) = (x % 10000.0, y % 10000.0);
    }
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
    // A weekday or a time of day is exact: "on Wednesday" is not "on Thursday".
    if matches!(a.quantity.kind, Weekday | Time) {
        return x == y;
    }
    // A duration said in months or years is inexact in days ("two months", "60
    // days"): the hedged tolerance.
    let tol = if a.quantity.approx || b.quantity.approx || a.quantity.kind == Duration {
        cfg.approx_tolerance
    } else {
        cfg.exact_tolerance
    };
    // A range holds every value in it ("$12.5 billion to $13.5 billion" and "$13
    // billion"); two ranges agree when they overlap.
    if a.quantity.high.is_some() || b.quantity.high.is_some() {
        let (ahi, bhi) = (a.quantity.high.unwrap_or(x), b.quantity.high.unwrap_or(y));
        let slack = tol * x.abs().max(y.abs()).max(ahi.abs()).max(bhi.abs());
        return x <= bhi + slack && y <= ahi + slack;
    }
    // A rounded figure agrees with any value it rounds from ("$1.6 billion" and
    // "$1.61 billion"; "$30 billion" and "$30.04 billion").
    // At most 5% of the value, though: "2 billion" is not "1.7 billion" rounded.
    let rounding = resolution(&a.quantity)
        .max(resolution(&b.quantity))
        .min(0.05 * x.abs().max(y.abs()));
    let close = (x - y).abs() <= (tol * x.abs().max(y.abs())).max(rounding);
    // A bound is consistent with any value on its side ("more than $10 billion" and
    // "$13 billion").
    let fits = |bound: &ClaimQuantity, v: f64| {
        let (b, slack) = (bound.quantity.value, tol * bound.quantity.value.abs());
        match bound.quantity.modifier {
            Some(Modifier::AtLeast) => v >= b - slack,
            Some(Modifier::AtMost) => v <= b + slack,
            _ => false,
        }
    };
    // Two bounds the same way are two readings of one figure only when close: "more
    // than 8%" and "more than 26%" are two moves, though both could be true.
    let bound = |m: Option<Modifier>| matches!(m, Some(Modifier::AtLeast | Modifier::AtMost));
    if bound(a.quantity.modifier) && a.quantity.modifier == b.quantity.modifier {
        return close || (x - y).abs() <= cfg.approx_tolerance * x.abs().max(y.abs());
    }
    close || fits(a, y) || fits(b, x)
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
                high: None,
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
            hedged: false,
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
        // Two bounds the same way: one figure only when close.
        let more_than = |v| q(v, false, Some(Modifier::AtLeast));
        assert!(!consistent(&more_than(8.0), &more_than(26.0), &cfg));
        assert!(consistent(&more_than(26.0), &more_than(25.0), &cfg));
        assert!(consistent(
            &more_than(8.0),
            &q(12.0, false, Some(Modifier::AtMost)),
            &cfg
        ));
    }

    fn of(kind: QuantityKind, value: f64, high: Option<f64>) -> ClaimQuantity {
        let mut c = q(value, false, None);
        c.quantity.kind = kind;
        c.quantity.high = high;
        c
    }

    #[test]
    fn weekdays_and_times_are_exact_durations_tolerant_ranges_inclusive() {
        let cfg = VerifyConfig::default();
        let weekday = |d| of(QuantityKind::Weekday, d, None);
        assert!(consistent(&weekday(3.0), &weekday(3.0), &cfg));
        assert!(
            !consistent(&weekday(3.0), &weekday(4.0), &cfg),
            "Wednesday vs Thursday"
        );
        let time = |m| of(QuantityKind::Time, m, None);
        assert!(!consistent(&time(17.0 * 60.0), &time(16.0 * 60.0), &cfg));
        let days = |d| of(QuantityKind::Duration, d, None);
        // "two months" (60.9 days) and "60 days"; "six weeks" and "two months".
        assert!(consistent(&days(2.0 * 30.436875), &days(60.0), &cfg));
        assert!(!consistent(&days(42.0), &days(2.0 * 30.436875), &cfg));
        let range = |lo, hi| of(QuantityKind::Money, lo, Some(hi));
        assert!(consistent(
            &range(12.5e9, 13.5e9),
            &q(13e9, false, None),
            &cfg
        ));
        assert!(!consistent(
            &range(12.5e9, 13.5e9),
            &q(14.35e9, false, None),
            &cfg
        ));
        assert!(consistent(&range(25e9, 27e9), &range(25e9, 27e9), &cfg));
        assert!(!consistent(&range(25e9, 27e9), &range(30e9, 32e9), &cfg));
    }

    #[test]
    fn a_date_without_its_year_fits_that_day_in_any_year() {
        let cfg = VerifyConfig::default();
        let date = |v: f64| {
            let mut q = q(v, false, None);
            q.quantity.kind = QuantityKind::Date;
            q
        };
        assert!(consistent(&date(1103.0), &date(20251103.0), &cfg));
        assert!(!consistent(&date(1103.0), &date(20251104.0), &cfg));
        assert!(!consistent(&date(20241103.0), &date(20251103.0), &cfg));
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
            a: ClaimRef::from_index(a),
            b: ClaimRef::from_index(b),
            similarity,
            shared_entities: Vec::new(),
            slots: Vec::new(),
            same_source: false,
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
    fn a_rounded_figure_agrees_with_what_it_rounds_but_not_far_beyond() {
        let cfg = VerifyConfig::default();
        let said = |value: f64, text: &str| {
            let mut q = q(value, false, None);
            q.quantity.text = text.into();
            q
        };
        assert!(consistent(
            &said(1.6e9, "$1.6 billion"),
            &said(1.61e9, "$1.61 billion"),
            &cfg
        ));
        assert!(consistent(
            &said(30e9, "$30 billion"),
            &said(30.04e9, "$30.04 billion"),
            &cfg
        ));
        // Half the last digit of "2 billion" would reach 1.7 billion: capped at 5%.
        assert!(!consistent(
            &said(2e9, "2 billion euros"),
            &said(1.7e9, "1.7 billion euros"),
            &cfg
        ));
        assert!(!consistent(
            &said(12.7e9, "$12.7 billion"),
            &said(12.8e9, "$12.8 billion"),
            &cfg
        ));
    }

    #[test]
    fn a_fall_and_a_rise_of_one_size_conflict() {
        let cfg = VerifyConfig::default();
        let rose =
            crate::claims::tests::claim("ASML shares rose 1% in Amsterdam trading.").unwrap();
        let dipped = crate::claims::tests::claim("ASML's stock dipped 1% in Amsterdam.").unwrap();
        let also = crate::claims::tests::claim("ASML stock gained 1% on the news.").unwrap();
        assert!(!agree(&rose, 0, &dipped, 0, &cfg));
        assert!(agree(&rose, 0, &also, 0, &cfg));
    }

    #[test]
    fn a_fall_bounded_below_is_bounded_on_the_far_side() {
        let cfg = VerifyConfig::default();
        let claim = |t: &str| crate::claims::tests::claim(t).unwrap();
        let twenty = claim("Shares slid about 20% in extended trade.");
        let over25 = claim("Shares fell more than 25 per cent when trading opened.");
        let thirty = claim("Shares fell 30% on the day.");
        let range = claim("Shares fell 3% to 5% in early trade.");
        let four = claim("Shares slid 4% in early trade.");
        // A fall of about 20% is not a fall of more than 25%; one of 30% is.
        assert!(!agree(&twenty, 0, &over25, 0, &cfg));
        assert!(agree(&thirty, 0, &over25, 0, &cfg));
        assert!(agree(&four, 0, &range, 0, &cfg));
        assert!(!agree(&twenty, 0, &range, 0, &cfg));
    }

    #[test]
    fn a_payment_reversed_is_no_agreement() {
        let cfg = VerifyConfig::default();
        let one = crate::claims::tests::claim(
            "Nordvik Steel will pay Ashgrove Metals a $565 million fee if the deal fails.",
        )
        .unwrap();
        let two = crate::claims::tests::claim(
            "Ashgrove Metals is on the hook for a $565 million payment to Nordvik Steel if the deal fails.",
        )
        .unwrap();
        let money = |c: &Claim| {
            c.quantities
                .iter()
                .position(|q| q.quantity.kind == crate::quantities::QuantityKind::Money)
                .unwrap()
        };
        assert!(
            !agree(&one, money(&one), &two, money(&two), &cfg),
            "{:?} / {:?}",
            one.slots,
            two.slots
        );
        assert!(agree(&one, money(&one), &one, money(&one), &cfg));
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
