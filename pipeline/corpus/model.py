"""What the corpus accepts and the types its modules share: limits, CorpusError, Submission, AddResult."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.errors import ExodusError
from pipeline.ingest import MAX_ARTICLE_BYTES, MAX_ARTICLE_MB  # one limit for adds and builds

__all__ = ["HTML_SUFFIXES", "MAX_ARTICLE_BYTES", "MAX_ARTICLE_MB", "TEXT_SUFFIXES", "UPLOAD_TYPES", "AddResult",
           "CorpusError", "Submission"]
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
UPLOAD_TYPES = tuple(s.lstrip(".") for s in TEXT_SUFFIXES + HTML_SUFFIXES)


class CorpusError(ExodusError, ValueError):
    """An article that cannot be added; the message says why and what to do."""


@dataclass(frozen=True)
class Submission:
    """One article ready to be written: cleaned body text plus metadata."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    source_name: str | None = None
    notes: tuple[str, ...] = ()  # how the bytes were decoded, when not plain UTF-8
    warnings: tuple[str, ...] = ()  # problems the build keeps reporting (saved in the front matter)


@dataclass(frozen=True)
class AddResult:
    """What happened to one submission: ``added``, ``duplicate`` or ``rejected``."""

    source: str
    status: str
    message: str
    article_id: str | None = None
    path: str | None = None
    duplicate_of: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"
