"""One simulated browser: its join over HTTP and its WebSocket, frame by frame.

A client speaks exactly what the browser speaks: it joins over HTTP with the join form (and gets
the signed cookie), loads its page, opens the WebSocket with the page's Origin and the cookie,
and sends the JSON that htmx 4's ``hx-ws`` sends for a form (the fields, ``cid`` added by
static/piiri.js, and htmx's ``headers``). It records when each board update arrives (the
``data-seq`` of the frame's first region: a frame carries only the regions whose content
changed, so a phone's frame may start with any of its regions), when the activity it shows
changes, and when its own region arrives.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import socket
import time
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

import httpx2 as httpx
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.protocol import State
from websockets.typing import Origin
from websockets.uri import parse_uri

# The first region of a frame says what it is: a phone's own region, a command's answer, or
# else a board (any region with a data-seq).
PHONE_BOARD = (b'<div id="phone-bar"', b'<section id="phone-activity"')
PERSONAL_START = b'<section id="phone-personal"'
SEQ = re.compile(rb'data-seq="(\d+)"')
SHOWN_ACTIVITY = re.compile(rb'id="activity-title" data-activity="(\d+)"')
MY_GROUP = b'id="my-group"'
DOTS_LEFT = re.compile(rb"You have (\d+) dots? left")
OPTION = re.compile(rb'name="option" value="([^"]+)"')
ACTIVITY = re.compile(rb'name="activity" value="(\d+)"')
NOTICE_START = b'<div id="notice"'
SLOW_RECEIVE_BUFFER = 4096  # bytes: a phone on a bad network, so that backpressure comes soon
TIMEOUT = 30.0


@dataclass(eq=False)
class Client:
    """One simulated browser: a phone, the facilitator's laptop or a room screen."""

    index: int
    role: str
    room: str
    base_url: str
    path: str
    cookie: str | None = None
    slow: bool = False
    wire: Wire | None = None
    seqs: array[int] = field(default_factory=lambda: array("q"))
    times: array[float] = field(default_factory=lambda: array("d"))
    frames: int = 0
    received: int = 0
    first_view: asyncio.Event = field(default_factory=asyncio.Event)
    sample: bytes = b""
    # The voting state of a phone.
    activity: str = ""
    options: list[str] = field(default_factory=list)
    dots_left: int | None = None
    pending: dict[str, Any] | None = None
    voted: asyncio.Event = field(default_factory=asyncio.Event)
    votes_cast: int = 0
    notice: bytes = b""
    closed: bool = False
    # Switches: when the activity shown changed, and when the own region came (any, and one
    # that shows a breakout group); the last such frames, for the floor to send.
    shown_activity: bytes = b""
    activity_times: array[float] = field(default_factory=lambda: array("d"))
    personal_times: array[float] = field(default_factory=lambda: array("d"))
    group_times: array[float] = field(default_factory=lambda: array("d"))
    switch_sample: bytes = b""
    personal_sample: bytes = b""

    def on_frame(self, data: bytes) -> None:
        now = time.monotonic()
        self.frames += 1
        self.received += len(data)
        head = data[:160]
        if head.startswith(PERSONAL_START):
            self.personal_times.append(now)
            self.personal_sample = data
            if MY_GROUP in data:
                self.group_times.append(now)
            self._on_personal(data, now)
        elif head.startswith(NOTICE_START):
            self.notice = data
        else:
            match = SEQ.search(head)
            if match:
                seq = int(match.group(1))
                if not self.seqs or seq > self.seqs[-1]:
                    self.seqs.append(seq)
                    self.times.append(now)
                if self.role == "participant" and head.startswith(PHONE_BOARD):
                    self.sample = data
                    self._on_activity(data, now)
            self.first_view.set()

    def _on_activity(self, data: bytes, now: float) -> None:
        shown = SHOWN_ACTIVITY.search(data)
        if shown is None or shown.group(1) == self.shown_activity:
            return
        if self.shown_activity:
            self.activity_times.append(now)
            self.switch_sample = data
        self.shown_activity = shown.group(1)

    def _on_personal(self, data: bytes, now: float) -> None:
        left = DOTS_LEFT.search(data)
        if left is None:
            return
        dots_left = int(left.group(1))
        if not self.options:
            self.options = [o.decode() for o in dict.fromkeys(OPTION.findall(data))]
            activity = ACTIVITY.search(data)
            self.activity = activity.group(1).decode() if activity else ""
        pending = self.pending
        if pending is not None and dots_left != pending["left"]:
            match = SEQ.search(data[:200])
            pending["seq"] = int(match.group(1)) if match else None
            pending["confirmed"] = now
            self.pending = None
            self.voted.set()
        self.dots_left = dots_left

    @staticmethod
    def first_after(times: array[float], moment: float) -> float | None:
        """The first of ``times`` at or after ``moment``."""
        i = bisect_left(times, moment)
        return times[i] if i < len(times) else None

    def first_at_or_after(self, seq: int) -> float | None:
        """When this client first had a board at ``seq`` or later."""
        i = bisect_left(self.seqs, seq)
        return self.times[i] if i < len(self.seqs) else None

    def command(self, values: dict[str, str]) -> str:
        """The JSON htmx 4's hx-ws sends for a submitted form (plus piiri.js's ``cid``)."""
        page = f"{self.base_url}/w/{self.room}"
        headers = {"HX-Request": "true", "HX-Source": "form", "HX-Current-URL": page}
        return json.dumps({**values, "cid": secrets.token_hex(12), "headers": headers})


JOIN_ATTEMPTS = 5


def form_token(page: str) -> str:
    """The CSRF token a page's forms carry, as a browser submits it (piiri/web/forms.py)."""
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("the page has no form token")
    return match.group(1)


async def join(http: httpx.AsyncClient, client: Client, name: str) -> None:
    """The join form, as a browser posts it; then the page it is sent to.

    A 503 ("busy, nothing changed", with Retry-After) is sent again after the pause it asks
    for, as a person would press the button again; a few times, then it is an error."""
    headers = {"Origin": client.base_url, "Accept-Language": "en"}
    form = await http.get(f"{client.base_url}/j/{client.room}", headers=headers)
    token = form_token(form.text)
    for attempt in range(JOIN_ATTEMPTS):
        response = await http.post(
            f"{client.base_url}/j/{client.room}",
            data={
                "name": name,
                "presence": "room" if client.index % 3 else "remote",
                "csrf": token,
            },
            headers=headers,
        )
        if response.status_code != 503 or attempt == JOIN_ATTEMPTS - 1:
            break
        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
    if response.status_code != 303:
        raise RuntimeError(f"join {client.room}: HTTP {response.status_code} {response.text[:200]}")
    cookie = response.cookies.get("piiri")
    if not cookie:
        raise RuntimeError("joining set no cookie")
    client.cookie = cookie
    page = await http.get(
        f"{client.base_url}/w/{client.room}",
        headers={"Cookie": f"piiri={cookie}", "Accept-Language": "en"},
    )
    if page.status_code != 200:
        raise RuntimeError(f"phone page: HTTP {page.status_code}")


class Wire(asyncio.Protocol):
    """One client socket: websockets' own sans-I/O protocol on an asyncio transport.

    Frames are handled as they arrive, in ``data_received``, with no task or future per message:
    the load generator must cost far less per frame than the servers it measures.
    """

    def __init__(self, client: Client, url: str, headers: dict[str, str]) -> None:
        self.client = client
        self.protocol = ClientProtocol(
            parse_uri(url), origin=Origin(client.base_url), max_size=None
        )
        self.request = self.protocol.connect()
        for name, value in headers.items():
            self.request.headers[name] = value
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.lost = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.protocol.send_request(self.request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Frame):
                if event.opcode is Opcode.TEXT:
                    self.client.on_frame(bytes(event.data))
            elif isinstance(event, Response) and not self.opened.done():
                error = self.protocol.handshake_exc
                if error is None:
                    self.opened.set_result(None)
                else:
                    self.opened.set_exception(error)
        self._flush()
        if self.client.slow and self.client.first_view.is_set() and self.transport is not None:
            # This phone stops reading: its buffers fill and the server must cope.
            self.transport.pause_reading()

    def eof_received(self) -> bool | None:
        self.protocol.receive_eof()
        return None

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed during the handshake"))
        if not self.client.slow:
            self.client.closed = True
            self.client.first_view.set()
            self.client.voted.set()

    def send(self, text: str) -> None:
        if self.protocol.state is State.OPEN:
            self.protocol.send_text(text.encode())
            self._flush()

    @property
    def close_code(self) -> int | None:
        return self.protocol.close_code

    def close(self) -> None:
        if self.transport is None:
            return
        if self.protocol.state is State.OPEN and not self.client.slow:
            self.protocol.send_close(1000)
            self._flush()
        self.transport.abort() if self.client.slow else self.transport.close()

    def _flush(self) -> None:
        if self.transport is None or self.transport.is_closing():
            return
        for chunk in self.protocol.data_to_send():
            if chunk:
                self.transport.write(chunk)


async def open_socket(client: Client) -> None:
    url = client.base_url.replace("http://", "ws://", 1) + client.path
    headers = {"Accept-Language": "en"}
    if client.cookie:
        headers["Cookie"] = f"piiri={client.cookie}"
    parts = urlsplit(client.base_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if client.slow:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SLOW_RECEIVE_BUFFER)
    sock.setblocking(False)
    loop = asyncio.get_running_loop()
    await loop.sock_connect(sock, (parts.hostname, parts.port))
    _, wire = await loop.create_connection(lambda: Wire(client, url, headers), sock=sock)
    client.wire = wire
    await asyncio.wait_for(wire.opened, TIMEOUT)
