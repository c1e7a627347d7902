"""The one rule for links taken from articles: only http(s) addresses with a host.

A ``javascript:`` or ``data:`` link in an article's metadata must never reach
the app's link buttons, the legs table or the exports.
"""
from __future__ import annotations

from urllib.parse import urlparse

URL_MAX = 2000


def http_url(value: object) -> str | None:
    """``value`` as a link when it is an http(s) address with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    # No whitespace or control character: every whitespace character but the space is
    # unprintable, so one C-level test covers both (a loop per character cost most of a
    # second on a 10,000-leg table).
    if not url or len(url) > URL_MAX or " " in url or not url.isprintable():
        return None
    try:
        parsed = urlparse(url)
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    return url if parsed.scheme.lower() in ("http", "https") and parsed.netloc else None
