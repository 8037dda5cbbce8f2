"""The breakout's refusals: whether there are groups, whether people may still change notes,
and which group and note a person may change (see kind.py)."""

from __future__ import annotations

from piiri.activities.breakout.model import Breakout, Group, Note
from piiri.domain.vocabulary import N_, Context, DomainError


def need_groups(state: Breakout) -> None:
    if not state.groups:
        raise DomainError(N_("Form the groups first."))


def open_for_people(state: Breakout) -> None:
    if state.stage == "recalled":
        raise DomainError(N_("The groups have been recalled; notes can no longer change."))


def group_or_refuse(state: Breakout, group_id: str) -> Group:
    group = state.group(group_id)
    if group is None:
        raise DomainError(N_("That group is not in this activity."))
    return group


def note_group(
    state: Breakout,
    author: int | None,
    group_id: str,
    by_facilitator: bool,
    proxy: bool,
    context: Context,
) -> Group:
    """The group a new note goes to: the author's own, the one the facilitator names, or the
    group of the person without a phone the facilitator writes for. Raises DomainError."""
    if by_facilitator:
        if proxy:
            person = context.people.get(author or 0)
            if person is None:
                raise DomainError(N_("That person is not in this workshop."))
            if not person.by_proxy:
                raise DomainError(
                    N_("That person has a phone of their own; they write their own notes.")
                )
            found = state.group_of(person.id)
            if found is None:
                raise DomainError(N_("That person is not in a group yet."))
            return found
        return group_or_refuse(state, group_id)
    open_for_people(state)
    group = state.group_of(author or 0)
    if group is None:
        raise DomainError(N_("You are not in a group yet."))
    if group_id and group_id != group.id:
        raise DomainError(N_("You can only change your own group's notes."))
    return group


def owned_note(
    state: Breakout, note_id: str, author: int | None, by_facilitator: bool
) -> tuple[Group, Note]:
    """The note and its group, when this person may change it. Raises DomainError."""
    found = state.find_note(note_id)
    if found is None:
        raise DomainError(N_("That note is not here any more."))
    group, note = found
    if not by_facilitator:
        open_for_people(state)
        if author not in state.members(group):
            raise DomainError(N_("You can only change your own group's notes."))
    return group, note
