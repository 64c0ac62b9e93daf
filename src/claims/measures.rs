//! What a number measures, in which role, and whose it is: the parts of a [`Slot`]
//! that say whether two figures can be one fact.
//!
//! - **Measure**: the nearest measure noun ("revenue", "stake", "fine", "jobs"),
//!   folded to a group of synonyms ("sales" is revenue; "workforce", "staff" and
//!   "employees" are jobs); a count's own unit first ("15,000 jobs"), then the nearest
//!   measure word to its left in the sentence, then one just after it. Multi-word
//!   measures come before their parts ("enterprise value" is not "equity value").
//! - **Role**: what the figure is to that measure: the actual figure, a change of it
//!   ("rose 122%"), an earlier period's figure ("up from $13.5 billion a year
//!   earlier"), a forecast ("projected revenue of $32.5 billion") or someone's estimate
//!   ("the LSEG consensus of $28.70 billion"). The nearest marker wins.
//! - **Holder**: whose figure it is when the sentence says so with a possessive
//!   ("ASML's stake", "Cliffs' 43%").
//! - **Years**: the years its clause puts the figure in ("valued at €5.8 billion in
//!   June 2024").
//!
//! [`Slot`]: super::Slot

use serde::{Deserialize, Serialize};

use crate::entities::Entity;
use crate::quantities::{Quantity, QuantityKind};
use crate::text::lexicon::words;

/// What a figure is to what it measures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The figure itself, as reported.
    #[default]
    Actual,
    /// A change of it: "rose 122%", "cut by 20%".
    Change,
    /// An earlier period's figure: "up from $13.5 billion a year earlier".
    Prior,
    /// A forecast or target: "projected revenue of $32.5 billion".
    Forecast,
    /// Someone else's estimate: "analysts had expected", "the consensus of".
    Estimate,
    /// The tolerance of another figure: "plus or minus 2%". Never a fact of its own.
    Tolerance,
    /// The total a share is of: "15% of its 124,800 employees".
    Total,
    /// The day a source spoke ("Reuters reported on Tuesday"). Never a fact of its own.
    Reported,
}

/// Measure groups: the group's name, then its words and phrases (lowercase, words
/// separated by one space). Phrases are tried before single words.
const MEASURES: &[(&str, &[&str])] = &[
    (
        "enterprise value",
        &[
            "enterprise value",
            "including debt",
            "including assumed debt",
        ],
    ),
    ("equity value", &["equity value"]),
    (
        "market value",
        &[
            "market value",
            "market capitalization",
            "market capitalisation",
            "market cap",
            "stock market value",
        ],
    ),
    (
        "pre-money valuation",
        &[
            "pre-money",
            "pre money",
            "pre-money valuation",
            "pre money valuation",
        ],
    ),
    ("eps", &["eps", "earnings per share", "per-share earnings"]),
    (
        "margin",
        &["margin", "margins", "gross margin", "operating margin"],
    ),
    (
        "revenue",
        &["revenue", "revenues", "sales", "turnover", "top line"],
    ),
    ("loss", &["loss", "losses", "net loss"]),
    (
        "profit",
        &["profit", "profits", "net income", "earnings", "income"],
    ),
    (
        "valuation",
        &[
            "valuation",
            "valued",
            "valuing",
            "value it",
            "value the company",
            "values it",
            "values the company",
            "post-money",
            "worth",
            "value",
            "values",
        ],
    ),
    (
        "stake",
        &[
            "stake",
            "stakes",
            "shareholding",
            "holding",
            "owns",
            "owned",
            "ownership",
            "holds",
        ],
    ),
    ("premium", &["premium"]),
    (
        "fine",
        &["fine", "fines", "fined", "fining", "penalty", "penalties"],
    ),
    (
        "fee",
        &[
            "fee",
            "fees",
            "termination fee",
            "break fee",
            "breakup fee",
            "payment",
            "payments",
        ],
    ),
    ("dividend", &["dividend", "dividends"]),
    (
        "buyback",
        &[
            "buyback",
            "buybacks",
            "repurchase",
            "repurchases",
            "share repurchase",
        ],
    ),
    (
        "capex",
        &[
            "capex",
            "capital expenditure",
            "capital expenditures",
            "capital spending",
            "capital investment",
        ],
    ),
    (
        "jobs",
        &[
            "jobs",
            "job",
            "workforce",
            "employees",
            "employee",
            "staff",
            "workers",
            "positions",
            "headcount",
            "roles",
            "layoffs",
            "employs",
            "people",
        ],
    ),
    (
        "license",
        &[
            "license",
            "licence",
            "licenses",
            "licensing",
            "ip rights",
            "exclusivity",
        ],
    ),
    ("users", &["users", "customers", "subscribers", "accounts"]),
    (
        "funding",
        &[
            "round",
            "raise",
            "raised",
            "raising",
            "funding",
            "financing",
        ],
    ),
    (
        "investment",
        &[
            "investment",
            "invested",
            "invest",
            "invests",
            "injection",
            "injected",
            "sank",
            "poured",
            "pumped",
            "ploughed",
            "plowed",
        ],
    ),
    ("debt", &["debt", "borrowing", "borrowings", "bonds"]),
    ("cash", &["cash"]),
    ("price", &["price", "offer", "bid", "a share in cash"]),
    ("shares", &["shares", "stock", "share price", "stocks"]),
    (
        "deal",
        &[
            "deal",
            "acquisition",
            "takeover",
            "purchase",
            "merger",
            "transaction",
            "sale",
        ],
    ),
    ("capacity", &["capacity", "output", "production"]),
];

/// What a length of time measures: the pay, process, outage or term it is the length
/// of ("eight weeks' pay", "13 weeks of base pay", "a six-month sale process", "a
/// sale process that opened four months ago", "a five-year contract"). Read for
/// durations only, before [`MEASURES`]: "pay" or "term" next to an amount is no
/// measure of it.
const DURATION_MEASURES: &[(&str, &[&str])] = &[
    (
        "pay",
        &["pay", "salary", "wages", "severance", "compensation"],
    ),
    (
        "process",
        &[
            "process",
            "review",
            "inquiry",
            "investigation",
            "probe",
            "search",
            "auction",
        ],
    ),
    (
        "outage",
        &["outage", "disruption", "blackout", "downtime", "shutdown"],
    ),
    ("notice", &["notice"]),
    ("ban", &["ban", "suspension", "moratorium"]),
    (
        "term",
        &[
            "term",
            "contract",
            "lease",
            "agreement",
            "partnership",
            "extension",
        ],
    ),
];

/// A duration's measure from [`DURATION_MEASURES`]: the noun it qualifies ("a
/// six-month sale process"; "eight weeks' pay"; "13 weeks of base pay": up to four
/// words after it, not past a clause mark or another figure), else the nearest one
/// before it in the sentence ("The outage, first reported at 4am, left customers
/// without service for 12 hours"). A length of time measures nothing else: not the
/// valuation or the customers named near it.
fn duration_measure(s: &Sentence<'_>, q: &Quantity) -> Option<(&'static str, usize, usize)> {
    let ws = &s.words;
    let group = |w: &str| {
        DURATION_MEASURES
            .iter()
            .find(|(_, forms)| forms.contains(&w))
            .map(|(g, _)| *g)
    };
    let after = ws.partition_point(|w| w.0 < q.end);
    for w in ws.iter().skip(after).take(4) {
        let gap = s.text.get(q.end..w.0).unwrap_or_default();
        if gap.contains([',', ';', ':', '.']) || gap.chars().any(|c| c.is_ascii_digit()) {
            break;
        }
        if let Some(g) = group(&w.2) {
            return Some((g, w.0, w.1));
        }
    }
    let before = ws.partition_point(|w| w.1 <= q.start);
    ws[..before]
        .iter()
        .rev()
        .find_map(|w| group(&w.2).map(|g| (g, w.0, w.1)))
}

/// Verbs of spending that measure an investment only when they govern an amount.
const SPEND_VERBS: &[&str] = &[
    "invested", "invest", "invests", "injected", "sank", "poured", "pumped", "ploughed", "plowed",
];

/// Measures that may name one figure, read from different words ("a deal the
/// companies valued at $14.9 billion", "a transaction worth $14.9bn"; "a market value
/// of $3.16 trillion", "valued at more than $3 trillion"; "an all-cash bid of $55",
/// "$55 a share"). Two figures of related measures are one only when their values
/// are the same ([`crate::align::SlotMatch::loose`]).
pub(crate) const RELATED: &[(&str, &str)] = &[
    ("valuation", "market value"),
    ("valuation", "deal"),
    ("valuation", "enterprise value"),
    ("deal", "enterprise value"),
    ("deal", "funding"),
    // A round and an investor's part of it are two figures unless equal ("ASML
    // invested 1.3 billion euros", "a €2 billion round anchored by ASML").
    ("funding", "investment"),
    ("price", "shares"),
    ("price", "cash"),
    ("price", "deal"),
    // What an offer is worth and its price, said of one bid ("an offer worth about
    // $7.3 billion", "a $7.3 billion cash-and-stock proposal").
    ("valuation", "price"),
    ("valuation", "cash"),
];

/// Whether measures `a` and `b` are [`RELATED`].
pub(crate) fn related(a: &str, b: &str) -> bool {
    RELATED
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// Words that make a share a change (within two words before it), besides the
/// words that say it fell or rose ([`FALLS`], [`RISES`]).
const CHANGE_ALSO: &[&str] = &["by", "crept", "edged", "narrowed", "widened"];

fn is_change(w: &str) -> bool {
    is_fall(w) || is_rise(w) || CHANGE_ALSO.contains(&w)
}

/// Stems of a word list, so that every inflection counts ("dropping", "dropped").
fn stems(words: &[&str]) -> std::collections::HashSet<String> {
    words
        .iter()
        .map(|w| crate::text::lexicon::STEMMER.stem(w).into_owned())
        .collect()
}

static FALL_STEMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| stems(FALLS));
static RISE_STEMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| stems(RISES));

/// A word that says a figure fell, in any inflection ("fell", "dropping", "slides").
fn is_fall(w: &str) -> bool {
    FALLS.contains(&w)
        || w.len() > 4 && FALL_STEMS.contains(crate::text::lexicon::STEMMER.stem(w).as_ref())
}

/// A word that says a figure rose, in any inflection.
fn is_rise(w: &str) -> bool {
    RISES.contains(&w)
        || w.len() > 4 && RISE_STEMS.contains(crate::text::lexicon::STEMMER.stem(w).as_ref())
}
/// Words after a figure that make it a change ("closed 26% higher", "5% down").
const AFTER_CHANGE: &[&str] = &["higher", "lower", "up", "down"];
/// Nouns that make the figure before them a change ("a 9% drop").
const CHANGE_NOUNS: &[&str] = &[
    "drop", "decline", "fall", "gain", "rise", "increase", "jump", "surge", "slump", "plunge",
    "rally", "slide", "decrease", "growth", "loss", "tumble", "dip",
];

/// Change words that say it fell (the rest say it rose, or nothing).
const FALLS: &[&str] = &[
    "down",
    "fell",
    "fall",
    "falls",
    "fallen",
    "dropped",
    "drop",
    "drops",
    "sank",
    "sink",
    "plunged",
    "plunge",
    "tumbled",
    "slid",
    "slide",
    "slipped",
    "dipped",
    "dip",
    "declined",
    "decline",
    "decreased",
    "decrease",
    "lost",
    "shed",
    "slumped",
    "tanked",
    "sagged",
    "eased",
    "retreated",
    "shrank",
    "cut",
    "trimmed",
    "lower",
    "loss",
    "slump",
    "plunge",
    "tumble",
];
/// Change words that say it rose.
const RISES: &[&str] = &[
    "up",
    "rose",
    "rise",
    "rises",
    "risen",
    "jumped",
    "jump",
    "jumps",
    "gained",
    "gain",
    "gains",
    "climbed",
    "climb",
    "soared",
    "surged",
    "increased",
    "increase",
    "grew",
    "grow",
    "growth",
    "added",
    "rocketed",
    "skyrocketed",
    "spiked",
    "rallied",
    "advanced",
    "leapt",
    "leaped",
    "higher",
    "doubled",
    "jump",
    "surge",
    "rally",
];

/// A sentence as the readers here see it: its words (lowercase, with byte spans),
/// and the longest measure phrase starting at each word, found once per sentence
/// whatever the number of its quantities.
pub(super) struct Sentence<'a> {
    text: &'a str,
    words: Vec<(usize, usize, String)>,
    phrases: Vec<Option<(&'static str, usize)>>,
}

impl<'a> Sentence<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let words: Vec<(usize, usize, String)> = words(text).collect();
        let phrases = (0..words.len())
            .map(|i| {
                // "accounts for 88% of revenue": a verb, not the users' accounts.
                if words[i].2 == "accounts" && words.get(i + 1).is_some_and(|w| w.2 == "for") {
                    return None;
                }
                // The longest phrase starting at word i.
                let mut best: Option<(&'static str, usize)> = None;
                for (group, forms) in MEASURES {
                    for form in forms.iter() {
                        let parts: Vec<&str> = form.split(' ').collect();
                        let fits = parts
                            .iter()
                            .enumerate()
                            .all(|(k, p)| words.get(i + k).is_some_and(|w| w.2 == *p));
                        if fits && best.is_none_or(|(_, n)| parts.len() > n) {
                            best = Some((group, parts.len()));
                        }
                    }
                }
                best
            })
            .collect::<Vec<Option<(&'static str, usize)>>>();
        // A word inside a longer phrase is that phrase's, not a measure of its own
        // ("value" in "enterprise value").
        let mut phrases = phrases;
        let mut i = 0;
        while i < phrases.len() {
            let n = phrases[i].map_or(1, |(_, n)| n);
            for k in i + 1..(i + n).min(phrases.len()) {
                phrases[k] = None;
            }
            i += n;
        }
        Sentence {
            text,
            words,
            phrases,
        }
    }

    /// The words between the quantity before `q` (or the sentence start) and `q`,
    /// nearest first; the words after `q` up to the next quantity, at most four.
    fn window(&self, q: &Quantity, all: &[Quantity]) -> (Vec<&str>, Vec<&str>) {
        let prev_end = all
            .iter()
            .filter(|x| x.end <= q.start)
            .map(|x| x.end)
            .max()
            .unwrap_or(0);
        let next_start = all
            .iter()
            .filter(|x| x.start >= q.end)
            .map(|x| x.start)
            .min()
            .unwrap_or(self.text.len());
        let before = self
            .words
            .iter()
            .filter(|w| w.0 >= prev_end && w.1 <= q.start)
            .map(|w| w.2.as_str())
            .rev()
            .collect();
        let after = self
            .words
            .iter()
            .filter(|w| w.0 >= q.end && w.1 <= next_start)
            .take(4)
            .map(|w| w.2.as_str())
            .collect();
        (before, after)
    }
}

/// Whether a change figure fell: the nearest change word before it (within two
/// words), else the one just after it ("a 9% drop"), says so.
pub(super) fn falls(s: &Sentence<'_>, q: &Quantity, all: &[Quantity]) -> bool {
    let (before, _) = s.window(q, all);
    let changing = |w: &&str| is_fall(w) || is_rise(w);
    let before = before.into_iter().take(2).find(changing);
    let after = || {
        s.words
            .iter()
            .find(|w| w.0 >= q.end)
            .map(|w| w.2.as_str())
            .filter(|w| CHANGE_NOUNS.contains(w) || AFTER_CHANGE.contains(w))
    };
    before.or_else(after).is_some_and(is_fall)
}

/// Words that make a figure an earlier period's (just before it, or after it).
const PRIOR_BEFORE: &[&str] = &["from", "versus", "vs", "compared"];
const PRIOR_AFTER: &[&str] = &["earlier", "ago", "previously", "before"];
const FORECAST: &[&str] = &[
    "forecast",
    "forecasts",
    "forecasting",
    "projected",
    "projects",
    "projecting",
    "outlook",
    "guidance",
    "guided",
    "guiding",
    "guides",
    "target",
    "targets",
    "targeting",
    "expects",
    "anticipates",
    "sees",
    "predicted",
    "predicts",
    "plans",
    "aims",
    "goal",
];
const ESTIMATE: &[&str] = &[
    "estimate",
    "estimates",
    "estimated",
    "consensus",
    "analysts",
    "analyst",
    "expected",
    "expectations",
    "whisper",
    "polled",
    "lseg",
    "factset",
    "visible",
];

/// The measure group of `q` in `text` (the sentence), if a measure word is near, and
/// the byte span of its phrase in `text`.
fn measure(s: &Sentence<'_>, q: &Quantity) -> Option<(&'static str, usize, usize)> {
    if q.kind == QuantityKind::Duration {
        return duration_measure(s, q);
    }
    let (text, ws) = (s.text, &s.words);
    let span = |i: usize, (g, n): (&'static str, usize)| {
        let end = ws.get(i + n - 1).map_or(text.len(), |w| w.1);
        (g, ws[i].0, end)
    };
    // Spending verbs measure an amount only ("sank $4bn into"), not a share move or
    // a year ("shares sank 26% ... lowest since 2013").
    let phrase_at =
        |i: usize| {
            s.phrases.get(i).copied().flatten().filter(|_| {
                q.kind == QuantityKind::Money || !SPEND_VERBS.contains(&ws[i].2.as_str())
            })
        };
    // A count's own unit ("15,000 jobs", "175 million users").
    if q.kind == QuantityKind::Count {
        for (i, w) in ws.iter().enumerate() {
            if w.0 >= q.start && w.1 <= q.end {
                if let Some(p) = phrase_at(i) {
                    return Some(span(i, p));
                }
            }
        }
    }
    // A share of something: "15% of its workforce", "a 20 percent cut of OpenAI's
    // revenue", "an 11% stake" (the share noun itself, else what follows "of").
    let after = ws.partition_point(|w| w.0 < q.end);
    if q.kind == QuantityKind::Percent {
        const SHARE_NOUNS: &[&str] = &["cut", "share", "slice", "portion", "piece", "part"];
        let mut i = after;
        if ws
            .get(i)
            .is_some_and(|w| SHARE_NOUNS.contains(&w.2.as_str()))
        {
            i += 1;
        } else if let Some(p) = phrase_at(i) {
            return Some(span(i, p));
        }
        if ws.get(i).is_some_and(|w| w.2 == "of") {
            if let Some(m) =
                (i + 1..(i + 5).min(ws.len())).find_map(|j| phrase_at(j).map(|p| span(j, p)))
            {
                return Some(m);
            }
        }
    }
    // The nearest to the left, then within four words to the right; but an amount
    // after a determiner modifies the noun after it ("a 1.7 billion euro Series C
    // round", "a $565 million fee", "its €2bn raise").
    let before = ws.partition_point(|w| w.1 <= q.start);
    let determined = before
        .checked_sub(1)
        .and_then(|i| ws.get(i))
        .is_some_and(|w| {
            matches!(
                w.2.as_str(),
                "a" | "an" | "the" | "its" | "their" | "his" | "her"
            )
        });
    if determined {
        if let Some(m) =
            (after..(after + 4).min(ws.len())).find_map(|i| phrase_at(i).map(|p| span(i, p)))
        {
            return Some(m);
        }
    }
    let left = (0..before)
        .rev()
        .find_map(|i| phrase_at(i).map(|p| (i, span(i, p))));
    let right =
        (after..(after + 4).min(ws.len())).find_map(|i| phrase_at(i).map(|p| (i, span(i, p))));
    // A measure right after the figure ("$14.9 billion including debt") beats one far
    // back in the sentence, past a clause mark or six words ("Shares of Nippon Steel
    // fell 4.7% to 3,085 yen on Tuesday, ... for $14.9 billion including debt").
    let far = |(i, _): &(usize, (&'static str, usize, usize))| {
        before - i > 6
            || text
                .get(ws[*i].1..q.start)
                .is_some_and(|gap| gap.contains([',', ';', ':']))
    };
    match (left, right) {
        (Some(l), Some((j, r))) if j <= after + 1 && far(&l) => Some(r),
        (Some((_, l)), _) => Some(l),
        (None, r) => r.map(|(_, r)| r),
    }
}

/// [`measure`], with earnings stated per share read as EPS ("earnings were $0.68 a
/// share").
/// Also the measure's head: its phrase with the two words before it ("data center
/// revenue", "GAAP diluted earnings"), which the slot's embedded text starts with when
/// its window leaves the measure out.
/// The measure's start (byte offset) comes last, for [`holder`].
pub(super) fn measure_of(
    s: &Sentence<'_>,
    q: &Quantity,
) -> Option<(&'static str, String, Vec<String>, usize)> {
    let text = s.text;
    let (m, start, end) = measure(s, q)?;
    let rest = text
        .get(q.end..)
        .unwrap_or_default()
        .trim_start()
        .to_lowercase();
    let per_share = rest.starts_with("a share") || rest.starts_with("per share");
    let lead = &s.words[..s.words.partition_point(|w| w.1 <= start)];
    let from = lead.len().saturating_sub(2);
    // Not across another quantity or a clause mark.
    let head_start = lead
        .get(from)
        .map(|w| w.0)
        .filter(|&s| {
            let gap = text.get(s..start).unwrap_or_default();
            !gap.contains([',', ';', ':', '.']) && !gap.chars().any(|c| c.is_ascii_digit())
        })
        // Nor into the figure itself ("eight weeks' pay": "weeks" is no qualifier;
        // "a six-month sale process": "sale" is).
        .map(|h| {
            if start >= q.end && h < q.end {
                s.words
                    .iter()
                    .map(|w| w.0)
                    .find(|&w| w >= q.end)
                    .map_or(start, |w| w.min(start))
            } else {
                h
            }
        })
        .unwrap_or(start);
    let head = text.get(head_start..end).unwrap_or_default().to_string();
    let quals = qualifiers(text.get(head_start..start).unwrap_or_default());
    Some((
        // A profit of a few dollars or cents is per share ("adjusted profit of 68 cents").
        if m == "profit" && (per_share || q.kind == QuantityKind::Money && q.value.abs() < 100.0) {
            "eps"
        } else {
            m
        },
        head,
        quals,
        start,
    ))
}

/// The role of `q` in `text`; `all` are the sentence's quantities, sorted.
pub(super) fn role(s: &Sentence<'_>, q: &Quantity, all: &[Quantity]) -> Role {
    let text = s.text;
    // The words since the previous quantity, nearest first, and those after it.
    let (before, after) = s.window(q, all);
    // "Reuters reported on Tuesday", "the companies said on Monday": the day a source
    // spoke, which two outlets need not share. Never a fact of its own.
    const SPOKE: &[&str] = &[
        "said",
        "says",
        "reported",
        "reports",
        "told",
        "wrote",
        "stated",
        "added",
        "noted",
        "confirmed",
    ];
    if matches!(
        q.kind,
        QuantityKind::Weekday | QuantityKind::Date | QuantityKind::Time
    ) && before.iter().take(3).any(|w| SPOKE.contains(w))
    {
        return Role::Reported;
    }
    // "15% of its 124,800 employees": the total a share is of.
    if before
        .first()
        .is_some_and(|w| matches!(*w, "its" | "their" | "the"))
        && before.get(1) == Some(&"of")
        || q.kind == QuantityKind::Count && before.first() == Some(&"of")
    {
        return Role::Total;
    }
    // "up from $13.5 billion" is the earlier figure; "rose 122%" a change.
    if before.first().is_some_and(|w| PRIOR_BEFORE.contains(w)) {
        return Role::Prior;
    }
    // "plus or minus 2%", "give or take 50 basis points": a tolerance, not a figure.
    let lead = text
        .get(..q.start)
        .unwrap_or_default()
        .trim_end()
        .to_lowercase();
    let sign = q.text.to_lowercase();
    if ["plus or minus", "give or take", "±", "+/-"]
        .iter()
        .any(|p| lead.ends_with(p))
        || lead.ends_with("plus or") && sign.starts_with("minus")
    {
        return Role::Tolerance;
    }
    // A share that rose or fell is a change ("rose 122%", "a sharp 9% drop"); an
    // amount or count after such a verb is what was cut or added ("cut 15,000 jobs",
    // "sank $4bn into").
    // "cut 15% of its staff" is a share of the staff, not a change.
    if q.kind == QuantityKind::Percent
        && after.first() != Some(&"of")
        && (before.iter().take(2).any(|w| is_change(w))
            || after
                .first()
                .is_some_and(|w| CHANGE_NOUNS.contains(w) || AFTER_CHANGE.contains(w)))
    {
        return Role::Change;
    }
    // (A length of time "ago" is the time elapsed, not an earlier figure.)
    if q.kind != QuantityKind::Duration && after.iter().any(|w| PRIOR_AFTER.contains(w)) {
        return Role::Prior;
    }
    // "against a $28.86B consensus", "beat the 64-cent estimate".
    if after.first().is_some_and(|w| ESTIMATE.contains(w)) {
        return Role::Estimate;
    }
    for w in &before {
        if ESTIMATE.contains(w) {
            return Role::Estimate;
        }
        if FORECAST.contains(w) {
            return Role::Forecast;
        }
    }
    Role::Actual
}

/// Whose figure `q` is, when a possessive entity says so: the entity followed by "'s"
/// (or "'") with at most two words between it and the quantity.
/// `measure_start` is where its measure phrase starts ([`measure_of`]).
pub(super) fn holder(
    text: &str,
    q: &Quantity,
    measure_start: Option<usize>,
    entities: &[Entity],
) -> Option<String> {
    // "U.S. Steel shares", "Nvidia's stock", "ASML's 11% stake": the entity right
    // before the measure phrase, or a possessive right before the quantity.
    let measure_start = measure_start.filter(|&s| s < q.start);
    let before = |at: usize, possessive_only: bool| {
        let e = entities
            .iter()
            .filter(|e| e.end <= at)
            .max_by_key(|e| e.end)?;
        let rest = text.get(e.end..at)?;
        let possessive = ["'s ", "’s ", "' ", "’ "]
            .iter()
            .any(|p| rest.starts_with(p));
        let gap = rest.split_whitespace().count();
        let adjacent = possessive && gap <= 3 || !possessive_only && gap == 0;
        adjacent.then(|| e.key.clone())
    };
    measure_start
        .and_then(|s| before(s, false))
        .or_else(|| before(q.start, true))
}

/// Who pays whom a sum, when the sentence says: (payer, payee) entity keys. "X will
/// pay Y", "X owes Y", "payable by X to Y", "X is on the hook for a payment to Y",
/// "Y would receive ... from X".
pub(super) fn payment(
    s: &Sentence<'_>,
    q: &Quantity,
    entities: &[Entity],
) -> Option<(String, String)> {
    if q.kind != QuantityKind::Money {
        return None;
    }
    let ws = &s.words;
    let entity_before = |at: usize| {
        entities
            .iter()
            .filter(|e| e.end <= at)
            .max_by_key(|e| e.end)
    };
    let entity_after = |at: usize, within: usize| {
        entities
            .iter()
            .filter(|e| e.start >= at && e.start <= at + within)
            .min_by_key(|e| e.start)
    };
    let word_after = |i: usize, w: &str| ws.get(i + 1).is_some_and(|x| x.2 == w);
    for (i, (ws_, we, w)) in ws.iter().enumerate() {
        let found = match w.as_str() {
            // "payable by X to Y", "owed by X to Y"
            "payable" | "owed" | "due" | "paid" if word_after(i, "by") => {
                let by = ws.get(i + 1).map_or(*we, |x| x.1);
                entity_after(by, 2).and_then(|x| {
                    let to = ws.iter().find(|t| t.0 >= x.end && t.2 == "to")?;
                    Some((x, entity_after(to.1, 2)?))
                })
            }
            // "X will pay Y", "X owes Y", "obliges X to pay Y"
            "pay" | "pays" | "paying" | "owes" | "owe" => {
                entity_before(*ws_).zip(entity_after(*we, 2))
            }
            // "a payment to Y", "a fee to Y"
            "payment" | "fee" | "compensation" if word_after(i, "to") => {
                let to = ws.get(i + 1).map_or(*we, |x| x.1);
                entity_before(*ws_).zip(entity_after(to, 2))
            }
            // "Y would receive ... from X"
            "receive" | "receives" | "receiving" | "received" => {
                let from = ws.iter().skip(i).find(|t| t.2 == "from");
                entity_before(*ws_)
                    .zip(from.and_then(|f| entity_after(f.1, 2)))
                    .map(|(payee, payer)| (payer, payee))
            }
            _ => None,
        };
        if let Some((payer, payee)) = found {
            if payer.key != payee.key {
                return Some((payer.key.clone(), payee.key.clone()));
            }
        }
    }
    None
}

/// Whether two entity keys name one party ("nippon steel", "nippon").
pub(crate) fn same_party(a: &str, b: &str) -> bool {
    a == b || a.split(' ').next() == b.split(' ').next()
}

/// The qualifiers of a measure ("data center" revenue, "adjusted" EPS), lowercase:
/// the words of its head before the measure phrase (`lead`), less those that only say
/// when or whose.
fn qualifiers(lead: &str) -> Vec<String> {
    const NOT: &[&str] = &[
        "the",
        "its",
        "their",
        "a",
        "an",
        "of",
        "in",
        "for",
        "and",
        "total",
        "overall",
        "quarterly",
        "quarter",
        "first",
        "second",
        "third",
        "fourth",
        "fiscal",
        "annual",
        "full",
        "year",
        "new",
        "company",
        "group",
        "firm",
        "all",
        "combined",
        "reported",
        "record",
        "early",
        "earlier",
        "initial",
        "latest",
        "fresh",
        "additional",
        "another",
        "further",
        "previous",
        "prior",
        "last",
        "current",
        "this",
        "that",
        "such",
        "its",
        "his",
        "her",
        "our",
        "total",
        "overall",
        "headline",
        "top",
        "whole",
        "entire",
        "global",
        "worldwide",
        "announced",
        "planned",
        "expected",
        "proposed",
        "while",
        "but",
        "with",
        "when",
        "which",
        "after",
        "before",
        "as",
        "so",
        "since",
        "against",
        "about",
        "around",
        "some",
        "roughly",
        // What the figure is in or of, not a kind of the measure ("euro fine", "cash
        // offer", "share buyback", "transaction value").
        "euro",
        "euros",
        "dollar",
        "dollars",
        "cash",
        "share",
        "shares",
        "stock",
        "transaction",
        "deal",
        "results",
        "next",
        "expects",
        "expect",
    ];
    // The words right before the measure that modify it ("data center revenue",
    // "GAAP diluted EPS"), nearest first; a determiner, a preposition or a name ends
    // the run ("carries a premium", "Intel's revenue").
    let ws: Vec<(usize, usize, String)> = words(lead).collect();
    let mut out = Vec::new();
    for w in ws.iter().rev() {
        let name = lead[w.0..w.1].starts_with(char::is_uppercase) && !BASES.contains(&w.2.as_str());
        let base = BASES.contains(&w.2.as_str());
        // A verb form is the clause's predicate, not a modifier ("results showing
        // revenue", "projected revenue", "signed contracts"), save a basis ("adjusted").
        const PARTICIPLES: &[&str] = &[
            "showing",
            "including",
            "excluding",
            "bringing",
            "putting",
            "taking",
            "leaving",
            "making",
            "giving",
            "closing",
            "opening",
            "pushing",
            "lifting",
            "raising",
            "cutting",
            "reaching",
            "topping",
            "beating",
            "missing",
            "totaling",
            "totalling",
            "lowering",
            "valuing",
            "boosting",
            "sending",
            "driving",
            "generating",
            "posting",
            "reporting",
            "forecasting",
            "seeing",
        ];
        let verb = !base && (w.2.ends_with("ed") || PARTICIPLES.contains(&w.2.as_str()));
        if name || verb || crate::text::lexicon::content_stem(&w.2).is_none() && !base {
            break;
        }
        if !NOT.contains(&w.2.as_str()) && !w.2.ends_with("quarter") {
            out.push(w.2.clone());
        }
    }
    out.reverse();
    out
}

/// Accounting bases: two figures on different bases are different facts, but one
/// without a stated basis may be either.
pub(crate) const BASES: &[&str] = &[
    "adjusted",
    "gaap",
    "non",
    "diluted",
    "basic",
    "net",
    "gross",
    "operating",
    "underlying",
    "core",
];

/// The stems of [`BASES`], for comparing stemmed qualifiers.
pub(crate) static BASE_STEMS: std::sync::LazyLock<std::collections::HashSet<String>> =
    std::sync::LazyLock::new(|| stems(BASES));

/// The years the quantity's clause `(cs, ce)` puts it in, from the other quantities
/// there (years, and dates that have one).
pub(super) fn years(q: &Quantity, all: &[Quantity], (cs, ce): (usize, usize)) -> Vec<i32> {
    let of = |within: &dyn Fn(&Quantity) -> bool| -> Vec<i32> {
        all.iter()
            .filter(|x| within(x) && (x.start, x.end) != (q.start, q.end))
            .filter_map(|x| match x.kind {
                QuantityKind::Year => Some(x.value as i32),
                QuantityKind::Date if x.value >= 10000.0 => Some((x.value / 10000.0) as i32),
                _ => None,
            })
            .collect()
    };
    // The clause's years, else the sentence's ("The 2025 decision differs from the
    // 2023 decision, which fined TikTok EUR 345 million").
    let mut out = of(&|x: &Quantity| x.start >= cs && x.end <= ce);
    if out.is_empty() && q.kind != QuantityKind::Year {
        out = of(&|_: &Quantity| true);
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The reporting periods a sentence names ("second quarter", "Q3", "first half",
/// "the June quarter"), lowercase and folded ("q2", "h1", "june quarter"), each with
/// the byte offset where it is named.
pub(super) fn periods(s: &Sentence<'_>) -> Vec<(usize, String)> {
    const ORD: &[(&str, &str)] = &[
        ("first", "1"),
        ("second", "2"),
        ("third", "3"),
        ("fourth", "4"),
    ];
    let month = |w: &str| {
        crate::text::lexicon::MONTHS_DAYS[..12]
            .iter()
            .any(|m| m.eq_ignore_ascii_case(w))
    };
    let ws: Vec<&str> = s.words.iter().map(|w| w.2.as_str()).collect();
    let mut out = Vec::new();
    for (i, &w) in ws.iter().enumerate() {
        let at = s.words[i].0;
        let next = ws.get(i + 1).copied();
        if let Some((_, n)) = ORD.iter().find(|(o, _)| *o == w) {
            match next {
                Some("quarter") => out.push((at, format!("q{n}"))),
                Some("half") if *n <= "2" => out.push((at, format!("h{n}"))),
                _ => {}
            }
        }
        if let Some(n) = w
            .strip_prefix('q')
            .filter(|n| matches!(*n, "1" | "2" | "3" | "4"))
        {
            out.push((at, format!("q{n}")));
        }
        if month(w) && next == Some("quarter") {
            out.push((at, format!("{w} quarter")));
        }
        // "the quarter ended in late June", "the quarter ending June 30".
        if w == "quarter" && matches!(next, Some("ended" | "ending" | "through" | "to")) {
            let named = ws.iter().skip(i + 2).take(3).find(|x| month(x));
            if let Some(m) = named {
                out.push((at, format!("{m} quarter")));
            }
        }
    }
    out
}

/// The period a figure is of: the one named nearest before it in the sentence, else
/// the nearest after it ("In the first quarter, revenue was $12.7 billion, but its
/// outlook for the June quarter ..."; "revenue of $30 billion in the second quarter").
pub(super) fn period_of(q: &Quantity, named: &[(usize, String)]) -> Vec<String> {
    let before = named.iter().any(|(at, _)| *at < q.start);
    let gap = |at: usize| {
        if at >= q.end {
            at - q.end
        } else {
            q.start.saturating_sub(at)
        }
    };
    let Some(best) = named
        .iter()
        .filter(|(at, _)| !before || *at < q.start)
        .map(|(at, _)| gap(*at))
        .min()
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = named
        .iter()
        .filter(|(at, _)| (!before || *at < q.start) && gap(*at) == best)
        .map(|(_, p)| p.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The days its clause puts a market figure on ("fell 6.4% on Thursday", "the Aug. 11
/// close"): weekdays as "wd<n>", dates as "--MM-DD", whatever the year.
pub(super) fn days(
    text: &str,
    q: &Quantity,
    measure: Option<&str>,
    all: &[Quantity],
    (cs, ce): (usize, usize),
) -> Vec<String> {
    // Market figures are as of a day; results are as of a period, whatever day they
    // are reported on.
    if !matches!(
        measure,
        Some("shares" | "price" | "market value" | "premium")
    ) {
        return Vec::new();
    }
    let months = &crate::text::lexicon::MONTHS_DAYS[..12];
    // Days and months in the clause, each with its span: a weekday ("wd1"), a date
    // ("--1215", and its month "m12"), a month named alone ("back in August", "m8").
    let mut marks: Vec<((usize, usize), Vec<String>)> = all
        .iter()
        .filter(|x| x.start >= cs && x.end <= ce && (x.start, x.end) != (q.start, q.end))
        .filter_map(|x| match x.kind {
            QuantityKind::Weekday => {
                Some(((x.start, x.end), vec![format!("wd{}", x.value as i64)]))
            }
            QuantityKind::Date => {
                let md = (x.value as i64) % 10000;
                Some((
                    (x.start, x.end),
                    vec![format!("--{md:04}"), format!("m{}", md / 100)],
                ))
            }
            _ => None,
        })
        .collect();
    let inside = |at: usize| all.iter().any(|x| x.start <= at && at < x.end);
    for (i, m) in months.iter().enumerate() {
        // "May" is a verb as often as a month: only after "in".
        for (at, _) in text.get(cs..ce).unwrap_or_default().match_indices(m) {
            let (s, e) = (cs + at, cs + at + m.len());
            let bounded = !text[..s].ends_with(char::is_alphanumeric)
                && !text[e..].starts_with(char::is_alphanumeric);
            if !bounded || inside(s) || *m == "May" && !text[..s].trim_end().ends_with(" in") {
                continue;
            }
            marks.push(((s, e), vec![format!("m{}", i + 1)]));
        }
    }
    // The mark nearest the figure, with one written beside it ("Friday, Dec. 15"):
    // "a premium of 43% to the Aug. 11 close, ... Nippon's 40% premium to the Dec. 15
    // close" puts each premium on its own day.
    let gap = |x: (usize, usize), y: (usize, usize)| {
        if x.1 <= y.0 {
            y.0 - x.1
        } else {
            x.0.saturating_sub(y.1)
        }
    };
    let Some(nearest) = marks
        .iter()
        .map(|m| m.0)
        .min_by_key(|&x| gap(x, (q.start, q.end)))
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = marks
        .into_iter()
        .filter(|(x, _)| *x == nearest || gap(*x, nearest) <= 3)
        .flat_map(|(_, tags)| tags)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use crate::claims::tests::claim;
    use crate::quantities::QuantityKind;

    use super::Role;

    fn slot_of<'a>(c: &'a crate::claims::Claim, text: &str) -> &'a crate::claims::Slot {
        let i = c
            .quantities
            .iter()
            .position(|q| q.quantity.text == text)
            .unwrap_or_else(|| panic!("{text} not read in {}", c.text));
        &c.slots[i]
    }

    #[test]
    fn measures_and_roles_of_an_earnings_sentence() {
        let c = claim("For the three months to July 28, revenue came to $30 billion, up from $13.5 billion a year earlier, while adjusted earnings were $0.68 a share.").unwrap();
        let now = slot_of(&c, "$30 billion");
        assert_eq!(
            (now.measure.as_deref(), now.role),
            (Some("revenue"), Role::Actual)
        );
        assert!(
            now.clause.contains("revenue came to an amount"),
            "{}",
            now.clause
        );
        let then = slot_of(&c, "$13.5 billion");
        assert_eq!(
            (then.measure.as_deref(), then.role),
            (Some("revenue"), Role::Prior)
        );
        let c = claim("Revenue rose 122% from a year earlier to $30.04 billion and topped the LSEG consensus of $28.70 billion.").unwrap();
        assert_eq!(slot_of(&c, "122%").role, Role::Change);
        assert_eq!(slot_of(&c, "$30.04 billion").role, Role::Actual);
        assert_eq!(slot_of(&c, "$28.70 billion").role, Role::Estimate);
        let c = claim("The company projected revenue of $32.5 billion for the current quarter.")
            .unwrap();
        let s = slot_of(&c, "$32.5 billion");
        assert_eq!(
            (s.measure.as_deref(), s.role),
            (Some("revenue"), Role::Forecast)
        );
    }

    #[test]
    fn synonyms_fold_and_phrases_come_first() {
        let c = claim("Intel will cut 15,000 jobs this year.").unwrap();
        let q = c
            .quantities
            .iter()
            .position(|q| q.quantity.kind == QuantityKind::Count)
            .unwrap();
        assert_eq!(c.slots[q].measure.as_deref(), Some("jobs"));
        let c = claim("The deal has an enterprise value of $14.9 billion and an equity value of $14.1 billion.").unwrap();
        assert_eq!(
            slot_of(&c, "$14.9 billion").measure.as_deref(),
            Some("enterprise value")
        );
        assert_eq!(
            slot_of(&c, "$14.1 billion").measure.as_deref(),
            Some("equity value")
        );
    }

    #[test]
    fn a_possessive_names_the_holder_and_a_clause_its_years() {
        let c = claim("Nippon Steel's 142% premium dwarfs the offer.").unwrap();
        assert_eq!(slot_of(&c, "142%").holder.as_deref(), Some("nippon steel"));
        let c = claim("Mistral was valued at 5.8 billion euros in June 2024.").unwrap();
        assert_eq!(slot_of(&c, "5.8 billion euros").years, [2024]);
    }

    #[test]
    fn change_words_in_any_inflection_and_after_the_figure() {
        let c =
            claim("On Friday the stock got hammered, dropping 6.4% in a single session.").unwrap();
        let s = slot_of(&c, "6.4%");
        assert_eq!((s.role, s.falls), (Role::Change, true));
        let c = claim("U.S. Steel shares closed about 26% higher on Monday.").unwrap();
        let s = slot_of(&c, "about 26%");
        assert_eq!((s.role, s.falls), (Role::Change, false));
    }

    #[test]
    fn a_pre_money_valuation_is_one_measure_and_an_offer_s_worth_is_its_price() {
        for text in [
            "Reuters reported that ASML would lead at a pre-money valuation of €10 billion.",
            "Mistral closed the round at a EUR 10.0bn pre-money valuation.",
        ] {
            let c = claim(text).unwrap();
            let q = c
                .quantities
                .iter()
                .position(|q| q.quantity.kind == QuantityKind::Money)
                .unwrap();
            let s = &c.slots[q];
            assert_eq!(
                (s.measure.as_deref(), s.qualifiers.len()),
                (Some("pre-money valuation"), 0),
                "{text}"
            );
        }
        use crate::claims::measures::related;
        assert!(related("valuation", "price") && related("cash", "valuation"));
        assert!(!related("investment", "stake"));
    }

    #[test]
    fn a_measure_right_after_the_figure_beats_one_far_back_and_accounts_for_is_a_verb() {
        let c = claim("Shares of Nippon Steel fell 4.7% on Tuesday, the first session since it agreed to buy the company for $14.9 billion including debt.").unwrap();
        assert_eq!(
            slot_of(&c, "$14.9 billion").measure.as_deref(),
            Some("enterprise value")
        );
        assert_eq!(slot_of(&c, "4.7%").measure.as_deref(), Some("shares"));
        let c = claim("Data center sales were $26.3B, and the unit now accounts for more than nine-tenths of the business.").unwrap();
        assert_ne!(
            slot_of(&c, "more than nine-tenths").measure.as_deref(),
            Some("users")
        );
    }

    #[test]
    fn a_market_move_is_as_of_the_sentence_day_when_its_clause_names_none() {
        let c = claim("Nvidia on Wednesday forecast third-quarter revenue above estimates, but the outlook did little to satisfy investors, and the stock fell nearly 7% in extended trading.").unwrap();
        assert_eq!(slot_of(&c, "nearly 7%").days, ["wd3"]);
        // Results are as of a period, not a day.
        assert!(slot_of(&c, "Wednesday").days.is_empty());
    }

    #[test]
    fn a_length_of_time_measures_the_pay_process_or_outage_it_is_the_length_of() {
        let c = claim("Anyone who takes the voluntary exit gets a minimum of eight weeks' pay, plus a bit extra.").unwrap();
        let s = slot_of(&c, "eight weeks");
        // The figure's own words are no qualifiers of its measure.
        assert_eq!((s.measure.as_deref(), s.qualifiers.len()), (Some("pay"), 0));
        let c = claim(
            "After a six-month sale process, the company agreed to be sold for $14.9 billion.",
        )
        .unwrap();
        let s = slot_of(&c, "six-month");
        assert_eq!(
            (s.measure.as_deref(), s.qualifiers.as_slice()),
            (Some("process"), ["sale".to_string()].as_slice())
        );
        // The time elapsed since a process opened; the actual figure, not an earlier one.
        let c =
            claim("The win ends a sale process that the company opened four months ago.").unwrap();
        let s = slot_of(&c, "four months");
        assert_eq!(
            (s.measure.as_deref(), s.role),
            (Some("process"), Role::Actual)
        );
        // The sentence's subject, across commas; never the customers counted beside it.
        let c = claim("The outage, first reported at around 4am, left roughly 10 million customers without service for 12 hours.").unwrap();
        assert_eq!(slot_of(&c, "12 hours").measure.as_deref(), Some("outage"));
        let c = claim(
            "The step-up from the EUR 5.8bn Series B valuation was achieved in eighteen months.",
        )
        .unwrap();
        assert_eq!(slot_of(&c, "eighteen months").measure, None);
    }

    #[test]
    fn an_amount_after_a_determiner_measures_the_noun_after_it() {
        let c = claim("The investment anchors a 1.7 billion euro Series C round that values Mistral at 11.7 billion euros.").unwrap();
        assert_eq!(
            slot_of(&c, "1.7 billion euro").measure.as_deref(),
            Some("funding")
        );
        assert_eq!(
            slot_of(&c, "11.7 billion euros").measure.as_deref(),
            Some("valuation")
        );
        // Spending verbs measure amounts only: "sank" is no investment of a share move.
        let c = claim("Intel shares sank 26% on Friday, their lowest finish since 2013.").unwrap();
        assert_ne!(
            slot_of(&c, "since 2013").measure.as_deref(),
            Some("investment")
        );
        // A profit in cents is per share.
        let c = claim("Adjusted profit came to 68 cents, ahead of forecasts.").unwrap();
        assert_eq!(slot_of(&c, "68 cents").measure.as_deref(), Some("eps"));
    }

    #[test]
    fn qualifiers_stop_at_a_participle() {
        let c = claim(
            "Intel reported second-quarter results showing revenue down 1% at $12.8 billion.",
        )
        .unwrap();
        assert!(
            slot_of(&c, "1%").qualifiers.is_empty(),
            "{:?}",
            slot_of(&c, "1%").qualifiers
        );
        let c = claim("Data center revenue rose 154% to $26.3 billion.").unwrap();
        assert!(slot_of(&c, "$26.3 billion")
            .qualifiers
            .contains(&"center".to_string()));
    }

    #[test]
    fn a_market_figure_is_of_the_day_or_month_nearest_it() {
        let c = claim("Cliffs' proposal carried a premium of about 43% to the Aug. 11 close, more than Nippon's 40% premium to the Dec. 15 close.").unwrap();
        assert_eq!(slot_of(&c, "about 43%").days, ["--0811", "m8"]);
        assert_eq!(slot_of(&c, "40%").days, ["--1215", "m12"]);
        let c = claim("When U.S. Steel rebuffed Cliffs back in August, its shares jumped more than 26% in a single morning.").unwrap();
        assert_eq!(slot_of(&c, "more than 26%").days, ["m8"]);
    }

    #[test]
    fn a_figure_is_of_the_period_named_nearest_it() {
        let c = claim("In the first quarter, Intel posted revenue of $12.7 billion, but its outlook for the June quarter disappointed investors.").unwrap();
        assert_eq!(slot_of(&c, "$12.7 billion").periods, ["q1"]);
        let c = claim("Revenue for the quarter ended in late June dipped 1% to $12.8 billion.")
            .unwrap();
        assert_eq!(slot_of(&c, "$12.8 billion").periods, ["june quarter"]);
    }

    #[test]
    fn years_of_the_sentence_when_the_clause_names_none() {
        let c = claim(
            "The 2025 decision differs from the 2023 decision, which fined TikTok EUR 345 million.",
        )
        .unwrap();
        assert_eq!(slot_of(&c, "EUR 345 million").years, [2023, 2025]);
    }
}
