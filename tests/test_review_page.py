"""The Review page's tables and lines: headings in words, nothing shown as "None" or "nan"."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline import review as rv
from pipeline.review.page import cell  # the helper itself (not re-exported)


@pytest.mark.parametrize("value, expected", [
    pytest.param(None, "", id="none"),
    pytest.param(math.nan, "", id="nan"),
    pytest.param(pd.NA, "", id="pandas_na"),
    pytest.param("  ", "", id="blank"),
    pytest.param(3000.0, "3,000", id="whole_float"),
    pytest.param(12, "12", id="int"),
    pytest.param(True, "yes", id="true"),
    pytest.param("Oral", "Oral", id="text"),
])
def test_cells_are_empty_when_missing(value, expected):
    assert cell(value) == expected


def test_legs_table_headings_and_cells():
    flows = pd.DataFrame([
        {"from_name": "Moscow", "to_name": "Oral", "mode": "unknown", "status": "completed", "people": math.nan,
         "event_date": None, "confidence": 0.8123, "reviewed": False, "quote": "q1", "flow_id": "x"},
        {"from_name": "Saratov", "to_name": "Tbilisi", "mode": "air", "status": "planned", "people": 300.0,
         "event_date": "2022-09-30", "confidence": None, "reviewed": True, "quote": "q2", "flow_id": "y"},
    ])
    table = rv.legs_table(flows)
    assert list(table.columns) == ["From", "To", "Mode", "Status", "People", "Journey date", "Confidence",
                                   "Reviewed", "Quote"]
    assert table.to_dict("records") == [
        {"From": "Moscow", "To": "Oral", "Mode": "not stated", "Status": "completed", "People": "",
         "Journey date": "", "Confidence": "0.81", "Reviewed": "", "Quote": "q1"},
        {"From": "Saratov", "To": "Tbilisi", "Mode": "air", "Status": "planned", "People": "300",
         "Journey date": "2022-09-30", "Confidence": "", "Reviewed": "yes", "Quote": "q2"},
    ]


@pytest.mark.parametrize("row, expected", [
    pytest.param({"from_name": "Moscow", "to_name": "Oral", "status": "completed", "confidence": 0.55,
                  "outlet": None, "title": "Flight", "article_id": "slug"},
                 "Moscow → Oral · completed · confidence 0.55 · Flight", id="title_when_no_outlet"),
    pytest.param({"from_name": "Moscow", "to_name": "Oral", "status": None, "confidence": None,
                  "article_id": "slug"},
                 "Moscow → Oral · status not stated · confidence not known · slug", id="missing_values"),
])
def test_candidate_line_never_says_none(row, expected):
    assert rv.candidate_line(row) == expected


TEXT = "Officials met in Warsaw. The bus left Kharkiv at dawn.\n\nEleven hours later it pulled in at Lviv."


def _row(quote_start, quote_end, from_name="Kharkiv", to_name="Lviv"):
    return {"quote": TEXT[quote_start:quote_end], "quote_start": quote_start, "from_name": from_name,
            "from_place_id": "a", "to_name": to_name, "to_place_id": "b"}


def test_a_quote_that_names_one_end_comes_with_the_sentence_before_it():
    lviv = TEXT.index("Eleven")
    assert rv.context_before(TEXT, _row(lviv, len(TEXT)), {}) == "The bus left Kharkiv at dawn."


def test_a_quote_that_names_both_ends_needs_no_context():
    start = TEXT.index("The bus")
    assert rv.context_before(TEXT, _row(start, len(TEXT)), {}) == ""


def test_an_end_named_in_another_spelling_counts_as_named():
    start = TEXT.index("The bus")
    row = _row(start, len(TEXT), to_name="Lvov")  # the gazetteer's name; the text says "Lviv"
    assert rv.context_before(TEXT, row, {"b": ["Lviv"]}) == ""
    assert rv.context_before(TEXT, row, {}) == "Officials met in Warsaw."
