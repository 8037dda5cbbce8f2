"""How a round-robin shows itself: the demo's check-in, a sample round, the largest record
its configuration allows, and the commands that carry typed text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.round_robin.commands import Command
from piiri.activities.round_robin.model import (
    Event,
    PersonQueued,
    PersonUnqueued,
    QueueMoved,
    RoundFinished,
    RoundRobin,
    RoundStarted,
    TurnEnded,
    TurnNoted,
    TurnStarted,
)
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[RoundRobin, Command, Event]

DEMO_CHECK_IN = {
    "en": "Check-in: what brings you here today?",
    "fi": "Alkukierros: mikä toi sinut tänne tänään?",
    "sv": "Incheckning: vad för dig hit i dag?",
}
AT = "2026-03-02T09:30:00+00:00"
# As long as a turn's note may be, with a long compound that has to break.
LONG_NOTE = (
    "Kaupunginkirjastonjohtokunnan kokouksessa sovittiin, että aukioloajat pidennetään "
    "kokeiluna syksyksi ja että lähiliikuntapaikoista kysytään nuorilta ensin itseltään."
)[:200]


def demo(kind: Kind, language: str) -> DemoActivity:
    """A check-in round with the defaults: first on the demo's agenda."""
    return DemoActivity(
        title=DEMO_CHECK_IN.get(language, DEMO_CHECK_IN["en"]),
        values=kind.config_form(kind.default_config()),
        position=1,
    )


def _here(people: Mapping[int, Person]) -> list[int]:
    return [p.id for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A note on a turn, by the facilitator and by the first speaker of the sample."""
    commands = [TextCommand("note_turn", ("note",), Actor("facilitator", facilitator_id=1))]
    here = _here(people)
    if here:
        commands.append(TextCommand("note_turn", ("note",), Actor("participant", here[0])))
    return tuple(commands)


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """A first round that ran to its end (a note, a pass, a raised hand, a move in the queue),
    and a second round in which the next person is speaking."""
    here = _here(people)
    events: list[Event] = []
    if here:
        events.append(RoundStarted(1, list(here)))
        first, rest = here[0], here[1:]
        events += [TurnStarted(first, AT), TurnEnded(first, 45, "spoke")]
        events.append(TurnNoted(0, "Longer opening hours, please"))
        if rest:
            events += [TurnStarted(rest[0], AT), TurnEnded(rest[0], 4, "passed")]
            events.append(PersonQueued(rest[0]))
        if len(rest) > 2:
            events += [PersonUnqueued(rest[-1]), PersonQueued(rest[-1], hand=True)]
            events.append(QueueMoved(rest[-1], 0))
        events.append(RoundFinished(1))
        second = here[1:] + here[:1]
        events += [RoundStarted(2, second), TurnStarted(second[0], AT)]
    return Run(kind.parse_config(kind.default_config()), tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone has spoken with the longest note; in the second round everyone has raised a
    hand and the first is speaking, with a time per speaker."""
    here = _here(people)
    config = kind.parse_config({"seconds_per_speaker": "3600", "ordering": "join"})
    events: list[Event] = []
    if here:
        events.append(RoundStarted(1, list(here)))
        for index, person_id in enumerate(here):
            events += [TurnStarted(person_id, AT), TurnEnded(person_id, 3599, "spoke")]
            events.append(TurnNoted(index, LONG_NOTE))
        events.append(RoundFinished(1))
        events += [RoundStarted(2, list(here)), TurnStarted(here[0], AT)]
        for person_id in here[1:]:
            events += [PersonUnqueued(person_id), PersonQueued(person_id, hand=True)]
    return Run(config, tuple(events))
