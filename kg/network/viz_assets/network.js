/* kg viz: the who-spoke-about-whom network as SVG. Self-contained, no network use.
   Every piece of source text is written with textContent or as an attribute value
   through setAttribute, never parsed as HTML. */
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var nodes = data.nodes, edges = data.edges, quotes = data.quotes;
  var svg = document.getElementById("graph");
  var world = document.getElementById("world");
  var panel = document.getElementById("panel");
  var tooltip = document.getElementById("tooltip");
  var search = document.getElementById("search");
  var since = document.getElementById("since");
  var until = document.getElementById("until");
  var status = document.getElementById("status");
  var BIG = nodes.length > 200;

  document.getElementById("title").textContent = data.title;
  document.getElementById("subtitle").textContent = data.subtitle;

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) { e.setAttribute(k, String(attrs[k])); } }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function html(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }

  // ------------------------------------------------------------------ geometry
  var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  nodes.forEach(function (n) {
    minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
    minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
  });
  if (!nodes.length) { minX = minY = 0; maxX = maxY = 1000; }
  // the typical distance between a node and its nearest neighbour sets the size of
  // nodes and labels; a node's disc grows with how often it is spoken about
  var unit = data.unit || 40;
  var font = Math.max(Math.min(unit * 0.28, 16), 2);
  var smallest = Math.min(0.45 * unit, font * 1.1), largest = Math.min(0.9 * unit, font * 1.8);
  if (BIG) {
    // a crowded network: discs stay visible at the first view, and labels keep one size
    // on screen whatever the zoom (see applyView); more of them show as you zoom in
    smallest = Math.max(smallest, 3); largest = Math.max(largest, 9);
  }
  function radius(quoted) {
    return (smallest + (largest - smallest) * (data.most ? Math.sqrt(Math.min(quoted, data.most) / data.most) : 0)) / 2;
  }
  var pad = unit * 2.5;
  svg.setAttribute("viewBox", [minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad].join(" "));
  svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
  var marker = document.querySelector("#arrow");
  marker.setAttribute("markerWidth", String(Math.max(font * 0.7, 3)));
  marker.setAttribute("markerHeight", String(Math.max(font * 0.7, 3)));

  // ------------------------------------------------------------------ drawing
  var edgeLayer = document.getElementById("edges"), nodeLayer = document.getElementById("nodes");
  var neighbours = nodes.map(function () { return []; });
  edges.forEach(function (e, i) {
    neighbours[e.s].push(i); neighbours[e.t].push(i);
    e.g = el("g", { "class": "edge" }, edgeLayer);
    e.vis = el("line", { "class": "vis", "marker-end": "url(#arrow)" }, e.g);
    e.hit = el("line", { "class": "hit" }, e.g);
    e.shown = e.q.slice();
    e.g.addEventListener("mouseenter", function (ev) { showTooltip(e, ev); });
    e.g.addEventListener("mousemove", moveTooltip);
    e.g.addEventListener("mouseleave", hideTooltip);
    e.g.addEventListener("click", function (ev) { ev.stopPropagation(); selectEdge(i); });
  });
  var names = document.getElementById("names");
  nodes.forEach(function (n, i) {
    n.g = el("g", { "class": "node " + n.type + (n.focus ? " focus" : ""),
                    "transform": "translate(" + n.x + "," + n.y + ")" }, nodeLayer);
    n.g.setAttribute("data-id", n.id);
    n.circle = el("circle", { "r": radius(n.quoted), "fill": data.colours[n.type] || "#777" }, n.g);
    var t = el("title", {}, n.g);
    t.textContent = n.label + " (" + n.type + ")";
    n.text = el("text", { "x": 0, "y": radius(n.quoted) + font * 1.05, "text-anchor": "middle", "font-size": font }, n.g);
    n.text.textContent = n.label;
    n.g.addEventListener("click", function (ev) { ev.stopPropagation(); selectNode(i); });
    var option = document.createElement("option");
    option.value = n.label;
    names.appendChild(option);
  });

  function placeEdges() {
    edges.forEach(function (e) {
      var a = nodes[e.s], b = nodes[e.t];
      var dx = b.x - a.x, dy = b.y - a.y, d = Math.hypot(dx, dy) || 1;
      var ra = radius(a.quotedNow) + 1, rb = radius(b.quotedNow) + 2;
      var x1 = a.x + dx / d * ra, y1 = a.y + dy / d * ra, x2 = b.x - dx / d * rb, y2 = b.y - dy / d * rb;
      [e.vis, e.hit].forEach(function (line) {
        line.setAttribute("x1", x1); line.setAttribute("y1", y1);
        line.setAttribute("x2", x2); line.setAttribute("y2", y2);
      });
    });
  }

  // ------------------------------------------------------------------ date filter
  function inRange(q) {
    var d = quotes[q].date;
    return (!since.value || d >= since.value) && (!until.value || d <= until.value);
  }
  function applyDates() {
    nodes.forEach(function (n) { n.quotedNow = 0; n.degreeNow = 0; });
    var shownQuotes = {}, shownEdges = 0;
    edges.forEach(function (e) {
      e.shown = e.q.filter(inRange);
      var visible = e.shown.length > 0;
      e.g.classList.toggle("hidden", !visible);
      if (visible) {
        shownEdges += 1;
        e.shown.forEach(function (q) { shownQuotes[q] = true; });
        nodes[e.t].quotedNow += e.shown.length;
        nodes[e.s].degreeNow += 1; nodes[e.t].degreeNow += 1;
        e.vis.setAttribute("stroke-width", String(Math.max(font * 0.09, 0.25) * (1 + 1.3 * Math.sqrt(e.shown.length - 1))));
      }
    });
    var shownNodes = 0;
    nodes.forEach(function (n) {
      var visible = n.degreeNow > 0 || !edges.length;
      n.g.classList.toggle("hidden", !visible);
      if (visible) { shownNodes += 1; }
      n.circle.setAttribute("r", String(radius(n.quotedNow)));
    });
    placeEdges();
    var q = Object.keys(shownQuotes).length;
    status.textContent = nodes.length
      ? shownNodes + (shownNodes === 1 ? " person or organization, " : " people and organizations, ") +
        shownEdges + (shownEdges === 1 ? " link, " : " links, ") + q + (q === 1 ? " quote" : " quotes") +
        " shown" + (data.first ? " (quotes dated " + data.first + " to " + data.last + ")" : "")
      : "No quote links a speaker to a person or organization for these options.";
  }
  since.min = until.min = data.first; since.max = until.max = data.last;
  since.value = data.first; until.value = data.last;
  since.addEventListener("change", function () { applyDates(); placeLabels(); });
  until.addEventListener("change", function () { applyDates(); placeLabels(); });

  // ------------------------------------------------------------------ tooltip and panel
  function quoteLines(e, limit) {
    var lines = [];
    e.shown.slice(0, limit).forEach(function (q) {
      var text = quotes[q].text;
      lines.push(quotes[q].date + "  \u201c" + (text.length > 220 ? text.slice(0, 217) + "\u2026" : text) + "\u201d");
    });
    if (e.shown.length > limit) { lines.push("\u2026 and " + (e.shown.length - limit) + " more: click the line"); }
    return lines.join("\n\n");
  }
  function showTooltip(e, ev) {
    tooltip.textContent = nodes[e.s].label + " \u2192 " + nodes[e.t].label + ": " + e.shown.length +
      (e.shown.length === 1 ? " quote" : " quotes") + "\n\n" + quoteLines(e, 3);
    tooltip.hidden = false;
    moveTooltip(ev);
  }
  function moveTooltip(ev) {
    var x = ev.clientX + 14, y = ev.clientY + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth) { x = Math.max(ev.clientX - w - 14, 0); }
    if (y + h > window.innerHeight) { y = Math.max(ev.clientY - h - 14, 0); }
    tooltip.style.left = x + "px"; tooltip.style.top = y + "px";
  }
  function hideTooltip() { tooltip.hidden = true; }

  function safeLink(parent, href, text) {
    // only http(s) IRIs become links; anything else (javascript:, data:) stays text
    if (/^https?:\/\//i.test(href)) {
      var a = html("a", text, parent);
      a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
      return a;
    }
    return html("span", text, parent);
  }
  function nodeButton(parent, i) {
    var b = html("button", nodes[i].label, parent, "link");
    b.type = "button";
    b.addEventListener("click", function () { selectNode(i); });
    return b;
  }
  function clearSelection() {
    edges.forEach(function (e) { e.g.classList.remove("selected", "dim"); });
    nodes.forEach(function (n) { n.g.classList.remove("dim"); });
  }
  function dimExcept(nodeSet, edgeSet) {
    edges.forEach(function (e, i) { e.g.classList.toggle("dim", !edgeSet[i]); });
    nodes.forEach(function (n, i) { n.g.classList.toggle("dim", !nodeSet[i]); });
  }
  function selectEdge(i) {
    var e = edges[i];
    clearSelection();
    var ns = {}, es = {}; ns[e.s] = ns[e.t] = true; es[i] = true;
    dimExcept(ns, es);
    e.g.classList.add("selected");
    clear(panel);
    var h = html("h2", null, panel);
    nodeButton(h, e.s); html("span", " spoke about ", h); nodeButton(h, e.t);
    html("p", e.shown.length + (e.shown.length === 1 ? " quote" : " quotes") +
      (e.shown.length < e.q.length ? " in the date range (" + e.q.length + " in all)" : ""), panel, "meta");
    e.shown.forEach(function (q) {
      var quote = quotes[q];
      var d = html("div", null, panel);
      html("div", quote.date, d, "date");
      html("blockquote", quote.text, d);
      var src = html("div", null, d, "date");
      html("span", "Source: ", src);
      safeLink(src, quote.statement, "the statement" + (quote.source ? " in " + quote.source : ""));
    });
  }
  function selectNode(i) {
    var n = nodes[i];
    clearSelection();
    var ns = {}, es = {}; ns[i] = true;
    neighbours[i].forEach(function (j) { if (edges[j].shown.length) { es[j] = true; ns[edges[j].s] = ns[edges[j].t] = true; } });
    dimExcept(ns, es);
    clear(panel);
    html("h2", n.label, panel);
    html("p", (n.type === "organization" ? "Organization" : "Person") +
      (n.titles.length ? ": " + n.titles.join("; ") : "") +
      (n.orgs.length ? " (" + n.orgs.join("; ") + ")" : ""), panel, "meta");
    if (n.aliases.length) { html("p", "Also named: " + n.aliases.join(", "), panel, "meta"); }
    var about = [], by = [];
    neighbours[i].forEach(function (j) {
      if (!edges[j].shown.length) { return; }
      if (edges[j].s === i) { about.push(j); } else { by.push(j); }
    });
    [[by, "Spoken about by", "s"], [about, "Spoke about", "t"]].forEach(function (part) {
      if (!part[0].length) { return; }
      html("h2", part[1], panel);
      var ul = html("ul", null, panel);
      part[0].forEach(function (j) {
        var li = html("li", null, ul);
        nodeButton(li, edges[j][part[2]]);
        html("span", " ", li);
        var b = html("button", "(" + edges[j].shown.length + (edges[j].shown.length === 1 ? " quote)" : " quotes)"), li, "link");
        b.type = "button";
        b.addEventListener("click", function () { selectEdge(j); });
      });
    });
  }
  var dragged = false;
  svg.addEventListener("click", function () {
    if (dragged) { dragged = false; return; }  // the end of a pan is not a click
    clearSelection();
    clear(panel);
    html("p", "Hover or click a line to read the quotes behind it; click a name to see its links. Drag to move, scroll to zoom.", panel, "hint");
  });

  // ------------------------------------------------------------------ search
  function runSearch(jump) {
    var term = search.value.trim().toLowerCase();
    var hits = [];
    nodes.forEach(function (n, i) {
      var match = term.length > 0 && (n.label.toLowerCase().indexOf(term) >= 0 ||
        n.aliases.some(function (a) { return a.toLowerCase().indexOf(term) >= 0; }));
      n.g.classList.toggle("match", match);
      if (match) { hits.push(i); }
    });
    if (!term) { clearSelection(); return; }
    var ns = {}, es = {};
    hits.forEach(function (i) { ns[i] = true; });
    dimExcept(ns, es);
    if (hits.length === 1 || (jump && hits.length)) {
      var exact = hits.filter(function (i) { return nodes[i].label.toLowerCase() === term; });
      var target = exact.length ? exact[0] : hits[0];
      if (hits.length === 1 || exact.length || jump) { selectNode(target); centreOn(nodes[target]); }
    }
  }
  search.addEventListener("input", function () { runSearch(false); });
  search.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { runSearch(true); } });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; since.value = data.first; until.value = data.last;
    runSearch(false); applyDates(); placeLabels(); clearSelection(); view = { k: 1, x: 0, y: 0 }; applyView();
  });

  // ------------------------------------------------------------------ pan and zoom
  var view = { k: 1, x: 0, y: 0 };
  function applyView() {
    world.setAttribute("transform", "translate(" + view.x + "," + view.y + ") scale(" + view.k + ")");
    if (BIG) {
      var perUnit = (svg.getScreenCTM() ? svg.getScreenCTM().a : 1) * view.k;  // screen pixels per world unit
      var size = 11 / perUnit, shown = 25 * view.k * view.k;
      nodes.forEach(function (n) {
        n.text.setAttribute("font-size", String(size));
        n.text.setAttribute("y", String(radius(n.quotedNow) + size * 1.05));
        n.g.classList.toggle("minor", n.rank >= shown && !n.g.classList.contains("match"));
      });
    }
  }
  function toWorld(ev) {
    var p = svg.createSVGPoint(); p.x = ev.clientX; p.y = ev.clientY;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function centreOn(n) {
    var vb = svg.viewBox.baseVal;
    view.k = Math.max(view.k, BIG ? 4 : 1);
    view.x = vb.x + vb.width / 2 - n.x * view.k;
    view.y = vb.y + vb.height / 2 - n.y * view.k;
    applyView();
  }
  svg.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toWorld(ev);
    var k = Math.min(Math.max(view.k * Math.exp(-ev.deltaY * 0.0015), 0.2), 60);
    view.x = p.x - (p.x - view.x) * k / view.k;
    view.y = p.y - (p.y - view.y) * k / view.k;
    view.k = k;
    applyView();
  }, { passive: false });
  var drag = null;
  svg.addEventListener("mousedown", function (ev) {
    drag = { p: toWorld(ev), x: view.x, y: view.y };
    dragged = false;
    svg.classList.add("panning");
  });
  window.addEventListener("mousemove", function (ev) {
    if (!drag) { return; }
    var p = toWorld(ev);
    view.x = drag.x + (p.x - drag.p.x); view.y = drag.y + (p.y - drag.p.y);
    if (Math.abs(p.x - drag.p.x) + Math.abs(p.y - drag.p.y) > 2) { dragged = true; }
    applyView();
  });
  window.addEventListener("mouseup", function () { drag = null; svg.classList.remove("panning"); });

  // ------------------------------------------------------------------ labels
  // Greedy placement, most important first: each label takes the first spot around
  // its node (below, above, right, left) that overlaps no label or node placed before.
  function placeLabels() {
    var placed = [];
    var boxes = nodes.map(function (n) {
      var r = radius(n.quotedNow);
      return { x1: n.x - r, y1: n.y - r, x2: n.x + r, y2: n.y + r };
    });
    function overlaps(a, b) { return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2; }
    if (BIG) { return; }  // labels sit below their nodes; which show depends on the zoom
    var limit = Infinity;
    nodes.forEach(function (n, i) {
      if (i >= limit || n.g.classList.contains("hidden")) { return; }
      var r = radius(n.quotedNow);
      var spots = [[0, r + font * 1.05, "middle"], [0, -r - font * 0.35, "middle"],
                   [r + font * 0.3, font * 0.35, "start"], [-r - font * 0.3, font * 0.35, "end"]];
      var best = null;
      for (var k = 0; k < spots.length; k++) {
        n.text.setAttribute("x", String(spots[k][0]));
        n.text.setAttribute("y", String(spots[k][1]));
        n.text.setAttribute("text-anchor", spots[k][2]);
        var b = n.text.getBBox();
        var box = { x1: n.x + b.x, y1: n.y + b.y, x2: n.x + b.x + b.width, y2: n.y + b.y + b.height };
        var hits = 0;
        for (var j = 0; j < placed.length; j++) { if (overlaps(box, placed[j])) { hits += 3; } }
        if (!BIG) { for (j = 0; j < boxes.length; j++) { if (j !== i && overlaps(box, boxes[j])) { hits += 1; } } }
        if (!best || hits < best.hits) { best = { hits: hits, k: k, box: box }; }
        if (hits === 0) { break; }
      }
      var s = spots[best.k];
      n.text.setAttribute("x", String(s[0])); n.text.setAttribute("y", String(s[1]));
      n.text.setAttribute("text-anchor", s[2]);
      placed.push(best.box);
    });
  }

  // The address's #fragment can set the view: #since=YYYY-MM-DD&until=YYYY-MM-DD&q=NAME&edge=N&node=IRI
  var wanted = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    var kv = part.split("=");
    if (kv.length === 2) { try { wanted[kv[0]] = decodeURIComponent(kv[1]); } catch (err) { /* ignore a bad escape */ } }
  });
  if (/^\d{4}-\d{2}-\d{2}$/.test(wanted.since || "")) { since.value = wanted.since; }
  if (/^\d{4}-\d{2}-\d{2}$/.test(wanted.until || "")) { until.value = wanted.until; }
  applyDates();
  placeLabels();
  if (nodes.length) {
    // fit the view to the drawing, labels included
    var bb = world.getBBox(), margin = font * 1.5;
    svg.setAttribute("viewBox", [bb.x - margin, bb.y - margin, bb.width + 2 * margin, bb.height + 2 * margin].join(" "));
  }
  applyView();
  if (wanted.q) { search.value = wanted.q; runSearch(true); }
  var edgeIndex = parseInt(wanted.edge, 10);
  if (edgeIndex >= 0 && edgeIndex < edges.length) { selectEdge(edgeIndex); }
  nodes.forEach(function (n, i) { if (wanted.node && n.id === wanted.node) { selectNode(i); } });
  document.body.setAttribute("data-ready", "1");
})();
