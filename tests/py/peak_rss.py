#!/usr/bin/env python3
"""Runs a command and prints its exit status and peak resident set size, for the
memory tests of tests/robustness.rs.

    peak_rss.py PROGRAM [ARG...]

prints `exit CODE KIB` (or `signal NUMBER KIB`) on stdout, KIB being the command's
ru_maxrss from wait4; the command's stdout and stderr go to /dev/null.

Why a process of its own: Linux carries the memory high-water mark of the process
that spawns a child over the child's execve into the child's ru_maxrss, so a child
of the test binary, which holds what its other tests loaded (libtorch, models),
measures at least as large as the test binary. Spawned from here, what carries over
is this interpreter's few MiB (run it with -I -S: no site-packages are imported).
"""

import os
import sys


def main():
    argv = sys.argv[1:]
    if not argv:
        sys.exit(__doc__)
    devnull = os.open(os.devnull, os.O_WRONLY)
    pid = os.posix_spawnp(
        argv[0],
        argv,
        os.environ,
        file_actions=[
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ],
    )
    os.close(devnull)
    reaped, status, usage = os.wait4(pid, 0)
    assert reaped == pid, (reaped, pid)
    if os.WIFEXITED(status):
        print(f"exit {os.WEXITSTATUS(status)} {usage.ru_maxrss}")
    else:
        print(f"signal {os.WTERMSIG(status)} {usage.ru_maxrss}")


main()
