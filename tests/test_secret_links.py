"""Revocable secret links: the room screen's link, replaced from the console.

Once replaced, the old link answers "not found", its socket handshake is refused, and a screen
already open through it is closed (at once by the process that replaced it, by every other on
its next resync). Links made before secret links had a table of their own keep working.
"""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from piiri.db.engine import make_engine, session_scope
from piiri.db.migrate import alembic_config, upgrade
from piiri.db.secret_links import (
    create_secret_link,
    current_secret_link,
    find_secret_link,
    live_tokens,
    replace_secret_link,
    revoke_secret_links,
    workshop_by_secret_link,
)
from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.form_client import FormClient
from tests.support.live import Live, View, companion, text_of
from tests.support.workshop import facilitator_account, log_in, new_workshop, screen_token

pytestmark = pytest.mark.db  # secret links on migrated test databases

POLICY_VIOLATION = 1008
NOW = "2026-11-30 09:00:00"


def handshake_refused(browser: TestClient, path: str) -> int:
    """The close code of a socket handshake the server refuses."""
    with pytest.raises(WebSocketDisconnect) as caught, browser.websocket_connect(path):
        pass
    return caught.value.code


def closed_with(view: View) -> int:
    """Read frames until the server closes the socket; its close code."""
    with pytest.raises(WebSocketDisconnect) as caught:
        view.wait(lambda v: False, "the socket closed")
    return caught.value.code


def replace_from_console(live: Live) -> str:
    """Press "Replace the room screen link" on the console; the new token."""
    path = f"/facilitator/workshops/{live.workshop_id}"
    response = live.facilitator.post(f"{path}/screen-link")
    assert response.status_code == 200, response.text
    assert response.url.path == path
    assert "The room screen has a new link." in text_of(response.text)
    token = screen_token(live.app, live.workshop_id)
    assert f'href="/screen/{token}"' in response.text
    return token


# -- the functions ---------------------------------------------------------------------------


def test_a_link_opens_its_workshop_for_its_purpose_until_it_is_revoked(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    with session_scope(app.state.piiri.engine) as session:
        first = current_secret_link(session=session, workshop_id=workshop_id, purpose="screen")
        assert first is not None and len(first.token) >= 32
        found = workshop_by_secret_link(session=session, token=first.token, purpose="screen")
        assert found is not None and found.id == workshop_id
        # A link opens only what it was made for.
        assert find_secret_link(session=session, token=first.token, purpose="results") is None
        expert = create_secret_link(session=session, workshop_id=workshop_id, purpose="expert")
        assert live_tokens(session=session, tokens=[first.token, expert.token, "x"]) == {
            first.token,
            expert.token,
        }

        second = replace_secret_link(session=session, workshop_id=workshop_id, purpose="screen")
        assert second.token != first.token
        assert find_secret_link(session=session, token=first.token, purpose="screen") is None
        assert current_secret_link(session=session, workshop_id=workshop_id, purpose="screen") == (
            second
        )
        # Replacing the screen's link leaves the other purposes' links alone.
        assert find_secret_link(session=session, token=expert.token, purpose="expert") == expert
        assert live_tokens(session=session, tokens=[first.token, second.token]) == {second.token}

        assert revoke_secret_links(session=session, workshop_id=workshop_id, purpose="screen") == 1
        assert current_secret_link(session=session, workshop_id=workshop_id, purpose="screen") is (
            None
        )
        assert live_tokens(session=session, tokens=[]) == set()


# -- the console -----------------------------------------------------------------------------


def test_a_replaced_screen_link_is_not_found_and_the_new_one_opens_the_screen(live: Live) -> None:
    old = live.screen_token
    assert live.screen_browser.get(f"/screen/{old}").status_code == 200
    new = replace_from_console(live)

    response = live.screen_browser.get(f"/screen/{old}")
    assert response.status_code == 404
    assert "This room screen link is not valid." in text_of(response.text)
    assert handshake_refused(live.screen_browser, f"/ws/screen/{old}") == POLICY_VIOLATION

    page = live.screen_browser.get(f"/screen/{new}")
    assert page.status_code == 200
    assert f'hx-ws:connect="/ws/screen/{new}"' in page.text
    live.screen_token = new
    live.screen().wait(lambda v: "screen-join" in v.regions, "the board on the new link")


def test_a_screen_open_through_the_old_link_is_closed_when_it_is_replaced(live: Live) -> None:
    screen = live.screen()
    screen.wait(lambda v: "screen-join" in v.regions, "the board")
    replace_from_console(live)
    # 1008: the htmx extension does not reconnect on it (static/vendor/htmx/hx-ws.min.js).
    assert closed_with(screen) == POLICY_VIOLATION


def test_a_screen_of_another_process_is_closed_on_its_next_resync(tmp_path: Path) -> None:
    """Revoked by another process: no call reaches this one, its safety loop notices."""
    settings = make_settings(tmp_path, resync_seconds=0.2)
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        workshop_id = new_workshop(client)
        token = screen_token(app, workshop_id)
        with (
            contextlib.closing(companion(client)) as projector,
            projector.websocket_connect(f"/ws/screen/{token}") as socket,
        ):
            screen = View(socket, "screen")
            screen.wait(lambda v: "screen-join" in v.regions, "the board")
            elsewhere = make_engine(settings.database_url)
            try:
                with session_scope(elsewhere) as session:
                    replace_secret_link(session=session, workshop_id=workshop_id, purpose="screen")
            finally:
                elsewhere.dispose()
            started = time.monotonic()
            assert closed_with(screen) == POLICY_VIOLATION
            assert time.monotonic() - started < 3.0


def test_only_the_workshops_facilitators_can_replace_its_screen_link(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    token = screen_token(app, workshop_id)
    facilitator_account(app, email="toinen@example.org")
    with contextlib.closing(companion(client)) as other:
        log_in(other, email="toinen@example.org")
        response = other.post(f"/facilitator/workshops/{workshop_id}/screen-link")
        assert response.status_code == 404
    with contextlib.closing(companion(client)) as stranger:
        response = stranger.post(f"/facilitator/workshops/{workshop_id}/screen-link")
        assert response.url.path == "/login"
    assert screen_token(app, workshop_id) == token


def test_the_console_offers_the_replacement_in_the_workshop_language(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kylätalon ilta", language="fi")
    console = text_of(client.get(f"/facilitator/workshops/{workshop_id}").text)
    assert "Vaihda salin näytön linkki" in console
    assert "Vanha linkki lakkaa toimimasta heti" in console
    response = client.post(f"/facilitator/workshops/{workshop_id}/screen-link")
    assert "Salin näytöllä on nyt uusi linkki." in text_of(response.text)


# -- links from before the table ---------------------------------------------------------------


def test_a_screen_link_made_before_the_migration_keeps_working(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    url = settings.database_url
    command.upgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO facilitator (id, email, name, password_hash, created_at) "
                "VALUES (1, 'f@example.org', '', 'x', :now)"
            ),
            {"now": NOW},
        )
        for workshop_id, token in ((1, "an-old-screen-token"), (2, "another-old-token")):
            connection.execute(
                text(
                    "INSERT INTO workshop (id, title, language, code, screen_token, owner_id, "
                    "closed, created_at) VALUES (:id, 'Old', 'en', :code, :token, 1, false, :now)"
                ),
                {"id": workshop_id, "code": f"00000{workshop_id}", "token": token, "now": NOW},
            )
        # Rows that refer to the workshop table, which the migration rebuilds on SQLite.
        connection.execute(
            text(
                "INSERT INTO participant (id, workshop_id, name, in_room, by_proxy, created_at) "
                "VALUES (1, 1, 'Aino', true, false, :now)"
            ),
            {"now": NOW},
        )
        joined = {"id": 1, "name": "Aino", "in_room": True, "by_proxy": False}
        connection.execute(
            text(
                "INSERT INTO event (workshop_id, seq, type, data, actor, created_at) "
                "VALUES (1, 1, 'ParticipantJoined', :data, 'participant:1', :now)"
            ),
            {"data": json.dumps(joined), "now": NOW},
        )
    engine.dispose()

    upgrade(url)  # what `piiri migrate` runs
    app = create_app(settings)
    with FormClient(app) as client:
        page = client.get("/screen/an-old-screen-token")
        assert page.status_code == 200, page.text
        assert "1 in the room" in text_of(page.text)  # its log folds as before
        assert client.get("/screen/another-old-token").status_code == 200
        with client.websocket_connect("/ws/screen/an-old-screen-token") as socket:
            assert 'id="screen-join"' in socket.receive_text()
    assert screen_token(app, 1) == "an-old-screen-token"

    # And back: the live link's token returns to its workshop; a revoked one never does.
    with session_scope(app.state.piiri.engine) as session:
        revoke_secret_links(session=session, workshop_id=2, purpose="screen")
    app.state.piiri.engine.dispose()
    command.downgrade(alembic_config(url), "0001")
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, screen_token FROM workshop")).all()
        tokens: dict[int, str] = {row[0]: row[1] for row in rows}
    engine.dispose()
    assert tokens[1] == "an-old-screen-token"
    assert tokens[2] != "another-old-token"
    assert len(tokens[2]) >= 32
