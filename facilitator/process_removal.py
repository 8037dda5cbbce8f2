"""Taking things out of a process on its page: deleting the process (its workshops stay and
leave it), removing a member (their links revoked, their past participation kept without the
member tie), and withdrawing a member's personal link, optionally taking them out of the
sessions they joined with it (their phones close as a removed person's do).

The rules are piiri/db/process_removal.py's; each change is on the process's audit trail. The
buttons carry ``data-confirm`` with the consequence (static/confirm.js), as the console's do.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlmodel import Session, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.processes import BASE, _page, process_facilitator_only, saving, whole
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.models import Participant
from piiri.db.process_removal import delete_process, remove_member
from piiri.db.processes import member_of_process
from piiri.db.secret_links import revoke_member_links
from piiri.domain.commands import RemovePerson
from piiri.domain.vocabulary import Actor, DomainError
from piiri.web.i18n import error_text, pick_language
from piiri.web.runtime import Piiri


@process_facilitator_only
async def delete(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    def gone() -> None:
        with session_scope(piiri.engine) as session:
            left = delete_process(session=session, process_id=process_id)
            record(
                session=session,
                workshop_id=None,
                process_id=process_id,
                facilitator_id=actor.facilitator_id,
                action="process_delete",
                detail=f"{left} workshops left it",
            )

    await asyncio.to_thread(gone)
    return RedirectResponse("/facilitator/", status_code=303)


def _remove(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    member = member_of_process(
        session=session, process_id=process_id, member_id=whole(values, "member_id")
    )
    assert member.id is not None
    joined = remove_member(session=session, member_id=member.id)
    return f"member_remove member {member.id}, {joined} sessions kept"


@process_facilitator_only
async def withdraw(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    """Revoke the member's links; with ``close`` ticked, also take the people they are in the
    process's sessions out (``RemovePerson``, their input kept): their sockets close."""
    member_id = int(request.path_params["member_id"])
    close = (await request.form()).get("close") == "on"

    def revoke() -> list[tuple[int, int]]:
        with session_scope(piiri.engine) as session:
            member_of_process(session=session, process_id=process_id, member_id=member_id)
            count = revoke_member_links(session=session, member_id=member_id)
            people = [
                (p.workshop_id, p.id)
                for p in session.exec(
                    select(Participant).where(Participant.member_id == member_id)
                ).all()
                if p.id is not None
            ]
            detail = f"member {member_id}, {count} links"
            if close:
                detail += f", out of {len(people)} sessions"
            record(
                session=session,
                workshop_id=None,
                process_id=process_id,
                facilitator_id=actor.facilitator_id,
                action="member_link_revoke",
                detail=detail,
            )
            return people if close else []

    try:
        people = await asyncio.to_thread(revoke)
    except DomainError as error:
        message = error_text(pick_language(request, piiri.settings.default_language), error)
        return await _page(request, piiri, actor, process_id, error=message, status=400)
    for workshop_id, participant_id in people:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        person = state.people.get(participant_id)
        if person is not None and not person.removed:
            await piiri.service.run(workshop_id, actor, RemovePerson(participant_id, False))
    return RedirectResponse(f"/facilitator/processes/{process_id}?saved=1#members", status_code=303)


routes = [
    Route(f"{BASE}/delete", delete, methods=["POST"]),
    Route(f"{BASE}/members/{{member_id:int}}/remove", saving(_remove, "members"), methods=["POST"]),
    Route(f"{BASE}/members/{{member_id:int}}/revoke", withdraw, methods=["POST"]),
]
