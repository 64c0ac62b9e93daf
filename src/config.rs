//! Configuration: serde structs with `Default`, loadable from `crosscheck.toml`,
//! overridden by command-line flags. Unknown keys are errors, so a typo is not
//! silently ignored.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::DeviceChoice;
use crate::error::{Error, Result};

/// The default config file looked up in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "crosscheck.toml";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub device: DeviceChoice,
    pub models: ModelsConfig,
    pub claims: ClaimsConfig,
    pub align: AlignConfig,
    pub verify: VerifyConfig,
    pub report: ReportConfig,
}

/// `[report]`: who publishes the reports (ClaimReview's `author`) and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportConfig {
    /// The organization named as the reviews' author in claimreview.jsonld.
    pub organization: String,
    /// Its web address, when it has one.
    pub organization_url: Option<String>,
    /// Where index.html will be published (an absolute URL); each ClaimReview then
    /// carries `url` = this address + "#cluster-...". Unset: no `url`.
    pub published_at: Option<String>,
}

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            organization: "crosscheck".to_string(),
            organization_url: None,
            published_at: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// Manifest naming each role's model (models/models.toml).
    pub manifest: PathBuf,
    /// NER model: a directory in HF layout or a hub id (`org/name[@revision]`);
    /// overrides the manifest.
    pub ner: Option<String>,
    /// NLI cross-encoder: a directory or a hub id; overrides the manifest.
    pub nli: Option<String>,
    /// How word pieces' label probabilities become a word's: average or first.
    pub ner_aggregation: crate::models::ner::Aggregation,
    /// Directory of the sentence-embedding model (HF layout).
    pub embed: PathBuf,
    /// Sentences per forward pass.
    pub batch_size: usize,
    /// Longest input in word pieces; longer sentences are truncated.
    pub max_tokens: usize,
    /// CPU threads a model's forward pass uses (libtorch's intra-op threads); unset,
    /// libtorch takes one per core. Scores can differ in their last digits from one
    /// count to another.
    pub threads: Option<NonZeroUsize>,
}

impl Default for ModelsConfig {
    fn default() -> Self {
        ModelsConfig {
            manifest: PathBuf::from(crate::models::manifest::MANIFEST),
            ner: None,
            nli: None,
            ner_aggregation: Default::default(),
            embed: PathBuf::from("models/all-MiniLM-L6-v2"),
            batch_size: 32,
            max_tokens: 256,
            threads: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimsConfig {
    /// Sentences with fewer words are not check-worthy.
    pub min_words: usize,
}

impl Default for ClaimsConfig {
    fn default() -> Self {
        ClaimsConfig { min_words: 6 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlignConfig {
    /// Two claims stating the same kind of quantity about the same frame align when the
    /// embeddings of the quantity's clause are at least this similar.
    pub min_slot_similarity: f32,
    /// Two claims without a shared quantity slot align when their sentence embeddings
    /// are at least this similar (and they share an entity).
    pub min_text_similarity: f32,
    /// SimHash blocking: bands x bits per band over the sentence embedding.
    pub lsh_bands: usize,
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
            min_slot_similarity: 0.45,
            min_text_similarity: 0.80,
            lsh_bands: 12,
            lsh_bits: 10,
            max_postings: 2000,
            max_candidates_per_claim: 100,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VerifyConfig {
    /// Relative difference under which two exact values count as equal.
    pub exact_tolerance: f64,
    /// Relative difference allowed when either value is hedged ("approximately").
    pub approx_tolerance: f64,
    /// A quantity mismatch is a contradiction only when the quantity clauses are at
    /// least this similar: a false contradiction fails someone's CI.
    pub min_contradiction_similarity: f32,
    /// Pairs a claim sends to the NLI engine at most, its most similar first (pairs
    /// the quantity and polarity checks decide do not count). Bounds NLI work per claim;
    /// the report's `alignment.nli_skipped_pairs` counts the pairs left undecided.
    pub max_nli_pairs_per_claim: usize,
}

impl Default for VerifyConfig {
    fn default() -> Self {
        VerifyConfig {
            exact_tolerance: 0.005,
            approx_tolerance: 0.10,
            min_contradiction_similarity: 0.65,
            max_nli_pairs_per_claim: 8,
        }
    }
}

impl Config {
    /// Loads `path` if given (it must exist), else `crosscheck.toml` in the working
    /// directory if present, else defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => {
                let p = PathBuf::from(DEFAULT_CONFIG_FILE);
                if !p.exists() {
                    return Ok(Config::default());
                }
                p
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        Config::from_toml(&text).map_err(|message| Error::Config { path, message })
    }

    pub fn from_toml(text: &str) -> std::result::Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_toml() {
        let c = Config::default();
        let text = toml::to_string(&c).unwrap();
        assert_eq!(Config::from_toml(&text).unwrap(), c);
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c =
            Config::from_toml("device = \"cpu\"\n[align]\nmin_text_similarity = 0.9\n").unwrap();
        assert_eq!(c.device, DeviceChoice::Cpu);
        assert_eq!(c.align.min_text_similarity, 0.9);
        assert_eq!(c.align.lsh_bands, AlignConfig::default().lsh_bands);
    }

    #[test]
    fn model_threads_must_be_a_positive_count() {
        let c = Config::from_toml("[models]\nthreads = 1\n").unwrap();
        assert_eq!(c.models.threads, NonZeroUsize::new(1));
        assert_eq!(Config::default().models.threads, None);
        let err = Config::from_toml("[models]\nthreads = 0\n").unwrap_err();
        assert!(err.contains("threads"), "{err}");
        assert!(err.contains("nonzero"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = Config::from_toml("[align]\nmin_text_similarty = 0.9\n").unwrap_err();
        assert!(err.contains("min_text_similarty"), "{err}");
    }
}
