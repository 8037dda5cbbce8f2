"""The links the `piiri` command prints, and the server they point at.

`piiri demo` and `piiri login-link` run beside a server, often started on another port than
the default. The links they print point at, in this order: ``PUBLIC_URL`` when the command's
environment sets it; the address the server of the same database recorded when it started
(piiri/server_address.py); else ``HOST`` and ``PORT``. Each command says which on stderr, so
that a JSON reader of stdout is not disturbed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from piiri.db.accounts import issue_login_token
from piiri.db.engine import session_scope
from piiri.db.models import Activity, Facilitator, Workshop
from piiri.db.secret_links import current_secret_link
from piiri.domain.vocabulary import N_, DomainError
from piiri.server_address import find_server, local_url
from piiri.settings import Settings

NO_ACCOUNT = N_("There is no facilitator account for {email}.")
NO_DEMO = N_("There is no demo workshop yet: `piiri demo` makes one.")


@dataclass(frozen=True)
class Base:
    url: str
    why: str  # where the address came from, for the person reading


def links_base(settings: Settings) -> Base:
    """Where the links should point (see the module's docstring)."""
    if settings.public_url:
        return Base(settings.public_url, "PUBLIC_URL is set")
    server = find_server(settings)
    if server is not None:
        why = (
            f"the server of this database runs there (pid {server.pid}, since {server.started_at})"
        )
        return Base(server.url, why)
    url = local_url(settings.host, settings.port)
    why = "no running server of this database was found, so HOST and PORT say where one will be"
    return Base(url, why)


def say_where(base: Base) -> None:
    print(f"piiri: links point at {base.url}: {base.why}", file=sys.stderr)


def login_url(base: str, token: str, workshop_id: int | None = None) -> str:
    url = f"{base}/login/{token}"
    return url if workshop_id is None else f"{url}?next=/facilitator/workshops/{workshop_id}"


def fresh_login_link(engine: Engine, settings: Settings, email: str) -> str:
    """A new one-time login link for the facilitator with ``email`` (to the dashboard).

    Raises DomainError when there is no such account."""
    with session_scope(engine) as session:
        facilitator = session.exec(
            select(Facilitator).where(Facilitator.email == email.strip().lower())
        ).first()
        if facilitator is None or facilitator.id is None:
            raise DomainError(NO_ACCOUNT, email=email)
        token = issue_login_token(session=session, facilitator_id=facilitator.id)
    base = links_base(settings)
    say_where(base)
    return login_url(base.url, token)


def demo_links(
    engine: Engine, settings: Settings, email: str, workshop_id: int | None = None
) -> dict[str, Any]:
    """The demo's links with a fresh one-time login: for ``workshop_id``, else the newest
    workshop of the demo account. Raises DomainError when there is none."""
    with session_scope(engine) as session:
        facilitator = session.exec(select(Facilitator).where(Facilitator.email == email)).first()
        workshop = None
        if facilitator is not None and facilitator.id is not None:
            query = select(Workshop).where(Workshop.owner_id == facilitator.id)
            if workshop_id is not None:
                query = query.where(Workshop.id == workshop_id)
            workshop = session.exec(query.order_by(col(Workshop.id).desc())).first()
        if facilitator is None or facilitator.id is None or workshop is None:
            raise DomainError(NO_DEMO)
        assert workshop.id is not None
        token = issue_login_token(session=session, facilitator_id=facilitator.id)
        screen = current_secret_link(session=session, workshop_id=workshop.id, purpose="screen")
        activities = _agenda(session, workshop.id)
        code, wid = workshop.code, workshop.id
        screen_token = None if screen is None else screen.token
    base = links_base(settings)
    say_where(base)
    return {
        # The one-time link lands on the demo workshop's console.
        "facilitator_url": login_url(base.url, token, wid),
        "join_url": f"{base.url}/j/{code}",
        "screen_url": None if screen_token is None else f"{base.url}/screen/{screen_token}",
        "code": code,
        "activities": activities,
    }


def _agenda(session: Session, workshop_id: int) -> list[dict[str, str]]:
    rows = session.exec(
        select(Activity)
        .where(Activity.workshop_id == workshop_id)
        .order_by(col(Activity.position), col(Activity.id))
    ).all()
    return [{"kind": row.kind, "title": row.title} for row in rows]


def print_demo(links: dict[str, Any], as_json: bool) -> None:
    import json

    if as_json:
        print(json.dumps(links, ensure_ascii=False))
        return
    print(f"Facilitator (one-time login link): {links['facilitator_url']}")
    print(f"Participants join at:              {links['join_url']}  (code {links['code']})")
    print(f"Room screen:                       {links['screen_url']}")
