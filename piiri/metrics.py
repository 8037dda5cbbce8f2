"""What one server process counts for Prometheus (``GET /metrics``, docs/operations.md).

One ``Metrics`` per app, each with its own registry: every process is its own scrape target
(no multiprocess mode), and apps built side by side (the tests) never share a count.

The write path counts here directly: a command costs milliseconds, so a labelled counter's few
microseconds are nothing. The fan-out does not: it touches every socket of a room on every
tick, so it keeps plain integers of its own and hands them over only when scraped, through a
collector it registers (``Metrics.register``; realtime/delivery.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.registry import Collector

from piiri.domain.commands import ActivityCommand, Join, WorkshopCommand

# Outcomes of a command, the label values of piiri_commands_total.
APPLIED, DUPLICATE, REFUSED, BUSY, FAILED = "applied", "duplicate", "refused", "busy", "failed"
# An activity command's name comes from the socket, and each label value is a series kept
# forever: a name a command is never called by, and any name past the first MAX_KINDS (every
# kind's commands together are a few dozen), is counted as UNKNOWN_KIND.
UNKNOWN_KIND = "unknown"
MAX_KINDS = 100
_COMMAND_NAME = re.compile(r"[a-z][a-z_]{0,39}")

# A fan-out takes milliseconds; a slow one (a large room, a busy loop) up to a second or so.
FANOUT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# A write transaction: about a millisecond on SQLite, a few on PostgreSQL, more when contended.
WRITE_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


@lru_cache(maxsize=64)
def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Metrics:
    """The series of one process. Thread-safe (the write path counts from worker threads)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.commands = Counter(
            "piiri_commands",
            "Commands handled, by kind and outcome (applied, duplicate, refused, busy, failed).",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.joins = Counter(
            "piiri_joins",
            "People who joined a workshop (a phone that comes back is not counted again).",
            registry=self.registry,
        )
        self.db_write_seconds = Histogram(
            "piiri_db_write_seconds",
            "Time of one write transaction of the write path (each attempt).",
            buckets=WRITE_BUCKETS,
            registry=self.registry,
        )
        self.db_lost_races = Counter(
            "piiri_db_lost_races",
            "Write attempts that lost the race for a seq to another writer and decided again.",
            registry=self.registry,
        )
        self.fanout_seconds = Histogram(
            "piiri_fanout_seconds",
            "From the commit of a change in this process to the last of this process's sockets "
            "written (or queued, when slow) with it; one observation per fan-out of a room.",
            buckets=FANOUT_BUCKETS,
            registry=self.registry,
        )
        self._kinds: set[str] = set()  # the activity command names counted so far

    def register(self, collector: Collector) -> None:
        """Add series read only when scraped (the fan-out's figures)."""
        self.registry.register(collector)

    def command(self, command: WorkshopCommand, outcome: str) -> None:
        """Count one command by its kind and outcome."""
        if isinstance(command, ActivityCommand):  # its name came from the socket
            kind = command.name
            if kind not in self._kinds:
                if len(self._kinds) >= MAX_KINDS or not _COMMAND_NAME.fullmatch(kind):
                    kind = UNKNOWN_KIND
                else:
                    self._kinds.add(kind)
        else:
            kind = _snake(type(command).__name__)
        self.commands.labels(kind, outcome).inc()
        if outcome == APPLIED and isinstance(command, Join):
            self.joins.inc()
