"""SPARQL text that kg writes for servers: safe term serializations, binding parameters
as a VALUES block, and reading a query's algebra.

A remote endpoint has no substitution API (the embedded store binds parameters with
SEP-0007 substitutions), so parameters go into the query text. They are written as
RDF terms by `term()`, which escapes everything that could end a string or an IRI,
and are joined to the query's top-level WHERE group as `VALUES`, found by a tokenizer
that knows strings, IRIs and comments. Raw user text is never pasted.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_LANG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*\Z")
# IRIREF of the SPARQL grammar, plus no backslash (so no \u escape can hide in it).
_IRI_OK = re.compile(r"[^<>\"{}|^`\\\x00-\x20\x7f]*\Z")
_IRI_TOKEN = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_WORD = re.compile(r"[\w:.\-%]+")
_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def iri(value: str) -> str:
    """An IRI as `<...>`; one that could break out of the brackets is refused."""
    if not value or not _IRI_OK.match(value) or ":" not in value:
        raise QueryError(f"{value!r} is not an absolute IRI that can be sent to a SPARQL server")
    return f"<{value}>"


def string(value: str) -> str:
    """A string literal: every quote, backslash and control character escaped."""
    out = []
    for ch in value:
        if ch in _ECHAR:
            out.append(_ECHAR[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def term(node: Node) -> str:
    """An rdflib term in SPARQL (and N-Triples) syntax."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        text = string(str(node))
        if node.language:
            if not _LANG.match(node.language):
                raise QueryError(f"{node.language!r} is not a language tag")
            return f"{text}@{node.language}"
        if node.datatype and str(node.datatype) != XSD_STRING:
            return f"{text}^^{iri(str(node.datatype))}"
        return text
    if isinstance(node, BNode):
        raise QueryError("a blank node cannot be sent to a SPARQL server as a parameter")
    raise QueryError(f"cannot write {node!r} as a SPARQL term")


def values_block(bindings: dict[str, Node]) -> str:
    names = sorted(bindings)
    return rows_block(names, [[bindings[n] for n in names]])


def rows_block(names: list[str], rows: list[list[Node]]) -> str:
    """A VALUES block binding the variables `names` to each row of terms in turn."""
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
    variables = " ".join(f"?{n}" for n in names)
    body = " ".join("(" + " ".join(term(t) for t in row) + ")" for row in rows)
    return f"VALUES ({variables}) {{ {body} }}"


def _tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of the tokens that matter for finding groups: braces,
    parentheses and words; strings, IRIs, variables and comments are skipped whole."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while True:
                if j >= n:
                    raise QueryError("the query has an unterminated string")
                if text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if len(quote) == 1 and text[j] in "\r\n":
                    raise QueryError("the query has a string broken across lines")
                j += 1
            i = j + len(quote)
        elif c == "<" and (m := _IRI_TOKEN.match(text, i)):
            i = m.end()
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c in "{}()":
            yield c, i, i + 1
            i += 1
        elif m := _WORD.match(text, i):
            yield "word", i, m.end()
            i = m.end()
        else:
            i += 1


def query_form(text: str) -> str:
    """SELECT, CONSTRUCT, ASK or DESCRIBE (or the first keyword that is none of them)."""
    skip = 0
    for kind, start, end in _tokens(text):
        if kind != "word":
            continue
        word = text[start:end].upper()
        if skip:
            skip -= 1
            continue
        if word == "PREFIX":
            skip = 1  # the prefix name; its IRI is not a word token
            continue
        if word == "BASE":
            continue
        return word
    return ""


def where_brace(text: str) -> int:
    """Where the top-level WHERE group's `{` is in a query."""
    form = query_form(text)
    if form not in ("SELECT", "ASK", "DESCRIBE", "CONSTRUCT"):
        raise QueryError("only SELECT, ASK, CONSTRUCT and DESCRIBE queries take parameters")
    tokens = _tokens(text)
    seen_form = False
    parens = 0
    template_done = form != "CONSTRUCT"
    for kind, start, end in tokens:
        if kind == "word" and text[start:end].upper() == form:
            seen_form = True
            if form == "CONSTRUCT":
                nxt = next(tokens, None)
                if nxt and nxt[0] == "word" and text[nxt[1]:nxt[2]].upper() == "WHERE":
                    raise QueryError("parameters cannot be bound in the short form CONSTRUCT WHERE { ... }; "
                                     "write the template out: CONSTRUCT { ... } WHERE { ... }")
                elif nxt and nxt[0] == "{":
                    depth = 1
                    for k, _, _ in tokens:
                        depth += {"{": 1, "}": -1}.get(k, 0)
                        if depth == 0:
                            break
                    template_done = True
            continue
        if not seen_form:
            continue
        if kind == "(":
            parens += 1
        elif kind == ")":
            parens -= 1
        elif kind == "{" and parens == 0 and template_done:
            return start
    raise QueryError("the query has no WHERE group to bind parameters in")


def bind_values(text: str, bindings: dict[str, Node] | None) -> str:
    """The query with its parameters joined as a VALUES block at the start of its
    top-level WHERE group, where every FILTER of that group sees them (a trailing VALUES
    clause would be joined after the filters ran)."""
    if not bindings:
        return text
    return bind_block(text, values_block(bindings))


def bind_block(text: str, block: str) -> str:
    """The query with a VALUES block (from values_block or rows_block) at the start of
    its top-level WHERE group."""
    brace = where_brace(text)
    after = [t for t in _tokens(text[brace + 1:])][:1]
    if after and after[0][0] == "word" and text[brace + 1 + after[0][1]:brace + 1 + after[0][2]].upper() == "SELECT":
        raise QueryError("parameters cannot be bound remotely in a query whose WHERE is a sub-select; "
                         "add a pattern or a FILTER around it")
    return f"{text[:brace + 1]}\n  {block}\n{text[brace + 1:]}"


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_codepoints(text: str) -> str:
    """The query with its \\u and \\U codepoint escapes decoded, as SPARQL reads them
    before parsing (SPARQL 1.1, 19.2): `\\u0053ERVICE` is the keyword SERVICE."""
    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _CODEPOINT.sub(one, text)


def uses_service(text: str) -> bool:
    """Whether a query has a SERVICE clause: a SERVICE keyword among its tokens (strings,
    IRIs, variables, prefixed names and comments that merely contain the word do not
    count), in the text as written and with its codepoint escapes decoded. Pure Python
    over kg's own tokenizer, so safe to call from many threads at once (rdflib's parser
    is not). Raises QueryError for a text that has the word and whose strings cannot be
    read either way (Oxigraph's parser reports any other malformed text)."""
    forms = {text, decode_codepoints(text)}
    if not any("service" in form.lower() for form in forms):
        return False  # no such keyword can be in it: the common case, without tokenizing
    return any(kind == "word" and form[start:end].upper() == "SERVICE"
               for form in forms for kind, start, end in _tokens(form))
