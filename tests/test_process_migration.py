"""Migration 0006 (processes) on the test database, SQLite or PostgreSQL as the run gives
(tests/support/databases.py): a database written at 0005 with a process named in a plan comes
up with that process its owner's and every link, group and entry as before; the migrated schema
is exactly the models'; and it goes down to 0005 and up again."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import piiri.db.models  # noqa: F401  (the tables the schema is compared with)
from piiri.db.engine import make_engine
from piiri.db.migrate import alembic_config, upgrade
from tests.support.app import make_settings

pytestmark = pytest.mark.db  # migrations on the test database (SQLite, or PostgreSQL)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def test_processes_migrate_up_and_down(tmp_path: Path) -> None:
    url = make_settings(tmp_path).database_url
    command.upgrade(alembic_config(url), "0005_security")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO facilitator (id, email, name, password_hash, created_at, "
                "session_version) VALUES (1, 'f@example.org', '', 'x', :now, 0)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO workshop (id, title, language, code, owner_id, closed, time_zone, "
                "created_at) VALUES (1, 'Istunto', 'fi', '123456', 1, false, "
                "'Europe/Helsinki', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO process (id, owner_id, title, created_at) VALUES (1, 1, 'Raati', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO workshopplan (workshop_id, process_id, purpose, decision, decider, "
                "iap2_level, promise, goals_organisation, goals_participants, accessibility, "
                "duration_minutes, place, next_steps, join_questions, published_summary, "
                "what_we_did, published) VALUES (1, 1, 'p', '', '', '', '', '', '', '[]', 120, "
                "'', '', '[]', '', '', false)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO secretlink (workshop_id, purpose, token, created_at) "
                "VALUES (1, 'screen', 'an-old-screen-token', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text("INSERT INTO stakeholdergroup (workshop_id, name, target) VALUES (1, 'Nuoret', 5)")
        )
        connection.execute(
            text(
                "INSERT INTO auditentry (workshop_id, action, detail, at) "
                "VALUES (1, 'close', '', :now)"
            ),
            {"now": NOW},
        )
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(
            text("SELECT process_id, facilitator_id FROM processfacilitator")
        ).all() == [(1, 1)]
        assert connection.execute(
            text("SELECT process_id, process_position FROM workshopplan")
        ).all() == [(1, 0)]
        assert connection.execute(text("SELECT workshop_id, member_id FROM secretlink")).all() == [
            (1, None)
        ]
        assert connection.execute(
            text("SELECT workshop_id, process_id FROM stakeholdergroup")
        ).all() == [(1, None)]
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
    with engine.begin() as connection:
        # What only the new columns can hold: a process's own group, entry, member and link.
        connection.execute(
            text("INSERT INTO stakeholdergroup (process_id, name, target) VALUES (1, 'Kaikki', 9)")
        )
        connection.execute(
            text(
                "INSERT INTO auditentry (process_id, action, detail, at) "
                "VALUES (1, 'process_create', '', :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO processmember (id, process_id, name, email, position, created_at) "
                "VALUES (1, 1, 'Aino', '', 0, :now)"
            ),
            {"now": NOW},
        )
        connection.execute(
            text(
                "INSERT INTO secretlink (member_id, purpose, token, created_at) "
                "VALUES (1, 'personal', 'a-personal-token', :now)"
            ),
            {"now": NOW},
        )
    engine.dispose()

    command.downgrade(alembic_config(url), "0005_security")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT token FROM secretlink")).all() == [
            ("an-old-screen-token",)
        ]
        assert connection.execute(text("SELECT name FROM stakeholdergroup")).all() == [("Nuoret",)]
        assert connection.execute(text("SELECT action FROM auditentry")).all() == [("close",)]
    engine.dispose()
    upgrade(url)  # and up again
    engine = make_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()
