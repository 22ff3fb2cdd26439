"""Shared fixtures: small hand-written sources and stores built from them, and real SPARQL
servers (`oxigraph serve`) started on loopback for the remote tests."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.pipeline import build
from kg.store.embedded import Store

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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        pytest.fail("the oxigraph server is missing: pip install -e '.[test]' installs it")
    return found


def wait_until_ready(url: str, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} not ready after {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def launch_serve(*args: str) -> tuple[subprocess.Popen, str]:
    """`kg serve` on a free port in its own process (as a user runs it), and the line it
    printed when it started serving."""
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    if "serving" not in line:
        stop(process)
        pytest.fail(f"kg serve did not start: {line}")
    return process, line


def url_of(serving_line: str) -> str:
    """The query URL in the line `kg serve` prints when it starts."""
    return serving_line.split(" at ")[1].split()[0]


@dataclass
class Server:
    query: str
    update: str
    process: subprocess.Popen


def start_oxigraph(location: Path, *extra: str) -> Server:
    port = free_port()
    log = open(location.parent / f"{location.name}.log", "wb")
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", *extra], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    wait_until_ready(f"{base}/query?query=ASK%7B%7D", process)
    return Server(f"{base}/query", f"{base}/update", process)


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Server]:
    """A fresh, empty Oxigraph server (plain `oxigraph serve`, no union default graph)."""
    server = start_oxigraph(tmp_path / "oxigraph")
    yield server
    stop(server.process)
