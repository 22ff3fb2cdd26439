"""`kg viz` and `kg network` through click's CliRunner, and the HTML page in headless
Chromium (Debian's `chromium` package): it renders, shows the names, makes no request
and never runs text from the sources."""
from __future__ import annotations

import io
import json
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from viz_support import empty_store, injection_store, sample_store, small_store, spoke_about_rows  # noqa: F401

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def one_line_error(result, exit_code: int = 2) -> str:
    assert result.exit_code == exit_code, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


# ---------------------------------------------------------------------- kg viz

@pytest.mark.parametrize("command", ["viz", "network"])
def test_help_has_an_example(runner, command):
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    for option in ("--person", "--since", "--until", "--min-quotes", "--organization", "--store"):
        assert option in result.output


@pytest.mark.parametrize("name, magic", [("out.html", b"<!DOCTYPE html>"), ("out.svg", b"<?xml"),
                                         ("out.png", b"\x89PNG"), ("out.graphml", b"<?xml"),
                                         ("out.gexf", b"<?xml")])
def test_viz_writes_each_format(runner, small_store, tmp_path, name, magic):
    out = tmp_path / name
    result = runner.invoke(cli, ["viz", "--store", str(small_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert result.stdout == ""
    assert "6 people and organizations, 6 links" in result.stderr


def test_viz_graphml_matches_the_stored_query(runner, sample_store, tmp_path):
    out = tmp_path / "g.graphml"
    assert runner.invoke(cli, ["viz", "--store", str(sample_store), "-o", str(out)]).exit_code == 0
    g = nx.read_graphml(out)
    assert {(g.nodes[u]["label"], g.nodes[v]["label"], d["quotes"]) for u, v, d in g.edges(data=True)} \
        == spoke_about_rows(sample_store)


@pytest.mark.parametrize("options, edges", [
    (["--since", "2019-01-01"], 4),
    (["--until", "2018-12-31"], 3),
    (["--since", "2018-02-01", "--until", "2018-06-30"], 3),
    (["--min-quotes", "2"], 1),
    (["--person", "Dana Lawyer"], 3),
    (["--organization", "Police Department"], 1),
    (["--organization", "Rights Watchers", "--min-quotes", "3"], 1),
])
def test_viz_options_narrow_the_graph(runner, small_store, tmp_path, options, edges):
    out = tmp_path / "g.graphml"
    result = runner.invoke(cli, ["viz", "--store", str(small_store), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).number_of_edges() == edges


def test_viz_options_reach_the_picture(runner, small_store, tmp_path):
    out = tmp_path / "g.html"
    result = runner.invoke(cli, ["viz", "--store", str(small_store), "-o", str(out), "--person", "Bob",
                                 "--title", "Bob's week"])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>Bob&#x27;s week</title>" in page and "around Bob" in page


def test_viz_warns_on_an_empty_network(runner, small_store, tmp_path):
    out = tmp_path / "g.png"
    result = runner.invoke(cli, ["viz", "--store", str(small_store), "-o", str(out), "--until", "2000-01-01"])
    assert result.exit_code == 0 and out.exists()
    assert "warning: no quote links a speaker" in result.stderr


@pytest.mark.parametrize("options, message", [
    (["-o", "out.txt"], "cannot tell the format from the extension '.txt'"),
    (["-o", "out.png", "--since", "2018-02-30"], "--since: expected a date as YYYY-MM-DD"),
    (["-o", "out.png", "--since", "2019-01-01", "--until", "2018-01-01"], "is after --until"),
    (["-o", "out.png", "--min-quotes", "lots"], "--min-quotes: expected a whole number"),
    (["-o", "out.png", "--min-quotes", "-1"], "--min-quotes: expected 1 or more"),
    (["-o", "out.png", "--person", "Nobody Known"], "--person: no one named 'Nobody Known'"),
    (["-o", "out.png", "--organization", "Nowhere Inc"], "--organization: no organization named 'Nowhere Inc'"),
])
def test_viz_bad_options_are_one_line_errors(runner, small_store, tmp_path, options, message):
    options = [str(tmp_path / o) if o.startswith("out.") else o for o in options]
    result = runner.invoke(cli, ["viz", "--store", str(small_store), *options])
    assert message in one_line_error(result)
    assert not list(tmp_path.glob("out.*"))


def test_viz_needs_an_output_file(runner, small_store):
    result = runner.invoke(cli, ["viz", "--store", str(small_store)])
    assert result.exit_code == 2 and "Missing option '-o'" in result.output


def test_viz_without_a_store(runner, tmp_path):
    result = runner.invoke(cli, ["viz", "--store", str(tmp_path / "nothing"), "-o", str(tmp_path / "a.png")])
    assert "no kg store here" in one_line_error(result)


def test_viz_unwritable_output(runner, small_store, tmp_path):
    result = runner.invoke(cli, ["viz", "--store", str(small_store), "-o", str(tmp_path / "no" / "dir" / "a.svg")])
    assert "cannot write" in one_line_error(result)


# ---------------------------------------------------------------------- kg network

def test_network_table(runner, small_store):
    result = runner.invoke(cli, ["network", "--store", str(small_store)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("6 people and organizations, 6 links, 6 quotes\n")
    for heading in ("Spoken about most", "Speakers who spoke about the most people", "Brokers", "Communities"):
        assert heading in out
    spoken = out.split("Spoken about most\n")[1].splitlines()
    assert spoken[0].split() == ["name", "type", "quotes", "speakers"]
    assert spoken[2].split() == ["Bob", "Detained", "person", "5", "3"]


def test_network_json(runner, small_store, tmp_path):
    out = tmp_path / "n.json"
    result = runner.invoke(cli, ["network", "--store", str(small_store), "--format", "json", "--top", "0",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"nodes", "edges", "quotes", "spoken_about", "speakers", "brokers", "communities"}
    assert data["spoken_about"][0]["name"] == "Bob Detained" and data["spoken_about"][0]["quotes"] == 5
    assert len(data["spoken_about"]) == 3 and len(data["speakers"]) == 4
    assert sum(c["size"] for c in data["communities"]) == data["nodes"] == 6


def test_network_top_and_options(runner, small_store):
    result = runner.invoke(cli, ["network", "--store", str(small_store), "--format", "json", "--top", "1",
                                 "--since", "2019-01-01"])
    data = json.loads(result.stdout)
    assert data["edges"] == 4 and len(data["spoken_about"]) == 1 and len(data["speakers"]) == 1


def test_network_of_an_empty_store(runner, empty_store):
    result = runner.invoke(cli, ["network", "--store", str(empty_store)])
    assert result.exit_code == 0
    assert result.stdout.startswith("0 people and organizations, 0 links, 0 quotes") and "(none)" in result.stdout


@pytest.mark.parametrize("options, message", [
    (["--until", "2018-1-1"], "--until: expected a date"),
    (["--person", "Zed"], "--person: no one named 'Zed'"),
    (["--top", "-3"], "--top: expected a whole number (0 for all), got '-3'"),
])
def test_network_bad_options(runner, small_store, options, message):
    result = runner.invoke(cli, ["network", "--store", str(small_store), *options])
    assert message in one_line_error(result)


# ---------------------------------------------------------------------- headless Chromium

def chromium_or_skip() -> Path:
    if not CHROMIUM.exists():
        reason = "headless browser tests need Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return CHROMIUM


class RefusingProxy:
    """An HTTP proxy on the loopback that refuses everything and records what was asked."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    line = conn.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
                    self.requests.append(line)
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


# The browser's own services (time, component updates, sign-in) call these hosts even
# with background networking disabled; a request anywhere else came from the page.
BROWSER_SERVICE_HOSTS = re.compile(r"^(CONNECT |[A-Z]+ https?://)([\w.-]+\.)?(google\.com|googleapis\.com|gvt1\.com)[:/]")


def run_chromium(url: str, *, mode: str, out: Path | None = None, proxy: RefusingProxy | None = None) -> str:
    """Run headless Chromium on `url`: mode "dom" returns the DOM after scripts ran,
    mode "screenshot" writes `out`."""
    browser = chromium_or_skip()
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    args = [str(browser), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
            f"--user-data-dir={profile}", "--window-size=1400,900", "--virtual-time-budget=3000"]
    args.append(f"--proxy-server=http://127.0.0.1:{proxy.port}" if proxy else "--proxy-server=http://127.0.0.1:9")
    args.append("--proxy-bypass-list=<-loopback>")
    args += ["--dump-dom"] if mode == "dom" else [f"--screenshot={out}"]
    try:
        done = subprocess.run(args + [url], capture_output=True, timeout=120, text=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def pages(tmp_path_factory, sample_store, small_store, injection_store, empty_store) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    runner = CliRunner()
    out = {}
    for name, store in (("sample", sample_store), ("small", small_store), ("injection", injection_store),
                        ("empty", empty_store)):
        out[name] = folder / f"{name}.html"
        result = runner.invoke(cli, ["viz", "--store", str(store), "-o", str(out[name])])
        assert result.exit_code == 0, result.output
    return out


def test_sample_page_renders_in_chromium_without_a_request(pages, tmp_path):
    from PIL import Image

    proxy = RefusingProxy()
    shot = tmp_path / "sample.png"
    try:
        run_chromium(pages["sample"].as_uri(), mode="screenshot", out=shot, proxy=proxy)
    finally:
        proxy.close()
    page_requests = [r for r in proxy.requests if not BROWSER_SERVICE_HOSTS.match(r)]
    assert page_requests == [], page_requests
    image = Image.open(shot).convert("RGB")
    assert image.size == (1400, 900)
    colours = dict((c, n) for n, c in image.getcolors(maxcolors=2_000_000))
    assert len(colours) > 100, "the screenshot is blank"
    near = lambda target: sum(n for c, n in colours.items() if all(abs(a - b) < 12 for a, b in zip(c, target)))  # noqa: E731
    assert near((0x3b, 0x75, 0xaf)) > 200, "no person node drawn"
    assert near((0xe0, 0x7b, 0x28)) > 200, "no organization node drawn"


def test_sample_page_shows_every_name(pages):
    dom = run_chromium(pages["sample"].as_uri(), mode="dom")
    assert 'data-ready="1"' in dom
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", dom)
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', pages["sample"].read_text("utf-8"), re.S).group(1))
    assert len(labels) == 25
    assert sorted(labels) == sorted(n["label"] for n in data["nodes"])
    assert "Oyub Titiev" in labels and "Supreme Court of the Chechen Republic" in labels
    assert "25 people and organizations, 18 links, 10 quotes shown" in dom


def test_clicking_an_edge_shows_its_quotes_with_a_link(pages):
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', pages["small"].read_text("utf-8"), re.S).group(1))
    names = [n["label"] for n in data["nodes"]]
    index = next(i for i, e in enumerate(data["edges"])
                 if (names[e["s"]], names[e["t"]]) == ("Ann Speaker", "Bob Detained"))
    dom = run_chromium(pages["small"].as_uri() + f"#edge={index}", mode="dom")
    panel = dom.split('<aside id="panel"', 1)[1].split("</aside>", 1)[0]
    assert "3 quotes" in panel
    assert panel.count("<blockquote>") == 3 and "The City Court kept Bob in jail." in panel
    assert "2018-01-10" in panel and "2019-05-01" in panel
    assert 'href="https://w3id.org/kg/id/statement/small-a.txt/1"' in panel


def test_date_filter_and_search_from_the_address(pages):
    dom = run_chromium(pages["small"].as_uri() + "#since=2019-01-01&until=2019-12-31", mode="dom")
    assert "4 people and organizations, 4 links, 3 quotes shown" in dom
    dom = run_chromium(pages["small"].as_uri() + "#q=Dana", mode="dom")
    panel = dom.split('<aside id="panel"', 1)[1].split("</aside>", 1)[0]
    assert "<h2>Dana Lawyer</h2>" in panel and "Spoken about by" in panel and "Spoke about" in panel


def test_empty_page_says_so(pages):
    dom = run_chromium(pages["empty"].as_uri(), mode="dom")
    assert "No quote links a speaker to a person or organization" in dom


def test_a_script_in_a_page_would_be_caught(tmp_path):
    # the control: this harness does see a script that runs
    page = tmp_path / "control.html"
    page.write_text("<!DOCTYPE html><title>kg</title><body><script>document.title='pwned';"
                    "document.body.appendChild(document.createElement('pwned'))</script>", encoding="utf-8")
    dom = run_chromium(page.as_uri(), mode="dom")
    assert "<title>pwned</title>" in dom and "<pwned>" in dom


@pytest.mark.parametrize("fragment", ["", "#edge=0", "#edge=1", "#q=Eve", "#q=%3Cimg"])
def test_injected_text_never_runs(pages, fragment):
    dom = run_chromium(pages["injection"].as_uri() + fragment, mode="dom")
    assert 'data-ready="1"' in dom
    assert "<title>Who spoke about whom</title>" in dom
    assert "pwned</title>" not in dom and "<pwned" not in dom
    assert "<img" not in dom and "<b>bold</b>" not in dom
    # the hostile names are on the page, as text
    assert "Eve &lt;/script&gt;&lt;script&gt;document.title='pwned'" in dom
    assert "Org &amp; Co \"&lt;b&gt;bold&lt;/b&gt;\"" in dom
    if fragment.startswith("#edge"):
        panel = dom.split('<aside id="panel"', 1)[1].split("</aside>", 1)[0]
        assert "<blockquote>&lt;/script&gt;&lt;script&gt;document.title='pwned';window.kgPwned=1;" in panel


SAMPLE_CORPUS = Path(__file__).parent.parent.parent / "shared" / "corpus" / "amnesty-russia-2018-2019.txt"


def test_the_sample_corpus_through_the_pipeline_renders(runner, tmp_path):
    """The real path: the sample page extracted and built, then drawn (today's extraction
    finds few quote->subject links; the page must render whatever it finds)."""
    if not SAMPLE_CORPUS.exists():
        print(f"SKIP: the sample corpus is not at {SAMPLE_CORPUS}")
        pytest.skip(f"the sample corpus is not at {SAMPLE_CORPUS}")
    store, page = tmp_path / "store", tmp_path / "sample.html"
    assert runner.invoke(cli, ["build", str(SAMPLE_CORPUS), "--store", str(store), "-q"]).exit_code == 0
    result = runner.invoke(cli, ["viz", "--store", str(store), "-o", str(page)])
    assert result.exit_code == 0, result.output
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page.read_text("utf-8"), re.S).group(1))
    dom = run_chromium(page.as_uri(), mode="dom")
    assert 'data-ready="1"' in dom
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", dom)
    assert sorted(labels) == sorted(n["label"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                    for n in data["nodes"])


def test_viz_and_network_read_a_sparql_server_too(runner, small_store, tmp_path):
    import subprocess
    import sys

    from conftest import stop

    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve",
                                "--store", str(small_store), "--port", "0", "-q"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = process.stderr.readline()
        assert "serving" in line, line
        url = line.split(" at ")[1].split()[0]
        out = tmp_path / "remote.graphml"
        result = runner.invoke(cli, ["viz", "--endpoint", url, "-o", str(out)])
        assert result.exit_code == 0, result.output
        g = nx.read_graphml(out)
        assert {(g.nodes[u]["label"], g.nodes[v]["label"], d["quotes"]) for u, v, d in g.edges(data=True)} \
            == spoke_about_rows(small_store)
        result = runner.invoke(cli, ["network", "--endpoint", url, "--format", "json", "--organization",
                                     "Rights Watchers"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["edges"] == 4
    finally:
        stop(process)
        process.wait()
