//! Speculation cues: the hedge and rumor markers of a sentence, each with its kind,
//! the words it governs (quoted in reports) and the span of the sentence it hedges
//! (which of the sentence's quantities are stated as uncertain).
//!
//! The lexicon follows the CoNLL-2010 shared task's notion of uncertainty cues
//! (Farkas et al. 2010: modal auxiliaries, epistemic verbs, adverbs and adjectives,
//! "whether", conditionals) and news attribution practice: a claim resting on an
//! unnamed source ("people familiar with the matter", "an insider said", "the people
//! said", "who asked not to be named") is not vouched for by the outlet. Each kind
//! has a regex of its own (linear-time, ASCII word boundaries, as the quantities
//! stage does) and the exceptions that make a cue word factual in context:
//! "could not be reached", "would not comment", "said it would" (reported "will"),
//! "than expected" and "beat estimates" (a comparison with a forecast is a fact),
//! "no plans to", "as planned", "as soon as possible".
//!
//! Scope, for quantities: a modal, an epistemic verb, an adverb or a plan hedges its
//! whole clause ("Profit fell 8%, which could force 500 job cuts": the 500, not the
//! 8%); an attributive adjective or a rumor noun hedges what follows it in its clause
//! ("the rumored $2 billion offer"); anonymous sourcing hedges the whole sentence.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::quantities::Quantity;

/// What sort of hedge a cue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    /// A modal of possibility or a conditional: may, might, could, would.
    Modal,
    /// A modal or evidential adverb: reportedly, allegedly, possibly, probably, likely.
    Adverb,
    /// An attributive adjective: rumored, alleged, potential, possible, would-be.
    Adjective,
    /// An epistemic verb or passive: is thought to, is understood to, appears to,
    /// suggests, believes.
    Epistemic,
    /// An expectation or forecast: is expected to, is set to, analysts expect.
    Expectation,
    /// A plan, proposal or negotiation not yet done: plans to, proposed, weighing,
    /// in talks, under consideration.
    Plan,
    /// Rumor and talk: rumors, speculation, talk of.
    Rumor,
    /// Stated uncertainty: unclear, uncertain, whether, remains to be seen.
    Uncertainty,
    /// An unnamed source: people familiar with the matter, an insider, the people said.
    Anonymous,
}

impl CueKind {
    /// How far the cue reaches over its sentence.
    fn reach(self) -> Reach {
        match self {
            CueKind::Anonymous => Reach::Sentence,
            CueKind::Adjective | CueKind::Rumor => Reach::Forward,
            _ => Reach::Clause,
        }
    }
}

#[derive(Clone, Copy)]
enum Reach {
    /// The whole clause the cue stands in, its subject included.
    Clause,
    /// From the cue to the end of its clause.
    Forward,
    /// The whole sentence.
    Sentence,
}

/// One regex a kind. Word boundaries are ASCII (`(?-u:\b)`) so the regex crate keeps
/// its DFA on text with non-ASCII characters (see the quantities stage).
fn lexicon(kind: CueKind) -> &'static Regex {
    static MODAL: LazyLock<Regex> = LazyLock::new(|| cue_regex(r"(?i:could|might|would)|may"));
    static ADVERB: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:reportedly|allegedly|purportedly|supposedly|apparently|seemingly|possibly|probably|perhaps|maybe|likely|unlikely|presumably|conceivably|ostensibly|potentially|tentatively)",
        )
    });
    static ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:rumou?red|alleged|purported|unconfirmed|would-be|prospective|possible|potential|probable|proposed|planned|mooted|touted|unverified|plausible|conceivable|doubtful|(?:the|a|an|its|their|his|her|'s)\s+reported)",
        )
    });
    static EPISTEMIC: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:(?:is|are|was|were|be|been|being)\s+(?:widely\s+|also\s+|now\s+)?(?:thought|understood|believed|said|reported|rumou?red|alleged|estimated|seen|tipped|considered\s+likely)\s+to|appears?\s+to|appeared\s+to|seems?\s+to|seemed\s+to|suggests?|suggested|suggesting|(?:we|i)\s+(?:(?:still|also|now)\s+)?(?:believe|think|suspect|expect|doubt|reckon|estimate)|doubts?|assumes?|assuming|estimates?\s+that|indicat(?:es|ed|ing)\s+that|signal(?:s|ed|led)?\s+that|hinted|hints?\s+(?:at|that))",
        )
    });
    static EXPECTATION: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:(?:is|are|was|were|be|been)\s+(?:widely\s+|also\s+|now\s+|still\s+)?expected\s+to|expects?|expected|expecting|anticipates?|anticipated|anticipating|predicts?|predicted|(?:analysts?|economists?|investors|traders|strategists|markets?|wall\s+street|the\s+street|consensus)\s+(?:had\s+|have\s+|now\s+)?(?:been\s+)?(?:forecast|forecasts|forecasting|project|projects|projecting|estimate|estimates|estimating|see|sees|reckon)|(?:is|are|was|were|be|been|seem|seems|looks?)\s+(?:now\s+)?(?:set|poised|slated|on\s+track|due|primed|tipped)\s+(?:to|for)|(?:deal|plan|sale|merger|offer|vote|ruling|decision|round|listing|transaction)\s+(?:set|slated|due)\s+to|(?:is|are|was|were)\s+(?:widely\s+)?(?:tipped|favou?red)\s+to)",
        )
    });
    static PLAN: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:plans?\s+to|planning\s+to|proposes?|proposing|intends?\s+to|intending\s+to|intention\s+to|aims?\s+to|aiming\s+to|hopes?\s+to|hoping\s+to|seeks?\s+to|seeking\s+to|looking\s+to|wants?\s+to|(?:is|are|was|were|been|be|'s|'re)\s+(?:(?:now|still|also|reportedly|actively|quietly|already|even)\s+)?(?:planning|seeking|considering|weighing|exploring|mulling|eyeing|contemplating|evaluating|negotiating|discussing|studying|pursuing|preparing)|weighs|explores|mulls|eyes\s+a|contemplates|under\s+(?:consideration|discussion|review|negotiation)|on\s+the\s+table|(?:in|into|entered|entering|holding|held|advanced|early|late-stage|exclusive|ongoing|preliminary|renewed)\s+(?:talks|discussions|negotiations)|(?:talks|discussions|negotiations)\s+(?:with|to|on|over|about|are|were|continue)|in\s+the\s+works)",
        )
    });
    static RUMOR: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:rumou?rs?|speculation|speculat(?:e|es|ed|ing)|talk\s+(?:of|that|in|among|about)|there\s+(?:is|was|has\s+been|had\s+been)\s+(?:also\s+|already\s+|some\s+|much\s+)?talk|chatter|buzz|whispers?|whisper\s+numbers?|gossip|conjecture|word\s+(?:on\s+the\s+street|is\s+that|has\s+it))",
        )
    });
    static UNCERTAINTY: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:unclear|uncertain|not\s+(?:yet\s+)?(?:clear|known|certain|final|settled|decided)|remains?\s+to\s+be\s+seen|open\s+question|no\s+guarantee)",
        )
    });
    static ANONYMOUS: LazyLock<Regex> = LazyLock::new(|| {
        cue_regex(
            r"(?i:(?:people|persons?|sources?|individuals?|executives?|officials?|bankers?|employees?|someone|insiders?)\s+(?:who\s+(?:are|is|was|were)\s+)?(?:familiar|briefed|close|with\s+(?:direct\s+)?knowledge|involved|knowledgeable|aware|in\s+the\s+know|privy)(?:\s+(?:with|on|to|of)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?)?|according\s+to\s+(?:a|one|two|three|four|five|several|multiple|some|unnamed|anonymous)\s+(?:[a-z-]+\s+)?(?:people|persons?|sources?|insiders?|officials?|executives?|bankers?|employees?|staffers?|individuals)|(?:an?|one|two|three|several|multiple)\s+(?:senior\s+|company\s+|industry\s+|former\s+|internal\s+|government\s+)?(?:insiders?|sources?)\s+(?:said|say|says|told|familiar|close|with|at|inside|within|in|on|who|involved)|insiders|(?:unnamed|anonymous|unidentified)\s+(?:[a-z]+\s+)?(?:sources?|people|persons?|officials?|executives?|insiders?)|(?:the|these|those|two|three|both)\s+(?:people|persons?|sources?)\s+(?:said|say|says|added|told)|(?:the|a)\s+person\s+(?:said|says|added|told)|sources?\s+(?:said|say|says|told|suggest|indicated?)|(?:asked|requested|wished|declined)\s+not\s+to\s+be\s+(?:named|identified)|(?:speaking|spoke|spoken)\s+(?:on|under)\s+(?:the\s+)?condition\s+of\s+anonymity|on\s+condition\s+of\s+anonymity|(?:was|were|is|are)\s+not\s+authori[sz]ed\s+to\s+(?:speak|discuss|comment)|declined\s+to\s+be\s+(?:named|identified)|(?:did\s+not|didn't|does\s+not|doesn't)\s+want\s+to\s+be\s+(?:named|identified)|(?:several|some|many|a\s+few|two|three|four|other)\s+(?:[a-z-]+\s+)?(?:analysts|managers|investors|traders|bankers|executives|officials|lawyers|employees|staffers|insiders)\s+(?:said|say|says|told)|requested\s+anonymity|(?:said|told)\s+(?:a|one)\s+(?:person|source|insider))",
        )
    });
    match kind {
        CueKind::Modal => &MODAL,
        CueKind::Adverb => &ADVERB,
        CueKind::Adjective => &ADJECTIVE,
        CueKind::Epistemic => &EPISTEMIC,
        CueKind::Expectation => &EXPECTATION,
        CueKind::Plan => &PLAN,
        CueKind::Rumor => &RUMOR,
        CueKind::Uncertainty => &UNCERTAINTY,
        CueKind::Anonymous => &ANONYMOUS,
    }
}

fn cue_regex(body: &str) -> Regex {
    RegexBuilder::new(&format!(r"(?-u:\b)(?:{body})(?-u:\b)"))
        .dfa_size_limit(8 << 20)
        .build()
        .expect("cue regex")
}

const KINDS: [CueKind; 9] = [
    CueKind::Anonymous,
    CueKind::Epistemic,
    CueKind::Expectation,
    CueKind::Plan,
    CueKind::Uncertainty,
    CueKind::Rumor,
    CueKind::Adverb,
    CueKind::Adjective,
    CueKind::Modal,
];

/// Ends a cue's quoted scope: clause punctuation or a spaced dash.
static SCOPE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;:.!?()]|\s-\s").expect("scope regex"));

/// Ends a clause for a cue's reach over quantities: a semicolon, colon or dash, a
/// comma opening a new clause or an apposition ("..., which could", "..., but", "...,
/// a bet that could"), or a conjoined or relative predicate with its own modal or
/// verb of saying ("... and would oblige", "a raise that would value"). Parentheses
/// do not end one: "US$32.5bn (£24.6bn)" is one figure twice.
static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)[;:]|\s[-\x{2013}\x{2014}]\s|\x{2014}|,\s+(?-u:\b)(?:which|who|while|whereas|but|although|though|even\s+as|as|after|before|and|since|when|with|adding|saying|citing|according|an?|in\s+a|compared|up|down|so|yet|meaning|leaving|bringing|taking|giving|the\s+company|the\s+firm|the\s+group|it|he|she|they)(?-u:\b)|\s+but\s+|\s+(?:and|or)\s+(?:would|could|may|might|said|says|added|told|noted|warned|estimates|expects|believes|thinks)(?-u:\b)|\s+(?:that|which)\s+(?:would|could|may|might)(?-u:\b)",
    )
    .expect("clause regex")
});

/// A cue found in a sentence; offsets are relative to the sentence text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Found {
    /// The cue's span.
    pub start: usize,
    /// Just past the cue.
    pub end: usize,
    /// Where the quoted scope ends.
    pub scope_end: usize,
    /// What sort of hedge it is.
    pub kind: CueKind,
    /// The span of the sentence the cue hedges.
    pub hedges: (usize, usize),
}

/// The words before `at` in `text`, nearest first, lowercased (at most `n`).
fn words_before(text: &str, at: usize, n: usize) -> Vec<String> {
    text[..at]
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(str::to_lowercase)
        .collect()
}

/// The words after `at` in `text`, nearest first, lowercased (at most `n`).
fn words_after(text: &str, at: usize, n: usize) -> Vec<String> {
    text[at..]
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_lowercase)
        .collect()
}

/// Comparison with a forecast: "than expected", "beat estimates", "in line with
/// forecasts" state a result, not an expectation.
const COMPARISON: &[&str] = &[
    "than",
    "as",
    "beat",
    "beats",
    "beating",
    "topped",
    "topping",
    "tops",
    "missed",
    "missing",
    "misses",
    "exceeded",
    "exceeding",
    "exceeds",
    "surpassed",
    "surpassing",
    "above",
    "below",
    "ahead",
    "short",
    "with",
    "matched",
    "met",
    "outpaced",
    "trailed",
    "what",
    "versus",
    "vs",
    "of",
    "against",
];

/// Whether the cue word at `start..end` is factual in its context.
fn factual(text: &str, start: usize, end: usize, kind: CueKind, clause_from: usize) -> bool {
    let word = text[start..end].to_lowercase();
    let before = words_before(text, start, 7);
    let after = words_after(text, end, 3);
    let prev = before.first().map(String::as_str);
    let next = after.first().map(String::as_str);
    // A modal or rumor inside what a source would not say or address states no
    // possibility of the outlet's own: "did not say which sites would bear the
    // brunt", "declined to comment on the speculation".
    let clause = &text[clause_from.min(start)..start];
    let unsaid = || NOT_SAID.is_match(clause);
    match kind {
        CueKind::Modal => {
            // "May" capitalized mid-sentence is a month or a name.
            if &text[start..end] == "May" && start > 0 {
                return true;
            }
            let negated = matches!(next, Some("not" | "n't")) || text[end..].starts_with("n't");
            if word == "could" && negated {
                // "could not be reached", "could not confirm": a fact about the asking.
                return true;
            }
            if word == "would"
                && negated
                && after.iter().skip(1).any(|w| {
                    matches!(
                        w.as_str(),
                        "comment"
                            | "say"
                            | "disclose"
                            | "confirm"
                            | "elaborate"
                            | "discuss"
                            | "provide"
                            | "specify"
                            | "identify"
                            | "name"
                            | "give"
                            | "reveal"
                    )
                })
            {
                return true;
            }
            // "would eventually produce", "would later become", "would go on to":
            // the future of a past narrative, which happened.
            if word == "would" && matches!(next, Some("eventually" | "later" | "go")) {
                return true;
            }
            unsaid()
        }
        CueKind::Expectation | CueKind::Epistemic => {
            // "than expected", "weaker-than-expected", "beat forecasts", "well short of
            // the 10 cents analysts had expected": a result set against a forecast.
            prev.is_some_and(|p| COMPARISON.contains(&p))
                || before
                    .iter()
                    .take(8)
                    .any(|w| STRONG_COMPARISON.contains(&w.as_str()))
                || unsaid()
        }
        CueKind::Plan => {
            // "no plans to", "has no intention to"; "a plan to", "its plan to": an
            // announced plan is a fact, planning it ("plans to", "is planning") is not
            // done yet.
            prev.is_some_and(|p| {
                matches!(
                    p,
                    "no" | "not"
                        | "never"
                        | "a"
                        | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "this"
                        | "that"
                        | "new"
                        | "restructuring"
                        | "cost-cutting"
                )
            }) || before.get(1).is_some_and(|p| p == "no")
                || unsaid()
        }
        CueKind::Adjective => {
            // "as soon as possible", "where possible", "as planned", "than planned";
            // "the best possible".
            prev.is_some_and(|p| matches!(p, "as" | "than" | "where" | "if" | "whenever" | "best"))
        }
        CueKind::Rumor => {
            unsaid()
                || before
                    .iter()
                    .take(4)
                    .any(|w| w == "denied" || w == "dismissed")
        }
        CueKind::Uncertainty | CueKind::Adverb | CueKind::Anonymous => false,
    }
}

/// A source declining to say or address something: what follows in its clause is
/// what was not said.
static NOT_SAID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:did\s+not|didn't|would\s+not|wouldn't|has\s+not|hasn't|have\s+not|declined\s+to|refused\s+to|not)\s+(?:immediately\s+)?(?:say|said|disclose|disclosed|specify|specified|detail|comment|respond|confirm|address|elaborate|reveal|indicate)(?-u:\b)",
    )
    .expect("not-said regex")
});

/// Words that set a result against a forecast anywhere shortly before the cue.
const STRONG_COMPARISON: &[&str] = &[
    "than",
    "beat",
    "beats",
    "beating",
    "topped",
    "topping",
    "missed",
    "missing",
    "misses",
    "exceeded",
    "exceeding",
    "surpassed",
    "short",
    "above",
    "below",
    "ahead",
    "outpaced",
    "versus",
    "vs",
    "trailed",
    "against",
];

/// The speculation cues of a sentence, in text order, without overlaps (a longer cue
/// of another kind wins: "is expected to" over "expected"). A cue inside a quantity
/// ("May 2026") is part of the quantity. Each cue's quoted scope ends at the first
/// [`SCOPE_END`] after it, or at the end of the text.
pub(super) fn find_cues(text: &str, quantities: &[Quantity]) -> Vec<Found> {
    // Clause boundaries once for the sentence: each cue looks up its own by binary
    // search (a rescan per cue was quadratic on a run-on text).
    let bounds: Vec<(usize, usize)> = CLAUSE_END
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let clause_of = |at: usize| {
        let i = bounds.partition_point(|&(s, _)| s < at);
        let from = if i == 0 { 0 } else { bounds[i - 1].1 };
        let to = bounds.get(i).map_or(text.len(), |&(s, _)| s);
        (from.min(at), to.max(at))
    };
    let mut found: Vec<(usize, usize, CueKind)> = Vec::new();
    for kind in KINDS {
        for m in lexicon(kind).find_iter(text) {
            if quantities
                .iter()
                .any(|q| m.start() < q.end && q.start < m.end())
                || factual(text, m.start(), m.end(), kind, clause_of(m.start()).0)
            {
                continue;
            }
            found.push((m.start(), m.end(), kind));
        }
    }
    // Longest first, then earliest; keep what does not overlap a kept cue.
    found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut kept: std::collections::BTreeMap<usize, (usize, CueKind)> = Default::default();
    for (s, e, k) in found {
        let overlaps = kept
            .range(..e)
            .next_back()
            .is_some_and(|(_, &(ke, _))| ke > s);
        if !overlaps {
            kept.insert(s, (e, k));
        }
    }
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
    kept.into_iter()
        .map(|(start, (end, kind))| {
            let (cs, ce) = clause_of(start);
            let hedges = match kind.reach() {
                Reach::Sentence => (0, text.len()),
                Reach::Clause => (cs, ce),
                Reach::Forward => (start, ce),
            };
            Found {
                start,
                end,
                scope_end: scope_end(end),
                kind,
                hedges,
            }
        })
        .collect()
}

/// Whether the quantity spanning `start..end` lies within a cue's reach.
pub(super) fn hedged(cues: &[Found], start: usize, end: usize) -> bool {
    cues.iter().any(|c| c.hedges.0 < end && start < c.hedges.1)
}

/// Longest cue scope quoted in full, in bytes. A scope runs to the end of its
/// clause: in a long clause without punctuation each of many cues would quote nearly
/// all of it (a run-on text made a 282 MB report.json from 5 MB).
pub const MAX_SCOPE_BYTES: usize = 240;

/// The scope as reports quote it: trimmed, and past [`MAX_SCOPE_BYTES`] cut at the
/// last space before the limit with "…" appended.
pub(super) fn quote_scope(scope: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::tests::claim;

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

    /// Regression (docs/FUZZING.md): scope ends are found once, not per cue. Each cue of a
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
        for c in &cues {
            let expected = SCOPE_END
                .find(&text[c.end..])
                .map_or(text.len(), |m| c.end + m.start());
            assert_eq!(
                c.scope_end,
                expected,
                "cue {:?} at {}",
                &text[c.start..c.end],
                c.start
            );
        }
        assert_eq!(cues.last().map(|c| c.scope_end), Some(text.len()));
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
}

#[cfg(test)]
mod reading_tests {
    use super::CueKind;
    use crate::claims::tests::claim;

    fn cues(text: &str) -> Vec<(String, CueKind)> {
        claim(text)
            .map(|c| c.cues.into_iter().map(|c| (c.cue, c.kind)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn hedges_of_every_kind_are_read() {
        for (text, cue, kind) in [
            ("The chipmaker is thought to be weighing a sale of its Irish plant.", "is thought to", CueKind::Epistemic),
            ("Bank of America is understood to have advised ASML on the deal.", "is understood to", CueKind::Epistemic),
            ("The deal is expected to close in the third quarter.", "is expected to", CueKind::Expectation),
            ("Production is set to ramp in the fourth quarter.", "is set to", CueKind::Expectation),
            ("The regulator is weighing a fine of up to 10% of turnover.", "is weighing", CueKind::Plan),
            ("Mistral is in talks with several sovereign funds about a second close.", "in talks", CueKind::Plan),
            ("There is already talk in the trade that the politics, not antitrust, is the obstacle.", "There is already talk", CueKind::Rumor),
            ("The board reportedly rejected a $35-a-share offer from Cliffs.", "reportedly", CueKind::Adverb),
            ("The rumored $2 billion offer never materialized.", "rumored", CueKind::Adjective),
            ("It is unclear how many of the 15,000 roles are in Oregon.", "unclear", CueKind::Uncertainty),
            ("The purchase would give Nippon a foothold in the American market.", "would", CueKind::Modal),
            ("Intel will cut 15,000 jobs, according to two people familiar with the plans.", "according to two people", CueKind::Anonymous),
            ("One engineer, who asked not to be named, said support staff would go first.", "asked not to be named", CueKind::Anonymous),
            ("Income funds will keep selling, several portfolio managers said.", "several portfolio managers said", CueKind::Anonymous),
            ("We think the real number is probably higher than the headline figure.", "We think", CueKind::Epistemic),
        ] {
            let got = cues(text);
            assert!(got.contains(&(cue.to_string(), kind)), "{text}: {got:?}");
        }
    }

    #[test]
    fn cue_words_that_state_facts_are_not_hedges() {
        for text in [
            "TikTok could not be reached for comment on Friday evening.",
            "A spokesman would not comment on the size of the fine.",
            "Revenue of $30 billion was better than expected for the quarter.",
            "Adjusted profit of 2 cents a share was well short of the 10 cents analysts had expected.",
            "A weaker-than-expected jobs report deepened the rout on Friday.",
            "Shares rose after results beat estimates of 64 cents a share.",
            "The company said it has no plans to sell the Ohio site.",
            "The cuts are part of a plan to lower costs by $10 billion in 2025.",
            "The filing was made as planned on Tuesday morning.",
            "Intel did not say which sites would bear the brunt of the cuts.",
            "Intel declined to comment on the speculation when asked.",
            "The company would later become the largest chipmaker in the world.",
            "Nvidia projected revenue of $32.5 billion for the current quarter.",
            "U.S. Steel did not respond to questions about whether its plans will change.",
            "Microsoft signed the amended agreement with OpenAI in May 2026.",
        ] {
            assert!(cues(text).is_empty(), "{text}: {:?}", cues(text));
        }
    }

    fn hedged(text: &str) -> Vec<(String, bool)> {
        claim(text)
            .map(|c| {
                c.quantities
                    .into_iter()
                    .map(|q| (q.quantity.text, q.hedged))
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn each_quantity_is_hedged_only_within_its_cue_reach() {
        // A modal hedges its own clause, not the clause before it.
        assert_eq!(
            hedged("Profit fell 8% in the quarter, which could force 500 job cuts."),
            [("8%".to_string(), false), ("500 job".to_string(), true)]
        );
        // A relative clause with its own modal.
        let h = hedged("Bloomberg reported that Mistral was finalizing a €2 billion raise that would value it at $14 billion.");
        assert!(h.contains(&("€2 billion".to_string(), false)), "{h:?}");
        assert!(h.contains(&("$14 billion".to_string(), true)), "{h:?}");
        // A conversion in parentheses shares its figure's status.
        let h = hedged("The company expects revenue of US$32.5bn (£24.6bn) in its third quarter.");
        assert!(h.iter().all(|(_, hedged)| *hedged), "{h:?}");
        // Anonymous sourcing hedges the whole sentence.
        let h =
            hedged("Intel will cut 15,000 jobs by December, people familiar with the matter said.");
        assert!(
            !h.is_empty() && h.iter().all(|(_, hedged)| *hedged),
            "{h:?}"
        );
        // A plain statement hedges nothing.
        let h = hedged("Intel cut 15,000 jobs and suspended its dividend in August.");
        assert!(h.iter().all(|(_, hedged)| !*hedged), "{h:?}");
    }
}
