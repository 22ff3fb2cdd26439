"""Drawing the network: layout, HTML page, static images and graph files."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.errors import InputError
from kg.network.analysis import Focus, read_network
from kg.store.embedded import Store
from kg.network.viz import figure, format_for, json_for_html, layout, page_data, render, to_html
from viz_support import empty_store, injection_store, sample_store, small_store, spoke_about_rows  # noqa: F401

PAYLOADS = ("document.title='pwned'", "window.kgPwned=1")


def network(path, **options):
    with Store(path, read_only=True) as store:
        return read_network(store, Focus.from_options(**options))


def embedded_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


# ---------------------------------------------------------------------- formats

@pytest.mark.parametrize("path, fmt", [("a.html", "html"), ("A.HTM", "html"), ("x/b.svg", "svg"), ("c.png", "png"),
                                       ("d.graphml", "graphml"), ("e.gexf", "gexf")])
def test_format_follows_the_extension(path, fmt):
    assert format_for(path) == fmt


@pytest.mark.parametrize("path", ["out.txt", "out", "out.html.bak", "-"])
def test_unknown_extension_is_an_input_error(path):
    with pytest.raises(InputError, match="cannot tell the format"):
        format_for(path)


# ---------------------------------------------------------------------- layout

def test_layout_places_every_node_apart_and_is_stable(sample_store):
    g = network(sample_store)
    pos = layout(g)
    assert set(pos) == set(g)
    assert pos == layout(g)
    points = list(pos.values())
    closest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert closest >= 0.95


def test_layout_of_empty_and_single_graphs():
    assert layout(nx.DiGraph()) == {}
    g = nx.DiGraph()
    g.add_node("a", label="A", quoted=0, spoke=0)
    assert layout(g) == {"a": (0.0, -0.0)}


# ---------------------------------------------------------------------- HTML

def test_json_for_html_is_inert_and_round_trips():
    value = {"a": "</script><script>x()</script>", "b": "<!-- & -->", "c": "\u2028\u2029", "d": "é"}
    text = json_for_html(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_html_is_self_contained(sample_store):
    page = to_html(network(sample_store))
    # no external resource of any kind: no src/href to a URL, no link or import, no CDN
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<link" not in page.lower() and "@import" not in page and "bootstrap" not in page.lower()
    assert "cdn" not in page.lower()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="kg-data"', ""]
    # the Content-Security-Policy pins the one inline script by its hash and forbids connections
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    digest = base64.b64encode(hashlib.sha256(scripts[1][1].encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_html_carries_the_graph(small_store):
    g = network(small_store)
    page = to_html(g, title="Small", subtitle="all of it")
    data = embedded_data(page)
    assert data == page_data(g, title="Small", subtitle="all of it")
    assert {n["label"] for n in data["nodes"]} == {d["label"] for _, d in g.nodes(data=True)}
    assert len(data["edges"]) == 6 and len(data["quotes"]) == 6
    assert (data["first"], data["last"]) == ("2018-01-10", "2019-05-01")
    weights = {(data["nodes"][e["s"]]["label"], data["nodes"][e["t"]]["label"], len(e["q"])) for e in data["edges"]}
    assert weights == spoke_about_rows(small_store)
    quote = data["quotes"][data["edges"][0]["q"][0]]
    assert set(quote) == {"id", "text", "date", "statement", "source"}
    assert all(0 <= n["x"] <= 1000.1 and 0 <= n["y"] <= 1000.1 for n in data["nodes"])
    assert "<title>Small</title>" in page


def test_html_escapes_source_text(injection_store):
    page = to_html(network(injection_store), title="<b>T</b>")
    body_of_data = re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in body_of_data and ">" not in body_of_data and "&" not in body_of_data
    # the hostile text reaches the page only inside the JSON block
    for payload in PAYLOADS:
        assert page.count(payload) == page.count(payload, page.index('id="kg-data"'), page.index("</script>"))
    assert "<img" not in page and "onerror=\"" not in page
    assert page.count("</script>") == 2
    assert "<title>&lt;b&gt;T&lt;/b&gt;</title>" in page
    data = embedded_data(page)
    assert any("</script><script>" in q["text"] for q in data["quotes"])  # text kept as is, as data
    # the script never turns data into markup
    script = re.findall(r"<script>(.*?)</script>", page, re.S)[-1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert "eval(" not in script and "new Function" not in script


def test_html_of_an_empty_graph(empty_store):
    page = to_html(network(empty_store))
    data = embedded_data(page)
    assert data["nodes"] == [] and data["edges"] == [] and data["first"] == ""


def test_html_is_deterministic(sample_store):
    g = network(sample_store)
    assert to_html(g) == to_html(network(sample_store))


# ---------------------------------------------------------------------- static images

def test_png_of_the_sample(sample_store):
    png = render(network(sample_store), "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.width > 1000 and image.height > 500
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # drawn, not blank


def test_every_node_of_the_sample_is_labelled_without_overlap(sample_store):
    import matplotlib.pyplot as plt

    g = network(sample_store)
    fig, labels = figure(g)
    plt.close(fig)
    assert labels.labelled == g.number_of_nodes() == 25
    assert labels.overlapping == 0


def test_svg_keeps_labels_as_escaped_text(sample_store, injection_store):
    g = network(sample_store)
    svg = render(g, "svg")
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {d["label"] for _, d in g.nodes(data=True)} <= texts
    assert render(g, "svg") == svg  # stable bytes: no date, fixed ids

    hostile = render(network(injection_store), "svg")
    root = ET.fromstring(hostile)
    assert not [e for e in root.iter() if e.tag.endswith(("script", "img", "foreignObject"))]
    texts = {"".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert any("</script><script>" in t for t in texts)
    assert any("$x^2$" in t for t in texts)  # dollar signs stay text, not mathtext


def test_image_of_an_empty_graph(empty_store):
    svg = render(network(empty_store), "svg")
    assert b"No quote links a speaker" in svg


def test_focus_is_in_the_subtitle(small_store):
    focus = Focus.from_options(person="Dana Lawyer")
    svg = render(network(small_store, person="Dana Lawyer"), "svg", subtitle=focus.describe())
    assert b"around Dana Lawyer" in svg


# ---------------------------------------------------------------------- graph files

def _edges_by_name(g) -> set[tuple[str, str, int]]:
    return {(g.nodes[u]["label"], g.nodes[v]["label"], int(d["quotes"])) for u, v, d in g.edges(data=True)}


@pytest.mark.parametrize("store", ["small_store", "sample_store", "injection_store"])
def test_graphml_loads_in_networkx_with_the_stored_query_edges(store, request):
    path = request.getfixturevalue(store)
    data = render(network(path), "graphml")
    g = nx.read_graphml(io.BytesIO(data))
    assert g.is_directed()
    assert _edges_by_name(g) == spoke_about_rows(path)


def test_graphml_attributes(small_store):
    g = nx.read_graphml(io.BytesIO(render(network(small_store), "graphml")))
    bob = g.nodes["https://w3id.org/kg/id/person/Bob_Detained"]
    assert bob == {"label": "Bob Detained", "type": "person", "quoted": 5, "spoke": 0, "first": "2018-01-10",
                   "last": "2019-05-01", "organizations": "", "titles": ""}
    ann = g.nodes["https://w3id.org/kg/id/person/Ann_Speaker"]
    assert ann["organizations"] == "Rights Watchers" and ann["titles"] == "Director"
    edge = g.edges["https://w3id.org/kg/id/person/Ann_Speaker", "https://w3id.org/kg/id/person/Bob_Detained"]
    assert (edge["quotes"], edge["weight"], edge["first"], edge["last"]) == (3, 3, "2018-01-10", "2019-05-01")
    assert len(edge["statements"].split()) == 3


@pytest.mark.parametrize("store", ["small_store", "sample_store"])
def test_graphml_loads_in_igraph_with_the_stored_query_edges(store, request, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = request.getfixturevalue(store)
    file = tmp_path / "network.graphml"
    file.write_bytes(render(network(path), "graphml"))
    g = igraph.Graph.Read_GraphML(str(file))
    assert g.is_directed()
    got = {(g.vs[e.source]["label"], g.vs[e.target]["label"], int(e["quotes"])) for e in g.es}
    assert got == spoke_about_rows(path)
    assert set(g.vs.attributes()) >= {"label", "type", "quoted", "spoke", "first", "last"}


def test_gexf_loads_with_attributes(small_store):
    g = nx.read_gexf(io.BytesIO(render(network(small_store), "gexf")))
    assert _edges_by_name(g) == spoke_about_rows(small_store)
    bob = g.nodes["https://w3id.org/kg/id/person/Bob_Detained"]
    assert bob["type"] == "person" and bob["quoted"] == 5 and bob["first"] == "2018-01-10"


def test_graph_files_escape_source_text(injection_store):
    for fmt in ("graphml", "gexf"):
        data = render(network(injection_store), fmt)
        root = ET.fromstring(data)  # well-formed XML
        assert not [e for e in root.iter() if e.tag.endswith(("script", "img"))]


def test_layout_is_the_same_in_another_process(sample_store):
    import os
    import subprocess
    import sys

    code = ("import sys, json; from kg.store.embedded import Store; from kg.network.analysis import read_network; "
            "from kg.network.viz import layout\n"
            "with Store(sys.argv[1], read_only=True) as s: g = read_network(s)\n"
            "print(json.dumps(sorted(layout(g).items())))")
    runs = [subprocess.run([sys.executable, "-c", code, str(sample_store)], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")]
    # no dependence on hash seeds (a subgraph view lists its edges in set order)
    assert runs[0] == runs[1] == runs[2]
    assert json.loads(runs[0]) == json.loads(json.dumps(sorted(layout(network(sample_store)).items())))
