//! Stage 5: align claims across articles.
//!
//! Never an all-pairs pass: candidates come from an inverted index over blocking keys,
//! - one key per (quantity kind, frame word) of each quantity slot ("money|invest"),
//! - SimHash bands of the sentence embedding (random hyperplanes, fixed seed), which
//!   put near-paraphrases in a shared bucket,
//!
//! and a key shared by more than `max_postings` claims is skipped as a stop key.
//! Candidates from different articles are then scored: a pair aligns when both state a
//! quantity of the same kind about the same thing (shared frame word and similar
//! masked clause) and share an entity, or when the sentences are near-paraphrases
//! about a shared entity. The same number about another subject shares neither.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::claims::Claim;
use crate::config::AlignConfig;
use crate::embed::cosine;
use crate::quantities::QuantityKind;

/// Embeddings of one claim: the sentence, and the masked clause of each slot.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimVectors {
    #[serde(with = "crate::index::f32_base64")]
    pub sentence: Vec<f32>,
    #[serde(with = "crate::index::f32_base64_vec")]
    pub slots: Vec<Vec<f32>>,
}

/// Two quantities, one per claim, that measure the same thing.
#[derive(Debug, Clone, Serialize)]
pub struct SlotMatch {
    /// Index into `a.quantities` / `b.quantities`.
    pub qa: usize,
    pub qb: usize,
    /// Cosine similarity of the masked clauses.
    pub similarity: f32,
    pub shared_frame: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlignedPair {
    /// Claim indices, a < b.
    pub a: usize,
    pub b: usize,
    /// Cosine similarity of the sentences.
    pub similarity: f32,
    pub shared_entities: Vec<String>,
    pub slots: Vec<SlotMatch>,
}

/// Counts that show how much work blocking saved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AlignStats {
    pub claims: usize,
    pub blocking_keys: usize,
    pub stop_keys: usize,
    pub candidate_pairs: usize,
    pub aligned_pairs: usize,
    /// Claims that reached `max_candidates_per_claim`: some of their candidate pairs
    /// were not considered.
    pub capped_claims: usize,
    /// Aligned pairs sent to the NLI engine (each in both directions).
    pub nli_pairs: usize,
    /// Aligned pairs left undecided by `verify.max_nli_pairs_per_claim`.
    pub nli_skipped_pairs: usize,
}

/// Aligns claims. `keys[i]` are claim i's blocking keys (see [`Blocker::keys`]).
pub fn align(
    claims: &[Claim],
    vectors: &[ClaimVectors],
    keys: &[Vec<String>],
    cfg: &AlignConfig,
) -> (Vec<AlignedPair>, AlignStats) {
    let (candidates, mut stats) = candidates(
        claims,
        keys,
        cfg.max_postings,
        cfg.max_candidates_per_claim,
        |_, _| true,
    );
    let mut aligned: Vec<AlignedPair> = candidates
        .iter()
        .filter_map(|&(a, b)| score(claims, vectors, a, b, cfg))
        .collect();
    aligned.sort_by_key(|p| (p.a, p.b));
    stats.aligned_pairs = aligned.len();
    (aligned, stats)
}

/// Computes blocking keys: quantity-slot keys and SimHash bands of the sentence vector.
#[derive(Debug, Clone)]
pub struct Blocker {
    planes: Vec<Vec<f32>>,
    bits: usize,
}

impl Blocker {
    pub fn new(cfg: &AlignConfig, dim: usize) -> Self {
        Blocker {
            planes: hyperplanes(cfg.lsh_bands * cfg.lsh_bits, dim),
            bits: cfg.lsh_bits,
        }
    }

    pub fn keys(&self, claim: &Claim, vectors: &ClaimVectors) -> Vec<String> {
        let mut keys = BTreeSet::new();
        for (q, slot) in claim.quantities.iter().zip(&claim.slots) {
            for w in &slot.frame {
                keys.insert(format!("{}|{}", kind_key(q.quantity.kind), w));
            }
        }
        if vectors.sentence.len() == self.planes.first().map_or(0, Vec::len) {
            for (band, bits) in simhash_bands(&vectors.sentence, &self.planes, self.bits)
                .into_iter()
                .enumerate()
            {
                keys.insert(format!("lsh{band}|{bits:x}"));
            }
        }
        keys.into_iter().collect()
    }
}

/// Candidate pairs (a < b, different articles, `keep(a, b)`) from the blocking keys.
pub fn candidates(
    claims: &[Claim],
    keys: &[Vec<String>],
    max_postings: usize,
    max_per_claim: usize,
    keep: impl Fn(usize, usize) -> bool,
) -> (Vec<(usize, usize)>, AlignStats) {
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ks) in keys.iter().enumerate() {
        for k in ks {
            index.entry(k.as_str()).or_default().push(i);
        }
    }
    let mut stats = AlignStats {
        claims: claims.len(),
        blocking_keys: index.len(),
        ..Default::default()
    };
    // The most selective keys first (then by key, for a deterministic order), so
    // that a claim's cap is spent on its most specific company.
    let mut keyed: Vec<(&str, &Vec<usize>)> = index.iter().map(|(k, v)| (*k, v)).collect();
    keyed.sort_unstable_by(|x, y| x.1.len().cmp(&y.1.len()).then(x.0.cmp(y.0)));
    let mut count = vec![0usize; claims.len()];
    let mut pairs = HashSet::new();
    for (_, postings) in keyed {
        if postings.len() > max_postings {
            stats.stop_keys += 1;
            continue;
        }
        for (x, &a) in postings.iter().enumerate() {
            if count[a] >= max_per_claim {
                continue;
            }
            for &b in &postings[x + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                if count[a] >= max_per_claim || count[b] >= max_per_claim {
                    continue;
                }
                if claims[a].article_idx != claims[b].article_idx
                    && keep(a, b)
                    && pairs.insert((a, b))
                {
                    count[a] += 1;
                    count[b] += 1;
                }
            }
        }
    }
    stats.capped_claims = count.iter().filter(|&&n| n >= max_per_claim).count();
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_unstable();
    stats.candidate_pairs = pairs.len();
    (pairs, stats)
}

fn kind_key(kind: QuantityKind) -> &'static str {
    match kind {
        QuantityKind::Money => "money",
        QuantityKind::Percent => "percent",
        QuantityKind::Year => "year",
        QuantityKind::Date => "date",
        QuantityKind::Count => "count",
    }
}

/// Decides whether a candidate pair aligns.
pub fn score(
    claims: &[Claim],
    vectors: &[ClaimVectors],
    a: usize,
    b: usize,
    cfg: &AlignConfig,
) -> Option<AlignedPair> {
    let (ca, cb) = (&claims[a], &claims[b]);
    let (va, vb) = (vectors.get(a)?, vectors.get(b)?);
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

/// Deterministic pseudo-random hyperplanes (splitmix64 -> uniform in [-1, 1)).
fn hyperplanes(n: usize, dim: usize) -> Vec<Vec<f32>> {
    let mut state: u64 = 0x5eed_c0ff_ee00_0001;
    let mut next = || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        (z >> 40) as f32 / (1u64 << 23) as f32 - 1.0
    };
    (0..n).map(|_| (0..dim).map(|_| next()).collect()).collect()
}

fn simhash_bands(v: &[f32], planes: &[Vec<f32>], bits: usize) -> Vec<u64> {
    if bits == 0 || v.iter().all(|x| *x == 0.0) {
        return Vec::new();
    }
    planes
        .chunks(bits)
        .map(|band| {
            band.iter().enumerate().fold(0u64, |acc, (i, p)| {
                if cosine(p, v) >= 0.0 {
                    acc | (1 << i)
                } else {
                    acc
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simhash_puts_identical_vectors_in_the_same_buckets() {
        let planes = hyperplanes(4 * 8, 16);
        let v: Vec<f32> = (0..16).map(|i| (i as f32 - 7.5) / 10.0).collect();
        let w: Vec<f32> = v.iter().map(|x| -x).collect();
        assert_eq!(simhash_bands(&v, &planes, 8), simhash_bands(&v, &planes, 8));
        assert_ne!(simhash_bands(&v, &planes, 8), simhash_bands(&w, &planes, 8));
        assert!(simhash_bands(&[0.0; 16], &planes, 8).is_empty());
    }

    #[test]
    fn hyperplanes_are_deterministic_and_in_range() {
        let a = hyperplanes(3, 5);
        assert_eq!(a, hyperplanes(3, 5));
        assert!(a.iter().flatten().all(|x| (-1.0..1.0).contains(x)));
    }
}
