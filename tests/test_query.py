"""The filter as SQL (DuckDB over Parquet) keeps exactly the legs the pandas filter keeps, and aggregates alike."""
from __future__ import annotations

import pandas as pd
import pytest

import test_filters
import test_flows
from pipeline.devtools.synthetic import SyntheticSize, write_synthetic_build
from pipeline.view.buildio import load_build
from pipeline.view.filters import FilterSpec, apply_filters
from pipeline.view.flows import pair_flows, place_totals
from pipeline.view.query import (apply_filters_sql, count_legs, query_flow_legs, query_legs, query_pair_flows,
                                 query_place_totals, where_clause)


def _cases(test, frame):
    """The (frame, spec) cases of a parametrised pandas filter test, imported rather than copied."""
    (params,) = [m.args[1] for m in test.pytestmark if m.name == "parametrize"]
    return [pytest.param(frame, p.values[0], id=f"{test.__module__}-{p.id}") for p in params]


# Each pandas filter test and the legs table its cases filter.
FILTER_TESTS = ((test_filters.test_confidence_threshold, test_filters.FLOWS),
                (test_flows.test_date_filters, test_flows.DATED))
IMPORTED = [case for test, frame in FILTER_TESTS for case in _cases(test, frame)]


def test_every_parametrised_filter_test_has_its_sql_twin():
    """A new table of filter cases in test_filters / test_flows must be added to FILTER_TESTS above."""
    covered = {test for test, _ in FILTER_TESTS}
    for module in (test_filters, test_flows):
        for name in dir(module):
            test = getattr(module, name)
            marks = getattr(test, "pytestmark", [])
            if name.startswith("test") and any(m.name == "parametrize" and "spec" in str(m.args[0]).split(",")[0]
                                               for m in marks):
                assert test in covered, f"{module.__name__}.{name} has filter cases with no DuckDB twin"


@pytest.mark.parametrize("frame, spec", IMPORTED)
def test_sql_keeps_what_the_pandas_filter_keeps_on_the_filter_tests_cases(frame, spec):
    expected = apply_filters(frame, spec)
    got = apply_filters_sql(frame, spec)
    assert list(got.index) == list(expected.index)
    assert list(got["flow_id"]) == list(expected["flow_id"])


# Every field of FilterSpec, alone and combined, over a synthetic build (dates, blanks, counts, outlets...).
SPECS = [
    pytest.param(FilterSpec(), id="default"),
    pytest.param(FilterSpec(min_confidence=0.0), id="everything"),
    pytest.param(FilterSpec(min_confidence=0.8), id="confident_or_reviewed"),
    pytest.param(FilterSpec(countries=("ru", "GE")), id="countries_either"),
    pytest.param(FilterSpec(countries=("RU",), country_role="origin"), id="countries_origin"),
    pytest.param(FilterSpec(countries=("KZ",), country_role="destination"), id="countries_destination"),
    pytest.param(FilterSpec(published_from="2023-01-01"), id="published_from"),
    pytest.param(FilterSpec(published_from="2022-10-01", published_to="2023-03-31"), id="published_range"),
    pytest.param(FilterSpec(published_to="2023-03-31", include_undated=True), id="published_to_with_undated"),
    pytest.param(FilterSpec(event_from="2022-12-01"), id="journey_from"),
    pytest.param(FilterSpec(event_from="2022-10-01", event_to="2022-12-31", include_undated=True),
                 id="journey_range_with_undated"),
    pytest.param(FilterSpec(articles=("synthetic-0001", "synthetic-0007")), id="articles"),
    pytest.param(FilterSpec(outlets=("Northern Wire", "Harbour Post")), id="outlets"),
    pytest.param(FilterSpec(modes=("bus", "foot")), id="modes"),
    pytest.param(FilterSpec(statuses=("blocked",)), id="statuses"),
    pytest.param(FilterSpec(min_people=100), id="min_people"),
    pytest.param(FilterSpec(text="BY TRAIN"), id="quote_text_any_case"),
    pytest.param(FilterSpec(text="  nothing says this  "), id="quote_text_absent"),
    pytest.param(FilterSpec(countries=("RU", "TR"), modes=("car", "rail"), statuses=("completed", "planned"),
                            published_from="2022-11-01", min_people=5, min_confidence=0.6), id="combined"),
]


# Synthetic legs are all above the default threshold: these keep everything or nothing.
TRIVIAL = (FilterSpec(), FilterSpec(min_confidence=0.0), FilterSpec(text="  nothing says this  "))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = write_synthetic_build(tmp_path_factory.mktemp("synthetic") / "build",
                                SyntheticSize(legs=3000, places=120, articles=40, seed=3))
    return out, load_build(out)


@pytest.mark.parametrize("spec", SPECS)
def test_sql_over_parquet_keeps_the_same_legs_in_the_same_order(synthetic, spec):
    folder, build = synthetic
    expected = apply_filters(build.flows, spec)
    if spec not in TRIVIAL:  # a case that keeps all or nothing would prove little
        assert 0 < len(expected) < len(build.flows)
    assert list(query_legs(folder, spec)["flow_id"]) == list(expected["flow_id"])
    assert list(apply_filters_sql(build.flows, spec)["flow_id"]) == list(expected["flow_id"])
    assert count_legs(folder, spec) == len(expected)


@pytest.mark.parametrize("spec", SPECS[:4] + SPECS[9:13] + SPECS[-1:])
def test_flows_and_place_totals_are_aggregated_in_the_query_as_pandas_does(synthetic, spec):
    folder, build = synthetic
    expected = pair_flows(apply_filters(build.flows, spec))
    got = query_pair_flows(folder, spec)
    assert list(got.columns) == list(expected.columns)
    assert list(got["key"]) == list(expected["key"])
    for column in ("from_name", "to_name", "legs", "articles", "reports", "flow_ids", "source", "target"):
        assert list(got[column]) == list(expected[column]), column
    pd.testing.assert_series_equal(got["people"].astype(float), expected["people"].astype(float), check_names=False)
    for column in ("first", "last"):
        assert list(got[column].fillna("-")) == list(expected[column].fillna("-")), column
    pd.testing.assert_frame_equal(query_place_totals(folder, spec).sort_index(),
                                  place_totals(expected).sort_index(), check_names=False)


def test_values_are_parameters_never_sql(synthetic):
    folder, _ = synthetic
    hostile = "x') OR TRUE OR ('"
    where, params = where_clause(FilterSpec(text=hostile, articles=(hostile,)), ["quote", "article_id"])
    assert hostile not in where and hostile.upper() in params and hostile in params
    assert count_legs(folder, FilterSpec(text=hostile, min_confidence=0.0)) == 0


def test_a_map_of_the_busiest_flows_and_the_legs_of_one_on_request(synthetic):
    folder, build = synthetic
    spec = FilterSpec(countries=("RU", "KZ", "GE"))
    expected = pair_flows(apply_filters(build.flows, spec))
    got = query_pair_flows(folder, spec, limit=25)
    assert list(got["key"]) == list(expected["key"][:25])
    assert list(got["flow_ids"]) == list(expected["flow_ids"][:25])
    light = query_pair_flows(folder, spec, limit=25, with_legs=False)
    for column in ("key", "from_name", "to_name", "legs", "articles", "source", "target"):
        assert list(light[column]) == list(got[column]), column
    for key, ids in zip(got["key"][:5], got["flow_ids"][:5]):
        assert tuple(query_flow_legs(folder, spec, key)["flow_id"]) == ids
    assert query_flow_legs(folder, spec, "not a key").empty
