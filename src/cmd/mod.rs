//! The binary's edge: the arguments ([`cli`]), one module per command ([`mod@run`],
//! [`check`], [`index`], [`models`], [`worker`]), what they print on stderr ([`messages`]), how
//! they end ([`exit`]), and the busy-machine restart ([`restart`]) with its `/proc`
//! probe ([`cpu`]). Each command module holds that command's calls into the library.

mod check;
pub mod cli;
#[cfg_attr(
    not(all(target_os = "linux", target_env = "gnu")),
    allow(dead_code, reason = "the restart is Linux/glibc only")
)]
mod cpu;
pub mod exit;
mod index;
pub mod messages;
mod models;
mod restart;
mod run;
mod worker;

use anyhow::Context;

use crosscheck::config::Config;
use crosscheck::pipeline::Engines;
use crosscheck::report::plural;

use cli::{Cli, Command, WorkerAction};
use exit::Outcome;
use messages::warning;

/// Runs the command: announces a busy-machine restart, loads the configuration,
/// applies the model flags over it and sizes libtorch's thread pool, then dispatches.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    messages::set_quiet(cli.command.quiet());
    restart::announce();
    let mut cfg = Config::load(cli.config.as_deref())?;
    let model_args = match &cli.command {
        Command::Run(args) => Some(&args.models),
        Command::Check(args) => Some(&args.models),
        Command::Index(args) => Some(&args.models),
        Command::Models(args) => Some(&args.models),
        Command::Worker(args) => match &args.action {
            WorkerAction::Analyze(a) => Some(&a.models),
            WorkerAction::List(_) => None,
        },
    };
    if let Some(m) = model_args {
        m.apply(&mut cfg);
    }
    match &cli.command {
        Command::Run(args) => args.walk.apply(&mut cfg),
        Command::Check(args) => args.walk.apply(&mut cfg),
        Command::Index(args) => args.walk.apply(&mut cfg),
        Command::Worker(args) => match &args.action {
            WorkerAction::List(a) => a.walk.apply(&mut cfg),
            WorkerAction::Analyze(a) => a.walk.apply(&mut cfg),
        },
        Command::Models(_) => {}
    }
    if let Some(n) = cfg.models.threads {
        crosscheck::models::device::set_model_threads(n);
    }
    match cli.command {
        Command::Run(args) => run::run(&cfg, &args),
        Command::Check(args) => check::run(&cfg, &args),
        Command::Index(args) => index::run(&cfg, &args),
        Command::Models(args) => models::run(&cfg, &args),
        Command::Worker(args) => match args.action {
            WorkerAction::List(a) => worker::list(&cfg, &a),
            WorkerAction::Analyze(a) => worker::analyze(&cfg, &a),
        },
    }
}

/// "2 model threads": libtorch's intra-op threads, for the status line.
fn threads_phrase() -> String {
    let n = crosscheck::models::device::model_threads();
    format!("{n} model thread{}", plural(n))
}

/// The configured engines; each degraded role is announced on stderr.
fn load_engines(cfg: &Config, device: tch::Device) -> anyhow::Result<Engines> {
    Engines::load(cfg, device, &mut |w| warning!("{w}")).context("loading models")
}
