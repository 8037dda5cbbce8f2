"""Migration 0007 (the plan's texts in other languages) on the test database, SQLite or
PostgreSQL as the run gives (tests/support/databases.py): plans and groups written at 0006 come
up unchanged with no versions in other languages, the migrated schema is exactly the models',
and it goes down to 0006 and up again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import Session, SQLModel

import piiri.db.models  # noqa: F401  (the tables the schema is compared with)
from piiri.db.engine import make_engine
from piiri.db.migrate import alembic_config, upgrade
from piiri.db.models import ProcessPlan, StakeholderGroup, WorkshopPlan
from piiri.db.plan_texts import group_name, local_text
from tests.support.app import make_settings

pytestmark = pytest.mark.db  # migrations on the test database (SQLite, or PostgreSQL)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ROWS = (
    "INSERT INTO facilitator (id, email, name, password_hash, created_at, session_version) "
    "VALUES (1, 'f@example.org', '', 'x', :now, 0)",
    "INSERT INTO workshop (id, title, language, code, owner_id, closed, time_zone, created_at) "
    "VALUES (1, 'Istunto', 'fi', '123456', 1, false, 'Europe/Helsinki', :now)",
    "INSERT INTO process (id, owner_id, title, created_at) VALUES (1, 1, 'Raati', :now)",
    "INSERT INTO workshopplan (workshop_id, process_id, process_position, purpose, decision, "
    "decider, iap2_level, promise, goals_organisation, goals_participants, accessibility, "
    "duration_minutes, place, next_steps, join_questions, published_summary, what_we_did, "
    "published) VALUES (1, 1, 0, 'p', '', '', '', 'Lupaus', '', '', '[]', 120, '', '', '[]', "
    "'', '', false)",
    "INSERT INTO processplan (process_id, purpose, decision, decider, iap2_level, promise, "
    "goals_organisation, goals_participants, accessibility, next_steps) "
    "VALUES (1, 'Raadin tarkoitus', '', '', '', '', '', '', '[]', '')",
    "INSERT INTO stakeholdergroup (workshop_id, name, target) VALUES (1, 'Nuoret', 5)",
)


def as_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def test_plan_translations_migrate_up_and_down(tmp_path: Path) -> None:
    url = make_settings(tmp_path).database_url
    command.upgrade(alembic_config(url), "0006_processes")
    engine = make_engine(url)
    with engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(row), {"now": NOW})
    engine.dispose()

    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        for table in ("workshopplan", "processplan", "stakeholdergroup"):
            (stored,) = connection.execute(text(f"SELECT translations FROM {table}")).one()
            assert as_json(stored) == {}, table
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    with Session(engine) as session:
        plan = session.get(WorkshopPlan, 1)
        assert plan is not None and local_text(plan, "promise").in_language("sv") == "Lupaus"
        held = session.get(ProcessPlan, 1)
        assert held is not None and local_text(held, "purpose").text == "Raadin tarkoitus"
        group = session.get(StakeholderGroup, 1)
        assert group is not None and group_name(group).in_language("sv") == "Nuoret"
        plan.translations = {"promise": {"sv": "Löfte"}}
        session.add(plan)
        session.commit()
        session.refresh(plan)
        assert local_text(plan, "promise").in_language("sv") == "Löfte"
    engine.dispose()

    command.downgrade(alembic_config(url), "0006_processes")
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT promise FROM workshopplan")).all() == [("Lupaus",)]
        assert connection.execute(text("SELECT name FROM stakeholdergroup")).all() == [("Nuoret",)]
    engine.dispose()
    upgrade(url)  # and up again
    engine = make_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
    engine.dispose()
