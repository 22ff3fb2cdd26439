"""Every namespace kg uses, the prefix map, and the IRIs kg mints for its data."""
from __future__ import annotations

import hashlib
import unicodedata
from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, VOID, XSD



class _Namespace(Namespace):
    """A Namespace that makes each term once: rdflib's makes a new URIRef on every
    attribute access, a fifth of the mapping's time in a big build."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class TermsOnce:
    """A namespace's terms, each looked up once: rdflib's own namespaces (RDF, XSD, PROV ...)
    check every attribute access against their definition, about a microsecond each, which
    the mapping pays several times a triple."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term


KG = _Namespace("https://w3id.org/kg/ontology#")
KG_ONTOLOGY = URIRef("https://w3id.org/kg/ontology")
SCHEMA = _Namespace("https://schema.org/")
ORG = _Namespace("http://www.w3.org/ns/org#")
SEM = _Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = _Namespace("http://www.w3.org/ns/oa#")

DEFAULT_BASE = "https://w3id.org/kg/id/"

PREFIXES: dict[str, Namespace] = {
    "dcat": DCAT, "dcterms": DCTERMS, "kg": KG, "oa": OA, "org": ORG, "owl": OWL, "prov": PROV,
    "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "sem": SEM, "sh": SH, "skos": SKOS, "void": VOID,
    "xsd": XSD,
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))


def normalize_name(name: str) -> str:
    """The form of a name that identifies it: NFC, single spaces, no outer spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def slug(name: str) -> str:
    """An IRI path segment for a name: readable, always a valid IRI, and one-to-one.

    Spaces become `_`; a literal `_` becomes `%5F`; everything else outside the
    unreserved ASCII set is percent-encoded as UTF-8, so two different names never
    share a slug."""
    encoded = quote(normalize_name(name), safe="")
    return encoded.replace("_", "%5F").replace("%20", "_") or "_"


def short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


class Minter:
    """Mints the IRIs of kg's data under a configurable base: the same input always
    gives the same IRI, and a person's IRI depends only on their canonical name."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    def document(self, source: str) -> URIRef:
        return self.iri("source", slug(source))

    def statement(self, source: str, index: int) -> URIRef:
        return self.iri("statement", slug(source), str(index + 1))

    def person(self, name: str) -> URIRef:
        return self.iri("person", slug(name))

    def organization(self, name: str) -> URIRef:
        return self.iri("organization", slug(name))

    def place(self, name: str) -> URIRef:
        return self.iri("place", slug(name))

    def authority(self, description: str) -> URIRef:
        return self.iri("authority", slug(description))

    def role(self, title: str) -> URIRef:
        return self.iri("role", slug(title))

    def membership(self, person: str, title: str | None, organization: str | None) -> URIRef:
        return self.iri("membership", slug(person), short_hash(title or "", organization or ""))

    def fact(self, kind: str, source: str, statement: int, position: int) -> URIRef:
        return self.iri(kind, slug(source), str(statement + 1), str(position + 1))

    def annotation(self, source: str, start: int, end: int, rule: str) -> URIRef:
        return self.iri("evidence", slug(source), f"{start}-{end}", slug(rule))

    def dataset(self) -> URIRef:
        return self.iri("dataset")
