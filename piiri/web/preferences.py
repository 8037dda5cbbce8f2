"""A person's own choices, kept in cookies on their device: language, text size, contrast.

Each is changed from any page without JavaScript (a link or a small form that comes back to
the same page) and holds for a year on that browser: the phone, the room screen and the
console alike, since the cookies belong to the site, not to a workshop.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from piiri.settings import LANGUAGES
from piiri.web.i18n import LANGUAGE_COOKIE
from piiri.web.redirects import local_target

YEAR = 60 * 60 * 24 * 365
# Cookie name -> the value that turns the choice on, and the class <html> gets for it.
DISPLAY_COOKIES = {
    "piiri_text": ("large", "text-large"),
    "piiri_contrast": ("high", "contrast-high"),
}
DISPLAY_FIELDS = {"large_text": "piiri_text", "high_contrast": "piiri_contrast"}


@dataclass(frozen=True)
class DisplayChoices:
    large_text: bool
    high_contrast: bool

    @property
    def classes(self) -> str:
        """The classes for <html>: the stylesheet does the rest."""
        chosen = {"piiri_text": self.large_text, "piiri_contrast": self.high_contrast}
        return " ".join(DISPLAY_COOKIES[name][1] for name, on in chosen.items() if on)


def display_choices(connection: HTTPConnection) -> DisplayChoices:
    cookies = connection.cookies
    return DisplayChoices(
        large_text=cookies.get("piiri_text") == DISPLAY_COOKIES["piiri_text"][0],
        high_contrast=cookies.get("piiri_contrast") == DISPLAY_COOKIES["piiri_contrast"][0],
    )


def _secure(request: Request) -> bool:
    """Marked Secure in production (served over HTTPS), like the signed cookie."""
    return bool(request.app.state.piiri.settings.production)


async def choose_language(request: Request) -> Response:
    language = request.path_params["language"]
    target = local_target(request.query_params.get("next"), "/")
    response = RedirectResponse(target, status_code=303)
    if language in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=YEAR, samesite="lax", secure=_secure(request)
        )
    return response


async def choose_display(request: Request) -> Response:
    """A form's button sends ``large_text=on|off`` or ``high_contrast=on|off``, and ``next``.

    Anything else changes nothing: the person is simply sent back.
    """
    form = await request.form()
    response = RedirectResponse(local_target(form.get("next"), "/"), status_code=303)
    for field, cookie in DISPLAY_FIELDS.items():
        value = form.get(field)
        if value == "on":
            response.set_cookie(
                cookie,
                DISPLAY_COOKIES[cookie][0],
                max_age=YEAR,
                samesite="lax",
                secure=_secure(request),
            )
        elif value == "off":
            response.delete_cookie(cookie, samesite="lax")
    return response


routes = [
    Route("/language/{language}", choose_language),
    Route("/display", choose_display, methods=["POST"]),
]
