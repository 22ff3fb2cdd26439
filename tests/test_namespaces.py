from urllib.parse import unquote

from hypothesis import given, strategies as st
from rdflib import URIRef

from kg.model.namespaces import Minter, slug

IRI_FORBIDDEN = set(' <>"{}|\\^`') | {chr(c) for c in range(0x21)}


def test_slugs_are_readable_for_plain_names() -> None:
    assert slug("Katsiaryna Andreyeva") == "Katsiaryna_Andreyeva"


def test_slugs_normalize_whitespace_only() -> None:
    assert slug("  Ana   Lima ") == slug("Ana Lima")
    assert slug("ana lima") != slug("Ana Lima")


@given(st.text(min_size=1))
def test_slugs_are_always_valid_iri_segments(name: str) -> None:
    s = slug(name)
    assert not (set(s) & IRI_FORBIDDEN)
    assert "/" not in s and "?" not in s and "#" not in s


@given(st.text(min_size=1), st.text(min_size=1))
def test_different_names_never_share_a_slug(a: str, b: str) -> None:
    if " ".join(a.split()) != " ".join(b.split()):
        assert slug(a) != slug(b)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_slugs_decode_back_to_the_name(name: str) -> None:
    normalized = " ".join(__import__("unicodedata").normalize("NFC", name).split())
    if normalized:
        assert unquote(slug(name).replace("_", " ").replace("%5F", "_")) == normalized


def test_minter_base_is_configurable() -> None:
    assert Minter("https://example.org/data").person("Ana Lima") == URIRef("https://example.org/data/person/Ana_Lima")
