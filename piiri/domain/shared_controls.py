"""Deciding the shared timer and the shared controls (input lock, results curtain, pinned
message, closing the workshop). Pure: the state, the command and the time in; events out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from piiri.activities.text import one_line
from piiri.domain.commands import (
    CloseWorkshop,
    ExtendTimer,
    HideResults,
    LockInput,
    PauseTimer,
    PinMessage,
    ReopenWorkshop,
    ResetTimer,
    ShowResults,
    StartTimer,
    UnlockInput,
    UnpinMessage,
    WorkshopCommand,
)
from piiri.domain.plan import Planned
from piiri.domain.state import (
    INPUT_LOCKED,
    INPUT_UNLOCKED,
    MESSAGE_PINNED,
    MESSAGE_UNPINNED,
    RESULTS_HIDDEN,
    RESULTS_SHOWN,
    TIMER_EXTENDED,
    TIMER_PAUSED,
    TIMER_RESET,
    TIMER_STARTED,
    WORKSHOP_CLOSED,
    WORKSHOP_REOPENED,
    WorkshopState,
)
from piiri.domain.vocabulary import N_, DomainError

MAX_PINNED_LENGTH = 280
MAX_TIMER_MINUTES = 240


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def decide_shared(state: WorkshopState, command: WorkshopCommand, now: datetime) -> list[Planned]:
    """The events of a timer or shared-control command (or closing the workshop)."""
    timer = state.timer
    match command:
        case CloseWorkshop():
            return [] if state.closed else [Planned(None, WORKSHOP_CLOSED, {})]
        case ReopenWorkshop():
            return [Planned(None, WORKSHOP_REOPENED, {})] if state.closed else []
        case StartTimer(seconds):
            if seconds is None:
                if timer.running:
                    return []
                if timer.remaining is None:
                    raise DomainError(N_("Set the timer's minutes first."))
                seconds, total = timer.remaining, timer.total
            else:
                _check_seconds(seconds)
                total = seconds
            ends_at = _iso(now + timedelta(seconds=seconds))
            started = {"ends_at": ends_at, "remaining": None, "total": total}
            return [Planned(None, TIMER_STARTED, started)]
        case PauseTimer():
            if not timer.running:
                return []
            left = timer.seconds_left(now)
            return [Planned(None, TIMER_PAUSED, {"remaining": left})]
        case ExtendTimer(seconds):
            _check_seconds(seconds)
            total = timer.total + seconds
            if timer.ends_at is not None:
                base = max(datetime.fromisoformat(timer.ends_at), now)
                ends_at = _iso(base + timedelta(seconds=seconds))
                data: dict[str, Any] = {"ends_at": ends_at, "remaining": None, "total": total}
            elif timer.remaining is not None:
                data = {"ends_at": None, "remaining": timer.remaining + seconds, "total": total}
            else:
                raise DomainError(N_("Start the timer first."))
            return [Planned(None, TIMER_EXTENDED, data)]
        case ResetTimer():
            return [] if timer.idle else [Planned(None, TIMER_RESET, {})]
        case LockInput() | UnlockInput():
            locking = isinstance(command, LockInput)
            if state.input_locked == locking:
                return []
            return [Planned(None, INPUT_LOCKED if locking else INPUT_UNLOCKED, {})]
        case HideResults() | ShowResults():
            hiding = isinstance(command, HideResults)
            if state.results_hidden == hiding:
                return []
            return [Planned(None, RESULTS_HIDDEN if hiding else RESULTS_SHOWN, {})]
        case PinMessage(text):
            clean = one_line(text, limit=MAX_PINNED_LENGTH, required=N_("Type the message to pin."))
            if clean == state.pinned:
                return []
            return [Planned(None, MESSAGE_PINNED, {"text": clean})]
        case UnpinMessage():
            return [Planned(None, MESSAGE_UNPINNED, {})] if state.pinned else []
    raise DomainError(N_("That action is not available here."))


def _check_seconds(seconds: int) -> None:
    if seconds <= 0:
        raise DomainError(N_("Set the timer to more than zero minutes."))
    if seconds > MAX_TIMER_MINUTES * 60:
        raise DomainError(
            N_("The timer can run for at most {minutes} minutes."), minutes=MAX_TIMER_MINUTES
        )
