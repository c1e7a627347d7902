"""Item 7: the smaller cases: invisible characters, bidi overrides, odd uploads, links, retries.

Unicode normalisation happens once, at ingest, before any offset is taken,
so every quote is verbatim to the stored text.
"""
from __future__ import annotations

import json
import os
import stat

import pytest

from pipeline import corpus
from pipeline.build import run_build
from pipeline.export import export_bytes
from pipeline.ingest import parse_article_text
from pipeline.text.normalise import normalise_text
from pipeline.text.urls import http_url
from pipeline.view.buildio import load_build
from pipeline.view.filters import FilterSpec

from dashboard.tables import legs_table

from .kit import make_project, snapshot

pytestmark = pytest.mark.reliability

TRIP = "In October 2022, Pavel drove from Moscow to {dest} with two friends, his sister said.\n"


@pytest.mark.parametrize("raw, expected", [
    pytest.param("Hel\u200bsinki", "Helsinki", id="zero_width_space"),
    pytest.param("Hel\u00adsinki", "Helsinki", id="soft_hyphen"),
    pytest.param("Hel\u2060sin\ufeffki", "Helsinki", id="word_joiner_and_bom"),
    pytest.param("Hel\u200dsinki", "Helsinki", id="joiner_between_ascii_letters"),
    pytest.param("Tbilisi\u202e ,yrtnuoc", "Tbilisi ,yrtnuoc", id="right_to_left_override"),
    pytest.param("\u2067Oral\u2069", "Oral", id="bidi_isolates"),
    pytest.param("Bishkek\x1b[31m\x07", "Bishkek[31m", id="terminal_escapes"),
    pytest.param("Qostanay\u0301", "Qostanaý", id="nfc"),
    pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
                 id="persian_non_joiner_kept"),
    pytest.param("\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469", id="emoji_joiner_kept"),
    pytest.param("tab\tand\nlines\r\n", "tab\tand\nlines\r\n", id="whitespace_kept"),
    pytest.param("Kab\U000e0041ul \u0600Herat\x85", "Kabul Herat", id="tags_and_controls_beyond_ascii"),
    pytest.param("caf\u00e9 \u0130stanbul \u00e9", "caf\u00e9 \u0130stanbul \u00e9", id="visible_letters_kept_again"),
])
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=c", True), ("http://example.org", True), ("javascript:alert(1)", False),
    ("JAVASCRIPT:alert(1)", False), ("data:text/html,<b>x</b>", False), ("//example.org", False),
    ("https://exa mple.org", False), ("http://[::1", False), ("https:///nohost", False), (None, False),
])
def test_http_url(url, ok):
    assert (http_url(url) is not None) is ok


@pytest.fixture
def bare(tmp_path, cache):
    """A project without a build."""
    return make_project(tmp_path, cache, build=False)


def build(project):
    run_build(project.articles, project.build, progress=None)
    return load_build(project.build)


@pytest.mark.timeout(120)
def test_invisible_characters_and_overrides_never_reach_the_map(bare, battery):
    (bare.articles / "zwsp.txt").write_text(TRIP.format(dest="Hel\u200bsinki"), encoding="utf-8")
    (bare.articles / "rlo.txt").write_text(
        "In October 2022, Anna flew from Moscow to Tbilisi \u202eyad eno ni\u202c with her son, she said.\n",
        encoding="utf-8")
    with battery.case("text:zero_width_space_in_a_place_name"):
        b = build(bare)
        legs = b.flows[b.flows["article_id"] == "zwsp"]
        assert set(legs["to_name"]) == {"Helsinki"} and set(legs["to_country"]) == {"FI"}
    with battery.case("text:bidi_override_in_a_quote"):
        table = legs_table(b.flows)
        assert not any(ch in q for q in table["quote"] for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
    with battery.case("text:quotes_verbatim_to_the_stored_text"):
        texts = dict(zip(b.articles["article_id"], b.articles["text"]))
        for _, leg in b.flows.iterrows():
            assert texts[leg["article_id"]][leg["quote_start"]:leg["quote_end"]] == leg["quote"]
        assert all("\u200b" not in t and "\u202e" not in t for t in texts.values())


@pytest.mark.timeout(120)
def test_a_javascript_link_in_a_file_never_reaches_the_table_or_exports(bare, battery):
    (bare.articles / "js.md").write_text("---\ntitle: Links\nurl: javascript:alert(document.cookie)\n---\n\n"
                                         + TRIP.format(dest="Tbilisi"), encoding="utf-8")
    with battery.case("text:javascript_url_in_a_file"):
        b = build(bare)
        article = b.articles.set_index("article_id").loc["js"]
        assert article["url"] is None and any("http(s)" in w for w in article["warnings"])
        assert not any(isinstance(u, str) and u for u in legs_table(b.flows)["url"])
        for fmt in ("csv", "geojson", "html"):
            assert b"javascript:alert" not in export_bytes(b, FilterSpec(), fmt)


@pytest.mark.timeout(120)
def test_invalid_front_matter_is_said_in_the_warnings_and_never_the_title(bare, tmp_path, battery):
    upload = "---\ntitle: [unclosed\noutlet: x\n---\n\n" + TRIP.format(dest="Tbilisi")
    with battery.case("text:invalid_yaml_in_an_upload"):
        (result,) = corpus.add_uploads([("bad.md", upload.encode())], bare.articles)
        assert result.status == "added" and "malformed front matter" in result.message
    (bare.articles / "direct.md").write_text("---\n---\n---\n\n" + TRIP.format(dest="Oral"), encoding="utf-8")
    with battery.case("text:invalid_yaml_in_a_file"):
        b = build(bare)
        rows = b.articles.set_index("article_id")
        assert any("malformed front matter" in w for w in rows.loc[result.article_id, "warnings"])
        assert all(t and any(c.isalnum() for c in t) for t in rows["title"])
    assert parse_article_text("---\n\nText of the article.\n", "x").title == "Text of the article."


def test_odd_uploads_get_a_clear_message(bare, tmp_path, battery):
    before = snapshot(bare.data)
    with battery.case("text:5000_character_upload_name"):
        (result,) = corpus.add_uploads([("a" * 5000 + ".txt", TRIP.format(dest="Oral").encode())], bare.articles)
        assert result.status == "added", result.message
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for name, path, words in (("dev_zero", "/dev/zero", "character device"), ("fifo", str(fifo), "FIFO"),
                              ("missing", str(tmp_path / "nope.txt"), "does not exist")):
        with battery.case(f"text:add_{name}"):
            try:
                (source, sub), = corpus.submissions_from_path(path)
                assert isinstance(sub, corpus.CorpusError) and words in str(sub)
            except corpus.CorpusError as exc:
                assert words in str(exc)
    battery.nothing_lost(before, bare.data)


def test_added_files_are_readable_like_any_file(bare, battery):
    with battery.case("text:added_file_mode"):
        (result,) = corpus.add_uploads([("trip.txt", TRIP.format(dest="Oral").encode())], bare.articles)
        umask = os.umask(0o022)
        os.umask(umask)
        assert stat.S_IMODE(os.stat(result.path).st_mode) == 0o666 & ~umask


@pytest.mark.timeout(120)
def test_a_retry_after_a_killed_add_puts_the_article_on_the_map(project, tmp_path, battery):
    new = tmp_path / "students.md"
    new.write_text("---\ntitle: Students leave\n---\n\n" + TRIP.format(dest="Tbilisi"), encoding="utf-8")
    with battery.case("text:retry_after_killed_add"):
        # An add killed after writing its file and before its rebuild: the file is there, the map is not.
        first = project.cli("add", str(new), "--articles", str(project.articles), "--no-build")
        assert first.returncode == 0
        retry = project.cli("add", str(new), "--articles", str(project.articles))
        assert retry.returncode == 0, retry.stderr
        assert "duplicate" in retry.stdout and "Map updated" in retry.stdout
        ids = {a["article_id"] for a in json.loads((project.build / "articles.json").read_text())}
        assert "students-leave" in ids


@pytest.mark.timeout(120)
def test_an_oversized_file_in_the_folder_is_skipped_and_said(bare, battery):
    with battery.case("text:oversized_file_in_the_folder"):
        (bare.articles / "huge.txt").write_bytes(b"Pavel drove from Kaluga to Oral. " * 200_000)  # 6.6 MB
        b = build(bare)
        huge = b.articles.set_index("article_id").loc["huge"]
        assert huge["chars"] == 0 and any("limit is 5 MB" in w for w in huge["warnings"])
        assert len(b.flows) > 10  # the other articles are built
