"""The one word tokeniser: every stage that counts, compares or shingles words uses it."""
from __future__ import annotations

import re
import unicodedata

from pipeline.text.normalise import normalise_text

# Letters/digits, with inner apostrophes and hyphens kept inside the word ("don't", "long-term").
WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def words(text: str) -> list[str]:
    """The words of ``text``, as written."""
    return WORD.findall(text)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` after ingest's normalisation, compatibility folding and lower-casing (for comparing texts).

    An upload with a zero-width space inside a word is the same text as the
    article it repeats.
    """
    return words(unicodedata.normalize("NFKC", normalise_text(text)).lower())
