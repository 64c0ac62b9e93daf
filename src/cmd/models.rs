//! `crosscheck models list | fetch [ROLE] | verify`.

use crosscheck::config::Config;
use crosscheck::embed::{Embedder, TransformerEmbedder};
use crosscheck::entities::EntityRecognizer;
use crosscheck::entities::TransformerNer;
use crosscheck::models::manifest::{self, Manifest, Spec};
use crosscheck::verify::nli::TransformerNli;
use crosscheck::verify::NliEngine;

use super::cli::{ModelsAction, ModelsArgs, Role};
use super::exit::Outcome;
use super::messages::error;

/// The model each role names (flag, crosscheck.toml, then the manifest).
fn specs(cfg: &Config) -> anyhow::Result<Vec<(Role, Option<Spec>)>> {
    let manifest = Manifest::load(&cfg.models.manifest_path())?;
    Ok(vec![
        (
            Role::Ner,
            manifest::named(cfg.models.ner.as_deref(), &manifest, "ner"),
        ),
        (
            Role::Nli,
            manifest::named(cfg.models.nli.as_deref(), &manifest, "nli"),
        ),
        (Role::Embed, Some(Spec::Dir(cfg.models.embed_dir()))),
    ])
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::Ner => "ner",
        Role::Nli => "nli",
        Role::Embed => "embed",
    }
}

/// Failed when a named model could not be fetched, or is absent or does not run.
pub fn run(cfg: &Config, args: &ModelsArgs) -> anyhow::Result<Outcome> {
    let specs = specs(cfg)?;
    let mut failed = false;
    match &args.action {
        ModelsAction::List => {
            for (role, spec) in &specs {
                let role = role_name(*role);
                match spec {
                    None => println!("{role:5}  (none named)  deterministic engine"),
                    Some(s) => match s.resolve() {
                        Ok(dir) => {
                            println!("{role:5}  {}  present: {}", s.describe(), dir.display())
                        }
                        Err(why) => println!("{role:5}  {}  absent: {why}", s.describe()),
                    },
                }
            }
        }
        ModelsAction::Fetch { role } => {
            for (r, spec) in &specs {
                if role.is_some_and(|x| x != *r) {
                    continue;
                }
                let name = role_name(*r);
                match spec {
                    Some(Spec::Hub { id, revision }) => match manifest::fetch(id, revision) {
                        Ok(dir) => {
                            println!("{name}: fetched {id}@{revision} into {}", dir.display())
                        }
                        Err(e) => {
                            error!("{name}: {e}");
                            failed = true;
                        }
                    },
                    Some(s) if role.is_some() => {
                        println!("{name}: {} is local; nothing to fetch", s.describe())
                    }
                    None if role.is_some() => println!("{name}: no model named; nothing to fetch"),
                    _ => {}
                }
            }
        }
        ModelsAction::Verify => {
            let device = cfg.device.resolve()?;
            let (batch, max_len) = (cfg.models.batch_size, cfg.models.max_tokens);
            for (role, spec) in &specs {
                let name = role_name(*role);
                let Some(spec) = spec else {
                    println!("{name}: no model named; deterministic engine");
                    continue;
                };
                let dir = match spec.resolve() {
                    Ok(d) => d,
                    Err(why) => {
                        error!("{name}: {} absent: {why}", spec.describe());
                        failed = true;
                        continue;
                    }
                };
                let label = spec.name();
                let outcome: anyhow::Result<String> = (|| {
                    Ok(match role {
                        Role::Ner => {
                            let m = TransformerNer::load(&dir, &label, device, batch, max_len)?;
                            let e = m.recognize_batch(&[
                                "Satya Nadella said Microsoft invested in OpenAI.",
                            ])?;
                            format!("{} entities in one sentence", e.first().map_or(0, Vec::len))
                        }
                        Role::Nli => {
                            let m = TransformerNli::load(&dir, &label, device, batch, max_len)?;
                            let s = m.predict(&[(
                                "Microsoft invested in OpenAI.",
                                "Microsoft did not invest.",
                            )])?;
                            let s = s
                                .first()
                                .copied()
                                .ok_or_else(|| anyhow::anyhow!("no scores"))?;
                            format!(
                                "labels {:?}; one pair: entailment {:.3}, neutral {:.3}, contradiction {:.3}",
                                m.labels(),
                                s.entailment,
                                s.neutral,
                                s.contradiction
                            )
                        }
                        Role::Embed => {
                            let m = TransformerEmbedder::load(&dir, device, batch, max_len)?;
                            let v = m.embed(&["Microsoft invested in OpenAI."])?;
                            format!(
                                "one sentence -> {} dimensions",
                                v.first().map_or(0, Vec::len)
                            )
                        }
                    })
                })();
                match outcome {
                    Ok(what) => println!("{name}: {} ok ({what})", spec.describe()),
                    Err(e) => {
                        error!("{name}: {}: {e:#}", spec.describe());
                        failed = true;
                    }
                }
            }
        }
    }
    Ok(if failed {
        Outcome::Failed
    } else {
        Outcome::Clean
    })
}
