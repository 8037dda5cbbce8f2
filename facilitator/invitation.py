"""Invitations: the workshop as a calendar file (.ics) and a printable A4 invitation with the
join QR code, in Finnish, Swedish or English (``?lang=``), as a page and as PDF."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.db.models import Workshop, WorkshopPlan
from piiri.db.plan_texts import local_texts
from piiri.db.plans import effective_plan_row
from piiri.domain.report import ACCESSIBILITY, IAP2_NAMES
from piiri.domain.vocabulary import Actor
from piiri.settings import LANGUAGES
from piiri.web.downloads import workshop_zone
from piiri.web.pdf import PdfUnavailable, html_to_pdf
from piiri.web.presenting import join_url, qr_svg
from piiri.web.runtime import Piiri

PRODID = "-//Piiri//Workshop invitation//EN"


def calendar_file(
    *, workshop: Workshop, plan: WorkshopPlan, url: str, now: datetime, language: str = ""
) -> bytes:
    """One VEVENT (RFC 5545): times in UTC, the join address as URL and in the description
    (the plan's purpose and promise in ``language`` when given in it, else as written).
    A workshop without a planned start has none: the file then lists an all-day event on the
    day it is made, so that a calendar still takes it."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"workshop-{workshop.id}-{workshop.code}@piiri")
    event.add("dtstamp", now.astimezone(UTC))
    if plan.starts_at is not None:
        start = plan.starts_at.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=plan.duration_minutes or 60))
    else:
        event.add("dtstart", now.astimezone(workshop_zone(workshop.time_zone)).date())
    event.add("summary", workshop.title)
    if plan.place:
        event.add("location", plan.place)
    texts = local_texts(plan, ("purpose", "promise"))
    said = (texts["purpose"].in_language(language), texts["promise"].in_language(language))
    description = "\n\n".join(part for part in (*said, url) if part)
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


async def _load(piiri: Piiri, workshop_id: int) -> tuple[Workshop, WorkshopPlan]:
    def load() -> tuple[Workshop, WorkshopPlan]:
        with Session(piiri.engine) as session:
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            plan = effective_plan_row(session=session, workshop_id=workshop_id)
            session.expunge_all()
            return workshop, plan

    return await asyncio.to_thread(load)


@workshop_facilitator_only
async def invitation_ics(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    workshop, plan = await _load(piiri, workshop_id)
    url = join_url(piiri.base_url(request), workshop.code)
    body = calendar_file(
        workshop=workshop,
        plan=plan,
        url=url,
        now=datetime.now(UTC),
        language=_language(request, workshop),
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="piiri-{workshop.code}.ics"'},
    )


def _language(request: Request, workshop: Workshop) -> str:
    asked = request.query_params.get("lang", "")
    return asked if asked in LANGUAGES else workshop.language


async def _invitation(
    request: Request, piiri: Piiri, workshop_id: int, *, printing: bool
) -> tuple[str, str, Workshop]:
    workshop, plan = await _load(piiri, workshop_id)
    language = _language(request, workshop)
    url = join_url(piiri.base_url(request), workshop.code)
    zone = workshop_zone(workshop.time_zone)
    context: dict[str, Any] = {
        "request": request,
        "workshop": workshop,
        "plan": plan,
        "texts": local_texts(plan),
        "starts_at": plan.starts_at.astimezone(zone) if plan.starts_at else None,
        "join_url": url,
        "qr": qr_svg(url),
        "iap2_names": IAP2_NAMES,
        "accessibility_names": ACCESSIBILITY,
        "printing": printing,
    }
    return piiri.renderer.render(language, "invitation.html", context), language, workshop


@workshop_facilitator_only
async def invitation_page(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    html, language, _ = await _invitation(request, piiri, workshop_id, printing=False)
    return Response(html, media_type="text/html", headers={"Content-Language": language})


@workshop_facilitator_only
async def invitation_pdf(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    html, language, workshop = await _invitation(request, piiri, workshop_id, printing=True)
    try:
        pdf = await asyncio.to_thread(html_to_pdf, html, piiri.renderer.assets)
    except PdfUnavailable:
        return Response(status_code=503)
    name = f"piiri-{workshop.code}-invitation-{language}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


BASE = "/facilitator/workshops/{workshop_id:int}/invitation"
routes = [
    Route(f"{BASE}.ics", invitation_ics),
    Route(BASE, invitation_page),
    Route(f"{BASE}.pdf", invitation_pdf),
]
