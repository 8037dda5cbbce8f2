"""Real-process test infrastructure: a private redis-server, Piiri servers, headless Chromium.

Loaded as a pytest plugin (``pytest_plugins = ["tests.infra"]`` in tests/conftest.py).
Everything here starts real processes on 127.0.0.1 and stops them at the end of the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Protocol

import httpx2 as httpx
import psycopg
import pytest
import redis
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.engine import make_url

from piiri.settings import normalise_database_url

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # no traffic to anything but our own servers
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0
# Set by `make unit-postgres`: an administrative connection to a PostgreSQL server on which the
# session creates its own databases (piiri_test_<random>_<n>) and drops them at the end.
POSTGRES_ADMIN_ENV = "PIIRI_TEST_POSTGRES"


class InfraError(RuntimeError):
    """A test process did not start, answer or stop as expected."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def log_tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a log file, for error messages."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _stop_process(proc: subprocess.Popen[bytes], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL if it has not exited after ``timeout``; always reaped."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_process(proc)


def _kill_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL its whole process group (it was started as the leader of one) and reap it."""
    if proc.poll() is None:
        # Not reaped yet, so the group id cannot have been reused by another process.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _popen(
    argv: list[str], log: IO[bytes], env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a process group of its own, output to ``log``; close it on failure."""
    try:
        return subprocess.Popen(
            argv,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so that kill() also reaches any worker it forks
        )
    except BaseException:
        log.close()
        raise


class Databases:
    """One empty database per test directory: a SQLite file, or a private PostgreSQL database.

    With ``PIIRI_TEST_POSTGRES`` set (an admin URL such as
    ``postgresql://postgres@127.0.0.1:5432/test``) every database is created on that server
    under this session's random prefix, so concurrent runs never share one, and all of them are
    dropped when the session ends. Asking twice for one directory gives the same database.
    """

    def __init__(self, admin_url: str | None) -> None:
        self.admin_url = admin_url
        self.prefix = f"piiri_test_{secrets.token_hex(4)}"
        self._urls: dict[Path, str] = {}
        self._created: list[str] = []

    @property
    def kind(self) -> str:
        return "postgresql" if self.admin_url else "sqlite"

    def url(self, directory: Path) -> str:
        if directory in self._urls:
            return self._urls[directory]
        if self.admin_url is None:
            url = f"sqlite:///{directory / 'piiri.db'}"
        else:
            name = f"{self.prefix}_{len(self._created)}"
            self._admin(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            admin = make_url(normalise_database_url(self.admin_url))
            url = admin.set(database=name).render_as_string(hide_password=False)
        self._urls[directory] = url
        return url

    def drop_all(self) -> None:
        while self._created:
            self._admin(f'DROP DATABASE IF EXISTS "{self._created.pop()}" WITH (FORCE)')
        self._urls.clear()

    def _admin(self, statement: str) -> None:
        assert self.admin_url is not None
        url = make_url(normalise_database_url(self.admin_url)).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        try:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=10) as connection:
                connection.execute(statement.encode())
        except psycopg.OperationalError as error:
            raise InfraError(
                f"PostgreSQL at {POSTGRES_ADMIN_ENV}={self.admin_url} did not answer: {error}"
            ) from error


test_databases = Databases(os.environ.get(POSTGRES_ADMIN_ENV) or None)


def database_url(directory: Path) -> str:
    """The test database for ``directory`` (created empty on first use; migrate it yourself)."""
    return test_databases.url(directory)


class RedisServer:
    """A private, non-persistent redis-server subprocess on a fixed port.

    ``stop()`` and ``start()`` may be called any number of times; the port stays the same,
    so clients configured with ``url`` reconnect to the new server, which starts empty.
    """

    def __init__(
        self, workdir: Path, port: int | None = None, extra: list[str] | None = None
    ) -> None:
        self.workdir = workdir
        self.port = port if port is not None else free_port()
        self.extra = extra or []
        self.log_path = workdir / "redis.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def client(self) -> redis.Redis:
        """A new client; close it (or use it in ``with``) when done."""
        return redis.Redis(host=HOST, port=self.port, socket_connect_timeout=1.0)

    def start(self, timeout: float = 10.0) -> None:
        """Start the server (a no-op while it runs) and wait until it answers PING."""
        if self.running:
            return
        self._close_log()
        self._log = self.log_path.open("ab")
        # Command-line config: no RDB snapshots, no AOF, files (if any) in our temp dir.
        argv = [
            "redis-server",
            "--bind", HOST,
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(self.workdir),
            "--daemonize", "no",
            *self.extra,
        ]  # fmt: skip
        self._proc = _popen(argv, self._log)
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                self.stop()
                raise InfraError(
                    f"redis-server exited with {self._proc.returncode}:\n{log_tail(self.log_path)}"
                )
            try:
                with self.client() as client:
                    if client.ping():
                        return
            except redis.ConnectionError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise InfraError(
                    f"redis-server on port {self.port} did not answer PING in {timeout} s:\n"
                    f"{log_tail(self.log_path)}"
                )
            time.sleep(0.05)

    def stop(self) -> None:
        """Terminate the server and wait for it; its data is gone."""
        if self._proc is not None:
            _stop_process(self._proc)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too."""
    while True:
        port = free_port()
        if port + 10000 < 65536 and _port_free(port + 10000):
            return port


class RedisCluster:
    """Three private redis-server masters joined into one Redis Cluster (no replicas)."""

    def __init__(self, workdir: Path, size: int = 3) -> None:
        self.nodes: list[RedisServer] = []
        for index in range(size):
            node_dir = workdir / f"node-{index}"
            node_dir.mkdir(parents=True, exist_ok=True)
            self.nodes.append(
                RedisServer(node_dir, port=cluster_port(), extra=["--cluster-enabled", "yes"])
            )

    @property
    def url(self) -> str:
        """Any one node; a cluster client learns the others from it."""
        return self.nodes[0].url.removesuffix("/0")

    def start(self, timeout: float = 30.0) -> None:
        for node in self.nodes:
            node.start()
        addresses = [f"{HOST}:{node.port}" for node in self.nodes]
        result = subprocess.run(
            ["redis-cli", "--cluster", "create", *addresses, "--cluster-replicas", "0",
             "--cluster-yes"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if result.returncode != 0:
            self.stop()
            raise InfraError(f"redis-cli --cluster create failed:\n{result.stdout}{result.stderr}")
        deadline = time.monotonic() + timeout
        while True:
            states = []
            for node in self.nodes:
                with node.client() as client:
                    states.append(client.execute_command("CLUSTER", "INFO").decode())
            if all("cluster_state:ok" in state for state in states):
                return
            if time.monotonic() > deadline:
                self.stop()
                raise InfraError(f"the cluster did not become ready: {states}")
            time.sleep(0.1)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()


class FlakyLink:
    """A TCP relay in front of a server: a phone's mobile network, which the test can cut.

    ``cut()`` drops every connection through it and refuses new ones (they are accepted and
    closed at once, as a dead network looks to a browser); ``restore()`` lets them through again.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self._listener = socket.create_server((HOST, 0))
        self.port: int = self._listener.getsockname()[1]
        self._up = True
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        threading.Thread(target=self._accept, name="flaky-link", daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self._up:
                client.close()
                continue
            try:
                upstream = socket.create_connection((HOST, self.target_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._relay, args=(source, sink), daemon=True).start()

    def _relay(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._drop(sock)

    def _drop(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self._up = False
        with self._lock:
            dropping = list(self._open)
        for sock in dropping:
            self._drop(sock)

    def restore(self) -> None:
        self._up = True

    def close(self) -> None:
        self._listener.close()
        self.cut()


def migrate(env: Mapping[str, str], timeout: float = 120.0) -> None:
    """Run ``piiri migrate`` with ``env`` on top of os.environ; raise with its output on failure."""
    result = subprocess.run(
        [sys.executable, "-m", "piiri", "migrate"],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise InfraError(
            f"piiri migrate exited with {result.returncode}:\n{result.stdout}{result.stderr}"
        )


class PiiriProcess:
    """One real ``python -m piiri serve`` process on its own port.

    After ``stop()`` or ``kill()``, ``start()`` serves again on the same port, appending to the
    same log, so tests can restart a server under its clients.
    """

    def __init__(self, env: Mapping[str, str], log_path: Path, port: int | None = None) -> None:
        self.env = dict(env)
        self.log_path = log_path
        self.port = port if port is not None else free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        if self._proc is None:
            raise InfraError("Piiri process was never started")
        return self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "piiri", "serve", "--host", HOST, "--port", str(self.port)]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Start the server (a no-op while it runs) and wait until /healthz answers 200."""
        if self.running:
            return
        self._close_log()
        self._log = self.log_path.open("ab")
        self._proc = _popen(
            self.command(), self._log, {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        )
        url = f"{self.base_url}/healthz"
        deadline = time.monotonic() + timeout
        last = "no answer"
        with httpx.Client(timeout=2.0, trust_env=False) as http:
            while True:
                if self._proc.poll() is not None:
                    code = self._proc.returncode
                    self.stop()
                    raise InfraError(f"piiri serve exited with {code}:\n{log_tail(self.log_path)}")
                try:
                    status = http.get(url).status_code
                except httpx.TransportError as exc:
                    last = repr(exc)
                else:
                    if status == 200:
                        return
                    last = f"HTTP {status}"
                if time.monotonic() > deadline:
                    self.stop()
                    raise InfraError(
                        f"{url} did not answer 200 in {timeout} s (last: {last}):\n"
                        f"{log_tail(self.log_path)}"
                    )
                time.sleep(0.1)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM (graceful shutdown), then SIGKILL if it has not exited after ``timeout``."""
        if self._proc is not None:
            _stop_process(self._proc, timeout)
        self._close_log()

    def kill(self) -> None:
        """SIGKILL at once, as in a crash: no shutdown handlers run."""
        if self._proc is not None:
            _kill_process(self._proc)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


class PiiriFactory(Protocol):
    def __call__(self, env: Mapping[str, str], *, port: int | None = None) -> PiiriProcess: ...


def serve_with_facilitator(
    piiri_process: PiiriFactory, directory: Path, *, email: str, password: str
) -> str:
    """A migrated Piiri on the test database for ``directory`` (SQLite or PostgreSQL, as the
    session runs), with one facilitator account, served on a free port; returns its address."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    env = {
        "DATABASE_URL": database_url(directory),
        "SECRET_KEY": "browser-test-secret-key-not-for-production",
        "PUBLIC_URL": base_url,
        "REDIS_URL": "",
        "PIIRI_ENV": "development",
        "DEFAULT_LANGUAGE": "en",
    }
    migrate(env)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "piiri",
            "create-facilitator",
            "--email",
            email,
            "--password",
            password,
        ],
        env={**os.environ, **env},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=True,
    )
    server = piiri_process(env, port=port)
    assert server.base_url == base_url
    return base_url


@pytest.fixture(scope="session", autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """Every PostgreSQL database this session created is dropped at its end."""
    try:
        yield
    finally:
        test_databases.drop_all()


def pytest_report_header() -> str:
    return f"piiri test database: {test_databases.kind}"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private redis-server for the whole session. Tests that stop it must start it again."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisCluster]:
    """A private three-node Redis Cluster for the whole session."""
    cluster = RedisCluster(tmp_path_factory.mktemp("redis-cluster"))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def piiri_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PiiriFactory]:
    """``start(env)`` launches a real Piiri server and waits for /healthz; migrate() first."""
    logdir = tmp_path_factory.mktemp("piiri")
    started: list[PiiriProcess] = []

    def start(env: Mapping[str, str], *, port: int | None = None) -> PiiriProcess:
        proc = PiiriProcess(env, logdir / f"piiri-{len(started)}.log", port=port)
        started.append(proc)
        proc.start()
        return proc

    try:
        yield start
    finally:
        for proc in started:
            proc.stop()


# Playwright's sync API runs its own event loop in a greenlet and leaves it marked as the
# thread's running loop between calls. While the session's browser lives, asyncio.run() in
# the main thread would then fail with "cannot be called from a running event loop".
_playwright_loop: asyncio.AbstractEventLoop | None = None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (its own browser download is blocked)."""
    global _playwright_loop
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: .ci/run installs it with "
            "`apt-get install chromium` (Playwright's own browser download does not work here)",
            pytrace=False,
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        _playwright_loop = asyncio.events._get_running_loop()
        try:
            yield chromium
        finally:
            chromium.close()
            _playwright_loop = None


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in a fresh browser context (own cookies and storage) for one test."""
    context = browser.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _hide_playwright_loop(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give tests that do not use the browser a thread with no running event loop."""
    loop = _playwright_loop
    uses_browser = "browser" in request.fixturenames
    if loop is None or uses_browser or asyncio.events._get_running_loop() is not loop:
        yield
        return
    asyncio.events._set_running_loop(None)
    try:
        yield
    finally:
        asyncio.events._set_running_loop(loop)
