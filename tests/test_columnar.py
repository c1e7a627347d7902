"""The columnar twins of a build: GeoParquet beside the contract's JSON / GeoJSON, swapped in with them."""
import errno
import json
from pathlib import Path

import geopandas as gpd
import pyarrow.parquet as pq
import pytest
import shapely

from pipeline import contract
from pipeline.build import BuildFailed, output, run_build

REPO = Path(__file__).parent.parent
SEEDS = REPO.parent / "shared" / "articles" if (REPO.parent / "shared" / "articles").is_dir() else REPO / "data" / "articles"
ALL_FILES = (*contract.BUILD_FILES, *contract.PARQUET_FILES, contract.REVIEW_STATUS_FILE, contract.CANDIDATES_FILE)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("columnar")
    run_build(SEEDS, out, use_cache=False, progress=None)
    return out


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def test_every_build_writes_the_parquet_files(built):
    assert {p.name for p in built.iterdir()} == set(ALL_FILES)


def test_articles_round_trip(built):
    articles = _json(built / contract.ARTICLES_FILE)
    rows = _rows(built / contract.ARTICLES_PARQUET)
    assert pq.read_schema(built / contract.ARTICLES_PARQUET).names == [*contract.ARTICLE_FIELDS,
                                                                        *contract.ARTICLE_EXTRA]
    assert rows == articles  # same records, same fields, same order, same values (lists and nulls too)


@pytest.mark.parametrize("json_name, parquet_name, fields, kind", [
    (contract.PLACES_FILE, contract.PLACES_PARQUET, contract.PLACE_FIELDS + contract.PLACE_EXTRA, "Point"),
    (contract.FLOWS_FILE, contract.FLOWS_PARQUET, contract.FLOW_FIELDS + contract.FLOW_EXTRA, "LineString"),
])
def test_features_round_trip_with_wkb_geometry(built, json_name, parquet_name, fields, kind):
    features = _json(built / json_name)["features"]
    assert features
    rows = _rows(built / parquet_name)
    assert pq.read_schema(built / parquet_name).names == [*fields, "geometry"]
    assert [{k: v for k, v in r.items() if k != "geometry"} for r in rows] == [f["properties"] for f in features]
    for row, feature in zip(rows, features, strict=True):
        geom = shapely.from_wkb(row["geometry"])
        assert geom.geom_type == kind
        assert shapely.geometry.mapping(geom)["coordinates"] == shapely.geometry.shape(
            feature["geometry"]).__geo_interface__["coordinates"]
    meta = json.loads(pq.read_schema(built / parquet_name).metadata[b"geo"])
    assert meta["primary_column"] == "geometry" and meta["columns"]["geometry"]["encoding"] == "WKB"
    frame = gpd.read_parquet(built / parquet_name)  # GeoParquet: geopandas reads the geometry and its CRS
    assert len(frame) == len(features) and frame.crs.to_string() == "OGC:CRS84"
    assert set(frame.geom_type) == {kind}


def test_a_failed_build_leaves_both_formats_of_the_last_good_build(built, tmp_path, monkeypatch):
    before = {name: (built / name).read_bytes() for name in ALL_FILES}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(BuildFailed):
        run_build(bad, built, use_cache=False, progress=None)
    assert {name: (built / name).read_bytes() for name in ALL_FILES} == before

    staged = output._write_staged

    def disk_full_at_parquet(path, data):  # the JSON files are staged, then the disk fills up
        if path.suffix == ".parquet":
            raise OSError(errno.ENOSPC, "No space left on device")
        staged(path, data)

    monkeypatch.setattr(output, "_write_staged", disk_full_at_parquet)
    with pytest.raises(OSError):
        run_build(SEEDS, built, use_cache=False, progress=None)
    assert {name: (built / name).read_bytes() for name in ALL_FILES} == before
    assert {p.name for p in built.iterdir()} == set(ALL_FILES)
    assert not list(built.parent.glob(f".{built.name}.staging-*"))  # nothing left half-written


def test_a_large_table_is_a_folder_of_parts_in_build_order_and_a_small_one_a_file_again(tmp_path, monkeypatch):
    """Above the row threshold flows.parquet is partitioned; every reader sees one table, in the JSON's order."""
    from pipeline.build import columnar
    from pipeline.devtools.synthetic import SyntheticSize, write_synthetic_build
    from pipeline.view.filters import FilterSpec
    from pipeline.view.query import query_legs

    monkeypatch.setattr(columnar, "PARTITION_ROWS", 400)
    out = write_synthetic_build(tmp_path / "build", SyntheticSize(legs=1000, places=60, articles=20))
    folder = out / contract.FLOWS_PARQUET
    assert folder.is_dir() and sorted(p.name for p in folder.iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    for part in folder.iterdir():  # each part is a GeoParquet file of its own
        assert gpd.read_parquet(part).geometry.geom_type.unique().tolist() == ["LineString"]
    features = _json(out / contract.FLOWS_FILE)["features"]
    ids = [f["properties"]["flow_id"] for f in features]
    frame = gpd.read_parquet(folder)
    assert list(frame["flow_id"]) == ids
    assert shapely.equals(frame.geometry.iloc[-1], shapely.geometry.shape(features[-1]["geometry"]))
    assert list(query_legs(out, FilterSpec(min_confidence=0.0))["flow_id"]) == ids

    monkeypatch.setattr(columnar, "PARTITION_ROWS", 250_000)  # the next build is small: one file again
    write_synthetic_build(out, SyntheticSize(legs=50, places=20, articles=5))
    assert (out / contract.FLOWS_PARQUET).is_file()
    assert list(query_legs(out, FilterSpec(min_confidence=0.0))["flow_id"]) == [
        f["properties"]["flow_id"] for f in _json(out / contract.FLOWS_FILE)["features"]]
