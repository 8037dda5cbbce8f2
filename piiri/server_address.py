"""Where the server of a database listens: recorded by `piiri serve`, read by `piiri demo`.

`piiri serve` writes ``var/servers/<database>-<pid>.json`` when it starts and removes it when it
stops. ``<database>`` is a hash of the database URL (never the URL: it may hold a password), so
a command run beside the server on the same database finds the address whatever port the
server was started with, and a test server on its own database never answers for the
developer's. A record whose process is gone (``kill -9``) is ignored and removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from piiri.settings import VAR_DIR, Settings

SERVERS_DIR = VAR_DIR / "servers"


@dataclass(frozen=True)
class ServerRecord:
    url: str  # the address links should carry (PUBLIC_URL, else where it listens)
    pid: int
    started_at: str  # ISO-8601 UTC


def local_url(host: str, port: int) -> str:
    """The address a browser on this machine uses for a server listening on ``host``.

    A server listening on every address (0.0.0.0, ::) is reached here at 127.0.0.1: browsers
    do not open http://0.0.0.0/."""
    host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}"


def _database_key(database_url: str) -> str:
    return hashlib.sha256(database_url.encode()).hexdigest()[:16]


def record_server(settings: Settings, host: str, port: int) -> Path:
    """Record this process as the server of ``settings``' database; returns the file to
    remove (``forget_server``) when it stops."""
    SERVERS_DIR.mkdir(parents=True, exist_ok=True)
    _sweep()
    record = ServerRecord(
        url=settings.public_url or local_url(host, port),
        pid=os.getpid(),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    path = SERVERS_DIR / f"{_database_key(settings.database_url)}-{record.pid}.json"
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(record.__dict__))
    partial.replace(path)  # a reader never sees half a file
    return path


def forget_server(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: it exists
    return True


def _sweep() -> None:
    """Remove the records of processes that are gone (killed, a crashed test server)."""
    for path in SERVERS_DIR.glob("*-*.json"):
        pid = path.stem.rsplit("-", 1)[1]
        if pid.isdigit() and not _alive(int(pid)):
            forget_server(path)


def find_server(settings: Settings) -> ServerRecord | None:
    """The most recently started live server of ``settings``' database, if any."""
    found: list[ServerRecord] = []
    for path in SERVERS_DIR.glob(f"{_database_key(settings.database_url)}-*.json"):
        try:
            record = ServerRecord(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            continue
        if _alive(record.pid):
            found.append(record)
        else:
            forget_server(path)  # left behind by a process that was killed
    return max(found, key=lambda r: r.started_at, default=None)
