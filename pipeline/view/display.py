"""Showing untrusted text (article names, messages) in Streamlit safely."""
from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape Markdown so untrusted text shows literally, never as markup or HTML."""
    return _MARKDOWN.sub(r"\\\1", str(text))
