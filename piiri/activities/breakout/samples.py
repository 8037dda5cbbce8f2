"""How a breakout shows itself: the demo's small groups, a sample session, the largest board
its configuration allows, and the commands that carry typed text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.breakout.commands import Command
from piiri.activities.breakout.model import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PROMPT_LENGTH,
    MAX_PROMPTS,
    Breakout,
    Event,
    GroupsFormed,
    GroupsRecalled,
    GroupsReopened,
    GroupTimeSet,
    MemberMoved,
    MessageBroadcast,
    MessageCleared,
    NoteAdded,
    NoteEdited,
    NoteRemoved,
)
from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[Breakout, Command, Event]

DEMO_BREAKOUT = {
    "en": "Small groups: what would make this neighbourhood better?",
    "fi": "Pienryhmät: mikä tekisi tästä asuinalueesta paremman?",
    "sv": "Smågrupper: vad skulle göra det här området bättre?",
}
AT = "2026-03-02T09:30:00+00:00"
ENDS = "2026-03-02T09:45:00+00:00"
FACILITATOR = Actor("facilitator", facilitator_id=1)
# Long Finnish compounds, so the largest texts also test how a word too long for a line breaks.
LONG = "Asukasyhdistyksenkevätkokouksenpäätösehdotus lähiliikuntapaikkojen korjaamisesta. "


def demo(kind: Kind, language: str) -> DemoActivity:
    """Small groups with the defaults: third on the demo's agenda."""
    return DemoActivity(
        title=DEMO_BREAKOUT.get(language, DEMO_BREAKOUT["en"]),
        values=kind.config_form(kind.default_config()),
        position=3,
    )


def _here(people: Mapping[int, Person]) -> list[int]:
    return [p.id for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def _groups(here: list[int], size: int, prompts: list[Any]) -> list[dict[str, Any]]:
    """Everyone present in groups of at most ``size``, dealt in turn; at least two groups."""
    count = max(2, -(-len(here) // size))
    return [
        {"id": f"g{n + 1}", "number": n + 1, "prompts": prompts, "members": here[n::count]}
        for n in range(count)
    ]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A new note and an edit by the sample's first writer; the facilitator's message."""
    commands = [TextCommand("broadcast", ("text",), FACILITATOR)]
    here = _here(people)
    if here:
        writer = Actor("participant", here[0])
        commands += [
            TextCommand("add_note", ("text",), writer),
            TextCommand("edit_note", ("text",), writer, {"note": "g1-1", "base": "2"}),
        ]
    return tuple(commands)


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Groups at work on two prompts: notes written, edited and removed, someone moved,
    someone away and back, a timer and a message; recalled once and opened again."""
    config = kind.parse_config(
        {"prompts": "What works well here?\nWhat should change first?", "minutes": "15"}
    )
    here = _here(people)
    if not here:
        return Run(config, ())
    groups = _groups(here, 4, config["prompts"])
    events: list[Event] = [GroupsFormed(groups, "mix")]
    for group in groups:
        for index, member in enumerate(group["members"], start=1):
            note = f"Idea {index} of group {group['number']}: a longer library evening"
            events.append(NoteAdded(group["id"], f"{group['id']}-{index}", note, member))
    first = groups[0]["members"][0]
    events += [
        NoteEdited("g1", "g1-1", "Open the library until nine on weekdays", first, 2),
        NoteAdded("g1", "g1-x", "A note taken back", first),
        NoteRemoved("g1", "g1-x", first),
        MemberLeft(first),
        MemberReturned(first),
    ]
    if len(groups[1]["members"]) > 1:
        events.append(MemberMoved(groups[1]["members"][-1], "g1"))
    events += [GroupTimeSet(g["id"], ENDS) for g in groups]
    events += [MessageBroadcast("Five minutes left", AT), MessageCleared()]
    events += [GroupsRecalled(AT), GroupsReopened(), MessageBroadcast("Two minutes left", AT)]
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Every prompt at its longest in every group, everyone's longest note, the longest
    message, recalled: every group's notes on the board."""
    prompts = [(f"{n}. {LONG * 5}")[:MAX_PROMPT_LENGTH].strip() for n in range(1, MAX_PROMPTS + 1)]
    config = kind.parse_config({"prompts": "\n".join(prompts), "group_size": "4"})
    here = _here(people)
    if not here:
        return Run(config, ())
    groups = _groups(here, 4, config["prompts"])
    events: list[Event] = [GroupsFormed(groups, "mix")]
    for group in groups:
        for member in group["members"]:
            text = (f"{member}. {LONG * 8}")[:MAX_NOTE_LENGTH].strip()
            events.append(NoteAdded(group["id"], f"n{member}", text, member))
    events += [GroupTimeSet(g["id"], ENDS) for g in groups]
    events.append(MessageBroadcast((LONG * 3)[:MAX_MESSAGE_LENGTH].strip(), AT))
    events.append(GroupsRecalled(AT))
    return Run(config, tuple(events))
