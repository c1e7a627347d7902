"""Near-duplicate articles: the same story twice, or a truncated copy of it.

Texts are compared as sets of word 5-shingles. The test is *containment*,
|A ∩ B| / |A| for the smaller text A: an excerpt shares most of its shingles
with the full article even though their Jaccard similarity is low. For a
small corpus every pair is compared exactly; for a large one a MinHash LSH
Ensemble (datasketch, 128 permutations, fixed seed) proposes candidate pairs
and the exact shingle sets confirm them.

Of two duplicates the smaller text is the copy (on a tie, the larger id), and
each copy points at the root original, never at another copy.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import numpy as np

from pipeline.records import Article
from pipeline.text.tokens import folded_words

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
EXACT_LIMIT = 300  # up to this many articles, compare every pair exactly
_LSH_SLACK = 0.1  # query the ensemble a little below the threshold, then verify
_LSH_PARTITIONS = 8  # size partitions of the ensemble: each query asks every one (16 cost more, found no more)
_SIZE_STEP = 1.05  # sizes given to the ensemble are rounded up to powers of this


@dataclass(frozen=True)
class Signature:
    """The shingle set of one text as stable 64-bit hashes; its MinHash is computed on first use.

    Hashes rather than strings keep a corpus' signatures small enough to
    persist between builds (see :mod:`pipeline.build.cache`).
    """

    shingles: frozenset[int]

    @property
    def size(self) -> int:
        return len(self.shingles)

    @cached_property
    def minhash(self) -> LeanMinHash:
        # datasketch imports scipy (~0.7 s): only large corpora pay for it.
        from datasketch import LeanMinHash, MinHash

        # The shingles are hashed already (_shingle_hashes): their low 32 bits are the MinHash's input, not a second hash.
        mh = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_low_bits)
        mh.update_batch(self.shingles)
        return LeanMinHash(mh)


def _low_bits(value: int) -> int:
    return value & 0xFFFFFFFF


def shingles(text: str, k: int = SHINGLE_WORDS) -> frozenset[str]:
    """Lower-cased word k-shingles of ``text``; a text shorter than k words is one shingle."""
    tokens = folded_words(text)
    if len(tokens) < k:
        return frozenset([" ".join(tokens)]) if tokens else frozenset()
    return frozenset(" ".join(tokens[i:i + k]) for i in range(len(tokens) - k + 1))


def _stable_hash(text: str) -> int:
    # Python's hash() of a str changes between processes; blake2b does not.
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


_word_hash = lru_cache(maxsize=1 << 18)(_stable_hash)  # a corpus repeats its words: hash each once
_ROLL = np.uint64(0x9E3779B97F4A7C15)  # odd multiplier of the rolling combination
_MIX = np.uint64(0xBF58476D1CE4E5B9)  # splitmix64's finaliser constant


def _shingle_hashes(tokens: list[str], k: int = SHINGLE_WORDS) -> frozenset[int]:
    """Stable 64-bit hashes of the word k-shingles of ``tokens`` (a text shorter than k words is one shingle).

    Each word is hashed once (blake2b); a shingle's hash combines its k word
    hashes in order (a polynomial modulo 2**64, then a splitmix64 finaliser),
    for all shingles at once in numpy: hashing every shingle's string was
    most of what deduplication cost.
    """
    if len(tokens) < k:
        return frozenset([_stable_hash(" ".join(tokens))]) if tokens else frozenset()
    words = np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - k + 1
    rolled = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        rolled = rolled * _ROLL + words[j:j + n]  # wraps modulo 2**64
    rolled ^= rolled >> np.uint64(31)
    rolled *= _MIX
    rolled ^= rolled >> np.uint64(29)
    return frozenset(rolled.tolist())


def signature(text: str) -> Signature:
    """Signature of ``text``; compute once, compare against many texts."""
    return Signature(_shingle_hashes(folded_words(text)))


def containment(a: Signature, b: Signature) -> float:
    """Share of ``a``'s shingles that also occur in ``b`` (0 when ``a`` is empty)."""
    if not a.shingles:
        return 0.0
    return len(a.shingles & b.shingles) / len(a.shingles)


def _rank(key: str, sig: Signature) -> tuple[int, str]:
    """Sort key: originals first (bigger text, then smaller id)."""
    return (-sig.size, key)


def _candidate_pairs(sigs: Mapping[str, Signature], threshold: float) -> Iterable[tuple[str, str]]:
    keys = sorted(sigs)
    if len(keys) <= EXACT_LIMIT:
        return ((a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
    from datasketch import MinHashLSHEnsemble

    ensemble = MinHashLSHEnsemble(threshold=max(0.05, threshold - _LSH_SLACK), num_perm=NUM_PERM,
                                  num_part=_LSH_PARTITIONS)
    ensemble.index([(k, sigs[k].minhash, _size_class(sigs[k].size)) for k in keys])
    pairs = set()
    for k in keys:
        for other in ensemble.query(sigs[k].minhash, sigs[k].size):
            if other != k:
                pairs.add(tuple(sorted((k, other))))
    return sorted(pairs)


def _size_class(size: int) -> int:
    """``size`` rounded up to the next power of :data:`_SIZE_STEP`, for the LSH Ensemble's index.

    The ensemble chooses its size partitions by a search quadratic in the
    number of distinct sizes (seconds at a few hundred); a few dozen classes
    make it instant. Rounding up only lowers the Jaccard threshold a
    partition is queried at, so it proposes more pairs, never fewer, and
    every pair is verified exactly.
    """
    return max(size, math.ceil(_SIZE_STEP ** math.ceil(math.log(size, _SIZE_STEP))))


_Choice = dict[str, tuple[tuple, str]]  # copy id -> (preference, original id)


def _consider(choice: _Choice, sigs: Mapping[str, Signature], a: str, b: str, threshold: float) -> None:
    """Record the pair's copy -> original when it passes, keeping each copy's best original."""
    orig, copy = sorted((a, b), key=lambda k: _rank(k, sigs[k]))
    score = containment(sigs[copy], sigs[orig])
    if score >= threshold:
        preference = (-score, _rank(orig, sigs[orig]))
        if copy not in choice or preference < choice[copy][0]:
            choice[copy] = (preference, orig)


def _roots(choice: _Choice) -> dict[str, str]:
    parent = {copy: orig for copy, (_, orig) in choice.items()}
    return {copy: _root(copy, parent) for copy in parent}


def duplicate_map(sigs: Mapping[str, Signature], threshold: float) -> dict[str, str]:
    """Copy id -> root original id, preferring the most containing, then biggest, original."""
    choice: _Choice = {}
    for a, b in _candidate_pairs(sigs, threshold):
        _consider(choice, sigs, a, b, threshold)
    return _roots(choice)


def _root(key: str, parent: Mapping[str, str]) -> str:
    # Parents always rank before their copies, so the walk ends.
    while key in parent:
        key = parent[key]
    return key


def find_duplicates(articles: list[Article], threshold: float = 0.8) -> dict[str, str]:
    """Map each duplicate article's id to the id of the article it repeats.

    An article is a duplicate when at least ``threshold`` of its shingles
    occur in a bigger article. Empty texts are never duplicates.
    """
    sigs = {a.article_id: signature(a.text) for a in articles if a.text.strip()}
    return duplicate_map({k: s for k, s in sigs.items() if s.size}, threshold)


def duplicate_of(text: str, corpus: Mapping[str, str | Signature], threshold: float = 0.8) -> str | None:
    """Id of the corpus article that ``text`` repeats, or None.

    ``corpus`` maps ids to texts or to precomputed :func:`signature` values.
    The new text counts as the later one, so it is the copy on a size tie.
    """
    new = signature(text)
    if not new.size:
        return None
    found: list[tuple[float, int, str]] = []
    for key, value in corpus.items():
        sig = value if isinstance(value, Signature) else signature(value)
        if sig.size >= new.size:
            score = containment(new, sig)
            if score >= threshold:
                found.append((score, sig.size, key))
    if not found:
        return None
    return min(found, key=lambda f: (-f[0], -f[1], f[2]))[2]


def add_duplicates(sigs: Mapping[str, Signature], previous: Mapping[str, str], new_ids: Iterable[str],
                   threshold: float = 0.8) -> dict[str, str]:
    """The duplicate map after ``new_ids`` joined a corpus whose map was ``previous``.

    Only pairs with a new article are compared, exactly, so adding one
    article to thousands costs milliseconds. ``sigs`` holds every article.
    """
    choice: _Choice = {}
    for copy, orig in previous.items():
        if copy in sigs and orig in sigs:
            choice[copy] = ((-containment(sigs[copy], sigs[orig]), _rank(orig, sigs[orig])), orig)
    for n in (k for k in new_ids if k in sigs and sigs[k].size):
        for k, sig in sigs.items():
            if k != n and sig.size:
                _consider(choice, sigs, n, k, threshold)
    return _roots(choice)


def mark_duplicates(articles: list[Article], threshold: float = 0.8) -> list[Article]:
    """The articles with ``duplicate_of`` set from :func:`find_duplicates`."""
    dups = find_duplicates(articles, threshold)
    return [replace(a, duplicate_of=dups.get(a.article_id)) for a in articles]
