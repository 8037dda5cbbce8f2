"""Taking things out of a process through its real forms: deleting the process (its workshops
stay), removing a member (their link dead, their participation kept without the tie), erasing a
member (gone from every session, both exports and the process report), and withdrawing a link
with or without taking the member out of the sessions (their phone's socket closes)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from piiri.activities import REGISTRY
from piiri.db.models import AuditEntry, Participant, ProcessMember, WorkshopPlan
from piiri.domain.commands import StartActivity
from piiri.domain.vocabulary import Actor
from piiri.web.i18n import gettext
from tests.support.live import View, activity_ids, companion, text_of
from tests.support.process_setup import add_member, member_tokens, new_process, new_session
from tests.support.workshop import facilitator_account, log_in, workshop_row

pytestmark = pytest.mark.db


def process_actions(app: Starlette) -> list[str]:
    with Session(app.state.piiri.engine) as session:
        return [e.action for e in session.exec(select(AuditEntry)) if e.process_id]


def member_ids(client: TestClient, process_id: int) -> list[str]:
    page = client.get(f"/facilitator/processes/{process_id}").text
    return re.findall(r"/members/(\d+)/remove", page)


def joined_as_member(client: TestClient, token: str, workshop_id: int) -> TestClient:
    phone = companion(client)
    response = phone.post(f"/m/{token}/{workshop_id}", data={"presence": "room"})
    assert response.status_code == 200 and response.url.path.startswith("/w/"), response.text
    return phone


def participant_of(app: Starlette, workshop_id: int) -> Participant:
    with Session(app.state.piiri.engine) as session:
        found = session.exec(select(Participant).where(Participant.workshop_id == workshop_id))
        (row,) = found.all()
        return row


@pytest.fixture(name="jury")
def jury_fixture(app: Starlette, client: TestClient) -> Iterator[tuple[int, int, int]]:
    """A process with two sessions: (process id, first session, second session)."""
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    yield (
        process_id,
        new_session(client, process_id, "Istunto 1"),
        new_session(client, process_id, "Istunto 2"),
    )


def test_deleting_a_process_keeps_its_workshops_outside_any_process(
    app: Starlette, client: TestClient, jury: tuple[int, int, int]
) -> None:
    process_id, first, second = jury
    token = add_member(client, process_id, "Aino Juri")
    joined_as_member(client, token, first)
    client.post(f"/facilitator/processes/{process_id}/groups", data={"name": "Nuoret"})
    client.post(
        f"/facilitator/processes/{process_id}/sections",
        data={"heading": "Yhteenveto", "text": "Raati suositteli lähikirjastoja."},
    )
    page = client.get(f"/facilitator/processes/{process_id}").text
    # The confirmation names the consequence (static/confirm.js asks it), in the page's language.
    asked = re.search(r'action="[^"]*/delete".*?data-confirm="([^"]+)"', page, flags=re.S)
    assert asked and "Its workshops stay" in asked.group(1)

    deleted = client.post(f"/facilitator/processes/{process_id}/delete")
    assert deleted.status_code == 200 and deleted.url.path == "/facilitator/"
    assert f"/facilitator/processes/{process_id}" not in deleted.text
    assert client.get(f"/facilitator/processes/{process_id}").status_code == 404
    for workshop_id in (first, second):
        assert client.get(f"/facilitator/workshops/{workshop_id}").status_code == 200
    with Session(app.state.piiri.engine) as session:
        plans = session.exec(select(WorkshopPlan)).all()
        assert {p.workshop_id: p.process_id for p in plans} == {first: None, second: None}
        assert session.exec(select(ProcessMember)).first() is None
    # Aino stays in the first session's record, no longer a member; her link is dead.
    assert participant_of(app, first).name == "Aino Juri"
    assert participant_of(app, first).member_id is None
    assert companion(client).get(f"/m/{token}").status_code == 404
    assert process_actions(app)[-1] == "process_delete"


def test_removing_a_member_revokes_their_link_and_keeps_their_participation(
    app: Starlette, client: TestClient, jury: tuple[int, int, int]
) -> None:
    process_id, first, _ = jury
    token = add_member(client, process_id, "Aino Juri")
    add_member(client, process_id, "Bertta Juri")
    joined_as_member(client, token, first)
    aino_id, _ = member_ids(client, process_id)
    page = client.get(f"/facilitator/processes/{process_id}").text
    asked = re.search(rf'/members/{aino_id}/remove".*?data-confirm="([^"]+)"', page, flags=re.S)
    assert asked and "Their personal link stops working" in asked.group(1)

    removed = client.post(f"/facilitator/processes/{process_id}/members/{aino_id}/remove")
    assert removed.status_code == 200
    assert list(member_tokens(client, process_id)) == ["Bertta Juri"]
    assert companion(client).get(f"/m/{token}").status_code == 404
    row = participant_of(app, first)
    assert (row.name, row.member_id) == ("Aino Juri", None)
    people = text_of(client.get(f"/facilitator/workshops/{first}/people").text)
    assert "Aino Juri" in people and gettext("fi", "member of the process") not in people
    report = client.get(f"/facilitator/processes/{process_id}/report.json").json()
    assert [m["name"] for m in report["members"]] == ["Bertta Juri"]
    assert "member_remove" in process_actions(app)


def _idea_wall(client: TestClient, workshop_id: int) -> int:
    kind = REGISTRY["idea_wall"]
    values = {"kind": "idea_wall", "title": "Ideaseinä", **kind.config_form(kind.default_config())}
    added = client.post(f"/facilitator/workshops/{workshop_id}/activities", data=values)
    assert added.status_code == 200, added.text
    activity = activity_ids(client.app, workshop_id)[-1]  # type: ignore[arg-type]
    piiri = client.app.state.piiri  # type: ignore[attr-defined]
    assert client.portal is not None
    facilitator = Actor("facilitator", facilitator_id=1)
    client.portal.call(piiri.service.run, workshop_id, facilitator, StartActivity(activity))
    return activity


def _everything(client: TestClient, process_id: int, sessions: tuple[int, ...]) -> str:
    parts = [
        client.get(f"/facilitator/processes/{process_id}").text,
        client.get(f"/facilitator/processes/{process_id}/report").text,
        client.get(f"/facilitator/processes/{process_id}/report.json").text,
    ]
    for w in sessions:
        base = f"/facilitator/workshops/{w}"
        for path in ("", "/people", "/report", "/results.json", "/results.csv"):
            parts.append(client.get(base + path).text)
    return "\n".join(parts)


def test_erasing_a_member_in_one_session_erases_them_in_every_session(
    app: Starlette, client: TestClient, jury: tuple[int, int, int]
) -> None:
    process_id, first, second = jury
    token = add_member(client, process_id, "Aino Juri", "aino@example.org")
    notes = {first: "Kirjastoauto Hervantaan", second: "Lauantaiaukiolo Sammonkatu"}
    with contextlib.ExitStack() as stack:
        for workshop_id, note in notes.items():
            _idea_wall(client, workshop_id)
            phone = joined_as_member(client, token, workshop_id)
            code = workshop_row(app, workshop_id).code
            view = View(stack.enter_context(phone.websocket_connect(f"/ws/w/{code}")), "Aino")
            view.wait(lambda v: "phone-activity" in v.regions, "the phone")
            assert view.send("post", activity="current", text=note) == ""
    shown = _everything(client, process_id, (first, second))
    assert all(note in shown for note in notes.values()) and "Aino Juri" in shown

    aino = participant_of(app, first).id
    erased = client.post(
        f"/facilitator/workshops/{first}/people/{aino}/erase", data={"confirm": "on"}
    )
    assert erased.status_code == 200
    shown = _everything(client, process_id, (first, second))
    for gone in (*notes.values(), "Aino Juri", "aino@example.org"):
        assert gone not in shown
    assert participant_of(app, second).name == ""
    with Session(app.state.piiri.engine) as session:
        (member,) = session.exec(select(ProcessMember)).all()
    assert (member.name, member.email) == ("", "")
    assert companion(client).get(f"/m/{token}").status_code == 404
    assert "member_erase" in process_actions(app)


def closed_with(view: View) -> int:
    with pytest.raises(WebSocketDisconnect) as caught:
        view.wait(lambda v: False, "the socket closed")
    return caught.value.code


def test_withdrawing_a_link_takes_the_member_out_only_when_ticked(
    app: Starlette, client: TestClient, jury: tuple[int, int, int]
) -> None:
    process_id, first, second = jury
    token = add_member(client, process_id, "Aino Juri")
    phone = joined_as_member(client, token, first)
    (member_id,) = member_ids(client, process_id)
    revoke = f"/facilitator/processes/{process_id}/members/{member_id}/revoke"
    code = workshop_row(app, first).code
    piiri = app.state.piiri

    # Not ticked: the link stops joining any session; the phone that joined stays.
    assert client.post(revoke).status_code == 200
    refused = companion(client).post(f"/m/{token}/{second}", data={"presence": "room"})
    assert refused.status_code == 404
    assert not piiri.service.state(first).people[participant_of(app, first).id].removed

    # Ticked (with a new link withdrawn again): the member is taken out, the socket closes.
    client.post(f"/facilitator/processes/{process_id}/members/{member_id}/link")
    with phone.websocket_connect(f"/ws/w/{code}") as socket:
        view = View(socket, "Aino")
        view.wait(lambda v: "phone-activity" in v.regions, "the phone")
        assert client.post(revoke, data={"close": "on"}).status_code == 200
        assert closed_with(view) == 1008
    assert piiri.service.state(first).people[participant_of(app, first).id].removed
    told = phone.get(f"/w/{code}")  # where the closed phone's page goes: it says why
    assert told.status_code == 403
    taken_out = gettext("fi", "The facilitator has taken you out of this workshop.")
    assert taken_out in text_of(told.text)
    entries = [a for a in process_actions(app) if a == "member_link_revoke"]
    assert len(entries) == 2


def test_another_process_member_cannot_be_removed_or_withdrawn_here(
    app: Starlette, client: TestClient, jury: tuple[int, int, int]
) -> None:
    process_id, _, _ = jury
    other = new_process(client, "Toinen prosessi")
    token = add_member(client, other, "Cecilia")
    (member_id,) = member_ids(client, other)
    for action in ("remove", "revoke"):
        refused = client.post(f"/facilitator/processes/{process_id}/members/{member_id}/{action}")
        assert refused.status_code == 400
        assert "That member is not in this process." in text_of(refused.text)
    assert member_tokens(client, other) == {"Cecilia": token}
