"""Replacing the room screen's link, for when it may have reached someone it should not; and
making, replacing and revoking the experts' link (a hearing's experts watch its queue).

The old link is revoked (piiri/db/secret_links.py): its page answers "not found" from then on
and the screens (or expert views) open through it are closed; the console shows the new link.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.secret_links import Purpose, replace_secret_link, revoke_secret_links
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


async def _change_link(piiri: Piiri, workshop_id: int, purpose: Purpose, *, new: bool) -> None:
    def change() -> None:
        with session_scope(piiri.engine) as session:
            if new:
                replace_secret_link(session=session, workshop_id=workshop_id, purpose=purpose)
            else:
                revoke_secret_links(session=session, workshop_id=workshop_id, purpose=purpose)

    await asyncio.to_thread(change)
    await piiri.fanout.links_revoked(workshop_id)


@workshop_facilitator_only
async def new_expert_link(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    """A fresh expert link; the one before it, if any, stops working."""
    await _change_link(piiri, workshop_id, "expert", new=True)
    return RedirectResponse(
        f"/facilitator/workshops/{workshop_id}?expert_link=new#expert-link", status_code=303
    )


@workshop_facilitator_only
async def revoke_expert_link(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    await _change_link(piiri, workshop_id, "expert", new=False)
    return RedirectResponse(
        f"/facilitator/workshops/{workshop_id}?expert_link=revoked#expert-link", status_code=303
    )


routes = [
    Route(
        "/facilitator/workshops/{workshop_id:int}/screen-link",
        replace_screen_link,
        methods=["POST"],
    ),
    Route(
        "/facilitator/workshops/{workshop_id:int}/expert-link", new_expert_link, methods=["POST"]
    ),
    Route(
        "/facilitator/workshops/{workshop_id:int}/expert-link/revoke",
        revoke_expert_link,
        methods=["POST"],
    ),
]
