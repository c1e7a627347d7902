"""The review file: read, written atomically, and changed under a lock."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.files import atomic_write_json, locked
from pipeline.review.codec import review_from_json, review_to_json
from pipeline.review.model import Entry, Review, ReviewError, entry_id

LOCK_TIMEOUT_S = 30


def load_review(path: str | Path) -> Review:
    """Read the review file; a missing file is an empty review.

    Raises
    ------
    ReviewError
        When the file exists but cannot be read: it is never overwritten then.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Review()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"cannot read {path}: {exc}") from None
    try:
        return review_from_json(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise ReviewError(f"{path} is not valid JSON ({exc}); fix or move it, it is never overwritten") from None


def save_review(path: str | Path, review: Review) -> None:
    atomic_write_json(path, review_to_json(review))


@contextmanager
def review_lock(path: str | Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    lock = Path(path).resolve().parent / ".locks" / "review.lock"
    with locked(lock, timeout, lambda: ReviewError(f"another session is saving a review (lock {lock}); try again")):
        yield


def record(path: str | Path, entry: Entry) -> Review:
    """Add (or replace) one entry in the review file: read, change, write, under the lock."""
    with review_lock(path):
        review = load_review(path).with_entry(entry)
        save_review(path, review)
    return review


def forget(path: str | Path, eid: str) -> Review:
    """Remove the entry with id ``eid`` (undo)."""
    with review_lock(path):
        review = load_review(path)
        if not any(entry_id(e) == eid for e in review.entries):
            raise ReviewError(f"no review entry {eid!r}")
        review = review.without(eid)
        save_review(path, review)
    return review
