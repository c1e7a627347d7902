"""Add articles to the corpus safely: uploads, pasted text, files and folders.

The pure part turns untrusted bytes into a :class:`Submission` (decode,
reject empty / binary / oversized input, extract saved HTML pages with
trafilatura) and renders it as a Markdown file with YAML front matter. The
I/O part writes it under ``data/articles/`` with a safe name chosen inside a
file lock, after checking the corpus for exact and near duplicates.

An uploaded file's name is untrusted (Streamlit passes ``../../etc/x.txt``
through unchanged): it is kept as metadata only and never becomes a path.

Modules, one job each:

* :mod:`.model`: limits, accepted suffixes, :class:`CorpusError`, :class:`Submission`, :class:`AddResult`;
* :mod:`.submission`: bytes or text -> a :class:`Submission` (decoding, metadata, HTML);
* :mod:`.naming`: a new article's id and its Markdown file;
* :mod:`.duplicates`: the duplicate pre-filter and the cached corpus it reads;
* :mod:`.store`: the corpus lock and writing articles;
* :mod:`.refresh`: rebuilding the map (under the build lock), and finding articles it misses.
"""
from __future__ import annotations

from pipeline.corpus.duplicates import (
    PREFILTER_SAMPLE,
    CorpusText,
    body_of,
    corpus_text,
    find_duplicate,
    may_contain,
    read_corpus,
    token_string,
)
from pipeline.corpus.model import (
    HTML_SUFFIXES,
    MAX_ARTICLE_BYTES,
    MAX_ARTICLE_MB,
    TEXT_SUFFIXES,
    UPLOAD_TYPES,
    AddResult,
    CorpusError,
    Submission,
)
from pipeline.corpus.naming import META_FIELDS, choose_article_id, render_markdown
from pipeline.corpus.refresh import (
    BUILD_LOCK_TIMEOUT_S,
    RebuildSummary,
    articles_off_the_map,
    articles_without_places,
    build_stamp,
    rebuild,
)
from pipeline.corpus.store import (
    LOCK_TIMEOUT_S,
    add_submissions,
    add_text,
    add_uploads,
    corpus_lock,
    lock_path,
    read_upload,
    submissions_from_path,
)
from pipeline.corpus.submission import (
    clean_line,
    decode_bytes,
    html_to_submission,
    is_html,
    make_submission,
    normalise_body,
    normalise_date,
    normalise_url,
    submission_from_bytes,
    submission_from_text,
    upload_basename,
)

__all__ = [  # the public API, sorted
    "BUILD_LOCK_TIMEOUT_S", "HTML_SUFFIXES", "LOCK_TIMEOUT_S", "MAX_ARTICLE_BYTES", "MAX_ARTICLE_MB",
    "META_FIELDS", "PREFILTER_SAMPLE", "TEXT_SUFFIXES", "UPLOAD_TYPES", "AddResult", "CorpusError",
    "CorpusText", "RebuildSummary", "Submission", "add_submissions", "add_text", "add_uploads",
    "articles_off_the_map", "articles_without_places", "body_of", "build_stamp", "choose_article_id", "clean_line", "corpus_lock",
    "corpus_text", "decode_bytes", "find_duplicate", "html_to_submission", "is_html", "lock_path",
    "make_submission", "may_contain", "normalise_body", "normalise_date", "normalise_url", "read_corpus",
    "read_upload", "rebuild", "render_markdown", "submission_from_bytes", "submission_from_text",
    "submissions_from_path", "token_string", "upload_basename",
]
