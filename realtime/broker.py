"""The broker carries one kind of notice between server processes: "workshop W is at seq S".

It never carries state: a process that hears a notice reads the log. Delivery is at most once,
so after any reconnect the broker calls ``on_resync`` and the process re-reads every workshop
it serves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

OnNotice = Callable[[int, int], Awaitable[None]]
OnResync = Callable[[], Awaitable[None]]


class Broker(Protocol):
    name: str
    # Subscriber connections lost and made again since start (for /metrics).
    reconnects: int

    async def start(self, on_notice: OnNotice, on_resync: OnResync) -> None: ...

    async def publish(self, workshop_id: int, seq: int) -> None:
        """Announce a committed seq. Never raises: a lost notice is healed by resync."""
        ...

    async def stop(self) -> None: ...

    def healthy(self) -> bool: ...


class InProcessBroker:
    """One process, no Redis: the notice goes straight to this process's hub."""

    name = "in-process"

    def __init__(self) -> None:
        self._on_notice: OnNotice | None = None
        self.reconnects = 0

    async def start(self, on_notice: OnNotice, on_resync: OnResync) -> None:
        self._on_notice = on_notice

    async def publish(self, workshop_id: int, seq: int) -> None:
        if self._on_notice is not None:
            await self._on_notice(workshop_id, seq)

    async def stop(self) -> None:
        self._on_notice = None

    def healthy(self) -> bool:
        return True


def encode_notice(workshop_id: int, seq: int) -> str:
    return f"{workshop_id}:{seq}"


def decode_notice(data: str | bytes) -> tuple[int, int] | None:
    text = data.decode() if isinstance(data, bytes) else data
    workshop, _, seq = text.partition(":")
    try:
        return int(workshop), int(seq)
    except ValueError:
        return None
