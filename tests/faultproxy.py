"""A loopback TCP proxy that breaks the network on purpose, for the remote-store fault tests.

It forwards every connection to a server's port and counts the bytes it carries (both
directions). After `cut_after` bytes it resets the connection carrying the last byte
(and every other open one) in the middle of whatever was being sent: a request, or an
answer. Then, with `then="down"`, it resets every new connection too, as a server that is
gone; with `then="heal"`, new connections go through again, as a network that came back.
"""
from __future__ import annotations

import select
import socket
import struct
import threading


def _reset(sock: socket.socket) -> None:
    """Close with an RST, not a FIN: the peer sees "connection reset"."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class FaultProxy:
    def __init__(self, target_port: int, cut_after: int | None = None, then: str = "down"):
        assert then in ("down", "heal")
        self.target_port = target_port
        self.cut_after = cut_after
        self.then = then
        self.carried = 0  # bytes forwarded so far, both directions
        self.cut = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self._stopping = True
        self._listener.close()
        with self._lock:
            for sock in list(self._open):
                _reset(sock)
            self._open.clear()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.cut.is_set() and self.then == "down":
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                _reset(client)
                continue
            with self._lock:
                self._open.update((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _budget(self, n: int) -> int:
        """How many of n bytes may pass; 0 once the cut has happened (in "down" mode)."""
        with self._lock:
            if self.cut_after is None or (self.cut.is_set() and self.then == "heal"):
                self.carried += n
                return n
            if self.cut.is_set():
                return 0
            allowed = max(0, min(n, self.cut_after - self.carried))
            self.carried += allowed
            return allowed

    def _pipe(self, client: socket.socket, upstream: socket.socket) -> None:
        peers = {client: upstream, upstream: client}
        try:
            while True:
                readable, _, _ = select.select(list(peers), [], [], 30)
                if not readable:
                    return
                for sock in readable:
                    data = sock.recv(4096)
                    if not data:
                        return
                    allowed = self._budget(len(data))
                    if allowed:
                        peers[sock].sendall(data[:allowed])
                    if allowed < len(data):  # the budget ran out inside this chunk: cut here
                        self._cut()
                        return
        except (OSError, ValueError):  # ValueError: the cut closed this socket from another thread
            return
        finally:
            with self._lock:
                self._open.discard(client)
                self._open.discard(upstream)
            _reset(client)
            _reset(upstream)

    def _cut(self) -> None:
        with self._lock:
            first = not self.cut.is_set()
            self.cut.set()
            victims = list(self._open) if first else []
            self._open.difference_update(victims)
        for sock in victims:
            _reset(sock)


class RefusingProxy:
    """An HTTP proxy in front of a SPARQL server that refuses, with `status` and a one-line
    message as a server would, every request whose decoded form body contains `needle`,
    and passes every other request through."""

    def __init__(self, target: str, needle: str, status: int):
        import http.server
        import urllib.error
        import urllib.parse
        import urllib.request

        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if needle in urllib.parse.unquote_plus(body.decode("utf-8")):
                    proxy.refused += 1
                    self._answer(status, b"refused by the test proxy: the data holds " + needle.encode(),
                                 "text/plain")
                    return
                request = urllib.request.Request(target + self.path, data=body, method="POST", headers={
                    k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")})
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        self._answer(answer.status, answer.read(), answer.headers.get("Content-Type", ""))
                except urllib.error.HTTPError as e:
                    self._answer(e.code, e.read(), e.headers.get("Content-Type", ""))

            def _answer(self, code: int, data: bytes, media: str) -> None:
                self.send_response(code)
                if media:
                    self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.refused = 0
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> RefusingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
