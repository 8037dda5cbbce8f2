"""The floor: a bare `websockets` broadcast server sending the bytes Piiri sends.

Every socket is in the room named by the last segment of its path. A command from a socket
moves that room's seq on by one and broadcasts the board (Piiri's own phone fragment, captured in
the same run, with the new ``data-seq``) to everyone in the room, then sends the sender a personal
fragment with its dots left, the way Piiri answers a vote. No database, no templates, no
coalescing: the least work that delivers the same bytes.

A switch (next or previous activity) or the forming of breakout groups broadcasts the switch
frame Piiri sent in the same run (the activity it shows alternating, so a phone sees it change)
and then the own region Piiri sent with it, the same bytes to every phone.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from http import HTTPStatus
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.http11 import Request, Response

from tests.support.processes import HOST

SEQ = re.compile(rb'data-seq="\d+"')
SHOWN = re.compile(rb'data-activity="\d+"')
SWITCHES = ("next_activity", "previous_activity", "start_activity", "form_groups")
PERSONAL = (
    '<section id="phone-personal" data-seq="{seq}"><p id="dots-left">You have {left} dots left.</p>'
    '<input type="hidden" name="activity" value="1"><input type="hidden" name="option" value="o1">'
    "</section>"
)
BUDGET = 3


class Floor:
    def __init__(self, board: bytes, switch: bytes = b"", personal: bytes = b"") -> None:
        self.board = board
        self.switch = switch or board
        self.personal = personal
        self.rooms: dict[str, set[ServerConnection]] = defaultdict(set)
        self.seqs: dict[str, int] = defaultdict(int)
        self.switches: dict[str, int] = defaultdict(int)

    def frame(self, room: str, board: bytes | None = None) -> bytes:
        shown = f'data-activity="{self.switches[room] % 2 + 1}"'.encode()
        frame = SHOWN.sub(shown, board or self.board, count=1)
        return SEQ.sub(f'data-seq="{self.seqs[room]}"'.encode(), frame, count=1)

    def switched(self, room: str) -> None:
        """Another activity (or new groups): the switch frame, then the own region, to all."""
        self.switches[room] += 1
        self.seqs[room] += 1
        members = self.rooms[room]
        broadcast(members, self.frame(room, self.switch), text=True)
        if self.personal:
            seq = f'data-seq="{self.seqs[room]}"'.encode()
            broadcast(members, SEQ.sub(seq, self.personal, count=1), text=True)

    async def handler(self, connection: ServerConnection) -> None:
        room = connection.request.path.rstrip("/").rsplit("/", 1)[-1] if connection.request else ""
        members = self.rooms[room]
        members.add(connection)
        left = BUDGET
        try:
            await connection.send(self.frame(room), text=True)
            await connection.send(PERSONAL.format(seq=self.seqs[room], left=left))
            async for message in connection:
                command = json.loads(message).get("command")
                if command in SWITCHES:
                    self.switched(room)
                    continue
                if command not in ("cast_dot", "remove_dot"):
                    continue
                left += -1 if command == "cast_dot" else 1
                self.seqs[room] += 1
                broadcast(members, self.frame(room), text=True)
                await connection.send(PERSONAL.format(seq=self.seqs[room], left=left))
        finally:
            members.discard(connection)


def health(connection: ServerConnection, request: Request) -> Response | None:
    if request.path == "/healthz":
        return connection.respond(HTTPStatus.OK, "ok\n")
    return None


async def main(port: int, board: bytes, switch: bytes, personal: bytes) -> None:
    floor = Floor(board, switch, personal)
    async with serve(
        floor.handler,
        HOST,
        port,
        process_request=health,
        compression=None,
        max_size=64 * 1024,
        ping_interval=None,
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("board", type=Path, help="a file with the board fragment to broadcast")
    parser.add_argument("--switch", type=Path, help="the frame a switch sends every phone")
    parser.add_argument("--personal", type=Path, help="the own region sent after a switch")
    args = parser.parse_args()
    switch = args.switch.read_bytes() if args.switch else b""
    personal = args.personal.read_bytes() if args.personal else b""
    import uvloop  # uvicorn[standard] brings it; Piiri's server runs on it too

    uvloop.run(main(args.port, args.board.read_bytes(), switch, personal))
