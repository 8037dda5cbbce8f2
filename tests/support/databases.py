"""The test databases: one empty database per test directory, a SQLite file by default or, with
``PIIRI_TEST_POSTGRES``, a private PostgreSQL database; and a count of every use of one, which
the tier check (tests/support/tiers.py) reads.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
import weakref
from pathlib import Path

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url

from piiri.db import migrate
from piiri.settings import normalise_database_url
from tests.support.processes import ProcessError

# Set by `make test`'s PostgreSQL pass: an administrative connection to a PostgreSQL server on
# which the session creates its own databases (piiri_test_<random>_<n>) and drops them at the end.
POSTGRES_ADMIN_ENV = "PIIRI_TEST_POSTGRES"


class Databases:
    """One empty database per test directory: a SQLite file, or a private PostgreSQL database.

    With ``PIIRI_TEST_POSTGRES`` set (an admin URL such as
    ``postgresql://postgres@127.0.0.1:5432/test``) every database is created on that server
    under this session's random prefix, so concurrent runs never share one, and all of them are
    dropped when the session ends. Asking twice for one directory gives the same database.
    """

    def __init__(self, admin_url: str | None) -> None:
        self.admin_url = admin_url
        self.prefix = f"piiri_test_{secrets.token_hex(4)}"
        self._urls: dict[Path, str] = {}
        self._created: list[str] = []

    @property
    def kind(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    def url(self, directory: Path) -> str:
        usage.asked += 1
        if directory in self._urls:
            return self._urls[directory]
        if self.admin_url is None:
            url = f"sqlite:///{directory / 'piiri.db'}"
        else:
            name = f"{self.prefix}_{len(self._created)}"
            self._admin(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            admin = make_url(normalise_database_url(self.admin_url))
            url = admin.set(database=name).render_as_string(hide_password=False)
        self._urls[directory] = url
        return url

    def drop_all(self) -> None:
        while self._created:
            self._admin(f'DROP DATABASE IF EXISTS "{self._created.pop()}" WITH (FORCE)')
        self._urls.clear()

    def _admin(self, statement: str) -> None:
        assert self.admin_url is not None
        url = make_url(normalise_database_url(self.admin_url)).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        try:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as connection:
                connection.execute(statement.encode())
        except psycopg.OperationalError as error:
            raise ProcessError(
                f"PostgreSQL at {POSTGRES_ADMIN_ENV}={self.admin_url} did not answer: {error}"
            ) from error


class Usage:
    """How often, in this process, a test asked for a database and an engine connected.

    Every engine that connected is remembered (weakly) so that it can be disposed after each
    test: tests may read through an app's engine after its lifespan ended, and a pooled
    PostgreSQL connection left to the garbage collector warns (ResourceWarning) in whichever
    test happens to run then.
    """

    def __init__(self) -> None:
        self.asked = 0
        self.connected = 0
        self.engines: weakref.WeakSet[Engine] = weakref.WeakSet()

    def total(self) -> int:
        return self.asked + self.connected

    def dispose_engines(self) -> None:
        for engine in list(self.engines):
            engine.dispose()
        self.engines.clear()


usage = Usage()
test_databases = Databases(os.environ.get(POSTGRES_ADMIN_ENV) or None)


@event.listens_for(Engine, "engine_connect")
def _count_connection(connection: Connection) -> None:
    usage.connected += 1
    usage.engines.add(connection.engine)


def database_url(directory: Path) -> str:
    """The test database for ``directory`` (created empty on first use; migrate it yourself)."""
    return test_databases.url(directory)


_migrated_sqlite: list[Path] = []


def upgrade(url: str) -> None:
    """``piiri.db.migrate.upgrade``, the same result, faster for a new SQLite database: the file
    starts as a copy of one this process migrated once (about 10 ms instead of 170), and the
    migrations then find it at their head. Tests of the migrations themselves use the real one
    from an empty database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        target = Path(parsed.database)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(_sqlite_template(), target)
    migrate.upgrade(url)


def _sqlite_template() -> Path:
    if not _migrated_sqlite:
        directory = Path(tempfile.mkdtemp(prefix="piiri-schema-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        template = directory / "piiri.db"
        migrate.upgrade(f"sqlite:///{template}")
        _migrated_sqlite.append(template)
    return _migrated_sqlite[0]
