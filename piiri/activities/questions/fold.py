"""Hearing questions: how each event changes the hearing (the kind's ``evolve``; rules in
kind.py). Pure: frozen dataclasses in, a new state out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from piiri.activities.questions.model import (
    ANSWERED,
    APPROVED,
    DISMISSED,
    MERGED,
    ON_SCREEN,
    PENDING,
    QUEUED,
    WITHDRAWN,
    AnswerWritten,
    Event,
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


def evolve_hearing(state: Hearing, event: Event) -> Hearing:
    """The hearing after ``event`` (the kind's ``evolve``)."""
    match event:
        case QuestionUpvoted(question_id, who, proxy):
            return _with_vote(state, question_id, who, +1, proxy)
        case UpvoteWithdrawn(question_id, who, proxy):
            return _with_vote(state, question_id, who, -1, proxy)
    state = replace(state, revision=state.revision + 1)
    match event:
        case QuestionAsked(question_id, number, text, author, anonymous, expert, proxy, ok):
            question = Question(
                question_id,
                number,
                text,
                author,
                anonymous,
                expert,
                proxy,
                status=APPROVED if ok else PENDING,
            )
            asked = dict(state.asked)
            if author is not None:
                asked[author] = (*asked.get(author, ()), question_id)
            questions = {**state.questions, question_id: question}
            return replace(state, questions=questions, asked=asked)
        case QuestionEdited(question_id, text):
            return _with(state, question_id, text=text, edited=True)
        case QuestionApproved(question_id):
            return _with(state, question_id, status=APPROVED)
        case QuestionQueued(question_id):
            state = replace(state, queue=(*_without(state.queue, question_id), question_id))
            return _with(state, question_id, status=QUEUED)
        case QuestionShown(question_id):
            state = _off_screen(state)
            state = replace(state, queue=_without(state.queue, question_id), on_screen=question_id)
            return _with(state, question_id, status=ON_SCREEN)
        case ScreenCleared():
            return _off_screen(state)
        case QuestionAnswered(question_id):
            return _with(_leaving(state, question_id), question_id, status=ANSWERED)
        case QuestionUnqueued(question_id):
            state = replace(state, queue=_without(state.queue, question_id))
            return _with(state, question_id, status=APPROVED)
        case QuestionWithdrawn(question_id):
            return _with(_leaving(state, question_id), question_id, status=WITHDRAWN)
        case QuestionDismissed(question_id, reason):
            state = _leaving(state, question_id)
            return _with(state, question_id, status=DISMISSED, reason=reason)
        case QuestionsMerged(question_id, into):
            return _merged(_leaving(state, question_id), question_id, into)
        case QueueReordered(order):
            return replace(state, queue=tuple(order), sort="manual")
        case QueueSortedByVotes():
            return replace(state, sort="votes")
        case AnswerWritten(question_id, text):
            return _with(state, question_id, answer=text)
    raise TypeError(f"not a hearing event: {event!r}")


def _with(state: Hearing, question_id: str, **changes: Any) -> Hearing:
    question = replace(state.questions[question_id], **changes)
    return replace(state, questions={**state.questions, question_id: question})


def _without(queue: tuple[str, ...], question_id: str) -> tuple[str, ...]:
    return tuple(i for i in queue if i != question_id)


def _off_screen(state: Hearing) -> Hearing:
    """The question on the screen goes back to the head of the queue."""
    if not state.on_screen:
        return state
    back = state.on_screen
    state = replace(state, on_screen="", queue=(back, *_without(state.queue, back)))
    return _with(state, back, status=QUEUED)


def _leaving(state: Hearing, question_id: str) -> Hearing:
    """Off the screen and out of the queue, before it is answered, dismissed or merged."""
    on_screen = "" if state.on_screen == question_id else state.on_screen
    return replace(state, on_screen=on_screen, queue=_without(state.queue, question_id))


def _merged(state: Hearing, question_id: str, into: str) -> Hearing:
    moved = state.votes.get(question_id, frozenset())
    votes = {k: v for k, v in state.votes.items() if k != question_id}
    if moved:
        votes[into] = votes.get(into, frozenset()) | moved
    my_votes = dict(state.my_votes)
    for who in moved:
        my_votes[who] = (my_votes[who] - {question_id}) | {into}
    state = replace(state, votes=votes, my_votes=my_votes)
    return _with(state, question_id, status=MERGED, merged_into=into)


def _with_vote(state: Hearing, question_id: str, who: int, delta: int, proxy: bool) -> Hearing:
    voters = state.votes.get(question_id, frozenset())
    mine = state.my_votes.get(who, frozenset())
    if delta > 0:
        voters, mine = voters | {who}, mine | {question_id}
    else:
        voters, mine = voters - {who}, mine - {question_id}
    return replace(
        state,
        votes={**state.votes, question_id: voters},
        my_votes={**state.my_votes, who: mine},
        proxy_votes=state.proxy_votes + (delta if proxy else 0),
    )
