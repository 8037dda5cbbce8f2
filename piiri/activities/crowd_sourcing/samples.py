"""How 25/10 shows itself: the demo's activity, a sample run, the largest run its
configuration allows, and the command that carries typed text. The runs are made by the kind's
own rules (decide, then evolve), so every card in them is one the dealing would deal."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.crowd_sourcing.commands import (
    Command,
    FinishScoring,
    NextRound,
    RevealNext,
    Score,
    StartScoring,
    Write,
)
from piiri.activities.crowd_sourcing.model import (
    MAX_IDEA_LENGTH,
    MAX_PROMPT_LENGTH,
    MAX_ROUNDS,
    ROUND_SECONDS_HIGH,
    CrowdSourcing,
    Event,
)
from piiri.domain.vocabulary import Actor, Context, DomainError, Person

Kind = ActivityKind[CrowdSourcing, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)
# A fixed moment for the runs' timers: the runs are data, not a clock reading.
AT = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
DEMO = {
    "en": ("25/10 crowd sourcing", "What bold step would make our neighbourhood better by 2030?"),
    "fi": (
        "25/10 – joukkoistettu ideointi",
        "Mikä rohkea teko tekisi asuinalueestamme paremman vuoteen 2030 mennessä?",
    ),
    "sv": (
        "25/10 – crowdsourcing",
        "Vilket modigt steg skulle göra vårt område bättre till år 2030?",
    ),
}
IDEAS = (
    "A car-free main street every summer weekend",
    "The school yards open to everyone in the evenings",
    "A tool library in every block of flats",
    "Free public transport for under-18s",
    "A repair café in the library",
    "Benches and shade along the shore path",
)
LONG = "Lähiliikuntapaikkojen kunnostaminen ja kirjastonaukioloaikojen pidentäminen "


def demo(language: str) -> DemoActivity:
    """Five rounds of a minute each: tenth on the demo's agenda."""
    title, prompt = DEMO.get(language, DEMO["en"])
    values = {"prompt": prompt, "rounds": "5", "round_seconds": "60"}
    return DemoActivity(title=title, values=values, position=10)


def _here(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """An idea from the sample's first person with a phone, and one for a person without."""
    here = _here(people)
    commands = [
        TextCommand("write", ("text",), Actor("participant", p.id))
        for p in here[:1]
        if not p.by_proxy
    ]
    proxies = [p for p in here if p.by_proxy]
    if proxies:
        values = {"for": str(proxies[0].id)}
        commands.append(TextCommand("write", ("text",), FACILITATOR, values))
    return tuple(commands)


class _Room:
    """A run being made: commands decided and folded as the service would."""

    def __init__(self, kind: Kind, config: Mapping[str, object], people: Mapping[int, Person]):
        self.kind = kind
        self.state = kind.initial(config)
        self.people = dict(people)
        self.events: list[Event] = []
        self.ids = 0

    def context(self) -> Context:
        self.ids += 1
        return Context(now=AT, new_id=f"sample-{self.ids}", people=self.people, is_current=True)

    def fold(self, events: list[Event]) -> None:
        for event in events:
            self.state = self.kind.evolve(self.state, event)
        self.events += events

    def send(self, command: Command) -> None:
        self.fold(self.kind.decide(self.state, command, self.context()))

    def arrive(self, person: Person) -> None:
        self.people[person.id] = person
        self.fold(self.kind.on_people_changed(self.state, self.context()))

    def everyone_scores(self) -> None:
        for card in self.state.round_cards():
            if card.score is None and card.idea in self.state.ideas:
                proxy = self.people[card.reader].by_proxy
                score = 1 + (card.reader * 7 + card.idea * 3 + card.round) % 5
                self.send(Score(card.reader, card.round, score, proxy))


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present writes an idea (the facilitator for those without a phone); the first
    rewrites theirs. The scoring has not started: the ideas can still change."""
    config = kind.parse_config({"prompt": DEMO["en"][1], "rounds": "5", "round_seconds": "60"})
    room = _Room(kind, config, people)
    here = _here(people)
    for index, person in enumerate(here):
        room.send(Write(person.id, IDEAS[index % len(IDEAS)], person.by_proxy))
    if here:
        first = here[0]
        room.send(Write(first.id, IDEAS[0] + ", and every holiday too", first.by_proxy))
    return Run(config, tuple(room.events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present writes an idea as long as allowed; as many rounds as allowed, each on a
    long timer, everyone scoring every card; the last person arrives during the first round;
    then the top ten is counted down, one person being removed with their input just
    before the first place."""
    config = kind.parse_config(
        {
            "prompt": (LONG * 4)[:MAX_PROMPT_LENGTH].strip(),
            "rounds": str(MAX_ROUNDS),
            "round_seconds": str(ROUND_SECONDS_HIGH),
        }
    )
    here = _here(people)
    late = here[-1:] if len(here) > 3 else []
    room = _Room(kind, config, {p.id: p for p in here if p not in late})
    for index, person in enumerate(here):
        room.people[person.id] = person
        text = (f"{index + 1}. {LONG * 4}")[:MAX_IDEA_LENGTH].strip()
        room.send(Write(person.id, text, person.by_proxy))
        if person in late:
            del room.people[person.id]
    if len(room.state.ideas) >= 2:
        room.send(StartScoring())
        for person in late:
            room.arrive(person)
        room.everyone_scores()
        while not room.state.is_last_round:
            try:
                room.send(NextRound())
            except DomainError:  # a small room: nobody has an idea left to score
                break
            room.everyone_scores()
        room.send(FinishScoring())
        # The countdown up to the first place; then someone is removed with their input (so
        # that the countdown's screen is a stage of its own), and the first place is shown.
        for _ in range(room.state.top_size - 1):
            room.send(RevealNext())
        if len(here) > 4:
            room.fold(kind.withdraw(room.state, here[1]))
        room.send(RevealNext())
    return Run(config, tuple(room.events))
