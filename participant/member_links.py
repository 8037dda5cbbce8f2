"""A process member's personal link: ``/m/{token}`` lists the open workshops of the member's
process, and joining one of them through it joins as that member, with the same name in every
session and marked as a member (``Participant.member_id``), so the process report can count
each member's attendance per session.

The link is a revocable secret link of purpose "personal" (piiri/db/secret_links.py): a revoked
or replaced one is refused with a translated message and nothing happens. Opening it again for
a workshop the member already joined (on another phone too) is the same person again, who
comes back if they had left. Open events still work with the join code as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participant.join_questions import join_context
from participant.routes import privacy_of
from piiri.db.engine import session_scope
from piiri.db.models import Process, ProcessMember, Workshop
from piiri.db.processes import mark_member, member_participant, process_workshops
from piiri.db.secret_links import member_by_link
from piiri.domain.commands import Join, ReturnToWorkshop
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.web.cookies import remember_participant
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.rate_limits import client_address
from piiri.web.runtime import Piiri


def _piiri(request: Request) -> Piiri:
    piiri: Piiri = request.app.state.piiri
    return piiri


def _load(piiri: Piiri, token: str) -> dict[str, Any] | None:
    """The member the live link opens, their process and its open workshops; None otherwise."""
    with Session(piiri.engine) as session:
        member_id = member_by_link(session=session, token=token)
        member = session.get(ProcessMember, member_id) if member_id is not None else None
        if member is None or member.id is None:
            return None
        process = session.get(Process, member.process_id)
        workshops = [
            w
            for w in process_workshops(session=session, process_id=member.process_id)
            if not w.closed
        ]
        joined = {
            w.id
            for w in workshops
            if w.id is not None
            and member_participant(session=session, workshop_id=w.id, member_id=member.id)
        }
        session.expunge_all()
        return {"member": member, "process": process, "workshops": workshops, "joined": joined}


def _no_link(request: Request, language: str) -> Response:
    context: dict[str, Any] = {
        "heading": gettext(language, N_("This personal link does not work")),
        "message": gettext(
            language,
            N_(
                "The link has been withdrawn or replaced. Ask the facilitator for your new "
                "personal link, or join with the workshop's code."
            ),
        ),
        "link": "/join",
        "link_text": gettext(language, N_("Join with a code")),
    }
    response = _piiri(request).renderer.response(request, language, "message.html", context, 404)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


async def member_page(request: Request) -> Response:
    piiri = _piiri(request)
    token = request.path_params["token"]
    found = await asyncio.to_thread(_load, piiri, token)
    workshops: list[Workshop] = found["workshops"] if found else []
    language = pick_language(
        request, workshops[0].language if workshops else piiri.settings.default_language
    )
    if found is None:
        return _no_link(request, language)
    promise = await join_context(piiri, workshops[0].id) if workshops and workshops[0].id else {}
    context = {"token": token, "error": "", **found, **promise, "privacy": privacy_of(piiri)}
    response = piiri.renderer.response(request, language, "member.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the member's secret
    return response


async def member_join(request: Request) -> Response:
    piiri = _piiri(request)
    token = request.path_params["token"]
    workshop_id = int(request.path_params["workshop_id"])
    found = await asyncio.to_thread(_load, piiri, token)
    workshops = {w.id: w for w in found["workshops"]} if found else {}
    language = pick_language(request, piiri.settings.default_language)
    if found is None or workshop_id not in workshops:
        return _no_link(request, language)
    workshop: Workshop = workshops[workshop_id]
    member: ProcessMember = found["member"]
    member_id = member.id
    assert member_id is not None
    language = pick_language(request, workshop.language)

    def existing() -> int | None:
        with Session(piiri.engine) as session:
            row = member_participant(session=session, workshop_id=workshop_id, member_id=member_id)
            return row.id if row else None

    participant_id = await asyncio.to_thread(existing)
    if participant_id is not None:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        person = state.people.get(participant_id)
        if person is not None and not person.removed and not person.present and not person.waiting:
            actor = Actor("participant", participant_id=participant_id)
            await piiri.service.run(workshop_id, actor, ReturnToWorkshop(participant_id))
        remember_participant(request.session, workshop_id, participant_id)
        return RedirectResponse(f"/w/{workshop.code}", status_code=303)
    if not await piiri.limits.hit("join", client_address(request)):
        context: dict[str, Any] = {
            "heading": gettext(language, N_("Not now")),
            "message": gettext(
                language, N_("Too many tries from this network. Wait a minute and try again.")
            ),
            "link": "",
            "link_text": "",
        }
        return piiri.renderer.response(request, language, "message.html", context, 429)
    presence = str((await request.form()).get("presence", ""))
    try:
        if presence not in ("room", "remote"):
            raise DomainError(N_("Say whether you are in the room or taking part remotely."))
        outcome = await piiri.service.run(
            workshop_id, Actor("participant"), Join(name=member.name, in_room=presence == "room")
        )
    except DomainError as error:
        context = {
            "token": token,
            **found,
            "error": error_text(language, error),
            "privacy": privacy_of(piiri),
        }
        context.update(await join_context(piiri, workshop_id))
        return piiri.renderer.response(request, language, "member.html", context, 400)
    assert outcome.participant_id is not None
    joined_id = outcome.participant_id

    def mark() -> None:
        with session_scope(piiri.engine) as session:
            mark_member(session=session, participant_id=joined_id, member_id=member_id)

    await asyncio.to_thread(mark)
    remember_participant(request.session, workshop_id, joined_id)
    return RedirectResponse(f"/w/{workshop.code}", status_code=303)


routes = [
    Route("/m/{token}", member_page, methods=["GET"]),
    Route("/m/{token}/{workshop_id:int}", member_join, methods=["POST"]),
]
