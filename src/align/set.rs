//! The claims of a set of articles, each with what alignment compares: one entry per
//! claim, held together so that a claim, its vectors and its keys cannot drift apart.

use serde::{Deserialize, Serialize};

use crate::claims::Claim;
use crate::embed::ClaimVectors;

/// A claim with its embeddings and blocking keys: what the index stores per claim.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyedClaim {
    /// The claim itself.
    pub claim: Claim,
    /// Its sentence and slot embeddings.
    pub vectors: ClaimVectors,
    /// Blocking keys ([`super::Blocker::keys`]).
    pub keys: Vec<String>,
}

/// Where a claim stands in its [`ClaimSet`] (and in the report's claim list, which
/// keeps the set's order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimRef(usize);

impl ClaimRef {
    /// The claim at `index` of a set (or of the report's claim list).
    pub fn from_index(index: usize) -> Self {
        ClaimRef(index)
    }

    /// The claim's position in its set (and in the report's claim list).
    pub fn index(self) -> usize {
        self.0
    }
}

/// Claims in article order, each with the position of its article in the run's
/// article list.
#[derive(Debug, Default)]
pub struct ClaimSet {
    entries: Vec<KeyedClaim>,
    articles: Vec<usize>,
    /// Per article and measure key, how many of its figures state that measure.
    measures: std::sync::OnceLock<std::collections::HashMap<(usize, String), usize>>,
    /// Per article, the entity keys most of its claims name (found once, on first use).
    topics:
        std::sync::OnceLock<std::collections::HashMap<usize, std::collections::BTreeSet<String>>>,
}

impl ClaimSet {
    /// Adds a claim of the article at position `article`.
    pub fn push(&mut self, article: usize, entry: KeyedClaim) -> ClaimRef {
        self.entries.push(entry);
        self.articles.push(article);
        ClaimRef(self.entries.len() - 1)
    }

    /// Number of claims in the set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the set holds no claim.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every claim's ref, in order.
    pub fn refs(&self) -> impl Iterator<Item = ClaimRef> {
        (0..self.entries.len()).map(ClaimRef)
    }

    /// The claim `r` refers to.
    pub fn claim(&self, r: ClaimRef) -> &Claim {
        &self.entries[r.0].claim
    }

    /// The embeddings of claim `r`.
    pub fn vectors(&self, r: ClaimRef) -> &ClaimVectors {
        &self.entries[r.0].vectors
    }

    /// The blocking keys of claim `r`.
    pub fn keys(&self, r: ClaimRef) -> &[String] {
        &self.entries[r.0].keys
    }

    /// Position of the claim's article in the run's article list.
    pub fn article(&self, r: ClaimRef) -> usize {
        self.articles[r.0]
    }

    /// How many figures of article `article` state what quantity `q` of claim `r`
    /// states: the same kind, unit, measure and role (0 when it names no measure).
    pub fn measure_count(&self, article: usize, r: ClaimRef, q: usize) -> usize {
        let key = |c: &Claim, i: usize| -> Option<String> {
            let (x, s) = (c.quantities.get(i)?, c.slots.get(i)?);
            Some(format!(
                "{:?}|{}|{}|{:?}",
                x.quantity.kind,
                x.quantity.unit,
                s.measure.as_deref()?,
                s.role
            ))
        };
        let counts = self.measures.get_or_init(|| {
            let mut counts = std::collections::HashMap::new();
            for (e, &a) in self.entries.iter().zip(&self.articles) {
                for i in 0..e.claim.quantities.len() {
                    if let Some(k) = key(&e.claim, i) {
                        *counts.entry((a, k)).or_insert(0) += 1;
                    }
                }
            }
            counts
        });
        key(self.claim(r), q)
            .and_then(|k| counts.get(&(article, k)).copied())
            .unwrap_or(0)
    }

    /// What article `article` is about: the organization (else any entity) that the
    /// most of its claims name, ties included. A claim that names no one ("Revenue
    /// rose 122%") is about it.
    pub fn topics(&self, article: usize) -> Option<&std::collections::BTreeSet<String>> {
        use crate::entities::EntityKind;
        use std::collections::{BTreeMap, BTreeSet, HashMap};
        let topics = self.topics.get_or_init(|| {
            let mut counts: HashMap<usize, BTreeMap<(bool, &str), usize>> = HashMap::new();
            for (e, &a) in self.entries.iter().zip(&self.articles) {
                let named: BTreeSet<(bool, &str)> = e
                    .claim
                    .entities
                    .iter()
                    .map(|x| (x.kind == EntityKind::Organization, x.key.as_str()))
                    .collect();
                for k in named {
                    *counts.entry(a).or_default().entry(k).or_default() += 1;
                }
            }
            counts
                .into_iter()
                .map(|(a, c)| {
                    // Named by two claims at least; an organization before anything
                    // else ("TikTok" may be read as a product, "DPC" named once).
                    let orgs = c.iter().any(|((org, _), &n)| *org && n >= 2);
                    let best = c
                        .iter()
                        .filter(|((org, _), _)| *org || !orgs)
                        .map(|(_, &n)| n)
                        .max()
                        .unwrap_or(0);
                    let top = c
                        .iter()
                        .filter(|((org, _), &n)| (*org || !orgs) && n == best && n >= 2)
                        .map(|((_, k), _)| k.to_string())
                        .collect();
                    (a, top)
                })
                .collect()
        });
        topics.get(&article)
    }

    /// The claims with their refs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (ClaimRef, &Claim)> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (ClaimRef(i), &e.claim))
    }

    /// The claims, mutable and in order (entity keys are resolved through the
    /// corpus-wide aliases this way).
    pub fn claims_mut(&mut self) -> impl Iterator<Item = &mut Claim> {
        self.entries.iter_mut().map(|e| &mut e.claim)
    }

    /// The claims alone, in order: a [`ClaimRef`] into the set is an index into it.
    pub fn into_claims(self) -> Vec<Claim> {
        self.entries.into_iter().map(|e| e.claim).collect()
    }
}
