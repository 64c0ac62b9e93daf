//! Blocking: which pairs of claims are worth scoring at all. Keys are quantity-slot
//! keys ("money|invest") and SimHash bands of the sentence vector; [`Postings`] is the
//! inverted index over them that the batch run ([`candidates`]) and `check` share.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{AlignConfig, AlignStats, ClaimRef, ClaimSet};
use crate::claims::Claim;
use crate::embed::{cosine, ClaimVectors};
use crate::quantities::QuantityKind;

/// Computes blocking keys: quantity-slot keys and SimHash bands of the sentence vector.
#[derive(Debug, Clone)]
pub struct Blocker {
    planes: Vec<Vec<f32>>,
    bits: usize,
}

impl Blocker {
    /// A blocker for `dim`-dimensional sentence vectors with the configured SimHash
    /// bands.
    pub fn new(cfg: &AlignConfig, dim: usize) -> Self {
        Blocker {
            planes: hyperplanes(cfg.lsh_bands * cfg.lsh_bits, dim),
            bits: cfg.lsh_bits,
        }
    }

    /// A claim's blocking keys, sorted: `<kind>|<frame word>` for each frame word of
    /// each slot, and one per SimHash band when its sentence vector has the expected
    /// dimension.
    pub fn keys(&self, claim: &Claim, vectors: &ClaimVectors) -> Vec<String> {
        let mut keys = BTreeSet::new();
        for (q, slot) in claim.quantities.iter().zip(&claim.slots) {
            for w in &slot.frame {
                keys.insert(format!("{}|{}", kind_key(q.quantity.kind), w));
            }
            // What it measures, whatever the verb ("sank $2bn into", "invested $2 billion").
            if let Some(m) = &slot.measure {
                keys.insert(format!("{}|={m}", kind_key(q.quantity.kind)));
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

/// An inverted index from blocking key to the claims that have it, each list in
/// claim order.
#[derive(Debug, Default)]
pub struct Postings<'a> {
    lists: HashMap<&'a str, Vec<ClaimRef>>,
}

impl<'a> Postings<'a> {
    /// The postings of the claims `include` keeps, over the keys `key` keeps.
    pub fn new(
        set: &'a ClaimSet,
        include: impl Fn(ClaimRef) -> bool,
        key: impl Fn(&str) -> bool,
    ) -> Self {
        let mut lists: HashMap<&'a str, Vec<ClaimRef>> = HashMap::new();
        for r in set.refs().filter(|&r| include(r)) {
            for k in set.keys(r).iter().filter(|k| key(k)) {
                lists.entry(k.as_str()).or_default().push(r);
            }
        }
        Postings { lists }
    }

    /// Distinct keys.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether the postings hold no key at all.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// Every claim that shares one of `keys`, in claim order.
    pub fn sharing(&self, keys: &[String]) -> BTreeSet<ClaimRef> {
        keys.iter()
            .filter_map(|k| self.lists.get(k.as_str()))
            .flatten()
            .copied()
            .collect()
    }

    /// The lists, the most selective first (then by key, for a deterministic order).
    pub fn most_selective_first(&self) -> Vec<(&'a str, &[ClaimRef])> {
        let mut keyed: Vec<(&str, &[ClaimRef])> =
            self.lists.iter().map(|(k, v)| (*k, v.as_slice())).collect();
        keyed.sort_unstable_by(|x, y| x.1.len().cmp(&y.1.len()).then(x.0.cmp(y.0)));
        keyed
    }
}

/// Candidate pairs (a < b, different articles) from the blocking keys. A key shared
/// by more than `max_postings` claims is a stop key and skipped; a claim takes part
/// in at most `max_per_claim` pairs, found through its most selective keys first.
pub fn candidates(
    set: &ClaimSet,
    max_postings: usize,
    max_per_claim: usize,
) -> (Vec<(ClaimRef, ClaimRef)>, AlignStats) {
    let postings = Postings::new(set, |_| true, |_| true);
    let mut stats = AlignStats {
        claims: set.len(),
        blocking_keys: postings.len(),
        ..Default::default()
    };
    // The most selective keys first, so that a claim's cap is spent on its most
    // specific company.
    let mut count = vec![0usize; set.len()];
    let mut pairs = HashSet::new();
    for (_, list) in postings.most_selective_first() {
        if list.len() > max_postings {
            stats.stop_keys += 1;
            continue;
        }
        for (x, &a) in list.iter().enumerate() {
            if count[a.index()] >= max_per_claim {
                continue;
            }
            for &b in &list[x + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                if count[a.index()] >= max_per_claim || count[b.index()] >= max_per_claim {
                    continue;
                }
                if set.article(a) != set.article(b) && pairs.insert((a, b)) {
                    count[a.index()] += 1;
                    count[b.index()] += 1;
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
        QuantityKind::Time => "time",
        QuantityKind::Weekday => "weekday",
        QuantityKind::Duration => "duration",
    }
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
