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
import unicodedata

JOINERS = "\u200c\u200d"
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_KEPT_CONTROLS = "\t\n\r\x0b\x0c"
_LONE_JOINER = re.compile(rf"(?<![^\x00-\x7f])[{JOINERS}]|[{JOINERS}](?![^\x00-\x7f])")
_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


class _Invisible(dict):
    """A ``str.translate`` table: code point -> None for an invisible character, itself otherwise.

    Format characters (but the joiners) and controls (but tab and line
    breaks), from the Unicode database, looked up the first time a text
    holds the character: scanning all 1.1 million code points up front cost
    every process a second and a half.
    """

    def __missing__(self, code: int) -> int | None:
        char = chr(code)
        category = unicodedata.category(char)
        drop = (category == "Cf" and char not in JOINERS) or (category == "Cc" and char not in _KEPT_CONTROLS)
        self[code] = kept = None if drop else code
        return kept


_INVISIBLE = _Invisible()


def normalise_text(text: str) -> str:
    """``text`` in NFC without invisible format characters, bidi controls and stray controls."""
    if text.isascii():
        return _ASCII_CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE)
    return _LONE_JOINER.sub("", text)


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional controls: for text shown that did not come through ingest."""
    return _BIDI.sub("", text)
