"""People's data: erasing a participant (their name and what they wrote gone from every view,
both exports and the stored log), deleting a workshop, the retention purge, the audit trail,
the privacy notice, private files, and logs without people's text."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select
from starlette.applications import Starlette

from piiri.cli import main
from piiri.db.engine import make_engine, session_scope
from piiri.db.models import AuditEntry, Event, Participant, Workshop
from piiri.settings import Settings
from tests.support.form_client import FormClient
from tests.support.live import Live, activity_ids, live_workshop, text_of
from tests.support.workshop import add_round_robin, workshop_row

pytestmark = pytest.mark.db  # apps on migrated test databases


@pytest.fixture(name="live")
def live_fixture(app: Starlette, client: FormClient) -> Iterator[Live]:
    with live_workshop(app, client) as running:
        yield running


def _everything_shown(live: Live) -> str:
    """Every page, region and export the facilitator and the screen can see, as one text."""
    base = f"/facilitator/workshops/{live.workshop_id}"
    console = live.console()
    console.wait(lambda v: "console-people" in v.regions, "the people region")
    screen = live.screen()
    screen.wait(lambda v: "screen-activity" in v.regions, "the screen")
    parts = [
        live.facilitator.get(base).text,
        live.facilitator.get(f"{base}/people").text,
        live.facilitator.get(f"{base}/audit").text,
        live.facilitator.get(f"{base}/results.json").text,
        live.facilitator.get(f"{base}/results.csv").text,
        live.screen_browser.get(f"/screen/{live.screen_token}").text,
        *console.regions.values(),
        *screen.regions.values(),
    ]
    return "\n".join(parts)


def test_an_erased_participant_is_gone_from_every_view_and_export(live: Live) -> None:
    add_round_robin(live.facilitator, live.workshop_id)
    activity = activity_ids(live.app, live.workshop_id)[-1]
    console = live.console()
    aino = live.phone(live.aino, "Aino's phone")
    assert console.send("start_activity", activity=str(activity)) == ""
    assert console.send("start_round", activity=str(activity), first="") == ""
    aino.wait_text("phone-personal", "It is your turn to speak.")
    assert aino.send("note_turn", activity="current", note="Kirjastoauto Hervantaan") == ""
    assert aino.send("done", activity="current") == ""
    shown = _everything_shown(live)
    assert "Kirjastoauto Hervantaan" in shown and "Aino" in shown

    state = live.app.state.piiri.service.state(live.workshop_id)
    (aino_id,) = [p.id for p in state.people.values() if p.name == "Aino"]
    people = f"/facilitator/workshops/{live.workshop_id}/people/{aino_id}/erase"
    unconfirmed = live.facilitator.post(people, data={})
    assert unconfirmed.status_code == 400
    assert "Tick the box" in text_of(unconfirmed.text)
    assert live.facilitator.post(people, data={"confirm": "on"}).status_code == 200

    shown = _everything_shown(live)
    assert "Kirjastoauto Hervantaan" not in shown
    assert "Aino" not in shown
    # The stored log keeps its place and its seqs; the text itself is overwritten.
    with Session(live.app.state.piiri.engine) as session:
        rows = session.exec(select(Event).where(Event.workshop_id == live.workshop_id)).all()
        stored = repr([(row.type, row.data) for row in rows])
        participant = session.get(Participant, aino_id)
    assert "Kirjastoauto" not in stored and "Aino" not in stored
    assert [row.seq for row in rows] == list(range(1, len(rows) + 1))
    assert participant is not None and participant.name == ""


def test_deleting_a_workshop_takes_everything_and_is_audited(live: Live) -> None:
    base = f"/facilitator/workshops/{live.workshop_id}"
    phone = live.phone(live.aino, "Aino's phone")
    assert live.facilitator.get(f"{base}/results.csv").status_code == 200
    assert live.facilitator.post(f"{base}/screen-link", data={}).status_code == 200
    wrong = live.facilitator.post(f"{base}/delete", data={"code": "000000"})
    assert wrong.status_code == 400
    assert "Type the workshop's code" in text_of(wrong.text)
    audit = text_of(live.facilitator.get(f"{base}/audit").text)
    for action in ("downloaded the results", "replaced the room screen link"):
        assert action in audit
    assert "fasi@example.org" in audit

    response = live.facilitator.post(f"{base}/delete", data={"code": live.code})
    assert response.url.path == "/facilitator/"
    with Session(live.app.state.piiri.engine) as session:
        assert session.get(Workshop, live.workshop_id) is None
        for table in (Event, Participant):
            assert not session.exec(
                select(table).where(table.workshop_id == live.workshop_id)
            ).all()
        actions = [e.action for e in session.exec(select(AuditEntry)).all()]
    assert "delete" in actions
    assert live.facilitator.get(base).status_code == 404
    assert live.aino.get(f"/w/{live.code}").status_code == 404
    del phone


def test_closing_and_sharing_are_in_the_audit_trail(live: Live) -> None:
    from tests.support.workshop import facilitator_account

    facilitator_account(live.app, "toinen@example.org")
    base = f"/facilitator/workshops/{live.workshop_id}"
    live.facilitator.post(f"{base}/facilitators", data={"email": "toinen@example.org"})
    live.facilitator.post(f"{base}/closed", data={"closed": "true"})
    audit = text_of(live.facilitator.get(f"{base}/audit").text)
    assert "shared the workshop" in audit and "closed the workshop" in audit


def test_purge_deletes_workshops_closed_longer_ago_than_the_retention(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    live.facilitator.post(
        f"/facilitator/workshops/{live.workshop_id}/closed", data={"closed": "true"}
    )
    settings: Settings = live.app.state.piiri.settings
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.setenv("RETENTION_DAYS", "30")
    assert main(["purge"]) == 0
    assert workshop_row(live.app, live.workshop_id).closed  # closed today: kept
    with session_scope(live.app.state.piiri.engine) as session:
        row = session.get(Workshop, live.workshop_id)
        assert row is not None
        row.closed_at = datetime.now(UTC) - timedelta(days=31)
    assert main(["purge"]) == 0
    with Session(live.app.state.piiri.engine) as session:
        assert session.get(Workshop, live.workshop_id) is None


def test_the_join_page_carries_a_privacy_notice(tmp_path: Path) -> None:
    from piiri.web.app import create_app
    from tests.support.app import make_settings
    from tests.support.databases import upgrade
    from tests.support.workshop import facilitator_account, log_in, new_workshop

    settings = make_settings(
        tmp_path,
        privacy_organisation="Tampereen kaupunki",
        privacy_contact="tietosuoja@tampere.example",
        retention_days=90,
    )
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        facilitator_account(app)
        log_in(client)
        code = workshop_row(app, new_workshop(client)).code
        page = text_of(client.get(f"/j/{code}").text)
    assert "About your data" in page
    assert "The workshop's facilitators see your name." in page
    assert "deleted at the latest 90 days after the workshop closes" in page
    assert "Responsible for this data: Tampereen kaupunki." in page
    assert "Contact: tietosuoja@tampere.example." in page


def test_the_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "private.db"
    old = os.umask(0o022)
    try:
        make_engine(f"sqlite:///{path}").dispose()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_failed_command_is_logged_without_its_text(
    live: Live, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    console = live.console()
    service = live.app.state.piiri.service

    async def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(service, "run", broken)
    with caplog.at_level(logging.ERROR):
        answer = console.send("pin_message", text="Aino's secret phone number 040 123")
    assert answer == "Something went wrong."
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "pin_message" in logged
    assert "040 123" not in logged
