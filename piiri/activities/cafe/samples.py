"""How a café shows itself: the demo's small café, a sample session of two rounds, the largest
café its configuration allows, and the commands that carry typed text.

The runs are made by the kind's own ``decide``, so every event in them is one the rules give
(the seating too, by the seating engine)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from piiri.activities.cafe.commands import (
    AddNote,
    Command,
    Extend,
    RemoveNote,
    SetHost,
    SetPair,
    SetStepFree,
    ShowHarvest,
    StartRound,
)
from piiri.activities.cafe.model import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_ROUNDS,
    MAX_TABLES,
    MAX_WHERE_LENGTH,
    Cafe,
    Event,
    MemberSeated,
)
from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.domain.vocabulary import Actor, Context, Person

Kind = ActivityKind[Cafe, Command, Event]

DEMO = {
    "en": ("Café: the library of the future", "What would bring you to the library?"),
    "fi": ("Kahvila: tulevaisuuden kirjasto", "Mikä toisi sinut kirjastoon?"),
    "sv": ("Kafé: framtidens bibliotek", "Vad skulle få dig att komma till biblioteket?"),
}
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FACILITATOR = Actor("facilitator", facilitator_id=1)
SAMPLE_SEATS = 12  # the sample café's three tables of four
LONG = "Asukasyhdistyksenkevätkokouksenpäätösehdotus lähiliikuntapaikkojen korjaamisesta. "


def demo(kind: Kind, language: str) -> DemoActivity:
    """Four tables of five, two rounds: ninth on the demo's agenda."""
    title, question = DEMO.get(language, DEMO["en"])
    values = {**kind.config_form(kind.default_config()), "table_count": "4", "seats": "5"}
    return DemoActivity(title=title, values={**values, "rounds": question}, position=9)


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A note by the sample's host at table 1, and one the facilitator writes there."""
    commands = [TextCommand("add_note", ("text",), FACILITATOR, {"group": "t1"})]
    host = _host(people)
    if host is not None:
        commands.append(TextCommand("add_note", ("text",), Actor("participant", host)))
    return tuple(commands)


def _host(people: Mapping[int, Person]) -> int | None:
    here = sorted(p.id for p in people.values() if p.present and p.in_room and not p.by_proxy)
    return here[0] if here else None


class _Session:
    """Commands decided and folded one after another, as the service would."""

    def __init__(self, kind: Kind, config: Mapping[str, Any], people: Mapping[int, Person]):
        self.kind, self.people = kind, people
        self.state = kind.initial(config)
        self.events: list[Event] = []
        self.count = 0

    def run(self, command: Command, *, minutes: int = 0) -> None:
        self.count += 1
        now = NOW.replace(minute=30 + minutes)
        context = Context(now, f"s{self.count}", self.people, is_current=True)
        self.add(self.kind.decide(self.state, command, context))

    def add(self, events: list[Event]) -> None:
        for event in events:
            self.state = self.kind.evolve(self.state, event)
        self.events += events

    def table_of(self, person: int) -> str:
        return self.state.group_of(person) or ""


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Three tables (one remote, with its call; one with stairs) over two rounds, a host at the
    first, someone who needs a step-free table: notes
    recorded by the host (one for someone without a phone), at the remote table by anyone, one
    removed; someone away and back; more time; round 2 reads round 1's notes."""
    config = kind.parse_config(
        {
            "tables": "Ikkuna | 4 | by the window | fi\nOvi | 4 | stairs\n"
            "Etä | 4 | https://meet.jit.si/piiri-cafe",
            "rounds": "What works well in the library? | 15\nWhat should change first?",
        }
    )
    if sum(1 for p in people.values() if p.present) > SAMPLE_SEATS:
        return _one_two_four(kind, people)
    session = _Session(kind, config, people)
    host = _host(people)
    if host is None:
        return Run(config, ())
    session.run(SetHost("t1", host))
    others = [p.id for p in people.values() if p.present and p.in_room and p.id != host]
    if others:
        session.run(SetPair(host, others[0], "apart"))
    if len(others) > 1:
        # At the host's table (step-free), with whoever has no phone: no stairs on the way.
        session.run(SetStepFree(others[-1], True, by_facilitator=True))
    session.run(StartRound())
    session.run(AddNote(host, "Open until nine on weekdays"))
    proxies = [m for m in session.state.members("t1") if people[m].by_proxy]
    if proxies:
        session.run(AddNote(host, "Large print books by the door", proxies[0]))
    session.run(AddNote(host, "A note taken back"))
    session.run(RemoveNote(host, session.state.notes[-1].id))
    remote = [m for m in session.state.members("t3") if m != host]
    if remote:
        session.run(AddNote(remote[0], "Stream the evening talks"))
        session.add([MemberLeft(remote[0]), MemberReturned(remote[0])])
    late = [p.id for p in people.values() if not p.present]
    if late:
        session.add([MemberSeated(late[0], "t3")])
    session.run(Extend(2), minutes=1)
    session.run(StartRound(), minutes=16)
    session.run(AddNote(host, "Homework help in the afternoons"), minutes=17)
    return Run(config, tuple(session.events))


def _one_two_four(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """A room too large for the sample's three tables: 1-2-4-All, alone and then in pairs,
    everyone recording an idea at each stage."""
    config = kind.parse_config({"template": "1-2-4-all", "rounds": "What should change first?"})
    session = _Session(kind, config, people)
    for stage in range(2):
        session.run(StartRound(), minutes=stage)
        for group in session.state.groups:
            writer = session.state.present(group)[0]
            session.run(AddNote(writer, f"An idea of {writer} at stage {stage + 1}"))
    return Run(config, tuple(session.events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Every table there may be, with the longest names and places; every round with the
    longest question; every table's notes at their longest in each round; then the harvest."""
    tables = "\n".join(
        f"{(f'{n} ' + LONG)[:MAX_NAME_LENGTH].strip()} | 6 | {LONG[:MAX_WHERE_LENGTH].strip()}"
        + (f" | https://meet.jit.si/piiri-cafe-{n}" if n % 10 == 0 else "")
        for n in range(1, MAX_TABLES + 1)
    )
    rounds = "\n".join(
        f"{(f'{n}. ' + LONG * 3)[:MAX_QUESTION_LENGTH].strip()} | 120"
        for n in range(1, MAX_ROUNDS + 1)
    )
    config = kind.parse_config({"tables": tables, "rounds": rounds, "recorder": "anyone"})
    session = _Session(kind, config, people)
    if not any(p.present for p in people.values()):
        return Run(config, ())
    for index in range(MAX_ROUNDS):
        session.run(StartRound(), minutes=index)
        for table in session.state.tables:
            text = (f"{index + 1}/{table.id}. " + LONG * 3)[:MAX_NOTE_LENGTH].strip()
            session.run(AddNote(None, text, None, table.id, True), minutes=index)
    session.run(ShowHarvest(), minutes=MAX_ROUNDS)
    return Run(config, tuple(session.events))
