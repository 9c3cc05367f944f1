"""Spark Connect servers the runner starts and measures: start-up time, idle and peak memory.

Memory is the resident set of the server's whole process tree (Apache Spark's JVM runs under a
Python launcher), sampled every 100 ms while the server runs; `peak` is the largest sample.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time

from workloads import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_pids(root: int) -> list[int]:
    """`root` and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may hold spaces: the fields after it start at the last ')'.
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def tree_cpu_s(root: int) -> float:
    """CPU time (user + system) used so far by `root` and its live descendants, in seconds."""
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and all its descendants, in MiB."""
    total_kb = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
        except OSError:
            pass
    return total_kb / 1024


class Server:
    """A server process started from `command`; `ready` is a regex on its stdout that captures the
    port, or None to wait until `port` accepts connections."""

    def __init__(self, name, command, ready=None, port=None, env=None):
        self.name, self.command, self.ready, self.port = name, command, ready, port
        self.env = {**os.environ, **(env or {})}
        self.proc = None
        self.peak_mb = 0.0
        self.startup_s = None
        self._stop = threading.Event()

    @property
    def url(self) -> str:
        return f"sc://127.0.0.1:{self.port}"

    def start(self, log_path, timeout=300):
        log = open(log_path, "w")
        begin = time.perf_counter()
        self.proc = subprocess.Popen(
            self.command,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=self.env,
            # Each server gets a scratch working directory: Sabot and Spark put their default
            # warehouse (./spark-warehouse) there.
            cwd=tempfile.mkdtemp(prefix=f"bench-{self.name}-"),
        )
        threading.Thread(target=self._sample, daemon=True).start()
        if self.ready:
            pattern = re.compile(self.ready)
            while True:
                line = self.proc.stdout.readline()
                if not line:
                    raise RuntimeError(f"{self.name} exited before it was ready; see {log_path}")
                m = pattern.search(line)
                if m:
                    self.port = int(m.group(1))
                    break
        self._wait_port(timeout)
        self.startup_s = time.perf_counter() - begin
        # Keep draining stdout so a chatty server never blocks on a full pipe.
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def _wait_port(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not listen on {self.port} within {timeout}s")

    def _sample(self):
        while not self._stop.wait(0.1):
            if self.proc.poll() is not None:
                return
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.proc.pid))

    def rss_mb(self) -> float:
        return tree_rss_mb(self.proc.pid)

    def stop(self):
        self._stop.set()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def sabot(binary, extra_args):
    return Server(
        "sabot", [binary, "server", "--port", "0", *extra_args], ready=r"listening on [^:\s]+:(\d+)"
    )


def spark(driver_memory):
    script = ROOT / "python-tests" / "tools" / "real_spark_server.py"
    return Server(
        "spark",
        [sys.executable, str(script), "server", "--port", "0", "--master", "local[*]"],
        ready=r"listening on [^:\s]+:(\d+)",
        env={"REAL_SPARK_DRIVER_MEMORY": driver_memory},
    )


def sail(cli):
    port = free_port()
    return Server("sail", [cli, "spark", "server", "--ip", "127.0.0.1", "--port", str(port)], port=port)
