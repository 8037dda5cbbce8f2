"""25/10 crowd sourcing, decided and folded without I/O (given events, when a command, then
events): writing one idea each, the rounds and their final scores, the refusals, the reveal
counted down, the totals of a scripted room against a hand count, and withdrawal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from piiri.activities.crowd_sourcing.kind import CrowdSourcingKind
from piiri.activities.crowd_sourcing.model import (
    CardsDealt,
    CrowdSourcing,
    IdeaScored,
    IdeaWritten,
    RoundStarted,
    ScoringFinished,
    ScoringStarted,
    TopRevealed,
)
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

KIND = CrowdSourcingKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)
NAMES = ("Aino", "Bertta", "Celia", "Daniel", "Eero", "Fanni")
# Six people; Fanni (6) has no phone: the facilitator writes and scores for her.
ROOM: dict[int, Person] = {
    n: Person(n, name, in_room=n != 2, by_proxy=n == 6) for n, name in enumerate(NAMES, start=1)
}


def actor(person: int) -> Actor:
    if ROOM[person].by_proxy:
        return FACILITATOR
    return Actor("participant", participant_id=person)


def context(people: Mapping[int, Person] = ROOM, current: bool = True, seed: str = "s1") -> Context:
    return Context(now=NOW, new_id=seed, people=people, is_current=current)


def activity(**config: str) -> CrowdSourcing:
    return KIND.initial(KIND.parse_config({"prompt": "Bold?", "round_seconds": "60", **config}))


def decide(state: CrowdSourcing, who: Actor, command: str, /, **values: Any) -> list[Any]:
    return KIND.decide(state, KIND.parse_command(command, values, who), context())


def fold(state: CrowdSourcing, events: list[Any]) -> CrowdSourcing:
    for event in events:
        state = KIND.evolve(state, event)
    return state


def send(state: CrowdSourcing, who: Actor, command: str, /, **values: Any) -> CrowdSourcing:
    return fold(state, decide(state, who, command, **values))


def refused(state: CrowdSourcing, who: Actor, command: str, message: str, /, **values: Any) -> None:
    with pytest.raises(DomainError) as error:
        decide(state, who, command, **values)
    assert str(error.value) == message


def write(state: CrowdSourcing, person: int, text: str) -> CrowdSourcing:
    extra = {"for": str(person)} if ROOM[person].by_proxy else {}
    return send(state, actor(person), "write", text=text, **extra)


def score(state: CrowdSourcing, person: int, value: int) -> CrowdSourcing:
    extra = {"for": str(person)} if ROOM[person].by_proxy else {}
    return send(state, actor(person), "score", score=str(value), round=str(state.round), **extra)


def everyone_wrote() -> CrowdSourcing:
    state = activity()
    for person, name in zip(ROOM, NAMES, strict=True):
        state = write(state, person, f"{name}'s bold idea")
    return state


# -- writing -----------------------------------------------------------------------------------


def test_each_person_writes_one_idea_and_may_change_it_until_the_scoring_starts() -> None:
    state = activity()
    assert decide(state, actor(1), "write", text="  Car-free   summers ") == [
        IdeaWritten(1, 1, "Car-free summers", False)
    ]
    state = write(state, 1, "Car-free summers")
    state = write(state, 2, "Night buses")
    state = write(state, 1, "Car-free summers and winters")
    assert [(i.number, i.text) for i in state.by_number()] == [
        (1, "Car-free summers and winters"),
        (2, "Night buses"),
    ]
    # The same text again changes nothing.
    assert decide(state, actor(2), "write", text="Night buses") == []
    state = send(state, FACILITATOR, "write", text="A sauna by the sea", **{"for": "6"})
    assert state.idea_of(6) is not None and state.idea_of(6).proxy  # type: ignore[union-attr]
    started = send(state, FACILITATOR, "start_scoring")
    refused(
        started, actor(1), "write", "The scoring has started: ideas can no longer change.", text="x"
    )


def test_bad_ideas_and_wrong_writers_are_refused_and_change_nothing() -> None:
    state = activity()
    refused(state, actor(1), "write", "An idea needs some text.", text="   ")
    refused(state, actor(1), "write", "An idea can be at most 200 characters long.", text="x" * 201)
    refused(
        state,
        FACILITATOR,
        "write",
        "That person has a phone of their own; they take part from it themselves.",
        text="x",
        **{"for": "1"},
    )
    refused(state, FACILITATOR, "write", "Choose the person you are writing for.", text="x")
    refused(state, actor(1), "start_scoring", "Only the facilitator can do that.")
    refused(
        state, Actor("screen"), "write", "The room screen only shows; it cannot change anything."
    )
    with pytest.raises(DomainError, match="not running"):
        KIND.decide(
            state, KIND.parse_command("write", {"text": "x"}, actor(1)), context(current=False)
        )
    refused(
        write(state, 1, "Alone"),
        FACILITATOR,
        "start_scoring",
        "The scoring needs at least two ideas.",
    )


# -- rounds ------------------------------------------------------------------------------------


def test_starting_the_scoring_deals_round_one_with_its_timer_and_the_seed_from_the_context() -> (
    None
):
    events = decide(everyone_wrote(), FACILITATOR, "start_scoring")
    started, first = events
    assert started == ScoringStarted("s1")
    assert isinstance(first, RoundStarted) and first.number == 1
    assert first.ends_at == (NOW + timedelta(seconds=60)).isoformat()
    assert sorted(reader for reader, _ in first.cards) == list(ROOM)
    assert all(reader != idea for reader, idea in first.cards)
    # The same seed deals the same way; the deal is a decision, not chance.
    assert decide(everyone_wrote(), FACILITATOR, "start_scoring") == events
    untimed = KIND.initial(KIND.parse_config({"round_seconds": ""}))
    for person in (1, 2):
        untimed = write(untimed, person, f"idea {person}")
    assert send(untimed, FACILITATOR, "start_scoring").ends_at is None


def test_a_score_is_final_for_its_round_and_a_stale_round_is_refused() -> None:
    state = send(everyone_wrote(), FACILITATOR, "start_scoring")
    card = state.card(1)
    assert card is not None
    assert decide(state, actor(1), "score", score="4", round="1") == [
        IdeaScored(1, 1, card.idea, 4, False)
    ]
    state = score(state, 1, 4)
    refused(
        state,
        actor(1),
        "score",
        "This idea has its score from you already; a score is final.",
        score="5",
        round="1",
    )
    refused(state, actor(2), "score", "Choose a score from 1 to 5.", score="6", round="1")
    refused(state, actor(2), "score", "Choose a score from 1 to 5.", score="", round="1")
    refused(
        state, FACILITATOR, "score", "Choose the person you are scoring for.", score="3", round="1"
    )
    state = send(state, FACILITATOR, "next_round")
    refused(
        state,
        actor(2),
        "score",
        "That round is over: score the idea of this round.",
        score="3",
        round="1",
    )
    assert state.round == 2 and state.card(1) is not None and state.card(1, 1).score == 4  # type: ignore[union-attr]
    assert state.progress() == [(1, 1, 6), (2, 0, 6)]


def test_the_facilitator_moves_round_to_round_until_the_last_then_finishes() -> None:
    state = activity(rounds="2")
    for person in ROOM:
        state = write(state, person, f"idea {person}")
    refused(state, FACILITATOR, "next_round", "No round is being scored now.")
    refused(state, FACILITATOR, "finish_scoring", "The scoring has not started yet.")
    refused(state, FACILITATOR, "reveal_next", "The top ten is revealed after the scoring.")
    state = send(state, FACILITATOR, "start_scoring")
    refused(state, FACILITATOR, "start_scoring", "The scoring has started already.")
    state = send(state, FACILITATOR, "next_round")
    refused(state, FACILITATOR, "next_round", "That was the last round: finish the scoring.")
    assert decide(state, FACILITATOR, "finish_scoring") == [ScoringFinished()]
    state = send(state, FACILITATOR, "finish_scoring")
    assert state.stage == "scored" and state.ends_at is None
    assert decide(state, FACILITATOR, "finish_scoring") == []
    refused(state, actor(1), "score", "No round is being scored now.", score="3", round="2")


def test_a_small_room_deals_what_it_can_and_then_says_nobody_has_an_idea_left() -> None:
    state = activity()
    for person in (1, 2, 3):
        state = write(state, person, f"idea {person}")
    three = {n: ROOM[n] for n in (1, 2, 3)}
    state = fold(
        state,
        KIND.decide(state, KIND.parse_command("start_scoring", {}, FACILITATOR), context(three)),
    )
    assert state.most_rounds == 2
    state = fold(
        state, KIND.decide(state, KIND.parse_command("next_round", {}, FACILITATOR), context(three))
    )
    with pytest.raises(DomainError) as error:
        KIND.decide(state, KIND.parse_command("next_round", {}, FACILITATOR), context(three))
    assert str(error.value) == "Nobody has an idea left to score: finish the scoring."
    assert {(c.reader, c.idea) for c in state.cards.values()} == {
        (r, i) for r in (1, 2, 3) for i in (1, 2, 3) if r != i
    }


def test_someone_who_arrives_during_a_round_gets_a_card_at_once() -> None:
    five = {n: p for n, p in ROOM.items() if n != 5}
    state = everyone_wrote()
    state = fold(
        state,
        KIND.decide(state, KIND.parse_command("start_scoring", {}, FACILITATOR), context(five)),
    )
    assert state.card(5) is None
    events = KIND.on_people_changed(state, context())
    assert len(events) == 1 and isinstance(events[0], CardsDealt)
    ((reader, idea),) = events[0].cards
    assert reader == 5 and idea != 5
    state = fold(state, events)
    assert KIND.on_people_changed(state, context()) == []
    assert KIND.on_people_changed(activity(), context()) == []


# -- the hand count ----------------------------------------------------------------------------

# Who gives which score to whose idea, written by hand. Six people, five rounds: each person
# scores each of the other five ideas exactly once, whatever the deal, so each idea's total is
# its column's sum without the diagonal.
#            ideas by:  Aino Bertta Celia Daniel Eero Fanni
SCORES = {
    1: {2: 3, 3: 5, 4: 2, 5: 4, 6: 1},  # Aino
    2: {1: 4, 3: 5, 4: 1, 5: 3, 6: 2},  # Bertta
    3: {1: 2, 2: 4, 4: 3, 5: 5, 6: 1},  # Celia
    4: {1: 5, 2: 2, 3: 4, 5: 3, 6: 1},  # Daniel
    5: {1: 3, 2: 5, 3: 4, 4: 2, 6: 1},  # Eero
    6: {1: 4, 2: 3, 3: 5, 4: 1, 5: 2},  # Fanni (scored for by the facilitator)
}
# By hand: Aino 4+2+5+3+4 = 18, Bertta 3+4+2+5+3 = 17, Celia 5+5+4+4+5 = 23,
# Daniel 2+1+3+2+1 = 9, Eero 4+3+5+3+2 = 17, Fanni 1+2+1+1+1 = 6.
HAND_TOTALS = {1: 18, 2: 17, 3: 23, 4: 9, 5: 17, 6: 6}


def scripted_room(seed: str) -> CrowdSourcing:
    state = everyone_wrote()
    state = fold(
        state,
        KIND.decide(
            state, KIND.parse_command("start_scoring", {}, FACILITATOR), context(seed=seed)
        ),
    )
    for round_number in range(1, 6):
        if round_number > 1:
            state = send(state, FACILITATOR, "next_round")
        for person in ROOM:
            card = state.card(person)
            assert card is not None, (round_number, person)
            state = score(state, person, SCORES[person][card.idea])
    return send(state, FACILITATOR, "finish_scoring")


@pytest.mark.parametrize("seed", ["s1", "another seed", "c0ffee"])
def test_the_totals_of_a_scripted_room_match_the_hand_count(seed: str) -> None:
    state = scripted_room(seed)
    ranking = state.ranking()
    assert {r.idea.author: r.total for r in ranking} == HAND_TOTALS
    assert {r.idea.author: r.count for r in ranking} == dict.fromkeys(ROOM, 5)
    assert [(r.idea.author, r.rank, r.tied) for r in ranking] == [
        (3, 1, False),
        (1, 2, False),
        (2, 3, True),
        (5, 3, True),
        (4, 5, False),
        (6, 6, False),
    ]
    assert [round(r.mean, 1) for r in ranking] == [4.6, 3.6, 3.4, 3.4, 1.8, 1.2]
    assert state.progress() == [(n, 6, 6) for n in range(1, 6)]
    export = KIND.export(state, ROOM)
    ideas, scores = export.tables
    assert [row[4] for row in ideas.rows] == [23, 18, 17, 17, 9, 6]
    assert len(scores.rows) == 30 and sum(int(row[2]) for row in scores.rows) == 90
    assert [row[6] for row in ideas.rows] == ["4.60", "3.60", "3.40", "3.40", "1.80", "1.20"]
    assert sum(1 for row in scores.rows if row[3] == "yes") == 5  # Fanni's, by proxy


def test_the_top_is_counted_down_from_the_last_place_one_at_a_time() -> None:
    state = scripted_room("s1")
    assert state.top_size == 6 and state.shown() == []
    revealed: list[int] = []
    for count in range(1, 7):
        assert decide(state, FACILITATOR, "reveal_next") == [TopRevealed(count)]
        state = send(state, FACILITATOR, "reveal_next")
        revealed.append(state.shown()[-1].idea.author)
    # Fanni's (6th), Daniel's, then the tie of Eero and Bertta (by number), Aino's, Celia's.
    assert revealed == [6, 4, 5, 2, 1, 3]
    assert state.fully_revealed and decide(state, FACILITATOR, "reveal_next") == []
    again = send(scripted_room("s1"), FACILITATOR, "reveal_all")
    assert again.revealed == 6 and again.fully_revealed


# -- withdrawal --------------------------------------------------------------------------------


def test_a_removed_persons_idea_and_scores_are_withdrawn() -> None:
    state = scripted_room("s1")
    (event,) = KIND.withdraw(state, ROOM[4])
    state = KIND.evolve(state, event)
    ranking = {r.idea.author: (r.total, r.count) for r in state.ranking()}
    assert 4 not in ranking
    # Daniel gave Aino 5, Bertta 2, Celia 4, Eero 3, Fanni 1: each loses that one score.
    assert ranking == {1: (13, 4), 2: (15, 4), 3: (19, 4), 5: (14, 4), 6: (5, 4)}
    assert KIND.withdraw(state, ROOM[4]) == [] and state.withdrawn == 1
    assert KIND.withdraw(activity(), ROOM[4]) == []
