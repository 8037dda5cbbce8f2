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
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
