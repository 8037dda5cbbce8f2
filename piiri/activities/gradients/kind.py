"""Gradients of agreement: testing a draft recommendation with Sam Kaner's eight levels.

Rules. Each person (or the facilitator for a person without a phone) chooses one level on the
proposal's current version and may change it, or take it back, while that version is current; a
reason is optional, but required at 7 (serious disagreement) and 8 (veto) unless the facilitator
made reasons optional. Results stay hidden until the facilitator shows them, unless the activity is
set to show them at once. An edit makes a new version: a new round, the results hidden again;
stances on earlier versions stay with those versions, so the report shows how the distribution
moved from version to version. Reasons are shown and exported without names.
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
from piiri.activities.exports import Export
from piiri.activities.form_values import whole_number
from piiri.activities.gradients import samples
from piiri.activities.gradients.model import (
    EVENTS,
    MAX_PROPOSAL_LENGTH,
    MAX_REASON_LENGTH,
    MAX_VERSIONS,
    SERIOUS,
    Command,
    Event,
    Gradients,
    GradientsHidden,
    GradientsShown,
    NewVersion,
    ShowResults,
    Stance,
    StanceTaken,
    StanceWithdrawn,
    TakeStance,
    VersionAdded,
    WithdrawStance,
)
from piiri.activities.gradients.results import gradients_export
from piiri.activities.local_text import WHOLE, LocalText
from piiri.activities.text import multiline
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


def clean_proposal(text: object) -> str:
    return multiline(
        text,
        empty=N_("Write the proposal to test."),
        limit=MAX_PROPOSAL_LENGTH,
        too_long=N_("A proposal can be at most {limit} characters long."),
    )


def _checked(value: object) -> bool:
    return bool(value) and str(value).strip().lower() not in ("", "off", "false", "0")


class GradientsKind(ActivityKind[Gradients, Command, Event]):
    kind = "gradients"
    label = N_("Gradients of agreement")
    events = EVENTS
    participant_commands = frozenset({"take_stance", "withdraw_stance"})
    # A stance is each person's own: taken out, it leaves the distribution.
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"proposal": WHOLE}

    def default_config(self) -> dict[str, Any]:
        return {"proposal": "", "reasons_optional": False, "shown_at_once": False}

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        # Ticked to leave the default: a form without them requires reasons at 7 and 8 and
        # hides the results until the facilitator shows them.
        return {
            "proposal": clean_proposal(values.get("proposal")),
            "reasons_optional": _checked(values.get("reasons_optional")),
            "shown_at_once": _checked(values.get("shown_at_once")),
        }

    def initial(self, config: Mapping[str, Any]) -> Gradients:
        proposal = LocalText.from_json(config.get("proposal", ""))
        return Gradients(
            versions=(proposal.text,),
            first=proposal,
            reasons_required=not config.get("reasons_optional", False),
            hidden_until_shown=not config.get("shown_at_once", False),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        if actor.role not in ("participant", "facilitator"):
            raise DomainError(N_("The room screen only shows; it cannot change anything."))
        if name in ("take_stance", "withdraw_stance"):
            if actor.role == "participant" and actor.participant_id is not None:
                who, proxy = actor.participant_id, False
            else:
                who = whole_number(values.get("for"), N_("Choose the person you are voting for."))
                proxy = True
            if name == "withdraw_stance":
                return WithdrawStance(who, proxy)
            level = whole_number(
                values.get("level"), N_("Choose a level from 1 to 8."), low=1, high=8
            )
            reason = values.get("reason")
            return TakeStance(who, level, "" if reason is None else str(reason), proxy)
        if actor.role != "facilitator":
            raise DomainError(N_("Only the facilitator can do that."))
        match name:
            case "new_version":
                text = values.get("text")
                return NewVersion("" if text is None else str(text))
            case "reveal" | "hide":
                return ShowResults(name == "reveal")
        raise DomainError(N_("That action is not available here."))

    def decide(self, state: Gradients, command: Command, context: Context) -> list[Event]:
        match command:
            case WithdrawStance(who, proxy):
                _taking_part(who, proxy, context)
                if state.mine(who) is None:
                    raise DomainError(N_("There is no stance on this version to take back."))
                return [StanceWithdrawn(state.version, who)]
            case TakeStance(who, level, reason, proxy):
                _taking_part(who, proxy, context)
                why = " ".join(reason.split())
                if len(why) > MAX_REASON_LENGTH:
                    raise DomainError(
                        N_("A reason can be at most {limit} characters long."),
                        limit=MAX_REASON_LENGTH,
                    )
                if not why and level >= SERIOUS and state.reasons_required:
                    raise DomainError(N_("Say why: a reason is needed at 7 and 8."))
                if state.mine(who) == Stance(level, why, proxy):
                    return []
                return [StanceTaken(state.version, who, level, why, proxy)]
            case NewVersion(text):
                clean = clean_proposal(text)
                if clean == state.text:
                    raise DomainError(N_("The new version is the same as the current one."))
                if state.version >= MAX_VERSIONS:
                    raise DomainError(
                        N_("A proposal can have at most {limit} versions."), limit=MAX_VERSIONS
                    )
                return [VersionAdded(clean)]
            case ShowResults(show):
                if show:
                    return [] if state.revealed else [GradientsShown()]
                return [GradientsHidden()] if state.revealed else []
        raise DomainError(N_("That action is not available here."))

    def evolve(self, state: Gradients, event: Event) -> Gradients:
        match event:
            case StanceTaken(version, who, level, reason, proxy):
                on = {**state.on(version), who: Stance(level, reason, proxy)}
                return replace(state, stances={**state.stances, version: on})
            case StanceWithdrawn(version, who):
                on = {k: v for k, v in state.on(version).items() if k != who}
                return replace(state, stances={**state.stances, version: on})
            case VersionAdded(text):
                return replace(state, versions=(*state.versions, text), revealed=False)
            case GradientsShown():
                return replace(state, revealed=True)
            case GradientsHidden():
                return replace(state, revealed=False)
        raise TypeError(f"not a gradients event: {event!r}")

    def withdraw(self, state: Gradients, person: Person) -> list[Event]:
        """Their stance on every version leaves its distribution."""
        return [
            StanceWithdrawn(version, person.id)
            for version in sorted(state.stances)
            if person.id in state.stances[version]
        ]

    def personal_key(self, state: Gradients, participant_id: int) -> Hashable:
        return (state.version, state.mine(participant_id), state.reasons_required)

    def screen_counts(self, state: Gradients) -> tuple[ScreenCount, ...]:
        return (ScreenCount("stances", N_("Stances:"), len(state.on(state.version))),)

    def export(self, state: Gradients, people: Mapping[int, Person]) -> Export:
        return gradients_export(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)


def _taking_part(who: int, proxy: bool, context: Context) -> None:
    """Refuses a stance while the activity is not running, or for someone who is not here or
    (by proxy) has a phone of their own."""
    if not context.is_current:
        raise DomainError(N_("This activity is not running right now."))
    person = context.people.get(who)
    if person is None:
        raise DomainError(N_("That person is not in this workshop."))
    if proxy and not person.by_proxy:
        raise DomainError(
            N_("That person has a phone of their own; they take part from it themselves.")
        )
