"""Loading for the dashboard: the build folder and the build (cached until its files change).

In: ``$EXODUS_BUILD_DIR`` (or the data folder's ``build/``) and article
ids. Out: a :class:`~pipeline.view.buildio.Build` through
:func:`~pipeline.view.buildio.load_build`, shared by every session; a large
build (:func:`~pipeline.view.buildio.is_large`) through
:func:`~pipeline.view.buildio.open_large_build`, its legs left in DuckDB.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from pipeline import config
from pipeline.contract import FLOWS_PARQUET
from pipeline.view.buildio import BUILD_FILES, Build, read_build

BUILD_COMMAND = ".venv/bin/python -m pipeline build --articles data/articles --out data/build"


def build_dir() -> Path:
    """The build folder: ``$EXODUS_BUILD_DIR``, else ``build/`` in the data folder."""
    return config.build_dir()


def build_stamp(directory: Path) -> tuple:
    """Modification times and sizes of the build's files: a rebuilt build is a new key."""
    stamp = []
    for name in (*BUILD_FILES, FLOWS_PARQUET):
        try:
            st_ = (directory / name).stat()
            stamp.append((name, st_.st_mtime_ns, st_.st_size))
        except OSError:
            stamp.append((name, None, None))
    return tuple(stamp)


@st.cache_resource(show_spinner="Loading the build…", max_entries=4)
def cached_build(directory: str, stamp: tuple) -> Build:
    """:func:`~pipeline.view.buildio.read_build`, cached until one of the build's files changes.

    One shared copy for every session (``cache_resource``: ``cache_data``
    would unpickle a copy of a 10,000-leg build on every rerun of every
    session); it is read-only.
    """
    return read_build(directory)
