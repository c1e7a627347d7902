"""The per-article stages (geoparse + routes) on a ``dask.distributed`` cluster.

Only the pure per-article work leaves the driver: :func:`pipeline.build.run_build`
loads, cleans and dedups the corpus, reads the per-article cache, and sends the
articles it has no result for to the cluster in small batches; the results come
back as records, and caching, review and output stay in the driver, in article
order, so a parallel build writes the same bytes as a serial one.

Each worker process opens the gazetteer index once (:func:`worker_gazetteer`,
a per-process table keyed by path): the driver sends the path of the index it
compiled (``<cache>/gazetteer-<fingerprint>.sqlite``, the cache folder being
``$EXODUS_CACHE_DIR`` or ``data/cache``). A local cluster's workers read that
file; the workers of a remote cluster need the same path on a shared file
system, or else each compiles its own index once in its own cache folder
(same packages, same fingerprint, same places).

An article whose stages raise on a worker, or whose worker dies (after Dask's
own rescheduling gives up), comes back as an :class:`Outcome` with an error,
which the build records in that article's ``warnings``; it never stops the build.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ExodusError
from pipeline.gazetteer import Gazetteer, load_gazetteer
from pipeline.memo import Memo
from pipeline.records import Article

BATCH_MAX = 16  # articles per task: few enough for steady progress, enough to amortise Dask's per-task cost
TASKS_PER_WORKER = 4
WORKER_FAILED = "processing failed on a worker"
SCHEDULER_TIMEOUT_S = 10  # connecting to a --scheduler that does not answer

# This process's open gazetteers, by index path: a worker opens each once.
_GAZETTEERS: Memo[str, Gazetteer] = Memo(2)


@dataclass(frozen=True)
class Outcome:
    """One article's per-article result from a worker, or why there is none."""

    index: int  # the article's position in the build's list
    result: object | None  # a pipeline.build.ArticleResult
    error: str | None = None
    log: tuple[str, ...] = ()  # what the stages logged (-v), replayed by the driver in article order
    lost: bool = False  # the cluster, not the article, failed: a dead worker, a task it could not load


def worker_gazetteer(path: str) -> Gazetteer:
    """The gazetteer at ``path``, opened once per process; compiled here when the path is not on this machine."""
    gaz = _GAZETTEERS.get(path)
    if gaz is None:
        gaz = _GAZETTEERS[path] = Gazetteer(path) if Path(path).is_file() else load_gazetteer()
    return gaz


def process_batch(process: Callable, gaz_path: str, batch: Sequence[tuple[int, Article]],
                  verbose: bool) -> list[Outcome]:
    """Run ``process(article, gazetteer, log)`` over a batch; an article that fails is an error, not a raise."""
    gaz = worker_gazetteer(gaz_path)
    out = []
    for index, article in batch:
        lines: list[str] = []
        try:
            result = process(article, gaz, lines.append if verbose else None)
        except Exception as exc:  # one bad article never stops the build
            out.append(Outcome(index, None, f"processing failed: {type(exc).__name__}: {exc}", tuple(lines)))
        else:
            out.append(Outcome(index, result, None, tuple(lines)))
    return out


def batches(items: Sequence[tuple[int, Article]], workers: int) -> list[Sequence[tuple[int, Article]]]:
    """Consecutive batches: about :data:`TASKS_PER_WORKER` per worker, at most :data:`BATCH_MAX` articles each."""
    size = max(1, min(BATCH_MAX, len(items) // (max(1, workers) * TASKS_PER_WORKER)))
    return [items[i:i + size] for i in range(0, len(items), size)]


@contextmanager
def cluster_client(workers: int, scheduler: str | None = None):
    """A Dask client: of the cluster at ``scheduler``, else of a local cluster of ``workers`` processes."""
    from dask.distributed import Client, LocalCluster  # loaded only by parallel builds (~1 s)

    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, or not an address
            raise ClusterUnavailable(f"no Dask scheduler answers at {scheduler} ({exc})") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",  # any free port
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def process_on_cluster(client, process: Callable, gaz_path: str, items: Sequence[tuple[int, Article]],
                       verbose: bool = False) -> Iterator[Outcome]:
    """Outcomes of ``items`` (index, article) as their batches finish (completion order, not article order)."""
    from dask.distributed import as_completed

    workers = max(1, len(client.nthreads()))
    futures = {client.submit(process_batch, process, gaz_path, batch, verbose, pure=False): batch
               for batch in batches(items, workers)}
    for future in as_completed(futures):
        batch = futures.pop(future)
        try:
            outcomes = future.result()
        except Exception as exc:  # the worker died (KilledWorker) or the task was lost
            why = " ".join(str(exc).split())  # one line: a warning, not a traceback
            outcomes = [Outcome(index, None, f"{WORKER_FAILED}: {type(exc).__name__}: {why}", lost=True)
                        for index, _ in batch]
        yield from outcomes


class ClusterUnavailable(ExodusError):
    """The Dask scheduler a build was sent to cannot be reached; nothing was written."""
