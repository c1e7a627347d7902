"""The HTML export: the app's pydeck map as one self-contained page that loads nothing from the internet.

In: the legs and places of a view, and the title, subtitle and credits.
Out: the page's text, with deck.gl inlined, pydeck's CDN tags removed and
an escaped title block and credits line added.
"""
from __future__ import annotations

import html as _html
import re

import pandas as pd

from pipeline.export.errors import ExportError
from pipeline.view import mapview

_EXTERNAL_TAG = re.compile(
    r"""<script\b[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[^>]*>\s*</script>"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?(?:https?:)?//[^>]*>""",
    re.IGNORECASE,
)
_EXTERNAL_CHECK = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def external_references(html_text: str) -> list[str]:
    """``<script src>`` / ``<link href>`` tags pointing at another host."""
    return [m.group(0) for m in _EXTERNAL_CHECK.finditer(html_text)]


def offline_html(deck_html: str, title: str, subtitle: str, credits: str) -> str:
    """pydeck's offline page without its CDN tags, with an escaped title block.

    pydeck inlines deck.gl with ``offline=True`` but its template still loads
    mapbox-gl and three stylesheets from CDNs; the map needs none of them
    without a tile basemap, so they are removed.
    """
    page = _EXTERNAL_TAG.sub("", deck_html)
    esc = lambda s: _html.escape(s or "", quote=True)  # noqa: E731
    page = page.replace("<title>pydeck</title>", f"<title>{esc(title)}</title>", 1)
    block = (
        '<div id="exodus-header" style="position:absolute;z-index:2;top:12px;left:12px;max-width:560px;'
        'background:rgba(255,255,255,.92);padding:10px 14px;border-radius:4px;'
        'font-family:\'Liberation Sans\',Arial,Helvetica,sans-serif;color:#1a1a1a">'
        f'<div style="font-size:20px;font-weight:bold">{esc(title)}</div>'
        + (f'<div style="font-size:13px;color:#555;margin-top:4px">{esc(subtitle)}</div>' if subtitle else "")
        + "</div>"
        '<div id="exodus-credits" style="position:absolute;z-index:2;bottom:0;left:0;right:0;'
        'background:rgba(255,255,255,.85);padding:4px 12px;font:11px \'Liberation Sans\',Arial,sans-serif;'
        f'color:#666">{esc(credits)}</div>'
    )
    page = page.replace('<div id="deck-container">', block + '<div id="deck-container">', 1)
    left = external_references(page)
    if left:
        raise ExportError(f"the HTML export would load {left[0]!r} from the internet; refusing to write it")
    return page


def html_view(legs: pd.DataFrame, places: pd.DataFrame, title: str, subtitle: str, credits: str) -> str:
    """The view drawn by :func:`pipeline.view.mapview.make_deck` (offline outlines) as one offline page."""
    deck = mapview.make_deck(legs, places, online_basemap=False)
    page = deck.to_html(offline=True, as_string=True, notebook_display=False)
    return offline_html(page, title, subtitle, credits)
