"""Analysts' corrections: one reviewed file, applied on every build.

Three kinds of entry live in ``data/review.json`` (versioned schema):

* :class:`RejectLeg` removes a leg the extractor got wrong;
* :class:`CorrectPlace` replaces a place's resolution in one article (or in
  every article), in its mentions and in the legs that use it;
* :class:`AddLeg` adds a missing leg, backed by a verbatim quote.

Entries are keyed by content, not by build ids (a rejection is keyed by
``(article_id, from_place_id, to_place_id, quote_start)``, never by
``flow_id``), and carry their quote, so they survive rebuilds: when an
article's text changes, the quote is found again; when it is gone, the entry
is kept and reported as ``stale``. :func:`apply_review` is pure; the file is
read and written (atomically, under a lock) only by the functions at the end.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline import config
from pipeline.files import atomic_write_json
from pipeline.text.dates import now_iso
from pipeline.text.slug import slugify
from pipeline.records import KINDS, MODES, STATUSES, Citation, Leg, Mention, Place
from pipeline.errors import ExodusError

SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 30
ALL_ARTICLES = "*"


class ReviewError(ExodusError, ValueError):
    """A correction that cannot be recorded or a review file that cannot be read."""


# ------------------------------------------------------------ entries

@dataclass(frozen=True)
class RejectLeg:
    """Remove the leg ``from_place_id -> to_place_id`` cited at ``quote`` in an article."""

    article_id: str
    from_place_id: str
    to_place_id: str
    quote_start: int
    quote: str
    created: str = ""
    author: str | None = None
    note: str | None = None
    kind: str = field(default="reject_leg", init=False)

    def key(self) -> tuple:
        return (self.kind, self.article_id, self.from_place_id, self.to_place_id, self.quote_start)


@dataclass(frozen=True)
class CorrectPlace:
    """Resolve ``place_id`` to ``place`` instead, in one article or in all (``article_id='*'``)."""

    article_id: str
    place_id: str
    place: Place
    surface: str | None = None
    created: str = ""
    author: str | None = None
    note: str | None = None
    kind: str = field(default="correct_place", init=False)

    def key(self) -> tuple:
        return (self.kind, self.article_id, self.place_id)


@dataclass(frozen=True)
class AddLeg:
    """A leg the extractor missed, supported by ``quote`` (verbatim in the article)."""

    article_id: str
    origin: Place
    destination: Place
    quote: str
    quote_start: int
    mode: str = "unknown"
    people: int | None = None
    status: str = "completed"
    event_date: str | None = None
    created: str = ""
    author: str | None = None
    note: str | None = None
    kind: str = field(default="add_leg", init=False)

    def key(self) -> tuple:
        return (self.kind, self.article_id, self.origin.place_id, self.destination.place_id, self.quote_start)


Entry = RejectLeg | CorrectPlace | AddLeg


def entry_id(entry: Entry) -> str:
    """Short stable id of an entry's key (for undo buttons and reports)."""
    return hashlib.sha1(json.dumps(entry.key(), ensure_ascii=False).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Review:
    """Every recorded correction, oldest first; one per key."""

    entries: tuple[Entry, ...] = ()

    def with_entry(self, entry: Entry) -> Review:
        """Add ``entry``, replacing an older entry with the same key."""
        kept = tuple(e for e in self.entries if e.key() != entry.key())
        return Review(kept + (entry,))

    def without(self, eid: str) -> Review:
        return Review(tuple(e for e in self.entries if entry_id(e) != eid))

    def of_kind(self, cls) -> list:
        return [e for e in self.entries if isinstance(e, cls)]


# ------------------------------------------------------------ JSON (one place)

def place_to_json(place: Place) -> dict:
    return asdict(place)


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


_ENTRY_TYPES = {"reject_leg": RejectLeg, "correct_place": CorrectPlace, "add_leg": AddLeg}


def entry_from_json(data: dict) -> Entry:
    kind = data.get("kind") if isinstance(data, dict) else None
    cls = _ENTRY_TYPES.get(kind)
    if cls is None:
        raise ReviewError(f"unknown review entry kind {kind!r}")
    args = {k: v for k, v in data.items() if k not in ("kind", "id")}
    for name in ("place", "origin", "destination"):
        if name in args:
            args[name] = place_from_json(args[name])
    try:
        return cls(**args)
    except TypeError as exc:
        raise ReviewError(f"bad {kind} entry in review file: {exc}") from None


def review_to_json(review: Review) -> dict:
    return {"schema": SCHEMA_VERSION, "entries": [entry_to_json(e) for e in review.entries]}


def review_from_json(data) -> Review:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ReviewError("the review file is not a {'schema', 'entries'} object")
    schema = data.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        raise ReviewError(f"the review file has schema {schema!r}; this version reads up to {SCHEMA_VERSION}")
    return Review(tuple(entry_from_json(e) for e in data["entries"]))


# ------------------------------------------------------------ validation / constructors

def validate_place(place: Place) -> Place:
    """Check a corrected place's fields; GeoJSON needs lon in [-180, 180], lat in [-90, 90]."""
    if not place.name.strip() or not place.place_id.strip():
        raise ReviewError("a place needs a name and an id")
    if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
        raise ReviewError(f"coordinates lat={place.lat}, lon={place.lon} are out of range "
                          "(latitude -90..90, longitude -180..180)")
    if place.kind not in KINDS:
        raise ReviewError(f"place kind {place.kind!r} is not one of {', '.join(KINDS)}")
    return place


def manual_place(name: str, lat: float, lon: float, country_code: str = "", kind: str = "city") -> Place:
    """A place the analyst enters by hand; its id encodes name and rounded coordinates."""

    name = " ".join(str(name).split())
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ReviewError("latitude and longitude must be numbers") from None
    cc = str(country_code or "").strip().upper()
    if cc and (len(cc) != 2 or not cc.isalpha()):
        raise ReviewError(f"country code {country_code!r} is not a two-letter ISO code")
    slug = slugify(name) or "place"
    return validate_place(Place(f"manual:{slug}:{lat:.4f},{lon:.4f}", name, kind, cc, lat, lon))


def locate_quote(text: str, quote: str, hint: int = 0) -> int | None:
    """Start of ``quote`` in ``text``: the occurrence nearest ``hint``, or None when absent."""
    if not quote:
        return None
    starts, i = [], text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return min(starts, key=lambda s: abs(s - hint)) if starts else None


def reject_leg(flow: dict, author: str | None = None, note: str | None = None,
               clock: Callable[[], str] = now_iso) -> RejectLeg:
    """A rejection from a flow's properties (a row of ``flows.geojson``)."""
    try:
        return RejectLeg(str(flow["article_id"]), str(flow["from_place_id"]), str(flow["to_place_id"]),
                         int(flow["quote_start"]), str(flow["quote"]), clock(), author or None, note or None)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError(f"cannot reject this leg: missing {exc}") from None


def correct_place(article_id: str | None, place_id: str, place: Place, surface: str | None = None,
                  author: str | None = None, note: str | None = None,
                  clock: Callable[[], str] = now_iso) -> CorrectPlace:
    """A place correction; ``article_id=None`` applies it to every article."""
    if not place_id:
        raise ReviewError("choose the place to correct")
    validate_place(place)
    if place.place_id == place_id:
        raise ReviewError("the new place is the same as the old one")
    return CorrectPlace(article_id or ALL_ARTICLES, place_id, place, surface or None, clock(),
                        author or None, note or None)


def add_leg(article_id: str, article_text: str, quote: str, origin: Place, destination: Place,
            mode: str = "unknown", people: int | None = None, status: str = "completed",
            event_date: str | None = None, author: str | None = None, note: str | None = None,
            clock: Callable[[], str] = now_iso) -> AddLeg:
    """A missing leg; its quote must occur verbatim in the article's text.

    Raises
    ------
    ReviewError
        Quote not found, same origin and destination, or a bad mode/status/count.
    """
    quote = quote.strip()
    if not quote:
        raise ReviewError("paste the sentence that supports the leg")
    start = locate_quote(article_text, quote)
    if start is None:
        raise ReviewError(f"the quote is not in article {article_id!r} verbatim: copy it exactly from the article text")
    validate_place(origin)
    validate_place(destination)
    if origin.place_id == destination.place_id:
        raise ReviewError("origin and destination are the same place")
    if mode not in MODES:
        raise ReviewError(f"mode {mode!r} is not one of {', '.join(MODES)}")
    if status not in STATUSES:
        raise ReviewError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if people is not None and (not isinstance(people, int) or people < 0):
        raise ReviewError("people must be a whole number >= 0")
    return AddLeg(article_id, origin, destination, quote, start, mode, people, status,
                  event_date or None, clock(), author or None, note or None)


# ------------------------------------------------------------ applying (pure)

@dataclass(frozen=True)
class EntryStatus:
    """How one entry fared in a build: ``applied``, ``unmatched`` (nothing to act on) or ``stale``."""

    entry_id: str
    kind: str
    article_id: str
    status: str
    detail: str


@dataclass(frozen=True)
class Reviewed:
    """A build's records after the review: legs, mentions, what was removed and why."""

    legs: tuple[Leg, ...]
    mentions: tuple[Mention, ...]
    rejected: tuple[Leg, ...]
    extra_places: tuple[tuple[str, Place], ...]
    statuses: tuple[EntryStatus, ...]

    @property
    def stale(self) -> list[EntryStatus]:
        return [s for s in self.statuses if s.status == "stale"]


def _status(entry: Entry, status: str, detail: str) -> EntryStatus:
    return EntryStatus(entry_id(entry), entry.kind, entry.article_id, status, detail)


def _place_map(corrections: Iterable[CorrectPlace]) -> Callable[[str, Place], Place | None]:
    """Lookup of the corrected place for ``(article_id, place)``; article-specific wins over '*'."""
    table = {(c.article_id, c.place_id): c.place for c in corrections}

    def lookup(article_id: str, place: Place) -> Place | None:
        return table.get((article_id, place.place_id)) or table.get((ALL_ARTICLES, place.place_id))
    return lookup


def _overlaps(cit: Citation, start: int, end: int) -> bool:
    return cit.start < end and start < cit.end


def _quote_span(entry: RejectLeg | AddLeg, article_texts: dict[str, str]) -> tuple[int, int] | str:
    """Where the entry's quote stands in its article now, or why it is stale."""
    text = article_texts.get(entry.article_id)
    start = locate_quote(text, entry.quote, entry.quote_start) if text is not None else None
    if start is None:
        why = "no longer in the corpus" if text is None else "no longer contains the quote"
        return f"article {entry.article_id!r} {why}"
    return start, start + len(entry.quote)


def apply_review(legs: Iterable[Leg], review: Review, article_texts: dict[str, str],
                 mentions: Iterable[Mention] = ()) -> Reviewed:
    """Apply every correction to a build's legs and mentions.

    Place corrections first (so a rejection recorded on a corrected leg
    matches it), then rejections, then added legs. Legs touched by a
    correction and added legs get ``reviewed=True``.

    Parameters
    ----------
    legs, mentions
        The build's records before review.
    review
        The recorded corrections.
    article_texts
        article_id -> the article's cleaned text (the one offsets point into).
    """
    legs, mentions = list(legs), list(mentions)
    statuses: list[EntryStatus] = []
    extra: list[tuple[str, Place]] = []

    corrections = [c for c in review.of_kind(CorrectPlace)
                   if c.article_id == ALL_ARTICLES or c.article_id in article_texts]
    lookup = _place_map(corrections)
    used: set[tuple] = set()

    def fix(article_id: str, place: Place) -> Place:
        new = lookup(article_id, place)
        if new is None:
            return place
        used.add((article_id, place.place_id))
        used.add((ALL_ARTICLES, place.place_id))
        return new

    mentions = [replace(m, place=fix(m.article_id, m.place)) if lookup(m.article_id, m.place) else m
                for m in mentions]
    fixed = []
    for leg in legs:
        o, d = fix(leg.article_id, leg.origin), fix(leg.article_id, leg.destination)
        if o is not leg.origin or d is not leg.destination:
            leg = replace(leg, origin=o, destination=d, reviewed=True)
            extra += [(leg.article_id, o), (leg.article_id, d)]
        fixed.append(leg)
    legs = fixed
    for c in review.of_kind(CorrectPlace):
        if c.article_id != ALL_ARTICLES and c.article_id not in article_texts:
            statuses.append(_status(c, "stale", f"article {c.article_id!r} is no longer in the corpus"))
        elif (c.article_id, c.place_id) in used:
            statuses.append(_status(c, "applied", f"{c.place_id} -> {c.place.name}"))
        else:
            statuses.append(_status(c, "unmatched", f"no mention resolves to {c.place_id} any more"))

    rejected: list[Leg] = []
    for r in review.of_kind(RejectLeg):
        span = _quote_span(r, article_texts)
        if isinstance(span, str):
            statuses.append(_status(r, "stale", span))
            continue
        start, end = span
        hit = [leg for leg in legs if leg.article_id == r.article_id and leg.origin.place_id == r.from_place_id
               and leg.destination.place_id == r.to_place_id and _overlaps(leg.citation, start, end)]
        rejected += hit
        legs = [leg for leg in legs if not any(leg is h for h in hit)]
        statuses.append(_status(r, "applied" if hit else "unmatched",
                                f"removed {len(hit)} leg(s)" if hit else "the build has no such leg"))

    for a in review.of_kind(AddLeg):
        span = _quote_span(a, article_texts)
        if isinstance(span, str):
            statuses.append(_status(a, "stale", span))
            continue
        start, end = span
        same = [i for i, leg in enumerate(legs) if leg.article_id == a.article_id
                and leg.origin.place_id == a.origin.place_id
                and leg.destination.place_id == a.destination.place_id and _overlaps(leg.citation, start, end)]
        if same:  # the extractor found it meanwhile: confirm instead of doubling
            for i in same:
                legs[i] = replace(legs[i], reviewed=True)
            statuses.append(_status(a, "applied", "already extracted; marked reviewed"))
            continue
        legs.append(Leg(
            route_id=f"review-{entry_id(a)}", leg=0, article_id=a.article_id, origin=a.origin,
            destination=a.destination, citation=Citation(a.article_id, start, end, article_texts[a.article_id][start:end]),
            mode=a.mode, people=a.people, status=a.status, event_date=a.event_date,
            confidence=1.0, reviewed=True))
        extra += [(a.article_id, a.origin), (a.article_id, a.destination)]
        statuses.append(_status(a, "applied", f"added {a.origin.name} -> {a.destination.name}"))

    order = {entry_id(e): i for i, e in enumerate(review.entries)}
    statuses.sort(key=lambda s: order[s.entry_id])
    return Reviewed(tuple(legs), tuple(mentions), tuple(rejected), tuple(dict.fromkeys(extra)), tuple(statuses))


def status_records(reviewed: Reviewed) -> list[dict]:
    """Entry statuses as JSON rows (for a build report)."""
    return [asdict(s) for s in reviewed.statuses]


# ------------------------------------------------------------ the file (I/O)

def load_review(path: str | Path) -> Review:
    """Read the review file; a missing file is an empty review.

    Raises
    ------
    ReviewError
        When the file exists but cannot be read: it is never overwritten then.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Review()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReviewError(f"cannot read {path}: {exc}") from None
    try:
        return review_from_json(json.loads(raw))
    except json.JSONDecodeError as exc:
        raise ReviewError(f"{path} is not valid JSON ({exc}); fix or move it, it is never overwritten") from None


def save_review(path: str | Path, review: Review) -> None:
    atomic_write_json(path, review_to_json(review))


@contextmanager
def review_lock(path: str | Path, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    lock = Path(path).resolve().parent / ".locks" / "review.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(str(lock), timeout=timeout):
            yield
    except Timeout:
        raise ReviewError(f"another session is saving a review (lock {lock}); try again") from None


def record(path: str | Path, entry: Entry) -> Review:
    """Add (or replace) one entry in the review file: read, change, write, under the lock."""
    with review_lock(path):
        review = load_review(path).with_entry(entry)
        save_review(path, review)
    return review


def forget(path: str | Path, eid: str) -> Review:
    """Remove the entry with id ``eid`` (undo)."""
    with review_lock(path):
        review = load_review(path)
        if not any(entry_id(e) == eid for e in review.entries):
            raise ReviewError(f"no review entry {eid!r}")
        review = review.without(eid)
        save_review(path, review)
    return review


# ------------------------------------------------------------ for the Review page

def open_gazetteer():
    """The offline gazetteer, for candidate places (opening its cached index is fast)."""
    from pipeline.gazetteer import load_gazetteer

    return load_gazetteer(log=lambda msg: None)


def place_candidates(name: str, gazetteer) -> list[Place]:
    """Gazetteer places called ``name``, most likely first."""
    name = " ".join(str(name).split())
    return list(gazetteer.candidates(name)) if name else []


def place_from_row(row: dict) -> Place:
    """A Place from a row of the build's places table (``places.geojson`` properties + lon/lat)."""
    kind = row.get("kind") if row.get("kind") in KINDS else "other"
    pop = row.get("population")
    return Place(str(row["place_id"]), str(row["name"]), kind, str(row.get("country_code") or ""),
                 float(row["lat"]), float(row["lon"]), int(pop) if isinstance(pop, (int, float)) and pop == pop else 0)


def places_of_article(places, article_id: str) -> list[Place]:
    """The places a build links to an article, by name (``places`` from :func:`pipeline.view.buildio.load_build`)."""
    if places is None or places.empty or "article_ids" not in places:
        return []
    rows = [r for r in places.to_dict("records") if article_id in (r.get("article_ids") or ())]
    return sorted((place_from_row(r) for r in rows), key=lambda p: (p.name, p.place_id))


def article_texts(paths, article_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Cleaned texts (those the build's offsets point into) from the build's articles.json."""
    try:
        records = json.loads((Path(paths.build) / "articles.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    wanted = set(article_ids) if article_ids is not None else None
    return {r["article_id"]: r.get("text") or "" for r in records
            if isinstance(r, dict) and "article_id" in r and (wanted is None or r["article_id"] in wanted)}


def article_text(paths, article_id: str) -> str:
    """One article's cleaned text; a clear error when the build does not have it."""
    text = article_texts(paths, [article_id]).get(article_id)
    if text is None:
        raise ReviewError(f"article {article_id!r} is not in the build: rebuild first")
    return text


def build_statuses(build_dir: str | Path) -> dict[str, str]:
    """entry id -> status (``applied``, ``unmatched``, ``stale``) from the build's review_status.json."""
    try:
        rows = json.loads((Path(build_dir) / "review_status.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {r["entry_id"]: f"{r['status']}: {r['detail']}" for r in rows if isinstance(r, dict) and "entry_id" in r}


def entry_rows(review: Review, statuses: dict[str, str]) -> list[dict]:
    """One display row per entry: what, where, when, who, and its status in the last build."""
    rows = []
    for e in review.entries:
        if isinstance(e, RejectLeg):
            what = f"reject {e.from_place_id} → {e.to_place_id}"
        elif isinstance(e, CorrectPlace):
            what = f"{e.place_id} → {e.place.name} ({e.place.place_id})"
        else:
            what = f"add {e.origin.name} → {e.destination.name}"
        rows.append({"id": entry_id(e), "kind": e.kind, "article": e.article_id, "change": what,
                     "quote": getattr(e, "quote", ""),
                     "in the last build": statuses.get(entry_id(e), "not built yet"),
                     "created": e.created, "author": e.author or ""})
    return rows


# ------------------------------------------------------------ the build's hook

def review_build(articles_dir: str | Path, articles: Iterable, legs: Iterable[Leg], mentions: Iterable[Mention],
                 warn: Callable[[str], None] | None = None) -> Reviewed:
    """Apply ``data/review.json`` (beside ``articles_dir``) to a build's legs and mentions.

    Stale entries are reported through ``warn`` (stderr by default) and kept
    in the file. Raises :class:`ReviewError` when the file cannot be read, so
    that a build never silently drops the analysts' corrections.
    """
    import sys

    warn = warn or (lambda msg: print(msg, file=sys.stderr))
    review = load_review(config.review_path(articles_dir))
    texts = {a.article_id: a.text for a in articles}
    reviewed = apply_review(legs, review, texts, mentions)
    for s in reviewed.stale:
        warn(f"warning: review entry {s.entry_id} ({s.kind}, {s.article_id}) is stale: {s.detail}; kept in the file")
    return reviewed
