"""The plan and what the report adds, edited by the facilitator on one page: purpose, decision,
IAP2 level and promise, goals, accessibility, time and place, the workshop's time zone, the
optional questions on joining, stakeholder groups with targets, the agenda's planned times, and
the report's quotes, minority views and sections.

Every form is a plain POST that redirects back (after a refusal, the page again with the
message and what was typed); no script is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session, select
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.publish import publish_context
from facilitator.routes import workshop_facilitator_only
from piiri.activities.local_text import LANGUAGE_CODES
from piiri.db.engine import session_scope
from piiri.db.models import AgendaPlan, Process, Workshop
from piiri.db.plan_texts import (
    PLAN_TEXTS,
    PUBLISHED_TEXTS,
    form_versions,
    group_name_versions,
    merged,
    typed_group,
    versions_from_form,
)
from piiri.db.plans import (
    add_group,
    add_item,
    own_groups,
    plan_row,
    remove_group,
    remove_item,
    report_items,
    save_agenda,
    save_plan,
    stakeholder_groups,
)
from piiri.domain.planning import parse_agenda, parse_group, parse_item, parse_plan
from piiri.domain.report import ACCESSIBILITY, AGE_BANDS, IAP2_LEVELS, IAP2_NAMES, JOIN_QUESTIONS
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.web.downloads import is_time_zone, workshop_zone
from piiri.web.i18n import error_text, pick_language
from piiri.web.runtime import Piiri

JOIN_QUESTION_NAMES = {
    "group": N_("Which stakeholder group are you in?"),
    "age_band": N_("Your age"),
    "area": N_("Where do you live?"),
    "first_time": N_("Is this the first time you take part?"),
}
ITEM_NAMES = {
    "quote": N_("A direct quote"),
    "minority": N_("A minority view"),
    "section": N_("A section of text"),
}
# Multi-valued checkbox fields.
LISTS = ("accessibility", "join_questions")


def form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    for name in LISTS:
        values[name] = [str(v) for v in form.getlist(name)]
    return values


def _local_input(moment: datetime | None, zone: Any) -> str:
    """A stored UTC time as a datetime-local field shows it, in the workshop's zone."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if moment else ""


async def _page(
    request: Request,
    piiri: Piiri,
    workshop_id: int,
    *,
    error: str = "",
    typed: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    state = await asyncio.to_thread(piiri.service.state, workshop_id)

    def load() -> dict[str, Any]:
        with Session(piiri.engine) as session:
            workshop = session.get(Workshop, workshop_id)
            assert workshop is not None
            zone = workshop_zone(workshop.time_zone)
            row = plan_row(session=session, workshop_id=workshop_id)
            planned = {
                p.activity_id: p
                for p in session.exec(
                    select(AgendaPlan).where(AgendaPlan.workshop_id == workshop_id)
                )
            }
            return {
                "time_zone": workshop.time_zone,
                "plan": row,
                # The texts as written and their versions, for _languages.html's local_field.
                "plan_form": {
                    **form_versions(row, PLAN_TEXTS + PUBLISHED_TEXTS),
                    **{k: v for k, v in (typed or {}).items() if isinstance(v, str)},
                },
                "process": session.get(Process, row.process_id) if row.process_id else None,
                "own_groups": own_groups(session=session, workshop_id=workshop_id),
                "starts_at": _local_input(row.starts_at, zone),
                "feedback_date": (
                    row.feedback_date.astimezone(zone).date().isoformat()
                    if row.feedback_date
                    else ""
                ),
                "groups": stakeholder_groups(session=session, workshop_id=workshop_id),
                "items": report_items(session=session, workshop_id=workshop_id),
                "planned": {
                    a.id: (
                        _local_input(planned[a.id].planned_start, zone) if a.id in planned else "",
                        planned[a.id].planned_minutes if a.id in planned else None,
                    )
                    for a in state.agenda
                },
            }

    context = {
        "workshop": state,
        "error": error,
        "typed": typed or {},
        # A refused group form keeps its name in each language.
        "group_form": typed_group(typed or {}),
        "iap2_levels": IAP2_LEVELS,
        "iap2_names": IAP2_NAMES,
        "accessibility_names": ACCESSIBILITY,
        "join_questions": JOIN_QUESTIONS,
        "join_question_names": JOIN_QUESTION_NAMES,
        "item_names": ITEM_NAMES,
        "age_bands": AGE_BANDS,
        **await asyncio.to_thread(load),
        **await publish_context(piiri, request, workshop_id),
    }
    language = pick_language(request, state.language)
    return piiri.renderer.response(request, language, "plan.html", context, status_code=status)


@workshop_facilitator_only
async def plan_page(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    return await _page(request, piiri, workshop_id)


def _saving(
    handler: Callable[[Session, int, Actor, dict[str, Any]], None], anchor: str
) -> Callable[[Request], Any]:
    """A POST that reads the form, saves through ``handler`` in one transaction and redirects
    to the plan page; a DomainError shows the page again with the message, nothing saved."""

    @workshop_facilitator_only
    async def endpoint(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
        values = form_values(await request.form())
        values.update(request.path_params)

        def save() -> None:
            with session_scope(piiri.engine) as session:
                handler(session, workshop_id, actor, values)

        try:
            await asyncio.to_thread(save)
        except DomainError as error:
            state = await asyncio.to_thread(piiri.service.state, workshop_id)
            message = error_text(pick_language(request, state.language), error)
            return await _page(request, piiri, workshop_id, error=message, typed=values, status=400)
        return RedirectResponse(
            f"/facilitator/workshops/{workshop_id}/plan?saved=1#{anchor}", status_code=303
        )

    return endpoint


def _zone_of(session: Session, workshop_id: int) -> Any:
    workshop = session.get(Workshop, workshop_id)
    assert workshop is not None
    return workshop, workshop_zone(workshop.time_zone)


def _save_plan(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    workshop, _ = _zone_of(session, workshop_id)
    name = values.get("time_zone", "").strip() or workshop.time_zone
    if not is_time_zone(name):
        raise DomainError(N_("Unknown time zone: give one like Europe/Helsinki."))
    workshop.time_zone = name
    session.add(workshop)
    parsed = parse_plan(values, workshop_zone(name))
    others = [code for code in LANGUAGE_CODES if code != workshop.language]
    versions = versions_from_form(values, PLAN_TEXTS, others)
    stored = plan_row(session=session, workshop_id=workshop_id).translations
    fields = {**parsed.fields, "translations": merged(stored, versions, PLAN_TEXTS)}
    save_plan(session=session, workshop_id=workshop_id, fields=fields)


def _add_group(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    name, target = parse_group(values)
    workshop, _ = _zone_of(session, workshop_id)
    others = [code for code in LANGUAGE_CODES if code != workshop.language]
    versions = group_name_versions(values, others)
    add_group(
        session=session, workshop_id=workshop_id, name=name, target=target, translations=versions
    )


def _remove_group(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    remove_group(session=session, workshop_id=workshop_id, group_id=int(values["group_id"]))


def _save_agenda(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    _, zone = _zone_of(session, workshop_id)
    ids = [int(k.split("-", 1)[1]) for k in values if k.startswith("minutes-")]
    save_agenda(session=session, workshop_id=workshop_id, planned=parse_agenda(values, ids, zone))


def _add_item(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    kind, heading, text, attribution = parse_item(values)
    add_item(
        session=session,
        workshop_id=workshop_id,
        kind=kind,
        heading=heading,
        text=text,
        attribution=attribution,
    )


def _remove_item(session: Session, workshop_id: int, actor: Actor, values: dict[str, Any]) -> None:
    remove_item(session=session, workshop_id=workshop_id, item_id=int(values["item_id"]))


BASE = "/facilitator/workshops/{workshop_id:int}/plan"
routes = [
    Route(BASE, plan_page, methods=["GET"]),
    Route(BASE, _saving(_save_plan, "plan-form"), methods=["POST"]),
    Route(f"{BASE}/groups", _saving(_add_group, "groups"), methods=["POST"]),
    Route(
        f"{BASE}/groups/{{group_id:int}}/remove",
        _saving(_remove_group, "groups"),
        methods=["POST"],
    ),
    Route(f"{BASE}/agenda", _saving(_save_agenda, "agenda"), methods=["POST"]),
    Route(f"{BASE}/items", _saving(_add_item, "items"), methods=["POST"]),
    Route(f"{BASE}/items/{{item_id:int}}/remove", _saving(_remove_item, "items"), methods=["POST"]),
]
