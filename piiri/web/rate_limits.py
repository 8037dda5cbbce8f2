"""Rate limits (the ``limits`` library): how often one client address, one account or one
socket may do something, counted on Redis when REDIS_URL is set (so that every process counts
together) and in this process's memory otherwise.

Each limit is a setting (piiri/settings.py, README's table), sized for a library or a city hall
where hundreds of phones share one public address. The client address is the one uvicorn
reports: behind a reverse proxy, set FORWARDED_ALLOW_IPS so that it is the phone's, not the
proxy's (docs/security.md).

A limit that cannot be counted (Redis unreachable) lets the request through and logs it: a
broker fault must not stop a running workshop, and the other controls still hold.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Mapping
from typing import Any

from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage, RedisClusterStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis.asyncio import ConnectionPool
from starlette.requests import HTTPConnection

from piiri.settings import Settings

log = logging.getLogger(__name__)

# The limits the web edges count, by name -> the Settings field that sizes them.
LIMITS: Mapping[str, str] = {
    "join": "rate_joins",
    "unknown_code": "rate_unknown_codes",
    "login_account": "rate_login_account",
    "login_address": "rate_login_address",
}


def client_address(connection: HTTPConnection) -> str:
    """The client's address as uvicorn reports it (after FORWARDED_ALLOW_IPS's proxies)."""
    return connection.client.host if connection.client else "unknown"


def _storage(settings: Settings) -> tuple[Storage, ConnectionPool | None]:
    """Where counts are kept, and the connection pool to close at shutdown (if ours)."""
    if not settings.redis_url:
        return MemoryStorage(), None
    url = settings.redis_url.split("://", 1)[1]
    if settings.redis_cluster:
        return RedisClusterStorage(f"async+redis+cluster://{url}", implementation="redispy"), None
    pool = ConnectionPool.from_url(settings.redis_url)
    # The library hands the pool on to redis-py; its annotation is narrower than its use.
    options: dict[str, Any] = {"connection_pool": pool}
    storage = RedisStorage(f"async+redis://{url}", implementation="redispy", **options)
    return storage, pool


class CommandWindow:
    """One socket's commands in the last ``seconds``: at most ``amount`` (a moving window).

    Kept by the socket's own handler, not in a shared store: a socket lives in one process, and
    a store that expires its keys by scanning all of them (the ``limits`` library's memory
    storage hands each key to a thread) cost milliseconds per command in a busy room."""

    __slots__ = ("amount", "hits", "seconds")

    def __init__(self, amount: int, seconds: float) -> None:
        self.amount = amount
        self.seconds = seconds
        self.hits: deque[float] | None = None  # made at the first command: most sockets idle

    def hit(self, now: float | None = None) -> bool:
        """Count one more command; False (and not counted) when it is over the limit."""
        now = time.monotonic() if now is None else now
        if self.hits is None:
            self.hits = deque(maxlen=self.amount)
        if len(self.hits) >= self.amount and now - self.hits[0] < self.seconds:
            return False
        self.hits.append(now)
        return True


class RateLimits:
    """The shared limits (``hit``/``allowed``) and a local one for each socket's commands."""

    def __init__(self, settings: Settings) -> None:
        self.items: dict[str, RateLimitItem] = {
            name: parse(getattr(settings, field)) for name, field in LIMITS.items()
        }
        storage, self._pool = _storage(settings)
        self._shared = MovingWindowRateLimiter(storage)
        # A socket lives in one process, so its commands are counted here, never on Redis.
        self._command_item = parse(settings.rate_commands)

    async def hit(self, name: str, key: str) -> bool:
        """Count one more for ``key``; False when that was over the limit (refuse it)."""
        try:
            return await self._shared.hit(self.items[name], name, key)
        except Exception:
            log.warning("rate limit %s could not be counted; letting it through", name)
            return True

    async def allowed(self, name: str, key: str) -> bool:
        """Whether one more would be within the limit, without counting it."""
        try:
            return await self._shared.test(self.items[name], name, key)
        except Exception:
            log.warning("rate limit %s could not be read; letting it through", name)
            return True

    async def close(self) -> None:
        """Let go of the Redis connections (at shutdown)."""
        if self._pool is not None:
            await self._pool.disconnect()

    def command_window(self) -> CommandWindow:
        """What one socket's commands are counted in (RATE_COMMANDS): ``hit()`` is False when it
        sends faster."""
        item = self._command_item
        return CommandWindow(item.amount, item.get_expiry())
