"""Small HTML fragments for ``st.html``, with every piece of text escaped first.

In: plain strings (often from articles). Out: HTML strings in which that
text shows as written, never as markup.
"""
from __future__ import annotations

import html


def highlighted_html(parts: tuple[str, str, str]) -> str:
    """The paragraph as HTML: every part escaped first, then the quote marked."""
    before, quote, after = (html.escape(p) for p in parts)
    return (f'<div style="line-height:1.5;white-space:pre-wrap">{before}'
            f'<mark style="background:#fde68a">{quote}</mark>{after}</div>')


def text_html(text, tag: str = "div", style: str = "") -> str:
    """One element holding ``text`` escaped: shown as written, never as HTML or markdown."""
    attr = f' style="{html.escape(style)}"' if style else ""
    return f"<{tag}{attr}>{html.escape(str(text))}</{tag}>"


def facts_html(facts: list[tuple[str, str]]) -> str:
    """Label/value pairs as a two-column grid; every label and value escaped."""
    cells = "".join(f'<div><div style="color:#666;font-size:0.8em">{html.escape(label)}</div>'
                    f'<div style="font-size:1.15em;font-weight:600">{html.escape(value)}</div></div>'
                    for label, value in facts)
    return f'<div style="display:grid;grid-template-columns:1fr 1fr;gap:0.5em 1em">{cells}</div>'
