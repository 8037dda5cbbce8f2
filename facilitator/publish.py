"""Feedback to participants ("we asked, you said, we did"): the facilitator writes what the
public results page shows, publishes it under its own revocable link (secret link purpose
"results") with a QR code, later adds what was done, and tells those who left an address.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.activities.local_text import LANGUAGE_CODES
from piiri.db.engine import session_scope
from piiri.db.models import JoinAnswers, Workshop, utcnow
from piiri.db.plan_texts import PUBLISHED_TEXTS, merged, versions_from_form
from piiri.db.plans import plan_row
from piiri.db.secret_links import create_secret_link, current_secret_link, replace_secret_link
from piiri.domain.commands import OfferResults
from piiri.domain.planning import text
from piiri.domain.vocabulary import N_, Actor
from piiri.web.i18n import gettext
from piiri.web.mail import send_notices
from piiri.web.presenting import qr_svg, results_url
from piiri.web.runtime import Piiri

log = logging.getLogger(__name__)


async def publish_context(piiri: Piiri, request: Request, workshop_id: int) -> dict[str, Any]:
    """The plan page's part about the results page: the link, its QR code, who can be told."""

    def load() -> tuple[str | None, int]:
        with Session(piiri.engine) as session:
            link = current_secret_link(session=session, workshop_id=workshop_id, purpose="results")
            addresses = session.exec(
                select(JoinAnswers.email).where(
                    JoinAnswers.workshop_id == workshop_id, col(JoinAnswers.email) != ""
                )
            ).all()
            return (link.token if link else None), len(addresses)

    token, addresses = await asyncio.to_thread(load)
    url = results_url(piiri.base_url(request), token) if token else ""
    return {
        "results_url": url,
        "results_qr": qr_svg(url) if url else "",
        "addresses": addresses,
        "smtp_configured": piiri.settings.smtp is not None,
    }


def _back(workshop_id: int, **query: str) -> Response:
    suffix = "&".join(f"{k}={v}" for k, v in query.items())
    return RedirectResponse(
        f"/facilitator/workshops/{workshop_id}/plan?{suffix}#results-page", status_code=303
    )


@workshop_facilitator_only
async def save_results_page(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items()}

    def save() -> str:
        with session_scope(piiri.engine) as session:
            plan = plan_row(session=session, workshop_id=workshop_id)
            plan.published_summary = text(values, "published_summary", 8000)
            plan.what_we_did = text(values, "what_we_did", 8000)
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            others = [code for code in LANGUAGE_CODES if code != workshop.language]
            versions = versions_from_form(values, PUBLISHED_TEXTS, others)
            plan.translations = merged(plan.translations, versions, PUBLISHED_TEXTS)
            plan.published = values.get("published") == "on"
            session.add(plan)
            link = current_secret_link(session=session, workshop_id=workshop_id, purpose="results")
            if plan.published and link is None:
                link = create_secret_link(
                    session=session, workshop_id=workshop_id, purpose="results"
                )
            return link.token if plan.published and link is not None else ""

    token = await asyncio.to_thread(save)
    await offer(piiri, actor, workshop_id, token)
    return _back(workshop_id, saved="1")


async def offer(piiri: Piiri, actor: Actor, workshop_id: int, token: str) -> None:
    """Tell the phones and the room screen which results page to offer ("": none), through
    the log like every other change they show."""
    await piiri.service.run(workshop_id, actor, OfferResults(token))


@workshop_facilitator_only
async def replace_results_link(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    def replace() -> str:
        with session_scope(piiri.engine) as session:
            link = replace_secret_link(session=session, workshop_id=workshop_id, purpose="results")
            return (
                link.token if plan_row(session=session, workshop_id=workshop_id).published else ""
            )

    token = await asyncio.to_thread(replace)
    await offer(piiri, actor, workshop_id, token)  # the old address answers 404 now
    return _back(workshop_id, results_link="new")


@workshop_facilitator_only
async def notify(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    """E-mail everyone who left an address and was not told yet; without SMTP settings send
    nothing (the page says so, and so does the log)."""

    def load() -> tuple[Workshop, list[JoinAnswers], str | None, bool]:
        with Session(piiri.engine) as session:
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            rows = list(
                session.exec(
                    select(JoinAnswers).where(
                        JoinAnswers.workshop_id == workshop_id,
                        col(JoinAnswers.email) != "",
                        col(JoinAnswers.notified_at).is_(None),
                    )
                ).all()
            )
            link = current_secret_link(session=session, workshop_id=workshop_id, purpose="results")
            published = plan_row(session=session, workshop_id=workshop_id).published
            session.expunge_all()
            return workshop, rows, (link.token if link else None), published

    workshop, rows, token, published = await asyncio.to_thread(load)
    if not published or token is None:
        return _back(workshop_id, notified="unpublished")
    if piiri.settings.smtp is None:
        log.warning("workshop %s: SMTP_HOST is not set, no notices sent", workshop_id)
        return _back(workshop_id, notified="no-smtp")
    language = workshop.language
    url = results_url(piiri.base_url(request), token)
    subject = gettext(language, N_("The results of {title}")).format(title=workshop.title)
    message = N_(
        "The results of {title} are published: what we asked, what you said and what we did."
    )
    body = gettext(language, message).format(title=workshop.title) + f"\n\n{url}"
    sent = await asyncio.to_thread(
        send_notices, piiri.settings.smtp, [r.email for r in rows], subject=subject, body=body
    )

    def mark() -> None:
        with session_scope(piiri.engine) as session:
            for row in rows:
                if row.email in sent.sent:
                    stored = session.get(JoinAnswers, row.participant_id)
                    if stored is not None:
                        stored.notified_at = utcnow()
                        session.add(stored)

    await asyncio.to_thread(mark)
    return _back(workshop_id, notified=str(len(sent.sent)))


BASE = "/facilitator/workshops/{workshop_id:int}/results-page"
routes = [
    Route(BASE, save_results_page, methods=["POST"]),
    Route(f"{BASE}/link", replace_results_link, methods=["POST"]),
    Route(f"{BASE}/notify", notify, methods=["POST"]),
]
