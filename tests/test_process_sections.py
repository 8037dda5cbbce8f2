"""A process's narrative sections through its page's forms: added, edited, moved and removed,
refused without a heading or a text (nothing saved), shown after the plan in the process
report, its JSON and its PDF, and the forms in Finnish and Swedish."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.models import AuditEntry, ReportItem
from piiri.web.i18n import gettext
from tests.support.live import text_of
from tests.support.process_setup import new_process, new_session
from tests.support.workshop import facilitator_account, log_in

pytestmark = pytest.mark.db

SUMMARY = ("Yhteenveto", "Raati suositteli lähikirjastojen aukioloa\nlauantaisin.")
NEXT = ("Mitä opimme", "Nuoret tulivat, kun kutsu tuli koulun kautta.")


def section_ids(client: TestClient, process_id: int) -> list[str]:
    page = client.get(f"/facilitator/processes/{process_id}").text
    return re.findall(rf"/processes/{process_id}/sections/(\d+)/remove", page)


def test_sections_are_written_on_the_process_page_and_shown_in_its_report(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    new_session(client, process_id, "Istunto 1")
    base = f"/facilitator/processes/{process_id}/sections"
    for heading, text in (NEXT, SUMMARY):
        added = client.post(base, data={"heading": heading, "text": text})
        assert added.status_code == 200 and added.url.fragment == "sections"
    learnt, summary = section_ids(client, process_id)
    client.post(f"{base}/{summary}/move", data={"direction": "up"})
    assert section_ids(client, process_id) == [summary, learnt]
    edited = client.post(f"{base}/{learnt}", data={"heading": "Opimme", "text": NEXT[1]})
    assert edited.status_code == 200

    for bad in ({"heading": "", "text": "Teksti"}, {"heading": "Otsikko", "text": " \n "}):
        refused = client.post(base, data=bad)
        assert refused.status_code == 400
        assert bad["text"].strip() in refused.text  # what was typed is kept
    refused = client.post(f"{base}/{learnt}", data={"heading": "Opimme", "text": ""})
    assert refused.status_code == 400
    assert "Write the text of the section." in text_of(refused.text)
    with Session(app.state.piiri.engine) as session:
        stored = [(i.heading, i.text) for i in session.exec(select(ReportItem)).all()]
    assert sorted(stored) == sorted([SUMMARY, ("Opimme", NEXT[1])])

    report = client.get(f"/facilitator/processes/{process_id}/report").text
    headings = re.findall(r'<h2 id="process-section-\d+">([^<]*)</h2>', report)
    assert headings == ["Yhteenveto", "Opimme"]
    assert report.index("process-section-1") > report.index("process-report-plan")
    assert report.index("process-section-2") < report.index('id="process-people"')
    assert SUMMARY[1] in report
    document = client.get(f"/facilitator/processes/{process_id}/report.json").json()
    assert document["sections"] == [
        {"heading": "Yhteenveto", "text": SUMMARY[1]},
        {"heading": "Opimme", "text": NEXT[1]},
    ]
    pdf = client.get(f"/facilitator/processes/{process_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    client.post(f"{base}/{summary}/remove")
    assert section_ids(client, process_id) == [learnt]
    assert "Yhteenveto" not in client.get(f"/facilitator/processes/{process_id}/report").text
    with Session(app.state.piiri.engine) as session:
        actions = [e.action for e in session.exec(select(AuditEntry)) if e.process_id]
    assert [a for a in actions if a.startswith("process_section")] == [
        "process_section_add",
        "process_section_add",
        "process_section_move",
        "process_section_edit",
        "process_section_remove",
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_section_forms_are_translated(
    app: Starlette, client: TestClient, language: str
) -> None:
    facilitator_account(app)
    log_in(client)
    process_id = new_process(client)
    page = client.get(
        f"/facilitator/processes/{process_id}", headers={"Accept-Language": language}
    ).text
    texts = ("Narrative sections of the process report", "Add the section", "Delete the process")
    for text in texts:
        translated = gettext(language, text)
        assert translated != text and translated in text_of(page)
