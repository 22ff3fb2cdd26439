"""kg.evaluate: the scoring rules on small hand-made rows and gold, the floors, and a
stand-in kg that returns exactly the gold rows (it must score 1.000 on every gold page)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.evaluate.scoring import (CATEGORIES, Names, PageScore, Summary, below_floors, find_pages, norm,
                         opening_position, raised_floors, score_rows)

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_FILES = sorted(FIXTURES.rglob("*.gold.json"))

GOLD = {
    "document": "page.txt",
    "statements": [{"date": "2020-05-01", "opening": "Police in Springfield arrested two activists"}],
    "persons": [
        {"name": "Jane Doe", "aliases": ["Doe"],
         "roles": [{"title": "Director of Research", "organization": "Rights Watch"}]},
        {"name": "John Roe", "aliases": [], "roles": []},
        {"name": "Maybe Person", "aliases": [], "optional": True, "roles": []},
    ],
    "organizations": [{"name": "Rights Watch", "aliases": ["RW"]}],
    "locations": [{"name": "Springfield", "aliases": [], "within": "Freedonia"},
                  {"name": "Freedonia", "aliases": []}],
    "detentions": [
        {"statement_date": "2020-05-01", "detainee": "John Roe", "location": "Springfield", "authority": "police"},
        {"statement_date": "2020-05-01", "detainee": "peaceful student protesters", "count": 12,
         "location": "Springfield", "authority": None},
    ],
    "quotes": [{"statement_date": "2020-05-01", "speaker": "Jane Doe",
                "opening": "The arrest of John Roe is", "about": ["John Roe", "Rights Watch"]}],
    "spoke_about": [["Jane Doe", "John Roe"]],
    "spoke_about_optional": [],
}


def perfect_rows(gold: dict) -> dict[str, list[dict[str, str]]]:
    """What a kg that found exactly the gold facts would return from the stored queries."""
    def opt(d: dict) -> bool:
        return bool(d.get("optional"))

    rows: dict[str, list[dict[str, str]]] = {
        "persons": [{"name": p["name"]} for p in gold.get("persons", []) if not opt(p)],
        "organizations": [{"name": o["name"]} for o in gold.get("organizations", []) if not opt(o)],
        "locations": [{"name": x["name"]} for x in gold.get("locations", []) if not opt(x)],
        "statements": [{"reported": s["date"], "text": s["opening"] + " and so on."}
                       for s in gold.get("statements", [])],
        "quotes": [{"speaker": q["speaker"], "reported": q["statement_date"], "text": q["opening"] + " ..."}
                   for q in gold.get("quotes", []) if not opt(q)],
        "detentions": [], "roles": [],
        "who-spoke-about-whom": [{"speaker": a, "subject": b, "quotes": "1"} for a, b in gold.get("spoke_about", [])],
    }
    for d in gold.get("detentions", []):
        if not opt(d):
            row = {"detainee": d["detainee"], "reported": d["statement_date"]}
            row.update({k: str(v) for k, v in (("location", d.get("location")), ("count", d.get("count"))) if v})
            rows["detentions"].append(row)
    for p in gold.get("persons", []):
        for r in p.get("roles") or []:
            if not (opt(p) or opt(r)):
                rows["roles"].append({"person": p["name"], **{k: r[k] for k in ("title", "organization") if r.get(k)}})
    return rows


def f1s(page: PageScore) -> dict[str, float]:
    return {k: round(v.f1, 3) for k, v in page.categories.items()}


def test_norm_drops_case_punctuation_possessive_and_leading_the():
    assert norm("The  Ministry’s Office.") == "ministry office"
    assert norm("Al - Abidine") == norm("Al-Abidine") == "al-abidine"
    assert norm("Washington, D.C.--USCIRF today") == "washington d c uscirf today"


def test_opening_is_found_on_word_boundaries():
    assert opening_position("Headline\n\nPolice in Springfield arrested two activists today.",
                            "Police in Springfield arrested two activists on") == 1
    assert opening_position("Apolice in Springfield arrested two activists", "Police in Springfield arrested") == -1


def test_titles_are_dropped_only_before_a_gold_persons_name():
    names = Names(GOLD["persons"] + GOLD["organizations"], titled=GOLD["persons"])
    assert names.resolve("Ms. Doe") == "jane doe"
    assert names.resolve("Director Jane Doe") == "director jane doe"  # "director" is no title
    assert names.resolve("President Prime Minister Doe") == "jane doe"
    assert names.resolve("Mr. RW") == "mr rw"  # organizations have no titles


def test_perfect_rows_score_one_everywhere():
    page = score_rows(perfect_rows(GOLD), GOLD)
    assert set(f1s(page)) == set(CATEGORIES)
    assert page.macro_f1 == 1.0


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_a_kg_returning_the_gold_scores_one_on_every_gold_page(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    page = score_rows(perfect_rows(gold), gold)
    assert page.macro_f1 == 1.0, {k: (v.extra, v.missing) for k, v in page.categories.items() if v.f1 < 1}


def test_nothing_returned_scores_zero_where_gold_has_items():
    page = score_rows({}, GOLD)
    assert f1s(page)["persons"] == 0.0 and f1s(page)["quotes"] == 0.0
    assert "detention-locations" not in page.categories  # no matched detention to place


def test_an_entity_returned_twice_counts_once_right_once_wrong_and_optional_is_neutral():
    rows = perfect_rows(GOLD)
    rows["persons"] += [{"name": "Doe"}, {"name": "Maybe Person"}]
    c = score_rows(rows, GOLD).categories["persons"]
    assert (c.counts.tp, c.counts.fp, c.counts.fn) == (2, 1, 0)
    assert c.extra == ("jane doe",)


def test_group_detention_matches_by_count_or_words_never_by_another_count():
    base = perfect_rows(GOLD)
    others = [r for r in base["detentions"] if r["detainee"] == "John Roe"]

    def group_f1(row: dict) -> float:
        rows = {**base, "detentions": others + [{"reported": "2020-05-01", **row}]}
        return score_rows(rows, GOLD).categories["detentions"].f1

    assert group_f1({"detainee": "twelve people", "count": "12"}) == 1.0
    assert group_f1({"detainee": "some student protesters"}) == 1.0  # 2 of 3 content words
    assert group_f1({"detainee": "peaceful student protesters", "count": "11"}) < 1.0
    assert group_f1({"detainee": "some people"}) < 1.0


def test_detention_location_accepts_the_within_chain_only():
    def loc_f1(location: str) -> float:
        rows = perfect_rows(GOLD)
        rows["detentions"] = [{**r, "location": location} for r in rows["detentions"]]
        return score_rows(rows, GOLD).categories["detention-locations"].f1

    assert loc_f1("Freedonia") == 1.0
    assert loc_f1("Shelbyville") == 0.0


def test_roles_need_half_the_title_words_and_the_organization():
    def role_f1(row: dict) -> float:
        return score_rows({**perfect_rows(GOLD), "roles": [row]}, GOLD).categories["roles"].f1

    assert role_f1({"person": "Doe", "title": "research director", "organization": "RW"}) == 1.0
    assert role_f1({"person": "Jane Doe", "title": "spokesperson", "organization": "Rights Watch"}) == 0.0
    assert role_f1({"person": "Jane Doe", "title": "Director of Research", "organization": "Other Group"}) == 0.0


def test_quote_speaker_and_own_organization_edge():
    rows = perfect_rows(GOLD)
    rows["quotes"] = [{**rows["quotes"][0], "speaker": "Ms. Doe"}]
    rows["who-spoke-about-whom"].append({"speaker": "Jane Doe", "subject": "Rights Watch", "quotes": "1"})
    page = score_rows(rows, GOLD)
    assert f1s(page)["quote-speakers"] == 1.0
    assert f1s(page)["who-spoke-about-whom"] == 1.0  # her own organization: neutral
    rows["quotes"] = [{**rows["quotes"][0], "speaker": "John Roe"}]
    assert f1s(score_rows(rows, GOLD))["quote-speakers"] == 0.0


def summary_of(**pages: float) -> Summary:
    from kg.evaluate.scoring import CategoryScore, Counts

    def page(name: str, f1: float) -> PageScore:  # tp/fp chosen so that F1 is the given figure
        return PageScore(name, {"persons": CategoryScore(Counts(int(f1 * 100), int((1 - f1) * 200), 0))})

    return Summary([page(n, f) for n, f in pages.items()])


def test_floors_only_rise_and_report_what_fell():
    today = summary_of(a=0.5, b=1.0)
    floors = raised_floors(today, {"note": "kept", "pages": {"a": 0.6}})
    assert floors["note"] == "kept"
    assert floors["pages"] == {"a": 0.6, "b": 0.99}  # a keeps its higher floor, b gets one
    assert floors["mean"] == pytest.approx(0.74)
    assert below_floors(today, floors) == ["a: macro-F1 0.500 is below its floor 0.600"]
    assert below_floors(summary_of(a=0.7, b=1.0), floors) == []
    assert raised_floors(summary_of(a=0.7, b=1.0), floors)["pages"]["a"] == 0.69


def test_mean_floor_is_checked_only_on_the_pages_it_was_set_for():
    floors = {"pages": {"a": 0.0, "b": 0.0}, "mean": 0.9}
    assert below_floors(summary_of(a=0.5, b=0.5), floors) == ["mean macro-F1 0.500 is below its floor 0.900"]
    assert below_floors(summary_of(a=0.5), floors) == []


def test_find_pages_locates_documents_beside_or_in_corpus(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "corpus").mkdir()
    (tmp_path / "gold" / "x.gold.json").write_text(json.dumps({"document": "x.txt"}), encoding="utf-8")
    (tmp_path / "corpus" / "x.txt").write_text("text\n", encoding="utf-8")
    [page] = find_pages([tmp_path / "gold"])
    assert (page.name, page.document) == ("x", tmp_path / "corpus" / "x.txt")
    (tmp_path / "gold" / "y.gold.json").write_text(json.dumps({"document": "y.txt"}), encoding="utf-8")
    with pytest.raises(InputError, match="y.txt"):
        find_pages([tmp_path / "gold"])


ONE_PAGE = FIXTURES / "extract" / "fld-sotoudeh.gold.json"


def test_cli_scores_a_page_as_json():
    result = CliRunner().invoke(cli, ["score", str(ONE_PAGE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [page] = data["pages"]
    assert page["page"] == "fld-sotoudeh"
    assert set(page["categories"]) <= set(CATEGORIES)
    assert 0.0 <= data["mean_macro_f1"] == page["macro_f1"] <= 1.0


def test_cli_table_and_floors(tmp_path):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"pages": {"fld-sotoudeh": 1.01}}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(ONE_PAGE), "--floors", str(floors)])
    assert result.exit_code == 1
    assert "macro-F1" in result.stdout and "persons" in result.stdout
    assert "below floor: fld-sotoudeh" in result.stderr
    result = CliRunner().invoke(cli, ["score", str(ONE_PAGE), "--floors", str(floors), "--raise-floors"])
    assert result.exit_code == 1  # the floor of 1.01 stays: floors never fall
    assert json.loads(floors.read_text(encoding="utf-8"))["pages"]["fld-sotoudeh"] == 1.01


def test_cli_usage_errors(tmp_path):
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "missing.gold.json")])
    assert result.exit_code == 2 and "no such file or folder" in result.stderr
    result = CliRunner().invoke(cli, ["score", str(ONE_PAGE), "--raise-floors"])
    assert result.exit_code == 2


def test_a_page_that_does_not_build_scores_zero_and_exits_1(tmp_path):
    (tmp_path / "x.txt").write_text("No date anywhere on this page.\n", encoding="utf-8")
    gold = {"document": "x.txt", "statements": [{"date": "2020-01-01", "opening": "No date anywhere on this"}]}
    (tmp_path / "x.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path), "--json"])
    assert result.exit_code == 1
    [page] = json.loads(result.stdout)["pages"]
    assert page["macro_f1"] == 0.0 and "no dated statements" in page["error"]
    assert "failed: x:" in result.stderr
