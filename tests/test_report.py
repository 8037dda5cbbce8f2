"""The workshop's report: its figures are the JSON export's, its PDF renders with the title and
counts on the first page, it comes out in Finnish and Swedish, small groups stay hidden, and it
passes axe."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_decimal
from playwright.sync_api import Browser
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.activities import REGISTRY
from piiri.db.engine import session_scope
from piiri.db.models import JoinAnswers, Participant, StakeholderGroup, WorkshopPlan
from piiri.settings import Settings
from piiri.web.i18n import gettext
from tests.support.a11y import assert_accessible
from tests.support.app import serve
from tests.support.scripted_workshop import scripted_workshop
from tests.support.workshop import PASSWORD


class Figures(HTMLParser):
    """Every element with data-figure: its path in the JSON export and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        path = dict(attrs).get("data-figure")
        if path:
            self._open.append((path, []))

    def handle_data(self, data: str) -> None:
        for _, texts in self._open:
            texts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open:
            path, texts = self._open.pop()
            self.found.append((path, "".join(texts).strip()))


def figures(html: str) -> list[tuple[str, str]]:
    parser = Figures()
    parser.feed(html)
    return parser.found


def at(document: Any, path: str) -> Any:
    for part in path.split("."):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def report_and_export(client: TestClient, workshop_id: int) -> tuple[str, dict[str, Any]]:
    report = client.get(f"/facilitator/workshops/{workshop_id}/report")
    assert report.status_code == 200
    export = client.get(f"/facilitator/workshops/{workshop_id}/results.json")
    return report.text, export.json()


def test_every_figure_in_the_report_is_the_json_exports(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    plan_agenda(app, scripted.workshop_id, scripted.activity_ids)
    html, document = report_and_export(client, scripted.workshop_id)
    found = figures(html)
    paths = {path for path, _ in found}
    # What the report must show: every channel, the balance of voices, the agenda's minutes.
    for channel in ("in_room", "remote", "by_proxy"):
        assert f"participation.by_channel.{channel}" in paths
        for figure in ("people", "speaking_seconds", "contributions"):
            assert f"balance.{channel}.{figure}" in paths
    assert "participation.total" in paths
    kinds = len(REGISTRY)  # the scripted workshop runs one activity of every kind
    assert {f"agenda.{n}.planned_minutes" for n in range(kinds)} <= paths
    assert {f"agenda.{n}.actual_minutes" for n in range(kinds)} <= paths
    for path, text in found:
        value = at(document, path)
        assert text == format_decimal(value, locale="en"), path
    # The scripted people took part in every channel, and the activities were heard.
    assert document["balance"]["remote"]["contributions"] > 0
    assert document["balance"]["in_room"]["speaking_seconds"] > 0
    assert [a["actual_minutes"] for a in document["agenda"]] == [15] * kinds
    assert [a["planned_minutes"] for a in document["agenda"]] == [20] * kinds


def plan_agenda(app: Starlette, workshop_id: int, activity_ids: tuple[int, ...]) -> None:
    from piiri.db.models import AgendaPlan

    with session_scope(app.state.piiri.engine) as session:
        for activity_id in activity_ids:
            session.add(
                AgendaPlan(activity_id=activity_id, workshop_id=workshop_id, planned_minutes=20)
            )


def pdftotext_first_page(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_renders_with_the_title_and_counts_on_its_first_page(
    app: Starlette, client: TestClient, tmp_path: Path
) -> None:
    scripted = scripted_workshop(app, client, title="Kirjastoverkon tulevaisuus")
    response = client.get(f"/facilitator/workshops/{scripted.workshop_id}/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    first = " ".join(pdftotext_first_page(response.content, tmp_path).split())
    assert "Kirjastoverkon tulevaisuus" in first
    assert "6 people took part: 2 in the room, 3 remote, 1 by proxy." in first
    # The page's own links and language choices are not printed.
    assert "Download the report" not in first and "Suomi" not in first


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_report_comes_out_in_the_workshops_language(
    app: Starlette, client: TestClient, language: str, tmp_path: Path
) -> None:
    scripted = scripted_workshop(app, client, language=language)
    html, document = report_and_export(client, scripted.workshop_id)
    assert f'<html lang="{language}"' in html
    for msgid in ("Who took part", "Balance of voices", "Methods and agenda"):
        translated = gettext(language, msgid)
        assert translated != msgid and translated in html
    for path, text in figures(html):
        assert text == format_decimal(at(document, path), locale=language), path
    response = client.get(f"/facilitator/workshops/{scripted.workshop_id}/report.pdf")
    first = " ".join(pdftotext_first_page(response.content, tmp_path).split())
    assert gettext(language, "Who took part") in first


def answer(app: Starlette, workshop_id: int, group_id: int, how_many: int) -> None:
    with session_scope(app.state.piiri.engine) as session:
        for n in range(how_many):
            person = Participant(workshop_id=workshop_id, name=f"P{n}")
            session.add(person)
            session.flush()
            assert person.id is not None
            session.add(
                JoinAnswers(
                    participant_id=person.id,
                    workshop_id=workshop_id,
                    stakeholder_group_id=group_id,
                    age_band="18_29",
                )
            )


def test_a_group_of_fewer_than_five_people_is_not_shown(app: Starlette, client: TestClient) -> None:
    scripted = scripted_workshop(app, client)
    with session_scope(app.state.piiri.engine) as session:
        session.add(WorkshopPlan(workshop_id=scripted.workshop_id, join_questions=["age_band"]))
        small = StakeholderGroup(workshop_id=scripted.workshop_id, name="Nuoret", target=10)
        large = StakeholderGroup(
            workshop_id=scripted.workshop_id, name="Kirjaston käyttäjät", target=8
        )
        session.add_all([small, large])
        session.flush()
        small_id, large_id = small.id, large.id
    assert small_id is not None and large_id is not None
    answer(app, scripted.workshop_id, small_id, 4)
    answer(app, scripted.workshop_id, large_id, 5)
    html, document = report_and_export(client, scripted.workshop_id)
    groups = {g["name"]: g for g in document["groups"]}
    assert groups["Nuoret"] == {
        "id": small_id, "name": "Nuoret", "target": 10, "count": None, "shown": False
    }  # fmt: skip
    assert groups["Kirjaston käyttäjät"]["count"] == 5
    # Nine answered 18-29: shown; every other band has fewer than five: hidden.
    assert document["answers"]["age_band"]["18_29"] == {"count": 9, "shown": True}
    assert document["answers"]["age_band"]["65_plus"] == {"count": None, "shown": False}
    table = html[html.index('id="table-groups"') :]
    table = table[: table.index("</table>")]
    assert "Nuoret" in table and "fewer than 5" in table and ">4<" not in table
    assert 'data-figure="groups.1.count">5<' in table


# -- axe over the report, in a real browser --------------------------------------------------


@pytest.fixture
def served(app: Starlette, settings: Settings) -> Iterator[str]:
    with serve(settings) as base:
        yield base


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_the_report_plan_and_invitation_pass_axe(
    app: Starlette, client: TestClient, served: str, browser: Browser, language: str
) -> None:
    scripted = scripted_workshop(app, client, language=language)
    # axe is injected as a script of its own; the policy forbids that to any page script.
    context = browser.new_context(base_url=served, locale=language, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/login")
        page.locator("#email").fill("fasi@example.org")
        page.locator("#password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/facilitator/")
        base = f"/facilitator/workshops/{scripted.workshop_id}"
        page.goto(f"{base}/report")
        assert_accessible(page, f"the report ({language})")
        # The pages that feed it: the plan's forms and the printable invitation.
        page.goto(f"{base}/plan")
        assert_accessible(page, f"the plan ({language})")
        page.goto(f"{base}/invitation?lang={language}")
        assert_accessible(page, f"the invitation ({language})")
        page.goto(f"{base}/report")
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
    finally:
        context.close()
