"""Gradients of agreement, decided and folded without I/O: stances per version, a reason
required at 7-8 (unless optional), results hidden until shown, counts equal to who answered."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities.gradients.kind import GradientsKind
from piiri.activities.gradients.model import Gradients
from piiri.domain.vocabulary import Actor, Context, DomainError, Person
from tests.support.kind_views import views, workshop

KIND = GradientsKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
PEOPLE: Mapping[int, Person] = {
    1: Person(1, "Aino", in_room=True, by_proxy=False),
    2: Person(2, "Bertta", in_room=False, by_proxy=False),
    3: Person(3, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=1)
AINO, BERTTA = Actor("participant", participant_id=1), Actor("participant", participant_id=2)


def context(current: bool = True) -> Context:
    return Context(now=NOW, new_id="x", people=PEOPLE, is_current=current)


def proposal(**config: str) -> Gradients:
    return KIND.initial(KIND.parse_config({"proposal": "Keep the branch open.", **config}))


def send(state: Gradients, actor: Actor, command: str, /, **values: Any) -> Gradients:
    for event in KIND.decide(state, KIND.parse_command(command, values, actor), context()):
        state = KIND.evolve(state, event)
    return state


def refused(state: Gradients, actor: Actor, command: str, message: str, /, **values: Any) -> None:
    with pytest.raises(DomainError) as error:
        KIND.decide(state, KIND.parse_command(command, values, actor), context())
    assert str(error.value) == message


def test_a_reason_is_required_at_7_and_8_unless_made_optional() -> None:
    state = proposal()
    for level in ("7", "8"):
        refused(state, AINO, "take_stance", "Say why: a reason is needed at 7 and 8.", level=level)
    state = send(state, AINO, "take_stance", level="8", reason="It costs too much")
    mine = state.mine(1)
    assert mine is not None and mine.reason == "It costs too much"
    assert send(proposal(), AINO, "take_stance", level="6").mine(1) is not None
    optional = send(proposal(reasons_optional="on"), AINO, "take_stance", level="8")
    assert optional.distribution(1)[7] == 1


def test_bad_stances_are_refused() -> None:
    state = proposal()
    for level in ("0", "9", "x", ""):
        with pytest.raises(DomainError) as error:
            KIND.parse_command("take_stance", {"level": level}, AINO)
        assert str(error.value) == "Choose a level from 1 to 8."
    refused(
        state,
        AINO,
        "take_stance",
        "A reason can be at most 300 characters long.",
        level="2",
        reason="x" * 301,
    )
    refused(
        state,
        FACILITATOR,
        "take_stance",
        "That person has a phone of their own; they take part from it themselves.",
        level="1",
        **{"for": "1"},
    )
    refused(state, AINO, "new_version", "Only the facilitator can do that.", text="x")
    with pytest.raises(DomainError) as stopped:
        KIND.decide(state, KIND.parse_command("take_stance", {"level": "1"}, AINO), context(False))
    assert str(stopped.value) == "This activity is not running right now."


def test_stance_counts_equal_the_number_of_people_who_answered() -> None:
    state = proposal()
    state = send(state, AINO, "take_stance", level="1")
    state = send(state, AINO, "take_stance", level="3")  # changed, not counted twice
    state = send(state, BERTTA, "take_stance", level="5", reason="Costs?")
    state = send(state, FACILITATOR, "take_stance", level="3", **{"for": "3"})
    assert state.distribution(1) == [0, 0, 2, 0, 1, 0, 0, 0]
    assert sum(state.distribution(1)) == len(state.on(1)) == 3
    export = KIND.export(state, PEOPLE)
    assert export.data["versions"][0]["answered"] == 3
    assert sum(int(row[2]) for row in export.tables[0].rows) == 3


def test_results_stay_hidden_until_shown_and_a_new_version_starts_a_new_round() -> None:
    state = send(proposal(), BERTTA, "take_stance", level="7", reason="Too costly")
    seen = views(workshop(KIND, {}, state), "en")
    assert "Too costly" not in seen["screen"] and "Too costly" not in seen["phone"]
    state = send(state, FACILITATOR, "reveal")
    seen = views(workshop(KIND, {}, state), "en")
    assert "minority" in seen["screen"] and "Too costly" in seen["screen"]
    assert "Bertta" not in seen["screen"]
    refused(
        state,
        FACILITATOR,
        "new_version",
        "The new version is the same as the current one.",
        text="Keep the branch open.",
    )
    state = send(state, FACILITATOR, "new_version", text="Keep the branch open; review in 2028.")
    assert (state.version, state.revealed, state.mine(2)) == (2, False, None)
    state = send(state, BERTTA, "take_stance", level="2")
    assert state.distribution(1)[6] == 1 and state.distribution(2)[1] == 1
    report = views(workshop(KIND, {}, state), "en")["report"]
    assert "How the stances moved from version to version" in report and "Version 2" in report
    shown_at_once = proposal(shown_at_once="on")
    assert shown_at_once.shown


def test_withdrawing_a_person_takes_their_stances_off_every_version() -> None:
    state = send(proposal(), AINO, "take_stance", level="1")
    state = send(state, FACILITATOR, "new_version", text="Second")
    state = send(state, AINO, "take_stance", level="2")
    for event in KIND.withdraw(state, PEOPLE[1]):
        state = KIND.evolve(state, event)
    assert len(state.on(1)) == len(state.on(2)) == 0


def test_a_person_takes_back_their_stance_and_the_counts_follow() -> None:
    state = send(proposal(), AINO, "take_stance", level="3")
    state = send(state, BERTTA, "take_stance", level="1")
    state = send(state, AINO, "withdraw_stance")
    assert state.mine(1) is None and state.distribution(1) == [1, 0, 0, 0, 0, 0, 0, 0]
    assert len(state.on(1)) == 1  # the count equals the people who have a stance
    refused(state, AINO, "withdraw_stance", "There is no stance on this version to take back.")
    seen = views(workshop(KIND, {}, state), "en")
    assert "gradient-withdraw" not in seen["phone_personal 1"]
    assert 'id="gradient-withdraw"' in seen["phone_personal 2"]
    # A stance on an earlier version stays with it: only the current one can be taken back.
    state = send(state, FACILITATOR, "new_version", text="Open on Saturdays, with volunteers.")
    refused(state, BERTTA, "withdraw_stance", "There is no stance on this version to take back.")
    assert state.distribution(1) == [1, 0, 0, 0, 0, 0, 0, 0]


def test_the_facilitator_takes_back_a_stance_only_for_a_person_without_a_phone() -> None:
    state = send(proposal(), FACILITATOR, "take_stance", level="5", **{"for": "3"})
    refused(
        state,
        FACILITATOR,
        "withdraw_stance",
        "That person has a phone of their own; they take part from it themselves.",
        **{"for": "1"},
    )
    state = send(state, FACILITATOR, "withdraw_stance", **{"for": "3"})
    assert state.on(1) == {}
    off = KIND.parse_command("withdraw_stance", {}, AINO)
    with pytest.raises(DomainError) as error:
        KIND.decide(send(proposal(), AINO, "take_stance", level="1"), off, context(False))
    assert str(error.value) == "This activity is not running right now."
