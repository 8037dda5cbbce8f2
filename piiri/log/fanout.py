"""The hop from the write path to delivery, named where the service calls it.

After the commit of ``seq`` the workshop service calls ``fanout.announce_committed(workshop,
seq)``. In a server that is realtime/delivery.py (this process's hub, then the broker to every
other process); the app factory plugs it in (piiri/web/app.py). A process without sockets (the
CLI, a test of the write path) keeps ``NoFanout``.
"""

from __future__ import annotations

from typing import Any, Protocol


class Fanout(Protocol):
    """Where the write path hands a committed change: every socket that watches the workshop,
    in this process and (through the broker) in every other. realtime/delivery.py is the one
    implementation; ``NoFanout`` serves a process without sockets (the CLI, a test)."""

    async def announce_committed(
        self, workshop_id: int, seq: int, *, committed_at: float | None = None
    ) -> None:
        """Called by the workshop service after the commit of ``seq``, never before;
        ``committed_at`` is ``time.perf_counter()`` at the commit (for piiri_fanout_seconds)."""
        ...

    async def links_revoked(self, workshop_id: int) -> None:
        """A secret link of the workshop was revoked: close the sockets that came in through
        it, in this process at once and in every other within its resync interval."""
        ...

    def watched(self) -> list[int]:
        """The workshops some socket of this process watches (the deadline watch checks them)."""
        ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def health(self) -> dict[str, Any]:
        """Figures for /healthz; ``broker_ok`` False makes the status degraded."""
        ...


class NoFanout:
    async def announce_committed(
        self, workshop_id: int, seq: int, *, committed_at: float | None = None
    ) -> None:
        return None

    async def links_revoked(self, workshop_id: int) -> None:
        return None

    def watched(self) -> list[int]:
        return []

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def health(self) -> dict[str, Any]:
        return {"broker_ok": True}
