"""Every gold page in the repository, built and scored the way `kg score` does it, against
the floors in tests/fixtures/floors.json: each page's macro-F1, the mean, and each
category's mean. Floors only ever rise: when extraction gets better, raise them with

    kg score tests/fixtures --floors tests/fixtures/floors.json --raise-floors

(0.01 below today's figures, never lower than before). A page whose figure fell fails here."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import Summary, below_floors, find_pages, load_floors, score_pages

FIXTURES = Path(__file__).parent / "fixtures"
FLOORS = FIXTURES / "floors.json"


@pytest.fixture(scope="module")
def summary() -> Summary:
    return Summary(list(score_pages(find_pages([FIXTURES]))))


def test_every_gold_page_builds_and_has_a_floor(summary):
    names = [p.name for p in summary.pages]
    assert len(names) == len(set(names)), "two gold pages share a name"
    assert [p.name for p in summary.pages if p.error] == []
    assert set(names) == set(load_floors(FLOORS)["pages"]), "give every gold page a floor (see this module's docstring)"


def test_no_figure_is_below_its_floor(summary):
    assert below_floors(summary, load_floors(FLOORS)) == []


def test_floors_are_set_for_every_category_and_the_mean():
    floors = load_floors(FLOORS)
    assert 0 < floors["mean"] <= 1
    assert {"persons", "quotes", "detentions", "roles", "who-spoke-about-whom"} <= set(floors["categories"])


SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


@pytest.mark.parametrize("name", sorted(load_floors(FLOORS).get("outside", {})))
def test_gold_pages_outside_the_repository_hold_their_floor(name):
    """The shared sample is not public domain, so it is not in the repository: it is scored
    only where ../shared is beside the clone."""
    gold = SHARED_GOLD / f"{name}.gold.json"
    if not gold.is_file():
        pytest.skip(f"{gold} is not beside this clone")
    [page] = score_pages(find_pages([gold]))
    assert page.macro_f1 >= load_floors(FLOORS)["outside"][name], page.to_json()
