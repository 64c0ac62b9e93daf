//! Stage 4: claims. A check-worthy sentence becomes a [`Claim`] carrying its
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
use crate::quantities::{Quantity, QuantityKind};
use crate::segment::{BlockKind, Sentence};
use crate::text::lexicon::{words, MONTHS_DAYS, STEMMER};

/// A quantity as reported: the parsed value plus its span in the original file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimQuantity {
    #[serde(flatten)]
    pub quantity: Quantity,
    /// Canonical rendering ("USD 13000000000", "20%", "2030").
    pub canonical: String,
    /// Byte span in the original article file.
    pub file_start: usize,
    pub file_end: usize,
}

/// An entity with its span in the original file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClaimEntity {
    pub text: String,
    pub key: String,
    pub kind: EntityKind,
    pub start: usize,
    pub end: usize,
}

/// A hedge or rumor marker and the words it governs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cue {
    /// The cue as written ("rumored", "people familiar with the matter").
    pub cue: String,
    /// Byte span of the cue in the original file.
    pub start: usize,
    pub end: usize,
    /// The hedged words: from the cue to the end of its clause.
    pub scope: String,
}

/// Who the claim is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    pub source: String,
    /// The attributing verb or phrase ("reported", "according to").
    pub cue: String,
}

/// What a quantity measures: its clause (with numbers masked, for embedding) and the
/// stemmed content words near it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Slot {
    pub clause: String,
    pub frame: BTreeSet<String>,
}

/// Subject-predicate-object with negation, per clause; only predicates from a small
/// lexicon of contractual/financial verbs are extracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub subject: String,
    pub predicate: String,
    pub object: Option<String>,
    pub negated: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// Stable id: "<article id>#<sentence index>".
    pub id: String,
    pub article: String,
    #[serde(skip)]
    pub article_idx: usize,
    #[serde(skip)]
    pub sentence: usize,
    /// The sentence, normalized (straight quotes, citation debris removed).
    pub text: String,
    /// Byte span of the sentence in the original file; 1-based line and column.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub quantities: Vec<ClaimQuantity>,
    pub entities: Vec<ClaimEntity>,
    pub speculative: bool,
    pub cues: Vec<Cue>,
    pub attribution: Option<Attribution>,
    #[serde(skip)]
    pub slots: Vec<Slot>,
    #[serde(skip)]
    pub frames: Vec<Frame>,
}

impl Claim {
    /// Entity keys, deduplicated and sorted.
    pub fn entity_keys(&self) -> BTreeSet<&str> {
        self.entities.iter().map(|e| e.key.as_str()).collect()
    }
}

/// Inputs for one sentence: the sentence, its entities (offsets relative to the
/// sentence text) and a mapper from sentence-relative spans to file spans.
pub struct SentenceInput<'a> {
    pub article_id: &'a str,
    pub article_idx: usize,
    pub sentence: &'a Sentence,
    pub entities: &'a [Entity],
    pub to_file: &'a dyn Fn(usize, usize) -> (usize, usize),
}

/// Builds a claim from a sentence, or `None` when it is not check-worthy.
pub fn extract(input: &SentenceInput<'_>, min_words: usize) -> Option<Claim> {
    let s = input.sentence;
    let text = s.text.as_str();
    if s.kind == BlockKind::Heading || text.trim_end().ends_with('?') {
        return None;
    }
    if word_count(text) < min_words {
        return None;
    }
    let quantities = crate::quantities::parse(text);
    let entities = input.entities;
    // Check-worthy: states a number, or says something about a named entity.
    if quantities.is_empty() && entities.is_empty() {
        return None;
    }
    let cues = find_cues(text, &quantities);
    let clauses = clauses(text);
    let slots = slots(text, &clauses, &quantities, entities);
    let frames = frames(text, &clauses, entities);
    let to_file = input.to_file;
    Some(Claim {
        id: format!("{}#{}", input.article_id, s.index),
        article: input.article_id.to_string(),
        article_idx: input.article_idx,
        sentence: s.index,
        text: text.to_string(),
        start: s.start,
        end: s.end,
        line: s.line,
        column: s.column,
        speculative: !cues.is_empty(),
        cues: cues
            .into_iter()
            .map(|(start, end, scope_end)| {
                let (fs, fe) = to_file(start, end);
                Cue {
                    cue: text[start..end].to_string(),
                    start: fs,
                    end: fe,
                    scope: quote_scope(&text[start..scope_end]),
                }
            })
            .collect(),
        attribution: attribution(text),
        quantities: quantities
            .into_iter()
            .map(|q| {
                let (file_start, file_end) = to_file(q.start, q.end);
                ClaimQuantity {
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

fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

// ---------------------------------------------------------------------------
// Speculation cues

static CUES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)\b(?:
            (?i:rumou?r(?:ed|s)?) | (?i:potentially) | (?i:potential) | (?i:possibly) |
            (?i:reportedly) | (?i:allegedly) | (?i:purportedly) | (?i:unconfirmed) |
            (?i:speculat(?:e|es|ed|ion)) |
            (?i:could) | may | (?i:might) |
            (?i:people\ familiar\ with\ the\ matter) | (?i:sources?\ (?:said|say|says)) |
            (?i:(?:is|are|was|were)\ said\ to) | (?i:(?:is|are)\ expected\ to) |
            (?i:(?:is|are)\ likely\ to) | (?i:in\ talks) |
            (?i:appears?\ to) | (?i:seems?\ to)
        )\b",
    )
    .expect("cue regex")
});

/// Ends a cue's scope: clause punctuation or a spaced dash.
static SCOPE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;:.!?()]|\s-\s").expect("scope regex"));

/// (cue start, cue end, scope end), all relative to `text`. A cue inside a quantity
/// ("May 2026") is a date, not a hedge. A cue's scope ends at the first [`SCOPE_END`]
/// after it, or at the end of the text.
fn find_cues(text: &str, quantities: &[Quantity]) -> Vec<(usize, usize, usize)> {
    // The scope end found for the previous cue serves every later cue that ends
    // before it: searching afresh from each cue rescanned the rest of a run-on
    // sentence once per cue (a 5 MB line without punctuation ran for minutes).
    let mut last_end: Option<usize> = None;
    let mut scope_end = |from: usize| match last_end {
        Some(e) if e >= from => e,
        _ => {
            let e = SCOPE_END
                .find(&text[from..])
                .map(|e| from + e.start())
                .unwrap_or(text.len());
            last_end = Some(e);
            e
        }
    };
    CUES.find_iter(text)
        .filter(|m| {
            !quantities
                .iter()
                .any(|q| m.start() < q.end && q.start < m.end())
        })
        // "May" capitalized mid-sentence is a month or a name, not the modal.
        .filter(|m| !(m.as_str() == "May" && m.start() > 0))
        .map(|m| (m.start(), m.end(), scope_end(m.end())))
        .collect()
}

/// Longest cue scope quoted in full, in bytes. A scope runs to the end of its
/// clause: in a long clause without punctuation each of many cues would quote nearly
/// all of it (a run-on text made a 282 MB report.json from 5 MB).
pub const MAX_SCOPE_BYTES: usize = 240;

/// The scope as reports quote it: trimmed, and past [`MAX_SCOPE_BYTES`] cut at the
/// last space before the limit with "…" appended.
fn quote_scope(scope: &str) -> String {
    let scope = scope.trim();
    if scope.len() <= MAX_SCOPE_BYTES {
        return scope.to_string();
    }
    let mut limit = MAX_SCOPE_BYTES;
    while !scope.is_char_boundary(limit) {
        limit -= 1;
    }
    let head = &scope[..limit];
    let head = match head.rfind(char::is_whitespace) {
        Some(w) if w > 0 => head[..w].trim_end(),
        _ => head,
    };
    format!("{head}\u{2026}")
}

// ---------------------------------------------------------------------------
// Attribution

static ACCORDING_TO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\baccording to\s+((?:the\s+)?[^,.;]{2,60}?)(?:[,.;]|$)").expect("regex")
});
static SOURCE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ((?:[A-Z][\w&'.-]*\s+){0,4}[A-Z][\w&'.-]*|[Tt]he\ (?:same\ |latest\ |original\ )?(?:report|announcement|statement|company|analysts?|filing))
        (?:'s\ (?:official\ )?announcement)?
        \s+(?:also\s+|has\s+|had\s+)?
        (reported|said|says|noted|told|announced|wrote|stated|confirmed|described|framed)\b",
    )
    .expect("regex")
});
/// "..., said a company spokesperson." The counted Unicode class `[\w -]{2,50}` makes
/// a large automaton: under the regex crate's default lazy-DFA cache (2 MiB) the
/// reverse search from `$` cannot use the DFA at all and falls back to the PikeVM,
/// which made this one regex take 90% of claim extraction (3.9 s against 0.09 s over
/// the claims fuzz corpus's 73,133 sentences, twice; FUZZING.md). 8 MiB lets it run.
static VERB_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    regex::RegexBuilder::new(
        r"\b(said|noted|says|according to)\s+((?:a|an|the)\s+[a-z][\w -]{2,50}?)\s*[.,]?$",
    )
    .dfa_size_limit(8 << 20)
    .build()
    .expect("regex")
});

fn attribution(text: &str) -> Option<Attribution> {
    if let Some(c) = ACCORDING_TO.captures(text) {
        return Some(Attribution {
            source: c[1].trim().to_string(),
            cue: "according to".into(),
        });
    }
    if let Some(c) = SOURCE_VERB.captures(text) {
        let source = without_leading_adverbial(c[1].trim());
        // A sentence-initial function word is not a source ("This said...").
        if !matches!(
            source,
            "This" | "That" | "It" | "He" | "She" | "They" | "We"
        ) {
            return Some(Attribution {
                source: source.to_string(),
                cue: c[2].to_string(),
            });
        }
    }
    VERB_SOURCE
        .captures(text.trim_end_matches(['"', '\'']))
        .map(|c| Attribution {
            source: c[2].trim().to_string(),
            cue: c[1].to_string(),
        })
}

/// Capitalized words that open a sentence before its source ("On Tuesday Microsoft
/// said", "In March Reuters reported"): a preposition or time adverb here, or a day or
/// a month ([`MONTHS_DAYS`]).
const LEADING_ADVERBIAL: &[&str] = &[
    "On",
    "In",
    "At",
    "By",
    "Since",
    "Earlier",
    "Later",
    "Last",
    "Then",
    "Meanwhile",
    "Separately",
    "Also",
    "Today",
    "Yesterday",
];

/// `source` without the time or place words that open its sentence; its last word
/// always stays ("May said" names a person).
fn without_leading_adverbial(source: &str) -> &str {
    let mut rest = source;
    while let Some((first, after)) = rest.split_once(char::is_whitespace) {
        if !LEADING_ADVERBIAL.contains(&first) && !MONTHS_DAYS.contains(&first) {
            break;
        }
        rest = after.trim_start();
    }
    rest
}

// ---------------------------------------------------------------------------
// Clauses, slots and frames

static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ;\s* | \s-\s | -\s(?:[a-z]) |
        ,\s+(?:while|but|though|although|whereas|which|yet|so|giving|helping|ensuring|making|allowing|leaving|meaning)\b",
    )
    .expect("clause regex")
});

/// Clause spans (start, end) relative to `text`.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for m in CLAUSE_BREAK.find_iter(text) {
        if m.start() > start {
            out.push((start, m.start()));
        }
        start = m.start();
    }
    out.push((start, text.len()));
    out
}

// Content words: `crate::text::lexicon`'s, under these paths too.
pub use crate::text::lexicon::{content_stem, content_stems, surface};

/// Content words within this many positions of a quantity define its frame.
const FRAME_WINDOW: usize = 6;
/// Words either side of a quantity that are embedded to compare slots.
const SLOT_WINDOW: usize = 6;

/// A slot per quantity (`quantities` sorted and disjoint, as
/// [`crate::quantities::parse`] gives them). Each clause's content words are found
/// once, whatever the number of quantities in it: per quantity, a sentence of 1,365
/// "$1"s took 0.8 s (FUZZING.md).
fn slots(
    text: &str,
    clauses: &[(usize, usize)],
    quantities: &[Quantity],
    entities: &[Entity],
) -> Vec<Slot> {
    // Numbers and entity names are not content words: their spans, merged into
    // disjoint runs sorted by position.
    let mut taken: Vec<(usize, usize)> = quantities
        .iter()
        .map(|q| (q.start, q.end))
        .chain(entities.iter().map(|e| (e.start, e.end)))
        .filter(|(s, e)| s < e)
        .collect();
    taken.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(taken.len());
    for (s, e) in taken {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let overlaps = |s: usize, e: usize| {
        let i = merged.partition_point(|&(_, me)| me <= s);
        merged.get(i).is_some_and(|&(ms, _)| ms < e)
    };
    // Content words of a clause: (position, stem).
    let content_of = |cs: usize, ce: usize| -> Vec<(usize, String)> {
        words(&text[cs..ce])
            .map(|(s, e, w)| (s + cs, e + cs, w))
            .filter(|(s, e, _)| !overlaps(*s, *e))
            .filter_map(|(s, _, w)| content_stem(&w).map(|st| (s, st)))
            .collect()
    };
    // Quantities come in order, so a clause's words are needed for a run of them.
    let mut content_clause = None;
    let mut content = Vec::new();
    quantities
        .iter()
        .map(|q| {
            // Clauses are contiguous and sorted: the last one starting at or before q,
            // stretched over q where q runs past its end ("300 full- and part-time":
            // the count's unit ends in the hyphen that starts a clause break).
            let (cs, ce) = clauses
                .partition_point(|&(s, _)| s <= q.start)
                .checked_sub(1)
                .map(|i| clauses[i])
                .filter(|&(_, e)| q.start < e)
                .unwrap_or((0, text.len()));
            let clause = (cs, ce.max(q.end));
            if content_clause != Some(clause) {
                content = content_of(clause.0, clause.1);
                content_clause = Some(clause);
            }
            slot_for(text, clause, q, quantities, &content)
        })
        .collect()
}

/// The slot of quantity `q` in clause `(cs, ce)` whose content words are `content`.
fn slot_for(
    text: &str,
    (cs, ce): (usize, usize),
    q: &Quantity,
    all: &[Quantity],
    content: &[(usize, String)],
) -> Slot {
    let pos = content.partition_point(|(s, _)| *s < q.start);
    let lo = pos.saturating_sub(FRAME_WINDOW);
    let hi = (pos + FRAME_WINDOW).min(content.len());
    let frame = content[lo..hi].iter().map(|(_, w)| w.clone()).collect();

    // The words around the quantity (at most SLOT_WINDOW either side, within its
    // clause), every number masked by its kind: two sentences stating different values
    // for the same thing embed alike, and a long clause does not dilute the match.
    let mut ws = cs;
    for (n, (i, space)) in text[cs..q.start]
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .enumerate()
    {
        if n == SLOT_WINDOW {
            // After the whitespace, which may be wider than a byte (U+2029, U+3000).
            ws = cs + i + space.len_utf8();
            break;
        }
    }
    let mut we = ce;
    for (n, (i, _)) in text[q.end..ce]
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .enumerate()
    {
        if n == SLOT_WINDOW {
            we = q.end + i;
            break;
        }
    }
    let mut clause = String::new();
    let mut at = ws;
    let first = all.partition_point(|x| x.start < ws);
    for x in all[first..]
        .iter()
        .take_while(|x| x.start < we)
        .filter(|x| x.end <= we)
    {
        clause.push_str(&text[at..x.start]);
        clause.push_str(match x.kind {
            QuantityKind::Money => "an amount",
            QuantityKind::Percent => "a share",
            QuantityKind::Year => "a year",
            QuantityKind::Date => "a date",
            QuantityKind::Count => "a number",
        });
        at = x.end;
    }
    clause.push_str(&text[at..we.max(at)]);
    Slot {
        clause: clause
            .trim()
            .trim_start_matches([',', ';', '-'])
            .trim()
            .to_string(),
        frame,
    }
}

static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:not|no longer|never|no|n't|cannot|without|none)\b|n't\b").expect("regex")
});

/// Predicates whose negation flips a checkable fact, by stem.
const PREDICATES: &[&str] = &[
    "pay",
    "invest",
    "own",
    "hold",
    "licens",
    "acquir",
    "host",
    "sell",
    "offer",
    "distribut",
    "receiv",
    "retain",
    "keep",
    "control",
    "exclus",
    "serv",
    "fund",
    "approv",
    "ban",
    "block",
];

fn frames(text: &str, clauses: &[(usize, usize)], entities: &[Entity]) -> Vec<Frame> {
    let mut out = Vec::new();
    for &(cs, ce) in clauses {
        let clause = &text[cs..ce];
        let in_clause: Vec<&Entity> = entities
            .iter()
            .filter(|e| e.start >= cs && e.end <= ce)
            .collect();
        // The first predicate word with an entity before it; the subject is the
        // nearest such entity ("Microsoft's announcement says OpenAI's payments to
        // Microsoft": OpenAI pays).
        let Some(first) = in_clause.first() else {
            continue;
        };
        let pred = words(clause)
            .map(|(s, _, w)| (s + cs, STEMMER.stem(&w).into_owned()))
            .find(|(s, st)| *s > first.end && PREDICATES.iter().any(|p| st.starts_with(p)));
        let Some((pred_at, predicate)) = pred else {
            continue;
        };
        let Some(subject) = in_clause.iter().rev().find(|e| e.end <= pred_at) else {
            continue;
        };
        let object = in_clause
            .iter()
            .find(|e| e.start > pred_at && e.key != subject.key)
            .map(|e| e.key.clone());
        let negated = NEGATION.is_match(&text[subject.end..pred_at])
            || text[cs..ce].contains("non-exclusive") && predicate.starts_with("exclus");
        out.push(Frame {
            subject: subject.key.clone(),
            predicate: PREDICATES
                .iter()
                .find(|p| predicate.starts_with(**p))
                .map(|p| p.to_string())
                .unwrap_or(predicate),
            object,
            negated,
        });
    }
    out.extend(exclusivity(text));
    out
}

static EXCLUSIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:keeps?|holds?|has|have|retains?|remains?)\s+(?:an?|the|its|their)?\s*exclusive\s+(\w+)|\b(\w+)\s+(?:is|are|becomes?)\s+(?:now\s+)?non-exclusive\b|\bnon-exclusive\s+(\w+)",
    )
    .expect("regex")
});

/// Exclusivity stated of a thing: "keeps an exclusive license" (asserted) against
/// "that license is now non-exclusive" / "a non-exclusive license" (denied). Only these
/// narrow present-tense patterns count: news copy says "exclusive" of past deals and
/// of ended ones in many ways, and a false contradiction fails a newsroom's CI. The
/// frame has no subject (the thing is often named only by a pronoun); the claims must
/// already align, which needs a shared entity or quantity slot.
fn exclusivity(text: &str) -> Vec<Frame> {
    EXCLUSIVE
        .captures_iter(text)
        .filter_map(|c| {
            let (word, negated) = match (c.get(1), c.get(2), c.get(3)) {
                (Some(w), _, _) => (w, false),
                (_, Some(w), _) | (_, _, Some(w)) => (w, true),
                _ => return None,
            };
            let object = content_stem(&word.as_str().to_lowercase())?;
            Some(Frame {
                subject: String::new(),
                predicate: "exclus".into(),
                object: Some(object),
                negated,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::RuleRecognizer;

    fn claim(text: &str) -> Option<Claim> {
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
                article_id: "a",
                article_idx: 0,
                sentence: &sentence,
                entities: &entities,
                to_file: &id,
            },
            6,
        )
    }

    #[test]
    fn rumor_and_potentially_are_speculative_with_scope() {
        let c = claim("Training next-generation models-such as the rumored GPT-5 or the internal project 'Strawberry'-requires hundreds of billions of dollars.").unwrap();
        assert!(c.speculative);
        assert_eq!(c.cues[0].cue, "rumored");
        assert!(c.cues[0].scope.contains("GPT-5"), "{:?}", c.cues);
        let c = claim("According to reports, the new terms allow OpenAI to seek funding from Amazon and potentially Oracle.").unwrap();
        assert!(c.speculative);
        assert_eq!(c.cues[0].scope, "potentially Oracle");
        assert_eq!(c.attribution.as_ref().unwrap().source, "reports");
    }

    /// Regression (FUZZING.md): scope ends are found once, not per cue. Each cue of a
    /// long run-on text still gets the first clause end after it, or the text's end.
    #[test]
    fn each_cue_scope_ends_at_the_next_clause_end() {
        let mut text = String::new();
        for i in 0..400 {
            text.push_str("Microsoft may invest and OpenAI could sell ");
            text.push_str(match i % 5 {
                0 => ", ",
                1 => "- then ",
                2 => "; ",
                _ => "and ",
            });
        }
        text.push_str("reportedly more");
        let cues = find_cues(&text, &[]);
        assert_eq!(cues.len(), 801, "two cues a round and the last");
        for &(start, end, scope) in &cues {
            let expected = SCOPE_END
                .find(&text[end..])
                .map_or(text.len(), |m| end + m.start());
            assert_eq!(scope, expected, "cue {:?} at {start}", &text[start..end]);
        }
        assert_eq!(cues.last().map(|c| c.2), Some(text.len()));
    }

    #[test]
    fn a_long_scope_is_quoted_up_to_the_limit() {
        let tail = "and then the company would go on to build ".repeat(20);
        let text = format!("Microsoft may invest $13 billion in OpenAI {tail}data centers.");
        let c = claim(&text).unwrap();
        let scope = &c.cues[0].scope;
        let head = scope
            .strip_suffix('\u{2026}')
            .expect("an ellipsis marks the cut");
        assert!(head.len() <= MAX_SCOPE_BYTES, "{}", head.len());
        assert!(
            head.len() > MAX_SCOPE_BYTES - 12,
            "cut at the last space: {scope}"
        );
        // A prefix of the scope, ending at a whole word.
        let from = text.find("may invest").unwrap();
        assert!(text[from..].starts_with(head), "{scope}");
        assert!(text[from + head.len()..].starts_with(' '), "{scope}");
        // Short scopes are whole.
        let c = claim("The deal could include Oracle, people said.").unwrap();
        assert_eq!(c.cues[0].scope, "could include Oracle");
    }

    #[test]
    fn plain_fact_is_not_speculative_and_may_the_month_is_not_a_cue() {
        let c = claim("Microsoft has invested $13 billion in OpenAI since 2019.").unwrap();
        assert!(!c.speculative, "{:?}", c.cues);
        let c = claim("Microsoft signed the amended agreement with OpenAI in May 2026.").unwrap();
        assert!(!c.speculative, "{:?}", c.cues);
        let c = claim("Microsoft may sign the amended agreement with OpenAI next week.").unwrap();
        assert!(c.speculative);
    }

    #[test]
    fn attribution_sources() {
        let a = |t: &str| {
            claim(t)
                .and_then(|c| c.attribution)
                .map(|a| (a.source, a.cue))
        };
        assert_eq!(
            a("Reuters reported that the renegotiated pact ends Microsoft's exclusive right to sell OpenAI's models."),
            Some(("Reuters".into(), "reported".into()))
        );
        // A leading day, month or preposition is not part of the source.
        assert_eq!(
            a("On Tuesday Microsoft said that it has now invested $13 billion in OpenAI."),
            Some(("Microsoft".into(), "said".into()))
        );
        assert_eq!(
            a("In March The Information reported that OpenAI had talked to Oracle."),
            Some(("The Information".into(), "reported".into()))
        );
        assert_eq!(
            a("May said that Microsoft paid $2 billion for the stake."),
            Some(("May".into(), "said".into()))
        );
        assert_eq!(
            a("AP also reported that Jassy described the announcement as very interesting for Amazon."),
            Some(("AP".into(), "reported".into()))
        );
        assert_eq!(
            a("By demonstrating that OpenAI is free to court Amazon, they undermine the argument, noted a senior industry analyst."),
            Some(("a senior industry analyst".into(), "noted".into()))
        );
        assert_eq!(
            a("Microsoft remains OpenAI's primary cloud partner for the coming years."),
            None
        );
    }

    #[test]
    fn slot_frames_name_what_the_number_measures() {
        let c = claim("Microsoft will receive a guaranteed 20 percent cut of OpenAI's revenue until 2030, though the total is now subject to an undisclosed cap.").unwrap();
        let pct = c
            .quantities
            .iter()
            .position(|q| q.quantity.kind == QuantityKind::Percent)
            .unwrap();
        let frame = &c.slots[pct].frame;
        assert!(
            frame.contains("cut") && frame.contains("revenu"),
            "{frame:?}"
        );
        assert!(
            c.slots[pct].clause.contains("a share cut"),
            "{}",
            c.slots[pct].clause
        );
        assert!(
            !c.slots[pct].clause.contains("undisclosed"),
            "clause should stop at ', though'"
        );
    }

    /// Regression (FUZZING.md): many quantities in one clause. Each slot still sees the
    /// clause's content words (found once per clause now, not once per quantity) and
    /// its masked neighbours.
    #[test]
    fn every_quantity_of_a_crowded_clause_gets_its_slot() {
        let amounts: Vec<String> = (1..=400).map(|i| format!("${i}")).collect();
        let text = format!("Microsoft paid {} for licenses.", amounts.join(", "));
        let c = claim(&text).unwrap();
        assert_eq!(c.slots.len(), 400);
        for (q, slot) in c.quantities.iter().zip(&c.slots) {
            let frame: Vec<&str> = slot.frame.iter().map(String::as_str).collect();
            assert_eq!(frame, ["licens", "paid"], "{}", q.quantity.text);
            assert!(slot.clause.contains("an amount"), "{}", slot.clause);
            assert!(
                !slot.clause.contains(|c: char| c.is_ascii_digit()),
                "{}",
                slot.clause
            );
            // SLOT_WINDOW words either side, each amount masked as two words.
            let words = slot.clause.split_whitespace().count();
            assert!(
                words <= 2 * (2 * SLOT_WINDOW + 1),
                "{words}: {}",
                slot.clause
            );
        }
    }

    /// Regression (fuzz crash, FUZZING.md): a count whose unit ends in a hyphen
    /// ("300 full-") ends past the clause break that hyphen starts ("- and"); its slot
    /// sliced the clause backwards and panicked.
    #[test]
    fn a_quantity_across_a_clause_break_gets_a_slot() {
        let c =
            claim("The company hired 300 full- and part-time workers in Ohio last year.").unwrap();
        assert_eq!(c.slots.len(), c.quantities.len());
        let q = c
            .quantities
            .iter()
            .position(|q| q.quantity.text.starts_with("300"));
        let slot = &c.slots[q.expect("the count is found")];
        assert!(slot.clause.contains("hired a number"), "{}", slot.clause);
    }

    /// Regression (fuzz crash, FUZZING.md): the word window around a quantity began
    /// one byte after the whitespace that bounds it, inside that whitespace when it is
    /// wider than a byte, and panicked. Ingest folds such spaces to ' ' or line breaks
    /// (U+2029 only since this bug), so the test gives them to extraction directly.
    #[test]
    fn a_slot_window_bounded_by_wide_whitespace_is_sliced_on_char_boundaries() {
        for space in ['\u{a0}', '\u{2029}', '\u{3000}'] {
            let text = format!(
                "On Tuesday Microsoft{space}said that it has now invested $13 billion in OpenAI."
            );
            let c = claim(&text).expect("a claim");
            let q = c
                .quantities
                .iter()
                .position(|q| q.quantity.kind == QuantityKind::Money)
                .expect("the amount is found");
            let clause = &c.slots[q].clause;
            assert!(
                clause.starts_with("said that it has now invested an amount"),
                "{space:?}: {clause}"
            );
        }
    }

    #[test]
    fn negated_payment_frame() {
        let c = claim("Microsoft will no longer pay a revenue share to OpenAI, while OpenAI will continue making revenue share payments to Microsoft through 2030.").unwrap();
        assert_eq!(
            c.frames[0],
            Frame {
                subject: "microsoft".into(),
                predicate: "pay".into(),
                object: Some("openai".into()),
                negated: true
            }
        );
        assert_eq!(c.frames[1].subject, "openai");
        assert!(!c.frames[1].negated);
    }

    #[test]
    fn nominal_payment_subject_is_the_nearest_entity() {
        let c = claim("Microsoft's announcement says OpenAI's revenue share payments to Microsoft continue through 2030.").unwrap();
        assert_eq!(c.frames[0].subject, "openai");
        assert_eq!(c.frames[0].object.as_deref(), Some("microsoft"));
    }

    #[test]
    fn exclusivity_asserted_and_denied() {
        let yes =
            claim("Microsoft keeps an exclusive license to OpenAI's models through 2032.").unwrap();
        let no = claim("Microsoft will continue to hold a license to OpenAI intellectual property through 2032, but that license is now non-exclusive.").unwrap();
        let past = claim("The exclusive licensing arrangement was always viewed as the crown jewel of the Microsoft relationship.").unwrap();
        let ex = |c: &Claim| {
            c.frames
                .iter()
                .filter(|f| f.subject.is_empty())
                .map(|f| (f.object.clone().unwrap_or_default(), f.negated))
                .collect::<Vec<_>>()
        };
        assert_eq!(ex(&yes), [("licens".to_string(), false)]);
        assert_eq!(ex(&no), [("licens".to_string(), true)]);
        assert!(ex(&past).is_empty());
    }

    #[test]
    fn headings_questions_and_short_lines_are_not_claims() {
        assert!(claim("Microsoft OpenAI").is_none());
        assert!(claim("Will Microsoft invest another $10 billion in OpenAI?").is_none());
        assert!(
            claim("It is a sophisticated diplomatic maneuver for everyone involved.").is_none()
        );
    }
}
