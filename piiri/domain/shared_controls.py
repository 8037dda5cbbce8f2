"""Deciding the shared timer and the shared controls (input lock, results curtain, pinned
message, the room screen's join panel, the video call, closing the workshop). Pure: the state,
the command and the time in; events out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from piiri.activities.call_links import call_link
from piiri.activities.local_text import LANGUAGE_CODES
from piiri.activities.text import one_line
from piiri.domain.commands import (
    CloseWorkshop,
    ExtendTimer,
    HideResults,
    LockInput,
    OfferResults,
    PauseTimer,
    PinMessage,
    PlaceJoinPanel,
    ReopenWorkshop,
    ResetTimer,
    SetCallLink,
    SetLanguages,
    SetScreenLanguages,
    ShowResults,
    StartTimer,
    UnlockInput,
    UnpinMessage,
    WorkshopCommand,
)
from piiri.domain.events import (
    CallLinkSet,
    InputLocked,
    InputUnlocked,
    JoinPanelPlaced,
    LanguagesSet,
    MessagePinned,
    MessageUnpinned,
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
)
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, DomainError

MAX_PINNED_LENGTH = 280
MAX_WORKSHOP_TITLE_LENGTH = 200  # as the workshop table's title column
MAX_TIMER_MINUTES = 240
# The room screen's join panel: beside the board, small in a corner, or not shown at all.
JOIN_PANEL_PLACEMENTS = ("large", "corner", "hidden")


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def decide_shared(
    state: WorkshopState, command: WorkshopCommand, now: datetime
) -> list[WorkshopEvent]:
    """The events of a timer or shared-control command (or closing the workshop)."""
    timer = state.timer
    match command:
        case CloseWorkshop():
            return [] if state.closed else [WorkshopClosed()]
        case ReopenWorkshop():
            return [WorkshopReopened()] if state.closed else []
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
            return [TimerStarted(ends_at=ends_at, remaining=None, total=total)]
        case PauseTimer():
            if not timer.running:
                return []
            left = timer.seconds_left(now)
            return [TimerPaused(remaining=left)]
        case ExtendTimer(seconds):
            _check_seconds(seconds)
            total = timer.total + seconds
            if timer.ends_at is not None:
                base = max(datetime.fromisoformat(timer.ends_at), now)
                ends_at = _iso(base + timedelta(seconds=seconds))
                return [TimerExtended(ends_at=ends_at, remaining=None, total=total)]
            if timer.remaining is not None:
                remaining = timer.remaining + seconds
                return [TimerExtended(ends_at=None, remaining=remaining, total=total)]
            raise DomainError(N_("Start the timer first."))
        case ResetTimer():
            return [] if timer.idle else [TimerReset()]
        case LockInput() | UnlockInput():
            locking = isinstance(command, LockInput)
            if state.input_locked == locking:
                return []
            return [InputLocked() if locking else InputUnlocked()]
        case HideResults() | ShowResults():
            hiding = isinstance(command, HideResults)
            if state.results_hidden == hiding:
                return []
            return [ResultsHiddenFromAll() if hiding else ResultsShownToAll()]
        case PinMessage(text, translations):
            clean = one_line(text, limit=MAX_PINNED_LENGTH, required=N_("Type the message to pin."))
            others = {
                code: version
                for code in state.languages[1:]
                if (version := one_line(translations.get(code, ""), limit=MAX_PINNED_LENGTH))
                and version != clean
            }
            if clean == state.pinned and others == dict(state.pinned_translations):
                return []
            return [MessagePinned(text=clean, translations=others)]
        case UnpinMessage():
            return [MessageUnpinned()] if state.pinned else []
        case PlaceJoinPanel(placement):
            if placement not in JOIN_PANEL_PLACEMENTS:
                raise DomainError(N_("Choose large, corner or hidden for the join panel."))
            return [] if placement == state.join_panel else [JoinPanelPlaced(placement)]
        case SetLanguages(others, titles):
            return _languages(state, others, titles)
        case SetScreenLanguages(languages):
            first, _, second = languages.partition("+")
            if languages and (first == second or not {first, second} <= set(state.languages)):
                raise DomainError(N_("Choose two of the workshop's languages for the screen."))
            if languages == state.screen_languages:
                return []
            return [ScreenLanguagesSet(languages)]
        case OfferResults(token):
            return [] if token == state.results_token else [ResultsOffered(token)]
        case SetCallLink(url):
            clean = call_link(url)
            return [] if clean == state.call_link else [CallLinkSet(clean)]
    raise DomainError(N_("That action is not available here."))


def _languages(
    state: WorkshopState, others: tuple[str, ...], titles: Mapping[str, str]
) -> list[WorkshopEvent]:
    if any(code not in LANGUAGE_CODES for code in others):
        raise DomainError(N_("Choose the workshop's languages from the ones offered."))
    chosen = tuple(dict.fromkeys(c for c in others if c != state.language))
    versions = {
        code: title
        for code in chosen
        if (title := one_line(titles.get(code, ""), limit=MAX_WORKSHOP_TITLE_LENGTH))
        and title != state.title
    }
    if chosen == state.other_languages and versions == dict(state.titles):
        return []
    events: list[WorkshopEvent] = [LanguagesSet(chosen, versions)]
    first, _, second = state.screen_languages.partition("+")
    if state.screen_languages and not {first, second} <= {state.language, *chosen}:
        events.append(ScreenLanguagesSet(""))  # a language it showed has gone
    return events


def _check_seconds(seconds: int) -> None:
    if seconds <= 0:
        raise DomainError(N_("Set the timer to more than zero minutes."))
    if seconds > MAX_TIMER_MINUTES * 60:
        raise DomainError(
            N_("The timer can run for at most {minutes} minutes."), minutes=MAX_TIMER_MINUTES
        )
