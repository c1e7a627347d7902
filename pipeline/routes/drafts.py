"""Routes before they get ids: tidy their stops, merge duplicates, cite the best sentence."""
from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.records import Article, Citation, Place, Route
from pipeline.routes import attributes as attr
from pipeline.routes.confidence import confidence
from pipeline.routes.vocabulary import SENTENCE_END


def contains(outer: Place, inner: Place) -> bool:
    return outer.kind == "country" and inner.country_code == outer.country_code and inner != outer


def clean_stops(stops: list[Place], crossings: frozenset[Place] = frozenset()) -> tuple[Place, ...]:
    """Remove repeats and stops that only restate the country of a neighbouring stop.

    A country followed by a place inside it gives way to that place (unless the
    place is a border crossing, which is a real step out of the country); a
    country that follows a place inside it is dropped, unless that place is a
    crossing into it ("crossed into Poland at Medyka"; ``crossings`` names
    places the sentence uses as crossing points whatever their kind).
    """
    out: list[Place] = []
    for place in stops:
        if out and out[-1] == place:
            continue
        if out and contains(place, out[-1]) and not (out[-1].kind == "border_crossing" or out[-1] in crossings):
            continue
        if out and contains(out[-1], place) and place.kind != "border_crossing" and place not in crossings:
            out[-1] = place
            if len(out) > 1 and out[-2] == place:
                out.pop()
            continue
        if out and contains(place, out[-1]) and len(out) > 1 and out[-2] == place:
            # "into Slovakia at the Slovak crossing of Vyšné Nemecké into the country": the country is
            # entered once, after its crossing.
            out.pop(-2)
        out.append(place)
    return tuple(out)


def split_return(stops: tuple[Place, ...]) -> list[tuple[Place, ...]]:
    """A chain that ends back in the country it started from is two journeys: there, and back.

    "took his family to safety in Poland before returning to Ukraine" (Ukraine,
    Poland, Ukraine) is Ukraine -> Poland and Poland -> Ukraine.
    """
    if len(stops) > 2 and stops[-1].country_code == stops[0].country_code != stops[-2].country_code:
        return [stops[:-1], stops[-2:]]
    return [stops]


@dataclass(frozen=True)
class Draft:
    """A route before ids are given."""

    stops: tuple[Place, ...]
    citation: Citation
    mode: str
    people: int | None
    status: str
    event_date: str | None
    rule: float  # the weakest rule's table confidence
    extra: tuple[Citation, ...] = ()
    evidence: frozenset[str] = frozenset()  # names from pipeline.routes.confidence.EVIDENCE

    @property
    def confidence(self) -> float:
        return confidence(self.evidence, self.rule)


def named_at(text: str, place: Place) -> int:
    """Where ``place`` is named in ``text`` (by its display name), else -1."""
    return text.find(place.name)


def anchor(text: str, place: Place) -> int:
    """Where ``place`` is named in ``text`` (by its display name), else 0."""
    return max(named_at(text, place), 0)


def citation(article: Article, start: int, end: int) -> Citation:
    return Citation(article.article_id, start, end, article.text[start:end])


def citation_rank(d: Draft) -> tuple[bool, bool, float]:
    """Which of two duplicate drafts to cite: a figure, then a full sentence (not a headline), then confidence."""
    return d.people is not None, bool(SENTENCE_END.search(d.citation.quote)), d.confidence


def merge_duplicates(drafts: list[Draft]) -> list[Draft]:
    """One draft per (stops, status, mode) and figure: cite the best sentence (``citation_rank``) and its head count.

    Drafts with two different head counts stay apart: each figure is its own report.
    """
    merged: dict[tuple, Draft] = {}
    order: list[tuple] = []
    for d in drafts:
        key = (tuple(p.place_id for p in d.stops), d.status)
        # Two different figures are two reports ("129,000 fled through Torkham" and "28,000 passed through on
        # Wednesday alone"): each keeps its own sentence and figure.
        same = [k for k in order if k[:2] == key and (merged[k].mode == d.mode or "unknown" in (merged[k].mode, d.mode))
                and not (merged[k].people and d.people and merged[k].people != d.people)]
        if not same:
            k = key + (len(order),)
            merged[k] = d
            order.append(k)
            continue
        k = same[0]
        old = merged[k]
        best = d if citation_rank(d) > citation_rank(old) else old
        # The figure of the sentence cited, so the quote and the number agree; else the other's.
        people = best.people if best.people is not None else (old.people if best is d else d.people)
        mode = best.mode if best.mode != "unknown" else (old.mode if old.mode != "unknown" else d.mode)
        merged[k] = replace(best, people=people, mode=mode, rule=max(old.rule, d.rule),
                            evidence=best.evidence | {"repeated"},
                            extra=tuple(dict.fromkeys(old.extra + d.extra + ((old.citation if best is d else d.citation),))))
    return [merged[k] for k in order]


def carry_news_time(drafts: list[Draft], told: list[tuple[int, str]] = ()) -> list[Draft]:
    """Undated journeys take the day of the journey told last before them, to the day.

    News keeps one time until it names another: "Two boats arrived yesterday
    evening. … The first was spotted heading towards Zurrieq" both happened
    yesterday. Journeys told before any dated one (the headline, the
    standfirst) take the first day the story gives. Plans keep no date.
    ``told``: (offset, day) of movements the text dates to the day without naming where they went
    ("More than 500 Eritreans … arrived in two large wooden boats yesterday evening").
    """
    dated = sorted([(d.citation.start, d.event_date) for d in drafts
                    if d.event_date and attr.names_a_day(d.citation.quote)] + list(told))
    if not dated:
        return drafts
    out = []
    for d in drafts:
        if d.event_date is None and d.status != "planned":
            before = [date for start, date in dated if start <= d.citation.start]
            d = replace(d, event_date=before[-1] if before else dated[0][1])
        out.append(d)
    return out


def finish(article: Article, drafts: list[Draft]) -> list[Route]:
    drafts = sorted(drafts, key=lambda d: (d.citation.start, d.citation.end))
    return [
        Route(
            route_id=f"{article.article_id}-r{n}", article_id=article.article_id, stops=d.stops,
            citation=d.citation, mode=d.mode, people=d.people, status=d.status, event_date=d.event_date,
            confidence=d.confidence, extra_citations=d.extra, evidence=tuple(sorted(d.evidence)), rule=d.rule,
        )
        for n, d in enumerate(drafts, 1)
    ]
