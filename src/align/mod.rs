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
use crate::text::lexicon::STEMMER;

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
    /// One thing only if the values agree: one side leaves out what the other states
    /// (a qualifier, the measure, the role: "all-cash bid of $55" and "$55 a share";
    /// "data center revenue of $26.3 billion" and "revenue of $26.3B" in a sentence
    /// about the unit; "will cut about 15,000 jobs" and "cut 15,000 roles"). Equal
    /// values make it one fact; different values say nothing, they may be two.
    pub loose: bool,
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
    let source = |r: ClaimRef| source_of(sources, set.article(r));
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

/// The independent source of article `article` in `sources` (one entry per article,
/// near-copies and one publisher's articles sharing one); an article the table does
/// not cover is a source of its own.
pub fn source_of(sources: &[usize], article: usize) -> usize {
    sources
        .get(article)
        .copied()
        .unwrap_or(usize::MAX - article)
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
                    loose: false,
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
/// their values: the same kind and unit (headcount nouns are one); no two different
/// roles, holders, qualifiers, years, days or periods; the same measure when both
/// name one ("sales" and "revenue" are one), else a shared frame word; and clauses at
/// least [`AlignConfig::min_measure_similarity`] alike when their measures agree,
/// [`AlignConfig::min_slot_similarity`] otherwise (or near-paraphrase sentences). What
/// one side leaves out (a qualifier, a role, the measure, a year) or a related measure
/// makes the match [`SlotMatch::loose`]: one fact only for the same value.
pub fn same_slot(
    set: &ClaimSet,
    a: (ClaimRef, usize),
    b: (ClaimRef, usize),
    cfg: &AlignConfig,
) -> Option<SlotMatch> {
    slot_test(set, a, b, cfg).ok()
}

/// Why [`slot_test`] found two quantities to measure different things.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Apart {
    /// No such quantity.
    Missing,
    /// Different kinds or units (money and a percentage; euros and dollars).
    Kind,
    /// Different roles (a forecast and an actual figure), or a role that is never
    /// one fact (a tolerance, the day a source spoke).
    Role,
    /// Different holders ("ASML's stake", "Nvidia's stake").
    Holder,
    /// Different years in their clauses.
    Years,
    /// Different days or reporting periods.
    AsOf,
    /// Different qualifiers ("data center revenue", "gaming revenue").
    Qualifiers,
    /// Different measures ("revenue", "profit").
    Measure,
    /// Neither a measure on both sides nor a frame word in common.
    NoFrame,
    /// Masked clauses less alike than the bar: (cosine, bar).
    Dissimilar(f32, f32),
}

/// [`same_slot`], saying why not.
pub fn slot_test(
    set: &ClaimSet,
    (a, qa): (ClaimRef, usize),
    (b, qb): (ClaimRef, usize),
    cfg: &AlignConfig,
) -> Result<SlotMatch, Apart> {
    use crate::claims::Role;
    use crate::quantities::QuantityKind;
    let (ca, cb) = (set.claim(a), set.claim(b));
    let (Some(xa), Some(xb)) = (ca.quantities.get(qa), cb.quantities.get(qb)) else {
        return Err(Apart::Missing);
    };
    let (Some(sa), Some(sb)) = (ca.slots.get(qa), cb.slots.get(qb)) else {
        return Err(Apart::Missing);
    };
    let both = |x: &Option<String>, y: &Option<String>| match (x, y) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    // Headcounts are one unit whatever the noun ("15,000 jobs", "15,000 roles",
    // "fifteen thousand" cut from the workforce).
    let jobs =
        both(&sa.measure, &sb.measure) == Some(true) && sa.measure.as_deref() == Some("jobs");
    let headcount = |u: &str| is_headcount(u) || jobs && u.is_empty();
    let unit = xa.quantity.unit == xb.quantity.unit
        || xa.quantity.kind == QuantityKind::Count
            && headcount(&xa.quantity.unit)
            && headcount(&xb.quantity.unit);
    if xa.quantity.kind != xb.quantity.kind || !unit {
        return Err(Apart::Kind);
    }
    // A tolerance ("plus or minus 2%") is never a fact of its own, and the total a
    // share is of ("15% of its 124,800 employees") is compared through the share
    // ([`headcount_slot`]). Other roles must match, though a role one side does not
    // mark (a plan stated as done, a change stated as a level, the day a source
    // spoke) may be the same figure.
    let mut loose = false;
    let never = |r: Role| matches!(r, Role::Tolerance);
    if never(sa.role) || never(sb.role) || (sa.role == Role::Total) != (sb.role == Role::Total) {
        return Err(Apart::Role);
    }
    if sa.role != sb.role || sa.role == Role::Reported {
        loose = true;
    }
    if both(&sa.holder, &sb.holder) == Some(false) {
        return Err(Apart::Holder);
    }
    // As of when: figures put in different years, on different days or in different
    // reporting periods are different facts ("closed at $125.61 on Wednesday",
    // "$117.59 on Thursday"; "second-quarter revenue", "first-quarter revenue"). A
    // figure put in a year against one put in none may be another instance ("12,000
    // job cuts in 2016", "15,000 jobs"): loose. (A day or period left unsaid is most
    // often the story's own: "sales crept up 1%" in a report on second-quarter
    // results.)
    fn apart<T: PartialEq>(x: &[T], y: &[T]) -> bool {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|d| y.contains(d))
    }
    fn one_sided<T>(x: &[T], y: &[T]) -> bool {
        x.is_empty() != y.is_empty()
    }
    if apart(&sa.years, &sb.years) {
        return Err(Apart::Years);
    }
    // Days compare kind by kind: weekdays, dates, months ("Monday" may be "Dec. 18").
    let of = |d: &[String], kind: &str| -> Vec<String> {
        d.iter().filter(|x| x.starts_with(kind)).cloned().collect()
    };
    // A weekday said alone is the story's week; a month said alone ("back in
    // August") is another time.
    let week_vs_month = |x: &[String], y: &[String]| {
        let only = |d: &[String], k: &str| !of(d, k).is_empty() && of(d, k).len() == d.len();
        only(x, "wd") && only(y, "m")
    };
    let days_apart = ["wd", "--", "m"]
        .iter()
        .any(|k| apart(&of(&sa.days, k), &of(&sb.days, k)))
        || week_vs_month(&sa.days, &sb.days)
        || week_vs_month(&sb.days, &sa.days);
    // Periods too, an ordinal quarter ("q2") and a month's ("june quarter") apart.
    let named = |p: &[String], month: bool| -> Vec<String> {
        p.iter()
            .filter(|x| x.ends_with(" quarter") == month)
            .cloned()
            .collect()
    };
    let periods_apart = [false, true]
        .iter()
        .any(|&m| apart(&named(&sa.periods, m), &named(&sb.periods, m)));
    if days_apart || periods_apart {
        return Err(Apart::AsOf);
    }
    // One names an ordinal quarter, the other a month's: perhaps one period, perhaps
    // not (fiscal years start anywhere): loose.
    let crossed = |x: &[String], y: &[String]| {
        named(x, true).is_empty() != named(y, true).is_empty()
            && named(x, false).is_empty() != named(y, false).is_empty()
    };
    if crossed(&sa.periods, &sb.periods) {
        loose = true;
    }
    // Unless both are lengths of time and each is its article's only one for the
    // measure: the year one sentence adds is when the one outage or process began
    // ("began on Nov. 8, 2023, and lasted roughly 14 hours"). (A count or an amount
    // stated once per article may still be another year's: "12,000 job cuts in 2016".)
    let sole = |r: ClaimRef, q: usize| set.measure_count(set.article(r), r, q) == 1;
    let one_length = xa.quantity.kind == QuantityKind::Duration && sole(a, qa) && sole(b, qb);
    if one_sided(&sa.years, &sb.years) && !one_length {
        loose = true;
    }
    // What kind of the measure: a segment is not another segment ("data center
    // revenue", "gaming revenue"); one accounting basis is not another ("adjusted" and
    // "GAAP" EPS). A segment left unstated may be the whole or the segment the
    // sentence is about (loose); a basis left unstated is the one reported.
    let (ka, kb) = split_bases(&sa.qualifiers);
    let (la, lb) = split_bases(&sb.qualifiers);
    let differ = |x: &[String], y: &[String]| {
        !x.is_empty() && !y.is_empty() && !x.iter().any(|w| y.contains(w))
    };
    if differ(&ka, &la) || differ(&kb, &lb) {
        return Err(Apart::Qualifiers);
    }
    if ka != la {
        loose = true;
    }
    let shared: Vec<String> = sa.frame.intersection(&sb.frame).cloned().collect();
    let (Some(u), Some(v)) = (set.vectors(a).slots.get(qa), set.vectors(b).slots.get(qb)) else {
        return Err(Apart::Missing);
    };
    let similarity = cosine(u, v);
    let figure = matches!(
        xa.quantity.kind,
        QuantityKind::Money | QuantityKind::Percent | QuantityKind::Count
    );
    let floor = match (&sa.measure, &sb.measure) {
        (Some(x), Some(y)) if x == y => cfg.min_measure_similarity,
        // Measures that may name one figure from different words: loose.
        (Some(x), Some(y)) if crate::claims::measures::related(x, y) => {
            loose = true;
            cfg.min_measure_similarity
        }
        (Some(_), Some(_)) => return Err(Apart::Measure),
        _ if !shared.is_empty() => cfg.min_slot_similarity,
        // One side names the measure, or neither does, and no frame word is shared:
        // an amount, share or count (not a day or a year, which a story's claims
        // share by the dozen) may still be the same figure: loose.
        _ if figure => {
            loose = true;
            cfg.min_measure_similarity
        }
        _ => return Err(Apart::NoFrame),
    };
    // A figure's own clause can say little ("530 million euros ($600 million)");
    // sentences that are near-paraphrases, with the measure named on both sides,
    // speak of one figure.
    let paraphrase = sa.measure.is_some()
        && sa.measure == sb.measure
        && cosine(&set.vectors(a).sentence, &set.vectors(b).sentence) >= cfg.min_text_similarity;
    if similarity < floor && !paraphrase {
        return Err(Apart::Dissimilar(similarity, floor));
    }
    Ok(SlotMatch {
        qa,
        qb,
        similarity,
        shared_frame: match &sa.measure {
            Some(m) if shared.is_empty() => vec![m.clone()],
            _ => shared,
        },
        loose,
    })
}

/// A measure's qualifiers: (the others, the accounting bases), each stemmed and
/// sorted ("signed contracts", "contract").
fn split_bases(q: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut bases, mut other): (Vec<String>, Vec<String>) = q
        .iter()
        .map(|w| STEMMER.stem(w).into_owned())
        .partition(|w| crate::claims::measures::BASE_STEMS.contains(w));
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
        // A strict match before a loose one, then the most alike.
        let best = (0..cb.quantities.len())
            .filter_map(|qb| same_slot(set, (a, qa), (b, qb), cfg))
            .max_by(|x, y| {
                (!x.loose, x.similarity)
                    .partial_cmp(&(!y.loose, y.similarity))
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
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
