"""Unicode normalisation of untrusted text, applied once at ingest.

Every offset of the build points into the normalised text, so quotes stay
verbatim: the text is normalised before anything reads positions in it.

* NFC, so "é" written as e + combining accent matches the gazetteer's "é";
* invisible format characters (Unicode category Cf: zero-width spaces, soft
  hyphens, word joiners, byte-order marks) are removed, so "Hel\\u200bsinki"
  reads as "Helsinki" and not as "Hel" + "sinki";
* bidirectional controls (also Cf: U+202A-202E, U+2066-2069, U+200E/F,
  U+061C) are removed with them, so a right-to-left override cannot reorder
  a quote on screen;
* control characters other than tab and line breaks are removed (terminal
  escapes, bells).

Zero-width (non-)joiners are kept between two non-ASCII characters, where
they are spelling (Persian, Indic scripts) or join emoji; between ASCII
letters they only hide a word.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from itertools import groupby

JOINERS = "\u200c\u200d"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_KEPT_CONTROLS = "\t\n\r\x0b\x0c"
_LONE_JOINER = re.compile(rf"(?<![^\x00-\x7f])[{JOINERS}]|[{JOINERS}](?![^\x00-\x7f])")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def _char_class(codes: list[int]) -> str:
    """A regex character class for the sorted code points ``codes``, as ranges."""
    ranges = [[c for _, c in run] for _, run in groupby(enumerate(codes), key=lambda ic: ic[1] - ic[0])]
    return "[" + "".join(re.escape(chr(r[0])) + (f"-{re.escape(chr(r[-1]))}" if len(r) > 1 else "")
                         for r in ranges) + "]"


@lru_cache(maxsize=1)
def _invisible() -> re.Pattern:
    """Format characters (but the joiners) and controls (but tab and line breaks), from the Unicode database."""
    codes = [c for c in range(sys.maxunicode + 1)
             if (unicodedata.category(chr(c)) == "Cf" and chr(c) not in JOINERS)
             or (unicodedata.category(chr(c)) == "Cc" and chr(c) not in _KEPT_CONTROLS)]
    return re.compile(_char_class(codes))


def normalise_text(text: str) -> str:
    """``text`` in NFC without invisible format characters, bidi controls and stray controls."""
    if text.isascii():
        return _ASCII_CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _invisible().sub("", text)
    return _LONE_JOINER.sub("", text)


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional controls: for text shown that did not come through ingest."""
    return _BIDI.sub("", text)
