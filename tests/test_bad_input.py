"""Bad input from anyone: each gets a clear message where the person sees it, and nothing changes.

"Nothing changes" is read back through a fresh view or the results download, never from the
answer to the bad request itself.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from piiri.db.models import Participant, Workshop
from piiri.web.app import create_app
from piiri.web.cookies import COOKIE_NAME
from piiri.web.i18n import gettext
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import NOBODY_REMOVED, FormClient, form_token, session_of
from tests.support.live import (
    Live,
    View,
    activity_ids,
    companion,
    event_count,
    live_workshop,
    text_of,
)
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    workshop_row,
)

POLICY_VIOLATION = 1008


@pytest.fixture
def live(app: Starlette, client: TestClient) -> Iterator[Live]:
    # Two dots each, at most one on an option: both limits are easy to reach.
    with live_workshop(app, client, dots_per_person="2", max_per_option="1") as running:
        yield running


def running(live: Live) -> tuple[View, View]:
    """The console and Aino's phone, with the dot-vote started."""
    console = live.console()
    assert console.send("start_activity", activity=str(live.activity_id)) == ""
    phone = live.phone(live.aino, "Aino's phone")
    phone.wait_text("phone-personal", "You have 2 dots left.")
    return console, phone


def fresh_phone_text(live: Live) -> str:
    """Aino's personal region as a newly opened socket sees it."""
    view = live.phone(live.aino, "Aino's phone, fresh")
    view.wait(lambda v: "phone-personal" in v.regions, "my own region")
    return view.text("phone-personal")


def refused(browser: TestClient, path: str, **headers: str) -> int:
    """The close code of a socket handshake that the server must refuse."""
    with (
        pytest.raises(WebSocketDisconnect) as caught,
        browser.websocket_connect(path, headers=headers),
    ):
        pass
    return caught.value.code


# -- join codes --------------------------------------------------------------------------------


def test_an_unknown_join_code_gets_a_not_found_page(client: TestClient) -> None:
    response = client.post("/join", data={"code": "999 999"})
    assert response.status_code == 404
    assert "No open workshop has the code 999 999." in text_of(response.text)
    assert 'value="999 999"' in response.text  # the code stays in the field to correct it

    for method in ("GET", "POST"):
        data = {"presence": "room", "csrf": form_token(client)}
        response = client.request(method, "/j/999999", data=data)
        assert response.status_code == 404
        assert "No open workshop has the code 999999." in text_of(response.text)
    response = client.get("/w/999999")
    assert response.status_code == 404


def test_a_closed_workshop_cannot_be_joined(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    with Session(app.state.piiri.engine) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        code = workshop.code
    with contextlib.closing(companion(client)) as phone:
        join(phone, code, name="Aino")
        with Session(app.state.piiri.engine) as session:
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            workshop.closed = True
            session.add(workshop)
            session.commit()

        response = client.post("/join", data={"code": code})
        assert response.status_code == 404
        assert f"No open workshop has the code {code}." in text_of(response.text)
        response = phone.post(f"/j/{code}", data={"name": "Again", "presence": "room"})
        assert response.status_code == 404
        # Even a phone that joined before the close is not let in any more.
        assert phone.get(f"/w/{code}").status_code == 404
        assert refused(phone, f"/ws/w/{code}") == POLICY_VIOLATION
    people = client.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
    assert people["participants"] == {
        "in_room": 1,
        "remote": 0,
        "without_phone": 0,
        "left": 0,
        **NOBODY_REMOVED,
    }


def test_a_bad_join_form_keeps_what_was_typed(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    code = workshop_row(app, workshop_id).code
    with contextlib.closing(companion(client)) as phone:
        cases = [
            ({"name": "Aino", "presence": ""}, "Say whether you are in the room or taking part"),
            ({"name": "Aino", "presence": "moon"}, "Say whether you are in the room or taking"),
            ({"name": "n" * 500, "presence": "room"}, "This can be at most 80 characters long."),
        ]
        for form, message in cases:
            response = phone.post(f"/j/{code}", data=form)
            assert response.status_code == 400
            assert message in text_of(response.text)
            assert f'value="{form["name"]}"' in response.text
        assert "p" not in session_of(phone)  # nobody joined
        assert phone.get(f"/w/{code}").url.path == f"/j/{code}"
    people = client.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
    assert people["participants"] == {
        "in_room": 0,
        "remote": 0,
        "without_phone": 0,
        "left": 0,
        **NOBODY_REMOVED,
    }


def test_joining_twice_on_one_phone_counts_once(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    code = workshop_row(app, workshop_id).code
    with contextlib.closing(companion(client)) as phone:
        join(phone, code, name="Aino")
        # A second press of Join, or the back button and Join again.
        join(phone, code, name="Aino", presence="remote")
        assert "You are Aino" in text_of(phone.get(f"/w/{code}").text)
    people = client.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
    assert people["participants"] == {
        "in_room": 1,
        "remote": 0,
        "without_phone": 0,
        "left": 0,
        **NOBODY_REMOVED,
    }


def test_a_phone_remembered_by_a_fresh_database_joins_again(
    tmp_path: Path, app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    with contextlib.closing(companion(client)) as phone:
        join(phone, workshop_row(app, workshop_id).code, name="Aino")
        remembered = phone.cookies[COOKIE_NAME]

    # The database starts afresh (same secret key): workshop 1 again, with nobody in it yet.
    (tmp_path / "fresh").mkdir()
    settings = make_settings(tmp_path / "fresh")
    upgrade(settings.database_url)
    fresh = create_app(settings)
    with FormClient(fresh) as laptop, contextlib.closing(companion(laptop)) as phone:
        facilitator_account(fresh)
        log_in(laptop)
        assert new_workshop(laptop) == workshop_id
        code = workshop_row(fresh, workshop_id).code
        phone.cookies.set(COOKIE_NAME, remembered, domain="testserver.local")
        # Not a redirect loop between the phone page and the join page: the join form.
        for path in (f"/w/{code}", f"/j/{code}"):
            page = phone.get(path)
            assert page.status_code == 200
            assert page.url.path == f"/j/{code}"
        assert refused(phone, f"/ws/w/{code}") == POLICY_VIOLATION
        join(phone, code, name="Aino")
        people = laptop.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
        assert people["participants"]["in_room"] == 1


def test_an_unknown_screen_link_is_not_found(live: Live) -> None:
    response = live.screen_browser.get("/screen/not-the-token")
    assert response.status_code == 404
    assert "This room screen link is not valid." in text_of(response.text)
    assert refused(live.screen_browser, "/ws/screen/not-the-token") == POLICY_VIOLATION


# -- options ---------------------------------------------------------------------------------


def test_bad_options_in_the_add_activity_form_keep_the_form(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    long_option = "x" * 500
    cases = [
        ("Only one\n   \n", "A dot-vote needs at least two options, one per line."),
        (f"Short\n{long_option}", "An option can be at most 200 characters long."),
    ]
    for options, message in cases:
        response = client.post(
            f"/facilitator/workshops/{workshop_id}/activities",
            data={
                "kind": "dot_vote",
                "title": "What matters most?",
                "options": options,
                "dots_per_person": "4",
                "max_per_option": "",
            },
        )
        assert response.status_code == 400
        assert 'id="form-error"' in response.text
        assert message in text_of(response.text)
        # What the facilitator typed is still in the form, to be corrected.
        assert 'value="What matters most?"' in response.text
        assert f">{options}</textarea>" in response.text
        assert (
            'id="dot_vote-dots_per_person" name="dots_per_person" inputmode="numeric" value="4"'
            in (response.text)
        )
    document = client.get(f"/facilitator/workshops/{workshop_id}/results.json").json()
    assert document["activities"] == []


def test_bad_options_added_live_get_a_notice(live: Live) -> None:
    console, _ = running(live)
    before = event_count(live.app, live.workshop_id)
    cases = [
        ("", "An option needs some text."),
        ("   ", "An option needs some text."),
        ("y" * 500, "An option can be at most 200 characters long."),
        ("  opening   HOURS ", "“opening HOURS” is already an option."),
    ]
    for label, message in cases:
        assert console.send("add_option", activity="current", label=label) == message
        assert 'class="notice-error"' in console.html("notice")
    assert event_count(live.app, live.workshop_id) == before
    assert [r["option"] for r in live.vote()["ranking"]] == [
        "Opening hours",
        "Repair café",
        "Cycle routes",
    ]
    assert fresh_phone_text(live).count("of your dots") == 3


# -- votes -----------------------------------------------------------------------------------


def test_a_dot_beyond_the_budget_is_refused(live: Live) -> None:
    _, phone = running(live)
    activity = str(live.activity_id)
    assert phone.send("cast_dot", activity=activity, option="o1") == ""
    assert phone.send("cast_dot", activity=activity, option="o2") == ""
    phone.wait_text("phone-personal", "You have 0 dots left.")
    notice = phone.send("cast_dot", activity=activity, option="o3")
    assert notice == "All your 2 dots are in use. Take one back to move it."
    assert live.vote()["dots_cast"] == 2
    assert "You have 0 dots left." in fresh_phone_text(live)


def test_a_dot_beyond_the_cap_is_refused(live: Live) -> None:
    _, phone = running(live)
    activity = str(live.activity_id)
    assert phone.send("cast_dot", activity=activity, option="o1") == ""
    notice = phone.send("cast_dot", activity=activity, option="o1")
    assert notice == "One option can take at most 1 of your dots."
    assert live.vote()["dots_cast"] == 1
    assert "You have 1 dot left." in fresh_phone_text(live)


def test_a_vote_after_the_lock_is_refused(live: Live) -> None:
    console, phone = running(live)
    activity = str(live.activity_id)
    assert phone.send("cast_dot", activity=activity, option="o1") == ""
    assert console.send("lock", activity=activity) == ""
    phone.wait_text("phone-personal", "Voting is locked.")
    for command in ("cast_dot", "remove_dot"):
        notice = phone.send(command, activity=activity, option="o1")
        assert notice == "Voting is locked; dots can no longer change."
    assert live.vote()["dots_cast"] == 1
    assert live.vote()["locked"] is True


def test_a_dot_on_an_option_that_is_not_there_is_refused(live: Live) -> None:
    _, phone = running(live)
    notice = phone.send("cast_dot", activity=str(live.activity_id), option="o99")
    assert notice == "That option is not in this vote."
    assert live.vote()["dots_cast"] == 0


def test_bad_proxy_votes_get_a_notice(live: Live) -> None:
    console, _ = running(live)
    before = event_count(live.app, live.workshop_id)
    need_name = "Give the person's name so that their dots can be told apart."
    assert console.send("add_proxy_person", name="   ") == need_name
    assert console.send("add_proxy_person", name="m" * 81) == (
        "This can be at most 80 characters long."
    )
    with Session(live.app.state.piiri.engine) as session:
        aino = session.exec(select(Participant.id).where(Participant.name == "Aino")).one()
    activity = str(live.activity_id)
    assert console.send("cast_dot", activity=activity, option="o1", **{"for": str(aino)}) == (
        "That person has a phone of their own; you can vote only for people without one."
    )
    assert console.send("cast_dot", activity=activity, option="o1") == (
        "Choose the person you are voting for."
    )
    assert console.send("cast_dot", activity=activity, option="o1", **{"for": "999"}) == (
        "That person is not in this workshop."
    )
    assert event_count(live.app, live.workshop_id) == before
    assert live.vote()["dots_cast"] == 0
    assert live.results()["participants"]["without_phone"] == 0


# -- who may send what -------------------------------------------------------------------------


def test_a_message_for_another_workshop_is_refused(live: Live) -> None:
    other = new_workshop(live.facilitator, title="Another workshop")
    add_dot_vote(live.facilitator, other, title="Another vote")
    (other_activity,) = activity_ids(live.app, other)
    console, phone = running(live)
    before = event_count(live.app, live.workshop_id), event_count(live.app, other)

    elsewhere = "That message was meant for another workshop."
    assert phone.send("cast_dot", workshop=str(other), activity="current", option="o1") == (
        elsewhere
    )
    assert console.send("reveal", workshop=other, activity=str(live.activity_id)) == elsewhere
    not_here = "That activity is not in this workshop."
    assert phone.send("cast_dot", activity=str(other_activity), option="o1") == not_here
    assert console.send("reveal", activity=str(other_activity)) == not_here
    assert console.send("start_activity", activity=str(other_activity)) == not_here

    assert (event_count(live.app, live.workshop_id), event_count(live.app, other)) == before
    assert live.vote()["revealed"] is False
    assert live.vote()["dots_cast"] == 0


def test_a_participant_cannot_send_facilitator_commands(live: Live) -> None:
    _, phone = running(live)
    before = event_count(live.app, live.workshop_id)
    activity = str(live.activity_id)
    only = "Only the facilitator can do that."
    for command, fields in [
        ("lock", {"activity": activity}),
        ("reveal", {"activity": activity}),
        ("add_option", {"activity": "current", "label": "Mine"}),
        ("start_activity", {"activity": activity}),
        ("stop_activity", {}),
        ("add_proxy_person", {"name": "Fake"}),
    ]:
        assert phone.send(command, **fields) == only, command
    assert event_count(live.app, live.workshop_id) == before
    vote = live.vote()
    assert (vote["locked"], vote["revealed"], len(vote["ranking"])) == (False, False, 3)


def test_the_room_screen_cannot_change_anything(live: Live) -> None:
    running(live)
    screen = live.screen()
    before = event_count(live.app, live.workshop_id)
    shows = "The room screen only shows; it cannot change anything."
    for command in ("cast_dot", "reveal", "lock", "stop_activity", "add_option"):
        assert screen.send(command, activity=str(live.activity_id), option="o1") == shows
    assert event_count(live.app, live.workshop_id) == before


def test_a_forged_cookie_is_not_recognised(live: Live) -> None:
    value = live.aino.cookies[COOKIE_NAME]
    forged = value[:-4] + ("AAAA" if not value.endswith("AAAA") else "BBBB")
    live.aino.cookies.delete(COOKIE_NAME)
    live.aino.cookies.set(COOKIE_NAME, forged, domain="testserver.local")

    assert refused(live.aino, f"/ws/w/{live.code}") == POLICY_VIOLATION

    response = live.aino.get(f"/w/{live.code}")
    assert response.status_code == 200
    assert response.url.path == f"/j/{live.code}"
    assert "This phone could not be recognised any more. Please join again." in text_of(
        response.text
    )
    # The bad cookie is gone, so the phone can simply join again.
    assert "p" not in session_of(live.aino)
    join(live.aino, live.code, name="Aino")
    assert live.results()["participants"]["in_room"] == 2


def test_an_oversized_message_gets_a_notice(live: Live) -> None:
    _, phone = running(live)
    payload = json.dumps(
        {"command": "cast_dot", "activity": "current", "option": "o1", "pad": "x" * 17_000}
    )
    assert len(payload.encode()) > 16 * 1024
    assert phone.send_raw(payload) == "That message was too long."
    assert live.vote()["dots_cast"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "not json at all",
        "[1, 2, 3]",
        '"cast_dot"',
        "{",
        '{"command": 5}',
        '{"activity": "1"}',
        # Nested deeper than the JSON decoder recurses, yet well under the size limit.
        "[" * 8000 + "]" * 8000,
    ],
    ids=["text", "array", "string", "broken", "number-command", "no-command", "deep"],
)
def test_a_message_that_is_not_understood_gets_a_notice(live: Live, text: str) -> None:
    _, phone = running(live)
    assert phone.send_raw(text) == "That message was not understood."
    assert live.vote()["dots_cast"] == 0
    # The socket still works afterwards.
    assert phone.send("cast_dot", activity="current", option="o1") == ""


def test_a_binary_frame_gets_a_notice(live: Live) -> None:
    _, phone = running(live)
    phone.regions.pop("notice", None)
    phone.session.send_bytes(b'{"command": "cast_dot", "activity": "current", "option": "o1"}')
    phone.wait(lambda v: "notice" in v.regions, "the #notice answering a binary frame")
    assert phone.text("notice") == "That message was not understood."
    assert live.vote()["dots_cast"] == 0
    assert phone.send("cast_dot", activity="current", option="o1") == ""


def test_a_finnish_participant_gets_the_message_in_finnish(live: Live) -> None:
    budget = "All your {budget} dots are in use. Take one back to move it."
    finnish = gettext("fi", budget, budget=2)
    assert finnish != budget.format(budget=2), "the Finnish catalogue lacks this message"
    running(live)
    # The browser says Finnish; the workshop itself is in English.
    live.remote.headers["Accept-Language"] = "fi-FI,fi;q=0.9,en;q=0.5"
    phone = live.phone(live.remote, "Finnish phone")
    for option in ("o1", "o2"):
        assert phone.send("cast_dot", activity="current", option=option) == ""
    assert phone.send("cast_dot", activity="current", option="o3") == finnish
    assert live.vote()["dots_cast"] == 2

    unknown = "No open workshop has the code {code}. Check the code on the room screen."
    response = live.remote.post("/join", data={"code": "999999"})
    assert response.status_code == 404
    assert gettext("fi", unknown, code="999999") in text_of(response.text)
    assert gettext("fi", unknown, code="999999") != unknown.format(code="999999")


# -- origins ---------------------------------------------------------------------------------


def test_a_socket_from_another_site_is_refused(live: Live) -> None:
    paths = [
        (live.facilitator, f"/ws/facilitator/{live.workshop_id}"),
        (live.aino, f"/ws/w/{live.code}"),
        (live.screen_browser, f"/ws/screen/{live.screen_token}"),
    ]
    for browser, path in paths:
        assert refused(browser, path, origin="http://evil.example") == POLICY_VIOLATION
        # The page's own origin (the Host the browser connected to) is let in.
        with browser.websocket_connect(path, headers={"origin": "http://testserver"}) as ws:
            View(ws, path).wait(lambda v: len(v.regions) > 0, "the first view")


@pytest.mark.db
def test_allowed_origins_lets_a_configured_origin_in(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        allowed_origins=("https://piiri.example.org",),
        public_url="https://public.example.org",
    )
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        workshop_id = new_workshop(client)
        path = f"/ws/facilitator/{workshop_id}"
        # A configured origin, and PUBLIC_URL's (behind a proxy that rewrites Host).
        for origin in ("https://piiri.example.org", "https://public.example.org/"):
            with client.websocket_connect(path, headers={"origin": origin}) as ws:
                View(ws, origin).wait(lambda v: "console-agenda" in v.regions, "the agenda")
        for origin in ("https://other.example.org", "https://piiri.example.org.evil.example"):
            assert refused(client, path, origin=origin) == POLICY_VIOLATION
