"""The workshop's report: an HTML page in the workshop's language that prints well, and the same
page as PDF. Both are rendered from the JSON export's document (facilitator/results_data.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_time
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from facilitator.results_data import WorkshopResults, results_for
from facilitator.routes import workshop_facilitator_only
from piiri.activities import REGISTRY
from piiri.domain.report import ACCESSIBILITY, IAP2_NAMES
from piiri.domain.results import exports
from piiri.domain.vocabulary import N_, Actor
from piiri.web.i18n import gettext
from piiri.web.pdf import PdfUnavailable, html_to_pdf
from piiri.web.runtime import Piiri

QUESTION_NAMES = {
    "age_band": N_("Age"),
    "area": N_("Area"),
    "first_time": N_("Taking part for the first time"),
}
AGE_BAND_NAMES = {
    "under_18": N_("Under 18"),
    "18_29": N_("18–29"),
    "30_44": N_("30–44"),
    "45_64": N_("45–64"),
    "65_plus": N_("65 or over"),
}
YES_NO = {"yes": N_("Yes"), "no": N_("No")}


def when(language: str) -> Callable[..., str]:
    """A template function: an ISO time (with its offset) or date as the language writes it, in
    the zone it carries (the workshop's)."""

    def show(value: str, style: str = "datetime") -> str:
        if style == "date" or len(value) == len("2026-03-02"):
            return format_date(date.fromisoformat(value[:10]), "long", locale=language)
        moment = datetime.fromisoformat(value)
        if style == "time":
            return format_time(moment, "short", tzinfo=moment.tzinfo, locale=language)
        day = format_date(moment, "long", locale=language)
        return f"{day} {format_time(moment, 'short', tzinfo=moment.tzinfo, locale=language)}"

    return show


def report_context(results: WorkshopResults, *, printing: bool) -> dict[str, Any]:
    """What report.html is rendered with; the public results page reuses parts of it."""
    state = results.state
    language = state.language

    def answer_label(question: str, value: str) -> str:
        if question == "age_band":
            return AGE_BAND_NAMES.get(value, value)
        if question == "first_time":
            return YES_NO.get(value, value)
        return value

    sections = [
        {
            "info": info,
            "activity_state": state.activity_state(info.id),
            "export": export,
            "template": REGISTRY[info.kind].template("report"),
        }
        for info, export in exports(state)
        if not info.removed
    ]
    return {
        "workshop": state,
        "doc": results.document,
        "activity_sections": sections,
        "now": results.exported_at,
        "when": when(language),
        "printing": printing,
        "iap2_names": IAP2_NAMES,
        "accessibility_names": ACCESSIBILITY,
        "question_names": QUESTION_NAMES,
        "answer_label": answer_label,
        "kind_labels": {name: kind.label for name, kind in REGISTRY.items()},
    }


def render_report(piiri: Piiri, request: Request, results: WorkshopResults, printing: bool) -> str:
    context = {"request": request, **report_context(results, printing=printing)}
    return piiri.renderer.render(results.state.language, "report.html", context)


@workshop_facilitator_only
async def report_page(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    results = await results_for(piiri, workshop_id)
    language = results.state.language
    return HTMLResponse(
        render_report(piiri, request, results, printing=False),
        headers={"Content-Language": language, "Vary": "Cookie"},
    )


@workshop_facilitator_only
async def report_pdf(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    results = await results_for(piiri, workshop_id)
    html = render_report(piiri, request, results, printing=True)
    try:
        pdf = await asyncio.to_thread(html_to_pdf, html, piiri.renderer.assets)
    except PdfUnavailable:
        message = N_("The PDF cannot be made on this server: WeasyPrint is not installed.")
        return Response(gettext(results.state.language, message), status_code=503)
    code = results.state.code
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="piiri-{code}-report.pdf"'},
    )


routes = [
    Route("/facilitator/workshops/{workshop_id:int}/report", report_page),
    Route("/facilitator/workshops/{workshop_id:int}/report.pdf", report_pdf),
]
