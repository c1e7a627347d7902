"""Offline country outlines: simplification, cache, point lookup."""
from __future__ import annotations

import json
import zipfile

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Polygon, box

from pipeline.view import basemap


def _raw(rows):
    """A frame shaped like Natural Earth's admin-0 table."""
    return gpd.GeoDataFrame(
        {"ISO_A2_EH": [r[0] for r in rows], "NAME": [r[1] for r in rows]},
        geometry=[r[2] for r in rows], crs=4326,
    )


@pytest.mark.parametrize(
    "code, expected",
    [
        pytest.param("FR", "FR", id="plain_code"),
        pytest.param("no", "NO", id="lower_case_upcased"),
        pytest.param("-99", None, id="natural_earth_no_code"),
        pytest.param(None, None, id="missing"),
    ],
)
def test_simplify_outlines_iso_codes(code, expected):
    out = basemap.simplify_outlines(_raw([(code, "Somewhere", box(0, 0, 1, 1))]))
    assert list(out.columns) == ["iso_a2", "name", "geometry"]
    assert out["iso_a2"].iat[0] == expected


def test_simplify_outlines_reduces_vertices_and_rounds():
    # A wiggly square: many near-collinear vertices that simplification drops.
    n = 200
    ring = [(i / n, 0.001 * (i % 2)) for i in range(n)] + [(1, 1), (0, 1)]
    out = basemap.simplify_outlines(_raw([("AA", "Wiggle", Polygon(ring))]), tolerance=0.01, decimals=2)
    geom = out.geometry.iat[0]
    assert shapely.get_num_coordinates(geom) < 20
    xs, ys = zip(*geom.exterior.coords)
    assert all(round(v, 2) == v for v in xs + ys)
    assert out.crs.to_epsg() == 4326


def test_feature_collection_round_trip():
    gdf = basemap.simplify_outlines(_raw([("AA", "Alpha", box(0, 0, 1, 1)), ("-99", "Base", box(5, 5, 6, 6))]))
    fc = basemap.to_feature_collection(gdf)
    assert json.loads(json.dumps(fc)) == fc  # plain JSON, no NaN or numpy types
    back = basemap.from_feature_collection(fc)
    assert back["iso_a2"].tolist() == ["AA", None]
    assert back["name"].tolist() == ["Alpha", "Base"]
    assert back.geometry.iat[0].equals(box(0, 0, 1, 1))


@pytest.fixture
def tiny_zip(tmp_path):
    """A two-country shapefile zipped like the Natural Earth package ships it."""
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    _raw([("AA", "Alphaland", box(0, 0, 10, 10)), ("BB", "Côte Beta", box(10, 0, 20, 10))]).to_file(
        shp_dir / "countries.shp", encoding="utf-8")
    path = tmp_path / "countries.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for f in shp_dir.iterdir():
            if f.suffix != ".cpg":  # Natural Earth's zip has no .cpg either
                zf.write(f, f.name)
    return path


def test_load_outlines_geojson_writes_then_reuses_cache(tmp_path, tiny_zip):
    cache = tmp_path / "cache"
    first = basemap.load_outlines_geojson(cache, zip_path=tiny_zip)
    files = list(cache.glob("countries-*.geojson"))
    assert len(files) == 1
    assert [f["properties"]["name"] for f in first["features"]] == ["Alphaland", "Côte Beta"]
    # The second call reads the cache: prove it by editing the cached file.
    data = json.loads(files[0].read_text(encoding="utf-8"))
    data["features"][0]["properties"]["name"] = "From cache"
    files[0].write_text(json.dumps(data), encoding="utf-8")
    assert basemap.load_outlines_geojson(cache, zip_path=tiny_zip)["features"][0]["properties"]["name"] == "From cache"


def test_damaged_cache_is_rebuilt(tmp_path, tiny_zip):
    cache = tmp_path / "cache"
    basemap.load_outlines_geojson(cache, zip_path=tiny_zip)
    (cached,) = cache.glob("countries-*.geojson")
    cached.write_text("{not json", encoding="utf-8")
    again = basemap.load_outlines_geojson(cache, zip_path=tiny_zip)
    assert len(again["features"]) == 2
    assert json.loads(cached.read_text(encoding="utf-8")) == again


def test_unreadable_zip_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(basemap.BasemapError, match="cannot read"):
        basemap.load_outlines_geojson(tmp_path / "cache", zip_path=bad)


@pytest.mark.slow
def test_real_natural_earth_outlines(tmp_path):
    data = basemap.load_outlines_geojson(tmp_path, zip_path=basemap.source_zip())
    gdf = basemap.from_feature_collection(data)
    names = set(zip(gdf["iso_a2"], gdf["name"]))
    # ISO_A2 is "-99" for these in Natural Earth; ISO_A2_EH is not.
    assert {("FR", "France"), ("NO", "Norway"), ("KZ", "Kazakhstan"), ("CI", "Côte d'Ivoire")} <= names
    assert shapely.get_num_coordinates(gdf.geometry.values).sum() < 100_000


@pytest.mark.parametrize(
    "lon, lat, expected",
    [
        pytest.param(2.35, 48.85, "FR", id="paris"),
        pytest.param(10.75, 59.91, "NO", id="oslo"),
        pytest.param(51.37, 51.23, "KZ", id="oral"),
        pytest.param(-30.0, 40.0, None, id="atlantic"),
    ],
)
def test_country_of_point(lon, lat, expected):
    assert basemap.country_of_point(lon, lat) == expected
