"""Untrusted bytes or text -> a :class:`~pipeline.corpus.model.Submission` (pure).

Decode, reject empty / binary / oversized input, normalise metadata, and
extract saved HTML pages with trafilatura. An uploaded file's name is kept as
metadata only and never becomes a path.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import PurePosixPath

from dateutil import parser as dateparser

from pipeline.corpus.model import (
    HTML_SUFFIXES,
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    TEXT_SUFFIXES,
    CorpusError,
    Submission,
)
from pipeline.ingest import parse_article_text
from pipeline.text.decode import binary_kind
from pipeline.text.decode import decode_bytes as decode_text
from pipeline.text.frontmatter import split_front_matter
from pipeline.text.normalise import normalise_text
from pipeline.text.urls import URL_MAX, http_url

# ---------------------------------------------------------------- decoding

def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Decode article bytes as the build does; return ``(text, notes on the decoding)``.

    Raises
    ------
    CorpusError
        For empty or binary input, which the build could only skip.
    """
    if not data.strip():
        raise CorpusError("the file is empty: nothing to add")
    kind = binary_kind(data)
    if kind:
        raise CorpusError(f"the file is {kind}, not text: save the article as .txt, .md or .html")
    text, notes = decode_text(data)
    return text.removeprefix("\ufeff"), tuple(notes)


# ------------------------------------------------------------ metadata

def clean_line(value: object, limit: int = 300) -> str | None:
    """One line of metadata: normalised as ingest does, controls removed, spaces collapsed, length capped."""
    if value is None:
        return None
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in normalise_text(str(value)))
    text = " ".join(text.split())[:limit]
    return text or None


def normalise_url(url: object) -> str | None:
    """Keep only http(s) URLs (:func:`pipeline.text.urls.http_url`): a ``javascript:`` link must never reach the app."""
    url = clean_line(url, URL_MAX)
    if url is None:
        return None
    if http_url(url) is None:
        raise CorpusError(f"url {url[:80]!r} is not an http(s) address")
    return url


def normalise_date(value: object) -> str | None:
    """An ISO date (YYYY-MM-DD) from a date, datetime or date-like string."""
    if value is None or value == "":
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    text = clean_line(value, 100)
    if text is None:
        return None
    try:
        # ISO first: dateutil's dayfirst would read 2022-09-07 as 9 July.
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
            return date.fromisoformat(text[:10]).isoformat()
        return dateparser.parse(text, dayfirst=True, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        raise CorpusError(f"published date {text!r} is not a date: use YYYY-MM-DD") from None


NAME_MAX = 200


def upload_basename(name: str | None) -> str:
    """The last component of an untrusted upload name, for display and slugs only.

    A long name is shortened in its stem, so its extension (which says what
    the file is) survives.
    """
    if not name:
        return ""
    raw = PurePosixPath(str(name).replace("\\", "/")).name
    base = clean_line(raw, len(raw)) or ""
    if len(base) <= NAME_MAX:
        return base
    suffix = PurePosixPath(base).suffix
    suffix = suffix if len(suffix) <= 10 else ""
    return base[:NAME_MAX - len(suffix) - 1].rstrip() + "…" + suffix


def normalise_body(text: str) -> str:
    """Unix newlines, no trailing spaces, no NULs, at most one blank line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ------------------------------------------------------------ submissions

def html_to_submission(html: str, source_name: str = "") -> Submission:
    """Article text and metadata of a saved web page, via trafilatura.

    Only text comes out: scripts, styles and markup are dropped by the
    extractor and nothing of the page is ever rendered.
    """
    import trafilatura  # heavy import, only needed for HTML

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False)
    text = normalise_body(getattr(doc, "text", None) or "") if doc is not None else ""
    if not text:
        raise CorpusError("no article text found in the HTML page: paste the article text instead")
    title = clean_line(doc.title)
    lines = text.split("\n")
    if title and lines and clean_line(lines[0]) == title:
        text = "\n".join(lines[1:]).strip() or text  # the headline is kept as metadata
    text = re.sub(r"\n+", "\n\n", text)
    url = doc.url
    try:
        url = normalise_url(url)
    except CorpusError:
        url = None
    published = None
    try:
        published = normalise_date(doc.date)
    except CorpusError:
        pass
    return Submission(text=text, title=title, outlet=clean_line(doc.sitename or doc.hostname),
                      url=url, published=published, source_name=source_name or None)


def is_html(text: str, suffix: str) -> bool:
    if suffix in HTML_SUFFIXES:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html"))


def make_submission(text: str, source_name: str = "", suffix: str = ".txt", notes: tuple[str, ...] = (),
                    title=None, outlet=None, url=None, published=None) -> Submission:
    """Build a submission from decoded text; explicit fields override the file's own.

    Raises
    ------
    CorpusError
        Empty article, bad url or bad date.
    """
    if is_html(text, suffix):
        base = html_to_submission(text, source_name)
        article = parse_article_text(base.text, "upload")
    else:
        # The body is saved as it came (the build cleans it); metadata as the build reads it.
        front = split_front_matter(text)
        article = parse_article_text(text, "upload")
        problems = (front.problem,) if front.problem else ()  # kept in the file, so every build says so
        base = Submission(text=normalise_body(front.body), title=clean_line(article.title),
                          outlet=clean_line(article.outlet), url=article.url, published=article.published,
                          source_name=source_name or None, warnings=problems)
    if not base.text.strip():
        raise CorpusError("the article has no text: nothing to add")
    if not article.text.strip():
        raise CorpusError("no article text left once menus, links and boilerplate are removed: "
                          "paste the article's own paragraphs")
    return replace(
        base,
        title=clean_line(title) or base.title,
        outlet=clean_line(outlet) or base.outlet,
        url=normalise_url(url if clean_line(url) else base.url),
        published=normalise_date(published if clean_line(published) else base.published),
        notes=notes + base.warnings,
    )


def submission_from_bytes(data: bytes, name: str = "", **meta) -> Submission:
    """Validate and decode an upload (size, emptiness, binary, encoding, HTML)."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise CorpusError(f"the file is {len(data) / 1048576:.1f} MB; the limit is {MAX_ARTICLE_MB} MB per article")
    source = upload_basename(name)
    suffix = PurePosixPath(source).suffix.lower()
    if source and suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise CorpusError(f"unsupported file type {suffix or '(none)'!r}: use .txt, .md or .html")
    text, notes = decode_bytes(data)
    return make_submission(text, source, suffix or ".txt", notes, **meta)


def submission_from_text(text: str, **meta) -> Submission:
    """A pasted article (the app's text box)."""
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        raise CorpusError(f"the text is longer than the {MAX_ARTICLE_MB} MB limit per article")
    if not text.strip():
        raise CorpusError("the article text is empty: paste the article first")
    return make_submission(text, "", ".txt", (), **meta)
