"""How a dot-vote shows itself: the demo's vote, a sample run, the largest vote its
configuration allows, and the command that carries typed text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.dot_vote.model import (
    MAX_DOTS,
    MAX_OPTION_LENGTH,
    MAX_OPTIONS,
    Command,
    DotCast,
    DotRemoved,
    DotVote,
    Event,
    OptionAdded,
    ResultsHidden,
    ResultsRevealed,
    VotingLocked,
    VotingUnlocked,
)
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[DotVote, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)

DEMO_QUESTION = {
    "en": "Which ideas should get funding first?",
    "fi": "Mitkä ideat rahoitetaan ensin?",
    "sv": "Vilka idéer ska få finansiering först?",
}
DEMO_OPTIONS = {
    "en": (
        "Longer library opening hours",
        "A repair café in the village hall",
        "Safer cycle routes to school",
        "A community garden",
        "More benches along the shore path",
        "Free sports shifts for young people",
    ),
    "fi": (
        "Pidemmät kirjaston aukioloajat",
        "Korjauskahvila kylätalolle",
        "Turvallisemmat pyörätiet kouluille",
        "Yhteisöpuutarha",
        "Lisää penkkejä rantapolulle",
        "Maksuttomia liikuntavuoroja nuorille",
    ),
    "sv": (
        "Längre öppettider för biblioteket",
        "Ett reparationskafé i byagården",
        "Tryggare cykelvägar till skolan",
        "En gemensam odlingsträdgård",
        "Fler bänkar längs strandstigen",
        "Avgiftsfria idrottsturer för unga",
    ),
}
# A long Finnish compound, so the largest options also test how a word too long for a line breaks.
LONG_WORDS = "Kirjastonaukioloaikojenpidennysehdotus ja lähiliikuntapaikkarakentamissuunnitelma "


def demo(language: str) -> DemoActivity:
    """The vote on the neighbourhood's ideas: second on the demo's agenda."""
    options = "\n".join(DEMO_OPTIONS.get(language, DEMO_OPTIONS["en"]))
    return DemoActivity(
        title=DEMO_QUESTION.get(language, DEMO_QUESTION["en"]),
        values={"options": options},
        position=2,
    )


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """The facilitator adding an option."""
    return (TextCommand("add_option", ("label",), FACILITATOR),)


def _voters(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present spends their two dots, by proxy for those without a phone; one takes a
    dot back; the facilitator adds an option, locks, unlocks, hides and reveals the results."""
    config = kind.parse_config({"options": "\n".join(DEMO_OPTIONS["en"][:5])})
    options = [o["id"] for o in config["options"]]
    events: list[Event] = [OptionAdded("n1", LocalText("Ideas from the youth council"))]
    options.append("n1")
    for index, person in enumerate(_voters(people)):
        for offset in (0, 1 + index % 2):
            option = options[(index + offset) % len(options)]
            events.append(DotCast(person.id, option, proxy=person.by_proxy))
    first = next((e for e in events if isinstance(e, DotCast)), None)
    if first is not None:
        events += [
            DotRemoved(first.participant_id, first.option_id, first.proxy),
            DotCast(first.participant_id, first.option_id, first.proxy),
        ]
    events += [VotingLocked(), VotingUnlocked(), ResultsRevealed(), ResultsHidden()]
    events += [VotingLocked(), ResultsRevealed()]
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Every option it may have, each as long as allowed, all dots spent, results shown."""
    labels = [
        (f"{number}. {LONG_WORDS * 4}")[:MAX_OPTION_LENGTH].strip()
        for number in range(1, MAX_OPTIONS + 1)
    ]
    config = kind.parse_config({"options": "\n".join(labels), "dots_per_person": str(MAX_DOTS)})
    options = [o["id"] for o in config["options"]]
    events: list[Event] = []
    for index, person in enumerate(_voters(people)):
        for dot in range(MAX_DOTS):
            option = options[(index * 7 + dot * dot) % len(options)]
            events.append(DotCast(person.id, option, proxy=person.by_proxy))
    events.append(ResultsRevealed())
    return Run(config, tuple(events))
