"""Replacing the room screen's link, for when it may have reached someone it should not.

The old link is revoked (piiri/db/secret_links.py): its page answers "not found" from then on
and the screens open through it are closed; the console shows the new link to open instead.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.secret_links import replace_secret_link
from piiri.domain.vocabulary import Actor
from piiri.web.runtime import Piiri


@workshop_facilitator_only
async def replace_screen_link(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    def replace() -> None:
        with session_scope(piiri.engine) as session:
            replace_secret_link(session=session, workshop_id=workshop_id, purpose="screen")
            record(
                session=session,
                workshop_id=workshop_id,
                facilitator_id=actor.facilitator_id,
                action="rotate",
                detail="screen link",
            )

    await asyncio.to_thread(replace)
    # Committed: now the sockets that came in through the old link can be closed.
    await piiri.fanout.links_revoked(workshop_id)
    return RedirectResponse(
        f"/facilitator/workshops/{workshop_id}?screen_link=new#screen-link", status_code=303
    )


routes = [
    Route(
        "/facilitator/workshops/{workshop_id:int}/screen-link",
        replace_screen_link,
        methods=["POST"],
    ),
]
