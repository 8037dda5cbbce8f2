"""The workshop's languages: which languages, besides its own, the facilitator writes in.

A plain form (the add and edit forms on the console page offer a field per language, so the
page is loaded again after a change); the choice is a workshop event like the other settings
of the room (``SetLanguages``), so every process's folded state knows it.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from facilitator.routes import workshop_facilitator_only
from piiri.activities.local_text import LANGUAGE_MARK
from piiri.domain.commands import SetLanguages
from piiri.domain.vocabulary import N_, Actor, DomainError
from piiri.web.i18n import error_text, gettext, pick_language
from piiri.web.runtime import Piiri


@workshop_facilitator_only
async def set_languages(request: Request, piiri: Piiri, actor: Actor, workshop_id: int) -> Response:
    form = await request.form()
    chosen = tuple(str(code) for code in form.getlist("languages"))
    titles = {code: str(form.get(f"title{LANGUAGE_MARK}{code}") or "") for code in chosen}
    try:
        await piiri.service.run(workshop_id, actor, SetLanguages(chosen, titles))
    except DomainError as error:
        state = await asyncio.to_thread(piiri.service.state, workshop_id)
        language = pick_language(request, state.language)
        refused = {
            "heading": gettext(language, N_("Not saved")),
            "message": error_text(language, error),
            "link": f"/facilitator/workshops/{workshop_id}#languages",
            "link_text": gettext(language, N_("Back to the console")),
        }
        return piiri.renderer.response(request, language, "message.html", refused, 400)
    return RedirectResponse(f"/facilitator/workshops/{workshop_id}#languages", status_code=303)


routes = [
    Route("/facilitator/workshops/{workshop_id:int}/languages", set_languages, methods=["POST"]),
]
