"""The facilitator's pages: log in, workshops, the console, result downloads."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.activity_files import submitted as _submitted  # files read as text too
from facilitator.views import people_summary
from piiri.activities import REGISTRY, RegisteredKind
from piiri.activities.config_languages import edit_form
from piiri.db.audit import record
from piiri.db.engine import session_scope
from piiri.db.processes import processes_of
from piiri.db.workshops import (
    add_co_facilitator,
    co_facilitators,
    create_workshop,
    may_facilitate,
    workshops_of,
)
from piiri.domain.commands import AddActivity, CloseWorkshop, EditActivity, ReopenWorkshop
from piiri.domain.results import results_rows
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.web.cookies import facilitator_of, session_version_of
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.presenting import join_url
from piiri.web.redirects import local_target
from piiri.web.runtime import Piiri

Handler = Callable[[Request, Piiri, int], Awaitable[Response]]


def _piiri(request: Request) -> Piiri:
    piiri: Piiri = request.app.state.piiri
    return piiri


def _language(request: Request) -> str:
    return pick_language(request, _piiri(request).settings.default_language)


def _safe_next(value: object) -> str:
    return local_target(value, "/facilitator/")


def facilitator_only(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
    """Let in a logged-in facilitator whose session has not been ended since (logout, a new
    password, ``piiri revoke-sessions``); others go to the login page."""

    async def endpoint(request: Request) -> Response:
        piiri = _piiri(request)
        facilitator_id = facilitator_of(request.session)
        version = session_version_of(request.session)
        if facilitator_id is not None and not await asyncio.to_thread(
            piiri.session_is_current, facilitator_id, version
        ):
            request.session.clear()
            facilitator_id = None
        if facilitator_id is None:
            query = {"next": request.url.path}
            if request.scope.get("session_rejected"):
                # The redirect clears the bad cookie, so the login page must be told why.
                query["reason"] = "unrecognised"
            return RedirectResponse(f"/login?{urlencode(query, safe='/')}", status_code=303)
        return await handler(request, piiri, facilitator_id)

    return endpoint


@facilitator_only
async def dashboard(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
    return await _dashboard(request, piiri, facilitator_id)


async def _dashboard(
    request: Request,
    piiri: Piiri,
    facilitator_id: int,
    *,
    error: str = "",
    title: str = "",
    language: str | None = None,
    process_error: str = "",
) -> Response:
    def load() -> tuple[list[Any], list[Any]]:
        with Session(piiri.engine) as session:
            return workshops_of(session=session, facilitator_id=facilitator_id), processes_of(
                session=session, facilitator_id=facilitator_id
            )

    workshops, processes = await asyncio.to_thread(load)
    context = {
        "workshops": workshops,
        "processes": processes,
        "process_error": process_error,
        "error": error,
        "title": title,
        "language": language or piiri.settings.default_language,
    }
    status = 400 if error or process_error else 200
    return piiri.renderer.response(request, _language(request), "dashboard.html", context, status)


@facilitator_only
async def new_workshop(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
    form = await request.form()
    title, language = str(form.get("title", "")), str(form.get("language", ""))

    def create() -> int:
        with session_scope(piiri.engine) as session:
            workshop = create_workshop(
                session=session, owner_id=facilitator_id, title=title, language=language
            )
            assert workshop.id is not None
            return workshop.id

    try:
        workshop_id = await asyncio.to_thread(create)
    except DomainError as error:
        message = error_text(_language(request), error)
        return await _dashboard(
            request, piiri, facilitator_id, error=message, title=title, language=language
        )
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}", status_code=303)


WorkshopHandler = Callable[[Request, Piiri, Actor, int], Awaitable[Response]]


def workshop_facilitator_only(
    handler: WorkshopHandler,
) -> Callable[[Request], Awaitable[Response]]:
    """Let in only a facilitator of the workshop in the path; others get a 404 page."""

    @facilitator_only
    async def endpoint(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
        workshop_id = int(request.path_params["workshop_id"])

        def allowed() -> bool:
            with Session(piiri.engine) as session:
                return may_facilitate(
                    session=session, facilitator_id=facilitator_id, workshop_id=workshop_id
                )

        if await asyncio.to_thread(allowed):
            actor = Actor("facilitator", facilitator_id=facilitator_id)
            return await handler(request, piiri, actor, workshop_id)
        language = _language(request)
        context = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("You have no workshop at this address.")),
            "link": "/facilitator/",
            "link_text": gettext(language, N_("Your workshops")),
        }
        return piiri.renderer.response(request, language, "message.html", context, 404)

    return endpoint


async def audited(piiri: Piiri, workshop_id: int, actor: Actor, action: str, detail: str) -> None:
    """Write one line of the workshop's audit trail (piiri/db/audit.py)."""

    def write() -> None:
        with session_scope(piiri.engine) as session:
            record(
                session=session,
                workshop_id=workshop_id,
                facilitator_id=actor.facilitator_id,
                action=action,
                detail=detail,
            )

    await asyncio.to_thread(write)


@workshop_facilitator_only
async def console(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    return await _console(request, piiri, workshop_id)


async def _console(
    request: Request,
    piiri: Piiri,
    workshop_id: int,
    *,
    error: str = "",
    form: dict[str, str] | None = None,
    form_kind: str = "",
    sharing_error: str = "",
    sharing_email: str = "",
) -> Response:
    from piiri.web.presenting import activity_context

    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    language = pick_language(request, state.language)

    def facilitators() -> list[str]:
        with Session(piiri.engine) as session:
            return [f.email for f in co_facilitators(session=session, workshop_id=workshop_id)]

    forms = {name: default_form(kind) for name, kind in REGISTRY.items()}
    if form is not None and form_kind in forms:
        forms[form_kind] = form
    context = {
        "facilitators": await asyncio.to_thread(facilitators),
        "sharing_error": sharing_error,
        "sharing_email": sharing_email,
        "workshop": state,
        "screen_token": await asyncio.to_thread(piiri.secret_link, workshop_id, "screen"),
        "expert_token": await asyncio.to_thread(piiri.secret_link, workshop_id, "expert"),
        "oob": False,
        "join_url": join_url(piiri.base_url(request), state.code),
        "kinds": REGISTRY,
        "error": error,
        "forms": forms,
        "form_kind": form_kind,
        "people": people_summary(state),
        **activity_context(state),
    }
    failed = error or sharing_error
    return piiri.renderer.response(
        request, language, "console.html", context, status_code=400 if failed else 200
    )


def default_form(kind: RegisteredKind) -> dict[str, str]:
    """A kind's defaults as its form shows them, with an empty title."""
    return {"title": "", **kind.config_form(kind.default_config())}


@workshop_facilitator_only
async def add_activity(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    values = await _submitted(request)
    kind = values.get("kind") or next(iter(REGISTRY))  # none given: the first one offered
    command = AddActivity(kind=kind, title=values.get("title", ""), values=dict(values))
    try:
        await piiri.service.run(workshop_id, actor, command)
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _console(
            request, piiri, workshop_id, error=message, form=values, form_kind=kind
        )
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}#console-agenda", status_code=303)


async def _edit_page(
    request: Request,
    piiri: Piiri,
    workshop_id: int,
    activity_id: int,
    *,
    form: dict[str, str] | None = None,
    error: str = "",
) -> Response:
    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    language = pick_language(request, state.language)
    info = state.activity(activity_id)
    if info is None:
        missing = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("That activity is not in this workshop.")),
            "link": f"/facilitator/workshops/{workshop_id}",
            "link_text": gettext(language, N_("Back to the console")),
        }
        return piiri.renderer.response(request, language, "message.html", missing, 404)
    kind = REGISTRY[info.kind]
    context: dict[str, Any] = {
        "workshop": state,
        "activity": info,
        "kind": kind,
        "form": form or edit_form(kind, info.title, info.titles, info.config, state.languages[1:]),
        "error": error,
    }
    status = 400 if error else 200
    return piiri.renderer.response(request, language, "edit_activity.html", context, status)


@workshop_facilitator_only
async def edit_activity_page(
    request: Request, piiri: Piiri, actor: Actor, workshop_id: int
) -> Response:
    return await _edit_page(request, piiri, workshop_id, int(request.path_params["activity_id"]))


@workshop_facilitator_only
async def edit_activity(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    activity_id = int(request.path_params["activity_id"])
    values = await _submitted(request)
    command = EditActivity(activity_id, values.get("title", ""), dict(values))
    try:
        await piiri.service.run(workshop_id, actor, command)
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _edit_page(
            request, piiri, workshop_id, activity_id, form=values, error=message
        )
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}#console-agenda", status_code=303)


@workshop_facilitator_only
async def results_json(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    await audited(piiri, workshop_id, actor, "export", "json")
    from facilitator.results_data import results_for

    results = await results_for(piiri, workshop_id)
    body = json.dumps(results.document, ensure_ascii=False, indent=2)
    code = results.state.code
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="piiri-{code}-results.json"'},
    )


@workshop_facilitator_only
async def results_csv(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    await audited(piiri, workshop_id, actor, "export", "csv")
    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in results_rows(state):
        writer.writerow(row)
    # A byte-order mark makes spreadsheet programs read the UTF-8 (ä, ö, å) correctly.
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="piiri-{state.code}-results.csv"'},
    )


@workshop_facilitator_only
async def set_closed(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    """Close a workshop to new joins and phones (its code stops working), or reopen it."""
    form = await request.form()
    command = CloseWorkshop() if form.get("closed") == "true" else ReopenWorkshop()
    await piiri.service.run(workshop_id, actor, command)
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}", status_code=303)


@workshop_facilitator_only
async def share(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    """Let another facilitator account run this workshop too."""
    form = await request.form()
    email = str(form.get("email", ""))

    def add() -> None:
        with session_scope(piiri.engine) as session:
            added = add_co_facilitator(session=session, workshop_id=workshop_id, email=email)
            record(
                session=session,
                workshop_id=workshop_id,
                facilitator_id=actor.facilitator_id,
                action="share",
                detail=f"facilitator {added.id}",
            )

    try:
        await asyncio.to_thread(add)
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        message = error_text(pick_language(request, state.language), error)
        return await _console(
            request, piiri, workshop_id, sharing_error=message, sharing_email=email
        )
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}#sharing", status_code=303)


routes = [
    Route("/facilitator/", dashboard, methods=["GET"]),
    Route("/facilitator/workshops", new_workshop, methods=["POST"]),
    Route("/facilitator/workshops/{workshop_id:int}", console, methods=["GET"]),
    Route("/facilitator/workshops/{workshop_id:int}/activities", add_activity, methods=["POST"]),
    Route(
        "/facilitator/workshops/{workshop_id:int}/activities/{activity_id:int}",
        edit_activity_page,
        methods=["GET"],
    ),
    Route(
        "/facilitator/workshops/{workshop_id:int}/activities/{activity_id:int}",
        edit_activity,
        methods=["POST"],
    ),
    Route("/facilitator/workshops/{workshop_id:int}/closed", set_closed, methods=["POST"]),
    Route("/facilitator/workshops/{workshop_id:int}/facilitators", share, methods=["POST"]),
    Route("/facilitator/workshops/{workshop_id:int}/results.json", results_json),
    Route("/facilitator/workshops/{workshop_id:int}/results.csv", results_csv),
]
