"""The plan's texts in the workshop's languages, through the real forms: a fi+sv workshop whose
promise is given in both shows each visitor of the join page their own; a text not given in
Swedish falls back to the Finnish with ``lang="fi"`` on its element; the public results page
and a process's plan likewise; the report stays in the workshop's language; the invitation is
in the language asked for."""

from __future__ import annotations

import contextlib
import re

from icalendar import Calendar
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.models import WorkshopPlan
from tests.support.form_client import FormClient
from tests.support.live import text_of
from tests.support.process_setup import new_process, new_session
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

PROMISE_FI = "Kerromme, miten näkemyksenne vaikuttivat päätökseen."
PROMISE_SV = "Vi berättar hur era synpunkter påverkade beslutet."
PURPOSE_FI = "Kuulla asukkaita kirjastoverkon tulevaisuudesta."
SUMMARY_FI = "Toivoitte pidempiä aukioloaikoja."
SUMMARY_SV = "Ni önskade längre öppettider."


def in_finnish_and_swedish(client: TestClient, workshop_id: int) -> None:
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/languages", data={"languages": ["sv"]}
    )
    assert response.status_code == 200, response.text


def bilingual(app: Starlette, client: TestClient, **plan: str) -> tuple[int, str]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjaston tulevaisuus", language="fi")
    in_finnish_and_swedish(client, workshop_id)
    response = client.post(f"/facilitator/workshops/{workshop_id}/plan", data=plan)
    assert response.status_code == 200, response.text
    return workshop_id, workshop_row(app, workshop_id).code


def visit(app: Starlette, path: str, language: str) -> str:
    with contextlib.closing(FormClient(app, headers={"Accept-Language": language})) as phone:
        page = phone.get(path)
    assert page.status_code == 200, page.text
    return page.text


def test_the_plan_page_offers_each_text_in_each_language(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, _ = bilingual(app, client, promise=PROMISE_FI, **{"promise@sv": PROMISE_SV})
    page = client.get(f"/facilitator/workshops/{workshop_id}/plan").text
    for field in ("purpose", "decision", "decider", "promise", "goals_organisation", "next_steps"):
        assert re.search(rf'id="{field}" name="{field}"[^>]* lang="fi"', page), field
        assert re.search(rf'id="{field}-sv" name="{field}@sv"[^>]* lang="sv"', page), field
        assert f'<label for="{field}-sv">' in page, field
    # The stored version, back in its field.
    assert re.search(rf'name="promise@sv"[^>]*>{PROMISE_SV}</textarea>', page)
    assert 'name="published_summary@sv"' in page and 'name="what_we_did@sv"' in page


def test_the_join_page_shows_each_visitor_the_promise_in_their_language(
    app: Starlette, client: TestClient
) -> None:
    _, code = bilingual(app, client, promise=PROMISE_FI, **{"promise@sv": PROMISE_SV})
    swedish = visit(app, f"/j/{code}", "sv")
    assert PROMISE_SV in swedish and PROMISE_FI not in swedish
    assert f'<p class="promise-text">{PROMISE_SV}</p>' in swedish  # its own: no lang needed
    finnish = visit(app, f"/j/{code}", "fi")
    assert PROMISE_FI in finnish and PROMISE_SV not in finnish


def test_a_promise_not_given_in_swedish_falls_back_marked_finnish(
    app: Starlette, client: TestClient
) -> None:
    _, code = bilingual(app, client, promise=PROMISE_FI)
    swedish = visit(app, f"/j/{code}", "sv")
    assert f'<span lang="fi">{PROMISE_FI}</span>' in swedish
    # The workshop's title, not given in Swedish either, is marked the same way.
    assert '<h1><span lang="fi">Kirjaston tulevaisuus</span></h1>' in swedish
    finnish = visit(app, f"/j/{code}", "fi")
    assert f'<p class="promise-text">{PROMISE_FI}</p>' in finnish  # in the page's own language


def test_a_version_can_be_taken_back_and_other_texts_keep_theirs(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, code = bilingual(
        app, client, promise=PROMISE_FI, **{"promise@sv": PROMISE_SV, "purpose": PURPOSE_FI}
    )
    client.post(
        f"/facilitator/workshops/{workshop_id}/results-page",
        data={"published_summary": SUMMARY_FI, "published_summary@sv": SUMMARY_SV},
    )
    client.post(f"/facilitator/workshops/{workshop_id}/plan", data={"promise": PROMISE_FI})
    assert f'<span lang="fi">{PROMISE_FI}</span>' in visit(app, f"/j/{code}", "sv")
    with Session(app.state.piiri.engine) as session:
        row = session.get(WorkshopPlan, workshop_id)
        assert row is not None
        assert row.translations == {"published_summary": {"sv": SUMMARY_SV}}


def test_the_results_page_follows_the_visitors_language(app: Starlette, client: TestClient) -> None:
    workshop_id, _ = bilingual(app, client, purpose=PURPOSE_FI)
    response = client.post(
        f"/facilitator/workshops/{workshop_id}/results-page",
        data={
            "published_summary": SUMMARY_FI,
            "published_summary@sv": SUMMARY_SV,
            "what_we_did": "",
            "published": "on",
        },
    )
    assert response.status_code == 200
    match = re.search(r'id="results-link">[^<]*(/r/[\w-]+)<', response.text)
    assert match
    swedish = visit(app, match[1], "sv")
    assert SUMMARY_SV in swedish and SUMMARY_FI not in swedish
    assert f'<span lang="fi">{PURPOSE_FI}</span>' in swedish  # the purpose: Finnish only
    finnish = visit(app, match[1], "fi")
    assert SUMMARY_FI in finnish and SUMMARY_SV not in finnish
    assert '<span lang="fi">' not in finnish


def test_the_process_plan_is_shown_in_each_language_for_its_workshops(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    session = new_session(client, process_id, "Raadin 1. istunto")
    in_finnish_and_swedish(client, session)
    page = client.get(f"/facilitator/processes/{process_id}").text
    assert re.search(r'name="promise@sv"[^>]* lang="sv"', page)
    saved = client.post(
        f"/facilitator/processes/{process_id}/plan",
        data={"promise": PROMISE_FI, "promise@sv": PROMISE_SV, "purpose": PURPOSE_FI},
    )
    assert saved.status_code == 200, saved.text
    assert re.search(rf'name="promise@sv"[^>]*>{PROMISE_SV}</textarea>', saved.text)
    # The workshop's own plan is overridden by the process's, versions and all.
    client.post(f"/facilitator/workshops/{session}/plan", data={"promise": "Oma lupaus"})
    code = workshop_row(app, session).code
    swedish = visit(app, f"/j/{code}", "sv")
    assert PROMISE_SV in swedish and "Oma lupaus" not in swedish
    assert PROMISE_FI in visit(app, f"/j/{code}", "fi")
    # The report is in the workshop's language: the texts as written.
    report = text_of(client.get(f"/facilitator/workshops/{session}/report").text)
    assert PURPOSE_FI in report and PROMISE_FI in report and PROMISE_SV not in report


def test_the_invitations_are_in_the_language_asked_for(app: Starlette, client: TestClient) -> None:
    workshop_id, _ = bilingual(
        app, client, promise=PROMISE_FI, purpose=PURPOSE_FI, **{"promise@sv": PROMISE_SV}
    )
    base = f"/facilitator/workshops/{workshop_id}/invitation"
    swedish = client.get(f"{base}?lang=sv").text
    assert PROMISE_SV in swedish and f'<span lang="fi">{PURPOSE_FI}</span>' in swedish
    assert PROMISE_FI in client.get(f"{base}?lang=fi").text
    (event,) = Calendar.from_ical(client.get(f"{base}.ics?lang=sv").content).walk("VEVENT")
    assert PROMISE_SV in str(event["DESCRIPTION"]) and PROMISE_FI not in str(event["DESCRIPTION"])
    (event,) = Calendar.from_ical(client.get(f"{base}.ics").content).walk("VEVENT")
    assert PROMISE_FI in str(event["DESCRIPTION"])
    plan = client.get(f"/facilitator/workshops/{workshop_id}/plan").text
    assert f'href="{base}.ics?lang=sv"' in plan


def test_stakeholder_group_names_are_offered_in_the_visitors_language(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, code = bilingual(app, client, join_questions="group")
    base = f"/facilitator/workshops/{workshop_id}/plan/groups"
    assert client.post(base, data={"name": "Nuoret", "name@sv": "Unga", "target": "8"}).is_success
    assert client.post(base, data={"name": "Yrittäjät", "target": "4"}).is_success
    refused = client.post(base, data={"name": "", "name@sv": "Pensionärer", "target": "3"})
    assert refused.status_code == 400
    assert re.search(r'name="name@sv"[^>]*value="Pensionärer"', refused.text)  # kept as typed
    swedish = visit(app, f"/j/{code}", "sv")
    assert re.search(r'<option value="\d+">Unga</option>', swedish)
    assert re.search(r'<option value="\d+" lang="fi">Yrittäjät</option>', swedish)
    assert "Pensionärer" not in swedish
    finnish = visit(app, f"/j/{code}", "fi")
    assert re.search(r'<option value="\d+">Nuoret</option>', finnish)
    assert "Unga" not in finnish
