"""``python -m pipeline build``: articles in, the contract's three files out.

Stages: load and clean (:mod:`pipeline.ingest`), mark near-duplicates
(:mod:`pipeline.dedup`), geoparse (:mod:`pipeline.geoparse`), extract routes
(:mod:`pipeline.routes`), serialise (:mod:`pipeline.build.output`). Per-article
results are cached by content hash and pipeline version, so a rebuild after
adding one article only processes that article.

Every writer of a build folder (the ``build`` command, the rebuild after an
add or a review, the app's pages) goes through :func:`run_build`, which holds
the folder's build lock from reading the articles to writing the files: a
build that started earlier can never overwrite a later one. Caches are
optional: a cache folder that is full or read-only costs speed, not the build.
"""
from __future__ import annotations

import gc
import sys
import time
from contextlib import contextmanager
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline import config
from pipeline.config import cache_dir
from pipeline.contract import ARTICLES_FILE, CANDIDATES_FILE, FLOWS_FILE, PLACES_FILE, REVIEW_STATUS_FILE
from pipeline.gazetteer import load_gazetteer
from pipeline.geoparse import geoparse, make_geocoder
from pipeline.build.columnar import GEOMETRY, parquet_files, table_file
from pipeline.build.distributed import (BackgroundCluster, Outcome, available_cores, cluster_client, collect,
                                        plan_workers, submit_batches)
from pipeline.build.output import article_record, flows_collection, places_collection, write_build
from pipeline.build.cache import (EXTRACTION_CODE, CachedLoader, ResultCache, cache_key, code_fingerprint,
                                  known_duplicates, mark_duplicates_incrementally)
from pipeline.ingest import article_files, load_articles
from pipeline.records import Article, Leg, Mention, Place, Route
from pipeline.routes import read_article  # compiles the grammar (~1 s): paid once per process
from pipeline.errors import ExodusError
from pipeline.files import locked, remove_temp_files

@dataclass(frozen=True)
class ArticleResult:
    """What the per-article stages produce; cached by :func:`pipeline.build.cache.cache_key`."""

    mentions: tuple[Mention, ...]
    routes: tuple[Route, ...]
    candidates: tuple[Route, ...] = ()  # journeys proposed for review, never on the map by themselves


@dataclass
class BuildReport:
    """Counts and problems of one build, for the CLI and the app."""

    articles: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)
    processed: int = 0
    cached: int = 0
    places: int = 0
    legs: int = 0
    seconds: float = 0.0
    with_places: frozenset[str] = frozenset()  # ids of the articles that name a place

    def summary(self) -> str:
        return (f"{self.articles} articles ({self.duplicates} duplicates, {len(self.failed)} failed; "
                f"{self.processed} processed, {self.cached} from cache): "
                f"{self.places} places, {self.legs} legs in {self.seconds:.1f} s")


def process_article(article: Article, gaz, log: Callable[[str], None] | None = None,
                    geocoder=None) -> ArticleResult:
    """Geoparse one article and extract its routes (pure but for gazetteer reads)."""
    mentions = geoparse(article, gaz, log, geocoder)
    routes, candidates = read_article(article, mentions, gaz)
    return ArticleResult(tuple(mentions), tuple(routes), tuple(candidates))


def likeliest(legs: list[Leg], limit: int) -> list[Leg]:
    """The ``limit`` most confident of ``legs`` (ties: the earlier), in their order."""
    if len(legs) <= limit:
        return legs
    keep = set(sorted(range(len(legs)), key=lambda i: (-legs[i].confidence, i))[:limit])
    return [leg for i, leg in enumerate(legs) if i in keep]


def implied_places(results: dict[str, ArticleResult], accepted: Iterable[Leg] = ()) -> list[tuple[str, Place]]:
    """Route stops that no mention names (an implied origin country), of routes and ``accepted`` candidate legs."""
    out = []
    for aid, res in results.items():
        named = {m.place.place_id for m in res.mentions}
        for route in res.routes:
            for stop in route.stops:
                if stop.place_id not in named:
                    out.append((aid, stop))
    for leg in accepted:
        named = {m.place.place_id for m in results[leg.article_id].mentions}
        out += [(leg.article_id, p) for p in (leg.origin, leg.destination) if p.place_id not in named]
    return out


class ProgressLine:
    """The build's progress on stderr (or ``stream``).

    On a terminal, one line redrawn in place at most :attr:`tty_every_s`
    apart; in a log (not a terminal, and 20 articles or more), a full line
    every :attr:`log_every_s`, never one carriage return per article. The
    first and the last step are always shown.
    """

    tty_every_s = 0.1
    log_every_s = 5.0

    def __init__(self, stream=None):
        self.stream = stream
        self._last = float("-inf")

    def __call__(self, done: int, total: int, label: str) -> None:
        stream = self.stream or sys.stderr
        tty = stream.isatty()
        if not tty and total < 20:
            return
        now = time.monotonic()
        final = done >= total
        if done > 1 and not final and now - self._last < (self.tty_every_s if tty else self.log_every_s):
            return
        self._last = now
        line = f"  [{done}/{total}] {label[:60]:<60}"
        if tty:
            print("\r" + line, end="\n" if final else "", file=stream, flush=True)
        else:
            print(line.rstrip(), file=stream, flush=True)


print_progress = ProgressLine()  # the default: stderr


def _load_corpus(articles_dir: Path, caches: Path | None) -> tuple[list[Article], CachedLoader]:
    """Load and clean every article (through the ingest cache when there is one); not yet deduplicated."""
    loader = CachedLoader(caches / "ingest.pkl" if caches else None)
    articles = load_articles(articles_dir, loader=loader)
    if not articles:
        raise BuildFailed(f"no *.txt or *.md articles in {articles_dir}")
    return articles, loader


def _likely_todo(articles_dir: Path, caches: Path | None) -> int:
    """A cheap guess, before reading them, of how many articles the build will process.

    Every file without a cache; with one, the files the ingest cache has not
    seen (a rebuild after small changes processes few).
    """
    try:
        files = article_files(articles_dir)
    except OSError:
        return 0
    if caches is None:
        return len(files)
    return CachedLoader.unseen(caches / "ingest.pkl", files)


def _dedup(articles: list[Article], caches: Path | None) -> list[Article]:
    return mark_duplicates_incrementally(articles, caches / "dedup.pkl" if caches else None)


def warm_caches(articles_dir: Path | None = None) -> int:
    """Read what a rebuild reads into this process, writing nothing.

    A long-lived process (the dashboard's Add articles page) calls this once,
    so that its first refresh after an add costs what later ones do. Returns
    the number of article results found in the cache.
    """
    articles, _ = _load_corpus(Path(articles_dir or config.articles_dir()), cache_dir())
    articles = _dedup(articles, cache_dir())
    gaz = load_gazetteer()
    cache = ResultCache(cache_dir() / "articles")
    code_id = code_fingerprint(EXTRACTION_CODE)
    return sum(cache.get(cache_key(a, gaz.path.name, code_id)) is not None for a in articles if not a.duplicate_of)


BUILD_LOCK_TIMEOUT_S = 900
STALE_TEMP_S = 3600  # a cache temp file this old belongs to no running build


def build_lock_path(out_dir: str | Path) -> Path:
    """The lock of a build folder, beside it: ``data/.locks/build.lock`` for ``data/build``."""
    out = Path(out_dir).resolve()
    return out.parent / ".locks" / f"{out.name}.lock"


def run_build(articles_dir: Path, out_dir: Path, *, use_cache: bool = True,
              gazetteer=None, geocoder: str | None = None, log: Callable[[str], None] | None = None,
              progress: Callable[[int, int, str], None] | None = print_progress,
              on_wait: Callable[[], None] | None = None, workers: int | None = 1,
              scheduler: str | None = None) -> BuildReport:
    """Build ``out_dir`` from every article in ``articles_dir``, under the folder's build lock.

    A bad article is reported in its ``warnings`` and skipped; the build fails
    (raises :class:`BuildFailed`) only when no article could be built, and
    then the last good build stays in place. When another build of
    ``out_dir`` is running, ``on_wait()`` is called and this one waits for it
    (up to :data:`BUILD_LOCK_TIMEOUT_S`), then reads the articles afresh.

    ``workers`` > 1 runs the per-article stages on a local Dask cluster of
    that many processes, ``scheduler`` (an address) on an existing cluster
    (:mod:`pipeline.build.distributed`); the files written are the same bytes.
    ``workers=None`` (the command line's default) is one worker per core when
    the build has enough articles to process to repay a cluster's start, else
    this process (:func:`pipeline.build.distributed.plan_workers`).
    """
    articles_dir, out_dir = Path(articles_dir), Path(out_dir)
    if not articles_dir.is_dir():
        raise BuildFailed(f"no articles folder at {articles_dir}")
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = build_lock_path(out_dir)
    busy = lambda: BuildFailed(f"another build of {out_dir} has been running for "  # noqa: E731
                               f"{BUILD_LOCK_TIMEOUT_S // 60} minutes (lock {lock}); try again later")
    with locked(lock, BUILD_LOCK_TIMEOUT_S, busy, on_wait):
        return _build_locked(articles_dir, out_dir, use_cache=use_cache, gazetteer=gazetteer,
                             geocoder=geocoder, log=log, progress=progress, workers=workers, scheduler=scheduler)


def _build_locked(articles_dir: Path, out_dir: Path, *, use_cache: bool, gazetteer, geocoder: str | None,
                  log: Callable[[str], None] | None,
                  progress: Callable[[int, int, str], None] | None, workers: int | None = 1,
                  scheduler: str | None = None) -> BuildReport:
    t0 = time.perf_counter()
    caches = cache_dir() if use_cache else None
    if caches:  # temp files of killed builds; old enough that no running build (of another folder) owns them
        for folder in (caches, caches / "articles"):
            remove_temp_files(folder, older_than_s=STALE_TEMP_S)
    gaz = gazetteer or load_gazetteer()  # compiled here, before any worker opens it
    online = make_geocoder(geocoder, gaz, cache_dir())
    if online is not None and (scheduler or (workers or 1) > 1):
        print("warning: --geocoder nominatim builds in one process; --workers/--scheduler ignored", file=sys.stderr)
    cluster = None
    if online is None:  # the online geocoder's request budget is per process
        # A build that will surely need the cluster starts it now: it comes up while the articles are read.
        likely = _likely_todo(articles_dir, caches)
        if likely and (scheduler or plan_workers(workers, likely, scheduler, available_cores()) > 1):
            cluster = BackgroundCluster(plan_workers(workers, likely, scheduler, available_cores()), scheduler,
                                        cluster_client)
    try:
        articles, loader = _load_corpus(articles_dir, caches)
        cache = ResultCache(caches / "articles" if caches else None)
        gaz_id = gaz.path.name + (f"+{online.name}" if online else "")
        code_id = code_fingerprint(EXTRACTION_CODE)

        report = BuildReport(articles=len(articles))
        # Keys of every article with text, duplicates included: dedup has not run yet (see below).
        keys = {i: cache_key(a, gaz_id, code_id) for i, a in enumerate(articles) if a.text.strip()}
        hits: dict[int, ArticleResult] = {i: hit for i, key in keys.items() if (hit := cache.get(key)) is not None}
        copies = known_duplicates(articles, caches / "dedup.pkl" if caches else None)
        todo = [(i, articles[i]) for i in keys if i not in hits and articles[i].article_id not in copies]
        n_workers = 1 if online is not None else plan_workers(workers, len(todo), scheduler, available_cores())
        remote: dict[int, Outcome] = {}
        parallel = bool(todo) and (cluster is not None or (online is None and (scheduler or n_workers > 1)))
        if parallel:
            # The cluster processes every uncached article while this process marks duplicates;
            # a duplicate's result is dropped (its original carries the story).
            cluster = cluster or BackgroundCluster(n_workers, scheduler, cluster_client)
            client = cluster.client()
            pending = submit_batches(client, process_article, str(gaz.path), todo, log is not None)
            articles = _dedup(articles, caches)
            remote = _collect_remote(client, pending, todo, str(gaz.path), log is not None, progress)
        else:
            articles = _dedup(articles, caches)
    finally:
        if cluster is not None:
            cluster.close()

    results: dict[str, ArticleResult] = {}
    final_articles: list[Article] = []
    for i, article in enumerate(articles):
        if progress and not parallel:
            progress(i + 1, len(articles), article.article_id)
        if article.duplicate_of:
            report.duplicates += 1
            final_articles.append(article)
            continue
        if not article.text.strip():
            report.failed.append(article.article_id)
            final_articles.append(article)
            continue
        key = keys[i]
        result = hits.get(i)
        if result is None:
            error = None
            if i in remote:
                outcome = remote[i]
                for line in outcome.log if log else ():
                    log(line)
                result, error = outcome.result, outcome.error
            else:
                try:
                    result = process_article(article, gaz, log, online)
                except Exception as exc:  # one bad article never stops the build
                    error = f"processing failed: {type(exc).__name__}: {exc}"
            if error is not None:
                print(f"warning: {article.article_id}: {error}", file=sys.stderr)
                report.failed.append(article.article_id)
                final_articles.append(_with_warning(article, error))
                continue
            cache.put(key, result)
            report.processed += 1
        else:
            report.cached += 1
        if not result.mentions:
            article = _with_warning(article, "no places found")
        results[article.article_id] = result
        final_articles.append(article)

    if not results and not report.duplicates:
        raise BuildFailed("no article could be built: " + ", ".join(report.failed))

    with _gc_paused():  # builds ~10^5 short-lived dicts; cyclic GC passes only add pauses
        mentions = [m for r in results.values() for m in r.mentions]
        legs: list[Leg] = [leg for r in results.values() for route in r.routes for leg in route.legs()]
        proposed: list[Leg] = [leg for r in results.values() for route in r.candidates for leg in route.legs()]
        # heavy: pandas, through review's page helpers; Dask workers import this package and never need it
        from pipeline.review import ReviewError, review_build, status_records  # heavy
        try:  # analysts' corrections (data/review.json), applied on every build
            # Candidates are reviewed with the legs: an accepted one joins them, a rejected one is gone.
            reviewed = review_build(articles_dir, final_articles, legs + proposed, mentions)
        except ReviewError as exc:
            raise BuildFailed(str(exc)) from None
        candidate_ids = {leg.route_id for leg in proposed}
        accepted = [leg for leg in reviewed.legs if leg.route_id in candidate_ids and leg.reviewed]
        waiting = likeliest([leg for leg in reviewed.legs if leg.route_id in candidate_ids and not leg.reviewed],
                            config.MAX_CANDIDATES)
        mentions = list(reviewed.mentions)
        legs = [leg for leg in reviewed.legs if leg.route_id not in candidate_ids or leg.reviewed]
        published = {a.article_id: a.published for a in final_articles}
        places = places_collection(mentions, implied_places(results, accepted) + list(reviewed.extra_places))
        article_rows = [article_record(a) for a in final_articles]
        flows = flows_collection(legs, published)
        write_build(out_dir, {  # the contract's files and their columnar twins, swapped in as one
            ARTICLES_FILE: article_rows,
            PLACES_FILE: places,
            FLOWS_FILE: flows,
            CANDIDATES_FILE: flows_collection(waiting, published),
            REVIEW_STATUS_FILE: status_records(reviewed),
            **parquet_files(article_rows, places, flows),
        })
    loader.save()
    report.with_places = frozenset(m.article_id for m in mentions)
    report.places = len(places["features"])
    report.legs = len(legs)
    report.seconds = time.perf_counter() - t0
    return report


def _collect_remote(client, pending: dict, todo: list[tuple[int, Article]], gaz_path: str, verbose: bool,
                    progress: Callable[[int, int, str], None] | None) -> dict[int, Outcome]:
    """The outcomes of the submitted batches, by article index; progress as articles come back."""
    remote: dict[int, Outcome] = {}
    by_index = dict(todo)
    for outcome in collect(client, pending, process_article, gaz_path, verbose):
        remote[outcome.index] = outcome
        if progress:
            progress(len(remote), len(todo), by_index[outcome.index].article_id)
    if all(o.lost for o in remote.values()):  # a cluster that ran nothing (other code, no gazetteer): keep the build
        first = next(iter(remote.values())).error.splitlines()[0]
        raise BuildFailed(f"the Dask cluster processed none of the {len(todo)} articles: {first}")
    return remote


@contextmanager
def _gc_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _with_warning(article: Article, message: str) -> Article:
    return replace(article, warnings=(*article.warnings, message))


class BuildFailed(ExodusError):
    """Nothing could be built; the previous build is untouched."""
