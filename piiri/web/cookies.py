"""The signed cookie that remembers a facilitator's login and a participant on their phone.

Like Starlette's SessionMiddleware, but a cookie whose signature does not verify is reported
(``scope["session_rejected"]``) so that the person is told why they must join or log in again,
instead of silently being treated as new.
"""

from __future__ import annotations

import json
from base64 import b64decode, b64encode
from typing import Any

import itsdangerous
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE_NAME = "piiri"
MAX_AGE = 60 * 60 * 24 * 30  # a month: a workshop series outlives a single day


class SignedCookieMiddleware:
    def __init__(self, app: ASGIApp, secret_key: str, *, https_only: bool = False) -> None:
        self.app = app
        self.signer = itsdangerous.TimestampSigner(secret_key, salt="piiri.cookie")
        self.https_only = https_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            # A socket's handshake answer sets no cookie: read it, and keep nothing else
            # alive for the socket's life (this frame lasts as long as it).
            self._read(scope)
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._read(scope)
        original = json.dumps(scope["session"], sort_keys=True)

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                current: dict[str, Any] = scope["session"]
                if json.dumps(current, sort_keys=True) != original or scope["session_rejected"]:
                    headers = MutableHeaders(scope=message)
                    payload = b64encode(json.dumps(current).encode())
                    value = self.signer.sign(payload).decode()
                    attributes = f"path=/; Max-Age={MAX_AGE}; HttpOnly; SameSite=Lax"
                    if not current:
                        value, attributes = "", "path=/; Max-Age=0; HttpOnly; SameSite=Lax"
                    if self.https_only:
                        attributes += "; Secure"
                    headers.append("Set-Cookie", f"{COOKIE_NAME}={value}; {attributes}")
            await send(message)

        await self.app(scope, receive, send_wrapper)

    def _read(self, scope: Scope) -> None:
        """The signed cookie's session into ``scope["session"]`` (empty when there is none, it
        expired or it was tampered with: then ``session_rejected``)."""
        scope["session"] = {}
        scope["session_rejected"] = False
        raw = HTTPConnection(scope).cookies.get(COOKIE_NAME)
        if raw:
            try:
                data = self.signer.unsign(raw.encode(), max_age=MAX_AGE)
                scope["session"] = json.loads(b64decode(data))
            except itsdangerous.SignatureExpired:
                pass
            except (itsdangerous.BadSignature, ValueError):
                scope["session_rejected"] = True


def participant_of(session: dict[str, Any], workshop_id: int) -> int | None:
    value = session.get("p", {}).get(str(workshop_id))
    return value if isinstance(value, int) else None


def remember_participant(session: dict[str, Any], workshop_id: int, participant_id: int) -> None:
    people = dict(session.get("p", {}))
    people[str(workshop_id)] = participant_id
    session["p"] = people


def facilitator_of(session: dict[str, Any]) -> int | None:
    value = session.get("f")
    return value if isinstance(value, int) else None


def log_in_session(session: dict[str, Any], facilitator_id: int, version: int) -> None:
    """A fresh session for a facilitator who just proved who they are: whatever the cookie held
    before (another login, a form token) goes, so a fixed session cannot be carried over."""
    session.clear()
    session["f"] = facilitator_id
    session["v"] = version


def session_version_of(session: dict[str, Any]) -> int:
    value = session.get("v", 0)
    return value if isinstance(value, int) else -1
