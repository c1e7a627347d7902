"""The synthetic build generator follows the output contract."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.devtools import synthetic
from pipeline.view.buildio import load_build
from pipeline.records import MODES, STATUSES

SMALL = synthetic.SyntheticSize(legs=120, places=60, articles=12, seed=3)


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    return load_build(synthetic.write_synthetic_build(tmp_path_factory.mktemp("syn"), SMALL))


def test_sizes(build):
    assert len(build.flows) == SMALL.legs
    assert len(build.places) == SMALL.places
    assert len(build.articles) == SMALL.articles


def test_contract_fields(build):
    flow_fields = {"flow_id", "route_id", "leg", "article_id", "from_place_id", "from_name", "from_kind",
                   "from_country", "to_place_id", "to_name", "to_kind", "to_country", "mode", "people",
                   "status", "event_date", "published", "quote", "quote_start", "quote_end", "confidence"}
    assert flow_fields <= set(build.flows.columns)
    assert {"place_id", "name", "kind", "country_code", "mentions", "article_ids", "surface_forms"} <= set(build.places.columns)
    assert {"article_id", "title", "outlet", "url", "published", "path", "duplicate_of", "warnings"} <= set(build.articles.columns)
    assert build.flows["flow_id"].is_unique
    assert set(build.flows["mode"]) <= set(MODES) and set(build.flows["status"]) <= set(STATUSES)


def test_quotes_are_verbatim_at_their_offsets(build):
    texts = {row.article_id: Path(row.path).read_text(encoding="utf-8") for row in build.articles.itertuples()}
    for row in build.flows.itertuples():
        assert texts[row.article_id][row.quote_start:row.quote_end] == row.quote


def test_legs_chain_and_places_exist(build):
    known = set(build.places["place_id"])
    assert set(build.flows["from_place_id"]) <= known and set(build.flows["to_place_id"]) <= known
    for _, legs in build.flows.sort_values("leg").groupby("route_id"):
        assert legs["leg"].tolist() == list(range(len(legs)))
        assert legs["from_place_id"].iloc[1:].tolist() == legs["to_place_id"].iloc[:-1].tolist()


def test_mentions_match_texts(build):
    texts = {row.article_id: Path(row.path).read_text(encoding="utf-8") for row in build.articles.itertuples()}
    for row in build.places.itertuples():
        assert row.mentions >= 1
        assert all(row.name in texts[a] for a in row.article_ids)


def test_positions_are_lon_lat_in_range(build):
    assert build.places["lon"].between(-180, 180).all() and build.places["lat"].between(-85, 85).all()
    assert build.places["country_code"].str.fullmatch(r"[A-Z]{2}").all()


def test_seed_is_deterministic(tmp_path):
    a, _ = synthetic.make_build(SMALL, tmp_path)
    b, _ = synthetic.make_build(SMALL, tmp_path)
    c, _ = synthetic.make_build(synthetic.SyntheticSize(legs=120, places=60, articles=12, seed=4), tmp_path)
    assert json.dumps(a) == json.dumps(b) != json.dumps(c)


@pytest.mark.parametrize(
    "kwargs",
    [pytest.param({"articles": 0}, id="no_articles"), pytest.param({"places": 2}, id="too_few_places"),
     pytest.param({"legs": -1}, id="negative_legs")],
)
def test_bad_sizes(kwargs):
    with pytest.raises(ValueError, match="at least"):
        synthetic.SyntheticSize(**kwargs)


def test_cli_writes_a_loadable_build(tmp_path, capsys):
    assert synthetic.main([str(tmp_path / "b"), "--legs", "10", "--places", "8", "--articles", "2"]) == 0
    assert len(load_build(tmp_path / "b").flows) == 10
    assert synthetic.main([str(tmp_path / "c"), "--articles", "0"]) == 2
    assert "error:" in capsys.readouterr().err
