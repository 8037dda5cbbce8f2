"""A person removed "with their input" takes back what they wrote in the group activities too:
their breakout notes, their interview captures, their ideas and likes on the idea wall. What
others wrote stays, and a second withdrawal finds nothing left (issue #13)."""

from __future__ import annotations

from typing import Any

from piiri.activities import REGISTRY, RegisteredKind
from piiri.activities.breakout.model import Breakout
from piiri.activities.idea_wall.model import HIDDEN, IdeaWall
from piiri.activities.interview.model import Interview
from tests.support.kind_views import ROSTER


def sample(name: str) -> tuple[RegisteredKind, Any]:
    kind = REGISTRY[name]
    run = kind.sample(ROSTER)
    state = kind.initial(run.config)
    for event in run.events:
        state = kind.evolve(state, event)
    return kind, state


def withdrawn(kind: RegisteredKind, state: Any, person_id: int) -> Any:
    events = kind.withdraw(state, ROSTER[person_id])
    assert events, f"person {person_id} had nothing to take back in the sample"
    for event in events:
        state = kind.evolve(state, event)
    assert kind.withdraw(state, ROSTER[person_id]) == []
    return state


def notes(state: Breakout) -> list[tuple[int | None, str]]:
    return [(n.author, n.text) for g in state.groups for n in g.live_notes]


def test_a_removed_persons_breakout_notes_leave_the_boards() -> None:
    kind, state = sample("breakout")
    author = next(a for a, _ in notes(state) if a is not None)
    after = withdrawn(kind, state, author)
    assert [a for a, _ in notes(after)] and author not in [a for a, _ in notes(after)]
    assert [n for n in notes(after)] == [n for n in notes(state) if n[0] != author]


def captures(state: Interview) -> list[tuple[int | None, str]]:
    return [(c.by, c.text) for c in state.live_captures]


def test_a_removed_persons_interview_captures_leave_the_record() -> None:
    kind, state = sample("interview")
    writer = next(by for by, _ in captures(state) if by is not None)
    after = withdrawn(kind, state, writer)
    assert captures(after) == [c for c in captures(state) if c[0] != writer]
    assert captures(after), "the partner's captures stay"


def test_a_removed_persons_ideas_and_likes_leave_the_wall() -> None:
    kind, state = sample("idea_wall")
    assert isinstance(state, IdeaWall)
    author = next(p for p in ROSTER if state.posted.get(p) and state.liked_by(p))
    after = withdrawn(kind, state, author)
    assert all(after.ideas[i].status == HIDDEN for i in state.posted[author])
    assert after.liked_by(author) == frozenset()
    assert all(author not in likers for likers in after.likes.values())
    others = [i for i in state.shown if i.author != author]
    assert others and [i.id for i in after.shown] == [i.id for i in others]
