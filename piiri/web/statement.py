"""The accessibility statement: what conforms, what does not yet, how to give feedback.

Its text is in the template (translated like every page); the date it was last reviewed is
here, so that a change to what the statement says is a change to this date too.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from piiri.web.i18n import pick_language
from piiri.web.runtime import Piiri

REVIEWED = date(2026, 11, 28)
STANDARD = "WCAG 2.2"
# Where people in Finland turn when the answer to their feedback does not satisfy them.
SUPERVISOR_URL = "https://www.saavutettavuusvaatimukset.fi"
SUPERVISOR_NAME = "saavutettavuusvaatimukset.fi"


async def accessibility_statement(request: Request) -> Response:
    piiri: Piiri = request.app.state.piiri
    language = pick_language(request, piiri.settings.default_language)
    context = {
        "reviewed": REVIEWED,
        "standard": STANDARD,
        "contact": piiri.settings.accessibility_contact,
        "supervisor_url": SUPERVISOR_URL,
        "supervisor_name": SUPERVISOR_NAME,
    }
    return piiri.renderer.response(request, language, "accessibility.html", context)


routes = [Route("/accessibility", accessibility_statement)]
