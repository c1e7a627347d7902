"""The dashboard, driven through streamlit.testing's AppTest on tiny builds."""
from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import basemap_files, map_scripts, markup, quotes, tables
from dashboard.details import selected_item
from pipeline import config
from pipeline.devtools import synthetic
from pipeline.build.output import article_record, flows_collection, places_collection, write_build
from pipeline.records import Article, Citation, Mention, Place, Route

APP = str(Path(__file__).resolve().parents[1] / "app.py")
XSS = "<img src=x onerror=alert(1)>"
KALUGA = Place("geonames:1", "Kaluga", "city", "RU", 54.5, 36.3)
DUSHANBE = Place("geonames:2", "Dushanbe", "city", "TJ", 38.6, 68.8)
UZBEKISTAN = Place("country:UZ", "Uzbekistan", "country", "UZ", 41.0, 64.0)
LARS = Place("crossing:verkhny-lars", "Verkhny Lars", "border_crossing", "RU", 42.7, 44.6)
TBILISI = Place("geonames:3", "Tbilisi", "city", "GE", 41.7, 44.8)


def _cite(text: str, article_id: str, quote: str) -> Citation:
    start = text.index(quote)
    return Citation(article_id, start, start + len(quote), quote)


def write_story_build(out, with_text_field=False):
    """Two articles, three routes, one quote carrying an HTML payload."""
    q1 = "A family drove from Kaluga to Dushanbe and then on to Uzbekistan."
    q2 = f'Men queued at Verkhny Lars "for days" {XSS} before reaching Tbilisi.'
    t1 = f"Leaving home\n\nIn late September, many left. {q1} Others stayed.\n\nThe end."
    t2 = f"At the border\n\nThe road was blocked. {q2}\n\nMore later."
    (out / "articles").mkdir(parents=True, exist_ok=True)
    arts = []
    for aid, text, outlet, pub in (("a1", t1, "Steppe Review", "2022-09-27"), ("a2", t2, f"Wire {XSS}", "2022-10-02")):
        path = out / "articles" / f"{aid}.txt"
        path.write_text(text, encoding="utf-8")
        arts.append(Article(aid, str(path), text, title=f"Story {aid}", outlet=outlet,
                            url=f"https://example.org/{aid}", published=pub))
    r1 = Route("r1", "a1", (KALUGA, DUSHANBE, UZBEKISTAN), _cite(t1, "a1", q1), mode="car", people=4,
               event_date="2022-09-25", confidence=0.9)
    r2 = Route("r2", "a2", (LARS, TBILISI), _cite(t2, "a2", q2), mode="foot", status="blocked", people=300)
    r3 = Route("r3", "a2", (KALUGA, TBILISI), _cite(t2, "a2", q2), mode="car", status="planned", confidence=0.9)
    # The Lars leg was added by an analyst: reviewed.
    legs = r1.legs() + [replace(leg, reviewed=True) for leg in r2.legs()] + r3.legs()
    mentions = [Mention(a.article_id, 0, 1, p.name, p) for a, ps in ((arts[0], (KALUGA, DUSHANBE, UZBEKISTAN)),
                                                                       (arts[1], (LARS, TBILISI, KALUGA))) for p in ps]
    records = [article_record(a) for a in arts]
    if not with_text_field:  # a build written before articles.json carried the text
        for rec in records:
            del rec["text"]
    write_build(out, {
        "articles.json": records,
        "places.geojson": places_collection(mentions),
        "flows.geojson": flows_collection(legs, {a.article_id: a.published for a in arts}),
    })
    return out


@pytest.fixture
def story(tmp_path, monkeypatch):
    out = write_story_build(tmp_path / "build")
    monkeypatch.setenv(config.BUILD_ENV, str(out))
    return out


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def deck_spec(at: AppTest) -> dict:
    (chart,) = at.get("deck_gl_json_chart")
    return json.loads(chart.proto.json)


def layer(at: AppTest, layer_id: str) -> list:
    return next(l["data"] for l in deck_spec(at)["layers"] if l["id"] == layer_id)


def summary(at: AppTest) -> str:
    return at.sidebar.markdown[-1].value


def rendered(markdown: str) -> str:
    """What Markdown with backslash escapes shows (pipeline.view.display.plain escapes punctuation)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def page_protos(at: AppTest) -> dict[str, str]:
    """Every element the page sends to the browser, as text, by element type."""
    out: dict[str, list[str]] = {}

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(node, "type", None):
            out.setdefault(node.type, []).append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return {k: "\n".join(v) for k, v in out.items()}


def test_default_view_shows_every_leg(story):
    at = run_app()
    assert not at.exception
    assert summary(at) == "**4 legs from 2 articles**"
    assert len(layer(at, "legs")) == 4
    assert {c["place_id"] for c in layer(at, "crossings")} == {"crossing:verkhny-lars"}
    assert dict(at.query_params) == {}


@pytest.mark.parametrize(
    "widget, value, legs, articles",
    [
        pytest.param("f_statuses", ["blocked"], 1, 1, id="status"),
        pytest.param("f_modes", ["car"], 3, 2, id="mode"),
        pytest.param("f_countries", ["UZ"], 1, 1, id="country_either"),
        pytest.param("f_articles", ["a1"], 2, 1, id="article"),
    ],
)
def test_filters_change_counts_map_and_url(story, widget, value, legs, articles):
    at = run_app()
    at.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    assert summary(at) == f"**{legs} leg{'s' * (legs != 1)} from {articles} article{'s' * (articles != 1)}**"
    assert len(layer(at, "legs")) == legs
    assert at.query_params[widget.removeprefix("f_")] == ",".join(value)


def test_text_and_min_people_filters(story):
    at = run_app()
    at.number_input(key="f_min_people").set_value(100).run()
    assert summary(at) == "**1 leg from 1 article**"
    at.number_input(key="f_min_people").set_value(0)
    at.text_input(key="f_text").set_value("family").run()
    assert summary(at) == "**2 legs from 1 article**"
    assert at.query_params["text"] == "family"


def test_url_state_round_trips(story):
    at = run_app({"statuses": "planned,blocked", "countries": "GE", "country_role": "destination"})
    assert not at.exception
    assert at.multiselect(key="f_statuses").value == ["planned", "blocked"]
    assert at.radio(key="f_country_role").value == "destination"
    assert summary(at) == "**2 legs from 1 article**"
    # The address the app writes back reproduces the same view in a new session.
    again = run_app(dict(at.query_params))
    assert summary(again) == summary(at)
    assert len(layer(again, "legs")) == 2


def test_bad_url_values_are_ignored(story):
    at = run_app({"min_people": "lots", "country_role": "sideways", "statuses": "teleported"})
    assert not at.exception
    assert summary(at) == "**4 legs from 2 articles**"


def test_reset_restores_everything(story):
    at = run_app({"modes": "foot"})
    assert summary(at) == "**1 leg from 1 article**"
    at.button(key="reset_filters").click().run()
    assert summary(at) == "**4 legs from 2 articles**"
    assert dict(at.query_params) == {}


def test_empty_result_says_why_and_how_to_widen(story):
    at = run_app({"text": "no such words"})
    assert summary(at) == "**0 legs from 0 articles**"
    (info,) = at.info
    assert "text = no such words" in rendered(info.value) and "Reset filters" in rendered(info.value)
    assert layer(at, "legs") == []


def test_build_without_flows_explains_itself(tmp_path, monkeypatch):
    out = tmp_path / "b"
    write_build(out, {"articles.json": [], "places.geojson": {"type": "FeatureCollection", "features": []},
                      "flows.geojson": {"type": "FeatureCollection", "features": []}})
    monkeypatch.setenv(config.BUILD_ENV, str(out))
    at = run_app()
    assert not at.exception
    assert "no journeys yet" in at.info[0].value


def test_missing_build_shows_the_command(tmp_path, monkeypatch):
    monkeypatch.setenv(config.BUILD_ENV, str(tmp_path / "nowhere"))
    at = run_app()
    assert not at.exception
    assert "No build to show" in at.error[0].value
    assert "python -m pipeline build" in at.code[0].value


def test_rebuilt_build_is_picked_up(tmp_path, monkeypatch):
    out = synthetic.write_synthetic_build(tmp_path / "syn", synthetic.SyntheticSize(legs=12, places=10, articles=3))
    monkeypatch.setenv(config.BUILD_ENV, str(out))
    at = run_app()
    assert summary(at).startswith("**12 legs")
    time.sleep(0.01)  # a new mtime even on coarse clocks
    synthetic.write_synthetic_build(out, synthetic.SyntheticSize(legs=20, places=10, articles=3))
    at.run()
    assert summary(at).startswith("**20 legs")


def test_online_basemap_is_off_by_default_and_kept_in_url(story):
    at = run_app()
    spec = deck_spec(at)
    assert "mapProvider" not in spec and spec["layers"][0]["id"] == "countries"
    at.toggle(key="online_basemap").set_value(True).run()
    assert deck_spec(at)["mapProvider"] == "carto"
    assert at.query_params["basemap"] == "online"


def test_the_offline_outlines_reach_the_page_as_static_files(story, tmp_path, monkeypatch):
    from pipeline.view import mapview

    monkeypatch.setattr(config, "app_static_dir", lambda: tmp_path / "static")
    monkeypatch.setattr(basemap_files, "_published", {})
    layers = {l["id"]: l for l in deck_spec(run_app({"lon": "44.8", "lat": "41.7", "zoom": "6"}))["layers"]}
    for layer_id, data in (("countries", mapview.shaded_outlines(0.0)), ("borders", mapview._border_segments())):
        url = layers[layer_id]["data"]
        assert url.startswith(f"app/static/basemap/{layer_id}-") and url.endswith(".json")
        assert json.loads((tmp_path / "static" / "basemap" / url.rsplit("/", 1)[1]).read_text("utf-8")) == data
    assert isinstance(layers["labels"]["data"], list)  # the data's own layers stay in the map


def test_a_static_file_is_written_once_per_content_and_named_by_it(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "app_static_dir", lambda: tmp_path)
    monkeypatch.setattr(basemap_files, "_published", {})
    data = [{"start": [0.0, 0.0], "end": [1.0, 1.0]}]
    url = basemap_files.publish("borders", data)
    path = tmp_path / "basemap" / url.rsplit("/", 1)[1]
    assert json.loads(path.read_text("utf-8")) == data
    path.write_text("kept", encoding="utf-8")
    assert basemap_files.publish("borders", data) == url and path.read_text("utf-8") == "kept"  # not rewritten
    assert basemap_files.publish("borders", [{"start": [0.0, 0.0], "end": [2.0, 2.0]}]) != url


def test_outlines_stay_inline_when_the_static_folder_cannot_be_written(tmp_path, monkeypatch):
    import pydeck

    blocker = tmp_path / "static"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setattr(config, "app_static_dir", lambda: blocker)
    monkeypatch.setattr(basemap_files, "_published", {})
    data = {"type": "FeatureCollection", "features": []}
    deck = basemap_files.with_static_basemap(pydeck.Deck(layers=[pydeck.Layer("GeoJsonLayer", id="countries", data=data)]))
    assert deck.layers[0].data == data


def test_article_text_never_reaches_the_page_unescaped(story):
    at = run_app({"articles": "a2"})
    protos = page_protos(at)
    raw = at.get("deck_gl_json_chart")[0].proto.json
    # The app's tooltips carry the verbatim text: Streamlit's frontend escapes tooltip fields itself
    # (escaping here too showed "&lt;"; tests/reliability/test_browser_hostile.py hovers one in chromium).
    assert "&lt;img" not in raw and XSS in json.dumps([r["tip_title"] + r["tip_meta"] + r["tip_quote"]
                                                        for r in layer(at, "legs")])
    # Tables and the options of a select box carry the verbatim text as data,
    # which the browser draws as text, never as HTML; no other element may hold it.
    assert XSS in protos["dataframe"] and XSS in protos["multiselect"]
    shown = {k: v for k, v in protos.items() if k not in ("dataframe", "multiselect", "deck_gl_json_chart")}
    assert {"markdown", "title", "button"} <= set(shown)
    assert "<img" not in "\n".join(shown.values())


def _details_script(build_dir, kind, item_id):
    from dashboard.details import show_details
    from dashboard.views import make_view
    from pipeline.view.buildio import load_build
    from pipeline.view.filters import FilterSpec

    build = load_build(build_dir)
    show_details(build, (kind, item_id), make_view(build, FilterSpec(min_confidence=0.0)))


def details(build_dir, kind, item_id) -> AppTest:
    at = AppTest.from_function(_details_script, args=(str(build_dir), kind, item_id), default_timeout=30)
    return at.run()


def html_bodies(at: AppTest) -> list[str]:
    return [node.proto.body for node in at.get("html")]


@pytest.mark.parametrize("with_text_field", [False, True], ids=["text_from_file", "text_in_build"])
def test_leg_details_show_chain_and_highlighted_quote(tmp_path, with_text_field):
    out = write_story_build(tmp_path / "b", with_text_field=with_text_field)
    at = details(out, "leg", "r1-1")
    assert not at.exception
    bodies = html_bodies(at)
    assert any("Kaluga → Dushanbe → Uzbekistan" in b for b in bodies)
    para = next(b for b in bodies if "<mark" in b)
    assert "In late September, many left. <mark" in para and "</mark> Others stayed." in para
    facts = next(b for b in bodies if "grid-template-columns" in b)
    for label, value in (("Status", "completed"), ("Mode", "car"), ("People", "4 people"), ("Journey date", "2022-09-25"),
                         ("Published", "2022-09-27"), ("Source", "Steppe Review")):
        assert f">{label}</div>" in facts and f">{value}</div>" in facts
    assert any("Story a1" in b for b in bodies)
    assert not any("reviewed by an analyst" in b for b in bodies)


def test_reviewed_legs_are_marked_in_details_and_table(story):
    bodies = "\n".join(html_bodies(details(story, "leg", "r2-0")))
    assert "reviewed by an analyst" in bodies
    assert "reviewed by an analyst" in "\n".join(html_bodies(details(story, "place", "geonames:3")))
    at = run_app()
    (table, _places) = at.dataframe
    rows = zip(table.value["from_name"], table.value["to_name"], table.value["reviewed"])
    reviewed = {(f, t) for f, t, r in rows if r}
    assert reviewed == {("Verkhny Lars", "Tbilisi")}


def test_legs_table_without_reviewed_flag():
    import pandas as pd

    table = tables.legs_table(pd.DataFrame({"from_name": ["A"], "to_name": ["B"], "people": [None]}))
    assert table["reviewed"].tolist() == [False]
    assert tables.legs_table(pd.DataFrame({"reviewed": [True, False, None]}))["reviewed"].tolist() == [True, False, False]


def test_details_escape_the_quote(story):
    at = details(story, "leg", "r2-0")
    bodies = "\n".join(html_bodies(at))
    assert "<img" not in bodies
    assert "&lt;img src=x onerror=alert(1)&gt;" in bodies and "<mark" in bodies


def test_place_details_list_legs_and_articles(story):
    at = details(story, "place", "geonames:3")
    bodies = "\n".join(html_bodies(at))
    assert "Tbilisi" in bodies and "Named in: Story a2" in bodies
    assert "<img" not in bodies


def test_details_of_unknown_items(story):
    assert "not in this build" in details(story, "leg", "nope").info[0].value
    assert "not in this build" in details(story, "place", "nope").info[0].value


@pytest.mark.parametrize(
    "selection, expected",
    [
        pytest.param(None, None, id="nothing"),
        pytest.param({"selection": {"indices": {}, "objects": {}}}, None, id="empty"),
        pytest.param({"selection": {"objects": {"legs": [{"key": "geonames:1|geonames:2|completed", "i": 0}]}}},
                     ("flow", "geonames:1|geonames:2|completed"), id="arc"),
        pytest.param({"selection": {"objects": {"places": [{"place_id": "geonames:1"}]}}}, ("place", "geonames:1"),
                     id="place"),
        pytest.param({"selection": {"objects": {"crossings": [{"place_id": "crossing:a&amp;b"}]}}},
                     ("place", "crossing:a&b"), id="escaped_id"),
    ],
)
def test_selected_item(selection, expected):
    assert selected_item(selection) == expected


@pytest.mark.parametrize(
    "text, start, end, quote, expected",
    [
        pytest.param("T\n\nA b. Q here. C d.\n\nE.", 8, 15, "Q here.", ("A b. ", "Q here.", " C d."), id="offsets"),
        pytest.param("T\n\nQ here.\n\nE.", 0, 3, "Q here.", ("", "Q here.", ""), id="stale_offsets_search"),
        pytest.param("T\n\nSomething else.", 0, 3, "Q here.", None, id="not_in_text"),
        pytest.param(None, 0, 3, "Q", None, id="no_text"),
    ],
)
def test_quote_in_paragraph(text, start, end, quote, expected):
    assert quotes.quote_in_paragraph(text, start, end, quote) == expected


def test_long_paragraph_is_clipped_around_the_quote():
    before, after = "word " * 200, " more" * 200
    text = f"Title\n\n{before}They fled at dawn.{after}\n\nEnd."
    b, q, a = quotes.quote_in_paragraph(text, None, None, "They fled at dawn.", context=50)
    assert q == "They fled at dawn."
    assert b.startswith("…") and b.endswith("word ") and len(b) <= 52
    assert a.endswith("…") and a.startswith(" more") and len(a) <= 52


def test_navigation_titles_the_map_page_and_keeps_the_other_pages(story, tmp_path, monkeypatch):
    monkeypatch.setenv("EXODUS_DATA_DIR", str(tmp_path / "data"))
    at = run_app()
    assert [t.value for t in at.title] == ["exodus map"]
    # AppTest keeps what st.navigation registered (title and URL path per page).
    pages = sorted((info.get("page_name"), info.get("url_pathname")) for info in at._registered_pages.values())
    assert pages == [("Add articles", "Add_articles"), ("Map", ""), ("Review", "Review")]
    for page, title in (("pages/1_Add_articles.py", "Add articles"), ("pages/2_Review.py", "Review extractions"),
                        ("app.py", "exodus map")):
        at.switch_page(page).run()
        assert not at.exception, page
        assert [t.value for t in at.title] == [title]


def test_highlighted_html_escapes_each_part():
    out = markup.highlighted_html(("<b>", XSS, "&"))
    assert out.count("<mark") == 1 and "<img" not in out and "&lt;b&gt;" in out and "&amp;" in out


def test_export_buttons_only_when_there_is_something_to_export(story):
    at = run_app()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["PNG", "SVG", "GEOJSON", "CSV", "HTML"]
    assert at.get("download_button") and not run_app({"text": "nothing like this"}).get("download_button")


def test_legend_explains_arc_and_place_colours(story):
    at = run_app()
    legend = next(b for b in html_bodies(at) if "<b>Arcs</b>" in b)
    for status in ("completed", "planned", "attempted", "blocked"):
        assert status in legend
    for role in ("origin", "transit", "destination", "border crossing"):
        assert role in legend
    assert "largest number of people" in legend and "publication date" in legend


def test_tables_show_no_none_and_count_people_in_and_out(story):
    at = run_app()
    legs, places = at.dataframe
    shown = legs.value.astype(str).to_numpy().ravel().tolist() + places.value.astype(str).to_numpy().ravel().tolist()
    assert not [v for v in shown if v in ("None", "nan", "NaT", "<NA>")]
    assert "not stated" in set(legs.value["people"])  # Kaluga -> Tbilisi states no number
    tbilisi = places.value.loc["geonames:3"]
    assert (tbilisi["people_in"], tbilisi["legs_in"]) == (300, 2)


def test_selection_and_camera_come_from_the_address_and_stay_in_it(story):
    at = run_app({"sel": "place:geonames:3", "lon": "44.8", "lat": "41.7", "zoom": "6"})
    assert not at.exception
    assert any("Tbilisi" in b and "<h3" in b for b in html_bodies(at))
    spec = deck_spec(at)
    assert (spec["initialViewState"]["longitude"], spec["initialViewState"]["zoom"]) == (44.8, 6.0)
    assert (at.query_params["sel"], at.query_params["zoom"]) == ("place:geonames:3", "6")
    at.button(key="zoom_in").click().run()
    assert at.query_params["zoom"] == "7" and deck_spec(at)["initialViewState"]["zoom"] == 7.0
    at.button(key="reset_view").click().run()
    assert "zoom" not in at.query_params and at.query_params["sel"] == "place:geonames:3"


@pytest.mark.parametrize("report, expected", [
    pytest.param({"lon": "53.7344", "lat": "52.1694", "zoom": "4.82"}, (53.7344, 52.1694, 4.82), id="gesture"),
    pytest.param({"lon": "53.7", "lat": "52.1"}, None, id="partial"),
    pytest.param({"lon": "999", "lat": "52.1", "zoom": "4"}, None, id="out_of_range"),
    pytest.param(["53.7", "52.1", "4"], None, id="not_a_mapping"),
    pytest.param(None, None, id="nothing"),
])
def test_a_reported_camera_is_read_like_an_address(report, expected):
    cam = map_scripts.reported_camera(report)
    assert (cam and (cam.longitude, cam.latitude, cam.zoom)) == expected


def test_undated_legs_leave_a_set_date_range_unless_asked(story):
    # Kaluga -> Tbilisi (a2, published 2022-10-02, no journey date) falls back to its published date.
    assert summary(run_app({"event_from": "2022-10-01"})) == "**2 legs from 1 article**"
    assert summary(run_app({"published_from": "2022-10-01"})) == "**2 legs from 1 article**"
    at = run_app({"event_from": "2022-10-01"})
    assert at.checkbox(key="f_include_undated").value is False


# ------------------------------------------------------------ a large build: the same page through DuckDB

def with_parquet(out: Path) -> Path:
    """The build in ``out`` with its Parquet twins written beside its JSON files, as a real build has them."""
    from pipeline.build.columnar import parquet_files

    files = {name: json.loads((out / name).read_text(encoding="utf-8"))
             for name in ("articles.json", "places.geojson", "flows.geojson")}
    twins = parquet_files(files["articles.json"], files["places.geojson"], files["flows.geojson"])
    write_build(out, {**files, **twins})
    return out


@pytest.fixture
def large_story(tmp_path, monkeypatch):
    """The story build, opened by the app as a large one (every build counts as large here)."""
    out = with_parquet(write_story_build(tmp_path / "build", with_text_field=True))
    monkeypatch.setenv(config.BUILD_ENV, str(out))
    monkeypatch.setenv(config.LARGE_BUILD_ENV, "1")
    return out


def _arcs(at: AppTest) -> list[tuple]:
    return sorted((r["key"], r["width"], r["tip_title"], r["tip_meta"]) for r in layer(at, "legs"))


def test_a_large_build_is_read_through_duckdb_and_shows_what_pandas_shows(story, tmp_path, monkeypatch):
    small = run_app()
    with_parquet(story)
    monkeypatch.setenv(config.LARGE_BUILD_ENV, "1")
    large = run_app()
    assert not large.exception
    assert any("read through DuckDB" in c.value for c in large.caption)
    assert not any("read through DuckDB" in c.value for c in small.caption)
    assert summary(large) == summary(small) == "**4 legs from 2 articles**"
    # The same arcs with the same numbers, and the same places with the same roles and sizes.
    assert [(k, w, t) for k, w, t, _ in _arcs(large)] == [(k, w, t) for k, w, t, _ in _arcs(small)]
    places = lambda at: sorted((p["place_id"], p["role"], p["radius"]) for p in layer(at, "places"))  # noqa: E731
    assert places(large) == places(small)
    assert {c["place_id"] for c in layer(large, "crossings")} == {"crossing:verkhny-lars"}
    legs_small, places_small = small.dataframe
    legs_large, places_large = large.dataframe
    assert legs_large.value.equals(legs_small.value)
    assert places_large.value.sort_index().equals(places_small.value.sort_index())


@pytest.mark.parametrize("widget, value, legs, articles", [
    pytest.param("f_statuses", ["blocked"], 1, 1, id="status"),
    pytest.param("f_modes", ["car"], 3, 2, id="mode"),
    pytest.param("f_countries", ["UZ"], 1, 1, id="country_either"),
])
def test_a_large_build_filters_in_the_query(large_story, widget, value, legs, articles):
    at = run_app()
    at.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    assert summary(at) == f"**{legs} leg{'s' * (legs != 1)} from {articles} article{'s' * (articles != 1)}**"


def test_a_large_build_lists_the_first_legs_and_says_how_many_there_are(large_story, monkeypatch):
    from dashboard import views

    monkeypatch.setattr(views, "LEGS_LISTED", 2)
    at = run_app()
    legs, _places = at.dataframe
    assert len(legs.value) == 2
    assert any("The first 2 of 4 legs in view" in c.value for c in at.caption)
    assert [t.label for t in at.tabs][:1] == ["Legs in view (4)"]


def test_a_long_table_lists_the_first_legs_and_the_map_draws_them_all(story, monkeypatch):
    from dashboard import views

    monkeypatch.setattr(views, "LEGS_LISTED", 3)
    at = run_app()
    legs, _places = at.dataframe
    assert len(legs.value) == 3 and len(layer(at, "legs")) == 4
    assert any("The first 3 of 4 legs in view" in c.value for c in at.caption)
    assert summary(at) == "**4 legs from 2 articles**"


def _large_details_script(build_dir, kind, item_id):
    from dashboard.details import show_details
    from dashboard.views import make_view
    from pipeline.view.buildio import open_large_build
    from pipeline.view.filters import FilterSpec

    build = open_large_build(build_dir)
    show_details(build, (kind, item_id), make_view(build, FilterSpec(min_confidence=0.0)))


@pytest.mark.parametrize("kind, item_id, expected", [
    pytest.param("leg", "r1-1", ["Kaluga → Dushanbe → Uzbekistan", "In late September, many left. <mark"],
                 id="leg_with_its_route_and_quote"),
    pytest.param("flow", "crossing:verkhny-lars|geonames:3|blocked",
                 ["Verkhny Lars → Tbilisi", "&lt;img src=x onerror=alert(1)&gt;"], id="arc_with_its_legs"),
    pytest.param("place", "geonames:3", ["2 legs in view start or end here", "Named in: Story a2"],
                 id="place_with_its_legs"),
])
def test_a_large_builds_details_ask_for_their_legs(large_story, kind, item_id, expected):
    at = AppTest.from_function(_large_details_script, args=(str(large_story), kind, item_id), default_timeout=30).run()
    assert not at.exception
    shown = "\n".join(html_bodies(at) + [m.value for m in at.markdown])
    for text in expected:
        assert text in shown, text
    assert "<img" not in "\n".join(html_bodies(at))
