"""A process's report: one page over all its workshops, in the language of its first workshop,
that prints well and downloads as PDF, and the same figures as JSON.

It is built from each workshop's own results (facilitator/results_data.py, what the workshop's
JSON export holds) and renders each workshop's part with the workshop report's own partials
(``_report_people.html``, ``_report_agenda.html``...), so nothing of the workshop report is
written twice. The process's own figures are sums over those documents
(piiri/domain/process_report.py).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from facilitator.processes import BASE, process_facilitator_only, process_zone
from facilitator.report import report_context, when
from facilitator.results_data import WorkshopResults, results_for
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.models import JoinAnswers, Participant, Process, ProcessMember
from piiri.db.plans import own_groups
from piiri.db.process_sections import sections_of
from piiri.db.processes import members_of, process_plan, process_workshops
from piiri.domain.process_report import Member, process_document
from piiri.domain.process_report import Session as ReportSession
from piiri.domain.report import ACCESSIBILITY, IAP2_NAMES, Group, Plan
from piiri.domain.vocabulary import N_, Actor
from piiri.web.i18n import gettext
from piiri.web.pdf import PdfUnavailable, html_to_pdf
from piiri.web.runtime import Piiri


def _channel(participant: Participant) -> str:
    if participant.by_proxy:
        return "by_proxy"
    return "in_room" if participant.in_room else "remote"


async def process_results(
    piiri: Piiri, process_id: int
) -> tuple[Process, list[WorkshopResults], dict[str, Any]]:
    """The process, its workshops' results in order, and the process report's document."""

    def load() -> dict[str, Any]:
        with Session(piiri.engine) as session:
            process = session.get(Process, process_id)
            assert process is not None
            session.expunge(process)
            workshops = process_workshops(session=session, process_id=process_id)
            ids = [w.id for w in workshops]
            held = process_plan(session=session, process_id=process_id)
            groups = own_groups(session=session, workshop_id=None, process_id=process_id)
            answers = session.exec(
                select(JoinAnswers.stakeholder_group_id).where(
                    col(JoinAnswers.workshop_id).in_(ids)
                )
            ).all()
            members = members_of(session=session, process_id=process_id)
            joined = session.exec(
                select(Participant)
                .join(ProcessMember, col(ProcessMember.id) == Participant.member_id)
                .where(ProcessMember.process_id == process_id)
            ).all()
            attendance: dict[int, dict[int, str]] = {}
            for participant in joined:
                assert participant.member_id is not None
                attendance.setdefault(participant.member_id, {})[participant.workshop_id] = (
                    _channel(participant)
                )
            return {
                "process": process,
                "ids": ids,
                "zone": process_zone(session, process_id),
                "plan": Plan(
                    purpose=held.purpose,
                    decision=held.decision,
                    decider=held.decider,
                    iap2_level=held.iap2_level,
                    promise=held.promise,
                    goals_organisation=held.goals_organisation,
                    goals_participants=held.goals_participants,
                    accessibility=tuple(held.accessibility),
                    next_steps=held.next_steps,
                    feedback_date=held.feedback_date,
                ),
                "groups": [Group(g.id or 0, g.name, g.target) for g in groups],
                "group_answers": Counter(str(a) for a in answers if a is not None),
                "members": [Member(m.id or 0, m.name) for m in members],
                "attendance": attendance,
                "sections": [
                    (s.heading, s.text) for s in sections_of(session=session, process_id=process_id)
                ],
            }

    loaded = await asyncio.to_thread(load)
    results = [await results_for(piiri, workshop_id) for workshop_id in loaded["ids"]]
    process: Process = loaded["process"]
    assert process.id is not None
    document = process_document(
        process_id=process.id,
        title=process.title,
        plan=loaded["plan"],
        zone=loaded["zone"],
        exported_at=datetime.now(UTC),
        sessions=[
            ReportSession(r.workshop.id or 0, r.state.title, r.state.code, r.document)
            for r in results
        ],
        groups=loaded["groups"],
        group_answers=loaded["group_answers"],
        members=loaded["members"],
        attendance=loaded["attendance"],
        sections=loaded["sections"],
    )
    return process, results, document


def _language(piiri: Piiri, results: list[WorkshopResults]) -> str:
    return results[0].state.language if results else piiri.settings.default_language


async def _render(
    piiri: Piiri, request: Request, process_id: int, printing: bool
) -> tuple[str, str]:
    process, results, document = await process_results(piiri, process_id)
    language = _language(piiri, results)
    parts = [report_context(r, printing=printing) for r in results]
    shared = parts[0] if parts else {}
    context = {
        **{k: v for k, v in shared.items() if k not in ("doc", "workshop", "activity_sections")},
        "request": request,
        "process": process,
        "doc": document,
        "parts": parts,
        "printing": printing,
    }
    if not parts:  # a process without workshops: what the plan's partials need
        context.update(when=when(language), iap2_names=IAP2_NAMES)
        context.update(accessibility_names=ACCESSIBILITY)
    return language, piiri.renderer.render(language, "process_report.html", context)


@process_facilitator_only
async def report_page(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    language, html = await _render(piiri, request, process_id, printing=False)
    return HTMLResponse(html, headers={"Content-Language": language, "Vary": "Cookie"})


async def _audited(piiri: Piiri, process_id: int, actor: Actor, detail: str) -> None:
    def write() -> None:
        with session_scope(piiri.engine) as session:
            record(
                session=session,
                workshop_id=None,
                process_id=process_id,
                facilitator_id=actor.facilitator_id,
                action="process_report",
                detail=detail,
            )

    await asyncio.to_thread(write)


@process_facilitator_only
async def report_pdf(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    language, html = await _render(piiri, request, process_id, printing=True)
    try:
        pdf = await asyncio.to_thread(html_to_pdf, html, piiri.renderer.assets)
    except PdfUnavailable:
        message = N_("The PDF cannot be made on this server: WeasyPrint is not installed.")
        return Response(gettext(language, message), status_code=503)
    await _audited(piiri, process_id, actor, "pdf")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="piiri-process-{process_id}-report.pdf"'
        },
    )


@process_facilitator_only
async def report_json(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    """The process report's figures, with each workshop's whole results document in order."""
    _, results, document = await process_results(piiri, process_id)
    document["workshops"] = [r.document for r in results]
    await _audited(piiri, process_id, actor, "json")
    body = json.dumps(document, ensure_ascii=False, indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="piiri-process-{process_id}-report.json"'
        },
    )


routes = [
    Route(f"{BASE}/report", report_page),
    Route(f"{BASE}/report.pdf", report_pdf),
    Route(f"{BASE}/report.json", report_json),
]
