"""The room screen tells the room what to do now, in every kind's own words: take part on the
phone, wait (input paused by the facilitator, the vote not open yet), or look at the results.

Rendered by the app's own renderer and templates from the kinds' own runs (no server): the
line is the screen's `screen-now` paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from participant.views import screen_context
from piiri.domain.events import InputLocked, LogEvent, ResultsHiddenFromAll
from piiri.domain.plan import preview
from piiri.web.rendering import Renderer
from tests.support.live import text_of
from tests.support.screen_states import (
    BASE_URL,
    ScreenState,
    kind_states,
    page_request,
    sample_states,
)

PARTICIPANT_TEMPLATES = Path(__file__).resolve().parent.parent / "participant" / "templates"
HINT = re.compile(r'<p class="screen-hint">(.*?)</p>', re.DOTALL)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(template_dirs=[PARTICIPANT_TEMPLATES])


def stage(kind: str, last: str, sample: bool = False) -> ScreenState:
    """The kind's sample or largest run cut after the first event of type ``last`` ("start":
    before any)."""
    states = sample_states() if sample else kind_states(kind)
    head = f"{kind} sample after " if sample else f"{kind} after "
    return next(s for s in states if s.name.startswith(head) and s.name.endswith(f"({last})"))


def now(renderer: Renderer, screen: ScreenState, *later: LogEvent) -> tuple[str, str]:
    """The screen's line of what to do now, and whether it is marked as locked."""
    state = preview(screen.state, list(later)) if later else screen.state
    context = {
        **screen_context(state, BASE_URL),
        "screen_token": "t",
        "oob": False,
        "request": page_request(),
    }
    html = renderer.render("en", "screen.html", context)
    found = re.search(r'<p class="(screen-now[^"]*)">(.*?)</p>', html, re.DOTALL)
    assert found, "the screen says nothing of what to do now"
    return text_of(found.group(2)), "locked" if "is-locked" in found.group(1) else ""


def hint(renderer: Renderer, screen: ScreenState, *later: LogEvent) -> str:
    state = preview(screen.state, list(later))
    context = {
        **screen_context(state, BASE_URL),
        "screen_token": "t",
        "oob": False,
        "request": page_request(),
    }
    found = HINT.search(renderer.render("en", "screen.html", context))
    return text_of(found.group(1)) if found else ""


def test_the_hearing_asks_for_questions_until_input_is_paused(renderer: Renderer) -> None:
    start = stage("questions", "start", sample=True)
    assert now(renderer, start) == ("Ask and upvote questions on your phone.", "")
    assert now(renderer, start, InputLocked()) == ("Asking and upvoting are paused.", "locked")
    shown = stage("questions", "QuestionShown", sample=True)
    assert now(renderer, shown)[0] == "Ask and upvote questions on your phone."


def test_the_idea_wall_asks_for_ideas_then_shows_the_top_ones(renderer: Renderer) -> None:
    start = stage("idea_wall", "start", sample=True)
    assert now(renderer, start) == ("Post and like ideas on your phone.", "")
    assert now(renderer, start, InputLocked()) == ("Posting and liking are paused.", "locked")
    top = stage("idea_wall", "WallViewChanged", sample=True)
    assert now(renderer, top) == ("The top ideas", "")
    # With results hidden from the room the wall stays, without its ranking.
    assert now(renderer, top, ResultsHiddenFromAll())[0] == "Post and like ideas on your phone."


def test_gradients_ask_for_a_level_then_show_the_results(renderer: Renderer) -> None:
    start = stage("gradients", "start", sample=True)
    assert now(renderer, start) == ("Choose your level on your phone: 0 answered.", "")
    answered = stage("gradients", "GradientsShown", sample=True)
    assert now(renderer, answered) == ("Results", "")
    taken = stage("gradients", "StanceTaken", sample=True)
    assert now(renderer, taken, InputLocked()) == ("Answering is paused: 120 answered.", "locked")
    hidden = ResultsHiddenFromAll()
    assert now(renderer, answered, hidden)[0].startswith("Choose your level on your phone:")
    assert hint(renderer, answered, hidden) == "The facilitator has hidden the results for now."


def test_the_budget_says_when_to_vote_and_when_it_is_counted(renderer: Renderer) -> None:
    assert now(renderer, stage("participatory_budget", "start")) == ("The vote opens soon.", "")
    opened = stage("participatory_budget", "VoteOpened")
    assert now(renderer, opened) == ("Vote on your phone.", "")
    assert now(renderer, opened, InputLocked()) == ("Voting is locked.", "locked")
    closed = stage("participatory_budget", "VoteClosed")
    line, _ = now(renderer, closed)
    assert line.startswith("The vote has closed:") and line.endswith("ballots.")
    revealed = stage("participatory_budget", "OutcomeRevealed")
    assert now(renderer, revealed)[0].endswith("funded")
    hidden = ResultsHiddenFromAll()
    assert now(renderer, revealed, hidden)[0].startswith("The vote has closed:")
    assert hint(renderer, revealed, hidden) == "The facilitator has hidden the results for now."
