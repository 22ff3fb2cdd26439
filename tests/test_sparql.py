"""kg.store.sparql: terms escaped so no value can leave its quotes, VALUES placed at the top
of the WHERE group, SERVICE found by parsing."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.store.sparql import bind_values, decode_codepoints, iri, query_form, string, term, uses_service, where_brace

ECHO = "SELECT ?v WHERE { }"


def echo(value: Literal) -> Literal:
    solutions = list(ox.Store().query(bind_values(ECHO, {"v": value})))
    assert len(solutions) == 1
    got = solutions[0]["v"]
    return Literal(got.value, lang=got.language) if got.language else Literal(got.value, datatype=got.datatype.value)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_comes_back_as_itself(value: str) -> None:
    assert str(echo(Literal(value))) == value


@pytest.mark.parametrize("value", ['" } } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #', "\\u0022", "a\\", "'''",
                                   '"""', "\n\r\t\b\f\x00\x7f", "é ü 中文 \U0001F600"])
def test_hostile_strings(value: str) -> None:
    assert str(echo(Literal(value))) == value


def test_typed_and_tagged_literals() -> None:
    assert echo(Literal("2021-03-03", datatype=XSD.date)) == Literal("2021-03-03", datatype=XSD.date)
    assert echo(Literal("Minsk", lang="be-Latn")) == Literal("Minsk", lang="be-Latn")
    with pytest.raises(QueryError):
        term(Literal("x", datatype=URIRef("http://x/> } #")))


@pytest.mark.parametrize("bad", ["http://x/> } ", "http://x/\\u003E", "no-colon", "", "http://x y", "http://x/\"",
                                 "http://x/{a}"])
def test_iris_that_could_break_out_are_refused(bad: str) -> None:
    with pytest.raises(QueryError):
        iri(bad)


def test_string_escapes() -> None:
    assert string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert string("\x01") == '"\\u0001"'


@pytest.mark.parametrize("query, form", [
    ("PREFIX a: <http://a/>\nSELECT * { ?s ?p ?o }", "SELECT"),
    ("# SELECT in a comment\nBASE <http://b/> ASK { }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
])
def test_query_form(query: str, form: str) -> None:
    assert query_form(query) == form


@pytest.mark.parametrize("query, before", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE "),
    ("SELECT * { ?s ?p ?o }", "SELECT * "),
    ('PREFIX x: <http://x/#>\nSELECT ("{" AS ?b) (EXISTS { ?a ?b ?c } AS ?e) (?s < 3 AS ?l) FROM <http://g/> '
     'WHERE { ?s ?p ?o }', None),
    ("# WHERE { in a comment\nSELECT * WHERE { ?s ?p ?o }", None),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE "),
    ("ASK { ?s ?p ?o }", "ASK "),
])
def test_where_brace(query: str, before: str | None) -> None:
    at = where_brace(query)
    assert query[at] == "{"
    if before is not None:
        assert query[:at] == before
    assert query[at:].strip().endswith("}") and "?s ?p ?o" in query[at:]


def test_bound_query_runs_with_the_value_in_every_filter() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/name"), ox.Literal("A"), ox.DefaultGraph()))
    store.add(ox.Quad(ox.NamedNode("http://x/b"), ox.NamedNode("http://x/name"), ox.Literal("B"), ox.DefaultGraph()))
    text = "SELECT ?s WHERE { ?s <http://x/name> ?n FILTER(?n = ?want) } ORDER BY ?s"
    rows = [r["s"].value for r in store.query(bind_values(text, {"want": Literal("B")}))]
    assert rows == ["http://x/b"]
    assert [r["s"].value for r in store.query(bind_values(text, {"want": URIRef("http://x/none")}))] == []


def test_unbindable_queries_are_clear_errors() -> None:
    with pytest.raises(QueryError, match="sub-select"):
        bind_values("SELECT * WHERE { SELECT ?s { ?s ?p ?o } }", {"s": Literal("x")})
    with pytest.raises(QueryError, match="short form"):
        bind_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": Literal("x")})
    with pytest.raises(QueryError, match="only SELECT"):
        bind_values("INSERT DATA { <a:b> <a:c> <a:d> }", {"s": Literal("x")})
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        bind_values("SELECT * { }", {"a b": Literal("x")})


@pytest.mark.parametrize("query, expected", [
    ("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://x/> { ?s ?p ?o } } }", True),
    ("SELECT * { { SELECT ?s { SERVICE ?x { ?s ?p ?o } } } }", True),
    ("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { \\U00000073ervice <http://x/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p '''\nSERVICE <http://x/> ''' }", False),
    ("SELECT * { ?s <http://x/SERVICE> \"SERVICE\" } # SERVICE", False),
    ("SELECT * { ?s ex:SERVICE ?service }", False),
])
def test_uses_service(query: str, expected: bool) -> None:
    assert uses_service(query) is expected


def test_codepoint_escapes_are_decoded_as_sparql_reads_them() -> None:
    assert decode_codepoints("\\u0053ELECT \\U0001F600 \\uD800") == "SELECT \U0001F600 \\uD800"


def test_uses_service_refuses_a_string_it_cannot_read() -> None:
    # Read as written, one string; decoded (as SPARQL reads it), a string that never ends.
    with pytest.raises(QueryError, match="unterminated string"):
        uses_service('SELECT * { ?s ?p "service" . ?s ?p "a\\u0022b" }')
