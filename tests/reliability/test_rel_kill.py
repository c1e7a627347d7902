"""Items 2 and 6 under fire: ``kill -9`` at random points of builds and adds (a bounded, seeded count).

After every kill: the build parses and is one whole build (all three files
from the same build: the one before, or the one the next build writes),
nothing in the articles or the review file is lost, and once the next build
has run no staging folder is left (item 6), nor temp files of killed adds.
Set ``EXODUS_KILL_SEED`` to replay another sequence of kill points.
"""
from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from pipeline.text.frontmatter import split_front_matter
from pipeline.view.buildio import load_build

from .kit import REPO, load_json_build, snapshot

pytestmark = pytest.mark.reliability

SEED = int(os.environ.get("EXODUS_KILL_SEED", "20221003"))
KILLS = 6  # of each kind
BODY = "On {day} October 2022, {n} students travelled from Kaluga to Tbilisi by bus, a volunteer said.\n"


def triple(project) -> str:
    """One hash of the build's three files together."""
    return hashlib.sha256(b"".join(project.build_files().values())).hexdigest()


def killed_at(project, args: list[str], delay: float) -> bool:
    """Run ``python -m pipeline ARGS``; SIGKILL it after ``delay`` s. True when it was killed."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=project.env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def lifetime(project, args: list[str]) -> float:
    """How long ``python -m pipeline ARGS`` runs here: kill points are drawn inside it."""
    t0 = time.monotonic()
    done = project.cli(*args)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - t0


def leftovers(project) -> list[str]:
    staging = [*project.build.glob(".staging-*"), *project.data.glob(".build.staging-*")]
    temps = [*project.articles.glob(".*.tmp")]
    return sorted(p.name for p in staging + temps)


def check_after_kill(project, before_triple: str, kept: dict, battery) -> str:
    """The invariants right after a kill, then the next build; returns the new build's hash."""
    load_json_build(project.build)  # parses
    load_build(project.build)  # and follows the contract
    after_kill = triple(project)
    battery.nothing_lost(kept, project.data)
    done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
    assert done.returncode == 0, done.stderr
    assert after_kill in (before_triple, triple(project)), "a mix of two builds"
    assert [n for n in leftovers(project) if "staging" in n] == [], "staging folders left after the next build"
    return triple(project)


@pytest.mark.timeout(300)
def test_kill_9_during_builds(project, battery):
    rng = random.Random(SEED)
    args = ["build", "--articles", str(project.articles), "--out", str(project.build), "-q"]
    span = lifetime(project, args)
    current, killed = triple(project), 0
    for k in range(KILLS):
        # A new article each round, so that the build being killed differs from the one before.
        (project.articles / f"round-{k}.txt").write_text(BODY.format(day=k + 1, n=10 + k), encoding="utf-8")
        kept = snapshot(project.data)
        delay = rng.uniform(0.05, 0.95 * span)
        with battery.case(f"kill:build:{k}@{delay:.2f}s"):
            killed += killed_at(project, args, delay)
            current = check_after_kill(project, current, kept, battery)
    assert killed >= KILLS // 2, "too few kills landed while the build ran"


@pytest.mark.timeout(300)
def test_kill_9_during_adds(project, tmp_path, battery):
    rng = random.Random(SEED + 1)
    probe = tmp_path / "probe.md"
    probe.write_text("---\ntitle: Probe\n---\n\n" + BODY.format(day=30, n=99), encoding="utf-8")
    span = lifetime(project, ["add", str(probe), "--articles", str(project.articles)])
    current, killed = triple(project), 0
    for k in range(KILLS):
        new = tmp_path / f"new-{k}.md"
        new.write_text(f"---\ntitle: Round {k} of adds\n---\n\n" + BODY.format(day=k + 1, n=20 + k), encoding="utf-8")
        kept = snapshot(project.data)
        delay = rng.uniform(0.05, 0.95 * span)
        with battery.case(f"kill:add:{k}@{delay:.2f}s"):
            killed += killed_at(project, ["add", str(new), "--articles", str(project.articles)], delay)
            saved = project.articles / f"round-{k}-of-adds.md"
            if saved.exists():  # written whole, or not at all
                fm = split_front_matter(saved.read_text(encoding="utf-8"))
                assert fm.problem is None and fm.meta["title"] == f"Round {k} of adds"
                assert BODY.format(day=k + 1, n=20 + k).strip() in fm.body
            current = check_after_kill(project, current, kept, battery)
            # The retry adds it (or finds it) and puts it on the map; temp files of the killed add are gone.
            retry = project.cli("add", str(new), "--articles", str(project.articles))
            assert retry.returncode == 0, retry.stderr
            assert f"round-{k}-of-adds" in {a for a in load_build(project.build).articles["article_id"]}
            assert leftovers(project) == []
            current = triple(project)
    assert killed >= KILLS // 2, "too few kills landed while the add ran"


def test_staging_folders_of_killed_builds_are_removed_by_the_next_build(project, battery):
    with battery.case("kill:staging_leftovers_removed"):
        kept, build = snapshot(project.data), project.build_files()
        for folder in (project.build / ".staging-killed1", project.data / ".build.staging-killed2"):
            folder.mkdir()
            (folder / "flows.geojson").write_text('{"half": ')
        other = project.data / ".other.staging-keep"  # another build folder's: not ours to remove
        other.mkdir()
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
        assert done.returncode == 0, done.stderr
        assert leftovers(project) == [] and other.is_dir()
        assert project.build_files() == build
        battery.nothing_lost(kept, project.data)
