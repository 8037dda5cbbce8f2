"""Real processes on 127.0.0.1, shared by the tests and the benchmark: `piiri serve` and
`piiri migrate`, any other server a run needs, each in a process group of its own with its
output in a log file, always stopped and reaped; and one-off commands (`piiri pb results`).

Why here, and imported by bench/ too: both are tools of the checkout (neither ships in the
piiri package, and both run from the repository root, where ``tests`` and ``bench`` are
importable), and both need exactly this: start a server, wait until it answers, stop it
gracefully or kill it as a crash would. One copy keeps the two from drifting (they had). This
module imports neither pytest nor a browser, so the benchmark's processes stay light.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Protocol

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent.parent
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class ProcessError(RuntimeError):
    """A process did not start, answer or stop as expected."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def port_free(port: int) -> bool:
    """Whether ``port`` on 127.0.0.1 can be bound right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def log_tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a log file, for error messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


class Process:
    """A subprocess in a process group of its own, its output appended to ``log_path``.

    ``env`` is laid over this process's environment when it starts. ``start()`` is a no-op
    while it runs; after ``stop()`` or ``kill()`` it starts again with the same command,
    appending to the same log. Subclasses wait in ``wait_ready()`` until it answers.
    """

    def __init__(
        self,
        argv: Sequence[str],
        log_path: Path,
        env: Mapping[str, str] | None = None,
        *,
        name: str | None = None,
    ) -> None:
        self.argv = list(argv)
        self.name = name or Path(argv[0]).name
        self.log_path = log_path
        self.env = dict(env or {})
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise ProcessError(f"{self.name} was never started")
        return self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def exited(self) -> int | None:
        """Its exit code once it has exited, None while it runs (or before it started)."""
        return None if self._proc is None else self._proc.poll()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Start it (a no-op while it runs) and wait until it is ready; stop it if it is not."""
        if self.running:
            return
        self._close_log()
        self._log = self.log_path.open("ab")
        try:
            self._proc = subprocess.Popen(
                self.argv,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so that kill() also reaches any worker it forks
            )
        except BaseException:
            self._close_log()
            raise
        try:
            self.wait_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, timeout: float) -> None:
        """Return once the process serves; raise ProcessError if it exits or times out."""

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM (a graceful shutdown), then SIGKILL if it has not exited after ``timeout``;
        always reaped."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def kill(self) -> None:
        """SIGKILL its whole process group at once, as in a crash: no shutdown handlers run."""
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                # Not reaped yet, so the group id cannot have been reused by another process.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        self._close_log()

    def failed(self, why: str) -> ProcessError:
        """An error saying ``why``, with the end of the log."""
        return ProcessError(f"{why}:\n{log_tail(self.log_path)}")

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class HttpServer(Process):
    """A process serving HTTP on ``port``, ready once ``GET /healthz`` answers 200."""

    def __init__(
        self,
        argv: Sequence[str],
        log_path: Path,
        env: Mapping[str, str] | None = None,
        *,
        port: int,
        name: str | None = None,
    ) -> None:
        super().__init__(argv, log_path, env, name=name)
        self.port = port

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait_ready(self, timeout: float) -> None:
        url = f"{self.base_url}/healthz"
        deadline = time.monotonic() + timeout
        last = "no answer"
        with httpx.Client(timeout=2.0, trust_env=False) as http:
            while True:
                code = self.exited()
                if code is not None:
                    raise self.failed(f"{self.name} exited with {code}")
                try:
                    status = http.get(url).status_code
                except httpx.TransportError as exc:
                    last = repr(exc)
                else:
                    if status == 200:
                        return
                    last = f"HTTP {status}"
                if time.monotonic() > deadline:
                    raise self.failed(f"{url} did not answer 200 in {timeout} s (last: {last})")
                time.sleep(0.1)


class PiiriProcess(HttpServer):
    """One real ``python -m piiri serve`` process (the very command `make run` uses) on its own
    port, which a restart keeps, so clients can reconnect to it."""

    def __init__(self, env: Mapping[str, str], log_path: Path, port: int | None = None) -> None:
        port = port if port is not None else free_port()
        argv = [sys.executable, "-m", "piiri", "serve", "--host", HOST, "--port", str(port)]
        super().__init__(argv, log_path, env, port=port, name="piiri serve")


class PiiriFactory(Protocol):
    """The ``piiri_process`` fixture: start a Piiri server on ``env`` (migrate it first)."""

    def __call__(self, env: Mapping[str, str], *, port: int | None = None) -> PiiriProcess: ...


def piiri_command(*args: str, env: Mapping[str, str], timeout: float = 120.0) -> str:
    """Run ``python -m piiri ARGS`` with ``env`` on top of os.environ; its output. Raises
    ProcessError with the output when it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "piiri", *args],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise ProcessError(
            f"piiri {args[0]} exited with {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return result.stdout


def migrate(env: Mapping[str, str], timeout: float = 120.0) -> None:
    """Run ``piiri migrate`` with ``env`` on top of os.environ; raise with its output on failure."""
    piiri_command("migrate", env=env, timeout=timeout)


def piiri_pb(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``piiri pb results ARGS`` as a resident would: production mode, no settings at all."""
    # Nothing from the environment that Piiri's settings read: the command needs none of it.
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "piiri", "pb", "results", *args],
        cwd=ROOT,
        env={**environment, "PIIRI_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
