//! Stage timings on stderr, for benchmarks and profiling: set `CROSSCHECK_TIMINGS=1`
//! and each timed stage prints `crosscheck: time <stage> <seconds>` when it ends.
//! Off by default; reports never contain timings.

use std::sync::LazyLock;
use std::time::Instant;

static ENABLED: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("CROSSCHECK_TIMINGS").is_some_and(|v| v != "0"));

/// A running stage; prints its wall time when dropped (if timings are on).
pub struct Stage {
    name: &'static str,
    start: Instant,
}

/// Starts timing `name`.
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        start: Instant::now(),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if *ENABLED {
            eprintln!(
                "crosscheck: time {} {:.3}",
                self.name,
                self.start.elapsed().as_secs_f64()
            );
        }
    }
}
