"""The load generator: simulated phones, a facilitator and a screen, in worker processes.

Each worker is a separate process (the coordinator talks to it over a pipe, bench/workers.py)
running an asyncio loop with many clients (bench/client.py). From what every client recorded,
the coordinator finds for any vote when the last client had it.
"""

from __future__ import annotations

import asyncio
import os
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

import httpx2 as httpx

from bench.client import TIMEOUT, Client, join, open_socket
from bench.servers import raise_file_limit


class Worker:
    def __init__(self) -> None:
        self.clients: list[Client] = []

    async def setup(self, specs: list[dict[str, Any]], concurrency: int = 16) -> int:
        self.clients = [Client(**spec) for spec in specs]
        phones = [c for c in self.clients if c.role == "participant" and c.cookie is None]
        queue = list(reversed(phones))

        async def browser() -> None:
            # A browser's own cookie jar; emptied between phones, as each is another person.
            async with httpx.AsyncClient(timeout=TIMEOUT, trust_env=False) as http:
                while queue:
                    client = queue.pop()
                    http.cookies.clear()
                    await join(http, client, f"Phone {client.index}")

        await asyncio.gather(*(browser() for _ in range(concurrency)))
        return len(phones)

    async def connect(self, indexes: Iterable[int], concurrency: int = 32) -> int:
        gate = asyncio.Semaphore(concurrency)
        wanted = set(indexes)
        chosen = [c for c in self.clients if c.index in wanted and c.wire is None]

        async def one(client: Client) -> None:
            async with gate:
                await open_socket(client)
                await asyncio.wait_for(client.first_view.wait(), TIMEOUT)

        await asyncio.gather(*(one(c) for c in chosen))
        # The phone's own region follows its board; a voter needs it.
        deadline = time.monotonic() + TIMEOUT
        while any(
            c.role == "participant" and not c.slow and c.dots_left is None and not c.closed
            for c in chosen
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("phones did not get their own region")
            await asyncio.sleep(0.05)
        return len(chosen)

    async def send(self, index: int, values: dict[str, str]) -> str:
        """Send a command from a client; the notice it got back."""
        client = next(c for c in self.clients if c.index == index)
        assert client.wire is not None
        client.notice = b""
        client.wire.send(client.command(values))
        deadline = time.monotonic() + TIMEOUT
        while not client.notice:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no notice for {values}")
            await asyncio.sleep(0.01)
        return client.notice.decode()

    async def vote(
        self, rate: float, duration: float, start_at: float, only: int = 0
    ) -> dict[str, Any]:
        """Cast and take back dots at ``rate`` per second for ``duration`` seconds.

        Each phone alternates: a dot on an option, then the same dot back, so its dots left
        always change and a vote never runs out of budget. A phone votes again only after its
        own region showed the last vote. ``only``: only the first so many phones vote (0: all).
        """
        chosen = [
            c
            for c in self.clients
            if c.role == "participant" and not c.slow and c.options and not c.closed
        ]
        voters = chosen[:only] if only else chosen
        votes: list[dict[str, Any]] = []
        if not voters or rate <= 0:
            return {"votes": votes, "start": start_at, "end": start_at + duration}
        await asyncio.sleep(max(0.0, start_at - time.monotonic()))
        interval = 1.0 / rate
        next_at = time.monotonic()
        end = next_at + duration
        turn = 0
        while next_at < end:
            now = time.monotonic()
            if next_at > now:
                await asyncio.sleep(next_at - now)
            client = None
            for _ in range(len(voters)):
                candidate = voters[turn % len(voters)]
                turn += 1
                if candidate.pending is None and not candidate.closed:
                    client = candidate
                    break
            next_at += interval
            if client is None or client.wire is None:
                continue
            option = client.options[(client.votes_cast // 2) % len(client.options)]
            command = "cast_dot" if client.votes_cast % 2 == 0 else "remove_dot"
            if client.dots_left == 0:
                command = "remove_dot"
            client.votes_cast += 1
            vote: dict[str, Any] = {
                "room": client.room,
                "index": client.index,
                "left": client.dots_left,
                "sent": time.monotonic(),
                "seq": None,
                "confirmed": None,
            }
            client.pending = vote
            client.voted.clear()
            votes.append(vote)
            message = client.command(
                {"command": command, "activity": client.activity, "option": option}
            )
            client.wire.send(message)
        # Wait for the last votes to be confirmed.
        deadline = time.monotonic() + TIMEOUT
        while any(v["confirmed"] is None for v in votes) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        for client in voters:
            client.pending = None
        return {"votes": votes, "start": end - duration, "end": end}

    def timed_send(self, index: int, values: dict[str, str]) -> float:
        """Send a command from a client now, without waiting for its answer; when it was sent."""
        client = next(c for c in self.clients if c.index == index)
        assert client.wire is not None
        sent = time.monotonic()
        client.wire.send(client.command(values))
        return sent

    def shown_after(self, moments: list[float], what: str) -> list[list[float | None]]:
        """For each moment, every reading phone's delay until it showed what came after it:
        ``switch``, another activity and its own region; ``groups``, its breakout group."""
        phones = [c for c in self.clients if c.role == "participant" and not c.slow]
        result: list[list[float | None]] = []
        for moment in moments:
            delays: list[float | None] = []
            for client in phones:
                if what == "groups":
                    times = [Client.first_after(client.group_times, moment)]
                else:
                    times = [
                        Client.first_after(client.activity_times, moment),
                        Client.first_after(client.personal_times, moment),
                    ]
                known = [t for t in times if t is not None]
                delays.append(max(known) - moment if len(known) == len(times) else None)
            result.append(delays)
        return result

    def received(self) -> dict[str, Any]:
        """Bytes each phone has received so far, and board frames of the consoles and screens."""
        return {
            "phones": {c.index: c.received for c in self.clients if c.role == "participant"},
            "boards": {c.role: len(c.seqs) for c in self.clients if c.role != "participant"},
        }

    def samples(self) -> dict[str, str]:
        """The last switch frame and own region a phone was sent (for the floor to send)."""
        phones = [c for c in self.clients if c.role == "participant"]
        return {
            "board": next((c.sample for c in phones if c.sample), b"").decode(),
            "switch": next((c.switch_sample for c in phones if c.switch_sample), b"").decode(),
            "personal": next(
                (c.personal_sample for c in phones if b'id="my-group"' in c.personal_sample),
                next((c.personal_sample for c in phones if c.personal_sample), b""),
            ).decode(),
        }

    def arrivals(self, targets: list[tuple[str, int]]) -> dict[str, Any]:
        """For each (room, seq): when the last reading client of the room had it, or None."""
        by_room: dict[str, list[Client]] = {}
        for client in self.clients:
            if client.wire is not None and not client.slow:
                by_room.setdefault(client.room, []).append(client)
        result: list[tuple[float | None, int]] = []
        for room, seq in targets:
            latest: float | None = None
            missing = 0
            for client in by_room.get(room, []):
                at = client.first_at_or_after(seq)
                if at is None:
                    missing += 1
                elif latest is None or at > latest:
                    latest = at
            result.append((latest, missing))
        return {"arrivals": result}

    def counts(self, start: float, end: float) -> dict[str, Any]:
        """What reached the reading clients in [start, end]: board frames, and updates.

        An update is one vote reflected on one client: a board frame that moves a client from
        seq 10 to seq 13 delivers three (Piiri coalesces votes that arrive within a tick; the
        floor sends a frame per vote). Also all frames' bytes so far, and closed sockets.
        """
        updates = 0
        frames = 0
        for client in self.clients:
            if client.slow or not client.seqs:
                continue
            lo = bisect_left(client.times, start)
            hi = bisect_left(client.times, end)
            frames += hi - lo
            if hi > lo:
                before = client.seqs[lo - 1] if lo > 0 else client.seqs[lo]
                updates += client.seqs[hi - 1] - before
        sample = next((c.sample for c in self.clients if c.sample), b"")
        return {
            "updates": updates,
            "board_frames": frames,
            "frames": sum(c.frames for c in self.clients if not c.slow),
            "bytes": sum(c.received for c in self.clients if not c.slow),
            "closed": sum(1 for c in self.clients if c.closed),
            "slow_closed": sum(
                1 for c in self.clients if c.slow and c.wire is not None and c.wire.close_code
            ),
            "sample": sample.decode(),
        }

    async def close(self) -> None:
        for client in self.clients:
            if client.wire is not None:
                client.wire.close()
        await asyncio.sleep(0.2)  # the close frames go out
        for client in self.clients:
            client.wire = None
            client.seqs = array("q")
            client.times = array("d")
            client.frames = client.received = 0
            client.first_view = asyncio.Event()
            client.dots_left = None
            client.closed = False
            client.shown_activity = b""
            client.activity_times = array("d")
            client.personal_times = array("d")
            client.group_times = array("d")


async def serve(pipe: Connection) -> None:
    worker = Worker()
    while True:
        name, kwargs = await asyncio.to_thread(pipe.recv)
        if name == "exit":
            await worker.close()
            pipe.send(("ok", None))
            return
        try:
            method = getattr(worker, name)
            result = method(**kwargs)
            if asyncio.iscoroutine(result):
                result = await result
            pipe.send(("ok", result))
        except Exception as error:
            pipe.send(("error", f"{type(error).__name__}: {error}"))


def worker_main(pipe: Connection) -> None:
    """The entry point of a worker process."""
    raise_file_limit()
    os.environ.pop("HTTP_PROXY", None)
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(pipe))
    else:
        uvloop.run(serve(pipe))
