"""Participatory budgeting as an activity: residents spend a budget on projects with ballots
from their phones, the room and paper, and the outcome is computed by the same code as
``piiri pb results`` (docs/participatory-budgeting.md).

The facilitator opens the vote (a seed is drawn: each phone shows the projects in its person's
own order), people fill in, review and cast their ballot, which they may change until the vote
closes; one ballot per person. The facilitator enters paper ballots and ballots for people in
the room without a phone. Closing draws the lot's seed and computes the outcome; the room screen
then reveals the winners one at a time with the account of how they won.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

from piiri.activities.contract import (
    ActivityKind,
    DemoActivity,
    FileCommand,
    RemovalPolicy,
    Run,
    ScreenCount,
    TextCommand,
)
from piiri.activities.exports import Export
from piiri.activities.local_text import LINES
from piiri.activities.participatory_budget import ballots, samples, setup
from piiri.activities.participatory_budget.ballot_rules import BallotType
from piiri.activities.participatory_budget.lot import draw
from piiri.activities.participatory_budget.published import vote_export
from piiri.activities.participatory_budget.recompute import RESULTS
from piiri.activities.participatory_budget.rules import compute
from piiri.activities.participatory_budget.vote_events import (
    BallotCast,
    BallotReopened,
    BallotReviewed,
    BallotWithdrawn,
    Change,
    Choose,
    CloseVote,
    Command,
    Confirm,
    DraftChanged,
    EnterBallot,
    Event,
    GivePoints,
    MoveProject,
    OpenVote,
    OutcomeRevealed,
    PaperBallotCast,
    PaperBallotRemoved,
    RemovePaperBallot,
    ReopenVote,
    Reveal,
    Review,
    VoteClosed,
    VoteOpened,
    VoteReopened,
)
from piiri.activities.participatory_budget.voting import (
    Cast,
    Channel,
    Choice,
    Phase,
    Vote,
    with_draft,
)
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class ParticipatoryBudgetKind(ActivityKind[Vote, Command, Event]):
    kind = "participatory_budget"
    label = N_("Participatory budgeting")
    events = (
        VoteOpened,
        VoteClosed,
        VoteReopened,
        OutcomeRevealed,
        DraftChanged,
        BallotReviewed,
        BallotReopened,
        BallotCast,
        BallotWithdrawn,
        PaperBallotCast,
        PaperBallotRemoved,
    )
    participant_commands = frozenset({"choose", "points", "move", "review", "confirm", "change"})
    # A ballot is each person's own: taken out, it leaves the count.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"projects": LINES}

    # -- configuration ---------------------------------------------------------------------

    def default_config(self) -> dict[str, Any]:
        return setup.default_config()

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        return setup.config_form(config)

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return setup.parse_config(values)

    def initial(self, config: Mapping[str, Any]) -> Vote:
        rules = setup.ballot_rules(config)
        return Vote(
            proposals=setup.proposals(config),
            budget=config["budget"],
            rules=rules,
            ballot_type=BallotType(config["ballot"]),
            rule=config["rule"],
            threshold=config.get("threshold"),
            unit=config.get("unit", ""),
        )

    # -- commands --------------------------------------------------------------------------

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return ballots.parse_command(name, values, actor)

    def decide(self, state: Vote, command: Command, context: Context) -> list[Event]:
        match command:
            case OpenVote():
                if state.phase is not Phase.READY:
                    return []
                seed = draw(0, f"{context.new_id} {context.now.isoformat()}")
                return [VoteOpened(seed, context.now.isoformat())]
            case CloseVote():
                if state.phase is not Phase.OPEN:
                    return []
                lot_seed = draw(1, f"{context.new_id} {context.now.isoformat()}")
                return [VoteClosed(lot_seed, context.now.isoformat())]
            case ReopenVote():
                return [VoteReopened()] if state.phase is Phase.CLOSED else []
            case Reveal(everything):
                if state.outcome is None:
                    raise DomainError(N_("Close the vote before revealing its outcome."))
                last = len(state.outcome.selected)
                shown = last if everything else min(state.revealed + 1, last)
                return [OutcomeRevealed(shown)] if shown != state.revealed else []
            case Choose() | GivePoints() | MoveProject():
                ballots.check_voter(state, command.participant_id, context)
                draft = ballots.edited(state, command)
                if draft == state.draft(command.participant_id):
                    return []
                return [DraftChanged(command.participant_id, draft.projects, draft.points)]
            case Review(participant_id):
                ballots.check_voter(state, participant_id, context)
                if state.step(participant_id) != "edit":
                    return []
                ballots.check_whole(state, state.draft(participant_id))
                return [BallotReviewed(participant_id)]
            case Confirm(participant_id):
                ballots.check_voter(state, participant_id, context)
                if state.step(participant_id) != "review":
                    raise DomainError(N_("Review your ballot before casting it."))
                draft = state.draft(participant_id)
                ballots.check_whole(state, draft)
                person = context.people[participant_id]
                channel = Channel.ROOM if person.in_room else Channel.REMOTE
                return [BallotCast(participant_id, draft.projects, draft.points, channel.value)]
            case Change(participant_id):
                ballots.check_voter(state, participant_id, context)
                if state.step(participant_id) == "edit":
                    return []
                return [BallotReopened(participant_id)]
            case EnterBallot():
                return ballots.entered(state, command, context)
            case RemovePaperBallot(ballot_id):
                if state.phase is not Phase.OPEN:
                    raise DomainError(N_("The vote is not open."))
                if ballot_id not in state.paper:
                    raise DomainError(N_("There is no such paper ballot."))
                return [PaperBallotRemoved(ballot_id)]
        raise DomainError(N_("That action is not available here."))

    def evolve(self, state: Vote, event: Event) -> Vote:
        match event:
            case VoteOpened(seed, at):
                return replace(state, phase=Phase.OPEN, seed=seed, opened_at=at)
            case VoteClosed(lot_seed, at):
                closed = replace(state, phase=Phase.CLOSED, lot_seed=lot_seed, closed_at=at)
                outcome = compute(closed.election(), seed=lot_seed)
                return replace(closed, outcome=outcome, revealed=0)
            case VoteReopened():
                return replace(state, phase=Phase.OPEN, outcome=None, revealed=0)
            case OutcomeRevealed(shown):
                return replace(state, revealed=shown)
            case DraftChanged(participant_id, projects, points):
                return with_draft(state, participant_id, Choice(projects, points))
            case BallotReviewed(participant_id):
                return replace(state, reviewing=state.reviewing | {participant_id})
            case BallotReopened(participant_id):
                editing = state.editing | ({participant_id} & set(state.ballots))
                return replace(state, reviewing=state.reviewing - {participant_id}, editing=editing)
            case BallotCast(participant_id, projects, points, channel, proxy):
                choice = Choice(projects, points)
                before = state.ballots.get(participant_id)
                order = before.order if before else state.casts + 1
                counted = dict(state.ballots)
                counted[participant_id] = Cast(choice, Channel(channel), proxy, order)
                return replace(
                    with_draft(state, participant_id, choice),
                    ballots=counted,
                    casts=state.casts + (0 if before else 1),
                    reviewing=state.reviewing - {participant_id},
                    editing=state.editing - {participant_id},
                )
            case BallotWithdrawn(participant_id):
                counted = {k: v for k, v in state.ballots.items() if k != participant_id}
                drafts = {k: v for k, v in state.drafts.items() if k != participant_id}
                return replace(
                    state,
                    ballots=counted,
                    drafts=drafts,
                    reviewing=state.reviewing - {participant_id},
                    editing=state.editing - {participant_id},
                )
            case PaperBallotCast(ballot_id, projects, points, reference):
                paper = dict(state.paper)
                cast = Cast(Choice(projects, points), Channel.PAPER, False, state.casts + 1)
                paper[ballot_id] = replace(cast, reference=reference)
                return replace(state, paper=paper, casts=state.casts + 1)
            case PaperBallotRemoved(ballot_id):
                return replace(
                    state, paper={k: v for k, v in state.paper.items() if k != ballot_id}
                )
        raise TypeError(f"not a participatory-budgeting event: {event!r}")

    # -- views -----------------------------------------------------------------------------

    def personal_key(self, state: Vote, participant_id: int) -> Hashable:
        cast = state.ballots.get(participant_id)
        return (
            participant_id,
            state.phase,
            state.seed,
            state.step(participant_id),
            state.draft(participant_id),
            cast.choice if cast else None,
            state.proposals,
            state.rules,
        )

    def screen_counts(self, state: Vote) -> tuple[ScreenCount, ...]:
        return (ScreenCount("ballots", N_("Ballots:"), state.count()),)

    # -- results ---------------------------------------------------------------------------

    def export(self, state: Vote, people: Mapping[int, Person]) -> Export:
        return vote_export(state)

    def withdraw(self, state: Vote, person: Person) -> list[Event]:
        """Their ballot (and draft) taken out of the count."""
        if person.id in state.ballots or person.id in state.drafts:
            return [BallotWithdrawn(person.id)]
        return []

    # -- showing itself --------------------------------------------------------------------

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def file_commands(self) -> tuple[FileCommand, ...]:
        return (RESULTS,)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)
