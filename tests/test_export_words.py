"""The words round an export: counts, dates, filters and legend entries, table-driven."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from pipeline.export import alt, credits, key, words
from pipeline.view import style
from pipeline.view.buildio import load_build
from pipeline.view.filters import FilterSpec, apply_filters

FIXTURE = Path(__file__).parent / "data" / "export"


@pytest.fixture(scope="module")
def build():
    return load_build(FIXTURE)


@pytest.mark.parametrize("n, singular, many, expected", [
    pytest.param(1, "person", "people", "1 person", id="one_person"),
    pytest.param(0, "person", "people", "0 people", id="no_people"),
    pytest.param(700_000, "person", "people", "700,000 people", id="thousands_separator"),
    pytest.param(1, "leg", None, "1 leg", id="one_leg"),
    pytest.param(2, "journey", None, "2 journeys", id="regular_plural"),
])
def test_plural_agrees_with_the_count(n, singular, many, expected):
    assert words.plural(n, singular, many) == expected


@pytest.mark.parametrize("first, last, expected", [
    pytest.param("2022-09-27", "2022-09-27", "27 Sep 2022", id="one_day"),
    pytest.param("2022-09-27", "2022-09-30", "27–30 Sep 2022", id="same_month"),
    pytest.param("2022-09-27", "2022-10-01", "27 Sep – 1 Oct 2022", id="same_year"),
    pytest.param("2022-12-30", "2023-01-02", "30 Dec 2022 – 2 Jan 2023", id="across_years"),
    pytest.param("2022-10-01", "2022-09-27", "27 Sep – 1 Oct 2022", id="reversed"),
])
def test_date_span_in_words(first, last, expected):
    assert words.date_span(first, last) == expected


@pytest.mark.parametrize("published, expected", [
    pytest.param(["2022-09-27", None, "", None], "4 articles, 1 published 27 Sep 2022, 3 undated", id="mostly_undated"),
    pytest.param(["2022-09-27", "2022-09-28"], "2 articles published 27–28 Sep 2022", id="all_dated"),
    pytest.param(["2022-09-27"], "1 article published 27 Sep 2022", id="one_dated"),
    pytest.param([None], "1 undated article", id="one_undated"),
    pytest.param([None, None], "2 articles, none dated", id="none_dated"),
    pytest.param(["2022-09-27", "not a date"], "2 articles, 1 published 27 Sep 2022, 1 undated", id="bad_date_is_undated"),
])
def test_articles_phrase_counts_dated_and_undated(published, expected):
    assert words.articles_phrase(published) == expected


NAMES = {"KZ": "Kazakhstan", "RU": "Russia"}


@pytest.mark.parametrize("spec, expected", [
    pytest.param(FilterSpec(), [], id="default_says_nothing"),
    pytest.param(FilterSpec(countries=("KZ",), country_role="destination"), ["to Kazakhstan"], id="to_country_name"),
    pytest.param(FilterSpec(countries=("RU",), country_role="origin"), ["from Russia"], id="from_country"),
    pytest.param(FilterSpec(countries=("KZ", "GE")), ["from or to Kazakhstan or Georgia"],
                 id="either_end_name_from_geonames"),
    pytest.param(FilterSpec(statuses=("completed", "planned")), ["completed or planned only"], id="statuses"),
    pytest.param(FilterSpec(modes=("car", "bus")), ["by car or bus"], id="modes_by"),
    pytest.param(FilterSpec(modes=("foot",)), ["on foot"], id="on_foot"),
    pytest.param(FilterSpec(modes=("air", "unknown")), ["by air, or by means not stated"], id="mode_not_stated"),
    pytest.param(FilterSpec(min_people=1), ["at least 1 person"], id="one_person"),
    pytest.param(FilterSpec(min_people=1000), ["at least 1,000 people"], id="people"),
    pytest.param(FilterSpec(published_from="2022-09-01", published_to="2022-09-30", include_undated=False),
                 ["published 1–30 Sep 2022", "undated legs left out"], id="published_range"),
    pytest.param(FilterSpec(event_from="2022-09-21", include_undated=True),
                 ["journeys dated from 21 Sep 2022", "undated legs included"], id="open_event_range"),
    pytest.param(FilterSpec(articles=("odr-kazakhstan",)), ["only “Flight to Oral”"], id="one_article_by_title"),
    pytest.param(FilterSpec(articles=("a", "b")), ["only 2 chosen articles"], id="articles"),
    pytest.param(FilterSpec(outlets=("RFE/RL", "Meduza")), ["only RFE/RL or Meduza"], id="outlets"),
    pytest.param(FilterSpec(text="border"), ["quotes containing “border”"], id="text"),
    pytest.param(FilterSpec(min_confidence=0.0), ["every candidate, reviewed or not"], id="all_candidates"),
])
def test_filters_in_words(spec, expected):
    got = words.filter_phrases(spec, NAMES, {"odr-kazakhstan": "Flight to Oral"})
    assert got == expected
    assert not any(code in " ".join(got).split() for code in ("KZ", "RU", "GE"))


def test_subtitle_counts_dated_and_undated_articles_truthfully(build):
    legs = apply_filters(build.flows, FilterSpec())
    assert credits.default_subtitle(legs, FilterSpec()) == (
        "4 legs of 3 journeys from 2 articles published 27–28 Sep 2022")
    # One article loses its date: its legs carry none either.
    undated = legs.assign(published=legs["published"].where(legs["article_id"] != "odr-kazakhstan", None))
    assert credits.default_subtitle(undated, FilterSpec()) == (
        "4 legs of 3 journeys from 2 articles, 1 published 27 Sep 2022, 1 undated")


def test_subtitle_of_one_leg_is_singular_and_names_the_country(build):
    spec = FilterSpec(countries=("KZ",), country_role="destination", statuses=("planned",))
    legs = apply_filters(build.flows, spec)
    assert credits.default_subtitle(legs, spec, credits.country_names(build)) == (
        "1 leg of 1 journey from 1 article published 28 Sep 2022 · to Kazakhstan · planned only")


def test_country_names_come_from_the_build_first(build):
    places = build.places.copy()
    places.loc[places["place_id"] == "country:KZ", "name"] = "Qazaqstan"
    assert credits.country_names(replace(build, places=places))["KZ"] == "Qazaqstan"
    assert words.country_name("KZ", {}) == "Kazakhstan" and words.country_name("ZZ", {}) == "ZZ"


# --- legend entries ----------------------------------------------------------------

@pytest.mark.parametrize("people, expected", [
    pytest.param([None, None], ["not stated"], id="none_stated"),
    pytest.param([5, 5], ["5"], id="one_count"),
    pytest.param([None, 2, 100_000], ["not stated", "2", "100", "1,000", "100,000"], id="thinned_to_four"),
    pytest.param([30, 700], ["30", "100", "700"], id="round_numbers_between"),
    pytest.param([float("nan"), 0, 12], ["not stated", "12"], id="nan_and_zero_are_not_stated"),
])
def test_width_samples_span_only_the_counts_drawn(people, expected):
    entries = key.width_entries(people)
    assert [e.label for e in entries] == expected
    assert all(e.width_px == style.leg_width(e.value) for e in entries)


def test_status_and_role_entries_hold_only_what_is_drawn():
    assert [e.label for e in key.status_entries(["planned", "completed", "planned"])] == ["Completed", "Planned"]
    assert key.status_entries(["stalled"])[0].rgb == style.UNKNOWN_COLOR
    assert [e.value for e in key.role_entries({"destination", "origin"})] == ["origin", "destination"]


# --- alt text ---------------------------------------------------------------------------

@pytest.mark.parametrize("spec, title, filters, expected", [
    pytest.param(FilterSpec(), "Where they went", [],
                 "Map: Where they went. 3 journeys (4 legs: 3 completed and 1 planned) from 2 articles. "
                 "They start in Moscow (1 journey), Russia (1) and Samara (1); they end in Kazakhstan (1 journey), "
                 "Oral (1) and Tbilisi (1). Largest flows: Russia to Kazakhstan, 100,000 people; "
                 "Samara to Oral, 2 people (planned). Numbers of people are given for 2 of 4 legs. "
                 "Dates: 24–28 Sep 2022.", id="whole_view"),
    pytest.param(FilterSpec(statuses=("planned",)), "T", ["planned only"],
                 "Map: T. Shown: planned only. 1 journey (1 leg, planned) from 1 article. The journey runs from "
                 "Samara to Oral. Largest flow: Samara to Oral, 2 people (planned). Every leg gives a number of "
                 "people. Dates: 28 Sep 2022.", id="one_journey"),
    pytest.param(FilterSpec(articles=("rferl-georgia",)), "T", [],
                 "Map: T. 1 journey (2 legs, all completed) from 1 article. The journey runs from Moscow to "
                 "Tbilisi. No article gives a number of people. Dates: 24 Sep 2022.", id="no_numbers"),
])
def test_alt_text_describes_the_map_from_the_data(build, spec, title, filters, expected):
    assert alt.alt_text(apply_filters(build.flows, spec), title, filters) == expected


def test_alt_text_uses_the_largest_figure_of_a_flow_not_the_sum(build):
    legs = apply_filters(build.flows, FilterSpec(statuses=("planned",)))
    again = legs.assign(flow_id="again", route_id="again-r0", people=300)  # a second report of the same move
    text = alt.alt_text(pd.concat([legs, again]), "T")
    assert "Samara to Oral, 300 people" in text and "302" not in text
    assert "the largest is used, not their sum" in text


def test_alt_text_counts_undated_legs(build):
    legs = apply_filters(build.flows, FilterSpec()).assign(event_date=None)
    legs.loc[legs["article_id"] == "odr-kazakhstan", "published"] = None
    assert alt.alt_text(legs, "T").endswith("Dates: 27 Sep 2022 (2 legs undated).")
