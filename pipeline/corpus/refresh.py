"""Rebuilding the map after the corpus changed: one build at a time, under a lock."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.build import BuildFailed, run_build
from pipeline.config import DataPaths
from pipeline.corpus.model import CorpusError
from pipeline.corpus.store import lock_path

BUILD_LOCK_TIMEOUT_S = 900


def articles_without_places(article_ids: Iterable[str], places_article_ids: Iterable[Iterable[str]]) -> list[str]:
    """The given articles that no place of a build cites (accepted, but worth a warning)."""
    cited = {aid for ids in places_article_ids for aid in (ids or ())}
    return [aid for aid in article_ids if aid not in cited]

@dataclass(frozen=True)
class RebuildSummary:
    """The outcome of an incremental rebuild, for the app and the CLI."""

    message: str
    cited: frozenset[str]  # ids of the articles some place of the build cites

    def without_places(self, article_ids: Iterable[str]) -> list[str]:
        return [aid for aid in article_ids if aid not in self.cited]


def build_stamp(build_dir: str | Path) -> float:
    """Modification time of the build's flows file (0 when there is no build): a cache key."""
    try:
        return (Path(build_dir) / "flows.geojson").stat().st_mtime
    except OSError:
        return 0.0


def rebuild(paths: DataPaths, progress: Callable[[int, int, str], None] | None = None,
            **build_options) -> RebuildSummary:
    """Rebuild ``paths.build`` from ``paths.articles``; cached articles are not reprocessed.

    ``build_options`` go to :func:`pipeline.build.run_build` (e.g. ``gazetteer``).

    Raises
    ------
    CorpusError
        When nothing could be built; the previous build stays in place.
    """
    lock = lock_path(paths.articles).with_name("build.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        # One build at a time: a second session waits, then builds both sessions' articles.
        with FileLock(str(lock), timeout=BUILD_LOCK_TIMEOUT_S):
            report = run_build(paths.articles, paths.build, **({"progress": progress} if progress else {}),
                               **build_options)
    except Timeout:
        raise CorpusError(f"another build has been running for {BUILD_LOCK_TIMEOUT_S // 60} minutes "
                          f"(lock {lock}); try again later") from None
    except BuildFailed as exc:
        raise CorpusError(f"the map was not rebuilt: {exc}") from None
    return RebuildSummary(f"Map updated: {report.summary()}", report.with_places)
