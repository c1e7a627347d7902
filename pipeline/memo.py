"""Bounded memo tables for long-lived processes (the dashboard rebuilds many times).

Every process-wide cache in the pipeline is one of these, so none grows
without bound: past ``limit`` entries the least recently used one goes.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A dict-like LRU table holding at most ``limit`` entries."""

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError("a memo needs room for at least one entry")
        self.limit = limit
        self._data: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K, default: V | None = None) -> V | None:
        try:
            self._data.move_to_end(key)
        except KeyError:
            return default
        return self._data[key]

    def __setitem__(self, key: K, value: V) -> None:
        self._data[key] = value
        self._data.move_to_end(key)
        while len(self._data) > self.limit:
            self._data.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def keep_only(self, keys) -> None:
        """Drop every entry whose key is not in ``keys``."""
        wanted = set(keys)
        for key in [k for k in self._data if k not in wanted]:
            del self._data[key]

    def clear(self) -> None:
        self._data.clear()
