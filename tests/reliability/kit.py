"""The reliability battery's tools: a project copy, the CLI in a subprocess, small folders, the tally.

Every hostile case runs on a copy of the project's data (the seed articles,
a review file, a build) and is counted by the ``battery`` fixture: tried,
held, and how many "nothing lost" checks passed (every article and the
review file byte for byte). The tally is printed at the end of the run.

Small folders: a tmpfs (read-only, or nearly full) where this process may
mount one; elsewhere the same failure is simulated by making every write
under the folder raise the ``OSError`` a real one would
(:func:`simulated_os_error`), with the command run in-process.
"""
from __future__ import annotations

import builtins
import errno as errno_mod
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import config
from pipeline.build import output as build_output
from pipeline.cli import main

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "articles"
if not SEEDS.is_dir():
    SEEDS = REPO / "data" / "articles"
REVIEW = {"schema": 1, "entries": [{
    "kind": "reject_leg", "article_id": "odr-russians-flee-kazakhstan", "from_place_id": "country:RU",
    "to_place_id": "country:KZ", "quote_start": 0, "quote": "an analyst's rejection that must never be lost",
    "created": "2022-10-01T00:00:00+00:00", "author": "analyst", "note": None}]}


# ---------------------------------------------------------------- the tally

@dataclass
class Battery:
    """Hostile cases tried and held, and "nothing lost" checks passed."""

    tried: int = 0
    held: int = 0
    kept: int = 0
    failed: list[str] = field(default_factory=list)

    @contextmanager
    def case(self, name: str):
        self.tried += 1
        try:
            yield
        except BaseException:
            self.failed.append(name)
            raise
        self.held += 1

    def nothing_lost(self, before: dict[str, str], data: Path) -> None:
        """Every file of ``before`` (a :func:`snapshot`) is still in ``data``, byte for byte."""
        after = snapshot(data)
        lost = sorted(k for k, v in before.items() if after.get(k) != v)
        assert not lost, f"lost or changed: {lost}"
        self.kept += 1


# ---------------------------------------------------------------- a project copy

def snapshot(data: Path) -> dict[str, str]:
    """SHA-256 of every article file and of review.json under a data folder."""
    files = sorted((data / "articles").glob("*")) + [data / config.REVIEW_FILE]
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


@dataclass(frozen=True)
class Project:
    root: Path  # holds data/
    data: Path
    cache: Path

    @property
    def articles(self) -> Path:
        return self.data / "articles"

    @property
    def build(self) -> Path:
        return self.data / "build"

    @property
    def review(self) -> Path:
        return self.data / config.REVIEW_FILE

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("EXODUS_")}
        env.update({config.DATA_ENV: str(self.data), config.CACHE_ENV: str(self.cache), **extra})
        return env

    def cli(self, *args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
        """``python -m pipeline ARGS`` on this project, in a subprocess."""
        return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=self.env(**env),
                              capture_output=True, text=True, timeout=timeout)

    def build_files(self) -> dict[str, bytes]:
        return {n: (self.build / n).read_bytes() for n in ("articles.json", "places.geojson", "flows.geojson")}


def make_project(root: Path, cache: Path, build: bool = True) -> Project:
    data = root / "data"
    shutil.copytree(SEEDS, data / "articles")
    for p in (data / "articles").iterdir():
        p.chmod(0o644)
    (data / "articles").chmod(0o755)
    (data / config.REVIEW_FILE).write_text(json.dumps(REVIEW, indent=1), encoding="utf-8")
    project = Project(root, data, cache)
    if build:
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
        assert done.returncode == 0, done.stderr
    return project


def one_error_line(stderr: str) -> str:
    """The one ``error:`` line of a failed command; no traceback, nothing else that looks like an error."""
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    return errors[0]


def load_json_build(build: Path) -> tuple[list, list, list]:
    """Parse a build's three files (raises when one is half written)."""
    articles = json.loads((build / "articles.json").read_text(encoding="utf-8"))
    places = json.loads((build / "places.geojson").read_text(encoding="utf-8"))["features"]
    flows = json.loads((build / "flows.geojson").read_text(encoding="utf-8"))["features"]
    return articles, places, flows


# ---------------------------------------------------------------- small folders

def _try_mount(target: Path, options: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or os.environ.get("EXODUS_TEST_SIMULATE_FS"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True)
    return done.returncode == 0


@contextmanager
def tmpfs(target: Path, size: str = "1m"):
    """A tmpfs at ``target`` (yields True), or an ordinary folder where none can be mounted (yields False)."""
    target.mkdir(parents=True, exist_ok=True)
    mounted = _try_mount(target, f"size={size},mode=0755")
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(target)], capture_output=True)


def make_read_only(target: Path) -> None:
    """Remount a tmpfs read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True, capture_output=True)


def fill(target: Path) -> None:
    """Fill the file system of ``target`` to the last byte."""
    block = b"\0" * 65536
    with open(target / ".filler", "wb") as fh:
        try:
            while True:
                fh.write(block)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno_mod.ENOSPC
    try:
        with open(target / ".filler2", "wb") as fh:  # the last partial block
            while True:
                fh.write(b"\0")
                fh.flush()
    except OSError:
        pass


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


@contextmanager
def simulated_os_error(folder: Path, code: int):
    """Writes, creates, renames and removals under ``folder`` raise ``OSError(code)``, in this process.

    Where no tmpfs can be mounted, this is how a read-only (EROFS) or full
    (ENOSPC) file system mounted at ``folder`` behaves to the pipeline:
    reads work, and renaming across its edge fails with EXDEV.
    """
    folder = os.path.realpath(folder)

    def under(p) -> bool:
        return isinstance(p, (str, bytes, os.PathLike)) and os.path.realpath(os.fsdecode(p)).startswith(folder)

    def refuse(path, code=code):
        raise OSError(code, os.strerror(code), os.fsdecode(path))

    real = {"os.open": os.open, "open": builtins.open, "mkdir": os.mkdir, "replace": os.replace,
            "rename": os.rename, "unlink": os.unlink, "rmdir": os.rmdir}

    def os_open(path, flags, *a, **k):
        if flags & _WRITE_FLAGS and under(path):
            refuse(path)
        return real["os.open"](path, flags, *a, **k)

    def py_open(file, mode="r", *a, **k):
        if any(c in mode for c in "wax+") and under(file):
            refuse(file)
        return real["open"](file, mode, *a, **k)

    def guard(name):
        def wrapped(*paths, **k):
            for p in paths[:2]:
                if under(p):
                    refuse(p)
            return real[name](*paths, **k)
        return wrapped

    def exchange(a, b):
        for p in (a, b):
            if under(p):
                refuse(p, errno_mod.EXDEV)  # a mount point: no rename across it
        return real_exchange(a, b)

    real_exchange = build_output.exchange_paths
    patches = [(os, "open", os_open), (builtins, "open", py_open), (io, "open", py_open),
               (os, "mkdir", guard("mkdir")), (os, "replace", guard("replace")), (os, "rename", guard("rename")),
               (os, "unlink", guard("unlink")), (os, "rmdir", guard("rmdir")), (build_output, "exchange_paths", exchange)]
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    for obj, name, fn in patches:
        setattr(obj, name, fn)
    try:
        yield
    finally:
        for obj, name, fn in saved:
            setattr(obj, name, fn)


def cli_in_process(project: Project, *args: str, capsys) -> tuple[int, str]:
    """``python -m pipeline ARGS`` in this process (for simulated faults): exit code and stderr."""
    old = {k: os.environ.get(k) for k in (config.DATA_ENV, config.CACHE_ENV, config.BUILD_ENV)}
    os.environ[config.DATA_ENV], os.environ[config.CACHE_ENV] = str(project.data), str(project.cache)
    os.environ.pop(config.BUILD_ENV, None)
    capsys.readouterr()
    try:
        code = main(list(args))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return code, capsys.readouterr().err


@contextmanager
def faulty_folder(folder: Path, code: int, capsys, project: Project, size: str = "64m"):
    """``folder`` read-only (``EROFS``) or full (``ENOSPC``), with its content; yields ``run(*cli_args)``.

    A tmpfs mounted over the folder where this process may mount (the
    command then runs in a subprocess), else the same ``OSError`` simulated
    in this process (the command runs in-process).
    """
    saved = folder.parent / f".{folder.name}.saved"
    shutil.copytree(folder, saved)
    try:
        with tmpfs(folder, size) as mounted:
            if mounted:
                shutil.copytree(saved, folder, dirs_exist_ok=True)
                if code == errno_mod.EROFS:
                    make_read_only(folder)
                else:
                    fill(folder)

                def run(*args: str) -> tuple[int, str]:
                    done = project.cli(*args)
                    return done.returncode, done.stderr
                yield run
            else:
                with simulated_os_error(folder, code):
                    yield lambda *args: cli_in_process(project, *args, capsys=capsys)
    finally:
        shutil.rmtree(saved, ignore_errors=True)
