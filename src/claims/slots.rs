//! Clauses and slots: a sentence's clauses, and per quantity the [`Slot`] that says
//! what it measures (the content words near it, and its clause with numbers masked).

use std::sync::LazyLock;

use regex::Regex;

use super::Slot;
use crate::entities::Entity;
use crate::quantities::{Quantity, QuantityKind};
use crate::text::lexicon::{content_stem, words};

static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        ;\s* | \s-\s | -\s(?:[a-z]) |
        ,\s+(?:while|but|though|although|whereas|which|yet|so|giving|helping|ensuring|making|allowing|leaving|meaning)\b",
    )
    .expect("clause regex")
});

/// Clause spans (start, end) relative to `text`.
pub(super) fn clauses(text: &str) -> Vec<(usize, usize)> {
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

/// Content words within this many positions of a quantity define its frame.
const FRAME_WINDOW: usize = 6;
/// Words either side of a quantity that are embedded to compare slots.
const SLOT_WINDOW: usize = 6;

/// A slot per quantity (`quantities` sorted and disjoint, as
/// [`crate::quantities::parse`] gives them). Each clause's content words are found
/// once, whatever the number of quantities in it: per quantity, a sentence of 1,365
/// "$1"s took 0.8 s (docs/FUZZING.md).
pub(super) fn slots(
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
    // The sentence's words and measure phrases, read once for all its quantities.
    let sentence = super::measures::Sentence::new(text);
    let periods = super::measures::periods(&sentence);
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
            let mut slot = slot_for(text, clause, q, quantities, &content);
            let mut measure_start = None;
            if let Some((m, head, qualifiers, start)) = super::measures::measure_of(&sentence, q) {
                measure_start = Some(start);
                slot.qualifiers = qualifiers;
                // The embedded text names what is measured, when its window does not.
                if !slot.clause.to_lowercase().contains(&head.to_lowercase()) {
                    slot.clause = format!("{head}: {}", slot.clause);
                }
                slot.measure = Some(m.to_string());
            }
            slot.role = super::measures::role(&sentence, q, quantities);
            slot.falls = slot.role == super::measures::Role::Change
                && super::measures::falls(&sentence, q, quantities);
            slot.holder = super::measures::holder(text, q, measure_start, entities);
            slot.payment = super::measures::payment(&sentence, q, entities);
            slot.years = super::measures::years(q, quantities, clause);
            slot.days = super::measures::days(text, q, slot.measure.as_deref(), quantities, clause);
            // A market figure whose clause names no day is as of the sentence's ("Nvidia
            // on Wednesday forecast ..., and the stock fell nearly 7% in extended trading").
            if slot.days.is_empty() {
                slot.days = super::measures::days(
                    text,
                    q,
                    slot.measure.as_deref(),
                    quantities,
                    (0, text.len()),
                );
            }
            slot.periods = super::measures::period_of(q, &periods);
            slot
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
            QuantityKind::Time => "a time",
            QuantityKind::Weekday => "a day",
            QuantityKind::Duration => "a length of time",
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
        measure: None,
        role: Default::default(),
        falls: false,
        payment: None,
        holder: None,
        years: Vec::new(),
        days: Vec::new(),
        periods: Vec::new(),
        qualifiers: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::tests::claim;

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

    /// Regression (docs/FUZZING.md): many quantities in one clause. Each slot still sees the
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

    /// Regression (fuzz crash, docs/FUZZING.md): a count whose unit ends in a hyphen
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

    /// Regression (fuzz crash, docs/FUZZING.md): the word window around a quantity began
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
}
