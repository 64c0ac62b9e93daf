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
    /// Two claims stating the same kind of quantity about the same frame align when the
    /// embeddings of the quantity's clause are at least this similar.
    pub min_slot_similarity: f32,
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
            min_slot_similarity: 0.45,
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

/// Aligns the claims of a set: candidates from blocking, then [`score`], in claim order.
pub fn align(set: &ClaimSet, cfg: &AlignConfig) -> (Vec<AlignedPair>, AlignStats) {
    let (candidates, mut stats) =
        blocking::candidates(set, cfg.max_postings, cfg.max_candidates_per_claim);
    let mut aligned: Vec<AlignedPair> = candidates
        .iter()
        .filter_map(|&(a, b)| score(set, a, b, cfg))
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
        .filter(|m| m.similarity >= cfg.min_slot_similarity)
        .max_by(|x, y| x.similarity.total_cmp(&y.similarity))
}

/// Decides whether a candidate pair aligns.
pub fn score(set: &ClaimSet, a: ClaimRef, b: ClaimRef, cfg: &AlignConfig) -> Option<AlignedPair> {
    let (ca, cb) = (set.claim(a), set.claim(b));
    let (va, vb) = (set.vectors(a), set.vectors(b));
    let similarity = cosine(&va.sentence, &vb.sentence);
    let shared_entities: Vec<String> = ca
        .entity_keys()
        .intersection(&cb.entity_keys())
        .map(|k| k.to_string())
        .collect();

    let mut slots = Vec::new();
    for (qa, (qta, sa)) in ca.quantities.iter().zip(&ca.slots).enumerate() {
        let best = cb
            .quantities
            .iter()
            .zip(&cb.slots)
            .enumerate()
            .filter(|(_, (qtb, _))| {
                qtb.quantity.kind == qta.quantity.kind && qtb.quantity.unit == qta.quantity.unit
            })
            .filter_map(|(qb, (_, sb))| {
                let shared: Vec<String> = sa.frame.intersection(&sb.frame).cloned().collect();
                if shared.is_empty() {
                    return None;
                }
                let sim = cosine(va.slots.get(qa)?, vb.slots.get(qb)?);
                Some(SlotMatch {
                    qa,
                    qb,
                    similarity: sim,
                    shared_frame: shared,
                })
            })
            .filter(|m| m.similarity >= cfg.min_slot_similarity)
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

    let entity_less = ca.entities.is_empty() || cb.entities.is_empty();
    let aligned = if !slots.is_empty() {
        // A shared subject, or (when one side names no entity, e.g. a bullet point)
        // a stronger slot match.
        !shared_entities.is_empty()
            || entity_less
                && slots.iter().any(|m| {
                    m.shared_frame.len() >= 2 && m.similarity >= cfg.min_slot_similarity + 0.15
                })
    } else {
        !shared_entities.is_empty() && similarity >= cfg.min_text_similarity
    };
    aligned.then_some(AlignedPair {
        a,
        b,
        similarity,
        shared_entities,
        slots,
    })
}
