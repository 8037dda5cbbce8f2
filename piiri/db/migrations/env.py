"""Alembic environment: the URL comes from Piiri's settings (or the caller's Config)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import piiri.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from piiri.db.engine import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url")
if not url:
    from piiri.settings import Settings

    url = Settings.from_environ().database_url

engine = make_engine(url)
with engine.connect() as connection:
    if url.startswith("sqlite"):
        # A batch migration rebuilds a table: copy, drop, rename. With foreign keys enforced
        # (piiri/db/engine.py turns them on), dropping a table that others refer to fails, so
        # they are off while migrating (Alembic's docs, "Dealing with Referencing Tables").
        # pysqlite runs a PRAGMA outside any transaction; the commit ends SQLAlchemy's own.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
