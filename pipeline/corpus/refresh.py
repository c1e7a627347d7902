"""Rebuilding the map after the corpus changed (:func:`pipeline.build.run_build` holds the build lock)."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.build import BUILD_LOCK_TIMEOUT_S, BuildFailed, run_build
from pipeline.config import DataPaths
from pipeline.contract import ARTICLES_FILE
from pipeline.corpus.model import CorpusError
from pipeline.errors import os_error_message
from pipeline.ingest import article_files

__all__ = ["BUILD_LOCK_TIMEOUT_S", "RebuildSummary", "articles_off_the_map", "articles_without_places",
           "build_stamp", "rebuild"]


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


def articles_off_the_map(paths: DataPaths) -> list[str]:
    """Ids of the corpus' articles that the build does not list, e.g. after an add killed before its rebuild.

    When there is no readable build, every article is off the map.
    """
    try:
        on_disk = [p.stem for p in article_files(paths.articles)]
    except OSError:
        return []
    try:
        listed = json.loads((paths.build / ARTICLES_FILE).read_text(encoding="utf-8"))
        built = {a.get("article_id") for a in listed if isinstance(a, dict)} if isinstance(listed, list) else set()
    except (OSError, ValueError):
        built = set()
    return [aid for aid in on_disk if aid not in built]


def rebuild(paths: DataPaths, progress: Callable[[int, int, str], None] | None = None,
            **build_options) -> RebuildSummary:
    """Rebuild ``paths.build`` from ``paths.articles``; cached articles are not reprocessed.

    ``build_options`` go to :func:`pipeline.build.run_build` (e.g. ``gazetteer``).
    When another build is running, this one waits for it, then builds
    everything both sessions added.

    Raises
    ------
    CorpusError
        When nothing could be built, or the build folder cannot be written;
        the previous build stays in place.
    """
    waiting = (lambda: progress(0, 1, "waiting for another build to finish")) if progress else None
    try:
        report = run_build(paths.articles, paths.build, **({"progress": progress} if progress else {}),
                           on_wait=waiting, **build_options)
    except BuildFailed as exc:
        raise CorpusError(f"the map was not rebuilt: {exc}") from None
    except OSError as exc:
        raise CorpusError(f"the map was not rebuilt: {os_error_message(exc)}") from None
    return RebuildSummary(f"Map updated: {report.summary()}", report.with_places)
