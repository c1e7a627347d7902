"""Fixtures of the reliability battery (tools in :mod:`.kit`); the tally is printed at the end of the run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.gazetteer import load_gazetteer

from .kit import Battery, Project, make_project

_BATTERY = Battery()


@pytest.fixture(scope="session")
def battery() -> Battery:
    return _BATTERY


def pytest_terminal_summary(terminalreporter):
    b = _BATTERY
    if b.tried:
        terminalreporter.write_line(
            f"reliability battery: {b.tried} hostile cases tried, {b.held} held; "
            f"{b.kept} 'nothing lost' checks passed" + (f"; FAILED: {', '.join(b.failed)}" if b.failed else ""))


@pytest.fixture(scope="session")
def gazetteer_index() -> Path:
    """The compiled full gazetteer (compiled once if missing), for private cache folders."""
    gaz = load_gazetteer()
    path = gaz.path
    gaz.close()
    return path


@pytest.fixture
def cache(tmp_path, gazetteer_index) -> Path:
    """A private cache folder holding a copy of the gazetteer index (the battery corrupts caches)."""
    folder = tmp_path / "cache"
    folder.mkdir()
    shutil.copy2(gazetteer_index, folder / gazetteer_index.name)
    return folder


@pytest.fixture
def project(tmp_path, cache) -> Project:
    """The seed articles, a review file and their build, in a temporary data folder."""
    return make_project(tmp_path, cache)


