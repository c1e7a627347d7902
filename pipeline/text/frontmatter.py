"""The one YAML front-matter parser, shared by the build (ingest) and uploads (corpus)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# Opened by ``---``; closed by ``---`` or YAML's document end ``...``.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~5x faster when present


@dataclass(frozen=True)
class FrontMatter:
    """Front matter split from a text.

    ``meta`` is the mapping (empty when there is none or it is malformed);
    ``body`` the rest of the text, or the whole text when the front matter is
    malformed; ``problem`` says what was wrong, else None.
    """

    meta: dict = field(default_factory=dict)
    body: str = ""
    problem: str | None = None


def strip_front_matter(text: str) -> str:
    """``text`` without a leading front-matter block (not parsed: for when only the body matters)."""
    match = FRONT_MATTER.match(text)
    return text[match.end():] if match else text


def split_front_matter(text: str) -> FrontMatter:
    """Parse a leading front-matter block; malformed front matter stays in the body."""
    if not text.startswith("---"):
        return FrontMatter(body=text)
    match = FRONT_MATTER.match(text)
    if not match:
        return FrontMatter(body=text, problem="malformed front matter (no closing ---), read as text")
    try:
        meta = yaml.load(match.group("yaml"), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        reason = str(getattr(exc, "problem", None) or "invalid YAML")
        return FrontMatter(body=text, problem=f"malformed front matter ({reason}), read as text")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return FrontMatter(body=text, problem="malformed front matter (not a mapping), read as text")
    return FrontMatter(meta, text[match.end():])
