"""The `piiri` command, run as a real process the way a person runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import inspect
from starlette.datastructures import Secret

from piiri.db.engine import make_engine
from piiri.web.app import create_app
from tests.support.app import make_settings
from tests.support.databases import database_url
from tests.support.form_client import FormClient
from tests.support.live import text_of

# Every test runs a `piiri` command, a process of its own, on a test database.
pytestmark = [pytest.mark.db, pytest.mark.multiprocess]

ROOT = Path(__file__).resolve().parent.parent
SECRET = "cli-test-secret-key-not-for-production"
# Every variable Settings reads; each run starts from none of them, then sets its own.
SETTINGS_VARIABLES = (
    "PIIRI_ENV",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_ORIGINS",
    "HOST",
    "PORT",
    "PUBLIC_URL",
    "DEFAULT_LANGUAGE",
)


def piiri(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m piiri ARGS` with a clean environment plus ``env``."""
    environment = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    environment.update({"SECRET_KEY": SECRET, **env})
    return subprocess.run(
        [sys.executable, "-m", "piiri", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def database(tmp_path: Path) -> str:
    return database_url(tmp_path)


def demo(tmp_path: Path, **env: str) -> dict[str, Any]:
    result = piiri("demo", "--json", DATABASE_URL=database(tmp_path), **env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout  # one JSON object, nothing else on stdout
    document: dict[str, Any] = json.loads(lines[0])
    return document


def test_demo_prints_one_json_object_with_local_links(tmp_path: Path) -> None:
    document = demo(tmp_path, PORT="8123")
    assert set(document) == {"facilitator_url", "join_url", "screen_url", "code", "activities"}
    for key in ("facilitator_url", "join_url", "screen_url"):
        assert document[key].startswith("http://127.0.0.1:8123/"), document[key]
    assert document["join_url"] == f"http://127.0.0.1:8123/j/{document['code']}"
    assert document["code"].isdigit()
    assert document["activities"] == [
        {"kind": "round_robin", "title": "Check-in: what brings you here today?"},
        {"kind": "dot_vote", "title": "Which ideas should get funding first?"},
        {"kind": "breakout", "title": "Small groups: what would make this neighbourhood better?"},
        {"kind": "interview", "title": "Appreciative interviews in pairs"},
        {"kind": "questions", "title": "Questions for the experts"},
        {"kind": "idea_wall", "title": "Idea wall"},
        {"kind": "gradients", "title": "Testing our recommendation"},
        {"kind": "participatory_budget", "title": "How should we spend 100,000 euros?"},
        {"kind": "cafe", "title": "Café: the library of the future"},
        {"kind": "crowd_sourcing", "title": "25/10 crowd sourcing"},
    ]

    # The links work in a server over the same database.
    settings = make_settings(tmp_path, database_url=database(tmp_path), secret_key=Secret(SECRET))
    app = create_app(settings)
    with FormClient(app) as client:
        link = urlsplit(document["facilitator_url"])
        page = client.get(f"{link.path}?{link.query}")
        assert page.status_code == 200  # a page with a button: opening the link spends nothing
        login = client.post(link.path, data={"next": parse_qs(link.query)["next"][0]})
        # The one-time link lands on the demo workshop's console, with the vote on the agenda.
        assert re.fullmatch(r"/facilitator/workshops/\d+", login.url.path)
        assert "Demo: the neighbourhood budget" in login.text
        assert "Which ideas should get funding first?" in text_of(login.text)
        assert "Check-in: what brings you here today?" in text_of(login.text)
        assert "Appreciative interviews in pairs" in text_of(login.text)
        join = client.get(urlsplit(document["join_url"]).path)
        assert join.status_code == 200
        assert "Demo: the neighbourhood budget" in join.text
        screen = client.get(urlsplit(document["screen_url"]).path)
        assert screen.status_code == 200
        assert document["code"] in text_of(screen.text)


def test_demo_links_reach_a_server_listening_on_every_address(tmp_path: Path) -> None:
    for host, base in (
        ("0.0.0.0", "http://127.0.0.1:8123/"),
        ("::", "http://127.0.0.1:8123/"),
        ("::1", "http://[::1]:8123/"),
        ("192.168.1.20", "http://192.168.1.20:8123/"),
    ):
        document = demo(tmp_path, HOST=host, PORT="8123")
        for key in ("facilitator_url", "join_url", "screen_url"):
            assert document[key].startswith(base), (host, document[key])


def test_demo_links_use_the_public_url(tmp_path: Path) -> None:
    document = demo(tmp_path, PORT="8123", PUBLIC_URL="https://piiri.example.org/")
    for key in ("facilitator_url", "join_url", "screen_url"):
        assert document[key].startswith("https://piiri.example.org/"), document[key]
    assert "//login" not in document["facilitator_url"].removeprefix("https://")


def test_demo_twice_reuses_the_demo_facilitator(tmp_path: Path) -> None:
    first, second = demo(tmp_path), demo(tmp_path)
    assert first["code"] != second["code"]
    assert first["facilitator_url"] != second["facilitator_url"]


def test_create_facilitator_then_log_in(tmp_path: Path) -> None:
    url = database(tmp_path)
    password = "correct horse battery"
    result = piiri(
        "create-facilitator",
        "--email",
        "Aino@Example.org",
        "--password",
        password,
        DATABASE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    assert "aino@example.org" in result.stdout

    again = piiri(
        "create-facilitator",
        "--email",
        "aino@example.org",
        "--password",
        password,
        DATABASE_URL=url,
    )
    assert again.returncode == 1
    assert "There is already an account for aino@example.org." in again.stderr
    short = piiri(
        "create-facilitator", "--email", "b@example.org", "--password", "short", DATABASE_URL=url
    )
    assert short.returncode == 1
    assert "A password needs at least 10 characters." in short.stderr

    app = create_app(make_settings(tmp_path, database_url=url))
    with FormClient(app) as client:
        response = client.post("/login", data={"email": "aino@example.org", "password": password})
        assert response.status_code == 200
        assert response.url.path == "/facilitator/"
        wrong = client.post("/login", data={"email": "b@example.org", "password": "short"})
        assert wrong.status_code == 400


def test_migrate_twice_is_fine(tmp_path: Path) -> None:
    for _ in range(2):
        result = piiri("migrate", DATABASE_URL=database(tmp_path))
        assert result.returncode == 0, result.stderr
        assert "piiri: the database is up to date" in result.stdout
    engine = make_engine(database(tmp_path))
    try:
        assert inspect(engine).has_table("event")
    finally:
        engine.dispose()
