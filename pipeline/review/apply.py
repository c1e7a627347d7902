"""Applying a review to a build's legs and mentions (pure: no file is read or written)."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, replace

from pipeline.records import Citation, Leg, Mention, Place
from pipeline.review.model import (
    ALL_ARTICLES,
    AddLeg,
    CorrectPlace,
    Entry,
    LegDecision,
    RejectLeg,
    Review,
    entry_id,
)
from pipeline.review.validate import locate_quote


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


def _decides(entry: LegDecision, leg: Leg, start: int, end: int) -> bool:
    """The decision is about this leg: same article, same ends, cited where the quote now stands."""
    return (leg.article_id == entry.article_id and leg.origin.place_id == entry.from_place_id
            and leg.destination.place_id == entry.to_place_id and _overlaps(leg.citation, start, end))


def _quote_span(entry: LegDecision | AddLeg, article_texts: dict[str, str]) -> tuple[int, int] | str:
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
    matches it), then rejections, acceptances and added legs. Legs touched by
    a correction, accepted legs and added legs get ``reviewed=True``: the map
    shows them whatever their confidence.

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
    for entry in review.of_kind(LegDecision):
        span = _quote_span(entry, article_texts)
        if isinstance(span, str):
            statuses.append(_status(entry, "stale", span))
            continue
        hit = [i for i, leg in enumerate(legs) if _decides(entry, leg, *span)]
        if isinstance(entry, RejectLeg):
            rejected += [legs[i] for i in hit]
            legs = [leg for i, leg in enumerate(legs) if i not in set(hit)]
            done = f"removed {len(hit)} leg(s)"
        else:
            for i in hit:
                legs[i] = replace(legs[i], reviewed=True)
            done = f"confirmed {len(hit)} leg(s)"
        statuses.append(_status(entry, "applied" if hit else "unmatched", done if hit else "the build has no such leg"))

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
