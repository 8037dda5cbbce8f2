"""Deciding the workshop's own commands: people and the agenda here; the shared timer and
controls in piiri/domain/shared_controls.py; who may send a command in
piiri/domain/permissions.py, which is asked first.

Pure like an activity's ``decide``: the state, the command, the time, a fresh token and (for a
command that creates a person or an activity) the new record's id come in as values; the events
to append come out, typed (piiri/domain/events.py), or a DomainError. Nothing here touches a
database: the id is the one thing only the database can give, so the service takes it before
deciding, for the record ``new_record(command)`` names, and fills that record in from the
decided events (piiri/log/mirror.py). Activities hear about what concerns them through their
hooks: ``on_people_changed`` after a join or a leave, ``on_stopped`` when the facilitator leaves
them, ``on_deadline``.

Decisions that keep what people said:
- Editing an activity that has input may change its title only, and the versions of its texts
  in the workshop's other languages (the state keeps what it captured and takes the new
  versions: config_languages.retranslated); any other configuration change would re-initialise
  it and so is refused (duplicate it instead).
- Removing an activity takes it off the agenda but keeps it, and all it captured, for the
  report; it can be put back. A running activity cannot be removed.
- Going back to an activity resumes it with its state intact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from piiri.activities import REGISTRY, activity_kind
from piiri.activities.config_languages import parse_in_languages, titles_in, written_alike
from piiri.activities.text import one_line
from piiri.domain.commands import (
    ActivityCommand,
    AddActivity,
    AddProxyPerson,
    DuplicateActivity,
    EditActivity,
    HarvestActivity,
    Join,
    MoveActivity,
    NextActivity,
    PreviousActivity,
    ReachDeadline,
    RemoveActivity,
    RestoreActivity,
    StartActivity,
    StopActivity,
    WorkshopCommand,
)
from piiri.domain.events import (
    ActivityAdded,
    ActivityEdited,
    ActivityEvent,
    ActivityRemoved,
    ActivityRestored,
    ActivityStarted,
    ActivityStopped,
    AgendaReordered,
    LogEvent,
    ParticipantJoined,
    TimerReset,
)
from piiri.domain.people import MAX_NAME_LENGTH, decide_people
from piiri.domain.permissions import check_command, check_input
from piiri.domain.plan import preview
from piiri.domain.shared_controls import decide_shared
from piiri.domain.state import ActivityInfo, WorkshopState
from piiri.domain.vocabulary import N_, Actor, Context, DomainError

MAX_TITLE_LENGTH = 200
# PARTICIPANT_CAP's default (piiri/settings.py): far above any real room, far below a flood.
DEFAULT_PARTICIPANT_CAP = 5000

# The kind of row a command creates, whose id the database gives.
NewRecord = Literal["participant", "activity"]


def new_record(command: WorkshopCommand) -> NewRecord | None:
    """Which record ``command`` creates if it is accepted: the service takes that record's id
    from the database before deciding and passes it in as ``WorkshopRules(record_id=...)``."""
    match command:
        case Join() | AddProxyPerson():
            return "participant"
        case AddActivity() | DuplicateActivity() | HarvestActivity():
            return "activity"
    return None


@dataclass(frozen=True)
class Decision:
    """What a command comes to: the events to append, in order, and the participant or activity
    it concerns (the one created, started or edited), for the caller to go on with."""

    events: list[LogEvent]
    participant_id: int | None = None
    activity_id: int | None = None


class WorkshopRules:
    """Decides one command at ``now``. ``token`` is fresh for each command (activities make
    their own ids from it); ``record_id`` is the id of the record ``new_record(command)`` names,
    required for such a command and unused otherwise."""

    def __init__(
        self,
        *,
        now: datetime,
        token: str,
        record_id: int | None = None,
        default_cap: int = DEFAULT_PARTICIPANT_CAP,
    ) -> None:
        self.now = now
        self.token = token
        self.record_id = record_id
        # The most people a workshop takes unless its own join rules say otherwise.
        self.default_cap = default_cap

    def context(self, state: WorkshopState, activity_id: int) -> Context:
        return Context(
            now=self.now,
            new_id=self.token,
            people=state.people,
            is_current=state.current_activity_id == activity_id,
        )

    def decide(self, state: WorkshopState, actor: Actor, command: WorkshopCommand) -> Decision:
        """The events of ``command`` sent by ``actor``. Raises DomainError when the actor may not
        send it (permissions.py) or it is illegal now."""
        if isinstance(command, ActivityCommand):
            return self._activity_command(state, actor, command)
        check_command(actor, command)
        people = decide_people(self, state, actor, command)
        if people is not None:
            return people
        agenda = self._agenda(state, command)
        if agenda is not None:
            return agenda
        return Decision(list(decide_shared(state, command, self.now)))

    def new_participant_id(self) -> int:
        return self._new_id("participant")

    def _new_id(self, record: NewRecord) -> int:
        if self.record_id is None:
            raise ValueError(f"deciding a new {record} needs its record_id")
        return self.record_id

    # -- people ------------------------------------------------------------------------------

    def add_person(
        self, state: WorkshopState, name: str, *, in_room: bool, by_proxy: bool
    ) -> Decision:
        clean_name = one_line(name, limit=MAX_NAME_LENGTH)
        person_id = self._new_id("participant")
        joined = ParticipantJoined(
            id=person_id, name=clean_name, in_room=in_room, by_proxy=by_proxy
        )
        events = self.with_people_hook(state, [joined])
        return Decision(events, participant_id=person_id)

    def with_people_hook(self, state: WorkshopState, decided: list[LogEvent]) -> list[LogEvent]:
        after = preview(state, decided)
        info = after.current
        if info is None:
            return decided
        kind = activity_kind(info.kind)
        events = kind.on_people_changed(after.activity_state(info.id), self.context(after, info.id))
        return decided + self._tagged(info, events)

    @staticmethod
    def _tagged(info: ActivityInfo, events: list[Any]) -> list[LogEvent]:
        return [ActivityEvent(info.id, info.kind, event) for event in events]

    # -- activities --------------------------------------------------------------------------

    def _activity_command(
        self, state: WorkshopState, actor: Actor, command: ActivityCommand
    ) -> Decision:
        activity_id = command.activity_id
        if activity_id is None:
            activity_id = state.current_activity_id
            if activity_id is None:
                raise DomainError(N_("No activity is running."))
        info = state.activity(activity_id)
        if info is None:
            raise DomainError(N_("That activity is not in this workshop."))
        kind = activity_kind(info.kind)
        check_input(state, actor, kind, command.name)
        parsed = kind.parse_command(command.name, command.values, actor)
        context = self.context(state, activity_id)
        events = kind.decide(state.activity_state(activity_id), parsed, context)
        return Decision(self._tagged(info, events), activity_id=activity_id)

    def _stopping(self, state: WorkshopState) -> list[LogEvent]:
        """What the running activity records as the facilitator leaves it."""
        info = state.current
        if info is None:
            return []
        kind = activity_kind(info.kind)
        events = kind.on_stopped(state.activity_state(info.id), self.context(state, info.id))
        return self._tagged(info, events)

    def _start(self, state: WorkshopState, info: ActivityInfo) -> Decision:
        if info.removed:
            raise DomainError(N_("That activity has been removed from the agenda."))
        if state.current_activity_id == info.id:
            return Decision([], activity_id=info.id)
        events = [*self._stopping(state), ActivityStarted(info.id)]
        # A shared timer that has run out belongs to the activity it timed: a red 0:00 must not
        # follow the room into the next one. A running or paused timer goes on as it was.
        if state.timer.running and state.timer.seconds_left(self.now) == 0:
            events.append(TimerReset())
        return Decision(events, activity_id=info.id)

    def _find(self, state: WorkshopState, activity_id: int) -> ActivityInfo:
        info = state.activity(activity_id)
        if info is None:
            raise DomainError(N_("That activity is not in this workshop."))
        return info

    def _agenda(self, state: WorkshopState, command: WorkshopCommand) -> Decision | None:
        agenda = list(state.agenda)
        match command:
            case AddActivity(kind_name, title, values):
                if kind_name not in REGISTRY:
                    raise DomainError(N_("There is no such activity."))
                clean_title = one_line(
                    title, limit=MAX_TITLE_LENGTH, required=N_("An activity needs a title.")
                )
                others = state.languages[1:]
                config = parse_in_languages(activity_kind(kind_name), values, others)
                titles = _titles(values, clean_title, others)
                return self._added(state, kind_name, clean_title, config, titles)
            case HarvestActivity(activity_id, into):
                info = self._find(state, activity_id)
                kind = activity_kind(info.kind)
                if into not in kind.harvest_kinds or into not in REGISTRY:
                    raise DomainError(N_("The results cannot go there."))
                offer = kind.harvest(state.activity_state(info.id), into, info.title)
                added = self._agenda(
                    state, AddActivity(offer.kind, offer.title, dict(offer.values))
                )
                assert added is not None and added.activity_id is not None
                return self._after(state, info, added)
            case DuplicateActivity(activity_id):
                info = self._find(state, activity_id)
                added = self._added(
                    state, info.kind, info.title, dict(info.config), dict(info.titles)
                )
                return self._after(state, info, added)
            case EditActivity(activity_id, title, values):
                info = self._find(state, activity_id)
                clean_title = one_line(
                    title, limit=MAX_TITLE_LENGTH, required=N_("An activity needs a title.")
                )
                others = state.languages[1:]
                config = parse_in_languages(activity_kind(info.kind), values, others)
                titles = _titles(values, clean_title, others)
                changed = config != dict(info.config)
                if changed and info.inputs and not written_alike(config, info.config):
                    raise DomainError(
                        N_(
                            "This activity already has input, so only its title and its texts "
                            "in other languages can change. Duplicate it to change the rest."
                        )
                    )
                same_title = clean_title == info.title and titles == dict(info.titles)
                if same_title and config == dict(info.config):
                    return Decision([], activity_id=activity_id)
                edited = ActivityEdited(
                    id=activity_id, title=clean_title, config=config, titles=titles
                )
                return Decision([edited], activity_id=activity_id)
            case MoveActivity(activity_id, offset):
                info = self._find(state, activity_id)
                if info.removed or offset not in (-1, 1):
                    raise DomainError(N_("That activity cannot be moved."))
                at = agenda.index(info)
                to = at + offset
                if not 0 <= to < len(agenda):
                    return Decision([])
                agenda[at], agenda[to] = agenda[to], agenda[at]
                order = [a.id for a in (*agenda, *state.removed)]
                return Decision([AgendaReordered(tuple(order))])
            case RemoveActivity(activity_id):
                info = self._find(state, activity_id)
                if info.id == state.current_activity_id:
                    raise DomainError(N_("Stop this activity before removing it."))
                if info.removed:
                    return Decision([])
                return Decision([ActivityRemoved(activity_id)])
            case RestoreActivity(activity_id):
                info = self._find(state, activity_id)
                if not info.removed:
                    return Decision([])
                return Decision([ActivityRestored(activity_id)])
            case StartActivity(activity_id):
                return self._start(state, self._find(state, activity_id))
            case StopActivity():
                if state.current_activity_id is None:
                    return Decision([])
                return Decision([*self._stopping(state), ActivityStopped()])
            case NextActivity() | PreviousActivity():
                if not agenda:
                    raise DomainError(N_("The agenda is empty. Add an activity below."))
                step = 1 if isinstance(command, NextActivity) else -1
                current = state.current
                if current is None:
                    return self._start(state, agenda[0] if step == 1 else agenda[-1])
                to = agenda.index(current) + step
                if to >= len(agenda):
                    raise DomainError(N_("This is the last activity on the agenda."))
                if to < 0:
                    raise DomainError(N_("This is the first activity on the agenda."))
                return self._start(state, agenda[to])
            case ReachDeadline():
                running = state.current
                if running is None:
                    return Decision([])
                kind = activity_kind(running.kind)
                activity_state = state.activity_state(running.id)
                due = kind.deadline(activity_state)
                if due is None or due > self.now:
                    return Decision([])
                events = kind.on_deadline(activity_state, self.context(state, running.id))
                return Decision(self._tagged(running, events), activity_id=running.id)
        return None

    @staticmethod
    def _after(state: WorkshopState, info: ActivityInfo, added: Decision) -> Decision:
        """``added`` placed on the agenda right after ``info``."""
        assert added.activity_id is not None
        order = [a.id for a in state.activities]
        order.insert(order.index(info.id) + 1, added.activity_id)
        reorder = AgendaReordered(tuple(order))
        return Decision([*added.events, reorder], activity_id=added.activity_id)

    def _added(
        self,
        state: WorkshopState,
        kind_name: str,
        title: str,
        config: dict[str, Any],
        titles: dict[str, str],
    ) -> Decision:
        position = max((a.position for a in state.activities), default=-1) + 1
        activity_id = self._new_id("activity")
        added = ActivityAdded(
            id=activity_id,
            kind=kind_name,
            title=title,
            position=position,
            config=config,
            titles=titles,
        )
        return Decision([added], activity_id=activity_id)


def _titles(values: Mapping[str, Any], title: str, others: tuple[str, ...]) -> dict[str, str]:
    """The title's versions in the workshop's other languages (``title@<language>``), cleaned
    as the title is; one the same as the title is no version."""
    given = titles_in(values, "title", others)
    cleaned = {code: one_line(text, limit=MAX_TITLE_LENGTH) for code, text in given.items()}
    return {code: text for code, text in cleaned.items() if text and text != title}
