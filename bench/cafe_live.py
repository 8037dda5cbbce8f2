"""``python -m bench.cafe_live``: 300 phones over real sockets at a café of 60 tables; from the
facilitator's "seat everyone for round 1" to each phone's frame saying where to go, against the
floor in the same run.

One ``piiri serve`` process (SQLite), a facilitator's console socket and 300 joined phones (one in
three remote, as bench.client joins them), all driven from this process (bench/client.py's
sockets). The café has 40 room tables and 20 remote ones of 6 seats, three rounds. The clock
starts when the console sends ``start_round`` and stops, per phone, at the first frame of its own
region that says where to go (``id="cafe-where"``): the decision (the seating of everyone over
three rounds, every tenth room table hosted), the commit, the fan-out and the socket. The floor
(bench/floor.py, the bare broadcast server) then gets the same 300 phones and broadcasts the
largest such frame to them all when one socket sends a command: the same bytes with no rules,
no database and no rendering.
Target: every phone within a second. Prints a table, then one ``BENCH_CAFE_LIVE {json}`` line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

from bench.client import Client, form_token, join, open_socket
from bench.rooms import create_rooms
from bench.run import BENCH_LIMITS, SECRET_KEY, percentile
from bench.servers import STARTUP_TIMEOUT, FloorServer, raise_file_limit
from tests.support.processes import PiiriProcess, migrate

TARGET_SECONDS = 1.0
WHERE = b'id="cafe-where"'
HOST_OPTION = re.compile(rb'<option value="(\d+)">Phone \d+ \(in the room\)</option>')
TIMEOUT = 60.0


class Phone(Client):
    """A phone that notes when it is first told where to go after ``mark``."""

    mark: float = 0.0
    told: float | None = None
    told_frame: bytes = b""
    hosts_form: bytes = b""  # the console's, to choose hosts from

    def on_frame(self, data: bytes) -> None:
        super().on_frame(data)
        self.first_view.set()  # the floor's first frame is the phone's own region
        if b'id="cafe-host-who"' in data:
            self.hosts_form = data
        if self.mark and self.told is None and WHERE in data:
            self.told = time.monotonic()
            self.told_frame = data


def add_cafe(base_url: str, cookie: str, workshop_id: int, tables: int) -> int:
    """The café on the workshop's agenda through the console's add form; its activity id."""
    remote = tables // 3
    headers = {"Origin": base_url, "Accept-Language": "en"}
    console_path = f"/facilitator/workshops/{workshop_id}"
    with httpx.Client(
        base_url=base_url, timeout=30.0, trust_env=False, cookies={"piiri": cookie}
    ) as http:
        page = http.get(console_path, headers=headers)
        page.raise_for_status()
        response = http.post(
            f"{console_path}/activities",
            data={
                "kind": "cafe",
                "title": "Café",
                "template": "cafe",
                "table_count": str(tables - remote),
                "seats": "6",
                "call_links": "\n".join(f"https://call.example/{n}" for n in range(remote)),
                "rounds": "What works?\nWhat should change?\nWhat do we do first?",
                "minutes": "20",
                "recorder": "host",
                "seating": "separate",
                "csrf": form_token(page.text),
            },
            headers=headers,
            follow_redirects=True,
        )
        response.raise_for_status()
        console = http.get(console_path, headers=headers).text
        ids = [int(i) for i in re.findall(r'name="activity" value="(\d+)"', console)]
    if not ids or "Café" not in console:
        raise RuntimeError(f"the café was not added: {response.url} {response.text[:300]}")
    return max(ids)


async def connect_all(clients: list[Phone], joining: bool) -> None:
    """Each phone joins (with its own cookie jar: another person) and opens its socket."""
    gate = asyncio.Semaphore(16)

    async def one(client: Phone) -> None:
        async with gate:
            if joining and client.role == "participant":
                async with httpx.AsyncClient(timeout=TIMEOUT, trust_env=False) as http:
                    await join(http, client, f"Phone {client.index}")
            await open_socket(client)
            await asyncio.wait_for(client.first_view.wait(), TIMEOUT)

    await asyncio.gather(*(one(c) for c in clients))


async def wait_told(phones: list[Phone]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while any(p.told is None for p in phones) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


def latencies(phones: list[Phone], start: float) -> dict[str, Any]:
    told = [p.told - start for p in phones if p.told is not None]
    return {
        "told": len(told),
        "p50_ms": round(percentile(told, 50) * 1000, 1),
        "p95_ms": round(percentile(told, 95) * 1000, 1),
        "max_ms": round(max(told) * 1000, 1) if told else None,
    }


async def piiri_run(
    server: PiiriProcess, cookie: str, room: Any, activity: int, people: int, tables: int
) -> tuple[dict[str, Any], bytes]:
    base = server.base_url
    console = Phone(0, "facilitator", room.code, base, f"/ws/facilitator/{room.workshop_id}")
    console.cookie = cookie
    phones = [
        Phone(i, "participant", room.code, base, f"/ws/w/{room.code}") for i in range(1, people + 1)
    ]
    await connect_all([console, *phones], True)
    assert console.wire is not None
    console.wire.send(console.command({"command": "start_activity", "activity": str(activity)}))
    await asyncio.sleep(2.0)  # every phone shows the café, waiting to be seated
    # Every tenth room table hosted (by in-room people), as in bench.cafe's room.
    in_room = HOST_OPTION.findall(console.hosts_form)
    room_tables = tables - tables // 3
    for n, host in zip(range(1, room_tables + 1, 10), in_room, strict=False):
        values = {"command": "set_host", "activity": str(activity), "table": f"t{n}"}
        console.wire.send(console.command({**values, "host": host.decode()}))
    await asyncio.sleep(1.0)
    for phone in phones:
        phone.mark = 1.0
    start = time.monotonic()
    console.wire.send(console.command({"command": "start_round", "activity": str(activity)}))
    await wait_told(phones)
    figures = latencies(phones, start)
    figures["hosts"] = sum(1 for p in phones if b"cafe-host-note" in p.told_frame)
    frame = max((p.told_frame for p in phones), key=len, default=b"")
    for client in (console, *phones):
        if client.wire is not None:
            client.wire.close()
    return figures, frame


async def floor_run(floor: FloorServer, people: int) -> dict[str, Any]:
    base = floor.base_url
    phones = [Phone(i, "participant", "cafe", base, "/ws/w/cafe") for i in range(people + 1)]
    await connect_all(phones, False)
    sender, listeners = phones[0], phones[1:]
    for phone in listeners:
        phone.mark = 1.0
    start = time.monotonic()
    assert sender.wire is not None
    sender.wire.send(sender.command({"command": "cast_dot", "option": "o1"}))
    await wait_told(listeners)
    figures = latencies(listeners, start)
    for phone in phones:
        if phone.wire is not None:
            phone.wire.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--tables", type=int, default=60)
    args = parser.parse_args(argv)
    raise_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="piiri-cafe-live-"))
    env = {
        "DATABASE_URL": f"sqlite:///{workdir / 'piiri.db'}",
        "SECRET_KEY": SECRET_KEY,
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
        "PUBLIC_URL": "",
        "ALLOWED_ORIGINS": "",
        "REDIS_URL": "",
        **BENCH_LIMITS,
    }
    migrate(env)
    server = PiiriProcess(env, workdir / "piiri.log")
    server.start(STARTUP_TIMEOUT)
    try:
        cookie, (room,) = create_rooms(server, env, 1)
        activity = add_cafe(server.base_url, cookie, room.workshop_id, args.tables)
        piiri, frame = asyncio.run(
            piiri_run(server, cookie, room, activity, args.people, args.tables)
        )
    finally:
        server.stop()
    board = workdir / "board.html"
    board.write_bytes(frame)
    floor = FloorServer(workdir, board)
    floor.start(STARTUP_TIMEOUT)
    try:
        bare = asyncio.run(floor_run(floor, args.people))
    finally:
        floor.stop()
    result = {
        "people": args.people,
        "tables": args.tables,
        "piiri": piiri,
        "floor": bare,
        "frame_bytes": len(frame),
        "within_target": piiri["told"] == args.people
        and piiri["max_ms"] is not None
        and piiri["max_ms"] < TARGET_SECONDS * 1000,
    }
    print(f"café round start over sockets: {args.people} phones, {args.tables} tables")
    for name in ("piiri", "floor"):
        f = result[name]
        print(
            f"  {name:<6} told {f['told']:>4}   p50 {f['p50_ms']} ms   p95 {f['p95_ms']} ms"
            f"   max {f['max_ms']} ms"
        )
    print("BENCH_CAFE_LIVE " + json.dumps(result))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
