"""The café workshop (World Café) and 1-2-4-All: people talk in small groups over rounds, each
round with its question and its time; each group's notes are recorded on a phone; the harvest
brings every group's notes to the board, and on to an idea wall or a dot-vote.

Rules. A café's tables are the facilitator's (or made by Piiri); before the first round a host
may be chosen for each, pairs kept together or apart, and who needs a step-free table (by the
facilitator, or by the person on their phone): setup.py. When the first round starts Piiri plans
every round's seating with the seating engine (seating.py: capacity, in the room or remote,
step-free needs, a host for people without a phone, hosts stay and travellers move, even sizes,
few repeated pairs), seeded from the command, and records it; each round's tables follow the
plan for the people here then, and a latecomer gets a free seat that keeps the same rules; the
facilitator may move someone by hand to a table with a seat (seats.py). A table's host records
its notes (or anyone at the table, as configured; anyone, at a table whose host is not here); a
host may record for the people without a phone at their own table, and only there. A table's
notes stay with it: the next round's group there reads them. 1-2-4-All is the same engine with
four stages (alone, pairs, fours, everyone) whose groups Piiri forms at each stage's start, and
each group reads the notes of the groups its members came from.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from piiri.activities import grouping
from piiri.activities.cafe import samples
from piiri.activities.cafe.commands import (
    AddNote,
    Command,
    Extend,
    MovePerson,
    RemoveNote,
    SetHost,
    SetPair,
    SetStepFree,
    ShowHarvest,
    StartRound,
    clean_note,
    parse_cafe_command,
)
from piiri.activities.cafe.config import (
    cafe_rounds,
    cafe_tables,
    config_lines,
    parse_cafe_config,
)
from piiri.activities.cafe.harvest import HARVEST_KINDS, harvest_offer
from piiri.activities.cafe.model import (
    EVENTS,
    MAX_NOTES_PER_GROUP,
    Cafe,
    Event,
    HarvestShown,
    HostSet,
    MemberSeated,
    Note,
    NoteAdded,
    NoteRemoved,
    PairRuleSet,
    RoundStarted,
    RoundTimeSet,
    SeatingPlanned,
    StepFreeNeedSet,
)
from piiri.activities.cafe.results import cafe_export, cafe_voices
from piiri.activities.cafe.rounds import cafe_groups, latecomers, plan_cafe, stage_groups
from piiri.activities.cafe.seats import move_by_hand
from piiri.activities.cafe.setup import decide_host, decide_pair, decide_step_free
from piiri.activities.contract import (
    ActivityKind,
    AddOffer,
    DemoActivity,
    RemovalPolicy,
    Run,
    ScreenCount,
    TextCommand,
)
from piiri.activities.exports import Export, Voices
from piiri.activities.grouping import MemberLeft, MemberReturned, Membership
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class CafeKind(ActivityKind[Cafe, Command, Event]):
    kind = "cafe"
    label = N_("Café and 1-2-4-All")
    events = EVENTS
    participant_commands = frozenset({"add_note", "remove_note", "set_step_free"})
    # A table's notes are the table's work: a person removed keeps out, their notes stay.
    removal = RemovalPolicy.KEEP
    harvest_kinds = HARVEST_KINDS

    def default_config(self) -> dict[str, Any]:
        return {
            "template": "cafe",
            "tables": "",
            "table_count": "",
            "seats": "6",
            "call_links": "",
            "rounds": "",
            "minutes": "20",
            "recorder": "host",
            "seating": "separate",
        }

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return parse_cafe_config(values)

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        form = super().config_form({**config, "tables": [], "rounds": [], "call_links": []})
        return {**form, **config_lines(config)}

    def initial(self, config: Mapping[str, Any]) -> Cafe:
        return Cafe(
            template=str(config.get("template") or "cafe"),
            tables=cafe_tables(config),
            rounds=cafe_rounds(config),
            recorder=str(config.get("recorder") or "host"),
            seating=str(config.get("seating") or "separate"),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_cafe_command(name, values, actor)

    def decide(self, state: Cafe, command: Command, context: Context) -> list[Event]:
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        match command:
            case SetHost(table_id, participant_id):
                return decide_host(state, table_id, participant_id, context)
            case SetPair(first, second, rule):
                return decide_pair(state, first, second, rule, context)
            case SetStepFree(participant_id, needed, _by_facilitator):
                return decide_step_free(state, participant_id, needed, context)
            case MovePerson(participant_id, group_id):
                return [*move_by_hand(state, participant_id, group_id, context.people)]
            case StartRound(seed):
                return self._start(state, grouping.seed_from(seed or context.new_id), context)
            case AddNote(author, text, for_person, group_id, by_facilitator):
                group = self._note_group(state, author, for_person, group_id, by_facilitator)
                if len(state.notes_at(state.round, group)) >= MAX_NOTES_PER_GROUP:
                    raise DomainError(
                        N_("A table can keep at most {limit} notes a round."),
                        limit=MAX_NOTES_PER_GROUP,
                    )
                if for_person is not None:
                    self._proxy(state, for_person, group, context)
                note_id = context.new_id
                if state.find_note(note_id) is not None:
                    note_id = f"{note_id}-{len(state.notes)}"
                text = clean_note(text)
                return [NoteAdded(note_id, state.round, group, text, author, for_person)]
            case RemoveNote(author, note_id, by_facilitator):
                note = state.find_note(note_id)
                if note is None or note.removed:
                    raise DomainError(N_("That note is not here any more."))
                if not by_facilitator and not (
                    note.round == state.round
                    and author is not None
                    and state.records(author, note.group)
                ):
                    raise DomainError(N_("Only who records this table's notes can remove one."))
                return [NoteRemoved(note.id, author)]
            case Extend(minutes):
                if state.stage != "round" or state.ends_at is None:
                    raise DomainError(N_("No round is at work."))
                base = max(context.now, datetime.fromisoformat(state.ends_at))
                return [RoundTimeSet(_at(base, minutes))]
            case ShowHarvest():
                if state.round < 0:
                    raise DomainError(N_("Start the first round first."))
                return [] if state.stage == "harvest" else [HarvestShown(context.now.isoformat())]
        raise DomainError(N_("That action is not available here."))

    def _start(self, state: Cafe, seed: int, context: Context) -> list[Event]:
        if state.stage == "harvest":
            raise DomainError(N_("The harvest is on the board; the rounds are over."))
        if state.last_round:
            raise DomainError(N_("This was the last round: show the harvest."))
        if not any(p.present for p in context.people.values()):
            raise DomainError(N_("Nobody is here yet to seat."))
        index = state.round + 1
        events: list[Event] = []
        ends = _at(context.now, state.rounds[index].minutes)
        if not state.is_cafe:
            groups = stage_groups(state, index, context.people, seed)
            return [RoundStarted(index, groups, ends)]
        plan: Any = state.plan
        if index == 0 or not plan:
            planned = plan_cafe(state, context.people, seed)
            events.append(planned)
            plan = planned.rounds
        groups = cafe_groups(state, plan, index, context.people)
        return [*events, RoundStarted(index, groups, ends)]

    def _note_group(
        self,
        state: Cafe,
        author: int | None,
        for_person: int | None,
        group_id: str,
        by_facilitator: bool,
    ) -> str:
        if state.stage != "round":
            raise DomainError(N_("Notes are recorded while a round is at work."))
        if by_facilitator:
            if for_person is not None:
                group = state.group_of(for_person)
                if group is None:
                    raise DomainError(N_("That person is not at a table."))
                return group
            if group_id not in state.groups:
                raise DomainError(N_("That table is not in this round."))
            return group_id
        group = state.group_of(author or 0)
        if group is None:
            raise DomainError(N_("You are not at a table this round."))
        if not state.records(author or 0, group):
            raise DomainError(N_("Your table's host records its notes."))
        if for_person is not None and for_person not in state.records_for(author or 0, group):
            raise DomainError(
                N_("A host records for people without a phone at their own table only.")
            )
        return group

    @staticmethod
    def _proxy(state: Cafe, for_person: int, group: str, context: Context) -> None:
        person = context.people.get(for_person)
        if person is None or not person.by_proxy or for_person not in state.members(group):
            raise DomainError(
                N_("A host records for people without a phone at their own table only.")
            )

    # -- joining and leaving ---------------------------------------------------------------

    def on_people_changed(self, state: Cafe, context: Context) -> list[Event]:
        if state.stage != "round":
            return []
        events: list[Event] = [*state.now.roll_call(context.people)]
        return [*events, *latecomers(state, context.people)]

    # -- folding ---------------------------------------------------------------------------

    def evolve(self, state: Cafe, event: Event) -> Cafe:
        match event:
            case HostSet(table_id, participant_id):
                hosts = {t: p for t, p in state.hosts.items() if t != table_id}
                if participant_id is not None:
                    hosts = {t: p for t, p in hosts.items() if p != participant_id}
                    hosts[table_id] = participant_id
                return replace(state, hosts=hosts)
            case PairRuleSet(first, second, rule):
                pairs = {k: v for k, v in state.pairs.items() if k != (first, second)}
                if rule:
                    pairs[(first, second)] = rule
                return replace(state, pairs=pairs)
            case StepFreeNeedSet(participant_id, needed):
                others = state.step_free - {participant_id}
                return replace(state, step_free=others | ({participant_id} if needed else set()))
            case SeatingPlanned(rounds, returns, repeats):
                plan = tuple(tuple(tuple(ids) for ids in r) for r in rounds)
                return replace(state, plan=plan, plan_measures=(returns, repeats))
            case RoundStarted(index, groups, ends_at):
                seated = Membership().formed((g[0], g[1]) for g in groups)
                return replace(
                    state,
                    stage="round",
                    round=index,
                    ends_at=ends_at,
                    seated=(*state.seated[:index], seated),
                )
            case MemberSeated(participant_id, group_id):
                return self._now(state, state.now.moved(participant_id, group_id))
            case MemberLeft() | MemberReturned():
                return self._now(state, state.now.evolve(event))
            case NoteAdded(note_id, round_index, group_id, text, author, for_person):
                note = Note(note_id, round_index, group_id, text, author, for_person)
                return replace(state, notes=(*state.notes, note))
            case NoteRemoved(note_id, _author):
                notes = tuple(
                    replace(n, removed=True) if n.id == note_id else n for n in state.notes
                )
                return replace(state, notes=notes)
            case RoundTimeSet(ends_at):
                return replace(state, ends_at=ends_at)
            case HarvestShown(_at):
                return replace(state, stage="harvest", ends_at=None)
        raise TypeError(f"not a café event: {event!r}")

    @staticmethod
    def _now(state: Cafe, membership: Membership) -> Cafe:
        seated = (*state.seated[: state.round], membership, *state.seated[state.round + 1 :])
        return replace(state, seated=seated)

    # -- views, results, samples -----------------------------------------------------------

    def personal_key(self, state: Cafe, participant_id: int) -> Hashable:
        return state.view_key(participant_id)

    def call_link(self, state: Cafe, participant_id: int) -> str | None:
        """A remote table's own call while the round is at work."""
        table = state.table(state.group_of(participant_id) or "")
        return table.call_link or None if table is not None and table.remote else None

    def screen_counts(self, state: Cafe) -> tuple[ScreenCount, ...]:
        return (ScreenCount("cafe-notes", N_("Notes"), len(state.live_notes)),)

    def harvest(self, state: Cafe, into: str, title: str) -> AddOffer:
        return harvest_offer(state, into, title)

    def export(self, state: Cafe, people: Mapping[int, Person]) -> Export:
        return cafe_export(state, people)

    def voices(self, state: Cafe) -> Voices:
        return cafe_voices(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(self, language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)


def _at(now: datetime, minutes: int) -> str:
    return (now + timedelta(minutes=minutes)).isoformat()
