"""Call links for hybrid events: a video-call address for the workshop and one per breakout
group; a remote phone shows the one it needs now, a phone in the room shows none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from participant.views import PhoneViews
from piiri.activities import activity_kind
from piiri.activities.breakout.model import GroupsFormed, GroupsRecalled
from piiri.activities.call_links import call_link
from piiri.domain.commands import SetCallLink
from piiri.domain.events import (
    ActivityAdded,
    ActivityEvent,
    ActivityStarted,
    CallLinkSet,
    LogEvent,
    ParticipantJoined,
)
from piiri.domain.plan import preview
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import DomainError
from piiri.web.presenting import Call, call_for
from piiri.web.rendering import Renderer
from tests.support.live import text_of
from tests.support.workshop import facilitator_account, log_in, new_workshop
from tests.support.workshop_given import given, when

ROOM_CALL = "https://meet.jit.si/kylatalon-ilta"
GROUP_CALLS = ("https://teams.microsoft.com/l/meetup-join/ryhma-1", "https://zoom.us/j/123456")
AINO, REMOTE_RIKU, REMOTE_SARA = 1, 2, 3
PARTICIPANT_TEMPLATES = Path(__file__).resolve().parent.parent / "participant" / "templates"


@pytest.mark.parametrize(
    "address",
    [ROOM_CALL, *GROUP_CALLS, "http://localhost:8000/room", "https://whereby.com/x?lang=fi#a"],
)
def test_a_web_address_is_a_call_link(address: str) -> None:
    assert call_link(f"  {address} ") == address


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "meet.jit.si/ilta", "https://", "ftp://x.org/a", "https://a b.org"],
)
def test_anything_else_is_refused_with_an_example(address: str) -> None:
    with pytest.raises(DomainError, match=re.escape("https://meet.jit.si/our-evening")):
        call_link(address)


def test_the_workshop_call_is_set_changed_and_taken_away() -> None:
    assert when(given(), SetCallLink(ROOM_CALL)) == [CallLinkSet(ROOM_CALL)]
    with_call = given(CallLinkSet(ROOM_CALL))
    assert with_call.call_link == ROOM_CALL
    assert when(with_call, SetCallLink(ROOM_CALL)) == []
    assert when(with_call, SetCallLink("")) == [CallLinkSet("")]
    with pytest.raises(DomainError, match="web link"):
        when(given(), SetCallLink("zoom meeting 123"))


def test_a_breakout_takes_one_call_per_group_in_group_order() -> None:
    kind = activity_kind("breakout")
    config = kind.parse_config({"call_links": "\n".join(GROUP_CALLS)})
    assert config["call_links"] == list(GROUP_CALLS)
    assert kind.config_form(config)["call_links"] == "\n".join(GROUP_CALLS)
    with pytest.raises(DomainError, match="web link"):
        kind.parse_config({"call_links": "ryhmä 1: zoom"})
    # A breakout stored before there were calls still starts, without any.
    older = {k: v for k, v in config.items() if k != "call_links"}
    assert kind.initial(older).call_links == ()


def workshop(stage: str) -> WorkshopState:
    """Aino in the room, Riku and Sara remote; a breakout with two groups' calls."""
    kind = activity_kind("breakout")
    config = kind.parse_config({"call_links": "\n".join(GROUP_CALLS)})
    groups = [
        {"id": "g1", "number": 1, "prompts": [], "members": [AINO, REMOTE_RIKU]},
        {"id": "g2", "number": 2, "prompts": [], "members": [REMOTE_SARA]},
    ]
    events: list[LogEvent] = [
        ParticipantJoined(AINO, "Aino", in_room=True, by_proxy=False),
        ParticipantJoined(REMOTE_RIKU, "Riku", in_room=False, by_proxy=False),
        ParticipantJoined(REMOTE_SARA, "Sara", in_room=False, by_proxy=False),
        CallLinkSet(ROOM_CALL),
        ActivityAdded(1, "breakout", "Pienryhmät", 0, config),
    ]
    if stage != "plenary":
        events.append(ActivityStarted(1))
        events.append(ActivityEvent(1, "breakout", GroupsFormed(groups, "mix")))
    if stage == "recalled":
        events.append(ActivityEvent(1, "breakout", GroupsRecalled("2026-03-02T10:00:00+00:00")))
    return preview(WorkshopState(id=1, title="Ilta", language="fi", code="123456"), events)


def test_remote_people_get_the_call_they_need_now_and_the_room_none() -> None:
    plenary, working, recalled = workshop("plenary"), workshop("working"), workshop("recalled")
    assert call_for(plenary, REMOTE_RIKU) == Call(ROOM_CALL, group=False)
    assert call_for(working, REMOTE_RIKU) == Call(GROUP_CALLS[0], group=True)
    assert call_for(working, REMOTE_SARA) == Call(GROUP_CALLS[1], group=True)
    assert call_for(recalled, REMOTE_SARA) == Call(ROOM_CALL, group=False)
    for state in (plenary, working, recalled):
        assert call_for(state, AINO) is None


def test_the_phone_shows_the_call_as_a_link_that_opens_apart() -> None:
    views = PhoneViews(Renderer(template_dirs=[PARTICIPANT_TEMPLATES]))
    working = workshop("working")
    sara = views.personal(working, "fi", REMOTE_SARA)
    assert f'href="{GROUP_CALLS[1]}"' in sara and 'rel="noopener noreferrer"' in sara
    assert "ryhmäsi" in sara  # in the workshop's language
    assert "call-link" not in views.personal(working, "fi", AINO)
    # The personal rendering is shared by equal keys: a different call is a different key.
    assert views.personal_key(working, REMOTE_SARA) != views.personal_key(working, REMOTE_RIKU)
    assert f'href="{ROOM_CALL}"' in views.personal(workshop("plenary"), "sv", REMOTE_SARA)


def test_the_console_sets_the_call_and_a_bad_address_changes_nothing(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, language="fi")
    state = app.state.piiri.service.state
    with client.websocket_connect(f"/ws/facilitator/{workshop_id}") as socket:
        socket.receive_text()
        socket.send_json({"command": "set_call_link", "url": "zoom 123", "cid": "c1"})
        refusal = next(f for f in (socket.receive_text() for _ in range(5)) if 'id="notice"' in f)
        assert "verkkolinkkinä" in text_of(refusal)  # said in the workshop's language
        assert state(workshop_id).call_link == ""
        socket.send_json({"command": "set_call_link", "url": ROOM_CALL, "cid": "c2"})
        for _ in range(10):
            if state(workshop_id).call_link == ROOM_CALL:
                break
            socket.receive_text()
    assert state(workshop_id).call_link == ROOM_CALL
    assert f'value="{ROOM_CALL}"' in client.get(f"/facilitator/workshops/{workshop_id}").text
