"""A workshop as the views see it: folded from the event log, always at a known seq.

Log entries without an activity are workshop events (people joining and leaving, the agenda,
which activity runs, the shared timer and controls; piiri/domain/events.py); the others belong
to an activity and are folded by that activity's ``evolve``. Times in events are ISO-8601 UTC
strings. The fold reads plain ``LogEntry`` values (the store in piiri/log/ makes them from its
rows) or, for a preview, the decided events themselves: no database is needed for either.

Every entry's data is cleaned as it is decoded (``clean_json``, piiri/activities/text.py): a log
written by a version that let a lone surrogate or a bidi override in still folds into a state
whose every view and export can be encoded. Clean data is not copied, so this costs one scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from piiri.activities import activity_kind
from piiri.activities.config_languages import retranslated, written_alike
from piiri.activities.local_text import LocalText
from piiri.activities.text import clean_json
from piiri.domain.events import (
    ActivityAdded,
    ActivityEdited,
    ActivityEvent,
    ActivityRemoved,
    ActivityRestored,
    ActivityStarted,
    ActivityStopped,
    AgendaReordered,
    CallLinkSet,
    InputLocked,
    InputUnlocked,
    JoinPanelPlaced,
    JoinRulesSet,
    LanguagesSet,
    LogEntry,
    LogEvent,
    MessagePinned,
    MessageUnpinned,
    ParticipantAdmitted,
    ParticipantErased,
    ParticipantJoined,
    ParticipantLeft,
    ParticipantRemoved,
    ParticipantReturned,
    ParticipantWaiting,
    ResultsHiddenFromAll,
    ResultsOffered,
    ResultsShownToAll,
    ScreenLanguagesSet,
    TimerExtended,
    TimerPaused,
    TimerReset,
    TimerStarted,
    WorkshopClosed,
    WorkshopEvent,
    WorkshopReopened,
    decode,
)
from piiri.domain.vocabulary import Person


@dataclass(frozen=True)
class ActivityInfo:
    id: int
    kind: str
    title: str
    position: int
    config: Mapping[str, Any]
    # Removed from the agenda, but kept (with what was captured) for the report.
    removed: bool = False
    # How many activity events the log holds for it: anything above 0 is captured input.
    inputs: int = 0
    # The title in the workshop's other languages (language -> title).
    titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def local_title(self) -> LocalText:
        """The title with its other languages, for the ``local`` filter."""
        return LocalText(self.title, tuple(sorted(self.titles.items())))


@dataclass(frozen=True)
class Timer:
    """The one shared timer. Running: ``ends_at`` is set; paused: ``remaining`` is set."""

    ends_at: str | None = None
    remaining: int | None = None
    total: int = 0

    @property
    def running(self) -> bool:
        return self.ends_at is not None

    @property
    def paused(self) -> bool:
        return self.ends_at is None and self.remaining is not None

    @property
    def idle(self) -> bool:
        return self.ends_at is None and self.remaining is None

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds left (0 when time is up); None when no timer is set."""
        if self.ends_at is not None:
            left = (datetime.fromisoformat(self.ends_at) - now).total_seconds()
            return max(0, round(left))
        return self.remaining


@dataclass(frozen=True)
class WorkshopState:
    id: int
    title: str
    language: str
    code: str
    seq: int = 0
    current_activity_id: int | None = None
    closed: bool = False
    activities: tuple[ActivityInfo, ...] = ()
    people: Mapping[int, Person] = field(default_factory=dict)
    # The seq of the last entry that changed ``people``: what the console's people list shows
    # depends on it alone, so a fan-out re-renders that list only when it moved.
    people_seq: int = 0
    activity_states: Mapping[int, Any] = field(default_factory=dict)
    timer: Timer = Timer()
    input_locked: bool = False
    results_hidden: bool = False
    pinned: str = ""
    # Who may join (JoinRulesSet): "open", "admit" or "closed"; at most ``join_cap`` people
    # (None: the server's PARTICIPANT_CAP).
    join_policy: str = "open"
    join_cap: int | None = None
    # When each person joined or asked to (ISO-8601 UTC, from the log entry's time).
    joined_at: Mapping[int, str] = field(default_factory=dict)
    # How many inputs were withdrawn with removed people, for the report.
    withdrawn: int = 0
    # Where the room screen shows how to join (piiri/domain/shared_controls.py's placements).
    join_panel: str = "large"
    # The video call remote people join in plenary ("": none; piiri/activities/call_links.py).
    call_link: str = ""
    # The pinned message in the workshop's other languages (language -> text).
    pinned_translations: Mapping[str, str] = field(default_factory=dict)
    # The languages the workshop runs in besides its own ``language`` (LanguagesSet).
    other_languages: tuple[str, ...] = ()
    # The room screen's languages: "" (each screen's own) or two side by side ("fi+sv").
    screen_languages: str = ""
    # The workshop's title in its other languages (language -> title).
    titles: Mapping[str, str] = field(default_factory=dict)
    # The published results page's secret token ("": none published): its link is offered.
    results_token: str = ""

    @property
    def local_title(self) -> LocalText:
        return LocalText(self.title, tuple(sorted(self.titles.items())))

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the workshop runs in, its own first: every reader's fallback."""
        return (self.language, *(c for c in self.other_languages if c != self.language))

    @property
    def local_pinned(self) -> LocalText:
        return LocalText(self.pinned, tuple(sorted(self.pinned_translations.items())))

    def screen_pair(self, language: str) -> tuple[str, str | None]:
        """The languages a room screen of ``language`` shows: its own alone, or the pair the
        facilitator chose (first, second)."""
        first, _, second = self.screen_languages.partition("+")
        if second and {first, second} <= set(self.languages):
            return first, second
        return language, None

    @property
    def current(self) -> ActivityInfo | None:
        return self.activity(self.current_activity_id)

    @property
    def agenda(self) -> tuple[ActivityInfo, ...]:
        """The activities on the agenda, in order (removed ones are not)."""
        return tuple(a for a in self.activities if not a.removed)

    @property
    def removed(self) -> tuple[ActivityInfo, ...]:
        return tuple(a for a in self.activities if a.removed)

    def activity(self, activity_id: int | None) -> ActivityInfo | None:
        return next((a for a in self.activities if a.id == activity_id), None)

    def activity_state(self, activity_id: int) -> Any:
        return self.activity_states[activity_id]

    @property
    def waiting(self) -> tuple[Person, ...]:
        """People asking to join, in the order they asked."""
        return tuple(p for p in self.people.values() if p.waiting)

    @property
    def counted_people(self) -> int:
        """People the participant cap counts: everyone not removed or refused."""
        return sum(1 for p in self.people.values() if not p.removed)

    @property
    def present_people(self) -> tuple[Person, ...]:
        return tuple(p for p in self.people.values() if p.present)

    @property
    def by_proxy(self) -> tuple[Person, ...]:
        """People without a phone, whom the facilitator votes for."""
        return tuple(p for p in self.people.values() if p.by_proxy)

    @property
    def in_room(self) -> int:
        return sum(1 for p in self.present_people if p.in_room)

    @property
    def remote(self) -> int:
        return sum(1 for p in self.present_people if not p.in_room)

    def apply(self, entry: LogEntry) -> WorkshopState:
        """The state after one log entry. Entries must arrive in seq order, without gaps.

        Raises ValueError for an entry out of order, for an unknown activity and for an event
        type this version does not know."""
        if entry.seq != self.seq + 1:
            raise ValueError(f"workshop {self.id}: expected seq {self.seq + 1}, got {entry.seq}")
        after = self.evolve(self.decode(entry))
        if entry.type in ("ParticipantJoined", "ParticipantWaiting") and entry.at is not None:
            joined = dict(after.joined_at)
            at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=UTC)
            joined[int(entry.data["id"])] = at.isoformat()
            after = replace(after, joined_at=joined)
        return after

    def decode(self, entry: LogEntry) -> LogEvent:
        """The event a log entry holds; an activity's is decoded by its kind."""
        data = clean_json(entry.data)
        if entry.activity_id is None:
            return decode(entry.type, data)
        info = self.activity(entry.activity_id)
        if info is None:
            raise ValueError(f"event {entry.seq} for unknown activity {entry.activity_id}")
        event = activity_kind(info.kind).decode_event(entry.type, data)
        return ActivityEvent(info.id, info.kind, event)

    def evolve(self, event: LogEvent) -> WorkshopState:
        """The state once ``event`` is appended to the log at the next seq.

        This is how a decision is previewed (an activity sees the roster after a join) without
        a log entry; ``apply`` is the same fold for what the log holds."""
        state = replace(self, seq=self.seq + 1)
        if isinstance(event, ActivityEvent):
            return state._evolve_activity(event)
        return state._evolve_workshop(event)

    def _evolve_activity(self, event: ActivityEvent) -> WorkshopState:
        info = self.activity(event.activity_id)
        if info is None:
            raise ValueError(f"an event for unknown activity {event.activity_id}")
        kind = activity_kind(info.kind)
        states = dict(self.activity_states)
        states[info.id] = kind.evolve(states[info.id], event.event)
        counted = replace(info, inputs=info.inputs + 1)
        return replace(self, activity_states=states, activities=self._with(counted))

    def _with(self, info: ActivityInfo) -> tuple[ActivityInfo, ...]:
        return tuple(info if a.id == info.id else a for a in self.activities)

    def _with_person(self, person_id: int, present: bool, **changes: Any) -> WorkshopState:
        people = dict(self.people)
        people[person_id] = replace(people[person_id], present=present, **changes)
        return replace(self, people=people, people_seq=self.seq)

    def _listed(self, activity_id: int) -> ActivityInfo:
        info = self.activity(activity_id)
        if info is None:
            raise ValueError(f"workshop {self.id} has no activity {activity_id}")
        return info

    def _evolve_workshop(self, event: WorkshopEvent) -> WorkshopState:
        match event:
            case ParticipantJoined(person_id, name, in_room, by_proxy):
                people = dict(self.people)
                people[person_id] = Person(
                    id=person_id, name=name, in_room=in_room, by_proxy=by_proxy
                )
                return replace(self, people=people, people_seq=self.seq)
            case ParticipantLeft(person_id):
                return self._with_person(person_id, False)
            case ParticipantReturned(person_id):
                return self._with_person(person_id, True, removed=False, waiting=False)
            case ParticipantWaiting(person_id, name, in_room):
                people = dict(self.people)
                people[person_id] = Person(
                    id=person_id,
                    name=name,
                    in_room=in_room,
                    by_proxy=False,
                    present=False,
                    waiting=True,
                )
                return replace(self, people=people, people_seq=self.seq)
            case ParticipantAdmitted(person_id):
                return self._with_person(person_id, True, waiting=False)
            case ParticipantRemoved(person_id, withdrawn):
                removed = self._with_person(person_id, False, waiting=False, removed=True)
                return replace(removed, withdrawn=self.withdrawn + withdrawn)
            case ParticipantErased(person_id):
                person = self.people[person_id]
                return self._with_person(person_id, person.present, name="")
            case JoinRulesSet(policy, cap):
                return replace(self, join_policy=policy, join_cap=cap)
            case ActivityAdded(activity_id, kind, title, position, config, titles):
                info = ActivityInfo(
                    id=activity_id,
                    kind=kind,
                    title=title,
                    position=position,
                    config=config,
                    titles=dict(titles),
                )
                states = dict(self.activity_states)
                states[info.id] = activity_kind(info.kind).initial(info.config)
                activities = tuple(sorted((*self.activities, info), key=lambda a: a.position))
                return replace(self, activities=activities, activity_states=states)
            case ActivityEdited(activity_id, title, config, titles):
                before = self._listed(activity_id)
                states = dict(self.activity_states)
                if (
                    config != before.config
                    and before.inputs
                    and written_alike(config, before.config)
                ):
                    # Only other languages were added: what was captured stays.
                    states[before.id] = retranslated(states[before.id], config)
                elif config != before.config:
                    states[before.id] = activity_kind(before.kind).initial(config)
                edited = replace(before, title=title, config=config, titles=dict(titles))
                return replace(self, activities=self._with(edited), activity_states=states)
            case ActivityRemoved(activity_id) | ActivityRestored(activity_id):
                changed = replace(
                    self._listed(activity_id), removed=isinstance(event, ActivityRemoved)
                )
                return replace(self, activities=self._with(changed))
            case AgendaReordered(order):
                placed = {activity_id: i for i, activity_id in enumerate(order)}
                moved = [replace(a, position=placed.get(a.id, a.position)) for a in self.activities]
                return replace(self, activities=tuple(sorted(moved, key=lambda a: a.position)))
            case ActivityStarted(activity_id):
                return replace(self, current_activity_id=activity_id)
            case ActivityStopped():
                return replace(self, current_activity_id=None)
            case WorkshopClosed() | WorkshopReopened():
                return replace(self, closed=isinstance(event, WorkshopClosed))
            case TimerStarted(ends_at, remaining, total) | TimerExtended(ends_at, remaining, total):
                return replace(self, timer=Timer(ends_at=ends_at, remaining=remaining, total=total))
            case TimerPaused(remaining):
                return replace(self, timer=Timer(remaining=remaining, total=self.timer.total))
            case TimerReset():
                return replace(self, timer=Timer())
            case InputLocked() | InputUnlocked():
                return replace(self, input_locked=isinstance(event, InputLocked))
            case ResultsHiddenFromAll() | ResultsShownToAll():
                return replace(self, results_hidden=isinstance(event, ResultsHiddenFromAll))
            case MessagePinned(text, translations):
                return replace(self, pinned=text, pinned_translations=dict(translations))
            case MessageUnpinned():
                return replace(self, pinned="", pinned_translations={})
            case LanguagesSet(others, titles):
                return replace(self, other_languages=others, titles=dict(titles))
            case ScreenLanguagesSet(languages):
                return replace(self, screen_languages=languages)
            case ResultsOffered(token):
                return replace(self, results_token=token)
            case JoinPanelPlaced(placement):
                return replace(self, join_panel=placement)
            case CallLinkSet(url):
                return replace(self, call_link=url)
