"""The `piiri` commands an operator runs on accounts and stored data: reset-password,
revoke-sessions and purge (the retention period, docs/security.md)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from piiri.settings import Settings


def _account_command(settings: Settings, email: str, change: Callable[[Any, int], None]) -> int:
    from piiri.db.accounts import facilitator_by_email
    from piiri.db.engine import make_engine, session_scope
    from piiri.db.migrate import upgrade
    from piiri.domain.vocabulary import DomainError
    from piiri.web.i18n import error_text

    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            facilitator = facilitator_by_email(session=session, email=email)
            if facilitator is None or facilitator.id is None:
                print(f"piiri: there is no account for {email}", file=sys.stderr)
                return 1
            change(session, facilitator.id)
    except DomainError as error:
        print(f"piiri: {error_text(settings.default_language, error)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def reset_password(settings: Settings, args: argparse.Namespace) -> int:
    """A new password for an account; every session of it ends."""
    from piiri.db.accounts import set_password

    password = args.password or getpass.getpass("New password: ")

    def change(session: Any, facilitator_id: int) -> None:
        set_password(session=session, facilitator_id=facilitator_id, password=password)

    result = _account_command(settings, args.email, change)
    if result == 0:
        print(f"piiri: a new password for {args.email}; every session of it has ended")
    return result


def revoke(settings: Settings, args: argparse.Namespace) -> int:
    """End every session of an account (a lost laptop)."""
    from piiri.db.accounts import revoke_sessions

    def change(session: Any, facilitator_id: int) -> None:
        revoke_sessions(session=session, facilitator_id=facilitator_id)

    result = _account_command(settings, args.email, change)
    if result == 0:
        print(f"piiri: every session of {args.email} has ended")
    return result


def purge(settings: Settings, args: argparse.Namespace) -> int:
    """Delete every workshop closed longer ago than RETENTION_DAYS, with all it holds."""
    from piiri.db.engine import make_engine, session_scope
    from piiri.db.erasure import purge_closed

    engine = make_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            deleted = purge_closed(session=session, days=settings.retention_days)
    finally:
        engine.dispose()
    print(
        f"piiri: deleted {len(deleted)} workshop(s) closed over {settings.retention_days} days ago"
    )
    return 0


def add_commands(commands: Any, settings: Callable[[], Settings]) -> None:
    """Register these commands on the `piiri` parser's subcommands."""

    def run(command: Callable[[Settings, argparse.Namespace], int]) -> Callable[..., int]:
        return lambda args: command(settings(), args)

    p = commands.add_parser("reset-password", help="set a new password; ends every session")
    p.add_argument("--email", required=True)
    p.add_argument("--password", default=None, help="asked for when not given")
    p.set_defaults(run=run(reset_password))
    p = commands.add_parser("revoke-sessions", help="end every session of an account")
    p.add_argument("--email", required=True)
    p.set_defaults(run=run(revoke))
    p = commands.add_parser("purge", help="delete workshops closed over RETENTION_DAYS ago")
    p.set_defaults(run=run(purge))
