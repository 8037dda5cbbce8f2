"""The café's state and events (frozen dataclasses); the rules are in kind.py.

A café has tables (or, as 1-2-4-All, groups Piiri forms for each stage) and rounds. When a
round starts, its groups are recorded (``RoundStarted``); a note is recorded at a group in a
round. In a café a group is a table (its id is the table's, "t3"), so a table's notes stay
with the table: the next round's group there reads what earlier rounds said. In 1-2-4-All a
group belongs to its stage ("r2g5"), and a group reads the notes of the last stage's groups its
members came from: ideas are carried from each stage to the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from piiri.activities.grouping import MemberLeft, MemberReturned, Membership
from piiri.activities.local_text import LocalText

CAFE, ONE_TWO_FOUR = "cafe", "1-2-4-all"
TEMPLATES = (CAFE, ONE_TWO_FOUR)
HOST, ANYONE = "host", "anyone"
RECORDERS = (HOST, ANYONE)
SEPARATE, MIXED = "separate", "mixed"
TOGETHER, APART = "together", "apart"
SEATINGS = (SEPARATE, MIXED)
# 1-2-4-All's stages: alone, pairs, fours, everyone, and each stage's minutes.
STAGE_MINUTES = (1, 2, 4, 5)

MAX_TABLES = 60
MAX_CAPACITY = 20
MAX_ROUNDS = 6
MAX_NAME_LENGTH = 40
MAX_WHERE_LENGTH = 60
MAX_QUESTION_LENGTH = 200
# A note goes whole onto an idea wall or a dot-vote (both take 200 characters).
MAX_NOTE_LENGTH = 200
MAX_NOTES_PER_GROUP = 30


# -- state -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CafeTable:
    id: str  # "t1", "t2", ... in the order the facilitator gave them
    name: str
    capacity: int
    where: str = ""  # "by the window": what the phone says after the name
    language: str = ""  # "fi", "sv", "en" or "" (any)
    step_free: bool = True
    remote: bool = False
    call_link: str = ""


@dataclass(frozen=True)
class RoundPlan:
    question: LocalText
    minutes: int


@dataclass(frozen=True)
class Note:
    id: str
    round: int  # 0-based
    group: str
    text: str
    author: int | None  # None: the facilitator wrote it
    for_person: int | None = None  # recorded for someone without a phone
    removed: bool = False


@dataclass(frozen=True)
class Cafe:
    template: str
    tables: tuple[CafeTable, ...]
    rounds: tuple[RoundPlan, ...]
    recorder: str = HOST
    seating: str = SEPARATE
    hosts: Mapping[str, int] = field(default_factory=dict)  # table id -> participant id
    # Pairs the seating keeps at one table (a person and their assistant or interpreter) or
    # apart, each (smaller id, larger id) -> TOGETHER or APART; set before the first round.
    pairs: Mapping[tuple[int, int], str] = field(default_factory=dict)
    # The people who need a step-free table (no stairs), set before the first round: by the
    # facilitator or by the person on their phone. A remote table counts as step-free.
    step_free: frozenset[int] = frozenset()
    stage: str = "setup"  # setup | round | harvest
    round: int = -1  # the round now (or last) at work, 0-based
    ends_at: str | None = None
    # Each started round's groups, the last one's kept current as people come and go.
    seated: tuple[Membership, ...] = ()
    # The café's whole schedule, planned when the first round starts: plan[r][t] at table t.
    plan: tuple[tuple[tuple[int, ...], ...], ...] = ()
    plan_measures: tuple[int, ...] = ()  # the plan's returns and repeated pairs
    notes: tuple[Note, ...] = ()

    # -- tables and groups -------------------------------------------------------------------

    @property
    def is_cafe(self) -> bool:
        return self.template == CAFE

    def table(self, group_id: str) -> CafeTable | None:
        return next((t for t in self.tables if t.id == group_id), None)

    def host_of(self, group_id: str) -> int | None:
        return self.hosts.get(group_id)

    def suits(self, table: CafeTable, participant_id: int) -> bool:
        """Whether the table suits the person's step-free need (a call has no stairs)."""
        return participant_id not in self.step_free or table.step_free or table.remote

    def partners(self, participant_id: int, rule: str) -> frozenset[int]:
        """Who the person is kept ``TOGETHER`` with, or ``APART`` from."""
        return frozenset(
            b if a == participant_id else a
            for (a, b), r in self.pairs.items()
            if r == rule and participant_id in (a, b)
        )

    @property
    def now(self) -> Membership:
        return self.seated[self.round] if 0 <= self.round < len(self.seated) else Membership()

    # Cached per state (a new state is a new object): views ask for these once per group.
    @cached_property
    def groups(self) -> tuple[str, ...]:
        """The current round's group ids, in order."""
        return tuple(gid for gid, _ in self.now.groups)

    @cached_property
    def _numbers(self) -> dict[str, int]:
        return {gid: n for n, gid in enumerate(self.groups, start=1)}

    def group_of(self, participant_id: int) -> str | None:
        return self.now.group_of(participant_id) if self.stage == "round" else None

    def members(self, group_id: str) -> tuple[int, ...]:
        return self.now.members(group_id)

    def present(self, group_id: str) -> tuple[int, ...]:
        return self.now.present(group_id)

    def unseated(self, participant_ids: Iterable[int]) -> tuple[int, ...]:
        """Of these people, who sits nowhere in the round at work (none when none is)."""
        if self.stage != "round":
            return ()
        return tuple(p for p in participant_ids if self.group_of(p) is None)

    def number(self, group_id: str) -> int:
        """A group's number in its round (1-based), for "Pair 3"."""
        return self._numbers.get(group_id, 0)

    @property
    def question(self) -> LocalText:
        return self.rounds[max(self.round, 0)].question

    @property
    def last_round(self) -> bool:
        return self.round + 1 >= len(self.rounds)

    # -- notes -------------------------------------------------------------------------------

    @cached_property
    def live_notes(self) -> tuple[Note, ...]:
        return tuple(n for n in self.notes if not n.removed)

    def notes_at(self, round_index: int, group_id: str) -> tuple[Note, ...]:
        return tuple(n for n in self.live_notes if n.round == round_index and n.group == group_id)

    def earlier(self, group_id: str) -> tuple[Note, ...]:
        """What a group now reads of earlier rounds: in a café, its table's notes; in
        1-2-4-All, the notes of the last stage's groups its members came from."""
        if self.round <= 0:
            return ()
        if self.is_cafe:
            return tuple(n for n in self.live_notes if n.group == group_id and n.round < self.round)
        members = set(self.members(group_id))
        before = self.seated[self.round - 1]
        came_from = {gid for gid, ids in before.groups if members & set(ids)}
        return tuple(
            n for n in self.live_notes if n.round == self.round - 1 and n.group in came_from
        )

    @property
    def by_group(self) -> tuple[tuple[str, tuple[Note, ...]], ...]:
        """The live notes group by group: a café's table by table, in the tables' order;
        1-2-4-All's stage by stage ("r2g10" after "r2g9")."""
        order = {t.id: n for n, t in enumerate(self.tables)}
        grouped: dict[str, list[Note]] = {}
        for note in self.live_notes:
            grouped.setdefault(note.group, []).append(note)

        def place(group_id: str) -> tuple[int, int, int]:
            if group_id in order:
                return (order[group_id], 0, 0)
            stage, _, number = group_id.removeprefix("r").partition("g")
            return (len(order), int(stage or 0), int(number or 0))

        return tuple((g, tuple(grouped[g])) for g in sorted(grouped, key=place))

    def find_note(self, note_id: str) -> Note | None:
        return next((n for n in self.notes if n.id == note_id), None)

    # -- who may record ------------------------------------------------------------------------

    def records(self, participant_id: int, group_id: str) -> bool:
        """Whether this person records their group's notes now: its host, or (anyone may
        record, or the table has no host present) anyone at it."""
        if self.stage != "round" or participant_id not in self.present(group_id):
            return False
        host = self.host_of(group_id) if self.is_cafe else None
        if host == participant_id:
            return True
        if self.recorder == ANYONE or not self.is_cafe:
            return True
        return host is None or host not in self.present(group_id)

    def records_for(self, participant_id: int, group_id: str) -> tuple[int, ...]:
        """The people without a phone this person may record for: a host, at their own table,
        for those sitting there (``by_proxy`` people; the caller knows who has no phone)."""
        if not self.is_cafe or self.host_of(group_id) != participant_id:
            return ()
        return tuple(m for m in self.present(group_id) if m != participant_id)

    def view_key(self, participant_id: int) -> tuple[Any, ...]:
        """All a person's own view depends on (the phone's personal key)."""
        group = self.group_of(participant_id)
        if group is None:
            return (self.stage, self.round, None, participant_id in self.step_free)
        return (
            self.stage,
            self.round,
            group,
            self.records(participant_id, group),
            self.records_for(participant_id, group),
            len(self.present(group)),
            self.ends_at,
            tuple(n.id for n in self.earlier(group)),
            tuple(n.id for n in self.notes_at(self.round, group)),
        )


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostSet:
    table_id: str
    participant_id: int | None


@dataclass(frozen=True)
class PairRuleSet:
    """Two people kept together (``TOGETHER``), apart (``APART``), or neither ("")."""

    first: int
    second: int
    rule: str


@dataclass(frozen=True)
class StepFreeNeedSet:
    """The person needs a step-free table (``needed``), or any table will do."""

    participant_id: int
    needed: bool


@dataclass(frozen=True)
class SeatingPlanned:
    """The café's schedule: ``rounds[r][t]`` are the people at table t in round r."""

    rounds: list[list[list[int]]]
    returns: int
    repeated_pairs: int


@dataclass(frozen=True)
class RoundStarted:
    round: int
    groups: list[list[Any]]  # [group id, [participant ids]] in order
    ends_at: str


@dataclass(frozen=True)
class MemberSeated:
    """Someone placed at a group during a round: who came after it started, or whom the
    facilitator moved there by hand."""

    participant_id: int
    group_id: str


@dataclass(frozen=True)
class NoteAdded:
    note_id: str
    round: int
    group_id: str
    text: str
    author: int | None
    for_person: int | None = None


@dataclass(frozen=True)
class NoteRemoved:
    note_id: str
    author: int | None


@dataclass(frozen=True)
class RoundTimeSet:
    ends_at: str


@dataclass(frozen=True)
class HarvestShown:
    at: str


Event = (
    HostSet
    | PairRuleSet
    | StepFreeNeedSet
    | SeatingPlanned
    | RoundStarted
    | MemberSeated
    | MemberLeft
    | MemberReturned
    | NoteAdded
    | NoteRemoved
    | RoundTimeSet
    | HarvestShown
)

EVENTS = (
    HostSet,
    PairRuleSet,
    StepFreeNeedSet,
    SeatingPlanned,
    RoundStarted,
    MemberSeated,
    MemberLeft,
    MemberReturned,
    NoteAdded,
    NoteRemoved,
    RoundTimeSet,
    HarvestShown,
)
