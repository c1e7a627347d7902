"""Caches that make a rebuild after adding one article cheap.

Three things are remembered between builds, all under the cache folder and
all keyed by content, so a stale entry is never used:

* the loaded and cleaned article of each file (by the file's bytes and the
  ingest code);
* the corpus' dedup state: each article's shingle signature and the
  duplicate map, so that new articles are compared with the rest and nothing
  else is recomputed;
* each article's geoparse and route results (by its text, the gazetteer and
  the pipeline code).

Caches are optional: an entry that cannot be read is recomputed, and a cache
folder that cannot be written (full, read-only) is reported once and then
skipped; the build goes on without it.
"""
from __future__ import annotations

import hashlib
import pickle
import sys
from array import array
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from pipeline import PIPELINE_VERSION
from pipeline.dedup import Signature, add_duplicates, duplicate_map, signature
from pipeline.ingest import MAX_ARTICLE_BYTES, load_article
from pipeline.errors import os_error_message
from pipeline.files import RefusedFile, atomic_write_bytes, read_regular_file
from pipeline.memo import Memo
from pipeline.records import Article

_PIPELINE_DIR = Path(__file__).resolve().parent.parent
# What each cache's entries depend on: packages (every .py below them) and modules.
INGEST_CODE = ("ingest", "text", "records.py")
EXTRACTION_CODE = ("gazetteer", "geoparse", "routes", "text", "records.py", "config.py")


def source_files(parts: Iterable[str], root: Path = _PIPELINE_DIR) -> list[Path]:
    """Every Python source file of the named packages and modules, in a stable order."""
    files: set[Path] = set()
    for part in parts:
        path = root / part
        if path.is_dir():
            files.update(path.rglob("*.py"))
        elif path.exists():
            files.add(path)
        else:
            raise FileNotFoundError(f"no package or module {part!r} under {root}")
    return sorted(files)


def code_fingerprint(parts: Iterable[str]) -> str:
    """Hash of the pipeline version and the source of ``parts``: any code change invalidates caches."""
    files = source_files(parts)
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    hit = _FINGERPRINTS.get(stamp)
    if hit is not None:
        return hit
    h = hashlib.sha256(PIPELINE_VERSION.encode())
    for path in files:
        h.update(path.relative_to(_PIPELINE_DIR).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    _FINGERPRINTS[stamp] = digest = h.hexdigest()[:16]
    return digest


# Source files unchanged since the last look (same mtimes and sizes) are not read again.
_FINGERPRINTS: Memo[tuple, str] = Memo(16)


# A long-lived process (the dashboard) rebuilds often: files it already read
# and that have not changed since are not unpickled again.
_MEMO: Memo[Path, tuple[tuple[int, int], object]] = Memo(8)


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _load_pickle(path: Path, default):
    try:
        stamp = _stamp(path)
        hit = _MEMO.get(path)
        if hit and hit[0] == stamp:
            return hit[1]
        with open(path, "rb") as fh:
            data = pickle.load(fh)
    except FileNotFoundError:
        return default
    except Exception:  # a corrupt or outdated cache is rebuilt, never trusted
        _discard(path)
        return default
    _MEMO[path] = (stamp, data)
    return data


def _dump_pickle(path: Path, data) -> None:
    if _write_cache(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)):
        _MEMO[path] = (_stamp(path), data)


# (folder, errno) of cache write failures already reported in this process.
_REPORTED: Memo[tuple[str, int | None], bool] = Memo(64)


def cache_problem(path: Path, exc: OSError) -> None:
    """Report once that a cache folder cannot be written; the build goes on without it."""
    key = (str(path.parent), exc.errno)
    if key not in _REPORTED:
        _REPORTED[key] = True
        print(f"warning: cache {path.parent}: {os_error_message(exc)}; continuing without caching there",
              file=sys.stderr)


def _write_cache(path: Path, data: bytes) -> bool:
    """Write a cache file atomically; False (reported once) when the folder cannot take it."""
    try:
        atomic_write_bytes(path, data, durable=False)
    except OSError as exc:
        cache_problem(path, exc)
        return False
    return True


def _discard(path: Path) -> None:
    """Remove a corrupt cache file, if the folder lets us."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        cache_problem(path, exc)


class CachedLoader:
    """``ingest.load_article`` with a cache keyed by file bytes and ingest code."""

    def __init__(self, cache_file: Path | None):
        self.cache_file = cache_file
        self.code = code_fingerprint(INGEST_CODE)
        stored = _load_pickle(cache_file, {}) if cache_file else {}
        # A copy: the loaded dict may be shared through the memo.
        self._entries: dict[str, tuple[str, Article]] = dict(stored) if stored.get("__code__") == self.code else {}
        self._entries["__code__"] = self.code
        self._used: set[str] = {"__code__"}
        self.hits = self.misses = 0

    @staticmethod
    def unseen(cache_file: Path, paths: Iterable[Path]) -> int:
        """How many of ``paths`` the cache at ``cache_file`` holds no entry for (whatever their bytes now)."""
        stored = _load_pickle(cache_file, {})
        return sum(str(p) not in stored for p in paths)

    def __call__(self, path: Path) -> Article:
        key = str(path)
        self._used.add(key)
        try:
            digest = hashlib.sha256(read_regular_file(path, MAX_ARTICLE_BYTES)).hexdigest()
        except (OSError, RefusedFile):
            return load_article(path)  # reports the unreadable or refused file itself
        hit = self._entries.get(key)
        if hit and hit[0] == digest:
            self.hits += 1
            return hit[1]
        self.misses += 1
        article = load_article(path)
        self._entries[key] = (digest, article)
        return article

    def save(self) -> None:
        """Persist the entries of the files seen in this build (others are dropped)."""
        if self.cache_file:
            _dump_pickle(self.cache_file, {k: v for k, v in self._entries.items() if k in self._used})


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DEDUP_FORMAT = 4  # 3: shingles from pipeline.text.tokens; 4: shingle hashes from word hashes
# Text hash -> Signature; pruned to the current corpus after each build.
_SIGNATURES: Memo[str, Signature] = Memo(1_000_000)


def mark_duplicates_incrementally(articles: list[Article], state_file: Path | None,
                                  threshold: float = 0.8) -> list[Article]:
    """``dedup.mark_duplicates``, reusing the last build's signatures and duplicate map.

    When the corpus only grew, new articles are compared with every other one
    (exactly); when an article changed or went away, the map is recomputed.
    """
    state = _load_pickle(state_file, {}) if state_file else {}
    if state.get("threshold") != threshold or state.get("format") != _DEDUP_FORMAT:
        state = {}
    old_hashes: dict[str, str] = state.get("hashes", {})
    sig_store: dict[str, bytes] = state.get("signatures", {})
    texts = {a.article_id: a.text for a in articles if a.text.strip()}
    hashes = {aid: text_hash(text) for aid, text in texts.items()}
    sigs: dict[str, Signature] = {}
    for aid, h in hashes.items():
        sig = _SIGNATURES.get(h)
        if sig is None:
            packed = sig_store.get(h)
            sig = Signature(frozenset(array("Q", packed))) if packed is not None else signature(texts[aid])
            _SIGNATURES[h] = sig
        if sig.size:
            sigs[aid] = sig
    _SIGNATURES.keep_only(hashes.values())
    grew_only = bool(old_hashes) and all(hashes.get(k) == h for k, h in old_hashes.items())
    if grew_only:
        new_ids = [k for k in hashes if k not in old_hashes]
        dups = add_duplicates(sigs, state.get("duplicates", {}), new_ids, threshold)
    else:
        dups = duplicate_map(sigs, threshold)
    if state_file and (hashes != old_hashes or dups != state.get("duplicates")):
        _dump_pickle(state_file, {
            "format": _DEDUP_FORMAT,
            "threshold": threshold,
            "hashes": hashes,
            # Packed uint64s: pickling a million ints one by one is what made rebuilds slow.
            "signatures": {hashes[k]: sig_store.get(hashes[k]) or array("Q", sorted(s.shingles)).tobytes()
                           for k, s in sigs.items()},
            "duplicates": dups,
        })
    return [replace(a, duplicate_of=dups.get(a.article_id)) for a in articles]


def known_duplicates(articles: list[Article], state_file: Path | None, threshold: float = 0.8) -> set[str]:
    """Ids the last build's dedup state marked as copies, with the same text as then.

    A parallel build sends articles to the cluster before dedup has run;
    these almost surely stay copies and need not go (one that does not is
    processed by the driver afterwards).
    """
    state = _load_pickle(state_file, {}) if state_file else {}
    if state.get("threshold") != threshold or state.get("format") != _DEDUP_FORMAT:
        return set()
    old_hashes: dict[str, str] = state.get("hashes", {})
    return {a.article_id for a in articles if a.article_id in state.get("duplicates", {})
            and old_hashes.get(a.article_id) == text_hash(a.text)}


def cache_key(article: Article, gazetteer_id: str, code_id: str) -> str:
    """Content hash of everything a per-article result depends on."""
    h = hashlib.sha256()
    for part in (article.article_id, article.text, article.published or "", gazetteer_id, code_id):
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class ResultCache:
    """Per-article results pickled under ``directory``; written atomically."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        if directory:
            try:
                directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # no cache: every article is processed
                cache_problem(directory / "-", exc)
                self.directory = None

    # Results by content key, shared by every build in this process.
    _memory: Memo[str, object] = Memo(50_000)

    def get(self, key: str):
        if not self.directory:
            return None
        hit = self._memory.get(key)
        if hit is not None:
            return hit
        path = self.directory / f"{key}.pkl"
        try:
            with open(path, "rb") as fh:
                result = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a corrupt or outdated entry is recomputed
            _discard(path)
            return None
        self._remember(key, result)
        return result

    def put(self, key: str, result) -> None:
        if not self.directory:
            return
        _write_cache(self.directory / f"{key}.pkl", pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        self._remember(key, result)

    def _remember(self, key: str, result) -> None:
        self._memory[key] = result
