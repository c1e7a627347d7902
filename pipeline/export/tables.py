"""The data exports: legs and places as GeoJSON, legs with their citations as CSV.

In: the legs and places of a view (plain frames of the build, with the
article's ``title``/``outlet``/``url`` on each leg). Out: a GeoJSON
FeatureCollection (a dict) and CSV text; values are made JSON-ready
(NaN -> None, NumPy -> Python) and CSV cells that a spreadsheet would run
as formulas are neutralised.
"""
from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd

from pipeline.export.fields import INT_FIELDS, LEG_FIELDS, PLACE_FIELDS
from pipeline.view import filters
from pipeline.view.roles import place_roles

# Spreadsheets run a cell that starts with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _plain(value, key: str = ""):
    """A JSON-ready value: NaN/NA -> None, NumPy scalars -> Python, whole counts -> int."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
        if isinstance(value, list):
            return [_plain(v) for v in value]
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if key in INT_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def leg_properties(row: dict) -> dict:
    """Every column of a leg except its line, contract fields first."""
    keys = [k for k in LEG_FIELDS if k in row] + [k for k in row if k not in LEG_FIELDS and k != "path"]
    return {k: _plain(row[k], k) for k in keys}


def geojson_view(legs: pd.DataFrame, places: pd.DataFrame, spec: filters.FilterSpec, credits: str) -> dict:
    """Legs and places of the view as one FeatureCollection (``feature``: ``leg`` / ``place``)."""
    roles = place_roles(legs)
    features = []
    for row in legs.to_dict("records"):
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [list(map(float, p[:2])) for p in row["path"]]},
            "properties": {"feature": "leg", **leg_properties(row)},
        })
    for row in places.to_dict("records"):
        keys = [k for k in PLACE_FIELDS if k in row] + [k for k in row if k not in PLACE_FIELDS and k not in ("lon", "lat")]
        props = {k: _plain(row[k], k) for k in keys}
        features.append({
            "type": "Feature",
            # GeoJSON positions are [lon, lat].
            "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
            "properties": {"feature": "place", **props, "role": roles.get(row["place_id"], "mentioned")},
        })
    return {
        "type": "FeatureCollection",
        # A foreign member (RFC 7946 section 6.1): how this file was made.
        "exodus_map": {"filter": filters.describe(spec), "legs": len(legs), "places": len(places),
                       "credits": credits},
        "features": features,
    }


def csv_safe(value):
    """Neutralise text a spreadsheet would run as a formula (prefix ``'``)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(legs: pd.DataFrame) -> tuple[list[str], list[dict]]:
    """Columns and rows of the legs CSV: contract fields, coordinates, citation."""
    rows = []
    for row in legs.to_dict("records"):
        props = leg_properties(row)
        path = row["path"]
        out = {k: props.get(k) for k in LEG_FIELDS}
        # GeoJSON paths are [lon, lat].
        out.update(from_lon=float(path[0][0]), from_lat=float(path[0][1]),
                   to_lon=float(path[-1][0]), to_lat=float(path[-1][1]),
                   article_title=props.get("title"), outlet=props.get("outlet"), url=props.get("url"))
        out.update({k: v for k, v in props.items() if k not in out and k not in ("title",)})
        rows.append(out)
    columns = list(rows[0]) if rows else list(LEG_FIELDS)
    return columns, rows


def csv_text(legs: pd.DataFrame) -> str:
    """The legs CSV (:func:`csv_rows`) as text, formula-safe, with CRLF line ends."""
    columns, rows = csv_rows(legs)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(_csv_cell(v)) for k, v in row.items()})
    return buf.getvalue()


def _csv_cell(value):
    """A cell's text: empty for None, JSON for lists, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
