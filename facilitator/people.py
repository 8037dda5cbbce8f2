"""The people of a workshop, for its facilitators: who may join (the join rules and the cap),
the whole list a page at a time, and removing, letting back in and erasing people.

The console's own people region (``_console_people.html``) shows only a summary, the waiting
list's first few and the latest joins, so that what the socket resends on each join stays a
few kilobytes however many people there are; this page is where the whole list is.
"""

from __future__ import annotations

import asyncio

from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from facilitator.views import people_summary
from piiri.activities.form_values import whole_number
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.models import Participant
from piiri.db.process_removal import erase_member, member_sessions
from piiri.domain.commands import (
    EraseParticipant,
    RemoveJoinedBetween,
    RemovePerson,
    ReturnToWorkshop,
    SetJoinRules,
    WorkshopCommand,
)
from piiri.domain.state import WorkshopState
from piiri.domain.vocabulary import N_, Actor, DomainError, Person
from piiri.web.i18n import error_text, pick_language
from piiri.web.runtime import Piiri

PAGE_SIZE = 100


def _page_of(state: WorkshopState, page: int) -> tuple[list[Person], int]:
    people = sorted(state.people.values(), key=lambda p: p.id)
    pages = max(1, -(-len(people) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    return people[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], pages


async def _people_page(
    request: Request, piiri: Piiri, workshop_id: int, *, error: str = "", status: int = 200
) -> Response:
    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    try:
        page = int(request.query_params.get("page", "1"))
    except ValueError:
        page = 1
    rows, pages = _page_of(state, page)

    def members() -> set[int]:
        with Session(piiri.engine) as session:
            found = session.exec(
                select(Participant.id).where(
                    Participant.workshop_id == workshop_id,
                    col(Participant.member_id).is_not(None),
                )
            ).all()
            return {participant_id for participant_id in found if participant_id is not None}

    context = {
        "members": await asyncio.to_thread(members),
        "workshop": state,
        "rows": rows,
        "page": min(max(page, 1), pages),
        "pages": pages,
        "error": error,
        "default_cap": piiri.settings.participant_cap,
        **people_summary(state),
    }
    language = pick_language(request, state.language)
    return piiri.renderer.response(request, language, "people.html", context, status)


@workshop_facilitator_only
async def people_page(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    return await _people_page(request, piiri, workshop_id)


async def _run(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int, command: WorkshopCommand
) -> Response:
    try:
        await piiri.service.run(workshop_id, actor, command)
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _people_page(request, piiri, workshop_id, error=message, status=400)
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}/people", 303)


def _person(request: Request) -> int:
    person: int = request.path_params["person"]
    return person


@workshop_facilitator_only
async def remove(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    form = await request.form()
    command = RemovePerson(_person(request), form.get("withdraw") == "on")
    return await _run(request, piiri, actor, workshop_id, command)


@workshop_facilitator_only
async def let_back(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    return await _run(request, piiri, actor, workshop_id, ReturnToWorkshop(_person(request)))


@workshop_facilitator_only
async def erase(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    """Erase a person's name and everything they wrote (it cannot be undone: the form asks
    for a tick to confirm)."""
    form = await request.form()
    if form.get("confirm") != "on":
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(
            pick_language(request, state.language),
            DomainError(N_("Tick the box to confirm that this cannot be undone.")),
        )
        return await _people_page(request, piiri, workshop_id, error=message, status=400)
    person = _person(request)
    response = await _run(request, piiri, actor, workshop_id, EraseParticipant(person))
    if response.status_code == 303:
        await erase_member_everywhere(piiri, actor, person)
    return response


async def erase_member_everywhere(piiri: Piiri, actor: Actor, participant_id: int) -> None:
    """A member is one identity across the process: erasing them in one workshop erases the
    people they are in every other session (``EraseParticipant`` there, through the write path,
    so every view and cache drops the text) and empties the member's name and e-mail address,
    revoking their links (piiri/db/process_removal.py)."""

    def sessions() -> list[tuple[int, int]]:
        with Session(piiri.engine) as session:
            return member_sessions(session=session, participant_id=participant_id)

    for other_workshop, other_person in await asyncio.to_thread(sessions):
        if other_person != participant_id:
            await piiri.service.run(other_workshop, actor, EraseParticipant(other_person))

    def forget_member() -> None:
        with session_scope(piiri.engine) as session:
            process_id = erase_member(session=session, participant_id=participant_id)
            if process_id is not None:
                record(
                    session=session,
                    workshop_id=None,
                    process_id=process_id,
                    facilitator_id=actor.facilitator_id,
                    action="member_erase",
                    detail=f"participant {participant_id}",
                )

    await asyncio.to_thread(forget_member)


@workshop_facilitator_only
async def remove_window(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    form = await request.form()
    minutes = N_("Give the minutes as whole numbers.")
    try:
        earliest = whole_number(form.get("earliest"), minutes, low=0)
        latest = whole_number(form.get("latest") or "0", minutes, low=0)
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _people_page(request, piiri, workshop_id, error=message, status=400)
    command = RemoveJoinedBetween(earliest, latest, form.get("withdraw") == "on")
    return await _run(request, piiri, actor, workshop_id, command)


@workshop_facilitator_only
async def join_rules(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    form = await request.form()
    raw_cap = str(form.get("cap", "")).strip()
    try:
        most = N_("Give the most people as a whole number.")
        cap = whole_number(raw_cap, most, low=1) if raw_cap else None
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _people_page(request, piiri, workshop_id, error=message, status=400)
    command = SetJoinRules(str(form.get("policy", "")), cap)
    return await _run(request, piiri, actor, workshop_id, command)


PEOPLE = "/facilitator/workshops/{workshop_id:int}/people"
routes = [
    Route(PEOPLE, people_page, methods=["GET"]),
    Route(PEOPLE + "/{person:int}/remove", remove, methods=["POST"]),
    Route(PEOPLE + "/{person:int}/return", let_back, methods=["POST"]),
    Route(PEOPLE + "/{person:int}/erase", erase, methods=["POST"]),
    Route(PEOPLE + "/window", remove_window, methods=["POST"]),
    Route("/facilitator/workshops/{workshop_id:int}/join-rules", join_rules, methods=["POST"]),
]
