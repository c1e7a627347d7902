"""Integration: build the bundled seed articles and check the output contract."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import contract
from pipeline.build import BuildFailed, run_build
from pipeline.view.buildio import BuildError, load_build

REPO = Path(__file__).parent.parent
SHARED = REPO.parent / "shared"
ARTICLE_FIELDS = {"article_id", "title", "outlet", "url", "published", "path", "duplicate_of", "warnings"}
PLACE_FIELDS = {"place_id", "name", "kind", "country_code", "mentions", "article_ids", "surface_forms"}
FLOW_FIELDS = {"flow_id", "route_id", "leg", "article_id", "from_place_id", "from_name", "from_kind",
               "from_country", "to_place_id", "to_name", "to_kind", "to_country", "mode", "people",
               "status", "event_date", "published", "quote", "quote_start", "quote_end", "confidence"}
KINDS = {"country", "region", "city", "border_crossing", "other"}
MODES = {"air", "car", "bus", "rail", "foot", "bicycle", "boat", "unknown"}
STATUSES = {"completed", "planned", "attempted", "blocked"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    report = run_build(REPO / "data" / "articles", out, use_cache=False, progress=None)
    load = lambda name: json.loads((out / name).read_text(encoding="utf-8"))
    return out, report, load("articles.json"), load("places.geojson"), load("flows.geojson")


def test_articles_follow_the_contract(seed_build):
    _, _, articles, _, _ = seed_build
    assert {a["article_id"] for a in articles} == {p.stem for p in (REPO / "data" / "articles").glob("*.txt")}
    for a in articles:
        assert ARTICLE_FIELDS <= set(a)
        assert isinstance(a["warnings"], list)
    by_id = {a["article_id"]: a for a in articles}
    assert by_id["odr-russians-flee-kazakhstan-excerpt"]["duplicate_of"] == "odr-russians-flee-kazakhstan"
    assert by_id["odr-russians-flee-kazakhstan"]["published"] == "2022-09-27"


def test_places_follow_the_contract(seed_build):
    _, _, _, places, _ = seed_build
    assert places["type"] == "FeatureCollection" and places["features"]
    ids = set()
    for f in places["features"]:
        p = f["properties"]
        assert PLACE_FIELDS <= set(p) and p["kind"] in KINDS and len(p["country_code"]) == 2
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "odr-russians-flee-kazakhstan-excerpt" not in p["article_ids"]  # duplicates add nothing
        ids.add(p["place_id"])
    assert len(ids) == len(places["features"])


def test_flows_follow_the_contract_and_cite_verbatim(seed_build):
    _, _, articles, places, flows = seed_build
    texts = {a["article_id"]: a["text"] for a in articles}
    place_ids = {f["properties"]["place_id"] for f in places["features"]}
    assert flows["features"], "the seeds report journeys"
    flow_ids = set()
    for f in flows["features"]:
        p = f["properties"]
        assert FLOW_FIELDS <= set(p)
        assert p["mode"] in MODES and p["status"] in STATUSES and 0 <= p["confidence"] <= 1
        assert texts[p["article_id"]][p["quote_start"]:p["quote_end"]] == p["quote"]
        assert {p["from_place_id"], p["to_place_id"]} <= place_ids
        assert f["geometry"]["type"] == "LineString" and len(f["geometry"]["coordinates"]) >= 2
        flow_ids.add(p["flow_id"])
    assert len(flow_ids) == len(flows["features"])


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the repo")
def test_dev_set_scores_hold(seed_build):
    out = seed_build[0]
    res = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "gold"),
                          str(out), "--articles", str(REPO / "data" / "articles"), "--json", str(out / "score.json")],
                         capture_output=True, text=True, check=True)
    summary = json.loads((out / "score.json").read_text())["summary"]
    assert summary["places"][2] >= 0.95, res.stdout
    assert summary["quotes_valid"] == 1.0, res.stdout


def test_failed_build_keeps_the_last_good_build(seed_build, tmp_path):
    out = seed_build[0]
    before = (out / "flows.geojson").read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(BuildFailed, match="no article could be built"):
        run_build(bad, out, use_cache=False, progress=None)
    assert (out / "flows.geojson").read_bytes() == before


def test_cli_reports_a_missing_folder_in_one_line(tmp_path):
    res = subprocess.run([sys.executable, "-m", "pipeline", "build", "--articles", str(tmp_path / "nope"),
                          "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO)
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error: no articles folder") and "Traceback" not in res.stderr


def test_the_contract_module_spells_the_public_contract():
    """pipeline.contract, which output, read side, exports and app share, is the contract above."""
    assert set(contract.ARTICLE_FIELDS) == ARTICLE_FIELDS
    assert set(contract.PLACE_FIELDS) == PLACE_FIELDS
    assert set(contract.FLOW_FIELDS) == FLOW_FIELDS


def test_flows_are_written_in_contract_order(seed_build):
    _, _, _, _, flows = seed_build
    assert tuple(flows["features"][0]["properties"])[:len(contract.FLOW_FIELDS)] == contract.FLOW_FIELDS


@pytest.mark.parametrize("file_name, field", [
    pytest.param("flows.geojson", "quote_start", id="flow_without_offsets"),
    pytest.param("places.geojson", "kind", id="place_without_kind"),
    pytest.param("articles.json", "published", id="article_without_date"),
])
def test_read_side_names_the_missing_field(seed_build, tmp_path, file_name, field):
    src = seed_build[0]
    for name in ("articles.json", "places.geojson", "flows.geojson"):
        data = json.loads((src / name).read_text(encoding="utf-8"))
        if name == file_name:
            rows = data if isinstance(data, list) else [f["properties"] for f in data["features"]]
            for row in rows:
                row.pop(field, None)
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(BuildError, match=rf"{file_name} lacks the field '{field}'"):
        load_build(tmp_path)


def test_candidates_follow_the_flows_fields_cite_verbatim_and_never_repeat_a_leg(seed_build):
    out, _, articles, _, flows = seed_build
    candidates = json.loads((out / contract.CANDIDATES_FILE).read_text(encoding="utf-8"))["features"]
    assert candidates, "the seeds name places together that the grammar does not join"
    texts = {a["article_id"]: a["text"] for a in articles}
    legs = {(f["properties"]["article_id"], f["properties"]["from_place_id"], f["properties"]["to_place_id"])
            for f in flows["features"]}
    for c in candidates:
        p = c["properties"]
        assert FLOW_FIELDS <= set(p)
        assert texts[p["article_id"]][p["quote_start"]:p["quote_end"]] == p["quote"]
        assert (p["article_id"], p["from_place_id"], p["to_place_id"]) not in legs
        assert 0 < p["confidence"] < 1


def test_a_build_keeps_only_the_likeliest_candidates(tmp_path, monkeypatch):
    from pipeline import config

    monkeypatch.setattr(config, "MAX_CANDIDATES", 5)
    run_build(REPO / "data" / "articles", tmp_path, use_cache=False, progress=None)
    kept = [f["properties"]["confidence"]
            for f in json.loads((tmp_path / contract.CANDIDATES_FILE).read_text(encoding="utf-8"))["features"]]
    monkeypatch.setattr(config, "MAX_CANDIDATES", 10_000)
    run_build(REPO / "data" / "articles", tmp_path, use_cache=False, progress=None)
    every = [f["properties"]["confidence"]
             for f in json.loads((tmp_path / contract.CANDIDATES_FILE).read_text(encoding="utf-8"))["features"]]
    assert len(kept) == 5 < len(every)
    assert sorted(kept) == sorted(every)[-5:]
