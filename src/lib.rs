//! crosscheck: claim verification over a corpus of news articles.
//!
//! The modules follow the pipeline, in order:
//! [`ingest`] -> [`segment`] -> [`entities`] & [`quantities`] -> [`claims`] ->
//! [`align`] -> [`verify`] -> [`report`], with [`embed`] providing sentence vectors,
//! [`pipeline`] wiring the stages and [`config`] / [`engine`] the settings and the
//! model-backed engines ([`cpu`] sizes their thread pool).

pub mod align;
pub mod check;
pub mod claims;
pub mod config;
pub mod embed;
pub mod engine;
pub mod entities;
pub mod error;
pub mod index;
pub mod ingest;
pub mod models;
pub mod pipeline;
pub mod quantities;
pub mod record;
pub mod report;
pub mod segment;
pub mod text;
pub mod timing;
pub mod verify;

pub use error::{Error, Result};
