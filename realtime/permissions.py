"""Which role may send which command, checked on every message before the service sees it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.base import N_, Actor, DomainError
from piiri.service import (
    ActivityCommand,
    AddProxyPerson,
    StartActivity,
    StopActivity,
    WorkshopCommand,
)

FACILITATOR_WORKSHOP_COMMANDS = frozenset({"start_activity", "stop_activity", "add_proxy_person"})


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise DomainError(N_("That message was not understood.")) from None


def authorise(actor: Actor, workshop_id: int, values: Mapping[str, Any]) -> WorkshopCommand:
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
        if name == "start_activity":
            return StartActivity(_int(values.get("activity")))
        if name == "stop_activity":
            return StopActivity()
        return AddProxyPerson(str(values.get("name", "")))
    # The activity's own rules (which of its commands a participant may send) are checked by
    # the service against the log inside the transaction; "current" is resolved there too.
    activity = values.get("activity")
    activity_id = None if activity == "current" else _int(activity)
    return ActivityCommand(activity_id, name, dict(values))
