mod pipeline;
mod scorer;
mod stopwords;
mod tokenizer;

pub use pipeline::{Keyword, KeywordExtractionConfig, KeywordExtractionModel, KeywordScorerType};
