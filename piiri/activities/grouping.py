"""People in groups, for every activity that puts them in groups (breakout groups, interview
pairs, the café rounds' tables): who goes with whom when groups are formed, and who is in which
group afterwards as people leave, come back and arrive late (``Membership``).

Forming respects where people are: in the room or remote (Person.in_room). People without a
phone of their own (Person.by_proxy) are in the room and need someone beside them who can
record for them: they are only ever placed with an in-room person who has a phone (in a
group, in the one of the fewest members that has one; in interviews, as that person's pair).
Only when nobody in the room has a phone are they placed like anyone else.

Pure and deterministic: the shuffle is driven by a seed that arrives as a value (from the
command, or derived from ``Context.new_id``), so deciding twice on the same input gives the
same groups and a test can name the seed. No ``random`` here (tests/test_activity_purity.py).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, TypeVar

from piiri.domain.vocabulary import Person

T = TypeVar("T")

Mixing = Literal["random", "mix", "separate"]
MIXINGS: tuple[Mixing, ...] = ("random", "mix", "separate")

_MASK = (1 << 64) - 1


def seed_from(text: str) -> int:
    """A 64-bit seed from any text (a fresh id, or a number the facilitator's edge chose)."""
    value = 1469598103934665603
    for char in text:
        value = ((value ^ ord(char)) * 1099511628211) & _MASK
    return value or 1


def shuffled(items: Iterable[T], seed: int) -> list[T]:
    """Fisher-Yates with xorshift64*: the same seed gives the same order."""
    result = list(items)
    state = seed & _MASK or 1
    for i in range(len(result) - 1, 0, -1):
        state ^= state >> 12
        state ^= (state << 25) & _MASK
        state ^= state >> 27
        j = ((state * 2685821657736338717) & _MASK) % (i + 1)
        result[i], result[j] = result[j], result[i]
    return result


def present_people(people: Mapping[int, Person]) -> list[Person]:
    """Who takes part now, in join order: present people, phones and proxies alike."""
    return sorted((p for p in people.values() if p.present), key=lambda p: p.id)


def group_count(people: int, *, count: int | None, size: int | None) -> int:
    """How many groups: ``count`` as asked, or groups of at most ``size`` people."""
    if count is not None:
        return max(1, count)
    if size is not None and people:
        return max(1, math.ceil(people / size))
    return 1


def split(people: Sequence[Person], groups: int, mixing: Mixing, seed: int) -> list[list[int]]:
    """Participant ids in ``groups`` lists whose sizes differ by at most one (per kind); people
    without a phone then join the smallest groups that have an in-room phone (see above), which
    may make those groups one larger.

    random: shuffled and dealt out. mix: in-room and remote people dealt out in turn so that
    each group gets its share of both. separate: in-room people in their own groups and remote
    people in theirs (groups shared out by head count, at least one each when both exist).
    """
    proxies = shuffled([p.id for p in people if p.by_proxy], seed + 2)
    phones = [p for p in people if not p.by_proxy]
    if not proxies or not any(p.in_room for p in phones):
        return _split(people, groups, mixing, seed)
    result = _split(phones, groups, mixing, seed)
    in_room = {p.id for p in phones if p.in_room}
    for person_id in proxies:
        with_phone = [g for g in result if any(m in in_room for m in g)]
        min(with_phone, key=len).append(person_id)
    return result


def _split(people: Sequence[Person], groups: int, mixing: Mixing, seed: int) -> list[list[int]]:
    room = shuffled([p.id for p in people if p.in_room], seed)
    remote = shuffled([p.id for p in people if not p.in_room], seed + 1)
    result: list[list[int]] = [[] for _ in range(groups)]
    if mixing == "separate" and room and remote and groups >= 2:
        room_groups = min(groups - 1, max(1, round(groups * len(room) / len(people))))
        _deal(room, result[:room_groups])
        _deal(remote, result[room_groups:])
        return result
    ordered = shuffled([p.id for p in people], seed) if mixing == "random" else room + remote
    _deal(ordered, result)
    return result


def _deal(ids: list[int], groups: list[list[int]]) -> None:
    for index, participant_id in enumerate(ids):
        groups[index % len(groups)].append(participant_id)


def pairs(people: Sequence[Person], unlikely: bool, seed: int) -> list[list[int]]:
    """Pairs of participant ids; with an odd count the last pair is a trio.

    A person without a phone is first paired with an in-room person who has one (more of them
    than such people: they join those pairs as trios). unlikely: then in-room people are
    paired with remote people as far as both last.
    """
    proxies = shuffled([p.id for p in people if p.by_proxy], seed + 2)
    hosts = shuffled([p.id for p in people if p.in_room and not p.by_proxy], seed + 3)
    if not proxies or not hosts:
        return _pairs(people, unlikely, seed)
    hosted = [[host, proxy] for host, proxy in zip(hosts, proxies, strict=False)]
    for index, proxy in enumerate(proxies[len(hosted) :]):
        hosted[index % len(hosted)].append(proxy)
    placed = {m for pair in hosted for m in pair}
    rest = [p for p in people if p.id not in placed]
    others = _pairs(rest, unlikely, seed) if rest else []
    if len(others) == 1 and len(others[0]) == 1:  # one left over: a trio with a host's pair
        hosted[-1].append(others.pop()[0])
    return others + hosted


def _pairs(people: Sequence[Person], unlikely: bool, seed: int) -> list[list[int]]:
    if unlikely:
        room = shuffled([p.id for p in people if p.in_room], seed)
        remote = shuffled([p.id for p in people if not p.in_room], seed + 1)
        mixed = [[a, b] for a, b in zip(room, remote, strict=False)]
        rest = room[len(mixed) :] + remote[len(mixed) :]
        result = mixed + [rest[i : i + 2] for i in range(0, len(rest), 2)]
    else:
        ordered = shuffled([p.id for p in people], seed)
        result = [ordered[i : i + 2] for i in range(0, len(ordered), 2)]
    if len(result) >= 2 and len(result[-1]) == 1:
        result[-2].append(result.pop()[0])
    return result


# -- who is in which group now -----------------------------------------------------------------


@dataclass(frozen=True)
class MemberLeft:
    """Someone in a group left the workshop; they stay listed in it, marked absent.

    Every kind that uses ``Membership`` stores this as ``MemberLeft`` with the key
    ``participant_id``; logs already hold both, so neither may change."""

    participant_id: int


@dataclass(frozen=True)
class MemberReturned:
    """Someone who had left came back; they are in their group again (stored like MemberLeft)."""

    participant_id: int


Attendance = MemberLeft | MemberReturned


@dataclass(frozen=True)
class Membership:
    """Who is in which group, and which of them have left.

    ``groups`` holds each group's id (the kind's own, "g1" or "p1") and its members in the
    groups' order, which breaks ties; a person is in at most one group. Nobody leaves a group
    but by being moved: someone who leaves the workshop stays listed, and is in ``absent`` until
    they return. The kinds keep what a group has besides its members (prompts, notes, turns)
    in their own state, by the same ids.
    """

    groups: tuple[tuple[str, tuple[int, ...]], ...] = ()
    absent: frozenset[int] = frozenset()

    @functools.cached_property
    def _by_group(self) -> dict[str, tuple[int, ...]]:
        # Looked up for every phone of a fan-out: built once per Membership (it never changes).
        return dict(self.groups)

    @functools.cached_property
    def _by_member(self) -> dict[int, str]:
        found: dict[int, str] = {}
        for gid, members in self.groups:
            for member in members:
                found.setdefault(member, gid)
        return found

    def members(self, group_id: str) -> tuple[int, ...]:
        """The group's members, absent ones too, in the order they were placed; () if none."""
        return self._by_group.get(group_id, ())

    def present(self, group_id: str) -> tuple[int, ...]:
        """The group's members who are here."""
        return tuple(m for m in self.members(group_id) if m not in self.absent)

    def group_of(self, participant_id: int) -> str | None:
        """The id of the group the person is in, or None."""
        return self._by_member.get(participant_id)

    @property
    def placed(self) -> frozenset[int]:
        """Everyone in some group, absent or not."""
        return frozenset(m for _, members in self.groups for m in members)

    def formed(self, groups: Iterable[tuple[str, Iterable[int]]]) -> Membership:
        """These groups instead of the ones before; who has left stays known."""
        return replace(self, groups=tuple((gid, tuple(members)) for gid, members in groups))

    def moved(self, participant_id: int, group_id: str) -> Membership:
        """The person out of any group they were in and last into ``group_id``."""
        return self.formed(
            (
                gid,
                (
                    *(m for m in members if m != participant_id),
                    *((participant_id,) if gid == group_id else ()),
                ),
            )
            for gid, members in self.groups
        )

    def evolve(self, event: Attendance) -> Membership:
        match event:
            case MemberLeft(participant_id):
                return replace(self, absent=self.absent | {participant_id})
            case MemberReturned(participant_id):
                return replace(self, absent=self.absent - {participant_id})
        raise TypeError(f"not a membership event: {event!r}")

    def roll_call(self, people: Mapping[int, Person]) -> list[Attendance]:
        """Who of the placed people left or came back, by the roster ``people``: one event each,
        in id order. After them, exactly the placed people not present are absent."""
        events: list[Attendance] = []
        for participant_id in sorted(self.placed):
            person = people.get(participant_id)
            here = person is not None and person.present
            if not here and participant_id not in self.absent:
                events.append(MemberLeft(participant_id))
            elif here and participant_id in self.absent:
                events.append(MemberReturned(participant_id))
        return events

    def latecomers(
        self, people: Mapping[int, Person], *, separate: bool = False
    ) -> list[tuple[int, str]]:
        """Where each present person who is in no group goes: (participant id, group id), in id
        order; [] when there are no groups.

        Each goes to the group with the fewest present people, counted by the roster (as after
        ``roll_call``) and counting those placed before them; a tie goes to the earlier group.
        ``separate``: only among groups that hold someone of their own kind (in the room or
        remote), when there is such a group.
        """
        if not self.groups:
            return []
        placed = self.placed
        sizes = {
            gid: sum(1 for m in members if m in people and people[m].present)
            for gid, members in self.groups
        }
        order = {gid: index for index, (gid, _) in enumerate(self.groups)}
        result: list[tuple[int, str]] = []
        for person in present_people(people):
            if person.id in placed:
                continue
            candidates = list(order)
            if separate:
                alike = [
                    gid
                    for gid, members in self.groups
                    if any(people[m].in_room == person.in_room for m in members if m in people)
                ]
                candidates = alike or candidates
            target = min(candidates, key=lambda gid: (sizes[gid], order[gid]))
            sizes[target] += 1
            result.append((person.id, target))
        return result
