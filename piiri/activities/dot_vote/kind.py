"""Dot-voting: each person spreads a budget of dots over options; results stay hidden until
the facilitator reveals them.

Rules: the budget is ``dots_per_person`` or, when unset, ceil(options / 3) (at least 1). A person
may stack dots on one option up to ``max_per_option`` (unset: up to the whole budget). People may
take dots back and recast them until the facilitator locks the vote. The facilitator may add
options at any time and cast dots for an in-room person without a phone (a proxy person); such
dots are marked as cast by proxy.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import Any

from piiri.activities.contract import (
    ActivityKind,
    DemoActivity,
    RemovalPolicy,
    Run,
    ScreenCount,
    TextCommand,
)
from piiri.activities.dot_vote import samples
from piiri.activities.dot_vote.model import (
    MAX_DOTS,
    MAX_OPTIONS,
    AddOption,
    CastDot,
    Command,
    DotCast,
    DotRemoved,
    DotVote,
    Event,
    Hide,
    Lock,
    Option,
    OptionAdded,
    RemoveDot,
    ResultsHidden,
    ResultsRevealed,
    Reveal,
    Unlock,
    VotingLocked,
    VotingUnlocked,
    clean_option_label,
)
from piiri.activities.dot_vote.results import dot_vote_export
from piiri.activities.exports import Export
from piiri.activities.form_values import optional_number, whole_number
from piiri.activities.local_text import LINES, LocalText
from piiri.activities.text import lines
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class DotVoteKind(ActivityKind[DotVote, Command, Event]):
    kind = "dot_vote"
    label = N_("Dot-voting")
    events = (
        DotCast,
        DotRemoved,
        OptionAdded,
        VotingLocked,
        VotingUnlocked,
        ResultsRevealed,
        ResultsHidden,
    )
    participant_commands = frozenset({"cast_dot", "remove_dot"})
    # A vote is each person's own: taken out, their dots leave the totals.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"options": LINES}

    def default_config(self) -> dict[str, Any]:
        return {"options": [], "dots_per_person": None, "max_per_option": None}

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        def text(value: object) -> str:
            return "" if value is None else str(value)

        labels = [LocalText.from_json(o["label"]) for o in config.get("options", [])]
        return {
            "options": "\n".join(label.text for label in labels),
            "dots_per_person": text(config.get("dots_per_person")),
            "max_per_option": text(config.get("max_per_option")),
        }

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        options: tuple[Option, ...] = ()
        for line in lines(values.get("options", "")):
            label = LocalText(clean_option_label(line, options))
            options += (Option(f"o{len(options) + 1}", label),)
        if len(options) < 2:
            raise DomainError(N_("A dot-vote needs at least two options, one per line."))
        if len(options) > MAX_OPTIONS:
            raise DomainError(N_("A dot-vote can have at most {limit} options."), limit=MAX_OPTIONS)
        dots = optional_number(
            values.get("dots_per_person"),
            low=1,
            high=MAX_DOTS,
            message=N_("Dots per person must be a whole number from {low} to {high}."),
        )
        cap = optional_number(
            values.get("max_per_option"),
            low=1,
            high=MAX_DOTS,
            message=N_("Dots per option must be a whole number from {low} to {high}."),
        )
        return {
            "options": [{"id": o.id, "label": o.label.to_json()} for o in options],
            "dots_per_person": dots,
            "max_per_option": cap,
        }

    def initial(self, config: Mapping[str, Any]) -> DotVote:
        return DotVote(
            options=tuple(
                Option(o["id"], LocalText.from_json(o["label"])) for o in config.get("options", [])
            ),
            dots_per_person=config.get("dots_per_person"),
            max_per_option=config.get("max_per_option"),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        if name in ("cast_dot", "remove_dot"):
            option_id = str(values.get("option", ""))
            if actor.role == "participant" and actor.participant_id is not None:
                participant_id, proxy = actor.participant_id, False
            elif actor.role == "facilitator":
                participant_id = whole_number(
                    values.get("for", ""), N_("Choose the person you are voting for.")
                )
                proxy = True
            else:
                raise DomainError(N_("You cannot vote from this screen."))
            cls = CastDot if name == "cast_dot" else RemoveDot
            return cls(participant_id=participant_id, option_id=option_id, proxy=proxy)
        if name == "add_option":
            label = values.get("label")
            # A JSON null is no text, not the option "None".
            return AddOption(label="" if label is None else str(label))
        simple: dict[str, Command] = {
            "lock": Lock(),
            "unlock": Unlock(),
            "reveal": Reveal(),
            "hide": Hide(),
        }
        if name in simple:
            return simple[name]
        raise DomainError(N_("That action is not available here."))

    def decide(self, state: DotVote, command: Command, context: Context) -> list[Event]:
        match command:
            case CastDot(participant_id, option_id, proxy):
                self._check_voter(state, participant_id, option_id, proxy, context)
                if state.used_by(participant_id) >= state.budget:
                    raise DomainError(
                        N_("All your {budget} dots are in use. Take one back to move it."),
                        budget=state.budget,
                    )
                if state.mine(participant_id).get(option_id, 0) >= state.cap:
                    raise DomainError(
                        N_("One option can take at most {cap} of your dots."), cap=state.cap
                    )
                return [DotCast(participant_id, option_id, proxy)]
            case RemoveDot(participant_id, option_id, proxy):
                self._check_voter(state, participant_id, option_id, proxy, context)
                if state.mine(participant_id).get(option_id, 0) <= 0:
                    raise DomainError(N_("There is no dot of yours on that option."))
                return [DotRemoved(participant_id, option_id, proxy)]
            case AddOption(label):
                if len(state.options) >= MAX_OPTIONS:
                    raise DomainError(
                        N_("A dot-vote can have at most {limit} options."), limit=MAX_OPTIONS
                    )
                option_id = context.new_id
                if state.option(option_id) is not None:
                    # Fresh ids are random; should one repeat, the count makes it unique.
                    option_id = f"{option_id}-{len(state.options)}"
                text = clean_option_label(label, state.options)
                return [OptionAdded(option_id, LocalText(text))]
            case Lock():
                return [] if state.locked else [VotingLocked()]
            case Unlock():
                return [VotingUnlocked()] if state.locked else []
            case Reveal():
                return [] if state.revealed else [ResultsRevealed()]
            case Hide():
                return [ResultsHidden()] if state.revealed else []
        raise DomainError(N_("That action is not available here."))

    def _check_voter(
        self, state: DotVote, participant_id: int, option_id: str, proxy: bool, context: Context
    ) -> None:
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        if state.locked:
            raise DomainError(N_("Voting is locked; dots can no longer change."))
        person = context.people.get(participant_id)
        if person is None:
            raise DomainError(N_("That person is not in this workshop."))
        if proxy and not person.by_proxy:
            raise DomainError(
                N_(
                    "That person has a phone of their own; "
                    "you can vote only for people without one."
                )
            )
        if state.option(option_id) is None:
            raise DomainError(N_("That option is not in this vote."))

    def evolve(self, state: DotVote, event: Event) -> DotVote:
        match event:
            case DotCast(participant_id, option_id, proxy):
                return self._with_dots(state, participant_id, option_id, +1, proxy)
            case DotRemoved(participant_id, option_id, proxy):
                return self._with_dots(state, participant_id, option_id, -1, proxy)
            case OptionAdded(option_id, label):
                return replace(state, options=(*state.options, Option(option_id, label)))
            case VotingLocked():
                return replace(state, locked=True)
            case VotingUnlocked():
                return replace(state, locked=False)
            case ResultsRevealed():
                return replace(state, revealed=True)
            case ResultsHidden():
                return replace(state, revealed=False)
        raise TypeError(f"not a dot-vote event: {event!r}")

    @staticmethod
    def _with_dots(
        state: DotVote, participant_id: int, option_id: str, delta: int, proxy: bool
    ) -> DotVote:
        mine = dict(state.dots.get(participant_id, {}))
        mine[option_id] = mine.get(option_id, 0) + delta
        if mine[option_id] <= 0:
            del mine[option_id]
        dots = dict(state.dots)
        dots[participant_id] = mine
        return replace(state, dots=dots, proxy_dots=state.proxy_dots + (delta if proxy else 0))

    def personal_key(self, state: DotVote, participant_id: int) -> Hashable:
        mine = tuple(sorted(state.mine(participant_id).items()))
        return (state.options, state.locked, state.budget, state.cap, mine)

    def withdraw(self, state: DotVote, person: Person) -> list[Event]:
        """Every dot of theirs taken back; cast by proxy when they have no phone."""
        return [
            DotRemoved(person.id, option_id, person.by_proxy)
            for option_id, count in sorted(state.mine(person.id).items())
            for _ in range(count)
        ]

    def screen_counts(self, state: DotVote) -> tuple[ScreenCount, ...]:
        return (ScreenCount("dots", N_("Dots cast:"), state.dots_cast),)

    def export(self, state: DotVote, people: Mapping[int, Person]) -> Export:
        return dot_vote_export(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)
