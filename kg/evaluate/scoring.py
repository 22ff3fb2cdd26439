"""Scoring: what kg builds from a page, read back through its stored queries, against a
hand-made gold annotation of that page (the shared gold format: `*.gold.json`).

A page is built into a fresh temporary store with kg's own pipeline; the stored queries
(persons, organizations, locations, statements, quotes, detentions, roles,
who-spoke-about-whom) are run on it, and each category gets precision, recall and F1
against the gold file. The page's figure is the macro-F1: the mean F1 of its categories.

The rules follow the gold format's own (SCHEMA.md beside the gold files):
- names match the gold name or any alias after normalization (case, punctuation, curly
  quotes, a possessive 's, a leading "the", spaces around hyphens); a person's name also
  matches once leading titles and honorifics are dropped ("Ambassador Haley"), but only
  when what is left is a gold person's name or alias;
- the same gold entity returned twice counts once right and once wrong (a resolution miss);
- statements match on their date and the opening words of their body; quotes on their
  opening words (a returned quote takes the gold quote whose opening stands earliest in
  it), quote-speakers on the speaker too;
- detentions match on the reported date and the detainee: a person by name, a group by
  its count (a different count never matches) or by at least half of the gold
  description's content words; the strongest match wins (name, then count, then words);
- a detention's location is right when it is the gold location, a place containing it
  through the gold `within` chain, or one of the listed alternatives;
- roles match on person, organization and at least half of the gold title's words (an
  affiliation without a title on person and organization);
- who-spoke-about-whom edges match once both ends resolve to gold names; an edge from a
  speaker to their own organization (a gold role) is never charged;
- optional items (entities, roles, detentions, quotes, optional edges) are neutral.

Nothing here prints or exits: `kg score` prints what `render` returns.
"""
from __future__ import annotations

import functools
import json
import math
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import InputError

CATEGORIES = ("persons", "organizations", "locations", "statements", "quotes", "quote-speakers",
              "detentions", "detention-locations", "roles", "who-spoke-about-whom")

# The stored queries a score reads, with the columns it uses.
QUERIES = ("persons", "organizations", "locations", "statements", "quotes", "detentions", "roles",
           "who-spoke-about-whom")

OPENING_WORDS = 6  # a gold opening is five to eight words; six is enough to place it

# Titles and honorifics that may stand before a person's name. Multi-word titles are
# written as they read after normalization (no dots, "chargé d affaires").
TITLES = tuple(sorted({tuple(t.split()) for t in (
    "mr", "mrs", "ms", "miss", "mx", "messrs", "mme", "mlle", "dr", "prof", "professor", "sir", "dame",
    "lord", "lady", "sheikh", "sheik", "shaikh", "imam", "ayatollah", "rabbi", "rev", "reverend",
    "father", "pastor", "bishop", "archbishop", "cardinal", "pope", "monsignor",
    "king", "queen", "prince", "princess", "crown prince", "emir", "president", "vice president",
    "prime minister", "deputy prime minister", "minister", "foreign minister", "state counsellor",
    "chancellor", "secretary", "deputy secretary", "secretary of state", "commissioner",
    "spokesperson", "spokesman", "spokeswoman", "ambassador", "chargé d affaires", "governor", "mayor",
    "senator", "sen", "representative", "rep", "congressman", "congresswoman", "chairman",
    "chairwoman", "chair", "cochair", "co-chair", "judge", "justice", "magistrate",
    "general", "gen", "brigadier", "brig", "colonel", "col", "major", "maj", "captain", "capt",
    "lieutenant", "lt", "sergeant", "sgt",
)}, key=len, reverse=True))

# Words that say nothing about who a group of detainees is ("some of the other", "dozens").
STOP_WORDS = frozenset("""
    a an the and or of in on at to by for from with as
    other others another number some several many few least most more than around about over
    nearly almost approximately roughly dozens hundreds thousands scores
    his her their its
""".split())


def norm(text: str | None) -> str:
    """A name or phrase as compared: NFKC, lower case, straight quotes, no possessive 's,
    no punctuation except hyphens inside words ("Al - Abidine" is "al-abidine"), no
    leading "the"."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text).lower()
    s = s.translate({0x2018: "'", 0x2019: "'", 0x201C: '"', 0x201D: '"'})
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s-]", " ", s)
    s = re.sub(r"\s*-\s*", "-", s)
    s = re.sub(r"(?<!\w)-|-(?!\w)", " ", s)  # a dash that joins no two words ("D.C.--USCIRF") parts them
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def words(text: str | None) -> list[str]:
    return norm(text).split()


def content_words(text: str | None) -> set[str]:
    """The words of a group description that say who they are (all of them if only stop
    words are left)."""
    ws = set(words(text))
    return ws - STOP_WORDS or ws


def opening_position(text: str, opening: str) -> int:
    """Where the opening's first words stand in the text, counted in words; -1 if absent."""
    needle = words(opening)[:OPENING_WORDS]
    hay = words(text)
    if not needle:
        return -1
    for i in range(len(hay) - len(needle) + 1):
        if hay[i:i + len(needle)] == needle:
            return i
    return -1


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class CategoryScore:
    """One category of one page: its counts and what was returned wrongly or missed."""

    counts: Counts
    extra: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    @property
    def f1(self) -> float:
        return self.counts.f1


@dataclass(frozen=True)
class PageScore:
    """A page's score: one entry per category that applies to it (detention-locations only
    where a matched gold detention has a location)."""

    name: str
    categories: dict[str, CategoryScore]
    error: str = ""

    @property
    def macro_f1(self) -> float:
        if not self.categories:
            return 0.0
        return sum(c.f1 for c in self.categories.values()) / len(self.categories)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"page": self.name, "macro_f1": round(self.macro_f1, 4), "categories": {}}
        if self.error:
            out["error"] = self.error
        for cat, s in self.categories.items():
            out["categories"][cat] = {"p": round(s.counts.precision, 4), "r": round(s.counts.recall, 4),
                                      "f1": round(s.f1, 4), "tp": s.counts.tp, "fp": s.counts.fp,
                                      "fn": s.counts.fn, "extra": list(s.extra), "missing": list(s.missing)}
        return out


@dataclass(frozen=True)
class GoldPage:
    """A page with its gold annotation: the page's text file and the `.gold.json` beside it."""

    name: str
    document: Path
    gold: Path


@dataclass
class Summary:
    """Several pages: the mean macro-F1 and the mean F1 of each category over the pages
    where it applies."""

    pages: list[PageScore] = field(default_factory=list)

    @property
    def mean(self) -> float:
        return sum(p.macro_f1 for p in self.pages) / len(self.pages) if self.pages else 0.0

    def category_means(self) -> dict[str, float]:
        means = {}
        for cat in CATEGORIES:
            values = [p.categories[cat].f1 for p in self.pages if cat in p.categories]
            if values:
                means[cat] = sum(values) / len(values)
        return means

    def to_json(self) -> dict[str, Any]:
        return {"pages": [p.to_json() for p in self.pages], "mean_macro_f1": round(self.mean, 4),
                "categories": {k: round(v, 4) for k, v in self.category_means().items()}}


# ---------------------------------------------------------------------------- names


class Names:
    """Every surface form of a set of gold entities, mapped to the entity's canonical
    (normalized) name. Titles are dropped before the names of `titled` entities only."""

    def __init__(self, entities: Iterable[dict], titled: Iterable[dict] = ()) -> None:
        self.canonical: dict[str, str] = {}
        self.optional: set[str] = set()
        for entity in entities:
            name = norm(entity["name"])
            for form in (entity["name"], *(entity.get("aliases") or [])):
                self.canonical.setdefault(norm(form), name)
            if entity.get("optional"):
                self.optional.add(name)
        self.titled = {norm(e["name"]) for e in titled}

    def resolve(self, name: str | None) -> str:
        """The gold entity this name refers to (its canonical name), or the normalized name."""
        n = norm(name)
        if n in self.canonical:
            return self.canonical[n]
        toks = n.split()
        while True:
            title = next((t for t in TITLES if len(toks) > len(t) and tuple(toks[:len(t)]) == t), None)
            if title is None:
                return n
            toks = toks[len(title):]
            hit = self.canonical.get(" ".join(toks))
            if hit in self.titled:
                return hit


def match_set(returned: Iterable[Any], gold: set, optional: set) -> tuple[Counts, list, list]:
    """Returned items against gold items: each gold item is credited once; an optional
    one is neutral once; anything else (a repeat included) is wrong."""
    seen: set = set()
    tp = fp = 0
    extra = []
    for item in returned:
        if item in seen or item not in gold | optional:
            fp += 1
            extra.append(item)
            continue
        seen.add(item)
        tp += item in gold
    missing = sorted(g for g in gold if g not in seen)
    return Counts(tp, fp, len(missing)), extra, missing


def _show(items: Iterable[Any]) -> tuple[str, ...]:
    return tuple(" | ".join(map(str, x)) if isinstance(x, tuple) else str(x) for x in items)


# ---------------------------------------------------------------------------- scoring


def score_rows(rows: dict[str, list[dict[str, str]]], gold: dict, name: str = "") -> PageScore:
    """Score the rows of the stored queries (column name -> value, unbound columns left
    out) against a gold annotation."""
    gold_persons = gold.get("persons", [])
    gold_orgs = gold.get("organizations", [])
    gold_places = gold.get("locations", [])
    persons = Names(gold_persons, titled=gold_persons)
    orgs = Names(gold_orgs)
    places = Names(gold_places)
    agents = Names([*gold_persons, *gold_orgs], titled=gold_persons)
    out: dict[str, CategoryScore] = {}

    for cat, names in (("persons", persons), ("organizations", orgs), ("locations", places)):
        returned = [names.resolve(r["name"]) for r in rows.get(cat, []) if r.get("name")]
        required = {norm(e["name"]) for e in gold.get(cat, []) if not e.get("optional")}
        counts, extra, missing = match_set(returned, required, names.optional)
        out[cat] = CategoryScore(counts, _show(extra), _show(missing))

    out["statements"] = _statements(rows.get("statements", []), gold.get("statements", []))
    out["quotes"], out["quote-speakers"] = _quotes(rows.get("quotes", []), gold.get("quotes", []), agents)
    detentions, locations = _detentions(rows.get("detentions", []), gold, persons, places)
    out["detentions"] = detentions
    if locations is not None:
        out["detention-locations"] = locations
    out["roles"] = _roles(rows.get("roles", []), gold_persons, persons, orgs)
    out["who-spoke-about-whom"] = _edges(rows.get("who-spoke-about-whom", []), gold, agents)
    return PageScore(name, {c: out[c] for c in CATEGORIES if c in out})


def _statements(rows: list[dict[str, str]], gold: list[dict]) -> CategoryScore:
    """A statement is right when its date and the opening words of its body match an
    unused gold statement."""
    used: set[int] = set()
    extra = []
    for r in rows:
        date = r.get("reported", "")[:10]
        hit = next((i for i, g in enumerate(gold) if i not in used and g["date"] == date
                    and opening_position(r.get("text", ""), g["opening"]) >= 0), None)
        if hit is None:
            extra.append((date, " ".join(words(r.get("text", ""))[:8])))
        else:
            used.add(hit)
    missing = [(g["date"], g["opening"]) for i, g in enumerate(gold) if i not in used]
    return CategoryScore(Counts(len(used), len(extra), len(missing)), _show(extra), _show(missing))


def _quotes(rows: list[dict[str, str]], gold: list[dict], agents: Names) -> tuple[CategoryScore, CategoryScore]:
    """Quotes by their opening words; quote-speakers by opening words and speaker."""
    used: set[int] = set()
    found = attributed = neutral = 0
    extra, wrong_speaker = [], []
    for r in rows:
        text = r.get("text", "")
        candidates = []
        for i, g in enumerate(gold):
            if i not in used and (pos := opening_position(text, g["opening"])) >= 0:
                candidates.append((pos, bool(g.get("optional")), i))
        if not candidates:
            extra.append(" ".join(words(text)[:8]))
            continue
        i = min(candidates)[2]
        used.add(i)
        g = gold[i]
        if g.get("optional"):
            neutral += 1
            continue
        found += 1
        if agents.resolve(r.get("speaker")) == norm(g["speaker"]):
            attributed += 1
        else:
            wrong_speaker.append((r.get("speaker", ""), g["opening"]))
    returned = len(rows) - neutral
    required = sum(1 for g in gold if not g.get("optional"))
    missing = [g["opening"] for i, g in enumerate(gold) if i not in used and not g.get("optional")]
    quotes = CategoryScore(Counts(found, returned - found, required - found), _show(extra), _show(missing))
    speakers = CategoryScore(Counts(attributed, returned - attributed, required - attributed),
                             _show(wrong_speaker), _show(missing))
    return quotes, speakers


def _count(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _detentions(rows: list[dict[str, str]], gold: dict, persons: Names,
                places: Names) -> tuple[CategoryScore, CategoryScore | None]:
    entries = gold.get("detentions", [])
    person_names = {norm(p["name"]) for p in gold.get("persons", [])}
    within = {norm(p["name"]): places.resolve(p["within"]) for p in gold.get("locations", []) if p.get("within")}

    def strength(r: dict[str, str], g: dict) -> float:
        """How well a returned detainee matches a gold one: 3 the same person, 2 (and a
        little for shared words) the same group count, 1 most of the group's words, 0 none.
        A group with another count never matches, even in the same words."""
        gold_who = persons.resolve(g["detainee"])
        if gold_who in person_names:
            return 3 if persons.resolve(r.get("detainee")) == gold_who else 0
        theirs, ours = content_words(g["detainee"]), content_words(r.get("detainee"))
        share = len(theirs & ours) / len(theirs) if theirs and ours else 0.0
        count = _count(r.get("count"))
        if g.get("count") and count is not None:
            return 2 + share / 10 if count == int(g["count"]) else 0
        return 1 if share >= 0.5 else 0

    def accepted(g: dict) -> set[str]:
        ok: set[str] = set()
        here: str | None = places.resolve(g["location"])
        while here and here not in ok:
            ok.add(here)
            here = within.get(here)
        return ok | {places.resolve(x) for x in g.get("location_alternatives") or [] if x}

    used: set[int] = set()
    tp = 0
    extra = []
    located = right_place = 0
    wrong_place = []
    for r in rows:
        date = r.get("reported", "")[:10]
        best = max(((s, not g.get("optional"), -i) for i, g in enumerate(entries)
                    if i not in used and g["statement_date"] == date and (s := strength(r, g))), default=None)
        if best is None:
            extra.append((date, r.get("detainee", "")))
            continue
        i = -best[2]
        used.add(i)
        g = entries[i]
        if g.get("optional"):
            continue
        tp += 1
        if g.get("location"):
            located += 1
            if places.resolve(r.get("location")) in accepted(g):
                right_place += 1
            else:
                wrong_place.append((g["detainee"], r.get("location", ""), g["location"]))
    missing = [(g["statement_date"], g["detainee"]) for i, g in enumerate(entries)
               if i not in used and not g.get("optional")]
    detentions = CategoryScore(Counts(tp, len(extra), len(missing)), _show(extra), _show(missing))
    if not located:
        return detentions, None
    # one figure: the share of matched detentions placed right (precision = recall = F1)
    wrong = located - right_place
    return detentions, CategoryScore(Counts(right_place, wrong, wrong), _show(wrong_place))


def _roles(rows: list[dict[str, str]], gold_persons: list[dict], persons: Names, orgs: Names) -> CategoryScore:
    gold_roles = [(norm(p["name"]), orgs.resolve(r["organization"]) if r.get("organization") else "",
                   set(words(r.get("title"))), bool(p.get("optional") or r.get("optional")),
                   f"{p['name']}: {r.get('title') or ''} / {r.get('organization') or ''}")
                  for p in gold_persons for r in p.get("roles") or []]
    used: set[int] = set()
    tp = neutral = 0
    extra = []
    for r in rows:
        who, org = persons.resolve(r.get("person")), orgs.resolve(r.get("organization"))
        title = set(words(r.get("title")))
        candidates = []
        for i, (g_who, g_org, g_title, optional, _) in enumerate(gold_roles):
            if i in used or g_who != who or (g_org and g_org != org):
                continue
            if g_title:
                share = len(g_title & title) / len(g_title)
                if share < 0.5:
                    continue
            elif not g_org:
                continue  # a gold role with neither title nor organization says nothing
            else:
                share = 0.0
            candidates.append((not optional, share, -i))
        if not candidates:
            extra.append((r.get("person", ""), r.get("title", ""), r.get("organization", "")))
            continue
        i = -max(candidates)[2]
        used.add(i)
        if gold_roles[i][3]:
            neutral += 1
        else:
            tp += 1
    missing = [g[4] for i, g in enumerate(gold_roles) if i not in used and not g[3]]
    return CategoryScore(Counts(tp, len(rows) - neutral - tp, len(missing)), _show(extra), _show(missing))


def _edges(rows: list[dict[str, str]], gold: dict, agents: Names) -> CategoryScore:
    def resolved(pairs: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
        return {(agents.resolve(a), agents.resolve(b)) for a, b in pairs}

    returned = list(dict.fromkeys((agents.resolve(r.get("speaker")), agents.resolve(r.get("subject")))
                                  for r in rows))
    own = resolved((p["name"], r["organization"]) for p in gold.get("persons", [])
                   for r in p.get("roles") or [] if r.get("organization"))
    counts, extra, missing = match_set(returned, resolved(gold.get("spoke_about", [])),
                                       resolved(gold.get("spoke_about_optional", [])) | own)
    return CategoryScore(counts, _show(extra), _show(missing))


# ---------------------------------------------------------------------------- pages


@functools.cache
def _stored(name: str) -> Any:
    from kg.query.queries import load_query

    return load_query(name)


def query_rows(store: Any) -> dict[str, list[dict[str, str]]]:
    """The rows of the stored queries a score reads, as plain strings (unbound left out)."""
    from kg.query.queries import select

    rows = {}
    for name in QUERIES:
        result = select(store, _stored(name))
        rows[name] = [{c: str(v) for c, v in zip(result.columns, row) if v is not None} for row in result.rows]
    return rows


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not a readable gold file ({e})") from None
    if not isinstance(gold, dict):
        raise InputError(f"{path}: not a gold file (expected a JSON object)")
    return gold


def find_pages(paths: Iterable[str | Path]) -> list[GoldPage]:
    """The gold pages under `paths` (gold files, or folders searched for `*.gold.json`).
    A gold file names its document; the document is looked for beside it, then in a
    sibling `corpus/` folder (the shared layout: gold/X.gold.json, corpus/X.txt)."""
    pages = []
    for path in map(Path, paths):
        if path.is_dir():
            golds = sorted(path.rglob("*.gold.json"))
            if not golds:
                raise InputError(f"{path}: no *.gold.json files in this folder")
        elif path.is_file():
            golds = [path]
        else:
            raise InputError(f"{path}: no such file or folder")
        pages.extend(page_of(g) for g in golds)
    return pages


def page_of(gold_path: Path) -> GoldPage:
    gold = load_gold(gold_path)
    name = gold_path.name.removesuffix(".gold.json")
    document = gold.get("document") or f"{name}.txt"
    for folder in (gold_path.parent, gold_path.parent.parent / "corpus"):
        if (folder / document).is_file():
            return GoldPage(name, folder / document, gold_path)
    raise InputError(f"{gold_path}: its document {document} is neither beside it nor in ../corpus/")


def score_page(page: GoldPage, workdir: str | Path | None = None) -> PageScore:
    """Build the page into a fresh store (in-process) and score it."""
    return next(score_pages([page], workdir))


def score_pages(pages: Iterable[GoldPage], workdir: str | Path | None = None) -> Iterator[PageScore]:
    """Score each page in turn, in this process. One temporary store serves them all: each
    page is built into it, queried, then removed, so every page is scored on its own
    graph. A page that does not build scores 0 in every category (as the shared scorer
    does: a page that loses all its facts is a total miss, whatever its gold holds)."""
    from kg.pipeline import build
    from kg.store.embedded import Store

    with tempfile.TemporaryDirectory(dir=workdir, prefix="kg-score-") as tmp, Store(Path(tmp) / "store") as store:
        for page in pages:
            gold = load_gold(page.gold)
            try:
                report = build([page.document], store, jobs=1)
                problems = [f"{o.status}: {o.message}" for o in report.outcomes
                            if o.status in ("skipped", "failed")]
                rows = query_rows(store) if report.built and not problems else None
            finally:
                for graph in store.graphs():
                    store.remove_graph(graph)
            if rows is None:
                failed = {c: CategoryScore(Counts(0, 0, 1)) for c in CATEGORIES if c != "detention-locations"}
                yield PageScore(page.name, failed, error="; ".join(problems) or "nothing was built")
            else:
                yield score_rows(rows, gold, page.name)


# ---------------------------------------------------------------------------- reports and floors

SHORT = {"persons": "pers", "organizations": "orgs", "locations": "locs", "statements": "stmts",
         "quotes": "quotes", "quote-speakers": "q-spk", "detentions": "det", "detention-locations": "det-loc",
         "roles": "roles", "who-spoke-about-whom": "edges"}


def render(summary: Summary, verbose: bool = False) -> str:
    """The scores as text: for one page its categories (precision, recall, F1); for
    several a table of pages by category (F1) with the mean of each column; then the
    mean macro-F1. `verbose` adds each page's categories with what was extra or missing."""
    lines: list[str] = []
    if len(summary.pages) == 1 or verbose:
        for page in summary.pages:
            lines.append(f"{page.name}" + (f"  ({page.error})" if page.error else ""))
            lines.append(f"  {'category':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
            for cat, s in page.categories.items():
                c = s.counts
                lines.append(f"  {cat:22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:4} {c.fp:4} {c.fn:4}")
                if verbose and (s.extra or s.missing):
                    lines += [f"      extra:   {x}" for x in s.extra]
                    lines += [f"      missing: {x}" for x in s.missing]
            lines.append(f"  {'macro-F1':22} {'':>6} {'':>6} {page.macro_f1:6.3f}")
            lines.append("")
    if len(summary.pages) > 1:
        cats = [c for c in CATEGORIES if any(c in p.categories for p in summary.pages)]
        width = max(len("mean"), *(len(p.name) for p in summary.pages))
        head = f"{'page':{width}} " + " ".join(f"{SHORT[c]:>7}" for c in cats) + f" {'macro':>7}"
        lines += [head, "-" * len(head)]
        for page in summary.pages:
            cells = " ".join(f"{page.categories[c].f1:7.3f}" if c in page.categories else f"{'-':>7}" for c in cats)
            lines.append(f"{page.name:{width}} {cells} {page.macro_f1:7.3f}" + ("  !" if page.error else ""))
        means = summary.category_means()
        lines.append("-" * len(head))
        lines.append(f"{'mean':{width}} " + " ".join(f"{means[c]:7.3f}" for c in cats) + f" {summary.mean:7.3f}")
        lines.append("")
        lines.append("columns: " + ", ".join(f"{SHORT[c]} = {c}" for c in cats))
    lines.append(f"mean macro-F1 {summary.mean:.3f} over {len(summary.pages)} page(s)")
    return "\n".join(lines) + "\n"


def load_floors(path: Path) -> dict[str, Any]:
    """A floors file: {"pages": {name: floor}, "mean": floor, "categories": {category: floor}}."""
    try:
        floors = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"pages": {}, "categories": {}}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not a readable floors file ({e})") from None
    if not isinstance(floors, dict) or not isinstance(floors.get("pages", {}), dict):
        raise InputError(f"{path}: not a floors file (expected an object with \"pages\")")
    return floors


def below_floors(summary: Summary, floors: dict[str, Any]) -> list[str]:
    """Every figure under its floor, one line each. Pages without a floor are not checked;
    the mean and category floors only when the pages scored are exactly those floored
    (a mean over other pages says nothing about theirs)."""
    out = []
    page_floors = floors.get("pages", {})
    for page in summary.pages:
        if page.name in page_floors and page.macro_f1 < page_floors[page.name]:
            out.append(f"{page.name}: macro-F1 {page.macro_f1:.3f} is below its floor {page_floors[page.name]:.3f}")
    if {p.name for p in summary.pages} != set(page_floors):
        return out
    if "mean" in floors and summary.mean < floors["mean"]:
        out.append(f"mean macro-F1 {summary.mean:.3f} is below its floor {floors['mean']:.3f}")
    means = summary.category_means()
    for cat, floor in floors.get("categories", {}).items():
        if means.get(cat, 0.0) < floor:
            out.append(f"{cat}: mean F1 {means.get(cat, 0.0):.3f} is below its floor {floor:.3f}")
    return out


def raised_floors(summary: Summary, floors: dict[str, Any], margin: float = 0.01) -> dict[str, Any]:
    """The floors raised to `margin` below today's figures, never lowered: a figure that
    fell keeps its old floor (and `below_floors` reports it). Pages scored for the first
    time get a floor; pages not scored keep theirs."""
    def floor(value: float, old: float | None) -> float:
        new = max(0.0, math.floor(round((value - margin) * 1000, 6)) / 1000)
        return new if old is None else max(old, new)

    pages = dict(floors.get("pages", {}))
    for page in summary.pages:
        pages[page.name] = floor(page.macro_f1, pages.get(page.name))
    out = {k: v for k, v in floors.items() if k not in ("pages", "mean", "categories")}
    out["pages"] = dict(sorted(pages.items()))
    if {p.name for p in summary.pages} == set(pages):
        out["mean"] = floor(summary.mean, floors.get("mean"))
        old = floors.get("categories", {})
        out["categories"] = {c: floor(v, old.get(c)) for c, v in summary.category_means().items()}
    else:
        out.update({k: floors[k] for k in ("mean", "categories") if k in floors})
    return out
