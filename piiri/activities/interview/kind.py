"""Appreciative interview (4-D): people interview each other in pairs along a guide of phases
and questions, capture highlights and quotes, and the facilitator harvests them into themes.

Rules. Pairs are formed from present people (a trio when the count is odd), at random or as
"unlikely pairs" that put an in-room person with a remote one as far as both last. Roles are
held by present members: the turn rotates them, so a swap (by the facilitator, a pair member or
the timer) makes the interviewee the interviewer, and in a trio all three take each role. The
interviewer walks through the questions one at a time; every pair member may capture. Someone
who leaves stays in their pair, marked absent, and what was captured stays; their partner is
told, and the next latecomer joins the pair with the fewest present people. At the harvest
only the facilitator changes anything: themes, grouping captures into them, the board.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from piiri.activities import grouping
from piiri.activities.contract import ActivityKind, DemoActivity, RemovalPolicy, Run, TextCommand
from piiri.activities.exports import Export, Voices
from piiri.activities.grouping import MemberLeft, MemberReturned
from piiri.activities.interview import samples
from piiri.activities.interview.checks import (
    acting_pair,
    need_pairs,
    open_for_people,
    pair_or_refuse,
)
from piiri.activities.interview.commands import (
    AddTheme,
    CaptureText,
    Command,
    FormPairs,
    MovePerson,
    RemoveCapture,
    ResumeInterviews,
    ShowOnBoard,
    ShowQuestion,
    StartHarvest,
    StartSwapTimer,
    StopSwapTimer,
    SwapRoles,
    ThemeCapture,
    clean_capture,
    parse_interview_command,
)
from piiri.activities.interview.guide import default_phases
from piiri.activities.interview.model import (
    CAPTURE_KINDS,
    MAX_CAPTURES,
    MAX_THEME_LENGTH,
    MAX_THEMES,
    BoardShown,
    Capture,
    Captured,
    CaptureRemoved,
    CaptureThemed,
    Event,
    HarvestStarted,
    Interview,
    InterviewsResumed,
    Pair,
    PairsFormed,
    PersonPaired,
    Phase,
    QuestionShown,
    RolesSwapped,
    SwapTimerSet,
    Theme,
    ThemeAdded,
    parse_interview_config,
)
from piiri.activities.interview.results import interview_export, interview_voices
from piiri.activities.local_text import LINES, LocalText
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person


class InterviewKind(ActivityKind[Interview, Command, Event]):
    kind = "interview"
    label = N_("Appreciative interview (4-D)")
    events = (
        PairsFormed,
        PersonPaired,
        MemberLeft,
        MemberReturned,
        QuestionShown,
        Captured,
        CaptureRemoved,
        RolesSwapped,
        SwapTimerSet,
        HarvestStarted,
        InterviewsResumed,
        ThemeAdded,
        CaptureThemed,
        BoardShown,
    )
    participant_commands = frozenset(
        {"next_question", "previous_question", "capture", "remove_capture", "swap_roles"}
    )
    # Removed "with their input", what a person captured leaves the pair's record; what their
    # partner wrote down stays (it is the partner's).
    removal = RemovalPolicy.WITHDRAW
    local_fields = {"guide": LINES}

    def default_config(self) -> dict[str, Any]:
        return {"guide": "", "pairing": "unlikely", "minutes_per_role": "10"}

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return parse_interview_config(values)

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        """The stored configuration as its form shows it: the guide as ``# Phase`` lines."""
        lines: list[str] = []
        for phase in config.get("guide") or []:
            name = LocalText.from_json(phase["name"]).text
            if name:
                lines.append(f"# {name}")
            lines.extend(LocalText.from_json(q).text for q in phase["questions"])
        return {
            "guide": "\n".join(lines),
            "pairing": str(config.get("pairing", "unlikely")),
            "minutes_per_role": str(config.get("minutes_per_role", 10)),
            "language": str(config.get("language") or ""),
        }

    def initial(self, config: Mapping[str, Any]) -> Interview:
        guide = config.get("guide") or []
        if guide:
            phases = tuple(
                Phase(
                    LocalText.from_json(p["name"]),
                    tuple(LocalText.from_json(q) for q in p["questions"]),
                )
                for p in guide
            )
        else:
            phases = default_phases(str(config.get("language") or "en"))
        return Interview(
            phases=phases,
            default_guide=not guide,
            pairing=config.get("pairing", "unlikely"),
            minutes_per_role=int(config.get("minutes_per_role", 10)),
        )

    def decide(self, state: Interview, command: Command, context: Context) -> list[Event]:
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        match command:
            case FormPairs(seed, pairing):
                return [self._form(state, seed or context.new_id, pairing, context)]
            case MovePerson(participant_id, pair_id):
                if participant_id not in context.people:
                    raise DomainError(N_("That person is not in this workshop."))
                pair = pair_or_refuse(state, pair_id)
                return (
                    []
                    if participant_id in state.members(pair)
                    else [PersonPaired(participant_id, pair.id)]
                )
            case ShowQuestion(actor, pair_id, delta):
                pair = acting_pair(state, actor, pair_id)
                if actor is not None and state.roles(pair).interviewer != actor:
                    raise DomainError(N_("The interviewer moves through the questions."))
                step = max(0, min(pair.step + delta, len(state.steps) - 1))
                return [] if step == pair.step else [QuestionShown(pair.id, step)]
            case CaptureText(actor, pair_id, kind, text, proxy):
                if actor is None and not pair_id:
                    raise DomainError(N_("Choose the pair you are writing for."))
                pair = acting_pair(state, actor, pair_id)
                if kind not in CAPTURE_KINDS:
                    raise DomainError(N_("That message was not understood."))
                if len(state.captures) >= MAX_CAPTURES:
                    raise DomainError(
                        N_("This interview can keep at most {limit} notes."), limit=MAX_CAPTURES
                    )
                clean = clean_capture(text)
                capture_id = context.new_id
                if state.capture(capture_id) is not None:
                    capture_id = f"{capture_id}-{len(state.captures)}"
                about = state.roles(pair).interviewee
                return [Captured(capture_id, pair.id, actor, about, pair.step, kind, clean, proxy)]
            case RemoveCapture(actor, capture_id):
                capture = state.capture(capture_id)
                if capture is None:
                    raise DomainError(N_("That note is not here any more."))
                if actor is not None:
                    open_for_people(state)
                    owner = state.pair(capture.pair_id)
                    if owner is None or actor not in state.members(owner):
                        raise DomainError(N_("You can only change what your own pair captured."))
                return [] if capture.removed else [CaptureRemoved(capture.id)]
            case SwapRoles(actor, pair_id):
                if actor is None and not pair_id:
                    need_pairs(state)
                    return [
                        RolesSwapped(
                            [p.id for p in state.pairs], True, self._next_swap(state, context)
                        )
                    ]
                pair = acting_pair(state, actor, pair_id)
                return [RolesSwapped([pair.id], False, state.swap_at)]
            case StartSwapTimer(minutes):
                need_pairs(state)
                if not 0 <= minutes <= 120:
                    raise DomainError(
                        N_("Minutes must be a whole number from {low} to {high}."), low=1, high=120
                    )
                at = context.now + timedelta(minutes=minutes or state.minutes_per_role)
                return [SwapTimerSet(at.isoformat())]
            case StopSwapTimer():
                return [SwapTimerSet(None)] if state.swap_at else []
            case StartHarvest():
                need_pairs(state)
                if state.stage == "harvest":
                    return []
                return [*([SwapTimerSet(None)] if state.swap_at else []), HarvestStarted()]
            case ResumeInterviews():
                return [InterviewsResumed()] if state.stage == "harvest" else []
            case AddTheme(name):
                clean = one_line(
                    name,
                    limit=MAX_THEME_LENGTH,
                    required=N_("A theme needs a name."),
                    too_long=N_("A theme can be at most {limit} characters long."),
                )
                if any(t.name.text.casefold() == clean.casefold() for t in state.themes):
                    raise DomainError(N_("“{name}” is already a theme."), name=clean)
                if len(state.themes) >= MAX_THEMES:
                    raise DomainError(N_("There can be at most {limit} themes."), limit=MAX_THEMES)
                return [ThemeAdded(f"t{len(state.themes) + 1}", LocalText(clean))]
            case ThemeCapture(capture_id, theme_id):
                capture = state.capture(capture_id)
                if capture is None or capture.removed:
                    raise DomainError(N_("That note is not here any more."))
                if theme_id and state.theme(theme_id) is None:
                    raise DomainError(N_("That theme is not here."))
                return [] if capture.theme_id == theme_id else [CaptureThemed(capture_id, theme_id)]
            case ShowOnBoard(shown):
                return [] if state.board == shown else [BoardShown(shown)]
        raise DomainError(N_("That action is not available here."))

    def _form(self, state: Interview, seed: str, pairing: str, context: Context) -> PairsFormed:
        if state.captures:
            raise DomainError(N_("Interviews have started; move people instead of pairing again."))
        pairing = pairing or state.pairing
        if pairing not in ("random", "unlikely"):
            raise DomainError(N_("That way of forming pairs is not available."))
        people = grouping.present_people(context.people)
        if len(people) < 2:
            raise DomainError(N_("An interview needs at least two people."))
        formed = grouping.pairs(people, pairing == "unlikely", grouping.seed_from(seed))
        return PairsFormed(
            [{"id": f"p{i}", "number": i, "members": m} for i, m in enumerate(formed, start=1)],
            pairing,
        )

    def _next_swap(self, state: Interview, context: Context) -> str | None:
        """After a swap of everyone, the timer runs on while someone has not had each role."""
        if state.swap_at is None or state.swaps + 1 >= state.max_pair_size - 1:
            return None
        return (context.now + timedelta(minutes=state.minutes_per_role)).isoformat()

    # -- time, joining and leaving ---------------------------------------------------------

    def deadline(self, state: Interview) -> datetime | None:
        return datetime.fromisoformat(state.swap_at) if state.swap_at else None

    def on_deadline(self, state: Interview, context: Context) -> list[Event]:
        at = self.deadline(state)
        if at is None or context.now < at or state.stage != "interviewing":
            return []
        return [RolesSwapped([p.id for p in state.pairs], True, self._next_swap(state, context))]

    def on_people_changed(self, state: Interview, context: Context) -> list[Event]:
        events: list[Event] = [*state.membership.roll_call(context.people)]
        if state.stage != "interviewing":
            return events
        placed = state.membership.latecomers(context.people)
        return [*events, *(PersonPaired(person, pair) for person, pair in placed)]

    # -- folding ---------------------------------------------------------------------------

    def evolve(self, state: Interview, event: Event) -> Interview:
        match event:
            case PairsFormed(pairs, pairing):
                formed = tuple(Pair(p["id"], p["number"]) for p in pairs)
                membership = state.membership.formed((p["id"], p["members"]) for p in pairs)
                return replace(
                    state,
                    pairs=formed,
                    membership=membership,
                    pairing=pairing,
                    stage="interviewing",
                    swaps=0,
                )
            case PersonPaired(participant_id, pair_id):
                membership = state.membership.moved(participant_id, pair_id)
                return replace(state, membership=membership)
            case MemberLeft() | MemberReturned():
                return replace(state, membership=state.membership.evolve(event))
            case QuestionShown(pair_id, step):
                return self._with_pair(state, pair_id, lambda p: replace(p, step=step))
            case Captured(capture_id, pair_id, by, about, step, kind, text, proxy):
                capture = Capture(capture_id, pair_id, by, about, step, kind, text, proxy)
                return replace(state, captures=(*state.captures, capture))
            case CaptureRemoved(capture_id):
                return self._with_capture(state, capture_id, lambda c: replace(c, removed=True))
            case RolesSwapped(pair_ids, everyone, next_swap_at):
                swapped = tuple(
                    replace(p, turn=p.turn + 1, step=0) if p.id in pair_ids else p
                    for p in state.pairs
                )
                if not everyone:
                    return replace(state, pairs=swapped)
                return replace(state, pairs=swapped, swaps=state.swaps + 1, swap_at=next_swap_at)
            case SwapTimerSet(swap_at):
                return replace(state, swap_at=swap_at)
            case HarvestStarted():
                return replace(state, stage="harvest")
            case InterviewsResumed():
                return replace(state, stage="interviewing")
            case ThemeAdded(theme_id, name):
                return replace(state, themes=(*state.themes, Theme(theme_id, name)))
            case CaptureThemed(capture_id, theme_id):
                return self._with_capture(
                    state, capture_id, lambda c: replace(c, theme_id=theme_id)
                )
            case BoardShown(shown):
                return replace(state, board=shown)
        raise TypeError(f"not an interview event: {event!r}")

    @staticmethod
    def _with_pair(state: Interview, pair_id: str, change: Any) -> Interview:
        return replace(state, pairs=tuple(change(p) if p.id == pair_id else p for p in state.pairs))

    @staticmethod
    def _with_capture(state: Interview, capture_id: str, change: Any) -> Interview:
        return replace(
            state,
            captures=tuple(change(c) if c.id == capture_id else c for c in state.captures),
        )

    # -- views and the report --------------------------------------------------------------

    def withdraw(self, state: Interview, person: Person) -> list[Event]:
        """Every capture they wrote that is still in the record."""
        return [CaptureRemoved(c.id) for c in state.live_captures if c.by == person.id]

    def personal_key(self, state: Interview, participant_id: int) -> Hashable:
        pair = state.pair_of(participant_id)
        if pair is None:
            return (state.stage, None)
        members = state.members(pair)
        roles = state.roles(pair)
        return (
            state.stage,
            pair,
            members,
            roles,
            participant_id,
            state.captures_of(pair.id),
            state.swaps,
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_interview_command(name, values, actor)

    def export(self, state: Interview, people: Mapping[int, Person]) -> Export:
        return interview_export(state, people)

    def voices(self, state: Interview) -> Voices:
        return interview_voices(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(self, language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)
