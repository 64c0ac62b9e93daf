//! The integration tests: one test binary with a module per area (the layout of
//! ripgrep's tests/tests.rs), so libtorch and the crate are linked once. Cargo.toml
//! sets `autotests = false`: a new file under tests/ is a module declared here, not a
//! binary of its own. One area: `cargo test --release --test tests check::`.
//!
//! The modules share one process and run in parallel: a test passes settings to the
//! binary through its Command (`env`, `current_dir`), never through this process's
//! environment or working directory, and writes into temporary directories of its
//! own. What tests share is safe to share: corpus/.crosscheck (cli's runs over the
//! seed corpus; records are written atomically and reused only for the same content
//! and settings) and target/tiny-models (generated once: common::tiny_models).

mod common;

mod check;
mod cli;
mod embed_parity;
mod formats;
mod html_report;
mod independence;
mod index;
mod links;
mod models;
mod planted;
mod ray;
mod reading;
mod robustness;
mod seed_corpus;
mod transformer_parity;
mod verdicts;
