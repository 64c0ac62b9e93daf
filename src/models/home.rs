//! Where crosscheck's own files live (the model manifest, the MiniLM directory), so
//! that the defaults are found from any working directory: a newsroom's CI job runs
//! crosscheck inside its own repository, not inside crosscheck's.
//!
//! The first of these that holds `models/models.toml`:
//! 1. `CROSSCHECK_HOME`, when set (then it is used even without a manifest);
//! 2. beside the binary: `<bin>/../share/crosscheck` (an installed layout),
//!    `<bin>/../..` (cargo's `target/release`);
//! 3. `$XDG_DATA_HOME/crosscheck`, else `~/.local/share/crosscheck`;
//! 4. the working directory.
//!
//! When none does, the defaults stay relative to the working directory (and degrade
//! with a warning when absent there).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The environment variable that names crosscheck's home.
pub const ENV: &str = "CROSSCHECK_HOME";

/// crosscheck's home ([module docs](self)), looked up once per process.
pub fn data_home() -> Option<&'static Path> {
    static HOME: OnceLock<Option<PathBuf>> = OnceLock::new();
    HOME.get_or_init(find).as_deref()
}

/// `rel` (one of crosscheck's own files, as a path relative to its home) in the home
/// when there is one, else as given (relative to the working directory).
pub fn default_path(rel: &str) -> PathBuf {
    match data_home() {
        Some(h) => h.join(rel),
        None => PathBuf::from(rel),
    }
}

fn find() -> Option<PathBuf> {
    if let Some(h) = std::env::var_os(ENV).filter(|h| !h.is_empty()) {
        return Some(PathBuf::from(h));
    }
    let has_manifest = |d: &Path| d.join(super::manifest::MANIFEST).is_file();
    let mut candidates = Vec::new();
    if let Some(bin) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(bin.join("../share/crosscheck"));
        candidates.push(bin.join("../.."));
    }
    let xdg = std::env::var_os("XDG_DATA_HOME")
        .filter(|x| !x.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    candidates.extend(xdg.map(|x| x.join("crosscheck")));
    if let Ok(cwd) = std::env::current_dir() {
        candidates.push(cwd);
    }
    candidates
        .into_iter()
        .find(|d| has_manifest(d))
        .map(|d| std::fs::canonicalize(&d).unwrap_or(d))
}
