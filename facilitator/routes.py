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
from piiri.activities import REGISTRY, RegisteredKind
from piiri.db.accounts import authenticate, redeem_login_token
from piiri.db.engine import session_scope
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
from piiri.web.cookies import facilitator_of
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
    async def endpoint(request: Request) -> Response:
        facilitator_id = facilitator_of(request.session)
        if facilitator_id is None:
            query = {"next": request.url.path}
            if request.scope.get("session_rejected"):
                # The redirect clears the bad cookie, so the login page must be told why.
                query["reason"] = "unrecognised"
            return RedirectResponse(f"/login?{urlencode(query, safe='/')}", status_code=303)
        return await handler(request, _piiri(request), facilitator_id)

    return endpoint


async def login_page(request: Request) -> Response:
    language = _language(request)
    error = ""
    if (
        request.scope.get("session_rejected")
        or request.query_params.get("reason") == "unrecognised"
    ):
        error = gettext(language, N_("Your login could not be verified. Please log in again."))
    return _piiri(request).renderer.response(
        request,
        language,
        "login.html",
        {"error": error, "email": "", "next": _safe_next(request.query_params.get("next"))},
    )


async def login(request: Request) -> Response:
    piiri = _piiri(request)
    language = _language(request)
    form = await request.form()
    email, password = str(form.get("email", "")), str(form.get("password", ""))

    def check() -> int | None:
        with Session(piiri.engine) as session:
            found = authenticate(session=session, email=email, password=password)
            return found.id if found else None

    facilitator_id = await asyncio.to_thread(check)
    if facilitator_id is None:
        context = {
            "error": gettext(language, N_("That e-mail address and password do not match.")),
            "email": email,
            "next": _safe_next(form.get("next")),
        }
        return piiri.renderer.response(request, language, "login.html", context, status_code=400)
    request.session.clear()
    request.session["f"] = facilitator_id
    return RedirectResponse(_safe_next(form.get("next")), status_code=303)


async def login_link(request: Request) -> Response:
    piiri = _piiri(request)
    token = request.path_params["token"]

    def redeem() -> int | None:
        with session_scope(piiri.engine) as session:
            return redeem_login_token(session=session, token=token)

    facilitator_id = await asyncio.to_thread(redeem)
    if facilitator_id is None:
        language = _language(request)
        context = {
            "error": gettext(language, N_("This login link has been used or has expired.")),
            "email": "",
            "next": "/facilitator/",
        }
        return piiri.renderer.response(request, language, "login.html", context, status_code=400)
    request.session.clear()
    request.session["f"] = facilitator_id
    return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)


async def logout(request: Request) -> Response:
    request.session.pop("f", None)
    return RedirectResponse("/login", status_code=303)


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
) -> Response:
    def load() -> list[Any]:
        with Session(piiri.engine) as session:
            return workshops_of(session=session, facilitator_id=facilitator_id)

    context = {
        "workshops": await asyncio.to_thread(load),
        "error": error,
        "title": title,
        "language": language or piiri.settings.default_language,
    }
    return piiri.renderer.response(
        request, _language(request), "dashboard.html", context, status_code=400 if error else 200
    )


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
        "form": form or {"title": info.title, **kind.config_form(info.config)},
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
            add_co_facilitator(session=session, workshop_id=workshop_id, email=email)

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
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/login/{token}", login_link, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
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
