"""A process's narrative sections on its page: adding one (a heading and a text), editing,
moving and removing it. The process report shows them after its plan, in their order, on the
page and in its PDF (facilitator/templates/_process_sections.html is the form,
process_report.html shows them). The rules are piiri/db/process_sections.py's.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from starlette.routing import Route

from facilitator.processes import BASE, saving, whole
from piiri.db.process_sections import (
    add_section,
    edit_section,
    move_section,
    parse_section,
    remove_section,
)
from piiri.domain.vocabulary import Actor


def _add(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    heading, text = parse_section(values)
    item = add_section(session=session, process_id=process_id, heading=heading, text=text)
    return f"process_section_add section {item.id}"


def _edit(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    section_id = whole(values, "section_id")
    heading, text = parse_section(values)
    edit_section(
        session=session, process_id=process_id, section_id=section_id, heading=heading, text=text
    )
    return f"process_section_edit section {section_id}"


def _move(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    section_id = whole(values, "section_id")
    offset = -1 if values.get("direction") == "up" else 1
    move_section(session=session, process_id=process_id, section_id=section_id, offset=offset)
    return f"process_section_move section {section_id} {offset:+d}"


def _remove(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    section_id = whole(values, "section_id")
    remove_section(session=session, process_id=process_id, section_id=section_id)
    return f"process_section_remove section {section_id}"


SECTION = f"{BASE}/sections/{{section_id:int}}"
routes = [
    Route(f"{BASE}/sections", saving(_add, "sections"), methods=["POST"]),
    Route(SECTION, saving(_edit, "sections"), methods=["POST"]),
    Route(f"{SECTION}/move", saving(_move, "sections"), methods=["POST"]),
    Route(f"{SECTION}/remove", saving(_remove, "sections"), methods=["POST"]),
]
