"""What screen readers hear: each activity says its own news through two templates.

``<kind>/announce.html`` goes into the phone's shared live region (results revealed, time nearly
up), ``<kind>/announce_personal.html`` into the person's own (your turn). Both regions are on
the page from the start and are morphed, so a sentence is read out when it changes, and a
re-sent unchanged region stays silent. The browser walk (tests/support/activity_walks.py) checks the
announcements of every activity in the DOM; this checks the hooks themselves.
"""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import jinja2

from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs

TURNS = {
    "turns/phone.html": "<p>{{ activity_state.speaker }}</p>",
    "turns/phone_personal.html": "",
    "turns/announce.html": "{% if activity_state.nearly_up %} Time is nearly up.{% endif %}",
    "turns/announce_personal.html": "{% if activity_state.turn == me %}Your turn{% endif %}",
}


def _renderer() -> Renderer:
    renderer = Renderer(template_dirs=installed_template_dirs())
    env = renderer.environments["en"]
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader(TURNS)])
    return renderer


def _context(kind: str, state: Any, **extra: Any) -> dict[str, Any]:
    return {
        "workshop": SimpleNamespace(seq=7, closed=False, people={}, results_hidden=False),
        "activity": SimpleNamespace(id=3, title="Round of views", local_title="Round of views"),
        "activity_state": state,
        # A kind as the templates ask it: its name and where its views are.
        "kind": SimpleNamespace(kind=kind, template=lambda view: f"{kind}/{view}.html"),
        "me": 1,
        "oob": True,
        **extra,
    }


def _live(html: str, region: str) -> str:
    match = re.search(
        rf'<p id="{region}" class="visually-hidden" aria-live="polite">(.*?)</p>', html, re.S
    )
    assert match, f"no live region #{region}"
    return " ".join(match.group(1).split())


def test_your_turn_is_said_only_to_the_person_whose_turn_it_is() -> None:
    renderer = _renderer()
    waiting = renderer.render(
        "en", "_phone_personal.html", _context("turns", SimpleNamespace(turn=2))
    )
    assert _live(waiting, "phone-personal-announce") == ""
    mine = renderer.render("en", "_phone_personal.html", _context("turns", SimpleNamespace(turn=1)))
    assert _live(mine, "phone-personal-announce") == "Your turn"


def test_time_nearly_up_is_said_once_to_everyone() -> None:
    renderer = _renderer()
    state = SimpleNamespace(speaker="Aino", nearly_up=False)
    before = renderer.render("en", "_phone_activity.html", _context("turns", state))
    assert _live(before, "phone-announce") == "Now: Round of views"
    state = SimpleNamespace(speaker="Aino", nearly_up=True)
    after = renderer.render("en", "_phone_activity.html", _context("turns", state))
    assert _live(after, "phone-announce") == "Now: Round of views Time is nearly up."


def test_the_dot_vote_announces_revealed_results_and_the_lock() -> None:
    renderer = Renderer(template_dirs=installed_template_dirs())
    shown = {"workshop": SimpleNamespace(results_hidden=False)}
    for revealed, locked, said in (
        (False, False, ""),
        (True, False, "The results are shown."),
        (True, True, "The results are shown. Voting is locked."),
    ):
        state = SimpleNamespace(revealed=revealed, locked=locked)
        text = renderer.render("en", "dot_vote/announce.html", {"activity_state": state, **shown})
        assert " ".join(text.split()) == said
    state = SimpleNamespace(revealed=True, locked=True)
    swedish = renderer.render("sv", "dot_vote/announce.html", {"activity_state": state, **shown})
    assert " ".join(swedish.split()) == "Resultaten visas. Röstningen är låst."


def test_the_round_robin_says_your_turn_and_you_are_next_to_that_person_only() -> None:
    renderer = Renderer(template_dirs=installed_template_dirs())
    for language, current, upcoming, said in (
        ("en", 1, 2, "It is your turn to speak."),
        ("en", 2, 1, "You are next."),
        ("en", 2, 3, ""),
        ("sv", 1, 2, "Det är din tur att tala."),
    ):
        state = SimpleNamespace(current=current, next=upcoming, open=True)
        context = {"activity_state": state, "me": 1}
        text = renderer.render(language, "round_robin/announce_personal.html", context)
        assert " ".join(text.split()) == said
