"""Engine and sessions. SQLite by default (one file), PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600), or make it so: it holds
    people's names and what they wrote. SQLite gives its -wal and -shm files the same mode."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    path.chmod(0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # WAL lets readers run beside the one writer; foreign keys are off by default.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any exception."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# The first key of Piiri's PostgreSQL advisory locks ("Pi"); the second is the workshop's id.
WORKSHOP_WRITER_LOCK = 0x5069


def wait_to_write(session: Session, workshop_id: int) -> None:
    """Wait until no other process writes to this workshop, and keep the others out until this
    session's transaction ends (commit, rollback, or a dead connection: PostgreSQL lets go).

    Writers of one workshop then queue instead of racing for the next seq: two busy processes
    each losing the seq to the other could otherwise lose ten times in a row ("Busy"). SQLite
    has one writer per file already; there the seq's uniqueness and a retry arbitrate."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:space, :workshop)"),
            {"space": WORKSHOP_WRITER_LOCK, "workshop": workshop_id},
        )


def database_ok(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
