"""Three languages: how a person's language is chosen, kept and used, and what is never translated.

A person's language is their choice (a cookie, set from a link on any page), else the best match
of their browser's Accept-Language on a first visit, else the workshop's default. Numbers and
dates follow the language; what participants and facilitators wrote is shown exactly as written.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.dates import format_date
from starlette.applications import Starlette
from starlette.config import Environ
from starlette.testclient import TestClient

from piiri.settings import Settings
from piiri.web.i18n import accept_language
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs
from tests.support.live import View, activity_ids, companion, text_of
from tests.support.workshop import (
    add_dot_vote,
    facilitator_account,
    join,
    log_in,
    new_workshop,
    screen_token,
    workshop_row,
)


def _lang(html: str) -> str:
    start = html.index('<html lang="') + len('<html lang="')
    return html[start : start + 2]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("sv-FI,sv;q=0.9,en;q=0.5", "sv"),
        ("fi-FI,fi;q=0.9", "fi"),
        ("de-DE,sv;q=0.4,fi;q=0.7", "fi"),
        ("en-GB", "en"),
        ("de-DE", None),
    ],
)
def test_accept_language_picks_the_best_offered_language(header: str, language: str) -> None:
    assert accept_language(header) == language


def test_a_first_visit_follows_the_browser_then_the_choice_persists(client: TestClient) -> None:
    assert _lang(client.get("/join", headers={"Accept-Language": "sv-FI,fi;q=0.5"}).text) == "sv"
    assert _lang(client.get("/join", headers={"Accept-Language": "de"}).text) == "en"
    # Switching on any page (here the accessibility statement) keeps the person there, in Finnish.
    switched = client.get("/language/fi", params={"next": "/accessibility"})
    assert switched.url.path == "/accessibility"
    assert _lang(switched.text) == "fi"
    assert "Saavutettavuusseloste" in switched.text
    # Later pages keep the choice, whatever the browser says.
    later = client.get("/join", headers={"Accept-Language": "sv-FI"})
    assert _lang(later.text) == "fi"
    assert _lang(client.get("/language/sv", params={"next": "/join"}).text) == "sv"


def test_swedish_can_be_a_workshops_language(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Byagårdens kväll", language="sv")
    workshop = workshop_row(app, workshop_id)
    assert workshop.language == "sv"
    with contextlib.closing(companion(client)) as phone:
        # A phone whose browser names no offered language gets the workshop's.
        page = phone.get(f"/j/{workshop.code}", headers={"Accept-Language": "de-DE"})
        assert _lang(page.text) == "sv"
        assert "Var deltar du från?" in page.text
        screen = phone.get(
            f"/screen/{screen_token(app, workshop_id)}", headers={"Accept-Language": "en"}
        )
        assert _lang(screen.text) == "sv"
        assert "Välkommen! Delta med din telefon" in screen.text


def test_numbers_and_dates_follow_the_language() -> None:
    renderer = Renderer(template_dirs=installed_template_dirs())
    written = {
        language: renderer.environments[language]
        .from_string("{{ n | number }}|{{ d | date('long') }}|{{ t | time }}")
        .render(n=12345.5, d=date(2026, 11, 28), t=datetime(2026, 11, 28, 18, 5, tzinfo=UTC))
        for language in ("en", "fi", "sv")
    }
    assert written["en"] == "12,345.5|November 28, 2026|6:05\u202fPM"
    assert written["fi"] == "12\xa0345,5|28. marraskuuta 2026|18.05"
    assert written["sv"] == "12\xa0345,5|28 november 2026|18:05"


def test_the_statement_date_is_written_the_persons_way(client: TestClient) -> None:
    for language, written in (
        ("en", "November 28, 2026"),
        ("fi", "28. marraskuuta 2026"),
        ("sv", "28 november 2026"),
    ):
        client.cookies.set("piiri_lang", language)
        assert written in client.get("/accessibility").text, language


def test_what_people_wrote_is_never_translated(app: Starlette, client: TestClient) -> None:
    """Options equal to a msgid ("Start", "Results") stay as typed in a Finnish workshop."""
    facilitator_account(app)
    log_in(client)
    client.cookies.set("piiri_lang", "fi")
    workshop_id = new_workshop(client, title="Continue", language="fi")
    add_dot_vote(client, workshop_id, title="Results", options=("Start", "Log in", "Stop"))
    (activity_id,) = activity_ids(app, workshop_id)
    code = workshop_row(app, workshop_id).code
    with contextlib.ExitStack() as stack:
        phone_client = stack.enter_context(contextlib.closing(companion(client)))
        phone_client.cookies.set("piiri_lang", "fi")
        join(phone_client, code, name="Stop")
        console = View(
            stack.enter_context(client.websocket_connect(f"/ws/facilitator/{workshop_id}")), "c"
        )
        console.send("start_activity", activity=str(activity_id))
        phone = View(stack.enter_context(phone_client.websocket_connect(f"/ws/w/{code}")), "p")
        phone.wait(lambda v: "Results" in v.text("phone-activity"), "the running vote")
        page = phone_client.get(f"/w/{code}").text
    assert _lang(page) == "fi"
    for typed in ("Start", "Log in", "Stop"):
        assert f'<span class="vote-label">{typed}</span>' in page, typed
    assert '<h1 class="workshop-title">Continue</h1>' in page
    assert '<h2 id="activity-title" data-activity="' in page and ">Results</h2>" in page
    assert "Olet Stop ja osallistut salissa." in text_of(page)  # the person's name as typed
    # The sentence around it is Finnish; the option's text inside it is as typed.
    assert 'aria-label="Anna piste vaihtoehdolle Start (omia pisteitäsi siinä: 0)"' in page


def test_swedish_is_a_valid_default_language(tmp_path: Path) -> None:
    settings = Settings.from_environ(
        Environ(
            {
                "DEFAULT_LANGUAGE": "sv",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'sv.db'}",
                "SECRET_KEY": "not-for-production",
                "ACCESSIBILITY_CONTACT": "palaute@example.fi",
            }
        )
    )
    assert settings.default_language == "sv"
    assert settings.languages == ("en", "fi", "sv")
    assert settings.accessibility_contact == "palaute@example.fi"


def test_the_dashboard_writes_dates_the_persons_way(app: Starlette, client: TestClient) -> None:
    facilitator_account(app)
    log_in(client)
    workshop_id = new_workshop(client, title="Päiväys")
    created = workshop_row(app, workshop_id).created_at
    for language in ("en", "fi", "sv"):
        client.cookies.set("piiri_lang", language)
        page = client.get("/facilitator/").text
        written = format_date(created, "medium", locale=language)
        assert written in page, (language, written)
    assert format_date(created, "medium", locale="fi") != format_date(
        created, "medium", locale="en"
    )
