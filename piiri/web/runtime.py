"""What one server process holds: settings, the database engine, the cache, the write path
and the fan-out it announces to. Built by the app factory and reached as ``app.state.piiri``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.requests import HTTPConnection

from piiri.db.accounts import session_is_current
from piiri.db.models import Workshop
from piiri.db.passwords import PasswordPool
from piiri.db.secret_links import Purpose, current_secret_link, workshop_by_secret_link
from piiri.db.workshops import may_facilitate, workshop_by_code
from piiri.log.fanout import Fanout
from piiri.log.service import WorkshopService
from piiri.log.store import WorkshopStore
from piiri.settings import Settings
from piiri.web.rate_limits import RateLimits
from piiri.web.rendering import Renderer


@dataclass
class Piiri:
    settings: Settings
    engine: Engine
    store: WorkshopStore
    service: WorkshopService
    fanout: Fanout
    renderer: Renderer
    limits: RateLimits
    # Password checks run here, never on the thread pool joins and handshakes share.
    passwords: PasswordPool

    def base_url(self, connection: HTTPConnection) -> str:
        """The address join links carry: PUBLIC_URL, else the one the request came in on."""
        if self.settings.public_url:
            return self.settings.public_url
        scheme = "https" if connection.url.scheme in ("https", "wss") else "http"
        return f"{scheme}://{connection.headers.get('host', 'localhost')}"

    def workshop_by_code(self, code: str) -> Workshop | None:
        with Session(self.engine) as session:
            return workshop_by_code(session=session, code=code)

    def workshop_by_secret_link(self, purpose: Purpose, token: str) -> Workshop | None:
        """The workshop a live secret link opens (the room screen's: purpose "screen")."""
        with Session(self.engine) as session:
            return workshop_by_secret_link(session=session, token=token, purpose=purpose)

    def secret_link(self, workshop_id: int, purpose: Purpose) -> str | None:
        """The token of the workshop's live link for ``purpose``, or None (for its console)."""
        with Session(self.engine) as session:
            link = current_secret_link(session=session, workshop_id=workshop_id, purpose=purpose)
            return None if link is None else link.token

    def session_is_current(self, facilitator_id: int, version: int) -> bool:
        with Session(self.engine) as session:
            return session_is_current(
                session=session, facilitator_id=facilitator_id, version=version
            )

    def may_facilitate(self, facilitator_id: int, workshop_id: int) -> bool:
        with Session(self.engine) as session:
            return may_facilitate(
                session=session, facilitator_id=facilitator_id, workshop_id=workshop_id
            )
