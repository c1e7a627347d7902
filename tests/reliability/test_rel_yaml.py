"""Item 1: hostile YAML front matter (billion laughs, deep nesting, huge blocks, bad constructors).

The add, the Add page's upload path and the build each run in a subprocess
under a 1 GiB address-space limit and a time limit: before the fix, one
446-byte file exhausted memory in all three.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys

import pytest

from pipeline.text.frontmatter import MAX_DEPTH, MAX_FRONT_MATTER_CHARS, refusal, split_front_matter

from .kit import REPO, snapshot

pytestmark = pytest.mark.reliability

MEMORY_LIMIT = 1 << 30
BODY = "\n\nIn October 2022, Pavel drove from Kaluga to Oral with two friends.\n"


def billion_laughs(levels: int = 9) -> str:
    """Nine levels of aliases, each nine times the one below: 9**9 strings once expanded."""
    names = "abcdefghi"[:levels]
    lines = [f"a: &a [{','.join(['lol'] * 9)}]"]
    lines += [f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]" for prev, cur in zip(names, names[1:])]
    return "---\n" + "\n".join(lines) + f"\ntitle: *{names[-1]}\n---" + BODY


HOSTILE = {
    "billion_laughs": billion_laughs(),
    "deep_nesting": "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---" + BODY,
    "huge_block": "---\ntitle: " + "x" * (MAX_FRONT_MATTER_CHARS + 10) + "\n---" + BODY,
    "bad_int_constructor": "---\ntitle: !!int abc\n---" + BODY,
    "impossible_date": "---\ntitle: Dates\npublished: 2022-13-45\n---" + BODY,
    "python_object_tag": "---\ntitle: !!python/object/apply:os.system [echo pwned]\n---" + BODY,
}


def _limited():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_limited(args: list[str], env: dict, timeout: float = 60) -> subprocess.CompletedProcess:
    """A Python command under the memory limit."""
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limited)


@pytest.mark.parametrize("source, expected", [
    pytest.param("a: &x 1\nb: *x", "anchors and aliases", id="alias"),
    pytest.param("a: &x 1", "anchors and aliases", id="anchor_alone"),
    pytest.param("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested more than", id="too_deep"),
    pytest.param("a: " + "x" * (MAX_FRONT_MATTER_CHARS + 1), "longer than", id="too_long"),
    pytest.param("title: fine\nnested: {a: [1, 2]}", None, id="ordinary"),
])
def test_refusal_reads_tokens_only(source, expected):
    got = refusal(source)
    assert (got is None) if expected is None else (expected in got)


def test_dates_stay_text_so_an_impossible_one_is_a_warning_not_a_crash():
    fm = split_front_matter("---\npublished: 2022-13-45\n---\nbody")
    assert fm.problem is None and fm.meta == {"published": "2022-13-45"}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_front_matter_is_added_with_a_warning_under_a_memory_limit(name, project, tmp_path, battery):
    with battery.case(f"yaml:add:{name}"):
        before = snapshot(project.data)
        source = tmp_path / f"{name}.md"
        source.write_text(HOSTILE[name], encoding="utf-8")
        done = run_limited(["-m", "pipeline", "add", str(source), "--articles", str(project.articles)], project.env())
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
        assert "added" in done.stdout and "Map updated" in done.stdout
        battery.nothing_lost(before, project.data)


@pytest.mark.timeout(120)
def test_the_add_pages_upload_path_survives_billion_laughs(project, battery):
    script = ("import sys; from pipeline.corpus import add_uploads; "
              "r = add_uploads([('laughs.md', sys.stdin.buffer.read())], sys.argv[1]); print(r[0].status, r[0].message)")
    with battery.case("yaml:add_uploads:billion_laughs"):
        done = subprocess.run([sys.executable, "-c", script, str(project.articles)], cwd=REPO, env=project.env(),
                              input=billion_laughs().encode(), capture_output=True, timeout=60, preexec_fn=_limited)
        out = done.stdout.decode()
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        assert out.startswith("added") and "anchors and aliases" in out


@pytest.mark.timeout(120)
def test_one_hostile_file_never_stops_the_build(project, battery):
    with battery.case("yaml:build:all_hostile_files"):
        for name, text in HOSTILE.items():
            (project.articles / f"{name}.md").write_text(text, encoding="utf-8")
        done = run_limited(["-m", "pipeline", "build", "--articles", str(project.articles),
                            "--out", str(project.build), "-q"], project.env())
        assert done.returncode == 0, done.stderr[-2000:]
        articles = {a["article_id"]: a for a in json.loads((project.build / "articles.json").read_text())}
        assert set(HOSTILE) <= set(articles)
        assert "anchors and aliases" in " ".join(articles["billion_laughs"]["warnings"])
        assert any("date" in w for w in articles["impossible_date"]["warnings"])
        assert articles["impossible_date"]["title"] == "Dates"
        assert all(len(a["title"] or "") <= 300 for a in articles.values())
        flows = json.loads((project.build / "flows.geojson").read_text())["features"]
        assert {f["properties"]["article_id"] for f in flows} >= {"billion_laughs", "odr-russians-flee-kazakhstan"}
