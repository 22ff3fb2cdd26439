"""Shared by the viz tests: stores built from the hand-written record fixtures in
tests/fixtures/viz/ (import the fixtures below into a test module to use them).

- small.json: two documents, six speakers and subjects, an edge with three quotes, a
  quote about its own speaker, an unnamed speaker and a place (neither is an edge).
- sample.json: the sample page's quotes, speakers and roles as the gold file states
  them (what extraction should produce), 25 nodes and 18 edges.
- injection.json: names and a quote made of markup and script.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.query.queries import load_query, run_query, serialize_results
from kg.store.embedded import Store

FIXTURES = Path(__file__).parent / "fixtures" / "viz"


def build_store(path: Path, *fixtures: str) -> Path:
    """A store holding the given fixture files."""
    with Store(path) as store:
        report = build([FIXTURES / name for name in fixtures], store)
    assert report.counts()["failed"] == 0 and report.counts()["skipped"] == 0
    return path


def spoke_about_rows(store_path: Path) -> set[tuple[str, str, int]]:
    """The rows of the stored query who-spoke-about-whom: (speaker, subject, quotes)."""
    with Store(store_path, read_only=True) as store:
        data = serialize_results(run_query(store, load_query("who-spoke-about-whom")), "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return {(r["speaker"], r["subject"], int(r["quotes"])) for r in rows}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("viz") / "small", "small.json")


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("viz") / "sample", "sample.json")


@pytest.fixture(scope="module")
def injection_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("viz") / "injection", "injection.json")


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "empty"
    Store(path).close()
    return path
