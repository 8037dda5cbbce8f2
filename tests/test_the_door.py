"""Who may join, and who stays out: the join rules (open, the facilitator admits, closed),
the cap, removing people (their sockets close, an empty join does not bring them back, their
dots can go with them), removing a wave of joins by time, and a people region that stays small
on the wire however many join."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.websockets import WebSocketDisconnect

from facilitator.views import ConsoleViews
from piiri.domain.commands import Join
from piiri.domain.events import ParticipantJoined
from piiri.domain.vocabulary import Actor
from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.kind_views import RENDERER
from tests.support.live import Live, View, companion, live_workshop, start, text_of
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    log_in,
    new_workshop,
    workshop_row,
)
from tests.support.workshop_given import given

pytestmark = pytest.mark.db  # apps on migrated test databases


@pytest.fixture(name="live")
def live_fixture(app: Starlette, client: FormClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def _id_of(live: Live, name: str) -> int:
    state = live.app.state.piiri.service.state(live.workshop_id)
    (person,) = [p for p in state.people.values() if p.name == name]
    return int(person.id)


def _closed(view: View) -> bool:
    try:
        for _ in range(40):
            view.receive()
    except WebSocketDisconnect:
        return True
    return False


def test_a_removed_person_is_closed_out_and_stays_out(live: Live) -> None:
    console = live.console()
    aino = live.phone(live.aino, "Aino's phone")
    start(live, console)
    aino.wait_text("phone-personal", "You have 3 dots left.")
    for option in ("o1", "o2"):
        assert aino.send("cast_dot", activity=str(live.activity_id), option=option) == ""
    assert live.vote()["dots_cast"] == 2

    aino_id = _id_of(live, "Aino")
    assert console.send("remove_person", person=str(aino_id), withdraw="on") == ""
    assert _closed(aino), "the removed person's socket stayed open"
    # Their dots went with them, through events, and the report says how many.
    assert live.vote()["dots_cast"] == 0
    participants = live.results()["participants"]
    assert (participants["removed"], participants["inputs_withdrawn"]) == (1, 2)
    # An empty join, the join page, the phone page and a new socket all keep them out.
    response = live.aino.post(f"/j/{live.code}", data={})
    assert response.status_code == 403
    assert "The facilitator has taken you out of this workshop." in text_of(response.text)
    assert live.aino.get(f"/w/{live.code}").status_code == 403
    with (
        pytest.raises(WebSocketDisconnect),
        live.aino.websocket_connect(f"/ws/w/{live.code}") as ws,
    ):
        ws.receive_text()
    state = live.app.state.piiri.service.state(live.workshop_id)
    assert not state.people[aino_id].present

    # The facilitator lets them back; then their own join brings them in again.
    assert console.send("return_person", person=str(aino_id)) == ""
    assert live.aino.post(f"/j/{live.code}", data={}).url.path == f"/w/{live.code}"


def test_removing_without_input_keeps_the_dots(live: Live) -> None:
    console = live.console()
    aino = live.phone(live.aino, "Aino's phone")
    start(live, console)
    aino.wait_text("phone-personal", "You have 3 dots left.")
    assert aino.send("cast_dot", activity=str(live.activity_id), option="o1") == ""
    assert console.send("remove_person", person=str(_id_of(live, "Aino"))) == ""
    assert live.vote()["dots_cast"] == 1
    assert live.results()["participants"]["inputs_withdrawn"] == 0


@pytest.fixture
def door(app: Starlette, client: FormClient) -> Iterator[tuple[int, str]]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    yield workshop_id, workshop_row(app, workshop_id).code


def test_scripted_joins_in_admit_mode_add_nobody(
    app: Starlette, client: FormClient, door: tuple[int, str]
) -> None:
    workshop_id, code = door
    rules = client.post(
        f"/facilitator/workshops/{workshop_id}/join-rules", data={"policy": "admit", "cap": ""}
    )
    assert rules.status_code == 200
    phones = []
    for n in range(300):
        phone = companion(client)
        phones.append(phone)
        response = phone.post(f"/j/{code}", data={"name": f"bot {n}", "presence": "remote"})
        assert response.status_code == 200
        assert "Waiting to be let in" in text_of(response.text)
    state = app.state.piiri.service.state(workshop_id)
    assert len(state.present_people) == 0
    assert len(state.waiting) == 300
    # A waiting phone cannot vote or even open a socket.
    with pytest.raises(WebSocketDisconnect), phones[0].websocket_connect(f"/ws/w/{code}") as ws:
        ws.receive_text()
    # The facilitator lets one in, refuses another, then lets the rest in.
    console = View(
        client.websocket_connect(f"/ws/facilitator/{workshop_id}").__enter__(), "console"
    )
    try:
        first, second = sorted(state.waiting, key=lambda p: p.id)[:2]
        assert console.send("admit_person", person=str(first.id)) == ""
        assert console.send("refuse_person", person=str(second.id)) == ""
        assert phones[0].get(f"/w/{code}").url.path == f"/w/{code}"
        assert phones[1].post(f"/j/{code}", data={}).status_code == 403
        assert console.send("admit_all") == ""
    finally:
        console.session.__exit__(None, None, None)
    state = app.state.piiri.service.state(workshop_id)
    assert (len(state.present_people), len(state.waiting)) == (299, 0)
    for phone in phones:
        phone.close()


def test_a_closed_door_and_the_cap(
    app: Starlette, client: FormClient, door: tuple[int, str]
) -> None:
    workshop_id, code = door
    rules = f"/facilitator/workshops/{workshop_id}/join-rules"
    assert client.post(rules, data={"policy": "open", "cap": "2"}).status_code == 200
    phones = [companion(client) for _ in range(3)]
    for phone in phones[:2]:
        assert phone.post(f"/j/{code}", data={"presence": "room"}).url.path == f"/w/{code}"
    full = phones[2].post(f"/j/{code}", data={"presence": "room"})
    assert full.status_code == 400
    assert "This workshop is full." in text_of(full.text)
    assert client.post(rules, data={"policy": "closed", "cap": ""}).status_code == 200
    closed = phones[2].post(f"/j/{code}", data={"presence": "room"})
    assert "This workshop is not taking new participants." in text_of(closed.text)
    # People already in go on.
    assert phones[0].get(f"/w/{code}").url.path == f"/w/{code}"
    bad = client.post(rules, data={"policy": "open", "cap": "lots"})
    assert bad.status_code == 400
    assert "Give the most people as a whole number." in text_of(bad.text)
    for phone in phones:
        phone.close()


def test_a_wave_of_joins_is_removed_by_time(
    app: Starlette, client: FormClient, door: tuple[int, str]
) -> None:
    workshop_id, _ = door
    service = app.state.piiri.service
    now = datetime.now(UTC)
    anyone = Actor("participant")

    async def joins() -> None:
        await service.run(workshop_id, anyone, Join("Early", True), now=now - timedelta(minutes=30))
        for n in range(20):
            bot = Join(f"bot {n}", False)
            await service.run(workshop_id, anyone, bot, now=now - timedelta(minutes=3))

    assert client.portal is not None
    client.portal.call(joins)
    window = f"/facilitator/workshops/{workshop_id}/people/window"
    bad = client.post(window, data={"earliest": "0", "latest": "5"})
    assert bad.status_code == 400
    assert "the larger first" in text_of(bad.text)
    response = client.post(window, data={"earliest": "10", "latest": "0", "withdraw": "on"})
    assert response.status_code == 200
    state = service.state(workshop_id)
    assert [p.name for p in state.present_people] == ["Early"]
    assert sum(1 for p in state.people.values() if p.removed) == 20


def test_the_people_region_stays_small_with_thousands() -> None:
    """The console's people region with 4,000 people (the wave of the review was 4,174): a
    summary of a few kilobytes, the same whatever the number."""
    joins = [
        ParticipantJoined(n, f"Person {n}", in_room=n % 2 == 0, by_proxy=False)
        for n in range(1, 4001)
    ]
    state = given(*joins)
    people = ConsoleViews(RENDERER).personal(state, "en", None)
    assert "4000 here" in text_of(people)
    assert len(people.encode()) < 12_000, len(people.encode())


def test_the_people_page_lists_everyone_a_hundred_a_page(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        workshop_id = new_workshop(client)
        add_dot_vote(client, workshop_id)
        service = app.state.piiri.service

        async def joins() -> None:
            for n in range(250):
                await service.run(
                    workshop_id, Actor("participant"), Join(f"Person {n}", n % 2 == 0)
                )

        client.portal.call(joins)  # type: ignore[union-attr]
        page = client.get(f"/facilitator/workshops/{workshop_id}")
        assert "250 here" in text_of(page.text) and len(page.content) < 200_000
        listing = client.get(f"/facilitator/workshops/{workshop_id}/people?page=3")
        assert "Person 249" in text_of(listing.text) and "Person 199" not in text_of(listing.text)
        assert "page 3 of 3" in text_of(listing.text)
