"""The interview's refusals: whether there are pairs, whether people may still change
anything, and which pair a person acts for (see kind.py)."""

from __future__ import annotations

from piiri.activities.interview.model import Interview, Pair
from piiri.domain.vocabulary import N_, DomainError


def need_pairs(state: Interview) -> None:
    if not state.pairs:
        raise DomainError(N_("Form the pairs first."))


def open_for_people(state: Interview) -> None:
    if state.stage == "harvest":
        raise DomainError(N_("The interviews are over; the facilitator is harvesting."))


def pair_or_refuse(state: Interview, pair_id: str) -> Pair:
    pair = state.pair(pair_id)
    if pair is None:
        raise DomainError(N_("That pair is not in this activity."))
    return pair


def acting_pair(state: Interview, actor: int | None, pair_id: str) -> Pair:
    """The pair the facilitator names (``actor`` None) or the participant's own, while
    interviews go on. Raises DomainError."""
    if actor is None:
        return pair_or_refuse(state, pair_id)
    open_for_people(state)
    pair = state.pair_of(actor)
    if pair is None:
        raise DomainError(N_("You are not in a pair yet."))
    if pair_id and pair_id != pair.id:
        raise DomainError(N_("You can only change what your own pair captured."))
    return pair
