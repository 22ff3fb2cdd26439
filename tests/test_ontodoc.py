"""The ontology reference page in docs/ is generated, and up to date."""
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.publish.ontodoc import curie, render
from kg.resources import ontology_text

PAGE = Path(__file__).resolve().parent.parent / "docs" / "ontology.md"


def test_the_committed_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == render(), \
        "docs/ontology.md is stale: run `python -m kg.publish.ontodoc docs/ontology.md` and commit it"


def test_every_class_has_a_section_with_its_label_and_comment() -> None:
    ontology = Graph().parse(data=ontology_text(), format="turtle")
    page = render(ontology)
    for cls in ontology.subjects(RDF.type, OWL.Class):
        assert isinstance(cls, URIRef)
        assert f"### `{curie(cls)}`" in page
        assert str(ontology.value(cls, RDFS.comment)).split(".")[0] in page.replace("\\|", "|")


def test_main_writes_the_page(tmp_path: Path) -> None:
    from kg.publish.ontodoc import main

    out = tmp_path / "docs" / "ontology.md"
    assert main([str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render()
