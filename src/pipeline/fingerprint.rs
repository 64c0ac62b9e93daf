//! What an index record depends on: a record made under another fingerprint is
//! stale and computed again.

use super::Engines;
use crate::config::Config;
use crate::fsio::content_hash;

/// Revision of the analysis an index record holds (normalization, segmentation, claim
/// extraction). Bump it with any change that gives the same article, settings and
/// models a different record: the crate version alone does not move between releases,
/// and records made by the older code would be reused.
///
/// 2: U+2028, U+2029 and NEL break lines; a slot window after wide whitespace.
/// 3: an attributed source without the day, month or preposition opening its sentence.
/// 4: hedge cues by kind with their reach, hedged quantities, sourcing.
/// 7: what a duration measures (pay, process, outage, term); "pre-money valuation" one
/// measure; a measure right after the figure over one far back; "accounts for"; a
/// market figure's day from its sentence when its clause names none.
pub const ANALYSIS_REVISION: u32 = 7;

/// Settings that change what an article's record holds: a record made under another
/// fingerprint is stale.
pub fn fingerprint(cfg: &Config, engines: &Engines) -> String {
    let basis = serde_json::json!({
        "tool": env!("CARGO_PKG_VERSION"),
        "analysis": ANALYSIS_REVISION,
        "format": crate::index::FORMAT,
        "ner": [engines.ner.info().model, engines.ner.info().revision],
        "embed": [engines.embed.info().model, engines.embed.info().revision],
        "claims": cfg.claims,
        "max_tokens": cfg.models.max_tokens,
        "lsh": [cfg.align.lsh_bands, cfg.align.lsh_bits],
    });
    content_hash(basis.to_string().as_bytes())
}
