"""Builds on Dask: the per-article stages on worker processes, the same bytes as a serial build."""
import io
import json
import os
from contextlib import nullcontext
from pathlib import Path

import dask
import pytest

from pipeline import build as build_pkg
from pipeline import contract
from pipeline.build import BuildFailed, ProgressLine, run_build
from pipeline.build.cache import ResultCache
from pipeline.build import distributed
from pipeline.build.distributed import Outcome, batches, plan_workers, process_batch
from pipeline.gazetteer import load_gazetteer
from pipeline.memo import Memo
from pipeline.records import Article

REPO = Path(__file__).parent.parent
SEEDS = REPO.parent / "shared" / "articles" if (REPO.parent / "shared" / "articles").is_dir() else REPO / "data" / "articles"
ALL_FILES = (*contract.BUILD_FILES, *contract.PARQUET_FILES, contract.REVIEW_STATUS_FILE, contract.CANDIDATES_FILE)


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


@pytest.mark.slow
def test_local_workers_run_without_their_own_profiler_and_gil_monitor():
    with distributed.cluster_client(1) as client:
        seen = client.run(lambda: (dask.config.get("distributed.worker.profile.enabled"),
                                   dask.config.get("distributed.admin.system-monitor.gil.enabled")))
    assert list(seen.values()) == [(False, False)]
    assert dask.config.get("distributed.worker.profile.enabled") is True  # the driver's own config is left as it was


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
    def fake_collect(client, items, process, gaz_path, verbose=False):
        for index, article in reversed(items):  # completion order is not article order
            if index == items[0][0]:
                yield Outcome(index, None, "processing failed on a worker: KilledWorker: gone")
            else:
                yield Outcome(index, process(article, tiny_gazetteer, None))

    monkeypatch.setattr(build_pkg, "cluster_client", lambda workers, scheduler: nullcontext())
    monkeypatch.setattr(build_pkg, "submit_batches", lambda client, process, gaz_path, items, verbose: items)
    monkeypatch.setattr(build_pkg, "collect", fake_collect)
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
    def lost(client, items, process, gaz_path, verbose=False):
        for index, _ in items:
            yield Outcome(index, None, "processing failed on a worker: RuntimeError: cannot load the task", lost=True)

    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "one.txt").write_text("Anna left Moscow for Tbilisi by car in September.\n", encoding="utf-8")
    out = tmp_path / "out"
    run_build(arts, out, use_cache=False, gazetteer=tiny_gazetteer, progress=None)
    before = _files(out)
    monkeypatch.setattr(build_pkg, "cluster_client", lambda workers, scheduler: nullcontext())
    monkeypatch.setattr(build_pkg, "submit_batches", lambda client, process, gaz_path, items, verbose: items)
    monkeypatch.setattr(build_pkg, "collect", lost)
    with pytest.raises(BuildFailed, match="processed none of the 1 articles"):
        run_build(arts, out, use_cache=False, gazetteer=tiny_gazetteer, progress=None, scheduler="tcp://x:1")
    assert _files(out) == before


@pytest.mark.parametrize("requested, todo, scheduler, cores, expected", [
    pytest.param(None, 5, None, 2, 1, id="default_small_build_stays_in_process"),
    pytest.param(None, 200, None, 2, 2, id="default_large_build_one_worker_per_core"),
    pytest.param(None, 5000, None, 8, 8, id="default_uses_every_core"),
    pytest.param(None, 5000, None, 1, 1, id="default_on_one_core_stays_in_process"),
    pytest.param(1, 5000, None, 2, 1, id="workers_1_is_in_process"),
    pytest.param(3, 5, None, 2, 3, id="an_explicit_count_is_obeyed"),
    pytest.param(None, 0, None, 2, 1, id="nothing_to_process_starts_no_cluster"),
    pytest.param(None, 0, "tcp://x:1", 2, 1, id="nothing_to_process_asks_no_scheduler"),
])
def test_how_many_workers_a_build_uses(requested, todo, scheduler, cores, expected):
    assert plan_workers(requested, todo, scheduler, cores) == expected


_ARTICLES = {
    "a": "Anna left Moscow for Tbilisi by car in September.\n",
    "b": "Ivan flew from Moscow to Istanbul on Friday.\n",
    "c": "Olga went from Moscow to Tbilisi by bus.\n",
    "d": "Pavel travelled from Moscow to Istanbul by train.\n",
    "e": "Maria drove from Moscow to Tbilisi.\n",
    "victim": "Sergei left Moscow for Istanbul by plane.\n",
}


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in _ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _kills_its_worker(marker: Path, always: bool):
    """``process_article``, but the worker processing ``victim`` exits at once (the first time, or every time)."""
    real = build_pkg.process_article

    def process(article, gaz, log=None, geocoder=None):
        if article.article_id == "victim" and (always or not marker.exists()):
            marker.touch()
            os._exit(1)  # no exception, no cleanup: the process is gone, as with a crash or the OOM killer
        return real(article, gaz, log, geocoder)

    return process


@pytest.mark.slow
def test_a_worker_killed_mid_build_loses_no_article(tiny_gazetteer, tmp_path, monkeypatch):
    """Dask runs a dead worker's task again elsewhere: the build is the same as without the crash."""
    arts = _corpus(tmp_path / "articles")
    run_build(arts, tmp_path / "serial", use_cache=False, gazetteer=tiny_gazetteer, progress=None)
    monkeypatch.setattr(build_pkg, "process_article", _kills_its_worker(tmp_path / "died", always=False))
    monkeypatch.setattr(distributed, "TASKS_PER_WORKER", 1)  # batches of 3: the victim shares its task
    report = run_build(arts, tmp_path / "parallel", use_cache=False, gazetteer=tiny_gazetteer, progress=None,
                       workers=2)
    assert (tmp_path / "died").exists()  # a worker did die
    assert report.failed == [] and report.processed == len(_ARTICLES)
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")


@pytest.mark.slow
def test_an_article_that_keeps_killing_workers_is_a_warning_and_the_rest_is_built(tiny_gazetteer, tmp_path,
                                                                                   monkeypatch):
    arts = _corpus(tmp_path / "articles")
    run_build(arts, tmp_path / "serial", use_cache=False, gazetteer=tiny_gazetteer, progress=None)
    monkeypatch.setattr(build_pkg, "process_article", _kills_its_worker(tmp_path / "died", always=True))
    monkeypatch.setattr(distributed, "TASKS_PER_WORKER", 1)
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):  # give up on the first death
        report = run_build(arts, tmp_path / "out", use_cache=False, gazetteer=tiny_gazetteer, progress=None,
                           workers=2)
    assert report.failed == ["victim"]
    assert report.processed == len(_ARTICLES) - 1  # its batch-mates were sent again, one per task
    articles = {a["article_id"]: a for a in json.loads((tmp_path / "out" / "articles.json").read_text())}
    assert any("KilledWorker" in w for w in articles["victim"]["warnings"])
    def legs(build):
        flows = json.loads((tmp_path / build / "flows.geojson").read_text())["features"]
        return [f["properties"] for f in flows if f["properties"]["article_id"] != "victim"]

    assert legs("out") == legs("serial") and legs("out")


def test_the_cluster_gets_only_uncached_articles_and_not_the_last_builds_copies(tiny_gazetteer, tmp_path,
                                                                               monkeypatch):
    """Articles go out before dedup runs; a copy the last build found stays home, and the output is the same."""
    monkeypatch.setenv("EXODUS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(ResultCache, "_memory", Memo(100))
    arts = tmp_path / "articles"
    arts.mkdir()
    story = "Anna left Moscow for Tbilisi by car in September. " * 3 + "Ivan flew from Moscow to Istanbul.\n"
    (arts / "original.txt").write_text(story, encoding="utf-8")
    (arts / "copy.txt").write_text(story, encoding="utf-8")  # a second, identical file: a duplicate
    run_build(arts, tmp_path / "first", gazetteer=tiny_gazetteer, progress=None)
    (arts / "new.txt").write_text("Olga went from Moscow to Tbilisi by bus.\n", encoding="utf-8")
    sent = []

    def fake_collect(client, items, process, gaz_path, verbose=False):
        sent.extend(article.article_id for _, article in items)
        for index, article in items:
            yield Outcome(index, process(article, tiny_gazetteer, None))

    monkeypatch.setattr(build_pkg, "cluster_client", lambda workers, scheduler: nullcontext())
    monkeypatch.setattr(build_pkg, "submit_batches", lambda client, process, gaz_path, items, verbose: items)
    monkeypatch.setattr(build_pkg, "collect", fake_collect)
    report = run_build(arts, tmp_path / "parallel", gazetteer=tiny_gazetteer, progress=None, workers=2)
    assert sent == ["new"] and report.duplicates == 1
    run_build(arts, tmp_path / "serial", use_cache=False, gazetteer=tiny_gazetteer, progress=None)
    assert _files(tmp_path / "parallel") == _files(tmp_path / "serial")
