"""The appreciative interview as a pure state machine: given events, when a command, then events.

Commands are built with ``parse_command`` from the values a socket would carry; every event goes
through JSON on its way into the state, as it does through the log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.activities.interview.kind import InterviewKind
from piiri.activities.interview.model import (
    DEFAULT_GUIDE,
    MAX_CAPTURE_LENGTH,
    BoardShown,
    Captured,
    CaptureRemoved,
    CaptureThemed,
    Event,
    HarvestStarted,
    Interview,
    InterviewsResumed,
    PairsFormed,
    PersonPaired,
    QuestionShown,
    RolesSwapped,
    SwapTimerSet,
    ThemeAdded,
)
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

KIND = InterviewKind()
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
AINO, BERTTA, CELIA, DANIEL, EERO, FANNI = 1, 2, 3, 4, 5, 6
PEKKA = 9
PEOPLE: dict[int, Person] = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
    DANIEL: Person(DANIEL, "Daniel", in_room=False, by_proxy=False),
    EERO: Person(EERO, "Eero", in_room=True, by_proxy=False),
}
FACILITATOR = Actor("facilitator", facilitator_id=7)
# Aino interviews Bertta; Celia interviews Daniel with Eero listening (a trio).
PAIRED = PairsFormed(
    pairs=[
        {"id": "p1", "number": 1, "members": [AINO, BERTTA]},
        {"id": "p2", "number": 2, "members": [CELIA, DANIEL, EERO]},
    ],
    pairing="unlikely",
)


def for_(person: object, **more: str) -> dict[str, Any]:
    """The values of a command the facilitator sends for someone (``for`` is a keyword)."""
    return {"for": str(person), **more}


def phone(participant_id: int) -> Actor:
    return Actor("participant", participant_id=participant_id)


def given(*events: Event, **values: Any) -> Interview:
    state = KIND.initial(KIND.parse_config(values))
    for event in events:
        name, data = KIND.encode_event(event)
        state = KIND.evolve(state, KIND.decode_event(name, json.loads(json.dumps(data))))
    return state


def paired(*events: Event, **values: Any) -> Interview:
    return given(PAIRED, *events, **values)


def ctx(people: Mapping[int, Person] = PEOPLE, new_id: str = "c1", now: datetime = NOW) -> Context:
    return Context(now=now, new_id=new_id, people=people, is_current=True)


def when(
    state: Interview,
    name: str,
    actor: Actor = FACILITATOR,
    /,
    *,
    context: Context | None = None,
    **v: Any,
) -> list[Event]:
    return KIND.decide(state, KIND.parse_command(name, v, actor), context or ctx())


def refused(
    state: Interview,
    name: str,
    actor: Actor = FACILITATOR,
    /,
    *,
    context: Context | None = None,
    **v: Any,
) -> str:
    with pytest.raises(DomainError) as raised:
        when(state, name, actor, context=context, **v)
    return raised.value.message


# -- the guide ---------------------------------------------------------------------------------


def test_the_default_guide_is_the_four_ds_with_questions() -> None:
    state = given()
    assert [p.name.text for p in state.phases] == ["Discover", "Dream", "Design", "Destiny"]
    assert state.default_guide
    assert len(state.steps) == sum(len(q) for _, q in DEFAULT_GUIDE)


def test_a_guide_of_its_own_is_written_as_phases_and_questions() -> None:
    state = given(guide="# Before\nWhat went well?\nWhy?\n# After\nWhat now?")
    assert [(p.name.text, tuple(q.text for q in p.questions)) for p in state.phases] == [
        ("Before", ("What went well?", "Why?")),
        ("After", ("What now?",)),
    ]
    assert not state.default_guide
    with pytest.raises(DomainError) as raised:
        KIND.parse_config({"guide": "# Empty\n# Full\nA question?"})
    assert raised.value.message == "Every phase needs at least one question under it."
    with pytest.raises(DomainError):
        KIND.parse_config({"pairing": "alphabetical"})
    with pytest.raises(DomainError):
        KIND.parse_config({"minutes_per_role": "0"})


# -- pairs -------------------------------------------------------------------------------------


def test_unlikely_pairs_put_in_room_people_with_remote_ones_and_odd_makes_a_trio() -> None:
    (event,) = when(given(pairing="unlikely"), "form_pairs", seed="5")
    assert isinstance(event, PairsFormed)
    sizes = sorted(len(p["members"]) for p in event.pairs)
    assert sizes == [2, 3]
    for pair in event.pairs:
        assert {PEOPLE[m].in_room for m in pair["members"]} == {True, False}


def test_random_pairs_are_repeatable_by_seed() -> None:
    state = given(pairing="random")
    assert when(state, "form_pairs", seed="x") == when(state, "form_pairs", seed="x")
    everyone = [m for p in when(state, "form_pairs", seed="x")[0].pairs for m in p["members"]]  # type: ignore[union-attr]
    assert sorted(everyone) == sorted(PEOPLE)


def test_pairs_need_two_people_and_are_not_formed_again_after_captures() -> None:
    alone = {AINO: PEOPLE[AINO]}
    assert (
        refused(given(), "form_pairs", context=ctx(alone))
        == "An interview needs at least two people."
    )
    state = paired(Captured("c0", "p1", AINO, BERTTA, 0, "quote", "We did it", False))
    assert refused(state, "form_pairs") == (
        "Interviews have started; move people instead of pairing again."
    )


def test_roles_rotate_with_each_swap_through_a_trio() -> None:
    state = paired()
    pair = state.pair("p2")
    assert pair is not None
    roles = state.roles(pair)
    assert (roles.interviewer, roles.interviewee, roles.listeners) == (CELIA, DANIEL, (EERO,))
    state = KIND.evolve(state, RolesSwapped(["p2"], False, None))
    pair = state.pair("p2")
    assert pair is not None
    assert (state.roles(pair).interviewer, state.roles(pair).interviewee) == (DANIEL, EERO)


# -- walking through the questions -------------------------------------------------------------


def test_the_interviewer_moves_through_the_questions_and_not_past_the_ends() -> None:
    state = paired()
    assert when(state, "next_question", phone(AINO)) == [QuestionShown("p1", 1)]
    assert when(state, "previous_question", phone(AINO)) == []
    assert refused(state, "next_question", phone(BERTTA)) == (
        "The interviewer moves through the questions."
    )
    last = KIND.evolve(state, QuestionShown("p1", len(state.steps) - 1))
    assert when(last, "next_question", phone(AINO)) == []
    assert when(state, "next_question", pair="p2") == [QuestionShown("p2", 1)]


def test_a_capture_records_the_question_and_who_it_is_about() -> None:
    state = paired(QuestionShown("p1", 2))
    events = when(
        state, "capture", phone(AINO), context=ctx(new_id="q"), kind="quote", text=" We  grew "
    )
    assert events == [Captured("q", "p1", AINO, BERTTA, 2, "quote", "We grew", False)]
    assert state.step(2).phase.name.text == "Dream"


def test_bad_captures_are_refused() -> None:
    state = paired()
    assert refused(state, "capture", phone(AINO), text=" ") == "Write what you want to keep first."
    long = "x" * (MAX_CAPTURE_LENGTH + 1)
    assert refused(state, "capture", phone(AINO), text=long) == (
        "A note can be at most {limit} characters long."
    )
    assert refused(state, "capture", phone(AINO), text="hi", pair="p2") == (
        "You can only change what your own pair captured."
    )
    assert refused(state, "capture", phone(AINO), text="hi", kind="poem") == (
        "That message was not understood."
    )
    assert refused(given(), "capture", phone(AINO), text="hi") == "You are not in a pair yet."
    assert refused(state, "capture", text="hi") == "Choose the pair you are writing for."


def test_the_facilitator_captures_for_a_pair_with_someone_without_a_phone() -> None:
    state = paired()
    events = when(state, "capture", context=ctx(new_id="f"), pair="p1", text="Scribed", **for_("9"))
    assert events == [Captured("f", "p1", None, BERTTA, 0, "highlight", "Scribed", True)]


def test_a_capture_is_removed_by_its_pair_only() -> None:
    state = paired(Captured("c0", "p1", AINO, BERTTA, 0, "quote", "We did it", False))
    assert refused(state, "remove_capture", phone(CELIA), capture="c0") == (
        "You can only change what your own pair captured."
    )
    assert when(state, "remove_capture", phone(BERTTA), capture="c0") == [CaptureRemoved("c0")]
    removed = KIND.evolve(state, CaptureRemoved("c0"))
    assert removed.live_captures == ()
    assert KIND.export(removed, PEOPLE).data["captures"][0]["removed"] is True


# -- swapping, by hand and by the timer --------------------------------------------------------


def test_a_pair_member_swaps_their_own_pair_and_the_facilitator_swaps_everyone() -> None:
    state = paired(QuestionShown("p1", 3))
    assert when(state, "swap_roles", phone(BERTTA)) == [RolesSwapped(["p1"], False, None)]
    assert when(state, "swap_roles") == [RolesSwapped(["p1", "p2"], True, None)]
    after = KIND.evolve(state, RolesSwapped(["p1"], False, None))
    pair = after.pair("p1")
    assert pair is not None and pair.step == 0 and after.roles(pair).interviewer == BERTTA


def test_the_timer_swaps_roles_once_per_deadline_and_runs_on_for_a_trio() -> None:
    state = paired(minutes_per_role="10")
    (event,) = when(state, "start_timer")
    at = NOW + timedelta(minutes=10)
    assert event == SwapTimerSet(at.isoformat())
    state = KIND.evolve(state, event)
    assert KIND.deadline(state) == at
    assert KIND.on_deadline(state, ctx(now=at - timedelta(seconds=1))) == []
    late = at + timedelta(seconds=3)
    events = KIND.on_deadline(state, ctx(now=late))
    # A trio needs two swaps for everyone to have been interviewed: the timer runs again.
    assert events == [RolesSwapped(["p1", "p2"], True, (late + timedelta(minutes=10)).isoformat())]
    state = KIND.evolve(state, events[0])
    assert KIND.on_deadline(state, ctx(now=late)) == []  # a second caller finds nothing to do
    final = KIND.on_deadline(state, ctx(now=late + timedelta(minutes=11)))
    assert final == [RolesSwapped(["p1", "p2"], True, None)]
    state = KIND.evolve(state, final[0])
    assert KIND.deadline(state) is None
    assert KIND.on_deadline(state, ctx(now=late + timedelta(hours=1))) == []


def test_stopping_the_timer_and_the_harvest_stop_automatic_swaps() -> None:
    state = paired(SwapTimerSet(NOW.isoformat()))
    assert when(state, "stop_timer") == [SwapTimerSet(None)]
    assert when(state, "harvest") == [SwapTimerSet(None), HarvestStarted()]
    assert refused(given(), "start_timer") == "Form the pairs first."
    with pytest.raises(DomainError) as raised:
        when(state, "start_timer", minutes="soon")
    assert raised.value.message == "Minutes must be a whole number from {low} to {high}."
    assert raised.value.params == {"low": 1, "high": 120}


# -- leaving and joining -----------------------------------------------------------------------


def test_a_partner_who_leaves_mid_interview_leaves_the_other_alone_and_keeps_captures() -> None:
    state = paired(Captured("c0", "p1", AINO, BERTTA, 0, "quote", "We did it", False))
    people = {**PEOPLE, AINO: replace(PEOPLE[AINO], present=False)}
    assert KIND.on_people_changed(state, ctx(people)) == [MemberLeft(AINO)]
    state = KIND.evolve(state, MemberLeft(AINO))
    pair = state.pair("p1")
    assert pair is not None
    roles = state.roles(pair)
    assert roles.alone and roles.interviewer == BERTTA
    assert [c.text for c in state.captures_of("p1")] == ["We did it"]
    assert KIND.on_people_changed(state, ctx()) == [MemberReturned(AINO)]


def test_in_a_trio_the_roles_pass_to_those_still_here() -> None:
    state = paired(MemberLeft(CELIA))
    pair = state.pair("p2")
    assert pair is not None
    roles = state.roles(pair)
    assert not roles.alone and {roles.interviewer, roles.interviewee} == {DANIEL, EERO}


def test_a_latecomer_joins_the_pair_with_fewest_people_here() -> None:
    state = paired(MemberLeft(AINO))
    people = {
        **PEOPLE,
        AINO: replace(PEOPLE[AINO], present=False),
        FANNI: Person(FANNI, "Fanni", in_room=False, by_proxy=False),
    }
    assert KIND.on_people_changed(state, ctx(people)) == [PersonPaired(FANNI, "p1")]
    state = KIND.evolve(paired(), PersonPaired(FANNI, "p1"))
    pair = state.pair("p1")
    assert pair is not None and state.members(pair) == (AINO, BERTTA, FANNI)
    assert KIND.on_people_changed(given(), ctx(people)) == []


def test_the_facilitator_moves_a_person_into_another_pair() -> None:
    state = paired()
    assert when(state, "move_person", pair="p1", **for_(str(EERO))) == [PersonPaired(EERO, "p1")]
    assert refused(state, "move_person", pair="p7", **for_(str(EERO))) == (
        "That pair is not in this activity."
    )


# -- the harvest -------------------------------------------------------------------------------


def test_the_harvest_groups_captures_into_themes_and_shows_them_on_the_board() -> None:
    state = paired(Captured("c0", "p1", AINO, BERTTA, 0, "highlight", "Trust", False))
    state = KIND.evolve(state, HarvestStarted())
    assert refused(state, "capture", phone(AINO), text="late") == (
        "The interviews are over; the facilitator is harvesting."
    )
    assert when(state, "add_theme", name=" Trust  and care ") == [
        ThemeAdded("t1", LocalText("Trust and care"))
    ]
    state = KIND.evolve(state, ThemeAdded("t1", LocalText("Trust and care")))
    assert refused(state, "add_theme", name="trust AND care") == "“{name}” is already a theme."
    assert refused(state, "add_theme", name=" ") == "A theme needs a name."
    assert when(state, "theme_capture", capture="c0", theme="t1") == [CaptureThemed("c0", "t1")]
    assert refused(state, "theme_capture", capture="c0", theme="t9") == "That theme is not here."
    state = KIND.evolve(state, CaptureThemed("c0", "t1"))
    assert when(state, "show_board") == [BoardShown(True)]
    state = KIND.evolve(state, BoardShown(True))
    assert when(state, "show_board") == []
    assert when(state, "resume") == [InterviewsResumed()]
    report = KIND.export(state, PEOPLE).data
    assert report["themes"] == [{"theme": "Trust and care", "captures": ["c0"]}]
    (capture,) = report["captures"]
    assert capture["phase"] == "Discover" and capture["about"]["name"] == "Bertta"
    json.dumps(report)


def test_going_back_to_a_finished_interview_keeps_everything() -> None:
    state = paired(
        Captured("c0", "p1", AINO, BERTTA, 0, "quote", "We did it", False), HarvestStarted()
    )
    assert KIND.export(state, PEOPLE).data["captures"][0]["text"] == "We did it"
    with pytest.raises(DomainError) as raised:
        KIND.decide(
            state, KIND.parse_command("harvest", {}, FACILITATOR), replace(ctx(), is_current=False)
        )
    assert raised.value.message == "This activity is not running right now."


def test_personal_key_tells_interviewer_and_interviewee_apart() -> None:
    state = paired()
    assert KIND.personal_key(state, AINO) != KIND.personal_key(state, BERTTA)
    after = KIND.evolve(state, QuestionShown("p1", 1))
    assert KIND.personal_key(after, BERTTA) != KIND.personal_key(state, BERTTA)
    assert KIND.personal_key(after, CELIA) == KIND.personal_key(state, CELIA)
