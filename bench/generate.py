"""A seeded generator of synthetic press pages in kg's page format, for benchmarks.

Each page looks like a real press page: site chrome, a country heading, then dated
entries ("January 15, 2019") whose bodies report detentions and carry quotes
attributed to spokespeople (“…,” said NAME, ORG’s TITLE), places ("the city of X",
"X, a region in the south of Y") and the people spoken about. Every name is made up
from syllables, so no real person is named; the same seed gives the same bytes.

    python bench/generate.py --statements 1000 --out /tmp/corpus-1k
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

PER_PAGE = 20

_ONSETS = ["b", "br", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kh", "l", "m", "n", "p", "r", "s",
           "sh", "st", "t", "tr", "v", "z", "zh", "y", "al", "el", "ol"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ia", "io", "ou", "ya"]
_CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "t", "v"]
_SURNAME_ENDS = ["ova", "ov", "enko", "ski", "ska", "ez", "son", "escu", "idze", "yan", "ali", "ani", "berg",
                 "man", "ic", "ek", "aro", "ulu", "eva", "ev"]
_PLACE_ENDS = ["ia", "ova", "grad", "sk", "stan", "burg", "polis", "ana", "or", "ino", "evo", "abad", "ora"]
_ORG_WORDS = ["Rights", "Justice", "Liberty", "Civic", "Legal", "Open", "Free", "Dignity",
              "Voices", "Truth", "Solidarity", "Defenders", "Equality", "Press", "Horizon"]
_ORG_KINDS = ["Watch", "Centre", "Foundation", "Initiative", "Network", "Committee", "Alliance",
              "Coalition", "Union", "Council", "Project", "Institute"]
_TITLES = ["Director", "Deputy Director", "Researcher", "Senior Researcher", "Campaigner",
           "Head of Office", "Legal Adviser", "Spokesperson", "Regional Director", "Policy Adviser"]
_REGIONS_OF = ["Eastern Europe", "Central Asia", "the Caucasus", "the Middle East", "Southern Africa",
               "the Americas", "East Asia", "the Balkans"]
_PROFESSIONS = ["human rights defender", "journalist", "lawyer", "activist", "blogger", "teacher",
                "trade unionist", "environmental campaigner", "student", "opposition politician", "doctor",
                "writer"]
_GROUPS = ["protesters", "activists", "students", "journalists", "people", "workers", "members of a religious group",
           "peaceful demonstrators", "residents"]
_VERBS = ["detained", "arrested", "abducted", "imprisoned"]
_AUTHORITIES = ["police", "security forces", "the local authorities", "officers of the security service",
                "the military", "plain-clothes officers"]
_DIRECTIONS = ["north", "south", "east", "west", "north-east", "south-west"]
_CHARGES = ["spurious charges of extremism", "fabricated drug charges", "charges of hooliganism",
            "charges of organizing an unauthorized rally", "treason charges", "charges of spreading false information"]
_FILLER = [
    "The authorities have not explained the grounds for the detention.",
    "Relatives were not told where {pronoun} was being held for several days.",
    "Lawyers were denied access to {pronoun_obj} during the first hours of questioning.",
    "The case is the latest in a series of reprisals against critics of the government.",
    "Independent observers were barred from the courtroom.",
    "Several witnesses said that force was used during the arrest.",
    "A court is expected to rule on the appeal next month.",
    "The prosecution has asked for a sentence of up to {years} years in prison.",
    "International organizations have repeatedly called for an end to such practices.",
    "No official investigation into the allegations of ill-treatment has been opened.",
]
_QUOTE_OPENERS = [
    "The detention of {subject} is a blatant attempt to silence a critical voice",
    "{subject} has committed no crime and must be released immediately and unconditionally",
    "The charges against {subject} are politically motivated and must be dropped",
    "The authorities must stop harassing {subject} and everyone who speaks out",
    "What happened to {subject} shows how far the authorities will go to crush dissent",
    "We are deeply concerned for the safety of {subject}, who is held incommunicado",
]
_QUOTE_TAILS = [
    "the authorities must end this crackdown now",
    "this is a grave injustice that strikes at the heart of civil society",
    "those responsible for ill-treatment must be brought to justice",
    "the international community must not stay silent",
    "peaceful criticism is not a crime",
    "the right to peaceful assembly must be respected",
]


def _syllables(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(n))


def _pool(rng: random.Random, size: int, make) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < size:
        seen.setdefault(make(rng), None)
    return list(seen)


# Given names from many languages (none from the sample page); surnames are generated, so
# the full names are made up.
_GIVEN = """Amina Tomas Leila Jonas Farida Mateo Ines Kofi Yara Anders Priya Omar Sofia Tariq Elena Kwame
Nadia Hugo Zainab Pablo Mariam Felix Aisha Ivan Lucia Samir Hana Jakub Fatima Rafael Noor Oskar Chiara Youssef
Ilse Bruno Layla Viktor Ana Karim Eva Diego Salma Milan Rosa Hamid Clara Arjun Olga Tomasz Zara Nikolai Carmen
Idris Vera Luis Selin Marek Dina Emre Alma Goran Lina Rustam Nora Andrei Mina Kemal Julia Said Petra Ali Agnes
Daniel Tamara Hassan Mira Stefan Gulnara Jorge Lea Bakhyt Ruth Anton Aziza Paolo Dilnoza Martin Asel Nikola
Miriam Timur Laura Ruslan Ilona Erik Zhanna Tobias Saule Adam Elif Nurlan Beatriz Aleksandra Sergio Nilufar""".split()


def _person(rng: random.Random) -> str:
    first = rng.choice(_GIVEN) if rng.random() < 0.8 else _syllables(rng, rng.choice((1, 2))).capitalize()
    last = (_syllables(rng, rng.choice((1, 2))) + rng.choice(_SURNAME_ENDS)).capitalize()
    return f"{first} {last}"


def _place(rng: random.Random) -> str:
    return (_syllables(rng, rng.choice((1, 2))) + rng.choice(_PLACE_ENDS)).capitalize()


def _org(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.4:
        return f"{rng.choice(_ORG_WORDS)} {rng.choice(_ORG_KINDS)}"
    if shape < 0.7:
        return f"{rng.choice(_ORG_WORDS)} {rng.choice(_ORG_WORDS)} {rng.choice(_ORG_KINDS)}"
    return f"{_place(rng)} {rng.choice(_ORG_WORDS)} {rng.choice(_ORG_KINDS)}"


@dataclass(frozen=True)
class Pools:
    speakers: list[tuple[str, str, str]]  # name, organization, title
    subjects: list[str]
    countries: list[str]
    regions: dict[str, list[str]]  # country -> regions
    cities: dict[str, list[str]]  # region -> cities


def make_pools(rng: random.Random, statements: int) -> Pools:
    """Name pools that grow with the corpus, as a real decade of statements would."""
    orgs = _pool(rng, max(8, statements // 400), _org)
    speakers = [(name, rng.choice(orgs), f"{rng.choice(_TITLES)} for {rng.choice(_REGIONS_OF)}")
                for name in _pool(rng, max(12, statements // 60), _person)]
    subjects = _pool(rng, max(40, statements // 3), _person)
    speaker_names = {s[0] for s in speakers}
    subjects = [s for s in subjects if s not in speaker_names]
    places = _pool(rng, max(6, statements // 800) * 12 + 40, _place)
    countries = places[: max(6, statements // 800)]
    rest = places[len(countries):]
    regions = {c: [rest.pop() for _ in range(3)] for c in countries if len(rest) >= 3}
    cities = {r: [rest.pop() for _ in range(min(3, len(rest)))] for rs in regions.values() for r in rs}
    return Pools(speakers, subjects, [c for c in countries if c in regions], regions, cities)


def _date_line(day: dt.date) -> str:
    return f"{calendar.month_name[day.month]} {day.day:02d}, {day.year}"


def _statement(rng: random.Random, pools: Pools, day: dt.date) -> tuple[str, list[str]]:
    """One dated entry's body paragraphs and its country."""
    country = rng.choice(pools.countries)
    region = rng.choice(pools.regions[country])
    city = rng.choice(pools.cities[region]) if pools.cities.get(region) else region
    subject = rng.choice(pools.subjects)
    second = rng.choice(pools.subjects)
    speaker, org, title = rng.choice(pools.speakers)
    profession = rng.choice(_PROFESSIONS)
    pronoun, pronoun_obj = rng.choice((("he", "him"), ("she", "her")))
    verb = rng.choice(_VERBS)
    authority = rng.choice(_AUTHORITIES)
    weekday = calendar.day_name[day.weekday()]
    paragraphs: list[str] = []

    if rng.random() < 0.5:
        paragraphs.append(
            f"{subject}, a {profession}, was {verb} by {authority} in the city of {city} on {weekday} "
            f"on {rng.choice(_CHARGES)}. {rng.choice(_FILLER).format(pronoun=pronoun, pronoun_obj=pronoun_obj, years=rng.randint(2, 12))}")
    else:
        count = rng.randint(3, 120)
        paragraphs.append(
            f"At least {count} {rng.choice(_GROUPS)} have been arbitrarily {verb} in {region}, a region in the "
            f"{rng.choice(_DIRECTIONS)} of {country}, after a peaceful protest in the city of {city}. "
            f"Among them was {subject}, a {profession}.")
    paragraphs.append(" ".join(rng.choice(_FILLER).format(pronoun=pronoun, pronoun_obj=pronoun_obj,
                                                         years=rng.randint(2, 12))
                               for _ in range(rng.randint(1, 3))))
    quote = f"{rng.choice(_QUOTE_OPENERS).format(subject=subject)}, and {rng.choice(_QUOTE_TAILS)}"
    if rng.random() < 0.6:
        paragraphs.append(f"“{quote},” said {speaker}, {org}’s {title}.")
    else:
        paragraphs.insert(0, f"Responding to the news that {subject} had been {verb} in {country}, "
                             f"{speaker}, {org}’s {title}, said:")
        paragraphs.insert(1, f"“{quote}.")
    if rng.random() < 0.4:
        paragraphs.append(f"“{rng.choice(_QUOTE_OPENERS).format(subject=second)}. "
                          f"{rng.choice(_QUOTE_TAILS).capitalize()},” said {speaker}.")
    return country, paragraphs


def generate(statements: int, seed: int = 1, per_page: int = PER_PAGE) -> dict[str, str]:
    """Page name -> page text for a corpus of `statements` dated entries."""
    rng = random.Random(seed)
    pools = make_pools(rng, statements)
    start = dt.date(2015, 1, 1)
    span = (dt.date(2024, 12, 31) - start).days
    pages: dict[str, str] = {}
    n_pages = (statements + per_page - 1) // per_page
    for p in range(n_pages):
        count = min(per_page, statements - p * per_page)
        days = sorted((start + dt.timedelta(days=rng.randrange(span)) for _ in range(count)), reverse=True)
        entries = [(_date_line(day), *_statement(rng, pools, day)) for day in days]
        heading = entries[0][1]
        lines = ["Select this search icon to access the search form", "", "Main menu", "", "Facebook Share", "",
                 heading, ""]
        for date_line, _country, paragraphs in entries:
            lines += [f"    {date_line}", ""]
            for para in paragraphs:
                lines += [f"    {para}", ""]
        lines += ["", f"    Subscribe to {heading}", ""]
        pages[f"page-{p + 1:05d}.txt"] = "\n".join(lines)
    return pages


def write_corpus(statements: int, out: str | Path, seed: int = 1, per_page: int = PER_PAGE) -> tuple[int, int]:
    """Write the corpus into folder `out`; returns (pages, words)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    words = 0
    pages = generate(statements, seed, per_page)
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
        words += len(text.split())
    return len(pages), words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=PER_PAGE)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    pages, words = write_corpus(args.statements, args.out, args.seed, args.per_page)
    print(f"wrote {pages} page(s), {args.statements} statement(s), {words} words to {args.out}")


if __name__ == "__main__":
    main()
