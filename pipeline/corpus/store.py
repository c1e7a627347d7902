"""Writing articles under ``data/articles/``: safe names chosen inside a file lock, duplicates refused."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.corpus.duplicates import corpus_text, find_duplicate, read_corpus
from pipeline.corpus.model import (
    HTML_SUFFIXES,
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    TEXT_SUFFIXES,
    AddResult,
    CorpusError,
    Submission,
)
from pipeline.corpus.naming import choose_article_id, render_markdown
from pipeline.corpus.submission import (
    submission_from_bytes,
    submission_from_text,
    upload_basename,
)
from pipeline.errors import os_error_message
from pipeline.files import RefusedFile, atomic_write_text, locked, read_regular_file, remove_temp_files
from pipeline.text.dates import now_iso

LOCK_TIMEOUT_S = 60


def lock_path(articles_dir: str | Path) -> Path:
    """``data/.locks/corpus.lock`` for ``data/articles``: one lock per corpus."""
    return Path(articles_dir).resolve().parent / ".locks" / "corpus.lock"


@contextmanager
def corpus_lock(articles_dir: str | Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the corpus lock; a clear error when another session keeps it too long."""
    path = lock_path(articles_dir)
    with locked(path, timeout, lambda: CorpusError(f"another session is adding articles (lock {path}); "
                                                   "try again in a minute")):
        yield


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
        remove_temp_files(articles_dir)  # of an add killed mid-write: every add holds this lock
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
            try:
                atomic_write_text(path, render_markdown(sub, clock()))
            except OSError as exc:  # a full or read-only folder: this one is not added, nothing is lost
                results.append(AddResult(source, "rejected", f"not saved: {os_error_message(exc)}"))
                continue
            taken.add(article_id)
            corpus[article_id] = corpus_text(sub.text)
            hashes[corpus[article_id].digest] = article_id
            note = f" ({'; '.join(sub.notes)})" if sub.notes else ""
            results.append(AddResult(source, "added", f"added as {article_id!r}{note}", article_id, str(path)))
    return results


def read_upload(path: Path) -> bytes:
    """Read a regular file of at most the size limit; anything else is refused before it is read.

    A FIFO, ``/dev/zero`` or a file that grows while read never hangs or
    fills memory.
    """
    try:
        return read_regular_file(path, MAX_ARTICLE_BYTES)
    except RefusedFile as exc:
        raise CorpusError(f"{exc}: save the article as a .txt, .md or .html file of at most "
                          f"{MAX_ARTICLE_MB} MB") from None


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
    elif path.exists() or path.is_symlink():
        files = [path]  # a device, a FIFO or a dangling link is refused by read_upload, by name
    else:
        raise CorpusError(f"{path} does not exist")
    out = []
    for f in files:
        try:
            out.append((str(f), submission_from_bytes(read_upload(f), f.name, **meta)))
        except CorpusError as exc:
            out.append((str(f), exc))
        except OSError as exc:
            out.append((str(f), CorpusError(f"cannot read the file: {os_error_message(exc)}")))
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
