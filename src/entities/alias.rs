//! The corpus-wide alias table: the built-in aliases ("aws" -> "amazon web services")
//! and those the articles declare ("Amazon Web Services (AWS)").

use std::collections::HashMap;

use super::gazetteer::BUILTIN_ALIASES;
use super::Alias;

/// Corpus-wide alias table: built-in aliases plus declared ones.
#[derive(Debug, Clone, Default)]
pub struct AliasTable {
    map: HashMap<String, String>,
}

impl AliasTable {
    /// A table holding only the built-in aliases.
    pub fn with_builtins() -> Self {
        AliasTable {
            map: BUILTIN_ALIASES
                .iter()
                .map(|(a, c)| (a.to_string(), c.to_string()))
                .collect(),
        }
    }

    /// Adds a declared alias; a declaration never remaps a canonical name to an alias.
    pub fn add(&mut self, alias: &Alias) {
        if alias.alias == alias.canonical || self.map.contains_key(&alias.canonical) {
            return;
        }
        self.map
            .entry(alias.alias.clone())
            .or_insert_with(|| alias.canonical.clone());
    }

    /// The canonical key for `key`, following aliases of aliases a few hops; a key
    /// without an alias comes back unchanged.
    pub fn resolve(&self, key: &str) -> String {
        let mut k = key;
        // Follow at most a few hops (aliases of aliases), never loop.
        for _ in 0..4 {
            match self.map.get(k) {
                Some(next) if next != k => k = next,
                _ => break,
            }
        }
        k.to_string()
    }
}
