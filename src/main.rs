//! The `crosscheck` binary: parse arguments, run, map the outcome to an exit code
//! (0 ok, 1 findings, 2 error). Errors are printed once, here, with their chain.

mod cli;
mod models_command;
use models_command as models;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use crosscheck::check::render;
use crosscheck::config::Config;
use crosscheck::engine::device_name;
use crosscheck::pipeline::{self, Engines, RunOptions};
use crosscheck::report;

use cli::{CheckArgs, CheckFormat, Cli, Command, IndexArgs, RunArgs};

fn main() -> ExitCode {
    crosscheck::engine::tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout with exit 0, usage errors with exit 2.
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    if cli.command.runs_models() {
        restart_waiting_passively_if_busy();
    }
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("crosscheck: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Set in the environment of a restart by [`restart_waiting_passively_if_busy`]: how
/// many cores other processes kept busy, and of how many.
const BUSY_NOTE: &str = "CROSSCHECK_RESTARTED_BUSY";

/// Shortest window over which other processes' CPU use is measured (the kernel's
/// counters tick every 10 ms).
const PROBE_WINDOW: std::time::Duration = std::time::Duration::from_millis(100);

/// When other processes keep at least half a core busy as crosscheck starts, runs it
/// again with `OMP_WAIT_POLICY=PASSIVE`, so that libtorch's threads sleep instead of
/// spinning while they wait (crosscheck::cpu; README, Limits). libgomp reads the
/// policy only when it loads, before `main`, hence a restart. The results are the
/// same; only the speed differs. Nothing is measured when the environment already
/// sets the policy or spin count, or when the machine looks idle (a 1-minute load
/// average under 0.25 and no thread runnable but this one); otherwise the probe
/// costs 100 ms.
#[cfg(unix)]
fn restart_waiting_passively_if_busy() {
    use std::os::unix::process::CommandExt;
    let set = |v: &str| std::env::var_os(v).is_some();
    if set("OMP_WAIT_POLICY") || set("GOMP_SPINCOUNT") || set(BUSY_NOTE) {
        return;
    }
    if crosscheck::cpu::load_average().is_some_and(|l| l.one_minute < 0.25 && l.runnable < 2) {
        return;
    }
    let probe = crosscheck::timing::stage("startup.busy-probe");
    let Some((others, cores)) =
        crosscheck::cpu::Probe::start().and_then(|p| p.finish(PROBE_WINDOW))
    else {
        return;
    };
    drop(probe);
    // One core: libtorch runs one thread, which has nobody to wait for.
    if others < 0.5 || cores < 2 {
        return;
    }
    let (Ok(exe), Some(arg0)) = (std::env::current_exe(), std::env::args_os().next()) else {
        return;
    };
    // Under a runner such as valgrind the executable is the runner's, and through a
    // link under another name it cannot be told from one: no restart in either case.
    if exe.file_name() != std::path::Path::new(&arg0).file_name() {
        return;
    }
    let mut cmd = std::process::Command::new(exe);
    cmd.arg0(arg0);
    // exec returns only when it failed.
    let err = cmd
        .args(std::env::args_os().skip(1))
        .env("OMP_WAIT_POLICY", "PASSIVE")
        .env(BUSY_NOTE, format!("{others:.1} of {cores}"))
        .exec();
    eprintln!(
        "crosscheck: warning: other processes keep {others:.1} of {cores} cores busy, and restarting with OMP_WAIT_POLICY=PASSIVE failed ({err}); the models may run many times slower"
    );
}

#[cfg(not(unix))]
fn restart_waiting_passively_if_busy() {}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(note) = std::env::var_os(BUSY_NOTE) {
        if !cli.command.quiet() {
            eprintln!(
                "crosscheck: other processes keep {} cores busy: restarted with OMP_WAIT_POLICY=PASSIVE, so libtorch's threads wait without spinning",
                note.to_string_lossy()
            );
        }
    }
    let mut cfg = Config::load(cli.config.as_deref())?;
    let model_args = match &cli.command {
        Command::Run(args) => &args.models,
        Command::Check(args) => &args.models,
        Command::Index(args) => &args.models,
        Command::Models(args) => &args.models,
    };
    model_args.apply(&mut cfg);
    if let Some(n) = cfg.models.threads {
        crosscheck::engine::set_model_threads(n);
    }
    match cli.command {
        Command::Run(args) => run_batch(&cfg, &args),
        Command::Check(args) => run_check(&cfg, &args),
        Command::Index(args) => build_index(&cfg, &args),
        Command::Models(args) => models::run(&cfg, &args),
    }
}

fn run_batch(cfg: &Config, args: &RunArgs) -> anyhow::Result<ExitCode> {
    let say = |msg: &str| {
        if !args.quiet {
            eprintln!("crosscheck: {msg}");
        }
    };
    let device = cfg.device.resolve()?;
    say(&format!(
        "device {} (requested {}), {}",
        device_name(device),
        serde_json::to_value(cfg.device)?.as_str().unwrap_or("?"),
        threads_phrase()
    ));
    let engines = load_engines(cfg, device)?;
    for (role, e) in [
        ("ner", engines.ner.info()),
        ("nli", engines.nli.info()),
        ("embed", engines.embed.info()),
    ] {
        say(&format!("{role}: {} {}", e.kind, e.model));
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
        eprintln!("crosscheck: warning: {w}");
    }
    if args.index.resolve(&args.corpus).is_some() {
        say(&format!(
            "index: {} articles reused, {} computed",
            report.reused, report.computed
        ));
    }
    for a in report.articles.iter().filter(|a| a.error.is_some()) {
        eprintln!(
            "crosscheck: {}: {}",
            a.path,
            a.error.as_deref().unwrap_or_default()
        );
    }
    let written = report::write_reports(&report, &args.out, &cfg.report)?;
    let s = &report.summary;
    println!(
        "{} article{} ({} rejected), {} claim{}: {} contradicted, {} corroborated, {} speculative, {} single-source cluster{}",
        s.articles,
        render::plural(s.articles),
        s.rejected,
        s.claims,
        render::plural(s.claims),
        s.contradicted,
        s.corroborated,
        s.speculative,
        s.single_source,
        render::plural(s.single_source)
    );
    println!(
        "wrote {}, {}, {} and {}",
        written.json.display(),
        written.markdown.display(),
        written.html.display(),
        written.claimreview.display()
    );
    if s.articles == 0 {
        eprintln!(
            "crosscheck: error: corpus {}: no article could be processed",
            args.corpus.display()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(if s.contradicted > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// "2 model threads": libtorch's intra-op threads, for the status line.
fn threads_phrase() -> String {
    match crosscheck::engine::model_threads() {
        1 => "1 model thread".to_string(),
        n => format!("{n} model threads"),
    }
}

/// The configured engines; each degraded role is announced on stderr.
fn load_engines(cfg: &Config, device: tch::Device) -> anyhow::Result<Engines> {
    Engines::load(cfg, device, &mut |w| eprintln!("crosscheck: warning: {w}"))
        .context("loading models")
}

fn run_check(cfg: &Config, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    use crosscheck::check::{self, CheckOptions};
    let device = cfg.device.resolve()?;
    let engines = load_engines(cfg, device)?;
    if !args.quiet {
        eprintln!(
            "crosscheck: device {}, {}; embed {}",
            device_name(device),
            threads_phrase(),
            engines.embed.info().model
        );
    }
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
        eprintln!("crosscheck: warning: {w}");
    }
    for a in &report.articles {
        if let Some(e) = &a.error {
            eprintln!("crosscheck: error: {}: {e}", a.path);
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
            if !args.quiet {
                let s = &report.summary;
                eprintln!(
                    "crosscheck: wrote {}: {} contradiction{}, {} corroboration{}, {} speculation{}, {} unverified",
                    path.display(),
                    s.contradictions,
                    render::plural(s.contradictions),
                    s.corroborations,
                    render::plural(s.corroborations),
                    s.speculations,
                    render::plural(s.speculations),
                    s.unverified
                );
            }
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
        ExitCode::from(2)
    } else if s.failing > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn build_index(cfg: &Config, args: &IndexArgs) -> anyhow::Result<ExitCode> {
    let device = cfg.device.resolve()?;
    let engines = load_engines(cfg, device)?;
    let corpus = crosscheck::ingest::load_corpus(&args.corpus)?;
    for r in &corpus.rejected {
        eprintln!("crosscheck: {}: {}", r.path.display(), r.error);
    }
    let dir = args
        .index
        .clone()
        .unwrap_or_else(|| args.corpus.join(crosscheck::index::DEFAULT_DIR));
    let index = crosscheck::index::Index::open(&dir)?;
    let analysis = pipeline::analyze(&corpus.articles, cfg, &engines, Some(&index), !args.quiet)?;
    for w in corpus.warnings.iter().chain(&analysis.warnings) {
        eprintln!("crosscheck: warning: {w}");
    }
    for (i, error) in &analysis.failed {
        eprintln!(
            "crosscheck: {}: {error}",
            corpus.articles[*i].path.display()
        );
    }
    let indexed = corpus.articles.len() - analysis.failed.len();
    println!(
        "indexed {indexed} article{} in {} ({} reused, {} computed, {} rejected), {} claim{}",
        render::plural(indexed),
        index.dir().display(),
        analysis.reused,
        analysis.computed,
        corpus.rejected.len() + analysis.failed.len(),
        analysis.claims.len(),
        render::plural(analysis.claims.len())
    );
    if corpus.articles.is_empty() {
        eprintln!(
            "crosscheck: error: corpus {}: no article could be processed",
            args.corpus.display()
        );
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}
