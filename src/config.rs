//! Configuration: the stages' own settings (each a serde struct with `Default`,
//! defined beside its stage) composed into one [`Config`], loadable from
//! `crosscheck.toml` and overridden by command-line flags. Unknown keys are errors,
//! so a typo is not silently ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::align::AlignConfig;
use crate::claims::ClaimsConfig;
use crate::error::{Error, Result};
use crate::models::{DeviceChoice, ModelsConfig};
use crate::report::ReportConfig;
use crate::verify::VerifyConfig;

/// The default config file looked up in the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "crosscheck.toml";

/// Every setting of a run: crosscheck.toml, one table per stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `device`: where the transformer engines run (auto, cpu or cuda).
    pub device: DeviceChoice,
    /// `[models]`: which model serves each role, and how the models run.
    pub models: ModelsConfig,
    /// `[ingest]`: how the corpus is read (links).
    pub ingest: crate::ingest::IngestConfig,
    /// `[claims]`: what makes a sentence check-worthy.
    pub claims: ClaimsConfig,
    /// `[align]`: blocking and the similarity thresholds for aligning claims.
    pub align: AlignConfig,
    /// `[verify]`: tolerances and limits for deciding aligned pairs.
    pub verify: VerifyConfig,
    /// `[report]`: who publishes the reports and where.
    pub report: ReportConfig,
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
        let mut cfg = Config::from_toml(&text).map_err(|e| Error::Config {
            path: path.clone(),
            message: e.to_string(),
        })?;
        // Paths in the file are relative to the file, not to where crosscheck runs.
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        cfg.models.relative_to(dir.unwrap_or(Path::new(".")));
        Ok(cfg)
    }

    /// A configuration from TOML text; keys it leaves out keep their defaults.
    pub fn from_toml(text: &str) -> std::result::Result<Config, toml::de::Error> {
        toml::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroUsize;

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
        let err = Config::from_toml("[models]\nthreads = 0\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("threads"), "{err}");
        assert!(err.contains("nonzero"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = Config::from_toml("[align]\nmin_text_similarty = 0.9\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("min_text_similarty"), "{err}");
    }
}
