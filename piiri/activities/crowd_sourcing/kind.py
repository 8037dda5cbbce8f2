"""25/10 crowd sourcing (Liberating Structures): everyone writes one bold idea; in rounds each
phone gets another person's idea and scores it 1 to 5; the screen counts the top ten down.

Rules. Each person has one idea, which they may rewrite until the scoring starts; the
facilitator writes for people without a phone. The facilitator starts the scoring (it needs two
ideas) and moves from round to round; each round deals every present person one card
(dealing.py: never their own idea, never one they have had, the least-scored ideas first) and
may have a timer. A card is scored once; the score is final. Someone who arrives while a round
runs gets a card at once. After the scoring the facilitator reveals the top ten one at a time,
from the tenth to the first (or all at once). A removed person's idea, with its scores, and the
scores they gave are taken back.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from piiri.activities.contract import (
    ActivityKind,
    DemoActivity,
    RemovalPolicy,
    Run,
    ScreenCount,
    TextCommand,
)
from piiri.activities.crowd_sourcing import dealing, samples
from piiri.activities.crowd_sourcing.commands import (
    Command,
    FinishScoring,
    NextRound,
    RevealAll,
    RevealNext,
    Score,
    StartScoring,
    Write,
    parse_crowd_sourcing_command,
)
from piiri.activities.crowd_sourcing.config import crowd_sourcing_config
from piiri.activities.crowd_sourcing.model import (
    DEFAULT_ROUNDS,
    EVENTS,
    MAX_IDEA_LENGTH,
    SCORED,
    SCORING,
    WRITING,
    Card,
    CardsDealt,
    CrowdSourcing,
    Event,
    Idea,
    IdeaScored,
    IdeaWritten,
    InputWithdrawn,
    RoundStarted,
    ScoringFinished,
    ScoringStarted,
    TopRevealed,
)
from piiri.activities.crowd_sourcing.results import crowd_sourcing_export
from piiri.activities.exports import Export
from piiri.activities.local_text import WHOLE, LocalText
from piiri.activities.text import multiline
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class CrowdSourcingKind(ActivityKind[CrowdSourcing, Command, Event]):
    kind = "crowd_sourcing"
    label = N_("25/10 crowd sourcing")
    events = EVENTS
    participant_commands = frozenset({"write", "score"})
    # A score is each person's own, and so is the idea: taken out, both leave the totals.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"prompt": WHOLE}

    def default_config(self) -> dict[str, Any]:
        return {"prompt": "", "rounds": DEFAULT_ROUNDS, "round_seconds": 60}

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        form = super().config_form({**config, "prompt": ""})
        return {**form, "prompt": LocalText.from_json(config.get("prompt") or "").text}

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return crowd_sourcing_config(values)

    def initial(self, config: Mapping[str, Any]) -> CrowdSourcing:
        return CrowdSourcing(
            prompt=LocalText.from_json(config.get("prompt") or ""),
            rounds=int(config.get("rounds") or DEFAULT_ROUNDS),
            round_seconds=config.get("round_seconds"),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_crowd_sourcing_command(name, values, actor)

    def decide(self, state: CrowdSourcing, command: Command, context: Context) -> list[Event]:
        match command:
            case Write(author, text, proxy):
                return self._write(state, author, text, proxy, context)
            case Score(reader, round_number, score, proxy):
                return self._score(state, reader, round_number, score, proxy, context)
            case StartScoring():
                _running(context)
                if state.stage != WRITING:
                    raise DomainError(N_("The scoring has started already."))
                if len(state.ideas) < 2:
                    raise DomainError(N_("The scoring needs at least two ideas."))
                started = ScoringStarted(context.new_id)
                return [started, self._round(replace(state, seed=started.seed), 1, context)]
            case NextRound():
                _running(context)
                if state.stage != SCORING:
                    raise DomainError(N_("No round is being scored now."))
                if state.is_last_round:
                    raise DomainError(N_("That was the last round: finish the scoring."))
                following = self._round(state, state.round + 1, context)
                if not following.cards:
                    raise DomainError(N_("Nobody has an idea left to score: finish the scoring."))
                return [following]
            case FinishScoring():
                if state.stage == WRITING:
                    raise DomainError(N_("The scoring has not started yet."))
                return [ScoringFinished()] if state.stage == SCORING else []
            case RevealNext() | RevealAll():
                if state.stage != SCORED:
                    raise DomainError(N_("The top ten is revealed after the scoring."))
                count = state.top_size if isinstance(command, RevealAll) else state.revealed + 1
                return [TopRevealed(count)] if state.revealed < state.top_size else []
        raise DomainError(N_("That action is not available here."))

    def _write(
        self, state: CrowdSourcing, author: int, text: str, proxy: bool, context: Context
    ) -> list[Event]:
        _running(context)
        _person(context, author, proxy)
        if state.stage != WRITING:
            raise DomainError(N_("The scoring has started: ideas can no longer change."))
        clean = multiline(
            text,
            empty=N_("An idea needs some text."),
            limit=MAX_IDEA_LENGTH,
            too_long=N_("An idea can be at most {limit} characters long."),
        )
        mine = state.idea_of(author)
        if mine is not None and mine.text == clean:
            return []
        number = mine.number if mine is not None else state.numbers_used + 1
        return [IdeaWritten(author, number, clean, proxy)]

    def _score(
        self,
        state: CrowdSourcing,
        reader: int,
        round_number: int,
        score: int,
        proxy: bool,
        context: Context,
    ) -> list[Event]:
        _running(context)
        _person(context, reader, proxy)
        if state.stage != SCORING:
            raise DomainError(N_("No round is being scored now."))
        if round_number != state.round:
            raise DomainError(N_("That round is over: score the idea of this round."))
        card = state.card(reader)
        if card is None:
            raise DomainError(N_("There is no idea for you to score in this round."))
        if card.score is not None:
            raise DomainError(N_("This idea has its score from you already; a score is final."))
        if card.idea not in state.ideas:
            raise DomainError(N_("That idea has been withdrawn."))
        return [IdeaScored(state.round, reader, card.idea, score, proxy)]

    def _round(self, state: CrowdSourcing, number: int, context: Context) -> RoundStarted:
        readers = _readers(context)
        hands = dealing.deal(
            readers=readers,
            ideas=list(state.ideas),
            seen={r: state.seen_by(r) for r in readers},
            scores=state.score_counts(),
            cards=state.card_counts(),
            seed=state.seed,
            round_number=number,
        )
        ends = None
        if state.round_seconds:
            ends = (context.now + timedelta(seconds=state.round_seconds)).isoformat()
        return RoundStarted(number, ends, [[r, hands[r]] for r in sorted(hands)])

    def on_people_changed(self, state: CrowdSourcing, context: Context) -> list[Event]:
        """A person who arrives (or comes back) while a round runs gets a card at once."""
        if state.stage != SCORING:
            return []
        scores, cards = state.score_counts(), state.card_counts()
        dealt: list[list[int]] = []
        for reader in _readers(context):
            if state.card(reader) is not None:
                continue
            idea = dealing.one_card(
                reader=reader,
                ideas=list(state.ideas),
                seen=state.seen_by(reader),
                scores=scores,
                cards=cards,
                seed=state.seed,
            )
            if idea is not None:
                dealt.append([reader, idea])
                cards[idea] = cards.get(idea, 0) + 1
        return [CardsDealt(state.round, dealt)] if dealt else []

    def evolve(self, state: CrowdSourcing, event: Event) -> CrowdSourcing:
        match event:
            case IdeaWritten(author, number, text, proxy):
                ideas = {**state.ideas, author: Idea(author, number, text, proxy)}
                return replace(state, ideas=ideas, numbers_used=max(state.numbers_used, number))
            case ScoringStarted(seed):
                return replace(state, stage=SCORING, seed=seed)
            case RoundStarted(number, ends_at, cards):
                dealt = _dealt(state, number, cards)
                return replace(state, round=number, ends_at=ends_at, cards=dealt)
            case CardsDealt(number, cards):
                return replace(state, cards=_dealt(state, number, cards))
            case IdeaScored(number, reader, _idea, score, proxy):
                card = replace(state.cards[(number, reader)], score=score, proxy=proxy)
                return replace(state, cards={**state.cards, (number, reader): card})
            case ScoringFinished():
                return replace(state, stage=SCORED, ends_at=None)
            case TopRevealed(count):
                return replace(state, revealed=count)
            case InputWithdrawn(who):
                ideas = {a: i for a, i in state.ideas.items() if a != who}
                kept = {k: c for k, c in state.cards.items() if who not in (c.reader, c.idea)}
                return replace(state, ideas=ideas, cards=kept, withdrawn=state.withdrawn + 1)
        raise TypeError(f"not a 25/10 event: {event!r}")

    def personal_key(self, state: CrowdSourcing, participant_id: int) -> Hashable:
        card = state.card(participant_id) if state.stage == SCORING else None
        read = state.ideas.get(card.idea) if card is not None else None
        mine = state.idea_of(participant_id)
        placed = None
        if mine is not None and state.fully_revealed:
            placed = next((r for r in state.ranking() if r.idea.author == participant_id), None)
        return (state.stage, state.round, state.ends_at, mine, card, read, placed)

    def withdraw(self, state: CrowdSourcing, person: Person) -> list[Event]:
        scored = any(c.reader == person.id and c.score is not None for c in state.cards.values())
        return [InputWithdrawn(person.id)] if scored or person.id in state.ideas else []

    def screen_counts(self, state: CrowdSourcing) -> tuple[ScreenCount, ...]:
        return (
            ScreenCount("ideas", N_("Ideas:"), len(state.ideas)),
            ScreenCount("scores", N_("Scores:"), state.scores_given),
        )

    def export(self, state: CrowdSourcing, people: Mapping[int, Person]) -> Export:
        return crowd_sourcing_export(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)


def _running(context: Context) -> None:
    if not context.is_current:
        raise DomainError(N_("This activity is not running right now."))


def _person(context: Context, participant_id: int, proxy: bool) -> None:
    person = context.people.get(participant_id)
    if person is None or not person.present:
        raise DomainError(N_("That person is not in this workshop."))
    if proxy and not person.by_proxy:
        raise DomainError(
            N_("That person has a phone of their own; they take part from it themselves.")
        )


def _readers(context: Context) -> list[int]:
    """Who is dealt a card: everyone present, with a phone or without."""
    return sorted(
        p.id for p in context.people.values() if p.present and not p.waiting and not p.removed
    )


def _dealt(
    state: CrowdSourcing, number: int, cards: list[list[int]]
) -> dict[tuple[int, int], Card]:
    added = {(number, reader): Card(number, reader, idea) for reader, idea in cards}
    return {**state.cards, **added}
