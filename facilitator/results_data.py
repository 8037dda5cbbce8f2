"""A workshop's results gathered once for every download and the report: the folded state, the
workshop's row (its time zone) and the JSON document built from them.

The report and every download read the same ``WorkshopResults``, so a figure in the report is
the figure in the JSON export (tests/test_report.py compares them).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from piiri.db.models import Workshop
from piiri.db.plans import ReportInputs, report_inputs
from piiri.domain.report import report_sections
from piiri.domain.results import results_document
from piiri.domain.state import WorkshopState
from piiri.web.downloads import workshop_zone
from piiri.web.runtime import Piiri


@dataclass(frozen=True)
class WorkshopResults:
    state: WorkshopState
    workshop: Workshop
    zone: ZoneInfo
    exported_at: datetime
    document: dict[str, Any]
    inputs: ReportInputs


async def results_for(piiri: Piiri, workshop_id: int) -> WorkshopResults:
    """The workshop's results now. Raises UnknownWorkshop (the caller checked access)."""

    def load() -> tuple[WorkshopState, Workshop, ReportInputs]:
        state = piiri.service.state(workshop_id)
        with Session(piiri.engine) as session:
            row = session.get(Workshop, workshop_id)
            assert row is not None  # the state was just loaded from it
            session.expunge(row)
            return state, row, report_inputs(session=session, workshop_id=workshop_id)

    state, row, inputs = await asyncio.to_thread(load)
    zone = workshop_zone(row.time_zone)
    now = datetime.now(UTC)
    sections = report_sections(
        state,
        zone=zone,
        now=now,
        plan=inputs.plan,
        groups=inputs.groups,
        answers=inputs.answers,
        planned=inputs.planned,
        moments=inputs.moments,
        items=inputs.items,
    )
    document = results_document(
        state, exported_at=now, zone=zone, time_zone=zone.key, extra=sections
    )
    return WorkshopResults(state, row, zone, now, document, inputs)
