//! How busy the cores this process may run on are with other processes' work, read
//! from `/proc`.
//!
//! libtorch's OpenMP threads spin while they wait for each other at the end of every
//! parallel region. When another process holds one of the cores, the thread that
//! shares it falls behind while the others spin: with `make bench-busy` (2 cores,
//! 1,000 one-line articles) a run took 3 to 24 times longer beside one busy process
//! than alone. With `OMP_WAIT_POLICY=PASSIVE` the waiting threads sleep instead, at
//! a price of about 1.7x when the machine is idle (docs/LIMITS.md). libgomp reads the
//! policy once, in its initializer; the binary calls [`busy_elsewhere`] earlier still,
//! from the executable's `.preinit_array`, and only when other processes are busy
//! starts itself again with that policy, before any library's initializer has run.
//! Linux only: elsewhere nothing is measured.

use std::time::{Duration, Instant};

/// CPU time counters, in clock ticks, at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// Ticks the allowed cores spent busy (anyone's work, stolen time included).
    pub busy: u64,
    /// Ticks the allowed cores existed (busy + idle).
    pub total: u64,
    /// Ticks this process ran, all its threads, user and system.
    pub own: u64,
}

/// A measurement window over the cores this process may run on.
#[derive(Debug)]
pub struct Probe {
    cpus: Vec<usize>,
    start: Sample,
    started: Instant,
}

impl Probe {
    /// Starts a window; `None` where `/proc` or the affinity mask cannot be read.
    pub fn start() -> Option<Probe> {
        let cpus = allowed_cpus()?;
        let start = read_sample(&cpus)?;
        Some(Probe {
            cpus,
            start,
            started: Instant::now(),
        })
    }

    /// Ends the window, waiting until it has lasted at least `min` (the counters tick
    /// 100 times a second, so a window much shorter than 100 ms says little).
    /// Returns `(cores other processes kept busy on average, cores allowed)`.
    pub fn finish(self, min: Duration) -> Option<(f64, usize)> {
        if let Some(rest) = min.checked_sub(self.started.elapsed()) {
            std::thread::sleep(rest);
        }
        let end = read_sample(&self.cpus)?;
        Some((
            others_busy_cores(&self.start, &end, self.cpus.len())?,
            self.cpus.len(),
        ))
    }
}

/// Cores other processes kept busy between two samples, on average over the window:
/// busy ticks not spent by this process, over the ticks one core had.
pub fn others_busy_cores(start: &Sample, end: &Sample, cores: usize) -> Option<f64> {
    let total = end.total.checked_sub(start.total)?;
    if cores == 0 || total == 0 {
        return None;
    }
    let busy = end.busy.saturating_sub(start.busy);
    let own = end.own.saturating_sub(start.own);
    let per_core = total as f64 / cores as f64;
    Some(busy.saturating_sub(own) as f64 / per_core)
}

/// Shortest window over which other processes' CPU use is measured (the kernel's
/// counters tick every 10 ms).
pub const PROBE_WINDOW: Duration = Duration::from_millis(100);

/// `(cores other processes keep busy, cores allowed)` when they keep at least half a
/// core busy on a machine of two or more, measured over [`PROBE_WINDOW`]; `None`
/// otherwise, at once when the machine looks idle (a 1-minute load average under
/// 0.25 and no thread runnable but the caller). On one core libtorch runs one
/// thread, which has nobody to wait for. Reads `/proc` only (no environment), so it
/// can run before libc has set up `environ`.
pub fn busy_elsewhere() -> Option<(f64, usize)> {
    if load_average().is_some_and(|l| l.one_minute < 0.25 && l.runnable < 2) {
        return None;
    }
    let (others, cores) = Probe::start()?.finish(PROBE_WINDOW)?;
    (others >= 0.5 && cores >= 2).then_some((others, cores))
}

/// What `/proc/loadavg` says: the 1-minute load average, and how many threads are
/// runnable at this moment (the reader among them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadAverage {
    pub one_minute: f64,
    pub runnable: u32,
}

/// Parses `/proc/loadavg` text ("0.42 1.10 2.00 2/79 13610").
pub fn parse_load_average(loadavg: &str) -> Option<LoadAverage> {
    let mut f = loadavg.split_ascii_whitespace();
    let one_minute = f.next()?.parse().ok()?;
    let runnable = f.nth(2)?.split('/').next()?.parse().ok()?;
    Some(LoadAverage {
        one_minute,
        runnable,
    })
}

/// This machine's load average, where `/proc/loadavg` exists.
pub fn load_average() -> Option<LoadAverage> {
    parse_load_average(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// Parses `/proc/stat` and `/proc/self/stat` text into a [`Sample`] over `cpus`.
pub fn parse_sample(proc_stat: &str, self_stat: &str, cpus: &[usize]) -> Option<Sample> {
    let (mut busy, mut total) = (0u64, 0u64);
    let mut seen = 0;
    for line in proc_stat.lines() {
        let mut fields = line.split_ascii_whitespace();
        let Some(id) = fields
            .next()
            .and_then(|name| name.strip_prefix("cpu"))
            .and_then(|n| n.parse::<usize>().ok())
        else {
            continue;
        };
        if !cpus.contains(&id) {
            continue;
        }
        // user nice system idle iowait irq softirq steal (guest time is inside user).
        let v: Vec<u64> = fields.take(8).map(|f| f.parse().unwrap_or(0)).collect();
        if v.len() < 5 {
            return None;
        }
        let idle = v[3] + v[4];
        let all: u64 = v.iter().sum();
        busy += all - idle;
        total += all;
        seen += 1;
    }
    if seen == 0 {
        return None;
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    let after = &self_stat[self_stat.rfind(')')? + 1..];
    let f: Vec<&str> = after.split_ascii_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12th and 13th after the name.
    let own = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Sample { busy, total, own })
}

fn read_sample(cpus: &[usize]) -> Option<Sample> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    parse_sample(&stat, &own, cpus)
}

/// The CPUs this process may run on (its affinity mask).
#[cfg(target_os = "linux")]
fn allowed_cpus() -> Option<Vec<usize>> {
    // SAFETY: cpu_set_t is plain data; sched_getaffinity writes at most its size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return None;
        }
        let cpus: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &set))
            .collect();
        (!cpus.is_empty()).then_some(cpus)
    }
}

#[cfg(not(target_os = "linux"))]
fn allowed_cpus() -> Option<Vec<usize>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAT: &str = "cpu  300 0 100 1600 0 0 0 0 0 0\n\
        cpu0 200 0 50 750 0 0 0 0 0 0\n\
        cpu1 100 0 50 850 0 0 0 0 0 0\n\
        intr 12345 0 0\nctxt 999\n";
    const SELF: &str = "4242 (a (weird) name) R 1 1 1 0 -1 4194304 10 0 0 0 70 30 0 0 20 0 3 0";

    #[test]
    fn samples_sum_the_allowed_cpus_and_this_process() {
        let s = parse_sample(STAT, SELF, &[0, 1]).unwrap();
        assert_eq!(
            s,
            Sample {
                busy: 400,
                total: 2000,
                own: 100
            }
        );
        let only1 = parse_sample(STAT, SELF, &[1]).unwrap();
        assert_eq!((only1.busy, only1.total), (150, 1000));
        // The aggregate "cpu" line is not a core; a mask naming no listed core is no sample.
        assert_eq!(parse_sample(STAT, SELF, &[7]), None);
        assert_eq!(parse_sample(STAT, "garbage", &[0]), None);
    }

    #[test]
    fn other_processes_busy_cores_exclude_this_process() {
        // A 100 ms window on 2 cores (20 ticks): all busy, 10 of them ours.
        let a = Sample {
            busy: 1000,
            total: 5000,
            own: 50,
        };
        let b = Sample {
            busy: 1020,
            total: 5020,
            own: 60,
        };
        assert_eq!(others_busy_cores(&a, &b, 2), Some(1.0));
        // Only our own work: nobody else.
        let c = Sample {
            busy: 1010,
            total: 5020,
            own: 60,
        };
        assert_eq!(others_busy_cores(&a, &c, 2), Some(0.0));
        // No time passed, or counters went backwards: no answer.
        assert_eq!(others_busy_cores(&a, &a, 2), None);
        assert_eq!(others_busy_cores(&b, &a, 2), None);
    }

    #[test]
    fn load_average_and_runnable_threads() {
        assert_eq!(
            parse_load_average("0.42 1.10 2.00 3/79 13610\n"),
            Some(LoadAverage {
                one_minute: 0.42,
                runnable: 3
            })
        );
        assert_eq!(parse_load_average(""), None);
        assert_eq!(parse_load_average("0.42 1.10 2.00"), None);
        assert_eq!(parse_load_average("n/a 1 2 1/2 3"), None);
    }

    /// Cores others kept busy over a 300 ms window while `busy` runs.
    #[cfg(target_os = "linux")]
    fn window_with<T>(busy: impl FnOnce() -> T, end: impl FnOnce(T)) -> (f64, usize) {
        let probe = Probe::start().expect("/proc/stat and the affinity mask are readable");
        let running = busy();
        let measured = probe.finish(Duration::from_millis(300)).unwrap();
        end(running);
        measured
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn another_process_counts_and_this_one_does_not() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        // Our own thread spinning through the window...
        let (ours, cores) = window_with(
            || {
                let stop = Arc::new(AtomicBool::new(false));
                let flag = stop.clone();
                let t = std::thread::spawn(move || {
                    while !flag.load(Ordering::Relaxed) {
                        std::hint::spin_loop();
                    }
                });
                (stop, t)
            },
            |(stop, t)| {
                stop.store(true, Ordering::Relaxed);
                t.join().unwrap();
            },
        );
        if cores < 2 {
            return; // one core: the spinner and the window's reader share it
        }
        // Other work on the machine (a parallel build) lands in every window too, and
        // with 2 cores it can fill them both: then the difference below cannot show.
        let (idle, _) = window_with(|| (), |()| ());
        if idle + 1.0 > cores as f64 - 0.5 {
            eprintln!("skipped: other processes already keep {idle:.2} of {cores} cores busy");
            return;
        }
        // ...against another process spinning through it.
        let (theirs, _) = window_with(
            || {
                std::process::Command::new("sh")
                    .args(["-c", "while :; do :; done"])
                    .spawn()
                    .unwrap()
            },
            |mut child| {
                child.kill().unwrap();
                child.wait().unwrap();
            },
        );
        assert!(
            theirs - ours >= 0.5,
            "another process {theirs:.2} cores, ours {ours:.2}"
        );
    }
}
