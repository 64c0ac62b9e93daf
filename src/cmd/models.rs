//! `crosscheck models list | fetch [ROLE] | verify`.

use crosscheck::config::Config;
use crosscheck::embed::{Embedder, TransformerEmbedder};
use crosscheck::entities::EntityRecognizer;
use crosscheck::entities::TransformerNer;
use crosscheck::models::lock;
use crosscheck::models::manifest::{self, Manifest, Spec};
use crosscheck::verify::nli::TransformerNli;
use crosscheck::verify::NliEngine;

use super::cli::{ModelsAction, ModelsArgs, Role};
use super::exit::Outcome;
use super::messages::{error, warning};

/// Each role with the model it names, if any.
type Named = Vec<(Role, Option<Spec>)>;

/// The model each role names (flag, crosscheck.toml, then the manifest), with the
/// manifest read.
fn specs(cfg: &Config) -> anyhow::Result<(Manifest, Named)> {
    let manifest = Manifest::load(&cfg.models.manifest_path())?;
    let specs = vec![
        (
            Role::Ner,
            manifest::named(cfg.models.ner.as_deref(), &manifest, "ner"),
        ),
        (
            Role::Nli,
            manifest::named(cfg.models.nli.as_deref(), &manifest, "nli"),
        ),
        (Role::Embed, Some(Spec::Dir(cfg.models.embed_dir()))),
    ];
    Ok((manifest, specs))
}

/// Whether `role`'s model is the manifest's own (no flag or crosscheck.toml names one).
fn from_manifest(cfg: &Config, role: Role) -> bool {
    match role {
        Role::Ner => cfg.models.ner.is_none(),
        Role::Nli => cfg.models.nli.is_none(),
        Role::Embed => false,
    }
}

/// The lock state of a hub model's snapshot `dir`, for `models list`.
fn lock_state(manifest: &Manifest, id: &str, dir: &std::path::Path) -> String {
    match lock::commit_of(dir) {
        Some(c) if manifest.locked(id, &c).is_some() => format!("commit {c}, locked"),
        Some(c) => format!("commit {c}, not locked"),
        None => "not locked".into(),
    }
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
    let (manifest, specs) = specs(cfg)?;
    let manifest_path = cfg.models.manifest_path();
    let mut failed = false;
    match &args.action {
        ModelsAction::List => {
            for (role, spec) in &specs {
                let role = role_name(*role);
                match spec {
                    None => println!("{role:5}  (none named)  deterministic engine"),
                    Some(s) => match s.resolve() {
                        Ok(dir) => match s {
                            Spec::Hub { id, .. } => println!(
                                "{role:5}  {}  present ({}): {}",
                                s.describe(),
                                lock_state(&manifest, id, &dir),
                                dir.display()
                            ),
                            Spec::Dir(_) => {
                                println!("{role:5}  {}  present: {}", s.describe(), dir.display())
                            }
                        },
                        Err(why) => println!("{role:5}  {}  absent: {why}", s.describe()),
                    },
                }
            }
        }
        ModelsAction::Fetch { role, update } => {
            for (r, spec) in &specs {
                if role.is_some_and(|x| x != *r) {
                    continue;
                }
                let name = role_name(*r);
                match spec {
                    Some(Spec::Hub { id, revision }) => {
                        let check = |commit: &str| {
                            (!update)
                                .then(|| manifest.locked(id, commit).cloned())
                                .flatten()
                        };
                        let fetched = match manifest::fetch(id, revision, check) {
                            Ok(f) => f,
                            Err(e) => {
                                error!("{name}: {e}");
                                failed = true;
                                continue;
                            }
                        };
                        let (dir, commit, n) =
                            (fetched.dir.display(), &fetched.commit, fetched.hashes.len());
                        if *update {
                            // A manifest role is pinned to the commit; a model named by
                            // flag or crosscheck.toml is only locked.
                            let pin = from_manifest(cfg, *r)
                                .then(|| manifest.role_of(id))
                                .flatten();
                            match lock::record(&manifest_path, pin, id, commit, &fetched.hashes) {
                                Ok(changed) => println!(
                                    "{name}: fetched {id}@{commit} into {dir}; {} {n} files' sha256 in {}{}",
                                    if changed { "recorded" } else { "lock already holds" },
                                    manifest_path.display(),
                                    match pin {
                                        Some(role) if revision != commit => {
                                            format!(" ([{role}] revision {revision} -> {commit})")
                                        }
                                        _ => String::new(),
                                    }
                                ),
                                Err(e) => {
                                    error!("{name}: {e}");
                                    failed = true;
                                }
                            }
                        } else if manifest.locked(id, commit).is_some() {
                            println!("{name}: fetched {id}@{commit} into {dir}; {n} files match the lock");
                        } else {
                            println!("{name}: fetched {id}@{commit} into {dir}");
                            warning!(
                                "{name}: {} has no sha256 lock for {id}@{commit}; `crosscheck models fetch --update` records one",
                                manifest_path.display()
                            );
                        }
                    }
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
                if let Spec::Hub { id, .. } = spec {
                    let locked =
                        lock::commit_of(&dir).and_then(|c| manifest.locked(id, &c).map(|l| (c, l)));
                    match locked {
                        Some((commit, l)) => match lock::check(&dir, l) {
                            Ok(n) => println!("{name}: {id}@{commit}: {n} files match the lock"),
                            Err(e) => {
                                error!("{name}: {id}@{commit}: {e}");
                                failed = true;
                                continue;
                            }
                        },
                        None => warning!(
                            "{name}: {} has no sha256 lock for {id} as cached in {}",
                            manifest_path.display(),
                            dir.display()
                        ),
                    }
                }
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
