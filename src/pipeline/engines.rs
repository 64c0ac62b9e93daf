//! Choosing the engine for each model-backed role, once per process: the
//! transformer the configuration names, or the deterministic stand-in when a default
//! model is absent (announced, never hidden), wrapped in the input recorder when
//! `CROSSCHECK_RECORD_INPUTS` is set.

use std::path::PathBuf;

use super::record::{self, Recorded, Recorder};
use crate::config::Config;
use crate::embed::{Embedder, HashingEmbedder, TransformerEmbedder};
use crate::entities::{EntityRecognizer, RuleRecognizer, TransformerNer};
use crate::error::{Error, Result};
use crate::models::device::device_name;
use crate::models::manifest::{self, Manifest};
use crate::report::Engines as EngineReport;
use crate::verify::nli::{LexicalNli, NliEngine, TransformerNli};

/// The model-backed stages, chosen once per process.
pub struct Engines {
    /// The named-entity recognizer: a transformer, or the rules.
    pub ner: Box<dyn EntityRecognizer>,
    /// The NLI engine: a cross-encoder, or the lexical stand-in.
    pub nli: Box<dyn NliEngine>,
    /// The sentence embedder: a transformer, or feature hashing.
    pub embed: Box<dyn Embedder>,
    /// The device the transformer engines run on.
    pub device: tch::Device,
}

impl Engines {
    /// Loads the engines the configuration names. A model directory that is absent
    /// degrades to the deterministic engine with a warning; one that is present but
    /// fails to load is an error (corrupt weights must not pass silently).
    pub fn load(
        cfg: &Config,
        device: tch::Device,
        warn: &mut dyn FnMut(String),
    ) -> Result<Engines> {
        let _t = crate::timing::stage("engines.load");
        let dir = &cfg.models.embed_dir();
        if cfg.models.embed.is_some() && !dir.is_dir() {
            return Err(Error::model(
                dir.display().to_string(),
                required(
                    crate::models::error::ModelError::DirNotFound { dir: dir.clone() },
                    "--embed-model",
                    "embed",
                ),
            ));
        }
        let embed: Box<dyn Embedder> = if dir.is_dir() {
            Box::new(TransformerEmbedder::load(
                dir,
                device,
                cfg.models.batch_size,
                cfg.models.max_tokens,
            )?)
        } else {
            let note = format!(
                "embedding model directory {} not found (run `make setup`); using hashed bag-of-words vectors",
                dir.display()
            );
            warn(format!("embed: {note}"));
            Box::new(HashingEmbedder::new(384, Some(note)))
        };
        let manifest = Manifest::load(&cfg.models.manifest_path())?;
        let (batch, max_len) = (cfg.models.batch_size, cfg.models.max_tokens);
        let ner: Box<dyn EntityRecognizer> =
            match manifest::named(cfg.models.ner.as_deref(), &manifest, "ner") {
                None => Box::new(RuleRecognizer::default()),
                Some(s) => match s.resolve() {
                    Ok(dir) => {
                        let mut m = TransformerNer::load(&dir, &s.name(), device, batch, max_len)?;
                        m.aggregation = cfg.models.ner_aggregation;
                        Box::new(m)
                    }
                    // Asked for by flag or configuration: it loads or it is an error.
                    Err(why) if cfg.models.ner.is_some() => {
                        return Err(Error::model(
                            s.describe(),
                            required(why, "--ner-model", "ner"),
                        ))
                    }
                    Err(why) => Box::new(RuleRecognizer::with_note(format!(
                        "NER model {} not present ({why}); rule-based recognizer in use",
                        s.describe()
                    ))),
                },
            };
        let nli: Box<dyn NliEngine> = match manifest::named(cfg.models.nli.as_deref(), &manifest, "nli") {
            None => Box::new(LexicalNli::default()),
            Some(s) => match s.resolve() {
                Ok(dir) => Box::new(TransformerNli::load(&dir, &s.name(), device, batch, max_len)?),
                Err(why) if cfg.models.nli.is_some() => {
                    return Err(Error::model(s.describe(), required(why, "--nli-model", "nli")))
                }
                Err(why) => Box::new(LexicalNli::with_note(format!(
                    "NLI model {} not present ({why}); contradictions come only from quantity and polarity checks",
                    s.describe()
                ))),
            },
        };
        for (role, info) in [("ner", ner.info()), ("nli", nli.info())] {
            if let Some(note) = info.note {
                warn(format!("{role}: {note}"));
            }
        }
        let (ner, nli, embed) = match std::env::var_os(record::ENV) {
            None => (ner, nli, embed),
            Some(dir) => {
                let dir = PathBuf::from(dir);
                warn(format!("recording model inputs to {}", dir.display()));
                let ner: Box<dyn EntityRecognizer> = Box::new(Recorded {
                    inner: ner,
                    recorder: Recorder::open(&dir, "ner")?,
                });
                let nli: Box<dyn NliEngine> = Box::new(Recorded {
                    inner: nli,
                    recorder: Recorder::open(&dir, "nli")?,
                });
                let embed: Box<dyn Embedder> = Box::new(Recorded {
                    inner: embed,
                    recorder: Recorder::open(&dir, "embed")?,
                });
                (ner, nli, embed)
            }
        };
        Ok(Engines {
            ner,
            nli,
            embed,
            device,
        })
    }

    /// What each engine says about itself, for the reports' `engines`.
    pub fn report(&self) -> EngineReport {
        EngineReport {
            ner: self.ner.info(),
            nli: self.nli.info(),
            embed: self.embed.info(),
            device: device_name(self.device),
        }
    }
}

/// Why a model asked for by flag or configuration stops the run: only the
/// manifest's defaults fall back to the deterministic engines.
fn required(why: impl std::fmt::Display, flag: &str, key: &str) -> String {
    format!(
        "{why}; it was asked for ({flag} or [models] {key}), so it must load: only the defaults fall back to the deterministic engines"
    )
}
