"""Processes through the real forms: creating one, putting workshops in it and ordering them, the
plan it holds shown for its workshops and on the join page, only its facilitators seeing or
changing it, its members' personal links (two sessions as the same member, a revoked link
refused in the person's language), and the audit trail."""

from __future__ import annotations

import contextlib
import re

from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.models import AuditEntry, Participant
from piiri.web.i18n import gettext
from tests.support.form_client import FormClient
from tests.support.process_setup import (
    add_existing,
    add_member,
    member_tokens,
    new_process,
    new_session,
    session_ids,
)
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

JURY = "Kansalaisraati kirjastoverkosta"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_process_is_made_filled_and_ordered_through_its_forms(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    cafe = new_workshop(client, title="Kirjastokahvila", language="fi")
    process_id = new_process(client, JURY)
    dashboard = client.get("/facilitator/")
    assert f'href="/facilitator/processes/{process_id}"' in dashboard.text
    assert JURY in dashboard.text

    first = new_session(client, process_id, "Raadin 1. istunto")
    second = new_session(client, process_id, "Raadin 2. istunto")
    add_existing(client, process_id, cafe)
    assert session_ids(client, process_id) == [first, second, cafe]
    assert workshop_row(app, first).language == "fi"

    # Order: the café moves before the second session; the first session goes last.
    client.post(
        f"/facilitator/processes/{process_id}/workshops/{cafe}/move", data={"direction": "up"}
    )
    assert session_ids(client, process_id) == [first, cafe, second]
    client.post(
        f"/facilitator/processes/{process_id}/workshops/{first}/move", data={"direction": "down"}
    )
    client.post(
        f"/facilitator/processes/{process_id}/workshops/{first}/move", data={"direction": "down"}
    )
    assert session_ids(client, process_id) == [cafe, second, first]

    # Taking one out keeps the workshop; it is offered to be added back.
    client.post(f"/facilitator/processes/{process_id}/workshops/{second}/remove")
    page = client.get(f"/facilitator/processes/{process_id}")
    assert session_ids(client, process_id) == [cafe, first]
    assert f'<option value="{second}">' in page.text
    assert client.get(f"/facilitator/workshops/{second}").status_code == 200

    client.post(f"/facilitator/processes/{process_id}/title", data={"title": "Kirjastoraati"})
    assert "Kirjastoraati" in client.get(f"/facilitator/processes/{process_id}").text
    assert page.headers["cache-control"] == "no-store"  # names of people appear on it

    with Session(app.state.piiri.engine) as session:
        actions = [e.action for e in session.exec(select(AuditEntry)) if e.process_id]
    assert actions == [
        "process_create",
        "process_new_workshop",
        "process_new_workshop",
        "process_add_workshop",
        "process_move_workshop",
        "process_move_workshop",
        "process_move_workshop",
        "process_remove_workshop",
        "process_rename",
    ]
    assert "added a workshop" in text_of(page.text)  # the trail, on the page


def test_bad_input_changes_nothing_and_says_why(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    empty = client.post("/facilitator/processes", data={"process_title": "   "})
    assert empty.status_code == 400
    assert "A process needs a name." in text_of(empty.text)
    process_id = new_process(client)
    no_name = client.post(f"/facilitator/processes/{process_id}/members", data={"member_name": ""})
    assert no_name.status_code == 400
    assert "A member needs a name." in text_of(no_name.text)
    bad_level = client.post(
        f"/facilitator/processes/{process_id}/plan", data={"iap2_level": "dictate"}
    )
    assert bad_level.status_code == 400
    assert "Choose one of the offered levels." in text_of(bad_level.text)
    assert member_tokens(client, process_id) == {}


def test_only_the_process_facilitators_see_or_change_it(app: Starlette, client: TestClient) -> None:
    facilitator_account(app, "owner@example.org")
    facilitator_account(app, "other@example.org")
    owner = client
    with contextlib.closing(FormClient(app)) as other:
        log_in(owner, "owner@example.org")
        log_in(other, "other@example.org")
        process_id = new_process(owner)
        session = new_session(owner, process_id, "Istunto")
        theirs = new_workshop(other, title="Toisen työpaja")

        for path in ("", "/report", "/report.pdf", "/report.json", "/links"):
            refused = other.get(f"/facilitator/processes/{process_id}{path}")
            assert refused.status_code == 404, path
            assert "Istunto" not in refused.text
        moved = other.post(
            f"/facilitator/processes/{process_id}/workshops/{session}/remove", data={}
        )
        assert moved.status_code == 404
        assert (
            other.post(
                f"/facilitator/processes/{process_id}/members", data={"member_name": "Mallory"}
            ).status_code
            == 404
        )
        assert JURY not in other.get("/facilitator/").text
        assert session_ids(owner, process_id) == [session]
        assert member_tokens(owner, process_id) == {}

        # Nor can the owner put someone else's workshop in their process.
        foreign = owner.post(
            f"/facilitator/processes/{process_id}/workshops",
            data={"workshop_id": str(theirs)},
        )
        assert foreign.status_code == 400
        assert "Choose one of your own workshops." in text_of(foreign.text)
        assert session_ids(owner, process_id) == [session]

        # Shared, the other facilitator sees it.
        owner.post(
            f"/facilitator/processes/{process_id}/facilitators",
            data={"email": "other@example.org"},
        )
        assert other.get(f"/facilitator/processes/{process_id}").status_code == 200


def test_the_process_plan_is_shown_for_its_workshops(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    session = new_session(client, process_id, "Raadin 1. istunto")
    saved = client.post(
        f"/facilitator/processes/{process_id}/plan",
        data={
            "purpose": "Kuulla asukkaita kirjastoverkosta.",
            "decider": "Kulttuurilautakunta",
            "iap2_level": "collaborate",
            "promise": "Raadin suositukset viedään lautakunnalle sellaisinaan.",
            "accessibility": ["induction_loop"],
        },
    )
    assert saved.status_code == 200, saved.text
    client.post(
        f"/facilitator/processes/{process_id}/groups", data={"name": "Nuoret", "target": "8"}
    )
    # The workshop's own plan keeps its place; the process's fields are shown in its stead.
    client.post(
        f"/facilitator/workshops/{session}/plan",
        data={"purpose": "Oma tarkoitus", "place": "Pääkirjasto", "join_questions": ["group"]},
    )
    code = workshop_row(app, session).code
    with contextlib.closing(FormClient(app)) as phone:
        join = text_of(phone.get(f"/j/{code}").text)
    assert "Raadin suositukset viedään lautakunnalle sellaisinaan." in join
    assert "Nuoret" in join  # the process's groups in the question on joining
    report = text_of(client.get(f"/facilitator/workshops/{session}/report").text)
    assert "Kuulla asukkaita kirjastoverkosta." in report
    assert "Oma tarkoitus" not in report
    assert "Pääkirjasto" in report
    plan_page = client.get(f"/facilitator/workshops/{session}/plan").text
    assert f'href="/facilitator/processes/{process_id}"' in plan_page


def test_a_personal_link_joins_two_sessions_as_the_same_member(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    first = new_session(client, process_id, "Istunto 1")
    second = new_session(client, process_id, "Istunto 2")
    token = add_member(client, process_id, "Aino Juri", "aino@example.org")
    add_member(client, process_id, "Bertta Juri")
    links = client.get(f"/facilitator/processes/{process_id}/links")
    assert links.status_code == 200
    assert links.text.count("<svg") == 2 and "Aino Juri" in links.text  # QR codes to print

    with contextlib.closing(FormClient(app)) as phone:
        page = phone.get(f"/m/{token}")
        assert page.status_code == 200
        assert page.headers["referrer-policy"] == "no-referrer"
        assert "Istunto 1" in page.text and "Istunto 2" in page.text
        joined = phone.post(f"/m/{token}/{first}", data={"presence": "room"})
        assert joined.status_code == 200 and joined.url.path.startswith("/w/")
        again = phone.post(f"/m/{token}/{first}", data={"presence": "again"})
        assert again.url.path == joined.url.path  # not counted twice
    with contextlib.closing(FormClient(app)) as laptop_at_home:
        remote = laptop_at_home.post(f"/m/{token}/{second}", data={"presence": "remote"})
        assert remote.status_code == 200 and remote.url.path.startswith("/w/")

    with Session(app.state.piiri.engine) as session:
        rows = session.exec(select(Participant).where(Participant.member_id.is_not(None))).all()  # type: ignore[union-attr]
    assert sorted((r.workshop_id, r.name, r.in_room) for r in rows) == [
        (first, "Aino Juri", True),
        (second, "Aino Juri", False),
    ]
    people = text_of(client.get(f"/facilitator/workshops/{first}/people").text)
    assert f"Aino Juri · {gettext('fi', 'member of the process')}" in people

    report = client.get(f"/facilitator/processes/{process_id}/report.json").json()
    assert [(m["name"], m["attended"], m["sessions"]) for m in report["members"]] == [
        ("Aino Juri", 2, [first, second]),
        ("Bertta Juri", 0, []),
    ]
    assert [s["members"] for s in report["sessions"]] == [1, 1]
    assert report["members_taking_part"] == 1
    html = text_of(client.get(f"/facilitator/processes/{process_id}/report").text)
    message = "%(count)s of %(all)s members took part in at least one session."
    expected = gettext("fi", message) % {"count": 1, "all": 2}
    assert expected == "2 jäsenestä 1 osallistui ainakin yhteen istuntoon."
    assert expected in html


def test_a_revoked_or_replaced_link_is_refused_in_the_persons_language(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    session = new_session(client, process_id, "Istunto 1")
    token = add_member(client, process_id, "Aino Juri")
    (member_id,) = re.findall(
        r"/members/(\d+)/revoke", client.get(f"/facilitator/processes/{process_id}").text
    )
    client.post(f"/facilitator/processes/{process_id}/members/{member_id}/revoke")
    assert member_tokens(client, process_id) == {}
    heading = gettext("fi", "This personal link does not work")
    assert heading != "This personal link does not work"
    with contextlib.closing(FormClient(app, headers={"Accept-Language": "fi"})) as phone:
        refused = phone.get(f"/m/{token}")
        assert refused.status_code == 404
        assert heading in text_of(refused.text)
        posted = phone.post(f"/m/{token}/{session}", data={"presence": "room"})
        assert posted.status_code == 404
    with Session(app.state.piiri.engine) as db:
        assert db.exec(select(Participant)).first() is None  # nothing happened

    client.post(f"/facilitator/processes/{process_id}/members/{member_id}/link")
    fresh = member_tokens(client, process_id)["Aino Juri"]
    assert fresh != token
    with contextlib.closing(FormClient(app)) as phone:
        assert phone.get(f"/m/{token}").status_code == 404
        assert phone.get(f"/m/{fresh}").status_code == 200
    with Session(app.state.piiri.engine) as db:
        actions = [e.action for e in db.exec(select(AuditEntry)) if e.action.startswith("member")]
    assert actions == ["member_add", "member_link_revoke", "member_link_replace"]


def test_a_form_without_its_token_changes_nothing(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    session = new_session(client, process_id, "Istunto 1")
    token = add_member(client, process_id, "Aino Juri")
    forged = [
        ("/facilitator/processes", {"process_title": "Väärennetty"}),
        (f"/facilitator/processes/{process_id}/members", {"member_name": "Mallory"}),
        (f"/facilitator/processes/{process_id}/workshops/{session}/remove", {}),
        (f"/m/{token}/{session}", {"presence": "room"}),
    ]
    for path, data in forged:
        refused = client.post(path, data={**data, "csrf": "not-the-token"})
        assert refused.status_code == 403, path
    assert session_ids(client, process_id) == [session]
    assert list(member_tokens(client, process_id)) == ["Aino Juri"]
    assert "Väärennetty" not in client.get("/facilitator/").text
    with Session(app.state.piiri.engine) as db:
        assert db.exec(select(Participant)).first() is None
