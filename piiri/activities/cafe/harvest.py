"""The harvest: every table's notes brought on to another activity on the agenda, an idea wall
(the notes as its ideas, ready to be put in themes) or a dot-vote (the notes as its options).

Only this module knows what those kinds' add forms take; the workshop adds what it returns
through the add form's own path (``AddActivity``), so their ``parse_config`` checks it.
"""

from __future__ import annotations

from piiri.activities.cafe.model import Cafe, Note
from piiri.activities.contract import AddOffer
from piiri.activities.dot_vote.model import MAX_OPTION_LENGTH, MAX_OPTIONS
from piiri.activities.idea_wall.model import MAX_IDEA_LENGTH, MAX_IDEAS
from piiri.domain.vocabulary import N_, DomainError

IDEA_WALL, DOT_VOTE = "idea_wall", "dot_vote"
HARVEST_KINDS = (IDEA_WALL, DOT_VOTE)


def harvest_lines(state: Cafe, limit: int) -> list[str]:
    """Every live note as one line of at most ``limit`` characters, table by table (in a
    café; by stage in 1-2-4-All), each text once."""
    order = {t.id: n for n, t in enumerate(state.tables)}

    def place(note: Note) -> tuple[int, int, str]:
        return (order.get(note.group, len(order)), note.round, note.group)

    seen: set[str] = set()
    found: list[str] = []
    for note in sorted(state.live_notes, key=place):
        line = " ".join(note.text.split())[:limit].strip()
        if line.casefold() not in seen:
            seen.add(line.casefold())
            found.append(line)
    return found


def harvest_offer(state: Cafe, into: str, title: str) -> AddOffer:
    """The idea wall or dot-vote that takes the café's notes on. Raises DomainError when
    there are too few notes, or too many for a dot-vote."""
    question = state.rounds[0].question.text if state.rounds else ""
    if into == IDEA_WALL:
        ideas = harvest_lines(state, MAX_IDEA_LENGTH)
        if not ideas:
            raise DomainError(N_("The tables have no notes to harvest yet."))
        if len(ideas) > MAX_IDEAS:
            raise DomainError(N_("A wall can take at most {limit} ideas."), limit=MAX_IDEAS)
        return AddOffer(IDEA_WALL, title, {"prompt": question, "ideas": "\n".join(ideas)})
    if into == DOT_VOTE:
        options = harvest_lines(state, MAX_OPTION_LENGTH)
        if len(options) < 2:
            raise DomainError(N_("A dot-vote needs at least two notes from the tables."))
        if len(options) > MAX_OPTIONS:
            raise DomainError(
                N_(
                    "A dot-vote takes at most {limit} options: send the notes to the idea "
                    "wall first and put them in themes."
                ),
                limit=MAX_OPTIONS,
            )
        return AddOffer(DOT_VOTE, title, {"options": "\n".join(options)})
    raise DomainError(N_("The notes cannot go there."))
