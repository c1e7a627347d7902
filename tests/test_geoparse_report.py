"""The geoparser's error report: its pure parts, on hand-made gold and parses."""
from collections import Counter

import pytest

from pipeline.cli import make_parser
from pipeline.devtools.geoparse_report import (SetReport, false_cause, miss_cause, occurrences, report_table,
                                               undetected_cause)
from pipeline.gazetteer import Candidate
from pipeline.geoparse import Parse, Rejection
from pipeline.records import Mention, Place

PARIS_TX = Place("geonames:4717560", "Paris", "city", "US", 33.66, -95.56, 24171)
PARIS_FR = Place("geonames:2988507", "Paris", "city", "FR", 48.85, 2.35, 2138551)
GOLD = {"name": "Paris", "kind": "city", "country": "US", "lat": 33.66, "lon": -95.56}
TEXT = "A Paris man was arrested."


def near(p, g):
    return abs(p["lat"] - g["lat"]) < 1 and abs(p["lon"] - g["lon"]) < 1


def cands(*places):
    return [Candidate(p, "", True, False) for p in places]


def test_occurrences_are_whole_words():
    assert occurrences("Paris", "Parisian Paris") == [(9, 14)]


@pytest.mark.parametrize("result, candidates, cause", [
    pytest.param(None, cands(PARIS_TX), "article dropped as a duplicate", id="duplicate"),
    pytest.param(Parse((), ()), [], "not in the gazetteer (city)", id="unknown_name"),
    pytest.param(Parse((), ()), cands(PARIS_FR), "gazetteer has the name, not this place (city)", id="other_place"),
    pytest.param(Parse((Mention("a", 2, 7, "Paris", PARIS_FR),), ()), cands(PARIS_FR, PARIS_TX),
                 "wrong candidate chosen", id="wrong_candidate"),
    pytest.param(Parse((), (Rejection(2, 7, "Paris", "speaker", "speaker of 'said'"),)), cands(PARIS_TX),
                 "rejected: speaker", id="rejected_by_a_rule"),
    pytest.param(Parse((), (Rejection(2, 7, "Paris", "evidence", "no candidate"),)), cands(PARIS_TX),
                 "not enough evidence", id="no_evidence"),
])
def test_miss_cause(result, candidates, cause):
    assert miss_cause(GOLD, TEXT, result, candidates, near) == cause


@pytest.mark.parametrize("text, cause", [
    pytest.param("PARIS is calm.", "not matched: written in capitals", id="capitals"),
    pytest.param("a paris man", "not matched: lower case", id="lower_case"),
    pytest.param("the Paris-based firm", "not matched: hyphenated or possessive", id="hyphenated"),
])
def test_undetected_cause(text, cause):
    assert undetected_cause("Paris", text, occurrences("Paris", text)) == cause


@pytest.mark.parametrize("surfaces, gold_keys, text, common, cause", [
    pytest.param([], set(), "", False, "implied by a route", id="route_stop"),
    pytest.param([(2, 7, "Paris")], {"paris"}, TEXT, False, "wrong candidate for a gold name", id="wrong_candidate"),
    pytest.param([(0, 5, "Paris")], set(), "Paris Hilton came.", False, "inside a longer proper name (city)",
                 id="longer_name"),
    pytest.param([(4, 9, "Paris")], set(), "The Paris, he said.", True, "common word (city)", id="common_word"),
])
def test_false_cause(surfaces, gold_keys, text, common, cause):
    assert false_cause(PARIS_FR, surfaces, gold_keys, text, common) == cause


def test_report_table_lists_causes_largest_first_and_hides_held_out_names():
    shown = SetReport("lgl", 1, Counter(gold=4, tp_gold=2, pred=3, tp_pred=2),
                      Counter({"wrong candidate chosen": 1, "not in the gazetteer (other)": 1}), Counter(),
                      {"wrong candidate chosen": Counter(Paris=1), "not in the gazetteer (other)": Counter(Europe=1)})
    held = SetReport("check", 1, Counter(gold=1, pred=1), Counter({"rejected: speaker": 1}), Counter(),
                     {"rejected: speaker": Counter(Secret=1)})
    text = report_table([shown, held])
    assert "lgl          1      4      3  0.667  0.500  0.571" in text
    assert "e.g. Paris" in text and "Secret" not in text


def test_report_table_adds_the_whole_real_news_corpus():
    tune = SetReport("tune", 2, Counter(gold=10, tp_gold=9, pred=10, tp_pred=9))
    check = SetReport("check", 1, Counter(gold=10, tp_gold=7, pred=8, tp_pred=7))
    assert "realnews     3     20     18  0.889  0.800  0.842" in report_table([tune, check])
    assert "realnews" not in report_table([tune])


def test_evaluate_command_takes_the_geoparse_sets():
    args = make_parser("evaluate").parse_args(["evaluate", "--geoparse", "trnews", "lgl"])
    assert args.geoparse == ["trnews", "lgl"]
    assert make_parser("evaluate").parse_args(["evaluate"]).geoparse is None
