"""The `piiri` command: serve, migrate, create-facilitator, login-link, demo, pb results;
reset-password, revoke-sessions and purge (piiri/admin.py)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import logging.config
import secrets
import sys
from collections.abc import Sequence
from typing import Any

from piiri.admin import add_commands
from piiri.domain.vocabulary import DomainError
from piiri.file_commands import add_parsers as add_file_commands
from piiri.login_links import demo_links, fresh_login_link, print_demo
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

    from piiri.server_address import forget_server, record_server
    from piiri.server_logs import log_config

    settings = _settings()
    host, port = args.host or settings.host, args.port or settings.port
    config = log_config(settings.log_format)
    logging.config.dictConfig(config)
    # `piiri demo` and `piiri login-link`, run beside this server, read where it listens.
    record = record_server(settings, host, port)
    try:
        _run_uvicorn(uvicorn, settings, host, port, config)
    finally:
        forget_server(record)
    return 0


def _run_uvicorn(
    uvicorn: Any, settings: Settings, host: str, port: int, config: dict[str, Any]
) -> None:
    uvicorn.run(
        "piiri.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        # The app refuses long messages with a message; this is the hard stop for abuse.
        ws_max_size=4 * settings.ws_max_message_bytes,
        ws_per_message_deflate=False,
        # uvicorn's websockets-sansio protocol that also takes prepared frames (realtime/wire.py).
        ws="realtime.wire:PreparedFramesProtocol",
        # Behind a reverse proxy on another address, set FORWARDED_ALLOW_IPS (uvicorn reads it).
        proxy_headers=True,
        timeout_graceful_shutdown=5,
        log_config=config,
    )


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
    if args.login:
        return demo_login(args)
    from sqlmodel import select

    from piiri.activities import REGISTRY
    from piiri.db.accounts import create_facilitator as create
    from piiri.db.engine import make_engine, session_scope
    from piiri.db.migrate import upgrade
    from piiri.db.models import Facilitator
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
        assert workshop.id is not None
        workshop_id, facilitator_id = workshop.id, facilitator.id

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
    try:
        print_demo(demo_links(engine, settings, DEMO_EMAIL, workshop_id), args.json)
    finally:
        engine.dispose()
    return 0


def demo_login(args: argparse.Namespace) -> int:
    """`piiri demo --login`: a fresh one-time link into the newest demo workshop."""
    from piiri.db.engine import make_engine
    from piiri.db.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        print_demo(demo_links(engine, settings, DEMO_EMAIL), args.json)
    except DomainError as error:
        return _refused(settings, error)
    finally:
        engine.dispose()
    return 0


def login_link(args: argparse.Namespace) -> int:
    """`piiri login-link --email E`: a fresh one-time login link for that facilitator."""
    from piiri.db.engine import make_engine
    from piiri.db.migrate import upgrade

    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        print(fresh_login_link(engine, settings, args.email))
    except DomainError as error:
        return _refused(settings, error)
    finally:
        engine.dispose()
    return 0


def _refused(settings: Settings, error: DomainError) -> int:
    from piiri.web.i18n import error_text

    print(f"piiri: {error_text(settings.default_language, error)}", file=sys.stderr)
    return 1


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
    p = commands.add_parser(
        "login-link", help="print a fresh one-time login link for a facilitator"
    )
    p.add_argument("--email", required=True)
    p.set_defaults(run=login_link)
    p = commands.add_parser("demo", help="create a demo facilitator and workshop")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--login",
        action="store_true",
        help="print a fresh one-time link into the newest demo workshop instead of a new one",
    )
    p.set_defaults(run=demo)
    add_file_commands(commands)
    add_commands(commands, _settings)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.run(args)
    return result
