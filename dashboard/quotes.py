"""A quote in its paragraph: pure text functions for the citations in the details panel.

In: an article's text, a citation's offsets and its verbatim quote. Out:
``(before, quote, after)``, the paragraph split round the quote, with long
paragraphs clipped at a space either side.
"""
from __future__ import annotations

QUOTE_CONTEXT = 320  # characters of the paragraph shown either side of a quote


def quote_in_paragraph(text: str | None, start, end, quote: str,
                       context: int = QUOTE_CONTEXT) -> tuple[str, str, str] | None:
    """Split the paragraph holding a quote into (before, quote, after).

    Uses the citation's offsets when they still point at the quote, else the
    first place the quote occurs; None when the text does not contain it.
    Long paragraphs keep about ``context`` characters either side of the quote.
    """
    if not text or not quote:
        return None
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        s, e = -1, -1
    if not (0 <= s < e <= len(text) and text[s:e] == quote):
        s = text.find(quote)
        if s < 0:
            return None
        e = s + len(quote)
    para_start = text.rfind("\n\n", 0, s)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", e)
    para_end = len(text) if para_end < 0 else para_end
    return clip_start(text[para_start:s], context), text[s:e], clip_end(text[e:para_end], context)


def clip_start(text: str, limit: int) -> str:
    """The last ``limit`` characters or so of ``text``, cut at a space, with a leading "…"."""
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    space = tail.find(" ")
    return "…" + (tail[space + 1:] if 0 <= space < limit // 2 else tail)


def clip_end(text: str, limit: int) -> str:
    """The first ``limit`` characters or so of ``text``, cut at a space, with a trailing "…"."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head) + "…"
