"""Benchmark: full build of a synthetic corpus, then adding one article.

    .venv/bin/python benchmarks/bench_corpus.py [--articles 2000] [--seed 0] [--keep DIR]

1. Writes a seeded synthetic corpus (:mod:`pipeline.devtools.synthcorpus`) to a temp dir.
2. Full build in a child process (cold per-article cache, warm gazetteer
   index): wall time, articles/s, words/s, peak RSS (``ru_maxrss``).
3. Adds one new article and refreshes the build the way the app does
   (:func:`pipeline.corpus.add_text` + :func:`pipeline.corpus.rebuild`, in a
   warm process), and the same through the CLI (``python -m pipeline add``,
   a cold process). Target: < 2 s for the refresh.

The per-article cache and the build live in the temp dir
(``EXODUS_CACHE_DIR``); the compiled gazetteer is linked from the usual cache
so that its one-off compilation is not timed as part of the build.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NEW_ARTICLE = ("Night train to the border\n\n"
               "On 4 October 2022, about 120 students took the night train from Kazan to Almaty, "
               "a volunteer in Almaty said. Several of them said they would travel on to Bishkek "
               "once their documents were ready. \"We packed in an hour,\" said Artyom, 22.\n")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child_build(articles: str, out: str) -> None:
    """Run one build in this (fresh) process and print its numbers as JSON."""
    from pipeline.build import run_build

    t0 = time.perf_counter()
    report = run_build(Path(articles), Path(out), progress=None)
    print(json.dumps({"seconds": time.perf_counter() - t0, "peak_rss_mb": peak_rss_mb(),
                      "summary": report.summary()}))


def prepare_cache(cache: Path) -> None:
    """Link the compiled gazetteer index into the benchmark's cache dir."""
    from pipeline.config import cache_dir

    cache.mkdir(parents=True, exist_ok=True)
    for src in cache_dir().glob("gazetteer-*.sqlite"):
        dst = cache / src.name
        if not dst.exists():
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)


def run_child(args: list[str], env: dict) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], env=env, capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        sys.exit(f"child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", help="use this folder instead of a temp dir (kept afterwards)")
    args = ap.parse_args()

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    data, cache = root / "data", root / "cache"
    prepare_cache(cache)
    env = {**os.environ, "EXODUS_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    os.environ["EXODUS_CACHE_DIR"] = str(cache)
    try:
        from pipeline import config, corpus

        from pipeline.devtools import synthcorpus
        t0 = time.perf_counter()
        arts = synthcorpus.generate_corpus(args.articles, args.seed)
        shutil.rmtree(data / "articles", ignore_errors=True)
        synthcorpus.write_corpus(arts, data / "articles")
        words = sum(len(a.text.split()) for a in arts)
        print(f"corpus: {len(arts)} articles, {words:,} words, generated in {time.perf_counter() - t0:.1f} s")

        full = run_child(["--child-build", str(data / "articles"), str(data / "build")], env)
        s = full["seconds"]
        print(f"full build: {s:.1f} s  = {len(arts) / s:.1f} articles/s, {words / s:,.0f} words/s; "
              f"peak RSS {full['peak_rss_mb']:.0f} MB")
        print(f"  {full['summary']}")

        again = run_child(["--child-build", str(data / "articles"), str(data / "build")], env)
        print(f"rebuild, nothing changed (cold process): {again['seconds']:.2f} s")

        paths = config.data_paths(data)
        quiet = lambda done, total, label="": None  # noqa: E731
        corpus.rebuild(paths, progress=quiet)  # warm the process as the app is: imports, gazetteer
        t0 = time.perf_counter()
        added = corpus.add_text(NEW_ARTICLE, paths.articles)
        t1 = time.perf_counter()
        summary = corpus.rebuild(paths, progress=quiet)
        t2 = time.perf_counter()
        assert added.status == "added", added.message
        print(f"add one article + refresh (warm, as the app): {t2 - t0:.2f} s "
              f"(add {t1 - t0:.2f} s, rebuild {t2 - t1:.2f} s) -> {summary.message}")

        extra = root / "extra.txt"
        extra.write_text(NEW_ARTICLE.replace("Kazan", "Samara").replace("120", "85").replace("Artyom, 22", "Lena, 30")
                         .replace("night train", "morning bus").replace("Bishkek", "Tashkent"))
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pipeline", "add", str(extra), "--articles",
                               str(paths.articles), "--out", str(paths.build)],
                              env=env, capture_output=True, text=True, cwd=REPO)
        cli = time.perf_counter() - t0
        print(f"python -m pipeline add FILE + refresh (cold process): {cli:.2f} s "
              f"(exit {proc.returncode}: {proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else proc.stderr[-300:]})")
        print(f"bench process peak RSS {peak_rss_mb():.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-build":
        child_build(sys.argv[2], sys.argv[3])
    else:
        main()
