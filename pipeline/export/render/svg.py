"""The SVG writer: every word stays an editable ``<text>`` element, halos included.

Matplotlib writes text as ``<text>`` (``svg.fonttype: none``) unless the
text has a path effect, which turns it into outlines. Labels keep their
white halo (:func:`~pipeline.export.render.theme.with_halo`) as a second
``<text>`` beneath, stroked white, in the same group: drawing programs
without SVG 2's ``paint-order`` (Illustrator among them) still show the
name above its halo.
"""
from __future__ import annotations

import html
import io
import re

from matplotlib.figure import Figure
from matplotlib.text import Text

from pipeline.export.render.theme import HALO_GID

_HALO_TEXT = re.compile(
    r'(?P<open><g id="' + HALO_GID + r'-(?P<width>[0-9.]+)-\d+">\s*)'
    r'(?P<text><text style="(?P<style>[^"]*)"(?P<rest>[^>]*>[^<]*</text>))')
_FILL = re.compile(r";?\s*fill:\s*[^;]*")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def halo_copies(svg: str) -> str:
    """Put a white-stroked copy under each ``<text>`` in a halo group (see the module's notes)."""
    def copy(m: re.Match) -> str:
        style = _FILL.sub("", m["style"]).strip("; ")
        halo_style = f"{style}; fill: #ffffff; stroke: #ffffff; stroke-width: {m['width']}; stroke-linejoin: round"
        return f'{m["open"]}<text class="halo" style="{halo_style}"{m["rest"]}\n{m["text"]}'

    return _HALO_TEXT.sub(copy, svg)


def with_title(svg: str, title: str, description: str = "") -> str:
    """``<title>`` and ``<desc>`` as the root's first children, where screen readers look for them (escaped)."""
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    block = f"\n <title>{esc(title)}</title>" + (f"\n <desc>{esc(description)}</desc>" if description else "")
    return _SVG_OPEN.sub(lambda m: m.group(0) + block, svg, count=1)


def svg_bytes(fig: Figure, title: str, description: str = "") -> bytes:
    """The figure as SVG with live text (halos as text copies), its title and alt text as ``<title>``/``<desc>``."""
    for text in fig.findobj(Text):
        if (text.get_gid() or "").startswith(HALO_GID + "-"):
            text.set_path_effects([])
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", dpi=96, facecolor="white")  # the title is added by with_title
    return with_title(halo_copies(buf.getvalue().decode("utf-8")), title, description).encode("utf-8")
