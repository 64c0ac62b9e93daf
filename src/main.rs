//! The `crosscheck` binary: parse arguments, run the command, map how it ended to
//! the exit status (0 ok, 1 findings, 2 error). Everything at the edge (arguments,
//! commands, messages, exit codes, the busy-machine restart) is under [`cmd`].

mod cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    crosscheck::models::device::tune_allocator();
    let result = match cmd::cli::parse() {
        Ok(cli) => cmd::run(cli),
        // Help, version or a usage error, already printed by clap.
        Err(outcome) => Ok(outcome),
    };
    cmd::exit::code(result)
}
