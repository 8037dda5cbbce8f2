"""Which role may send which command, checked on every message before the service sees it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from piiri.activities.form_values import whole_number
from piiri.domain.commands import (
    ActivityCommand,
    AddProxyPerson,
    DuplicateActivity,
    ExtendTimer,
    HideResults,
    LeaveWorkshop,
    LockInput,
    MoveActivity,
    NextActivity,
    PauseTimer,
    PinMessage,
    PreviousActivity,
    RemoveActivity,
    ResetTimer,
    RestoreActivity,
    ReturnToWorkshop,
    ShowResults,
    StartActivity,
    StartTimer,
    StopActivity,
    UnlockInput,
    UnpinMessage,
    WorkshopCommand,
)
from piiri.domain.shared_controls import MAX_TIMER_MINUTES
from piiri.domain.vocabulary import N_, Actor, DomainError

Values = Mapping[str, Any]


def _id(value: object) -> int:
    """An activity's or a person's id: from 1 to the largest id a row can have."""
    return whole_number(value, N_("That message was not understood."), low=1)


def _timer_too_long() -> DomainError:
    return DomainError(
        N_("The timer can run for at most {minutes} minutes."), minutes=MAX_TIMER_MINUTES
    )


def _minutes(value: object) -> int | None:
    """Seconds from a form's minutes ("5", "1.5", "1,5"); None when empty.

    Minutes further from zero than the timer's longest run are refused here: 1e308 minutes in
    seconds is no number a clock can add. The decision says what is wrong with zero or less."""
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        minutes = float(text)
    except ValueError:
        raise DomainError(N_("Give the minutes as a number, for example 5.")) from None
    if minutes != minutes:  # NaN
        raise DomainError(N_("Give the minutes as a number, for example 5."))
    if abs(minutes) > MAX_TIMER_MINUTES:
        raise _timer_too_long()
    return round(minutes * 60)


def _seconds(value: object) -> int:
    """Seconds to add to the timer, no further from zero than its longest run."""
    try:
        seconds = int(str(value))
    except ValueError:  # also a string of more digits than int() will read
        raise DomainError(N_("That message was not understood.")) from None
    if abs(seconds) > MAX_TIMER_MINUTES * 60:
        raise _timer_too_long()
    return seconds


def _activity(values: Values) -> int:
    return _id(values.get("activity"))


def _move(values: Values) -> MoveActivity:
    direction = values.get("direction")
    if direction not in ("up", "down"):
        raise DomainError(N_("That message was not understood."))
    return MoveActivity(_activity(values), -1 if direction == "up" else 1)


FACILITATOR_WORKSHOP_COMMANDS: dict[str, Callable[[Values], WorkshopCommand]] = {
    "start_activity": lambda v: StartActivity(_activity(v)),
    "stop_activity": lambda v: StopActivity(),
    "next_activity": lambda v: NextActivity(),
    "previous_activity": lambda v: PreviousActivity(),
    "move_activity": _move,
    "duplicate_activity": lambda v: DuplicateActivity(_activity(v)),
    "remove_activity": lambda v: RemoveActivity(_activity(v)),
    "restore_activity": lambda v: RestoreActivity(_activity(v)),
    "add_proxy_person": lambda v: AddProxyPerson(str(v.get("name", ""))),
    "remove_person": lambda v: LeaveWorkshop(_id(v.get("person"))),
    "return_person": lambda v: ReturnToWorkshop(_id(v.get("person"))),
    "timer_start": lambda v: StartTimer(_minutes(v.get("minutes"))),
    "timer_pause": lambda v: PauseTimer(),
    "timer_extend": lambda v: ExtendTimer(_seconds(v.get("seconds"))),
    "timer_reset": lambda v: ResetTimer(),
    "lock_input": lambda v: LockInput(),
    "unlock_input": lambda v: UnlockInput(),
    "hide_results": lambda v: HideResults(),
    "show_results": lambda v: ShowResults(),
    "pin_message": lambda v: PinMessage(str(v.get("text", ""))),
    "unpin_message": lambda v: UnpinMessage(),
}


def authorise(actor: Actor, workshop_id: int, values: Values) -> WorkshopCommand:
    """The command a socket message asks for, if this actor may send it in this workshop.

    Raises DomainError with a message for the person otherwise.
    """
    if "workshop" in values and str(values["workshop"]) != str(workshop_id):
        raise DomainError(N_("That message was meant for another workshop."))
    name = values.get("command")
    if not isinstance(name, str) or not name:
        raise DomainError(N_("That message was not understood."))
    if actor.role == "screen":
        raise DomainError(N_("The room screen only shows; it cannot change anything."))
    if name in FACILITATOR_WORKSHOP_COMMANDS:
        if actor.role != "facilitator":
            raise DomainError(N_("Only the facilitator can do that."))
        return FACILITATOR_WORKSHOP_COMMANDS[name](values)
    # The activity's own rules (which of its commands a participant may send) are checked by
    # the service against the log inside the transaction; "current" is resolved there too.
    activity = values.get("activity")
    activity_id = None if activity == "current" else _id(activity)
    return ActivityCommand(activity_id, name, dict(values))
