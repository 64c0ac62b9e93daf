//! Which articles are one source: syndicated copies and articles of one publisher.
//!
//! Wire copy is republished by many outlets with a new headline, a byline, a dropped
//! or added paragraph: such copies are one source, not thirty. Two articles are
//! near-copies when the Jaccard similarity of their sets of word shingles (runs of
//! [`IndependenceConfig::shingle_words`] words, lowercased, punctuation ignored) is at
//! least [`IndependenceConfig::min_similarity`]. Near-copies and articles with the same
//! publisher are united (union-find); what is left apart is independent.
//!
//! Detection is never all-pairs: each article gets a MinHash signature of
//! [`IndependenceConfig::hashes`] values, cut into [`IndependenceConfig::bands`] bands
//! (locality-sensitive hashing). Only articles sharing a band's values are candidates,
//! and each candidate pair is confirmed by the exact Jaccard similarity of the two
//! (hashed) shingle sets, so the similarities reported are exact, not estimates. With
//! the defaults (126 hashes, 42 bands of 3 rows) a pair becomes a candidate with
//! probability 1 - (1 - J^3)^42: 0.94 at J = 0.4, 0.996 at 0.5, 1.0 from 0.6 on, and
//! 0.04 at 0.1, 0.005 at 0.05 (articles on one event in their own words). A missed
//! pair of copies is usually still united through the other copies (a syndicate of 30
//! has 435 pairs).
//!
//! Hashing is hand-written and fixed-seed (FNV-1a 64 for words, SplitMix64's finalizer
//! for shingles and for the MinHash family), so results are the same on every run and
//! machine; std's `RandomState` is never used. The crates.io MinHash crates were
//! weighed and not taken: `gaoya` brings rand 0.10, an alpha smallvec, sha-1 and a
//! dozen more crates, `probminhash` brings argmin, env_logger and katexit; the
//! algorithm here is some sixty lines.
//!
//! Texts of fewer than [`IndependenceConfig::min_shingles`] shingles are never united
//! by similarity (two empty or one-line articles are not copies of each other).

use serde::{Deserialize, Serialize};

/// `[verify.independence]`: when two articles are one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndependenceConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// Jaccard similarity of shingle sets at or above which two articles are copies of
    /// one story. Measured on the generated syndicated corpus (tests/independence.rs,
    /// a 250-word wire story): two copies that each dropped a different paragraph and
    /// carry their own headline, byline and credit pair at 0.43 (median copy pair
    /// 0.77); an article written in its own words with the same figures pairs with
    /// any other at 0.012 or less. Whole-sentence rewording leaves few 5-word shingles
    /// in common, so 0.4 keeps a wide margin below it.
    pub min_similarity: f64,
    /// MinHash values per article.
    pub hashes: usize,
    /// LSH bands; each has `hashes / bands` rows (0 bands or 0 hashes: no similarity
    /// detection, publishers only).
    pub bands: usize,
    /// Articles with fewer shingles than this are never united by similarity.
    pub min_shingles: usize,
}

impl Default for IndependenceConfig {
    fn default() -> Self {
        IndependenceConfig {
            shingle_words: 5,
            min_similarity: 0.4,
            hashes: 126,
            bands: 42,
            min_shingles: 3,
        }
    }
}

/// A group of two or more articles united as near-copies of one text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Syndicate {
    /// Article indices, ascending.
    pub articles: Vec<usize>,
    /// The lowest similarity among the confirmed pairs that joined the group.
    pub similarity: f64,
}

/// The independent sources of a set of articles.
#[derive(Debug, Clone)]
pub struct Sources {
    source: Vec<usize>,
    count: usize,
    syndicates: Vec<Syndicate>,
    candidate_pairs: usize,
}

impl Sources {
    /// `texts[i]` is article i's text; `publishers[i]` its publisher if known.
    /// Articles with the same publisher (trimmed, case-insensitive) are one source;
    /// `None`, an empty name or a missing entry (`publishers` shorter than `texts`)
    /// is unknown and never united by publisher.
    pub fn detect(
        texts: &[&str],
        publishers: &[Option<&str>],
        cfg: &IndependenceConfig,
    ) -> Sources {
        let n = texts.len();
        let sets: Vec<Vec<u64>> = texts
            .iter()
            .map(|t| shingles(t, cfg.shingle_words))
            .collect();
        let eligible: Vec<bool> = sets
            .iter()
            .map(|s| !s.is_empty() && s.len() >= cfg.min_shingles)
            .collect();

        let candidates = lsh_candidates(&sets, &eligible, cfg);
        let mut copies = UnionFind::new(n);
        let mut edges: Vec<(usize, usize, f64)> = Vec::new();
        for &(a, b) in &candidates {
            let sim = jaccard(&sets[a], &sets[b]);
            if sim >= cfg.min_similarity {
                copies.union(a, b);
                edges.push((a, b, sim));
            }
        }

        let mut sources = copies.clone();
        let mut first_of: std::collections::BTreeMap<String, usize> = Default::default();
        for i in 0..n {
            let Some(p) = publishers.get(i).copied().flatten() else {
                continue;
            };
            let key = p.trim().to_lowercase();
            if key.is_empty() {
                continue;
            }
            match first_of.get(&key) {
                Some(&j) => sources.union(i, j),
                None => {
                    first_of.insert(key, i);
                }
            }
        }

        // Dense source indices in order of first article.
        let mut dense = vec![usize::MAX; n];
        let mut source = Vec::with_capacity(n);
        let mut count = 0;
        for i in 0..n {
            let r = sources.find(i);
            if dense[r] == usize::MAX {
                dense[r] = count;
                count += 1;
            }
            source.push(dense[r]);
        }

        // Syndicates: components of the similarity graph, by first article.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
        for i in 0..n {
            members[copies.find(i)].push(i);
        }
        let mut lowest = vec![f64::INFINITY; n];
        for &(a, _, sim) in &edges {
            let r = copies.find(a);
            lowest[r] = lowest[r].min(sim);
        }
        let mut syndicates: Vec<Syndicate> = members
            .into_iter()
            .enumerate()
            .filter(|(_, m)| m.len() >= 2)
            .map(|(r, articles)| Syndicate {
                articles,
                similarity: lowest[r],
            })
            .collect();
        syndicates.sort_by_key(|s| s.articles[0]);

        Sources {
            source,
            count,
            syndicates,
            candidate_pairs: candidates.len(),
        }
    }

    /// The source (a dense index `0..count()`, numbered in order of first article) of
    /// article `article`; `usize::MAX` for an index out of range.
    pub fn of(&self, article: usize) -> usize {
        self.source.get(article).copied().unwrap_or(usize::MAX)
    }

    /// How many independent sources.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Groups of two or more articles united as near-copies (not merely by publisher),
    /// ordered by first article.
    pub fn syndicates(&self) -> &[Syndicate] {
        &self.syndicates
    }

    /// Whether articles `i` and `j` are one source (false when either is out of range).
    pub fn same(&self, i: usize, j: usize) -> bool {
        match (self.source.get(i), self.source.get(j)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }

    /// Distinct pairs the LSH buckets proposed (each confirmed by exact Jaccard): the
    /// work done, far below n(n-1)/2 on unrelated texts.
    pub fn candidate_pairs(&self) -> usize {
        self.candidate_pairs
    }
}

/// The Jaccard similarity of the two texts' shingle sets under `cfg.shingle_words`
/// (0 when either has no shingle): what [`Sources::detect`] compares with
/// `min_similarity`, for measuring one pair.
pub fn similarity(a: &str, b: &str, cfg: &IndependenceConfig) -> f64 {
    jaccard(
        &shingles(a, cfg.shingle_words),
        &shingles(b, cfg.shingle_words),
    )
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// SplitMix64's finalizer: a fixed, well-mixing bijection on u64.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Hashes of the text's words (maximal runs of alphanumeric characters, lowercased).
fn word_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0u8; 4];
                for &byte in l.encode_utf8(&mut buf).as_bytes() {
                    h ^= u64::from(byte);
                    h = h.wrapping_mul(FNV_PRIME);
                }
            }
            in_word = true;
        } else if in_word {
            out.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// The sorted, deduplicated hashes of the text's `k`-word shingles; none when the text
/// has fewer than `k` words (or `k` is 0).
fn shingles(text: &str, k: usize) -> Vec<u64> {
    let words = word_hashes(text);
    if k == 0 || words.len() < k {
        return Vec::new();
    }
    let mut out: Vec<u64> = words
        .windows(k)
        .map(|w| w.iter().fold(0u64, |h, &x| mix(h.rotate_left(17) ^ x)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, deduplicated sets; 0 when either is empty.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// The MinHash signature of a non-empty shingle set: for each of `hashes` fixed-seed
/// hash functions, the least hash over the set.
fn signature(set: &[u64], hashes: usize) -> Vec<u64> {
    (0..hashes)
        .map(|i| {
            let seed = mix(0x5eed_0000 + i as u64);
            set.iter().map(|&s| mix(s ^ seed)).min().unwrap_or(u64::MAX)
        })
        .collect()
}

/// Distinct pairs `(a, b)`, `a < b`, of eligible articles that share all rows of at
/// least one band, ascending.
fn lsh_candidates(
    sets: &[Vec<u64>],
    eligible: &[bool],
    cfg: &IndependenceConfig,
) -> Vec<(usize, usize)> {
    let bands = cfg.bands.min(cfg.hashes);
    if bands == 0 {
        return Vec::new();
    }
    let rows = cfg.hashes / bands;
    let sigs: Vec<Option<Vec<u64>>> = sets
        .iter()
        .zip(eligible)
        .map(|(s, &ok)| ok.then(|| signature(s, bands * rows)))
        .collect();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut keys: Vec<(u64, usize)> = Vec::new();
    for band in 0..bands {
        keys.clear();
        for (i, sig) in sigs.iter().enumerate() {
            if let Some(sig) = sig {
                let key = sig[band * rows..(band + 1) * rows]
                    .iter()
                    .fold(mix(band as u64), |h, &v| mix(h ^ v));
                keys.push((key, i));
            }
        }
        keys.sort_unstable();
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            for (x, &(_, a)) in bucket.iter().enumerate() {
                for &(_, b) in &bucket[x + 1..] {
                    pairs.push((a, b));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[derive(Debug, Clone)]
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Unites the sets of `a` and `b`; the lower root stays root.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "\
Halvorsen Grid said on Tuesday it will buy Corvane Energy for $4.2 billion in cash, \
a deal that would create the largest transmission operator in the northern region. \
The offer values Corvane at $38 a share, a premium of 27% over its closing price on Monday.

Shares of Corvane rose 12% on Tuesday to $33.60, while Halvorsen stock slipped 3% in \
early trading. Halvorsen chief executive Marit Solberg told analysts the combined \
company would serve about 6.5 million customers across four states.

The company expects to cut 1,800 jobs over two years, most of them in billing and \
administrative offices, and to save $310 million a year by 2029. Solberg said no \
field crews or line workers would be among the job cuts.

The deal has been approved by both boards and is expected to close in the first \
quarter of 2027, subject to approval by regulators and Corvane shareholders.";

    const OWN_WORDS: &str = "\
Corvane Energy agreed to a $4.2 billion takeover by its larger neighbour Halvorsen \
Grid, ending months of speculation about the utility's future. Investors cheered: \
Corvane stock jumped 12% by the close of Tuesday's session. Halvorsen plans to \
eliminate 1,800 positions, chiefly in back-office work, as it folds the two \
companies together. If regulators and shareholders agree, the transaction should \
be completed in the first quarter of 2027, the buyer said in a filing. Union \
leaders at Corvane said they would seek guarantees for the 9,400 workers.";

    fn cfg() -> IndependenceConfig {
        IndependenceConfig::default()
    }

    #[test]
    fn a_copy_with_new_headline_byline_and_paragraph_is_one_source() {
        let a = format!(
            "Halvorsen to buy Corvane for $4.2 billion\n\nBy Staff, Lakeside Herald\n\n{WIRE}"
        );
        let b = format!(
            "Utility merger: Corvane sold in cash deal\n\nBy Staff, Ridge Valley Times\n\n{WIRE}\n\n\
             Corvane runs a control centre in Millbrook, where about 300 people work.\n\n\
             Reporting by Lena Marsh; editing by Tom Aldous."
        );
        let s = Sources::detect(
            &[&a, &b],
            &[Some("Lakeside Herald"), Some("Ridge Valley Times")],
            &cfg(),
        );
        assert!(s.same(0, 1));
        assert_eq!(s.count(), 1);
        assert_eq!(s.syndicates().len(), 1);
        assert_eq!(s.syndicates()[0].articles, vec![0, 1]);
        assert!(
            s.syndicates()[0].similarity >= cfg().min_similarity,
            "{:?}",
            s.syndicates()
        );
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let shouted = WIRE.to_uppercase().replace(',', " ; ").replace('.', "!");
        assert!((similarity(WIRE, &shouted, &cfg()) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn independent_articles_with_the_same_figures_are_two_sources() {
        let sim = similarity(WIRE, OWN_WORDS, &cfg());
        assert!(sim < 0.1, "{sim}");
        let s = Sources::detect(&[WIRE, OWN_WORDS], &[None, None], &cfg());
        assert!(!s.same(0, 1));
        assert_eq!(s.count(), 2);
        assert!(s.syndicates().is_empty());
        assert_eq!(s.of(0), 0);
        assert_eq!(s.of(1), 1);
    }

    #[test]
    fn the_same_publisher_unites_but_is_no_syndicate() {
        let s = Sources::detect(
            &[
                WIRE,
                OWN_WORDS,
                "Something else entirely, written for a different day.",
            ],
            &[Some("Wire Service"), Some(" wire service "), None],
            &cfg(),
        );
        assert!(s.same(0, 1));
        assert!(!s.same(0, 2));
        assert_eq!(s.count(), 2);
        assert!(s.syndicates().is_empty());
        // Empty and missing publishers are unknown.
        let s = Sources::detect(&[WIRE, OWN_WORDS, "x"], &[Some(""), Some("")], &cfg());
        assert_eq!(s.count(), 3);
        assert!(!s.same(0, 5));
        assert_eq!(s.of(9), usize::MAX);
    }

    #[test]
    fn short_texts_are_never_united_by_similarity() {
        let texts = [
            "",
            "",
            "Shares rose.",
            "Shares rose.",
            "one two three four five six",
            "one two three four five six",
        ];
        let s = Sources::detect(&texts, &[], &cfg());
        assert_eq!(s.count(), texts.len());
        assert!(s.syndicates().is_empty());
        // Identical texts of enough shingles are.
        let long = "one two three four five six seven";
        let s = Sources::detect(&[long, long], &[], &cfg());
        assert_eq!(s.count(), 1);
    }

    #[test]
    fn odd_configs_do_not_panic() {
        for (hashes, bands, k) in [(0, 0, 5), (128, 0, 5), (10, 20, 5), (7, 3, 1), (128, 32, 0)] {
            let c = IndependenceConfig {
                hashes,
                bands,
                shingle_words: k,
                ..cfg()
            };
            let s = Sources::detect(&[WIRE, WIRE, ""], &[None], &c);
            assert!(s.count() >= 1);
        }
    }

    /// Unrelated generated texts: a fixed-seed word salad over a 2,000-word vocabulary.
    fn generated(n: usize) -> Vec<String> {
        let mut state = 42u64;
        let mut next = || {
            state = state.wrapping_add(1);
            mix(state)
        };
        (0..n)
            .map(|_| {
                (0..150)
                    .map(|_| format!("w{}", next() % 2000))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn detection_is_deterministic() {
        let mut texts = generated(20);
        texts.push(format!("{} extra words here", texts[3]));
        texts.push(WIRE.to_string());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let pubs = vec![None; refs.len()];
        let a = Sources::detect(&refs, &pubs, &cfg());
        let b = Sources::detect(&refs, &pubs, &cfg());
        assert_eq!(a.syndicates(), b.syndicates());
        assert_eq!(a.candidate_pairs(), b.candidate_pairs());
        assert_eq!(a.syndicates().len(), 1);
        assert_eq!(a.syndicates()[0].articles, vec![3, 20]);
        assert_eq!(a.count(), 21);
        assert_eq!(
            (0..22).map(|i| a.of(i)).collect::<Vec<_>>(),
            (0..22).map(|i| b.of(i)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn detection_is_not_all_pairs() {
        let texts = generated(200);
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let s = Sources::detect(&refs, &[], &cfg());
        assert_eq!(s.count(), 200);
        let all = 200 * 199 / 2;
        assert!(
            s.candidate_pairs() * 100 < all,
            "{} of {all}",
            s.candidate_pairs()
        );

        // 50 copies of one text among them: every copy found, and the candidates are the
        // copies' pairs plus few others.
        let mut texts = generated(150);
        for i in 0..50 {
            texts.push(format!("Headline number {i}\n\n{WIRE}"));
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let s = Sources::detect(&refs, &[], &cfg());
        assert_eq!(s.count(), 151);
        assert_eq!(s.syndicates().len(), 1);
        assert_eq!(s.syndicates()[0].articles, (150..200).collect::<Vec<_>>());
        assert!(
            s.candidate_pairs() < 50 * 49 / 2 + 200,
            "{}",
            s.candidate_pairs()
        );
    }
}
