"""Builds on Dask: the per-article stages on worker processes, the same bytes as a serial build."""
import io
import json
from contextlib import nullcontext
from pathlib import Path

import pytest

from pipeline import build as build_pkg
from pipeline import contract
from pipeline.build import BuildFailed, ProgressLine, run_build
from pipeline.build.cache import ResultCache
from pipeline.build.distributed import Outcome, batches, process_batch
from pipeline.gazetteer import load_gazetteer
from pipeline.memo import Memo
from pipeline.records import Article

REPO = Path(__file__).parent.parent
SEEDS = REPO.parent / "shared" / "articles" if (REPO.parent / "shared" / "articles").is_dir() else REPO / "data" / "articles"
ALL_FILES = (*contract.BUILD_FILES, *contract.PARQUET_FILES, contract.REVIEW_STATUS_FILE)


def _files(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in ALL_FILES}


@pytest.mark.slow
def test_a_two_worker_local_cluster_builds_the_seeds_byte_for_byte(tmp_path, monkeypatch):
    gaz = load_gazetteer()
    serial = run_build(SEEDS, tmp_path / "serial", use_cache=False, gazetteer=gaz, progress=None)
    parallel = run_build(SEEDS, tmp_path / "parallel", use_cache=False, gazetteer=gaz, progress=None, workers=2)
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")
    assert (parallel.processed, parallel.legs, parallel.failed) == (serial.processed, serial.legs, serial.failed)

    # Per-article caching: results computed on the workers are cached by the driver; a rebuild starts no cluster.
    monkeypatch.setenv("EXODUS_CACHE_DIR", str(tmp_path / "cache"))  # the gazetteer stays the one opened above
    monkeypatch.setattr(ResultCache, "_memory", Memo(100))  # not the results earlier tests left in this process
    first = run_build(SEEDS, tmp_path / "cached", gazetteer=gaz, progress=None, workers=2)
    assert first.processed == serial.processed and first.cached == 0
    assert len(list((tmp_path / "cache" / "articles").glob("*.pkl"))) == serial.processed
    monkeypatch.setattr(ResultCache, "_memory", Memo(100))  # read back from the files
    monkeypatch.setattr(build_pkg, "cluster_client", None)  # calling it would fail the test
    again = run_build(SEEDS, tmp_path / "cached", gazetteer=gaz, progress=None, workers=2)
    assert (again.processed, again.cached) == (0, serial.processed)
    assert _files(tmp_path / "cached") == _files(tmp_path / "serial")


def _boom(article, gaz, log):
    if "bad" in article.article_id:
        raise ValueError("cannot read this one")
    log and log(f"read {article.article_id}")
    return ("ok", article.article_id)


def test_a_failing_article_on_a_worker_is_an_outcome_not_a_raise(tiny_gazetteer):
    arts = [(i, Article(article_id=name, path=f"{name}.txt", text="x")) for i, name in enumerate(["a", "bad", "c"])]
    out = process_batch(_boom, str(tiny_gazetteer.path), arts, verbose=True)
    assert [o.index for o in out] == [0, 1, 2]
    assert out[1].result is None and "ValueError: cannot read this one" in out[1].error
    assert out[0].result == ("ok", "a") and out[0].log == ("read a",)


def test_batches_keep_article_order_and_cover_everything():
    items = [(i, None) for i in range(1000)]
    parts = batches(items, workers=2)
    assert [x for part in parts for x in part] == items
    assert max(len(p) for p in parts) <= 16
    assert batches(items[:3], workers=8) == [items[0:1], items[1:2], items[2:3]]


def test_a_worker_failure_becomes_that_articles_warning(tiny_gazetteer, tmp_path, monkeypatch):
    """The driver's side: an article the cluster could not process is built without it, with a warning."""
    def fake_cluster(client, process, gaz_path, items, verbose=False):
        for index, article in reversed(items):  # completion order is not article order
            if index == items[0][0]:
                yield Outcome(index, None, "processing failed on a worker: KilledWorker: gone")
            else:
                yield Outcome(index, process(article, tiny_gazetteer, None))

    monkeypatch.setattr(build_pkg, "cluster_client", lambda workers, scheduler: nullcontext())
    monkeypatch.setattr(build_pkg, "process_on_cluster", fake_cluster)
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.txt").write_text("Anna left Moscow for Tbilisi by car in September.\n", encoding="utf-8")
    (arts / "two.txt").write_text("Ivan flew from Moscow to Istanbul on Friday.\n", encoding="utf-8")
    steps = []
    report = run_build(arts, tmp_path / "out", use_cache=False, gazetteer=tiny_gazetteer, workers=2,
                       progress=lambda done, total, label: steps.append((done, total)))
    assert report.failed == ["one"] and report.processed == 1
    assert steps == [(1, 2), (2, 2)]
    articles = {a["article_id"]: a for a in json.loads((tmp_path / "out" / "articles.json").read_text())}
    assert any("KilledWorker" in w for w in articles["one"]["warnings"])


class _Log(io.StringIO):
    def isatty(self):
        return False


def test_progress_in_a_log_is_a_few_lines_not_one_per_article():
    log = _Log()
    progress = ProgressLine(log)
    for done in range(1, 1001):
        progress(done, 1000, f"article-{done}")
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert lines[0].strip().startswith("[1/1000]") and lines[-1].strip().startswith("[1000/1000]")
    assert len(lines) <= 3


def test_a_cluster_that_runs_nothing_keeps_the_last_good_build(tiny_gazetteer, tmp_path, monkeypatch):
    """Workers without our code (or that all die): the build fails as a whole instead of writing an empty map."""
    def lost(client, process, gaz_path, items, verbose=False):
        for index, _ in items:
            yield Outcome(index, None, "processing failed on a worker: RuntimeError: cannot load the task", lost=True)

    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.txt").write_text("Anna left Moscow for Tbilisi by car in September.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_build(arts, out, use_cache=False, gazetteer=tiny_gazetteer, progress=None)
    before = _files(out)
    monkeypatch.setattr(build_pkg, "cluster_client", lambda workers, scheduler: nullcontext())
    monkeypatch.setattr(build_pkg, "process_on_cluster", lost)
    with pytest.raises(BuildFailed, match="processed none of the 1 articles"):
        run_build(arts, out, use_cache=False, gazetteer=tiny_gazetteer, progress=None, scheduler="tcp://x:1")
    assert _files(out) == before
