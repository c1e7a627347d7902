"""Sentence splitting with character offsets.

A pure function over the cleaned article text: every span it returns indexes
that text directly, so a citation's quote is ``text[start:end]`` verbatim.
"""
from __future__ import annotations

import re

# Words that end with a full stop without ending the sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt ft gen col lt sgt capt cpt gov sen rep rev jr sr
    vs etc approx no nos fig jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp dept est univ ave blvd rd e.g i.e a.m p.m u.s u.k u.n e.u""".split()
)

# Candidate end: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s)""")
# What may start a new sentence after the gap.
_NEXT_START = re.compile(r"""\s+["'“‘«(\[]*[A-Z0-9À-ÖØ-Þ]""")
_PARAGRAPH = re.compile(r"[^\n]+")
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def _is_abbreviation(chunk: str) -> bool:
    """True when the text before a full stop ends with a known abbreviation or initial."""
    match = _WORD_BEFORE.search(chunk)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # Single-letter initials ("J. Smith") and dotted acronyms ("U.S.").
    return len(word) == 1 and word.isalpha() or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentence spans ``(start, end)``.

    A line break always ends a sentence (cleaned articles keep one paragraph,
    heading or caption per line). Inside a line, a sentence ends at ``.``,
    ``!``, ``?`` or ``…`` (with any closing quotes) followed by whitespace and
    a capital, digit or opening quote, unless the full stop belongs to an
    abbreviation such as "St." or "U.S.". Spans never include surrounding
    whitespace.
    """
    spans: list[tuple[int, int]] = []
    for line in _PARAGRAPH.finditer(text):
        start = line.start()
        for end_match in _END.finditer(text, line.start(), line.end()):
            end = end_match.end()
            if not _NEXT_START.match(text, end, line.end()):
                continue
            punct = end_match.group(0)
            if punct.startswith(".") and len(punct.rstrip("\"'”’»)]")) == 1 and _is_abbreviation(
                text[start:end_match.start()]
            ):
                continue
            span = _trim(text, start, end)
            if span:
                spans.append(span)
            start = end
        span = _trim(text, start, line.end())
        if span:
            spans.append(span)
    return spans
