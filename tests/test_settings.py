"""Settings from the environment: safe defaults on a laptop, a clear refusal in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.config import Environ

from piiri.settings import Settings, SettingsError, normalise_database_url
from piiri.web.rendering import Renderer
from tests.support.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "settings-test-secret-key-not-for-production"


def settings(**values: str) -> Settings:
    return Settings.from_environ(Environ(dict(values)))


def test_production_without_a_secret_key_is_refused() -> None:
    for secret in ({}, {"SECRET_KEY": ""}):
        with pytest.raises(SettingsError, match="SECRET_KEY") as caught:
            settings(PIIRI_ENV="production", **secret)
        assert "PIIRI_ENV=production" in str(caught.value)


def test_production_with_a_secret_key(tmp_path: Path) -> None:
    found = settings(
        PIIRI_ENV="production",
        SECRET_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}",
        ALLOWED_ORIGINS="https://a.example.org/, https://b.example.org",
        PUBLIC_URL="https://piiri.example.org/",
        PORT="8123",
    )
    assert found.production
    assert str(found.secret_key) == SECRET
    assert found.allowed_origins == ("https://a.example.org", "https://b.example.org")
    assert found.public_url == "https://piiri.example.org"
    assert found.port == 8123
    assert found.redis_url is None


@pytest.mark.multiprocess  # runs `piiri serve`
def test_serve_in_production_without_a_secret_key_exits_with_the_reason() -> None:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PUBLIC_URL", "HOST")
    }
    environment.update(PIIRI_ENV="production", PORT=str(free_port()))
    # A server that does start would never exit by itself: the timeout turns that into a failure.
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "serve"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr  # a message for a person, not a crash


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        # As Heroku-style platforms hand it out: user, password, port and query kept as given.
        (
            "postgres://u:p%40ss@db.example.org:6543/piiri?sslmode=require",
            "postgresql+psycopg://u:p%40ss@db.example.org:6543/piiri?sslmode=require",
        ),
        ("sqlite:////tmp/piiri.db", "sqlite:////tmp/piiri.db"),
    ],
)
def test_database_urls_name_the_driver(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected
    assert settings(SECRET_KEY=SECRET, DATABASE_URL=given).database_url == expected


def test_an_unknown_default_language_is_refused() -> None:
    with pytest.raises(SettingsError, match="DEFAULT_LANGUAGE='xx'"):
        settings(SECRET_KEY=SECRET, DEFAULT_LANGUAGE="xx")
    assert settings(SECRET_KEY=SECRET, DEFAULT_LANGUAGE="fi").default_language == "fi"


@pytest.mark.multiprocess  # runs `piiri serve`
def test_a_port_that_is_not_a_number_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PORT"):
        settings(SECRET_KEY=SECRET, PORT="eighty")
    environment = {k: v for k, v in os.environ.items() if k not in ("HOST", "PUBLIC_URL")}
    environment.update(
        SECRET_KEY=SECRET, DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}", PORT="eighty"
    )
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "migrate"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "PORT" in result.stderr
    assert "eighty" in result.stderr
    assert "Traceback" not in result.stderr


def test_redis_cluster_is_chosen_by_a_setting(tmp_path: Path) -> None:
    from realtime.delivery import build_broker

    url = f"sqlite:///{tmp_path / 'p.db'}"
    plain = settings(SECRET_KEY=SECRET, DATABASE_URL=url, REDIS_URL="redis://h:6379/0")
    cluster = settings(
        SECRET_KEY=SECRET, DATABASE_URL=url, REDIS_URL="redis://h:7000", REDIS_CLUSTER="true"
    )
    assert not plain.redis_cluster and cluster.redis_cluster
    assert build_broker(plain).name == "redis"
    assert build_broker(cluster).name == "redis-cluster"
    lone = settings(SECRET_KEY=SECRET, DATABASE_URL=url, REDIS_CLUSTER="true")
    assert build_broker(lone).name == "in-process"  # no REDIS_URL: one process


def test_templates_are_reloaded_from_disk_in_development_only(tmp_path: Path) -> None:
    assert settings(SECRET_KEY=SECRET).reload_templates
    assert not settings(PIIRI_ENV="production", SECRET_KEY=SECRET).reload_templates
    assert not settings(SECRET_KEY=SECRET, RELOAD_TEMPLATES="false").reload_templates
    assert settings(
        PIIRI_ENV="production", SECRET_KEY=SECRET, RELOAD_TEMPLATES="true"
    ).reload_templates
    # Without reloading, a template is read once: an edit on disk is not picked up.
    (tmp_path / "probe.html").write_text("one")
    for reload, after in ((False, "one"), (True, "two")):
        (tmp_path / "probe.html").write_text("one")
        os.utime(tmp_path / "probe.html", (1, 1))
        renderer = Renderer(languages=("en",), template_dirs=[tmp_path], auto_reload=reload)
        assert renderer.render("en", "probe.html", {}) == "one"
        (tmp_path / "probe.html").write_text("two")
        assert renderer.render("en", "probe.html", {}) == after


def test_the_workshop_cache_size_is_a_setting_of_one_or_more() -> None:
    assert settings(SECRET_KEY=SECRET).workshop_cache_size == 1000
    assert settings(SECRET_KEY=SECRET, WORKSHOP_CACHE_SIZE="50").workshop_cache_size == 50
    with pytest.raises(SettingsError, match="WORKSHOP_CACHE_SIZE=0 must be 1 or more"):
        settings(SECRET_KEY=SECRET, WORKSHOP_CACHE_SIZE="0")
    with pytest.raises(ValueError, match="WORKSHOP_CACHE_SIZE"):
        settings(SECRET_KEY=SECRET, WORKSHOP_CACHE_SIZE="many")


def test_metrics_share_the_health_token_and_the_old_setting_says_so() -> None:
    assert str(settings(SECRET_KEY=SECRET, HEALTH_TOKEN="t0ken").health_token) == "t0ken"
    with pytest.raises(SettingsError, match="Rename METRICS_TOKEN to HEALTH_TOKEN"):
        settings(SECRET_KEY=SECRET, METRICS_TOKEN="t0ken")
    # Both given: HEALTH_TOKEN is the one read; the leftover does not stop the server.
    both = settings(SECRET_KEY=SECRET, METRICS_TOKEN="old", HEALTH_TOKEN="t0ken")
    assert str(both.health_token) == "t0ken"
