"""Redis pub/sub broker for several server processes (REDIS_URL).

The subscriber runs in one task that reconnects with back-off and health checks; after every
(re)connect it asks the hub to resync, because notices sent while it was away are gone. While
Redis is down, publishing fails quietly: this process still serves its own sockets (the service
notifies the local hub directly), and other processes catch up when Redis returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from realtime.broker import OnNotice, OnResync, decode_notice, encode_notice

log = logging.getLogger(__name__)

CHANNEL = "piiri:notices"
HEALTH_CHECK_SECONDS = 2
MAX_BACKOFF_SECONDS = 5.0


class RedisBroker:
    name = "redis"

    def __init__(self, url: str) -> None:
        self.url = url
        # One immediate retry on a new connection: after Redis restarts, the pooled connection
        # of a process that published nothing meanwhile is dead, and without the retry its
        # first notice would be lost (healed only by the hub's safety tick).
        self._publisher = aioredis.from_url(
            url,
            socket_timeout=1.0,
            socket_connect_timeout=1.0,
            health_check_interval=30,
            retry=Retry(NoBackoff(), 1),
        )
        self._task: asyncio.Task[None] | None = None
        self._connected = False

    async def start(self, on_notice: OnNotice, on_resync: OnResync) -> None:
        self._task = asyncio.create_task(self._listen(on_notice, on_resync), name="redis-broker")

    async def publish(self, workshop_id: int, seq: int) -> None:
        try:
            await self._publisher.publish(CHANNEL, encode_notice(workshop_id, seq))
        except (RedisError, OSError) as error:
            log.warning("could not publish notice for workshop %s: %s", workshop_id, error)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._publisher.aclose()

    def healthy(self) -> bool:
        return self._connected

    async def _listen(self, on_notice: OnNotice, on_resync: OnResync) -> None:
        backoff = 0.1
        while True:
            client = aioredis.from_url(
                self.url,
                socket_connect_timeout=1.0,
                socket_keepalive=True,
                health_check_interval=HEALTH_CHECK_SECONDS,
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(CHANNEL)
                self._connected = True
                backoff = 0.1
                log.info("subscribed to %s", CHANNEL)
                await on_resync()
                while True:
                    message = await pubsub.get_message(timeout=1.0)
                    if message is None or message.get("type") != "message":
                        continue
                    notice = decode_notice(message["data"])
                    if notice is not None:
                        await on_notice(*notice)
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                if self._connected:
                    log.warning("lost Redis (%s); reconnecting", error)
                self._connected = False
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()  # type: ignore[no-untyped-call]
                with contextlib.suppress(Exception):
                    await client.aclose()
            # Jittered back-off so that many processes do not reconnect in lockstep.
            await asyncio.sleep(backoff * (0.5 + random.random()))
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
