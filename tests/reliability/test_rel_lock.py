"""Item 2: one build lock, taken by every writer of a build (the CLI build included).

Before the fix, a CLI build took no lock: an add during a long build
reported "Map updated", then the older build finished and overwrote the
build without the new article.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from filelock import FileLock, Timeout

from pipeline.build import build_lock_path
from pipeline.devtools.synthcorpus import generate_corpus, write_corpus
from pipeline.errors import ExodusError
from pipeline.files import locked

from .kit import REPO, snapshot

pytestmark = pytest.mark.reliability

NEW = ("---\ntitle: Students leave for Tbilisi\npublished: 2022-10-03\n---\n\n"
       "On 3 October 2022, forty students travelled from Kaluga to Tbilisi by bus, a volunteer said.\n")


class Busy(ExodusError):
    pass


def held_by_someone(path) -> bool:
    """True when another process holds the lock at ``path`` (taken and released at once when free)."""
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def test_the_lock_helper_waits_then_names_the_holder(tmp_path):
    path = tmp_path / ".locks" / "x.lock"
    waited = []
    with locked(path, 5, lambda: Busy("first")):
        code = ("import sys; from pipeline.files import locked\n"
                "try:\n    with locked(sys.argv[1], 0.3, lambda: ValueError('busy!')): print('got it')\n"
                "except ValueError as e: print(e)")
        out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True)
        assert out.stdout.strip() == "busy!"
    with locked(path, 5, lambda: Busy("never"), on_wait=lambda: waited.append(1)):
        pass
    assert waited == []  # free: no waiting, no message


@pytest.mark.timeout(120)
def test_a_cli_build_waits_for_the_build_lock(project, battery):
    with battery.case("lock:cli_build_waits"):
        before = project.build_files()
        with locked(build_lock_path(project.build), 5, lambda: Busy("test holds it")):
            proc = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--articles", str(project.articles),
                                     "--out", str(project.build), "-q"], cwd=REPO, env=project.env(),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            time.sleep(3)
            assert proc.poll() is None, proc.communicate()
            assert project.build_files() == before
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "waiting for another build" in err


@pytest.mark.timeout(300)
def test_an_add_during_a_long_cli_build_is_never_undone(project, tmp_path, battery):
    """The issue's race, with real processes: a slow CLI build, an add (and its rebuild) while it runs."""
    write_corpus(generate_corpus(400, seed=11), project.articles)
    warm = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q", timeout=240)
    assert warm.returncode == 0, warm.stderr
    before = snapshot(project.data)
    new = tmp_path / "students.md"
    new.write_text(NEW, encoding="utf-8")
    with battery.case("lock:add_during_cli_build"):
        slow = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--articles", str(project.articles),
                                 "--out", str(project.build), "-q", "--no-cache"], cwd=REPO, env=project.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lock = build_lock_path(project.build)
        deadline = time.monotonic() + 60
        while not held_by_someone(lock):
            assert slow.poll() is None and time.monotonic() < deadline, "the CLI build never took the build lock"
            time.sleep(0.05)
        add = project.cli("add", str(new), "--articles", str(project.articles), timeout=240)
        finished_first = slow.poll() is not None  # the add's rebuild waited for the older build
        slow.communicate(timeout=240)
        assert slow.returncode == 0 and add.returncode == 0, add.stderr
        assert "Map updated" in add.stdout and finished_first
        ids = {a["article_id"] for a in json.loads((project.build / "articles.json").read_text())}
        assert "students-leave-for-tbilisi" in ids, "the older build overwrote the add's"
        battery.nothing_lost(before, project.data)
