"""A new article's id and the Markdown file (YAML front matter + body) written for it."""
from __future__ import annotations

from pathlib import PurePosixPath

import yaml

from pipeline.corpus.model import Submission
from pipeline.ingest import WARNINGS_KEY
from pipeline.text.slug import SLUG_MAX, slugify

META_FIELDS = ("title", "outlet", "url", "published", "added", "source_name", WARNINGS_KEY)


def choose_article_id(sub: Submission, taken: set[str]) -> str:
    """A new, unused article id from the title, else the upload's stem, else 'article'."""
    base = slugify(sub.title or "") or slugify(PurePosixPath(sub.source_name or "").stem) or "article"
    if base not in taken:
        return base
    n = 2
    while f"{base[:SLUG_MAX - 4]}-{n}" in taken:
        n += 1
    return f"{base[:SLUG_MAX - 4]}-{n}"


def render_markdown(sub: Submission, added: str) -> str:
    """The file written for a new article: YAML front matter, a blank line, the body."""
    values = {"title": sub.title, "outlet": sub.outlet, "url": sub.url, "published": sub.published,
              "added": added, "source_name": sub.source_name, WARNINGS_KEY: list(sub.warnings) or None}
    meta = {k: values[k] for k in META_FIELDS if values[k] is not None}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{head}---\n\n{sub.text}\n"
