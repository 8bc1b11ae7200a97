"""How fast the dashboard is where a person waits, in a real browser: `python bench/bench_browser.py [--events N]`.

Starts `streamlit run dashboard/app.py` on a store of N synthetic events (bench_dashboard.synthetic_store), opens
it in Debian's headless Chromium through playwright and measures, on a warm second visit (the app's caches and
the browser's own cache warm, as when a person comes back; a second visit from a new browser profile is printed
too). Each figure is the median of --visits warm visits (5 by default):

  markers       from navigation to the map's first drawn events (painted on the canvas)
  slider        from a key press on the date slider's right thumb (Home: the first day) to the map redrawn
  websocket     the bytes Streamlit sent over its websocket during the visit (the slider move included)
  peak memory   the app process's peak resident memory (VmHWM) at the end

`--floor` times the least such a page can be on this machine: a title and one streamlit-folium map with one
marker (bench/floor/app.py), to read the dashboard's figures against.

`--fresh` measures a hosted first start instead: an empty store (the samples are shown) and a gazetteer cache
in an empty folder, as on Streamlit Community Cloud; it times the page (sidebar, title, a map) and the markers.
Prints one line per figure with its target, the load average before and after (the machine is shared: a
figure under load is slower than the same code alone), and exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TARGETS = {  # (events at most) -> figure -> target
    5_000: {"markers (s)": 1.0, "slider (s)": 0.3, "websocket (MB)": 1.0, "peak memory (MB)": 1000},
    100_000: {"markers (s)": 3.0, "slider (s)": 0.5, "websocket (MB)": 5.0, "peak memory (MB)": 1000},
}
FRESH_TARGETS = {"page (s)": 3.0, "markers (s)": 6.0, "peak memory (MB)": 600}

# In the map's frame: how many events are drawn (our layer counts them once painted; Leaflet icons otherwise).
DRAWN_JS = """() => (typeof window.pmShown === 'number' ? window.pmShown
                     : document.querySelectorAll('.leaflet-marker-icon, path.leaflet-interactive').length)"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_clone(into: Path) -> Path:
    """The checkout's files as git sees them (tracked and new, not ignored): no data/.cache, as a fresh clone."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src, dst = ROOT / name, into / name
        if src.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(src.read_bytes())
    return into


def start_app(env: dict, log: Path, root: Path = ROOT, script: str = "dashboard/app.py") -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=root, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(240):
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("streamlit did not start: " + log.read_text()[-2000:])


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def map_frame(page, timeout: float = 60.0):
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        for frame in page.frames:
            if "st_folium" in frame.url:
                try:
                    if frame.locator(".leaflet-container").count():
                        return frame
                except Exception:  # noqa: BLE001 — replaced while we look
                    pass
        page.wait_for_timeout(20)
    raise SystemExit("the map never drew")


def drawn(page) -> int:
    for frame in page.frames:
        if "st_folium" in frame.url:
            try:
                return int(frame.evaluate(DRAWN_JS))
            except Exception:  # noqa: BLE001
                return -1
    return -1


BREAKDOWN_JS = """() => ({opened: performance.timeOrigin - window.parent.performance.timeOrigin,
                           times: window.pmTimes || {}})"""


def breakdown(page) -> str:
    """Where the wait for the markers went: when the map's frame opened (Streamlit's page, the server's script
    run, its component), when our layer's script started, unpacked the events and drew them."""
    for frame in page.frames:
        if "st_folium" in frame.url:
            try:
                got = frame.evaluate(BREAKDOWN_JS)
            except Exception:  # noqa: BLE001
                return "?"
            t = got["times"]
            opened = got["opened"] / 1000
            return (f"map frame opened at {opened:.2f} s; in it, layer script {t.get('start', 0) / 1000:.2f} s, "
                    f"unpacked +{(t.get('unpacked', 0) - t.get('start', 0)) / 1000:.2f} s, "
                    f"drawn +{(t.get('drawn', 0) - t.get('unpacked', 0)) / 1000:.2f} s")
    return "?"


def wait_until(page, test, timeout: float = 90.0) -> float:
    t, end = time.perf_counter(), time.perf_counter() + timeout
    while time.perf_counter() < end:
        if test():
            return time.perf_counter() - t
        page.wait_for_timeout(10)
    raise SystemExit("timed out")


def visit(context, url: str, measure_slider: bool) -> dict[str, float]:
    page = context.new_page()
    received = [0]

    def on_ws(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_ws)
    t = time.perf_counter()
    page.goto(url)
    wait_until(page, lambda: drawn(page) > 0)
    figures = {"markers (s)": time.perf_counter() - t}
    print(f"  {breakdown(page)}")
    if measure_slider:
        page.wait_for_timeout(1500)  # let the page settle
        before = drawn(page)
        thumbs = page.locator('[data-testid="stSlider"] input[type="range"]')
        if thumbs.count() < 2:
            thumbs = page.locator('[data-testid="stSlider"] [role="slider"]')
        thumbs.nth(1).focus()
        t = time.perf_counter()
        page.keyboard.press("Home")
        wait_until(page, lambda: 0 <= drawn(page) != before)
        figures["slider (s)"] = time.perf_counter() - t
        page.wait_for_timeout(2500)  # the rerun's messages arrive too
    figures["websocket (MB)"] = received[0] / 1e6
    page.close()
    return figures


def fresh_visit(context, url: str) -> dict[str, float]:
    page = context.new_page()
    t = time.perf_counter()
    page.goto(url)
    wait_until(page, lambda: page.locator('[data-testid="stSidebar"]').count() > 0
               and page.get_by_role("heading", name="Pressmap").count() > 0
               and any("st_folium" in f.url for f in page.frames))
    map_frame(page)
    figures = {"page (s)": time.perf_counter() - t}
    wait_until(page, lambda: drawn(page) > 0)
    figures["markers (s)"] = time.perf_counter() - t
    print(f"  {breakdown(page)}")
    page.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--visits", type=int, default=5,
                        help="warm visits measured; each figure is their median (the machine is shared)")
    parser.add_argument("--store", help="keep the synthetic store here (built when missing)")
    parser.add_argument("--fresh", action="store_true", help="a hosted first start: empty store, no gazetteer cache")
    parser.add_argument("--floor", action="store_true",
                        help="a title and one streamlit-folium map with one marker: the least such a page takes")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        env, root = {**os.environ}, ROOT
        script = "dashboard/app.py"
        if args.floor:
            root = Path(tmp) / "floor"
            shutil.copytree(ROOT / "dashboard" / "static" / "leaflet", root / "static" / "leaflet")
            shutil.copy(ROOT / "bench" / "floor" / "app.py", root / "app.py")
            shutil.copytree(ROOT / ".streamlit", root / ".streamlit")
            env["PRESSMAP_ROOT"], script = str(ROOT), "app.py"
            targets = TARGETS[5_000]
        elif args.fresh:
            root = fresh_clone(Path(tmp) / "clone")
            env["PRESSMAP_STORE"] = str(Path(tmp) / "empty.db")
            env["TMPDIR"] = str(Path(tmp))
            targets = FRESH_TARGETS
        else:
            store = Path(args.store or Path(tmp) / "bench.db")
            if not store.exists():
                from bench.bench_dashboard import synthetic_store

                t = time.perf_counter()
                synthetic_store(store, args.events)
                print(f"built {args.events} events in {time.perf_counter() - t:.1f} s: {store}")
            env["PRESSMAP_STORE"] = str(store)
            targets = TARGETS[5_000 if args.events <= 5_000 else 100_000]
        proc, url = start_app(env, Path(tmp) / "streamlit.log", root, script)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                person = browser.new_context(viewport={"width": 1366, "height": 768})
                if args.fresh:
                    figures = fresh_visit(person, url)
                else:
                    cold = visit(person, url, measure_slider=False)
                    print(f"cold visit: markers {cold['markers (s)']:.2f} s, websocket {cold['websocket (MB)']:.2f} MB")
                    runs = [visit(person, url, measure_slider=not args.floor) for _ in range(args.visits)]
                    if len(runs) > 1:
                        for name in runs[0]:
                            print(f"  {name}: " + ", ".join(f"{r[name]:.2f}" for r in runs))
                    figures = {name: statistics.median(r[name] for r in runs) for name in runs[0]}
                    stranger = browser.new_context(viewport={"width": 1366, "height": 768})
                    other = visit(stranger, url, measure_slider=False)
                    print(f"second visit from a new browser profile (nothing cached): markers "
                          f"{other['markers (s)']:.2f} s")
                browser.close()
            figures["peak memory (MB)"] = peak_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    print(f"load average: {load_before} before, {', '.join(f'{x:.2f}' for x in os.getloadavg())} after (2 cores)")
    missed = 0
    for name, value in figures.items():
        ok = value <= targets[name]
        missed += not ok
        print(f"{name:<18} {value:8.2f}   target <= {targets[name]:g}  {'ok' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
