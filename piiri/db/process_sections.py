"""A process's narrative sections: what its report says beyond its workshops' figures (a
summary, the conclusions, what was learnt), each a heading and a text the facilitator writes
on the process's page, in order. Stored as report items of kind "section" that belong to the
process (``ReportItem.process_id``, no workshop). Keyword-only arguments, the caller's
transaction; refusals raise DomainError with a translatable message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from piiri.activities.text import multiline, one_line
from piiri.db.models import ReportItem
from piiri.domain.vocabulary import N_, DomainError

MAX_HEADING = 200
MAX_TEXT = 8000


def sections_of(*, session: Session, process_id: int) -> list[ReportItem]:
    return list(
        session.exec(
            select(ReportItem)
            .where(ReportItem.process_id == process_id, ReportItem.kind == "section")
            .order_by(col(ReportItem.position), col(ReportItem.id))
        ).all()
    )


def parse_section(values: Mapping[str, Any]) -> tuple[str, str]:
    """(heading, text) from the form; raises DomainError when either is missing."""
    heading = one_line(
        str(values.get("heading", "")),
        limit=MAX_HEADING,
        required=N_("A section needs a heading."),
    )
    text = multiline(
        values.get("text"),
        empty=N_("Write the text of the section."),
        limit=MAX_TEXT,
        too_long=N_("This can be at most {limit} characters long."),
    )
    return heading, text


def add_section(*, session: Session, process_id: int, heading: str, text: str) -> ReportItem:
    item = ReportItem(
        process_id=process_id,
        kind="section",
        heading=heading,
        text=text,
        position=len(sections_of(session=session, process_id=process_id)),
    )
    session.add(item)
    session.flush()
    return item


def section_of(*, session: Session, process_id: int, section_id: int) -> ReportItem:
    item = session.get(ReportItem, section_id)
    if item is None or item.process_id != process_id:
        raise DomainError(N_("That section is not in this process."))
    return item


def edit_section(
    *, session: Session, process_id: int, section_id: int, heading: str, text: str
) -> None:
    item = section_of(session=session, process_id=process_id, section_id=section_id)
    item.heading, item.text = heading, text
    session.add(item)


def remove_section(*, session: Session, process_id: int, section_id: int) -> None:
    session.delete(section_of(session=session, process_id=process_id, section_id=section_id))
    session.flush()
    _renumber(session, [s.id for s in sections_of(session=session, process_id=process_id)])


def move_section(*, session: Session, process_id: int, section_id: int, offset: int) -> None:
    ids = [s.id for s in sections_of(session=session, process_id=process_id)]
    if section_id not in ids:
        raise DomainError(N_("That section is not in this process."))
    at = ids.index(section_id)
    ids.insert(max(0, min(len(ids) - 1, at + offset)), ids.pop(at))
    _renumber(session, ids)


def _renumber(session: Session, ids: list[int | None]) -> None:
    for position, section_id in enumerate(ids):
        item = session.get(ReportItem, section_id)
        if item is not None:
            item.position = position
            session.add(item)
    session.flush()
