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

A worker that dies loses no article: Dask runs its tasks again on another
worker (``distributed.scheduler.allowed-failures`` times); the articles of a
task that still fails run again one at a time, alone, and only an article
that kills its worker then comes back as an :class:`Outcome` with an error,
which the build records in that article's ``warnings``. An article whose stages
raise is such an outcome at once. Neither stops the build.

Which articles go: every one the per-article cache has no result for,
before dedup (whose work the driver does meanwhile); a duplicate's result is
then dropped. The default build (``--workers`` not given) uses one worker per
core when :data:`PARALLEL_MIN_ARTICLES` or more articles need processing,
else it stays in the driver's process (:func:`plan_workers`).
"""
from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
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
# Below this many articles to process, the default build stays in this process: a local cluster's
# start (~2-3 s) costs more than it saves (about 25 ms of work per article and core).
PARALLEL_MIN_ARTICLES = 200

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


# The local workers' own diagnostics, off: the statistical profiler samples every task's stack each 10 ms
# and the GIL monitor wakes every 1 ms; together about a tenth of a worker's CPU (1,000 synthetic articles:
# 29.6 -> 27.5 s per worker). The workers get the driver's config (their nanny passes it on).
LOCAL_WORKER_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False}


@contextmanager
def cluster_client(workers: int, scheduler: str | None = None):
    """A Dask client: of the cluster at ``scheduler``, else of a local cluster of ``workers`` processes."""
    import dask
    from dask.distributed import Client, LocalCluster  # loaded only by parallel builds (~1 s)

    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:  # refused, timed out, or not an address
            raise ClusterUnavailable(f"no Dask scheduler answers at {scheduler} ({exc})") from None
        with client:
            yield client
        return
    with dask.config.set(LOCAL_WORKER_CONFIG), \
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",  # any free port
                         silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def submit_batches(client, process: Callable, gaz_path: str, items: Sequence[tuple[int, Article]],
                   verbose: bool = False) -> dict:
    """Send ``items`` (index, article) to the cluster in batches; returns the futures (with their batch) at once.

    The driver is free while the workers run: :func:`pipeline.build.run_build`
    marks near-duplicates meanwhile.
    """
    workers = max(1, len(client.nthreads()))
    return {client.submit(process_batch, process, gaz_path, batch, verbose, pure=False): batch
            for batch in batches(items, workers)}


def collect(client, pending: dict, process: Callable, gaz_path: str, verbose: bool = False) -> Iterator[Outcome]:
    """Outcomes of the submitted batches as they finish (completion order, not article order).

    The articles of a task lost with its worker (Dask gave up after its own
    retries) run again one at a time, each alone on the cluster, so that a
    worker that dies then was killed by that very article: only it comes back
    as an :class:`Outcome` with the error; its batch-mates are built.
    """
    from dask.distributed import as_completed
    from distributed.scheduler import KilledWorker

    tasks = {future: (batch, False) for future, batch in pending.items()}  # future -> (batch, run alone?)
    suspects: deque[tuple[int, Article]] = deque()
    alone_running = False
    running = as_completed(list(tasks))
    for future in running:
        batch, alone = tasks.pop(future)
        alone_running = alone_running and not alone
        try:
            outcomes = future.result()
        except Exception as exc:  # the worker died (KilledWorker) or the task was lost
            if isinstance(exc, KilledWorker) and not alone:
                suspects.extend(batch)
                outcomes = []
            else:
                why = " ".join(str(exc).split())  # one line: a warning, not a traceback
                outcomes = [Outcome(index, None, f"{WORKER_FAILED}: {type(exc).__name__}: {why}", lost=True)
                            for index, _ in batch]
        if suspects and not alone_running:
            item = suspects.popleft()
            single = client.submit(process_batch, process, gaz_path, [item], verbose, pure=False)
            tasks[single] = ([item], True)
            running.add(single)
            alone_running = True
        yield from outcomes


class BackgroundCluster:
    """A cluster's client, started in a thread so that the driver reads the articles meanwhile.

    ``start`` is :func:`cluster_client` (a context manager); :meth:`client`
    waits for it (and raises what starting raised), :meth:`close` shuts it down.
    """

    def __init__(self, workers: int, scheduler: str | None, start=None):
        self._stack = ExitStack()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="exodus-cluster")
        start = start or cluster_client
        self._future = self._pool.submit(lambda: self._stack.enter_context(start(workers, scheduler)))

    def client(self):
        return self._future.result()

    def close(self) -> None:
        try:
            self._future.result()
        except Exception:  # noqa: BLE001 -- a cluster that never started has nothing to close; client() reported it
            pass
        finally:  # in the thread that entered it: the client's context variables live there
            self._pool.submit(self._stack.close).result()
            self._pool.shutdown()


def process_on_cluster(client, process: Callable, gaz_path: str, items: Sequence[tuple[int, Article]],
                       verbose: bool = False) -> Iterator[Outcome]:
    """:func:`submit_batches` then :func:`collect`: the outcomes of ``items`` as they finish."""
    return collect(client, submit_batches(client, process, gaz_path, items, verbose), process, gaz_path, verbose)


def plan_workers(requested: int | None, todo: int, scheduler: str | None, cores: int) -> int:
    """How many local worker processes a build uses; 1 is this process (no cluster).

    ``requested`` None is the default: one worker per core when at least
    :data:`PARALLEL_MIN_ARTICLES` articles need processing, else this process,
    because starting a cluster (~2-3 s) costs more than a small build. An
    explicit request is obeyed; a ``scheduler`` always gets the work.
    """
    if todo == 0:
        return 1
    if scheduler:
        return max(1, requested or 1)
    if requested is None:
        return cores if cores > 1 and todo >= PARALLEL_MIN_ARTICLES else 1
    return requested


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class ClusterUnavailable(ExodusError):
    """The Dask scheduler a build was sent to cannot be reached; nothing was written."""
