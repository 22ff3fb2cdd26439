"""Every stored query: listed, described, ordered, and golden results on the fixture."""
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.query.queries import bind_params, load_query, select, stored_queries, to_term
from kg.store.embedded import Store

GOLDEN = Path(__file__).parent / "golden" / "queries"
REQUIRED_COLUMNS = {
    "statements": ["reported", "text"],
    "persons": ["name"],
    "organizations": ["name"],
    "locations": ["name", "within"],
    "roles": ["person", "title", "organization"],
    "detentions": ["detainee", "reported", "location", "authority", "count"],
    "quotes": ["speaker", "reported", "text"],
    "who-spoke-about-whom": ["speaker", "subject", "quotes"],
}
PARAMS = {
    "detentions-in-place": [("place", "Belarus")],
    "quotes-by-speaker": [("by", "Pavel Sapelka"), ("since", "2021-01-01")],
    "person": [("person", "<https://w3id.org/kg/id/person/Katsiaryna_Andreyeva>")],
    "evidence": [("subject", "<https://w3id.org/kg/id/person/Pavel_Sapelka>")],
    "persons-by-name": [("name", "SAPELKA")],
    "dossier": [("person", "<https://w3id.org/kg/id/person/Katsiaryna_Andreyeva>")],
    "dossier-evidence": [("fact", "<https://w3id.org/kg/id/person/Katsiaryna_Andreyeva>")],
}
NAMES = [q.name for q in stored_queries()]


def test_all_required_queries_exist() -> None:
    assert set(REQUIRED_COLUMNS) <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_query_header_describes_it(name: str) -> None:
    q = load_query(name)
    assert q.title and q.title != name and q.description and q.columns
    assert "ORDER BY" in q.text, "every SELECT is ordered"
    assert set(PARAMS.get(name, [])) == set() or {p for p, _ in PARAMS[name]} <= {p.name for p in q.params}


@pytest.mark.parametrize("name", NAMES)
def test_query_golden_results(name: str, built_store_path: Path, update_golden: bool) -> None:
    q = load_query(name)
    with Store(built_store_path, read_only=True) as store:
        result = select(store, q, bind_params(q, PARAMS.get(name, [])))
    if name in REQUIRED_COLUMNS:
        assert result.columns == REQUIRED_COLUMNS[name]
    got = {"columns": result.columns, "rows": [[None if v is None else str(v) for v in row] for row in result.rows]}
    golden = GOLDEN / f"{name}.json"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))
    assert got["rows"], f"{name} returns rows on the fixture"


def test_parameters_are_terms_never_text() -> None:
    assert to_term("<https://e.org/x>") == URIRef("https://e.org/x")
    assert to_term("schema:Person") == URIRef("https://schema.org/Person")
    assert to_term("Ana Lima") == Literal("Ana Lima")
    assert to_term("2020-01-02", "date") == Literal("2020-01-02", datatype=XSD.date)


@pytest.mark.parametrize("value", ['"} ; DROP ALL ; {', "a\nb", "x' . ?s ?p ?o . '", "{}"])
def test_hostile_literal_values_match_nothing(value: str, built_store_path: Path) -> None:
    q = load_query("quotes-by-speaker")
    with Store(built_store_path, read_only=True) as store:
        assert select(store, q, bind_params(q, [("by", value)])).rows == []
        assert len(store) > 0


@pytest.mark.parametrize("value", ["<https://e.org/a b>", "<https://e.org/a>b>", "<>", "<no-scheme>"])
def test_bad_iris_are_refused(value: str) -> None:
    with pytest.raises(QueryError, match="not a valid absolute IRI"):
        to_term(value, "iri", name="subject")


def test_unknown_and_missing_parameters_are_errors() -> None:
    q = load_query("detentions-in-place")
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        bind_params(q, [("nope", "x")])
    with pytest.raises(QueryError, match="needs parameter"):
        bind_params(q, [])
    with pytest.raises(QueryError, match="expected a date"):
        bind_params(load_query("quotes-by-speaker"), [("by", "x"), ("since", "2020-02-30")])


def test_unknown_query_name_lists_known_ones() -> None:
    with pytest.raises(QueryError, match="known: .*persons"):
        load_query("nope")


def test_adhoc_query_file(tmp_path: Path, built_store_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    with Store(built_store_path, read_only=True) as store:
        result = select(store, load_query(str(path)), {})
    assert int(result.rows[0][0]) > 100


def test_place_containment_follows_the_hierarchy(built_store_path: Path) -> None:
    q = load_query("detentions-in-place")
    with Store(built_store_path, read_only=True) as store:
        inside_belarus = select(store, q, bind_params(q, [("place", "Belarus")])).rows
        only_minsk = select(store, q, bind_params(q, [("place", "Minsk")])).rows
    assert {str(r[0]) for r in inside_belarus} == {"Katsiaryna Andreyeva", "Around 30 protesters"}
    assert {str(r[0]) for r in only_minsk} == {"Katsiaryna Andreyeva"}


def test_readme_query_table_is_generated_from_the_headers() -> None:
    from kg.query.queries import queries_markdown

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert queries_markdown() in readme


def test_service_is_found_however_it_is_spelled() -> None:
    from kg.query.queries import uses_service

    assert uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert uses_service("select * { service silent <http://x/> { ?s ?p ?o } }")
    assert uses_service("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }")
    assert not uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    assert not uses_service("SELECT ?service { ?s <http://x/SERVICE> ?service }")


@pytest.mark.parametrize("arg, text", [
    ("persons", False), ("my-query.rq", False), ("dir with space/q.rq", False), ("queries/x.sparql", False),
    ("SELECT * WHERE { ?s ?p ?o }", True), ("ASK{?s ?p ?o}", True), ("select", True),
    ("PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?o }", True),
])
def test_query_text_is_told_from_names_and_files(arg: str, text: bool) -> None:
    from kg.query.queries import looks_like_query_text

    assert looks_like_query_text(arg) is text


def test_known_prefixes_are_declared_only_where_missing() -> None:
    from kg.query.queries import with_known_prefixes

    text = "PREFIX schema: <http://schema.org/>\nSELECT * { ?s schema:name ?o }"
    out = with_known_prefixes(text)
    assert out.endswith(text) and "PREFIX schema: <https://schema.org/>" not in out and "PREFIX kg: " in out
