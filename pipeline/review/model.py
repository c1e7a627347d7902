"""The review's model: the four kinds of entry, their ids, and :class:`Review`.

Entries are keyed by content, not by build ids, and carry their quote, so
they survive rebuilds (see :mod:`pipeline.review`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from pipeline.errors import ExodusError
from pipeline.records import Place

ALL_ARTICLES = "*"


class ReviewError(ExodusError, ValueError):
    """A correction that cannot be recorded or a review file that cannot be read."""


@dataclass(frozen=True)
class LegDecision:
    """An analyst's decision on the leg ``from_place_id -> to_place_id`` cited at ``quote`` in an article.

    One decision per leg: accepting replaces a rejection and the other way round.
    """

    article_id: str
    from_place_id: str
    to_place_id: str
    quote_start: int
    quote: str
    created: str = ""
    author: str | None = None
    note: str | None = None

    def key(self) -> tuple:
        return ("leg_decision", self.article_id, self.from_place_id, self.to_place_id, self.quote_start)


@dataclass(frozen=True)
class RejectLeg(LegDecision):
    """Remove the leg: the extractor got it wrong."""

    kind: str = field(default="reject_leg", init=False)


@dataclass(frozen=True)
class AcceptLeg(LegDecision):
    """Confirm the leg: shown whatever its confidence."""

    kind: str = field(default="accept_leg", init=False)


@dataclass(frozen=True)
class CorrectPlace:
    """Resolve ``place_id`` to ``place`` instead, in one article or in all (``article_id='*'``)."""

    article_id: str
    place_id: str
    place: Place
    surface: str | None = None
    created: str = ""
    author: str | None = None
    note: str | None = None
    kind: str = field(default="correct_place", init=False)

    def key(self) -> tuple:
        return (self.kind, self.article_id, self.place_id)


@dataclass(frozen=True)
class AddLeg:
    """A leg the extractor missed, supported by ``quote`` (verbatim in the article)."""

    article_id: str
    origin: Place
    destination: Place
    quote: str
    quote_start: int
    mode: str = "unknown"
    people: int | None = None
    status: str = "completed"
    event_date: str | None = None
    created: str = ""
    author: str | None = None
    note: str | None = None
    kind: str = field(default="add_leg", init=False)

    def key(self) -> tuple:
        return (self.kind, self.article_id, self.origin.place_id, self.destination.place_id, self.quote_start)


Entry = RejectLeg | AcceptLeg | CorrectPlace | AddLeg


def entry_id(entry: Entry) -> str:
    """Short stable id of an entry's key (for undo buttons and reports)."""
    return hashlib.sha1(json.dumps(entry.key(), ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Review:
    """Every recorded correction, oldest first; one per key."""

    entries: tuple[Entry, ...] = ()

    def with_entry(self, entry: Entry) -> Review:
        """Add ``entry``, replacing an older entry with the same key."""
        kept = tuple(e for e in self.entries if e.key() != entry.key())
        return Review(kept + (entry,))

    def without(self, eid: str) -> Review:
        return Review(tuple(e for e in self.entries if entry_id(e) != eid))

    def of_kind(self, cls) -> list:
        return [e for e in self.entries if isinstance(e, cls)]
