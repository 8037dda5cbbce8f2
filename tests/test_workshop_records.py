"""Creating a workshop's rows: its title is cleaned by the same function as every other title."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiri.db.accounts import create_facilitator
from piiri.db.engine import make_engine, session_scope
from piiri.db.workshops import MAX_TITLE_LENGTH, create_workshop
from piiri.domain.vocabulary import DomainError
from tests.support.databases import database_url, upgrade

pytestmark = pytest.mark.db  # workshop rows on a migrated test database


def new_workshop(tmp_path: Path, title: str) -> str:
    url = database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            owner = create_facilitator(session=session, email="f@example.org", password="x" * 12)
            assert owner.id is not None
            workshop = create_workshop(
                session=session, owner_id=owner.id, title=title, language="en"
            )
            return workshop.title
    finally:
        engine.dispose()


def test_a_workshop_title_has_its_spaces_collapsed(tmp_path: Path) -> None:
    assert new_workshop(tmp_path, "  Spring \t planning\n day ") == "Spring planning day"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (" \n ", "A workshop needs a title."),
        ("t" * (MAX_TITLE_LENGTH + 1), "This can be at most {limit} characters long."),
    ],
)
def test_an_empty_or_long_workshop_title_is_refused(
    tmp_path: Path, title: str, message: str
) -> None:
    with pytest.raises(DomainError) as refused:
        new_workshop(tmp_path, title)
    assert refused.value.message == message
