"""Persons and organizations: runs of capitalized words, classified by their words and context.

An organization is a run headed by an organisation-suffix word ("... Court", "... Foundation",
"Ministry of ..."), or a run next to a word that says so ("the X newspaper", "rights group X").
A person is a run of two to four name-like words whose first word is a given name, or that
stands after an honorific, a title or a role noun ("lawyer X"), or before ", a ..." or "said".
"""
from __future__ import annotations

import re

from kg.extract import ner
from kg.extract.lexicon import (DOCUMENT_TAILS, GENERIC_ORG_WORDS, HONORIFICS, MONTHS, NON_NAME_WORDS, ORG_CUE_AFTER,
                                ORG_CUE_BEFORE, ORG_HEADS, ORG_HEADS_WITH_OF, RELATION_NOUNS,
                                ROLE_NOUNS, TITLE_MODIFIERS, fold, given_names, lookup_place)
from kg.extract.mentions import Candidate, Found
from kg.extract.text import CAP_WORD, POSSESSIVE_INSIDE, Span, cap_runs, is_cap, sentences, words_in

LEADING_NOISE = frozenset("""The A An This That These Those Its Their Our His Her Both Today
    Yesterday Following Responding According In On At By For From With As And Or But When While
    After Before Since Despite During Under Over Amid Also However Meanwhile Early Late Last Next
    Once Now Then Similarly Instead Although If Although Then Most Many Some All Several Every Each
    Why How What Where Who When Such Under Without Between Against Among Unlike Like Recently
    Currently Previously Later Dear""".split())
_ROLE_BEFORE = re.compile(
    r"(?:\b(?:" + "|".join(re.escape(n) for n in sorted(ROLE_NOUNS + tuple(RELATION_NOUNS), key=len, reverse=True))
    + r")),?[ \t]+$", re.I)
_AFTER_PERSON = re.compile(r"^(?:[’']s\b)?\s*(?:,\s*(?:a|an|the|who|whose|aged|\d{2})\b|\s*(?:said|says|told|added|stated|explained|wrote|was|is|has|had|who)\b|\s*\(\d{2}\))")
_ACRONYM_AFTER = re.compile(r"^\s*\(([A-Z][A-Za-z]{1,9}(?: [A-Z][a-z]+)?)\)")
_CUE_BEFORE_ORG = re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in sorted(ORG_CUE_BEFORE, key=len, reverse=True)) +
    r"),?[ \t]+(?:called[ \t]+|named[ \t]+|known as[ \t]+)?$", re.I)
_CUE_AFTER_ORG = re.compile(r"^[ \t]+(?:" + "|".join(re.escape(c) for c in sorted(ORG_CUE_AFTER, key=len, reverse=True)) + r")\b")
_WORD_SURNAMES = frozenset("Law Day Hope Faith Justice Young King Price Peace Freedom Truth Major General".split())
# "Innocence Project" names an organization as often as a programme: the rules let "Project" head a name
_NOT_ORG_TAIL = DOCUMENT_TAILS - {"Project"}
_OPENING_HEADS = frozenset("""Radio Television TV Channel Forum Front Movement Party Committee Council Bank Church
    Centre Center Institute Society League Union Association Coalition Alliance""".split())
_ROLE_WORDS = frozenset(n for n in ROLE_NOUNS if " " not in n) | RELATION_NOUNS
_ROLE_LAST_WORDS = frozenset(n.split()[-1].lower() for n in (*ROLE_NOUNS, *RELATION_NOUNS))
_CUE_LAST_WORDS = frozenset(c.split()[-1].lower() for c in ORG_CUE_BEFORE) | {"called", "named", "as"}
_LAST_WORD = re.compile(r"([\w\-’']+)[ \t,]*$")


def _last_word(before: str) -> str:
    """The last word of a text, lower-cased (a cheap test before a costly end-anchored regex)."""
    m = _LAST_WORD.search(before[-40:])
    return m.group(1).lower() if m else ""


def _role_before(before: str) -> re.Match | None:
    if _last_word(before) not in _ROLE_LAST_WORDS:
        return None
    return _ROLE_BEFORE.search(before)


_SAID_BEFORE = re.compile(r"\b(?:said|says|told|according to|added)[ \t]+$")
_TITLE_AFTER = re.compile(r"^,[ \t]+(?:[A-Z][\w\-]*[ \t]+)*(?:" + "|".join(re.escape(n) for n in ROLE_NOUNS) + r")\b", re.I)
_DEMONYM_END = re.compile(r"(?:ian|ean|an|ese|ish|ic|i|en|ch)$")
_NAME_TOKEN = re.compile(r"^(?:(?:al|el|ad|as|ash|an|ar|at|az|ud|ul|bin|ibn|abu|abd)-)?[A-Z\u00C0-\u00DE\u0100-\u024F][a-z\u00DF-\u024F’'\-]*(?:-[A-Z\u00C0-\u00DE\u0100-\u024F][a-z\u00DF-\u024F’'\-]+)*[a-z\u00DF-\u024F]$|^[A-Z]\.?$|^(?:Mc|Mac|O’|O')[A-Z][a-z]+$")
_LOWER_PARTICLES = frozenset("de del da do dos das du la le van von der den bin bint ibn al el".split())


def find_entities(text: str, found: Found) -> None:
    """Add the persons and organizations named in `text` to `found`."""
    for run in cap_runs(text):
        _classify_run(text, run, found)
    _context_orgs(text, found)
    _glossed_acronym_orgs(text, found)
    _mission_orgs(text, found)
    _ruling_orgs(text, found)
    _acronym_orgs(text, found)


_NOT_ORG_ACRONYMS = frozenset("""LGBT LGBTI LGBTQ LGBTIQ LGBTQI LGBTQIA LGBTQ+ NGO NGOs COVID HIV AIDS TV ID CEO PM AM
    GMT UTC EST EDT CET CEST BST PST MSK DNA PDF SMS VPN UPR ICCPR CEDAW ICESCR CAT CRC UDHR OK II III IV VI VII
    VIII IX XI XII XX XXI USD EUR GBP RUB CNY SIM GPS CCTV HQ PR FAQ QR IT AI""".split())
_STANDALONE_ACRONYM = re.compile(r"(?<![\w\-’'])([A-Z]{3,8}|UN|EU|AU)(?![\w\-])")


def _acronym_orgs(text: str, found: Found) -> None:
    """An all-capitals word standing alone ("the OSCE", "NATO said") names an organization."""
    for m in _STANDALONE_ACRONYM.finditer(text):
        word = m.group(1)
        if word in _NOT_ORG_ACRONYMS or _is_country(word) or found.overlaps(m.start(), m.end()):
            continue
        if lookup_place(word) is not None:
            continue
        prev = re.search(r"([A-Z][\w\-]*)[ \t]+$", text[max(0, m.start() - 30):m.start()])
        if re.match(r"[ \t]+[A-Z][a-z]", text[m.end():m.end() + 3]) or (prev and prev.group(1) not in LEADING_NOISE):
            continue  # a modifier ("UN Special Rapporteur") or part of a longer name
        if text[m.end():m.end() + 1] == ")":
            continue  # an acronym defined in brackets: an alias of the name before it
        if len(word) == 2 and not re.match(r"(?:[’']s\b|[ \t]*[,.;:)]|[ \t]+(?:said|says|has|have|had|is|was|will|would|"
                                           r"should|must|and|or|to|in|on|for|of|at|with|by|called|urged)\b|\s*$)",
                                           text[m.end():m.end() + 12]):
            continue  # "UN human rights spokesperson": a modifier
        found.add(Candidate("organization", word, m.start(), m.end(), "org.acronym-standalone", 0.6))


def _chunks(run: Span) -> list[tuple[list[Span], str]]:
    """The capitalized chunks of a run, each with the connector words before it."""
    out: list[tuple[list[Span], str]] = []
    current: list[Span] = []
    connector: list[str] = []
    pending: Span | None = None
    before = ""
    for w in words_in(run):
        if is_cap(w.text):
            if len(connector) == 1 and connector[0] in _LOWER_PARTICLES and current and \
                    current[-1].text not in ORG_HEADS:
                current.extend([pending, w])  # "Mohammed bin Salman", "Maria de Jesus"
                connector = []
                continue
            if connector and current:
                out.append((current, before))
                current, before = [], " ".join(connector)
            connector = []
            current.append(w)
        else:
            connector.append(w.text)
            pending = w
    if current:
        out.append((current, before))
    return out


def _head_index(words: list[Span]) -> int:
    """Index of the last organisation head word in a chunk, -1 if none."""
    for i in range(len(words) - 1, -1, -1):
        if words[i].text.rstrip(".") in ORG_HEADS:
            return i
    return -1


_DOTTED_BEFORE = re.compile(r"(?<![\w.])(?:[A-Z]\.){2,}")


def _classify_run(text: str, run: Span, found: Found) -> None:
    chunks = _chunks(run)
    used = [False] * len(chunks)
    for i, (words, before) in enumerate(chunks):
        h = _head_index(words)
        if h < 0 or used[i] or found.overlaps(words[0].start, words[-1].end, ("location",)):
            continue
        if words[-1].text in _NOT_ORG_TAIL:
            continue  # "International Women's Day", "Human Rights Prize": events and awards
        start_i = 0
        while start_i < h and words[start_i].text in LEADING_NOISE:
            start_i += 1
        trailing = words[h + 1:]
        if h > 0 and trailing and not all(w.text in HONORIFICS or _is_country(w.text) for w in trailing):
            continue  # "World Press Freedom Index": the head word is inside another name
        org_words = words[start_i:h + 1]
        start, end = org_words[0].start, org_words[-1].end
        # "Radio Free Europe": a head word opening a name
        if h == 0 and len(words) > 1 and words[0].text in _OPENING_HEADS and \
                not any(w.text in HONORIFICS for w in words[1:]) and words[-1].text not in _NOT_ORG_TAIL:
            h = len(words) - 1
            org_words = words[start_i:h + 1]
            end = org_words[-1].end
        # "Amnesty International UK": a country after the head
        elif h + 2 == len(words) and _is_country(words[h + 1].text):
            end = words[h + 1].end
        # "Defenders of Human Rights Centre": a head, "of", and a name with its own head
        if h == len(words) - 1 and i + 1 < len(chunks) and chunks[i + 1][1] in ("of", "of the", "for", "for the") \
                and _head_index(chunks[i + 1][0]) == len(chunks[i + 1][0]) - 1:
            end = chunks[i + 1][0][-1].end
            used[i + 1] = True
        # "Ministry of Justice", "Centre for Rights and Freedoms"
        elif h == len(words) - 1 and words[h].text in ORG_HEADS_WITH_OF and i + 1 < len(chunks):
            nxt_words, nxt_before = chunks[i + 1]
            first = nxt_before.split()[0] if nxt_before else ""
            if first in ("of", "for", "on", "against", "to") and _head_index(nxt_words) < 0:
                end = nxt_words[-1].end
                used[i + 1] = True
                if i + 2 < len(chunks) and chunks[i + 2][1] == "and":
                    and_words = chunks[i + 2][0]
                    if _head_index(and_words) < 0 and not _looks_like_person(and_words) and \
                            lookup_place(text[and_words[0].start:and_words[-1].end]) is None:
                        end = and_words[-1].end
                        used[i + 2] = True
        # "Eastern Europe and Central Asia Regional Office"
        if start_i == 0 and before == "and" and i > 0 and not used[i - 1]:
            prev_words = chunks[i - 1][0]
            if _head_index(prev_words) < 0 and not _looks_like_person(prev_words):
                start = prev_words[0].start
                used[i - 1] = True
        glued = _DOTTED_BEFORE.search(text, max(0, start - 12), start + 2)
        if glued and glued.end() == start + 2 and text[start:start + 2] == words[0].text[:2] == words[0].text:
            start = glued.start()  # "U.S. Embassy": the run began at "S."
        name = text[start:end]
        used[i] = True
        if _generic_org(name) or (start, end) == (words[h].start, words[h].end):
            continue  # "International press groups": a head word alone names nothing
        found.add(Candidate("organization", name, start, end, "org.head-word", 0.9))
        acr = _ACRONYM_AFTER.match(text[end:end + 30])
        if acr:
            a0 = end + acr.start(1)
            found.add(Candidate("organization", acr.group(1), a0, a0 + len(acr.group(1)), "org.acronym", 0.9,
                                cue=name))
    for i, (words, _before) in enumerate(chunks):
        if not used[i]:
            _person_from_chunk(text, words, found)


def _is_country(word: str) -> bool:
    place = lookup_place(word)
    return place is not None and place.kind == "country"


def _generic_org(name: str) -> bool:
    toks = name.split()
    if len(toks) == 1 and toks[0] in GENERIC_ORG_WORDS:
        return True
    place = lookup_place(name)
    return place is not None and place.kind == "country"


def _looks_like_person(words: list[Span]) -> bool:
    return bool(words) and fold(words[0].text).lower() in given_names() and len(words) >= 2


def _person_from_chunk(text: str, words: list[Span], found: Found) -> None:
    """A person's name in a chunk of capitalized words, after any leading title words."""
    cue = None
    toks = list(words)
    # split at the last title/noise word: "Russia Researcher Anastasia Kovalevskaya"
    cut = 0
    for j, w in enumerate(toks[:-1]):
        bare = w.text.rstrip(".")
        if bare in HONORIFICS or bare in NON_NAME_WORDS or bare in LEADING_NOISE or \
                bare.lower() in _ROLE_WORDS:
            cut = j + 1
            if (bare in HONORIFICS and bare not in TITLE_MODIFIERS) or bare.lower() in _ROLE_WORDS:
                cue = bare
        elif j == cut and _is_country(bare) and fold(bare).lower() not in given_names():
            cut = j + 1
    toks = toks[cut:]
    if toks and toks[0].text in ("El", "La", "Le", "Los", "Las", "Les", "Il", "Lo"):
        return  # "El Helicoide": an article opens a place's or thing's name, not a person's
    if not toks:
        return
    # a surname that is also a word ("Ryan Law", "Doris Day") after a given name is still a name
    checked = toks[:-1] if len(toks) >= 2 and fold(toks[0].text).lower() in given_names() and \
        toks[-1].text in _WORD_SURNAMES else toks
    if any(t.text in NON_NAME_WORDS or t.text in ORG_HEADS or t.text in HONORIFICS
           or _glued_modifier(t.text) for t in checked):
        return
    if not all(_NAME_TOKEN.match(t.text) or t.text in _LOWER_PARTICLES for t in toks):
        return
    if toks[-1].text in _LOWER_PARTICLES:
        return
    start, end = toks[0].start, toks[-1].end
    name = text[start:end]
    if lookup_place(name) is not None:
        return
    before = text[max(0, start - 60):start]
    role = _role_before(before)
    if role and cue is None:
        cue = role.group().strip()
    first_is_given = fold(toks[0].text.split("-")[0]).lower() in given_names()
    if len(toks) == 1:
        if cue:
            found.add(Candidate("person", name, start, end, "person.title-before", 0.7, cue=cue))
        return
    if len(toks) > 4:
        return
    after = text[end:end + 30]
    if cue is None and _SAID_BEFORE.search(before) and _TITLE_AFTER.match(after):
        cue = "said"
    if first_is_given:
        found.add(Candidate("person", name, start, end, "person.given-name", 0.9, cue=cue))
    elif cue:
        found.add(Candidate("person", name, start, end, "person.title-before", 0.8, cue=cue))
    elif _AFTER_PERSON.match(after) and not _looks_like_demonym_pair(toks):
        found.add(Candidate("person", name, start, end, "person.appositive", 0.6, cue=cue))


def _glued_modifier(word: str) -> bool:
    """"Russian-occupied", "rebel-held": a modifier glued to a name, not part of it."""
    parts = word.split("-")
    return len(parts) > 1 and parts[-1][:1].islower()


def _looks_like_demonym_pair(toks: list[Span]) -> bool:
    return bool(_DEMONYM_END.search(toks[0].text)) and toks[-1].text.endswith("s")


_DEFINED_ACRONYM = re.compile(rf"({CAP_WORD}(?:[ \t]+(?:of|for|on|the|and|to|without|against)?[ \t]*{CAP_WORD}){{1,6}})[ \t]+\(([A-Z]{{2,8}}(?: [A-Z][a-z]+)?)\)")


_ACRONYM_GLOSS = re.compile(rf"({CAP_WORD}(?:[ \t]+(?:(?:of|for|on|the|and|in|to)[ \t]+)*{CAP_WORD}){{1,7}})(?:,[ \t]+or[ \t]+|[ \t]+\()([A-Z]{{2,8}})\b")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _glossed_acronym_orgs(text: str, found: Found) -> None:
    """A name glossed by an acronym of its initials ("the Muttahida Majlis-e Amal, or MMA,",
    "Organization for Security and Cooperation in Europe (OSCE)") names an organization,
    whatever its words: persons and places are not abbreviated so."""
    for m in _ACRONYM_GLOSS.finditer(text):
        s, e = m.start(1), m.end(1)
        while s < e and text[s:e].split()[0] in LEADING_NOISE:
            s += len(text[s:e].split()[0]) + 1
        name, acronym = text[s:e], m.group(2)
        if _initials(name) != acronym or lookup_place(name) is not None:
            continue
        overlapping = [c for c in found.items if c.start < m.end(2) and s < c.end]
        if any(c.rule == "person.given-name" or (c.kind == "organization" and not s <= c.start <= c.end <= e)
               for c in overlapping):
            continue
        for c in overlapping:
            found.items.remove(c)
        found.add(Candidate("organization", name, s, e, "org.glossed-acronym", 0.85))
        found.add(Candidate("organization", acronym, m.start(2), m.end(2), "org.acronym", 0.85, cue=name))


_MISSION = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,}|[A-Z][a-z]+)[ \t]+(embassy|consulate|mission)\b")


def _mission_orgs(text: str, found: Found) -> None:
    """A country's embassy or consulate written in lower case ("the U.S. embassy in Asmara",
    "the Kenyan consulate"): an organization named by its country and its kind."""
    from kg.extract.places import place_of_adjective

    for m in _MISSION.finditer(text):
        country = m.group(1)
        if not (country.endswith(".") or _is_country(country) or place_of_adjective(country) is not None):
            continue
        if found.overlaps(m.start(), m.end(), ("organization",)):
            continue
        for c in [c for c in found.items if c.start < m.end() and m.start() < c.end]:
            found.items.remove(c)
        found.add(Candidate("organization", m.group(), m.start(), m.end(), "org.mission", 0.8))


_RULING = re.compile(rf"\bruling[ \t]+({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}})(?:([ \t]+party)|[ \t]+(?:government|coalition|"
                     r"junta|alliance|regime|front|council|bloc)\b)")


def _ruling_orgs(text: str, found: Found) -> None:
    """"the ruling X party", "the ruling X government": X is a party, whatever its letters."""
    for m in _RULING.finditer(text):
        start, end = m.start(1), m.end(2) if m.group(2) else m.end(1)
        if found.overlaps(start, end, ("organization",)) or lookup_place(m.group(1)) is not None:
            continue
        for c in [c for c in found.items if c.start < end and start < c.end]:
            found.items.remove(c)
        found.add(Candidate("organization", text[start:end], start, end, "org.ruling", 0.8))


def _context_orgs(text: str, found: Found) -> None:
    """Organizations told by a word next to them: "group Memorial", "the X newspaper", or by
    an acronym defined after them: "Reporters Without Borders (RSF)"."""
    for m in _DEFINED_ACRONYM.finditer(text):
        s, e = m.start(1), m.end(1)
        while s < e and text[s:e].split()[0] in LEADING_NOISE:
            s += len(text[s:e].split()[0]) + 1
        name = text[s:e]
        if name.split()[-1] in DOCUMENT_TAILS:
            continue  # "... Divestment Act (CISADA)": a law's acronym
        shorter = [c for c in found.items if c.kind == "organization" and s <= c.start and c.end < e]
        if shorter and not any(c.kind == "organization" and c.start < e and s < c.end and c not in shorter
                               for c in found.items):
            for c in shorter:
                found.items.remove(c)  # "Egyptian Initiative" inside "Egyptian Initiative for Personal Rights (EIPR)"
        if found.overlaps(s, e, ("organization", "location")) or lookup_place(name) is not None or s >= e:
            continue
        for c in [c for c in found.items if c.kind == "person" and c.start < e and s < c.end]:
            found.items.remove(c)
        found.add(Candidate("organization", name, s, e, "org.defined-acronym", 0.85))
        found.add(Candidate("organization", m.group(2), m.start(2), m.end(2), "org.acronym", 0.85, cue=name))
    for m in re.finditer(rf"(?:\d+%?[ \t]+)?{CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}}", text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] == ".":
            e -= 1
        name = text[s:e]
        if found.overlaps(s, e, ("organization",)) or lookup_place(name) is not None:
            continue
        toks = name.split()
        if any(t in NON_NAME_WORDS and t not in ("Human", "Rights") for t in toks):
            continue
        before, after = text[max(0, s - 40):s], text[e:e + 30]
        if _last_word(before) in _CUE_LAST_WORDS and _CUE_BEFORE_ORG.search(before) and not _role_before(before):
            people = [c for c in found.items if c.kind == "person" and c.start < e and s < c.end]
            if any(c.rule != "person.given-name" for c in people):
                continue
            for c in people:
                found.items.remove(c)
            found.add(Candidate("organization", name, s, e, "org.cue-before", 0.8))
        elif _CUE_AFTER_ORG.match(after):
            if len(toks) == 1 and (_DEMONYM_END.search(name) or not re.search(r"\bthe[ \t]+$", before)):
                continue
            found.add(Candidate("organization", name, s, e, "org.cue-after", 0.8))


_MODEL_PERSON_LABELS = frozenset({"PERSON"})
_POSSESSIVE = re.compile(r"[’']s?$")


def model_spans(texts: list[str], founds: list[Found]) -> list[list[ner.ModelSpan]]:
    """The model's spans in each text (offsets into it), read only in the sentences where the
    rules left a capitalized word unexplained, all in one batch. The model costs about as much
    as all the rules together, so it reads only where the rules were unsure: a sentence whose
    names the rules all placed needs no second opinion."""
    todo = [(i, sent) for i, (text, found) in enumerate(zip(texts, founds))
            for sent in _unexplained_sentences(text, found)]
    out: list[list[ner.ModelSpan]] = [[] for _ in texts]
    for (i, sent), spans in zip(todo, ner.entities_many([sent.text for _, sent in todo])):
        out[i].extend(ner.ModelSpan(sp.label, sent.start + sp.start, sent.start + sp.end, sp.text) for sp in spans)
    return out


def _unexplained_sentences(text: str, found: Found) -> list[Span]:
    covered = sorted((c.start, c.end) for c in found.items)
    out = []
    for sent in sentences(text):
        for run in cap_runs(sent.text):
            words = [w for w in words_in(run) if _worth_a_look(w.text)]
            if any(not _covered(covered, sent.start + w.start, sent.start + w.end) for w in words):
                out.append(sent)
                break
    return out


def _worth_a_look(word: str) -> bool:
    """A capitalized word that may be part of a name: not a closed-class word, title, initial or
    demonym ("Eritrean", "Burmese": the rules know these from the gazetteer)."""
    bare = word.rstrip(".")
    if len(bare) <= 2 or not bare[:1].isupper() or bare in LEADING_NOISE or bare in NON_NAME_WORDS:
        return False
    if bare in HONORIFICS or _titleish(bare):
        return False
    return not (_DEMONYM_END.search(bare) and _demonym_place(bare))


def _demonym_place(word: str) -> bool:
    from kg.extract.places import place_of_adjective

    return place_of_adjective(word) is not None and lookup_place(word) is None


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def model_persons(text: str, spans: list[ner.ModelSpan], found: Found) -> None:
    """Persons the model proposes where no rule found a name: "Thura Win Naing said", "reporters
    Kyaw Min and Thet Oo". Vetoed when a word is not name-like (a title, a law, a month, a place);
    widened over name words the model left out just before it ("Thura" before "Win Naing")."""
    for span in spans:
        if span.label not in _MODEL_PERSON_LABELS:
            continue
        words = [w for w in words_in(Span(span.start, span.end, span.text))]
        while words and (words[0].text.rstrip(".") in HONORIFICS or words[0].text in LEADING_NOISE
                         or words[0].text.lower() in _ROLE_WORDS):
            words = words[1:]
        if not words:
            continue
        words = _widen_right(text, _widen_left(text, words))
        start, end = words[0].start, words[-1].end
        name = _POSSESSIVE.sub("", text[start:end]).rstrip()
        end = start + len(name)
        toks = name.split()
        if len(toks) < 2 or len(toks) > 5 or found.overlaps(start, end):
            continue
        if not _model_name_ok(toks) or lookup_place(name) is not None or POSSESSIVE_INSIDE.search(name):
            continue
        found.add(Candidate("person", name, start, end, "person.model", 0.75))


_LIST_MEMBER = re.compile(r"[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*){1,3}")
_LIST_SEPARATOR = re.compile(r"^(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+)$")


def list_persons(text: str, found: Found) -> None:
    """A member of a list of persons is a person too ("Nguyen Van Dai, Le Thu Ha, Pham Van
    Troi and ..."): a list joins alike things, so a name no rule or model read, standing between
    two persons, is one. Needs a person on each side."""
    persons = sorted((c for c in found.items if c.kind == "person"), key=lambda c: c.start)
    for left, right in zip(persons, persons[1:]):
        gap = text[left.end:right.start]
        m = _LIST_MEMBER.search(gap)
        if not m or "\n" in gap or not _LIST_SEPARATOR.match(gap[:m.start()]) or \
                not _LIST_SEPARATOR.match(gap[m.end():]):
            continue
        start, end = left.end + m.start(), left.end + m.end()
        toks = m.group().split()
        if found.overlaps(start, end) or lookup_place(m.group()) is not None or not _model_name_ok(toks):
            continue
        found.add(Candidate("person", m.group(), start, end, "person.list-member", 0.7))


def _model_name_ok(toks: list[str]) -> bool:
    if any(t in NON_NAME_WORDS or t in ORG_HEADS or t in HONORIFICS or t in MONTHS
           or _glued_modifier(t) for t in toks):
        return False
    if not all(_NAME_TOKEN.match(t) or t in _LOWER_PARTICLES for t in toks):
        return False
    if toks[0] in _LOWER_PARTICLES or toks[-1] in _LOWER_PARTICLES:
        return False
    return not any(t.isupper() and len(t) > 1 for t in toks)


_LOWER_HONORIFICS = frozenset(h.lower() for h in HONORIFICS)


def _titleish(word: str) -> bool:
    """"Co-Chairs", "Ex-President", "Ministers": a title word under a prefix or in the plural."""
    w = re.sub(r"^(?:co|vice|ex|deputy|acting)-", "", word.lower())
    return any(form in _ROLE_WORDS or form in _LOWER_HONORIFICS for form in (w, w[:-1] if w.endswith("s") else w))


def _plain_name_word(word: str) -> bool:
    return not (word in LEADING_NOISE or word in NON_NAME_WORDS or word in ORG_HEADS or _titleish(word)
                or not _NAME_TOKEN.match(word) or lookup_place(word) is not None)


def _widen_right(text: str, words: list[Span]) -> list[Span]:
    """A capitalized name word right after the model's span ("Pyae Sone" + "Min") belongs to it."""
    out = list(words)
    m = re.match(r"[ \t]+([A-Z][\w\-]*)(?![\w\-’'])", text[out[-1].end:out[-1].end + 40])
    if m and _plain_name_word(m.group(1)) and not re.match(r"[ \t]+[A-Z]", text[out[-1].end + m.end():]):
        s = out[-1].end + m.start(1)
        out.append(Span(s, s + len(m.group(1)), m.group(1)))
    return out


def _widen_left(text: str, words: list[Span]) -> list[Span]:
    """Capitalized name words right before the model's span belong to the name, unless they
    are sentence openers, titles or places."""
    out = list(words)
    pos = out[0].start
    for _ in range(2):
        m = re.search(r"([A-Z][\w\-’']*)[ \t]+$", text[max(0, pos - 40):pos])
        if not m:
            break
        word = m.group(1)
        if not _plain_name_word(word):
            break
        s = pos - len(m.group(0))
        out.insert(0, Span(s, s + len(word), word))
        pos = s
    return out
