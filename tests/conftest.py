"""Shared fixtures: small hand-written sources and stores built from them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite the golden files from current output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def records_file() -> Path:
    return FIXTURES / "records.json"


@pytest.fixture(scope="session")
def page_file() -> Path:
    return FIXTURES / "page.txt"


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory, records_file: Path) -> Path:
    """A store built once from the hand-written records (read it; do not write to it)."""
    path = tmp_path_factory.mktemp("stores") / "records-store"
    with Store(path) as store:
        report = build([records_file], store)
    assert report.counts()["added"] == 1
    return path


@pytest.fixture
def store_copy(tmp_path: Path, built_store_path: Path) -> Path:
    """A private, writable copy of the built store."""
    target = tmp_path / "store"
    shutil.copytree(built_store_path, target)
    return target
