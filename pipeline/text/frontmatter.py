"""The one YAML front-matter parser, shared by the build (ingest) and uploads (corpus).

Front matter is untrusted: a few hundred bytes of YAML with nested anchors
and aliases ("billion laughs") expand to gigabytes when loaded. So the block
is checked token by token before it is loaded: anchors and aliases, blocks
longer than :data:`MAX_FRONT_MATTER_CHARS` and nesting deeper than
:data:`MAX_DEPTH` are refused, and the article is read as text with a
warning. Without aliases, what YAML loads is no larger than the block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

# Opened by ``---``; closed by ``---`` or YAML's document end ``...``.
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~5x faster when present


class Loader(_BASE_LOADER):
    """Safe YAML in which dates stay text: ``published: 2022-13-45`` is then a warning, not a crash.

    Ingest reads dates from text with its own parser (``pipeline.ingest``).
    """


Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()}
MAX_FRONT_MATTER_CHARS = 16_384
MAX_DEPTH = 8
_OPEN = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
         yaml.FlowSequenceStartToken)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


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


def refusal(source: str) -> str | None:
    """Why a YAML block is not loaded (anchors or aliases, size, depth), else None.

    Reads tokens only: linear in the block's length, whatever it says.

    Raises
    ------
    yaml.YAMLError
        When the block is not valid YAML.
    """
    if len(source) > MAX_FRONT_MATTER_CHARS:
        return f"longer than {MAX_FRONT_MATTER_CHARS:,} characters"
    depth = 0
    for token in yaml.scan(source, Loader=Loader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            return "YAML anchors and aliases are not accepted"
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                return f"nested more than {MAX_DEPTH} levels deep"
        elif isinstance(token, _CLOSE):
            depth -= 1
    return None


def split_front_matter(text: str) -> FrontMatter:
    """Parse a leading front-matter block; malformed or refused front matter stays in the body."""
    if not text.startswith("---"):
        return FrontMatter(body=text)
    match = FRONT_MATTER.match(text)
    if not match:
        return FrontMatter(body=text, problem="malformed front matter (no closing ---), read as text")
    source = match.group("yaml")
    try:
        refused = refusal(source)
        meta = None if refused else yaml.load(source, Loader=Loader)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:  # a constructor's ValueError: "!!int abc"
        reason = str(getattr(exc, "problem", None) or exc or "invalid YAML")
        return FrontMatter(body=text, problem=f"malformed front matter ({reason}), read as text")
    if refused:
        return FrontMatter(body=text, problem=f"front matter refused ({refused}), read as text")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return FrontMatter(body=text, problem="malformed front matter (not a mapping), read as text")
    return FrontMatter(meta, text[match.end():])
