//! The `crosscheck` binary: parse arguments, run, map the outcome to an exit code
//! (0 ok, 1 findings, 2 error). Errors are printed once, here, with their chain.

mod cli;
mod models_command;
use models_command as models;

use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use crosscheck::config::Config;
use crosscheck::models::device::{self, device_name};
use crosscheck::pipeline::{self, Engines, RunOptions};
use crosscheck::report;

use cli::{CheckArgs, CheckFormat, Cli, Command, IndexArgs, RunArgs};

fn main() -> ExitCode {
    device::tune_allocator();
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
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("crosscheck: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// Set in the environment of the restart by [`choose_wait_policy`]: how many cores
/// other processes keep busy, and of how many.
const BUSY_NOTE: &str = "CROSSCHECK_BUSY_CORES";

/// Why [`choose_wait_policy`] could not restart: cores busy, cores, the error.
static RESTART_FAILED: std::sync::OnceLock<(f64, usize, String)> = std::sync::OnceLock::new();

/// Runs before every shared library's initializer, libgomp's and libc's included
/// (the executable's `.preinit_array` comes first). When other processes keep at
/// least half a core busy (crosscheck::cpu::busy_elsewhere), it starts the program
/// again with `OMP_WAIT_POLICY=PASSIVE`, so that libtorch's OpenMP threads sleep
/// instead of spinning while they wait for each other (README, Limits). libgomp reads
/// the policy only in its initializer, and `environ` is not set up yet here, hence
/// the restart; done now, before libtorch's initializers, it costs milliseconds. The
/// results are the same; only the speed differs. Only commands that run models
/// measure (`run`, `check`, `index`, `models verify`), and nothing is measured when
/// the environment already sets the policy or the spin count.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".preinit_array"]
static CHOOSE_WAIT_POLICY: extern "C" fn(
    libc::c_int,
    *const *const libc::c_char,
    *const *const libc::c_char,
) = choose_wait_policy;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn choose_wait_policy(
    argc: libc::c_int,
    argv: *const *const libc::c_char,
    envp: *const *const libc::c_char,
) {
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    // Nothing here may panic, or read the environment through std: this runs
    // before main, and before libc has set up `environ`.
    // SAFETY: the loader passes argc valid, NUL-terminated argv strings, and envp
    // as a NULL-terminated array of them.
    let args: Vec<&CStr> = (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) })
        .collect();
    let mut env: Vec<*const libc::c_char> = Vec::new();
    while !envp.is_null() && !unsafe { *envp.add(env.len()) }.is_null() {
        env.push(unsafe { *envp.add(env.len()) });
    }
    let runs_models = args
        .iter()
        .skip(1)
        .any(|a| matches!(a.to_bytes(), b"run" | b"check" | b"index" | b"verify"));
    let set = |name: &str| {
        env.iter().any(|&p| {
            let var = unsafe { CStr::from_ptr(p) }.to_bytes();
            var.strip_prefix(name.as_bytes())
                .is_some_and(|rest| rest.first() == Some(&b'='))
        })
    };
    if !runs_models || set("OMP_WAIT_POLICY") || set("GOMP_SPINCOUNT") || set(BUSY_NOTE) {
        return;
    }
    let Some((others, cores)) = crosscheck::cpu::busy_elsewhere() else {
        return;
    };
    let fail = |why: String| {
        let _ = RESTART_FAILED.set((others, cores, why));
    };
    let exe = match std::fs::read_link("/proc/self/exe") {
        Ok(exe) => exe,
        Err(e) => return fail(format!("/proc/self/exe: {e}")),
    };
    // Under a runner such as valgrind the executable is the runner's, and through a
    // link under another name it cannot be told from one: no restart in either case.
    let arg0 = args
        .first()
        .map(|a| std::path::Path::new(std::ffi::OsStr::from_bytes(a.to_bytes())));
    if exe.file_name() != arg0.and_then(|a| a.file_name()) {
        return;
    }
    let (Ok(exe), Ok(note)) = (
        CString::new(exe.as_os_str().as_bytes()),
        CString::new(format!("{BUSY_NOTE}={others:.1} of {cores}")),
    ) else {
        return;
    };
    env.push(c"OMP_WAIT_POLICY=PASSIVE".as_ptr());
    env.push(note.as_ptr());
    env.push(std::ptr::null());
    // SAFETY: every pointer is a NUL-terminated string that outlives the call, and
    // both arrays end with NULL. execve returns only when it failed.
    unsafe { libc::execve(exe.as_ptr(), argv, env.as_ptr()) };
    fail(std::io::Error::last_os_error().to_string());
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some((others, cores, why)) = RESTART_FAILED.get() {
        eprintln!(
            "crosscheck: warning: other processes keep {others:.1} of {cores} cores busy, and restarting with OMP_WAIT_POLICY=PASSIVE failed ({why}); the models may run many times slower"
        );
    } else if let Some(note) = std::env::var_os(BUSY_NOTE) {
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
        device::set_model_threads(n);
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
        report::plural(s.articles),
        s.rejected,
        s.claims,
        report::plural(s.claims),
        s.contradicted,
        s.corroborated,
        s.speculative,
        s.single_source,
        report::plural(s.single_source)
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
    let n = device::model_threads();
    format!("{n} model thread{}", report::plural(n))
}

/// The configured engines; each degraded role is announced on stderr.
fn load_engines(cfg: &Config, device: tch::Device) -> anyhow::Result<Engines> {
    Engines::load(cfg, device, &mut |w| eprintln!("crosscheck: warning: {w}"))
        .context("loading models")
}

fn run_check(cfg: &Config, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    use crosscheck::check;
    use crosscheck::pipeline::CheckOptions;
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
        eprintln!("crosscheck: warning: {w}");
    }
    for a in &report.articles {
        if let Some(e) = &a.error {
            eprintln!("crosscheck: error: {}: {e}", a.path);
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
            if !args.quiet {
                eprintln!(
                    "crosscheck: wrote {}: {}",
                    path.display(),
                    check::finding_counts(&report.summary)
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
        report::plural(indexed),
        index.dir().display(),
        analysis.reused,
        analysis.computed,
        corpus.rejected.len() + analysis.failed.len(),
        analysis.claims.len(),
        report::plural(analysis.claims.len())
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
