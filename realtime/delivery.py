"""The fan-out the workshop service announces to: this process's hub, then the broker.

One ``Delivery`` per process. It is the only implementation of the core's ``Fanout``
(piiri/web/surfaces.py): after a commit the service calls ``announce_committed``, which marks
the workshop dirty in this process's hub (it works with Redis down) and then tells every other
process over the broker.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from piiri.settings import Settings
from piiri.web.surfaces import FanoutNeeds
from realtime.broker import Broker, InProcessBroker
from realtime.hub import Hub
from realtime.redis_broker import RedisBroker, RedisClusterBroker


def build_broker(settings: Settings) -> Broker:
    if settings.redis_url and settings.redis_cluster:
        return RedisClusterBroker(settings.redis_url)
    if settings.redis_url:
        return RedisBroker(settings.redis_url)
    return InProcessBroker()


class Delivery:
    def __init__(self, hub: Hub, broker: Broker) -> None:
        self.hub = hub
        self.broker = broker

    @classmethod
    def build(cls, needs: FanoutNeeds) -> Delivery:
        settings = needs.settings
        hub = Hub(
            views=dict(needs.views),
            renderer=needs.renderer,
            load_state=needs.load_state,
            cached_state=needs.cached_state,
            latest_seqs=needs.latest_seqs,
            live_links=needs.live_links,
            coalesce_seconds=settings.coalesce_seconds,
            resync_seconds=settings.resync_seconds,
            metrics=needs.metrics,
        )
        delivery = cls(hub, build_broker(settings))
        needs.metrics.register(FanoutFigures(delivery))
        return delivery

    async def announce_committed(
        self, workshop_id: int, seq: int, *, committed_at: float | None = None
    ) -> None:
        await self.hub.notice(workshop_id, seq, committed_at)
        await self.broker.publish(workshop_id, seq)

    async def links_revoked(self, workshop_id: int) -> None:
        # This process closes the sockets at once; the others on their next resync.
        await self.hub.close_revoked(workshop_id)

    def watched(self) -> list[int]:
        return list(self.hub.rooms)

    async def start(self) -> None:
        await self.broker.start(self.hub.notice, self.hub.resync)
        self.hub.start()

    async def stop(self) -> None:
        await self.hub.stop()
        await self.broker.stop()

    def health(self) -> dict[str, Any]:
        broker_ok = self.broker.healthy()
        return {
            "broker_ok": broker_ok,
            "broker": {"kind": self.broker.name, "state": "ok" if broker_ok else "unavailable"},
            "connections": self.hub.connection_count,
            "outbox_bytes": self.hub.pending_bytes,
            "slow_closed": self.hub.slow_closed,
        }


class FanoutFigures:
    """The fan-out's plain counts as Prometheus series, read only when /metrics is scraped."""

    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    def collect(self) -> Iterator[Metric]:
        hub, broker = self.delivery.hub, self.delivery.broker
        sockets = GaugeMetricFamily(
            "piiri_sockets", "Open WebSockets in this process, by role.", labels=["role"]
        )
        for role in ("facilitator", "participant", "screen"):
            sockets.add_metric([role], hub.sockets.get(role, 0))
        yield sockets
        rendered = CounterMetricFamily(
            "piiri_regions_rendered",
            "Region renderings made by fan-outs: shared (once per audience) and personal "
            "(once per distinct personal key).",
            labels=["kind"],
        )
        for kind, count in hub.renderings.items():
            rendered.add_metric([kind], count)
        yield rendered
        yield CounterMetricFamily(
            "piiri_fanout_bytes",
            "Frame bytes fan-outs handed to sockets (written at once or queued).",
            value=hub.bytes_sent,
        )
        yield GaugeMetricFamily(
            "piiri_outbox_bytes",
            "Rendered text waiting in the outboxes of sockets that could not keep up.",
            value=hub.pending_bytes,
        )
        yield CounterMetricFamily(
            "piiri_slow_sockets_closed",
            "Sockets closed (1013) because a send did not finish within the timeout.",
            value=hub.slow_closed,
        )
        yield CounterMetricFamily(
            "piiri_broker_reconnects",
            "Times the broker's subscriber lost Redis and connected again.",
            value=broker.reconnects,
        )
        up = GaugeMetricFamily(
            "piiri_broker_up", "1 while the broker is connected, else 0.", labels=["kind"]
        )
        up.add_metric([broker.name], 1 if broker.healthy() else 0)
        yield up
