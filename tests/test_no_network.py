"""Nothing reaches the network by accident: SERVICE, owl:imports, external entities.

A real HTTP server on loopback counts the requests it gets."""
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from kg.cli import cli
from kg.model.namespaces import SCHEMA
from kg.read.sources import read_page
from kg.validate.shacl import validate_graph


class Counter(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"SECRET-FROM-NETWORK")

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_service_is_refused_unless_allowed(server: str, built_store_path: Path, tmp_path: Path) -> None:
    q = tmp_path / "remote.rq"
    q.write_text(f"SELECT * WHERE {{ SERVICE <{server}/sparql> {{ ?s ?p ?o }} }}")
    refused = CliRunner().invoke(cli, ["query", str(q), "--store", str(built_store_path)])
    assert refused.exit_code == 2 and "--allow-service" in refused.output
    assert Counter.hits == []
    CliRunner().invoke(cli, ["query", str(q), "--store", str(built_store_path), "--allow-service"])
    assert Counter.hits, "with --allow-service the store does call out: the refusal above is what protects"


def test_validation_never_follows_owl_imports(server: str) -> None:
    g = Graph()
    g.add((URIRef("https://e.org/onto"), OWL.imports, URIRef(f"{server}/shapes.ttl")))
    g.add((URIRef("https://e.org/p"), RDF.type, SCHEMA.Person))
    g.add((URIRef("https://e.org/p"), SCHEMA.name, Literal("Ana Lima")))
    validate_graph(g)
    assert Counter.hits == []


def test_html_input_resolves_no_external_entities(server: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("LOCAL-SECRET")
    page = tmp_path / "xxe.html"
    page.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY local SYSTEM "file://{secret}">'
                    f'<!ENTITY remote SYSTEM "{server}/dtd">]>\n<html><body><p>2020-01-01</p>'
                    f"<p>Text &local; and &remote; here.</p></body></html>", encoding="utf-8")
    doc = read_page(page, "xxe.html")
    assert "LOCAL-SECRET" not in doc.text and "SECRET-FROM-NETWORK" not in doc.text
    assert Counter.hits == []
