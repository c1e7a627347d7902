"""Tokens and their positions: what the matcher and the rules read of the text."""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE_END = set(".!?\n")
_OPENERS = set(" \t\"“‘'([«—–-•*")
_ABBREVIATIONS = frozenset({"st", "mt", "ft", "ste"})


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_sentence_initial(text: str, start: int) -> bool:
    """True when only opening punctuation stands between ``start`` and a sentence end."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in Title Case (headlines), where capitals say nothing."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in _TOKEN.findall(line) if len(w) > 3]
        if len(words) >= 3 and not line.rstrip().endswith((".", "?", "!", "”", '"')):
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.75:
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def joinable(text: str, left: Token, right: Token) -> bool:
    """Whether two tokens can be parts of one name."""
    gap = text[left.end:right.start]
    if gap in (" ", "-", "‑", "'", "’"):
        return True
    return gap == ". " and left.lower in _ABBREVIATIONS


def possessive_s(text: str, tok: Token) -> bool:
    """The "s" of a name with an apostrophe ("Cox's Bazar")."""
    return tok.text == "s" and tok.start > 0 and text[tok.start - 1] in "'’"
