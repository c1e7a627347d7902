"""JSON (de)serialisation of review entries and of the review file (one place)."""
from __future__ import annotations

import typing
from dataclasses import asdict

from pipeline.records import Place
from pipeline.review.model import (
    AcceptLeg,
    AddLeg,
    CorrectPlace,
    Entry,
    RejectLeg,
    Review,
    ReviewError,
    entry_id,
)
from pipeline.review.validate import validate_place

SCHEMA_VERSION = 2  # 2: accept_leg entries


def place_from_json(data: dict) -> Place:
    try:
        return validate_place(Place(
            place_id=str(data["place_id"]), name=str(data["name"]), kind=str(data.get("kind", "other")),
            country_code=str(data.get("country_code", "")), lat=float(data["lat"]), lon=float(data["lon"]),
            population=int(data.get("population") or 0)))
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError(f"bad place in review file: {exc}") from None


def entry_to_json(entry: Entry) -> dict:
    data = asdict(entry)  # nested Places become dicts too
    data["id"] = entry_id(entry)
    return data


_ENTRY_TYPES = {"reject_leg": RejectLeg, "accept_leg": AcceptLeg, "correct_place": CorrectPlace, "add_leg": AddLeg}


def entry_from_json(data: dict) -> Entry:
    kind = data.get("kind") if isinstance(data, dict) else None
    cls = _ENTRY_TYPES.get(kind)
    if cls is None:
        raise ReviewError(f"unknown review entry kind {kind!r}")
    args = {k: v for k, v in data.items() if k not in ("kind", "id")}
    for name in ("place", "origin", "destination"):
        if name in args:
            args[name] = place_from_json(args[name])
    wrong = _wrong_type(cls, args)
    if wrong:
        raise ReviewError(f"bad {kind} entry in review file: {wrong}; fix or remove it, it is never overwritten")
    try:
        return cls(**args)
    except TypeError as exc:
        raise ReviewError(f"bad {kind} entry in review file: {exc}") from None


def _wrong_type(cls, args: dict) -> str | None:
    """The first field whose JSON value has the wrong type ("quote_start": "abc"), in words; else None."""
    hints = typing.get_type_hints(cls)
    for name, value in args.items():
        if name not in hints:
            continue  # an unknown field: the constructor names it
        allowed = typing.get_args(hints[name]) or (hints[name],)
        if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in allowed)
            return f"{name} must be {names}, not {str(value)[:40]!r}"
    return None


def review_to_json(review: Review) -> dict:
    return {"schema": SCHEMA_VERSION, "entries": [entry_to_json(e) for e in review.entries]}


def review_from_json(data) -> Review:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ReviewError("the review file is not a {'schema', 'entries'} object")
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise ReviewError(f"the review file has schema {schema!r}; this version reads up to {SCHEMA_VERSION}")
    return Review(tuple(entry_from_json(e) for e in data["entries"]))
