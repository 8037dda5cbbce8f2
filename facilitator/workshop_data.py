"""What a workshop's facilitators can do with its data as a whole: read its audit trail and
delete it with everything in it."""

from __future__ import annotations

import asyncio

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.db.audit import record, trail
from piiri.db.engine import session_scope
from piiri.db.erasure import delete_workshop
from piiri.domain.vocabulary import N_, Actor
from piiri.web.i18n import gettext, pick_language
from piiri.web.runtime import Piiri


@workshop_facilitator_only
async def audit_page(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    state = await asyncio.to_thread(piiri.service.state, workshop_id)

    def read() -> list[object]:
        with Session(piiri.engine) as session:
            return list(trail(session=session, workshop_id=workshop_id))

    context = {"workshop": state, "lines": await asyncio.to_thread(read), "error": ""}
    language = pick_language(request, state.language)
    return piiri.renderer.response(request, language, "audit.html", context)


@workshop_facilitator_only
async def delete(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    """Delete the workshop, its log and everyone in it, once the facilitator has typed its
    code to confirm. Its sockets are closed; its audit trail keeps that it was deleted."""
    form = await request.form()
    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    if str(form.get("code", "")).replace(" ", "") != state.code:
        language = pick_language(request, state.language)
        context = {
            "workshop": state,
            "lines": [],
            "error": gettext(language, N_("Type the workshop's code to confirm the deletion.")),
        }
        return piiri.renderer.response(request, language, "audit.html", context, 400)

    def remove() -> None:
        with session_scope(piiri.engine) as session:
            delete_workshop(session=session, workshop_id=workshop_id)
            record(
                session=session,
                workshop_id=workshop_id,
                facilitator_id=actor.facilitator_id,
                action="delete",
            )

    await asyncio.to_thread(remove)
    piiri.store.forget(workshop_id)
    await piiri.fanout.links_revoked(workshop_id)
    return RedirectResponse("/facilitator/", status_code=303)


routes = [
    Route("/facilitator/workshops/{workshop_id:int}/audit", audit_page, methods=["GET"]),
    Route("/facilitator/workshops/{workshop_id:int}/delete", delete, methods=["POST"]),
]
