"""Dot-voting as a pure state machine: given events, when a command is decided, then events.

No fixtures, no database: the state is folded from events with ``evolve``, starting at
``initial(config)``, exactly as the workshop service does it.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from piiri.activities.dot_vote.kind import DotVoteKind
from piiri.activities.dot_vote.model import (
    MAX_DOTS,
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    AddOption,
    CastDot,
    Command,
    DotCast,
    DotRemoved,
    DotVote,
    Event,
    Hide,
    Lock,
    OptionAdded,
    RemoveDot,
    ResultsHidden,
    ResultsRevealed,
    Reveal,
    Unlock,
    VotingLocked,
    VotingUnlocked,
)
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

KIND = DotVoteKind()
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

AINO, BERTTA, CELIA, DANIEL, EERO = 1, 2, 3, 4, 5
PEKKA = 9  # in the room without a phone: the facilitator votes for him
PEOPLE: Mapping[int, Person] = {
    AINO: Person(AINO, "Aino", in_room=True, by_proxy=False),
    BERTTA: Person(BERTTA, "Bertta", in_room=False, by_proxy=False),
    CELIA: Person(CELIA, "Celia", in_room=True, by_proxy=False),
    DANIEL: Person(DANIEL, "Daniel", in_room=False, by_proxy=False),
    EERO: Person(EERO, "Eero", in_room=True, by_proxy=False),
    PEKKA: Person(PEKKA, "Pekka", in_room=True, by_proxy=True),
}
FACILITATOR = Actor("facilitator", facilitator_id=7)


def config(options: int = 3, **values: Any) -> dict[str, Any]:
    """A configuration as the facilitator's form would give it: one option per line."""
    lines = "\n".join(f"Idea {n}" for n in range(1, options + 1))
    return KIND.parse_config({"options": lines, **values})


def given(*events: Event, options: int = 3, **values: Any) -> DotVote:
    state = KIND.initial(config(options, **values))
    for event in events:
        state = KIND.evolve(state, event)
    return state


def context(*, is_current: bool = True, new_id: str = "n1") -> Context:
    return Context(now=NOW, new_id=new_id, people=PEOPLE, is_current=is_current)


def when(state: DotVote, command: Command, *, is_current: bool = True) -> list[Event]:
    return KIND.decide(state, command, context(is_current=is_current))


def refused(state: DotVote, command: Command, *, is_current: bool = True) -> DomainError:
    with pytest.raises(DomainError) as raised:
        KIND.decide(state, command, context(is_current=is_current))
    return raised.value


def participant(participant_id: int) -> Actor:
    return Actor("participant", participant_id=participant_id)


# -- the budget --------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "budget"), [(2, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3)])
def test_default_budget_is_a_third_of_the_options_rounded_up(options: int, budget: int) -> None:
    state = given(options=options)

    assert state.budget == budget


def test_configured_budget_replaces_the_default() -> None:
    state = given(options=3, dots_per_person="5")

    assert state.budget == 5


def test_casting_within_the_budget_is_accepted() -> None:
    state = given(DotCast(AINO, "o1"), options=4)

    assert when(state, CastDot(AINO, "o2")) == [DotCast(AINO, "o2")]


def test_a_dot_beyond_the_budget_is_refused_naming_the_budget() -> None:
    state = given(DotCast(AINO, "o1"), DotCast(AINO, "o2"), options=4)

    error = refused(state, CastDot(AINO, "o3"))

    assert error.params == {"budget": 2}
    assert "2" in str(error)


def test_each_person_has_their_own_budget() -> None:
    state = given(DotCast(AINO, "o1"), options=3)

    assert when(state, CastDot(BERTTA, "o1")) == [DotCast(BERTTA, "o1")]


def test_all_dots_may_stack_on_one_option_when_there_is_no_cap() -> None:
    state = given(DotCast(AINO, "o1"), DotCast(AINO, "o1"), options=3, dots_per_person="3")

    assert state.cap == 3
    assert when(state, CastDot(AINO, "o1")) == [DotCast(AINO, "o1")]


def test_the_per_option_cap_limits_stacking() -> None:
    state = given(
        DotCast(AINO, "o1"),
        DotCast(AINO, "o1"),
        options=3,
        dots_per_person="3",
        max_per_option="2",
    )

    error = refused(state, CastDot(AINO, "o1"))

    assert error.params == {"cap": 2}
    assert when(state, CastDot(AINO, "o2")) == [DotCast(AINO, "o2")]


def test_a_cap_above_the_budget_is_the_budget() -> None:
    state = given(options=3, dots_per_person="2", max_per_option="5")

    assert state.cap == 2


# -- taking dots back --------------------------------------------------------------------------


def test_removing_a_dot() -> None:
    state = given(DotCast(AINO, "o1"), DotCast(AINO, "o1"), options=6)

    events = when(state, RemoveDot(AINO, "o1"))

    assert events == [DotRemoved(AINO, "o1")]
    assert KIND.evolve(state, events[0]).mine(AINO) == {"o1": 1}


def test_removing_when_there_is_no_dot_is_refused() -> None:
    state = given(DotCast(AINO, "o1"), DotCast(BERTTA, "o2"), options=3)

    refused(given(options=3), RemoveDot(AINO, "o1"))
    refused(state, RemoveDot(AINO, "o2"))


def test_the_last_dot_removed_leaves_no_trace() -> None:
    state = given(DotCast(AINO, "o1"), DotRemoved(AINO, "o1"), options=3)

    assert state.mine(AINO) == {}
    assert state.used_by(AINO) == 0
    assert state.voters == 0
    assert state.totals() == {"o1": 0, "o2": 0, "o3": 0}


def test_a_change_of_mind_moves_a_dot() -> None:
    state = given(DotCast(AINO, "o1"), options=3)
    refused(state, CastDot(AINO, "o2"))

    for command in (RemoveDot(AINO, "o1"), CastDot(AINO, "o2")):
        events = when(state, command)
        state = KIND.evolve(state, events[0])

    assert state.mine(AINO) == {"o2": 1}
    assert state.totals() == {"o1": 0, "o2": 1, "o3": 0}


# -- lock, reveal ------------------------------------------------------------------------------


def test_dots_cannot_change_after_the_lock() -> None:
    state = given(DotCast(AINO, "o1"), VotingLocked(), options=6)

    refused(state, CastDot(AINO, "o2"))
    refused(state, RemoveDot(AINO, "o1"))
    refused(state, CastDot(PEKKA, "o2", proxy=True))


def test_unlocking_lets_dots_change_again() -> None:
    state = given(DotCast(AINO, "o1"), VotingLocked(), VotingUnlocked(), options=6)

    assert when(state, CastDot(AINO, "o2")) == [DotCast(AINO, "o2")]
    assert when(state, RemoveDot(AINO, "o1")) == [DotRemoved(AINO, "o1")]


def test_lock_and_unlock_are_idempotent() -> None:
    assert when(given(), Lock()) == [VotingLocked()]
    assert when(given(VotingLocked()), Lock()) == []
    assert when(given(VotingLocked()), Unlock()) == [VotingUnlocked()]
    assert when(given(), Unlock()) == []


def test_reveal_and_hide_are_idempotent() -> None:
    assert when(given(), Reveal()) == [ResultsRevealed()]
    assert when(given(ResultsRevealed()), Reveal()) == []
    assert when(given(ResultsRevealed()), Hide()) == [ResultsHidden()]
    assert when(given(), Hide()) == []


def test_results_are_hidden_until_revealed() -> None:
    assert given().revealed is False
    assert given(ResultsRevealed()).revealed is True
    assert given(ResultsRevealed(), ResultsHidden()).revealed is False
    assert KIND.export(given(), PEOPLE).data["revealed"] is False
    assert KIND.export(given(ResultsRevealed()), PEOPLE).data["revealed"] is True


def test_the_facilitator_controls_work_when_the_activity_is_not_current() -> None:
    state = given()

    assert when(state, Lock(), is_current=False) == [VotingLocked()]
    assert when(state, Reveal(), is_current=False) == [ResultsRevealed()]


# -- ranking -----------------------------------------------------------------------------------


def test_ranking_shares_ranks_between_ties_and_marks_them() -> None:
    # o2: 3, o4: 3, o1: 1, o3: 0
    events = [DotCast(p, "o2") for p in (AINO, BERTTA, CELIA)]
    events += [DotCast(p, "o4") for p in (AINO, BERTTA, CELIA)]
    events += [DotCast(DANIEL, "o1")]
    state = given(*events, options=4)

    ranking = state.ranking()

    assert [(r.option.id, r.dots, r.rank, r.tied) for r in ranking] == [
        ("o2", 3, 1, True),
        ("o4", 3, 1, True),
        ("o1", 1, 3, False),
        ("o3", 0, 4, False),
    ]
    assert [r.share for r in ranking] == [1.0, 1.0, pytest.approx(1 / 3), 0.0]


def test_with_no_dots_every_option_is_tied_first() -> None:
    ranking = given(options=4).ranking()

    assert [(r.rank, r.tied, r.share) for r in ranking] == [(1, True, 0.0)] * 4
    assert [r.option.id for r in ranking] == ["o1", "o2", "o3", "o4"]


# -- proxy -------------------------------------------------------------------------------------


def test_the_facilitator_votes_for_a_person_without_a_phone() -> None:
    command = KIND.parse_command("cast_dot", {"option": "o1", "for": str(PEKKA)}, FACILITATOR)
    assert command == CastDot(PEKKA, "o1", proxy=True)

    events = when(given(), command)

    assert events == [DotCast(PEKKA, "o1", proxy=True)]
    state = KIND.evolve(given(), events[0])
    assert state.proxy_dots == 1
    assert state.mine(PEKKA) == {"o1": 1}
    assert KIND.export(state, PEOPLE).data["dots_cast_by_proxy"] == 1


def test_a_proxy_dot_taken_back_no_longer_counts_as_proxy() -> None:
    state = given(DotCast(PEKKA, "o1", proxy=True))
    command = KIND.parse_command("remove_dot", {"option": "o1", "for": str(PEKKA)}, FACILITATOR)

    events = when(state, command)

    assert events == [DotRemoved(PEKKA, "o1", proxy=True)]
    assert KIND.evolve(state, events[0]).proxy_dots == 0


def test_the_facilitator_cannot_vote_for_a_person_with_a_phone() -> None:
    command = KIND.parse_command("cast_dot", {"option": "o1", "for": str(AINO)}, FACILITATOR)

    error = refused(given(), command)

    assert "has a phone of their own" in error.message


@pytest.mark.parametrize("person", [None, "", "Pekka", True, 9.7, "9.7"])
def test_the_facilitator_must_say_whom_they_vote_for_by_id(person: object) -> None:
    values = {"option": "o1"} if person is None else {"option": "o1", "for": person}

    for name in ("cast_dot", "remove_dot"):
        with pytest.raises(DomainError):
            KIND.parse_command(name, values, FACILITATOR)


def test_only_casting_and_removing_are_open_to_participants() -> None:
    assert frozenset({"cast_dot", "remove_dot"}) == KIND.participant_commands


def test_a_participant_votes_only_for_themself() -> None:
    values = {"option": "o2", "for": str(PEKKA)}

    assert KIND.parse_command("cast_dot", values, participant(AINO)) == CastDot(AINO, "o2")
    assert KIND.parse_command("remove_dot", values, participant(AINO)) == RemoveDot(AINO, "o2")


@pytest.mark.parametrize("actor", [Actor("screen"), Actor("participant")])
def test_only_a_known_participant_or_the_facilitator_can_vote(actor: Actor) -> None:
    for name in ("cast_dot", "remove_dot"):
        with pytest.raises(DomainError):
            KIND.parse_command(name, {"option": "o1"}, actor)


# -- refusals that do not depend on the dots ---------------------------------------------------


def test_no_dots_change_while_the_activity_is_not_current() -> None:
    state = given(DotCast(AINO, "o1"))

    refused(state, CastDot(BERTTA, "o1"), is_current=False)
    refused(state, RemoveDot(AINO, "o1"), is_current=False)


def test_a_dot_on_an_unknown_option_is_refused() -> None:
    refused(given(), CastDot(AINO, "o99"))
    refused(given(), CastDot(AINO, ""))


def test_a_dot_from_someone_outside_the_workshop_is_refused() -> None:
    refused(given(), CastDot(404, "o1"))


def test_an_unknown_command_is_refused() -> None:
    with pytest.raises(DomainError):
        KIND.parse_command("shuffle", {}, FACILITATOR)


def test_the_simple_commands_parse() -> None:
    parsed = [KIND.parse_command(n, {}, FACILITATOR) for n in ("lock", "unlock", "reveal", "hide")]

    assert parsed == [Lock(), Unlock(), Reveal(), Hide()]


# -- adding options live -----------------------------------------------------------------------


def test_an_added_option_gets_a_cleaned_label_and_the_fresh_id() -> None:
    command = KIND.parse_command("add_option", {"label": "  Oat \n  milk  "}, FACILITATOR)

    events = KIND.decide(given(), command, context(new_id="ab12cd34"))

    assert events == [OptionAdded("ab12cd34", LocalText("Oat milk"))]
    state = KIND.evolve(given(), events[0])
    assert state.option("ab12cd34") is not None
    assert when(state, CastDot(AINO, "ab12cd34")) == [DotCast(AINO, "ab12cd34")]


def test_an_option_can_be_added_after_the_lock() -> None:
    assert when(given(VotingLocked()), AddOption("Later")) == [
        OptionAdded("n1", LocalText("Later"))
    ]


def test_a_duplicate_option_is_refused_whatever_its_case() -> None:
    error = refused(given(), AddOption("  IDEA   1 "))

    assert error.params == {"label": "IDEA 1"}


@pytest.mark.parametrize("label", ["", "   ", "\n\t"])
def test_an_empty_option_is_refused(label: str) -> None:
    refused(given(), AddOption(label))


@pytest.mark.parametrize("values", [{}, {"label": None}])
def test_an_option_without_a_label_is_refused(values: dict[str, object]) -> None:
    command = KIND.parse_command("add_option", values, FACILITATOR)

    assert command == AddOption("")
    refused(given(), command)


def test_an_option_may_be_200_characters_long_but_no_longer() -> None:
    assert MAX_OPTION_LENGTH == 200
    assert when(given(), AddOption("x" * 200)) == [OptionAdded("n1", LocalText("x" * 200))]

    for length in (201, 500):
        error = refused(given(), AddOption("x" * length))
        assert error.params == {"limit": 200}


def test_a_full_vote_takes_no_more_options() -> None:
    refused(given(options=MAX_OPTIONS), AddOption("One too many"))


def test_an_added_option_raises_the_default_budget() -> None:
    state = given(options=6)
    assert state.budget == 2

    state = KIND.evolve(state, when(state, AddOption("Seventh"))[0])

    assert state.budget == 3


def test_an_added_option_leaves_a_configured_budget_alone() -> None:
    state = given(OptionAdded("n1", LocalText("Seventh")), options=6, dots_per_person="1")

    assert state.budget == 1


# -- configuration -----------------------------------------------------------------------------


def test_a_configuration_from_the_form() -> None:
    parsed = KIND.parse_config(
        {"options": "Coffee\n\n  Tea  \r\nJuice\n", "dots_per_person": " 4 ", "max_per_option": ""}
    )

    assert parsed == {
        "options": [
            {"id": "o1", "label": "Coffee"},
            {"id": "o2", "label": "Tea"},
            {"id": "o3", "label": "Juice"},
        ],
        "dots_per_person": 4,
        "max_per_option": None,
    }
    assert json.loads(json.dumps(parsed)) == parsed


def test_a_configuration_may_list_its_options() -> None:
    parsed = KIND.parse_config({"options": ["Coffee", "Tea"]})

    assert [o["label"] for o in parsed["options"]] == ["Coffee", "Tea"]
    assert parsed["dots_per_person"] is None


@pytest.mark.parametrize("options", ["", "Only one", "Only one\n\n   \n", "Same\nsame"])
def test_a_configuration_needs_two_distinct_options(options: str) -> None:
    with pytest.raises(DomainError):
        KIND.parse_config({"options": options})


def test_a_configuration_has_at_most_60_options() -> None:
    lines = "\n".join(f"Idea {n}" for n in range(1, MAX_OPTIONS + 2))

    with pytest.raises(DomainError) as raised:
        KIND.parse_config({"options": lines})

    assert raised.value.params == {"limit": MAX_OPTIONS}


@pytest.mark.parametrize("field", ["dots_per_person", "max_per_option"])
@pytest.mark.parametrize("value", ["0", "51", "abc", "-1", "2.5"])
def test_dot_counts_must_be_whole_numbers_from_1_to_50(field: str, value: str) -> None:
    with pytest.raises(DomainError) as raised:
        KIND.parse_config({"options": "A\nB", field: value})

    assert raised.value.params == {"low": 1, "high": MAX_DOTS}


def test_the_dot_count_limits_themselves_are_accepted() -> None:
    parsed = KIND.parse_config({"options": "A\nB", "dots_per_person": "50", "max_per_option": 1})

    assert (parsed["dots_per_person"], parsed["max_per_option"]) == (50, 1)


# -- events in the log -------------------------------------------------------------------------

EVERY_EVENT: list[Event] = [
    DotCast(AINO, "o1"),
    DotCast(PEKKA, "o2", proxy=True),
    DotRemoved(AINO, "o1"),
    DotRemoved(PEKKA, "o2", proxy=True),
    OptionAdded("ab12cd34", LocalText("Oat milk “quoted”")),
    VotingLocked(),
    VotingUnlocked(),
    ResultsRevealed(),
    ResultsHidden(),
]


def test_every_event_class_has_an_example_here() -> None:
    assert {type(e) for e in EVERY_EVENT} == set(KIND.events)


@pytest.mark.parametrize("event", EVERY_EVENT, ids=lambda e: type(e).__name__)
def test_an_event_survives_the_log(event: Event) -> None:
    type_name, data = KIND.encode_event(event)
    stored = json.loads(json.dumps(data))

    assert type_name == type(event).__name__
    assert KIND.decode_event(type_name, stored) == event


def test_an_unknown_event_type_is_not_decoded() -> None:
    with pytest.raises(KeyError):
        KIND.decode_event("DotsShuffled", {})


# -- results -----------------------------------------------------------------------------------


def test_results_carry_the_settings_the_counts_and_the_ranking() -> None:
    state = given(
        DotCast(AINO, "o2"),
        DotCast(AINO, "o2"),
        DotCast(BERTTA, "o1"),
        DotCast(PEKKA, "o2", proxy=True),
        DotCast(CELIA, "o3"),
        DotRemoved(CELIA, "o3"),
        VotingLocked(),
        options=3,
        dots_per_person="2",
    )

    results = KIND.export(state, PEOPLE).data

    assert results == {
        "dots_per_person": 2,
        "max_per_option": 2,
        "locked": True,
        "revealed": False,
        "dots_cast": 4,
        "dots_cast_by_proxy": 1,
        "voters": 3,
        "ranking": [
            {"rank": 1, "tied": False, "option_id": "o2", "option": "Idea 2", "dots": 3},
            {"rank": 2, "tied": False, "option_id": "o1", "option": "Idea 1", "dots": 1},
            {"rank": 3, "tied": False, "option_id": "o3", "option": "Idea 3", "dots": 0},
        ],
    }
    assert json.loads(json.dumps(results)) == results


def test_a_person_withdrawn_takes_every_dot_back_even_from_a_locked_vote() -> None:
    state = given(
        DotCast(AINO, "o2"),
        DotCast(AINO, "o2"),
        DotCast(AINO, "o1"),
        DotCast(PEKKA, "o2", proxy=True),
        DotCast(BERTTA, "o1"),
        VotingLocked(),
        options=3,
        dots_per_person="3",
    )
    for person in (PEOPLE[AINO], PEOPLE[PEKKA]):
        for event in KIND.withdraw(state, person):
            state = KIND.evolve(state, event)

    assert (state.dots_cast, state.voters, state.proxy_dots) == (1, 1, 0)
    assert state.totals() == {"o1": 1, "o2": 0, "o3": 0}
    assert KIND.withdraw(state, PEOPLE[AINO]) == []


# -- the budget holds whatever people do ---------------------------------------------------------


@dataclass
class Ballots:
    """The oracle of the random walk: what the rules say, kept apart from the code under test.

    It reads only the walk's own commands and the configuration the walk chose, never a
    ``DotVote`` nor anything ``decide`` or ``evolve`` returned, so a wrong ``evolve`` (or a wrong
    property of the state) disagrees with it instead of agreeing with itself.
    """

    option_ids: list[str]
    dots_per_person: int | None
    max_per_option: int | None
    cast: Counter[tuple[int, str]] = field(default_factory=Counter)

    @property
    def budget(self) -> int:
        if self.dots_per_person is not None:
            return self.dots_per_person
        return max(1, -(-len(self.option_ids) // 3))  # a third of the options, rounded up

    @property
    def cap(self) -> int:
        if self.max_per_option is None:
            return self.budget
        return min(self.max_per_option, self.budget)

    def held(self, person: int) -> int:
        return sum(n for (who, _), n in self.cast.items() if who == person)

    def allows(self, command: Command) -> bool:
        match command:
            case CastDot(person, option, _):
                return self.held(person) < self.budget and self.cast[person, option] < self.cap
            case RemoveDot(person, option, _):
                return self.cast[person, option] > 0
        return True

    def apply(self, command: Command, new_id: str) -> list[Event]:
        """Take an allowed command; the events the rules say it gives."""
        match command:
            case CastDot(person, option, proxy):
                self.cast[person, option] += 1
                return [DotCast(person, option, proxy)]
            case RemoveDot(person, option, proxy):
                self.cast[person, option] -= 1
                return [DotRemoved(person, option, proxy)]
            case AddOption(label):
                self.option_ids.append(new_id)
                return [OptionAdded(new_id, LocalText(label))]
        raise AssertionError(f"the walk sends no {command!r}")

    def mine(self, person: int) -> dict[str, int]:
        return {o: n for (who, o), n in self.cast.items() if who == person and n > 0}

    def totals(self) -> dict[str, int]:
        return {o: sum(n for (_, on), n in self.cast.items() if on == o) for o in self.option_ids}


def test_no_sequence_of_commands_overspends_a_budget_or_a_cap() -> None:
    """A seeded random walk of casts and removals by five people (one voted for by proxy).

    Each command is also put to an independent oracle (``Ballots``): the vote must accept
    exactly what the oracle allows, with the events it expects, and after every step the state
    folded by ``evolve`` must hold what the oracle holds: each person's dots, the totals, the
    options, the dots cast (by proxy too), the voters and the results' ranking. No person may
    exceed the budget and no option the cap.
    """
    voters = [AINO, BERTTA, CELIA, DANIEL, PEKKA]
    for seed in range(300):
        rng = random.Random(seed)
        dots = rng.choice([None, 1, 2, 3, 5])
        cap = rng.choice([None, None, 1, 2])
        options = rng.randint(2, 8)
        oracle = Ballots([f"o{n}" for n in range(1, options + 1)], dots, cap)
        state = given(
            options=options,
            dots_per_person="" if dots is None else str(dots),
            max_per_option="" if cap is None else str(cap),
        )
        for step in range(60):
            person = rng.choice(voters)
            option = rng.choice(oracle.option_ids)
            by_proxy = person == PEKKA
            command: Command
            if rng.random() < 0.05:
                command = AddOption(f"Added {step}")
            elif rng.random() < 0.6:
                command = CastDot(person, option, proxy=by_proxy)
            else:
                command = RemoveDot(person, option, proxy=by_proxy)
            where = (seed, step, command)
            allowed = oracle.allows(command)
            try:
                events = KIND.decide(state, command, context(new_id=f"n{step}"))
            except DomainError:
                assert not allowed, where
                continue
            assert allowed, where
            assert events == oracle.apply(command, f"n{step}"), where
            for event in events:
                state = KIND.evolve(state, event)

            assert [o.id for o in state.options] == oracle.option_ids, where
            assert (state.budget, state.cap) == (oracle.budget, oracle.cap), where
            for voter in voters:
                assert dict(state.mine(voter)) == oracle.mine(voter), (where, voter)
                assert state.used_by(voter) == oracle.held(voter) <= oracle.budget, where
                assert all(n <= oracle.cap for n in oracle.mine(voter).values()), where
            totals = oracle.totals()
            assert state.totals() == totals, where
            assert state.dots_cast == sum(totals.values()), where
            assert state.proxy_dots == oracle.held(PEKKA), where
            assert state.voters == sum(1 for v in voters if oracle.held(v) > 0), where
            ranked = {r["option_id"]: r["dots"] for r in KIND.export(state, PEOPLE).data["ranking"]}
            assert ranked == totals, where
