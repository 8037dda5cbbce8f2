"""The `piiri` command: serve, migrate, create-facilitator, demo, pb results."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import secrets
import sys
from collections.abc import Sequence
from typing import Any

from piiri.pb_command import add_parser as add_pb_parser
from piiri.settings import Settings, SettingsError

DEMO_EMAIL = "demo@piiri.invalid"


def _settings() -> Settings:
    try:
        return Settings.from_environ()
    except (SettingsError, ValueError) as error:
        # ValueError: Starlette's Config casts (PORT=eighty) name the variable and its value.
        print(f"piiri: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = _settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        "piiri.web.app:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        # The app refuses long messages with a message; this is the hard stop for abuse.
        ws_max_size=4 * settings.ws_max_message_bytes,
        ws_per_message_deflate=False,
        # uvicorn's websockets-sansio protocol that also takes prepared frames (realtime/wire.py).
        ws="realtime.wire:PreparedFramesProtocol",
        # Behind a reverse proxy on another address, set FORWARDED_ALLOW_IPS (uvicorn reads it).
        proxy_headers=True,
        timeout_graceful_shutdown=5,
        log_level="info",
    )
    return 0


def migrate(args: argparse.Namespace) -> int:
    from piiri.db.migrate import upgrade

    upgrade(_settings().database_url)
    print("piiri: the database is up to date")
    return 0


def create_facilitator(args: argparse.Namespace) -> int:
    from piiri.db.engine import make_engine, session_scope
    from piiri.db.migrate import upgrade
    from piiri.domain.vocabulary import DomainError
    from piiri.web.i18n import error_text

    settings = _settings()
    upgrade(settings.database_url)
    password = args.password or getpass.getpass("Password: ")
    from piiri.db.accounts import create_facilitator as create

    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            facilitator = create(
                session=session, email=args.email, password=password, name=args.name or ""
            )
            print(f"piiri: created facilitator {facilitator.email}")
    except DomainError as error:
        print(f"piiri: {error_text(settings.default_language, error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


DEMO_TITLE = {
    "en": "Demo: the neighbourhood budget",
    "fi": "Demo: lähiöbudjetti",
    "sv": "Demo: områdesbudgeten",
}


def demo(args: argparse.Namespace) -> int:
    from sqlmodel import select

    from piiri.activities import REGISTRY
    from piiri.db.accounts import create_facilitator as create
    from piiri.db.accounts import issue_login_token
    from piiri.db.engine import make_engine, session_scope
    from piiri.db.migrate import upgrade
    from piiri.db.models import Facilitator
    from piiri.db.secret_links import current_secret_link
    from piiri.db.workshops import create_workshop
    from piiri.domain.commands import AddActivity
    from piiri.domain.vocabulary import Actor
    from piiri.log.service import WorkshopService
    from piiri.log.store import WorkshopStore

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    language = settings.default_language
    title = DEMO_TITLE.get(language, DEMO_TITLE["en"])
    with session_scope(engine) as session:
        facilitator = session.exec(
            select(Facilitator).where(Facilitator.email == DEMO_EMAIL)
        ).first()
        if facilitator is None:
            facilitator = create(
                session=session,
                email=DEMO_EMAIL,
                password=secrets.token_urlsafe(18),
                name="Demo",
            )
        assert facilitator.id is not None
        workshop = create_workshop(
            session=session, owner_id=facilitator.id, title=title, language=language
        )
        token = issue_login_token(session=session, facilitator_id=facilitator.id)
        assert workshop.id is not None
        screen = current_secret_link(session=session, workshop_id=workshop.id, purpose="screen")
        assert screen is not None
        workshop_id, code, screen_token = workshop.id, workshop.code, screen.token
        facilitator_id = facilitator.id

    # No sockets here: a running server reads the demo from the log when it is first opened.
    service = WorkshopService(engine, WorkshopStore())
    # Every registered kind brings its own demo activity, in the workshop's language, and says
    # where on the agenda it goes (a check-in round first).
    offers = sorted(
        ((kind.demo(language), name) for name, kind in REGISTRY.items()),
        key=lambda pair: pair[0].position,
    )
    agenda = [
        AddActivity(kind=name, title=offer.title, values=dict(offer.values))
        for offer, name in offers
    ]
    actor = Actor("facilitator", facilitator_id=facilitator_id)
    for command in agenda:
        asyncio.run(service.run(workshop_id, actor, command))
    engine.dispose()

    # A server listening on every address (HOST=0.0.0.0) is reached on this machine at 127.0.0.1;
    # browsers do not open http://0.0.0.0/.
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    host = f"[{host}]" if ":" in host else host
    base = settings.public_url or f"http://{host}:{settings.port}"
    result: dict[str, Any] = {
        # The one-time link lands on the demo workshop's console.
        "facilitator_url": f"{base}/login/{token}?next=/facilitator/workshops/{workshop_id}",
        "join_url": f"{base}/j/{code}",
        "screen_url": f"{base}/screen/{screen_token}",
        "code": code,
        "activities": [{"kind": c.kind, "title": c.title} for c in agenda],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"Facilitator (one-time login link): {result['facilitator_url']}")
        print(f"Participants join at:              {result['join_url']}  (code {code})")
        print(f"Room screen:                       {result['screen_url']}")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="piiri", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    p = commands.add_parser("serve", help="serve Piiri (HOST and PORT from the environment)")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(run=serve)
    p = commands.add_parser("migrate", help="bring the database schema up to date")
    p.set_defaults(run=migrate)
    p = commands.add_parser("create-facilitator", help="create a facilitator account")
    p.add_argument("--email", required=True)
    p.add_argument("--name", default="")
    p.add_argument("--password", default=None, help="asked for when not given")
    p.set_defaults(run=create_facilitator)
    p = commands.add_parser("demo", help="create a demo facilitator and workshop")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(run=demo)
    add_pb_parser(commands)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.run(args)
    return result
