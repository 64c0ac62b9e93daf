//! What the binary says on stderr, in one voice (after ripgrep's `messages`):
//!
//! - [`status!`]: `crosscheck: ...`, what runs where and what was written; off under
//!   `--quiet`;
//! - [`message!`]: `crosscheck: ...`, about one input (an article that could not be
//!   read or analysed); always shown;
//! - [`warning!`]: `crosscheck: warning: ...`; always shown;
//! - [`error!`]: `crosscheck: error: ...`; always shown.
//!
//! The quiet switch is set once, from the arguments, before anything is printed
//! ([`set_quiet`]). Progress bars are the library's, switched by each command.

use std::sync::atomic::{AtomicBool, Ordering};

/// Whether status lines are off (`--quiet`).
static QUIET: AtomicBool = AtomicBool::new(false);

/// Turns status lines off (`true`) or on.
pub fn set_quiet(yes: bool) {
    QUIET.store(yes, Ordering::Relaxed);
}

/// Whether status lines are off.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A status line, `crosscheck: ...`, unless `--quiet`.
macro_rules! status {
    ($($arg:tt)*) => {
        if !$crate::cmd::messages::quiet() {
            eprintln!("crosscheck: {}", format_args!($($arg)*));
        }
    };
}

/// A line about one input, `crosscheck: ...`, shown even under `--quiet`.
macro_rules! message {
    ($($arg:tt)*) => {
        eprintln!("crosscheck: {}", format_args!($($arg)*))
    };
}

/// `crosscheck: warning: ...`, shown even under `--quiet`.
macro_rules! warning {
    ($($arg:tt)*) => {
        eprintln!("crosscheck: warning: {}", format_args!($($arg)*))
    };
}

/// `crosscheck: error: ...`, shown even under `--quiet`.
macro_rules! error {
    ($($arg:tt)*) => {
        eprintln!("crosscheck: error: {}", format_args!($($arg)*))
    };
}

pub(crate) use {error, message, status, warning};
