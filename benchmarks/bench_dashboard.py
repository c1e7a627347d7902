"""Dashboard speed on a synthetic build (10,000 legs, 2,000 places, 500 articles).

Measures
- the shared filter (:func:`pipeline.view.filters.apply_filters`): median over
  repeated runs for representative specs (target < 200 ms);
- the flows (:func:`pipeline.view.flows.pair_flows`, one arc per origin, destination and status) and
  the clusters of each zoom level: a zoom step re-clusters and re-aggregates (target < 500 ms);
- the map spec for the whole build (:func:`pipeline.view.mapview.map_model` + JSON), at the first
  view and at each zoom;
- the app's first render: an AppTest run of ``app.py`` in a fresh process; in
  chromium (Debian's, software WebGL), an empty Streamlit page (Streamlit's own
  cost), then the map page on a fresh server (its first script run included)
  and on a warm one: seconds from the navigation to the counts, the map's
  canvas, its first frame (first render: counts and first frame, target < 3 s)
  and until the page settled (no long task for 1.5 s), read in the page, so a
  busy page does not delay the reading; and the CPU seconds of the renderer and
  GPU processes, which a shared machine inflates less than wall time. Then a
  zoom step on the settled page (the "+" button: new clusters, map redrawn,
  address updated; target < 500 ms);
- concurrent sessions (``--sessions 5``): five sessions of one server
  process (AppTest, one thread each, as Streamlit runs them) open the map,
  then rerun together three times; server-side CPU time per session rerun,
  wall time per round, and the process's memory. The build, the sidebar's
  choices and each filtered view are cached per build and filter
  (``dashboard.views``), so the sessions share them.

``python benchmarks/bench_dashboard.py [--legs N --places N --articles N] [--sessions N] [--no-server]``
"""
from __future__ import annotations

import argparse
import contextlib
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

from pipeline.devtools import synthetic  # noqa: E402
from pipeline.view import clusters, flows, mapview  # noqa: E402
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


# Five sessions in one process, as one Streamlit server runs them: first open, then reruns together.
_SESSIONS = """
import json, sys, threading, time
from streamlit.testing.v1 import AppTest

def memory():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
    return {k: int(fields[k].split()[0]) // 1024 for k in ("VmRSS", "VmHWM")}

app, n, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
filters = [{}, {}, {"countries": "KZ"}, {}, {"countries": "KZ"}] * n
sessions = []
for q in filters[:n]:
    at = AppTest.from_file(app, default_timeout=600)
    at.query_params.update(q)
    sessions.append(at)
out = {"sessions": n, "distinct_views": len({tuple(sorted(q.items())) for q in filters[:n]}), "mb_before": memory()}

def together():
    times = [0.0] * n
    def run(i):
        t = time.perf_counter()
        sessions[i].run()
        times[i] = time.perf_counter() - t
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    cpu, wall = time.process_time(), time.perf_counter()
    for t in threads: t.start()
    for t in threads: t.join()
    for at in sessions: assert not at.exception, at.exception
    return {"wall_s": round(time.perf_counter() - wall, 3), "cpu_per_session_s": round((time.process_time() - cpu) / n, 3),
            "slowest_session_s": round(max(times), 3)}

out["open"] = together()
out["reruns"] = [together() for _ in range(rounds)]
out["mb_after"] = memory()
print(json.dumps(out))
"""


def bench_sessions(build_dir: Path, n: int = 5, rounds: int = 3) -> dict:
    """``n`` sessions in a fresh process: open together, then ``rounds`` reruns together."""
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build_dir)}
    out = subprocess.run([sys.executable, "-c", _SESSIONS, str(ROOT / "app.py"), str(n), str(rounds)], env=env,
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"the sessions benchmark failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def bench_zoom(build, zooms=(1, 2, 3, 4, 6)) -> list[dict]:
    """Per zoom level: the re-clustering (groups, flows between them, totals) and the whole map spec."""
    legs, places = build.flows, build.places
    plain = flows.pair_flows(legs)
    weights = mapview._leg_places(legs, places, flows.place_totals(plain))
    rows = []
    for zoom in zooms:
        def recluster(z=zoom):
            c = clusters.cluster_places(weights, z)
            pairs = flows.pair_flows(legs, c.groups, c.positions, c.names) if c.merged else plain
            return c, pairs, flows.place_totals(pairs)
        ms = median_ms(recluster, repeat=5)
        cpu = time.process_time()
        c, pairs, _ = recluster()
        cpu_ms = (time.process_time() - cpu) * 1000  # CPU time: what a shared, busy machine does not inflate
        t = time.perf_counter()
        text = mapview.map_model(legs, places, view={"longitude": 40.0, "latitude": 50.0, "zoom": zoom},
                                 fit_width=340, escape_text=False, flows=plain).deck.to_json()
        rows.append({"zoom": zoom, "groups": len(set(c.groups.values())), "flows": len(pairs),
                     "recluster_ms": ms, "recluster_cpu_ms": cpu_ms, "map_ms": (time.perf_counter() - t) * 1000, "mb": len(text) / 1e6})
    return rows


def bench_apptest(build_dir: Path) -> tuple[float, float, float]:
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build_dir)}
    out = subprocess.run([sys.executable, "-c", _APPTEST, str(ROOT / "app.py")], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return tuple(float(x) for x in out.stdout.split()[-3:])


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader"]
QUIET_MS = 1500  # the page is settled when no task of 50 ms or more ran for this long

# Installed before the page's own scripts: when the counts, the map's canvas and its first frame
# (the first WebGL draw call) appear, in ms since the navigation started, and every long task.
_PAGE_PROBE = r"""
(() => {
  const marks = window.__marks = {};
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  new MutationObserver(() => {
    if (!('canvas' in marks) && document.querySelector('canvas#deckgl-overlay')) mark('canvas');
    if (!('text' in marks) && document.body && document.body.innerText.includes(MARKER)) mark('text');
  }).observe(document, {subtree: true, childList: true, characterData: true});
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attrs) {
    const context = getContext.call(this, type, attrs);
    if (context && String(type).startsWith('webgl') && !context.__probed) {
      context.__probed = true;
      for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced']) {
        const draw = context[name];
        context[name] = function (...args) { mark('frame'); return draw.apply(this, args); };
      }
    }
    return context;
  };
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) window.__longTasks.push([task.startTime, task.duration]);
  }).observe({entryTypes: ['longtask']});
})();
"""


@contextlib.contextmanager
def streamlit_app(script: Path, env: dict, procs: list | None = None):
    """``streamlit run script`` on a free port of 127.0.0.1; yields its URL once it answers.

    ``procs``: a list the server's process is appended to (to read its memory)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--logger.level", "error"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if procs is not None:
        procs.append(proc)
    try:
        deadline = time.perf_counter() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() > deadline:
                    raise RuntimeError("streamlit did not start")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def chromium_cpu(tag: str) -> dict[str, float]:
    """CPU seconds so far of one chromium's processes by kind (renderer, gpu-process, browser...).

    The browser is the one started with ``tag`` on its command line; its children share its profile folder.
    """
    import psutil  # a dependency of dask.distributed

    procs = [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"]]
    root = next(p for p in procs if tag in p.info["cmdline"])
    profile = next(a for a in root.info["cmdline"] if a.startswith("--user-data-dir="))
    out: dict[str, float] = {}
    for p in procs:
        if profile in p.info["cmdline"]:
            kind = next((a[7:] for a in p.info["cmdline"] if a.startswith("--type=")), "browser")
            try:
                times = p.cpu_times()
            except psutil.NoSuchProcess:
                continue
            out[f"{kind}:{p.pid}"] = times.user + times.system
    return out


def cpu_since(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds per kind of process between two :func:`chromium_cpu` readings."""
    out: dict[str, float] = {}
    for key, value in after.items():
        kind = key.split(":")[0]
        out[kind] = out.get(kind, 0.0) + value - before.get(key, 0.0)
    return {k: round(v, 2) for k, v in out.items() if k in ("renderer", "gpu-process")}


def settled_ms(page, since_ms: float = 0.0, timeout_s: float = 180) -> float:
    """Wait until no long task ran for :data:`QUIET_MS`; the end of the last one after ``since_ms`` (page ms)."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        now, tasks = page.evaluate("[performance.now(), window.__longTasks]")
        ends = [start + length for start, length in tasks if start + length > since_ms]
        if now - max(ends, default=since_ms) > QUIET_MS:
            return max(ends, default=since_ms)
        page.wait_for_timeout(250)
    raise TimeoutError("the page never settled")


def open_timed(browser, url: str, marker: str, tag: str, canvas: bool = True) -> tuple[object, dict]:
    """Open ``url`` in a new page: seconds from the navigation to ``marker``, the map's canvas and first
    frame, and until settled; the renderer's and GPU process's CPU seconds meanwhile."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(_PAGE_PROBE.replace("MARKER", json.dumps(marker)))
    before = chromium_cpu(tag)
    page.goto(url)
    page.get_by_text(marker).first.wait_for(timeout=120_000)
    if canvas:
        page.wait_for_selector("canvas#deckgl-overlay", state="attached", timeout=120_000)
        page.wait_for_function("() => 'frame' in window.__marks", timeout=120_000)
    marks = page.evaluate("window.__marks")
    settled = max(settled_ms(page), *marks.values())
    out = {k: round(v / 1000, 2) for k, v in marks.items()} | {"settled": round(settled / 1000, 2)}
    return page, out | {"cpu_s": cpu_since(before, chromium_cpu(tag))}


def zoom_step(page, tag: str) -> dict:
    """The "+" button on a settled page: seconds until the address holds the new zoom, until nothing is
    stale (the page redrawn), and until the map settled; CPU seconds meanwhile."""
    before, start = chromium_cpu(tag), page.evaluate("performance.now()")
    t = time.perf_counter()
    page.get_by_role("button", name="+", exact=True).click()
    page.wait_for_function("() => location.search.includes('zoom=')", timeout=60_000)
    address = time.perf_counter() - t
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=60_000)
    redrawn = time.perf_counter() - t
    settled = (settled_ms(page, start) - start) / 1000
    return {"address": round(address, 2), "not_stale": round(redrawn, 2), "settled": round(max(settled, redrawn), 2),
            "cpu_s": cpu_since(before, chromium_cpu(tag))}


_EMPTY_APP = 'import streamlit as st\nst.write("an empty page")\n'


def bench_browser(build_dir: Path) -> dict:
    """In chromium: an empty Streamlit page (Streamlit's own cost), the map page on a fresh server
    (its first script run included) and again on a warm one, then a zoom step."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    if not Path(CHROMIUM).exists():
        return {}
    tag = f"--exodus-bench={os.getpid()}"  # finds this chromium's processes (an ignored switch)
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build_dir)}
    out = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + [tag])
        try:
            empty = Path(tmp) / "empty.py"
            empty.write_text(_EMPTY_APP, encoding="utf-8")
            with streamlit_app(empty, env) as url:
                page, out["empty_page"] = open_timed(browser, url, "an empty page", tag, canvas=False)
                page.close()
            with streamlit_app(ROOT / "app.py", env) as url:
                page, out["map_cold_server"] = open_timed(browser, url, "legs from", tag)
                page.close()
                page, out["map_warm_server"] = open_timed(browser, url, "legs from", tag)
                out["zoom_step"] = zoom_step(page, tag)
        finally:
            browser.close()
    return out


def first_render(marks: dict) -> float:
    """Seconds until the counts show and the map drew its first frame."""
    return max(marks["text"], marks["frame"])


def print_browser(timings: dict) -> None:
    if not timings:
        print("chromium: not measured (no playwright or no /usr/bin/chromium)")
        return
    load = os.getloadavg()[0]
    empty = timings["empty_page"]
    print(f"in chromium (load average {load:.2f}; seconds since the navigation started; CPU seconds of the "
          f"renderer and GPU processes):\n  empty Streamlit page: text {empty['text']:.2f}, settled "
          f"{empty['settled']:.2f}, CPU {empty['cpu_s']}")
    for name in ("map_cold_server", "map_warm_server"):
        m = timings[name]
        print(f"  map page, {name[4:].replace('_', ' ')}: counts {m['text']:.2f}, canvas {m['canvas']:.2f}, "
              f"first map frame {m['frame']:.2f}, settled {m['settled']:.2f}, CPU {m['cpu_s']}; first render "
              f"{first_render(m):.2f} s (target < 3 s: {'ok' if first_render(m) < 3 else 'MISSED'})")
    z = timings["zoom_step"]
    print(f"  zoom step (+): address {z['address']:.2f}, redrawn {z['not_stale']:.2f} "
          f"(target < 0.5 s: {'ok' if z['not_stale'] < 0.5 else 'MISSED'}), settled {z['settled']:.2f}, CPU {z['cpu_s']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legs", type=int, default=10_000)
    parser.add_argument("--places", type=int, default=2_000)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--no-server", action="store_true", help="skip the streamlit run timing")
    parser.add_argument("--sessions", type=int, default=5, help="concurrent sessions to time (0: skip)")
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
        t = time.perf_counter()
        pairs = flows.pair_flows(build.flows)
        flows_ms = (time.perf_counter() - t) * 1000
        print(f"flows (one per origin, destination, status): {len(pairs):,} from {len(build.flows):,} legs "
              f"in {flows_ms:.0f} ms")
        deck_ms, deck_bytes = bench_deck(build)
        print(f"map spec, whole build, first view: {deck_ms:.0f} ms, {deck_bytes / 1e6:.1f} MB of JSON")
        zoom_rows = bench_zoom(build)
        print(f"{'zoom':>5}{'groups':>8}{'flows':>8}{'re-cluster ms':>15}{'(CPU ms)':>10}{'map spec ms':>13}{'MB':>6}")
        for r in zoom_rows:
            print(f"{r['zoom']:>5}{r['groups']:>8,}{r['flows']:>8,}{r['recluster_ms']:>15.0f}{r['recluster_cpu_ms']:>10.0f}"
                  f"{r['map_ms']:>13.0f}{r['mb']:>6.1f}")
        worst_zoom = max(r["recluster_ms"] for r in zoom_rows)
        print(f"worst re-cluster {worst_zoom:.0f} ms   target < 500 ms: {'ok' if worst_zoom < 500 else 'MISSED'}\n")
        imp, first, rerun = bench_apptest(build_dir)
        print(f"AppTest: import {imp:.2f} s, first run {first:.2f} s, rerun {rerun:.2f} s   "
              f"target first render < 3 s: {'ok' if first < 3 else 'MISSED'}")
        if args.sessions:
            res = bench_sessions(build_dir, args.sessions)
            reruns = res["reruns"]
            cpu = statistics.median(r["cpu_per_session_s"] for r in reruns)
            print(f"{res['sessions']} concurrent sessions ({res['distinct_views']} distinct views): "
                  f"open together {res['open']['wall_s']:.2f} s wall, {res['open']['cpu_per_session_s']:.2f} s CPU "
                  f"per session; rerun together {statistics.median(r['wall_s'] for r in reruns):.2f} s wall, "
                  f"{cpu * 1000:.0f} ms CPU per session rerun (median of {len(reruns)} rounds)")
            print(f"  server memory: {res['mb_before']['VmRSS']} MB before, {res['mb_after']['VmRSS']} MB after "
                  f"(peak {res['mb_after']['VmHWM']} MB)")
        browser = {}
        if not args.no_server:
            timings = bench_browser(build_dir)
            print_browser(timings)
            if timings:
                warm = timings["map_warm_server"]
                browser = {"chromium_first_render_s": first_render(warm), "chromium_settled_s": warm["settled"],
                           "chromium_cold_first_render_s": first_render(timings["map_cold_server"]),
                           "chromium_empty_page_s": timings["empty_page"]["text"],
                           "chromium_zoom_step_s": timings["zoom_step"]["not_stale"],
                           "chromium_zoom_settled_s": timings["zoom_step"]["settled"]}
        print(json.dumps({"filter_worst_median_ms": round(worst, 1), "deck_ms": round(deck_ms),
                          "recluster_worst_ms": round(worst_zoom), "apptest_first_run_s": round(first, 2), **browser}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
