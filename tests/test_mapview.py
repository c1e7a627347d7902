"""The pydeck map spec: records, roles, escaping, offline base map."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from pipeline.view import mapview
from pipeline.view import roles

from pipeline.view import style
from pipeline.view.flows import pair_flows
from pipeline.view.buildio import flows_frame, places_frame
from pipeline.build.output import flows_collection, places_collection
from pipeline.records import Citation, Mention, Place, Route

XSS = '<img src=x onerror=alert(1)>'

KALUGA = Place("geonames:1", "Kaluga", "city", "RU", 54.5, 36.3)
DUSHANBE = Place("geonames:2", "Dushanbe", "city", "TJ", 38.6, 68.8)
UZBEKISTAN = Place("country:UZ", "Uzbekistan", "country", "UZ", 41.0, 64.0)
LARS = Place("crossing:verkhny-lars", "Verkhny Lars", "border_crossing", "RU", 42.7, 44.6)
TBILISI = Place("geonames:3", "Tbilisi", "city", "GE", 41.7, 44.8)
ORAL = Place("geonames:4", "Oral", "city", "KZ", 51.2, 51.4)


def _route(rid, stops, quote="They left.", **kw):
    cite = Citation("a1", 0, len(quote), quote)
    return Route(route_id=rid, article_id="a1", stops=tuple(stops), citation=cite, **kw)


def flows(*routes, published="2022-09-30"):
    legs = [leg for r in routes for leg in r.legs()]
    return flows_frame(flows_collection(legs, {"a1": published})["features"])


def places(*ps, mentions=1):
    ms = [Mention("a1", 0, 1, p.name, p) for p in ps for _ in range(mentions)]
    return places_frame(places_collection(ms)["features"])


def arcs(df, escape_text=True):
    return mapview.flow_records(pair_flows(df), df, escape_text)


def test_flow_records_positions_colours_and_order():
    df = flows(_route("r1", [KALUGA, DUSHANBE, UZBEKISTAN], status="planned", people=120))
    recs = arcs(df)
    assert len(recs) == 2
    # GeoJSON and deck.gl positions are [lon, lat].
    first = next(r for r in recs if r["tip_title"] == "Kaluga → Dushanbe")
    assert first["source"] == [36.3, 54.5] and first["target"] == [68.8, 38.6]
    assert first["key"] == "geonames:1|geonames:2|planned"
    assert first["target_color"][:3] == list(style.STATUS_COLORS["planned"])
    assert first["source_color"][:3] != first["target_color"][:3]
    assert all(s >= t for s, t in zip(first["source_color"][:3], first["target_color"][:3]))
    assert "120 people" in first["tip_meta"] and "planned" in first["tip_meta"]
    assert "1 leg ·" in first["tip_meta"] and "reported by 1 article" in first["tip_meta"]


def test_legs_with_the_same_ends_are_one_arc_as_wide_as_the_largest_figure():
    df = flows(_route("r1", [KALUGA, ORAL], people=300, quote="Some 300 drove."),
               _route("r2", [KALUGA, ORAL], people=5000, quote="Up to 5,000 crossed."),
               _route("r3", [KALUGA, ORAL], quote="Many went."),
               _route("r4", [KALUGA, ORAL], status="blocked", people=10))
    recs = {r["key"]: r for r in arcs(df)}
    assert set(recs) == {"geonames:1|geonames:4|completed", "geonames:1|geonames:4|blocked"}
    done = recs["geonames:1|geonames:4|completed"]
    assert done["width"] == round(style.leg_width(5000), 2) != round(style.leg_width(5300), 2)  # largest, not added
    assert "up to 5,000 people (largest of 2 figures, not added)" in done["tip_meta"]
    assert "3 legs" in done["tip_meta"]
    assert all(q in done["tip_quote"] for q in ("Some 300 drove.", "Up to 5,000 crossed.", "Many went."))


@pytest.mark.parametrize(
    "people, expected",
    [
        pytest.param(None, style.MIN_WIDTH, id="unknown_gets_minimum"),
        pytest.param(1, 2.0, id="one_person"),
        pytest.param(100, 6.0, id="log_scale"),
        pytest.param(10**9, style.MAX_WIDTH, id="capped"),
    ],
)
def test_arc_width_follows_people(people, expected):
    (rec,) = arcs(flows(_route("r1", [KALUGA, ORAL], people=people)))
    assert rec["width"] == pytest.approx(expected)


def test_flow_records_escape_article_text():
    quote = f'He said "go" {XSS} & left'
    evil = Place("geonames:9", f"Town{XSS}", "city", "RU", 50.0, 40.0)
    (rec,) = arcs(flows(_route("r1", [evil, ORAL], quote=quote)))
    blob = json.dumps(rec)
    assert "<img" not in blob and "&lt;img src=x onerror=alert(1)&gt;" in rec["tip_quote"]
    assert "&lt;img" in rec["tip_title"]
    assert '"go"' in rec["tip_quote"]  # text content: quote marks need no escaping


def test_flow_records_skip_degenerate_lines():
    df = flows(_route("r1", [KALUGA, ORAL]))
    df.at[df.index[0], "path"] = [[36.3, 54.5]]
    assert arcs(df) == []


@pytest.mark.parametrize(
    "routes, expected",
    [
        pytest.param([["Kaluga", "Dushanbe", "Uzbekistan"]],
                     {"geonames:1": "origin", "geonames:2": "transit", "country:UZ": "destination"},
                     id="chain"),
        pytest.param([["Kaluga", "Verkhny Lars", "Tbilisi"]],
                     {"geonames:1": "origin", "crossing:verkhny-lars": "border_crossing", "geonames:3": "destination"},
                     id="crossing_kind_wins"),
        pytest.param([["Oral", "Kaluga"], ["Tbilisi", "Oral"], ["Dushanbe", "Oral"]],
                     {"geonames:4": "destination", "geonames:1": "destination", "geonames:3": "origin",
                      "geonames:2": "origin"},
                     id="most_frequent_role"),
        pytest.param([["Oral", "Kaluga"], ["Tbilisi", "Oral"]],
                     {"geonames:4": "destination", "geonames:1": "destination", "geonames:3": "origin"},
                     id="tie_goes_to_destination"),
    ],
)
def test_place_roles(routes, expected):
    by_name = {p.name: p for p in (KALUGA, DUSHANBE, UZBEKISTAN, LARS, TBILISI, ORAL)}
    df = flows(*[_route(f"r{k}", [by_name[n] for n in stops]) for k, stops in enumerate(routes)])
    assert roles.place_roles(df) == expected


def test_place_roles_use_only_the_legs_shown():
    df = flows(_route("r1", [KALUGA, DUSHANBE, UZBEKISTAN]))
    assert roles.place_roles(df[df["leg"] == 1]) == {"geonames:2": "origin", "country:UZ": "destination"}


def test_place_records_roles_sizes_and_symbols():
    df = flows(_route("r1", [KALUGA, LARS, TBILISI], people=2000), _route("r2", [ORAL, TBILISI], people=1))
    pl = pd.concat([places(KALUGA, LARS, TBILISI, ORAL), places(DUSHANBE, mentions=9)], ignore_index=True)
    recs = {r["place_id"]: r for r in mapview.place_records(pl, df)}
    assert recs["geonames:2"]["role"] == "mentioned"
    assert recs["geonames:2"]["color"][:3] == list(style.ROLE_COLORS["mentioned"])
    # Sized by people in and out, not by mentions.
    assert recs["geonames:1"]["radius"] > recs["geonames:4"]["radius"] > recs["geonames:2"]["radius"]
    assert recs["crossing:verkhny-lars"]["kind"] == "border_crossing"
    assert recs["geonames:1"]["legs"] == 1
    assert "2,000 people out, people not stated in" not in recs["geonames:1"]["tip_meta"]
    assert "2,000 people out, 0 people in (1 leg out, 0 legs in)" in recs["geonames:1"]["tip_meta"]
    assert "2,001 people in" in recs["geonames:3"]["tip_meta"]
    assert "1 mention" in recs["geonames:1"]["tip_meta"] and "9 mentions" in recs["geonames:2"]["tip_meta"]


def test_place_and_status_colours_never_share_a_colour():
    assert not set(style.ROLE_COLORS.values()) & set(style.STATUS_COLORS.values())


@pytest.mark.parametrize("n, word, expected", [
    (1, "leg", "1 leg"), (2, "leg", "2 legs"), (0, "article", "0 articles"), (12000, "leg", "12,000 legs"),
])
def test_plural(n, word, expected):
    assert mapview.plural(n, word) == expected


@pytest.mark.parametrize("value, expected", [
    (1, "1 person"), (700000, "700,000 people"), (None, "people not stated"), (float("nan"), "people not stated"),
])
def test_people_text(value, expected):
    assert mapview.people_text(value) == expected


@pytest.mark.parametrize("row, expected", [
    pytest.param({"outlet": "Wire", "title": "T", "article_id": "slug"}, "Wire", id="outlet"),
    pytest.param({"outlet": None, "title": "A title", "article_id": "slug"}, "A title", id="title_not_slug"),
    pytest.param({"outlet": float("nan"), "title": "", "article_id": "slug"}, "slug", id="last_resort"),
])
def test_source_name_prefers_outlet_then_title(row, expected):
    assert mapview.source_name(row) == expected


def test_visible_places():
    pl = places(KALUGA, DUSHANBE, ORAL)
    pl.loc[pl["place_id"] == "geonames:4", "article_ids"] = pd.Series([["other"]], index=pl.index[pl["place_id"] == "geonames:4"])
    df = flows(_route("r1", [KALUGA, DUSHANBE]))
    assert len(mapview.visible_places(pl, df.iloc[0:0], everything=True)) == 3
    assert mapview.visible_places(pl, df.iloc[0:0], everything=False).empty
    assert set(mapview.visible_places(pl, df, everything=False)["place_id"]) == {"geonames:1", "geonames:2"}


def test_fit_view_contains_points():
    view = mapview.fit_view([[36.3, 54.5], [68.8, 38.6]])
    assert 36.3 < view.longitude < 68.8 and 38.6 < view.latitude < 54.5
    assert 2 < view.zoom < 6
    assert mapview.fit_view([]).zoom == 1.0


def _spec(deck):
    return json.loads(deck.to_json())


def test_make_deck_offline_by_default():
    deck = mapview.make_deck(flows(_route("r1", [KALUGA, LARS, TBILISI])), places(KALUGA, LARS, TBILISI))
    spec = _spec(deck)
    assert [layer["id"] for layer in spec["layers"]] == list(mapview.LAYER_IDS)
    assert "mapProvider" not in spec
    # pydeck's "unset" sentinel, which Streamlit draws as no base map.
    assert spec["mapStyle"] == "__MAP_STYLE__"
    text = deck.to_json()
    assert "carto" not in text.lower() and "mapbox" not in text.lower()
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert layers["countries"]["data"]["type"] == "FeatureCollection"
    assert [c["place_id"] for c in layers["crossings"]["data"]] == ["crossing:verkhny-lars"]
    assert layers["crossings"]["data"][0]["icon"]["url"].startswith("data:image/svg+xml")
    assert {p["place_id"] for p in layers["places"]["data"]} == {"geonames:1", "geonames:3"}
    assert "\n" not in text  # compact JSON


def test_make_deck_online_uses_carto_light_without_countries():
    spec = _spec(mapview.make_deck(flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL), online_basemap=True))
    assert spec["mapProvider"] == "carto" and "cartocdn.com" in spec["mapStyle"]
    assert "countries" not in [layer["id"] for layer in spec["layers"]]


def test_make_deck_view_override_and_tooltip():
    deck = mapview.make_deck(flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL),
                             view={"longitude": 1.0, "latitude": 2.0, "zoom": 3})
    spec = _spec(deck)
    assert spec["initialViewState"]["longitude"] == 1.0
    assert "{tip_quote}" in deck._tooltip["html"]


def test_make_deck_escapes_everything_from_articles():
    df = flows(_route("r1", [KALUGA, ORAL], quote=f"Fled {XSS}"))
    df["outlet"] = f"Outlet {XSS}"
    assert "<img" not in mapview.make_deck(df, places(KALUGA, ORAL)).to_json()


def test_make_deck_empty_inputs():
    spec = _spec(mapview.make_deck(pd.DataFrame(), pd.DataFrame()))
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert layers["legs"]["data"] == [] and layers["places"]["data"] == []


@pytest.mark.parametrize(
    "row, present, absent",
    [
        pytest.param({"status": "completed", "mode": "car", "people": 3, "event_date": "2022-09-25",
                      "outlet": "Wire", "published": "2022-09-27"},
                     ["completed", "car", "3 people", "on 2022-09-25", "Wire, 2022-09-27"], ["reviewed"], id="full"),
        pytest.param({"status": "planned", "mode": None, "people": float("nan"), "event_date": float("nan"),
                      "outlet": float("nan"), "article_id": "a1", "published": float("nan")},
                     ["planned", "unknown", "people not stated", "a1"], ["nan", " on "], id="blanks_are_not_nan"),
        pytest.param({"status": "blocked", "reviewed": True}, ["reviewed by an analyst"], [], id="reviewed"),
        pytest.param({"status": "blocked", "reviewed": False}, [], ["reviewed"], id="not_reviewed"),
    ],
)
def test_leg_meta(row, present, absent):
    meta = mapview.leg_meta(row)
    assert all(p in meta for p in present), meta
    assert not any(a in meta for a in absent), meta


@pytest.mark.parametrize(
    "value, expected",
    [(True, True), (False, False), (None, False), (float("nan"), False), ("true", True), ("false", False),
     (1, True), (0, False)],
)
def test_is_reviewed(value, expected):
    assert mapview.is_reviewed(value) is expected


def _square(x, y, size=1.0):
    from shapely.geometry import box

    return box(x, y, x + size, y + size)


@pytest.mark.parametrize(
    "geoms, must_differ",
    [
        pytest.param([], [], id="none"),
        pytest.param([_square(0, 0)], [], id="one"),
        pytest.param([_square(0, 0), _square(1, 0), _square(5, 5)], [(0, 1)], id="touching_pair"),
        pytest.param([_square(0, 0), _square(1.05, 0)], [(0, 1)], id="sliver_gap_counts_as_neighbour"),
        # A 3x3 grid: every square touches up to 8 others (corners too).
        pytest.param([_square(x, y) for x in range(3) for y in range(3)],
                     [(i, j) for i in range(9) for j in range(i + 1, 9)
                      if abs(i // 3 - j // 3) <= 1 and abs(i % 3 - j % 3) <= 1], id="grid"),
    ],
)
def test_shade_indices_neighbours_differ(geoms, must_differ):
    shades = mapview.shade_indices(geoms, n_shades=6)
    assert len(shades) == len(geoms) and all(0 <= s < 6 for s in shades)
    assert all(shades[i] != shades[j] for i, j in must_differ)


def test_shade_indices_reuse_when_shades_run_out():
    # Five squares all within reach of each other, two shades: still valid indices.
    shades = mapview.shade_indices([_square(0, 0), _square(1, 0), _square(0, 1), _square(1, 1), _square(0.5, 0.5)],
                                   n_shades=2)
    assert set(shades) <= {0, 1}


@pytest.mark.parametrize("rgb", [(236, 233, 226), (218, 214, 204), (255, 255, 255)])
def test_over_white_looks_like_the_shade(rgb):
    *c, a = mapview.over_white(rgb)
    assert a == mapview.LAND_ALPHA
    # What the browser shows: the colour blended over the white page.
    shown = [round(v * a / 255 + 255 * (1 - a / 255)) for v in c]
    assert all(abs(s - t) <= 1 for s, t in zip(shown, rgb))


def test_countries_are_shaded_fills_without_border_lines():
    spec = _spec(mapview.make_deck(flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL)))
    countries = next(layer for layer in spec["layers"] if layer["id"] == "countries")
    assert countries["stroked"] is False and countries["filled"] is True
    assert countries["getFillColor"] == "@@=properties.shade"
    shades = {tuple(f["properties"]["shade"]) for f in countries["data"]["features"]}
    assert len(shades) >= 3 and all(s[3] <= 102 for s in shades)  # Streamlit dims to alpha 102 at most


def _coordinates(geometry: dict) -> int:
    """Points in a GeoJSON Polygon or MultiPolygon."""
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else \
        [ring for poly in geometry["coordinates"] for ring in poly]
    return sum(len(ring) for ring in rings)


def test_the_world_is_drawn_with_coarser_outlines_and_never_with_lines():
    df, pl = flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL)
    by_zoom = {}
    for zoom in (0.5, 1.5, 5):
        spec = _spec(mapview.make_deck(df, pl, view={"longitude": 44.6, "latitude": 42.7, "zoom": zoom}))
        features = next(layer for layer in spec["layers"] if layer["id"] == "countries")["data"]["features"]
        # A line in a GeoJSON layer brings deck.gl's costly path layer with it.
        assert {f["geometry"]["type"] for f in features} <= {"Polygon", "MultiPolygon"}
        by_zoom[zoom] = sum(_coordinates(f["geometry"]) for f in features)
        assert len(features) > 200  # every country at every zoom, only simpler
    assert by_zoom[0.5] < by_zoom[1.5] < by_zoom[5]
    assert by_zoom[0.5] < 0.5 * by_zoom[5]


@pytest.mark.parametrize("zoom, expected", [
    pytest.param(0.5, 0.25, id="world"), pytest.param(1.0, 0.1, id="continent_edge"),
    pytest.param(1.99, 0.1, id="continent"), pytest.param(2.0, 0.0, id="region_stored_outlines"),
    pytest.param(9, 0.0, id="close"),
])
def test_outline_tolerance(zoom, expected):
    assert mapview.outline_tolerance(zoom) == expected


def test_polygonal_drops_the_line_slivers_of_a_repaired_outline():
    import shapely

    square = shapely.box(0, 0, 1, 1)
    other = shapely.box(2, 2, 3, 3)
    sliver = shapely.LineString([(5, 5), (5, 5.01)])
    assert mapview.polygonal(square) == square
    got = mapview.polygonal(shapely.GeometryCollection([shapely.MultiPolygon([square, other]), sliver]))
    assert got.geom_type == "MultiPolygon" and got.equals(shapely.MultiPolygon([square, other]))


def test_borders_are_single_segments_for_a_line_layer():
    paths = [[[0.0, 0.0], [1.0, 0.0], [1.0, 0.0], [1.0, 1.0]], [[5.0, 5.0], [6.0, 6.0]]]
    assert mapview.border_segments(paths) == [
        {"start": [0.0, 0.0], "end": [1.0, 0.0]}, {"start": [1.0, 0.0], "end": [1.0, 1.0]},
        {"start": [5.0, 5.0], "end": [6.0, 6.0]}]
    spec = _spec(mapview.make_deck(flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL)))
    borders = next(layer for layer in spec["layers"] if layer["id"] == "borders")
    assert borders["@@type"] == "LineLayer" and borders["getSourcePosition"] == "@@=start"
    assert not [layer for layer in spec["layers"] if layer["@@type"] == "PathLayer"]


def test_the_map_pans_and_zooms_within_what_the_address_holds_but_never_turns():
    from pipeline.view import mapstate

    spec = _spec(mapview.make_deck(flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL),
                                   view={"longitude": 1.0, "latitude": 2.0, "zoom": 3, "pitch": 30, "bearing": 40}))
    view = spec["initialViewState"]
    assert (view["minZoom"], view["maxZoom"]) == (mapstate.MIN_ZOOM, mapstate.MAX_ZOOM)
    assert (view["pitch"], view["bearing"], view["maxPitch"]) == (0, 0, 0)
    controller = spec["views"][0]["controller"]
    assert controller["dragRotate"] is False and controller["touchRotate"] is False
    assert controller["keyboard"] == {"rotateSpeedX": 0, "rotateSpeedY": 0}


def test_make_deck_fits_the_width_given():
    df, pl = flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL)
    wide = mapview.make_deck(df, pl, online_basemap=True, fit_width=1200).initial_view_state
    narrow = mapview.make_deck(df, pl, online_basemap=True, fit_width=400).initial_view_state
    assert narrow.zoom < wide.zoom


def test_offline_map_names_countries_and_cities_by_zoom_under_the_data_labels():
    df, pl = flows(_route("r1", [KALUGA, ORAL])), places(KALUGA, ORAL)
    near = {layer["id"]: layer for layer in _spec(mapview.make_deck(df, pl, view={"longitude": 44.6, "latitude": 42.7,
                                                                                   "zoom": 5.5}))["layers"]}
    far = {layer["id"]: layer for layer in _spec(mapview.make_deck(df, pl, view={"longitude": 44.6, "latitude": 42.7,
                                                                                  "zoom": 1}))["layers"]}
    cities = {c["label"] for c in near["city_names"]["data"]}
    assert {"Grozny", "Tbilisi", "Vladikavkaz"} <= cities
    assert "Grozny" not in {c["label"] for c in far["city_names"]["data"]}  # appears by zoom
    assert "Georgia" in {c["label"] for c in near["country_names"]["data"]}
    assert len(near["borders"]["data"]) > 1000  # land borders, drawn as lines
    for layer_id in ("country_names", "city_names", "labels"):
        assert near[layer_id]["extensions"] == [{"@@type": "CollisionFilterExtension"}]
        assert near[layer_id]["getCollisionPriority"] == "@@=priority"
    lowest_data = min(x["priority"] for x in near["labels"]["data"])
    assert lowest_data > max(x["priority"] for x in near["country_names"]["data"] + near["city_names"]["data"])
    # Names the data labels already carry are not repeated by the base map.
    assert not {x["label"].strip() for x in near["labels"]["data"]} & cities


def test_labels_keep_real_names_in_a_proportional_font():
    moscow = Place("geonames:5", "Москва", "city", "RU", 55.75, 37.6)
    spec = _spec(mapview.make_deck(flows(_route("r1", [moscow, ORAL])), places(moscow, ORAL)))
    labels = next(layer for layer in spec["layers"] if layer["id"] == "labels")
    assert "Москва" in {x["label"].strip() for x in labels["data"]}
    assert labels["characterSet"] == "auto" and "monospace" not in labels["fontFamily"]


def test_places_merge_when_zoomed_out_and_arcs_follow():
    import random

    rnd = random.Random(1)
    towns = [Place(f"geonames:{100 + i}", f"Town {i}", "city", "RU", 55 + rnd.random(), 37 + rnd.random())
             for i in range(90)]
    routes = [_route(f"r{i}", [town, ORAL], people=10) for i, town in enumerate(towns)]
    df, pl = flows(*routes), places(*towns, ORAL)
    world = mapview.map_model(df, pl, view={"longitude": 40, "latitude": 50, "zoom": 2})
    street = mapview.map_model(df, pl, view={"longitude": 37.5, "latitude": 55.5, "zoom": 11})
    assert world.clustering.merged and len(world.flows) < 5
    assert not street.clustering.merged and len(street.flows) == 90
    merged = next(p for p in world.deck.layers[3].data if p["kind"] == "group")
    assert "places merged at this zoom" in merged["tip_meta"]


def test_a_merged_world_view_draws_only_the_largest_flows_and_says_how_many_it_left_out():
    import random

    rnd = random.Random(2)
    # Many scattered towns each sending a different number of people to many others.
    towns = [Place(f"geonames:{300 + i}", f"Town {i}", "city", "XX", rnd.uniform(-50, 60), rnd.uniform(-170, 170))
             for i in range(160)]
    routes = [_route(f"r{i}", [towns[i], towns[(i * 7 + 3) % 160]], people=i + 1) for i in range(160)]
    df, pl = flows(*routes), places(*towns)
    world = mapview.map_model(df, pl, view={"longitude": 0, "latitude": 20, "zoom": 1})
    assert world.clustering.merged and len(world.flows) > mapview.TOP_FLOWS
    arcs = next(layer for layer in world.deck.layers if layer.id == "legs").data
    assert len(arcs) == world.drawn == mapview.TOP_FLOWS and world.hidden == len(world.flows) - mapview.TOP_FLOWS
    drawn = {a["key"] for a in arcs}
    biggest = world.flows.sort_values("people", ascending=False)["key"].head(5)
    assert set(biggest) <= drawn  # the smallest flows give way, never the largest
    close = mapview.map_model(df, pl, view={"longitude": 0, "latitude": 20, "zoom": 12})
    assert not close.clustering.merged and close.hidden == 0


def test_top_flows_rank_by_people_then_legs_and_keep_small_views_whole():
    pairs = pd.DataFrame({"key": list("abcd"), "people": [None, 5.0, 500.0, 5.0], "legs": [9, 1, 1, 2]})
    assert list(mapview.top_flows(pairs, 2)["key"]) == ["a", "c"]  # 9 legs without a figure count as 9
    assert list(mapview.top_flows(pairs, 3)["key"]) == ["a", "c", "d"]
    assert mapview.top_flows(pairs, 10) is pairs
