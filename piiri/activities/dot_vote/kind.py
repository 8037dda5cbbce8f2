"""Dot-voting: each person spreads a budget of dots over options; results stay hidden until
the facilitator reveals them.

Rules: the budget is ``dots_per_person`` or, when unset, ceil(options / 3) (at least 1). A person
may stack dots on one option up to ``max_per_option`` (unset: up to the whole budget). People may
take dots back and recast them until the facilitator locks the vote. The facilitator may add
options at any time and cast dots for an in-room person without a phone (a proxy person); such
dots are marked as cast by proxy.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from piiri.activities.contract import ActivityKind
from piiri.activities.form_values import optional_number, whole_number
from piiri.activities.text import lines, one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person

MAX_OPTION_LENGTH = 200
MAX_OPTIONS = 60
MAX_DOTS = 50


# -- state -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class DotVote:
    options: tuple[Option, ...]
    dots_per_person: int | None = None
    max_per_option: int | None = None
    locked: bool = False
    revealed: bool = False
    # participant id -> option id -> dots. Never mutated: evolve builds new mappings.
    dots: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    proxy_dots: int = 0

    @property
    def budget(self) -> int:
        if self.dots_per_person is not None:
            return self.dots_per_person
        return max(1, math.ceil(len(self.options) / 3))

    @property
    def cap(self) -> int:
        return self.budget if self.max_per_option is None else min(self.max_per_option, self.budget)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def used_by(self, participant_id: int) -> int:
        return sum(self.dots.get(participant_id, {}).values())

    def mine(self, participant_id: int) -> Mapping[str, int]:
        return self.dots.get(participant_id, {})

    def totals(self) -> dict[str, int]:
        totals = {o.id: 0 for o in self.options}
        for per_option in self.dots.values():
            for option_id, count in per_option.items():
                totals[option_id] = totals.get(option_id, 0) + count
        return totals

    @property
    def dots_cast(self) -> int:
        return sum(sum(p.values()) for p in self.dots.values())

    @property
    def voters(self) -> int:
        return sum(1 for p in self.dots.values() if sum(p.values()) > 0)

    def ranking(self) -> list[RankedOption]:
        """Options by dots, most first. Ties share a rank (1, 2, 2, 4) and are marked."""
        totals = self.totals()
        ordered = sorted(self.options, key=lambda o: (-totals[o.id], self.options.index(o)))
        counts = [totals[o.id] for o in ordered]
        top = max(counts, default=0)
        return [
            RankedOption(
                option=o,
                dots=totals[o.id],
                rank=1 + sum(1 for c in counts if c > totals[o.id]),
                tied=counts.count(totals[o.id]) > 1,
                share=(totals[o.id] / top) if top else 0.0,
            )
            for o in ordered
        ]


@dataclass(frozen=True)
class RankedOption:
    option: Option
    dots: int
    rank: int
    tied: bool
    share: float  # of the leading option's dots, for the bar length


# -- commands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CastDot:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class RemoveDot:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class AddOption:
    label: str


@dataclass(frozen=True)
class Lock:
    pass


@dataclass(frozen=True)
class Unlock:
    pass


@dataclass(frozen=True)
class Reveal:
    pass


@dataclass(frozen=True)
class Hide:
    pass


Command = CastDot | RemoveDot | AddOption | Lock | Unlock | Reveal | Hide


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DotCast:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class DotRemoved:
    participant_id: int
    option_id: str
    proxy: bool = False


@dataclass(frozen=True)
class OptionAdded:
    option_id: str
    label: str


@dataclass(frozen=True)
class VotingLocked:
    pass


@dataclass(frozen=True)
class VotingUnlocked:
    pass


@dataclass(frozen=True)
class ResultsRevealed:
    pass


@dataclass(frozen=True)
class ResultsHidden:
    pass


Event = (
    DotCast
    | DotRemoved
    | OptionAdded
    | VotingLocked
    | VotingUnlocked
    | ResultsRevealed
    | ResultsHidden
)


# -- validation --------------------------------------------------------------------------------


def clean_option_label(label: object, existing: tuple[Option, ...] = ()) -> str:
    """The label as stored. Raises DomainError when it is empty, too long or a duplicate."""
    text = one_line(
        label,
        limit=MAX_OPTION_LENGTH,
        required=N_("An option needs some text."),
        too_long=N_("An option can be at most {limit} characters long."),
    )
    if any(o.label.casefold() == text.casefold() for o in existing):
        raise DomainError(N_("“{label}” is already an option."), label=text)
    return text


# -- the activity ------------------------------------------------------------------------------


class DotVoting(ActivityKind[DotVote, Command, Event]):
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

    def default_config(self) -> dict[str, Any]:
        return {"options": [], "dots_per_person": None, "max_per_option": None}

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        def text(value: object) -> str:
            return "" if value is None else str(value)

        return {
            "options": "\n".join(o["label"] for o in config.get("options", [])),
            "dots_per_person": text(config.get("dots_per_person")),
            "max_per_option": text(config.get("max_per_option")),
        }

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        options: tuple[Option, ...] = ()
        for line in lines(values.get("options", "")):
            options += (Option(f"o{len(options) + 1}", clean_option_label(line, options)),)
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
            "options": [{"id": o.id, "label": o.label} for o in options],
            "dots_per_person": dots,
            "max_per_option": cap,
        }

    def initial(self, config: Mapping[str, Any]) -> DotVote:
        return DotVote(
            options=tuple(Option(o["id"], o["label"]) for o in config.get("options", [])),
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
                return [OptionAdded(option_id, clean_option_label(label, state.options))]
            case Lock():
                return [] if state.locked else [VotingLocked()]
            case Unlock():
                return [VotingUnlocked()] if state.locked else []
            case Reveal():
                return [] if state.revealed else [ResultsRevealed()]
            case Hide():
                return [ResultsHidden()] if state.revealed else []
        raise DomainError(N_("That action is not available here."))

    def withdraw(self, state: DotVote, participant_id: int, context: Context) -> list[Event]:
        """Every dot of theirs comes off, one DotRemoved each (so the count withdrawn shows)."""
        person = context.people.get(participant_id)
        proxy = person is not None and person.by_proxy
        return [
            DotRemoved(participant_id, option_id, proxy)
            for option_id, count in state.mine(participant_id).items()
            for _ in range(count)
        ]

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

    def results(self, state: DotVote, people: Mapping[int, Person]) -> dict[str, Any]:
        return {
            "dots_per_person": state.budget,
            "max_per_option": state.cap,
            "locked": state.locked,
            "revealed": state.revealed,
            "dots_cast": state.dots_cast,
            "dots_cast_by_proxy": state.proxy_dots,
            "voters": state.voters,
            "ranking": [
                {
                    "rank": r.rank,
                    "tied": r.tied,
                    "option_id": r.option.id,
                    "option": r.option.label,
                    "dots": r.dots,
                }
                for r in state.ranking()
            ],
        }
