"""A ballot as it is filled in: commands from a socket message, a phone's draft edited one
step at a time (each step checked against the limits it can break: too many projects, over the
budget, too many points), a whole ballot checked before it is cast, and the ballots the
facilitator enters (paper, and people in the room without a phone).

Every refusal is a DomainError with a translatable message; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from piiri.activities.form_values import whole_number
from piiri.activities.participatory_budget.ballot_rules import BallotType, check_choice
from piiri.activities.participatory_budget.vote_events import (
    BallotCast,
    Change,
    Choose,
    CloseVote,
    Command,
    Confirm,
    EnterBallot,
    Event,
    GivePoints,
    MoveProject,
    OpenVote,
    PaperBallotCast,
    RemovePaperBallot,
    ReopenVote,
    Reveal,
    Review,
)
from piiri.activities.participatory_budget.voting import (
    Channel,
    Choice,
    Phase,
    Vote,
)
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError

MAX_REFERENCE = 200
MAX_POINTS = 1000

SIMPLE: dict[str, Command] = {
    "open_vote": OpenVote(),
    "close_vote": CloseVote(),
    "reopen_vote": ReopenVote(),
    "reveal_next": Reveal(),
    "reveal_all": Reveal(everything=True),
}


def parse_command(name: str, values: Mapping[str, Any], actor: Actor) -> Command:
    """The command in a socket message; DomainError on bad input."""
    if name in SIMPLE:
        return SIMPLE[name]
    if name == "enter_ballot":
        return _entered_command(values)
    if name == "remove_paper":
        return RemovePaperBallot(str(values.get("ballot", "")))
    if name not in ("choose", "points", "move", "review", "confirm", "change"):
        raise DomainError(N_("That action is not available here."))
    if actor.role != "participant" or actor.participant_id is None:
        raise DomainError(N_("Ballots are filled in on phones; enter a whole ballot here instead."))
    me = actor.participant_id
    project = str(values.get("project", ""))
    match name:
        case "choose":
            return Choose(me, project, str(values.get("on", "")) in ("1", "on", "true", "True"))
        case "points":
            return GivePoints(me, project, _step(values.get("change")))
        case "move":
            return MoveProject(me, project, _step(values.get("offset")))
        case "review":
            return Review(me)
        case "confirm":
            return Confirm(me)
    return Change(me)


def _step(value: object) -> int:
    text = str(value).strip()
    if text not in ("1", "+1", "-1"):
        raise DomainError(N_("That action is not available here."))
    return int(text)


def _entered_command(values: Mapping[str, Any]) -> EnterBallot:
    """A whole ballot from the console's form: ``for`` is "paper" or a person's id; the
    projects come as ``choose-<id>`` (ticked), ``points-<id>`` or ``rank-<id>`` fields."""
    who = str(values.get("for", "")).strip()
    person = None
    if who != "paper":
        person = whole_number(who, N_("Choose whose ballot this is: paper, or a person."))
    reference = one_line(
        values.get("reference"),
        limit=MAX_REFERENCE,
        too_long=N_("A paper ballot's reference can be at most {limit} characters long."),
    )
    ticked: list[str] = []
    given: list[tuple[str, int]] = []
    ranked: list[tuple[int, str]] = []
    for key, raw in values.items():
        text = str(raw if raw is not None else "").strip()
        kind, _, project = key.partition("-")
        if not project or not text or kind not in ("choose", "points", "rank"):
            continue
        if kind == "choose":
            if text not in ("", "0", "off", "false"):
                ticked.append(project)
            continue
        number = whole_number(text, N_("Points and ranks are whole numbers."), high=MAX_POINTS)
        if number == 0:
            continue
        if kind == "points":
            given.append((project, number))
        else:
            ranked.append((number, project))
    ranks = [rank for rank, _ in ranked]
    if len(set(ranks)) != len(ranks):
        raise DomainError(N_("Two projects have the same rank."))
    if ranked:
        choice = Choice(tuple(p for _, p in sorted(ranked)))
    elif given:
        choice = Choice(tuple(p for p, _ in given), tuple(n for _, n in given))
    else:
        choice = Choice(tuple(ticked))
    return EnterBallot(person, choice, reference)


# -- deciding ------------------------------------------------------------------------------------


def check_voter(state: Vote, participant_id: int, context: Context) -> None:
    """A phone's ballot may change only while the activity runs and the vote is open."""
    if not context.is_current:
        raise DomainError(N_("This activity is not running right now."))
    if state.phase is Phase.READY:
        raise DomainError(N_("The vote has not opened yet."))
    if state.phase is Phase.CLOSED:
        raise DomainError(N_("The vote has closed; ballots can no longer change."))
    if participant_id not in context.people:
        raise DomainError(N_("That person is not in this workshop."))


def _known(state: Vote, project_id: str) -> None:
    if state.proposal(project_id) is None:
        raise DomainError(N_("There is no project {project} on this ballot."), project=project_id)


def edited(state: Vote, command: Choose | GivePoints | MoveProject) -> Choice:
    """The draft after one step, checked against the limits a step can break. The person must
    be editing (not reviewing, not looking at a cast ballot)."""
    me, project = command.participant_id, command.project_id
    _known(state, project)
    if state.step(me) != "edit":
        raise DomainError(N_("Choose “Change my ballot” first."))
    draft = state.draft(me)
    projects, points = list(draft.projects), list(draft.points)
    ballot = state.ballot_type
    match command:
        case Choose(_, _, on):
            if ballot is BallotType.CUMULATIVE:
                raise DomainError(N_("On this ballot you give points."))
            if on and project not in projects:
                projects.append(project)
            elif not on and project in projects:
                projects.remove(project)
        case GivePoints(_, _, change):
            if ballot is not BallotType.CUMULATIVE:
                raise DomainError(N_("That action is not available here."))
            if project in projects:
                at = projects.index(project)
                points[at] += change
                if points[at] <= 0:
                    del projects[at], points[at]
            elif change > 0:
                projects.append(project)
                points.append(change)
        case MoveProject(_, _, offset):
            if ballot is not BallotType.RANKING or project not in projects:
                raise DomainError(N_("Only a project on your ranking can move."))
            at = projects.index(project)
            to = at + offset
            if 0 <= to < len(projects):
                projects[at], projects[to] = projects[to], projects[at]
    choice = Choice(tuple(projects), tuple(points))
    # The least a ballot needs is checked when it is reviewed; a step may leave it short.
    relaxed = replace(state.rules, min_length=0, min_sum_cost=None, min_sum_points=None)
    check_choice(relaxed, choice.projects, choice.points, state.costs)
    return choice


def check_whole(state: Vote, choice: Choice) -> None:
    """A whole ballot, as it will be counted."""
    if not choice.projects:
        raise DomainError(N_("Your ballot is empty: choose at least one project."))
    check_choice(state.rules, choice.projects, choice.points, state.costs)


def entered(state: Vote, command: EnterBallot, context: Context) -> list[Event]:
    """A ballot the facilitator enters, whole: paper, or for a person without a phone."""
    if state.phase is not Phase.OPEN:
        raise DomainError(N_("The vote is not open."))
    choice = command.choice
    for project in choice.projects:
        _known(state, project)
    if state.ballot_type is BallotType.CUMULATIVE and not choice.points and choice.projects:
        raise DomainError(N_("On this ballot you give points."))
    if state.ballot_type is not BallotType.CUMULATIVE and choice.points:
        raise DomainError(N_("Only a cumulative ballot gives points."))
    check_whole(state, choice)
    if command.for_person is None:
        ballot_id = f"paper-{context.new_id}"
        if ballot_id in state.paper:
            # Fresh ids are random; should one repeat, the count makes it unique.
            ballot_id = f"{ballot_id}-{state.casts}"
        return [PaperBallotCast(ballot_id, choice.projects, choice.points, command.reference)]
    person = context.people.get(command.for_person)
    if person is None:
        raise DomainError(N_("That person is not in this workshop."))
    if not person.by_proxy:
        raise DomainError(
            N_("That person has a phone of their own; you can vote only for people without one.")
        )
    return [BallotCast(person.id, choice.projects, choice.points, Channel.ROOM.value, proxy=True)]
