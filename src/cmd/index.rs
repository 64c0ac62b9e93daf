//! `crosscheck index`: analyse a corpus and store per-article results for `run` and
//! `check` to reuse.

use crosscheck::config::Config;
use crosscheck::pipeline;
use crosscheck::report::plural;

use super::cli::IndexArgs;
use super::exit::Outcome;
use super::load_engines;
use super::messages::{error, message, warning};

/// Failed when no article could be processed.
pub fn run(cfg: &Config, args: &IndexArgs) -> anyhow::Result<Outcome> {
    let device = cfg.device.resolve()?;
    let engines = load_engines(cfg, device)?;
    let corpus = crosscheck::ingest::load_corpus(&args.corpus, &cfg.ingest)?;
    for r in &corpus.rejected {
        message!("{}: {}", r.path.display(), r.error);
    }
    let dir = args
        .index
        .clone()
        .unwrap_or_else(|| args.corpus.join(crosscheck::index::DEFAULT_DIR));
    let index = crosscheck::index::Index::open(&dir)?;
    let analysis = pipeline::analyze(&corpus.articles, cfg, &engines, Some(&index), !args.quiet)?;
    for w in corpus.warnings.iter().chain(&analysis.warnings) {
        warning!("{w}");
    }
    for (i, error) in &analysis.failed {
        message!("{}: {error}", corpus.articles[*i].path.display());
    }
    let indexed = corpus.articles.len() - analysis.failed.len();
    println!(
        "indexed {indexed} article{} in {} ({} reused, {} computed, {} rejected), {} claim{}",
        plural(indexed),
        index.dir().display(),
        analysis.reused,
        analysis.computed,
        corpus.rejected.len() + analysis.failed.len(),
        analysis.claims.len(),
        plural(analysis.claims.len())
    );
    if corpus.articles.is_empty() {
        error!(
            "corpus {}: no article could be processed",
            args.corpus.display()
        );
        return Ok(Outcome::Failed);
    }
    Ok(Outcome::Clean)
}
