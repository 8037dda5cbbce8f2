"""The room screen as a presentation surface, as its page is served: no page furniture, the
join panel where the facilitator put it, what the room should do now, the results' moment of
reveal, a thank-you and no way in once the workshop has closed, and nothing a strict
Content-Security-Policy would refuse (no inline script or style)."""

from __future__ import annotations

import contextlib
import re

from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.domain.commands import (
    ActivityCommand,
    CloseWorkshop,
    LockInput,
    PlaceJoinPanel,
    StartActivity,
    WorkshopCommand,
)
from piiri.domain.vocabulary import Actor
from tests.support.live import activity_ids, companion, text_of
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)

FACILITATOR = Actor("facilitator", facilitator_id=1)


def run(client: TestClient, workshop_id: int, command: WorkshopCommand) -> None:
    assert client.portal is not None
    client.portal.call(client.app.state.piiri.service.run, workshop_id, FACILITATOR, command)  # type: ignore[attr-defined]


def a_screen(app: Starlette, client: TestClient) -> tuple[int, str]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kylätalon ilta", language="en")
    return workshop_id, f"/screen/{screen_token(app, workshop_id)}"


def page(client: TestClient, path: str) -> str:
    with contextlib.closing(companion(client)) as projector:
        response = projector.get(path)
        assert response.status_code == 200
        return response.text


def test_the_screen_has_no_page_furniture_and_nothing_inline(
    app: Starlette, client: TestClient
) -> None:
    _, screen = a_screen(app, client)
    html = page(client, screen)
    for furniture in ('class="languages"', "site-footer", "display-choices", "skip-link"):
        assert furniture not in html
    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\ssrc=)", html) is None  # every script is a file
    assert re.search(r"\son[a-z]+=", html) is None  # and no handler in an attribute
    assert 'src="/static/screen.' in html


def test_the_join_panel_is_where_the_facilitator_puts_it(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, screen = a_screen(app, client)
    code = workshop_row(app, workshop_id).code
    large = page(client, screen)
    assert 'class="screen-join join-large"' in large
    assert code in text_of(large) and "Join on your phone" in text_of(large)

    run(client, workshop_id, PlaceJoinPanel("corner"))
    corner = page(client, screen)
    assert 'class="screen-join join-corner"' in corner
    assert code in text_of(corner)

    run(client, workshop_id, PlaceJoinPanel("hidden"))
    hidden = page(client, screen)
    assert 'class="screen-join join-hidden"' in hidden
    assert code not in text_of(hidden) and "<svg" not in hidden


def test_a_closed_workshop_shows_a_thank_you_and_no_way_in(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, screen = a_screen(app, client)
    code = workshop_row(app, workshop_id).code
    run(client, workshop_id, CloseWorkshop())
    html = page(client, screen)
    assert "Thank you for taking part!" in text_of(html)
    assert code not in text_of(html)
    assert "<svg" not in html and "/j/" not in html


def test_the_screen_says_what_the_room_should_do_now(app: Starlette, client: TestClient) -> None:
    workshop_id, screen = a_screen(app, client)
    add_dot_vote(client, workshop_id, dots_per_person="3")
    (vote,) = activity_ids(app, workshop_id)
    run(client, workshop_id, StartActivity(vote))
    assert "Vote on your phone: 3 dots each." in text_of(page(client, screen))

    run(client, workshop_id, ActivityCommand(vote, "lock", {}))
    locked = text_of(page(client, screen))
    assert "Voting is locked." in locked and "Vote on your phone" not in locked

    run(client, workshop_id, ActivityCommand(vote, "reveal", {}))
    revealed = page(client, screen)
    assert "Results" in text_of(revealed) and "Voting is locked." not in text_of(revealed)
    # Bars are SVG rectangles whose width is an attribute: they grow in by CSS, without an
    # inline style, and stay still for people who ask for reduced motion.
    assert re.search(r'<rect class="result-fill"[^>]* width="\d+\.\d%"', revealed)
    assert "style=" not in revealed


def test_input_paused_for_the_room_also_locks_the_vote_on_the_screen(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, screen = a_screen(app, client)
    add_dot_vote(client, workshop_id)
    (vote,) = activity_ids(app, workshop_id)
    run(client, workshop_id, StartActivity(vote))
    run(client, workshop_id, LockInput())
    assert "Voting is locked." in text_of(page(client, screen))


def test_the_console_places_the_join_panel_with_pressed_buttons(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, screen = a_screen(app, client)
    with client.websocket_connect(f"/ws/facilitator/{workshop_id}") as socket:
        socket.receive_text()
        socket.send_json({"command": "place_join_panel", "placement": "corner"})
        for _ in range(10):
            frame = socket.receive_text()
            if 'id="join-panel-corner"' in frame:
                break
        assert re.search(r'id="join-panel-corner"[^>]*aria-pressed="true"', frame)
        assert re.search(r'id="join-panel-large"[^>]*aria-pressed="false"', frame)
    assert 'class="screen-join join-corner"' in page(client, screen)
