"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a store folder.

The SPARQL work is done by a well-kept server, Oxigraph's own (`oxigraph
serve-read-only`, from the `oxigraph` package), listening on a private loopback port
with the union of the documents' graphs as its default graph. In front of it sits a
small filter, because Oxigraph would otherwise run a SERVICE clause and fetch from
any host a query names. The filter

- answers only `/query` (GET, or POST as a form or `application/sparql-query`) and
  Oxigraph's query page at `/`;
- refuses a query with a SERVICE keyword, found by kg's own tokenizer (strings, IRIs,
  comments and codepoint escapes read as SPARQL reads them); it is pure Python and
  thread-safe, where rdflib's parser (pyparsing) is not: parsing with it from the
  server's threads failed most queries under concurrent load. Any other text that is
  not a query is refused by Oxigraph's parser (400, with its message), and no update
  reaches the server: `/update` and update requests are refused here, and the server
  behind is read-only;
- passes everything else through, so content negotiation (JSON, XML, CSV, TSV results;
  Turtle, N-Triples, JSON-LD, RDF/XML graphs) is Oxigraph's;
- holds each answer until it is whole, so a query stopped at the time limit
  (`timeout_s`) or past the row limit (`max_rows`) gets an error status and a message,
  never a 200 with a truncated body (Oxigraph has sent its 200 before it knows);
- gives a client `request_timeout_s` seconds to send its request, so a slow client
  cannot hold a thread, and logs one line, never a traceback, for a client gone away.

Oxigraph's server is not run on the store folder itself but on a snapshot of it
(a RocksDB checkpoint: hard links, taken in a moment), because a read-only Oxigraph
beside a writing `kg build` is undefined behaviour. A build beside `kg serve` thus
works, and the endpoint answers from the graph as it was when it started, every
document whole, until it is restarted.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from kg.errors import InputError, KgError, StoreError
from kg.store.sparql import uses_service

MAX_BODY = 10 * 1024 * 1024
FORWARDED_HEADERS = ("Content-Type", "Content-Disposition", "Vary")
REQUEST_READ_S = 10.0  # seconds a client has to send a whole request (line, headers, body)
PUBLIC_MAX_ROWS = 10_000  # rows (or triples) a query may return with --public, unless set
CHUNK = 64 * 1024


class QueryStopped(Exception):
    """A query stopped by the filter: its HTTP status and a message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def oxigraph_binary() -> str:
    """The `oxigraph` server program that the oxigraph package installs."""
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.exists():
        return str(beside)
    raise StoreError("the oxigraph server is not installed (pip install oxigraph)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Endpoint:
    """The filter in front of a private `oxigraph serve-read-only`."""

    def __init__(self, store_path: str, host: str = "127.0.0.1", port: int = 7878, *, public: bool = False,
                 cors: bool = False, timeout_s: int = 60, log: Callable[[str], None] | None = None,
                 withhold_restricted: bool | None = None, max_rows: int | None = None,
                 request_timeout_s: float = REQUEST_READ_S):
        if not is_loopback(host) and not public:
            raise InputError(f"--host {host} would let other machines query the graph; add --public if you mean it")
        path = Path(store_path)
        if not (path / "CURRENT").exists():
            raise StoreError(f"{path}: no kg store here (build one with `kg build SOURCES --store {path}`)")
        from kg.store.embedded import Store

        Store(path, read_only=True).close()  # refuses a store of another format, in one line
        # Listening beyond this machine publishes the graph: restricted people are then
        # left out (as by `kg export --public`) unless the caller says otherwise.
        self.withhold_restricted = (not is_loopback(host)) if withhold_restricted is None else withhold_restricted
        self.source_path = path
        self.store_path = path
        self._public_copy: Path | None = None
        self.host, self.port = host, port
        self.cors = cors
        self.timeout_s = timeout_s
        # Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a query may return; None: no cap.
        self.max_rows = (PUBLIC_MAX_ROWS if public else None) if max_rows is None else (max_rows or None)
        self.request_timeout_s = request_timeout_s
        self.log = log or (lambda line: None)
        self.inner_port = _free_port()
        self._process: subprocess.Popen | None = None
        self._server: ThreadingHTTPServer | None = None
        self._snapshot: Path | None = None
        self._local = threading.local()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/query"

    def start(self) -> None:
        try:
            self._server = _Server((self.host, self.port), _Handler, self)
        except OSError as e:
            raise InputError(f"cannot listen on {self.host}:{self.port} ({e.strerror or e})") from None
        self.port = self._server.server_address[1]
        try:
            self.store_path = self._snapshot = snapshot(self.source_path)
            if self.withhold_restricted:
                self.store_path = self._public_copy = _public_copy(self._snapshot)
        except KgError:
            self.stop()
            raise
        self._errors = tempfile.TemporaryFile()
        # Oxigraph stops a query a second after the filter has answered it with an error:
        # the filter's clock decides, so Oxigraph's "cancelled" text never reaches a client.
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_path),
                   "--bind", f"127.0.0.1:{self.inner_port}", "--union-default-graph",
                   "--timeout-s", str(self.timeout_s + 1)]
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=self._errors, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._errors.seek(0)
                err = self._errors.read().decode(errors="replace")
                self._server.server_close()
                last = err.strip().splitlines()[-1] if err.strip() else "no message"
                raise StoreError(f"the oxigraph server did not start: {last}")
            try:
                status, _, _ = self.forward("GET", "/query?" + urlencode({"query": "ASK {}"}), None, {})
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise StoreError("the oxigraph server did not answer within 20 s")

    def serve_forever(self) -> None:
        """Answer requests until `shutdown()` (from another thread), Ctrl-C or SIGTERM."""
        assert self._server is not None
        try:
            self._server.serve_forever()
        finally:
            self.stop()

    def shutdown(self) -> None:
        """Stop `serve_forever()` running in another thread."""
        if self._server is not None:
            self._server.shutdown()

    def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.server_close()
        if self._process is not None:
            process, self._process = self._process, None
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for copy in (self._public_copy, self._snapshot):
            if copy is not None:
                shutil.rmtree(copy, ignore_errors=True)
        self._public_copy = self._snapshot = None

    def forward(self, method: str, target: str, body: bytes | None, headers: dict[str, str], *,
                limit: bool = False) -> tuple[int, list[tuple[str, str]], bytes]:
        """Oxigraph's whole answer to one request: (status, headers, body). With `limit`,
        raises QueryStopped when it is not whole within `timeout_s` or holds more than
        `max_rows` rows. Each thread keeps one connection to Oxigraph open."""
        deadline = time.monotonic() + self.timeout_s
        try:
            for attempt in (1, 2):
                connection, reused = self._connection()
                wait = max(0.001, deadline - time.monotonic()) if limit else self.timeout_s + 5
                connection.timeout = wait
                if connection.sock is not None:
                    connection.sock.settimeout(wait)
                try:
                    connection.request(method, target, body=body, headers=headers)
                    sock = connection.sock  # the response keeps reading it when the connection lets go
                    response = connection.getresponse()
                    break
                except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                    # Oxigraph closed a kept-alive connection: try once on a new one.
                    self._drop_connection()
                    if not reused or attempt == 2:
                        raise
            counter = _RowCounter(response.getheader("Content-Type") or "") \
                if limit and self.max_rows and response.status == 200 else None
            parts = []
            while True:
                if limit:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    sock.settimeout(left)
                part = response.read1(CHUNK)
                if not part:
                    break
                parts.append(part)
                if counter is not None and counter.feed(part) > self.max_rows:  # type: ignore[operator]
                    raise QueryStopped(500, f"the query's answer has more than {self.max_rows:,} rows, the most "
                                            "this endpoint returns: add a LIMIT, or narrow the query")
            if response.will_close:
                self._drop_connection()
            return response.status, response.getheaders(), b"".join(parts)
        except (TimeoutError, socket.timeout):
            self._drop_connection()  # Oxigraph sees the connection close, and stops at its own limit
            raise QueryStopped(503, f"the query ran past the time limit of {self.timeout_s} s and was stopped: "
                                    "narrow it, or add a LIMIT") from None
        except BaseException:
            self._drop_connection()
            raise

    def _connection(self) -> tuple[http.client.HTTPConnection, bool]:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection, True
        connection = http.client.HTTPConnection("127.0.0.1", self.inner_port, timeout=self.timeout_s + 5)
        self._local.connection = connection
        return connection, False

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()


class _RowCounter:
    """Counts the rows of a SPARQL result (or the triples of a graph) as its bytes
    arrive, from the way Oxigraph writes each format."""

    def __init__(self, content_type: str):
        media = content_type.split(";")[0].strip().lower()
        self.kind = {"application/sparql-results+json": "json", "application/json": "json",
                     "application/sparql-results+xml": "xml", "application/xml": "xml",
                     "text/csv": "csv"}.get(media, "lines")
        self.rows = 0
        self._depth = 0
        self._in_string = False
        self._escaped = False
        self._tail = b""

    def feed(self, data: bytes) -> int:
        if self.kind == "json":
            self._json(data)
        elif self.kind == "xml":
            # A literal's "<" is escaped, so every "<result>" opens a row.
            joined = self._tail + data
            self.rows += joined.count(b"<result>") - self._tail.count(b"<result>")
            self._tail = joined[-7:]
        elif self.kind == "csv":
            self._csv(data)
        else:
            # TSV, N-Triples, N-Quads: a line a row (literals' newlines are escaped);
            # Turtle, TriG, RDF/XML, JSON-LD: at most a triple a line, so the count is high.
            self.rows += data.count(b"\n")
        return self.rows - (1 if self.kind in ("csv", "lines") and self.rows else 0)

    def _json(self, data: bytes) -> None:
        # Rows are the objects opened at depth 2: {"head": ..., "results": {"bindings": [{...}]}}
        depth, in_string, escaped = self._depth, self._in_string, self._escaped
        for byte in data:
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 0x5C:  # backslash
                    escaped = True
                elif byte == 0x22:  # quote
                    in_string = False
            elif byte == 0x22:
                in_string = True
            elif byte == 0x7B:  # {
                if depth == 2:
                    self.rows += 1
                depth += 1
            elif byte == 0x7D:  # }
                depth -= 1
        self._depth, self._in_string, self._escaped = depth, in_string, escaped

    def _csv(self, data: bytes) -> None:
        in_string = self._in_string
        for byte in data:
            if byte == 0x22:
                in_string = not in_string
            elif byte == 0x0A and not in_string:
                self.rows += 1
        self._in_string = in_string


def snapshot(path: Path) -> Path:
    """A checkpoint of the store beside it (hard links to its immutable files, so it is
    taken in a moment and costs little disk), with kg's format file, for Oxigraph's
    server to read while `kg build` may write into the store itself."""
    from kg.store.embedded import META_FILE, Store

    for stale in path.parent.glob(f".{path.name}.kg-serve-*"):
        pid = stale.name.rpartition("-")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and sys.platform.startswith("linux"):
            shutil.rmtree(stale, ignore_errors=True)  # left by a kg serve that was killed
    target = path.parent / f".{path.name}.kg-serve-{os.getpid()}"
    shutil.rmtree(target, ignore_errors=True)
    try:
        with Store(path, create=False) as store:
            store.native().backup(str(target))
    except StoreError as e:
        if "in use" in str(e):
            raise StoreError(f"{path}: a build is writing into this store; serve it when the build has ended "
                             "(a build may run beside kg serve once it has started)") from None
        raise
    except OSError as e:
        shutil.rmtree(target, ignore_errors=True)
        raise StoreError(f"{path}: cannot take a snapshot to serve ({str(e).splitlines()[0]})") from None
    if (path / META_FILE).exists():
        shutil.copy2(path / META_FILE, target / META_FILE)
    return target


def _public_copy(path: Path) -> Path:
    """A temporary store holding only what a public export may hold."""
    import pyoxigraph as ox

    from kg.publish.privacy import public_view
    from kg.store.embedded import Store

    folder = Path(tempfile.mkdtemp(prefix="kg-serve-public-"))
    with Store(path, read_only=True) as store:
        quads = list(public_view(store.quads()))
    copy = ox.Store(str(folder))
    copy.bulk_extend(quads)
    copy.flush()
    del copy
    return folder


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, have the kernel stop the Oxigraph server if
    kg itself is killed, so no server is left behind holding the store."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass


def _bytes_waiting(connection: socket.socket) -> bool:
    """Whether the client's bytes sit unread in the kernel: then the request is late because
    our thread has not been scheduled (a loaded machine), not because the client is slow."""
    try:
        readable, _, _ = select.select([connection], [], [], 0)
    except (OSError, ValueError):
        return False
    return bool(readable)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the stdlib's 5 resets clients that connect in a burst

    def __init__(self, address, handler, endpoint: Endpoint):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.endpoint = endpoint
        self._reading: dict[socket.socket, float] = {}  # connections still sending a request: deadline
        self._reading_lock = threading.Lock()
        super().__init__(address, handler)
        threading.Thread(target=self._reap_slow_clients, daemon=True, name="kg-serve-reaper").start()

    def reading(self, connection: socket.socket, until: float | None) -> None:
        with self._reading_lock:
            if until is None:
                self._reading.pop(connection, None)
            else:
                self._reading[connection] = until

    def _reap_slow_clients(self) -> None:
        """Shut the connections of clients that take longer than request_timeout_s to send a
        request (a byte a second never trips a socket timeout), so none holds a thread."""
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._reading_lock:
                late = [c for c, until in self._reading.items() if until < now and not _bytes_waiting(c)]
                for connection in late:
                    del self._reading[connection]
            for connection in late:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - the stdlib's signature
        """One log line, never a traceback (the stdlib prints one to stderr)."""
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            self.endpoint.log(f"{client_address[0]} connection closed early ({type(error).__name__})")
        else:
            self.endpoint.log(f"{client_address[0]} internal error: {type(error).__name__}: {error}")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "kg-serve"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        self.server.endpoint.log(f"{self.address_string()} {format % args}")

    def handle_one_request(self) -> None:
        # From the first byte awaited to the body read, the client has REQUEST_READ_S.
        self.server.reading(self.connection, time.monotonic() + self.server.endpoint.request_timeout_s)
        try:
            super().handle_one_request()
        finally:
            self.server.reading(self.connection, None)

    def _request_read(self) -> None:
        self.server.reading(self.connection, None)

    # ---------------------------------------------------------------- routing

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._request_read()
        parts = urlsplit(self.path)
        if parts.path == "/":
            self._pass("GET", "/", None, {"Accept": self.headers.get("Accept", "text/html")})
        elif parts.path == "/query":
            fields = parse_qs(parts.query, keep_blank_values=True)
            self._query(fields, "GET", None, None)
        elif parts.path == "/update":
            self._refuse(403, "this endpoint is read-only: updates are refused")
        else:
            self._refuse(404, "not found: the SPARQL endpoint is at /query")

    def do_POST(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            self._refuse(400, "a POST needs a Content-Length header with the body's size in bytes")
            return
        if length > MAX_BODY:
            self.close_connection = True  # its body is not read
            self._refuse(413, f"request too large: at most {MAX_BODY // (1024 * 1024)} MB")
            return
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True  # the client went quiet, or was too slow (request_timeout_s)
            self.server.endpoint.log(f"{self.address_string()} request body cut short ({len(body)} of {length} bytes)")
            return
        self._request_read()
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if parts.path == "/update" or media == "application/sparql-update":
            self._refuse(403, "this endpoint is read-only: updates are refused")
        elif parts.path != "/query":
            self._refuse(404, "not found: the SPARQL endpoint is at /query")
        elif media == "application/x-www-form-urlencoded":
            fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
            if "update" in fields:
                self._refuse(403, "this endpoint is read-only: updates are refused")
                return
            self._query(fields, "POST", body, media)
        elif media == "application/sparql-query":
            fields = parse_qs(parts.query, keep_blank_values=True)
            if "query" in fields:
                self._refuse(400, "give the query once: in the body or in the URL, not both")
                return
            fields["query"] = [body.decode("utf-8", errors="replace")]
            self._query(fields, "POST", body, media)
        else:
            self._refuse(415, "POST a query as application/x-www-form-urlencoded or application/sparql-query")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._request_read()
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ---------------------------------------------------------------- the filter

    def _query(self, fields: dict[str, list[str]], method: str, body: bytes | None, media: str | None) -> None:
        queries = fields.get("query", [])
        if len(queries) != 1:
            self._refuse(400, "give exactly one query parameter (SPARQL 1.1 Protocol)")
            return
        try:
            if uses_service(queries[0]):
                self._refuse(403, "SERVICE is refused here: this endpoint does not query other endpoints")
                return
        except KgError as e:
            self._refuse(400, f"not a SPARQL query this endpoint runs: {e}")
            return
        headers = {"Accept": self.headers.get("Accept", "*/*")}
        if method == "GET":
            target = self.path
        else:
            target = "/query" + (f"?{urlsplit(self.path).query}" if urlsplit(self.path).query else "")
            headers["Content-Type"] = media or ""
        self._pass(method, target, body, headers, limit=True)

    def _pass(self, method: str, target: str, body: bytes | None, headers: dict[str, str], *,
              limit: bool = False) -> None:
        try:
            status, response_headers, data = self.server.endpoint.forward(method, target, body, headers, limit=limit)
        except QueryStopped as e:
            self._refuse(e.status, str(e))
            return
        except OSError:
            self._refuse(502, "the SPARQL server behind this endpoint did not answer")
            return
        self.send_response(status)
        for name, value in response_headers:
            if name.title() in FORWARDED_HEADERS:
                self.send_header(name, value)
        self._cors()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, status: int, message: str) -> None:
        data = json.dumps({"error": message}).encode("utf-8") if "json" in (self.headers.get("Accept") or "") \
            else (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if data.startswith(b"{") else "text/plain; charset=utf-8")
        self._cors()
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _cors(self) -> None:
        if self.server.endpoint.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
