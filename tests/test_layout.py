"""The package layout: kg's modules import each other one way (no circles, counting
imports inside functions too), and nothing below the CLI imports it or click."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import kg

ROOT = Path(kg.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = ["kg", *path.relative_to(ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def imported(tree: ast.AST, here: str, is_package: bool, known: set[str]) -> set[str]:
    """The kg modules a module imports anywhere in its body (a `from A import b` names the
    module A.b when that is a module, else A)."""
    found: set[str] = set()
    package = here if is_package else here.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m in known and m != here}


def import_graph() -> nx.DiGraph:
    mods = modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(mods)
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target in imported(tree, name, path.name == "__init__.py", set(mods)):
            graph.add_edge(name, target)
    return graph


def test_the_graph_sees_the_layout():
    graph = import_graph()
    # a sanity check on the walker itself: these edges exist in the code
    assert graph.has_edge("kg.cli", "kg.errors")
    assert graph.has_edge("kg.pipeline", "kg.parallel")
    assert graph.has_edge("kg.parallel", "kg.extract")
    assert graph.has_edge("kg.store", "kg.store.embedded")
    assert {"kg.read.sources", "kg.model.mapping", "kg.store.remote", "kg.validate.incremental",
            "kg.query.queries", "kg.publish.export", "kg.network.viz"} <= set(graph)


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph()))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def test_only_the_cli_imports_the_cli_and_click():
    graph = import_graph()
    assert [m for m in graph.predecessors("kg.cli")] == []
    for name, path in modules().items():
        if name != "kg.cli":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            roots |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            assert "click" not in roots, f"{name} imports click: only the CLI should"


def test_the_stages_are_subpackages():
    for stage in ("read", "extract", "model", "store", "validate", "query", "publish", "network", "evaluate"):
        assert (ROOT / stage / "__init__.py").is_file(), stage
    assert sorted(p.stem for p in ROOT.glob("*.py")) == ["__init__", "api", "cli", "errors", "parallel", "pipeline",
                                                                 "progress", "resources"]
