"""Safe ASCII slugs, for article ids and analysts' place ids."""
from __future__ import annotations

import re

from unidecode import unidecode

SLUG_MAX = 60
# Windows device names that must never be a file stem.
RESERVED_STEMS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str, max_len: int = SLUG_MAX) -> str:
    """ASCII ``[a-z0-9-]`` slug, cut at a hyphen to ``max_len``; '' when nothing is left."""
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(text or "").lower()).strip("-")
    if len(slug) > max_len:
        cut = slug[:max_len]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2:] else cut).strip("-")
    if slug in RESERVED_STEMS:
        slug = f"{slug}-article"
    return slug
