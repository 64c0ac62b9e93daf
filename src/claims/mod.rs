//! Stage: claims. A check-worthy sentence becomes a [`Claim`] carrying its
//! quantities and entities (with byte spans into the original file), its attribution
//! ("Reuters reported"), its speculation cues with their scope ("the rumored GPT-5"),
//! and two structures the verifier compares across articles:
//! - a [`Slot`] per quantity: the clause around it and the content words that say
//!   *what* the number measures ("investment", "cut of revenue", "license");
//! - [`Frame`]s: subject / predicate / object / negation per clause, for polarity
//!   ("Microsoft will no longer pay ... to OpenAI").

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use serde::{Deserialize, Serialize};

use crate::entities::{Entity, EntityKind};
use crate::ingest::ArticleId;
use crate::quantities::Quantity;
use crate::segment::{BlockKind, Sentence};

/// `[claims]`: what makes a sentence check-worthy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimsConfig {
    /// Sentences with fewer words are not check-worthy.
    pub min_words: usize,
}

impl Default for ClaimsConfig {
    fn default() -> Self {
        ClaimsConfig { min_words: 3 }
    }
}

/// A quantity as reported: the parsed value plus its span in the original file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimQuantity {
    /// The parsed quantity; its `start` and `end` are byte offsets into the claim's
    /// `text`.
    #[serde(flatten)]
    pub quantity: Quantity,
    /// Canonical rendering ("USD 13000000000", "20%", "2030").
    pub canonical: String,
    /// Byte span in the original article file.
    pub file_start: usize,
    /// Byte offset just past the quantity in the original file.
    pub file_end: usize,
    /// The number lies within a speculation cue's reach: "500 job cuts" in "Profit
    /// fell 8%, which could force 500 job cuts" (the 8% is stated as fact).
    pub hedged: bool,
}

/// An entity with its span in the original file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimEntity {
    /// The entity as it reads in the normalized sentence.
    pub text: String,
    /// Canonical key that alignment compares: lowercase, possessive folded, aliases
    /// resolved ("microsoft").
    pub key: String,
    /// What sort of thing the entity names.
    pub kind: EntityKind,
    /// Byte offset of the entity in the original file.
    pub start: usize,
    /// Byte offset just past the entity in the original file (a possessive "'s" left
    /// out).
    pub end: usize,
}

/// A hedge or rumor marker and the words it governs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as written ("rumored", "people familiar with the matter").
    pub cue: String,
    /// What sort of hedge it is.
    pub kind: CueKind,
    /// Byte span of the cue in the original file.
    pub start: usize,
    /// Byte offset just past the cue in the original file.
    pub end: usize,
    /// The hedged words: from the cue to the end of its clause.
    pub scope: String,
}

/// Who the claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// Who the claim is credited to, as written ("Reuters").
    pub source: String,
    /// The attributing verb or phrase ("reported", "according to").
    pub cue: String,
}

/// What a quantity measures: its clause (with numbers masked, for embedding) and the
/// stemmed content words near it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    /// The words around the quantity within its clause, every number replaced by its
    /// kind ("an amount"): the text that is embedded and compared.
    pub clause: String,
    /// Stemmed content words nearest the quantity, which say what it measures
    /// ("invest").
    pub frame: BTreeSet<String>,
    /// The measure it states, as a group of synonyms ("revenue" for "sales"):
    /// [`measures`].
    #[serde(default)]
    pub measure: Option<String>,
    /// What the figure is to its measure: actual, change, prior, forecast, estimate.
    #[serde(default)]
    pub role: Role,
    /// For a change, whether it fell ("dipped 1%", "down 2.1%"): compared as a
    /// negative value, so "rose 1%" and "dipped 1%" conflict.
    #[serde(default)]
    pub falls: bool,
    /// For a sum paid, (payer, payee) when the sentence says who pays whom.
    #[serde(default)]
    pub payment: Option<(String, String)>,
    /// Whose figure it is, when a possessive says so ("ASML's stake"): an entity key.
    #[serde(default)]
    pub holder: Option<String>,
    /// The years its clause puts it in ("in June 2024").
    #[serde(default)]
    pub years: Vec<i32>,
    /// The day its clause puts it on, for market figures: "on Thursday" as "wd4",
    /// "Aug. 11" as "--0811" and "m8", "back in August" as "m8".
    #[serde(default)]
    pub days: Vec<String>,
    /// The reporting periods its sentence names ("q2", "h1", "june quarter").
    #[serde(default)]
    pub periods: Vec<String>,
    /// What qualifies its measure ("data center" revenue, "adjusted" EPS), lowercase.
    #[serde(default)]
    pub qualifiers: Vec<String>,
}

/// Subject-predicate-object with negation, per clause; only predicates from a small
/// lexicon of contractual/financial verbs are extracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// Entity key of the subject; empty for an exclusivity frame ("a non-exclusive
    /// license").
    pub subject: String,
    /// The predicate's stem, from a small lexicon ("pay", "invest", "exclus").
    pub predicate: String,
    /// Entity key of the object, or the stemmed noun of an exclusivity frame; `None`
    /// when the clause names none.
    pub object: Option<String>,
    /// The clause negates the predicate ("will no longer pay", "non-exclusive").
    pub negated: bool,
}

/// A claim's id: "<article id>#<sentence index>", stable across runs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(String);

impl ClaimId {
    /// The id of sentence `sentence` (0-based) of `article`.
    pub fn new(article: &ArticleId, sentence: usize) -> Self {
        ClaimId(format!("{article}#{sentence}"))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ClaimId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for ClaimId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// A check-worthy sentence and everything the later stages compare: one type from
/// extraction to the index (stored whole) and the reports (which show a view of it).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id: `<article id>#<sentence index>`.
    pub id: ClaimId,
    /// Id of the article the sentence belongs to.
    pub article: ArticleId,
    /// Index of the sentence in its article.
    pub sentence: usize,
    /// The sentence, normalized (straight quotes, citation debris removed).
    pub text: String,
    /// Byte span of the sentence in the original file; 1-based line and column.
    pub start: usize,
    /// Byte offset just past the sentence in the original file.
    pub end: usize,
    /// 1-based line of the sentence's start.
    pub line: usize,
    /// 1-based column of the sentence's start, in Unicode code points.
    pub column: usize,
    /// Quantities the sentence states, in text order.
    pub quantities: Vec<ClaimQuantity>,
    /// Named entities the sentence mentions, with their spans in the file.
    pub entities: Vec<ClaimEntity>,
    /// The sentence is hedged or a rumor: it has at least one cue.
    pub speculative: bool,
    /// The speculation cues in the sentence, with the words each one hedges.
    pub cues: Vec<Cue>,
    /// Who the sentence credits, when it names a source; `None` otherwise.
    pub attribution: Option<Attribution>,
    /// On whose word the sentence rests: official, media, a named third party, an
    /// anonymous source, or the article's own voice.
    pub sourcing: Sourcing,
    /// What each quantity measures, one slot per quantity in `quantities` order.
    pub slots: Vec<Slot>,
    /// Subject-predicate-object frames of its clauses, for the polarity and direction
    /// checks.
    pub frames: Vec<Frame>,
}

impl Claim {
    /// Entity keys, deduplicated and sorted.
    pub fn entity_keys(&self) -> BTreeSet<&str> {
        self.entities.iter().map(|e| e.key.as_str()).collect()
    }

    /// The headcounts the claim states as a share of a total: "15% of its 124,800
    /// employees" is 18,720 people, "a fifth of the 12,000 staff" 2,400.
    pub fn shares_of_total(&self) -> Vec<ShareOfTotal> {
        use crate::quantities::QuantityKind::{Count, Percent};
        let mut out = Vec::new();
        for (i, p) in self.quantities.iter().enumerate() {
            let pq = &p.quantity;
            if pq.kind != Percent || pq.unit != "percent" {
                continue;
            }
            let Some((j, t)) = self
                .quantities
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, t)| t.quantity.kind == Count && is_headcount(&t.quantity.unit))
            else {
                continue;
            };
            // The share and its total close together, joined by "of", no clause break.
            let between = self.text.get(pq.end..t.quantity.start).unwrap_or("");
            let joined = between.len() <= 40
                && between.split_whitespace().any(|w| w == "of")
                && !between.contains([',', ';', ':', '.']);
            if joined && t.quantity.value > 0.0 {
                out.push(ShareOfTotal {
                    headcount: pq.value / 100.0 * t.quantity.value,
                    share: i,
                    total: j,
                });
            }
        }
        out
    }
}

/// A headcount stated as a share of a total ("15% of its 124,800 employees").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareOfTotal {
    /// The people it comes to (18,720).
    pub headcount: f64,
    /// Index of the share in the claim's `quantities`.
    pub share: usize,
    /// Index of the total.
    pub total: usize,
}

/// Whether a counted noun counts people in a workforce ("jobs", "employees",
/// "roles"): such a count compares with a share of a stated workforce.
pub fn is_headcount(unit: &str) -> bool {
    matches!(
        unit,
        "job"
            | "role"
            | "position"
            | "employee"
            | "worker"
            | "staff"
            | "staffer"
            | "people"
            | "person"
            | "workforce"
            | "headcount"
            | "post"
            | "layoff"
            | "engineer"
    )
}

/// Inputs for one sentence: the sentence, its entities (offsets relative to the
/// sentence text) and a mapper from sentence-relative spans to file spans.
pub struct SentenceInput<'a> {
    /// Id of the sentence's article, for the claim id.
    pub article_id: &'a ArticleId,
    /// The sentence to build the claim from.
    pub sentence: &'a Sentence,
    /// Its entities, with byte offsets into the sentence text.
    pub entities: &'a [Entity],
    /// Maps a byte span of the sentence text to its byte span in the original file.
    pub to_file: &'a dyn Fn(usize, usize) -> (usize, usize),
}

/// Builds a claim from a sentence, or `None` when it is not check-worthy.
pub fn extract(input: &SentenceInput<'_>, cfg: &ClaimsConfig) -> Option<Claim> {
    let s = input.sentence;
    let text = s.text.as_str();
    if s.kind == BlockKind::Heading || text.trim_end().ends_with('?') {
        return None;
    }
    if word_count(text) < cfg.min_words || boilerplate(text) {
        return None;
    }
    // Every other statement is check-worthy: news states its facts in sentences
    // without a number or a name as well ("Opposition is bipartisan.", "The company
    // declined to comment."), and those are read, hedged and sourced like the rest.
    let quantities = crate::quantities::parse(text);
    let entities = input.entities;
    let cues = find_cues(text, &quantities);
    let clauses = clauses(text);
    let slots = slots(text, &clauses, &quantities, entities);
    let frames = frames(text, &clauses, entities);
    let attribution = attribution(text);
    let sourcing = sourcing(text, attribution.as_ref(), &cues);
    let to_file = input.to_file;
    Some(Claim {
        id: ClaimId::new(input.article_id, s.index),
        article: input.article_id.clone(),
        sentence: s.index,
        text: text.to_string(),
        start: s.start,
        end: s.end,
        line: s.line,
        column: s.column,
        speculative: !cues.is_empty(),
        cues: cues
            .iter()
            .map(|c| {
                let (fs, fe) = to_file(c.start, c.end);
                Cue {
                    cue: text[c.start..c.end].to_string(),
                    kind: c.kind,
                    start: fs,
                    end: fe,
                    scope: quote_scope(&text[c.start..c.scope_end]),
                }
            })
            .collect(),
        attribution,
        sourcing,
        quantities: quantities
            .into_iter()
            .map(|q| {
                let (file_start, file_end) = to_file(q.start, q.end);
                ClaimQuantity {
                    hedged: hedged(&cues, q.start, q.end),
                    canonical: q.canonical(),
                    quantity: q,
                    file_start,
                    file_end,
                }
            })
            .collect(),
        entities: entities
            .iter()
            .map(|e| {
                let (start, end) = to_file(e.start, e.end);
                ClaimEntity {
                    text: e.text.clone(),
                    key: e.key.clone(),
                    kind: e.kind,
                    start,
                    end,
                }
            })
            .collect(),
        slots,
        frames,
    })
}

/// The furniture of a news page rather than a statement: bylines and credits,
/// newsletter and follow prompts, "Related:" links, copyright and disclaimer lines,
/// correction notes (which restate an earlier error, not the story's claims).
fn boilerplate(text: &str) -> bool {
    static BOILERPLATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)^\W*(?:by\s+(?-i:[A-Z][\w.'-]+(?:\s+(?:and\s+)?[A-Z][\w.'-]+){0,5})\s*(?:$|[|,;(\x{2014}-])|(?:additional\s+)?reporting\s+by|writing\s+by|(?:editing|edited|compiled|produced)\s+by|sign\s+up|subscribe|follow\s+(?:us|@)|click\s+here|read\s+(?:more|next)|related\s*:|see\s+also|more\s+on\s+this|copyright|\x{00a9}|all\s+rights\s+reserved|disclaimer|disclosures?\s*:|share\s+this|advertisement|photo\s*:|image\s*:|watch\s*:|listen\s*:|corrections?\s*:|clarification\s*:|correction\s*\(|editor'?s\s+note|this\s+(?:article|story|post|note)\s+(?:was|has\s+been|is)\s+(?:updated|corrected|amended|published|for|not|provided|written))",
        )
        .expect("boilerplate regex")
    });
    BOILERPLATE.is_match(text)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

// ---------------------------------------------------------------------------
// What a claim carries, a module each: speculation cues, attribution, clauses and
// slots, frames.

mod attribution;
mod cues;
mod frames;
pub mod measures;
mod slots;
mod sourcing;

// Content words: `crate::text::lexicon`'s, under these paths too.
pub use crate::text::lexicon::{content_stem, content_stems, surface};

pub use cues::{CueKind, MAX_SCOPE_BYTES};
pub use measures::Role;
pub use sourcing::Sourcing;

use attribution::attribution;
use cues::{find_cues, hedged, quote_scope};
use frames::frames;
use slots::{clauses, slots};
use sourcing::sourcing;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::entities::RuleRecognizer;

    pub(crate) fn claim(text: &str) -> Option<Claim> {
        let sentence = Sentence {
            article: 0,
            index: 0,
            kind: BlockKind::Paragraph,
            text: text.to_string(),
            norm_start: 0,
            norm_end: text.len(),
            start: 0,
            end: text.len(),
            line: 1,
            column: 1,
            cut: false,
        };
        let entities = RuleRecognizer::default().recognize(text);
        let id = |s: usize, e: usize| (s, e);
        extract(
            &SentenceInput {
                article_id: &ArticleId::new("a"),
                sentence: &sentence,
                entities: &entities,
                to_file: &id,
            },
            &ClaimsConfig::default(),
        )
    }

    #[test]
    fn headings_questions_fragments_and_boilerplate_are_not_claims() {
        assert!(claim("Microsoft OpenAI").is_none());
        assert!(claim("Will Microsoft invest another $10 billion in OpenAI?").is_none());
        for t in [
            "Reporting by Jane Roe in San Francisco; Editing by Sam Poe",
            "By Jane Roe | August 28, 2024",
            "Sign up for our free morning briefing on chips and AI.",
            "Related: Intel's foundry bet, explained",
            "Correction: An earlier version of this story misstated the fine.",
            "This article was updated with the company's comment.",
            "Copyright 2024 Harbor Wire. All rights reserved.",
        ] {
            assert!(claim(t).is_none(), "{t}");
        }
    }

    #[test]
    fn statements_without_numbers_or_names_are_claims() {
        for t in [
            "Opposition is bipartisan.",
            "The company declined to comment.",
            "It is a sophisticated diplomatic maneuver for everyone involved.",
        ] {
            assert!(claim(t).is_some(), "{t}");
        }
    }
}
