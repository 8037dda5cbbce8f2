"""What the café's facilitator (and each person, for themselves) sets before the first round:
a host per table, pairs kept together or apart, and who needs a step-free table. The seating
engine holds all three in every round (rounds.py); a latecomer's seat and a move by hand hold
them too (seats.py). Pure decisions: the events, or a named refusal."""

from __future__ import annotations

from piiri.activities.cafe.model import (
    Cafe,
    Event,
    HostSet,
    PairRuleSet,
    StepFreeNeedSet,
)
from piiri.domain.vocabulary import N_, Context, DomainError


def decide_host(
    state: Cafe, table_id: str, participant_id: int | None, context: Context
) -> list[Event]:
    if not state.is_cafe:
        raise DomainError(N_("1-2-4-All has no hosts."))
    if state.round >= 0:
        raise DomainError(N_("Hosts are chosen before the first round."))
    table = state.table(table_id)
    if table is None:
        raise DomainError(N_("That table is not in this café."))
    if participant_id is not None:
        person = context.people.get(participant_id)
        if person is None or not person.present:
            raise DomainError(N_("That person is not in this workshop."))
        if person.by_proxy:
            raise DomainError(N_("A host records on a phone: choose someone who has one."))
        if person.in_room == table.remote and state.seating != "mixed":
            raise DomainError(N_("A remote table's host is remote; a room table's is here."))
        if not state.suits(table, participant_id):
            raise DomainError(N_("That person needs a step-free table, and this table has stairs."))
    if state.hosts.get(table_id) == participant_id:
        return []
    return [HostSet(table_id, participant_id)]


def decide_pair(state: Cafe, first: int, second: int, rule: str, context: Context) -> list[Event]:
    if not state.is_cafe:
        raise DomainError(N_("1-2-4-All forms its own pairs."))
    if state.round >= 0:
        raise DomainError(N_("Who sits together is set before the first round."))
    if rule not in ("together", "apart", ""):
        raise DomainError(N_("Choose together, apart or neither."))
    if first == second or first not in context.people or second not in context.people:
        raise DomainError(N_("Choose two different people of this workshop."))
    key = (min(first, second), max(first, second))
    if state.pairs.get(key, "") == rule:
        return []
    return [PairRuleSet(key[0], key[1], rule)]


def decide_step_free(
    state: Cafe, participant_id: int | None, needed: bool, context: Context
) -> list[Event]:
    """The person's step-free need, set by the facilitator or on the person's own phone."""
    if not state.is_cafe:
        raise DomainError(N_("1-2-4-All has no tables to choose."))
    if state.round >= 0:
        raise DomainError(N_("A step-free need is set before the first round."))
    person = context.people.get(participant_id or 0)
    if participant_id is None or person is None or person.removed:
        raise DomainError(N_("That person is not in this workshop."))
    hosted = next((t for t in state.tables if state.hosts.get(t.id) == participant_id), None)
    if needed and hosted is not None and not (hosted.step_free or hosted.remote):
        raise DomainError(
            N_("That person hosts a table with stairs: choose another host for it first.")
        )
    if (participant_id in state.step_free) == needed:
        return []
    return [StepFreeNeedSet(participant_id, needed)]
