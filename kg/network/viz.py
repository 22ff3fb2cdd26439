"""Drawing the who-spoke-about-whom network: a layout, and the files it is drawn into.

- `.html`: one self-contained page (no CDN, no network request: the script is inlined
  and pinned by a Content-Security-Policy hash) with pan/zoom, quotes on an edge, a
  search box and a date-range filter. Source text travels as JSON inside a
  `<script type="application/json">` block with `<`, `>` and `&` escaped, and the page
  renders it with `textContent` only, so a name or quote never becomes markup.
- `.svg` / `.png`: a static drawing with matplotlib, labels placed so they do not overlap.
- `.graphml` / `.gexf`: the graph with node and edge attributes, for Gephi and friends.

The graph comes from `kg.network.read_network`; nothing here queries the store.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import random
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import InputError
from kg.network.analysis import summary

FORMATS = {".html": "html", ".htm": "html", ".svg": "svg", ".png": "png", ".graphml": "graphml", ".gexf": "gexf"}
COLOURS = {"person": "#3b75af", "organization": "#e07b28"}
TYPE_LABELS = {"person": "Person", "organization": "Organization"}
DEFAULT_TITLE = "Who spoke about whom"


def format_for(path: str) -> str:
    """The output format named by a file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(sorted(set(FORMATS) - {".htm"}))
        raise InputError(f"{path}: cannot tell the format from the extension "
                         f"{suffix or '(none)'!r}; use one of {known}")
    return FORMATS[suffix]


def render(graph: nx.DiGraph, fmt: str, *, title: str = DEFAULT_TITLE, subtitle: str = "") -> bytes:
    """The graph drawn or written in `fmt` (html, svg, png, graphml or gexf)."""
    if fmt == "html":
        return to_html(graph, title=title, subtitle=subtitle).encode("utf-8")
    if fmt in ("svg", "png"):
        return to_image(graph, fmt, title=title, subtitle=subtitle)
    if fmt == "graphml":
        return to_graphml(graph)
    if fmt == "gexf":
        return to_gexf(graph)
    raise InputError(f"unknown format {fmt!r}")


# ---------------------------------------------------------------------- layout

def layout(graph: nx.DiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions that spread the nodes: each connected group laid out on its own by
    Fruchterman-Reingold (igraph's, with a grid for large groups), scaled so nodes sit
    about one unit apart, then the groups packed in rows, largest first."""
    import igraph as ig

    # igraph draws from Python's random module: give it its own seeded generator
    ig.set_random_number_generator(random.Random(seed))
    try:
        return _layout(graph, seed)
    finally:
        ig.set_random_number_generator(random)


def _layout(graph: nx.DiGraph, seed: int) -> dict[str, tuple[float, float]]:
    import igraph as ig
    import numpy as np

    rng = np.random.default_rng(seed)
    groups = sorted((sorted(c) for c in nx.weakly_connected_components(graph)),
                    key=lambda c: (-len(c), _importance_key(graph, c)))
    boxes: list[tuple[list[str], Any, float, float]] = []
    for nodes in groups:
        n = len(nodes)
        if n == 1:
            xy = np.zeros((1, 2))
        elif n == 2:
            xy = np.array([[-0.6, 0.0], [0.6, 0.0]])
        else:
            index = {v: i for i, v in enumerate(nodes)}
            # sorted: a subgraph view may list its edges in set (hash) order
            pairs = sorted((index[u], index[v]) for u, v in graph.subgraph(nodes).edges)
            g = ig.Graph(n=n, edges=pairs)
            # a start spread like igraph's own (a crowded start makes the grid slow)
            start = rng.uniform(-1, 1, size=(n, 2)) * math.sqrt(n) / 2
            start = start.tolist()
            xy = np.array(g.layout_fruchterman_reingold(niter=500 if n < 1000 else 300, seed=start,
                                                        grid="auto").coords)
            xy -= xy.mean(axis=0)
            # scale so the median edge is about 1.6 units long
            lengths = [float(np.hypot(*(xy[u] - xy[v]))) for u, v in pairs]
            median = sorted(lengths)[len(lengths) // 2] if lengths else 1.0
            xy *= 1.6 / (median or 1.0)
            xy = _spread(xy, 1.0)
        xy -= xy.min(axis=0)
        width, height = (xy.max(axis=0) + 0.0).tolist()
        boxes.append((nodes, xy, width, height))

    total = sum((w + 2.5) * (h + 1.5) for _, _, w, h in boxes)
    row_width = max(math.sqrt(total) * 1.5, max((w for _, _, w, _ in boxes), default=0) + 2.5)
    pos: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, xy, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + 1.5, 0.0
        for v, (px, py) in zip(nodes, xy.tolist()):
            pos[v] = (x + px, -(y + py))
        x += w + 2.5
        row_height = max(row_height, h)
    return pos


def _spread(xy: Any, minimum: float, rounds: int = 30) -> Any:
    """Push apart nodes closer than `minimum` (small groups only: quadratic)."""
    import numpy as np

    if len(xy) > 400:
        return xy
    for _ in range(rounds):
        delta = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(delta[..., 0], delta[..., 1]) + np.eye(len(xy))
        overlap = np.clip(minimum - dist, 0, None)
        if not overlap.any():
            break
        push = (delta / dist[..., None] * overlap[..., None] / 2).sum(axis=1)
        xy = xy + push
    return xy


def _importance_key(graph: nx.DiGraph, nodes: list[str]) -> str:
    return min(graph.nodes[n]["label"].casefold() for n in nodes)


def importance(graph: nx.DiGraph) -> list[str]:
    """Nodes from most to least important: quoted about, then quotes spoken, then name."""
    return sorted(graph, key=lambda n: (-graph.nodes[n]["quoted"], -graph.nodes[n]["spoke"],
                                        graph.nodes[n]["label"].casefold(), n))


# ---------------------------------------------------------------------- static images

MAX_LABELS = 300  # up to this many nodes every node is labelled; above, the most important that fit


def spacing(pos: dict[str, tuple[float, float]]) -> float:
    """The median distance from a node to its nearest neighbour, in layout units."""
    import numpy as np

    if len(pos) < 2:
        return 1.0
    xy = np.array(list(pos.values()), dtype=float)
    nearest = np.empty(len(xy))
    for i in range(0, len(xy), 512):  # in chunks: a full distance matrix of a large graph is too big
        d = np.hypot(*(xy[i:i + 512, None, :] - xy[None, :, :]).transpose(2, 0, 1))
        d[np.arange(d.shape[0]), np.arange(i, i + d.shape[0])] = np.inf
        nearest[i:i + 512] = d.min(axis=1)
    return float(np.median(nearest)) or 1.0


@dataclass(frozen=True)
class Sizes:
    """Node sizes relative to the space between nodes: the most spoken-about node
    gets the largest disc that still leaves room, a node never spoken about the smallest."""

    smallest: float
    largest: float
    most: int

    @classmethod
    def fit(cls, graph: nx.DiGraph, gap: float, smallest: float, largest: float) -> Sizes:
        """`gap`: the median nearest-neighbour distance in the drawing's units; sizes are
        capped at `smallest` and `largest` (diameters in the same units)."""
        most = max((d["quoted"] for _, d in graph.nodes(data=True)), default=0)
        # floors keep the discs of a crowded network visible (they may touch there)
        return cls(max(min(0.45 * gap, smallest), 2.0), max(min(0.9 * gap, largest), 7.0), most)

    def diameter(self, quoted: int) -> float:
        if self.most == 0:
            return self.smallest
        return self.smallest + (self.largest - self.smallest) * math.sqrt(quoted / self.most)


@dataclass(frozen=True)
class Labels:
    """How the labels of a static drawing came out: how many nodes were labelled and
    how many labels overlap another label (0 on a readable drawing)."""

    labelled: int
    overlapping: int


def to_image(graph: nx.DiGraph, fmt: str, *, title: str = DEFAULT_TITLE, subtitle: str = "") -> bytes:
    """A PNG or SVG drawing with matplotlib (no display needed)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    out = io.BytesIO()
    metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
    # text stays text in SVG (searchable, and escaped by matplotlib's XML writer); stable ids
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kg"}):
        fig, _ = figure(graph, title=title, subtitle=subtitle)
        try:
            fig.savefig(out, format=fmt, dpi=150 if len(graph) <= 500 else 120, bbox_inches="tight",
                        pad_inches=0.25, metadata=metadata, facecolor="white")
        finally:
            plt.close(fig)
    return out.getvalue()


def figure(graph: nx.DiGraph, *, title: str = DEFAULT_TITLE, subtitle: str = "") -> tuple[Any, Labels]:
    """The matplotlib figure of the network, and how its labels came out."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    pos = layout(graph)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = max(xs) - min(xs) + 2.0, max(ys) - min(ys) + 1.7
    if len(graph) <= MAX_LABELS:
        inches_per_unit = 0.85  # room for every label at 10 points
    else:
        inches_per_unit = min(0.85, max(14.0, min(30.0, 0.5 * math.sqrt(len(graph)))) / max(span_x, span_y))
    width = min(max(span_x * inches_per_unit, 8.0), 60.0)
    height = min(max(span_y * inches_per_unit, 3.0), 60.0)
    header = 0.9  # inches above the drawing for the title, subtitle and legend
    fig = plt.figure(figsize=(width, height + header))
    ax = fig.add_axes((0.0, 0.0, 1.0, height / (height + header)))
    ax.set_axis_off()
    many = graph.number_of_edges() > 1500
    sizes = Sizes.fit(graph, spacing(pos) * inches_per_unit * 72, smallest=9.0, largest=18.0)  # points

    order = importance(graph)
    if graph.number_of_edges():
        edges = sorted(graph.edges(data="quotes"), key=lambda e: e[2])
        widths = [0.8 + 1.2 * math.sqrt(q - 1) for _, _, q in edges]
        if many:
            ax.add_collection(LineCollection([(pos[u], pos[v]) for u, v, _ in edges], colors="#9a9a9a",
                                             linewidths=[0.25 * w for w in widths], alpha=0.35, zorder=1))
        else:
            for (u, v, _), w in zip(edges, widths):
                ax.annotate("", xy=pos[v], xytext=pos[u], zorder=1,
                            arrowprops=dict(arrowstyle="-|>", color="#8a8a8a", lw=w, alpha=0.8,
                                            mutation_scale=10 + 2 * w,
                                            shrinkA=sizes.diameter(graph.nodes[u]["quoted"]) / 2 + 1,
                                            shrinkB=sizes.diameter(graph.nodes[v]["quoted"]) / 2 + 1.5))
    for kind in ("person", "organization"):
        nodes = [n for n in reversed(order) if graph.nodes[n]["type"] == kind]
        if nodes:
            ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
                       s=[sizes.diameter(graph.nodes[n]["quoted"]) ** 2 for n in nodes],
                       c=COLOURS[kind], edgecolors="white", linewidths=0.8 if not many else 0.3, zorder=2)
    # limits that fill the axes at the same scale on both axes (equal aspect, no warning)
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2 + 0.05
    ax.set_xlim(cx - width / inches_per_unit / 2, cx + width / inches_per_unit / 2)
    ax.set_ylim(cy - height / inches_per_unit / 2, cy + height / inches_per_unit / 2)

    every = len(order) <= MAX_LABELS
    labels = _place_labels(fig, ax, graph, pos, order if every else order[:MAX_LABELS], sizes,
                           fontsize=10 if every else 7, must=every)

    handles = [Line2D([], [], marker="o", ls="", color=COLOURS[k], markersize=9, label=TYPE_LABELS[k])
               for k in ("person", "organization")]
    handles.append(Line2D([], [], color="#8a8a8a", marker=">", markersize=6,
                          label="spoke about (line width: quotes; node size: quotes about them)"))
    top = 1.0 - 0.12 / (height + header)
    quotes = len({q.iri for _, _, items in graph.edges(data="items") for q in items})
    heading = f"{title}: {summary(graph.number_of_nodes(), graph.number_of_edges(), quotes)}"
    fig.text(0.01, top, heading, ha="left", va="top", fontsize=13, fontweight="bold", parse_math=False)
    line = top - 0.3 / (height + header)
    if not every:
        subtitle = "; ".join(filter(None, [subtitle, f"the {labels.labelled} most spoken-about names that fit"]))
    if subtitle:
        fig.text(0.01, line, subtitle, ha="left", va="top", fontsize=10, color="#555555", parse_math=False)
        line -= 0.22 / (height + header)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, line), frameon=False, fontsize=10, ncol=3,
               handletextpad=0.4, columnspacing=1.2)
    if not len(graph):
        ax.text(0.5, 0.5, "No quote links a speaker to a person or organization for these options.",
                ha="center", va="center", transform=ax.transAxes, fontsize=11, color="#555555", parse_math=False)
    return fig, labels


def _place_labels(fig: Any, ax: Any, graph: nx.DiGraph, pos: dict[str, tuple[float, float]], nodes: list[str],
                  sizes: Sizes, fontsize: float, must: bool) -> Labels:
    """Greedy label placement, most important first: each label goes to the first of
    eight spots around its node that overlaps no label, node or line placed before it
    (else the least bad spot when `must`, else it is left out)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    px_per_pt = fig.dpi / 72.0
    import numpy as np

    centres = np.array([to_px(pos[n]) for n in graph]).reshape(-1, 2)
    radii = np.array([sizes.diameter(graph.nodes[n]["quoted"]) / 2 * px_per_pt for n in graph])
    nodes_x0, nodes_x1 = centres[:, 0] - radii, centres[:, 0] + radii
    nodes_y0, nodes_y1 = centres[:, 1] - radii, centres[:, 1] + radii

    def covered(box: Any) -> int:
        return int(np.count_nonzero((nodes_x0 < box.x1) & (box.x0 < nodes_x1) & (nodes_y0 < box.y1)
                                    & (box.y0 < nodes_y1)))

    lines: list[tuple[Any, Any]] = []
    if graph.number_of_edges() <= 2000:
        lines = [(to_px(pos[u]), to_px(pos[v])) for u, v in graph.edges]
    placed: list[Any] = []
    overlapping = 0
    for n in nodes:
        d = graph.nodes[n]
        r = sizes.diameter(d["quoted"]) / 2 + 2
        best = None
        for dx, dy, ha, va in ((0, -r, "center", "top"), (0, r, "center", "bottom"), (r, 0, "left", "center"),
                               (-r, 0, "right", "center"), (r * 0.7, -r * 0.7, "left", "top"),
                               (-r * 0.7, -r * 0.7, "right", "top"), (r * 0.7, r * 0.7, "left", "bottom"),
                               (-r * 0.7, r * 0.7, "right", "bottom")):
            text = ax.annotate(d["label"], xy=pos[n], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                               fontsize=fontsize, zorder=3, annotation_clip=False, parse_math=False,
                               fontweight="bold" if d.get("focus") else "normal",
                               bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            hits = (sum(1 for b in placed if b.overlaps(box)) * 10 + covered(box) * 3
                    + sum(1 for a, b in lines if _crosses(box, a, b)))
            if best is None or hits < best[0]:
                if best is not None:
                    best[1].remove()
                best = (hits, text, box)
            else:
                text.remove()
            if hits == 0:
                break
        assert best is not None
        clash = any(b.overlaps(best[2]) for b in placed)
        if clash and not must:
            best[1].remove()
            continue
        overlapping += clash
        placed.append(best[2])
    return Labels(len(placed), overlapping)


def _crosses(box: Any, a: Any, b: Any) -> bool:
    """Whether the segment a-b passes through the box (sampled: good enough for labels)."""
    for t in (0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9):
        x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1:
            return True
    return False


# ---------------------------------------------------------------------- graph files

def _flat(graph: nx.DiGraph) -> nx.DiGraph:
    """A copy whose attributes are all strings or numbers (GraphML and GEXF need that)."""
    out = nx.DiGraph()
    for n, d in graph.nodes(data=True):
        out.add_node(n, label=d["label"], type=d["type"], quoted=int(d["quoted"]), spoke=int(d["spoke"]),
                     first=d["first"], last=d["last"], organizations="; ".join(d["organizations"]),
                     titles="; ".join(d["titles"]))
    for u, v, d in graph.edges(data=True):
        out.add_edge(u, v, weight=int(d["quotes"]), quotes=int(d["quotes"]), first=d["first"], last=d["last"],
                     statements=" ".join(sorted({q.statement for q in d["items"]})))
    return out


def to_graphml(graph: nx.DiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(_flat(graph), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


def to_gexf(graph: nx.DiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_gexf(_flat(graph), out, encoding="utf-8", prettyprint=True, version="1.2draft")
    return out.getvalue()


# ---------------------------------------------------------------------- HTML

def page_data(graph: nx.DiGraph, *, title: str = DEFAULT_TITLE, subtitle: str = "") -> dict[str, Any]:
    """What the page's script needs, as plain JSON: positions scaled to a 1000-wide box."""
    pos = layout(graph)
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    scale = 1000 / max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    order = importance(graph)
    index = {n: i for i, n in enumerate(order)}  # nodes are listed by importance: index is rank
    nodes = []
    for n in order:
        d = graph.nodes[n]
        x, y = pos[n]
        nodes.append({"id": n, "label": d["label"], "type": d["type"], "quoted": d["quoted"], "spoke": d["spoke"],
                      "x": round((x - min(xs)) * scale, 1), "y": round((max(ys) - y) * scale, 1),
                      "rank": index[n], "orgs": d["organizations"], "titles": d["titles"],
                      "aliases": d["aliases"], "focus": bool(d.get("focus"))})
    quotes: dict[str, int] = {}
    quote_list: list[dict[str, Any]] = []
    edges = []
    for u, v, d in sorted(graph.edges(data=True), key=lambda e: (index[e[0]], index[e[1]])):
        ids = []
        for q in d["items"]:
            if q.iri not in quotes:
                quotes[q.iri] = len(quote_list)
                quote_list.append({"id": q.iri, "text": q.text, "date": q.date, "statement": q.statement,
                                   "source": q.source or ""})
            ids.append(quotes[q.iri])
        edges.append({"s": index[u], "t": index[v], "q": ids})
    dates = sorted(q["date"] for q in quote_list)
    return {"title": title, "subtitle": subtitle, "nodes": nodes, "edges": edges, "quotes": quote_list,
            "first": dates[0] if dates else "", "last": dates[-1] if dates else "",
            "unit": round(spacing(pos) * scale, 2), "most": max((n["quoted"] for n in nodes), default=0),
            "colours": COLOURS}


def json_for_html(data: Any) -> str:
    """JSON that is inert inside HTML: no `<`, `>` or `&` (so no `</script>`, no
    comment or CDATA openers) and no U+2028/2029 line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _asset(name: str) -> str:
    return resources.files("kg.network").joinpath("viz_assets", name).read_text(encoding="utf-8")


def to_html(graph: nx.DiGraph, *, title: str = DEFAULT_TITLE, subtitle: str = "") -> str:
    """One self-contained page. Its Content-Security-Policy allows only the inlined
    script (by hash) and style, and no connection of any kind."""
    data = page_data(graph, title=title, subtitle=subtitle)
    script = _asset("network.js")
    style = _asset("network.css")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
           f"connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'")
    parts = {"csp": csp, "title": html.escape(title, quote=True), "style": style, "data": json_for_html(data),
             "script": script}
    # one pass, so text substituted for one slot is never searched for another
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _asset("network.html"))
