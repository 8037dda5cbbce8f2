"""Rate limits hold: wrong passwords per account and per address, guesses of join codes, joins
per address, commands per socket (answered "slow down", nothing stored), sockets per
participant, and, with REDIS_URL, across processes."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.websockets import WebSocketDisconnect

from piiri.web.app import create_app
from piiri.web.rate_limits import CommandWindow
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.live import Live, companion, event_count, live_workshop, start, text_of
from tests.support.redis_servers import RedisServer
from tests.support.workshop import PASSWORD, facilitator_account, log_in, new_workshop, workshop_row

pytestmark = pytest.mark.db  # apps on migrated test databases

TOO_MANY = "Too many wrong passwords. Wait a few minutes and try again."


def _app(tmp_path: Path, **overrides: object) -> Starlette:
    settings = make_settings(tmp_path, **overrides)
    upgrade(settings.database_url)
    return create_app(settings)


def test_the_eleventh_wrong_password_is_refused(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    wrong = {"email": "fasi@example.org", "password": "not the password"}
    for _ in range(10):
        assert client.post("/login", data=wrong).status_code == 400
    response = client.post("/login", data=wrong)
    assert response.status_code == 429
    assert TOO_MANY in text_of(response.text)
    # Refused unchecked: even the right password waits until the window has passed.
    right = client.post("/login", data={"email": "fasi@example.org", "password": PASSWORD})
    assert right.status_code == 429
    # Another account from another address is not held up by it.
    facilitator_account(app, "toinen@example.org")
    other = {"email": "toinen@example.org", "password": PASSWORD}
    with contextlib.closing(companion(client)) as laptop:
        assert laptop.post("/login", data=other).url.path == "/facilitator/"


def test_wrong_passwords_from_one_address_are_limited_across_accounts(tmp_path: Path) -> None:
    app = _app(tmp_path, rate_login_address="5/15 minutes")
    with FormClient(app) as client:
        for n in range(5):
            wrong = {"email": f"guess{n}@example.org", "password": "nope nope nope"}
            assert client.post("/login", data=wrong).status_code == 400
        wrong = {"email": "guess9@example.org", "password": "nope nope nope"}
        assert client.post("/login", data=wrong).status_code == 429


def test_guessing_join_codes_is_throttled(app: Starlette, client: FormClient) -> None:
    facilitator_account(app)
    log_in(client)
    code = workshop_row(app, new_workshop(client)).code
    with contextlib.closing(companion(client)) as guesser:
        for n in range(30):
            assert guesser.post("/join", data={"code": f"{n:06d}"}).status_code == 404
        # From now on every code, right or wrong, gets the same answer: no signal to find.
        for guess in ("999999", code):
            response = guesser.post("/join", data={"code": guess})
            assert response.status_code == 429
            assert "Too many tries from this network." in text_of(response.text)
            assert response.headers["retry-after"] == "60"
        assert guesser.get(f"/j/{code}").status_code == 429


def test_joins_per_address_are_limited(tmp_path: Path) -> None:
    app = _app(tmp_path, rate_joins="5/minute")
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        code = workshop_row(app, new_workshop(client)).code
        for n in range(6):
            with contextlib.closing(companion(client)) as phone:
                response = phone.post(f"/j/{code}", data={"presence": "room"})
                assert response.status_code == (200 if n < 5 else 429), n
        workshop_id = int(
            client.get("/facilitator/").text.split("/facilitator/workshops/")[1].split('"')[0]
        )
        assert len(app.state.piiri.service.state(workshop_id).people) == 5


@pytest.fixture(name="live")
def live_fixture(tmp_path: Path) -> Iterator[Live]:
    app = _app(tmp_path, rate_commands="5/2 seconds", sockets_per_participant=2)
    with FormClient(app) as client, live_workshop(app, client) as running:
        yield running


def test_a_flooding_socket_is_told_to_slow_down_and_nothing_is_stored(live: Live) -> None:
    console = live.console()
    start(live, console)
    aino = live.phone(live.aino, "Aino's phone")
    aino.wait_text("phone-personal", "You have 3 dots left.")
    before = event_count(live.app, live.workshop_id)
    answers = [aino.send("raise_hand", activity="current") for _ in range(12)]
    assert answers.count("Slow down: that was too fast.") >= 7
    # Only the commands within the limit reached the service (raise_hand is not a dot-vote
    # command, so those were refused by the activity and stored nothing either).
    assert event_count(live.app, live.workshop_id) == before
    other = live.phone(live.remote, "remote phone")
    other.wait_text("phone-personal", "You have 3 dots left.")
    assert other.send("cast_dot", activity=str(live.activity_id), option="o1") == ""


def test_a_socket_s_window_moves_and_a_refused_command_is_not_counted() -> None:
    window = CommandWindow(3, 2.0)
    assert [window.hit(t) for t in (0.0, 0.5, 1.0, 1.5, 1.9)] == [True, True, True, False, False]
    # The first hit leaves the window at 2.0; the refused ones did not count, so one more fits.
    assert window.hit(2.0) is True
    assert window.hit(2.1) is False
    assert window.hit(2.5) is True  # 0.5 has left
    assert window.hit(3.0) is True  # 1.0 has left
    assert window.hit(3.1) is False


def test_one_cookie_keeps_at_most_its_sockets(live: Live) -> None:
    phones = [live.phone(live.aino, f"tab {n}") for n in range(4)]
    for phone in phones:
        phone.wait(lambda v: "phone-activity" in v.regions, "the first view")
    newest = phones[-1]
    for phone in phones[:2]:  # the oldest two are closed
        with pytest.raises(WebSocketDisconnect):
            for _ in range(40):
                phone.receive()
    hub = live.app.state.piiri.fanout.hub
    aino = [c for c in hub.rooms[live.workshop_id].connections if c.role == "participant"]
    assert len(aino) == 2
    cid = uuid.uuid4().hex
    assert newest.send("cast_dot", cid, activity=str(live.activity_id), option="o1") in (
        "",
        "This activity is not running right now.",
    )


def test_login_limits_hold_across_processes(tmp_path: Path, redis_server: RedisServer) -> None:
    redis_server.start()
    shared = {"redis_url": redis_server.url, "rate_login_account": "4/15 minutes"}
    first = _app(tmp_path / "one", **shared)
    email = f"{uuid.uuid4().hex[:8]}@example.org"
    wrong = {"email": email, "password": "not the password"}
    with FormClient(first) as one:
        for _ in range(2):
            assert one.post("/login", data=wrong).status_code == 400
    settings = first.state.piiri.settings
    second = create_app(settings)  # another process on the same database and Redis
    with FormClient(second) as two:
        for _ in range(2):
            assert two.post("/login", data=wrong).status_code == 400
        assert two.post("/login", data=wrong).status_code == 429
