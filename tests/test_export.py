"""Exports for articles: snapshots (PNG, SVG), data (GeoJSON, CSV), offline HTML, CLI errors."""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from pipeline import cli
from pipeline.cli import export as cli_export

from pipeline import export

from pipeline.export import credits, render, tables
from pipeline.export import html as export_html
from pipeline.export.render import legend as legend_module
from pipeline.export.render import legs as render_legs
from pipeline.export.render import projection

from pipeline.view import style
from pipeline.view.basemap import country_outlines
from pipeline.view.buildio import load_build
from pipeline.view import filters
from pipeline.view.filters import FilterSpec, apply_filters
from pipeline.view.flows import pair_flows

FIXTURE = Path(__file__).parent / "data" / "export"
MALICIOUS = "<img src=x onerror=alert(1)>"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ALL_LEGS = {"rferl-georgia-r0-0", "rferl-georgia-r0-1", "odr-kazakhstan-r0-0", "odr-kazakhstan-r1-0"}


@pytest.fixture(scope="module")
def build():
    return load_build(FIXTURE)


@pytest.fixture(scope="module")
def fixture_legs():
    data = json.loads((FIXTURE / "flows.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["flow_id"]: f for f in data["features"]}


def _pixels_near(img: Image.Image, rgb, tol: int = 12) -> int:
    a = np.asarray(img.convert("RGB")).astype(int)
    return int((np.abs(a - np.array(rgb)).max(axis=2) <= tol).sum())


# --- PNG / SVG ----------------------------------------------------------------

def test_png_decodes_at_requested_width_with_data_drawn(build):
    data = export.export_bytes(build, FilterSpec(), "png", width_px=2000)
    img = Image.open(io.BytesIO(data))
    img.load()
    assert img.format == "PNG"
    assert img.width == 2000 and img.height > 1000
    # Both statuses of the fixture are drawn in the app's colours.
    assert _pixels_near(img, style.STATUS_COLORS["completed"]) > 500
    assert _pixels_near(img, style.STATUS_COLORS["planned"]) > 100


def test_png_marker_sits_where_the_place_projects(build):
    drawn = render.draw_map(build.flows, build.places, country_outlines(), render.MapText("t"), 2400)
    buf = io.BytesIO()
    drawn.figure.savefig(buf, format="png", dpi=drawn.figure.dpi)
    img = Image.open(buf).convert("RGB")
    assert img.width == 2400
    col, row = drawn.to_pixel(37.61556, 55.75222)  # Moscow, the origin of a route
    patch = np.asarray(img)[int(row) - 3:int(row) + 4, int(col) - 3:int(col) + 4].reshape(-1, 3)
    origin = np.array(style.ROLE_COLORS["origin"])
    assert (np.abs(patch - origin).max(axis=1) <= 10).sum() >= 25


def test_png_of_filtered_view_has_only_its_status(build):
    img = Image.open(io.BytesIO(export.export_bytes(build, FilterSpec(statuses=("planned",)), "png")))
    assert _pixels_near(img, style.STATUS_COLORS["planned"]) > 100
    # Completed legs (and their legend entry) are gone.
    assert _pixels_near(img, style.STATUS_COLORS["completed"], tol=6) == 0


def test_static_lines_are_the_maps_flows(build):
    """One line per origin, destination and status, as the app draws (pipeline.view.flows), largest figure wins."""
    legs = build.flows[build.flows["flow_id"] == "odr-kazakhstan-r1-0"]  # Samara -> Oral, planned, 2 people
    again = legs.assign(flow_id="again", people=300)                       # the same move reported again
    other = legs.assign(flow_id="other", status="completed", people=None)  # the same ends, another status
    lines = render_legs.line_table(pd.concat([legs, again, other]))
    got = sorted(zip(lines["status"], lines["people"].fillna(0), lines["legs"], lines["lane"]))
    assert got == [("completed", 0, 1, 1), ("planned", 300, 2, 0)]
    pairs = pair_flows(pd.concat([legs, again, other]))
    assert list(lines["from_place_id"]) == list(pairs["from_id"]) and list(lines["status"]) == list(pairs["status"])
    assert set(lines["from_kind"]) == set(lines["to_kind"]) == {"city"}


def test_map_labels_never_overlap(build):
    drawn = render.draw_map(build.flows, build.places, country_outlines(), render.MapText("t"), 2400)
    renderer = drawn.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in drawn.map_ax.texts if t.get_visible() and t.get_text()
             and not t.get_text().endswith(" km")]
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_svg_parses_and_keeps_editable_text(build):
    title = "Routes <out> & back"
    data = export.export_bytes(build, FilterSpec(), "svg", title=title, subtitle="sub")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    assert title in texts and "Map data: Natural Earth, GeoNames" in texts


SVG_NS = "{http://www.w3.org/2000/svg}"


def _svg_texts(root) -> list[tuple[str, str]]:
    """``(text, class)`` of every ``<text>`` element."""
    return [("".join(t.itertext()), t.get("class") or "") for t in root.iter(f"{SVG_NS}text")]


def test_svg_place_names_scale_and_legend_are_text_elements(build):
    root = ET.fromstring(export.export_bytes(build, FilterSpec(), "svg"))
    texts = _svg_texts(root)
    shown = {t for t, cls in texts if cls != "halo"}
    assert {"Moscow", "Tbilisi", "Verkhny Lars", "Oral", "RUSSIA", "KAZAKHSTAN"} <= shown  # place labels
    assert any(t.endswith(" km") for t in shown)  # the scale bar
    assert {"Journeys reported in the news", "Journey status", "Completed", "Planned"} <= shown
    # No word is drawn as glyph outlines (matplotlib's text-as-path writes <use> of glyph paths).
    assert not [u for u in root.iter(f"{SVG_NS}use") if "Sans" in "".join(u.attrib.values())]
    # Each halo is a white-stroked copy right beneath its name, in the same group.
    for group in root.iter(f"{SVG_NS}g"):
        if (group.get("id") or "").startswith("halo-"):
            halo, name = list(group)
            assert halo.get("class") == "halo" and "stroke: #ffffff" in halo.get("style")
            assert halo.text == name.text and name.get("class") is None


def test_dollar_signs_are_text_not_formulas(build):
    title = "From $5 to $10 a ticket"
    data = export.export_bytes(build, FilterSpec(), "svg", title=title)
    assert title in [t for t, _ in _svg_texts(ET.fromstring(data))]


def _legend_texts(drawn) -> list[str]:
    return [t.get_text() for ax in drawn.figure.axes if ax is not drawn.map_ax for t in ax.texts]


def test_legend_explains_every_style_drawn_and_nothing_else(build):
    drawn = render.draw_map(build.flows, build.places, country_outlines(), render.MapText("t"), 2400)
    legend = _legend_texts(drawn)
    assert {"Completed", "Planned"} <= set(legend) and not {"Blocked", "Attempted"} & set(legend)
    assert {"Origin", "Border crossing", "Destination"} <= set(legend) and "Stop on the way" not in legend
    assert {"not stated", "100,000"} <= set(legend) and "1,000,000" not in legend
    styles = {t.get_label() for t in drawn.map_ax.texts if t.get_visible() and t.get_label() in legend_module.NAME_SAMPLES}
    assert {"end", "stop", "country"} <= styles
    for style_key, (_, meaning) in legend_module.NAME_SAMPLES.items():
        assert (meaning in legend) == (style_key in styles), style_key
    assert not any("dark capitals" in t for t in legend)


def test_legend_leaves_out_name_styles_not_drawn(build):
    legs = apply_filters(build.flows, FilterSpec(articles=("rferl-georgia",)))  # cities and a crossing only
    drawn = render.draw_map(legs, build.places, country_outlines(), render.MapText("t"), 2400)
    legend = _legend_texts(drawn)
    assert legend_module.NAME_SAMPLES["end"][1] in legend
    assert legend_module.NAME_SAMPLES["country"][1] not in legend
    assert "Planned" not in legend and "100,000" not in legend


def test_credits_name_outlets_or_titles_with_dates(build):
    legs = apply_filters(build.flows, FilterSpec())
    assert credits.sources(build, legs) == [
        "RFE/RL (via Oilprice.com), 27 Sep 2022",
        "“Russians flee to Kazakhstan & Uzbekistan”, 28 Sep 2022",  # no outlet: the title, quoted
    ]
    assert credits.credits_line(build, legs).endswith("Map data: Natural Earth, GeoNames.")
    # Past the limit, one entry per source with its date range and count.
    assert credits.sources(build, legs, most=1) == [
        "RFE/RL (via Oilprice.com), 27 Sep 2022",
        "“Russians flee to Kazakhstan & Uzbekistan”, 28 Sep 2022",
    ]


@pytest.mark.parametrize("article, expected", [
    pytest.param({"article_id": "a-slug", "outlet": "Steppe Review", "title": "T"}, "Steppe Review", id="outlet"),
    pytest.param({"article_id": "a-slug", "outlet": None, "title": "Flight, then exile"}, "“Flight, then exile”",
                 id="title_when_no_outlet"),
    pytest.param({"article_id": "a-slug", "outlet": " ", "title": None}, "unnamed source", id="never_the_slug"),
])
def test_source_name_falls_back_to_the_title_never_the_slug(article, expected):
    assert credits.source_name(article) == expected


def test_credits_collapse_many_articles_per_outlet(build):
    articles = build.articles.copy()
    extra = articles.iloc[[0, 0]].assign(article_id=["rferl-2", "rferl-3"], published=["2022-10-01", None])
    articles = pd.concat([articles, extra], ignore_index=True)
    flows = build.flows.copy()
    flows.loc[flows.index[0], "article_id"] = "rferl-2"
    flows.loc[flows.index[1], "article_id"] = "rferl-3"
    flows = pd.concat([flows, build.flows.iloc[[0]]], ignore_index=True)
    got = credits.sources(replace(build, articles=articles, flows=flows), flows, most=2)
    assert got == ["RFE/RL (via Oilprice.com), 27 Sep – 1 Oct 2022, 3 articles",
                   "“Russians flee to Kazakhstan & Uzbekistan”, 28 Sep 2022"]


# --- GeoJSON / CSV ----------------------------------------------------------------

def _geojson(build, spec):
    data = json.loads(export.export_bytes(build, spec, "geojson"))
    legs = [f for f in data["features"] if f["properties"]["feature"] == "leg"]
    places = [f for f in data["features"] if f["properties"]["feature"] == "place"]
    return data, legs, places


def _csv(build, spec):
    text = export.export_bytes(build, spec, "csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_geojson_round_trips_contract_fields(build, fixture_legs):
    data, legs, places = _geojson(build, FilterSpec())
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["flow_id"] for f in legs} == ALL_LEGS
    for f in legs:
        want = fixture_legs[f["properties"]["flow_id"]]
        assert f["geometry"] == want["geometry"]
        for key in export.LEG_FIELDS:
            assert f["properties"][key] == want["properties"][key], key
    assert {f["properties"]["place_id"] for f in places} == set(build.places["place_id"])
    for f in places:
        assert set(export.PLACE_FIELDS) <= set(f["properties"])
    roles = {f["properties"]["name"]: f["properties"]["role"] for f in places}
    assert roles["Moscow"] == "origin" and roles["Verkhny Lars"] == "border_crossing"
    assert roles["Helsinki"] == "mentioned"  # named by an article, on no leg


def test_csv_round_trips_legs_with_citations(build, fixture_legs):
    rows = _csv(build, FilterSpec())
    assert {r["flow_id"] for r in rows} == ALL_LEGS
    for r in rows:
        want = fixture_legs[r["flow_id"]]["properties"]
        for key in export.LEG_FIELDS:
            value = want[key]
            assert r[key] == ("" if value is None else str(value)), key
        (lon0, lat0), (lon1, lat1) = fixture_legs[r["flow_id"]]["geometry"]["coordinates"]
        assert (float(r["from_lon"]), float(r["from_lat"]), float(r["to_lon"]), float(r["to_lat"])) == (
            lon0, lat0, lon1, lat1)
    by_id = {r["flow_id"]: r for r in rows}
    assert by_id["rferl-georgia-r0-0"]["outlet"] == "RFE/RL (via Oilprice.com)"
    assert by_id["rferl-georgia-r0-0"]["url"].startswith("https://")
    assert by_id["odr-kazakhstan-r1-0"]["article_title"] == "Russians flee to Kazakhstan & Uzbekistan"
    assert MALICIOUS in by_id["odr-kazakhstan-r1-0"]["quote"]  # data stays verbatim in CSV


def test_reviewed_flag_reaches_geojson_and_csv(build):
    flows = build.flows.copy()
    flows["reviewed"] = flows["flow_id"] == "odr-kazakhstan-r1-0"  # an analyst's correction
    reviewed = replace(build, flows=flows)
    _, legs, _ = _geojson(reviewed, FilterSpec())
    assert {f["properties"]["flow_id"]: f["properties"]["reviewed"] for f in legs} == {
        flow_id: flow_id == "odr-kazakhstan-r1-0" for flow_id in ALL_LEGS}
    rows = _csv(reviewed, FilterSpec())
    assert {r["flow_id"]: r["reviewed"] for r in rows} == {
        flow_id: "true" if flow_id == "odr-kazakhstan-r1-0" else "false" for flow_id in ALL_LEGS}


@pytest.mark.parametrize("spec, expected", [
    pytest.param(FilterSpec(countries=("KZ",), country_role="destination"),
                 {"odr-kazakhstan-r0-0", "odr-kazakhstan-r1-0"}, id="to_kazakhstan"),
    pytest.param(FilterSpec(countries=("GE",)), {"rferl-georgia-r0-1"}, id="georgia_either_end"),
    pytest.param(FilterSpec(statuses=("planned",)), {"odr-kazakhstan-r1-0"}, id="planned_only"),
    pytest.param(FilterSpec(min_people=1000), {"odr-kazakhstan-r0-0"}, id="min_people"),
    pytest.param(FilterSpec(articles=("rferl-georgia",)), {"rferl-georgia-r0-0", "rferl-georgia-r0-1"},
                 id="one_article"),
    pytest.param(FilterSpec(text="verkhny"), {"rferl-georgia-r0-0", "rferl-georgia-r0-1"}, id="quote_text"),
])
def test_filtered_exports_hold_only_the_filtered_legs(build, spec, expected):
    assert set(apply_filters(build.flows, spec)["flow_id"]) == expected
    _, legs, places = _geojson(build, spec)
    assert {f["properties"]["flow_id"] for f in legs} == expected
    assert {r["flow_id"] for r in _csv(build, spec)} == expected
    on_legs = {f["properties"][k] for f in legs for k in ("from_place_id", "to_place_id")}
    assert on_legs <= {f["properties"]["place_id"] for f in places}


def test_filtered_geojson_places_are_those_the_app_draws(build):
    _, _, places = _geojson(build, FilterSpec(articles=("rferl-georgia",)))
    # On the legs, or named by the article of the legs; Samara is neither.
    assert {f["properties"]["name"] for f in places} == {"Moscow", "Verkhny Lars", "Tbilisi", "Russia"}


@pytest.mark.parametrize("value, expected", [
    pytest.param("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")", id="formula"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at_sign"),
    pytest.param("-2+3", "'-2+3", id="minus"),
    pytest.param("Oral, Kazakhstan", "Oral, Kazakhstan", id="plain_text"),
    pytest.param(12, 12, id="number"),
])
def test_csv_cells_never_run_as_formulas(value, expected):
    assert tables.csv_safe(value) == expected


# --- HTML ---------------------------------------------------------------------

def test_html_is_offline_and_escapes_article_text(build):
    page = export.export_bytes(build, FilterSpec(), "html", title="Map <b>title</b>").decode("utf-8")
    assert export_html.external_references(page) == []
    assert not re.search(r"""<script[^>]*\bsrc\s*=\s*["']?https?:""", page, re.I)
    assert MALICIOUS not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>title</b>" not in page and "Map &lt;b&gt;title&lt;/b&gt;" in page
    assert "Kazakhstan &amp; Uzbekistan" in page  # the credits line, escaped once


def test_html_cannot_be_broken_out_of_by_a_quote(build):
    flows = build.flows.copy()
    flows.loc[flows.index[0], "quote"] = "</script><script>alert(1)</script>"
    page = export.export_bytes(replace(build, flows=flows), FilterSpec(), "html").decode("utf-8")
    assert "<script>alert(1)" not in page


def test_offline_html_drops_cdn_tags_and_refuses_leftovers():
    page = ('<html><head><title>pydeck</title><script src="https://cdn.example/x.js"></script>'
            '<link rel="stylesheet" href=https://cdn.example/s.css /></head><body>'
            '<div id="deck-container"></div></body></html>')
    out = export_html.offline_html(page, "T", "S", "C")
    assert "cdn.example" not in out and "<title>T</title>" in out
    with pytest.raises(export.ExportError, match="internet"):
        export_html.offline_html(page.replace("<title>", "<script src='//cdn.example/y.js' defer><title>"), "T", "", "")


def _deck_json(page: str) -> dict:
    """The deck the page draws (pydeck writes it as ``const jsonInput = {...};``)."""
    return json.loads(re.search(r"const jsonInput = (\{.*?\});\n", page, re.S).group(1))


def _pacific_build(build):
    """The fixture with its planned leg moved to Vladivostok -> Anchorage, across the antimeridian."""
    flows = build.flows.copy()
    i = flows.index[flows["flow_id"] == "odr-kazakhstan-r1-0"][0]
    flows.at[i, "path"] = [[131.9, 43.1], [-149.9, 61.2]]
    return replace(build, flows=flows)


def test_html_legend_explains_what_the_page_draws(build):
    page = export.export_bytes(build, FilterSpec(), "html").decode("utf-8")
    legend = re.search(r'<details id="exodus-legend".*?</details>', page, re.S).group(0)
    assert "Completed" in legend and "Planned" in legend and "Blocked" not in legend
    assert "not stated" in legend and "100,000" in legend
    assert "Origin" in legend and "Border crossing" in legend and "Named, on no journey shown" in legend
    planned = export.export_bytes(build, FilterSpec(statuses=("planned",)), "html").decode("utf-8")
    legend = re.search(r'<details id="exodus-legend".*?</details>', planned, re.S).group(0)
    assert "Completed" not in legend and "not stated" not in legend and "100,000" not in legend


def test_html_wraps_the_antimeridian(build):
    page = export.export_bytes(_pacific_build(build), FilterSpec(), "html").decode("utf-8")
    deck = _deck_json(page)
    assert deck["views"][0]["repeat"] is True  # the world repeats: no land cut at 180
    arcs = next(layer for layer in deck["layers"] if layer["@@type"] == "ArcLayer")["data"]
    assert arcs and all(abs(a["target"][0] - a["source"][0]) <= 180 for a in arcs)
    pacific = next(a for a in arcs if a["source"][0] == pytest.approx(131.9))
    assert pacific["target"][0] == pytest.approx(-149.9 + 360)  # the short way, over the Pacific
    # pydeck's standalone bundle has no deck.gl extensions: none may be asked for.
    assert "CollisionFilterExtension" not in page


@pytest.mark.parametrize("lons, seam", [
    pytest.param([131.9, -149.9], -9.0, id="pacific_pair_cut_on_the_far_side"),
    pytest.param([-10.0, 10.0, 40.0], -165.0, id="europe_cut_in_the_pacific"),
])
def test_html_seam_is_the_middle_of_the_widest_gap(lons, seam):
    got = export_html.seam_longitude(lons)
    assert min(abs(got - seam), 360 - abs(got - seam)) < 1e-9


@pytest.mark.parametrize("path, west, expected", [
    pytest.param([[170, 50], [-170, 55]], -20.0, [[170, 50], [190, 55]], id="east_across_180"),
    pytest.param([[-170, 50], [170, 55]], -20.0, [[190, 50], [170, 55]], id="start_moved_into_window"),
    pytest.param([[10, 50], [30, 55]], -20.0, [[10, 50], [30, 55]], id="untouched"),
    pytest.param([[175, 0], [-179, 1], [-175, 2]], 0.0, [[175, 0], [181, 1], [185, 2]], id="every_step_short"),
])
def test_html_paths_take_the_short_way(path, west, expected):
    assert np.allclose(export_html.unwrap_path(path, west), expected)


def test_thin_labels_keeps_the_more_important_of_overlapping_names():
    big = {"size": 12.0, "offset": [0, 0], "baseline": "center"}
    data = [{"position": [37.6, 55.7], "label": "Moscow", "priority": 500},
            {"position": [37.7, 55.8], "label": "Balashikha", "priority": 400},  # on top of Moscow
            {"position": [69.2, 41.3], "label": "Tashkent", "priority": 300}]
    base = [{"position": [37.65, 55.75], "label": "Russia", "priority": -200},
            {"position": [100.0, 60.0], "label": "Siberia", "priority": -300}]
    places, countries = export_html.thin_labels([(data, big), (base, big)], zoom=3.0)
    assert [r["label"] for r in places] == ["Moscow", "Tashkent"]
    assert [r["label"] for r in countries] == ["Siberia"]


@pytest.mark.browser
def test_html_renders_in_chromium_without_network(build, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "map.html"
    path.write_bytes(export.export_bytes(_pacific_build(build), FilterSpec(), "html"))
    requests, dialogs, errors = [], [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.route("http*://**/*", lambda route: (requests.append(route.request.url), route.abort()))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(path.as_uri())
        # A generous bound: software WebGL on a busy 2-core machine takes 20 s or more to draw.
        page.wait_for_selector("#deck-container canvas", timeout=90_000)
        page.mouse.move(400, 300)
        page.wait_for_timeout(1500)
        legend_visible = page.is_visible("#exodus-legend")
        browser.close()
    assert requests == [] and dialogs == [] and errors == []  # deck.gl drew the page without an error
    assert legend_visible


# --- errors and CLI -----------------------------------------------------------------

def test_export_bytes_rejects_unknown_format_and_empty_view(build):
    with pytest.raises(export.ExportError, match="unknown format"):
        export.export_bytes(build, FilterSpec(), "jpeg")
    with pytest.raises(export.ExportError, match="no legs match"):
        export.export_bytes(build, FilterSpec(countries=("FR",)), "csv")


@pytest.fixture
def run_cli(monkeypatch, capsys):
    # Only the export command: the CLI's error handling, without the other commands' imports.
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("pipeline.export",))

    def run(*argv):
        code = cli.main(["export", *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_cli_writes_a_filtered_export(run_cli, tmp_path):
    out = tmp_path / "sub" / "legs.geojson"
    code, stdout, err = run_cli("--build", FIXTURE, "-o", out, "--country", "kz,GE", "--status", "completed")
    assert code == 0 and err == "" and "wrote" in stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    ids = {f["properties"]["flow_id"] for f in data["features"] if f["properties"]["feature"] == "leg"}
    assert ids == {"rferl-georgia-r0-1", "odr-kazakhstan-r0-0"}
    assert [p.name for p in out.parent.iterdir()] == ["legs.geojson"]  # no temp file left


@pytest.mark.parametrize("args, message", [
    pytest.param(["--format", "gif"], "unknown format 'gif'", id="unknown_format"),
    pytest.param(["--country", "FR"], "no legs match", id="empty_selection"),
    pytest.param(["--build", "/nonexistent/build"], "no build at", id="missing_build"),
    pytest.param(["--published-from", "27/09/2022"], "--published-from must be a date", id="bad_date"),
    pytest.param(["--status", "fled"], "--status: unknown value 'fled'", id="bad_status"),
    pytest.param(["--country", "Kazakhstan"], "two-letter ISO codes", id="bad_country"),
    pytest.param(["--width", "1200", "--format", "png"], "PNG width must be between 2000", id="png_too_narrow"),
])
def test_cli_bad_requests_get_one_line_and_exit_2(run_cli, tmp_path, args, message):
    out = tmp_path / "out.csv"
    base = ["--build", FIXTURE, "-o", out]
    if "--build" in args:
        base = base[2:]
    code, stdout, err = run_cli(*base, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_cli_writes_alt_text_next_to_an_image(run_cli, tmp_path, fmt):
    out = tmp_path / f"map.{fmt}"
    code, stdout, _ = run_cli("--build", FIXTURE, "-o", out, "--status", "planned")
    alt = (tmp_path / "map.alt.txt").read_text(encoding="utf-8")
    assert code == 0 and "map.alt.txt" in stdout
    assert alt == export.alt_text_for(load_build(FIXTURE), FilterSpec(statuses=("planned",))) + "\n"
    assert "Samara to Oral" in alt and "planned" in alt


def test_cli_writes_no_alt_text_for_data(run_cli, tmp_path):
    code, _, _ = run_cli("--build", FIXTURE, "-o", tmp_path / "legs.csv")
    assert code == 0 and [p.name for p in tmp_path.iterdir()] == ["legs.csv"]


def _parse(*argv):
    parser = argparse.ArgumentParser()
    cli_export.register(parser.add_subparsers())
    return cli_export.spec_from_args(parser.parse_args(["export", "-o", "x.csv", *argv]))


@pytest.mark.parametrize("default", [True, False])
def test_cli_undated_default_is_the_apps(monkeypatch, default):
    @dataclass(frozen=True)
    class Spec(FilterSpec):  # the filter's default, whichever way it is decided
        include_undated: bool = default

    monkeypatch.setattr(filters, "FilterSpec", Spec)
    assert _parse().include_undated is default is filters.FilterSpec().include_undated
    assert _parse("--undated", "include").include_undated is True
    assert _parse("--undated", "exclude").include_undated is False


def test_cli_undated_option_keeps_or_drops_legs_without_a_date(run_cli, tmp_path):
    build_dir = tmp_path / "build"
    shutil.copytree(FIXTURE, build_dir)
    articles = json.loads((build_dir / "articles.json").read_text(encoding="utf-8"))
    for a in articles:
        if a["article_id"] == "odr-kazakhstan":
            a["published"] = None
    (build_dir / "articles.json").write_text(json.dumps(articles), encoding="utf-8")
    flows = json.loads((build_dir / "flows.geojson").read_text(encoding="utf-8"))
    for f in flows["features"]:
        if f["properties"]["article_id"] == "odr-kazakhstan":
            f["properties"]["published"] = None
    (build_dir / "flows.geojson").write_text(json.dumps(flows), encoding="utf-8")

    def legs(*argv):
        out = tmp_path / "legs.csv"
        code, _, err = run_cli("--build", build_dir, "-o", out, "--published-from", "2022-09-01", *argv)
        assert code == 0, err
        return {r["flow_id"] for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")))}

    assert legs("--undated", "include") == ALL_LEGS
    assert legs("--undated", "exclude") == {"rferl-georgia-r0-0", "rferl-georgia-r0-1"}
    assert legs() == legs("--undated", "include" if FilterSpec().include_undated else "exclude")


def test_cli_unwritable_path_is_one_line_and_keeps_nothing(run_cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code, _, err = run_cli("--build", FIXTURE, "-o", blocker / "out.csv")
    assert code == 2 and err.count("\n") == 1 and "cannot write" in err


def test_failed_export_leaves_existing_file_alone(run_cli, tmp_path):
    out = tmp_path / "old.csv"
    out.write_text("previous export")
    code, _, _ = run_cli("--build", FIXTURE, "-o", out, "--min-people", "10000000")
    assert code == 2 and out.read_text() == "previous export"


# --- projection and geometry --------------------------------------------------------

@pytest.mark.parametrize("lons, lats, world, proj", [
    pytest.param([37.6, 44.8, 51.4], [55.7, 41.7, 51.2], False, "laea", id="caucasus_region"),
    pytest.param([-100.0, 37.6, 151.2, -58.4], [20.0, 55.7, -33.9, -34.6], True, "eqearth", id="four_continents"),
    pytest.param([-100.0, 37.6, 100.0], [20.0, 55.7, 48.0], False, "laea", id="round_the_pole"),
    pytest.param([-70.0, -58.0], [-33.0, -34.6], False, "laea", id="southern_hemisphere"),
])
def test_projection_suits_the_extent(lons, lats, world, proj):
    crs, is_world, _ = projection.choose_crs(np.array(lons), np.array(lats))
    assert is_world is world and f"+proj={proj}" in crs.srs


@pytest.mark.parametrize("lons, seam", [
    pytest.param([-10.0, 0.0, 10.0], 180.0, id="europe_cut_in_pacific"),
    pytest.param([170.0, -170.0, 175.0], 0.0, id="pacific_cut_at_greenwich"),
])
def test_world_seam_falls_in_the_widest_gap(lons, seam):
    got = projection.seam_longitude(np.array(lons))
    assert min(abs(got - seam), 360 - abs(got - seam)) < 1e-6


def test_lines_crossing_the_seam_are_split():
    ll = np.array([[170.0, 50.0], [179.0, 51.0], [-179.0, 51.0], [-170.0, 50.0]])
    pieces = projection.split_at_seam(ll, 180.0)
    assert [len(p) for p in pieces] == [2, 2]
    assert projection.split_at_seam(ll, 0.0) == [ll] or len(projection.split_at_seam(ll, 0.0)) == 1


def test_outlines_are_clipped_after_projecting(build):
    crs, world, lon_0 = projection.choose_crs(np.array([37.6, 44.8]), np.array([55.7, 41.7]))
    box = (-1e6, -1e6, 1e6, 1e6)
    land = projection.project_outlines(country_outlines(), crs, box, world, lon_0)
    xmin, ymin, xmax, ymax = land.total_bounds
    assert (xmin, ymin, xmax, ymax) == pytest.approx(box)  # straight edges on the box itself


@pytest.mark.parametrize("xy, distance, end", [
    pytest.param([[0, 0], [10, 0], [10, 10]], 4.0, [10.0, 6.0], id="within_last_segment"),
    pytest.param([[0, 0], [10, 0], [10, 2]], 5.0, [7.0, 0.0], id="drops_a_vertex"),
    pytest.param([[0, 0], [10, 0], [10, 10]], 12.0, [10.0, 10.0], id="too_short_to_trim"),
])
def test_trim_end_shortens_by_distance(xy, distance, end):
    assert projection.trim_end(np.array(xy, dtype=float), distance)[-1] == pytest.approx(end)


def _large_twin(tmp_path: Path, monkeypatch) -> Path:
    """The fixture build with its Parquet twins, read as a large build (every build counts as large here)."""
    from pipeline import config
    from pipeline.build.columnar import parquet_files
    from pipeline.build.output import write_build

    files = {name: json.loads((FIXTURE / name).read_text(encoding="utf-8"))
             for name in ("articles.json", "places.geojson", "flows.geojson")}
    out = tmp_path / "large"
    write_build(out, {**files, **parquet_files(files["articles.json"], files["places.geojson"], files["flows.geojson"])})
    monkeypatch.setenv(config.LARGE_BUILD_ENV, "1")
    return out


@pytest.mark.parametrize("fmt", ["csv", "geojson", "png", "html"])
@pytest.mark.parametrize("spec", [FilterSpec(), FilterSpec(min_confidence=0.0), FilterSpec(countries=("GE",)),
                                  FilterSpec(modes=("car",), min_confidence=0.0)],
                         ids=["default", "every_candidate", "georgia", "by_car"])
def test_a_large_build_exports_what_the_json_build_exports(build, tmp_path, monkeypatch, fmt, spec):
    from pipeline.view.buildio import read_build

    large = read_build(_large_twin(tmp_path, monkeypatch))
    assert large.query is not None
    try:
        assert len(filters.apply_filters(build.flows, spec)) > 0
        assert export.export_bytes(large, spec, fmt) == export.export_bytes(build, spec, fmt)
        with pytest.raises(export.ExportError):
            export.export_bytes(large, FilterSpec(text="no quote says this"), fmt)
    finally:
        large.query.close()
