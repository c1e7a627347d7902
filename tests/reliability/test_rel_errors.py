"""Item 4: bad days end in one ``error:`` line and exit 2 (or a warning and exit 0), never a traceback.

Read-only and full folders (a tmpfs where one can be mounted, else the same
``OSError`` simulated), damaged caches and gazetteer index, a review file
with wrong types, and output paths that are files or cannot exist. After
each case the articles and the review file are checked byte for byte, and
the previous build is still the build.
"""
from __future__ import annotations

import errno
import json
import shutil
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from pipeline import config
from pipeline import gazetteer as gz
from pipeline.errors import describe, os_error_message

from .kit import REPO, faulty_folder, one_error_line, simulated_os_error, snapshot

pytestmark = pytest.mark.reliability

NEW = ("---\ntitle: Students leave for Tbilisi\n---\n\n"
       "On 3 October 2022, forty students travelled from Kaluga to Tbilisi by bus, a volunteer said.\n")


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission denied"),
    (errno.ENOTDIR, "is a file, not a folder"), (errno.EEXIST, "not a folder"),
])
def test_os_errors_become_one_sentence_naming_the_path(code, words):
    line = os_error_message(OSError(code, "x", "/data/build/articles.json"))
    assert line.startswith("/data/build/articles.json: ") and words in line and "\n" not in line


def test_a_bug_keeps_its_traceback():
    assert describe(KeyError("x")) is None and describe(TypeError("x")) is None


@pytest.mark.timeout(120)
@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=["read_only", "full"])
def test_build_into_a_bad_build_folder(code, project, capsys, battery):
    with battery.case(f"errors:build:build_folder_{errno.errorcode[code]}"):
        before, build = snapshot(project.data), project.build_files()
        (project.articles / "students.md").write_text(NEW, encoding="utf-8")  # so the build would change
        with faulty_folder(project.build, code, capsys, project) as run:
            exit_code, err = run("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
            assert exit_code == 2
            assert str(project.build) in one_error_line(err)
            assert project.build_files() == build, "the previous build must stay in place"
            assert not [p for p in project.build.iterdir() if ".staging-" in p.name]
        battery.nothing_lost(before, project.data)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=["read_only", "full"])
def test_add_with_a_bad_build_folder_keeps_the_article(code, project, tmp_path, capsys, battery):
    with battery.case(f"errors:add:build_folder_{errno.errorcode[code]}"):
        before, build = snapshot(project.data), project.build_files()
        new = tmp_path / "students.md"
        new.write_text(NEW, encoding="utf-8")
        with faulty_folder(project.build, code, capsys, project) as run:
            exit_code, err = run("add", str(new), "--articles", str(project.articles))
            assert exit_code == 2
            assert "the map was not rebuilt" in one_error_line(err)
            assert project.build_files() == build
        assert (project.articles / "students-leave-for-tbilisi.md").is_file()
        battery.nothing_lost(before, project.data)


@pytest.mark.timeout(120)
def test_add_into_a_full_articles_folder(project, tmp_path, capsys, battery):
    with battery.case("errors:add:articles_folder_full"):
        before = snapshot(project.data)
        new = tmp_path / "students.md"
        new.write_text(NEW, encoding="utf-8")
        with faulty_folder(project.articles, errno.ENOSPC, capsys, project) as run:
            exit_code, err = run("add", str(new), "--articles", str(project.articles))
            assert exit_code == 2 and "Traceback" not in err
            assert "rejected" in err and "disk is full" in err
            assert not list(project.articles.glob("students*")) and not list(project.articles.glob(".*.tmp"))
            battery.nothing_lost(before, project.data)


@pytest.mark.timeout(180)
def test_a_full_cache_folder_costs_speed_not_the_build(project, capsys, battery):
    with battery.case("errors:build:cache_folder_full"):
        before = snapshot(project.data)
        shutil.rmtree(project.build)
        for name in ("ingest.pkl", "dedup.pkl"):
            (project.cache / name).unlink(missing_ok=True)
        shutil.rmtree(project.cache / "articles", ignore_errors=True)
        with faulty_folder(project.cache, errno.ENOSPC, capsys, project, size="80m") as run:
            exit_code, err = run("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
        assert exit_code == 0, err
        assert "Traceback" not in err and "error:" not in err
        assert [line for line in err.splitlines() if line.startswith("warning: cache")], err
        assert len(json.loads((project.build / "flows.geojson").read_text())["features"]) > 10
        battery.nothing_lost(before, project.data)


@pytest.mark.timeout(120)
def test_damaged_caches_are_recomputed(project, battery):
    with battery.case("errors:build:damaged_caches"):
        before, build = snapshot(project.data), project.build_files()
        for path in [project.cache / "ingest.pkl", project.cache / "dedup.pkl",
                     *sorted((project.cache / "articles").glob("*.pkl"))[:3]]:
            path.write_bytes(b"\x80\x04garbage that is not a pickle")
        (project.cache / "nominatim.json").write_text("[not, json")
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert project.build_files() == build  # same articles, same build
        battery.nothing_lost(before, project.data)


# ---------------------------------------------------------------- the gazetteer index heals itself

def set_fingerprint(path, fingerprint: str) -> None:
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value=? WHERE key='fingerprint'", (fingerprint,))
    con.commit()
    con.close()


@pytest.fixture
def tiny_index(tmp_path, monkeypatch, tiny_gazetteer):
    """load_gazetteer on a private cache whose "full" compile is the tiny one (fast)."""
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path / "cache"))
    compiled = []

    def compile_tiny(path, fingerprint, log=None):  # the real writer made tiny_gazetteer's index
        compiled.append(path)
        shutil.copyfile(tiny_gazetteer.path, path)
        set_fingerprint(path, fingerprint)

    monkeypatch.setattr(gz, "compile_full", compile_tiny)
    return compiled


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "other_version"])
def test_a_damaged_index_is_compiled_again(damage, tiny_index, battery):
    with battery.case(f"errors:gazetteer_index_{damage}"):
        first = gz.load_gazetteer(log=lambda m: None)
        path = first.path
        first.close()
        data = path.read_bytes()
        if damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            path.write_bytes(b"this is not a SQLite database at all" * 100)
        elif damage == "empty":
            path.write_bytes(b"")
        else:
            set_fingerprint(path, "someone-elses")
        told = []
        healed = gz.load_gazetteer(log=told.append)
        assert len(tiny_index) == 2 and any("damaged" in m for m in told)
        assert healed.country("KZ") is not None
        healed.close()


@pytest.mark.timeout(240)
def test_the_cli_heals_a_garbage_index_with_the_real_compiler(project, battery):
    """End to end, once: the real ~30 s compile replaces a garbage index, and the build goes on."""
    with battery.case("errors:build:gazetteer_index_garbage_real_compile"):
        before, build = snapshot(project.data), project.build_files()
        (index,) = project.cache.glob("gazetteer-*.sqlite")
        index.write_bytes(index.read_bytes()[:4096])  # truncated to its first page
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q",
                           "--no-cache", timeout=200)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert "damaged" in done.stderr
        assert project.build_files() == build
        battery.nothing_lost(before, project.data)


# ---------------------------------------------------------------- bad review files and paths

@pytest.mark.parametrize("field, value", [("quote_start", "abc"), ("article_id", ["list"]), ("quote", 3),
                                          ("quote_start", True), ("from_place_id", None)])
def test_a_review_entry_of_the_wrong_type_is_one_line(field, value, project, battery):
    with battery.case(f"errors:build:review_{field}_{type(value).__name__}"):
        review = json.loads(project.review.read_text())
        review["entries"][0][field] = value
        project.review.write_text(json.dumps(review))
        before, build = snapshot(project.data), project.build_files()
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q")
        assert done.returncode == 2
        line = one_error_line(done.stderr)
        assert field in line and "review" in line
        assert project.build_files() == build
        battery.nothing_lost(before, project.data)


@pytest.mark.parametrize("args", [
    pytest.param(("build", "--out", "README.md"), id="build_out_is_a_file"),
    pytest.param(("build", "--out", "/proc/x"), id="build_out_in_proc"),
    pytest.param(("add", "README.md", "--articles", "/proc/nope"), id="add_articles_in_proc"),
    pytest.param(("add", "/dev/zero"), id="add_dev_zero"),
    pytest.param(("build", "--articles", "/nonexistent/articles"), id="build_no_articles"),
])
def test_impossible_paths_are_one_line(args, project, battery):
    with battery.case(f"errors:cli:{'_'.join(args)[:40]}"):
        before = snapshot(project.data)
        readme = (REPO / "README.md").read_bytes()
        if args[0] == "build" and "--articles" not in args:
            args += ("--articles", str(project.articles))
        done = project.cli(*args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        if args[:2] == ("add", "/dev/zero"):
            assert "character device, not a regular file" in done.stderr
        else:
            one_error_line(done.stderr)
        assert (REPO / "README.md").read_bytes() == readme
        battery.nothing_lost(before, project.data)


# ---------------------------------------------------------------- the Add page on a bad day

@pytest.mark.timeout(120)
@pytest.mark.parametrize("where", ["articles", "build"])
def test_the_add_page_reports_a_read_only_folder(where, project, monkeypatch, battery):
    monkeypatch.setenv(config.DATA_ENV, str(project.data))
    monkeypatch.setenv(config.CACHE_ENV, str(project.cache))
    monkeypatch.delenv(config.BUILD_ENV, raising=False)
    with battery.case(f"errors:add_page:{where}_read_only"):
        before = snapshot(project.data)
        at = AppTest.from_file(str(REPO / "pages" / "1_Add_articles.py"), default_timeout=90).run()
        at.text_area(key="text").input(NEW.split("---\n\n", 1)[1])
        at.text_input(key="title").input("Students leave for Tbilisi")
        with simulated_os_error(getattr(project, where), errno.EROFS):
            next(b for b in at.button if b.label == "Add article").click().run()
        assert not at.exception
        errors = " ".join(e.value for e in at.error)
        assert "read" in errors and "only" in errors
        battery.nothing_lost(before, project.data)
