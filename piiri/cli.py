"""The `piiri` command: serve, migrate, create-facilitator, demo; reset-password,
revoke-sessions and purge (piiri/admin.py)."""

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

from piiri.admin import add_commands
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


DEMO_OPTIONS = {
    "en": (
        "Longer library opening hours",
        "A repair café in the village hall",
        "Safer cycle routes to school",
        "A community garden",
        "More benches along the shore path",
        "Free sports shifts for young people",
    ),
    "fi": (
        "Pidemmät kirjaston aukioloajat",
        "Korjauskahvila kylätalolle",
        "Turvallisemmat pyörätiet kouluille",
        "Yhteisöpuutarha",
        "Lisää penkkejä rantapolulle",
        "Maksuttomia liikuntavuoroja nuorille",
    ),
    "sv": (
        "Längre öppettider för biblioteket",
        "Ett reparationskafé i byagården",
        "Tryggare cykelvägar till skolan",
        "En gemensam odlingsträdgård",
        "Fler bänkar längs strandstigen",
        "Avgiftsfria idrottsturer för unga",
    ),
}
DEMO_CHECK_IN = {
    "en": "Check-in: what brings you here today?",
    "fi": "Alkukierros: mikä toi sinut tänne tänään?",
    "sv": "Incheckning: vad för dig hit i dag?",
}
DEMO_BREAKOUT = {
    "en": "Small groups: what would make this neighbourhood better?",
    "fi": "Pienryhmät: mikä tekisi tästä asuinalueesta paremman?",
    "sv": "Smågrupper: vad skulle göra det här området bättre?",
}
DEMO_INTERVIEW = {
    "en": "Appreciative interviews in pairs",
    "fi": "Arvostavat haastattelut pareittain",
    "sv": "Uppskattande intervjuer i par",
}
DEMO_TEXT = {
    "en": ("Demo: the neighbourhood budget", "Which ideas should get funding first?"),
    "fi": ("Demo: lähiöbudjetti", "Mitkä ideat rahoitetaan ensin?"),
    "sv": ("Demo: områdesbudgeten", "Vilka idéer ska få finansiering först?"),
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
    title, question = DEMO_TEXT.get(language, DEMO_TEXT["en"])
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
    options = "\n".join(DEMO_OPTIONS.get(language, DEMO_OPTIONS["en"]))
    check_in = DEMO_CHECK_IN.get(language, DEMO_CHECK_IN["en"])

    # One of each kind, each with its defaults: a check-in round, the vote, small groups and
    # interviews in pairs.
    def with_defaults(kind: str, title: str) -> AddActivity:
        activity = REGISTRY[kind]
        return AddActivity(
            kind=kind, title=title, values=activity.config_form(activity.default_config())
        )

    agenda = [
        with_defaults("round_robin", check_in),
        AddActivity(kind="dot_vote", title=question, values={"options": options}),
        with_defaults("breakout", DEMO_BREAKOUT.get(language, DEMO_BREAKOUT["en"])),
        with_defaults("interview", DEMO_INTERVIEW.get(language, DEMO_INTERVIEW["en"])),
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
    add_commands(commands, _settings)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    result: int = args.run(args)
    return result
