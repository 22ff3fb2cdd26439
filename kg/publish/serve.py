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
  Turtle, N-Triples, JSON-LD, RDF/XML graphs) is Oxigraph's.
"""
from __future__ import annotations

import http.client
import ipaddress
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from kg.errors import InputError, KgError, StoreError
from kg.store.sparql import uses_service

MAX_BODY = 10 * 1024 * 1024
FORWARDED_HEADERS = ("Content-Type", "Content-Disposition", "Vary")


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
                 withhold_restricted: bool | None = None):
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
        self.log = log or (lambda line: None)
        self.inner_port = _free_port()
        self._process: subprocess.Popen | None = None
        self._server: ThreadingHTTPServer | None = None

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
        if self.withhold_restricted:
            self.store_path = self._public_copy = _public_copy(self.source_path)
        self._errors = tempfile.TemporaryFile()
        command = [oxigraph_binary(), "serve-read-only", "--location", str(self.store_path),
                   "--bind", f"127.0.0.1:{self.inner_port}", "--union-default-graph",
                   "--timeout-s", str(self.timeout_s)]
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
        if self._public_copy is not None:
            shutil.rmtree(self._public_copy, ignore_errors=True)
            self._public_copy = None

    def forward(self, method: str, target: str, body: bytes | None, headers: dict[str, str]):
        connection = http.client.HTTPConnection("127.0.0.1", self.inner_port, timeout=self.timeout_s + 5)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


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


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, endpoint: Endpoint):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.endpoint = endpoint
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "kg-serve"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms delayed-ACK stall
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        self.server.endpoint.log(f"{self.address_string()} {format % args}")

    # ---------------------------------------------------------------- routing

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
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
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._refuse(413, "request too large")
            return
        body = self.rfile.read(length) if length else b""
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
        self._pass(method, target, body, headers)

    def _pass(self, method: str, target: str, body: bytes | None, headers: dict[str, str]) -> None:
        try:
            status, response_headers, data = self.server.endpoint.forward(method, target, body, headers)
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
