"""kill -9 during a build of many documents: the store opens, holds every document
reported committed before the kill, and no half document."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.model.mapping import document_to_graph
from kg.pipeline import prepare
from kg.read.sources import read_page
from kg.store.embedded import Store, _ntriple

PAGE = """Main menu

{day} March 2021

Police in Lisbon detained journalist Ana Lima{n} on Tuesday, said Rui Costa{n}.

“Ana Lima{n} must be released now,” said Rui Costa{n}, a lawyer at Civic Watch{n}.
"""


def test_kill_during_build_loses_nothing_committed(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(400):
        (folder / f"p{n:03}.txt").write_text(PAGE.format(day=n % 28 + 1, n=n), encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "build", str(folder),
                             "--store", str(store)], stderr=subprocess.PIPE, text=True)
    committed: list[str] = []
    start = time.monotonic()
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("added: "):
            committed.append(line.split()[1])
        if len(committed) >= 60:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    elapsed = time.monotonic() - start
    assert proc.returncode == -signal.SIGKILL
    print(f"\n{len(committed)} documents committed in {elapsed:.2f} s before kill -9 "
          f"({len(committed) / elapsed:.0f} documents/s)")

    with Store(store) as reopened:
        graphs = reopened.graphs()
        by_name = {g.rsplit("/", 1)[1]: g for g in graphs}
        assert set(committed) <= set(by_name), "a document reported committed was lost"
        for name, iri in by_name.items():
            expected = {_ntriple(*t) for t in document_to_graph(prepare(read_page(folder / name, name)))}
            stored = {f"{q.subject} {q.predicate} {q.object}" for q in reopened.quads(iri)}
            assert stored == expected, f"{name} is only partly in the store"
    assert len(graphs) < 400, "the kill came too late to test anything"

    resumed = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(folder),
                              "--store", str(store), "-q"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(graphs)} unchanged" in resumed.stderr
    with Store(store, read_only=True) as finished:
        assert len(finished.graphs()) == 400
