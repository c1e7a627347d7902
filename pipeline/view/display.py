"""Showing untrusted text (article names, messages, URL parameters) in Streamlit safely.

Streamlit renders the text of ``st.markdown``, ``st.info``, ``st.caption``
and most labels as Markdown: an image there is fetched from its host, a link
is clickable. :func:`plain` turns any text into Markdown that shows exactly
that text. Backslash escapes alone are not enough: Streamlit's Markdown
(GitHub-flavoured) turns ``http://…``, ``www.…`` and ``user@host.org`` into
links after escapes are read, so those runs go into code spans, where
nothing is a link.
"""
from __future__ import annotations

import re
import string

from pipeline.text.normalise import strip_bidi

# CommonMark lets every ASCII punctuation character be escaped with a backslash.
_MARKDOWN = re.compile("([" + re.escape(string.punctuation) + "])")
# What GitHub-flavoured Markdown links without any markup (its "autolink literals").
_AUTOLINK = re.compile(r"(?i)(?:https?://|www\.)[^\s<]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BACKTICKS = re.compile(r"`+")


def code_span(text: str) -> str:
    """``text`` as a Markdown code span: shown verbatim, never a link."""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plain(text: object) -> str:
    """Markdown that shows ``text`` literally: never markup, a link or an image.

    Punctuation is backslash-escaped, link-like runs are code spans, and
    bidirectional controls are removed, so right-to-left overrides cannot
    reorder what is shown.
    """
    text = strip_bidi(str(text))
    out, pos = [], 0
    for match in _AUTOLINK.finditer(text):
        out += [_MARKDOWN.sub(r"\\\1", text[pos:match.start()]), code_span(match.group())]
        pos = match.end()
    out.append(_MARKDOWN.sub(r"\\\1", text[pos:]))
    return "".join(out)
