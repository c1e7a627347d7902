"""Past one machine (issue 14): parallel builds and the DuckDB read side at scale.

Measures
- build: a synthetic corpus (default 5,000 articles, ``pipeline.devtools.synthcorpus``)
  built cold with ``--workers 1`` and with ``--workers N`` (default 2), each
  in a fresh ``python -m pipeline build`` process: wall time, speed-up
  (target >= 1.7x with 2 workers), whether both builds wrote the same bytes,
  words per second per core (words of the cleaned texts over the serial
  build's CPU seconds, so other load on the machine does not count; target
  >= 50k) and the peak memory of each worker process (target < 500 MB);
- app: the map page on that columnar build in chromium (a large build: read
  through DuckDB), on a fresh server (the first script run loads the build)
  and on a warm one: seconds to the counts and the map's first frame (target
  < 3 s) and the server process's memory (target < 2 GB);
- query: a columnar synthetic build (default 1,000,000 legs, 50,000 places)
  queried through :mod:`pipeline.view.query` in a fresh process: for each
  filter, the median time to count the legs, aggregate the busiest 5,000
  origin-destination flows (the arcs a map draws; one flow's legs are asked
  for on a click) and total the places (target < 200 ms each), and
  that process's peak memory (target < 2 GB).

- ceiling (``--ceiling``): the per-article stages alone, in one plain process
  and in N at once (no Dask, no dedup, no output): the speed-up the machine
  itself allows the build.

``python benchmarks/bench_scale.py [--articles N] [--workers N] [--legs N --places N] [--no-build] [--no-query] [--no-app] [--ceiling]``
Smaller runs for a quick look: ``--articles 500 --legs 100000 --places 5000``.
"""
from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_dashboard's browser helpers

from pipeline.devtools import synthetic  # noqa: E402
from pipeline.devtools.synthcorpus import generate_corpus, write_corpus  # noqa: E402

# Filters as the app sets them; the dates fall inside the synthetic builds' span.
SPECS = {
    "everything": "FilterSpec()",
    "country KZ (either)": "FilterSpec(countries=('KZ',))",
    "destination GE,AM,TR": "FilterSpec(countries=('GE', 'AM', 'TR'), country_role='destination')",
    "status blocked + mode car": "FilterSpec(statuses=('blocked',), modes=('car',))",
    "published Oct-Dec 2022": "FilterSpec(published_from='2022-10-01', published_to='2022-12-31')",
    "journey Oct 2022, undated kept": "FilterSpec(event_from='2022-10-01', event_to='2022-10-31', include_undated=True)",
    "min people 100": "FilterSpec(min_people=100)",
    "text 'by train'": "FilterSpec(text='by train')",
    "outlet": "FilterSpec(outlets=('Northern Wire',))",
    "all at once": ("FilterSpec(countries=('RU', 'KZ'), statuses=('completed', 'planned'), min_people=5, "
                    "event_from='2022-09-01', event_to='2023-06-30', text='people')"),
}

_QUERIES = """
import json, statistics, sys, time
from pipeline.view.filters import FilterSpec
from pipeline.view.query import BuildQuery
build, specs = sys.argv[1], json.loads(sys.argv[2])
def median_ms(fn, repeat=5):
    fn()  # first run: caches
    times = []
    for _ in range(repeat):
        t = time.perf_counter(); fn(); times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)
t = time.perf_counter()
q = BuildQuery(build)
load_s = time.perf_counter() - t
rows = []
for name, expr in specs.items():
    spec = eval(expr)
    legs = q.count(spec)
    flows = len(q.pair_flows(spec, limit=5000, with_legs=False))
    rows.append([name, legs, flows, median_ms(lambda: q.count(spec)),
                 median_ms(lambda: q.pair_flows(spec, limit=5000, with_legs=False)),
                 median_ms(lambda: q.place_totals(spec))])
# VmHWM, not ru_maxrss: after fork and exec, ru_maxrss still holds the parent's peak (the synthetic build's).
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"rows": rows, "load_s": load_s, "peak_mb": int(hwm.split()[1]) / 1024}))
"""


class PeakMemory:
    """Peak resident memory of a process and of each of its descendants, sampled every 0.1 s."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[float, bool]] = {}  # pid -> (MB, a Dask worker?)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            procs = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for proc in procs:
            try:
                mb = proc.memory_info().rss / 2**20
                # A local cluster's workers are processes of the build started by multiprocessing's spawn
                # (the nannies run inside the build); its resource tracker is tiny and not one.
                worker = proc.pid != self.root.pid and "spawn_main" in " ".join(proc.cmdline())
            except psutil.Error:
                continue
            self.peaks[proc.pid] = (max(mb, self.peaks.get(proc.pid, (0.0, False))[0]), worker)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._sample()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        driver = self.peaks.get(self.root.pid, (0.0, False))[0]
        workers = [mb for mb, worker in self.peaks.values() if worker]
        return {"driver_mb": driver, "worker_mb": max(workers, default=0.0), "workers_seen": len(workers)}


def timed_build(articles: Path, out: Path, workers: int) -> dict:
    """One cold build in a fresh process: wall and CPU seconds (its own and its children's), peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--articles", str(articles),
                             "--out", str(out), "--no-cache", "-q", "--workers", str(workers)], cwd=ROOT,
                            stderr=subprocess.DEVNULL)
    memory = PeakMemory(proc.pid)
    code = proc.wait()
    wall = time.perf_counter() - t0
    peaks = memory.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code:
        raise SystemExit(f"the build with --workers {workers} failed (exit {code})")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu, **peaks}


# The per-article stages alone, in a plain process over every n-th article (no Dask, no dedup, no output).
_STAGES = """
import sys, time
from pathlib import Path
from pipeline.build import process_article
from pipeline.gazetteer import load_gazetteer
from pipeline.ingest import article_files, load_article
corpus, part, parts = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
gaz = load_gazetteer()
articles = [load_article(p) for p in article_files(corpus)[part::parts]]
t = time.perf_counter()
for article in articles:
    process_article(article, gaz)
print(time.perf_counter() - t)
"""


def stage_seconds(corpus: Path, parts: int) -> float:
    """Wall seconds of the per-article stages over ``corpus`` in ``parts`` plain processes at once."""
    procs = [subprocess.Popen([sys.executable, "-c", _STAGES, str(corpus), str(k), str(parts)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for k in range(parts)]
    return max(float(p.communicate()[0]) for p in procs)


def bench_ceiling(n_articles: int, workers: int, tmp: Path) -> list[tuple[str, str, str]]:
    """What the machine allows: the per-article stages in 1 and in ``workers`` plain processes, no framework."""
    corpus = tmp / "corpus"
    if not corpus.exists():
        write_corpus(generate_corpus(n_articles, 0), corpus)
    one, many = stage_seconds(corpus, 1), stage_seconds(corpus, workers)
    return [(f"ceiling: per-article stages, 1 vs {workers} plain processes",
             f"{one:.1f} s vs {many:.1f} s: {one / many:.2f}x (no Dask, no dedup, no output)", "")]


def same_files(a: Path, b: Path) -> bool:
    """Whether two build folders hold the same files with the same bytes (partition folders included)."""
    names_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return names_a == names_b and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names_a)


def build_words(out: Path) -> int:
    return sum(len((a.get("text") or "").split()) for a in json.loads((out / "articles.json").read_text()))


def bench_build(n_articles: int, workers: int, tmp: Path) -> list[tuple[str, str, str]]:
    corpus = tmp / "corpus"
    write_corpus(generate_corpus(n_articles, 0), corpus)
    serial = timed_build(corpus, tmp / "serial", 1)
    parallel = timed_build(corpus, tmp / "parallel", workers)
    words = build_words(tmp / "serial")
    speedup = serial["wall_s"] / parallel["wall_s"]
    per_core = words / serial["cpu_s"]
    return [
        ("corpus", f"{n_articles:,} articles, {words:,} words", ""),
        ("build, 1 worker (in process)", f"{serial['wall_s']:.1f} s wall, {serial['cpu_s']:.1f} s CPU", ""),
        (f"build, {workers} workers", f"{parallel['wall_s']:.1f} s wall, {parallel['cpu_s']:.1f} s CPU "
                                      "(all processes)", ""),
        (f"speed-up, {workers} workers vs 1", f"{speedup:.2f}x", "target >= 1.7x with 2 workers"),
        ("same output (every file, byte for byte)", str(same_files(tmp / "serial", tmp / "parallel")), "must be True"),
        ("words/s per core (serial, CPU time)", f"{per_core:,.0f}", "target >= 50,000"),
        ("words/s per core (serial, wall time)", f"{words / serial['wall_s']:,.0f}", ""),
        ("peak memory per worker", f"{parallel['worker_mb']:.0f} MB ({parallel['workers_seen']} workers seen)",
         "target < 500 MB"),
        ("peak memory, driver (serial / parallel)", f"{serial['driver_mb']:.0f} / {parallel['driver_mb']:.0f} MB", ""),
    ]


def bench_query(legs: int, places: int, articles: int, tmp: Path) -> list[tuple[str, str, str]]:
    t0 = time.perf_counter()
    build = synthetic.write_columnar_build(tmp / "columnar",
                                           synthetic.SyntheticSize(legs=legs, places=places, articles=articles))
    made = time.perf_counter() - t0
    run = subprocess.run([sys.executable, "-c", _QUERIES, str(build), json.dumps(SPECS)], cwd=ROOT,
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    result = json.loads(run.stdout.strip().splitlines()[-1])
    parts = sorted((build / "flows.parquet").glob("*.parquet")) if (build / "flows.parquet").is_dir() else []
    out = [("columnar build", f"{legs:,} legs, {places:,} places, {articles:,} articles "
                              f"({len(parts) or 1} flows file{'s' if len(parts) > 1 else ''}; made in {made:.0f} s)", "")]
    out.append(("loaded into DuckDB (once per process)", f"{result['load_s']:.1f} s", ""))
    worst = 0.0
    for name, n_legs, n_flows, count_ms, flows_ms, totals_ms in result["rows"]:
        worst = max(worst, count_ms, flows_ms, totals_ms)
        out.append((f"filter: {name}", f"{n_legs:,} legs, {n_flows:,} flows drawn: count {count_ms:.0f} ms, "
                                       f"flows {flows_ms:.0f} ms, places {totals_ms:.0f} ms", ""))
    out.append(("slowest filter query", f"{worst:.0f} ms", "target < 200 ms"))
    out.append(("query process peak memory", f"{result['peak_mb']:.0f} MB", "target < 2 GB"))
    return out


def bench_app(build: Path) -> list[tuple[str, str, str]]:
    """The map page of a columnar build in chromium, on a fresh server and a warm one, and the server's memory."""
    import bench_dashboard as dash  # the browser helpers of the dashboard benchmark

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [("app in chromium", "not measured (no playwright)", "")]
    if not Path(dash.CHROMIUM).exists():
        return [("app in chromium", f"not measured (no {dash.CHROMIUM})", "")]
    tag = f"--exodus-bench={os.getpid()}"
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build)}
    procs: list = []
    out = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=dash.CHROMIUM, args=dash.CHROMIUM_ARGS + [tag])
        try:
            with dash.streamlit_app(ROOT / "app.py", env, procs) as url:
                page, cold = dash.open_timed(browser, url, "legs from", tag)
                page.close()
                page, warm = dash.open_timed(browser, url, "legs from", tag)
                zoom = dash.zoom_step(page, tag)
                server = psutil.Process(procs[0].pid)
                rss = server.memory_info().rss / 2**20
                hwm = next(int(line.split()[1]) / 1024 for line in open(f"/proc/{server.pid}/status")
                           if line.startswith("VmHWM:"))
        finally:
            browser.close()
    for name, marks in (("fresh server (loads the build)", cold), ("warm server", warm)):
        first = dash.first_render(marks)
        out.append((f"app first render, {name}", f"{first:.2f} s (counts {marks['text']:.2f}, first map frame "
                                                   f"{marks['frame']:.2f}, settled {marks['settled']:.2f})",
                    "target < 3 s"))
    out.append(("app zoom step (+)", f"redrawn in {zoom['not_stale']:.2f} s", ""))
    out.append(("app server memory", f"{rss:.0f} MB after, peak {hwm:.0f} MB", "target < 2 GB"))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="synthetic articles to build (default 5000)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the parallel build (default 2)")
    parser.add_argument("--legs", type=int, default=1_000_000, help="legs of the columnar build (default 1,000,000)")
    parser.add_argument("--places", type=int, default=50_000, help="places of the columnar build (default 50,000)")
    parser.add_argument("--no-build", action="store_true", help="skip the build benchmark")
    parser.add_argument("--no-query", action="store_true", help="skip the query benchmark")
    parser.add_argument("--no-app", action="store_true", help="skip the app (chromium) on the columnar build")
    parser.add_argument("--ceiling", action="store_true",
                        help="also time the per-article stages alone in 1 and in N plain processes: the speed-up "
                             "the machine itself allows, without Dask, dedup or output")
    args = parser.parse_args(argv)
    show([("machine", f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start "
                      "(other processes' load slows wall times, not CPU times)", "")])
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        if not args.no_build:
            show(bench_build(args.articles, args.workers, Path(tmp)))
        if args.ceiling:
            show(bench_ceiling(args.articles, args.workers, Path(tmp)))
        if not args.no_query:
            show(bench_query(args.legs, args.places, max(1, args.legs // 20), Path(tmp)))
            if not args.no_app:
                show(bench_app(Path(tmp) / "columnar"))
        show([("machine", f"load average {os.getloadavg()[0]:.1f} at the end", "")])
    return 0


def show(rows: list[tuple[str, str, str]], width: int = 44) -> None:
    """Print rows of the table as soon as they are measured."""
    for name, value, target in rows:
        print(f"{name:<{width}}  {value}" + (f"   [{target}]" if target else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
