"""kg.api: the Python functions a notebook uses (and the CLI calls)."""
import datetime as dt
import sys
from pathlib import Path

import pytest

from kg import api
from kg.errors import KgError, QueryError
from kg.query.dossier import AmbiguousName

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(built_store_path: Path):
    with api.open_store(built_store_path, read_only=True) as s:
        yield s


def test_build_then_query_with_parameters(tmp_path: Path) -> None:
    with api.open_store(tmp_path / "s") as store:
        report = api.build([FIXTURES / "page.txt"], store)
        assert [o.status for o in report.outcomes] == ["added"]
        rows = api.query(store, "quotes-by-speaker", by="Pavel Sapelka", since="2021-01-01")
    assert len(rows) == 1 and rows[0]["speaker"] == "Pavel Sapelka"
    assert rows[0]["reported"] == dt.date(2021, 3, 3)  # typed literals become Python values
    assert rows[0]["statement"].startswith("https://w3id.org/kg/id/statement/")


def test_query_text_and_unbound_values(store) -> None:
    rows = api.query(store, "SELECT ?name ?nothing WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name")
    assert rows == [{"name": "Katsiaryna Andreyeva", "nothing": None}, {"name": "Pavel Sapelka", "nothing": None}]
    assert api.query_text(store, "SELECT ?n WHERE { ?p schema:name ?n }", n="Pavel Sapelka") == [{"n": "Pavel Sapelka"}]


def test_query_errors_are_kg_errors(store) -> None:
    with pytest.raises(QueryError, match="needs parameter"):
        api.query(store, "detentions-in-place")
    with pytest.raises(QueryError, match="no parameter 'nope'"):
        api.query(store, "detentions-in-place", place="Belarus", nope="x")


def test_dataframe(store) -> None:
    pandas = pytest.importorskip("pandas")
    df = api.dataframe(store, "who-spoke-about-whom")
    assert isinstance(df, pandas.DataFrame)
    assert list(df.columns) == ["speaker", "subject", "quotes"] and len(df) == 2
    assert set(df["speaker"]) == {"Pavel Sapelka"} and df["quotes"].sum() == 2


def test_dataframe_without_pandas_says_what_to_install(store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas looks like
    with pytest.raises(KgError, match="pip install pandas"):
        api.dataframe(store, "persons")


def test_network_and_draw(store, tmp_path: Path) -> None:
    graph = api.network(store)
    assert graph.number_of_edges() == 2
    focused = api.network(store, person="Katsiaryna Andreyeva")
    assert focused.graph["focus"] == "around Katsiaryna Andreyeva"
    page = api.draw(graph, tmp_path / "n.html")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert api.draw(graph, tmp_path / "n.graphml").stat().st_size > 0
    figure = api.draw(graph)
    assert figure.axes  # a matplotlib Figure, for a notebook to show


def test_dossier(store) -> None:
    assert api.dossier(store, "andreyeva").name == "Katsiaryna Andreyeva"
    with pytest.raises(AmbiguousName):
        api.dossier(store, "a")
