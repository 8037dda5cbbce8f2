"""A process's members and their personal links: adding a member (who gets a link at once),
replacing a link (the old one stops working; the phones that joined with it stay: a
lost paper, not a leak), and a printable A4 list of the
links with a QR code each, to hand out to a jury.

A personal link is a revocable secret link of purpose "personal" (piiri/db/secret_links.py)
that belongs to the member, not to a workshop: it joins any workshop of the process as that
member (participant/member_links.py). Withdrawing a link and removing a member are
facilitator/process_removal.py's.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from facilitator.processes import BASE, process_facilitator_only, saving, whole
from piiri.db.models import Process
from piiri.db.processes import add_member, member_of_process, members_of
from piiri.db.secret_links import member_links, replace_member_link
from piiri.domain.vocabulary import Actor
from piiri.web.i18n import pick_language
from piiri.web.presenting import qr_svg
from piiri.web.runtime import Piiri


def _add(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    member = add_member(
        session=session,
        process_id=process_id,
        name=str(values.get("member_name", "")),
        email=str(values.get("member_email", "")),
    )
    return f"member_add member {member.id}"


def _replace(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    member = member_of_process(
        session=session, process_id=process_id, member_id=whole(values, "member_id")
    )
    assert member.id is not None
    replace_member_link(session=session, member_id=member.id)
    return f"member_link_replace member {member.id}"


@process_facilitator_only
async def printable_links(
    request: Request, piiri: Piiri, actor: Actor, process_id: int
) -> Response:
    base = piiri.base_url(request)

    def load() -> dict[str, Any]:
        with Session(piiri.engine) as session:
            process = session.get(Process, process_id)
            members = members_of(session=session, process_id=process_id)
            links = member_links(session=session, member_ids=[m.id for m in members if m.id])
            return {
                "process": process,
                "cards": [
                    {
                        "name": m.name,
                        "url": f"{base}/m/{links[m.id]}",
                        "qr": qr_svg(f"{base}/m/{links[m.id]}"),
                    }
                    for m in members
                    if m.id in links
                ],
            }

    language = pick_language(request, piiri.settings.default_language)
    context = await asyncio.to_thread(load)
    response = piiri.renderer.response(request, language, "process_links.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the page lists secret links
    return response


routes = [
    Route(f"{BASE}/members", saving(_add, "members"), methods=["POST"]),
    Route(f"{BASE}/members/{{member_id:int}}/link", saving(_replace, "members"), methods=["POST"]),
    Route(f"{BASE}/links", printable_links, methods=["GET"]),
]
