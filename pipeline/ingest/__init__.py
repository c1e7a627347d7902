"""Load article files into :class:`~pipeline.records.Article` records.

The I/O edge (:func:`load_article`, :func:`load_articles`) reads bytes and
decodes them; the pure part (:func:`parse_article_text`) reads optional YAML
front matter, cleans the body with :func:`pipeline.ingest.clean.clean_text` and
fills in the metadata, so uploads and pasted text go through the same code.

A bad file never raises: it becomes an Article with empty text and a warning,
so one broken file cannot stop a build and is never silently dropped. Text
is untrusted: it is normalised (:func:`pipeline.text.normalise.normalise_text`)
before anything reads offsets in it, metadata must be short text, links must
be http(s), and files are read only when regular and under the size limit.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.ingest.clean import clean_text, dateline_date, ends_sentence, normalise_spaces, parse_date
from pipeline.files import RefusedFile, read_regular_file
from pipeline.records import Article
from pipeline.text.decode import binary_kind, decode_bytes
from pipeline.text.frontmatter import split_front_matter
from pipeline.text.normalise import normalise_text
from pipeline.text.tokens import words
from pipeline.text.urls import http_url

SUFFIXES = (".txt", ".md")
TITLE_MAX = 200
MAX_ARTICLE_MB = 5
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 1024 * 1024
# Longest metadata value kept, by field; longer ones are cut at a space.
META_MAX = {"title": 300, "outlet": 200}
WARNINGS_KEY = "warnings"  # problems an add found, kept in the file's front matter (pipeline.corpus)
_WORD = re.compile(r"\w")
_DATE_SEARCH_LINES = 12  # lines always searched for a dateline, even past the lead
# Front matter keys we read, with the aliases other tools write for them.
_META_ALIASES = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site", "site_name"),
    "url": ("url", "link", "source_url", "canonical_url"),
    "published": ("published", "date", "pubdate", "published_at", "publication_date"),
}
_TITLE_MARKUP = re.compile(r"^(?:#{1,6}\s+|[•·▪*+\-–]\s+)")

# --------------------------------------------------------------- metadata

def _front_matter(raw: str) -> tuple[dict, str, tuple[str, ...]]:
    """(canonical metadata, body, warnings); malformed front matter stays in the body."""
    fm = split_front_matter(raw)
    if fm.problem:
        return {}, fm.body, (fm.problem,)
    lowered = {str(k).strip().lower(): v for k, v in fm.meta.items()}
    canonical = {key: next((lowered[a] for a in aliases if lowered.get(a) not in (None, "")), None)
                 for key, aliases in _META_ALIASES.items()}
    return canonical, fm.body, _kept_warnings(lowered.get(WARNINGS_KEY))


def _kept_warnings(value) -> tuple[str, ...]:
    """The problems an add recorded in the front matter (a short list of short strings)."""
    items = value if isinstance(value, list) else []
    return tuple(" ".join(str(v).split())[:300] for v in items[:10] if isinstance(v, str) and v.strip())


def _meta_str(meta: dict, key: str) -> tuple[str | None, tuple[str, ...]]:
    """A metadata value as one line of text, cut to :data:`META_MAX`; anything but text is left out, with a warning."""
    value = meta.get(key)
    if value is None:
        return None, ()
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return None, (f"front matter {key!r} is not text; left out",)
    text = " ".join(str(value).split())
    limit = META_MAX[key]
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text or None, ()


def _meta_url(meta: dict) -> tuple[str | None, tuple[str, ...]]:
    """The article's link, if it is an http(s) address: a ``javascript:`` link never reaches the app."""
    value = meta.get("url")
    if value is None:
        return None, ()
    url = http_url(value)
    if url is None:
        return None, (f"url {str(value)[:60]!r} is not an http(s) address; left out",)
    return url, ()


def _meta_date(meta: dict) -> tuple[str | None, tuple[str, ...]]:
    value = meta.get("published")
    if value is None or value == "":
        return None, ()
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), ()
    if isinstance(value, dt.date):
        return value.isoformat(), ()
    iso = parse_date(str(value))
    if iso:
        return iso, ()
    return None, (f"unrecognised published date in front matter: {str(value)[:40]!r}",)


def find_published(body: str) -> str | None:
    """ISO date from a dateline near the top of ``body``, or None.

    Near the top means before the first paragraph of prose, or within the
    first few lines. Only lines that are a date (with label, weekday, time)
    or start with a labelled date count; dates inside sentences are events.
    """
    for seen, line in enumerate(x for x in normalise_spaces(body) if x):
        iso = dateline_date(line)
        if iso:
            return iso
        if seen >= _DATE_SEARCH_LINES and ends_sentence(line) and len(words(line)) >= 8:
            break
    return None


def make_title(text: str) -> str | None:
    """First line of the cleaned text with a letter or digit, without markup, cut to ~200 chars.

    A rule such as ``---`` is never a title.
    """
    for line in text.splitlines():
        line = _TITLE_MARKUP.sub("", line.strip()).strip()
        if _WORD.search(line):
            if len(line) <= TITLE_MAX:
                return line
            return line[:TITLE_MAX].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
    return None


def parse_article_text(raw: str, article_id: str, path: str = "") -> Article:
    """Article from already-decoded text: front matter, cleaning, metadata.

    ``text`` of the result is the cleaned body; title, outlet, url and
    published come from front matter when present, else from the text
    (title: first line; published: a dateline near the top).
    """
    raw = normalise_text(raw)  # before any offset is taken: every quote indexes the normalised text
    meta, body, warnings = _front_matter(raw)
    published, date_warnings = _meta_date(meta)
    title, title_warnings = _meta_str(meta, "title")
    outlet, outlet_warnings = _meta_str(meta, "outlet")
    url, url_warnings = _meta_url(meta)
    warnings += date_warnings + title_warnings + outlet_warnings + url_warnings
    text = clean_text(body)
    if not text and body.strip():
        warnings += ("no article text left after removing boilerplate",)
    published = published or find_published(body)
    if published is None:
        warnings += ("no publication date found",)
    return Article(
        article_id=article_id,
        path=path,
        text=text,
        title=title or make_title(text),
        outlet=outlet,
        url=url,
        published=published,
        warnings=warnings,
    )


# --------------------------------------------------------------- files

def load_article(path: Path) -> Article:
    """Read, decode and parse one article file; never raises for bad content."""
    path = Path(path)
    article_id, where = path.stem, str(path)
    try:
        data = read_regular_file(path, MAX_ARTICLE_BYTES)
    except RefusedFile as exc:
        return Article(article_id, where, "", warnings=(f"skipped: {exc}",))
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return Article(article_id, where, "", warnings=(f"unreadable file: {reason}",))
    if not data.strip():
        return Article(article_id, where, "", warnings=("empty file",))
    if binary_kind(data):
        return Article(article_id, where, "", warnings=("binary file, skipped",))
    raw, decode_warnings = decode_bytes(data)
    if not raw.strip():
        return Article(article_id, where, "", warnings=decode_warnings + ("empty file",))
    article = parse_article_text(raw, article_id, where)
    if decode_warnings:
        article = replace(article, warnings=decode_warnings + article.warnings)
    return article


def article_files(directory: Path) -> list[Path]:
    """The *.txt and *.md files of ``directory`` (not hidden), sorted by name."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"articles directory not found: {directory}")
    return sorted(
        (p for p in directory.iterdir()
         if p.suffix.lower() in SUFFIXES and not p.name.startswith(".") and p.is_file()),
        key=lambda p: p.name,
    )


def load_articles(directory: Path, progress: Callable[[int, int], None] | None = None,
                  loader: Callable[[Path], Article] | None = None) -> list[Article]:
    """Every article in ``directory``; bad files come back with warnings.

    Each warning is also printed to stderr as ``warning: <id>: <msg>``.
    ``progress(done, total)`` is called after each file. Two files with the
    same stem (a.md, a.txt) would share an id: the first by name is kept and
    the other reported. Raises FileNotFoundError if ``directory`` is missing.
    ``loader`` replaces :func:`load_article` (the build passes a cached one).
    """
    loader = loader or load_article
    files = article_files(directory)
    articles: list[Article] = []
    index: dict[str, int] = {}
    for done, path in enumerate(files, 1):
        if path.stem in index:
            msg = f"{path.name} skipped: same article id as an earlier file"
            kept = articles[index[path.stem]]
            articles[index[path.stem]] = replace(kept, warnings=kept.warnings + (msg,))
            print(f"warning: {path.stem}: {msg}", file=sys.stderr)
        else:
            article = loader(path)
            index[article.article_id] = len(articles)
            articles.append(article)
            for msg in article.warnings:
                print(f"warning: {article.article_id}: {msg}", file=sys.stderr)
        if progress is not None:
            progress(done, len(files))
    return articles
