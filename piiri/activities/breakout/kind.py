"""Breakout prompts: present people split into groups; each group works on its prompt(s) in a
shared notes area; the facilitator recalls everyone and the groups' notes go up on the board.

Rules. Groups are formed from present people (phones and in-room people without one) as N
groups or groups of at most K: shuffled, mixing in-room and remote, keeping them separate, or
left empty for people to pick. The facilitator can move anyone afterwards. A latecomer joins
the group with the fewest present people (with "separate", among groups of their own kind);
someone who leaves stays listed, marked absent, and their notes stay. Notes are items: adding,
editing and removing one is one event each, so two people typing never overwrite each other;
an edit made on a version someone else has changed since is kept as a new note instead. A group
sees only its own notes until the recall; after it, every group's notes are on the board, and
only the facilitator can still change them.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from piiri.activities import grouping
from piiri.activities.breakout import samples
from piiri.activities.breakout.checks import (
    group_or_refuse,
    need_groups,
    note_group,
    open_for_people,
    owned_note,
)
from piiri.activities.breakout.commands import (
    AddNote,
    Broadcast,
    ClearMessage,
    Command,
    EditNote,
    Extend,
    FormGroups,
    MovePerson,
    PickGroup,
    Recall,
    RemoveNote,
    Reopen,
    StartTimer,
    clean_note,
    parse_breakout_command,
)
from piiri.activities.breakout.model import (
    MAX_MESSAGE_LENGTH,
    MAX_NOTES,
    Breakout,
    Event,
    Group,
    GroupsFormed,
    GroupsRecalled,
    GroupsReopened,
    GroupTimeSet,
    MemberMoved,
    MessageBroadcast,
    MessageCleared,
    Note,
    NoteAdded,
    NoteEdited,
    NoteRemoved,
    parse_breakout_config,
)
from piiri.activities.breakout.results import breakout_export, breakout_voices
from piiri.activities.contract import ActivityKind, DemoActivity, RemovalPolicy, Run, TextCommand
from piiri.activities.exports import Export, Voices
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.activities.local_text import LINES, LocalText
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person

EVENTS = (
    GroupsFormed,
    MemberMoved,
    MemberLeft,
    MemberReturned,
    NoteAdded,
    NoteEdited,
    NoteRemoved,
    GroupTimeSet,
    MessageBroadcast,
    MessageCleared,
    GroupsRecalled,
    GroupsReopened,
)


class BreakoutKind(ActivityKind[Breakout, Command, Event]):
    kind = "breakout"
    label = N_("Breakout prompts")
    events = EVENTS
    participant_commands = frozenset({"pick_group", "add_note", "edit_note", "remove_note"})
    # Removed "with their input", a person's own notes leave the group's board (a wave of bots
    # writes notes too); notes others wrote, or edited after them, stay.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"prompts": LINES}

    def default_config(self) -> dict[str, Any]:
        return {
            "prompts": "",
            "mixing": "mix",
            "group_count": "",
            "group_size": "4",
            "prompt_per_group": "",
            "minutes": "15",
            "call_links": "",
        }

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return parse_breakout_config(values)

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        prompts = config.get("prompts") or []
        form = super().config_form({**config, "prompts": [], "call_links": []})
        return {
            **form,
            "prompts": "\n".join(LocalText.from_json(p).text for p in prompts),
            "call_links": "\n".join(config.get("call_links") or ()),
        }

    def initial(self, config: Mapping[str, Any]) -> Breakout:
        return Breakout(
            prompts=tuple(LocalText.from_json(p) for p in config.get("prompts", ())),
            mixing=config.get("mixing", "mix"),
            group_count=config.get("group_count"),
            group_size=config.get("group_size"),
            prompt_per_group=bool(config.get("prompt_per_group", False)),
            minutes=int(config.get("minutes", 15)),
            call_links=tuple(config.get("call_links") or ()),
        )

    def decide(self, state: Breakout, command: Command, context: Context) -> list[Event]:
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        match command:
            case FormGroups(seed, mixing):
                return [self._form(state, seed or context.new_id, mixing, context)]
            case PickGroup(participant_id, group_id):
                if state.mixing != "pick":
                    raise DomainError(N_("The facilitator places people in groups this time."))
                open_for_people(state)
                group = group_or_refuse(state, group_id)
                if participant_id in state.members(group):
                    return []
                return [MemberMoved(participant_id, group.id)]
            case MovePerson(participant_id, group_id):
                if participant_id not in context.people:
                    raise DomainError(N_("That person is not in this workshop."))
                group = group_or_refuse(state, group_id)
                return (
                    []
                    if participant_id in state.members(group)
                    else [MemberMoved(participant_id, group.id)]
                )
            case AddNote(author, text, group_id, by_facilitator, proxy):
                group = note_group(state, author, group_id, by_facilitator, proxy, context)
                if len(group.live_notes) >= MAX_NOTES:
                    raise DomainError(
                        N_("A group can keep at most {limit} notes."), limit=MAX_NOTES
                    )
                note_id = context.new_id
                if state.find_note(note_id) is not None:
                    note_id = f"{note_id}-{state.note_total}"
                return [NoteAdded(group.id, note_id, clean_note(text), author, proxy)]
            case EditNote(author, note_id, text, base, by_facilitator):
                group, note = owned_note(state, note_id, author, by_facilitator)
                clean = clean_note(text)
                if clean == note.text and not note.removed:
                    return []
                if note.removed or note.revision != base:
                    # Someone changed or removed it since this person started: keep both texts.
                    new_id = f"{context.new_id}-{state.note_total}"
                    return [NoteAdded(group.id, new_id, clean, author, False)]
                return [NoteEdited(group.id, note.id, clean, author, note.revision + 1)]
            case RemoveNote(author, note_id, by_facilitator):
                group, note = owned_note(state, note_id, author, by_facilitator)
                return [] if note.removed else [NoteRemoved(group.id, note.id, author)]
            case StartTimer(minutes):
                need_groups(state)
                ends = _at(context.now, minutes or state.minutes)
                return [GroupTimeSet(g.id, ends) for g in state.groups]
            case Extend(group_id, minutes):
                need_groups(state)
                targets = [group_or_refuse(state, group_id)] if group_id else list(state.groups)
                return [
                    GroupTimeSet(g.id, _extended(g.ends_at, context.now, minutes)) for g in targets
                ]
            case Broadcast(text):
                message = one_line(
                    text,
                    limit=MAX_MESSAGE_LENGTH,
                    required=N_("Write the message to send to every group."),
                    too_long=N_("A message can be at most {limit} characters long."),
                )
                return [MessageBroadcast(message, context.now.isoformat())]
            case ClearMessage():
                return [MessageCleared()] if state.message else []
            case Recall():
                need_groups(state)
                return (
                    [] if state.stage == "recalled" else [GroupsRecalled(context.now.isoformat())]
                )
            case Reopen():
                return [GroupsReopened()] if state.stage == "recalled" else []
        raise DomainError(N_("That action is not available here."))

    def _form(self, state: Breakout, seed: str, mixing: str, context: Context) -> GroupsFormed:
        if state.stage == "recalled":
            raise DomainError(N_("The groups have been recalled; open them again first."))
        if any(g.notes for g in state.groups):
            raise DomainError(N_("The groups already have notes; move people instead."))
        mixing = mixing or state.mixing
        if mixing not in (*grouping.MIXINGS, "pick"):
            raise DomainError(N_("That way of forming groups is not available."))
        people = grouping.present_people(context.people)
        if not people and mixing != "pick":
            raise DomainError(N_("Nobody is here yet to put in groups."))
        count = grouping.group_count(len(people), count=state.group_count, size=state.group_size)
        if mixing == "pick":
            members: list[list[int]] = [[] for _ in range(count)]
        else:
            count = min(count, len(people))
            members = grouping.split(people, count, mixing, grouping.seed_from(seed))  # type: ignore[arg-type]
        groups = []
        for index, ids in enumerate(members):
            if state.prompt_per_group:
                dealt = [state.prompts[index % len(state.prompts)]] if state.prompts else []
            else:
                dealt = list(state.prompts)
            prompts = [p.to_json() for p in dealt]
            groups.append(
                {"id": f"g{index + 1}", "number": index + 1, "prompts": prompts, "members": ids}
            )
        return GroupsFormed(groups=groups, mixing=mixing)

    # -- joining and leaving ---------------------------------------------------------------

    def on_people_changed(self, state: Breakout, context: Context) -> list[Event]:
        events: list[Event] = [*state.membership.roll_call(context.people)]
        if state.stage != "working" or state.mixing == "pick":
            return events
        placed = state.membership.latecomers(context.people, separate=state.mixing == "separate")
        return [*events, *(MemberMoved(person, group) for person, group in placed)]

    # -- folding ---------------------------------------------------------------------------

    def evolve(self, state: Breakout, event: Event) -> Breakout:
        match event:
            case GroupsFormed(groups, mixing):
                formed = tuple(
                    Group(g["id"], g["number"], tuple(LocalText.from_json(p) for p in g["prompts"]))
                    for g in groups
                )
                membership = state.membership.formed((g["id"], g["members"]) for g in groups)
                return replace(
                    state, groups=formed, membership=membership, mixing=mixing, stage="working"
                )
            case MemberMoved(participant_id, group_id):
                membership = state.membership.moved(participant_id, group_id)
                return replace(state, membership=membership)
            case MemberLeft() | MemberReturned():
                return replace(state, membership=state.membership.evolve(event))
            case NoteAdded(group_id, note_id, text, author, proxy):
                note = Note(note_id, text, author, 1, proxy)
                return self._with_group(
                    state, group_id, lambda g: replace(g, notes=(*g.notes, note))
                )
            case NoteEdited(group_id, note_id, text, _author, revision):
                return self._with_note(
                    state, group_id, note_id, lambda n: replace(n, text=text, revision=revision)
                )
            case NoteRemoved(group_id, note_id, _author):
                return self._with_note(state, group_id, note_id, lambda n: replace(n, removed=True))
            case GroupTimeSet(group_id, ends_at):
                return self._with_group(state, group_id, lambda g: replace(g, ends_at=ends_at))
            case MessageBroadcast(text, _at):
                return replace(state, message=text, message_number=state.message_number + 1)
            case MessageCleared():
                return replace(state, message="")
            case GroupsRecalled(_at):
                # Called back, the groups' time is over: no group timer counts on.
                stopped = tuple(replace(g, ends_at=None) for g in state.groups)
                return replace(state, stage="recalled", groups=stopped)
            case GroupsReopened():
                return replace(state, stage="working")
        raise TypeError(f"not a breakout event: {event!r}")

    @staticmethod
    def _with_group(state: Breakout, group_id: str, change: Any) -> Breakout:
        return replace(
            state, groups=tuple(change(g) if g.id == group_id else g for g in state.groups)
        )

    def _with_note(self, state: Breakout, group_id: str, note_id: str, change: Any) -> Breakout:
        return self._with_group(
            state,
            group_id,
            lambda g: replace(g, notes=tuple(change(n) if n.id == note_id else n for n in g.notes)),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_breakout_command(name, values, actor)

    def export(self, state: Breakout, people: Mapping[int, Person]) -> Export:
        return breakout_export(state, people)

    def voices(self, state: Breakout) -> Voices:
        return breakout_voices(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(self, language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)

    # -- views and the report --------------------------------------------------------------

    def call_link(self, state: Breakout, participant_id: int) -> str | None:
        """A group's own call while the groups are at work; the room's call otherwise."""
        group = state.group_of(participant_id)
        if state.stage != "working" or group is None:
            return None
        return state.call_of(group)

    def withdraw(self, state: Breakout, person: Person) -> list[Event]:
        """Every note of theirs still on a board, removed as the facilitator would."""
        return [
            NoteRemoved(group.id, note.id, None)
            for group in state.groups
            for note in group.live_notes
            if note.author == person.id
        ]

    def personal_key(self, state: Breakout, participant_id: int) -> Hashable:
        group = state.group_of(participant_id)
        picking = (
            tuple((g.id, len(state.members(g))) for g in state.groups)
            if state.mixing == "pick"
            else ()
        )
        members = state.members(group) if group else ()
        absent = tuple(sorted(m for m in members if m in state.absent))
        return (
            state.stage,
            group,
            members,
            absent,
            picking,
            participant_id if state.mixing == "pick" else None,
        )


def _at(now: datetime, minutes: int) -> str:
    return (now + timedelta(minutes=minutes)).isoformat()


def _extended(ends_at: str | None, now: datetime, minutes: int) -> str:
    base = now
    if ends_at is not None:
        base = max(now, datetime.fromisoformat(ends_at))
    return _at(base, minutes)
