"""Loading articles: decoding, bad files, front matter, metadata."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.ingest import (
    decode_bytes, find_published, load_article, load_articles, make_title, parse_article_text,
)

DATA = Path(__file__).parent / "data" / "ingest"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize("data, text, warnings", [
    pytest.param("Café in Kraków.".encode(), "Café in Kraków.", (), id="utf8"),
    pytest.param(b"\xef\xbb\xbfPlain text.", "Plain text.", (), id="utf8_bom"),
    pytest.param("Границу закрыли вчера.".encode("cp1251"), "Границу закрыли вчера.",
                 ("decoded as windows-1251",), id="cp1251"),
    pytest.param("Café crème à Málaga, “ok”.".encode("cp1252"), "Café crème à Málaga, “ok”.",
                 ("decoded as windows-1252",), id="cp1252_not_mistaken_for_cyrillic"),
    pytest.param(b"Stra\xdfe \x81 Grenze", "Straße \x81 Grenze", ("decoded as latin-1",), id="latin1"),
    pytest.param("Queue at the border – 20 km, “slow”.".encode() + b"\x96", "Queue at the border – 20 km, “slow”.\ufffd",
                 ("1 invalid UTF-8 byte(s) replaced",), id="mostly_utf8"),
    pytest.param("Hi there".encode("utf-16"), "Hi there", ("decoded as utf-16",), id="utf16_bom"),
])
def test_decode_bytes(data, text, warnings):
    assert decode_bytes(data) == (text, warnings)


@pytest.mark.parametrize("name, text_start, warnings", [
    pytest.param("empty.txt", "", ("empty file",), id="empty"),
    pytest.param("binary.txt", "", ("binary file, skipped",), id="binary_nul_bytes"),
    pytest.param("cp1251.txt", "Беженцы пересекли границу", ("decoded as windows-1251", "no publication date found"),
                 id="cp1251"),
    pytest.param("cp1252.txt", "Café owners in Málaga", ("decoded as windows-1252", "no publication date found"),
                 id="cp1252"),
    pytest.param("latin1.txt", "Straße nach Österreich", ("decoded as latin-1", "no publication date found"),
                 id="latin1"),
    pytest.param("bom.txt", "People crossed", ("no publication date found",), id="bom_dropped"),
    pytest.param("front_matter.md", "Families cross into Colombia", (), id="front_matter"),
])
def test_load_article_fixtures(name, text_start, warnings):
    article = load_article(DATA / name)
    assert article.article_id == Path(name).stem
    assert article.path == str(DATA / name)
    assert article.text.startswith(text_start)
    assert article.warnings == warnings


def test_unreadable_file_is_a_warning(tmp_path):
    article = load_article(tmp_path / "missing.txt")
    assert article.text == "" and article.article_id == "missing"
    assert article.warnings[0].startswith("unreadable file:")


def test_whitespace_only_file_is_empty(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b" \n\r\n\t\n")
    assert load_article(tmp_path / "blank.txt").warnings == ("empty file",)


def test_many_control_characters_mean_binary(tmp_path):
    (tmp_path / "ctl.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 20 + b"some text")
    assert load_article(tmp_path / "ctl.txt").warnings == ("binary file, skipped",)


def test_front_matter_metadata():
    article = load_article(DATA / "front_matter.md")
    assert (article.title, article.outlet, article.url, article.published) == (
        "Families cross into Colombia at Cúcuta", "Example Wire", "https://example.org/cucuta", "2019-02-23")
    assert "author:" not in article.text and "---" not in article.text


def test_malformed_front_matter_is_read_as_text():
    article = load_article(DATA / "bad_front_matter.md")
    assert article.warnings[0].startswith("malformed front matter")
    assert article.outlet is None
    assert "Boats left the Libyan coast for Lampedusa overnight" in article.text
    assert article.published == "2023-03-03"  # from the dateline in the body


@pytest.mark.parametrize("head, closed, published, warning", [
    pytest.param("published: 2022-09-27", True, "2022-09-27", None, id="yaml_date"),
    pytest.param("published: 2022-09-27T10:09:00", True, "2022-09-27", None, id="yaml_datetime"),
    pytest.param("published: '27 September 2022'", True, "2022-09-27", None, id="string_date"),
    pytest.param("published: soon", True, None, "unrecognised published date in front matter: 'soon'", id="garbage"),
    pytest.param("- just\n- a list", True, None, "malformed front matter (not a mapping), read as text",
                 id="not_mapping"),
    pytest.param("title: x", False, None, "malformed front matter (no closing ---), read as text", id="unterminated"),
])
def test_front_matter_cases(head, closed, published, warning):
    raw = f"---\n{head}\n{'---' if closed else ''}\n\nPeople crossed the river into Chad at dawn, officials said.\n"
    article = parse_article_text(raw, "x")
    assert article.published == published
    if warning:
        assert warning in article.warnings
        assert article.text.endswith("People crossed the river into Chad at dawn, officials said.")
    else:
        assert article.warnings == ()
        assert article.text == "People crossed the river into Chad at dawn, officials said."


def test_front_matter_keys_are_case_insensitive_with_aliases():
    raw = "---\nTitle: T\nSource: Wire\nDate: 2020-03-01\nlink: https://x.org/a\n---\nBody text here, they said.\n"
    article = parse_article_text(raw, "a")
    assert (article.title, article.outlet, article.published, article.url) == ("T", "Wire", "2020-03-01",
                                                                               "https://x.org/a")


def test_parse_article_text_metadata_from_text():
    raw = ("oDR: Feature\n\nPeople flee across the river into Chad\n\nJane Doe\n27 September 2022, 10.09am\n\n"
           "Thousands of Sudanese families crossed the river into Chad on Monday, officials said.\n")
    article = parse_article_text(raw, "chad", "chad.txt")
    assert article.title == "People flee across the river into Chad"
    assert article.published == "2022-09-27"
    assert article.text.startswith("People flee across the river into Chad\n\nThousands of Sudanese")
    assert (article.article_id, article.path, article.outlet, article.url) == ("chad", "chad.txt", None, None)
    assert article.warnings == ()


def test_excerpt_style_date_marker():
    raw = " date 2022-09-27 “A week ago it was calm,” Oleg wrote to us on Telegram.\n\nMore text here, he said.\n"
    article = parse_article_text(raw, "excerpt")
    assert article.published == "2022-09-27"
    assert article.text.startswith("“A week ago it was calm,” Oleg wrote")


def test_event_dates_in_sentences_are_not_publication_dates():
    raw = ("Central Asia Grapples With An Influx\n\n"
           "On September 26, 2022, one man biked from Karaganda to Astana with a placard.\n")
    article = parse_article_text(raw, "rferl")
    assert article.published is None
    assert article.warnings == ("no publication date found",)


def test_find_published_only_looks_near_the_top():
    body = "\n\n".join(["Thousands crossed the border into Georgia on Monday, officials said."] * 14)
    menu = "\n".join(["World", "Europe", "Asia", "Opinion", "Sport"] * 4)
    assert find_published(body + "\n\n27 September 2022") is None
    assert find_published("Headline\n\n27 September 2022\n\n" + body) == "2022-09-27"
    assert find_published(f"{menu}\nLast modified on Tue 27 Sep 2022 07.12 BST\n\n{body}") == "2022-09-27"


@pytest.mark.parametrize("text, title", [
    pytest.param("# Exodus to Georgia\n\nBody.", "Exodus to Georgia", id="markdown_heading"),
    pytest.param("\n\n  Short title  \n\nBody.", "Short title", id="trimmed"),
    pytest.param("", None, id="empty"),
    pytest.param("word " * 100, ("word " * 40).strip() + "…", id="cut_at_word"),
])
def test_make_title(text, title):
    assert make_title(text) == title


def test_nothing_left_after_cleaning_is_a_warning():
    article = parse_article_text("Share\nLeave a comment\nBack to top\n", "chrome")
    assert article.text == ""
    assert "no article text left after removing boilerplate" in article.warnings


def test_load_articles_directory(tmp_path, capsys):
    (tmp_path / "b.md").write_text("# B story\n\nPeople crossed the river into Chad at dawn.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Published: 2023-03-03\n\nBoats left Libya for Lampedusa.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("Same id as a.txt.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "notes.csv").write_text("x,y\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden\n", encoding="utf-8")
    calls = []
    articles = load_articles(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert [a.article_id for a in articles] == ["a", "b", "c"]
    assert articles[0].path.endswith("a.md")  # first by name wins the id
    assert articles[0].warnings[-1] == "a.txt skipped: same article id as an earlier file"
    assert articles[2].warnings == ("binary file, skipped",)
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]
    err = capsys.readouterr().err
    assert "warning: c: binary file, skipped" in err
    assert "warning: a: a.txt skipped" in err


def test_load_articles_missing_directory(tmp_path):
    with pytest.raises(FileNotFoundError, match="articles directory not found"):
        load_articles(tmp_path / "nope")


def test_front_matter_yaml_dates_round_trip():
    raw = "---\ntitle: T\npublished: 2021-08-15\n---\nKabul airport crowds grew, witnesses said.\n"
    article = parse_article_text(raw, "kabul")
    assert article.published == dt.date(2021, 8, 15).isoformat()
    assert article.title == "T"


needs_shared = pytest.mark.skipif(not (SHARED / "articles").is_dir(), reason="../shared is not checked out")


@pytest.mark.slow
@needs_shared
def test_seed_metadata():
    articles = {a.article_id: a for a in load_articles(SHARED / "articles")}
    assert len(articles) == 5
    assert articles["odr-russians-flee-kazakhstan"].published == "2022-09-27"
    assert articles["odr-russians-flee-kazakhstan-excerpt"].published == "2022-09-27"
    assert articles["rferl-central-asia-influx"].published is None
    assert articles["odr-russians-flee-kazakhstan"].title == "Fearful of a call-up to fight, Russians flee to Kazakhstan"
    assert articles["rferl-central-asia-influx"].title == "Central Asia Grapples With Influx Of Russians Fleeing Conscription"
    assert articles["odr-russians-flee-kazakhstan-excerpt"].text.startswith("“A week ago you could have called it")
