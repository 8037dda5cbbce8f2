"""Display choices (larger text, high contrast) and the accessibility statement in every footer."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.databases import upgrade
from tests.support.form_client import FormClient
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)


def _html_class(html: str) -> set[str]:
    match = re.search(r'<html lang="\w+"(?: class="([^"]*)")?>', html)
    assert match, html[:200]
    return set((match.group(1) or "").split())


def _pressed(html: str, field: str) -> str:
    match = re.search(
        rf'<button type="submit" name="{field}" value="(on|off)" aria-pressed="(\w+)"', html
    )
    assert match, f"no {field} button"
    return f"{match.group(1)}/{match.group(2)}"


def test_larger_text_and_high_contrast_are_chosen_and_kept(client: TestClient) -> None:
    page = client.get("/join").text
    assert _html_class(page) == set()
    assert _pressed(page, "large_text") == "on/false"
    assert _pressed(page, "high_contrast") == "on/false"

    response = client.post(
        "/display", data={"large_text": "on", "next": "/join?code=123456"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/join?code=123456"
    assert "piiri_text=large" in response.headers["set-cookie"]
    assert "Max-Age=31536000" in response.headers["set-cookie"]

    page = client.get("/join").text
    assert _html_class(page) == {"text-large"}
    assert _pressed(page, "large_text") == "off/true"  # pressing again turns it off

    client.post("/display", data={"high_contrast": "on", "next": "/join"})
    page = client.get("/accessibility").text
    assert _html_class(page) == {"text-large", "contrast-high"}
    assert _pressed(page, "high_contrast") == "off/true"

    client.post("/display", data={"large_text": "off", "next": "/join"})
    assert _html_class(client.get("/join").text) == {"contrast-high"}


def test_odd_display_requests_change_nothing(client: TestClient) -> None:
    for data in (
        {"large_text": "huge", "next": "/join"},
        {"font": "on", "next": "/join"},
        {"high_contrast": "on", "next": "//evil.example/"},
    ):
        response = client.post("/display", data=data, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] in ("/join", "/")
        if "high_contrast" not in data:
            assert "set-cookie" not in response.headers
    assert client.get("/display").status_code == 405


def test_every_page_links_the_statement_and_offers_the_choices(
    app: Starlette, client: TestClient
) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client)
    add_dot_vote(client, workshop_id)
    workshop = workshop_row(app, workshop_id)
    pages = [
        "/join",
        "/login",
        "/accessibility",
        "/no-such-page",
        "/facilitator/",
        f"/facilitator/workshops/{workshop_id}",
        f"/j/{workshop.code}",
    ]
    # The room screen is a presentation surface with no page furniture (issue 14): a projector
    # has no one to press its buttons; its browser keeps the choices made elsewhere.
    screen = client.get(f"/screen/{screen_token(app, workshop_id)}").text
    assert "site-footer" not in screen and 'name="large_text"' not in screen
    with contextlib.closing(FormClient(app)) as phone:
        phone.portal = client.portal
        join(phone, workshop.code)
        for path in [*pages, f"/w/{workshop.code}"]:
            html = (phone if path.startswith("/w/") else client).get(path).text
            footer = html[html.index('<footer class="site-footer">') :]
            assert '<a class="footer-link" href="/accessibility">Accessibility statement</a>' in (
                footer
            ), path
            assert 'name="large_text"' in footer and 'name="high_contrast"' in footer, path


def test_the_statement_says_what_conforms_what_not_and_how_to_give_feedback(
    client: TestClient,
) -> None:
    html = client.get("/accessibility").text
    for heading in ("Accessibility statement", "What works", "What does not work yet", "Feedback"):
        assert f">{heading}</h" in html, heading
    assert "WCAG 2.2" in html and "EN 301 549" in html
    assert "Tell the facilitator of your workshop" in html
    client.cookies.set("piiri_lang", "sv")
    swedish = client.get("/accessibility").text
    assert ">Tillgänglighetsutlåtande</h1>" in swedish
    assert ">Det här fungerar inte ännu</h2>" in swedish


@pytest.mark.db
def test_the_statement_names_the_feedback_contact_when_set(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, accessibility_contact="saavutettavuus@example.fi")
    upgrade(settings.database_url)
    with FormClient(create_app(settings)) as client:
        html = client.get("/accessibility").text
    assert '<a href="mailto:saavutettavuus@example.fi">saavutettavuus@example.fi</a>' in html
    assert "Tell the facilitator of your workshop" not in html
