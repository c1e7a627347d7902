"""Add articles to the corpus safely: uploads, pasted text, files and folders.

The pure part turns untrusted bytes into a :class:`Submission` (decode,
reject empty / binary / oversized input, extract saved HTML pages with
trafilatura) and renders it as a Markdown file with YAML front matter. The
I/O part writes it under ``data/articles/`` with a safe name chosen inside a
file lock, after checking the corpus for exact and near duplicates.

An uploaded file's name is untrusted (Streamlit passes ``../../etc/x.txt``
through unchanged): it is kept as metadata only and never becomes a path.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

import yaml
from dateutil import parser as dateparser
from filelock import FileLock, Timeout

from pipeline.config import DataPaths
from pipeline.dedup import duplicate_of, shingles
from pipeline.files import atomic_write_text
from pipeline.ingest import article_files, parse_article_text
from pipeline.text.dates import now_iso
from pipeline.text.decode import binary_kind
from pipeline.text.decode import decode_bytes as decode_text
from pipeline.text.frontmatter import split_front_matter, strip_front_matter
from pipeline.text.slug import SLUG_MAX, slugify
from pipeline.text.tokens import folded_words
from pipeline.build import BuildFailed, run_build
from pipeline.errors import ExodusError

MAX_ARTICLE_MB = 5
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
UPLOAD_TYPES = tuple(s.lstrip(".") for s in TEXT_SUFFIXES + HTML_SUFFIXES)
LOCK_TIMEOUT_S = 60
BUILD_LOCK_TIMEOUT_S = 900
META_FIELDS = ("title", "outlet", "url", "published", "added", "source_name")

PREFILTER_SAMPLE = 24


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
    """One line of metadata: controls removed, spaces collapsed, length capped."""
    if value is None:
        return None
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(value))
    text = " ".join(text.split())[:limit]
    return text or None


def normalise_url(url: object) -> str | None:
    """Keep only http(s) URLs: a ``javascript:`` link must never reach the app."""
    url = clean_line(url, 2000)
    if url is None:
        return None
    parsed = urlparse(url)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
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


def upload_basename(name: str | None) -> str:
    """The last component of an untrusted upload name, for display and slugs only."""
    if not name:
        return ""
    base = PurePosixPath(str(name).replace("\\", "/")).name
    return clean_line(base, 200) or ""


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
        body = split_front_matter(text).body
        article = parse_article_text(text, "upload")
        base = Submission(text=normalise_body(body), title=clean_line(article.title), outlet=clean_line(article.outlet),
                          url=article.url, published=article.published, source_name=source_name or None)
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
        notes=notes,
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


# ------------------------------------------------------------ naming

def choose_article_id(sub: Submission, taken: set[str]) -> str:
    """A new, unused article id from the title, else the upload's stem, else 'article'."""
    base = slugify(sub.title or "") or slugify(PurePosixPath(sub.source_name or "").stem) or "article"
    if base not in taken:
        return base
    n = 2
    while f"{base[:SLUG_MAX - 4]}-{n}" in taken:
        n += 1
    return f"{base[:SLUG_MAX - 4]}-{n}"


def render_markdown(sub: Submission, added: str) -> str:
    """The file written for a new article: YAML front matter, a blank line, the body."""
    values = {"title": sub.title, "outlet": sub.outlet, "url": sub.url, "published": sub.published,
              "added": added, "source_name": sub.source_name}
    meta = {k: values[k] for k in META_FIELDS if values[k] is not None}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{sub.text}\n"


def token_string(text: str) -> str:
    """Lower-case word tokens joined by single spaces: the text as the dedup shingles see it."""
    return " ".join(folded_words(text))


@dataclass(frozen=True)
class CorpusText:
    """An article body, its token string (for a fast duplicate pre-filter) and its hash."""

    body: str
    tokens: str
    digest: str  # equal for exact re-uploads: case, spacing and punctuation aside


def corpus_text(body: str) -> CorpusText:
    tokens = token_string(body)
    return CorpusText(body, f" {tokens} ", hashlib.sha256(tokens.encode("utf-8")).hexdigest())


def may_contain(new_shingles: list[str], existing: CorpusText, share: float = 0.5) -> bool:
    """Cheap pre-filter: does ``existing`` contain at least ``share`` of a sample of the new shingles?

    A text that repeats the new one (containment >= 0.8) passes with near
    certainty; :func:`pipeline.dedup.duplicate_of` then decides exactly.
    """
    if not new_shingles:
        return False
    step = max(1, len(new_shingles) // PREFILTER_SAMPLE)
    sample = new_shingles[::step][:PREFILTER_SAMPLE]
    hits = sum(f" {g} " in existing.tokens for g in sample)
    return hits >= share * len(sample)


def find_duplicate(text: str, corpus: dict[str, CorpusText], hashes: dict[str, str] | None = None) -> str | None:
    """The id of an existing article that ``text`` repeats (exactly or nearly), else None."""
    hashes = hashes if hashes is not None else {t.digest: aid for aid, t in corpus.items()}
    exact = hashes.get(corpus_text(text).digest)
    if exact:
        return exact
    new = sorted(shingles(text))
    candidates = {aid: t.body for aid, t in corpus.items() if may_contain(new, t)}
    return duplicate_of(text, candidates) if candidates else None


# ------------------------------------------------------------ I/O

def lock_path(articles_dir: str | Path) -> Path:
    """``data/.locks/corpus.lock`` for ``data/articles``: one lock per corpus."""
    return Path(articles_dir).resolve().parent / ".locks" / "corpus.lock"


@contextmanager
def corpus_lock(articles_dir: str | Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the corpus lock; a clear error when another session keeps it too long."""
    path = lock_path(articles_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(path), timeout=timeout):
            yield
    except Timeout:
        raise CorpusError(f"another session is adding articles (lock {path}); try again in a minute") from None


_CORPUS_CACHE: dict[Path, tuple[tuple[int, int], CorpusText]] = {}


def body_of(text: str) -> str:
    """The text without its front matter (not parsed: only the body matters here)."""
    return normalise_body(strip_front_matter(text))


def read_corpus(articles_dir: str | Path) -> dict[str, CorpusText]:
    """Article id -> body (front matter removed) of every readable article.

    Kept in memory per file (keyed by size and mtime), so a long-running app
    reads and tokenises each article once.
    """
    corpus = {}
    if not Path(articles_dir).is_dir():
        return corpus
    for path in article_files(articles_dir):
        try:
            st = path.stat()
            key = (st.st_size, st.st_mtime_ns)
            cached = _CORPUS_CACHE.get(path)
            if cached is None or cached[0] != key:
                text, _ = decode_text(path.read_bytes())
                cached = (key, corpus_text(body_of(text)))
                _CORPUS_CACHE[path] = cached
        except OSError:
            continue  # the build reports unreadable files; they cannot be duplicated
        corpus[path.stem] = cached[1]
    return corpus


def add_submissions(subs: Iterable[tuple[str, Submission | CorpusError]], articles_dir: str | Path,
                    clock: Callable[[], str] = now_iso) -> list[AddResult]:
    """Write new articles under one lock; duplicates and rejected inputs are reported.

    ``subs`` pairs a display name with a submission, or with the error that
    rejected it. Ids are chosen and files written while the lock is held, so
    two sessions adding at once never overwrite each other.
    """
    articles_dir = Path(articles_dir)
    results = []
    pending = list(subs)
    with corpus_lock(articles_dir):
        articles_dir.mkdir(parents=True, exist_ok=True)
        corpus = read_corpus(articles_dir)
        hashes = {t.digest: aid for aid, t in corpus.items()}
        taken = {p.stem for p in articles_dir.iterdir()}
        for source, sub in pending:
            if isinstance(sub, CorpusError):
                results.append(AddResult(source, "rejected", str(sub)))
                continue
            dup = find_duplicate(sub.text, corpus, hashes)
            if dup:
                results.append(AddResult(source, "duplicate", f"already in the corpus as {dup!r}; not added",
                                         duplicate_of=dup))
                continue
            article_id = choose_article_id(sub, taken)
            path = articles_dir / f"{article_id}.md"
            atomic_write_text(path, render_markdown(sub, clock()))
            taken.add(article_id)
            corpus[article_id] = corpus_text(sub.text)
            hashes[corpus[article_id].digest] = article_id
            note = f" ({'; '.join(sub.notes)})" if sub.notes else ""
            results.append(AddResult(source, "added", f"added as {article_id!r}{note}", article_id, str(path)))
    return results


def read_upload(path: Path) -> bytes:
    """Read a file, refusing oversized ones before reading them."""
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise CorpusError(f"the file is {size / 1048576:.1f} MB; the limit is {MAX_ARTICLE_MB} MB per article")
    return path.read_bytes()


def submissions_from_path(path: str | Path, **meta) -> list[tuple[str, Submission | CorpusError]]:
    """Submissions for a file or for every .txt/.md/.html file in a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                       and p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES)
        if not files:
            raise CorpusError(f"no .txt, .md or .html files in {path}")
        if meta and any(meta.values()):
            raise CorpusError("--title/--outlet/--url/--published apply to a single file, not a folder")
    elif path.is_file():
        files = [path]
    else:
        raise CorpusError(f"{path} does not exist")
    out = []
    for f in files:
        try:
            out.append((str(f), submission_from_bytes(read_upload(f), f.name, **meta)))
        except CorpusError as exc:
            out.append((str(f), exc))
        except OSError as exc:
            out.append((str(f), CorpusError(f"cannot read the file ({exc.strerror})")))
    return out


def add_uploads(files: Iterable[tuple[str, bytes]], articles_dir: str | Path, **meta) -> list[AddResult]:
    """Add uploaded ``(name, bytes)`` pairs; the names are metadata only."""
    subs = []
    for name, data in files:
        try:
            subs.append((upload_basename(name) or "upload", submission_from_bytes(data, name, **meta)))
        except CorpusError as exc:
            subs.append((upload_basename(name) or "upload", exc))
    return add_submissions(subs, articles_dir)


def add_text(text: str, articles_dir: str | Path, **meta) -> AddResult:
    """Add one pasted article."""
    try:
        sub: Submission | CorpusError = submission_from_text(text, **meta)
    except CorpusError as exc:
        sub = exc
    return add_submissions([("pasted text", sub)], articles_dir)[0]


def articles_without_places(article_ids: Iterable[str], places_article_ids: Iterable[Iterable[str]]) -> list[str]:
    """The given articles that no place of a build cites (accepted, but worth a warning)."""
    cited = {aid for ids in places_article_ids for aid in (ids or ())}
    return [aid for aid in article_ids if aid not in cited]


# ------------------------------------------------------------ rebuilding

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
