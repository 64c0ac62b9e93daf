//! `crosscheck check`: articles against an indexed corpus, in one of five formats.

use anyhow::Context;

use crosscheck::check::{self, render, CheckOptions};
use crosscheck::config::Config;
use crosscheck::engine::device_name;
use crosscheck::report;

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
    let report = check::check(
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
        CheckFormat::Human => render::human(&report),
        CheckFormat::Github => render::github(&report),
        CheckFormat::Json => {
            let mut t = serde_json::to_string_pretty(&report)?;
            t.push('\n');
            t
        }
        CheckFormat::Sarif => check::sarif::to_sarif(&report)?,
        CheckFormat::Junit => check::junit::to_junit(&report)?,
    };
    match &args.output {
        Some(path) => {
            report::write_atomic(path, text.as_bytes())?;
            status!(
                "wrote {}: {}",
                path.display(),
                render::finding_counts(&report.summary)
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
