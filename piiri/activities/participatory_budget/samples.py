"""How a participatory budget shows itself: the demo's vote in each language, a sample run (the
vote open, ballots from phones in the room and remote, by proxy and on paper), the largest vote
its configuration allows (closed, every winner revealed), and the command that carries text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.participatory_budget.setup import MAX_DESCRIPTION, MAX_NAME, MAX_PROJECTS
from piiri.activities.participatory_budget.vote_events import (
    BallotCast,
    BallotReopened,
    BallotReviewed,
    BallotWithdrawn,
    Command,
    DraftChanged,
    Event,
    OutcomeRevealed,
    PaperBallotCast,
    PaperBallotRemoved,
    VoteClosed,
    VoteOpened,
    VoteReopened,
)
from piiri.activities.participatory_budget.voting import (
    Vote,
)
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[Vote, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)
OPENED = "2026-03-02T09:40:00+00:00"
CLOSED = "2026-03-09T18:00:00+00:00"

DEMO_TITLE = {
    "en": "How should we spend 100,000 euros?",
    "fi": "Mihin käytämme 100 000 euroa?",
    "sv": "Hur ska vi använda 100 000 euro?",
}
# name, cost, description
DEMO_PROJECTS = {
    "en": (
        ("Benches along the shore path", 15000, "Ten benches, one every 200 metres."),
        ("A repair café in the village hall", 20000, "Tools and tutors once a month."),
        ("Lights on the cycle route to school", 45000, "Forty lamps on the dark stretch."),
        ("A community garden", 25000, "Raised beds and a water point by the library."),
        ("Free sports shifts for young people", 30000, "Friday evenings in the school hall."),
        ("A skate ramp", 40000, "A small ramp beside the playing field."),
    ),
    "fi": (
        ("Penkkejä rantapolulle", 15000, "Kymmenen penkkiä, yksi 200 metrin välein."),
        ("Korjauskahvila kylätalolle", 20000, "Työkalut ja opastajat kerran kuussa."),
        ("Valot koulun pyörätielle", 45000, "Neljäkymmentä valaisinta pimeälle osuudelle."),
        ("Yhteisöpuutarha", 25000, "Kasvulaatikot ja vesipiste kirjaston viereen."),
        ("Maksuttomia liikuntavuoroja nuorille", 30000, "Perjantai-illat koulun salissa."),
        ("Skeittiramppi", 40000, "Pieni ramppi kentän laitaan."),
    ),
    "sv": (
        ("Bänkar längs strandstigen", 15000, "Tio bänkar, en var 200:e meter."),
        ("Ett reparationskafé i byagården", 20000, "Verktyg och handledare en gång i månaden."),
        ("Belysning på cykelvägen till skolan", 45000, "Fyrtio lampor på den mörka sträckan."),
        ("En gemensam odlingsträdgård", 25000, "Odlingslådor och vatten vid biblioteket."),
        ("Avgiftsfria idrottsturer för unga", 30000, "Fredagskvällar i skolans sal."),
        ("En skateramp", 40000, "En liten ramp vid idrottsplanen."),
    ),
}
# A long Finnish compound, so the largest projects also test how a word too long for a line breaks.
LONG_WORDS = "Lähiliikuntapaikkarakentamissuunnitelma ja kirjastonaukioloaikojenpidennys "


def _projects_text(projects: tuple[tuple[str, int, str], ...]) -> str:
    return "\n".join(f"{name};{cost};{description}" for name, cost, description in projects)


def demo(language: str) -> DemoActivity:
    """Six neighbourhood projects, 100,000 euros, up to three projects each: last on the
    demo's agenda."""
    projects = DEMO_PROJECTS.get(language, DEMO_PROJECTS["en"])
    return DemoActivity(
        title=DEMO_TITLE.get(language, DEMO_TITLE["en"]),
        values={
            "ballot": "approval",
            "budget": "100000",
            "max_projects": "3",
            "rule": "equalshares/add1",
            "projects": _projects_text(projects),
        },
        position=8,
    )


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """The facilitator entering a paper ballot with its reference."""
    values = {"for": "paper", "choose-1": "on", "choose-2": "on"}
    return (TextCommand("enter_ballot", ("reference",), FACILITATOR, values),)


def _voters(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """The vote open: everyone present has cast a ballot (by proxy for those without a phone),
    the first has reopened theirs to change it, one who left was withdrawn, two paper ballots
    entered and one of them taken back."""
    config = kind.parse_config(demo("en").values)
    ids = [p["id"] for p in config["projects"]]
    events: list[Event] = [VoteOpened(seed=4711, at=OPENED)]
    for index, person in enumerate(_voters(people)):
        choice = (ids[index % len(ids)], ids[(index + 2) % len(ids)])
        channel = "room" if person.in_room else "remote"
        if not person.by_proxy:
            events += [DraftChanged(person.id, choice[:1]), DraftChanged(person.id, choice)]
            events.append(BallotReviewed(person.id))
        events.append(BallotCast(person.id, choice, (), channel, proxy=person.by_proxy))
    gone = [p for p in people.values() if not p.present]
    for person in gone:
        events += [BallotCast(person.id, (ids[0],), (), "remote"), BallotWithdrawn(person.id)]
    first = next((p for p in _voters(people) if not p.by_proxy), None)
    if first is not None:
        events.append(BallotReopened(first.id))
    events += [
        PaperBallotCast("paper-a", (ids[1], ids[3]), (), "Kirjasto 1"),
        PaperBallotCast("paper-b", (ids[5],), (), "Kirjasto 2"),
        PaperBallotRemoved("paper-b"),
    ]
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Every project it may have, each name and description as long as allowed, all of them
    funded (the budget fits them all), closed, reopened, closed again and revealed to the end."""
    rows = []
    for number in range(1, MAX_PROJECTS + 1):
        name = f"{number}. {LONG_WORDS * 4}"[:MAX_NAME].strip()
        description = (LONG_WORDS * 20)[:MAX_DESCRIPTION].strip()
        rows.append(f"{name};{1000 + number};{description}")
    config = kind.parse_config(
        {"ballot": "approval", "budget": "999999999", "projects": "\n".join(rows)}
    )
    ids = tuple(p["id"] for p in config["projects"])
    events: list[Event] = [VoteOpened(seed=1, at=OPENED)]
    for index, person in enumerate(_voters(people)):
        mine = ids[index:] + ids[:index]
        events.append(BallotCast(person.id, mine, (), "room", proxy=person.by_proxy))
    events += [
        PaperBallotCast("paper-1", ids, (), "x" * 200),
        VoteClosed(lot_seed=2, at=CLOSED),
        VoteReopened(),
        VoteClosed(lot_seed=3, at=CLOSED),
        OutcomeRevealed(len(ids)),
    ]
    return Run(config, tuple(events))
