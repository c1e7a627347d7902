"""Dashboard speed on a synthetic build (10,000 legs, 2,000 places, 500 articles).

Measures
- the shared filter (:func:`pipeline.view.filters.apply_filters`): median over
  repeated runs for representative specs (target < 200 ms);
- the map spec for the whole build (:func:`pipeline.view.mapview.make_deck` + JSON);
- the app's first render: an AppTest run of ``app.py`` in a fresh process,
  and the time from ``streamlit run`` to a healthy server plus the first
  script run as a browser would trigger it (target < 3 s).

``python benchmarks/bench_dashboard.py [--legs N --places N --articles N]``
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.view import mapview  # noqa: E402

from pipeline.devtools import synthetic
from pipeline.view.buildio import load_build  # noqa: E402
from pipeline.view.filters import FilterSpec, apply_filters  # noqa: E402

SPECS = {
    "everything": FilterSpec(),
    "country KZ (either)": FilterSpec(countries=("KZ",)),
    "destination GE,AM,TR": FilterSpec(countries=("GE", "AM", "TR"), country_role="destination"),
    "status blocked + mode car": FilterSpec(statuses=("blocked",), modes=("car",)),
    "published Oct-Dec 2022": FilterSpec(published_from="2022-10-01", published_to="2022-12-31"),
    "min people 100": FilterSpec(min_people=100),
    "text 'via'": FilterSpec(text="via"),
    "all at once": FilterSpec(countries=("RU", "KZ"), statuses=("completed", "planned"), min_people=5,
                              event_from="2022-09-01", event_to="2023-06-30", text="people"),
}

_APPTEST = """
import time, sys
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
t1 = time.perf_counter()
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
t2 = time.perf_counter()
assert not at.exception, at.exception
at.run()
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f}")
"""


def median_ms(fn, repeat: int = 15) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_filters(build) -> list[tuple[str, int, float]]:
    rows = []
    for name, spec in SPECS.items():
        rows.append((name, len(apply_filters(build.flows, spec)), median_ms(lambda s=spec: apply_filters(build.flows, s))))
    return rows


def bench_deck(build) -> tuple[float, int]:
    t = time.perf_counter()
    text = mapview.make_deck(build.flows, build.places).to_json()
    return (time.perf_counter() - t) * 1000, len(text)


def bench_apptest(build_dir: Path) -> tuple[float, float, float]:
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build_dir)}
    out = subprocess.run([sys.executable, "-c", _APPTEST, str(ROOT / "app.py")], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return tuple(float(x) for x in out.stdout.split()[-3:])


def bench_server(build_dir: Path) -> tuple[float, float]:
    """Seconds from Popen to /_stcore/health, and to the end of the first script run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build_dir)}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--logger.level", "error"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 60:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.05)
        healthy = time.perf_counter() - t0
        run = first_script_run(port)
        return healthy, healthy + run
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def first_script_run(port: int) -> float:
    """Open the page's websocket as a browser does and time the first script run."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return float("nan")
    if not Path("/usr/bin/chromium").exists():
        return float("nan")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader"])
        try:
            page = browser.new_page()
            t = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_text("legs from").first.wait_for(timeout=60_000)
            return time.perf_counter() - t
        finally:
            browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legs", type=int, default=10_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--no-server", action="store_true", help="skip the streamlit run timing")
    args = parser.parse_args(argv)
    size = synthetic.SyntheticSize(legs=args.legs, places=args.places, articles=args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build_dir = synthetic.write_synthetic_build(Path(tmp) / "build", size)
        gen = time.perf_counter() - t
        t = time.perf_counter()
        build = load_build(build_dir)
        load = time.perf_counter() - t
        print(f"synthetic build: {len(build.flows):,} legs, {len(build.places):,} places, "
              f"{len(build.articles):,} articles (generated in {gen:.1f} s, loaded in {load * 1000:.0f} ms)\n")
        print(f"{'filter spec':<28}{'legs kept':>10}{'median ms':>11}")
        rows = bench_filters(build)
        for name, kept, ms in rows:
            print(f"{name:<28}{kept:>10,}{ms:>11.1f}")
        worst = max(ms for *_, ms in rows)
        print(f"{'worst median':<38}{worst:>11.1f}   target < 200 ms: {'ok' if worst < 200 else 'MISSED'}\n")
        deck_ms, deck_bytes = bench_deck(build)
        print(f"map spec, whole build: {deck_ms:.0f} ms, {deck_bytes / 1e6:.1f} MB of JSON")
        imp, first, rerun = bench_apptest(build_dir)
        print(f"AppTest: import {imp:.2f} s, first run {first:.2f} s, rerun {rerun:.2f} s   "
              f"target first render < 3 s: {'ok' if first < 3 else 'MISSED'}")
        if not args.no_server:
            healthy, rendered = bench_server(build_dir)
            print(f"streamlit run: healthy after {healthy:.2f} s, counts shown in the browser after {rendered:.2f} s")
        print(json.dumps({"filter_worst_median_ms": round(worst, 1), "deck_ms": round(deck_ms),
                          "apptest_first_run_s": round(first, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
