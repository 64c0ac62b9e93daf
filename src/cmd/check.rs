//! `crosscheck check`: articles against an indexed corpus, in one of five formats.

use anyhow::Context;

use crosscheck::check;
use crosscheck::config::Config;
use crosscheck::models::device::device_name;
use crosscheck::pipeline::{self, CheckOptions};

use super::cli::{CheckArgs, CheckFormat};
use super::exit::Outcome;
use super::messages::{error, status, warning};
use super::{load_engines, threads_phrase};

/// Findings when a finding fails (`--fail-on`); failed when an article could not be
/// checked.
pub fn run(cfg: &Config, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let device = cfg.device.resolve()?;
    let engines = load_engines(cfg, device)?;
    status!(
        "device {}, {}; embed {}",
        device_name(device),
        threads_phrase(),
        engines.embed.info().model
    );
    let report = pipeline::check(
        cfg,
        &engines,
        &args.files,
        &CheckOptions {
            corpus: args.corpus.clone(),
            index: args.index.resolve(&args.corpus),
            fail_on: args.fail_on,
            progress: !args.quiet,
        },
    )?;
    for w in &report.warnings {
        warning!("{w}");
    }
    for a in &report.articles {
        if let Some(e) = &a.error {
            error!("{}: {e}", a.path);
        }
    }
    let text = match args.format {
        CheckFormat::Human => check::human::human(&report),
        CheckFormat::Github => check::github::github(&report),
        CheckFormat::Json => check::json::render_json(&report)?,
        CheckFormat::Sarif => check::sarif::to_sarif(&report)?,
        CheckFormat::Junit => check::junit::to_junit(&report)?,
    };
    match &args.output {
        Some(path) => {
            crosscheck::fsio::write_atomic(path, text.as_bytes())?;
            status!(
                "wrote {}: {}",
                path.display(),
                check::finding_counts(&report.summary)
            );
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e).context("writing to stdout");
                }
            }
        }
    }
    let s = &report.summary;
    Ok(if s.errors > 0 {
        Outcome::Failed
    } else if s.failing > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
