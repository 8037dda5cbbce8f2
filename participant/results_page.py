"""The public results page ("we asked, you said, we did"), opened by its own revocable link
(secret link purpose "results"). It shows only what the facilitator published, and how many
took part by channel; it answers "not found" for a revoked link or an unpublished page."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from piiri.db.models import Workshop, WorkshopPlan
from piiri.db.plan_texts import PLAN_TEXTS, PUBLISHED_TEXTS, local_texts
from piiri.db.secret_links import workshop_by_secret_link
from piiri.domain.results import channel_counts
from piiri.domain.vocabulary import N_
from piiri.web.downloads import workshop_zone
from piiri.web.i18n import gettext, pick_language
from piiri.web.runtime import Piiri


async def results_page(request: Request) -> Response:
    piiri: Piiri = request.app.state.piiri
    token = request.path_params["token"]

    def load() -> tuple[Workshop, WorkshopPlan] | None:
        with Session(piiri.engine) as session:
            workshop = workshop_by_secret_link(session=session, token=token, purpose="results")
            if workshop is None or workshop.id is None:
                return None
            plan = session.get(WorkshopPlan, workshop.id)
            if plan is None or not plan.published:
                return None
            session.expunge_all()
            return workshop, plan

    found = await asyncio.to_thread(load)
    if found is None:
        language = pick_language(request, piiri.settings.default_language)
        missing = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("There are no published results at this address.")),
            "link": "/",
            "link_text": gettext(language, N_("Join a workshop")),
        }
        response = piiri.renderer.response(request, language, "message.html", missing, 404)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    workshop, plan = found
    assert workshop.id is not None
    state = await asyncio.to_thread(piiri.service.state, workshop.id)
    language = pick_language(request, workshop.language)
    zone = workshop_zone(workshop.time_zone)

    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(zone) if moment else None

    context: dict[str, Any] = {
        "workshop": state,
        "plan": plan,
        # The texts in the visitor's language (``| shown``), falling back to the workshop's.
        "texts": local_texts(plan, PLAN_TEXTS + PUBLISHED_TEXTS),
        "by_channel": channel_counts(state.people),
        "starts_at": local(plan.starts_at),
        "feedback_date": local(plan.feedback_date),
    }
    response = piiri.renderer.response(request, language, "results_public.html", context)
    # The link is the key: it must not leak to other sites through the Referer header.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


routes = [Route("/r/{token}", results_page, methods=["GET"])]
