"""Forged forms: every state-changing request must come from one of Piiri's own pages.

Two checks, both on every POST (and any other unsafe method), before a route sees it:

1. **Where it came from.** A browser names the page's origin (``Origin``, else ``Referer``)
   and, in every current browser, whether the request is same-origin (``Sec-Fetch-Site``). A
   request from another origin is refused, including one on the same site (another port, a
   sibling subdomain): SameSite=Lax cookies go along with those, so the cookie alone proves
   nothing. Origins named in ALLOWED_ORIGINS and PUBLIC_URL's count as Piiri's own.
2. **A token only Piiri's pages hold.** ``csrf_token(request)`` (a template global) puts a
   random token in the person's signed cookie and in the form's hidden ``csrf`` field; the
   request must send it back (as that field, or as an ``X-CSRF-Token`` header). A page on
   another origin can read neither. The login form carries one too, so a cross-site POST
   /login cannot log a browser into someone else's account.

The body is read here (at most ``MAX_FORM_BYTES``), checked, and handed on unchanged.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrf"
HEADER = "x-csrf-token"
SESSION_KEY = "c"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A form Piiri serves is a few kilobytes; an activity's options at most tens. 40 MB posted to a
# form route is refused here, before any of it is parsed.
MAX_FORM_BYTES = 1024 * 1024

Refusal = Callable[[Request, str], Response]


def csrf_token(request: HTTPConnection) -> str:
    """The token of this person's session, made on first use (the cookie then carries it)."""
    session: dict[str, Any] = request.session
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(24)
        session[SESSION_KEY] = token
    return token


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def same_origin(connection: HTTPConnection, origin: str, trusted: Iterable[str]) -> bool:
    """Whether ``origin`` (scheme://host[:port]) is this site's own: the Host the request was
    sent to, or one of ``trusted`` (PUBLIC_URL's origin, ALLOWED_ORIGINS)."""
    origin = origin.rstrip("/")
    if origin in {t.rstrip("/") for t in trusted}:
        return True
    parts = urlsplit(origin)
    return bool(parts.netloc) and parts.netloc == connection.headers.get("host", "")


def came_from_here(connection: HTTPConnection, trusted: Iterable[str]) -> bool:
    """The first check: the browser says the request came from one of this site's pages.

    ``Sec-Fetch-Site`` (set by the browser, never by a page) decides when present: same-origin
    passes, same-site and cross-site pass only from a trusted origin. It matters because a page
    sent with ``Referrer-Policy: no-referrer`` (the room screen's, the login link's) makes its
    own forms post ``Origin: null``. Without it, ``Origin`` decides, else ``Referer``. A client
    that sends none of them is not a browser (a browser's forged request always carries one);
    the token check still applies to it."""
    trusted = tuple(trusted)
    origin = connection.headers.get("origin")
    fetch_site = connection.headers.get("sec-fetch-site")
    if fetch_site == "same-origin":
        return True
    if fetch_site in ("cross-site", "same-site"):
        return origin is not None and origin.rstrip("/") in {t.rstrip("/") for t in trusted}
    if origin is not None:
        return origin != "null" and same_origin(connection, origin, trusted)
    referer = connection.headers.get("referer")
    if referer:
        return same_origin(connection, origin_of(referer), trusted)
    return True


def _multipart_field(body: bytes, content_type: str, name: str) -> str | None:
    """The value of the plain (not file) field ``name`` in a multipart/form-data body, as a
    browser sends a form that carries a file (the participatory budget's projects)."""
    _, _, boundary = content_type.partition("boundary=")
    boundary = boundary.split(";")[0].strip().strip('"')
    if not boundary:
        return None
    wanted = f'name="{name}"'.encode()
    for part in body.split(b"--" + boundary.encode()):
        head, separator, value = part.partition(b"\r\n\r\n")
        if separator and wanted in head and b"filename=" not in head:
            return value.removesuffix(b"\r\n").decode("latin-1")
    return None


def _token_in(body: bytes, content_type: str) -> str | None:
    if content_type.startswith("multipart/form-data"):
        return _multipart_field(body, content_type, FIELD)
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return None
    try:
        fields = parse_qs(body.decode("latin-1"), max_num_fields=1000)
    except ValueError:
        return None
    values = fields.get(FIELD)
    return values[0] if values else None


class FormGuard:
    """Refuses an unsafe request without this session's token or from another origin.

    Must sit inside the cookie middleware (it reads ``scope["session"]``). ``refuse`` renders
    the person's answer (a translated page); ``trusted`` are the origins besides the Host's."""

    def __init__(self, app: ASGIApp, *, trusted: Iterable[str], refuse: Refusal) -> None:
        self.app = app
        self.trusted = tuple(trusted)
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if not came_from_here(request, self.trusted):
            await self.refuse(request, "origin")(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_FORM_BYTES:
                await PlainTextResponse("Too large", status_code=413)(scope, receive, send)
                return
        sent = request.headers.get(HEADER) or _token_in(
            body, request.headers.get("content-type", "")
        )
        expected = scope.get("session", {}).get(SESSION_KEY)
        if not (
            isinstance(sent, str)
            and isinstance(expected, str)
            and hmac.compare_digest(sent.encode(), expected.encode())
        ):
            await self.refuse(request, "token")(scope, receive, send)
            return

        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
