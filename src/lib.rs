//! crosscheck: claim verification over a corpus of news articles.
//!
//! One module per stage, in pipeline order:
//!
//! ```text
//! ingest -> segment -> entities & quantities -> claims -> embed -> align -> verify -> report
//! ```
//!
//! - [`ingest`]: files to [`Article`]s (normalized text, byte offsets kept) and the corpus;
//! - [`segment`]: an article to sentences;
//! - [`entities`] (rules and transformer behind [`EntityRecognizer`]) and
//!   [`quantities`] (money, shares, dates, counts);
//! - [`claims`]: a check-worthy sentence to a [`Claim`] (cues, attribution, slots, frames);
//! - [`embed`]: sentence vectors ([`Embedder`]: transformer or hashing);
//! - [`align`]: a [`ClaimSet`] to aligned pairs, through blocking;
//! - [`verify`]: pair decisions (quantities, polarity, [`NliEngine`]) and clusters with
//!   verdicts;
//! - [`report`]: a batch run's [`Report`] and its files; [`check`]: a check's
//!   [`CheckReport`] and its formats.
//!
//! [`pipeline`] wires the stages (engines, per-article analysis through the [`index`],
//! batch run, check); [`models`] is the libtorch backend the transformer engines
//! share; [`config`] composes the stages' own settings; [`engine`] is what every
//! engine reports about itself.

#![warn(missing_docs)]

pub mod align;
pub mod check;
pub mod claims;
pub mod config;
pub mod embed;
pub mod engine;
pub mod entities;
pub mod error;
pub mod fsio;
pub mod index;
pub mod ingest;
pub mod models;
pub mod pipeline;
pub mod quantities;
pub mod report;
pub mod segment;
pub mod text;
pub mod timing;
pub mod verify;

pub use align::{ClaimRef, ClaimSet};
pub use check::CheckReport;
pub use claims::{Claim, ClaimId};
pub use config::Config;
pub use embed::Embedder;
pub use entities::EntityRecognizer;
pub use error::{Error, Result};
pub use ingest::{Article, ArticleId};
pub use pipeline::Engines;
pub use report::Report;
pub use verify::NliEngine;
