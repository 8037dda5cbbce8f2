"""``python -m bench.login_flood``: how fast a phone joins while wrong passwords flood the login.

A real ``piiri serve`` process and a demo workshop; a phone's join (the join page, the form,
the phone page, its socket and the first view on it) is timed alone, then again while 32
clients post wrong passwords as fast as they can. Password checks run on a pool of their own
(piiri/db/passwords.py), so the join should barely notice. The login limits are raised for this
run, so that every wrong password is really checked (with the defaults, the flood would be
refused unchecked after ten). Prints a small table and one ``BENCH {json}`` line.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
from websockets.asyncio.client import connect

from bench.client import form_token
from tests.support.processes import ROOT, PiiriProcess, migrate

FLOODERS = 32
JOINS = 15


async def one_join(base: str, code: str) -> float:
    """Seconds from opening the join page to the first view on the phone's socket."""
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=60.0) as http:
        page = await http.get(f"/j/{code}")
        answer = await http.post(
            f"/j/{code}",
            data={"name": "", "presence": "room", "csrf": form_token(page.text)},
            headers={"Origin": base},
        )
        assert answer.status_code == 303, answer.status_code
        await http.get(f"/w/{code}")
        cookie = http.cookies.get("piiri")
    ws_url = base.replace("http", "ws", 1) + f"/ws/w/{code}"
    async with connect(ws_url, origin=base, additional_headers={"Cookie": f"piiri={cookie}"}) as ws:  # type: ignore[arg-type]
        await ws.recv()
    return time.perf_counter() - started


async def flood(base: str, stop: asyncio.Event) -> int:
    sent = 0
    async with httpx.AsyncClient(base_url=base, trust_env=False, timeout=60.0) as http:
        token = form_token((await http.get("/login")).text)
        while not stop.is_set():
            await http.post(
                "/login",
                data={"email": "demo@piiri.invalid", "password": "wrong guess!", "csrf": token},
                headers={"Origin": base},
            )
            sent += 1
    return sent


async def measure(base: str, code: str, flooding: bool) -> dict[str, Any]:
    stop = asyncio.Event()
    flooders = [asyncio.create_task(flood(base, stop)) for _ in range(FLOODERS if flooding else 0)]
    await asyncio.sleep(1.0 if flooding else 0)
    started = time.perf_counter()
    times = [await one_join(base, code) for _ in range(JOINS)]
    elapsed = time.perf_counter() - started
    stop.set()
    attempts = sum(await asyncio.gather(*flooders))
    return {
        "median_ms": round(statistics.median(times) * 1000, 1),
        "max_ms": round(max(times) * 1000, 1),
        "wrong_passwords_per_s": round(attempts / max(elapsed, 1e-9), 1),
    }


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="piiri-login-flood-"))
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'piiri.db'}",
        "SECRET_KEY": "bench-login-flood-secret-key-of-enough-bytes",
        "REDIS_URL": "",
        "RATE_LOGIN_ACCOUNT": "1000000/minute",
        "RATE_LOGIN_ADDRESS": "1000000/minute",
    }
    migrate(env)
    demo = subprocess.run(
        [sys.executable, "-m", "piiri", "demo", "--json"],
        cwd=ROOT,
        env={**__import__("os").environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    code = json.loads(demo.stdout.strip().splitlines()[-1])["code"]
    server = PiiriProcess(env, workdir / "piiri.log")
    server.start()
    try:
        quiet = asyncio.run(measure(server.base_url, code, flooding=False))
        flooded = asyncio.run(measure(server.base_url, code, flooding=True))
    finally:
        server.stop()
    print(f"{'':12} {'median ms':>10} {'max ms':>8} {'wrong pw/s':>10}")
    for label, row in (("quiet", quiet), ("login flood", flooded)):
        rate = row["wrong_passwords_per_s"]
        print(f"{label:12} {row['median_ms']:>10} {row['max_ms']:>8} {rate:>10}")
    print("BENCH " + json.dumps({"quiet": quiet, "login_flood": flooded, "flooders": FLOODERS}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
