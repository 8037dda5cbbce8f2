"""The benchmark's own process, the floor server, and what is read of every process a run
starts: CPU time and RSS, from /proc.

Starting and stopping processes (redis-server, `piiri serve`, the floor) is the tests' code,
shared: tests/support/processes.py and redis_servers.py, one copy of how to start a server, wait
until it answers, and stop or kill it with its whole process group. bench/ runs from the
repository root, like the tests, so ``tests.support`` is importable; processes.py says why it
lives there.
"""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.support.processes import HttpServer, ProcessError, free_port

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# How long a server of the run may take to answer its first /healthz: more than a test allows,
# as the load generators may already be busy starting.
STARTUP_TIMEOUT = 30.0


def raise_file_limit() -> int:
    """Raise this process's open-file limit to its hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return hard
    return soft


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
    raise ProcessError(f"no VmRSS for pid {pid}")


class FloorServer(HttpServer):
    """The bare `websockets` broadcast server (bench/floor.py) sending Piiri's bytes."""

    def __init__(
        self, workdir: Path, board: Path, port: int | None = None, extra: Sequence[str] = ()
    ) -> None:
        port = port if port is not None else free_port()
        argv = [sys.executable, "-m", "bench.floor", "--port", str(port), str(board), *extra]
        super().__init__(argv, workdir / "floor.log", port=port, name="bench.floor")
