"""What a hearing leaves for the downloads and the report: every question with its way through
the hearing, its upvotes and any written answer. An anonymous asker is in neither."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from piiri.activities.exports import Export, Table
from piiri.activities.questions.model import WITHDRAWN, Hearing, Question
from piiri.domain.vocabulary import Person

QUESTION_HEADERS = (
    "number",
    "status",
    "question",
    "to",
    "asked_by",
    "by_proxy",
    "upvotes",
    "written_answer",
    "merged_into",
    "dismissed_because",
)


def asker(question: Question, people: Mapping[int, Person]) -> str:
    """The asker's name as the record may show it: empty when anonymous, the facilitator's,
    or a person without a name."""
    if question.anonymous or question.author is None:
        return ""
    person = people.get(question.author)
    return person.name if person else ""


def questions_export(state: Hearing, people: Mapping[int, Person]) -> Export:
    """Every question by number but the withdrawn; who asked only when they gave their name
    (never an id of an anonymous one); who upvoted stays out, a vote is each person's own."""

    def expert(q: Question) -> str:
        found = state.expert(q.expert)
        return found.name.text if found else ""

    def number(question_id: str) -> int | str:
        found = state.question(question_id)
        return found.number if found else ""

    # A question its asker withdrew is theirs to take back: it leaves the record too.
    kept = (q for q in state.questions.values() if q.status != WITHDRAWN)
    questions = sorted(kept, key=lambda q: q.number)
    data: dict[str, Any] = {
        "experts": [e.name.text for e in state.experts],
        "moderated": state.moderated,
        "sort": state.sort,
        "upvotes": state.upvotes,
        "upvotes_by_proxy": state.proxy_votes,
        "questions": [
            {
                "number": q.number,
                "status": q.status,
                "text": q.text,
                "edited": q.edited,
                "to": expert(q),
                "anonymous": q.anonymous,
                "asked_by": asker(q, people),
                "by_proxy": q.proxy,
                "upvotes": state.votes_for(q.id),
                "written_answer": q.answer,
                "merged_into": number(q.merged_into) if q.merged_into else None,
                "dismissed_because": q.reason,
            }
            for q in questions
        ],
    }
    rows = tuple(
        (
            q.number,
            q.status,
            q.text,
            expert(q),
            asker(q, people),
            "yes" if q.proxy else "no",
            state.votes_for(q.id),
            q.answer,
            number(q.merged_into) if q.merged_into else "",
            q.reason,
        )
        for q in questions
    )
    return Export(data=data, tables=(Table("questions", QUESTION_HEADERS, rows),))
