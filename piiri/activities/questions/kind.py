"""Hearing questions: people send questions to named experts or to all, the facilitator
moderates them onto the room screen, and everyone upvotes the ones they want answered.

Rules. A question is asked with the asker's name or anonymously (when the hearing allows it),
to one expert or to all; the facilitator may ask for a person without a phone. In a moderated
hearing a question waits (pending) until the facilitator approves it, and may be edited first;
otherwise it is listed at once. The facilitator queues listed questions, puts one on the
screen (the one there before goes back to the head of the queue), marks it answered, dismisses
a question with a reason its asker sees, or merges a duplicate into another (its upvotes go
along). Each person upvotes a listed question at most once and may take the vote back. The
queue is sorted by votes or by hand. Questions nobody answered aloud may get a written answer,
later too. An anonymous asker's name is never shown or exported; the log keeps who asked only
so that they see what became of their question.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
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
from piiri.activities.local_text import LINES, LocalText
from piiri.activities.questions import samples
from piiri.activities.questions.commands import (
    Ask,
    ClearScreen,
    Command,
    Dismiss,
    Edit,
    Merge,
    Moderate,
    Move,
    SortQueue,
    TakeBackVote,
    Upvote,
    Withdraw,
    WriteAnswer,
    parse_questions_command,
)
from piiri.activities.questions.config import questions_config
from piiri.activities.questions.fold import evolve_hearing
from piiri.activities.questions.model import (
    ANSWERED,
    APPROVED,
    DISMISSED,
    EVENTS,
    LISTED,
    LIVE,
    MAX_ANSWER_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_QUESTIONS,
    MAX_REASON_LENGTH,
    MERGED,
    ON_SCREEN,
    PENDING,
    QUEUED,
    SORTS,
    AnswerWritten,
    Event,
    Expert,
    Hearing,
    Question,
    QuestionAnswered,
    QuestionApproved,
    QuestionAsked,
    QuestionDismissed,
    QuestionEdited,
    QuestionQueued,
    QuestionShown,
    QuestionsMerged,
    QuestionUnqueued,
    QuestionUpvoted,
    QuestionWithdrawn,
    QueueReordered,
    QueueSortedByVotes,
    ScreenCleared,
    UpvoteWithdrawn,
)
from piiri.activities.questions.results import questions_export
from piiri.activities.text import multiline, one_line
from piiri.domain.vocabulary import N_, Actor, Context, DomainError, Person

NOT_RUNNING = N_("This activity is not running right now.")


def clean_question(text: object) -> str:
    return multiline(
        text,
        empty=N_("A question needs some text."),
        limit=MAX_QUESTION_LENGTH,
        too_long=N_("A question can be at most {limit} characters long."),
    )


class QuestionsKind(ActivityKind[Hearing, Command, Event]):
    kind = "questions"
    label = N_("Hearing questions")
    events = EVENTS
    participant_commands = frozenset({"ask", "withdraw_question", "upvote", "take_back_vote"})
    # A question belongs to the hearing's record: a removed person's name goes, it stays.
    removal = RemovalPolicy.ANONYMISE
    local_fields = {"experts": LINES}

    def default_config(self) -> dict[str, Any]:
        return {"experts": [], "list_at_once": False, "names_required": False, "sort": "votes"}

    def config_form(self, config: Mapping[str, Any]) -> dict[str, str]:
        form = super().config_form({**config, "experts": []})
        experts = config.get("experts") or []
        return {**form, "experts": "\n".join(LocalText.from_json(e).text for e in experts)}

    def parse_config(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return questions_config(values)

    def initial(self, config: Mapping[str, Any]) -> Hearing:
        experts = tuple(
            Expert(f"e{n}", LocalText.from_json(name))
            for n, name in enumerate(config.get("experts") or [], start=1)
        )
        return Hearing(
            experts=experts,
            moderated=not config.get("list_at_once", False),
            anonymous_allowed=not config.get("names_required", False),
            sort=str(config.get("sort", "votes")),
        )

    def parse_command(self, name: str, values: Mapping[str, Any], actor: Actor) -> Command:
        return parse_questions_command(name, values, actor)

    # -- deciding --------------------------------------------------------------------------

    def decide(self, state: Hearing, command: Command, context: Context) -> list[Event]:
        match command:
            case Ask():
                return [self._ask(state, command, context)]
            case Withdraw(author, question_id):
                question = _found(state, question_id)
                if question.author != author or question.proxy:
                    raise DomainError(N_("Only the person who asked can withdraw a question."))
                if question.status not in LIVE:
                    raise DomainError(N_("That question has already been dealt with."))
                return [QuestionWithdrawn(question.id)]
            case Upvote(who, question_id, proxy):
                question = self._voting(state, who, question_id, proxy, context)
                if who in state.votes.get(question.id, ()):
                    raise DomainError(N_("You have already upvoted this question."))
                return [QuestionUpvoted(question.id, who, proxy)]
            case TakeBackVote(who, question_id, proxy):
                question = self._voting(state, who, question_id, proxy, context)
                if who not in state.votes.get(question.id, ()):
                    raise DomainError(N_("You have not upvoted this question."))
                return [UpvoteWithdrawn(question.id, who, proxy)]
            case Moderate(action, question_id, text):
                question = _found(state, question_id)
                events = self._moderate(state, action, question)
                if action == "approve" and text.strip():
                    clean = clean_question(text)
                    if clean != question.text:
                        events.insert(0, QuestionEdited(question.id, clean))
                return events
            case Edit(question_id, text):
                question = _found(state, question_id)
                if question.status not in (PENDING, APPROVED, QUEUED):
                    raise DomainError(N_("Only a question not yet on the screen can be edited."))
                clean = clean_question(text)
                return [] if clean == question.text else [QuestionEdited(question.id, clean)]
            case Dismiss(question_id, reason):
                question = _live(state, question_id)
                why = one_line(
                    reason,
                    limit=MAX_REASON_LENGTH,
                    required=N_("Say why the question is not taken up: its asker sees it."),
                    too_long=N_("A reason can be at most {limit} characters long."),
                )
                return [QuestionDismissed(question.id, why)]
            case Merge(question_id, into):
                question, target = _live(state, question_id), _found(state, into)
                if target.id == question.id:
                    raise DomainError(N_("A question cannot be merged into itself."))
                if target.status in (DISMISSED, MERGED):
                    raise DomainError(N_("Merge into a question that is still in the hearing."))
                return [QuestionsMerged(question.id, target.id)]
            case Move(question_id, step):
                return self._move(state, _found(state, question_id), step)
            case SortQueue(sort):
                if sort not in SORTS:
                    raise DomainError(N_("Sort the queue by votes or by hand."))
                if sort == state.sort:
                    return []
                if sort == "votes":
                    return [QueueSortedByVotes()]
                return [QueueReordered([q.id for q in state.queued])]
            case ClearScreen():
                return [ScreenCleared()] if state.on_screen else []
            case WriteAnswer(question_id, text):
                question = _found(state, question_id)
                if question.status not in (*LISTED, ANSWERED):
                    raise DomainError(N_("Only a question in the hearing can get an answer."))
                answer = multiline(
                    text,
                    empty=N_("An answer needs some text."),
                    limit=MAX_ANSWER_LENGTH,
                    too_long=N_("An answer can be at most {limit} characters long."),
                )
                return [] if answer == question.answer else [AnswerWritten(question.id, answer)]
        raise DomainError(N_("That action is not available here."))

    def _ask(self, state: Hearing, command: Ask, context: Context) -> QuestionAsked:
        if not context.is_current:
            raise DomainError(NOT_RUNNING)
        if command.proxy:
            person = context.people.get(command.author or 0)
            if person is None:
                raise DomainError(N_("That person is not in this workshop."))
            if not person.by_proxy:
                raise DomainError(
                    N_("That person has a phone of their own; they send their own questions.")
                )
        if command.expert and state.expert(command.expert) is None:
            raise DomainError(N_("That expert is not in this hearing."))
        if command.anonymous and not state.anonymous_allowed:
            raise DomainError(N_("Questions in this hearing are asked with a name."))
        if len(state.questions) >= MAX_QUESTIONS:
            raise DomainError(
                N_("A hearing can take at most {limit} questions."), limit=MAX_QUESTIONS
            )
        text = clean_question(command.text)
        question_id = context.new_id
        if question_id in state.questions:
            question_id = f"{question_id}-{len(state.questions)}"
        return QuestionAsked(
            question_id=question_id,
            number=len(state.questions) + 1,
            text=text,
            author=command.author,
            anonymous=command.anonymous,
            expert=command.expert,
            proxy=command.proxy,
            approved=not state.moderated,
        )

    @staticmethod
    def _voting(
        state: Hearing, who: int, question_id: str, proxy: bool, context: Context
    ) -> Question:
        if not context.is_current:
            raise DomainError(NOT_RUNNING)
        person = context.people.get(who)
        if person is None:
            raise DomainError(N_("That person is not in this workshop."))
        if proxy and not person.by_proxy:
            raise DomainError(
                N_(
                    "That person has a phone of their own; "
                    "you can vote only for people without one."
                )
            )
        question = _found(state, question_id)
        if question.status not in LISTED:
            raise DomainError(N_("Only questions listed for everyone can be upvoted."))
        return question

    @staticmethod
    def _moderate(state: Hearing, action: str, question: Question) -> list[Event]:
        allowed = {
            "approve": (PENDING,),
            "queue": (APPROVED,),
            "unqueue": (QUEUED,),
            "show": (APPROVED, QUEUED, ON_SCREEN),
            "answer": (APPROVED, QUEUED, ON_SCREEN),
        }[action]
        if question.status not in allowed:
            raise DomainError(
                {
                    "approve": N_("Only a question waiting for moderation can be approved."),
                    "queue": N_("Only an approved question can be queued."),
                    "unqueue": N_("Only a queued question can be taken out of the queue."),
                    "show": N_("Only an approved or queued question can go on the screen."),
                    "answer": N_("Only a question in the hearing can be marked answered."),
                }[action]
            )
        if action == "show" and question.status == ON_SCREEN:
            return []
        steps: dict[str, Callable[[str], Event]] = {
            "approve": QuestionApproved,
            "queue": QuestionQueued,
            "unqueue": QuestionUnqueued,
            "show": QuestionShown,
            "answer": QuestionAnswered,
        }
        return [steps[action](question.id)]

    @staticmethod
    def _move(state: Hearing, question: Question, step: int) -> list[Event]:
        if question.status != QUEUED:
            raise DomainError(N_("Only a queued question can be moved in the queue."))
        order = [q.id for q in state.queued]
        at = order.index(question.id)
        to = at + step
        if not 0 <= to < len(order):
            return []
        order[at], order[to] = order[to], order[at]
        return [QueueReordered(order)]

    # -- folding ---------------------------------------------------------------------------

    def evolve(self, state: Hearing, event: Event) -> Hearing:
        return evolve_hearing(state, event)

    # -- views and results -----------------------------------------------------------------

    def personal_key(self, state: Hearing, participant_id: int) -> Hashable:
        # Everything else on a phone moves ``revision``: questions, their statuses and texts.
        return (state.revision, state.voted_by(participant_id), state.asked.get(participant_id))

    def screen_counts(self, state: Hearing) -> tuple[ScreenCount, ...]:
        return (ScreenCount("questions", N_("Questions:"), len(state.questions)),)

    def export(self, state: Hearing, people: Mapping[int, Person]) -> Export:
        return questions_export(state, people)

    def demo(self, language: str) -> DemoActivity:
        return samples.demo(language)

    def text_commands(self, people: Mapping[int, Person]) -> tuple[TextCommand, ...]:
        return samples.text_commands(people)

    def sample(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.sample(self, people)

    def largest(self, people: Mapping[int, Person]) -> Run[Event]:
        return samples.largest(self, people)


# -- helpers for deciding and folding ------------------------------------------------------------


def _found(state: Hearing, question_id: str) -> Question:
    """The question by id, or by the number the console's forms take."""
    question = state.question(question_id)
    if question is None and question_id.isdigit() and len(question_id) < 9:
        question = state.by_number(whole_number(question_id, N_("Choose a question.")))
    if question is None:
        raise DomainError(N_("That question is not in this hearing."))
    return question


def _live(state: Hearing, question_id: str) -> Question:
    question = _found(state, question_id)
    if question.status not in LIVE:
        raise DomainError(N_("That question has already been dealt with."))
    return question
