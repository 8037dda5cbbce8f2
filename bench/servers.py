"""The processes a benchmark run starts: redis-server, `piiri serve`, the floor server.

Each is a real subprocess in its own process group; its CPU time and RSS are read from /proc.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx2 as httpx
import redis

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class BenchError(RuntimeError):
    """A process of the benchmark did not start or answer as expected."""


def raise_file_limit() -> int:
    """Raise this process's open-file limit to its hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds the process has used (/proc/<pid>/stat, fields 14 and 15)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_kib(pid: int) -> int:
    """Resident set size in KiB (/proc/<pid>/status, VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchError(f"no VmRSS for pid {pid}")


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


class Process:
    """A subprocess in its own process group, its output in a log file."""

    def __init__(self, argv: Sequence[str], log_path: Path, env: Mapping[str, str]) -> None:
        self.argv = list(argv)
        self.log_path = log_path
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **env}
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise BenchError("not started")
        return self._proc.pid

    def start(self) -> None:
        self._log = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def exited(self) -> int | None:
        return None if self._proc is None else self._proc.poll()

    def stop(self, timeout: float = 10.0) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None


class RedisServer(Process):
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        argv = [
            "redis-server",
            "--bind", HOST,
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(workdir),
        ]  # fmt: skip
        super().__init__(argv, workdir / "redis.log", {})

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        super().start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                with redis.Redis(host=HOST, port=self.port, socket_connect_timeout=1.0) as client:
                    if client.ping():
                        return
            except redis.ConnectionError:
                pass
            if self.exited() is not None or time.monotonic() > deadline:
                self.stop()
                raise BenchError(f"redis-server did not start:\n{log_tail(self.log_path)}")
            time.sleep(0.05)


def wait_http(process: Process, url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0, trust_env=False) as http:
        while True:
            if process.exited() is not None:
                raise BenchError(f"{process.argv[:4]} exited:\n{log_tail(process.log_path)}")
            try:
                if http.get(url).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                process.stop()
                raise BenchError(f"{url} did not answer in {timeout} s")
            time.sleep(0.1)


# The benchmark's thousands of phones all join from 127.0.0.1, and its voters send in bursts:
# the limits sized for a city hall (docs/security.md) would refuse most of them. Raised here, for
# the benchmark's own servers only; what is measured is fan-out, not the door.
BENCH_LIMITS = {
    "RATE_JOINS": "1000000/minute",
    "RATE_UNKNOWN_CODES": "1000000/minute",
    "RATE_COMMANDS": "100000/second",
    "PARTICIPANT_CAP": "1000000",
}


class PiiriServer(Process):
    """``python -m piiri serve`` on its own port: the very command `make run` uses."""

    def __init__(self, workdir: Path, name: str, env: Mapping[str, str]) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "piiri", "serve", "--host", HOST, "--port", str(self.port)]
        super().__init__(argv, workdir / f"{name}.log", {**BENCH_LIMITS, **env})

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        super().start()
        wait_http(self, f"{self.base_url}/healthz", timeout)


class FloorServer(Process):
    """The bare `websockets` broadcast server (bench/floor.py) sending Piiri's bytes."""

    def __init__(self, workdir: Path, board: Path) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "bench.floor", "--port", str(self.port), str(board)]
        super().__init__(argv, workdir / "floor.log", {})

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        super().start()
        wait_http(self, f"{self.base_url}/healthz", timeout)


def migrate(env: Mapping[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "migrate"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise BenchError(f"piiri migrate failed:\n{result.stdout}{result.stderr}")
