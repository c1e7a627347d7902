"""The one word tokeniser: every stage that counts, compares or shingles words uses it."""
from __future__ import annotations

import re
import unicodedata

# Letters/digits, with inner apostrophes and hyphens kept inside the word ("don't", "long-term").
WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, as written."""
    return WORD.findall(text)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` after Unicode compatibility folding and lower-casing (for comparing texts)."""
    return words(unicodedata.normalize("NFKC", text).lower())
