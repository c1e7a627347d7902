"""The read side's flows, clusters, time steps and map state (pure functions, tiny frames)."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.view import clusters, flows, mapstate, timeline
from pipeline.view.filters import FilterSpec, apply_filters, from_query_params, to_query_params


def leg(fid, a, b, status="completed", people=None, article="a1", event=None, published="2022-09-30",
        quote="q"):
    return {"flow_id": fid, "route_id": fid, "leg": 0, "from_place_id": a, "to_place_id": b, "from_name": a.upper(),
            "to_name": b.upper(), "status": status, "people": people, "article_id": article, "event_date": event,
            "published": published, "quote": quote, "path": [[0.0, 0.0], [1.0, 1.0]], "from_country": "RU",
            "to_country": "GE", "mode": "car", "confidence": 0.9, "reviewed": False}


LEGS = pd.DataFrame([
    leg("l1", "ru", "ge", people=700000, article="a1"),
    leg("l2", "ru", "ge", people=700000, article="a2"),       # the same crowd, reported again
    leg("l3", "ru", "ge", people=None, article="a3"),
    leg("l4", "ru", "ge", status="blocked", people=20),
    leg("l5", "ge", "tr", people=50),
])


def test_one_flow_per_ends_and_status_with_the_largest_figure():
    out = flows.pair_flows(LEGS).set_index("key")
    assert set(out.index) == {"ru|ge|completed", "ru|ge|blocked", "ge|tr|completed"}
    ru_ge = out.loc["ru|ge|completed"]
    assert ru_ge["people"] == 700000  # two reports of one crowd are not added
    assert (ru_ge["legs"], ru_ge["articles"], ru_ge["reports"]) == (3, 3, 2)
    assert ru_ge["flow_ids"] == ("l1", "l2", "l3")
    assert list(flows.pair_flows(LEGS)["key"])[0] == "ru|ge|completed"  # busiest first


def test_place_totals_add_flows_once_each():
    totals = flows.place_totals(flows.pair_flows(LEGS))
    assert totals.loc["ru"].to_dict() == {"people_out": 700020, "people_in": 0, "legs_out": 4, "legs_in": 0}
    assert totals.loc["ge"].to_dict() == {"people_out": 50, "people_in": 700020, "legs_out": 1, "legs_in": 4}


def test_flows_follow_groups_and_drop_legs_inside_one():
    groups = {"ru": "g1", "ge": "g1"}
    out = flows.pair_flows(LEGS, groups, positions={"g1": [5.0, 5.0]}, names={"g1": "RU +1"})
    assert list(out["key"]) == ["g1|tr|completed"]
    assert out["source"].iat[0] == [5.0, 5.0] and out["from_name"].iat[0] == "RU +1"


@pytest.mark.parametrize("key, parts", [
    ("a|b|completed", ("a", "b", "completed")), ("crossing:x|country:GE|blocked", ("crossing:x", "country:GE", "blocked")),
    ("a|b", None), ("||", None), ("", None),
])
def test_flow_keys(key, parts):
    assert flows.split_key(key) == parts


def test_leg_dates_fall_back_to_the_published_date():
    df = pd.DataFrame([leg("a", "x", "y", event="2022-09-21"), leg("b", "x", "y", event=None),
                       leg("c", "x", "y", event="", published=None)])
    assert flows.leg_dates(df).tolist()[:2] == ["2022-09-21", "2022-09-30"] and pd.isna(flows.leg_dates(df).iat[2])


# --- the one filter: dates ---------------------------------------------------------------

DATED = pd.DataFrame([leg("event", "x", "y", event="2022-09-21", published="2022-10-30"),
                      leg("published", "x", "y", event=None, published="2022-09-28"),
                      leg("undated", "x", "y", event=None, published=None)])


@pytest.mark.parametrize("spec, kept", [
    pytest.param(FilterSpec(), ["event", "published", "undated"], id="no_range_keeps_all"),
    pytest.param(FilterSpec(event_from="2022-09-25"), ["published"], id="journey_date_falls_back_to_published"),
    pytest.param(FilterSpec(event_to="2022-09-25"), ["event"], id="journey_date_first"),
    pytest.param(FilterSpec(published_from="2022-09-28"), ["event", "published"], id="set_range_drops_undated"),
    pytest.param(FilterSpec(published_from="2022-09-28", include_undated=True), ["event", "published", "undated"],
                 id="undated_on_request"),
])
def test_date_filters(spec, kept):
    assert list(apply_filters(DATED, spec)["flow_id"]) == kept


def test_undated_default_is_off_and_its_url_round_trips():
    assert FilterSpec().include_undated is False
    assert to_query_params(FilterSpec(include_undated=True)) == {"include_undated": "1"}
    assert from_query_params({"include_undated": "1"}).include_undated is True
    assert from_query_params({}).include_undated is False


# --- clusters --------------------------------------------------------------------------

def _grid(n, lon0=30.0, lat0=50.0, step=0.01):
    return [(f"p{i}", f"P{i}", lon0 + step * i, lat0, float(i)) for i in range(n)]


def test_nearby_places_merge_at_low_zoom_and_split_when_zoomed_in():
    near = _grid(100)  # 100 places within one degree
    far = clusters.cluster_places(near, zoom=2, min_places=10)
    assert far.merged and len(set(far.groups.values())) <= 2
    gid = far.groups["p99"]
    assert far.names[gid].startswith("P99 +")  # named after its heaviest member
    assert 30.0 <= far.positions[gid][0] <= 31.0
    middle = clusters.cluster_places(near, zoom=8, min_places=10)
    assert len(set(middle.groups.values())) > 5 * len(set(far.groups.values()))
    assert not clusters.cluster_places(near, zoom=12, min_places=10).merged  # every place on its own


def test_small_views_are_never_merged():
    assert not clusters.cluster_places(_grid(5), zoom=0).merged


# --- time steps ------------------------------------------------------------------------

SPAN = (date(2022, 9, 1), date(2022, 9, 30))


def test_playback_steps_a_week_at_a_time_to_the_end():
    window = timeline.first_step(SPAN)
    assert window == (date(2022, 9, 1), date(2022, 9, 7))
    seen = [window]
    while (window := timeline.next_step(window, SPAN)) is not None:
        seen.append(window)
    assert [w[1].day for w in seen] == [7, 14, 21, 28, 30] and all(w[0] == SPAN[0] for w in seen)
    assert timeline.step_label(seen[1], SPAN) == "Week 2 of 5: journeys from 2022-09-01 to 2022-09-14"


@pytest.mark.parametrize("low, high, expected", [
    (None, None, SPAN), (date(2022, 8, 1), date(2023, 1, 1), SPAN),
    (date(2022, 9, 20), date(2022, 9, 10), (date(2022, 9, 10), date(2022, 9, 20))),
])
def test_clamp_window(low, high, expected):
    assert timeline.clamp_window(low, high, SPAN) == expected


def test_date_span_and_parsing():
    assert timeline.date_span(DATED) == (date(2022, 9, 21), date(2022, 9, 28))
    assert timeline.parse_date("2022-9-1") is None and timeline.parse_date(" 2022-09-01 ") == date(2022, 9, 1)


# --- the map's state in the URL -----------------------------------------------------------

@pytest.mark.parametrize("params, expected", [
    pytest.param({"lon": "44.6", "lat": "42.7", "zoom": "6.5"}, mapstate.Camera(44.6, 42.7, 6.5), id="camera"),
    pytest.param({"lon": "44.6", "lat": "42.7"}, None, id="partial"),
    pytest.param({"lon": "444", "lat": "42.7", "zoom": "3"}, None, id="out_of_range"),
    pytest.param({"lon": "nan", "lat": "42.7", "zoom": "3"}, None, id="not_finite"),
    pytest.param({"lon": "x", "lat": "42.7", "zoom": "3"}, None, id="not_a_number"),
    # deck.gl pans to Web Mercator's edge; a view there still round-trips.
    pytest.param({"lon": "-179.5", "lat": "85.0511", "zoom": "0"}, mapstate.Camera(-179.5, 85.0511, 0.0),
                 id="mercator_edge"),
    pytest.param({"lon": "0", "lat": "85.06", "zoom": "0"}, None, id="beyond_mercator"),
    pytest.param({"lon": "0", "lat": "0", "zoom": "12.5"}, None, id="deeper_than_the_map_goes"),
])
def test_camera_from_params(params, expected):
    assert mapstate.camera_from_params(params) == expected


def test_camera_and_selection_round_trip():
    cam = mapstate.Camera(44.6123, 42.7, 6.25)
    assert mapstate.camera_from_params(mapstate.camera_params(cam)) == cam
    for sel in (("place", "geonames:1"), ("flow", "country:RU|crossing:lars|blocked"), ("leg", "r1-0")):
        assert mapstate.selection_from_params(mapstate.selection_params(sel)) == sel
    assert mapstate.selection_from_params({"sel": "route:x"}) is None
    assert mapstate.selection_from_params({"sel": "place:"}) is None
    assert mapstate.zoomed(cam, 99).zoom == mapstate.MAX_ZOOM and mapstate.zoomed(cam, -1).zoom == 5.25
