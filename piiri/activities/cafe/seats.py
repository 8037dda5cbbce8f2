"""One person's seat in a café round outside the plan: someone who came after the seating was
planned (at a round's start, or during it), and the facilitator's move by hand. Both keep the
rules the seating engine holds always (seating.py): capacity, in the room or remote, step-free
needs and "keep apart"; "keep together" sends a latecomer to their partner's table when it has
a seat, and a move by hand takes the partners along. Pure (see kind.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from piiri.activities.cafe.model import APART, SEPARATE, TOGETHER, Cafe, MemberSeated
from piiri.domain.vocabulary import N_, DomainError, Person


def free_seat(
    state: Cafe,
    groups: Sequence[list[Any]],
    person: Person,
    hosts: Mapping[str, int],
    away: Mapping[str, Collection[int]] | None = None,
) -> list[Any] | None:
    """Of ``groups`` ([table id, [ids here]] in the tables' order), where the person sits: a
    table with a free seat on their side that suits their step-free need and holds nobody
    they are kept apart from (``away``: who else is listed at a table though not here);
    their together-partner's table first, then, for someone without a phone, a hosted one;
    then the one with the fewest people. None when no table will do."""
    apart = state.partners(person.id, APART)
    together = state.partners(person.id, TOGETHER)
    options = []
    for index, ((gid, ids), table) in enumerate(zip(groups, state.tables, strict=True)):
        if len(ids) >= table.capacity:
            continue
        if state.seating == SEPARATE and table.remote == person.in_room:
            continue
        if not state.suits(table, person.id):
            continue
        listed = {*ids, *(away or {}).get(gid, ())}
        if apart & listed:
            continue
        unhosted = person.by_proxy and gid not in hosts
        options.append((not together & listed, unhosted, len(ids), index))
    return groups[min(options)[-1]] if options else None


def move_by_hand(
    state: Cafe, participant_id: int, group_id: str, people: Mapping[int, Person]
) -> list[MemberSeated]:
    """The facilitator's move of a person (with whoever is kept together with them and sits
    with them) to another table of this round. Raises DomainError when the table is full, has
    stairs for someone who needs a step-free table, is on the other side, or holds someone
    they are kept apart from; a host stays at their own table."""
    if not state.is_cafe:
        raise DomainError(N_("1-2-4-All forms its own groups."))
    if state.stage != "round":
        raise DomainError(N_("People are moved while a round is at work."))
    table = state.table(group_id)
    if table is None or group_id not in state.groups:
        raise DomainError(N_("That table is not in this round."))
    person = people.get(participant_id)
    if person is None or not person.present:
        raise DomainError(N_("That person is not in this workshop."))
    here = state.group_of(participant_id)
    if here == group_id:
        return []
    hosting = next((t for t, p in state.hosts.items() if p == participant_id), None)
    if hosting is not None and hosting in state.groups:
        raise DomainError(N_("A host stays at their own table."))
    partners = state.partners(participant_id, TOGETHER)
    moving = [
        participant_id,
        *sorted(p for p in partners if _here(people, p) and state.group_of(p) == here),
    ]
    if state.seating == SEPARATE and any(people[m].in_room == table.remote for m in moving):
        raise DomainError(N_("A remote person sits at a remote table, someone here at a room one."))
    if not all(state.suits(table, m) for m in moving):
        raise DomainError(N_("That person needs a step-free table, and this table has stairs."))
    listed = set(state.members(group_id))
    if any(state.partners(m, APART) & listed for m in moving):
        raise DomainError(N_("That person is kept apart from someone at this table."))
    taken = [m for m in state.present(group_id) if m not in moving]
    if len(taken) + len(moving) > table.capacity:
        raise DomainError(N_("That table is full: move someone away from it first."))
    return [MemberSeated(m, group_id) for m in moving]


def _here(people: Mapping[int, Person], participant_id: int) -> bool:
    return participant_id in people and people[participant_id].present
