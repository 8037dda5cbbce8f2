"""Round-robin: everyone present takes a turn to speak, in the room or remote alike.

Rules:
- A round's queue is everyone present when it starts (people without a phone included), in the
  configured ordering; each new round starts from the person after the previous round's first
  (or from whom the facilitator picks).
- The speaker (or the facilitator) ends the turn. Passing puts the speaker at the end of the
  round once; passing again ends their turn for this round.
- Anyone may raise a hand to be added to the end of the queue; the facilitator can skip the
  speaker, add, remove and move people.
- Each turn records its speaking time and an optional one-line note, for the report.
- Someone who leaves mid-turn: the turn ends (outcome ``left``), its time and note are kept,
  and the next person speaks. Someone who leaves the queue is taken out of it.
- A latecomer (or someone who comes back) joins the end of the running round, unless they
  already had their turn in it; without a round they are in the next one.
- When the facilitator moves to another activity, the speaker's turn ends (``interrupted``) and
  they go back to the front of the queue; coming back to the round-robin resumes the round,
  and "next speaker" gives them the floor again. A finished round-robin can start a new round.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from piiri.activities.contract import ActivityKind, DemoActivity, RemovalPolicy, Run, TextCommand
from piiri.activities.exports import Export, Voices
from piiri.activities.form_values import optional_number
from piiri.activities.round_robin import samples
from piiri.activities.round_robin.commands import (
    Command,
    EndRound,
    LowerHand,
    MoveInQueue,
    NextSpeaker,
    NoteTurn,
    Pass,
    RaiseHand,
    RemoveFromQueue,
    Skip,
    StartRound,
    parse_round_robin_command,
)
from piiri.activities.round_robin.model import (
    Event,
    PersonQueued,
    PersonUnqueued,
    QueueMoved,
    RoundFinished,
    RoundRobin,
    RoundStarted,
    Turn,
    TurnEnded,
    TurnNoted,
    TurnStarted,
)
from piiri.activities.round_robin.results import round_robin_export, round_robin_voices
from piiri.activities.round_robin.speaking_order import (
    ORDERINGS,
    next_round_order,
    rotated,
    seed_of,
    speaking_order,
)
from piiri.activities.text import one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person

MAX_NOTE_LENGTH = 200
MIN_SECONDS, MAX_SECONDS = 10, 3600
OUTCOMES = ("spoke", "passed", "skipped", "left", "interrupted")


# -- the activity ----------------------------------------------------------------------------


def _seconds(value: object) -> int | None:
    return optional_number(
        value,
        low=MIN_SECONDS,
        high=MAX_SECONDS,
        message=N_("Time per speaker must be a whole number of seconds from {low} to {high}."),
    )


class RoundRobinKind(ActivityKind[RoundRobin, Command, Event]):
    kind = "round_robin"
    label = N_("Round-robin")
    events = (
        RoundStarted,
        TurnStarted,
        TurnEnded,
        PersonQueued,
        PersonUnqueued,
        QueueMoved,
        TurnNoted,
        RoundFinished,
    )
    participant_commands = frozenset({"done", "pass_turn", "raise_hand", "lower_hand", "note_turn"})
    # A turn is the round's record: a person taken out keeps their place in it, unnamed.
    removal = RemovalPolicy.ANONYMISE
    # A turn's note is what a person wrote (erasure overwrites it).
    text_fields = frozenset({"note"})

    def default_config(self) -> dict[str, Any]:
        return {"seconds_per_speaker": 60, "ordering": "alternating", "auto_advance": False}

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        ordering = str(values.get("ordering", "") or "alternating")
        if ordering not in ORDERINGS:
            raise DomainError(N_("Choose one of the offered orderings."))
        seconds = _seconds(values.get("seconds_per_speaker"))
        auto = str(values.get("auto_advance", "")) in ("on", "true", "1")
        if auto and seconds is None:
            raise DomainError(N_("To move on automatically, give a time per speaker."))
        return {"seconds_per_speaker": seconds, "ordering": ordering, "auto_advance": auto}

    def initial(self, config: Mapping[str, Any]) -> RoundRobin:
        return RoundRobin(
            seconds_per_speaker=config.get("seconds_per_speaker"),
            ordering=config.get("ordering", "alternating"),
            auto_advance=bool(config.get("auto_advance", False)),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_round_robin_command(name, values, actor)

    # -- deciding ----------------------------------------------------------------------------

    def decide(self, state: RoundRobin, command: Command, context: Context) -> list[Event]:
        if isinstance(command, NoteTurn):
            return self._note(state, command, context)
        if not context.is_current:
            raise DomainError(N_("This activity is not running right now."))
        match command:
            case StartRound(first):
                if state.open:
                    raise DomainError(N_("A round is going on; end it before starting another."))
                order = speaking_order(
                    context.people.values(), state.ordering, seed_of(context.new_id)
                )
                if not order:
                    raise DomainError(N_("Nobody is here to take a turn yet."))
                if first is not None and first not in order:
                    raise DomainError(N_("That person is not here right now."))
                if first is None and state.first is not None and state.order:
                    order = next_round_order(state.order, order, state.first)
                else:
                    order = rotated(order, first, state.first)
                started = RoundStarted(state.round + 1, order)
                return [started, TurnStarted(order[0], context.now.isoformat())]
            case NextSpeaker(by) | Pass(by):
                if not state.open:
                    raise DomainError(N_("Start a round first."))
                if by is not None and state.current != by:
                    raise DomainError(N_("It is not your turn."))
                if state.current is None:
                    return self._next(state, [], context)
                if isinstance(command, Pass):
                    return self._end_turn(state, "passed", context)
                return self._end_turn(state, "spoke", context)
            case Skip():
                if state.current is None:
                    raise DomainError(N_("Nobody is speaking."))
                return self._end_turn(state, "skipped", context)
            case EndRound():
                if not state.open:
                    return []
                ended: list[Event] = []
                if state.current is not None:
                    ended.append(TurnEnded(state.current, self._spoken(state, context), "spoke"))
                return [*ended, RoundFinished(state.round)]
            case RaiseHand(person_id, by_facilitator):
                person = context.people.get(person_id)
                if person is None or not person.present:
                    raise DomainError(N_("That person is not here right now."))
                if not state.open:
                    raise DomainError(N_("No round is going on; everyone here is in the next one."))
                if person_id == state.current or person_id in state.queue:
                    raise DomainError(N_("Already in the queue."))
                return [PersonQueued(person_id, hand=not by_facilitator)]
            case LowerHand(person_id) | RemoveFromQueue(person_id):
                if person_id not in state.queue:
                    raise DomainError(N_("Not in the queue."))
                return [PersonUnqueued(person_id)]
            case MoveInQueue(person_id, offset):
                if person_id not in state.queue:
                    raise DomainError(N_("Not in the queue."))
                to = state.queue.index(person_id) + offset
                if not 0 <= to < len(state.queue):
                    return []
                return [QueueMoved(person_id, to)]
        raise DomainError(N_("That action is not available here."))

    def _note(self, state: RoundRobin, command: NoteTurn, context: Context) -> list[Event]:
        note = one_line(
            command.text,
            limit=MAX_NOTE_LENGTH,
            too_long=N_("A note can be at most {limit} characters long."),
        )
        if command.by is not None:
            if not context.is_current:
                raise DomainError(N_("This activity is not running right now."))
            index = state.latest_turn_of(command.by)
            if index is None:
                raise DomainError(N_("You have not had a turn yet."))
        elif command.turn is not None:
            index = command.turn
            if not 0 <= index < len(state.turns):
                raise DomainError(N_("There is no such turn."))
        else:
            index = len(state.turns) - 1
            if index < 0:
                raise DomainError(N_("Nobody has had a turn yet."))
        if state.turns[index].note == note:
            return []
        return [TurnNoted(index, note)]

    @staticmethod
    def _spoken(state: RoundRobin, context: Context) -> int:
        turn = state.current_turn
        assert turn is not None
        seconds = (context.now - datetime.fromisoformat(turn.started_at)).total_seconds()
        return max(0, round(seconds))

    def _end_turn(self, state: RoundRobin, outcome: str, context: Context) -> list[Event]:
        """End the speaker's turn and give the floor to the next, or finish the round."""
        assert state.current is not None
        speaker = state.current
        events: list[Event] = [TurnEnded(speaker, self._spoken(state, context), outcome)]
        if outcome == "passed" and speaker not in state.passed:
            events.append(PersonQueued(speaker))
        elif outcome == "interrupted":
            events.append(PersonQueued(speaker, front=True))
            return events  # the round waits for the facilitator to come back
        after = state
        for event in events:
            after = self.evolve(after, event)
        return self._next(after, events, context)

    @staticmethod
    def _next(state: RoundRobin, events: list[Event], context: Context) -> list[Event]:
        """The floor to the first present person in the queue; people who left while the
        round-robin was not running are taken out of the queue on the way."""
        for person_id in state.queue:
            person = context.people.get(person_id)
            if person is not None and person.present:
                return [*events, TurnStarted(person_id, context.now.isoformat())]
            events = [*events, PersonUnqueued(person_id)]
        return [*events, RoundFinished(state.round)]

    # -- hooks -------------------------------------------------------------------------------

    def on_people_changed(self, state: RoundRobin, context: Context) -> list[Event]:
        if not state.open:
            return []
        events: list[Event] = []
        here = {pid for pid, p in context.people.items() if p.present}
        for person_id in state.queue:
            if person_id not in here:
                events.append(PersonUnqueued(person_id))
        for person_id in sorted(here):
            if person_id in state.queue or person_id == state.current:
                continue
            if not state.had_turn(person_id):
                events.append(PersonQueued(person_id))
        after = state
        for event in events:
            after = self.evolve(after, event)
        if state.current is not None and state.current not in here:
            return self._end_turn(after, "left", context)
        return events

    def on_stopped(self, state: RoundRobin, context: Context) -> list[Event]:
        if state.current is None:
            return []
        return self._end_turn(state, "interrupted", context)

    def deadline(self, state: RoundRobin) -> datetime | None:
        return state.turn_ends_at() if state.auto_advance else None

    def on_deadline(self, state: RoundRobin, context: Context) -> list[Event]:
        due = self.deadline(state)
        if due is None or context.now < due:
            return []
        return self._end_turn(state, "spoke", context)

    # -- folding -----------------------------------------------------------------------------

    def evolve(self, state: RoundRobin, event: Event) -> RoundRobin:
        match event:
            case RoundStarted(number, order):
                return replace(
                    state,
                    round=number,
                    open=True,
                    first=order[0],
                    order=tuple(order),
                    queue=tuple(order),
                    hands=frozenset(),
                    passed=frozenset(),
                )
            case TurnStarted(person_id, at):
                queue = tuple(p for p in state.queue if p != person_id)
                turn = Turn(person_id, state.round, at)
                return replace(
                    state,
                    current=person_id,
                    queue=queue,
                    hands=state.hands - {person_id},
                    turns=(*state.turns, turn),
                )
            case TurnEnded(person_id, seconds, outcome):
                turns = state.turns
                if turns and turns[-1].person_id == person_id and turns[-1].seconds is None:
                    turns = (*turns[:-1], replace(turns[-1], seconds=seconds, outcome=outcome))
                passed = state.passed | {person_id} if outcome == "passed" else state.passed
                return replace(state, current=None, turns=turns, passed=passed)
            case PersonQueued(person_id, front, hand):
                queue = (person_id, *state.queue) if front else (*state.queue, person_id)
                hands = state.hands | {person_id} if hand else state.hands
                return replace(state, queue=queue, hands=hands)
            case PersonUnqueued(person_id):
                queue = tuple(p for p in state.queue if p != person_id)
                return replace(state, queue=queue, hands=state.hands - {person_id})
            case QueueMoved(person_id, to):
                reordered = [p for p in state.queue if p != person_id]
                reordered.insert(to, person_id)
                return replace(state, queue=tuple(reordered))
            case TurnNoted(index, note):
                noted = list(state.turns)
                noted[index] = replace(noted[index], note=note)
                return replace(state, turns=tuple(noted))
            case RoundFinished():
                return replace(state, open=False, current=None, queue=(), hands=frozenset())
        raise TypeError(f"not a round-robin event: {event!r}")

    # -- views and report --------------------------------------------------------------------

    def personal_key(self, state: RoundRobin, participant_id: int) -> Hashable:
        speaking = state.current == participant_id
        index = state.latest_turn_of(participant_id)
        return (
            state.open,
            speaking,
            state.current_turn if speaking else None,
            state.next == participant_id,
            state.queue.index(participant_id) if participant_id in state.queue else None,
            participant_id in state.hands,
            state.turns[index].note if index is not None else None,
            index is not None and state.turns[index].round == state.round,
            state.seconds_per_speaker,
        )

    def export(self, state: RoundRobin, people: Mapping[int, Person]) -> Export:
        return round_robin_export(state, people)

    def voices(self, state: RoundRobin) -> Voices:
        return round_robin_voices(state)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(self, language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)
