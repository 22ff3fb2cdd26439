"""Where the data files live: `ontology/`, `shapes/` and `queries/`.

In a wheel they are inside the package (`kg/data/...`); in a source checkout or an
editable install they are at the top of the repository. Nothing else knows this."""
from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def data_dir(name: str) -> Traversable:
    """The folder `name` (ontology, shapes or queries), wherever kg is installed."""
    packaged = resources.files("kg").joinpath("data", name)
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parent.parent / name
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError(f"kg's {name}/ folder is missing from this installation")


def data_files(name: str, suffix: str) -> list[Traversable]:
    """The files of a data folder ending in `suffix`, sorted by name."""
    return sorted((f for f in data_dir(name).iterdir() if f.name.endswith(suffix)), key=lambda f: f.name)


def ontology_text() -> str:
    return data_dir("ontology").joinpath("kg.ttl").read_text(encoding="utf-8")
