//! Stage: named entities. The recognizer sits behind [`EntityRecognizer`] so that a
//! transformer NER engine and the deterministic rules are interchangeable; both feed
//! the same canonical keys to alignment.

mod alias;
mod gazetteer;
pub mod rules;
pub mod transformer;

use serde::{Deserialize, Serialize};

use crate::engine::EngineInfo;
use crate::error::Result;

pub use alias::AliasTable;
pub use rules::RuleRecognizer;
pub use transformer::TransformerNer;

/// What sort of thing an entity names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A company, agency or other organization.
    Organization,
    /// A person.
    Person,
    /// A country, union, region, city or other location.
    Place,
    /// A product, model or project ("GPT-5", "Strawberry").
    Product,
    /// A name of no kind the recognizer tells apart.
    Other,
}

/// A named entity found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Surface text exactly as in the input slice.
    pub text: String,
    /// Canonical key used for alignment: lowercase, possessive folded ("Microsoft's" -> "microsoft"),
    /// internal whitespace collapsed, leading "the " dropped, aliases resolved where known ("aws" -> "amazon web services").
    pub key: String,
    /// What sort of thing it names.
    pub kind: EntityKind,
    /// Byte offsets into the input &str (char boundaries); the span excludes the possessive "'s".
    pub start: usize,
    /// Byte offset just past the entity in the input.
    pub end: usize,
}

/// An alias declared in text, e.g. "Amazon Web Services (AWS)" declares ("aws" -> "amazon web services").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The short form's key ("aws").
    pub alias: String,
    /// The key of the name it stands for ("amazon web services").
    pub canonical: String,
}

/// Finds entities in sentences. Batched so a transformer engine can pad and run one
/// forward pass per batch; offsets are byte offsets into each input text.
pub trait EntityRecognizer {
    /// Which engine this is, as the reports name it.
    fn info(&self) -> EngineInfo;
    /// The entities of each text, in input order, with byte offsets into that text.
    fn recognize_batch(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>>;
    /// Aliases a text declares ("Amazon Web Services (AWS)"). By default the rules
    /// find them, whatever engine finds the entities.
    fn aliases(&self, text: &str) -> Vec<Alias> {
        static RULES: std::sync::LazyLock<RuleRecognizer> =
            std::sync::LazyLock::new(RuleRecognizer::default);
        RULES.aliases(text)
    }
}

impl EntityRecognizer for RuleRecognizer {
    fn info(&self) -> EngineInfo {
        EngineInfo::deterministic(
            "rules (gazetteer + capitalization)",
            Some(self.note().map(str::to_string).unwrap_or_else(|| {
                "no transformer NER model configured; rule-based recognizer in use".into()
            })),
        )
    }

    fn recognize_batch(&self, texts: &[&str]) -> Result<Vec<Vec<Entity>>> {
        use rayon::prelude::*;
        Ok(texts.par_iter().map(|t| self.recognize(t)).collect())
    }

    fn aliases(&self, text: &str) -> Vec<Alias> {
        RuleRecognizer::aliases(self, text)
    }
}
