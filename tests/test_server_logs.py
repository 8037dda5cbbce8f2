"""A real `piiri serve` process: what it logs, and how `piiri demo` finds it.

- A quiet socket session (opened, nothing sent, closed) writes at most one line, and no line
  carries a login or screen token, though both went through the server.
- LOG_FORMAT=json writes nothing but JSON objects, one a line.
- `piiri demo` run beside a server started on another port prints links to that port, and says
  so; `piiri demo --login` and `piiri login-link` give fresh one-time links to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from websockets.sync.client import connect

from tests.support.databases import database_url
from tests.support.form_client import token_in
from tests.support.processes import ROOT, PiiriFactory, PiiriProcess, migrate

SECRET_KEY = "server-logs-test-secret-key-not-for-production"
pytestmark = pytest.mark.multiprocess


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": database_url(tmp_path),
        "SECRET_KEY": SECRET_KEY,
        "REDIS_URL": "",
        "PUBLIC_URL": "",
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
        **extra,
    }


def piiri(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m piiri ARGS` beside the server: its environment without HOST and PORT."""
    clean = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT", "PUBLIC_URL")}
    return subprocess.run(
        [sys.executable, "-m", "piiri", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def demo_json(env: Mapping[str, str], *args: str) -> tuple[dict[str, Any], str]:
    result = piiri(env, "demo", "--json", *args)
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document, result.stderr


def log_in_by_link(http: httpx.Client, url: str) -> httpx.Response:
    """Open a one-time login link and press its button, as a person does: the GET spends
    nothing (a link preview must not), the form's POST logs in (docs/security.md)."""
    page = http.get(url)
    if page.status_code != 200:
        return page
    return http.post(url, data={"csrf": token_in(page.text)})


def quiet_screen_session(server: PiiriProcess, screen_url: str) -> None:
    """Open the room screen's socket, take its first view, and close it."""
    token = screen_url.rsplit("/", 1)[1]
    with connect(f"ws://127.0.0.1:{server.port}/ws/screen/{token}", open_timeout=10) as socket:
        assert "screen-activity" in str(socket.recv(timeout=10))


def lines_after(server: PiiriProcess, start: int, settle: float = 1.0) -> list[str]:
    time.sleep(settle)  # the session's line is written as the server sees the close
    return server.log()[start:].splitlines()


def test_demo_finds_the_server_and_a_socket_session_writes_one_line(
    tmp_path: Path, piiri_process: PiiriFactory
) -> None:
    env = environment(tmp_path)
    migrate(env)
    server = piiri_process(env)  # on a free port: not PORT's default 8000
    assert server.port != 8000

    links, said = demo_json(env)
    base = f"http://127.0.0.1:{server.port}"
    for key in ("facilitator_url", "join_url", "screen_url"):
        assert links[key].startswith(f"{base}/"), links[key]
    assert f"links point at {base}: the server of this database runs there" in said
    assert f"pid {server.pid}" in said

    start = len(server.log())
    quiet_screen_session(server, links["screen_url"])
    with httpx.Client(trust_env=False, timeout=10) as http:
        login = log_in_by_link(http, links["facilitator_url"])
        assert login.status_code == 303  # logged in and sent to the console
        assert http.get(links["screen_url"]).status_code == 200
    lines = lines_after(server, start)

    sessions = [line for line in lines if "socket session" in line]
    assert len(sessions) == 1, lines
    assert "screen" in sessions[0] and "workshop" in sessions[0]
    assert not [line for line in lines if '"WebSocket' in line], lines
    login_token = links["facilitator_url"].split("/login/", 1)[1].split("?")[0]
    screen_token = links["screen_url"].rsplit("/", 1)[1]
    everything = server.log()
    assert login_token not in everything and screen_token not in everything
    assert "/login/[redacted]" in everything and "/screen/[redacted]" in everything

    # The demo account can be entered again, into the same workshop, through this server.
    again, said = demo_json(env, "--login")
    assert again["join_url"] == links["join_url"]
    assert again["facilitator_url"].startswith(f"{base}/login/")
    assert again["facilitator_url"] != links["facilitator_url"]
    with httpx.Client(trust_env=False, timeout=10) as http:
        assert log_in_by_link(http, again["facilitator_url"]).status_code == 303
        assert log_in_by_link(http, links["facilitator_url"]).status_code != 303  # used up
    link = piiri(env, "login-link", "--email", "demo@piiri.invalid")
    assert link.returncode == 0, link.stderr
    assert link.stdout.strip().startswith(f"{base}/login/")

    server.stop()
    _, said = demo_json(env, "--login")
    assert "no running server of this database was found" in said


def test_login_link_for_an_unknown_address_says_so_in_the_workshop_language(
    tmp_path: Path,
) -> None:
    env = environment(tmp_path, DEFAULT_LANGUAGE="fi")
    result = piiri(env, "login-link", "--email", "nobody@example.org")
    assert result.returncode == 1
    assert "Osoitteelle nobody@example.org ei ole fasilitaattorin tiliä." in result.stderr
    result = piiri(env, "demo", "--login")
    assert result.returncode == 1
    assert "piiri demo" in result.stderr and "Demotyöpajaa" in result.stderr


def test_json_log_lines(tmp_path: Path, piiri_process: PiiriFactory) -> None:
    env = environment(tmp_path, LOG_FORMAT="json")
    migrate(env)
    server = piiri_process(env)
    links, _ = demo_json(env)
    quiet_screen_session(server, links["screen_url"])
    lines = lines_after(server, 0)
    records = [json.loads(line) for line in lines if line.strip()]
    assert records and all({"time", "level", "logger", "message"} <= set(r) for r in records)
    (session,) = [r for r in records if r["message"].startswith("socket session")]
    assert session["role"] == "screen" and session["close_code"] in (1000, 1005)
    assert isinstance(session["workshop"], int) and session["seconds"] >= 0
