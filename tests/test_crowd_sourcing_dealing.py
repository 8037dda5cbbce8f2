"""25/10's dealing as properties over random rooms (Hypothesis): people who write an idea or
not, with a phone or without, arriving and leaving between rounds, small rooms and large, any
seed and any number of rounds. Driven through the kind's own commands and hooks, as the
service drives them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from piiri.activities.crowd_sourcing import dealing
from piiri.activities.crowd_sourcing.kind import CrowdSourcingKind
from piiri.activities.crowd_sourcing.model import CrowdSourcing
from piiri.domain.vocabulary import Actor, Context, DomainError, Person
from tests.support.examples import examples

KIND = CrowdSourcingKind()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)
SETTINGS = settings(max_examples=examples(150), deadline=None)
MANY = settings(max_examples=examples(1000), deadline=None)


@dataclass(frozen=True)
class Room:
    writers: int  # people 1..writers write an idea
    readers_only: int  # people after them who do not
    rounds: int
    seed: str
    # Between rounds: who leaves (an index into the present) and who arrives (a new person).
    churn: tuple[tuple[int | None, bool], ...]


rooms = st.builds(
    Room,
    writers=st.integers(2, 14),
    readers_only=st.integers(0, 4),
    rounds=st.integers(1, 10),
    seed=st.text(min_size=1, max_size=8),
    churn=st.lists(
        st.tuples(st.one_of(st.none(), st.integers(0, 40)), st.booleans()), max_size=10
    ).map(tuple),
)
stable_rooms = st.builds(
    Room,
    writers=st.integers(2, 16),
    readers_only=st.integers(0, 5),
    rounds=st.integers(1, 10),
    seed=st.text(min_size=1, max_size=8),
    churn=st.just(()),
)


def person(n: int, present: bool = True) -> Person:
    return Person(n, f"P{n}", in_room=n % 3 != 0, by_proxy=n % 5 == 0, present=present)


def context(people: dict[int, Person], seed: str = "") -> Context:
    return Context(now=NOW, new_id=seed or "x", people=people, is_current=True)


def run(room: Room) -> tuple[CrowdSourcing, list[dict[int, Person]]]:
    """The room played through: everyone present scores each card; the roster in each round."""
    people = {n: person(n) for n in range(1, room.writers + room.readers_only + 1)}
    state = KIND.initial(KIND.parse_config({"rounds": str(room.rounds)}))
    for n in range(1, room.writers + 1):
        for event in KIND.decide(
            state,
            KIND.parse_command("write", {"text": f"idea {n}", "for": str(n)}, FACILITATOR)
            if people[n].by_proxy
            else KIND.parse_command("write", {"text": f"idea {n}"}, Actor("participant", n)),
            context(people),
        ):
            state = KIND.evolve(state, event)
    rosters: list[dict[int, Person]] = []
    command = "start_scoring"
    for round_number in range(1, room.rounds + 1):
        try:
            events = KIND.decide(
                state, KIND.parse_command(command, {}, FACILITATOR), context(people, room.seed)
            )
        except DomainError as error:
            assert "Nobody has an idea left" in str(error)
            break
        command = "next_round"
        for event in events:
            state = KIND.evolve(state, event)
        if round_number - 1 < len(room.churn):
            leaves, arrives = room.churn[round_number - 1]
            present = [n for n, p in people.items() if p.present]
            if leaves is not None and present:
                gone = present[leaves % len(present)]
                people[gone] = person(gone, present=False)
            if arrives:
                new = max(people) + 1
                people[new] = person(new)
            for event in KIND.on_people_changed(state, context(people)):
                state = KIND.evolve(state, event)
        rosters.append(dict(people))
        for card in state.round_cards():
            if people[card.reader].present:
                values = {"score": str(1 + card.reader % 5), "round": str(round_number)}
                if people[card.reader].by_proxy:
                    values["for"] = str(card.reader)
                    who = FACILITATOR
                else:
                    who = Actor("participant", card.reader)
                for event in KIND.decide(
                    state, KIND.parse_command("score", values, who), context(people)
                ):
                    state = KIND.evolve(state, event)
    return state, rosters


@SETTINGS
@given(rooms)
def test_nobody_gets_their_own_idea_or_the_same_idea_twice(room: Room) -> None:
    state, _ = run(room)
    for card in state.cards.values():
        assert card.reader != card.idea
    per_reader = Counter((c.reader, c.idea) for c in state.cards.values())
    assert max(per_reader.values(), default=1) == 1


@SETTINGS
@given(rooms)
def test_everyone_present_who_may_still_score_an_idea_gets_a_card_every_round(room: Room) -> None:
    state, rosters = run(room)
    for round_number, people in enumerate(rosters, start=1):
        dealt = {c.reader for c in state.round_cards(round_number)}
        earlier = {
            r: {c.idea for c in state.cards.values() if c.reader == r and c.round < round_number}
            for r in people
        }
        for reader, p in people.items():
            could = set(state.ideas) - {reader} - earlier[reader]
            if p.present and could:
                assert reader in dealt, (round_number, reader)


@MANY
@given(stable_rooms)
def test_in_a_steady_room_every_idea_is_scored_about_equally(room: Room) -> None:
    state, rosters = run(room)
    for round_number in range(1, len(rosters) + 1):
        scored = [c for c in state.cards.values() if c.round <= round_number]
        counts = Counter(c.idea for c in scored if c.score is not None)
        per_idea = [counts.get(i, 0) for i in state.ideas]
        # Never more than one score apart after every round when everyone reads as many
        # ideas as they wrote; people who only read may tip it by one more.
        spread = 1 if room.readers_only == 0 else 2
        assert max(per_idea) - min(per_idea) <= spread, (round_number, per_idea)
    if room.readers_only == 0 and room.rounds <= room.writers - 1:
        # Everyone wrote, and there are enough others: the cyclic deal, each idea once a round.
        assert per_idea == [room.rounds] * room.writers


@SETTINGS
@given(st.integers(1, 30), st.integers(0, 29), st.text(max_size=6))
def test_a_room_where_everyone_wrote_is_dealt_a_cyclic_derangement(
    size: int, offset: int, seed: str
) -> None:
    people = list(range(1, size + 1))
    round_number = 1 + offset % max(1, size - 1)
    hands = dealing.deal(
        readers=people,
        ideas=people,
        seen={},
        scores={},
        cards={},
        seed=seed,
        round_number=round_number,
    )
    if size == 1:
        assert hands == {}
        return
    ring = dealing.circle(people, seed)
    for index, reader in enumerate(ring):
        assert hands[reader] == ring[(index + round_number) % size]
