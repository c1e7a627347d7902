"""Load article files into :class:`~pipeline.records.Article` records.

The I/O edge (:func:`load_article`, :func:`load_articles`) reads bytes and
decodes them; the pure part (:func:`parse_article_text`) reads optional YAML
front matter, cleans the body with :func:`pipeline.ingest.clean.clean_text` and
fills in the metadata, so uploads and pasted text go through the same code.

A bad file never raises: it becomes an Article with empty text and a warning,
so one broken file cannot stop a build and is never silently dropped.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from pipeline.ingest.clean import clean_text, dateline_date, ends_sentence, normalise_spaces, parse_date, words
from pipeline.records import Article

SUFFIXES = (".txt", ".md")
TITLE_MAX = 200
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_DATE_SEARCH_LINES = 12  # lines always searched for a dateline, even past the lead
# Front matter keys we read, with the aliases other tools write for them.
_META_ALIASES = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "publisher", "site", "site_name"),
    "url": ("url", "link", "source_url", "canonical_url"),
    "published": ("published", "date", "pubdate", "published_at", "publication_date"),
}
_TITLE_MARKUP = re.compile(r"^(?:#{1,6}\s+|[•·▪*+\-–]\s+)")

# --------------------------------------------------------------- decoding

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(b < 32 and b not in (9, 10, 12, 13) for b in sample)
    return controls > 0.05 * len(sample)


def _cyrillic_words(text: str) -> float:
    """Share of non-ASCII words written only in Cyrillic letters.

    Bytes from a Western European file also decode to Cyrillic letters under
    windows-1251, but one at a time inside Latin words ("CafР№"); Russian text
    decodes to whole Cyrillic words.
    """
    foreign = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()]
    if not foreign:
        return 0.0
    return sum(all("\u0400" <= c <= "\u04ff" for c in w) for w in foreign) / len(foreign)


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Text of ``data`` and warnings about how it was decoded.

    UTF-8 first (a BOM is dropped). A charset library was tried and rejected
    here: on short news texts it guesses cp1250 for plain Latin-1. So the rule
    is simple and testable: mostly-valid UTF-8 keeps UTF-8 with the bad bytes
    replaced; otherwise windows-1251 when that yields whole Cyrillic words;
    otherwise windows-1252, or Latin-1 when a byte is undefined there.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text, (() if codec == "utf-8-sig" else (f"decoded as {codec}",))
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(not c.isascii() for c in loose) - bad
    if good >= 2 * bad:
        return loose, (f"{bad} invalid UTF-8 byte(s) replaced",)
    cyrillic = data.decode("cp1251", errors="replace")
    if _cyrillic_words(cyrillic) >= 0.6:
        return cyrillic, ("decoded as windows-1251",)
    try:
        return data.decode("cp1252"), ("decoded as windows-1252",)
    except UnicodeDecodeError:
        return data.decode("latin-1"), ("decoded as latin-1",)


# --------------------------------------------------------------- metadata

def _split_front_matter(raw: str) -> tuple[dict, str, tuple[str, ...]]:
    """(front matter, body, warnings); malformed front matter stays in the body."""
    if not raw.startswith("---"):
        return {}, raw, ()
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw, ("malformed front matter (no closing ---), read as text",)
    try:
        meta = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as exc:
        reason = str(getattr(exc, "problem", None) or "invalid YAML")
        return {}, raw, (f"malformed front matter ({reason}), read as text",)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, raw, ("malformed front matter (not a mapping), read as text",)
    lowered = {str(k).strip().lower(): v for k, v in meta.items()}
    canonical = {key: next((lowered[a] for a in aliases if lowered.get(a) not in (None, "")), None)
                 for key, aliases in _META_ALIASES.items()}
    return canonical, raw[match.end():], ()


def _meta_str(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


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
    """First non-empty line of the cleaned text, without markup, cut to ~200 chars."""
    for line in text.splitlines():
        line = _TITLE_MARKUP.sub("", line.strip()).strip()
        if line:
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
    raw = raw.removeprefix("\ufeff")
    meta, body, warnings = _split_front_matter(raw)
    published, date_warnings = _meta_date(meta)
    warnings += date_warnings
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
        title=_meta_str(meta, "title") or make_title(text),
        outlet=_meta_str(meta, "outlet"),
        url=_meta_str(meta, "url"),
        published=published,
        warnings=warnings,
    )


# --------------------------------------------------------------- files

def load_article(path: Path) -> Article:
    """Read, decode and parse one article file; never raises for bad content."""
    path = Path(path)
    article_id, where = path.stem, str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        return Article(article_id, where, "", warnings=(f"unreadable file: {reason}",))
    if not data.strip():
        return Article(article_id, where, "", warnings=("empty file",))
    bom_utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not bom_utf16 and _looks_binary(data):
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
