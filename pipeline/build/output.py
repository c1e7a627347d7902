"""Serialise records to the build's files, atomically.

This is the one place records become JSON / GeoJSON
(``shared/eval/OUTPUT_CONTRACT.md``). GeoJSON positions are ``[lon, lat]``.
"""
from __future__ import annotations

import errno
import glob
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.build.columnar import PartitionedFile
from pipeline.contract import BUILD_FILES, CANDIDATES_FILE, PARQUET_FILES, REVIEW_STATUS_FILE
from pipeline.files import exchange_paths
from pipeline.records import Article, Leg, Mention, Place


def position(place: Place) -> list[float]:
    """GeoJSON position of a place: longitude first (RFC 7946)."""
    return [round(place.lon, 5), round(place.lat, 5)]


def article_record(article: Article) -> dict:
    return {
        "article_id": article.article_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "path": article.path,
        "duplicate_of": article.duplicate_of,
        "warnings": list(article.warnings),
        "chars": len(article.text),
        "text": article.text,
    }


def places_collection(mentions: Iterable[Mention], extra_places: Iterable[tuple[str, Place]] = ()) -> dict:
    """One Point feature per resolved place, with mention counts and spellings.

    ``extra_places`` are ``(article_id, place)`` pairs that a route uses but
    no mention names (an implied origin country): they count as used by the
    article, with no mention.
    """
    # Dicts as ordered sets: a place named in thousands of articles stays linear.
    agg: dict[str, dict] = {}

    def entry(place: Place) -> dict:
        e = agg.get(place.place_id)
        if e is None:
            e = agg[place.place_id] = {"place": place, "mentions": 0, "articles": {}, "forms": {}}
        return e

    for m in mentions:
        e = entry(m.place)
        e["mentions"] += 1
        e["articles"][m.article_id] = None
        e["forms"][m.surface] = None
    for article_id, place in extra_places:
        entry(place)["articles"][article_id] = None
    features = []
    for pid in sorted(agg):
        e = agg[pid]
        p: Place = e["place"]
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": position(p)},
            "properties": {
                "place_id": p.place_id, "name": p.name, "kind": p.kind,
                "country_code": p.country_code, "mentions": e["mentions"],
                "article_ids": list(e["articles"]), "surface_forms": list(e["forms"]),
                "population": p.population,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def leg_feature(leg: Leg, published: str | None, coordinates: Sequence[Sequence[float]] | None = None) -> dict:
    """A LineString feature for one leg; ``coordinates`` defaults to the straight segment."""
    a, b = leg.origin, leg.destination
    coords = [list(c) for c in coordinates] if coordinates else [position(a), position(b)]
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {
            "flow_id": f"{leg.route_id}-{leg.leg}",
            "route_id": leg.route_id,
            "leg": leg.leg,
            "article_id": leg.article_id,
            "from_place_id": a.place_id, "from_name": a.name, "from_kind": a.kind, "from_country": a.country_code,
            "to_place_id": b.place_id, "to_name": b.name, "to_kind": b.kind, "to_country": b.country_code,
            "mode": leg.mode, "people": leg.people, "status": leg.status,
            "event_date": leg.event_date, "published": published,
            "quote": leg.citation.quote,
            "quote_start": leg.citation.start, "quote_end": leg.citation.end,
            "confidence": round(leg.confidence, 3),
            "reviewed": leg.reviewed,
        },
    }


def flows_collection(legs: Iterable[Leg], published_by_article: dict[str, str | None]) -> dict:
    positions: dict[str, list[float]] = {}  # rounded once per place, not once per leg end

    def pos(place: Place) -> list[float]:
        hit = positions.get(place.place_id)
        if hit is None:
            hit = positions[place.place_id] = position(place)
        return hit

    features = [leg_feature(leg, published_by_article.get(leg.article_id), (pos(leg.origin), pos(leg.destination)))
                for leg in legs]
    return {"type": "FeatureCollection", "features": features}


STAGING = ".staging-"  # staging folders: "<out>/.staging-*" or "<parent>/.<out name>.staging-*"
# Errors of an exchange the system or file system does not support: fall back to renames.
_NO_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV, errno.EBUSY)


def write_build(out_dir: str | Path, files: dict[str, object]) -> None:
    """Replace the build in ``out_dir`` with ``files`` (name -> JSON data, or bytes written as they are) as a whole.

    Every file is written to a staging folder first; only when all are
    written does the build change. When ``out_dir`` holds nothing but build
    files, the staging folder (beside it) and ``out_dir`` are exchanged in
    one atomic step, so a reader or a process killed at any moment sees the
    old build or the new one, never a mix; otherwise (a folder with other
    files, a mount point, a system without the exchange) the files are
    renamed in one by one. Staging folders that a killed build left behind
    are removed first: callers hold the build lock (:func:`pipeline.build.run_build`).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_staging(out_dir)
    stage = _staging_folder(out_dir, set(files))
    try:
        for name, data in files.items():
            try:
                _write_staged(stage / name, data)
            except OSError as exc:
                if exc.filename is None:  # a failed write() names no file: the build folder is what matters
                    exc.filename = str(out_dir)
                raise
        if stage.parent == out_dir.parent:
            os.chmod(stage, stat.S_IMODE(out_dir.stat().st_mode))  # mkdtemp's is 0700
            if _exchanged(stage, out_dir):
                return
        for name in files:
            _replace(stage / name, out_dir / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _write_staged(path: Path, data: object) -> None:
    """One file of a staged build: bytes as they are (Parquet), parts into a folder, anything else as compact JSON."""
    if isinstance(data, PartitionedFile):
        path.mkdir()
        for name, part in data.parts:
            (path / name).write_bytes(part)
        return
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact: indenting triples the time
    path.write_text(text, encoding="utf-8")


def _replace(new: Path, old: Path) -> None:
    """``os.replace``, also where a partitioned folder replaces a file or the other way round."""
    if old.is_dir() and not old.is_symlink():
        shutil.rmtree(old)
    elif new.is_dir() and old.exists():
        old.unlink()
    os.replace(new, old)


def _exchanged(stage: Path, out_dir: Path) -> bool:
    """Swap the staged build with ``out_dir``; False where the system cannot."""
    try:
        exchange_paths(stage, out_dir)
    except OSError as exc:
        if exc.errno in _NO_EXCHANGE:
            return False
        raise
    return True


def _staging_folder(out_dir: Path, names: set[str]) -> Path:
    """Beside ``out_dir`` when the whole folder can be exchanged, else inside it."""
    ours = names | set(BUILD_FILES) | set(PARQUET_FILES) | {REVIEW_STATUS_FILE, CANDIDATES_FILE}
    own_folder = not out_dir.is_symlink() and all(p.name in ours for p in out_dir.iterdir())
    # Not a mount point, and writable: a folder made read-only stays unchanged, never swapped away.
    if own_folder and out_dir.stat().st_dev == out_dir.parent.stat().st_dev and os.access(out_dir, os.W_OK):
        try:
            return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{STAGING}", dir=out_dir.parent))
        except OSError:
            pass  # a read-only parent: stage inside the build folder
    return Path(tempfile.mkdtemp(prefix=STAGING, dir=out_dir))


def remove_staging(out_dir: Path) -> list[Path]:
    """Remove the staging folders of earlier builds of ``out_dir`` (killed before cleaning up)."""
    found = [*out_dir.glob(f"{STAGING}*"), *out_dir.parent.glob(f".{glob.escape(out_dir.name)}{STAGING}*")]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
    return found
