//! Stage: align claims across articles.
//!
//! Never an all-pairs pass: candidates come from an inverted index over blocking keys
//! ([`blocking`]): one key per (quantity kind, frame word) of each quantity slot
//! ("money|invest"), and SimHash bands of the sentence embedding, which put
//! near-paraphrases in a shared bucket. Candidates from different articles are then
//! scored: a pair aligns when both state a quantity of the same kind about the same
//! thing (shared frame word and similar masked clause) and share an entity, or when
//! the sentences are near-paraphrases about a shared entity. The same number about
//! another subject shares neither.

pub mod blocking;
mod set;

use serde::{Deserialize, Serialize};

use crate::claims::{is_headcount, Claim};

use crate::embed::cosine;

pub use blocking::{Blocker, Postings};
pub use set::{ClaimRef, ClaimSet, KeyedClaim};

/// `[align]`: which claims of different articles are about the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlignConfig {
    /// Two quantities of one kind and role, with a shared frame word but no measure
    /// word on both sides, measure one thing when the embeddings of their masked
    /// clauses are at least this similar ([`same_slot`]).
    pub min_slot_similarity: f32,
    /// The same, for two quantities whose measure words agree ("revenue", "sales").
    pub min_measure_similarity: f32,
    /// Two claims without a shared quantity slot align when their sentence embeddings
    /// are at least this similar (and they share an entity).
    pub min_text_similarity: f32,
    /// SimHash blocking: bands x bits per band over the sentence embedding.
    pub lsh_bands: usize,
    /// Bits per SimHash band.
    pub lsh_bits: usize,
    /// Blocking keys shared by more claims than this are skipped (stop keys), so
    /// candidate generation never degenerates into all pairs.
    pub max_postings: usize,
    /// A claim takes part in at most this many candidate pairs, found through its
    /// most selective keys first; bounds time and memory when many claims are alike
    /// (the report's `alignment.capped_claims` counts the claims that reached it).
    pub max_candidates_per_claim: usize,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            min_slot_similarity: 0.6,
            min_measure_similarity: 0.35,
            min_text_similarity: 0.80,
            lsh_bands: 12,
            lsh_bits: 10,
            max_postings: 2000,
            max_candidates_per_claim: 100,
        }
    }
}

/// Two quantities, one per claim, that measure the same thing.
#[derive(Debug, Clone)]
pub struct SlotMatch {
    /// Index into `a.quantities` / `b.quantities`.
    pub qa: usize,
    /// Index of the matching quantity in `b.quantities`.
    pub qb: usize,
    /// Cosine similarity of the masked clauses.
    pub similarity: f32,
    /// The frame words (stems) both slots have.
    pub shared_frame: Vec<String>,
}

/// Two claims of different articles about the same thing.
#[derive(Debug, Clone)]
pub struct AlignedPair {
    /// The first claim of the pair (in `check`, the checked claim).
    pub a: ClaimRef,
    /// The other claim, from another article (in `check`, the corpus claim).
    pub b: ClaimRef,
    /// Cosine similarity of the sentences.
    pub similarity: f32,
    /// Entity keys both claims name.
    pub shared_entities: Vec<String>,
    /// Quantity slots the claims share: for each quantity of `a`, its best match in `b`.
    pub slots: Vec<SlotMatch>,
    /// Both articles are one source (near-copies of one story, or one publisher's):
    /// the pair's figures may disagree (a copy that changed a figure), but it never
    /// corroborates and never goes to the NLI engine.
    pub same_source: bool,
}

/// Counts that show how much work blocking saved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignStats {
    /// Claims in the set that was aligned.
    pub claims: usize,
    /// Distinct blocking keys over all claims.
    pub blocking_keys: usize,
    /// Keys shared by more than `max_postings` claims, skipped.
    pub stop_keys: usize,
    /// Pairs of claims from different articles that share a key, before scoring.
    pub candidate_pairs: usize,
    /// Candidate pairs that aligned.
    pub aligned_pairs: usize,
    /// Claims that reached `max_candidates_per_claim`: some of their candidate pairs
    /// were not considered.
    pub capped_claims: usize,
    /// Aligned pairs sent to the NLI engine (each in both directions).
    pub nli_pairs: usize,
    /// Aligned pairs left undecided by `verify.max_nli_pairs_per_claim`.
    pub nli_skipped_pairs: usize,
}

/// Aligns the claims of a set: candidates from blocking, then [`score`], in claim
/// order. `sources[i]` is the independent source of article `i` (near-copies of one
/// story and one publisher's articles share one): pairs within one are marked.
pub fn align(
    set: &ClaimSet,
    sources: &[usize],
    cfg: &AlignConfig,
) -> (Vec<AlignedPair>, AlignStats) {
    let (candidates, mut stats) =
        blocking::candidates(set, cfg.max_postings, cfg.max_candidates_per_claim);
    let source = |r: ClaimRef| {
        let i = set.article(r);
        sources.get(i).copied().unwrap_or(usize::MAX - i)
    };
    let mut aligned: Vec<AlignedPair> = candidates
        .iter()
        .filter_map(|&(a, b)| score(set, a, b, cfg))
        .map(|mut p| {
            p.same_source = source(p.a) == source(p.b);
            p
        })
        .collect();
    aligned.sort_by_key(|p| (p.a, p.b));
    stats.aligned_pairs = aligned.len();
    (aligned, stats)
}

/// The best slot match between a headcount of `x` and a share of a total in `y`
/// (`flipped`: `x` is the pair's `b`).
fn headcount_slot(
    x: &Claim,
    y: &Claim,
    vx: &crate::embed::ClaimVectors,
    vy: &crate::embed::ClaimVectors,
    flipped: bool,
    cfg: &AlignConfig,
) -> Option<SlotMatch> {
    use crate::quantities::QuantityKind::Count;
    let shares = y.shares_of_total();
    x.quantities
        .iter()
        .zip(&x.slots)
        .enumerate()
        .filter(|(_, (q, _))| q.quantity.kind == Count && is_headcount(&q.quantity.unit))
        .flat_map(|(ci, (_, sx))| {
            shares.iter().filter_map(move |s| {
                let sy = y.slots.get(s.share)?;
                let shared: Vec<String> = sx.frame.intersection(&sy.frame).cloned().collect();
                if shared.is_empty() {
                    return None;
                }
                let similarity = cosine(vx.slots.get(ci)?, vy.slots.get(s.share)?);
                let (qa, qb) = if flipped {
                    (s.share, ci)
                } else {
                    (ci, s.share)
                };
                Some(SlotMatch {
                    qa,
                    qb,
                    similarity,
                    shared_frame: shared,
                })
            })
        })
        .filter(|m| {
            // Both about jobs ("cut 15,000 jobs", "cut 15% of its staff"): the measure
            // bar, as for any two figures whose measures agree.
            let jobs = |c: &Claim, i: usize| {
                c.slots.get(i).and_then(|s| s.measure.as_deref()) == Some("jobs")
            };
            let (cx, ix, cy, iy) = if flipped {
                (y, m.qa, x, m.qb)
            } else {
                (x, m.qa, y, m.qb)
            };
            let floor = if jobs(cx, ix) && jobs(cy, iy) {
                cfg.min_measure_similarity
            } else {
                cfg.min_slot_similarity
            };
            m.similarity >= floor
        })
        .max_by(|x, y| x.similarity.total_cmp(&y.similarity))
}

/// Whether quantity `qa` of claim `a` and `qb` of claim `b` measure one thing (one
/// fact), and how alike their masked clauses are. One test for every pair, whatever
/// their values: the same kind and unit; the same role (a forecast is not the actual
/// figure, nor a year-earlier one); the same measure when both name one ("sales" and
/// "revenue" are one), else a shared frame word; the same holder and years when both
/// state them; and clauses at least [`AlignConfig::min_measure_similarity`] alike when
/// their measures agree, [`AlignConfig::min_slot_similarity`] otherwise.
pub fn same_slot(
    set: &ClaimSet,
    (a, qa): (ClaimRef, usize),
    (b, qb): (ClaimRef, usize),
    cfg: &AlignConfig,
) -> Option<SlotMatch> {
    let (ca, cb) = (set.claim(a), set.claim(b));
    let (xa, xb) = (ca.quantities.get(qa)?, cb.quantities.get(qb)?);
    if xa.quantity.kind != xb.quantity.kind || xa.quantity.unit != xb.quantity.unit {
        return None;
    }
    let (sa, sb) = (ca.slots.get(qa)?, cb.slots.get(qb)?);
    if sa.role != sb.role
        || matches!(
            sa.role,
            crate::claims::Role::Tolerance | crate::claims::Role::Reported
        )
    {
        return None;
    }
    let both = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    if both(&sa.holder, &sb.holder) == Some(false)
        || !sa.years.is_empty()
            && !sb.years.is_empty()
            && !sa.years.iter().any(|y| sb.years.contains(y))
    {
        return None;
    }
    // As of when: figures put on different days or reporting periods are different
    // facts ("closed at $125.61 on Wednesday", "$117.59 on Thursday"; "second-quarter
    // revenue", "first-quarter revenue").
    let apart = |x: &[String], y: &[String]| {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|d| y.contains(d))
    };
    if apart(&sa.days, &sb.days) || apart(&sa.periods, &sb.periods) {
        return None;
    }
    // What kind of the measure: a segment is not the whole nor another segment
    // ("data center revenue", "revenue"); one accounting basis is not another
    // ("adjusted" and "GAAP" EPS), though one left unstated may be either.
    let (ka, kb) = split_bases(&sa.qualifiers);
    let (la, lb) = split_bases(&sb.qualifiers);
    let differ =
        |x: &[&str], y: &[&str]| !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w));
    if ka != la || differ(&kb, &lb) {
        return None;
    }
    let shared: Vec<String> = sa.frame.intersection(&sb.frame).cloned().collect();
    let floor = match both(&sa.measure, &sb.measure) {
        Some(false) => return None,
        Some(true) => cfg.min_measure_similarity,
        None if shared.is_empty() => return None,
        None => cfg.min_slot_similarity,
    };
    let similarity = cosine(set.vectors(a).slots.get(qa)?, set.vectors(b).slots.get(qb)?);
    (similarity >= floor).then(|| SlotMatch {
        qa,
        qb,
        similarity,
        shared_frame: match &sa.measure {
            Some(m) if shared.is_empty() => vec![m.clone()],
            _ => shared,
        },
    })
}

/// A measure's qualifiers: (the others, the accounting bases), each sorted.
fn split_bases(q: &[String]) -> (Vec<&str>, Vec<&str>) {
    let (mut bases, mut other): (Vec<&str>, Vec<&str>) = q
        .iter()
        .map(String::as_str)
        .partition(|w| crate::claims::measures::BASES.contains(w));
    bases.sort_unstable();
    other.sort_unstable();
    (other, bases)
}

/// The entity keys a claim is about: those it names, and what its article is about.
fn about(set: &ClaimSet, r: ClaimRef) -> std::collections::BTreeSet<&str> {
    let mut keys = set.claim(r).entity_keys();
    if let Some(t) = set.topics(set.article(r)) {
        keys.extend(t.iter().map(String::as_str));
    }
    keys
}

/// Decides whether a candidate pair aligns.
pub fn score(set: &ClaimSet, a: ClaimRef, b: ClaimRef, cfg: &AlignConfig) -> Option<AlignedPair> {
    let (ca, cb) = (set.claim(a), set.claim(b));
    let (va, vb) = (set.vectors(a), set.vectors(b));
    let similarity = cosine(&va.sentence, &vb.sentence);
    let shared_entities: Vec<String> = about(set, a)
        .intersection(&about(set, b))
        .map(|k| k.to_string())
        .collect();

    let mut slots = Vec::new();
    for qa in 0..ca.quantities.len() {
        let best = (0..cb.quantities.len())
            .filter_map(|qb| same_slot(set, (a, qa), (b, qb), cfg))
            .max_by(|x, y| x.similarity.total_cmp(&y.similarity));
        slots.extend(best);
    }
    // A headcount in one claim and a share of a stated workforce in the other ("cut
    // 15,000 jobs" / "cut 15% of its 124,800 employees"): a slot of its own, the
    // verifier compares the count with the share's headcount.
    if slots.is_empty() {
        slots.extend(headcount_slot(ca, cb, va, vb, false, cfg));
        slots.extend(headcount_slot(cb, ca, vb, va, true, cfg));
    }

    let aligned = if !slots.is_empty() {
        !shared_entities.is_empty()
    } else {
        !shared_entities.is_empty() && similarity >= cfg.min_text_similarity
    };
    aligned.then_some(AlignedPair {
        a,
        b,
        similarity,
        shared_entities,
        slots,
        same_source: false,
    })
}
