"""The real server, as uvicorn runs it: handshake and message limits on the wire."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx2 as httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.databases import database_url
from tests.support.form_client import HEALTH_HEADERS, HEALTH_TOKEN, token_in
from tests.support.processes import ROOT, PiiriFactory, PiiriProcess, migrate

pytestmark = pytest.mark.multiprocess


@pytest.fixture(scope="module")
def server(
    piiri_process: PiiriFactory, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[PiiriProcess, dict[str, str]]]:
    database = database_url(tmp_path_factory.mktemp("server"))
    env = {
        "DATABASE_URL": database,
        "SECRET_KEY": "s" * 48,
        "REDIS_URL": "",
        "HEALTH_TOKEN": HEALTH_TOKEN,
    }
    migrate(env)
    process = piiri_process(env)
    yield process, env
    process.stop()


def demo_code(env: dict[str, str], process: PiiriProcess) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "demo", "--json"],
        env={**os.environ, **env, "PUBLIC_URL": process.base_url},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    code: str = json.loads(result.stdout)["code"]
    return code


def joined_cookie(process: PiiriProcess, code: str) -> str:
    with httpx.Client(base_url=process.base_url, follow_redirects=True) as http:
        form = http.get(f"/j/{code}").text
        page = http.post(
            f"/j/{code}", data={"name": "", "presence": "remote", "csrf": token_in(form)}
        )
        assert urlsplit(str(page.url)).path == f"/w/{code}"
        cookie = http.cookies.get("piiri")
    assert cookie
    return cookie


def test_sockets_refuse_compression_foreign_origins_and_huge_messages(
    server: tuple[PiiriProcess, dict[str, str]],
) -> None:
    process, env = server
    code = demo_code(env, process)
    cookie = joined_cookie(process, code)
    url = process.base_url.replace("http://", "ws://") + f"/ws/w/{code}"

    async def scenario() -> None:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(
                url,
                additional_headers={"Cookie": f"piiri={cookie}"},
                origin="http://evil.example",  # type: ignore[arg-type]
            ):
                pass
        assert refused.value.response.status_code == 403

        # The client offers permessage-deflate (the websockets default); the server declines.
        async with connect(
            url,
            additional_headers={"Cookie": f"piiri={cookie}"},
            origin=process.base_url,  # type: ignore[arg-type]
            max_size=2**22,
        ) as socket:
            assert socket.response is not None
            assert socket.response.headers.get("Sec-WebSocket-Extensions") is None
            first = await asyncio.wait_for(socket.recv(), 5)
            assert 'id="phone-activity"' in str(first)

            # Over the app's limit: a message the person can read, and the socket lives on.
            await socket.send(json.dumps({"command": "cast_dot", "label": "x" * 20_000}))
            notice = ""
            while "notice" not in notice:
                notice = str(await asyncio.wait_for(socket.recv(), 5))
            assert "That message was too long." in notice

            # Far over it: uvicorn closes the socket (1009, message too big) before parsing.
            await socket.send("x" * 200_000)
            with pytest.raises(ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(socket.recv(), 5)
            assert closed.value.rcvd is not None
            assert closed.value.rcvd.code == 1009

    asyncio.run(scenario())


def test_healthz_reports_the_database_and_the_in_process_broker(
    server: tuple[PiiriProcess, dict[str, str]],
) -> None:
    process, _ = server
    health = httpx.get(f"{process.base_url}/healthz", headers=HEALTH_HEADERS).json()
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert health["broker"] == {"kind": "in-process", "state": "ok"}
