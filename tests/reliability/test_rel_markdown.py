"""Item 3: every user-supplied string is rendered as text, never as Markdown.

Two checks. Statically, every call that renders Markdown in the app
(``st.markdown``, ``st.caption``, ``st.info``, ... and ``label=``/``help=``
texts) in ``app.py``, ``dashboard/`` and ``pages/`` gets only text that
cannot carry markup: literals, constants, numbers, or text passed through
``pipeline.view.display.plain``. At run time, the map page is opened with
hostile URL parameters and a build whose articles carry Markdown and links,
and every Markdown element it sends is rendered (markdown-it, CommonMark)
to check that no link or image comes out. ``test_rel_browser.py`` does the
same in chromium.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from pipeline import config
from pipeline.build.output import article_record, flows_collection, places_collection, write_build
from pipeline.records import Article, Citation, Mention, Place, Route
from pipeline.view.display import plain

from .kit import REPO

pytestmark = pytest.mark.reliability

APP = str(REPO / "app.py")
SOURCES = sorted([REPO / "app.py", *(REPO / "dashboard").glob("*.py"), *(REPO / "pages").glob("*.py")])
# Streamlit calls whose text is rendered as Markdown.
MARKDOWN_CALLS = {"markdown", "caption", "info", "warning", "error", "success", "write", "title", "header",
                  "subheader", "toast", "exception",
                  "html"}  # st.html: HTML, so only the escaping helpers of dashboard.markup may feed it
MARKDOWN_KEYWORDS = {"label", "help", "body"}
# Calls that return text which cannot carry markup: escaped text, numbers, escaped HTML fragments.
SAFE_CALLS = {"plain", "len", "int", "float", "round", "text_html", "facts_html", "highlighted_html"}
NUMERIC_SPEC = re.compile(r".*[,dfge%]$")

HOSTILE = {
    "image": "![p](http://evil.example/pixel.png)",
    "link": "qqq). **Session expired** — [re-login here](http://evil.example/phish) (",
    "bare_url": "http://evil.example/phish www.evil.example user@evil.example",
    "html": "<img src=http://evil.example/x.png onerror=alert(1)>",
    "autolink": "<http://evil.example/auto>",
}


# ---------------------------------------------------------------- the static walk

def _is_constant_name(node: ast.AST) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    return bool(name) and name.isupper()


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def safe(node: ast.AST, assigned: dict[str, list[ast.AST]]) -> bool:
    """True when ``node`` evaluates to text that shows literally under Markdown."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(safe(v, assigned) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        spec = node.format_spec
        numeric = isinstance(spec, ast.JoinedStr) and NUMERIC_SPEC.match(
            "".join(v.value for v in spec.values if isinstance(v, ast.Constant)))
        return bool(numeric) or safe(node.value, assigned)
    if isinstance(node, ast.Call):
        return _call_name(node) in SAFE_CALLS
    if isinstance(node, ast.BinOp):
        return safe(node.left, assigned) and safe(node.right, assigned)
    if isinstance(node, ast.IfExp):
        return safe(node.body, assigned) and safe(node.orelse, assigned)
    if isinstance(node, (ast.List, ast.Tuple)):
        return all(safe(e, assigned) for e in node.elts)
    if isinstance(node, ast.Subscript):  # an entry of a constant table: ICONS[r.status]
        return _is_constant_name(node.value)
    if _is_constant_name(node):
        return True
    if isinstance(node, ast.Name) and node.id in assigned:  # a local assigned only safe values
        return all(safe(v, {}) for v in assigned[node.id])
    return False


def _renders_markdown(call: ast.Call) -> bool:
    """``st.info(...)``, ``status.update(...)``, ``{"x": st.success}[k](...)``, ``getattr(st, kind)(...)``."""
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr in MARKDOWN_CALLS
    if isinstance(f, ast.Subscript) and isinstance(f.value, ast.Dict):
        return any(isinstance(v, ast.Attribute) and v.attr in MARKDOWN_CALLS for v in f.value.values)
    return isinstance(f, ast.Call) and _call_name(f) == "getattr"


def markdown_sinks(source: str) -> list[tuple[int, ast.AST, dict]]:
    """Every text argument that a call renders as Markdown, with the file's assignments to names.

    A name passed to such a call is safe only when every assignment to it in
    the file is (conservative: one table of assignments per file).
    """
    tree = ast.parse(source)
    assigned: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
    sinks = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if _renders_markdown(node) and node.args:
            sinks.append((node.lineno, node.args[0], assigned))
        for kw in node.keywords:
            text_kw = kw.arg == "text" and _call_name(node) in ("progress", "spinner")
            if kw.arg in MARKDOWN_KEYWORDS or text_kw:
                sinks.append((node.lineno, kw.value, assigned))
    return sinks


def test_the_walk_finds_the_call_sites():
    """The walk must see the sites it guards (a renamed call would silently escape it)."""
    counts = {p.name: len(markdown_sinks(p.read_text(encoding="utf-8"))) for p in SOURCES}
    assert counts["map_page.py"] >= 5 and counts["1_Add_articles.py"] >= 6 and counts["details.py"] >= 10


def test_the_walk_tells_safe_from_unsafe():
    def verdict(src: str) -> bool:
        (_, node, assigned), = markdown_sinks(src)
        return safe(node, assigned)

    assert verdict('st.info(f"{len(x):,} legs")') and verdict('st.info(plain(msg))')
    assert verdict('st.caption(LEGEND)') and verdict('st.error(f"No build: {plain(exc)}")')
    assert not verdict('st.info(empty_message(build, spec))')
    assert not verdict('st.markdown(f"**{summary}**")')
    assert not verdict('st.info(f"text = {spec.text}")')
    assert not verdict('st.write(value)')


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_markdown_call_site_gets_escaped_text(path, battery):
    with battery.case(f"markdown:static:{path.name}"):
        unsafe = [f"line {line}: {ast.unparse(node)}"
                  for line, node, assigned in markdown_sinks(path.read_text(encoding="utf-8"))
                  if not safe(node, assigned)]
        assert unsafe == [], "render untrusted text with pipeline.view.display.plain, not as Markdown"
        assert "unsafe_allow_html" not in path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- at run time

MD = MarkdownIt("commonmark")
# GFM's autolink literals (Streamlit's Markdown has them; CommonMark does not): they link text outside code
# spans even when it was backslash-escaped, so they are looked for in the rendered text.
AUTOLINK = re.compile(r"(?i)https?://|www\.|\w@\w")


def rendered_links(markdown: str) -> list[str]:
    """Links, images and raw HTML that ``markdown`` would render, as Streamlit's Markdown would."""
    html = MD.render(markdown)
    found = re.findall(r"<(?:a|img)\b[^>]*>", html)
    outside_code = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    return found + AUTOLINK.findall(outside_code)


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_plain_defeats_each_payload(text):
    assert rendered_links(plain(text)) == [] and MD.render(plain(text)).count("evil") == text.count("evil")


def hostile_build(out: Path) -> Path:
    """One article whose metadata and quote carry every payload."""
    kaluga = Place("geonames:1", HOSTILE["link"], "city", "RU", 54.5, 36.3)
    oral = Place("geonames:4", "Oral", "city", "KZ", 51.2, 51.4)
    quote = f"In October, Pavel drove from Kaluga to Oral {HOSTILE['image']}."
    text = f"Leaving\n\n{quote}\n\nThe end."
    art = Article("trip", "trip.txt", text, title=HOSTILE["link"], outlet=HOSTILE["bare_url"],
                  url="https://example.org/trip", published="2022-10-05")
    start = text.index(quote)
    route = Route("r1", "trip", (kaluga, oral), Citation("trip", start, start + len(quote), quote))
    write_build(out, {"articles.json": [article_record(art)],
                      "places.geojson": places_collection([Mention("trip", 0, 1, p.name, p) for p in (kaluga, oral)]),
                      "flows.geojson": flows_collection(route.legs(), {"trip": art.published})})
    return out


def markdown_elements(at: AppTest) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader"):
        out += [el.value for el in at.get(kind)]
    return out


@pytest.mark.parametrize("param", ["text", "outlets", "articles", "countries", "event_from"])
def test_hostile_url_parameters_render_as_text(param, tmp_path, monkeypatch, battery):
    monkeypatch.setenv(config.BUILD_ENV, str(hostile_build(tmp_path / "build")))
    for name, payload in HOSTILE.items():
        with battery.case(f"markdown:url:{param}:{name}"):
            at = AppTest.from_file(APP, default_timeout=60)
            at.query_params[param] = payload
            at.run()
            assert not at.exception
            shown = markdown_elements(at)
            assert shown, "the page showed nothing"
            assert [link for md in shown for link in rendered_links(md)] == []


def test_hostile_article_data_renders_as_text(tmp_path, monkeypatch, battery):
    monkeypatch.setenv(config.BUILD_ENV, str(hostile_build(tmp_path / "build")))
    with battery.case("markdown:data:title_outlet_place_quote"):
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception
        assert [link for md in markdown_elements(at) for link in rendered_links(md)] == []
        # The data itself reaches the page only as table cells and map data, never as Markdown.
        spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
        assert any(HOSTILE["link"] in json.dumps(layer.get("data"), ensure_ascii=False) for layer in spec["layers"])
