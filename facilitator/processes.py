"""Processes on the console: creating one from the dashboard, and its page, where its
facilitators name it, put workshops in it (existing or new), order them, write the plan it holds
for all of them with its stakeholder groups, and share it.

Every form is a plain POST that redirects back to the page (after a refusal, the page again
with the message and what was typed, nothing saved). Only the process's facilitators see it;
anyone else gets the same "not found" page as for a workshop that is not theirs. Each change is
written to the process's audit trail (piiri/db/audit.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.plan import form_values
from facilitator.routes import _dashboard, facilitator_only
from piiri.activities.local_text import LANGUAGE_CODES
from piiri.db.audit import process_trail, record
from piiri.db.engine import session_scope
from piiri.db.models import Process
from piiri.db.plan_texts import (
    PLAN_TEXTS,
    form_versions,
    group_name_versions,
    merged,
    typed_group,
    versions_from_form,
)
from piiri.db.plans import own_groups
from piiri.db.process_sections import sections_of
from piiri.db.processes import (
    add_process_group,
    add_workshop,
    create_process,
    may_see_process,
    members_of,
    move_workshop,
    process_facilitators,
    process_plan,
    process_workshops,
    remove_process_group,
    remove_workshop,
    rename_process,
    save_process_plan,
    share_process,
)
from piiri.db.secret_links import member_links
from piiri.db.workshops import create_workshop, workshops_of
from piiri.domain.planning import parse_group, parse_process_plan
from piiri.domain.report import ACCESSIBILITY, IAP2_LEVELS, IAP2_NAMES
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.web.downloads import DEFAULT_TIME_ZONE, workshop_zone
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.runtime import Piiri

ProcessHandler = Callable[[Request, Piiri, Actor, int], Awaitable[Response]]


def process_facilitator_only(handler: ProcessHandler) -> Callable[[Request], Awaitable[Response]]:
    """Let in only a facilitator of the process in the path; others get a 404 page."""

    @facilitator_only
    async def endpoint(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
        process_id = int(request.path_params["process_id"])

        def allowed() -> bool:
            with Session(piiri.engine) as session:
                return may_see_process(
                    session=session, facilitator_id=facilitator_id, process_id=process_id
                )

        if await asyncio.to_thread(allowed):
            actor = Actor("facilitator", facilitator_id=facilitator_id)
            return await handler(request, piiri, actor, process_id)
        language = pick_language(request, piiri.settings.default_language)
        context = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("You have no process at this address.")),
            "link": "/facilitator/",
            "link_text": gettext(language, N_("Your workshops")),
        }
        return piiri.renderer.response(request, language, "message.html", context, 404)

    return endpoint


def process_zone(session: Session, process_id: int) -> Any:
    """The zone of the process's first workshop (the default for a process without any)."""
    workshops = process_workshops(session=session, process_id=process_id)
    return workshop_zone(workshops[0].time_zone if workshops else DEFAULT_TIME_ZONE)


@facilitator_only
async def new_process(request: Request, piiri: Piiri, facilitator_id: int) -> Response:
    title = str((await request.form()).get("process_title", ""))

    def create() -> int:
        with session_scope(piiri.engine) as session:
            process = create_process(session=session, owner_id=facilitator_id, title=title)
            assert process.id is not None
            record(
                session=session,
                workshop_id=None,
                process_id=process.id,
                facilitator_id=facilitator_id,
                action="process_create",
            )
            return process.id

    try:
        process_id = await asyncio.to_thread(create)
    except DomainError as error:
        language = pick_language(request, piiri.settings.default_language)
        return await _dashboard(
            request, piiri, facilitator_id, process_error=error_text(language, error)
        )
    return RedirectResponse(f"/facilitator/processes/{process_id}", status_code=303)


async def _page(
    request: Request,
    piiri: Piiri,
    actor: Actor,
    process_id: int,
    *,
    error: str = "",
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    assert actor.facilitator_id is not None
    facilitator_id = actor.facilitator_id

    def load() -> dict[str, Any]:
        with Session(piiri.engine) as session:
            process = session.get(Process, process_id)
            assert process is not None
            inside = process_workshops(session=session, process_id=process_id)
            inside_ids = {w.id for w in inside}
            members = members_of(session=session, process_id=process_id)
            plan = process_plan(session=session, process_id=process_id)
            zone = process_zone(session, process_id)
            return {
                "process": process,
                "workshops": inside,
                "others": [
                    w
                    for w in workshops_of(session=session, facilitator_id=facilitator_id)
                    if w.id not in inside_ids
                ],
                "plan": plan,
                "plan_form": {
                    **form_versions(plan, PLAN_TEXTS),
                    **{k: v for k, v in (typed or {}).items() if isinstance(v, str)},
                },
                "first_workshop": inside[0].id if inside else None,
                "feedback_date": (
                    plan.feedback_date.astimezone(zone).date().isoformat()
                    if plan.feedback_date
                    else ""
                ),
                "groups": own_groups(session=session, workshop_id=None, process_id=process_id),
                "members": members,
                "sections": sections_of(session=session, process_id=process_id),
                "links": member_links(session=session, member_ids=[m.id for m in members if m.id]),
                "facilitators": process_facilitators(session=session, process_id=process_id),
                "lines": process_trail(session=session, process_id=process_id, limit=20),
            }

    language = pick_language(request, piiri.settings.default_language)
    context = {
        "error": error,
        "typed": typed or {},
        # A refused group form keeps its name in each language.
        "group_form": typed_group(typed or {}),
        "iap2_levels": IAP2_LEVELS,
        "iap2_names": IAP2_NAMES,
        "accessibility_names": ACCESSIBILITY,
        "base_url": piiri.base_url(request),
        "default_language": language,
        **await asyncio.to_thread(load),
    }
    # The plan's texts are given in its first workshop's languages (local_field reads them).
    first = context["first_workshop"]
    languages = (await asyncio.to_thread(piiri.service.state, first)).languages if first else []
    context["workshop"] = {"languages": languages or [language]}
    return piiri.renderer.response(request, language, "process.html", context, status_code=status)


@process_facilitator_only
async def process_page(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
    return await _page(request, piiri, actor, process_id)


Change = Callable[[Session, int, Actor, dict[str, Any]], str | None]


def saving(change: Change, anchor: str) -> Callable[[Request], Awaitable[Response]]:
    """A POST that reads the form and makes ``change`` in one transaction with its audit line
    (``change`` returns the action's detail, or None to record nothing), then redirects to the
    page; a DomainError shows the page again with the message, nothing saved."""

    @process_facilitator_only
    async def endpoint(request: Request, piiri: Piiri, actor: Actor, process_id: int) -> Response:
        values = form_values(await request.form())
        values.update({k: str(v) for k, v in request.path_params.items()})

        def save() -> None:
            with session_scope(piiri.engine) as session:
                detail = change(session, process_id, actor, values)
                if detail is not None:
                    action, _, rest = detail.partition(" ")
                    record(
                        session=session,
                        workshop_id=None,
                        process_id=process_id,
                        facilitator_id=actor.facilitator_id,
                        action=action,
                        detail=rest,
                    )

        try:
            await asyncio.to_thread(save)
        except DomainError as error:
            message = error_text(pick_language(request, piiri.settings.default_language), error)
            return await _page(
                request, piiri, actor, process_id, error=message, typed=values, status=400
            )
        return RedirectResponse(
            f"/facilitator/processes/{process_id}?saved=1#{anchor}", status_code=303
        )

    return endpoint


def whole(values: dict[str, Any], name: str) -> int:
    value = str(values.get(name, ""))
    if not value.isdigit() or len(value) > 9:
        raise DomainError(N_("Choose one of your own workshops."))
    return int(value)


def _rename(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    rename_process(session=session, process_id=process_id, title=str(values.get("title", "")))
    return "process_rename"


def _add_existing(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    assert actor.facilitator_id is not None
    workshop_id = whole(values, "workshop_id")
    add_workshop(
        session=session,
        process_id=process_id,
        workshop_id=workshop_id,
        facilitator_id=actor.facilitator_id,
    )
    return f"process_add_workshop workshop {workshop_id}"


def _add_new(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    assert actor.facilitator_id is not None
    workshop = create_workshop(
        session=session,
        owner_id=actor.facilitator_id,
        title=str(values.get("title", "")),
        language=str(values.get("language", "")),
    )
    assert workshop.id is not None
    add_workshop(
        session=session,
        process_id=process_id,
        workshop_id=workshop.id,
        facilitator_id=actor.facilitator_id,
    )
    return f"process_new_workshop workshop {workshop.id}"


def _remove(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    workshop_id = whole(values, "workshop_id")
    remove_workshop(session=session, process_id=process_id, workshop_id=workshop_id)
    return f"process_remove_workshop workshop {workshop_id}"


def _move(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    workshop_id = whole(values, "workshop_id")
    offset = -1 if values.get("direction") == "up" else 1
    move_workshop(session=session, process_id=process_id, workshop_id=workshop_id, offset=offset)
    return f"process_move_workshop workshop {workshop_id} {offset:+d}"


def _save_plan(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    fields = parse_process_plan(values, process_zone(session, process_id))
    others = _other_languages(session, process_id)
    stored = process_plan(session=session, process_id=process_id).translations
    versions = merged(stored, versions_from_form(values, PLAN_TEXTS, others), PLAN_TEXTS)
    save_process_plan(
        session=session, process_id=process_id, fields={**fields, "translations": versions}
    )
    return "process_plan"


def _other_languages(session: Session, process_id: int) -> list[str]:
    """The languages the plan's texts may be given in besides its first workshop's."""
    inside = process_workshops(session=session, process_id=process_id)
    written = inside[0].language if inside else ""
    return [code for code in LANGUAGE_CODES if code != written]


def _add_group(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    name, target = parse_group(values)
    versions = group_name_versions(values, _other_languages(session, process_id))
    add_process_group(
        session=session, process_id=process_id, name=name, target=target, translations=versions
    )
    return f"process_group_add target {target}"


def _remove_group(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    group_id = whole(values, "group_id")
    remove_process_group(session=session, process_id=process_id, group_id=group_id)
    return f"process_group_remove group {group_id}"


def _share(session: Session, process_id: int, actor: Actor, values: dict[str, Any]) -> str:
    added = share_process(
        session=session, process_id=process_id, email=str(values.get("email", ""))
    )
    return f"process_share facilitator {added.id}"


BASE = "/facilitator/processes/{process_id:int}"
routes = [
    Route("/facilitator/processes", new_process, methods=["POST"]),
    Route(BASE, process_page, methods=["GET"]),
    Route(f"{BASE}/title", saving(_rename, "process-title"), methods=["POST"]),
    Route(f"{BASE}/workshops", saving(_add_existing, "workshops"), methods=["POST"]),
    Route(f"{BASE}/workshops/new", saving(_add_new, "workshops"), methods=["POST"]),
    Route(
        f"{BASE}/workshops/{{workshop_id:int}}/remove",
        saving(_remove, "workshops"),
        methods=["POST"],
    ),
    Route(
        f"{BASE}/workshops/{{workshop_id:int}}/move", saving(_move, "workshops"), methods=["POST"]
    ),
    Route(f"{BASE}/plan", saving(_save_plan, "process-plan"), methods=["POST"]),
    Route(f"{BASE}/groups", saving(_add_group, "groups"), methods=["POST"]),
    Route(
        f"{BASE}/groups/{{group_id:int}}/remove",
        saving(_remove_group, "groups"),
        methods=["POST"],
    ),
    Route(f"{BASE}/facilitators", saving(_share, "sharing"), methods=["POST"]),
]
