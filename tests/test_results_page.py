"""Feedback to participants: the public results page behind its own revocable link, and the
notice by e-mail (sent through a real SMTP conversation with a small local server; without SMTP
settings nothing is sent and the facilitator's page says so)."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from email import message_from_bytes
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.db.models import JoinAnswers
from piiri.settings import Settings, SmtpSettings
from piiri.web.app import create_app
from piiri.web.i18n import gettext
from tests.support.a11y import assert_accessible
from tests.support.app import make_settings, serve
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.processes import free_port
from tests.support.workshop import facilitator_account, log_in, new_workshop, workshop_row

SUMMARY = "Toivoitte pidempiä aukioloaikoja ja korjauskahvilaa."
DONE = "Lautakunta päätti pidentää aukioloaikoja 1.5. alkaen."


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: every message is kept in ``server.messages``."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink ready\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif verb == "MAIL":
                recipients = []
                self.wfile.write(b"250 ok\r\n")
            elif verb == "RCPT":
                recipients.append(re.sub(r".*<(.*)>.*", r"\1", command))
                self.wfile.write(b"250 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append((recipients, data))  # type: ignore[attr-defined]
                self.wfile.write(b"250 kept\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_sink() -> Iterator[tuple[int, list[tuple[list[str], bytes]]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", free_port()), SmtpSink)
    server.daemon_threads = True
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], server.messages  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def workshop_with_people(app: Starlette, client: TestClient, *emails: str) -> tuple[int, str]:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Kirjaston tulevaisuus", language="fi")
    code = workshop_row(app, workshop_id).code
    for email in emails:
        # Another phone on the running app (no second lifespan: an app lives in one loop).
        phone = FormClient(app)
        response = phone.post(f"/j/{code}", data={"presence": "room", "email": email})
        assert response.status_code == 200
    return workshop_id, code


def publish(client: TestClient, workshop_id: int, **fields: str) -> str:
    """Save the results page as published; its link as the plan page shows it."""
    data = {"published_summary": SUMMARY, "what_we_did": "", "published": "on", **fields}
    response = client.post(f"/facilitator/workshops/{workshop_id}/results-page", data=data)
    assert response.status_code == 200
    match = re.search(r'id="results-link">[^<]*(/r/[\w-]+)<', response.text)
    assert match, "the plan page shows the results link"
    return match[1]


def test_the_results_page_shows_what_was_published_and_later_what_was_done(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, _ = workshop_with_people(app, client, "", "")
    public = FormClient(app)
    link = publish(client, workshop_id)
    page = public.get(link)
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    for heading in ("We asked", "You said", "We did"):
        assert gettext("fi", heading) in page.text
    assert SUMMARY in page.text and DONE not in page.text
    assert "2 " + gettext("fi", "in the room") in page.text  # counts by channel, always
    publish(client, workshop_id, what_we_did=DONE)
    assert DONE in public.get(link).text
    # The plan page offers the link with its QR code.
    plan = client.get(f"/facilitator/workshops/{workshop_id}/plan").text
    assert 'class="qr plan-qr"' in plan and "<svg" in plan


def test_the_results_link_is_revocable_and_unpublished_pages_are_not_found(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, _ = workshop_with_people(app, client)
    public = FormClient(app)
    old = publish(client, workshop_id)
    response = client.post(f"/facilitator/workshops/{workshop_id}/results-page/link")
    new = re.search(r'id="results-link">[^<]*(/r/[\w-]+)<', response.text)
    assert new and new[1] != old
    assert public.get(old).status_code == 404
    assert public.get(new[1]).status_code == 200
    publish(client, workshop_id, published="")
    assert public.get(new[1]).status_code == 404


def test_without_smtp_nothing_is_sent_and_the_page_says_so(
    app: Starlette, client: TestClient
) -> None:
    workshop_id, _ = workshop_with_people(app, client, "aino@example.fi")
    publish(client, workshop_id)
    response = client.post(f"/facilitator/workshops/{workshop_id}/results-page/notify")
    assert response.status_code == 200
    message = "E-mail is not set up on this server (SMTP_HOST): no notices were sent."
    assert gettext("fi", message) in response.text
    with Session(app.state.piiri.engine) as session:
        assert all(a.notified_at is None for a in session.exec(select(JoinAnswers)))


@pytest.mark.db  # its own app on a migrated test database, beside a mail server
def test_people_who_left_an_address_are_told_once(
    tmp_path: Path, smtp_sink: tuple[int, list[tuple[list[str], bytes]]]
) -> None:
    port, messages = smtp_sink
    smtp = SmtpSettings(host="127.0.0.1", port=port, sender="piiri@kunta.fi", starttls=False)
    settings = make_settings(tmp_path, smtp=smtp)
    upgrade(settings.database_url)
    app = create_app(settings)
    with FormClient(app) as client:
        workshop_id, _ = workshop_with_people(app, client, "aino@example.fi", "", "bo@example.se")
        link = publish(client, workshop_id)
        response = client.post(f"/facilitator/workshops/{workshop_id}/results-page/notify")
        assert "Ilmoitus lähetetty 2 henkilölle." in response.text
        # Told once: a second press sends nothing more.
        client.post(f"/facilitator/workshops/{workshop_id}/results-page/notify")
    app.state.piiri.engine.dispose()
    assert sorted(r for recipients, _ in messages for r in recipients) == [
        "aino@example.fi",
        "bo@example.se",
    ]
    mail = message_from_bytes(messages[0][1])
    assert mail["From"] == "piiri@kunta.fi"
    assert "Kirjaston tulevaisuus" in mail["Subject"]
    assert link in mail.get_payload(decode=True).decode()  # type: ignore[union-attr]


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_results_page_passes_axe(
    app: Starlette, client: TestClient, settings: Settings, browser: Browser, language: str
) -> None:
    workshop_id, _ = workshop_with_people(app, client, "")
    link = publish(client, workshop_id, what_we_did=DONE)
    with serve(settings) as base:
        # axe is injected as a script of its own; the policy forbids that to any page script.
        context = browser.new_context(base_url=base, locale=language, bypass_csp=True)
        try:
            page = context.new_page()
            page.goto(link)
            assert_accessible(page, f"the public results page ({language})")
        finally:
            context.close()
