"""Deciding who is in a workshop: joining (the join rules, the cap, the waiting list), leaving
and coming back, and the facilitator removing, admitting, refusing and erasing people.

Part of the rules (piiri/domain/rules.py asks ``decide_people`` first); pure like them.

Decisions that hold the door:
- A removed (or refused) person stays out: their own join does not bring them back; only the
  facilitator lets them back in (``ReturnToWorkshop`` from the console).
- "Remove their input too" asks every activity's ``withdraw`` for the events that take their
  input back, and records the count on ``ParticipantRemoved`` for the report.
- The cap counts everyone not removed (waiting people too): a wave of scripted joins in "the
  facilitator admits" mode fills the waiting list up to the cap and admits nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from piiri.activities import activity_kind
from piiri.activities.text import one_line
from piiri.domain.commands import (
    AddProxyPerson,
    AdmitPeople,
    EraseParticipant,
    Join,
    LeaveWorkshop,
    RefusePerson,
    RemoveJoinedBetween,
    RemovePerson,
    ReturnToWorkshop,
    SetJoinRules,
    WorkshopCommand,
)
from piiri.domain.events import (
    ActivityEvent,
    JoinRulesSet,
    LogEvent,
    ParticipantAdmitted,
    ParticipantErased,
    ParticipantLeft,
    ParticipantRemoved,
    ParticipantReturned,
    ParticipantWaiting,
)
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, Actor, DomainError, Person

if TYPE_CHECKING:
    from piiri.domain.rules import Decision, WorkshopRules

MAX_NAME_LENGTH = 80
JOIN_POLICIES = ("open", "admit", "closed")
# The longest window "remove everyone who joined between" reaches back: a long day.
MAX_WINDOW_MINUTES = 24 * 60


def _person(state: WorkshopState, participant_id: int) -> Person:
    person = state.people.get(participant_id)
    if person is None:
        raise DomainError(N_("That person is not in this workshop."))
    return person


def decide_people(
    rules: WorkshopRules, state: WorkshopState, actor: Actor, command: WorkshopCommand
) -> Decision | None:
    """The decision for a command about people, or None for any other command."""
    from piiri.domain.rules import Decision

    match command:
        case Join(name, in_room):
            return _join(rules, state, name, in_room)
        case AddProxyPerson(name):
            one_line(
                name,
                limit=MAX_NAME_LENGTH,
                required=N_("Give the person's name so that their dots can be told apart."),
            )
            return rules.add_person(state, name, in_room=True, by_proxy=True)
        case LeaveWorkshop(participant_id):
            person = _person(state, participant_id)
            if not person.present:
                return Decision([])
            return Decision(rules.with_people_hook(state, [ParticipantLeft(participant_id)]))
        case ReturnToWorkshop(participant_id):
            person = _person(state, participant_id)
            if person.removed and actor.role != "facilitator":
                raise DomainError(N_("The facilitator has taken you out of this workshop."))
            if person.present or (person.waiting and actor.role != "facilitator"):
                return Decision([])
            back = ParticipantReturned(participant_id)
            return Decision(rules.with_people_hook(state, [back]))
        case RemovePerson(participant_id, withdraw):
            person = _person(state, participant_id)
            if person.removed and not withdraw:
                return Decision([])
            return Decision(_removed(rules, state, [participant_id], withdraw))
        case RemoveJoinedBetween(earliest, latest, withdraw):
            return Decision(_remove_window(rules, state, earliest, latest, withdraw))
        case SetJoinRules(policy, cap):
            if policy not in JOIN_POLICIES:
                raise DomainError(N_("That message was not understood."))
            if cap is not None and cap < 1:
                raise DomainError(N_("The most people must be 1 or more."))
            if (policy, cap) == (state.join_policy, state.join_cap):
                return Decision([])
            return Decision([JoinRulesSet(policy, cap)])
        case AdmitPeople(participant_ids):
            waiting = [p.id for p in state.waiting]
            chosen = (
                waiting if participant_ids is None else [i for i in participant_ids if i in waiting]
            )
            admitted: list[LogEvent] = [ParticipantAdmitted(i) for i in chosen]
            return Decision(rules.with_people_hook(state, admitted) if admitted else [])
        case RefusePerson(participant_id):
            if not _person(state, participant_id).waiting:
                return Decision([])
            return Decision([ParticipantRemoved(participant_id, 0)])
        case EraseParticipant(participant_id):
            _person(state, participant_id)
            return Decision([ParticipantErased(participant_id)])
    return None


def _join(rules: WorkshopRules, state: WorkshopState, name: str, in_room: bool) -> Decision:
    from piiri.domain.rules import Decision

    if state.closed:
        raise DomainError(N_("This workshop has closed."))
    if state.join_policy == "closed":
        raise DomainError(N_("This workshop is not taking new participants."))
    cap = state.join_cap or rules.default_cap
    if state.counted_people >= cap:
        raise DomainError(N_("This workshop is full."))
    if state.join_policy == "admit":
        clean_name = one_line(name, limit=MAX_NAME_LENGTH)
        person_id = rules.new_participant_id()
        waiting = ParticipantWaiting(id=person_id, name=clean_name, in_room=in_room)
        return Decision([waiting], participant_id=person_id)
    return rules.add_person(state, name, in_room=in_room, by_proxy=False)


def _removed(
    rules: WorkshopRules, state: WorkshopState, people: list[int], withdraw: bool
) -> list[LogEvent]:
    """Each person removed, then (``withdraw``) each activity's events that take their input
    back; then the running activity hears about the new roster."""
    events: list[LogEvent] = []
    for participant_id in people:
        taken_back: list[LogEvent] = []
        person = state.people.get(participant_id)
        if withdraw and person is not None:
            # Each kind takes back what its removal policy says (a dot-vote its dots; a kind
            # that keeps or anonymises its record gives nothing back).
            for info in state.activities:
                taken = activity_kind(info.kind).withdraw(state.activity_state(info.id), person)
                taken_back += [ActivityEvent(info.id, info.kind, e) for e in taken]
        events += [ParticipantRemoved(participant_id, len(taken_back)), *taken_back]
    return rules.with_people_hook(state, events)


def _remove_window(
    rules: WorkshopRules, state: WorkshopState, earliest: int, latest: int, withdraw: bool
) -> list[LogEvent]:
    if not (0 <= latest < earliest <= MAX_WINDOW_MINUTES):
        raise DomainError(
            N_("Give the window as two numbers of minutes ago, the larger first, such as 10 and 0.")
        )
    start = rules.now - timedelta(minutes=earliest)
    end = rules.now - timedelta(minutes=latest)
    chosen = [
        person_id
        for person_id, at in state.joined_at.items()
        if start <= datetime.fromisoformat(at) <= end
        and not state.people[person_id].removed
        and not state.people[person_id].by_proxy
    ]
    if not chosen:
        raise DomainError(N_("Nobody joined in that time."))
    return _removed(rules, state, chosen, withdraw)
