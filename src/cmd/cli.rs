//! Command-line arguments (clap), parsed once and merged into the configuration.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crosscheck::config::Config;
use crosscheck::models::DeviceChoice;

use super::exit::Outcome;

/// The arguments of this process. `Err` when there is nothing to run: clap has
/// printed help or the version (on stdout, [`Outcome::Clean`]) or a usage error
/// (on stderr, [`Outcome::Failed`]).
pub fn parse() -> Result<Cli, Outcome> {
    Cli::try_parse().map_err(|e| {
        let _ = e.print();
        if e.use_stderr() {
            Outcome::Failed
        } else {
            Outcome::Clean
        }
    })
}

#[derive(Debug, Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Verify claims across a corpus of news articles"
)]
pub struct Cli {
    /// Configuration file [default: ./crosscheck.toml when present]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the batch pipeline over a corpus and write reports.
    ///
    /// Exit status: 0 when no contradiction was found, 1 when one was, 2 on error
    /// (including a corpus in which no article could be processed).
    Run(RunArgs),
    /// Analyse the corpus and store per-article results in the index, so that `run`
    /// and `check` reuse them.
    Index(IndexArgs),
    /// Check articles against an indexed corpus: which of their claims the corpus
    /// contradicts, corroborates, which are speculation and which are new.
    ///
    /// Exit status: 0 when no finding fails (see --fail-on), 1 when one does, 2 on a
    /// usage or input error (unreadable article, unusable corpus).
    Check(CheckArgs),
    /// The models behind each role: list, fetch from the hub, verify.
    ///
    /// Exit status: 0 when every named model is fetched (fetch) or present and runs
    /// (verify), 2 otherwise; list always exits 0.
    Models(ModelsArgs),
    /// The worker side of a distributed run (bridge/ray_driver.py, docs/SCALING.md):
    /// list a corpus, or analyse articles into the index, as JSON lines.
    #[command(hide = true)]
    Worker(WorkerArgs),
}

impl Command {
    /// Whether status lines are off (`--quiet`).
    pub fn quiet(&self) -> bool {
        match self {
            Command::Run(a) => a.quiet,
            Command::Check(a) => a.quiet,
            Command::Index(a) => a.quiet,
            Command::Models(_) => false,
            Command::Worker(a) => match &a.action {
                WorkerAction::List(_) => false,
                WorkerAction::Analyze(a) => a.quiet,
            },
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Compiler-style diagnostics with the sentence, a caret and the evidence
    Human,
    /// crosscheck.check/v1 (documented in docs/CHECK.md)
    Json,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// JUnit XML, a test case per claim
    Junit,
    /// GitHub Actions annotations (::error file=...,line=...::)
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Articles to check (.txt, .md, .html)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Directory of corpus articles to check against
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    #[arg(long, value_enum, default_value = "human")]
    pub format: CheckFormat,
    /// Which findings fail the check (exit status 1)
    #[arg(long, value_enum, default_value = "contradiction")]
    pub fail_on: crosscheck::check::FailOn,
    /// Write the output to this file (atomically) instead of stdout
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// No progress bars or status lines on stderr (errors and warnings still show)
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub index: IndexLocation,
}

#[derive(Debug, Args)]
pub struct IndexLocation {
    /// Index directory [default: <corpus>/.crosscheck]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Compute everything afresh and leave the index untouched
    #[arg(long, conflicts_with = "index")]
    pub no_index: bool,
}

impl IndexLocation {
    pub fn resolve(&self, corpus: &std::path::Path) -> Option<PathBuf> {
        if self.no_index {
            return None;
        }
        Some(
            self.index
                .clone()
                .unwrap_or_else(|| corpus.join(crosscheck::index::DEFAULT_DIR)),
        )
    }
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Directory of articles (.txt, .md, .html)
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Index directory [default: <corpus>/.crosscheck]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// No progress bars or status lines on stderr
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Directory of articles (.txt, .md, .html)
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Directory for report.json and report.md
    #[arg(long, default_value = "reports", value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// No progress bars or status lines on stderr (errors and warnings still show)
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub index: IndexLocation,
}

/// Which models run, and where; shared by every command that runs them.
#[derive(Debug, Args)]
pub struct ModelArgs {
    /// Where transformer models run
    #[arg(long, value_enum)]
    pub device: Option<DeviceChoice>,
    /// NER model: a directory in HF layout or a hub id (org/name[@revision]) [default: models/models.toml]
    #[arg(long, value_name = "DIR|ID")]
    pub ner_model: Option<String>,
    /// NLI cross-encoder: a directory in HF layout or a hub id [default: models/models.toml]
    #[arg(long, value_name = "DIR|ID")]
    pub nli_model: Option<String>,
    /// Sentence-embedding model directory (HF layout)
    #[arg(long, value_name = "DIR")]
    pub embed_model: Option<PathBuf>,
    /// CPU threads per model forward pass [default: one per core]; scores can differ
    /// in their last digits from one count to another
    #[arg(long, value_name = "N")]
    pub model_threads: Option<NonZeroUsize>,
}

impl ModelArgs {
    /// Flags override the configuration file.
    pub fn apply(&self, cfg: &mut Config) {
        if let Some(d) = self.device {
            cfg.device = d;
        }
        if let Some(m) = &self.ner_model {
            cfg.models.ner = Some(m.clone());
        }
        if let Some(m) = &self.nli_model {
            cfg.models.nli = Some(m.clone());
        }
        if let Some(m) = &self.embed_model {
            cfg.models.embed = Some(m.clone());
        }
        if let Some(n) = self.model_threads {
            cfg.models.threads = Some(n);
        }
    }
}

/// How the corpus (and checked files) are read; shared by run, check and index.
#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Follow symbolic links that lead out of the corpus (or out of a checked file's
    /// repository); by default they are skipped with a warning, or refused for a
    /// checked file
    #[arg(long)]
    pub follow_links: bool,
}

impl WalkArgs {
    /// The flag overrides `[ingest] follow_links`.
    pub fn apply(&self, cfg: &mut Config) {
        if self.follow_links {
            cfg.ingest.follow_links = true;
        }
    }
}

#[derive(Debug, Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub action: ModelsAction,
    #[command(flatten)]
    pub models: ModelArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    Ner,
    Nli,
    Embed,
}

#[derive(Debug, Subcommand)]
pub enum ModelsAction {
    /// What each role (ner, nli, embed) resolves to, and whether it is present.
    List,
    /// Download hub models into the Hugging Face cache (HF_HOME, HF_ENDPOINT;
    /// refused under HF_HUB_OFFLINE).
    ///
    /// Each model's files are checked against the sha256 the manifest's lock records
    /// for its commit; a file that differs is an error and is taken out of the cache.
    Fetch {
        /// Only this role [default: every role with a hub model]
        role: Option<Role>,
        /// Record the fetched files' sha256 in the manifest's lock instead of checking
        /// them, and pin a manifest role's revision to the commit it resolved to
        #[arg(long)]
        update: bool,
    },
    /// Check each present hub model's files against the lock, then load each present
    /// model and run one input through it.
    Verify,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[command(subcommand)]
    pub action: WorkerAction,
}

#[derive(Debug, Subcommand)]
pub enum WorkerAction {
    /// Print the corpus's article files, one JSON line each (`{"path": "a/b.txt"}`,
    /// relative to the corpus), as `run` finds them.
    List(WorkerListArgs),
    /// Load the engines once, then answer requests on stdin, one JSON line each
    /// (`{"paths": [...]}`): analyse those articles into the index and reply with one
    /// JSON line on stdout. Ends at the end of stdin.
    Analyze(WorkerAnalyzeArgs),
}

#[derive(Debug, Args)]
pub struct WorkerListArgs {
    /// Directory of articles (.txt, .md, .html)
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub walk: WalkArgs,
}

#[derive(Debug, Args)]
pub struct WorkerAnalyzeArgs {
    /// Directory of articles the requested paths are relative to
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// Index directory [default: <corpus>/.crosscheck]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub walk: WalkArgs,
    /// No status lines on stderr (errors and warnings still show)
    #[arg(long, short)]
    pub quiet: bool,
}
