"""Process-wide caches are bounded: the least recently used entry makes room."""
import pytest

from pipeline.memo import Memo


def test_memo_drops_the_least_recently_used_entry():
    memo = Memo(2)
    memo["a"] = 1
    memo["b"] = 2
    assert memo.get("a") == 1  # "a" is now the most recent
    memo["c"] = 3
    assert "b" not in memo and memo.get("a") == 1 and memo.get("c") == 3
    assert len(memo) == 2


def test_memo_keep_only_prunes_to_the_given_keys():
    memo = Memo(10)
    for k in "abc":
        memo[k] = k
    memo.keep_only({"a", "c", "z"})
    assert sorted(k for k in "abcz" if k in memo) == ["a", "c"]


def test_memo_needs_room():
    with pytest.raises(ValueError, match="at least one"):
        Memo(0)
