"""The one filter's confidence threshold: likely-right legs by default, candidates on request."""
import pandas as pd
import pytest

from pipeline.config import MIN_CONFIDENCE
from pipeline.view.filters import FilterSpec, apply_filters, from_query_params, to_query_params

FLOWS = pd.DataFrame([
    {"flow_id": "sure", "confidence": 0.9, "reviewed": False},
    {"flow_id": "candidate", "confidence": 0.4, "reviewed": False},
    {"flow_id": "accepted", "confidence": 0.4, "reviewed": True},
]).assign(from_country="RU", to_country="KZ", published=None, event_date=None, article_id="a",
          mode="car", status="completed", people=None, quote="q")


@pytest.mark.parametrize("spec, kept", [
    pytest.param(FilterSpec(), ["sure", "accepted"], id="default_hides_candidates"),
    pytest.param(FilterSpec(min_confidence=0.0), ["sure", "candidate", "accepted"], id="zero_shows_all"),
    pytest.param(FilterSpec(min_confidence=0.95), ["accepted"], id="reviewed_always_shown"),
])
def test_confidence_threshold(spec, kept):
    assert list(apply_filters(FLOWS, spec)["flow_id"]) == kept


def test_threshold_in_the_url_round_trips_and_bad_values_are_clamped_or_ignored():
    assert FilterSpec().min_confidence == MIN_CONFIDENCE and "min_confidence" not in to_query_params(FilterSpec())
    spec = FilterSpec(min_confidence=0.0)
    assert from_query_params(to_query_params(spec)) == spec
    assert from_query_params({"min_confidence": "7"}).min_confidence == 1.0
    assert from_query_params({"min_confidence": "lots"}) == FilterSpec()


def test_threshold_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        FilterSpec(min_confidence=1.5)
