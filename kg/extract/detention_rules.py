"""Detained groups as token patterns: one named rule per shape, kept as data.

A detained group is a described set of people ("eight other dissidents", "two of her
brothers", "scores of others", "a number of other students"). Each shape is one rule
below: its name (which ends up on the detention's evidence as `detention.group.<name>`),
an example sentence (tests/test_detention_rules.py checks that each rule fires on its
example), and spaCy `Matcher` patterns over tokens. The patterns need only spaCy's
tokenizer (`spacy.blank("en")`), no trained model, so they cost little and behave the
same wherever spaCy is installed.

What is not a group is data too: nouns a count can stand before that are not people
(`NOT_PEOPLE`: "five years", "five international groups"), and the words a modifier
cannot be ("of", "by", "were" ...), so a pattern stops at the edge of a noun phrase.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Plural nouns a count can stand before that are not detained people.
NOT_PEOPLE = [
    # time, measures, money
    "years", "months", "weeks", "days", "hours", "minutes", "seconds", "decades", "centuries", "times",
    "occasions", "percent", "dollars", "euros", "pounds", "rubles", "roubles", "yuan", "kilometers",
    "kilometres", "miles", "meters", "metres", "lashes",
    # law and paper
    "cases", "charges", "counts", "articles", "laws", "sentences", "terms", "reports", "letters",
    "statements", "documents", "books", "questions", "issues", "decisions", "rulings", "verdicts",
    "appeals", "trials", "hearings", "sessions", "resolutions", "recommendations", "points", "steps",
    # organizations and places (a count of organizations is not a detained group)
    "groups", "organizations", "organisations", "ngos", "agencies", "institutions", "associations",
    "unions", "parties", "countries", "states", "nations", "governments", "embassies", "newspapers",
    "outlets", "websites", "channels", "stations", "companies", "churches", "mosques", "temples",
    "provinces", "cities", "towns", "villages", "regions", "districts", "prisons", "camps", "centres",
    "centers", "facilities", "houses", "homes", "buildings", "offices",
    # those who detain
    "officers", "officials", "police", "policemen", "soldiers", "agents", "guards", "troops", "forces",
    "authorities", "judges", "courts", "prosecutors", "investigators",
    # other things counted in these texts
    "things", "ways", "others'", "events", "incidents", "attacks", "arrests", "detentions", "raids",
    "protests", "demonstrations", "rallies", "meetings", "elections", "votes", "signatures", "copies",
]
# Plural person nouns that a vague quantifier ("several", "many", "some") must stand before:
# without a number the noun itself has to say these are people.
PEOPLE = [
    "people", "persons", "individuals", "men", "women", "children", "youths", "protesters", "protestors",
    "demonstrators", "activists", "journalists", "reporters", "students", "lawyers", "defenders",
    "members", "supporters", "detainees", "prisoners", "refugees", "migrants", "seekers", "workers",
    "villagers", "residents", "civilians", "believers", "worshippers", "bloggers", "critics", "girls",
    "boys", "minors", "others", "dissidents", "opponents", "leaders", "monks", "nuns", "priests",
    "pastors", "clergy", "christians", "muslims", "farmers", "teachers", "doctors", "academics",
    "writers", "artists", "relatives", "family", "brothers", "sisters", "sons", "daughters", "friends",
    "colleagues", "representatives", "volunteers", "staff", "employees", "trade", "unionists",
    "organizers", "organisers", "participants", "followers", "adherents", "worshipers", "citizens",
]
# Singular person nouns a group can be coordinated with ("two reporters and a driver").
SINGULAR_PEOPLE = [
    "man", "woman", "person", "boy", "girl", "child", "pastor", "priest", "monk", "journalist", "reporter",
    "photographer", "cameraman", "driver", "translator", "interpreter", "lawyer", "activist", "student",
    "teacher", "doctor", "blogger", "writer", "relative", "colleague", "guide", "fixer", "assistant",
]
# Words that end a noun phrase: a modifier is never one of these.
_STOP = [
    "of", "in", "at", "on", "from", "to", "and", "or", "but", "the", "a", "an", "by", "for", "since",
    "with", "without", "after", "before", "during", "when", "who", "whom", "whose", "which", "that",
    "were", "was", "are", "is", "be", "been", "being", "have", "has", "had", "will", "would", "their",
    "his", "her", "its", "our", "my", "your", "they", "them", "those", "these", "this", "than",
    "including", "among", "such", "as", "also", "still", "not", "all", "more", "most", "least",
    "across", "throughout", "around", "near", "inside", "outside", "into", "onto", "over", "under",
    "between", "against", "about", "within", "via", "per", "amid", "despite", "upon", "toward",
    "towards", "through", "while", "where", "if", "because", "so", "then", "there", "here",
]
_POSSESSORS = ["the", "her", "his", "their", "its", "our", "my", "your", "these", "those"]
_QUANTITIES = ["dozens", "hundreds", "thousands", "scores", "tens", "millions"]
_VAGUE = ["all", "several", "many", "numerous", "some", "various", "countless", "multiple"]
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
             "1st", "2nd", "3rd", "4th", "5th", "last"]

# token descriptions the patterns are built from
# Three word classes the patterns test, written on each token before matching (as its
# NORM, TAG and LEMMA, which a tokenizer-only pipeline leaves unused): testing a class is a
# hash comparison, where a regular expression per token and pattern step was ten times slower.
_NUM_WORD = re.compile(r"(?!(?:1[89]|20)\d\d$)")  # a number, not a year
_MOD_WORD = re.compile(r"(?:[a-z][a-z\-’']*|['’]s)")
_PLURAL_WORD = re.compile(r"(?:[a-z][a-z\-]+s|people|men|women|children|clergy|staff|family)")
_NOT_MOD = frozenset(_STOP + NOT_PEOPLE)
_ORDINAL = frozenset(_ORDINALS)


@lru_cache(maxsize=65536)
def _classes(lower: str, like_num: bool) -> tuple[str, str, str]:
    """(number class, plural class, modifier class) of a word, "-" where it is not one (a
    value on every token: spaCy's Matcher refuses TAG and LEMMA on a document without any)."""
    num = "num" if like_num and lower not in _ORDINAL and _NUM_WORD.match(lower) else "-"
    plural = "plural" if _PLURAL_WORD.fullmatch(lower) and lower not in _NOT_MOD else "-"
    mod = "mod" if _MOD_WORD.fullmatch(lower) and lower not in _NOT_MOD else "-"
    return num, plural, mod


_NUM = {"NORM": "num"}
_MOD = {"LEMMA": "mod", "OP": "?"}
_PLURAL = {"TAG": "plural"}
_PERSON_PLURAL = {"LOWER": {"IN": PEOPLE}}
_PERSON_SINGULAR = {"LOWER": {"IN": SINGULAR_PEOPLE}}
_OF = {"LOWER": "of"}
_POSS = {"LOWER": {"IN": _POSSESSORS}}
_WORD = {"IS_ALPHA": True, "LOWER": {"NOT_IN": _STOP}}
# words that say a detention happened, as a verb or an adjective
DETAINED_WORDS = ["arrested", "detained", "jailed", "imprisoned", "abducted", "held", "freed", "released",
                  "sentenced", "convicted", "kidnapped", "disappeared", "incarcerated", "interned"]
_ACTIVE = ["arrested", "detained", "jailed", "imprisoned", "abducted", "kidnapped", "arresting",
           "detaining", "jailing", "imprisoning", "abducting", "kidnapping", "arrest", "detain", "jail", "imprison"]
_AUX = {"LOWER": {"IN": ["were", "are", "have", "had"]}}
_ADVERB = {"LOWER": {"IN": ["also", "later", "reportedly", "allegedly", "subsequently", "then", "all",
                             "arbitrarily", "briefly", "again", "still", "since", "recently"]}, "OP": "?"}
_GENITIVE = [{**_WORD, "OP": "?"}, {"LOWER": {"IN": ["'s", "’s"]}, "OP": "?"}]


@dataclass(frozen=True)
class GroupRule:
    """One shape of a described group: its name, a sentence it fires on, its patterns."""

    name: str
    example: str
    example_match: str
    patterns: list[list[dict]]
    # words a pattern matches for context only, cut off the group's phrase
    trim: str | None = None


GROUP_RULES: list[GroupRule] = [
    GroupRule("count-noun", "Eight other dissidents were also arrested.", "Eight other dissidents",
              [[_NUM, _MOD, _MOD, _MOD, _PLURAL]]),
    GroupRule("count-noun-and-others", "About 300 Uyghurs and other Turkic Muslims were held.",
              "About 300 Uyghurs and other Turkic Muslims",
              [[_NUM, _MOD, _MOD, _PLURAL, {"LOWER": "and"}, {"LOWER": "other"}, _MOD, _MOD, _PLURAL]]),
    GroupRule("count-noun-and-one", "Two foreign reporters and a local driver were detained.",
              "Two foreign reporters and a local driver",
              [[_NUM, _MOD, _MOD, _PLURAL, {"LOWER": "and"}, {"LOWER": {"IN": ["a", "an"]}}, _MOD, _MOD,
                _PERSON_SINGULAR]]),
    GroupRule("count-of-possessed", "Police arrested two of the group's representatives.",
              "two of the group's representatives", [[_NUM, _OF, _POSS, *_GENITIVE, _MOD, _PLURAL]]),
    GroupRule("quantity-of", "Soldiers took scores of others into custody.", "scores of others",
              [[{"LOWER": {"IN": _QUANTITIES}}, _OF, {"LOWER": {"IN": ["thousands", "hundreds"]}, "OP": "?"},
                {"LOWER": "of", "OP": "?"}, _MOD, _MOD, _PLURAL]]),
    GroupRule("a-number-of", "A number of other students were detained.", "A number of other students",
              [[{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": ["number", "group", "handful", "couple", "few"]}},
                _OF, _MOD, _MOD, _PLURAL]]),
    GroupRule("a-dozen", "Police held more than a dozen members of her party.",
              "more than a dozen members of her party",
              [[{"LOWER": {"IN": ["a", "two", "three", "several", "half"]}}, {"LOWER": {"IN": ["dozen", "hundred"]}},
                _MOD, _MOD, _PLURAL],
               [{"LOWER": {"IN": ["a", "two", "three", "half"]}}, {"LOWER": {"IN": ["dozen", "hundred"]}},
                _MOD, _MOD, _PLURAL, _OF, _POSS, *_GENITIVE, _WORD]]),
    GroupRule("verb-then-people", "The government has detained journalists and closed newspapers.",
              "journalists", [[{"LOWER": {"IN": _ACTIVE}}, {**_MOD, "LIKE_NUM": False}, _PERSON_PLURAL]], trim=r"^\S+\s+"),
    GroupRule("the-people-were-held", "The activists were beaten and detained.", "The activists",
              [[{"LOWER": {"IN": ["the", "these", "those"]}}, _MOD, _MOD, _PERSON_PLURAL, _AUX,
                {"LOWER": "been", "OP": "?"}, _ADVERB, {"LOWER": {"IN": DETAINED_WORDS + ["beaten"]}}]],
              trim=r"\s+(?:were|are|have|had)\b.*$"),
    GroupRule("vague-people", "Several journalists were detained.", "Several journalists",
              [[{"LOWER": {"IN": _VAGUE}}, _MOD, _MOD, _MOD, _PERSON_PLURAL]]),
]


@dataclass(frozen=True)
class NotGroupRule:
    """A shape in which a counted set of people is no detained group ("a city of one million
    people" is a population): a group the rule's match reaches into is dropped."""

    name: str
    example: str
    example_group: str  # the words the group rules would read as a group there
    patterns: list[list[dict]]


_ABOUT = {"LOWER": {"IN": ["about", "around", "some", "over", "nearly", "almost", "roughly", "more", "than",
                           "just", "under", "approximately", "an", "estimated"]}, "OP": "*"}
NOT_GROUP_RULES: list[NotGroupRule] = [
    NotGroupRule("population", "She was held in a provincial town of 40,000 inhabitants.", "40,000 inhabitants",
                 [[{"LOWER": {"IN": ["city", "town", "village", "country", "nation", "region", "province", "state",
                                     "district", "island", "capital", "population", "community", "municipality"]}},
                   _OF, _ABOUT, _NUM]]),
]


@dataclass(frozen=True)
class ListRule:
    """A sentence that lists the detained after a head ("Still held are X and Y")."""

    name: str
    example: str
    example_head: str
    patterns: list[list[dict]]


_DETAINED = {"LOWER": {"IN": DETAINED_WORDS}}
_LISTING = {"LOWER": {"IN": ["are", "were", "include", "included", "includes", "remain", "was", "is"]}}
LIST_RULES: list[ListRule] = [
    ListRule("those-held-were", "Those freed were Ana Sol, a researcher; and Ben Roe.", "Those freed were",
             [[{"LOWER": {"IN": ["those", "others"]}}, {"LOWER": {"IN": ["still", "already", "recently"]}, "OP": "?"},
               _DETAINED, _LISTING]]),
    ListRule("still-held-are", "Still held are Ana Sol and Ben Roe.", "Still held are",
             [[{"LOWER": "still"}, _DETAINED, _LISTING],
              [{"LOWER": "still"}, {"LOWER": {"IN": ["in", "behind"]}}, {"LOWER": {"IN": ["custody", "prison", "jail",
                                                                                            "detention", "bars"]}},
               _LISTING]]),
    ListRule("among-those-held", "Among those detained were Ana Sol and Ben Roe.", "Among those detained were",
             [[{"LOWER": "among"}, {"LOWER": {"IN": ["those", "the", "them"]}}, _MOD, _DETAINED, _LISTING]]),
]


# Words before a group that belong to its description ("at least 40 people").
_PREFIX = re.compile(r"(?:\b(?:at least|around|about|approximately|nearly|almost|more than|over|up to|"
                     r"an estimated|as many as|a further|another|some|all|roughly|over)[ \t]+)+$", re.I)
# Words after a group that belong to its description ("40 men believed to be gay").
_SUFFIX = re.compile(r"[ \t]+(?:believed|suspected|thought|accused|alleged)[ \t]+(?:to be[ \t]+)?"
                     r"[a-z]+(?:[ \t]+or[ \t]+[a-z]+)?\b")


@dataclass(frozen=True)
class GroupSpan:
    """A described group found in a text: its words, where they stand, the rule that found it."""

    phrase: str
    start: int
    end: int
    rule: str


_BY_NAME = {r.name: r for r in GROUP_RULES}


@lru_cache(maxsize=1)
def _matcher():
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    for rule in GROUP_RULES:
        matcher.add(rule.name, rule.patterns, greedy="LONGEST")
    vetoes = Matcher(nlp.vocab)
    for veto in NOT_GROUP_RULES:
        vetoes.add(veto.name, veto.patterns)
    heads = Matcher(nlp.vocab)
    for head in LIST_RULES:
        heads.add(head.name, head.patterns, greedy="LONGEST")
    return nlp, matcher, heads, vetoes


def find_list_heads(text: str, start: int, end: int) -> list[GroupSpan]:
    """The heads in text[start:end] after which the detained are listed ("Still held are")."""
    nlp, _, heads, _ = _matcher()
    doc = nlp.make_doc(text[start:end])
    for t in doc:  # the heads' patterns test modifiers
        if _classes(t.lower_, t.like_num)[2] != "-":
            t.lemma = nlp.vocab.strings.add("mod")
    out = []
    for match_id, s, e in heads(doc):
        a, b = start + doc[s].idx, start + doc[e - 1].idx + len(doc[e - 1])
        out.append(GroupSpan(text[a:b], a, b, nlp.vocab.strings[match_id]))
    # a head inside a longer one ("those detained were" in "Among those detained were") is that one
    return [h for h in out if not any(o is not h and o.start <= h.start and h.end <= o.end and
                                       o.end - o.start > h.end - h.start for o in out)]


def _doc(nlp, chunk: str):
    """The tokens of a chunk with their word classes; None where no token is a plural noun
    (every group ends in one, so there is nothing to match)."""
    doc = nlp.make_doc(chunk)
    strings = nlp.vocab.strings
    plural, mod = strings.add("plural"), strings.add("mod")
    any_plural = False
    for t in doc:
        is_num, is_plural, is_mod = _classes(t.lower_, t.like_num)
        if is_num != "-":
            t.norm_ = "num"
        if is_plural != "-":
            t.tag = plural
            any_plural = True
        if is_mod != "-":
            t.lemma = mod
    return doc if any_plural else None


@lru_cache(maxsize=4096)
def _groups_in(chunk: str) -> tuple[tuple[int, int, str], ...]:
    nlp, matcher, _, vetoes = _matcher()
    doc = _doc(nlp, chunk)
    if doc is None:
        return ()
    vetoed = [(s, e) for _, s, e in vetoes(doc)]
    found = []
    for match_id, s, e in matcher(doc):
        if doc[s].lower_ == "one" and e - s > 1 and doc[s + 1].lower_ == "of":
            continue  # "one of the men" is one person, not a group
        if any(vs <= s < ve for vs, ve in vetoed):
            continue  # "a city of one million people": a population (NOT_GROUP_RULES)
        found.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), nlp.vocab.strings[match_id]))
    # the longest match wins where matches overlap; then the earliest
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str]] = []
    for f in found:
        if all(f[1] <= k[0] or f[0] >= k[1] for k in kept):
            kept.append(f)
    return tuple(sorted(kept))


def find_groups(text: str, start: int, end: int) -> list[GroupSpan]:
    """The described groups in text[start:end], each widened by its quantifier before and
    its "believed to be ..." after."""
    out = []
    for s, e, rule in _groups_in(text[start:end]):
        s, e = s + start, e + start
        trim = _BY_NAME[rule].trim
        if trim:
            cut = re.search(trim, text[s:e])
            if cut and cut.start() == 0:
                s += cut.end()
            elif cut:
                e = s + cut.start()
        pre = _PREFIX.search(text, max(start, s - 40), s)
        if pre:
            s = pre.start()
        suf = _SUFFIX.match(text, e, end)
        if suf:
            e = suf.end()
        out.append(GroupSpan(text[s:e], s, e, rule))
    return out


def rule_names() -> list[str]:
    return [r.name for r in GROUP_RULES]
