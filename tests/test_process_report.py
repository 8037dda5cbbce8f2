"""A process's report: every figure it shows is its JSON's, its totals are the sums of its
workshops' own JSON exports, each workshop's part shows that workshop's figures, groups under
five people stay hidden (counted over all sessions), members' attendance is counted per session,
and it comes out in Finnish and Swedish, as a page and as a PDF."""

from __future__ import annotations

import contextlib
import itertools
import re
from typing import Any

import pytest
from babel.numbers import format_decimal
from starlette.applications import Starlette
from starlette.testclient import TestClient

from piiri.domain.results import CHANNELS
from piiri.web.i18n import gettext
from tests.support.form_client import FormClient
from tests.support.process_setup import add_existing, add_member, new_process, new_session
from tests.support.scripted_workshop import scripted_workshop
from tests.support.workshop import workshop_row

FIGURE = re.compile(r'<span data-figure="([^"]+)">([^<]*)</span>')


def at(document: Any, path: str) -> Any:
    for part in path.split("."):
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


def join_with_group(app: Starlette, code: str, name: str, presence: str, group: str) -> None:
    with contextlib.closing(FormClient(app)) as phone:
        joined = phone.post(f"/j/{code}", data={"name": name, "presence": presence, "group": group})
        assert joined.status_code == 200 and joined.url.path == f"/w/{code}", joined.text


def a_process(app: Starlette, client: TestClient, language: str) -> tuple[int, list[int]]:
    """Two sessions: the scripted workshop (every kind, six people) and a second one where
    people answer the process's group question; one member comes to both."""
    first = scripted_workshop(app, client, title="Raadin 1. istunto", language=language)
    process_id = new_process(client)
    add_existing(client, process_id, first.workshop_id)
    second = new_session(client, process_id, "Raadin 2. istunto", language)
    for name, target in (("Nuoret", "8"), ("Yrittäjät", "3")):
        client.post(
            f"/facilitator/processes/{process_id}/groups", data={"name": name, "target": target}
        )
    page = client.get(f"/facilitator/processes/{process_id}").text
    young, business = re.findall(r"/groups/(\d+)/remove", page)
    for workshop_id in (first.workshop_id, second):
        client.post(f"/facilitator/workshops/{workshop_id}/plan", data={"join_questions": "group"})
    # The young: two in the first session (under five there), five in the second.
    for n in range(2):
        join_with_group(app, first.code, f"Nuori {n}", "room", young)
    code = workshop_row(app, second).code
    for n, presence in enumerate(("room", "room", "room", "remote", "remote")):
        join_with_group(app, code, f"Nuori {n + 2}", presence, young)
    join_with_group(app, code, "Yrittäjä", "remote", business)
    token = add_member(client, process_id, "Aino Juri")
    with contextlib.closing(FormClient(app)) as phone:
        for workshop_id, presence in ((first.workshop_id, "room"), (second, "remote")):
            joined = phone.post(f"/m/{token}/{workshop_id}", data={"presence": presence})
            assert joined.status_code == 200
    return process_id, [first.workshop_id, second]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_process_report_is_the_sum_of_its_workshops_exports(
    app: Starlette, client: TestClient, language: str
) -> None:
    process_id, workshops = a_process(app, client, language)
    exports = [client.get(f"/facilitator/workshops/{w}/results.json").json() for w in workshops]
    page = client.get(f"/facilitator/processes/{process_id}/report")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    document = client.get(f"/facilitator/processes/{process_id}/report.json").json()

    # The totals are the sums of the workshops' own exports.
    for channel in CHANNELS:
        summed = sum(e["participation"]["by_channel"][channel] for e in exports)
        assert document["participation"]["by_channel"][channel] == summed
    assert document["participation"]["total"] == sum(e["participation"]["total"] for e in exports)
    # Six scripted people, two young and the member; five young, one more and the member.
    assert [e["participation"]["total"] for e in exports] == [9, 7]
    assert [s["people"] for s in document["sessions"]] == [
        e["participation"]["total"] for e in exports
    ]
    # Each workshop's part is its export, figure for figure.
    for embedded, export in zip(document["workshops"], exports, strict=True):
        for key in ("participation", "balance", "agenda", "groups", "plan"):
            assert embedded[key] == export[key], key

    # Every figure on the page is the JSON's, as the language writes numbers.
    found = FIGURE.findall(page.text)
    paths = {path for path, _ in found}
    for channel in CHANNELS:
        assert f"participation.by_channel.{channel}" in paths
        assert f"workshops.0.participation.by_channel.{channel}" in paths
        assert f"workshops.1.balance.{channel}.contributions" in paths
    assert "groups.0.count" in paths and "members.0.attended" in paths
    for path, text in found:
        assert text == format_decimal(at(document, path), locale=language), path

    # Groups formed by answers: shown over all sessions from five people, hidden below.
    young, business = document["groups"]
    assert (young["name"], young["count"], young["shown"], young["target"]) == (
        "Nuoret",
        7,
        True,
        8,
    )
    assert (business["count"], business["shown"]) == (None, False)
    assert [g["shown"] for g in exports[0]["groups"]] == [False, False]  # 2 young there
    assert exports[1]["groups"][0]["count"] == 5
    assert "groups.1.count" not in paths

    # Members: counted once per session they came to.
    assert [(m["name"], m["attended"]) for m in document["members"]] == [("Aino Juri", 2)]
    assert [s["members"] for s in document["sessions"]] == [1, 1]

    # In the process's language, with the workshop report's own parts for each session.
    assert f'<html lang="{language}"' in page.text
    for msgid in ("Process report", "Members' attendance", "Balance of voices"):
        translated = gettext(language, msgid)
        assert translated != msgid and translated in page.text, msgid
    for workshop_id in workshops:
        assert f'id="w{workshop_id}-report-balance"' in page.text


def test_the_process_report_downloads_as_pdf(app: Starlette, client: TestClient) -> None:
    process_id, _ = a_process(app, client, "fi")
    response = client.get(f"/facilitator/processes/{process_id}/report.pdf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 10_000


def test_each_activity_sits_under_its_session_in_the_process_report(
    app: Starlette, client: TestClient
) -> None:
    """The session is an h2, its activities' own sections h3 and their subheadings h4; the
    workshop's own report keeps its activities at h2. Levels never skip one going down."""
    process_id, (first, _) = a_process(app, client, "fi")
    own = client.get(f"/facilitator/workshops/{first}/report").text
    activities = re.findall(r'<h2 id="report-(\d+)"', own)
    assert len(activities) >= 9  # every kind's section, at h2 in the workshop's own report
    page = client.get(f"/facilitator/processes/{process_id}/report").text
    for activity in activities:
        assert f'<h3 id="report-{activity}"' in page, activity
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert 4 in levels  # the kinds' own subheadings, one below their section
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels))
