"""Gazetteer-driven matching: runs of capitalised tokens looked up longest-first."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.gazetteer import ABBREVIATION_PREFIX, ACRONYM_PREFIX, REGION_WORDS, Candidate, name_key
from pipeline.geoparse.tokens import Token, joinable, possessive_s
from pipeline.records import Place

MAX_NAME_TOKENS = 6
# Lower-case words allowed inside a multi-word name ("Rostov-on-Don", "Isle of Man").
CONNECTORS = frozenset({"of", "on", "upon", "de", "del", "la", "le", "les", "du", "des", "da", "do",
                        "dos", "am", "an", "der", "al", "el", "sur", "y", "and", "au", "aux", "en", "sous",
                        "di", "della", "van", "von", "den"})
# "U.S.", "U.K." (initials), and "Ky.", "W.Va.", "B.C." (abbreviations, only in "Town, Ky.").
_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")
_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,4}\.){1,3}")


class GazetteerLike(Protocol):
    def lookup(self, key: str, base_only: bool = False) -> list[Candidate]: ...
    def nonplace(self, key: str) -> str | None: ...
    def demonym_country(self, word: str) -> str | None: ...
    def country(self, iso2: str) -> Place | None: ...
    def capital(self, iso2: str) -> Place | None: ...
    def region_of(self, admin1: str) -> Place | None: ...


@dataclass(frozen=True)
class Match:
    """A run of tokens whose name the gazetteer knows, before resolution."""

    first: int  # token index
    last: int  # token index, inclusive
    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    region_word: bool = False  # followed by "region", "oblast", ...


def dotted_match(text: str, tokens: Sequence[Token], i: int, gaz: GazetteerLike) -> Match | None:
    """A place written with dots at token ``i``: initials ("U.S.", "B.C.") or, after "Town, ", an abbreviation ("Ky.")."""
    tok = tokens[i]
    after_town = i > 0 and tokens[i - 1].capitalised and text[tokens[i - 1].end:tok.start] == ", "
    after_number = i > 0 and tokens[i - 1].text.isdigit()  # "500 B.C." is a date
    attempts = ((_INITIALS, ACRONYM_PREFIX, True), (_INITIALS, ABBREVIATION_PREFIX, not after_number),
                (_ABBREVIATION, ABBREVIATION_PREFIX, after_town))
    for pattern, prefix, allowed in attempts:
        m = pattern.match(text, tok.start)
        if not (m and allowed):
            continue
        letters = re.sub(r"[^A-Za-z]", "", m.group()).lower()
        cands = gaz.lookup(prefix + letters)
        if cands:
            last = i
            while last + 1 < len(tokens) and tokens[last + 1].start < m.end():
                last += 1
            return Match(i, last, tok.start, m.end(), m.group(), tuple(cands))
    return None


def find_matches(text: str, tokens: Sequence[Token], gaz: GazetteerLike) -> list[Match]:
    """Longest-first gazetteer matches over capitalised token runs.

    Terms of ``data/nonplaces.csv`` ("Central Asia", "Soviet Union") are
    consumed without a match, so their parts are not read as places.
    """
    out: list[Match] = []
    i, n_tok = 0, len(tokens)
    while i < n_tok:
        tok = tokens[i]
        if not tok.capitalised or tok.text.isdigit():
            i += 1
            continue
        found = dotted_match(text, tokens, i, gaz) if text[tok.end:tok.end + 1] == "." else None
        consumed = 0
        for n in range(0 if found else min(MAX_NAME_TOKENS, n_tok - i), 0, -1):
            last = tokens[i + n - 1]
            if not last.capitalised:
                continue
            run = tokens[i:i + n]
            if any(not joinable(text, a, b) for a, b in zip(run, run[1:])):
                continue
            if any(not t.capitalised and t.lower not in CONNECTORS and not possessive_s(text, t)
                   for t in run[1:-1]):
                continue
            surface = text[tok.start:last.end]
            key = name_key(surface)
            if gaz.nonplace(key):
                consumed = n
                break
            nxt = tokens[i + n] if i + n < n_tok else None
            region_word = (nxt is not None and nxt.lower in REGION_WORDS
                           and text[last.end:nxt.start] == " ")
            cands = gaz.lookup(key)
            if surface.isupper() and len(surface) <= 5:
                cands = gaz.lookup(ACRONYM_PREFIX + key) + cands
            if region_word:
                regions = [c for c in gaz.lookup(key, base_only=True) if c.place.kind == "region"]
                if regions or cands:
                    found = Match(i, i + n, tok.start, nxt.end, text[tok.start:nxt.end],
                                  tuple(regions or cands), region_word=True)
                    break
            if cands:
                found = Match(i, i + n - 1, tok.start, last.end, surface, tuple(cands))
                break
        if found:
            out.append(found)
            i = found.last + 1
        else:
            i += max(consumed, 1)
    return out
