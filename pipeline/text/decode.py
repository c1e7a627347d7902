"""Bytes to text: the one binary check and the one decoder, for the build and uploads alike."""
from __future__ import annotations

import re

# File signatures of common non-text files, to name them in messages.
MAGIC = (
    (b"%PDF", "a PDF"), (b"PK\x03\x04", "a ZIP/Office document"), (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"), (b"MZ", "a program"),
)
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x0b\x1b")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def binary_kind(data: bytes) -> str | None:
    """Describe ``data`` if it is not text (a PDF, an image, NUL bytes ...), else None.

    UTF-16 text (with its byte-order mark) is full of NUL bytes and is text.
    """
    if data.startswith(UTF16_BOMS):
        return None
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:8192]
    if b"\x00" in head:
        return "binary data"
    controls = len(head) - len(head.translate(None, CONTROL_BYTES))
    return "binary data" if controls > 0.05 * len(head) else None


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _cyrillic_words(text: str) -> float:
    """Share of non-ASCII words written only in Cyrillic letters.

    Bytes from a Western European file also decode to Cyrillic letters under
    windows-1251, but one at a time inside Latin words ("CafР№"); Russian text
    decodes to whole Cyrillic words.
    """
    foreign = [w for w in re.findall(r"[^\W\d_]+", text) if not w.isascii()]
    if not foreign:
        return 0.0
    return sum(all("\u0400" <= c <= "\u04ff" for c in w) for w in foreign) / len(foreign)


def decode_bytes(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Text of ``data`` and warnings about how it was decoded.

    UTF-8 first (a BOM is dropped). A charset library was tried and rejected
    here: on short news texts it guesses cp1250 for plain Latin-1. So the rule
    is simple and testable: mostly-valid UTF-8 keeps UTF-8 with the bad bytes
    replaced; otherwise windows-1251 when that yields whole Cyrillic words;
    otherwise windows-1252, or Latin-1 when a byte is undefined there.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text, (() if codec == "utf-8-sig" else (f"decoded as {codec}",))
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = sum(not c.isascii() for c in loose) - bad
    if good >= 2 * bad:
        return loose, (f"{bad} invalid UTF-8 byte(s) replaced",)
    cyrillic = data.decode("cp1251", errors="replace")
    if _cyrillic_words(cyrillic) >= 0.6:
        return cyrillic, ("decoded as windows-1251",)
    try:
        return data.decode("cp1252"), ("decoded as windows-1252",)
    except UnicodeDecodeError:
        return data.decode("latin-1"), ("decoded as latin-1",)
