"""Redis pub/sub broker for several server processes (REDIS_URL).

The subscriber runs in one task that reconnects with jittered back-off and health checks;
after every (re)connect it asks the hub to resync, because notices sent while it was away are
gone. Its connection never retries silently underneath (redis-py would resubscribe on its own
and hide the gap), so every break goes through that one path. While Redis is down, publishing
fails quietly: this process still serves its own sockets (the service notifies the local hub
directly), and other processes catch up when Redis returns.

``RedisClusterBroker`` (REDIS_CLUSTER=true) speaks sharded pub/sub (SPUBLISH/SSUBSCRIBE) to a
Redis Cluster; everything else is shared.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisClusterException, RedisError

from realtime.broker import OnNotice, OnResync, decode_notice, encode_notice

log = logging.getLogger(__name__)

CHANNEL = "piiri:notices"
HEALTH_CHECK_SECONDS = 2
MAX_BACKOFF_SECONDS = 5.0
FAILURES = (RedisError, RedisClusterException, OSError)


class RedisBroker:
    name = "redis"

    def __init__(self, url: str) -> None:
        self.url = url
        # One immediate retry on a new connection: after Redis restarts, the pooled connection
        # of a process that published nothing meanwhile is dead, and without the retry its
        # first notice would be lost (healed only by the hub's safety tick).
        self._publisher = self._client(
            socket_timeout=1.0,
            socket_connect_timeout=1.0,
            health_check_interval=30,
            retry=Retry(NoBackoff(), 1),
        )
        self._task: asyncio.Task[None] | None = None
        self._connected = False
        self.reconnects = 0

    # -- what differs between plain Redis and a cluster ----------------------------------------

    def _client(self, **options: Any) -> Any:
        return aioredis.from_url(self.url, **options)

    async def _send(self, text: str) -> None:
        await self._publisher.publish(CHANNEL, text)

    async def _subscribe(self, pubsub: Any) -> None:
        await pubsub.subscribe(CHANNEL)

    async def _next(self, pubsub: Any) -> Any:
        return await pubsub.get_message(timeout=1.0)

    # -- shared ---------------------------------------------------------------------------------

    async def start(self, on_notice: OnNotice, on_resync: OnResync) -> None:
        self._task = asyncio.create_task(self._listen(on_notice, on_resync), name="redis-broker")

    async def publish(self, workshop_id: int, seq: int) -> None:
        try:
            await self._send(encode_notice(workshop_id, seq))
        except FAILURES as error:
            log.warning("could not publish notice for workshop %s: %s", workshop_id, error)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with contextlib.suppress(*FAILURES):
            await self._publisher.aclose()

    def healthy(self) -> bool:
        return self._connected

    async def _listen(self, on_notice: OnNotice, on_resync: OnResync) -> None:
        backoff = 0.1
        while True:
            client = self._client(
                socket_connect_timeout=1.0,
                socket_keepalive=True,
                health_check_interval=HEALTH_CHECK_SECONDS,
                retry=Retry(NoBackoff(), 0),
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await self._subscribe(pubsub)
                self._connected = True
                backoff = 0.1
                log.info("subscribed to %s", CHANNEL)
                # Whatever was announced while we were away is gone: re-read every workshop.
                await on_resync()
                while True:
                    message = await self._next(pubsub)
                    if message is None or message.get("type") not in ("message", "smessage"):
                        continue
                    notice = decode_notice(message["data"])
                    if notice is not None:
                        await on_notice(*notice)
            except asyncio.CancelledError:
                raise
            except FAILURES as error:
                if self._connected:
                    log.warning("lost Redis (%s); reconnecting", error)
                    self.reconnects += 1
                self._connected = False
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
                with contextlib.suppress(Exception):
                    await client.aclose()
            # Jittered back-off so that many processes do not reconnect in lockstep.
            await asyncio.sleep(backoff * (0.5 + random.random()))
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


class RedisClusterBroker(RedisBroker):
    """Sharded pub/sub on a Redis Cluster: the notice channel lives on the shard owning its slot.

    REDIS_URL names any one node; the client learns the others from it.
    """

    name = "redis-cluster"

    def _client(self, **options: Any) -> Any:
        return RedisCluster.from_url(self.url, **options)

    async def _send(self, text: str) -> None:
        await self._publisher.spublish(CHANNEL, text)

    async def _subscribe(self, pubsub: Any) -> None:
        await pubsub.cluster.initialize()  # learn the slot map, or the channel has no node
        await pubsub.ssubscribe(CHANNEL)

    async def _next(self, pubsub: Any) -> Any:
        # Each shard's pubsub runs its connection's health check as it reads.
        return await pubsub.get_sharded_message(ignore_subscribe_messages=True, timeout=1.0)
