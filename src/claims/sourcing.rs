//! Sourcing: on whose word a claim rests. An unnamed source ("people familiar with
//! the matter"), another outlet ("Bloomberg reported"), a named third party ("said
//! Dan Ives, an analyst at Wedbush"), or the parties and authorities themselves ("the
//! company said in a filing", "the court ruled"). Reports show it beside each claim;
//! a reader weighs an anonymously sourced figure differently from a filed one.

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use super::cues::{CueKind, Found};
use super::Attribution;

/// On whose word a claim rests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sourcing {
    /// The parties or authorities: the company, its executives and spokespeople, a
    /// filing or statement, a regulator, a court.
    Official,
    /// Another outlet reported it ("Reuters reported", "according to the Financial
    /// Times", "according to reports").
    Media,
    /// A named third party: an analyst, economist, union, rival or data provider.
    Named,
    /// An unnamed source: "people familiar with the matter", "an insider", "the
    /// people said".
    Anonymous,
    /// The article says it in its own voice.
    #[default]
    #[serde(rename = "none")]
    Unattributed,
}

impl Sourcing {
    /// In words, for the reports: "anonymous source"; `None` for the article's own
    /// voice.
    pub fn describe(self) -> Option<&'static str> {
        match self {
            Sourcing::Official => Some("official statement"),
            Sourcing::Media => Some("another outlet's report"),
            Sourcing::Named => Some("named third party"),
            Sourcing::Anonymous => Some("anonymous source"),
            Sourcing::Unattributed => None,
        }
    }
}

/// News outlets and agencies by name, and the words outlet names end in.
static MEDIA: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"(?i)(?-u:\b)(?:reuters|bloomberg|the\s+information|financial\s+times|ft|wall\s+street\s+journal|wsj|new\s+york\s+times|nyt|washington\s+post|cnbc|cnn|bbc|sky\s+news|guardian|axios|techcrunch|the\s+verge|semafor|business\s+insider|insider|forbes|fortune|economist|nikkei|handelsblatt|le\s+monde|les\s+echos|spiegel|sifted|politico|ap|associated\s+press|afp|agence\s+france-presse|dow\s+jones|marketwatch|barron's|yahoo\s+finance|caixin|south\s+china\s+morning\s+post|scmp|economic\s+times|mint|yonhap|kyodo|asahi|bild|faz|frankfurter\s+allgemeine|le\s+figaro|figaro|telegraph|daily\s+mail|wired|ars\s+technica|the\s+register|engadget|venturebeat|puck|platformer|variety|deadline|(?:media|press|news)\s+reports?|reports?|a\s+report|the\s+report|newspaper|(?:the|a)\s+paper|outlet|publication|magazine|broadcaster|news\s+agency|newswire|wire\s+service|local\s+media|state\s+media|the\s+media|the\s+press|the\s+(?:journal|times|post)|[A-Z][\w&'.-]*\s+(?:news|times|post|journal|herald|tribune|gazette|telegraph|daily|wire|weekly|review|chronicle|observer|standard|mail|express|today|magazine|press|radio|tv|television|broadcasting|media|newswire))(?-u:\b)",
    )
    .dfa_size_limit(8 << 20)
    .build()
    .expect("media regex")
});

/// Third parties: analysts, researchers, unions, rivals and data providers.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:analysts?|economists?|strategists?|professors?|experts?|researchers?|consultants?|consultancy|research\s+firm|advisory\s+firm|attorneys?|lawyers?|advocates?|critics?|unions?|steelworkers|investors?|senators?|sen\.|lawmakers?|congressman|congresswoman|rep\.|fund\s+managers?|portfolio\s+managers?|rivals?|competitors?|trade\s+(?:group|body|association)|association|think\s+tank|lseg|factset|refinitiv|visible\s+alpha|pitchbook|crunchbase|dealogic|s&p\s+global|moody's|fitch|gartner|idc|counterpoint|canalys|morningstar|data\s+(?:from|compiled))(?-u:\b)",
    )
    .expect("named regex")
});

/// "said Dan Ives, an analyst at Wedbush": the descriptor after a named source.
static DESCRIPTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:said|says|noted|added|wrote|according\s+to)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3},\s+(?:an?|the|who\s+is)\s+([^,.;]{3,80})",
    )
    .expect("descriptor regex")
});

/// On whose word the sentence `text` rests, given its attribution and its cues.
pub(super) fn sourcing(text: &str, attribution: Option<&Attribution>, cues: &[Found]) -> Sourcing {
    // An outlet relaying its own reporting, even from unnamed people ("Reuters,
    // citing people familiar with the matter, reported"): the claim rests on the
    // outlet.
    if OUTLET_REPORTS.is_match(text) {
        return Sourcing::Media;
    }
    if cues.iter().any(|c| c.kind == CueKind::Anonymous) {
        return Sourcing::Anonymous;
    }
    // "Dan Morgan, an investor at Synovus, said": the descriptor says who speaks.
    if let Some(d) = DESCRIBED_SPEAKER.captures(text).and_then(|c| c.get(1)) {
        return speaker_kind(d.as_str());
    }
    // "ING analyst Jan Slijkerman said", "Bernstein's Stacy Rasgon told clients".
    if ANALYST_SPEAKS.is_match(text) {
        return Sourcing::Named;
    }
    let descriptor = DESCRIPTOR
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str());
    if let Some(a) = attribution {
        let source = a.source.as_str();
        if MEDIA.is_match(source) {
            return Sourcing::Media;
        }
        if NAMED.is_match(source) || descriptor.is_some_and(|d| NAMED.is_match(d)) {
            return Sourcing::Named;
        }
        return Sourcing::Official;
    }
    if let Some(d) = descriptor {
        if NAMED.is_match(d) {
            return Sourcing::Named;
        }
        if MEDIA.is_match(d) {
            return Sourcing::Media;
        }
        return Sourcing::Official;
    }
    // No source named by a verb of saying: a pronoun that says ("she said", "it
    // added": news names a source once, then refers back to it), an official act or
    // document ("the court ruled", "in a filing"), or a party that states, forecasts
    // or declines ("Nvidia on Wednesday forecast", "the company declined to
    // comment"); a third party as the subject ("Analysts expect"); else the
    // article's own voice.
    // Hearsay without an agent ("is understood to", "is said to", "word on the
    // street", "rumor has it"): in news practice, the outlet's unnamed sources.
    if HEARSAY.is_match(text) {
        return Sourcing::Anonymous;
    }
    if PRONOUN_SAYS.is_match(text) || OFFICIAL_ACT.is_match(text) {
        return Sourcing::Official;
    }
    if let Some(c) = PARTY_ACTS.captures(text) {
        let subject = c.get(1).map_or("", |m| m.as_str());
        return if MEDIA.is_match(subject) {
            Sourcing::Media
        } else if NAMED.is_match(subject) {
            Sourcing::Named
        } else {
            Sourcing::Official
        };
    }
    if NAMED_SUBJECT.is_match(text) {
        return Sourcing::Named;
    }
    Sourcing::Unattributed
}

/// Who a descriptor says a speaker is: an executive, spokesperson, minister or
/// official speaks for a party; anyone else named is a third party.
fn speaker_kind(descriptor: &str) -> Sourcing {
    if MEDIA.is_match(descriptor) && !NAMED.is_match(descriptor) {
        Sourcing::Media
    } else if PARTY_TITLE.is_match(descriptor) && !NAMED.is_match(descriptor) {
        Sourcing::Official
    } else {
        Sourcing::Named
    }
}

/// Titles of those who speak for a party or an authority.
static PARTY_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:chief|ceo|cfo|coo|cto|president|chair(?:man|woman)?|founder|co-founder|director|head|vice\s+president|spokes(?:person|man|woman)|executive|officer|minister|secretary|commissioner|regulator|judge|justice|adviser|advisor|general\s+counsel|treasurer|manager)(?-u:\b)",
    )
    .expect("title regex")
});

/// A named outlet as the teller: "Reuters reported", "per Reuters' Sunday scoop",
/// "Bloomberg's reporting", "first reported by The Information".
static OUTLET_REPORTS: LazyLock<Regex> = LazyLock::new(|| {
    RegexBuilder::new(
        r"(?-u:\b)(?:(?:Reuters|Bloomberg(?:\s+News)?|The\s+Information|(?:the\s+)?Financial\s+Times|FT|(?:The\s+)?Wall\s+Street\s+Journal|WSJ|(?:The\s+)?New\s+York\s+Times|CNBC|CNN|BBC|Axios|TechCrunch|Semafor|Nikkei|Handelsblatt|Les\s+Echos|Le\s+Monde|Politico|(?:The\s+)?Associated\s+Press|AFP|Dow\s+Jones|Caixin|Yonhap|Kyodo|[A-Z][\w&]*\s+(?:News|Times|Post|Journal|Herald|Tribune|Wire))(?:'s?)?(?:,\s+citing\s+[^,]{3,60},)?\s+(?:\w+\s+){0,4}?(?:reported|reports|reporting|scoop|first\s+reported|broke|revealed|wrote)|(?:reported|revealed|first\s+reported|according\s+to|per|citing)\s+(?:by\s+)?(?:Reuters|Bloomberg|The\s+Information|(?:the\s+)?Financial\s+Times|(?:The\s+)?Wall\s+Street\s+Journal|(?:The\s+)?New\s+York\s+Times|CNBC|Nikkei|Axios|Semafor|TechCrunch|Handelsblatt|Politico))(?-u:\b)",
    )
    .dfa_size_limit(8 << 20)
    .build()
    .expect("outlet regex")
});

/// "Dan Morgan, an investor at Synovus, said": a named speaker and the descriptor
/// after the name.
static DESCRIBED_SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\W*(?:[A-Z][\w.'-]+\s+){1,3}[A-Z][\w.'-]+,\s+((?:an?|the|who)\s+[^,]{3,80}),\s+(?:also\s+)?(?:said|says|told|argued|added|wrote|noted|estimated|described|called|warned|has\s+promised|promised|vowed)(?-u:\b)",
    )
    .expect("speaker regex")
});

/// An analyst by title or firm: "ING analyst Jan Slijkerman said", "Bernstein's
/// Stacy Rasgon told clients", "in a note to clients".
static ANALYST_SPEAKS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:analyst|strategist|economist)\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:said|says|told|wrote|estimated|argued|noted)|told\s+clients|note\s+to\s+(?:clients|investors)|research\s+note)(?-u:\b)",
    )
    .expect("analyst regex")
});

/// Agentless hearsay: "is understood to", "are said to", "word on the street",
/// "rumor has it", "talk in the trade".
static HEARSAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:(?:is|are|was|were)\s+(?:widely\s+|also\s+)?(?:understood|said|believed|rumou?red|thought)\s+to|word\s+(?:on\s+the\s+street|is\s+that|has\s+it)|rumou?r\s+has\s+it|talk\s+in\s+the\s+(?:trade|industry|market|city)|(?:it\s+is|it's)\s+(?:understood|believed|said|rumou?red)\s+that)(?-u:\b)",
    )
    .expect("hearsay regex")
});

/// "she said", "he added", "it said in a statement": a source named earlier.
static PRONOUN_SAYS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:[Ss]he|[Hh]e|[Tt]hey|[Ii]t)\s+(?:also\s+)?(?:said|says|added|told|noted|wrote|stated|explained|confirmed|announced)(?-u:\b)",
    )
    .expect("pronoun regex")
});

/// A party as the subject of a verb of stating, forecasting or declining: "Nvidia on
/// Wednesday forecast", "The company projected", "Intel did not say". (Its acts, "Intel
/// cut 15,000 jobs", are the outlet's own report.)
static PARTY_ACTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[,;:]\s+|(?-u:\b)(?:and|but|while)\s+)((?:[Tt]he\s+)?(?:[A-Z][\w&.'-]*\s+){0,3}(?:[A-Z][\w&.'-]*|company|firm|group|startup|chipmaker|steelmaker|carmaker|bank|lender|insurer|regulator|commission|watchdog|court|judge|board|management|government|ministry|companies|executives?|spokes(?:person|man|woman)|(?:chief\s+)?executive|CEO|CFO))(?:'s?)?\s+(?:also\s+|now\s+|on\s+[A-Z]\w+\s+|earlier\s+|last\s+\w+\s+)?(?:forecast|projected|guided|is\s+guiding|expects|declined|did\s+not|didn't|has\s+not|hasn't|would\s+not|disclosed|announced|confirmed|reported|said|says|told|admits|admitted|described|insisted|warned|promised|pledged)(?-u:\b)",
    )
    .expect("party regex")
});

/// A third party as the sentence's subject: "Analysts expect", "Several portfolio
/// managers said".
static NAMED_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:[\w'-]+\s+){0,3}(?:analysts?|economists?|strategists?|investors|traders|fund\s+managers|portfolio\s+managers|unions?|critics|rivals|experts)(?:\s+(?:at|from|with|polled\s+by|surveyed\s+by)\s+[\w&.' -]{2,40}?)?\s+(?:had\s+|have\s+|now\s+|also\s+)?(?:said|say|says|told|expect|expects|expected|estimate|estimates|estimated|forecast|forecasts|predict|predicts|argue|argued|wrote|noted|warned|believe|see|reckon|calculate|calculated)(?-u:\b)",
    )
    .expect("named subject regex")
});

/// Official acts and documents that source a sentence without a verb of saying.
static OFFICIAL_ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:in\s+an?\s+(?:\w+\s+)?(?:statement|filing|press\s+release|memo|blog\s+post|letter|notice|submission)|(?:regulatory|securities|stock\s+exchange|court)\s+filings?|press\s+release|(?:court|judge|tribunal|commission|regulator|watchdog|authority)\s+(?:ruled|found|said|ordered|fined|decided|imposed|concluded)|(?:ruled|ordered)\s+that|(?:announced|confirmed|disclosed|unveiled|reported)\s+(?:on|that|its|it|a|an|the|plans|results|revenue|earnings|quarterly|first|second|third|fourth|full-year))(?-u:\b)",
    )
    .expect("official act regex")
});

#[cfg(test)]
mod tests {
    use super::Sourcing;
    use crate::claims::tests::claim;

    #[test]
    fn each_sentence_says_on_whose_word_it_rests() {
        for (text, want) in [
            ("Intel will cut 15,000 jobs, according to people familiar with the matter.", Sourcing::Anonymous),
            ("Bank of America is understood to have advised ASML on the investment.", Sourcing::Anonymous),
            ("Bloomberg first reported in early April that a fine of more than €500m was on the way.", Sourcing::Media),
            ("Reuters, citing people familiar with the matter, reported that ASML would lead the round.", Sourcing::Media),
            ("Dan Morgan, an investor at Synovus, said the whisper number had been $33 billion.", Sourcing::Named),
            ("ING analyst Jan Slijkerman said the pairing had an industrial logic.", Sourcing::Named),
            ("Peter Wennink, ASML's chief executive, said the tie-up was more than a supply deal.", Sourcing::Official),
            ("Microsoft said on Tuesday that it has invested $13 billion in OpenAI.", Sourcing::Official),
            ("The company declined to comment on its financing plans.", Sourcing::Official),
            ("The regulator said in a statement that TikTok must comply within six months.", Sourcing::Official),
            ("Intel shares sank 26% on Friday to close at $21.48.", Sourcing::Unattributed),
        ] {
            let got = claim(text).map(|c| c.sourcing);
            assert_eq!(got, Some(want), "{text}");
        }
    }
}
