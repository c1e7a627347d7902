"""Analysts' corrections: one reviewed file, applied on every build.

Four kinds of entry live in ``data/review.json`` (versioned schema):

* :class:`RejectLeg` removes a leg the extractor got wrong;
* :class:`AcceptLeg` confirms a candidate leg below the confidence threshold;
* :class:`CorrectPlace` replaces a place's resolution in one article (or in
  every article), in its mentions and in the legs that use it;
* :class:`AddLeg` adds a missing leg, backed by a verbatim quote.

Entries are keyed by content, not by build ids (a rejection is keyed by
``(article_id, from_place_id, to_place_id, quote_start)``, never by
``flow_id``), and carry their quote, so they survive rebuilds: when an
article's text changes, the quote is found again; when it is gone, the entry
is kept and reported as ``stale``. :func:`apply_review` is pure; the file is
read and written (atomically, under a lock) only by :mod:`.store`.

Modules, one job each:

* :mod:`.model`: the entries, their ids, :class:`Review`, :class:`ReviewError`;
* :mod:`.codec`: JSON (de)serialisation (the file format, ``SCHEMA_VERSION``);
* :mod:`.validate`: checks and the constructors the app records entries with;
* :mod:`.apply`: :func:`apply_review`, pure;
* :mod:`.store`: the file: load, save, lock, record, forget;
* :mod:`.page`: helpers for the Review page;
* :mod:`.hook`: :func:`review_build`, called by every build.
"""
from __future__ import annotations

from pipeline.review.apply import EntryStatus, Reviewed, apply_review, status_records
from pipeline.review.codec import (
    SCHEMA_VERSION,
    entry_from_json,
    entry_to_json,
    place_from_json,
    review_from_json,
    review_to_json,
)
from pipeline.review.hook import review_build
from pipeline.review.model import (
    ALL_ARTICLES,
    AcceptLeg,
    AddLeg,
    CorrectPlace,
    Entry,
    RejectLeg,
    Review,
    ReviewError,
    entry_id,
)
from pipeline.review.page import (
    build_statuses,
    candidate_line,
    context_before,
    entry_rows,
    legs_table,
    open_gazetteer,
    place_candidates,
    place_from_row,
    places_of_article,
)
from pipeline.review.store import (
    LOCK_TIMEOUT_S,
    forget,
    load_review,
    record,
    review_lock,
    save_review,
)
from pipeline.review.validate import (
    accept_leg,
    add_leg,
    correct_place,
    locate_quote,
    manual_place,
    reject_leg,
    validate_place,
)

__all__ = [  # the public API, sorted
    "ALL_ARTICLES", "LOCK_TIMEOUT_S", "SCHEMA_VERSION", "AcceptLeg", "AddLeg", "CorrectPlace", "Entry", "EntryStatus",
    "RejectLeg", "Review", "ReviewError", "Reviewed", "accept_leg", "add_leg", "apply_review",
    "build_statuses", "candidate_line", "context_before", "correct_place", "entry_from_json", "entry_id", "entry_rows",
    "entry_to_json", "forget", "legs_table", "load_review", "locate_quote", "manual_place", "open_gazetteer",
    "place_candidates", "place_from_json", "place_from_row", "places_of_article", "record", "reject_leg",
    "review_build", "review_from_json", "review_lock", "review_to_json", "save_review", "status_records",
    "validate_place",
]
