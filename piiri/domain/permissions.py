"""Who may send what: the one module that decides it, asked at two points on a command's way.

1. At the socket, before the service sees anything (``authorise``, from realtime/endpoint.py):
   a message becomes a command if the sender's role may send that message at all. The screen
   sends nothing; the workshop's own socket messages are the facilitator console's; an
   activity's message passes on, because which of them a participant may send depends on the
   kind and on the log.
2. In the service's transaction, against the state folded from the log, whichever edge the
   command came from (the socket or an HTTP form): piiri/domain/rules.py asks ``check_command``
   for each workshop command and ``check_input`` for each activity command before it decides.
   There the role rules apply again, together with what the log says about the person now.

The rules module decides what a permitted command does; it never decides who may send it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from piiri.activities.contract import ActivityKind
from piiri.activities.form_values import whole_number
from piiri.activities.local_text import LANGUAGE_MARK
from piiri.domain.commands import (
    ActivityCommand,
    AddProxyPerson,
    AdmitPeople,
    DuplicateActivity,
    ExtendTimer,
    HarvestActivity,
    HideResults,
    Join,
    LeaveWorkshop,
    LockInput,
    MoveActivity,
    NextActivity,
    PauseTimer,
    PinMessage,
    PlaceJoinPanel,
    PreviousActivity,
    RefusePerson,
    RemoveActivity,
    RemovePerson,
    ResetTimer,
    RestoreActivity,
    ReturnToWorkshop,
    SetCallLink,
    SetScreenLanguages,
    ShowResults,
    StartActivity,
    StartTimer,
    StopActivity,
    UnlockInput,
    UnpinMessage,
    WorkshopCommand,
)
from piiri.domain.shared_controls import MAX_TIMER_MINUTES
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, Actor, DomainError

Values = Mapping[str, Any]

NOT_UNDERSTOOD = N_("That message was not understood.")
FACILITATOR_ONLY = N_("Only the facilitator can do that.")
SCREEN_ONLY_SHOWS = N_("The room screen only shows; it cannot change anything.")
EXPERT_ONLY_WATCHES = N_("The expert view only shows; it cannot change anything.")


def _refuse_watchers(actor: Actor) -> None:
    """The room screen and an expert's link watch the workshop; neither sends anything."""
    if actor.role == "screen":
        raise DomainError(SCREEN_ONLY_SHOWS)
    if actor.role == "expert":
        raise DomainError(EXPERT_ONLY_WATCHES)


def _id(value: object) -> int:
    """An activity's or a person's id: from 1 to the largest id a row can have."""
    return whole_number(value, NOT_UNDERSTOOD, low=1)


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
        raise DomainError(NOT_UNDERSTOOD) from None
    if abs(seconds) > MAX_TIMER_MINUTES * 60:
        raise _timer_too_long()
    return seconds


def _ticked(value: object) -> bool:
    """A checkbox: sent as "on" when ticked (htmx), absent otherwise."""
    return value in ("on", "true", True)


def _activity(values: Values) -> int:
    return _id(values.get("activity"))


def _move(values: Values) -> MoveActivity:
    direction = values.get("direction")
    if direction not in ("up", "down"):
        raise DomainError(NOT_UNDERSTOOD)
    return MoveActivity(_activity(values), -1 if direction == "up" else 1)


def _pin(values: Values) -> PinMessage:
    """The message, and its versions in other languages from ``text@<language>``."""
    others = {
        key.partition(LANGUAGE_MARK)[2]: str(value or "")
        for key, value in values.items()
        if key.startswith("text" + LANGUAGE_MARK)
    }
    return PinMessage(str(values.get("text", "")), others)


FACILITATOR_WORKSHOP_COMMANDS: dict[str, Callable[[Values], WorkshopCommand]] = {
    "start_activity": lambda v: StartActivity(_activity(v)),
    "stop_activity": lambda v: StopActivity(),
    "next_activity": lambda v: NextActivity(),
    "previous_activity": lambda v: PreviousActivity(),
    "move_activity": _move,
    "duplicate_activity": lambda v: DuplicateActivity(_activity(v)),
    "harvest_activity": lambda v: HarvestActivity(_activity(v), str(v.get("into") or "")),
    "remove_activity": lambda v: RemoveActivity(_activity(v)),
    "restore_activity": lambda v: RestoreActivity(_activity(v)),
    "add_proxy_person": lambda v: AddProxyPerson(str(v.get("name", ""))),
    "remove_person": lambda v: RemovePerson(_id(v.get("person")), _ticked(v.get("withdraw"))),
    "admit_person": lambda v: AdmitPeople((_id(v.get("person")),)),
    "admit_all": lambda v: AdmitPeople(None),
    "refuse_person": lambda v: RefusePerson(_id(v.get("person"))),
    "return_person": lambda v: ReturnToWorkshop(_id(v.get("person"))),
    "timer_start": lambda v: StartTimer(_minutes(v.get("minutes"))),
    "timer_pause": lambda v: PauseTimer(),
    "timer_extend": lambda v: ExtendTimer(_seconds(v.get("seconds"))),
    "timer_reset": lambda v: ResetTimer(),
    "lock_input": lambda v: LockInput(),
    "unlock_input": lambda v: UnlockInput(),
    "hide_results": lambda v: HideResults(),
    "show_results": lambda v: ShowResults(),
    "pin_message": _pin,
    "unpin_message": lambda v: UnpinMessage(),
    "place_join_panel": lambda v: PlaceJoinPanel(str(v.get("placement", ""))),
    "set_call_link": lambda v: SetCallLink(str(v.get("url", ""))),
    "set_screen_languages": lambda v: SetScreenLanguages(str(v.get("languages", "") or "")),
}


def authorise(actor: Actor, workshop_id: int, values: Values) -> WorkshopCommand:
    """The command a socket message asks for, if this actor may send it in this workshop.

    Raises DomainError with a message for the person otherwise.
    """
    if "workshop" in values and str(values["workshop"]) != str(workshop_id):
        raise DomainError(N_("That message was meant for another workshop."))
    name = values.get("command")
    if not isinstance(name, str) or not name:
        raise DomainError(NOT_UNDERSTOOD)
    _refuse_watchers(actor)
    if name in FACILITATOR_WORKSHOP_COMMANDS:
        # Checked before the values are read, so that a participant is told why, not that
        # the message was malformed. "remove_person" is the console's: a participant leaves
        # through their own form, which check_command lets through for themself.
        if actor.role != "facilitator":
            raise DomainError(FACILITATOR_ONLY)
        return FACILITATOR_WORKSHOP_COMMANDS[name](values)
    # Which of an activity's commands a participant may send is asked of check_input, against
    # the log inside the transaction; "current" is resolved there too.
    activity = values.get("activity")
    activity_id = None if activity == "current" else _id(activity)
    return ActivityCommand(activity_id, name, dict(values))


def check_command(actor: Actor, command: WorkshopCommand) -> None:
    """Whether ``actor`` may send this workshop command (not an ``ActivityCommand``: see
    ``check_input``). Raises DomainError otherwise.

    Anyone but the screen may join; a participant may leave or come back as themself; the rest
    (the agenda, the timer, the shared controls, other people) is the facilitator's. The
    deadline task acts as the facilitator.
    """
    _refuse_watchers(actor)
    if actor.role == "facilitator":
        return
    match command:
        case Join():
            return
        case LeaveWorkshop(participant_id) | ReturnToWorkshop(participant_id):
            if participant_id == actor.participant_id:
                return
    raise DomainError(FACILITATOR_ONLY)


def check_input(
    state: WorkshopState, actor: Actor, kind: ActivityKind[Any, Any, Any], name: str
) -> None:
    """Whether ``actor`` may send the activity command ``name`` to an activity of ``kind`` now.
    Raises DomainError otherwise.

    The facilitator may send every command of every kind, at any time. A participant may send
    the kind's ``participant_commands`` only, and only while the workshop is open, while they
    have not left it and while the facilitator has not paused input.
    """
    _refuse_watchers(actor)
    if actor.role == "facilitator":
        return
    if name not in kind.participant_commands:
        raise DomainError(FACILITATOR_ONLY)
    if state.closed:
        raise DomainError(N_("This workshop has closed."))
    person = state.people.get(actor.participant_id or -1)
    if person is not None and person.removed:
        raise DomainError(N_("The facilitator has taken you out of this workshop."))
    if person is not None and person.waiting:
        raise DomainError(N_("Wait until the facilitator lets you in."))
    if person is not None and not person.present:
        raise DomainError(N_("You have left this workshop. Join again to take part."))
    if state.input_locked:
        raise DomainError(N_("The facilitator has paused input for a moment."))
