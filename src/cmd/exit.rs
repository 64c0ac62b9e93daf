//! How a command ended, and the one place where that becomes the exit status:
//! 0 nothing failed, 1 findings that fail (a contradiction for `run`, a finding
//! selected by `--fail-on` for `check`), 2 an error.

use std::process::ExitCode;

use super::messages::error;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0: done, and nothing failed (also `--help` and `--version`).
    Clean,
    /// Exit 1: done, with findings that fail.
    Findings,
    /// Exit 2: an error, already reported on stderr (a usage error, a corpus in
    /// which no article could be processed, an unreadable article, a model absent).
    Failed,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failed => ExitCode::from(2),
        }
    }
}

/// The exit status of a command; an error that ended it is printed here, once, with
/// its chain of causes.
pub fn code(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            error!("{err:#}");
            Outcome::Failed.exit_code()
        }
    }
}
