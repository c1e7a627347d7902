"""A synthetic build of any size, for benchmarks and tests.

The build follows the output contract exactly: articles are generated
sentence by sentence, every leg's quote is a sentence of its article at the
offsets stated, and the places file counts the mentions in those texts.
Places are invented names at plausible coordinates inside rough boxes of
real countries; nothing here is meant to look like a real story.

``python -m pipeline.devtools.synthetic OUT [--legs N --places N --articles N --seed S]``
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import shapely

from pipeline.build import (GEOMETRY, article_record, flows_collection, parquet_files, places_collection, table_file,
                            write_build)
from pipeline.contract import ARTICLES_PARQUET, FLOWS_PARQUET, PLACES_PARQUET
from pipeline.files import atomic_write_text
from pipeline.records import MODES, STATUSES, Article, Citation, Mention, Place, Route
from pipeline.config import MIN_CONFIDENCE

# ISO2, English name, west, east, south, north: rough inner boxes of land.
COUNTRIES: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("RU", "Russia", 30.0, 60.0, 50.0, 62.0),
    ("KZ", "Kazakhstan", 52.0, 80.0, 43.0, 52.0),
    ("GE", "Georgia", 41.6, 46.0, 41.3, 42.8),
    ("AM", "Armenia", 43.6, 46.0, 39.2, 41.0),
    ("TR", "Turkey", 27.0, 43.0, 37.0, 40.5),
    ("FI", "Finland", 22.0, 30.0, 60.5, 66.0),
    ("NO", "Norway", 6.0, 12.0, 59.0, 63.0),
    ("MN", "Mongolia", 92.0, 116.0, 44.0, 49.0),
    ("UZ", "Uzbekistan", 60.0, 71.0, 38.5, 42.5),
    ("KG", "Kyrgyzstan", 70.0, 79.0, 40.0, 42.5),
    ("TJ", "Tajikistan", 68.0, 74.0, 37.5, 40.0),
    ("RS", "Serbia", 19.5, 22.5, 42.5, 45.5),
    ("DE", "Germany", 7.0, 14.0, 48.0, 53.5),
    ("PL", "Poland", 15.0, 23.5, 50.0, 54.0),
    ("UA", "Ukraine", 24.0, 38.0, 46.5, 51.0),
    ("SY", "Syria", 36.0, 41.0, 33.0, 36.5),
    ("AE", "United Arab Emirates", 54.0, 56.0, 23.0, 25.0),
    ("MX", "Mexico", -106.0, -98.0, 19.0, 28.0),
    ("US", "United States", -110.0, -85.0, 31.0, 45.0),
    ("SD", "Sudan", 24.0, 36.0, 10.0, 20.0),
)
OUTLETS = ("The Daily Lantern", "Northern Wire", "Border Monitor", "Steppe Review", "Harbour Post",
           "Valley Courier", "Evening Ledger", "Caravan News", "Meridian Times", "Open Road Weekly",
           "Frontier Bulletin", "Crossroads Radio")
_SYLLABLES = ("ka", "lu", "ga", "ro", "vo", "min", "ta", "bel", "sar", "ol", "ni", "dor", "ya", "ze",
              "mar", "ku", "sen", "tor", "vi", "an", "esh", "pol", "rin", "du", "sha", "bek", "ast", "ul")
_VERBS = {"completed": "travelled", "planned": "planned to travel", "attempted": "tried to travel",
          "blocked": "were turned back on the way"}
_MODE_WORDS = {"air": "by plane", "car": "by car", "bus": "by bus", "rail": "by train", "foot": "on foot",
               "bicycle": "by bicycle", "boat": "by boat", "unknown": ""}
_FILLER = ("Officials declined to comment.", "Queues stretched for hours.",
           "Some had packed a single bag.", "Prices for tickets rose sharply.",
           "Volunteers handed out water.", "Many said they did not know when they would return.")


@dataclass(frozen=True)
class SyntheticSize:
    """How big a synthetic build is."""

    legs: int = 10_000
    places: int = 2_000
    articles: int = 500
    seed: int = 0

    def __post_init__(self):
        if self.articles < 1 or self.places < 4 or self.legs < 0:
            raise ValueError("a synthetic build needs at least 1 article, 4 places and 0 legs")


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if rng.random() < 0.15:
            name += rng.choice((" Pass", "sk", "ovo", " Bay", "abad"))
        if name not in taken:
            taken.add(name)
            return name


def make_places(size: SyntheticSize, rng: random.Random) -> list[Place]:
    """One country place per country, then invented cities, regions and crossings."""
    places = [Place(place_id=f"country:{iso}", name=name, kind="country", country_code=iso,
                    lat=round((s + n) / 2, 4), lon=round((w + e) / 2, 4))
              for iso, name, w, e, s, n in COUNTRIES]
    taken = {p.name for p in places}
    for k in range(max(0, size.places - len(places))):
        iso, _, w, e, s, n = rng.choice(COUNTRIES)
        kind = rng.choices(("city", "region", "border_crossing"), weights=(85, 10, 5))[0]
        lon, lat = rng.uniform(w, e), rng.uniform(s, n)
        if kind == "border_crossing":  # on the edge of the box
            lon = rng.choice((w, e))
        name = _name(rng, taken)
        pid = f"crossing:{name.lower().replace(' ', '-')}" if kind == "border_crossing" else f"synthetic:{k}"
        places.append(Place(place_id=pid, name=name, kind=kind, country_code=iso, lat=round(lat, 4),
                            lon=round(lon, 4), population=int(rng.lognormvariate(9, 2)) if kind == "city" else 0))
    return places[: size.places]


def _route_sentence(stops: list[Place], mode: str, people: int | None, status: str) -> tuple[str, list[int]]:
    """The sentence and the character offset of each stop's name in it."""
    who = f"{people:,} people" if people is not None else "Many people"
    parts = [f"{who} {_VERBS[status]} from "]
    offsets = []
    for k, stop in enumerate(stops):
        if k == len(stops) - 1 and k > 0:
            parts.append(" to ")
        elif 0 < k:
            parts.append(" via " if k == 1 else " and ")
        offsets.append(sum(map(len, parts)))
        parts.append(stop.name)
    tail = _MODE_WORDS[mode]
    return "".join(parts) + (f" {tail}" if tail else "") + ".", offsets


def _random_date(rng: random.Random, start: date, days: int) -> str:
    return (start + timedelta(days=rng.randrange(days))).isoformat()


def make_build(size: SyntheticSize, article_dir: str | Path) -> tuple[dict[str, object], dict[str, str]]:
    """The build's files (name -> JSON data) and each article's text by path."""
    rng = random.Random(size.seed)
    places = make_places(size, rng)
    by_country: dict[str, list[Place]] = {}
    for p in places:
        if p.kind == "border_crossing":
            by_country.setdefault(p.country_code, []).append(p)
    ends = [p for p in places if p.kind != "border_crossing"]

    sentences: list[list[tuple[str, list[tuple[Place, int]], Route | None]]] = [[] for _ in range(size.articles)]
    made = 0
    r = 0
    while made < size.legs:
        n_legs = min(size.legs - made, rng.choices((1, 2, 3), weights=(50, 35, 15))[0])
        origin = rng.choice(ends)
        stops = [origin]
        for _ in range(n_legs - 1):
            crossing = by_country.get(origin.country_code)
            stops.append(rng.choice(crossing) if crossing and rng.random() < 0.5 else rng.choice(ends))
        stops.append(rng.choice([p for p in rng.sample(ends, 3) if p.place_id != stops[-1].place_id] or ends))
        mode = rng.choice(MODES)
        status = rng.choices(STATUSES, weights=(60, 20, 12, 8))[0]
        people = None if rng.random() < 0.4 else max(1, int(rng.lognormvariate(3, 2)))
        text, offsets = _route_sentence(stops, mode, people, status)
        a = rng.randrange(size.articles)
        route = Route(route_id=f"r{r:06d}", article_id=f"synthetic-{a:04d}", stops=tuple(stops),
                      citation=Citation(article_id="", start=0, end=0, quote=text), mode=mode, people=people,
                      status=status, event_date=_random_date(rng, date(2022, 9, 1), 400) if rng.random() < 0.6 else None,
                      confidence=round(rng.uniform(MIN_CONFIDENCE, 1.0), 3))  # what the map shows by default
        sentences[a].append((text, list(zip(stops, offsets)), route))
        made += n_legs
        r += 1
    # Every place is named somewhere, so the places file has all of them.
    for p in places:
        a = rng.randrange(size.articles)
        sentences[a].append((f"Reporters also visited {p.name}.", [(p, len("Reporters also visited "))], None))

    articles, mentions, legs, texts = [], [], [], {}
    article_dir = Path(article_dir)
    for a, items in enumerate(sentences):
        rng.shuffle(items)
        aid = f"synthetic-{a:04d}"
        title = f"On the road: report {a + 1}"
        body, cursor = [], len(title) + 2
        for text, named, route in items:
            if rng.random() < 0.3:
                filler = rng.choice(_FILLER) + " "
                body.append(filler)
                cursor += len(filler)
            for place, off in named:
                mentions.append(Mention(article_id=aid, start=cursor + off, end=cursor + off + len(place.name),
                                        surface=place.name, place=place))
            if route is not None:
                cite = Citation(article_id=aid, start=cursor, end=cursor + len(text), quote=text)
                legs.extend(replace(route, citation=cite).legs())
            body.append(text + "\n\n")
            cursor += len(text) + 2
        full = f"{title}\n\n" + "".join(body)
        path = article_dir / f"{aid}.txt"
        published = _random_date(rng, date(2022, 9, 15), 365) if rng.random() < 0.9 else None
        articles.append(Article(article_id=aid, path=str(path), text=full, title=title,
                                outlet=rng.choice(OUTLETS), url=f"https://example.org/synthetic/{aid}",
                                published=published))
        texts[str(path)] = full
    published = {art.article_id: art.published for art in articles}
    files = {
        "articles.json": [article_record(art) for art in articles],
        "places.geojson": places_collection(mentions),
        "flows.geojson": flows_collection(legs, published),
    }
    return files, texts


def write_synthetic_build(out_dir: str | Path, size: SyntheticSize = SyntheticSize()) -> Path:
    """Write a synthetic build to ``out_dir`` (its article texts under ``out_dir/articles``)."""
    out_dir = Path(out_dir)
    files, texts = make_build(size, out_dir / "articles")
    for path, text in texts.items():
        atomic_write_text(path, text)
    write_build(out_dir, {**files, **parquet_files(files["articles.json"], files["places.geojson"],
                                                   files["flows.geojson"])})
    return out_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.devtools.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write the build into")
    parser.add_argument("--legs", type=int, default=SyntheticSize.legs)
    parser.add_argument("--places", type=int, default=SyntheticSize.places)
    parser.add_argument("--articles", type=int, default=SyntheticSize.articles)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        size = SyntheticSize(legs=args.legs, places=args.places, articles=args.articles, seed=args.seed)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = write_synthetic_build(args.out, size)
    print(f"wrote a synthetic build to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def columnar_tables(size: SyntheticSize) -> dict[str, pa.Table]:
    """A large synthetic build as Arrow tables only (``*.parquet``, no JSON twins), made column by column.

    For the read side's scale benchmark (a million legs): the columns, types
    and GeoParquet geometry of :mod:`pipeline.build.columnar`, with invented
    places, legs between them and articles that are only their metadata.
    Seeded, like :func:`make_build`.
    """
    rng = np.random.default_rng(size.seed)
    boxes = np.array([c[2:] for c in COUNTRIES])
    pc = rng.integers(0, len(COUNTRIES), size.places)
    kinds = rng.choice(np.array(["city", "region", "border_crossing"]), size.places, p=[0.85, 0.10, 0.05])
    lon = np.round(rng.uniform(boxes[pc, 0], boxes[pc, 1]), 4)
    lat = np.round(rng.uniform(boxes[pc, 2], boxes[pc, 3]), 4)
    syll = np.array(_SYLLABLES)
    names = np.char.add(np.char.capitalize(np.char.add(syll[rng.integers(0, len(syll), size.places)],
                                                       syll[rng.integers(0, len(syll), size.places)])),
                        np.char.add(" ", np.arange(size.places).astype(str)))
    place_ids = np.char.add("synthetic:", np.arange(size.places).astype(str))
    countries = np.array([c[0] for c in COUNTRIES])[pc]
    article_ids = np.char.add("synthetic-", np.char.zfill(np.arange(size.articles).astype(str), 6))
    days = rng.integers(0, 400, size.articles)
    published = np.datetime_as_string(np.datetime64("2022-09-15") + days, unit="D").astype(object)
    published[rng.random(size.articles) < 0.1] = None

    n = size.legs
    # Places are named as news names them: a few very often (Zipf), most rarely; so journeys repeat.
    popular = rng.permutation(size.places)
    a = popular[(rng.zipf(1.3, n) - 1) % size.places]
    b = popular[(rng.zipf(1.3, n) - 1) % size.places]
    b = np.where(a == b, (b + 1) % size.places, b)
    leg_article = rng.integers(0, size.articles, n)
    people = rng.lognormal(3, 2, n).astype(np.int64) + 1
    people_mask = rng.random(n) < 0.4
    event = np.datetime_as_string(np.datetime64("2022-09-01") + rng.integers(0, 400, n), unit="D").astype(object)
    event[rng.random(n) < 0.4] = None
    modes = np.array(MODES)[rng.integers(0, len(MODES), n)]
    statuses = rng.choice(np.array(STATUSES), n, p=[0.6, 0.2, 0.12, 0.08])
    route_ids = np.char.add("r", np.arange(n).astype(str))
    quotes = np.char.add(np.char.add(np.char.add("People travelled from ", names[a]), " to "), names[b])
    quotes = np.char.add(quotes, np.char.add(" ", np.array([_MODE_WORDS[m] for m in MODES])[
        np.searchsorted(np.array(MODES), modes, sorter=np.argsort(MODES))]))
    lines = shapely.linestrings(np.stack([np.stack([lon[a], lat[a]], 1), np.stack([lon[b], lat[b]], 1)], 1))
    flows = {
        "flow_id": np.char.add(route_ids, "-0"), "route_id": route_ids, "leg": np.zeros(n, np.int64),
        "article_id": article_ids[leg_article],
        "from_place_id": place_ids[a], "from_name": names[a], "from_kind": kinds[a], "from_country": countries[a],
        "to_place_id": place_ids[b], "to_name": names[b], "to_kind": kinds[b], "to_country": countries[b],
        "mode": modes, "people": pa.array(people, mask=people_mask), "status": statuses,
        "event_date": pa.array(event, pa.string()), "published": pa.array(published[leg_article], pa.string()),
        "quote": quotes, "quote_start": np.zeros(n, np.int64), "quote_end": np.char.str_len(quotes).astype(np.int64),
        "confidence": np.round(rng.uniform(MIN_CONFIDENCE, 1.0, n), 3), "reviewed": np.zeros(n, bool),
    }
    points = shapely.points(np.stack([lon, lat], 1))
    places = {
        "place_id": place_ids, "name": names, "kind": kinds, "country_code": countries,
        "mentions": np.bincount(np.concatenate([a, b]), minlength=size.places).astype(np.int64),
        "article_ids": pa.array([[]] * size.places, pa.list_(pa.string())),
        "surface_forms": pa.array([[x] for x in names.tolist()], pa.list_(pa.string())),
        "population": np.zeros(size.places, np.int64),
    }
    articles = {
        "article_id": article_ids, "title": np.char.add("On the road: report ", article_ids),
        "outlet": np.array(OUTLETS)[rng.integers(0, len(OUTLETS), size.articles)],
        "url": np.char.add("https://example.org/synthetic/", article_ids), "published": pa.array(published, pa.string()),
        "path": np.char.add(np.char.add("synthetic/", article_ids), ".md"),
        "duplicate_of": pa.nulls(size.articles, pa.string()),
        "warnings": pa.array([[]] * size.articles, pa.list_(pa.string())),
    }

    def table(columns: dict, geometry=None) -> pa.Table:
        arrays = {k: v if isinstance(v, pa.Array) else pa.array(v.tolist() if v.dtype.kind == "U" else v)
                  for k, v in columns.items()}
        if geometry is not None:
            arrays[GEOMETRY] = pa.array(shapely.to_wkb(geometry).tolist(), pa.binary())
        return pa.table(arrays)

    return {ARTICLES_PARQUET: table(articles), PLACES_PARQUET: table(places, points),
            FLOWS_PARQUET: table(flows, lines)}


def write_columnar_build(out_dir: str | Path, size: SyntheticSize) -> Path:
    """Write :func:`columnar_tables` into ``out_dir``, through the build's writer (large tables partitioned)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kinds = {PLACES_PARQUET: "Point", FLOWS_PARQUET: "LineString"}
    write_build(out_dir, {name: table_file(tab, kinds.get(name)) for name, tab in columnar_tables(size).items()})
    return out_dir
