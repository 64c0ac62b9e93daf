//! The busy-machine restart: when other processes keep cores busy, the program starts
//! itself again, before any library's initializer, with `OMP_WAIT_POLICY=PASSIVE`, so
//! that libtorch's OpenMP threads sleep instead of spinning while they wait for each
//! other (docs/LIMITS.md). The probe is [`super::cpu`].

use super::messages::{status, warning};

/// Set in the environment of the restart by [`choose_wait_policy`]: how many cores
/// other processes keep busy, and of how many.
const BUSY_NOTE: &str = "CROSSCHECK_BUSY_CORES";

/// Why [`choose_wait_policy`] could not restart: cores busy, cores, the error.
static RESTART_FAILED: std::sync::OnceLock<(f64, usize, String)> = std::sync::OnceLock::new();

/// Runs before every shared library's initializer, libgomp's and libc's included
/// (the executable's `.preinit_array` comes first). When other processes keep at
/// least half a core busy (super::cpu::busy_elsewhere), it starts the program
/// again with `OMP_WAIT_POLICY=PASSIVE`, so that libtorch's OpenMP threads sleep
/// instead of spinning while they wait for each other (docs/LIMITS.md). libgomp reads
/// the policy only in its initializer, and `environ` is not set up yet here, hence
/// the restart; done now, before libtorch's initializers, it costs milliseconds. The
/// results are the same; only the speed differs. Only commands that run models
/// measure (`run`, `check`, `index`, `models verify`, `worker analyze`), and nothing is measured when
/// the environment already sets the policy or the spin count.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[link_section = ".preinit_array"]
static CHOOSE_WAIT_POLICY: extern "C" fn(
    libc::c_int,
    *const *const libc::c_char,
    *const *const libc::c_char,
) = choose_wait_policy;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn choose_wait_policy(
    argc: libc::c_int,
    argv: *const *const libc::c_char,
    envp: *const *const libc::c_char,
) {
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    // Nothing here may panic, or read the environment through std: this runs
    // before main, and before libc has set up `environ`.
    // SAFETY: the loader passes argc valid, NUL-terminated argv strings, and envp
    // as a NULL-terminated array of them.
    let args: Vec<&CStr> = (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) })
        .collect();
    let mut env: Vec<*const libc::c_char> = Vec::new();
    while !envp.is_null() && !unsafe { *envp.add(env.len()) }.is_null() {
        env.push(unsafe { *envp.add(env.len()) });
    }
    let runs_models = args.iter().skip(1).any(|a| {
        matches!(
            a.to_bytes(),
            b"run" | b"check" | b"index" | b"verify" | b"analyze"
        )
    });
    let set = |name: &str| {
        env.iter().any(|&p| {
            let var = unsafe { CStr::from_ptr(p) }.to_bytes();
            var.strip_prefix(name.as_bytes())
                .is_some_and(|rest| rest.first() == Some(&b'='))
        })
    };
    if !runs_models || set("OMP_WAIT_POLICY") || set("GOMP_SPINCOUNT") || set(BUSY_NOTE) {
        return;
    }
    let Some((others, cores)) = super::cpu::busy_elsewhere() else {
        return;
    };
    let fail = |why: String| {
        let _ = RESTART_FAILED.set((others, cores, why));
    };
    let exe = match std::fs::read_link("/proc/self/exe") {
        Ok(exe) => exe,
        Err(e) => return fail(format!("/proc/self/exe: {e}")),
    };
    // Under a runner such as valgrind the executable is the runner's, and through a
    // link under another name it cannot be told from one: no restart in either case.
    let arg0 = args
        .first()
        .map(|a| std::path::Path::new(std::ffi::OsStr::from_bytes(a.to_bytes())));
    if exe.file_name() != arg0.and_then(|a| a.file_name()) {
        return;
    }
    let (Ok(exe), Ok(note)) = (
        CString::new(exe.as_os_str().as_bytes()),
        CString::new(format!("{BUSY_NOTE}={others:.1} of {cores}")),
    ) else {
        return;
    };
    env.push(c"OMP_WAIT_POLICY=PASSIVE".as_ptr());
    env.push(note.as_ptr());
    env.push(std::ptr::null());
    // SAFETY: every pointer is a NUL-terminated string that outlives the call, and
    // both arrays end with NULL. execve returns only when it failed.
    unsafe { libc::execve(exe.as_ptr(), argv, env.as_ptr()) };
    fail(std::io::Error::last_os_error().to_string());
}

/// Says on stderr that the program restarted (a status line), or that it should
/// have and could not (a warning). Called once, before the command runs.
pub fn announce() {
    if let Some((others, cores, why)) = RESTART_FAILED.get() {
        warning!(
            "other processes keep {others:.1} of {cores} cores busy, and restarting with OMP_WAIT_POLICY=PASSIVE failed ({why}); the models may run many times slower"
        );
    } else if let Some(note) = std::env::var_os(BUSY_NOTE) {
        status!(
            "other processes keep {} cores busy: restarted with OMP_WAIT_POLICY=PASSIVE, so libtorch's threads wait without spinning",
            note.to_string_lossy()
        );
    }
}
