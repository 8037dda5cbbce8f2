"""Joining, the phone page and the room screen page."""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participant.join_questions import join_context, read_answers, save_answers
from participant.views import screen_context
from piiri.activities.local_text import LocalText
from piiri.db.models import Workshop
from piiri.db.workshops import normalise_code
from piiri.domain.commands import Join, LeaveWorkshop, ReturnToWorkshop
from piiri.domain.vocabulary import N_, Actor, DomainError, Person
from piiri.web.cookies import participant_of, remember_participant
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.presenting import activity_context, call_for, offered_results
from piiri.web.rate_limits import client_address
from piiri.web.runtime import Piiri


def _piiri(request: Request) -> Piiri:
    piiri: Piiri = request.app.state.piiri
    return piiri


def _unknown_code(request: Request, code: str, language: str) -> Response:
    message = gettext(
        language,
        N_("No open workshop has the code {code}. Check the code on the room screen."),
        code=code,
    )
    context = {"error": message, "code": code}
    return _piiri(request).renderer.response(request, language, "join.html", context, 404)


def _slow_down(request: Request, language: str) -> Response:
    message = gettext(
        language, N_("Too many tries from this network. Wait a minute and try again.")
    )
    response = _piiri(request).renderer.response(
        request, language, "join.html", {"error": message, "code": ""}, 429
    )
    response.headers["Retry-After"] = "60"
    return response


def privacy_of(piiri: Piiri) -> dict[str, Any]:
    """What the join page's privacy notice names (from settings)."""
    settings = piiri.settings
    return {
        "days": settings.retention_days,
        "organisation": settings.privacy_organisation,
        "contact": settings.privacy_contact,
    }


def _kept_out(request: Request, language: str) -> Response:
    """A removed person's answer: no form, nothing that brings them back."""
    context: dict[str, Any] = {
        "heading": gettext(language, N_("You are not in this workshop")),
        "message": gettext(language, N_("The facilitator has taken you out of this workshop.")),
        "link": "",
        "link_text": "",
    }
    return _piiri(request).renderer.response(request, language, "message.html", context, 403)


def _waiting(request: Request, language: str, code: str) -> Response:
    context: dict[str, Any] = {
        "heading": gettext(language, N_("Waiting to be let in")),
        "message": gettext(
            language,
            N_("The facilitator lets people in one by one. Check again in a moment."),
        ),
        "link": f"/w/{code}",
        "link_text": gettext(language, N_("Check whether I am in")),
    }
    return _piiri(request).renderer.response(request, language, "message.html", context)


async def _find_code(request: Request, code: str) -> Workshop | Response:
    """The open workshop with ``code``, or the page to answer with: "no such code", or "slow
    down" once this address has guessed RATE_UNKNOWN_CODES wrong codes (then every code is
    answered so, right or wrong, until the window has passed: guessing gives no signal)."""
    piiri = _piiri(request)
    address = client_address(request)
    language = pick_language(request, piiri.settings.default_language)
    if not await piiri.limits.allowed("unknown_code", address):
        return _slow_down(request, language)
    workshop = await asyncio.to_thread(piiri.workshop_by_code, code)
    if workshop is None or workshop.id is None:
        await piiri.limits.hit("unknown_code", address)
        return _unknown_code(request, code.strip()[:20], language)
    return workshop


async def join_page(request: Request) -> Response:
    language = pick_language(request, _piiri(request).settings.default_language)
    code = normalise_code(request.query_params.get("code", ""))
    return _piiri(request).renderer.response(
        request, language, "join.html", {"error": "", "code": code}
    )


async def join_code(request: Request) -> Response:
    form = await request.form()
    found = await _find_code(request, str(form.get("code", "")))
    if isinstance(found, Response):
        return found
    return RedirectResponse(f"/j/{found.code}", status_code=303)


async def _joined(request: Request, workshop_id: int) -> Person | None:
    """The person this phone's cookie names in the workshop, present or not.

    A cookie naming someone the workshop does not have (a database started afresh) counts as
    not joined; otherwise the join page and the phone page would redirect to each other forever.
    """
    participant_id = participant_of(request.session, workshop_id)
    if participant_id is None:
        return None
    state = await asyncio.to_thread(_piiri(request).service.state, workshop_id)
    return state.people.get(participant_id)


async def _workshop(request: Request) -> tuple[Workshop, int] | Response:
    """The open workshop whose code is in the path, or the page that says there is none."""
    found = await _find_code(request, request.path_params["code"])
    if isinstance(found, Response):
        return found
    assert found.id is not None
    return found, found.id


async def join_workshop_page(request: Request) -> Response:
    piiri = _piiri(request)
    found = await _workshop(request)
    if isinstance(found, Response):
        return found
    workshop, workshop_id = found
    language = pick_language(request, workshop.language)
    person = await _joined(request, workshop_id)
    if person is not None and person.removed:
        return _kept_out(request, language)
    if person is not None and (person.present or person.waiting):
        return RedirectResponse(f"/w/{workshop.code}", status_code=303)
    error = ""
    if (
        request.scope.get("session_rejected")
        or request.query_params.get("reason") == "unrecognised"
    ):
        error = gettext(
            language, N_("This phone could not be recognised any more. Please join again.")
        )
    context = {
        "workshop": workshop,
        "error": error,
        "name": "",
        "presence": "",
        "returning": person,
        "answers": {},
        **await join_context(piiri, workshop_id),
        "title": await _local_title(piiri, workshop_id),
        "privacy": privacy_of(piiri),
    }
    return piiri.renderer.response(request, language, "join_workshop.html", context)


async def _local_title(piiri: Piiri, workshop_id: int) -> LocalText:
    """The workshop's title with its other languages, for the ``local`` filter."""
    return (await asyncio.to_thread(piiri.service.state, workshop_id)).local_title


async def join_workshop(request: Request) -> Response:
    piiri = _piiri(request)
    found = await _workshop(request)
    if isinstance(found, Response):
        return found
    workshop, workshop_id = found
    language = pick_language(request, workshop.language)
    person = await _joined(request, workshop_id)
    if person is not None:
        # A second press of Join (or the back button) must not count this phone twice; a
        # person who left comes back as themself, with what they said kept.
        if person.removed:
            return _kept_out(request, language)
        if not person.present:
            actor = Actor("participant", participant_id=person.id)
            await piiri.service.run(workshop_id, actor, ReturnToWorkshop(person.id))
        return RedirectResponse(f"/w/{workshop.code}", status_code=303)
    if not await piiri.limits.hit("join", client_address(request)):
        return _slow_down(request, language)
    form = await request.form()
    name, presence = str(form.get("name", "")), str(form.get("presence", ""))
    extras = await join_context(piiri, workshop_id)
    context: dict[str, Any] = {
        "workshop": workshop,
        "name": name,
        "presence": presence,
        "returning": None,
        "answers": {k: str(v) for k, v in form.items()},
        "title": await _local_title(piiri, workshop_id),
        **extras,
        "privacy": privacy_of(piiri),
    }
    try:
        if presence not in ("room", "remote"):
            raise DomainError(N_("Say whether you are in the room or taking part remotely."))
        answers = read_answers(extras, form)
        outcome = await piiri.service.run(
            workshop_id, Actor("participant"), Join(name=name, in_room=presence == "room")
        )
    except DomainError as error:
        context["error"] = error_text(language, error)
        return piiri.renderer.response(request, language, "join_workshop.html", context, 400)
    assert outcome.participant_id is not None
    await save_answers(piiri, workshop_id, outcome.participant_id, answers)
    remember_participant(request.session, workshop_id, outcome.participant_id)
    return RedirectResponse(f"/w/{workshop.code}", status_code=303)


async def phone(request: Request) -> Response:
    piiri = _piiri(request)
    found = await _workshop(request)
    if isinstance(found, Response):
        return found
    workshop, workshop_id = found
    participant_id = participant_of(request.session, workshop_id)
    state = await asyncio.to_thread(piiri.service.state, workshop_id)
    found_person = state.people.get(participant_id) if participant_id is not None else None
    language = pick_language(request, workshop.language)
    if found_person is not None and found_person.waiting:
        return _waiting(request, language, workshop.code)
    if found_person is not None and not found_person.present:
        return RedirectResponse(f"/j/{workshop.code}", status_code=303)
    if participant_id is None or participant_id not in state.people:
        reason = "?reason=unrecognised" if request.scope.get("session_rejected") else ""
        return RedirectResponse(f"/j/{workshop.code}{reason}", status_code=303)
    context = {
        "workshop": state,
        "person": state.people[participant_id],
        "me": participant_id,
        "oob": False,
        "call": call_for(state, participant_id),
        "results_url": offered_results(piiri.base_url(request), state),
        **activity_context(state),
    }
    return piiri.renderer.response(request, language, "phone.html", context)


async def leave(request: Request) -> Response:
    """The phone's "Leave the workshop": the person stays in the log (and the report) as
    having left; the cookie is kept, so the same phone can come back as the same person."""
    piiri = _piiri(request)
    found = await _workshop(request)
    if isinstance(found, Response):
        return found
    workshop, workshop_id = found
    person = await _joined(request, workshop_id)
    if person is not None:
        actor = Actor("participant", participant_id=person.id)
        await piiri.service.run(workshop_id, actor, LeaveWorkshop(person.id))
    return RedirectResponse(f"/j/{workshop.code}", status_code=303)


async def screen(request: Request) -> Response:
    piiri = _piiri(request)
    token = request.path_params["token"]
    workshop = await asyncio.to_thread(piiri.workshop_by_secret_link, "screen", token)
    if workshop is None or workshop.id is None:
        language = pick_language(request, piiri.settings.default_language)
        context: dict[str, Any] = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("This room screen link is not valid.")),
            "link": "",
            "link_text": "",
        }
        return piiri.renderer.response(request, language, "message.html", context, 404)
    state = await asyncio.to_thread(piiri.service.state, workshop.id)
    language, second = state.screen_pair(pick_language(request, workshop.language, browser=False))
    context = {
        **screen_context(state, piiri.base_url(request)),
        "screen_token": token,
        "oob": False,
        "second_language": second,
    }
    response = piiri.renderer.response(request, language, "screen.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the screen's secret
    return response


async def expert(request: Request) -> Response:
    """An expert's view of the workshop through its revocable expert link: read-only."""
    piiri = _piiri(request)
    token = request.path_params["token"]
    workshop = await asyncio.to_thread(piiri.workshop_by_secret_link, "expert", token)
    if workshop is None or workshop.id is None:
        language = pick_language(request, piiri.settings.default_language)
        context: dict[str, Any] = {
            "heading": gettext(language, N_("Not found")),
            "message": gettext(language, N_("This expert link is not valid.")),
            "link": "",
            "link_text": "",
        }
        return piiri.renderer.response(request, language, "message.html", context, 404)
    state = await asyncio.to_thread(piiri.service.state, workshop.id)
    language = pick_language(request, workshop.language)
    context = {"workshop": state, "expert_token": token, "oob": False, **activity_context(state)}
    response = piiri.renderer.response(request, language, "expert.html", context)
    response.headers["Referrer-Policy"] = "no-referrer"  # the link is the expert's secret
    return response


routes = [
    Route("/join", join_page, methods=["GET"]),
    Route("/join", join_code, methods=["POST"]),
    Route("/j/{code}", join_workshop_page, methods=["GET"]),
    Route("/j/{code}", join_workshop, methods=["POST"]),
    Route("/w/{code}", phone, methods=["GET"]),
    Route("/w/{code}/leave", leave, methods=["POST"]),
    Route("/screen/{token}", screen, methods=["GET"]),
    Route("/expert/{token}", expert, methods=["GET"]),
]
