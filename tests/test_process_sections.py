"""A process's narrative sections through its page's forms: added, edited, moved and removed,
refused without a heading or a text (nothing saved), shown after the plan in the process
report, its JSON and its PDF, the forms in Finnish and Swedish, and migration 0008."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import Session, SQLModel, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.engine import make_engine
from piiri.db.migrate import alembic_config, upgrade
from piiri.db.models import AuditEntry, ReportItem
from piiri.web.i18n import gettext
from tests.support.app import make_settings
from tests.support.live import text_of
from tests.support.process_setup import new_process, new_session
from tests.support.workshop import facilitator_account, log_in

pytestmark = pytest.mark.db

SUMMARY = ("Yhteenveto", "Raati suositteli lähikirjastojen aukioloa\nlauantaisin.")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
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
    for heading, body in (NEXT, SUMMARY):
        added = client.post(base, data={"heading": heading, "text": body})
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
    for english in texts:
        translated = gettext(language, english)
        assert translated != english and translated in text_of(page)


def test_migration_0008_goes_down_and_up_again(tmp_path: Path) -> None:
    """Up, a process's section stored, down to 0007 (the section goes, a workshop's item
    stays), up again: the schema is exactly the models'."""
    url = make_settings(tmp_path).database_url
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
        connection.execute(
            text(
                "INSERT INTO facilitator (id, email, name, password_hash, created_at, "
                "session_version) VALUES (1, 'f@example.org', '', 'x', :now, 0)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO workshop (id, title, language, code, owner_id, closed, time_zone, "
                "created_at) VALUES (1, 'W', 'fi', 'ABC123', 1, false, 'Europe/Helsinki', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text("INSERT INTO process (id, owner_id, title, created_at) VALUES (1, 1, 'P', :now)"),
            {"now": NOW},
        )
        for workshop, process, heading in ((1, None, "Työpajan"), (None, 1, "Prosessin")):
            connection.execute(
                text(
                    "INSERT INTO reportitem (workshop_id, process_id, kind, heading, text, "
                    "attribution, position, created_at) "
                    "VALUES (:w, :p, 'section', :h, 'teksti', '', 0, :now)"
                ),
                {"w": workshop, "p": process, "h": heading, "now": NOW},
            )
    engine.dispose()
    command.downgrade(alembic_config(url), "0007_plan_translations")
    engine = make_engine(url)
    with engine.connect() as connection:
        headings = connection.execute(text("SELECT heading FROM reportitem")).all()
        assert headings == [("Työpajan",)]
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()
