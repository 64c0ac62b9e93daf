#!/usr/bin/env python3
"""A local Ray cluster for one command: a head node and one more worker node on
127.0.0.1, every port chosen free, stopped (with everything it started) when the
command ends, whatever the way it ends.

    python bridge/local_cluster.py [--head-cpus N] [--worker-cpus N] \
        [--address-file FILE] -- COMMAND [ARG ...]

COMMAND runs with RAY_ADDRESS set to the head's address; its exit status is this
script's. With --address-file, the address is also written to FILE once both nodes
are up (the tests use that with `cat` as the command: the cluster lives until they
close its standard input).

Ray 2.60's GCS and raylets listen on every interface (it has no setting to bind them
to one address), so the cluster and COMMAND run in a network namespace of their own
that has only a loopback interface (`unshare --net`, as root, or with
`--map-root-user` otherwise): nothing in it can be reached from outside the machine,
and it can reach nothing but itself. --isolate-network=require (what the tests use)
fails when no namespace can be made; auto (the default) then runs unisolated, with a
warning; off never isolates. COMMAND must not need the network either.

Each node is a `ray start --block` process in a process group of its own: on the way
out it gets SIGTERM (Ray then stops the node's processes), and whatever is left in
its group after a grace period gets SIGKILL. `ray stop` is never used: it stops every
Ray process of the machine, other clusters included. Nothing listens beyond
127.0.0.1: the node address, the GCS, the raylet, the object manager, the agents and
the worker ports are all pinned there; the dashboard is off.
"""

import argparse
import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

# How long a node may take to start, and to stop before SIGKILL.
START_TIMEOUT_S = 120
STOP_GRACE_S = 20
# Each node's shared-memory object store: the rows moved are small (paths, hashes).
OBJECT_STORE_BYTES = 256 * 1024 * 1024
# Ports each node's Ray workers may use (one per worker process).
WORKER_PORTS = 24


def free_ports(n):
    """n distinct ports free on 127.0.0.1 now (bound, then released together)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def free_range(n):
    """A run of n consecutive ports free on 127.0.0.1 now."""
    for _ in range(200):
        (start,) = free_ports(1)
        if start + n >= 65535:
            continue
        socks = []
        try:
            for p in range(start, start + n):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.bind(("127.0.0.1", p))
                socks.append(s)
            return start, start + n - 1
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no run of {n} free ports on 127.0.0.1")


class Node:
    """One `ray start --block` process and what it printed."""

    def __init__(self, name, args, log_path):
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "w+b")
        ray = os.path.join(os.path.dirname(sys.executable), "ray")
        env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
        env.pop("RAY_ADDRESS", None)
        self.proc = subprocess.Popen(
            [ray, "start", "--block", "--disable-usage-stats"] + args,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_started(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if "Ray runtime started" in self.output():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(
            f"ray {self.name} node did not start (exit {self.proc.poll()}):\n{self.output()}"
        )

    def group(self):
        """Pids of the processes still in this node's process group."""
        pids = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read()
            except OSError:
                continue
            # Fields after the command name (which may hold spaces): state ppid pgrp.
            fields = stat[stat.rfind(b")") + 2 :].split()
            if len(fields) > 2 and int(fields[2]) == self.proc.pid and fields[0] != b"Z":
                pids.append(int(entry))
        return pids

    def stop(self):
        """SIGTERM, a grace period, then SIGKILL to whatever is left in its group,
        until nothing is."""
        pgid = self.proc.pid
        if self.proc.poll() is None:
            try:
                os.killpg(pgid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + STOP_GRACE_S
        while self.group() and time.monotonic() < deadline:
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            time.sleep(0.1)
        try:
            self.proc.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            pass
        if self.proc.poll() is None or self.group():
            print(f"local_cluster: ray {self.name} node still running", file=sys.stderr)
        self.log.close()


def node_ports():
    """The fixed ports of one node, all on 127.0.0.1."""
    names = [
        "--node-manager-port",
        "--object-manager-port",
        "--dashboard-agent-listen-port",
        "--dashboard-agent-grpc-port",
        "--metrics-export-port",
        "--runtime-env-agent-port",
    ]
    lo, hi = free_range(WORKER_PORTS)
    args = [f"{n}={p}" for n, p in zip(names, free_ports(len(names)))]
    return args + [f"--min-worker-port={lo}", f"--max-worker-port={hi}"]


# Set in the environment of this script run again inside its network namespace.
NETNS_ENV = "CROSSCHECK_RAY_NETNS"


def interrupted(signum, _frame):
    """SIGTERM and SIGHUP end the command and stop the cluster, as Ctrl-C does."""
    raise KeyboardInterrupt(signal.Signals(signum).name)


def loopback_up():
    """Brings `lo` up in this (new) network namespace: SIOCSIFFLAGS, no `ip` needed."""
    siocsifflags, iff_up, iff_loopback, iff_running = 0x8914, 0x1, 0x8, 0x40
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = struct.pack("16sH14s", b"lo", iff_up | iff_loopback | iff_running, b"")
        fcntl.ioctl(s.fileno(), siocsifflags, ifreq)


def isolated(argv):
    """Runs this script again inside a new network namespace; None when none can be
    made, else its exit status."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    flags = ["--net"] if os.geteuid() == 0 else ["--net", "--map-root-user"]
    cmd = [unshare] + flags + ["--", sys.executable, os.path.abspath(__file__)] + argv
    probe = subprocess.run(
        [unshare] + flags + ["--", "true"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if probe.returncode != 0:
        return None
    child = subprocess.Popen(cmd, env=dict(os.environ, **{NETNS_ENV: "1"}))
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            # The inner script stops its cluster on SIGTERM; pass it on, then wait.
            child.terminate()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--head-cpus", type=int, default=1)
    ap.add_argument("--worker-cpus", type=int, default=1)
    ap.add_argument("--address-file")
    ap.add_argument(
        "--isolate-network", choices=["auto", "require", "off"], default="auto"
    )
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        ap.error("a command to run is needed (after --)")

    if os.environ.get(NETNS_ENV) == "1":
        loopback_up()
        print("local_cluster: network namespace with loopback only", file=sys.stderr)
    elif a.isolate_network != "off":
        signal.signal(signal.SIGTERM, interrupted)
        signal.signal(signal.SIGHUP, interrupted)
        code = isolated(sys.argv[1:])
        if code is not None:
            return code
        if a.isolate_network == "require":
            print(
                "local_cluster: cannot make a network namespace (unshare --net); "
                "refusing to start Ray listening on every interface",
                file=sys.stderr,
            )
            return 2
        print(
            "local_cluster: warning: no network namespace (unshare --net failed); "
            "Ray's GCS and raylets listen on every interface",
            file=sys.stderr,
        )

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    # Short: Ray's socket paths under it must stay under the 107-byte limit.
    temp = tempfile.mkdtemp(prefix="ccray-", dir="/tmp")
    nodes = []
    child = None
    try:
        (gcs,) = free_ports(1)
        head = Node(
            "head",
            [
                "--head",
                "--node-ip-address=127.0.0.1",
                f"--port={gcs}",
                "--include-dashboard=false",
                f"--num-cpus={a.head_cpus}",
                "--num-gpus=0",
                f"--object-store-memory={OBJECT_STORE_BYTES}",
                f"--temp-dir={temp}/head",
            ]
            + node_ports(),
            os.path.join(temp, "head.log"),
        )
        nodes.append(head)
        head.wait_started()
        address = f"127.0.0.1:{gcs}"
        worker = Node(
            "worker",
            [
                f"--address={address}",
                "--node-ip-address=127.0.0.1",
                f"--num-cpus={a.worker_cpus}",
                "--num-gpus=0",
                f"--object-store-memory={OBJECT_STORE_BYTES}",
            ]
            + node_ports(),
            os.path.join(temp, "worker.log"),
        )
        nodes.append(worker)
        worker.wait_started()
        print(
            f"local_cluster: head and 1 worker node at {address} "
            f"({a.head_cpus}+{a.worker_cpus} CPUs), logs in {temp}",
            file=sys.stderr,
            flush=True,
        )
        if a.address_file:
            tmp = a.address_file + ".tmp"
            with open(tmp, "w") as f:
                f.write(address + "\n")
            os.replace(tmp, a.address_file)
        child = subprocess.Popen(command, env=dict(os.environ, RAY_ADDRESS=address))
        return child.wait()
    except KeyboardInterrupt as e:
        print(f"local_cluster: interrupted ({e}); stopping the cluster", file=sys.stderr)
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                child.kill()
        return 130
    except RuntimeError as e:
        print(f"local_cluster: {e}", file=sys.stderr)
        return 2
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        # Stopped together: the worker node first would wait out the head's grace.
        stoppers = [threading.Thread(target=n.stop) for n in reversed(nodes)]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        if nodes:
            print("local_cluster: cluster stopped", file=sys.stderr, flush=True)
        shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
