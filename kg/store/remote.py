"""A remote store: any SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB) behind
the same interface as the embedded `Store`, spoken to over the SPARQL 1.1 Protocol.

- Each source document is a named graph, as in the embedded store. kg finds its own
  graphs by what they say about themselves (`<g> a kg:SourceDocument` or
  `<g> a void:Linkset` inside `<g>`), so a server holding other data is not disturbed.
- kg's bookkeeping (store format, base IRI) lives in the named graph `urn:kg:store`.
- The stored queries expect the default graph to be the union of the documents'
  graphs. With `union="graphs"` (the default, portable to any server) each query names
  kg's graphs as its dataset (`default-graph-uri` and `named-graph-uri`, POSTed);
  with `union="server"` kg trusts the server to do it (Oxigraph's
  `--union-default-graph`, Virtuoso and GraphDB by default, Fuseki with
  `tdb2:unionDefaultGraph true`).
- Parameters are bound as a VALUES block built from escaped terms (see kg.store.sparql).
- Credentials go in an Authorization header and never into a message.
- Each document lands all or nothing: a graph that fits in one request is replaced by
  one request (`DROP` + `INSERT DATA`); a larger one is written to a staging graph that
  kg's dataset never names, then swapped in by one request (`MOVE`), which the server
  runs as one transaction. A staging graph left by a failed run is dropped by the next
  run that writes.
- Transient failures (connection refused or reset, timeouts, HTTP 502/503/504) are
  retried with exponential backoff a bounded number of times (once the server has
  answered: an address that never answered fails at once), then raise
  `StoreUnavailable`; other refusals raise at once.
"""
from __future__ import annotations

import functools
import hashlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.errors import QueryError, StoreError, StoreUnavailable
from kg.model.namespaces import KG
from kg.store.sparql import iri, term
from kg.store.embedded import STORE_FORMAT, Change, to_rdflib

META_GRAPH = "urn:kg:store"
EMPTY_GRAPH = "urn:kg:no-graph"
VOID_LINKSET = "http://rdfs.org/ns/void#Linkset"
# Virtuoso compiles each INSERT DATA into SQL and refuses one of 2,000 triples (error
# SP031, measured in STACK.md); 200 per request stays far below that and below the
# request-size limits of proxies in front of other servers.
BATCH_SIZE = 200
UNION_MODES = ("graphs", "server")
STAGING_PREFIX = "urn:kg:staging:"
# A staging graph says whose it is (`<S> kg:stagingFor <g>` inside <S>), so a run can find
# and drop the ones an interrupted run left, with an indexed lookup rather than a scan.
STAGING_FOR = f"{KG}stagingFor"
TRANSIENT_STATUS = (502, 503, 504)
RETRIES = 5
BACKOFF = 0.5  # seconds before the first retry; doubled each time (0.5+1+2+4+8 = 15.5 s in all)

_RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPHS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/x-nquads": ox.RdfFormat.N_QUADS,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples, text/turtle;q=0.9, */*;q=0.1")


def check_url(url: str, what: str = "endpoint") -> str:
    """An http(s) URL with a host, or a one-line error."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{what} {redact(url)!r} is not an http:// or https:// URL")
    return url


def redact(url: str) -> str:
    """The URL without any user:password in it, for messages."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


class RemoteStore:
    """A SPARQL 1.1 server, read through QUERY_URL and written through UPDATE_URL."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *, user: str | None = None,
                 password: str | None = None, union: str = "graphs", batch_size: int = BATCH_SIZE,
                 timeout: float = 120.0, read_only: bool = False, retries: int = RETRIES,
                 backoff: float = BACKOFF):
        import requests

        self.endpoint = check_url(endpoint, "--endpoint")
        self.update_endpoint = check_url(update_endpoint, "--update-endpoint") if update_endpoint else None
        if union not in UNION_MODES:
            raise StoreError(f"union mode {union!r} is not one of {', '.join(UNION_MODES)}")
        if not 1 <= batch_size <= 10_000:
            raise StoreError("batch size must be between 1 and 10000 triples")
        self.union = union
        self.batch_size = batch_size
        self.timeout = timeout
        self.read_only = read_only
        self.retries = retries
        self.backoff = backoff
        self._staging_checked = False
        self._answered = False
        self.retried = 0  # requests sent again after a transient failure, in this session
        self._session = requests.Session()
        self._session.headers["User-Agent"] = "kg (SPARQL 1.1 Protocol client)"
        self._credentials = (user or "", password or "") if user is not None or password is not None else None
        if self._credentials:
            self._session.auth = self._credentials  # HTTP Basic; Digest when the server asks (see _post)
        self._graphs: list[str] | None = None
        self._check_format()

    def __repr__(self) -> str:
        return f"RemoteStore({redact(self.endpoint)!r})"

    @property
    def location(self) -> str:
        return redact(self.endpoint)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ protocol

    def _post(self, url: str, data: list[tuple[str, str]], accept: str | None = None, *, retry: bool = True):
        """POST to the server; transient failures retried with backoff unless `retry` is False
        (for a request that must not run twice blindly)."""
        attempt = 0
        while True:
            try:
                response = self._post_once(url, data, accept)
                self._answered = True
                return response
            except StoreUnavailable:
                # A server that never answered is a wrong URL more often than a bad network:
                # say so at once rather than after every retry.
                if not retry or not self._answered or attempt >= self.retries:
                    raise
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
                self.retried += 1

    def _post_once(self, url: str, data: list[tuple[str, str]], accept: str | None = None):
        import requests

        headers = {"Accept": accept} if accept else {}
        try:
            response = self._session.post(url, data=data, headers=headers, timeout=self.timeout)
            response.content  # read the whole body here, so a connection cut mid-answer is transient
        except requests.exceptions.ConnectionError as e:
            raise StoreUnavailable(f"cannot reach {redact(url)} ({_reason(e)})") from None
        except requests.exceptions.Timeout:
            raise StoreUnavailable(f"{redact(url)} did not answer within {self.timeout:g} s") from None
        except requests.exceptions.ChunkedEncodingError:
            raise StoreUnavailable(f"{redact(url)} broke the connection mid-answer") from None
        except requests.exceptions.RequestException as e:
            raise StoreError(f"request to {redact(url)} failed ({type(e).__name__})") from None
        if response.status_code == 401 and self._credentials \
                and not isinstance(self._session.auth, requests.auth.HTTPDigestAuth):
            # Basic was refused: try Digest once. Virtuoso's /sparql-auth takes only Digest,
            # and answers a Basic attempt with a bare 401 (no challenge to read).
            self._session.auth = requests.auth.HTTPDigestAuth(*self._credentials)
            return self._post_once(url, data, accept)
        if response.status_code in (401, 403):
            raise StoreError(f"{redact(url)} refused access (HTTP {response.status_code}); give credentials with "
                             f"--user/--password or KG_USER/KG_PASSWORD, and check the account may "
                             f"{'update' if url == self.update_endpoint else 'query'}")
        if response.status_code in TRANSIENT_STATUS:
            raise StoreUnavailable(f"{redact(url)} is unavailable (HTTP {response.status_code})")
        if response.status_code == 404:
            raise StoreError(f"{redact(url)}: no SPARQL endpoint there (HTTP 404)")
        if response.status_code >= 400:
            message = _first_line(response.text) or response.reason
            error = QueryError if response.status_code == 400 else StoreError
            raise error(f"{redact(url)} answered HTTP {response.status_code}: {message}")
        return response

    def _dataset(self) -> list[tuple[str, str]]:
        if self.union == "server":
            return []
        # With no graph of kg's yet, name one that does not exist, so the query sees an
        # empty dataset rather than the server's own default graph.
        graphs = self.graphs() or [EMPTY_GRAPH]
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def raw_query(self, sparql: str, *, dataset: bool = False):
        """Run a query text as it is; answers as pyoxigraph solutions, a boolean or triples."""
        params = [("query", sparql), *(self._dataset() if dataset else [])]
        response = self._post(self.endpoint, params, ACCEPT)
        media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media in _RESULTS:
            try:
                return ox.parse_query_results(response.content, format=_RESULTS[media])
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"{self.location} sent results kg cannot read ({_first_line(str(e))})") from None
        if media in _GRAPHS:
            try:
                return [ox.Triple(q.subject, q.predicate, q.object)
                        for q in ox.parse(response.content, format=_GRAPHS[media])]
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"{self.location} sent RDF kg cannot read ({_first_line(str(e))})") from None
        raise StoreError(f"{self.location} answered with {media or 'no media type'}, not SPARQL results")

    def update(self, sparql: str, *, retry: bool = True) -> None:
        if self.read_only:
            raise StoreError("this store was opened read-only")
        if not self.update_endpoint:
            raise StoreError("writing to a remote store needs --update-endpoint (or KG_UPDATE_ENDPOINT); "
                             "Virtuoso takes updates at its /sparql URL, Oxigraph at /update, "
                             "Fuseki at /DATASET/update")
        try:
            self._post(self.update_endpoint, [("update", sparql)], retry=retry)
        except StoreError as e:
            if "SR186" in str(e) or "No permission" in str(e):
                raise StoreError(f"{e} (Virtuoso's anonymous account may not write: run "
                                 f"GRANT SPARQL_UPDATE TO \"SPARQL\"; in isql, or write through "
                                 f"/sparql-auth with --user and KG_PASSWORD)") from None
            raise

    def _select(self, sparql: str, *, dataset: bool = False) -> ox.QuerySolutions:
        result = self.raw_query(sparql, dataset=dataset)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError(f"{self.location} did not answer a SELECT query with solutions")
        return result

    # ------------------------------------------------------------------ bookkeeping

    def _check_format(self) -> None:
        rows = list(self._select(f"SELECT ?f WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> "
                                 f"<{KG.storeFormat}> ?f }} }}"))
        found = [r["f"].value for r in rows]
        if found and STORE_FORMAT not in found:
            raise StoreError(f"{self.location}: holds a kg graph in store format {found[0]}, not the format this "
                             f"kg writes ({STORE_FORMAT}); push or build it again")

    def set_base(self, base: str) -> None:
        g = iri(META_GRAPH)
        self.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} <{KG.baseIri}> ?b }} }} ;\n"
                    f"DELETE WHERE {{ GRAPH {g} {{ {g} <{KG.storeFormat}> ?f }} }} ;\n"
                    f"INSERT DATA {{ GRAPH {g} {{ {g} <{KG.baseIri}> {term_of(base)} . "
                    f"{g} <{KG.storeFormat}> {term_of(STORE_FORMAT)} }} }}")

    def base(self) -> str | None:
        rows = list(self._select(f"SELECT ?b WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{KG.baseIri}> ?b }} }}"))
        return rows[0]["b"].value if rows else None

    def graphs(self) -> list[str]:
        """kg's graphs on the server: documents' graphs and link sets."""
        if self._graphs is None:
            rows = self._select(
                "SELECT DISTINCT ?g WHERE { "
                f"VALUES ?t {{ <{KG.SourceDocument}> <{VOID_LINKSET}> }} GRAPH ?g {{ ?g a ?t }} }}")
            self._graphs = sorted(r["g"].value for r in rows if isinstance(r["g"], ox.NamedNode))
        return list(self._graphs)

    def __len__(self) -> int:
        graphs = self.graphs()
        if not graphs:
            return 0
        return self._count(graphs)

    def _count(self, graphs: list[str]) -> int:
        total = 0
        for i in range(0, len(graphs), 500):
            chunk = " ".join(iri(g) for g in graphs[i:i + 500])
            rows = list(self._select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {chunk} }} GRAPH ?g {{ ?s ?p ?o }} }}"))
            total += int(rows[0]["n"].value) if rows else 0
        return total

    def count(self, graph_iri: str) -> int:
        return self._count([graph_iri])

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: URIRef, graph: Graph,
                      progress: Callable[[int], None] | None = None) -> Change:
        """Make the named graph hold exactly `graph`, all or nothing (see `write_lines`)."""
        self._drop_stale_staging()  # even when every document is unchanged
        name = str(graph_iri)
        new = sorted({f"{term(s)} {term(p)} {term(o)}" for s, p, o in graph})
        old = self._triples(name)
        if {_key(s, p, o) for s, p, o in graph} == {_key(*(to_rdflib(t) for t in triple)) for triple in old}:
            return Change(name, "unchanged", len(new))
        self.write_lines(name, new, drop=True, progress=progress)
        self._graphs = None
        return Change(name, "replaced" if old else "added", len(new))

    def write_lines(self, graph_iri: str, lines: list[str], *, drop: bool,
                    progress: Callable[[int], None] | None = None) -> None:
        """Write N-Triples lines into a named graph (replacing it when `drop`), so that
        readers see the graph before or after, never in between.

        Lines that fit in one batch go in one request (DROP + INSERT DATA: one update
        request is one transaction on Oxigraph, Fuseki and Virtuoso). More are written in
        batches to a staging graph, which the swap then moves in with one request. Every
        request is safe to send again: the batches insert into a set, and the swap is
        re-sent only if the staging graph is still there."""
        self._drop_stale_staging()
        g = iri(graph_iri)
        if len(lines) <= self.batch_size:
            ops = [f"DROP SILENT GRAPH {g}"] if drop else []
            if lines:
                ops.append(f"INSERT DATA {{ GRAPH {g} {{\n" + " .\n".join(lines) + " .\n} }")
            if ops:
                self.update(" ;\n".join(ops))
            if progress:
                progress(len(lines))
            return
        staging = staging_iri(graph_iri)
        s = iri(staging)
        marker = f"{s} {iri(STAGING_FOR)} {g}"
        for i in range(0, len(lines), self.batch_size):
            batch = lines[i:i + self.batch_size]
            if i == 0:  # a staging graph left by an earlier run must not add its triples
                self.update(f"DROP SILENT GRAPH {s} ;\nINSERT DATA {{ GRAPH {s} {{\n{marker} .\n"
                            + " .\n".join(batch) + " .\n} }")
            else:
                self.update(f"INSERT DATA {{ GRAPH {s} {{\n" + " .\n".join(batch) + " .\n} }")
            if progress:
                progress(len(batch))
        if drop:
            swap = f"DELETE DATA {{ GRAPH {s} {{ {marker} }} }} ;\nMOVE {s} TO {g}"
        else:  # add to the graph: still one request
            swap = f"DELETE DATA {{ GRAPH {s} {{ {marker} }} }} ;\nADD {s} TO {g} ;\nDROP SILENT GRAPH {s}"
        self._swap(staging, graph_iri, swap)

    def _swap(self, staging: str, graph_iri: str, swap: str) -> None:
        """Send the swap; when the connection breaks before the answer, the server may or
        may not have run it: it did if the staging graph's marker is gone."""
        attempt = 0
        while True:
            try:
                self.update(swap, retry=False)
                return
            except StoreUnavailable:
                if attempt >= self.retries:
                    raise
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
                self.retried += 1
                if not self._is_staged(staging, graph_iri):
                    return

    def _is_staged(self, staging: str, graph_iri: str) -> bool:
        answer = self.raw_query(f"ASK {{ GRAPH {iri(staging)} {{ {iri(staging)} {iri(STAGING_FOR)} {iri(graph_iri)} }} }}")
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError(f"{self.location} did not answer an ASK query with a boolean")
        return bool(answer)

    def staging_graphs(self) -> list[str]:
        """Staging graphs on the server: left by a run that stopped before its swap."""
        rows = self._select(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?s {{ ?s {iri(STAGING_FOR)} ?g }} }}")
        return sorted(r["s"].value for r in rows if isinstance(r["s"], ox.NamedNode))

    def _drop_stale_staging(self) -> None:
        """Once per session, before the first write: drop every staging graph an earlier,
        interrupted run left (kg assumes one writer per server at a time, as with the
        embedded store)."""
        if self._staging_checked:
            return
        stale = self.staging_graphs()
        if stale:
            self.update(" ;\n".join(f"DROP SILENT GRAPH {iri(s)}" for s in stale))
        self._staging_checked = True

    def remove_graph(self, graph_iri: URIRef) -> bool:
        existed = str(graph_iri) in self.graphs() or bool(self._triples(str(graph_iri), limit=1))
        if existed:
            self._drop_stale_staging()
            self.update(f"DROP SILENT GRAPH {iri(str(graph_iri))}")
            self._graphs = None
        return existed

    # ------------------------------------------------------------------ reading

    def _triples(self, graph_iri: str, limit: int | None = None) -> list[tuple]:
        rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {iri(graph_iri)} {{ ?s ?p ?o }} }}"
                            + (f" LIMIT {int(limit)}" if limit else ""))
        ranges = declared_numeric_ranges()
        return [(r["s"], r["p"], as_declared(r["o"], ranges.get(r["p"].value))) for r in rows]

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The documents' quads (one graph, or all of kg's graphs)."""
        graphs = [graph_iri] if graph_iri is not None else self.graphs()
        for g in graphs:
            name = ox.NamedNode(g)
            for s, p, o in self._triples(g):
                yield ox.Quad(s, p, o, name)

    def graph(self, graph_iri: str | None = None) -> Graph:
        out = Graph()
        for quad in self.quads(graph_iri):
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
        return out

    def query(self, sparql: str):
        """Run SPARQL on the server over the union of kg's graphs (parameters are already
        bound, as a VALUES block, by kg.query.queries)."""
        return self.raw_query(sparql, dataset=True)


def staging_iri(graph_iri: str) -> str:
    """The staging graph of a document's graph: one per document, so a run that writes it
    again starts by dropping what an interrupted run left."""
    return STAGING_PREFIX + hashlib.sha256(graph_iri.encode("utf-8")).hexdigest()[:32]


def term_of(value: str) -> str:
    from rdflib import Literal

    return term(Literal(value))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}{t}" for t in (
    "integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


@functools.cache
def declared_numeric_ranges() -> dict[str, str]:
    """Each property whose range the ontology declares as a numeric XSD datatype."""
    from rdflib import RDFS

    from kg.resources import ontology_text

    ontology = Graph().parse(data=ontology_text(), format="turtle")
    return {str(p): str(r) for p, r in ontology.subject_objects(RDFS.range) if str(r) in _NUMERIC}


def as_declared(o, datatype: str | None):
    """A number a server hands back in another numeric datatype than the one the ontology
    declares for its property, in the declared one, same value: Virtuoso stores numbers as
    numbers and gives "1"^^xsd:decimal back as "1"^^xsd:integer, which SHACL's
    sh:datatype xsd:decimal would report. Anything else is returned as it is."""
    if datatype is None or not isinstance(o, ox.Literal) or o.datatype.value == datatype \
            or o.datatype.value not in _NUMERIC:
        return o
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(o.value)
    except InvalidOperation:
        return o
    if not value.is_finite():
        return o
    if datatype == f"{_XSD}decimal":
        return ox.Literal(format(value.normalize(), "f"), datatype=ox.NamedNode(datatype))
    if value == value.to_integral_value():  # an integer type: only a whole number fits
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(datatype))
    return o


def _key(s, p, o) -> tuple[str, str, str]:
    """A triple for comparing what a server holds with what kg would write: servers
    that store numbers as numbers (Virtuoso gives "1"^^xsd:decimal back as
    "1"^^xsd:integer, "007" as "7") still compare equal by value."""
    from decimal import Decimal, InvalidOperation

    from rdflib import Literal

    obj = term(o)
    if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) in _NUMERIC:
        try:
            obj = f"number {Decimal(str(o)).normalize()}"
        except InvalidOperation:
            pass
    return term(s), term(p), obj


def _first_line(text: str) -> str:
    text = re.sub(r"<[^>]{1,40}>", " ", text) if text.lstrip().startswith("<") else text
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= 200 else line[:197] + "..."
    return ""


def _reason(e: Exception) -> str:
    text = str(e)
    for reason in ("Connection refused", "Name or service not known", "No route to host",
                   "Temporary failure in name resolution", "timed out", "Network is unreachable"):
        if reason.lower() in text.lower():
            return reason.lower()
    return "connection failed"


@dataclass(frozen=True)
class PushReport:
    """What `push` did, and what the server holds afterwards."""

    changes: tuple[Change, ...]
    local_triples: int
    remote_triples: int | None  # None when the push stopped before it could count
    failed: tuple[tuple[str, str], ...] = ()  # (graph, one-line reason)
    stopped: str = ""  # why the push stopped before the end (a server that stopped answering)

    @property
    def verified(self) -> bool:
        return not self.failed and self.local_triples == self.remote_triples


def push(local, remote: RemoteStore, progress: Callable[[int, int, int, int], None] | None = None, *,
         public: bool = False) -> PushReport:
    """Load every graph of the local store into the remote one, each replacing the
    server's graph of the same name, then count the triples on both sides.

    With `public`, restricted people and statements are left out as in `kg export
    --public` (a graph left empty is dropped on the server). `progress(triples_done,
    triples_total, graphs_done, graphs_total)` is called after each batch and graph.

    Each graph lands all or nothing (`RemoteStore.write_lines`), and a graph the server
    already holds is left alone, so a push run again after a failure sends only what is
    missing or changed. A graph the server refuses is reported in `failed` and the push
    goes on; a server that stops answering (after retries) stops it (`stopped`)."""
    from collections import defaultdict

    graphs = local.graphs()
    quads = list(local.quads())
    if public:
        from kg.publish.privacy import public_view

        quads = list(public_view(quads))
    by_graph: dict[str, Graph] = defaultdict(Graph)
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            by_graph[q.graph_name.value].add((to_rdflib(q.subject), to_rdflib(q.predicate),  # type: ignore[arg-type]
                                              to_rdflib(q.object)))
    sizes = {g: len(by_graph[g]) for g in graphs}
    total = sum(sizes.values())
    done = 0
    changes: list[Change] = []
    failed: list[tuple[str, str]] = []
    base = local.base()
    if base and remote.base() != base:
        remote.set_base(base)
    for i, g in enumerate(graphs):
        def batch(n: int, _i: int = i) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total, _i, len(graphs))

        before = done
        try:
            changes.append(remote.replace_graph(URIRef(g), by_graph[g], progress=batch))
        except StoreUnavailable as e:
            failed.append((g, str(e)))
            return PushReport(tuple(changes), total, None, tuple(failed), stopped=str(e))
        except (StoreError, QueryError) as e:  # this graph was refused; the next may not be
            failed.append((g, str(e)))
        done = before + sizes[g]
        if progress:
            progress(done, total, i + 1, len(graphs))
    remote_total = sum(remote.count(g) for g in graphs)
    return PushReport(tuple(changes), total, remote_total, tuple(failed))
