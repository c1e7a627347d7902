"""The build's hook: apply ``data/review.json`` to a build and warn about stale entries."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline import config
from pipeline.records import Leg, Mention
from pipeline.review.apply import Reviewed, apply_review
from pipeline.review.store import load_review


def review_build(articles_dir: str | Path, articles: Iterable, legs: Iterable[Leg], mentions: Iterable[Mention],
                 warn: Callable[[str], None] | None = None) -> Reviewed:
    """Apply ``data/review.json`` (beside ``articles_dir``) to a build's legs and mentions.

    Stale entries are reported through ``warn`` (stderr by default) and kept
    in the file. Raises :class:`ReviewError` when the file cannot be read, so
    that a build never silently drops the analysts' corrections.
    """
    warn = warn or (lambda msg: print(msg, file=sys.stderr))
    review = load_review(config.review_path(articles_dir))
    texts = {a.article_id: a.text for a in articles}
    reviewed = apply_review(legs, review, texts, mentions)
    for s in reviewed.stale:
        warn(f"warning: review entry {s.entry_id} ({s.kind}, {s.article_id}) is stale: {s.detail}; kept in the file")
    return reviewed
