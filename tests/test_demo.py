"""The bundled demo corpus (demo/corpus) gives what `make demo` promises: it builds from
three house styles, conforms, draws a who-spoke-about-whom network of a dozen links or
more, and the fact and person the Makefile shows are there."""
import re
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.query.dossier import dossier, resolve_person
from kg.query.queries import bind_params, load_query, select
from kg.store.embedded import Store
from kg.validate.shacl import validate_graph

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "demo" / "corpus"


def makefile_value(name: str) -> str:
    """The demo corpus's value of a Makefile variable (the first `NAME ?= ...`)."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return re.search(rf"^{name} \?= (.+)$", text, re.M).group(1).strip()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "store"
    with Store(path) as store:
        report = build([CORPUS], store)
    assert sorted((o.source, o.status) for o in report.outcomes) == [
        ("harbor-court-monitor.json", "added"), ("lantern-legal-clinic-press-release.txt", "added"),
        ("northbridge-rights-watch-news.html", "added")]
    return path


def test_demo_corpus_has_three_house_styles() -> None:
    assert sorted(p.suffix for p in CORPUS.iterdir()) == [".html", ".json", ".txt"]


def test_demo_conforms(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        report = validate_graph(store.graph())
    assert report.conforms and not report.findings, [f.message for f in report.findings]


def test_demo_network_has_a_dozen_links(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        rows = select(store, load_query("who-spoke-about-whom")).rows
    assert len(rows) >= 12
    assert len({str(r[0]) for r in rows}) >= 6  # speakers from every source


def test_the_fact_and_person_the_makefile_shows(demo_store: Path) -> None:
    query = load_query("evidence")
    with Store(demo_store, read_only=True) as store:
        rows = select(store, query, bind_params(query, [("subject", f"<{makefile_value('FACT')}>")])).rows
        assert any("detained journalist Pieter Valk" in str(r[0]) for r in rows)
        person = dossier(store, resolve_person(store, makefile_value("PERSON")))
    assert len(person.section("detention")) >= 2 and len(person.section("spoken about")) >= 4
