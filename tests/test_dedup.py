"""Near-duplicate detection: truncated copies, identical texts, unrelated texts."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import dedup
from pipeline.dedup import containment, duplicate_of, find_duplicates, mark_duplicates, shingles, signature
from pipeline.records import Article

DATA = Path(__file__).parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

STORY_A = (DATA / "story_a.txt").read_text(encoding="utf-8")
STORY_B = (DATA / "story_b.txt").read_text(encoding="utf-8")
HALF_A = STORY_A[: len(STORY_A) // 2]  # a truncated copy: low Jaccard, high containment


def art(article_id: str, text: str, **kw) -> Article:
    return Article(article_id=article_id, path=f"{article_id}.txt", text=text, **kw)


def test_shingles():
    assert shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert shingles("Too short") == {"too short"}
    assert shingles("  ") == frozenset()


def test_truncated_copy_has_low_jaccard_but_high_containment():
    half, full = signature(HALF_A), signature(STORY_A)
    jaccard = len(half.shingles & full.shingles) / len(half.shingles | full.shingles)
    assert jaccard < 0.6
    assert containment(half, full) >= 0.95


@pytest.mark.parametrize("texts, expected", [
    pytest.param({"full": STORY_A, "excerpt": HALF_A}, {"excerpt": "full"}, id="truncated_copy"),
    pytest.param({"a": STORY_A, "b": STORY_B}, {}, id="unrelated"),
    pytest.param({"x1": STORY_A, "x2": STORY_A}, {"x2": "x1"}, id="identical_larger_id_is_copy"),
    pytest.param({"a": STORY_A, "b": STORY_A.upper().replace("\n\n", "\n")}, {"b": "a"}, id="case_and_layout"),
    pytest.param({"long": STORY_A + "\n\n" + STORY_B, "a": STORY_A, "half": HALF_A},
                 {"a": "long", "half": "long"}, id="chain_points_at_root"),
    pytest.param({"a": STORY_A, "empty": "", "empty2": ""}, {}, id="empty_never_duplicate"),
])
def test_find_duplicates(texts, expected):
    assert find_duplicates([art(k, v) for k, v in texts.items()]) == expected


def test_threshold():
    mixed = HALF_A + "\n\n" + STORY_B  # about half of it comes from story A
    articles = [art("a", STORY_A), art("mixed", mixed)]
    assert find_duplicates(articles) == {}
    assert find_duplicates(articles, threshold=0.3) == {"mixed": "a"}


def test_lsh_path_agrees_with_exact(monkeypatch):
    articles = [art("full", STORY_A), art("excerpt", HALF_A), art("other", STORY_B), art("same", STORY_B)]
    exact = find_duplicates(articles)
    monkeypatch.setattr(dedup, "EXACT_LIMIT", 0)
    assert find_duplicates(articles) == exact == {"excerpt": "full", "same": "other"}


def test_a_signature_is_the_same_in_every_process():
    """The dedup state is kept between builds: a text must hash alike in a later process (no salted hash())."""
    import subprocess
    import sys
    code = ("import sys; from pipeline.dedup import signature; "
            "print(sorted(signature(sys.stdin.read()).shingles)[:5])")
    root = Path(__file__).resolve().parents[1]
    later = subprocess.run([sys.executable, "-c", code], input=STORY_A, capture_output=True, text=True, cwd=root,
                           check=True).stdout
    assert later.strip() == str(sorted(signature(STORY_A).shingles)[:5])


def test_shingles_and_their_hashes_agree():
    """One hash per distinct shingle: word order matters, repeated shingles count once."""
    assert signature("one two three four five six").size == len(shingles("one two three four five six")) == 2
    assert signature("a b c d e a b c d e").size == len(shingles("a b c d e a b c d e")) == 5
    assert signature("five four three two one").shingles != signature("one two three four five").shingles
    assert signature("Too short").size == 1 and signature("  ").size == 0


@pytest.mark.parametrize("size", [1, 2, 19, 20, 21, 99, 100, 101, 4_999, 123_457])
def test_the_ensemble_sees_sizes_rounded_up_into_few_classes(size):
    assert size <= dedup._size_class(size) <= size * dedup._SIZE_STEP + 1
    assert len({dedup._size_class(n) for n in range(1, 5_000)}) < 150  # the partition search is quadratic in these


def test_minhash_is_seeded():
    assert (signature(STORY_A).minhash.hashvalues == signature(STORY_A).minhash.hashvalues).all()
    assert signature(STORY_A).minhash.jaccard(signature(STORY_B).minhash) < 0.2


@pytest.mark.parametrize("text, expected", [
    pytest.param(HALF_A, "a", id="excerpt_of_existing"),
    pytest.param(STORY_A, "a", id="identical"),
    pytest.param(STORY_A + "\n\n" + STORY_B, None, id="longer_than_existing"),
    pytest.param("Completely different words about a mountain pass in winter and its queues.", None, id="unrelated"),
    pytest.param("", None, id="empty"),
])
def test_duplicate_of(text, expected):
    corpus = {"a": STORY_A, "b": STORY_B}
    assert duplicate_of(text, corpus) == expected


def test_duplicate_of_accepts_signatures():
    assert duplicate_of(HALF_A, {"a": signature(STORY_A), "b": STORY_B}) == "a"


def test_mark_duplicates_sets_and_clears():
    articles = [art("full", STORY_A), art("excerpt", HALF_A), art("b", STORY_B, duplicate_of="stale")]
    marked = mark_duplicates(articles)
    assert [a.duplicate_of for a in marked] == [None, "full", None]
    assert [a.text for a in marked] == [a.text for a in articles]


needs_shared = pytest.mark.skipif(not (SHARED / "articles").is_dir(), reason="../shared is not checked out")


@pytest.mark.slow
@needs_shared
def test_seed_duplicates():
    from pipeline.ingest import load_articles

    marked = mark_duplicates(load_articles(SHARED / "articles"))
    assert {a.article_id: a.duplicate_of for a in marked if a.duplicate_of} == {
        "odr-russians-flee-kazakhstan-excerpt": "odr-russians-flee-kazakhstan"}
