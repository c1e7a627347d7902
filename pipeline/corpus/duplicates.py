"""Is a new text already in the corpus? A fast pre-filter, then :func:`pipeline.dedup.duplicate_of`."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.corpus.submission import normalise_body
from pipeline.dedup import duplicate_of, shingles
from pipeline.ingest import article_files
from pipeline.text.decode import decode_bytes as decode_text
from pipeline.text.frontmatter import strip_front_matter
from pipeline.text.tokens import folded_words
from pipeline.memo import Memo

PREFILTER_SAMPLE = 24


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


# Path -> (size, mtime) and the tokenised body; bounded like every process-wide cache.
_CORPUS_CACHE: Memo[Path, tuple[tuple[int, int], CorpusText]] = Memo(20_000)


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
