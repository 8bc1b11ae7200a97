"""Helpers shared by the tests that start servers (PostGIS, Streamlit)."""

import os
import socket

import pytest


def unavailable(what: str, reason: str, hint: str = ""):
    """Skip locally, but fail in CI, where every backend and the browser must be exercised."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{what} skipped: {reason}{hint}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def streamlit_app(env: dict[str, str], log_path, port: int | None = None, extra: tuple[str, ...] = ()):
    """`streamlit run dashboard/app.py` in a subprocess on 127.0.0.1: yields its URL once its health check
    answers, stops it after (a generator for fixtures). Its output goes to `log_path`, quoted when it fails."""
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    port = port or free_port()
    log = open(log_path, "w")  # noqa: SIM115 — closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra],
        cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + Path(log_path).read_text()[-2000:])
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


class FeedServer:
    """A local web site for the feed tests: path → (status, content type, body), every request logged.

    http.server in a thread, on 127.0.0.1 and a free port; `pages` can change between polls."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.requests: list[str] = []
        self.unsized: set[str] = set()
        self.agents: set[str] = set()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 — http.server's name
                server.requests.append(self.path)
                server.agents.add(self.headers.get("User-Agent", ""))
                status, kind, body = server.pages.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if self.path not in server.unsized:  # else the body ends when the connection closes
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, body: bytes | str, kind: str = "text/html; charset=utf-8", status: int = 200,
              sized: bool = True) -> str:
        """Serve `body` at `path`; `sized=False` leaves out Content-Length (the size is known only once read)."""
        self.pages[path] = (status, kind, body.encode("utf-8") if isinstance(body, str) else body)
        (self.unsized.discard if sized else self.unsized.add)(path)
        return self.url + path

    def fetched(self, path: str) -> int:
        return self.requests.count(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(items: list[tuple[str, str, str]], title: str = "Pressmap test feed") -> str:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    from xml.sax.saxutils import escape

    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><pubDate>{when}</pubDate></item>"
                      for t, link, when in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1/</link><description>test</description>{entries}</channel></rss>")


def article_page(text: str) -> str:
    """An article's text as a news site's page: title in <h1>, paragraphs in <p>."""
    from html import escape

    title, _, body = text.strip().partition("\n")
    paragraphs = "".join(f"<p>{escape(p.strip())}</p>" for p in body.split("\n") if p.strip())
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{paragraphs}</article>"
            f"<footer>© test site</footer></body></html>")
