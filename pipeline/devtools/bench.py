"""``python -m pipeline bench``: the pipeline's speed and memory, measured.

Reports gazetteer readiness (cached index) and, with ``--cold``, the one-off
compile; geoparsing and route-extraction throughput in words/s on a corpus
large enough to time (the bundled articles plus a synthetic corpus built from
gazetteer names); a cold build of the bundled articles; peak memory.
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from pipeline import gazetteer as gz
from pipeline.build import run_build
from pipeline.devtools.synthcorpus import generate_corpus
from pipeline.gazetteer import load_gazetteer
from pipeline.geoparse import geoparse
from pipeline.ingest import load_articles, parse_article_text
from pipeline.records import Article
from pipeline.routes import extract_routes
from pipeline.text.tokens import words


def _words(text: str) -> int:
    return len(words(text))


def _timed(fn, repeat: int = 1):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def bench_gazetteer(cold: bool) -> dict:
    out = {}
    if cold:
        # In a child process, so its memory is reported apart from this one's.
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "EXODUS_CACHE_DIR": tmp}
            code = "from pipeline.gazetteer import load_gazetteer; load_gazetteer(log=lambda m: None)"
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], env=env, check=True)
            out["gazetteer compile (first run only), s"] = round(time.perf_counter() - t, 1)
            out["gazetteer compile peak memory, MB"] = round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    gz.load_gazetteer().close()  # make sure the cache exists

    def ready():
        g = gz.load_gazetteer()
        g.lookup("moscow"), g.lookup("oral"), g.country("KZ")
        return g

    out["gazetteer ready (cached index), s"], g = _timed(ready, repeat=5)
    out["gazetteer entries"] = sum(v for k, v in g.stats().items() if k != "names")
    return out


def bench_corpus(articles_dir: Path, synthetic: int) -> list[Article]:
    """The bundled articles plus ``synthetic`` generated ones, cleaned as a build would."""
    arts = [a for a in load_articles(articles_dir) if a.text]
    for i, s in enumerate(generate_corpus(synthetic, seed=7)):
        arts.append(parse_article_text(s.text, f"synthetic-{i:05d}"))
    return arts


def bench_extraction(articles: list[Article]) -> dict:
    g = load_gazetteer()
    words = sum(_words(a.text) for a in articles)
    t = time.perf_counter()
    parsed = [(a, geoparse(a, g)) for a in articles]
    t_geo = time.perf_counter() - t
    t = time.perf_counter()
    n_routes = sum(len(extract_routes(a, ms, g)) for a, ms in parsed)
    t_routes = time.perf_counter() - t
    # Heap is traced in a second pass: tracemalloc slows Python several-fold.
    tracemalloc.start()
    for a in articles:
        extract_routes(a, geoparse(a, g), g)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "corpus articles": len(articles),
        "corpus words": words,
        "mentions found": sum(len(ms) for _, ms in parsed),
        "routes found": n_routes,
        "geoparse throughput, words/s": round(words / t_geo),
        "route extraction throughput, words/s": round(words / t_routes) if t_routes else None,
        "extraction peak Python heap, MB": round(peak / 2**20, 1),
    }


def bench_build(articles_dir: Path) -> dict:

    with tempfile.TemporaryDirectory() as out:
        t = time.perf_counter()
        report = run_build(articles_dir, Path(out), use_cache=False, progress=None)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        run_build(articles_dir, Path(out), use_cache=True, progress=None)
        warm = time.perf_counter() - t
    return {"build of bundled articles, no result cache, s": round(cold, 2),
            "rebuild with result cache, s": round(warm, 2),
            "bundled build": report.summary()}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(articles_dir: Path, synthetic: int, cold: bool) -> dict:
    results = {}
    results.update(bench_gazetteer(cold))
    results.update(bench_build(articles_dir))
    results.update(bench_extraction(bench_corpus(articles_dir, synthetic)))
    results["peak resident memory of this process, MB"] = round(_peak_rss_mb(), 1)
    return results
