"""A network the test can cut: a TCP relay between a browser and a server."""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.support.processes import HOST


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
