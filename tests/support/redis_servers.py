"""Private redis-servers for the tests and the benchmark: one server, or a three-node Cluster.

Non-persistent (no snapshots, no append-only file), bound to 127.0.0.1 on a port of their own,
never the machine's Redis on 6379.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import redis

from tests.support.processes import HOST, Process, ProcessError, free_port, port_free


class RedisServer(Process):
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
        argv = [
            "redis-server",
            "--bind", HOST,
            "--port", str(self.port),
            "--save", "",
            "--appendonly", "no",
            "--dir", str(workdir),
            "--daemonize", "no",
            *self.extra,
        ]  # fmt: skip
        super().__init__(argv, workdir / "redis.log")

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def client(self) -> redis.Redis:
        """A new client; close it (or use it in ``with``) when done."""
        return redis.Redis(host=HOST, port=self.port, socket_connect_timeout=1.0)

    def start(self, timeout: float = 10.0) -> None:
        """Start the server (a no-op while it runs) and wait until it answers PING."""
        super().start(timeout)

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            code = self.exited()
            if code is not None:
                raise self.failed(f"redis-server exited with {code}")
            try:
                with self.client() as client:
                    if client.ping():
                        return
            except redis.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise self.failed(
                    f"redis-server on port {self.port} did not answer PING in {timeout} s"
                )
            time.sleep(0.05)


def cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free too."""
    while True:
        port = free_port()
        if port + 10000 < 65536 and port_free(port + 10000):
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
            raise ProcessError(
                f"redis-cli --cluster create failed:\n{result.stdout}{result.stderr}"
            )
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
                raise ProcessError(f"the cluster did not become ready: {states}")
            time.sleep(0.1)

    def stop(self) -> None:
        for node in self.nodes:
            node.stop()
