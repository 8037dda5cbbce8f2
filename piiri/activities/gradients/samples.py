"""How gradients of agreement show themselves: the demo's proposal, a sample run over two
versions, the largest proposal its configuration allows, and the commands that carry text."""

from __future__ import annotations

from collections.abc import Mapping

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.gradients.model import (
    MAX_PROPOSAL_LENGTH,
    MAX_REASON_LENGTH,
    MAX_VERSIONS,
    Command,
    Event,
    Gradients,
    GradientsHidden,
    GradientsShown,
    StanceTaken,
    StanceWithdrawn,
    VersionAdded,
)
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[Gradients, Command, Event]

FACILITATOR = Actor("facilitator", facilitator_id=1)
DEMO = {
    "en": (
        "Testing our recommendation",
        "The library keeps its evening hours and the branch stays open until 2030.",
    ),
    "fi": (
        "Suosituksen testaus",
        "Kirjasto pitää ilta-aukiolonsa, ja lähikirjasto pysyy auki vuoteen 2030.",
    ),
    "sv": (
        "Vi testar rekommendationen",
        "Biblioteket behåller kvällsöppet och filialen hålls öppen till 2030.",
    ),
}
LONG = "Kirjastopalveluverkkosuunnitelman toimeenpanosuositus ja lähipalvelujen saavutettavuus "


def demo(language: str) -> DemoActivity:
    """The jury's draft recommendation: seventh on the demo's agenda."""
    title, proposal = DEMO.get(language, DEMO["en"])
    return DemoActivity(title=title, values={"proposal": proposal}, position=7)


def _here(people: Mapping[int, Person]) -> list[Person]:
    return [p for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A new version from the facilitator; a reason from the sample's first person."""
    commands = [TextCommand("new_version", ("text",), FACILITATOR)]
    here = [p for p in _here(people) if not p.by_proxy]
    if here:
        actor = Actor("participant", here[0].id)
        commands.append(TextCommand("take_stance", ("reason",), actor, {"level": "5"}))
    return tuple(commands)


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Everyone present takes a stance on version 1 (7 and 8 with reasons); results shown; a
    second version after the discussion, where the group moves up; shown again."""
    config = kind.parse_config({"proposal": DEMO["en"][1]})
    here = _here(people)
    events: list[Event] = []
    for index, person in enumerate(here):
        level = index % 8 + 1
        reason = "The branch costs too much" if level >= 5 else ""
        events.append(StanceTaken(1, person.id, level, reason, person.by_proxy))
    events += [GradientsShown(), GradientsHidden(), GradientsShown()]
    events.append(VersionAdded(DEMO["en"][1] + " The costs are reviewed in 2028."))
    for index, person in enumerate(here):
        level = index % 4 + 1
        events.append(StanceTaken(2, person.id, level, "", person.by_proxy))
    events.append(GradientsShown())
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Every version allowed, each as long as allowed; everyone at every level with the
    longest reasons; the last version's results shown."""
    config = kind.parse_config({"proposal": (LONG * 20)[:MAX_PROPOSAL_LENGTH].strip()})
    here = _here(people)
    events: list[Event] = []
    reason = (LONG * 5)[:MAX_REASON_LENGTH].strip()
    for version in range(1, MAX_VERSIONS + 1):
        if version > 1:
            events.append(VersionAdded((f"{version}. {LONG * 20}")[:MAX_PROPOSAL_LENGTH].strip()))
        for index, person in enumerate(here):
            level = (index + version) % 8 + 1
            events.append(StanceTaken(version, person.id, level, reason, person.by_proxy))
    if here:
        events.append(StanceWithdrawn(1, here[0].id))  # someone taken out of the first round
    events.append(GradientsShown())
    return Run(config, tuple(events))
