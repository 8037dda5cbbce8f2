"""/metrics after a scripted workshop: every series operators graph, parsed as Prometheus does.

The workshop runs over real sockets into the real app (tests/test_realtime.py's ``Live``); the
exposition is read with prometheus-client's own parser.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.applications import Starlette
from starlette.datastructures import Secret
from starlette.testclient import TestClient

from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.live import Live, live_workshop, start
from tests.support.redis_servers import RedisServer

pytestmark = pytest.mark.db  # apps on migrated test databases

TOKEN = "metrics-test-token"
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[sample.name, frozenset(sample.labels.items())] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    exposed = sorted({n for n, _ in samples})
    assert key in samples, f"{name}{labels} is not exposed; exposed: {exposed}"
    return samples[key]


@pytest.fixture
def metered(tmp_path: Path) -> Iterator[Starlette]:
    settings = make_settings(tmp_path, health_token=Secret(TOKEN))
    upgrade(settings.database_url)
    application = create_app(settings)
    yield application
    application.state.piiri.engine.dispose()


def test_metrics_expose_every_series_after_a_scripted_workshop(metered: Starlette) -> None:
    with FormClient(metered) as client, live_workshop(metered, client) as live:
        run_script(live)
        samples = scrape(client)

    assert value(samples, "piiri_sockets", role="facilitator") == 1
    assert value(samples, "piiri_sockets", role="participant") == 2
    assert value(samples, "piiri_sockets", role="screen") == 1
    assert value(samples, "piiri_joins_total") == 2
    assert value(samples, "piiri_commands_total", kind="join", outcome="applied") == 2
    assert value(samples, "piiri_commands_total", kind="start_activity", outcome="applied") == 1
    assert value(samples, "piiri_commands_total", kind="cast_dot", outcome="applied") == 3
    # The fourth dot on one option is over its limit of two: refused, nothing stored.
    assert value(samples, "piiri_commands_total", kind="cast_dot", outcome="refused") == 1
    assert value(samples, "piiri_commands_total", kind="cast_dot", outcome="duplicate") == 1
    # A name that is no command's, in a form that could be one, and one that could not.
    assert value(samples, "piiri_commands_total", kind="fly", outcome="refused") == 1
    assert value(samples, "piiri_commands_total", kind="unknown", outcome="refused") == 1

    # The changes this process committed were fanned out to its sockets and timed: once per
    # fan-out of the room, so changes committed within one coalescing tick count once.
    fanouts = value(samples, "piiri_fanout_seconds_count")
    assert 1 <= fanouts <= 5
    assert value(samples, "piiri_fanout_seconds_bucket", le="+Inf") == fanouts
    assert 0 < value(samples, "piiri_fanout_seconds_sum") < 30
    assert value(samples, "piiri_regions_rendered_total", kind="shared") >= 3
    assert value(samples, "piiri_regions_rendered_total", kind="personal") >= 2
    assert value(samples, "piiri_fanout_bytes_total") > 10_000
    assert value(samples, "piiri_outbox_bytes") == 0
    assert value(samples, "piiri_slow_sockets_closed_total") == 0

    # Each write attempt is timed; none lost a race on one process.
    assert value(samples, "piiri_db_write_seconds_count") >= 9
    assert value(samples, "piiri_db_lost_races_total") == 0
    assert value(samples, "piiri_broker_reconnects_total") == 0
    assert value(samples, "piiri_broker_up", kind="in-process") == 1


def run_script(live: Live) -> None:
    console, screen = live.console(), live.screen()
    aino, remote = live.phone(live.aino, "Aino's phone"), live.phone(live.remote, "remote phone")
    start(live, console)
    for phone in (aino, remote):
        phone.wait_text("phone-personal", "You have 3 dots left.")
    activity = str(live.activity_id)
    assert aino.send("cast_dot", cid="dot-1", activity=activity, option="o1") == ""
    assert aino.send("cast_dot", cid="dot-1", activity=activity, option="o1") == ""  # a resend
    assert aino.send("cast_dot", activity=activity, option="o1") == ""
    assert aino.send("cast_dot", activity=activity, option="o1") != ""
    assert remote.send("cast_dot", activity=activity, option="o2") == ""
    assert remote.send("fly", activity=activity) != ""
    assert remote.send("Mind the gap", activity=activity) != ""
    screen.wait(lambda v: "3" in v.text("screen-activity"), "the votes on the board")
    remote.wait_text("phone-personal", "You have 2 dots left.")


def test_metrics_need_the_token(metered: Starlette) -> None:
    with FormClient(metered) as client:
        assert client.get("/metrics").status_code == 401
        wrong = client.get("/metrics", headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        assert TOKEN not in wrong.text
        # One token for the operator: the same opens /healthz's figures.
        figures = client.get("/healthz", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert "connections" in figures


def test_metrics_are_off_without_a_token(client: TestClient) -> None:
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.multiprocess
def test_a_broker_reconnect_is_counted(tmp_path: Path, redis_server: RedisServer) -> None:
    """A real redis-server stopped and started under the app: the subscriber's reconnect."""
    redis_server.start()  # a no-op unless an earlier test left it stopped
    settings = make_settings(tmp_path, health_token=Secret(TOKEN), redis_url=redis_server.url)
    upgrade(settings.database_url)
    application = create_app(settings)

    def until(predicate: Callable[[Samples], bool], what: str) -> Samples:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            samples = scrape(client)
            if predicate(samples):
                return samples
            time.sleep(0.1)
        raise AssertionError(f"{what} not seen within 20 s")

    try:
        with FormClient(application) as client:
            up = until(lambda s: value(s, "piiri_broker_up", kind="redis") == 1, "connected")
            assert value(up, "piiri_broker_reconnects_total") == 0
            redis_server.stop()
            until(lambda s: value(s, "piiri_broker_up", kind="redis") == 0, "Redis lost")
            redis_server.start()
            back = until(lambda s: value(s, "piiri_broker_up", kind="redis") == 1, "back")
            assert value(back, "piiri_broker_reconnects_total") == 1
    finally:
        redis_server.start()
        application.state.piiri.engine.dispose()
