//! `crosscheck run`: the batch pipeline over a corpus, and its reports.

use crosscheck::config::Config;
use crosscheck::models::device::device_name;
use crosscheck::pipeline::{self, RunOptions};
use crosscheck::report;
use crosscheck::report::plural;

use super::cli::RunArgs;
use super::exit::Outcome;
use super::messages::{error, message, status, warning};
use super::{load_engines, threads_phrase};

/// Findings when a contradiction was found; failed when no article could be processed.
pub fn run(cfg: &Config, args: &RunArgs) -> anyhow::Result<Outcome> {
    let device = cfg.device.resolve()?;
    // Formatted under --quiet too: libtorch's thread count is read (which sets up
    // its thread pool) before the models load either way.
    let line = format!(
        "device {} (requested {}), {}",
        device_name(device),
        serde_json::to_value(cfg.device)?.as_str().unwrap_or("?"),
        threads_phrase()
    );
    status!("{line}");
    let engines = load_engines(cfg, device)?;
    for (role, e) in [
        ("ner", engines.ner.info()),
        ("nli", engines.nli.info()),
        ("embed", engines.embed.info()),
    ] {
        status!("{role}: {} {}", e.kind, e.model);
    }

    let report = pipeline::run(
        cfg,
        &engines,
        &RunOptions {
            corpus: args.corpus.clone(),
            progress: !args.quiet,
            index: args.index.resolve(&args.corpus),
        },
    )?;
    for w in &report.warnings {
        warning!("{w}");
    }
    if args.index.resolve(&args.corpus).is_some() {
        status!(
            "index: {} articles reused, {} computed",
            report.reused,
            report.computed
        );
    }
    for a in report.articles.iter().filter(|a| a.error.is_some()) {
        message!("{}: {}", a.path, a.error.as_deref().unwrap_or_default());
    }
    let written = report::write_reports(&report, &args.out, &cfg.report)?;
    let s = &report.summary;
    println!(
        "{} article{} ({} rejected, {} independent source{}), {} claim{}, {} fact{}: {} contradicted, {} superseded, {} corroborated, {} speculative, {} single-source",
        s.articles,
        plural(s.articles),
        s.rejected,
        s.independent_sources,
        plural(s.independent_sources),
        s.claims,
        plural(s.claims),
        s.facts,
        plural(s.facts),
        s.contradicted,
        s.superseded,
        s.corroborated,
        s.speculative,
        s.single_source,
    );
    println!(
        "wrote {}, {}, {} and {}",
        written.json.display(),
        written.markdown.display(),
        written.html.display(),
        written.claimreview.display()
    );
    if s.articles == 0 {
        error!(
            "corpus {}: no article could be processed",
            args.corpus.display()
        );
        return Ok(Outcome::Failed);
    }
    Ok(if s.contradicted > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
