"""`kg serve --cors` from a browser: headless Chromium (Debian's `chromium`, installed by
`make install-test`) opens a page served on another loopback port, which POSTs a
query to the endpoint (a cross-origin request with a CORS preflight, as YASGUI sends
it) and writes the rows into the page."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import stop
from test_serve_abuse import NAMES, ask, start_serve

CHROMIUM = Path("/usr/bin/chromium")

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>query</title></head>
<body><ul id="rows"></ul><p id="status">waiting</p>
<script>
fetch(ENDPOINT, {method: "POST", body: QUERY,
                 headers: {"Content-Type": "application/sparql-query",
                           "Accept": "application/sparql-results+json"}})
  .then(response => response.json())
  .then(data => {
    for (const row of data.results.bindings) {
      const li = document.createElement("li");
      li.textContent = row.name.value;
      document.getElementById("rows").appendChild(li);
    }
    document.getElementById("status").textContent = "rows: " + data.results.bindings.length;
  })
  .catch(error => { document.getElementById("status").textContent = "failed: " + error; });
</script></body></html>
"""


def chromium_or_skip() -> Path:
    if not CHROMIUM.exists():
        reason = "headless browser tests need Debian's chromium at /usr/bin/chromium (make install-test installs it)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    return CHROMIUM


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran (and its fetch ended), from headless Chromium.
    Only loopback is reachable: every other host goes to a proxy that is not there."""
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    args = [str(chromium_or_skip()), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--proxy-server=http://127.0.0.1:9", "--virtual-time-budget=10000", "--dump-dom", url]
    try:
        done = subprocess.run(args, capture_output=True, timeout=120, text=True)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def page_server(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A plain web server on its own loopback port, serving tmp_path."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def page_for(folder: Path, endpoint: str) -> str:
    import json

    (folder / "query.html").write_text(PAGE.replace("ENDPOINT", json.dumps(endpoint))
                                       .replace("QUERY", json.dumps(NAMES)), encoding="utf-8")
    return "query.html"


@pytest.mark.parametrize("cors", [True, False])
def test_a_page_on_another_origin_shows_the_rows_only_with_cors(cors: bool, built_store_path: Path,
                                                                page_server: tuple[Path, str]) -> None:
    chromium_or_skip()
    folder, origin = page_server
    process, url = start_serve("--store", str(built_store_path), "--quiet", *(["--cors"] if cors else []))
    try:
        status, body = ask(url, NAMES)
        assert status == 200
        import json

        expected = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
        assert expected
        dom = dump_dom(f"{origin}/{page_for(folder, url)}")
    finally:
        stop(process)
    if cors:
        assert f'<p id="status">rows: {len(expected)}</p>' in dom, dom[-1500:]
        for name in expected:
            assert f"<li>{name}</li>" in dom
    else:
        # The browser refuses to hand a cross-origin answer without the header to the page.
        assert '<p id="status">failed: TypeError: Failed to fetch</p>' in dom, dom[-1500:]
        assert "<li>" not in dom
