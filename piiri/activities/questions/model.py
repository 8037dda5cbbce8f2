"""Hearing questions: the state and events (frozen dataclasses); the rules are in kind.py.

A question moves pending -> approved -> queued -> on screen -> answered; dismissed (with a reason
its asker sees) or merged into another from any live status; taken back out of the queue
(queued -> approved); withdrawn by its asker from any live status. Only approved, queued and
on-screen questions are "listed": everyone sees them and may upvote them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from piiri.activities.local_text import LocalText

MAX_QUESTION_LENGTH = 300
MAX_REASON_LENGTH = 200
MAX_ANSWER_LENGTH = 2000
# A resident evening of 300 people asks far fewer; the console stays quick at this many.
MAX_QUESTIONS = 1000
MAX_EXPERTS = 12
MAX_EXPERT_LENGTH = 80
# How many queued questions the room screen shows below the one on screen.
NEXT_ON_SCREEN = 3

PENDING, APPROVED, QUEUED, ON_SCREEN = "pending", "approved", "queued", "on_screen"
ANSWERED, DISMISSED, MERGED = "answered", "dismissed", "merged"
WITHDRAWN = "withdrawn"
LISTED = frozenset({APPROVED, QUEUED, ON_SCREEN})
LIVE = frozenset({PENDING, APPROVED, QUEUED, ON_SCREEN})
SORTS = ("votes", "manual")


# -- state -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expert:
    id: str
    name: LocalText


@dataclass(frozen=True)
class Question:
    id: str
    number: int  # 1, 2, ...: how people name it aloud
    text: str
    # Who asked: kept, so the asker sees what became of it; never shown when ``anonymous``.
    # None: the facilitator wrote it for the room.
    author: int | None
    anonymous: bool
    expert: str  # an Expert's id, or "" for everyone
    proxy: bool  # written by the facilitator for a person without a phone
    status: str = PENDING
    reason: str = ""  # why it was dismissed, for its asker
    merged_into: str = ""
    answer: str = ""  # an answer written afterwards
    edited: bool = False


@dataclass(frozen=True)
class Hearing:
    experts: tuple[Expert, ...] = ()
    moderated: bool = True
    anonymous_allowed: bool = True
    sort: str = "votes"
    questions: Mapping[str, Question] = field(default_factory=dict)
    # question id -> who upvoted it; participant id -> what they upvoted (both kept in step).
    votes: Mapping[str, frozenset[int]] = field(default_factory=dict)
    my_votes: Mapping[int, frozenset[str]] = field(default_factory=dict)
    proxy_votes: int = 0
    asked: Mapping[int, tuple[str, ...]] = field(default_factory=dict)  # asker -> their questions
    queue: tuple[str, ...] = ()  # queued questions in the order set by hand
    on_screen: str = ""
    # Moves on every change but a vote: the phones' question lists depend on nothing else.
    revision: int = 0

    def question(self, question_id: str) -> Question | None:
        return self.questions.get(question_id)

    def by_number(self, number: int) -> Question | None:
        return next((q for q in self.questions.values() if q.number == number), None)

    def expert(self, expert_id: str) -> Expert | None:
        return next((e for e in self.experts if e.id == expert_id), None)

    def votes_for(self, question_id: str) -> int:
        return len(self.votes.get(question_id, ()))

    def voted_by(self, participant_id: int) -> frozenset[str]:
        return self.my_votes.get(participant_id, frozenset())

    def with_status(self, *statuses: str) -> list[Question]:
        return [q for q in self.questions.values() if q.status in statuses]

    @property
    def listed(self) -> list[Question]:
        """What everyone sees and may upvote: most upvoted first, then oldest."""
        found = [q for q in self.questions.values() if q.status in LISTED]
        return sorted(found, key=lambda q: (-self.votes_for(q.id), q.number))

    @property
    def current(self) -> Question | None:
        return self.questions.get(self.on_screen) if self.on_screen else None

    @property
    def queued(self) -> list[Question]:
        """The queue, in its order: by votes (ties oldest first) or as set by hand."""
        found = [self.questions[i] for i in self.queue if i in self.questions]
        if self.sort == "votes":
            # sorted() is stable: among equal votes the queue's own order stays.
            found.sort(key=lambda q: -len(self.votes.get(q.id, ())))
        return found

    @property
    def next_up(self) -> list[Question]:
        return self.queued[:NEXT_ON_SCREEN]

    @property
    def unanswered(self) -> list[Question]:
        """Listed questions nobody answered aloud: the ones left for written answers."""
        return [q for q in self.questions.values() if q.status in LISTED]

    def asked_by(self, participant_id: int) -> list[Question]:
        return [self.questions[i] for i in self.asked.get(participant_id, ())]

    @property
    def upvotes(self) -> int:
        return sum(len(v) for v in self.votes.values())

    def count(self, status: str) -> int:
        return sum(1 for q in self.questions.values() if q.status == status)


# -- events ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionAsked:
    question_id: str
    number: int
    text: str
    author: int | None
    anonymous: bool
    expert: str
    proxy: bool
    approved: bool  # the hearing is not moderated: listed at once


@dataclass(frozen=True)
class QuestionEdited:
    question_id: str
    text: str


@dataclass(frozen=True)
class QuestionApproved:
    question_id: str


@dataclass(frozen=True)
class QuestionQueued:
    question_id: str


@dataclass(frozen=True)
class QuestionUnqueued:
    question_id: str  # back among the listed, not queued


@dataclass(frozen=True)
class QuestionWithdrawn:
    question_id: str  # by its asker


@dataclass(frozen=True)
class QuestionShown:
    question_id: str


@dataclass(frozen=True)
class ScreenCleared:
    pass


@dataclass(frozen=True)
class QuestionAnswered:
    question_id: str


@dataclass(frozen=True)
class QuestionDismissed:
    question_id: str
    reason: str


@dataclass(frozen=True)
class QuestionsMerged:
    question_id: str
    into: str


@dataclass(frozen=True)
class QuestionUpvoted:
    question_id: str
    participant_id: int
    proxy: bool


@dataclass(frozen=True)
class UpvoteWithdrawn:
    question_id: str
    participant_id: int
    proxy: bool


@dataclass(frozen=True)
class QueueReordered:
    order: list[str]  # the queue by hand from now on, first first


@dataclass(frozen=True)
class QueueSortedByVotes:
    pass


@dataclass(frozen=True)
class AnswerWritten:
    question_id: str
    text: str


Event = (
    QuestionAsked
    | QuestionEdited
    | QuestionApproved
    | QuestionQueued
    | QuestionUnqueued
    | QuestionWithdrawn
    | QuestionShown
    | ScreenCleared
    | QuestionAnswered
    | QuestionDismissed
    | QuestionsMerged
    | QuestionUpvoted
    | UpvoteWithdrawn
    | QueueReordered
    | QueueSortedByVotes
    | AnswerWritten
)

EVENTS: tuple[type[Event], ...] = (
    QuestionAsked,
    QuestionEdited,
    QuestionApproved,
    QuestionQueued,
    QuestionUnqueued,
    QuestionWithdrawn,
    QuestionShown,
    ScreenCleared,
    QuestionAnswered,
    QuestionDismissed,
    QuestionsMerged,
    QuestionUpvoted,
    UpvoteWithdrawn,
    QueueReordered,
    QueueSortedByVotes,
    AnswerWritten,
)
