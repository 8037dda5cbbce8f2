"""The headers every response carries, and an access log without secrets in it.

- A Content-Security-Policy that lets a page load only what Piiri itself serves: no inline
  script (htmx's hx-on is not used: static/piiri.js does that work from data attributes), no
  inline style (result bars are SVG attributes), no framing, forms only to this site.
- HSTS in production (PIIRI_ENV=production: served over HTTPS), a Permissions-Policy that turns
  off what Piiri never uses, and the usual nosniff, frame and referrer headers.
- ``Cache-Control: no-store`` on every response that does not set its own (the static assets
  do): the console, the exports and the phone pages hold names and must not stay in a shared
  computer's cache.
- The access log (uvicorn's) never records a token: the one-time login link's and the room
  screen's are replaced with "…" (``RedactTokens``).
"""

from __future__ import annotations

import logging
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # The favicon is a data: SVG; the QR code is inline SVG markup, not an image.
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Features Chromium recognises (an unknown one is logged as an error in every page's console).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"
# Two years, the preload list's minimum; without includeSubDomains, since a city's other
# hostnames are not Piiri's to decide.
HSTS = "max-age=63072000"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, production: bool = False) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-content-type-options", "nosniff")
                headers.setdefault("x-frame-options", "DENY")
                headers.setdefault("referrer-policy", "same-origin")
                headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("permissions-policy", PERMISSIONS_POLICY)
                headers.setdefault("cache-control", "no-store")
                if self.production:
                    headers.setdefault("strict-transport-security", HSTS)
            await send(message)

        await self.app(scope, receive, send_wrapper)


SECRET_PATH = re.compile(r"(/(?:ws/)?screen/|/login/)[^/?#\s\"]+")


def redact(text: str) -> str:
    """``text`` with the tokens of login and screen links replaced by "…"."""
    return SECRET_PATH.sub(r"\1…", text)


class RedactTokens(logging.Filter):
    """Takes tokens out of uvicorn's access log lines (their path is one of the args)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact_access_log() -> None:
    """Install ``RedactTokens`` on uvicorn's access and error loggers (once)."""
    for name in ("uvicorn.access", "uvicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
