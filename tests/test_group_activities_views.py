"""What people see of a breakout or an interview in states the sockets cannot reach yet in
this branch (someone who left), rendered by the real views and templates.

People leaving arrive through ``on_people_changed`` (the service calls it on a join or a
leave); here the state is folded from those very events and rendered as the hub would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from facilitator.views import ConsoleViews
from participant.views import PhoneViews, ScreenViews
from piiri.activities import activity_kind
from piiri.activities.breakout.model import GroupsFormed, NoteAdded
from piiri.activities.interview.model import DEFAULT_GUIDE, Captured, PairsFormed
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import Context, Person
from piiri.web.rendering import Renderer
from piiri.web.surfaces import installed_template_dirs
from tests.support.live import text_of

RENDERER = Renderer(template_dirs=installed_template_dirs())
AINO, BERTTA, CELIA = 1, 2, 3
PEOPLE = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
}


def workshop(
    kind: str, events: list[Any], people: dict[int, Person], **config: str
) -> WorkshopState:
    activity = activity_kind(kind)
    stored = activity.parse_config({**activity.default_config(), **config})
    state = activity.initial(stored)
    for event in events:
        state = activity.evolve(state, event)
    context = Context(
        now=datetime(2026, 3, 2, tzinfo=UTC), new_id="x", people=people, is_current=True
    )
    for event in activity.on_people_changed(state, context):
        state = activity.evolve(state, event)
    return WorkshopState(
        id=1,
        title="Library futures",
        language="en",
        code="123456",
        seq=9,
        current_activity_id=5,
        activities=(ActivityInfo(5, kind, "Activity", 0, stored),),
        people=people,
        activity_states={5: state},
    )


def phone(state: WorkshopState, participant_id: int, language: str = "en") -> str:
    return text_of(PhoneViews(RENDERER).personal(state, language, participant_id))


def test_an_interviewee_whose_partner_left_is_told_and_keeps_what_was_captured() -> None:
    events = [
        PairsFormed([{"id": "p1", "number": 1, "members": [AINO, BERTTA]}], "unlikely"),
        Captured("c1", "p1", AINO, BERTTA, 0, "quote", "We kept the doors open"),
    ]
    left = {AINO: replace(PEOPLE[AINO], present=False), BERTTA: PEOPLE[BERTTA]}
    state = workshop("interview", events, left)
    seen = phone(state, BERTTA)
    assert "Your partner has left" in seen
    assert "What your pair captured is kept." in seen
    assert "“We kept the doors open”" in seen
    console = text_of(ConsoleViews(RENDERER).shared(state, "en", "http://x"))
    assert "Aino (interviewer) · has left" not in console
    assert "has left" in console and "Partner has left: move someone into this pair." in console
    # A latecomer is paired with the one left alone; what was captured stays with the pair.
    state = workshop("interview", events, {**left, CELIA: PEOPLE[CELIA]})
    seen = phone(state, BERTTA)
    assert "You interview Celia" in seen and "“We kept the doors open”" in seen


def test_the_default_guide_on_the_phone_is_the_one_in_the_code_and_is_translated() -> None:
    events = [PairsFormed([{"id": "p1", "number": 1, "members": [AINO, BERTTA]}], "random")]
    state = workshop("interview", events, PEOPLE)
    interview = state.activity_states[5]
    for step in interview.steps:
        phase, question = DEFAULT_GUIDE[step.phase_number - 1][0], step.question.text
        assert (
            RENDERER.render_macro("en", "interview/_guide.html", "question", s=interview, step=step)
            == question
        )
        assert (
            RENDERER.render_macro(
                "en", "interview/_guide.html", "phase_name", s=interview, step=step
            )
            == phase
        )
        finnish = RENDERER.render_macro(
            "fi", "interview/_guide.html", "question", s=interview, step=step
        )
        assert finnish and finnish != question
    assert "Löydä" in phone(state, AINO, "fi")


def test_a_guide_of_the_facilitators_own_is_shown_as_written_and_escaped() -> None:
    events = [PairsFormed([{"id": "p1", "number": 1, "members": [AINO, BERTTA]}], "random")]
    state = workshop(
        "interview", events, PEOPLE, guide="# 100% <b>Now</b>\nWhat is 50% of <i>it</i>?"
    )
    html = PhoneViews(RENDERER).personal(state, "fi", BERTTA)
    assert "What is 50% of &lt;i&gt;it&lt;/i&gt;?" in html
    assert "100% &lt;b&gt;Now&lt;/b&gt;" in html


def test_breakout_shows_an_empty_group_and_who_has_left() -> None:
    events = [
        GroupsFormed(
            [
                {"id": "g1", "number": 1, "prompts": [], "members": [AINO, BERTTA]},
                {"id": "g2", "number": 2, "prompts": [], "members": []},
            ],
            "mix",
        ),
        NoteAdded("g1", "n1", "Open until midnight", AINO),
    ]
    left = {**PEOPLE, AINO: replace(PEOPLE[AINO], present=False)}
    state = workshop("breakout", events, {k: v for k, v in left.items() if k != CELIA})
    console = text_of(ConsoleViews(RENDERER).shared(state, "en", "http://x"))
    assert "No one is in this group." in console
    assert "Aino · in the room · has left" in console
    seen = phone(state, BERTTA)
    assert "Aino · in the room · has left" in seen and "Open until midnight" in seen
    screen = text_of(ScreenViews(RENDERER).shared(state, "en", "http://x"))
    assert "Open until midnight" not in screen  # not before the recall


def test_config_forms_render_their_defaults_and_those_defaults_are_valid() -> None:
    for kind in ("breakout", "interview"):
        activity = activity_kind(kind)
        defaults = {k: str(v) for k, v in activity.default_config().items()}
        html = RENDERER.render(
            "en", f"{kind}/config_form.html", {"form": defaults, "kind": activity}
        )
        for name in defaults:
            assert f'name="{name}"' in html, (kind, name)
        activity.parse_config(defaults)
