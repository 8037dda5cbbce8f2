"""The plan: saved through its forms (bad input refused with a message, nothing saved), its
level and promise on the join page, its invitations (.ics, printable A4 with QR in three
languages), the optional questions on joining, and what it adds to the report."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from icalendar import Calendar
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.db.models import JoinAnswers, Participant, Process, StakeholderGroup, WorkshopPlan
from piiri.web.i18n import gettext
from tests.support.form_client import FormClient
from tests.support.scripted_workshop import scripted_workshop
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

PLAN: dict[str, Any] = {
    "purpose": "Kuulla asukkaita kirjastoverkon tulevaisuudesta.",
    "decision": "Kirjastoverkkosuunnitelma 2027",
    "decider": "Kulttuurilautakunta",
    "iap2_level": "involve",
    "promise": "Kerromme, miten näkemyksenne vaikuttivat päätökseen.",
    "starts_at": "2026-03-02T18:00",
    "duration_minutes": "150",
    "time_zone": "Europe/Helsinki",
    "place": "Pääkirjasto, sali 2",
    "accessibility": ["induction_loop", "step_free"],
    "join_questions": ["group", "age_band"],
    "next_steps": "Lautakunta käsittelee asian huhtikuussa.",
    "feedback_date": "2026-04-30",
}


def planned(app: Starlette, client: TestClient, language: str = "fi") -> int:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjaston tulevaisuus", language=language)
    response = client.post(f"/facilitator/workshops/{workshop_id}/plan", data=PLAN)
    assert response.status_code == 200, response.text
    assert response.url.path.endswith("/plan")
    return workshop_id


def stored_plan(app: Starlette, workshop_id: int) -> WorkshopPlan | None:
    with Session(app.state.piiri.engine) as session:
        return session.get(WorkshopPlan, workshop_id)


def test_the_plan_is_saved_and_times_are_stored_in_utc(app: Starlette, client: TestClient) -> None:
    workshop_id = planned(app, client)
    plan = stored_plan(app, workshop_id)
    assert plan is not None
    assert plan.iap2_level == "involve"
    assert plan.accessibility == ["induction_loop", "step_free"]
    # 18:00 in Helsinki in March (UTC+2) is 16:00 UTC.
    assert plan.starts_at == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    with Session(app.state.piiri.engine) as session:
        assert session.exec(select(Process)).first() is None  # processes have a page of their own
    assert plan.process_id is None
    page = client.get(f"/facilitator/workshops/{workshop_id}/plan").text
    assert 'value="2026-03-02T18:00"' in page  # shown in the workshop's zone again


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus", "Unknown time zone: give one like Europe/Helsinki."),
        ("starts_at", "huomenna", "Give the time as a date and a time, e.g. 2026-03-02 18:00."),
        ("iap2_level", "dictate", "Choose one of the offered levels."),
        ("duration_minutes", "-5", "Give a whole number from 0 to {high}."),
    ],
)
def test_bad_plan_input_is_refused_in_finnish_and_nothing_is_saved(
    app: Starlette, client: TestClient, field: str, value: str, message: str
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, language="fi")
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/plan", data={**PLAN, field: value}
    )
    assert response.status_code == 400
    expected = gettext("fi", message).format(high=1440)
    assert expected != message.format(high=1440)
    assert expected in response.text
    assert PLAN["purpose"] in response.text  # what was typed is kept
    assert stored_plan(app, workshop_id) is None
    assert workshop_row(app, workshop_id).time_zone == "Europe/Helsinki"


def test_the_join_page_shows_the_level_and_the_promise(app: Starlette, client: TestClient) -> None:
    workshop_id = planned(app, client)
    code = workshop_row(app, workshop_id).code
    page = client.get(f"/j/{code}").text
    assert gettext("fi", "Involve") in page
    assert PLAN["promise"] in page


def test_the_calendar_file_parses_with_a_strict_parser(app: Starlette, client: TestClient) -> None:
    workshop_id = planned(app, client)
    response = client.get(f"/facilitator/workshops/{workshop_id}/invitation.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"\r\n" in response.content  # RFC 5545's line ends
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (event,) = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert required in event, required
    assert event.decoded("DTSTART") == datetime(2026, 3, 2, 16, 0, tzinfo=UTC)
    assert (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() == 150 * 60
    assert str(event["SUMMARY"]) == "Kirjaston tulevaisuus"
    assert str(event["LOCATION"]) == PLAN["place"]
    code = workshop_row(app, workshop_id).code
    assert str(event["URL"]).endswith(f"/j/{code}")
    # Every content line is folded at 75 octets, as the standard asks.
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_printable_invitation_has_the_qr_code_in_each_language(
    app: Starlette, client: TestClient, language: str
) -> None:
    workshop_id = planned(app, client)
    base = f"/facilitator/workshops/{workshop_id}/invitation"
    page = client.get(f"{base}?lang={language}")
    assert page.status_code == 200
    assert f'<html lang="{language}"' in page.text
    assert "<svg" in page.text and 'role="img"' in page.text
    assert gettext(language, "You are invited") in page.text
    pdf = client.get(f"{base}.pdf?lang={language}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_joining_offers_the_chosen_questions_and_none_is_required(
    app: Starlette, client: TestClient
) -> None:
    workshop_id = planned(app, client)
    client.post(f"/facilitator/workshops/{workshop_id}/plan/groups", data={"name": "Nuoret"})
    code = workshop_row(app, workshop_id).code
    with Session(app.state.piiri.engine) as session:
        group = session.exec(select(StakeholderGroup)).one()
    page = client.get(f"/j/{code}").text
    assert 'name="group"' in page and 'name="age_band"' in page
    assert 'name="area"' not in page  # not chosen
    questions = re.search(r'<details class="join-questions".*?</details>', page, re.S)
    assert questions is not None and "required" not in questions[0]

    phone = FormClient(app)
    bad = phone.post(f"/j/{code}", data={"presence": "room", "email": "ei osoite"})
    assert bad.status_code == 400
    assert (
        gettext("fi", "That does not look like an e-mail address. Check it or leave it empty.")
        in bad.text
    )
    with Session(app.state.piiri.engine) as session:
        assert session.exec(select(Participant)).all() == []

    ok = phone.post(
        f"/j/{code}",
        data={"presence": "remote", "group": str(group.id), "age_band": "30_44", "email": "a@b.fi"},
    )
    assert ok.status_code == 200
    other = FormClient(app)
    assert other.post(f"/j/{code}", data={"presence": "room"}).status_code == 200
    with Session(app.state.piiri.engine) as session:
        (answers,) = session.exec(select(JoinAnswers)).all()
    assert (answers.stakeholder_group_id, answers.age_band, answers.email) == (
        group.id,
        "30_44",
        "a@b.fi",
    )


def test_groups_agenda_and_quotes_reach_the_report(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    base = f"/facilitator/workshops/{scripted.workshop_id}/plan"
    assert client.post(base, data=PLAN).status_code == 200
    client.post(f"{base}/groups", data={"name": "Kirjaston käyttäjät", "target": "12"})
    agenda = {f"minutes-{a}": "25" for a in scripted.activity_ids}
    agenda[f"start-{scripted.activity_ids[0]}"] = "2026-03-02T09:00"
    assert client.post(f"{base}/agenda", data=agenda).status_code == 200
    refused = client.post(
        f"{base}/items", data={"kind": "quote", "text": "Hyvä ilta", "attribution": "Aino"}
    )
    assert refused.status_code == 400  # a name without consent
    client.post(
        f"{base}/items",
        data={
            "kind": "quote",
            "text": "Kirjasto on olohuoneeni.",
            "attribution": "Aino",
            "consent": "on",
        },
    )
    client.post(f"{base}/items", data={"kind": "minority", "text": "Lakkautetaan sivukirjastot."})
    client.post(
        f"{base}/items", data={"kind": "section", "heading": "Tausta", "text": "Pitkä tarina."}
    )
    document = client.get(f"/facilitator/workshops/{scripted.workshop_id}/results.json").json()
    assert document["plan"]["iap2_level"] == "involve"
    assert document["plan"]["starts_at"] == "2026-03-02T18:00:00+02:00"
    assert document["plan"]["feedback_date"] == "2026-04-30"
    assert document["groups"][0]["target"] == 12
    assert document["agenda"][0]["planned_start_at"] == "2026-03-02T09:00:00+02:00"
    # The scripted workshop runs one activity of every kind.
    assert [a["planned_minutes"] for a in document["agenda"]] == [25] * len(REGISTRY)
    assert document["quotes"] == [{"text": "Kirjasto on olohuoneeni.", "attribution": "Aino"}]
    assert document["minority_views"][0]["attribution"] == ""
    assert document["sections"] == [{"heading": "Tausta", "text": "Pitkä tarina."}]
    report = client.get(f"/facilitator/workshops/{scripted.workshop_id}/report").text
    for text in (
        "Kirjasto on olohuoneeni.",
        "Lakkautetaan sivukirjastot.",
        "Tausta",
        PLAN["decider"],
    ):
        assert text in report
