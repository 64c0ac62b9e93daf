//! The stages wired together. [`engines`] chooses the model-backed engines once per
//! process; [`analyze`] runs the per-article stages (ingested article -> segment ->
//! entities & quantities -> claims -> embed -> blocking keys), through the index;
//! [`batch`] aligns and verifies a corpus into a [`crate::report::Report`];
//! [`check`] checks new articles against a corpus into a
//! [`crate::check::CheckReport`].

pub mod analyze;
pub mod batch;
pub mod check;
pub mod engines;
mod fingerprint;
mod record;

pub use analyze::{analyze, analyze_partly_indexed, extract_claims, Analysis};
pub use batch::{run, RunOptions};
pub use check::{check, CheckOptions};
pub use engines::Engines;
pub use fingerprint::{fingerprint, ANALYSIS_REVISION};
