"""How an interview shows itself: the demo's interviews, a sample session, the largest guide
and harvest its configuration allows, and the commands that carry typed text."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.contract import ActivityKind, DemoActivity, Run, TextCommand
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.activities.interview.commands import Command
from piiri.activities.interview.model import (
    MAX_CAPTURE_LENGTH,
    MAX_PHASES,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    MAX_THEME_LENGTH,
    MAX_THEMES,
    BoardShown,
    Captured,
    CaptureRemoved,
    CaptureThemed,
    Event,
    HarvestStarted,
    Interview,
    InterviewsResumed,
    PairsFormed,
    PersonPaired,
    QuestionShown,
    RolesSwapped,
    SwapTimerSet,
    ThemeAdded,
)
from piiri.activities.local_text import LocalText
from piiri.domain.vocabulary import Actor, Person

Kind = ActivityKind[Interview, Command, Event]

DEMO_INTERVIEW = {
    "en": "Appreciative interviews in pairs",
    "fi": "Arvostavat haastattelut pareittain",
    "sv": "Uppskattande intervjuer i par",
}
SWAP_AT = "2026-03-02T09:40:00+00:00"
# Long Finnish compounds, so the largest texts also test how a word too long for a line breaks.
LONG = "Kyläyhdistyksentoimintasuunnitelmaluonnos sai kiitosta yhteisöllisyydestä. "


def demo(kind: Kind, language: str) -> DemoActivity:
    """Interviews in pairs along the 4-D guide: fourth on the demo's agenda."""
    return DemoActivity(
        title=DEMO_INTERVIEW.get(language, DEMO_INTERVIEW["en"]),
        values=kind.config_form(kind.default_config()),
        position=4,
    )


def _here(people: Mapping[int, Person]) -> list[int]:
    return [p.id for p in sorted(people.values(), key=lambda p: p.id) if p.present]


def _pairs(here: list[int]) -> list[dict[str, Any]]:
    """Pairs in the order given; a trio when the count is odd."""
    groups = [here[i : i + 2] for i in range(0, len(here) - len(here) % 2, 2)]
    if len(here) % 2 and groups:
        groups[-1].append(here[-1])
    return [{"id": f"p{n}", "number": n, "members": m} for n, m in enumerate(groups, start=1)]


def text_commands(people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
    """A capture by the sample's first interviewer; a theme named by the facilitator."""
    commands = [TextCommand("add_theme", ("name",), Actor("facilitator", facilitator_id=1))]
    here = _here(people)
    if len(here) >= 2:
        interviewer = Actor("participant", here[0])
        commands.append(TextCommand("capture", ("text",), interviewer, {"kind": "quote"}))
    return tuple(commands)


def sample(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """Pairs on their second question with highlights and quotes captured; someone moved,
    someone away and back; a harvest with a theme on the board, then interviews resumed
    after a swap."""
    config = kind.parse_config(kind.default_config())
    here = _here(people)
    if len(here) < 2:
        return Run(config, ())
    pairs = _pairs(here)
    last = here[-1]
    home = next(p["id"] for p in pairs if last in p["members"])
    events: list[Event] = [
        PairsFormed(pairs, "unlikely"),
        PersonPaired(last, "p1"),
        PersonPaired(last, home),
        MemberLeft(here[0]),
        MemberReturned(here[0]),
        SwapTimerSet(SWAP_AT),
    ]
    for pair in pairs:
        first, second = pair["members"][0], pair["members"][1]
        events += [
            QuestionShown(pair["id"], 1),
            Captured(
                f"{pair['id']}-h",
                pair["id"],
                first,
                second,
                1,
                "highlight",
                "We kept the doors open",
            ),
            Captured(
                f"{pair['id']}-q", pair["id"], second, second, 1, "quote", "Everyone was welcome"
            ),
        ]
    events += [
        Captured("gone", "p1", here[0], here[1], 0, "highlight", "Taken back"),
        CaptureRemoved("gone"),
        HarvestStarted(),
        ThemeAdded("t1", LocalText("Open doors")),
        CaptureThemed("p1-h", "t1"),
        BoardShown(True),
        InterviewsResumed(),
        RolesSwapped([p["id"] for p in pairs], True, None),
    ]
    return Run(config, tuple(events))


def largest(kind: Kind, people: Mapping[int, Person]) -> Run[Event]:
    """A guide of every phase and question at full length; at the harvest, every theme at its
    longest and everyone's longest highlight and quote on the board."""
    per_phase = MAX_QUESTIONS // MAX_PHASES
    lines: list[str] = []
    for phase in range(1, MAX_PHASES + 1):
        lines.append("# " + (f"{phase}. {LONG}")[:MAX_THEME_LENGTH].strip())
        for question in range(1, per_phase + 1):
            text = f"{phase}.{question} {LONG * 5}"
            lines.append(text[: MAX_QUESTION_LENGTH - 1].strip() + "?")
    config = kind.parse_config({"guide": "\n".join(lines), "minutes_per_role": "120"})
    here = _here(people)
    if len(here) < 2:
        return Run(config, ())
    pairs = _pairs(here)
    events: list[Event] = [PairsFormed(pairs, "random"), HarvestStarted()]
    themes = [f"t{n}" for n in range(1, MAX_THEMES + 1)]
    events += [
        ThemeAdded(t, LocalText((f"{n}. {LONG}")[:MAX_THEME_LENGTH].strip()))
        for n, t in enumerate(themes, start=1)
    ]
    step = MAX_QUESTIONS - 1
    for pair in pairs:
        for member in pair["members"]:
            about = next(m for m in pair["members"] if m != member)
            for kind_of in ("highlight", "quote"):
                capture = f"{member}-{kind_of}"
                text = (f"{member} {LONG * 8}")[: MAX_CAPTURE_LENGTH - 1].strip()
                events.append(Captured(capture, pair["id"], member, about, step, kind_of, text))
                events.append(CaptureThemed(capture, themes[len(events) % len(themes)]))
    events.append(BoardShown(True))
    return Run(config, tuple(events))
