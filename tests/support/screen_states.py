"""Every state a room screen can be asked to show, with the largest content there is, rendered
as the screen's page without a server: the browser test of the screen's fit loads them.

Each registered kind's ``largest`` run is folded one stage at a time (the run cut before the
first event of each type it holds, and whole), in a workshop of ``ROOM`` people with the
longest names, under the longest title, with the shared bar full (a running timer, the
longest pinned message, input locked) and the join panel in each of its placements. Beside
them: no activity yet, results hidden, a closed workshop (also with its results offered), and
the screen in two languages (the facilitator's "fi + sv") at each kind's last stage, every text
the facilitator wrote given in Swedish as long as in Finnish. And each kind's ``sample`` run,
stage by stage, with content of an ordinary size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request

from participant.views import screen_context
from piiri.activities import REGISTRY, activity_kind
from piiri.activities.local_text import LocalText
from piiri.domain.events import (
    ActivityAdded,
    ActivityEvent,
    ActivityStarted,
    InputLocked,
    JoinPanelPlaced,
    LanguagesSet,
    LogEvent,
    MessagePinned,
    ParticipantJoined,
    ResultsHiddenFromAll,
    ResultsOffered,
    ScreenLanguagesSet,
    TimerStarted,
    WorkshopClosed,
)
from piiri.domain.people import MAX_NAME_LENGTH
from piiri.domain.plan import preview
from piiri.domain.rules import MAX_TITLE_LENGTH
from piiri.domain.shared_controls import JOIN_PANEL_PLACEMENTS, MAX_PINNED_LENGTH
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import Person
from piiri.web.rendering import Renderer

# Thirty groups of four: the breakout's board holds thirty groups' notes.
ROOM = 120
ACTIVITY_ID = 1
BASE_URL = "https://piiri.example.org"
LONG = "Lähiliikuntapaikkojen kunnostaminen ja kirjastonaukioloaikojen pidentäminen "
NOW = datetime.now(UTC)


@dataclass(frozen=True)
class ScreenState:
    name: str
    state: WorkshopState


def _long(prefix: str, limit: int) -> str:
    return (prefix + " " + LONG * (limit // len(LONG) + 1))[:limit].strip()


def room() -> list[ParticipantJoined]:
    """``ROOM`` people with names as long as allowed; every fifth remote, every seventh
    without a phone."""
    return [
        ParticipantJoined(
            id=n,
            name=_long(f"{n}.", MAX_NAME_LENGTH),
            in_room=n % 5 != 0,
            by_proxy=n % 7 == 0,
        )
        for n in range(1, ROOM + 1)
    ]


def workshop() -> WorkshopState:
    start = WorkshopState(
        id=1, title=_long("Asukasilta", MAX_TITLE_LENGTH), language="fi", code="482913"
    )
    return preview(start, room())


def full_bar() -> list[LogEvent]:
    """A running timer, the longest pinned message and input locked."""
    ends = (NOW + timedelta(hours=3, minutes=59)).isoformat()
    return [
        TimerStarted(ends_at=ends, remaining=None, total=4 * 3600),
        MessagePinned(_long("Kahvitauko", MAX_PINNED_LENGTH)),
        InputLocked(),
    ]


def _cuts(events: tuple[object, ...]) -> list[int]:
    """Where a run is cut: before the first event of each type, and whole."""
    seen: set[type] = set()
    cuts = [0]
    for index, event in enumerate(events):
        if type(event) not in seen:
            seen.add(type(event))
            cuts.append(index)
    cuts.append(len(events))
    return sorted(set(cuts))


def kind_states(kind_name: str) -> Iterator[ScreenState]:
    """The kind's largest run at each stage, its activity running under the longest title."""
    base = workshop()
    people: dict[int, Person] = dict(base.people)
    kind = activity_kind(kind_name)
    run = kind.largest(people)
    title = _long(kind_name, MAX_TITLE_LENGTH)
    added = ActivityAdded(ACTIVITY_ID, kind_name, title, 0, run.config)
    started = preview(base, [added, ActivityStarted(ACTIVITY_ID)])
    for cut in _cuts(run.events):
        events = [ActivityEvent(ACTIVITY_ID, kind_name, e) for e in run.events[:cut]]
        last = type(run.events[cut - 1]).__name__ if cut else "start"
        yield ScreenState(f"{kind_name} after {cut} events ({last})", preview(started, events))


def sample_states() -> Iterator[ScreenState]:
    """Each kind's ``sample`` run (content of an ordinary size) at each stage, under the join
    panel's large placement: lines that wrap or not by a word, where the largest runs' always
    wrap."""
    base = preview(workshop(), [JoinPanelPlaced("large")])
    for name in REGISTRY:
        kind = activity_kind(name)
        run = kind.sample(dict(base.people))
        added = ActivityAdded(ACTIVITY_ID, name, "Lähikirjaston aukioloajat", 0, run.config)
        started = preview(base, [added, ActivityStarted(ACTIVITY_ID)])
        for cut in _cuts(run.events):
            events = [ActivityEvent(ACTIVITY_ID, name, e) for e in run.events[:cut]]
            last = type(run.events[cut - 1]).__name__ if cut else "start"
            yield ScreenState(
                f"{name} sample after {cut} events ({last})", preview(started, events)
            )


def every_state() -> Iterator[ScreenState]:
    """Every state, each with the bar full and the join panel large and in the corner (the
    placements that take room); hidden, which gives the board all the room, at each kind's
    last stage."""
    bar = full_bar()
    plain = [ScreenState("no activity", workshop())]
    finals = {plain[0].name}
    for name in REGISTRY:
        stages = list(kind_states(name))
        plain += stages
        finals.add(stages[-1].name)
    for screen in plain:
        for placement in JOIN_PANEL_PLACEMENTS:
            if placement == "hidden" and screen.name not in finals:
                continue
            placed = preview(screen.state, [JoinPanelPlaced(placement), *bar])
            yield ScreenState(f"{screen.name}, join {placement}, bar full", placed)
    last = plain[-1]
    yield ScreenState(f"{last.name}, results hidden", preview(last.state, [ResultsHiddenFromAll()]))
    yield ScreenState("closed", preview(plain[1].state, [*bar, WorkshopClosed()]))
    offered = [*bar, WorkshopClosed(), ResultsOffered("x" * 43)]  # as long as a real token
    yield ScreenState("closed, results offered", preview(plain[1].state, offered))
    for screen in (s for s in plain if s.name in finals):
        for placement in ("large", "corner"):
            placed = preview(screen.state, [JoinPanelPlaced(placement), *bar])
            name = f"{screen.name}, join {placement}, bar full, in two languages"
            yield ScreenState(name, in_two_languages(placed))
    closed = preview(plain[1].state, offered)
    yield ScreenState("closed, results offered, in two languages", in_two_languages(closed))


def swedish(text: str) -> str:
    """A Swedish version as long as ``text`` (and told apart from it)."""
    return text[::-1]


def with_swedish(value: Any) -> Any:
    """``value`` (a state, at any depth) with every ``LocalText`` given in Swedish too."""
    if isinstance(value, LocalText):
        return LocalText(value.text, (("sv", swedish(value.text)),)) if value.text else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: with_swedish(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return replace(value, **changes)
    if isinstance(value, tuple):
        return tuple(with_swedish(item) for item in value)
    if isinstance(value, list):
        return [with_swedish(item) for item in value]
    if isinstance(value, Mapping):
        return {key: with_swedish(item) for key, item in value.items()}
    return value


def in_two_languages(state: WorkshopState) -> WorkshopState:
    """``state`` in a fi+sv workshop whose screen shows both, every entered text in both."""
    both = preview(state, [LanguagesSet(("sv",)), ScreenLanguagesSet("fi+sv")])
    titles = {"sv": swedish(state.title)}
    activities = tuple(replace(a, titles={"sv": swedish(a.title)}) for a in both.activities)
    pinned = {"sv": swedish(state.pinned)} if state.pinned else {}
    return replace(
        both,
        titles=titles,
        activities=activities,
        pinned_translations=pinned,
        activity_states=with_swedish(dict(both.activity_states)),
    )


def page_request(path: str = "/screen/test") -> Request:
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    return Request(scope)


def render_screen(renderer: Renderer, screen: ScreenState, language: str) -> str:
    """The room screen's whole page for ``screen``, as /screen/<token> serves it."""
    first, second = screen.state.screen_pair(language)
    context = {
        **screen_context(screen.state, BASE_URL),
        "screen_token": "fit-test",
        "oob": False,
        "request": page_request(),
        "second_language": second,
    }
    return renderer.render(first, "screen.html", context)
