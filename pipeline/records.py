"""Records passed between pipeline stages.

Every stage is a function from records to records; serialisation to JSON and
GeoJSON happens in one place (:mod:`pipeline.build.output`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("country", "region", "city", "border_crossing", "other")
MODES = ("air", "car", "bus", "rail", "foot", "bicycle", "boat", "unknown")
STATUSES = ("completed", "planned", "attempted", "blocked")


@dataclass(frozen=True)
class Article:
    """One input file after loading and cleaning.

    ``text`` is the cleaned article body: every offset in the build points
    into it, and the app shows exactly this text.
    """

    article_id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date
    duplicate_of: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A resolved real-world place (a gazetteer entry)."""

    place_id: str  # geonames:<id>, crossing:<slug>, country:<ISO2>, region:<id>
    name: str
    kind: str  # one of KINDS
    country_code: str
    lat: float
    lon: float
    population: int = 0


@dataclass(frozen=True)
class Mention:
    """A span of article text that names a place."""

    article_id: str
    start: int
    end: int
    surface: str
    place: Place
    confidence: float = 1.0


@dataclass(frozen=True)
class Citation:
    """A verbatim quote: ``text[start:end] == quote`` in the article's text."""

    article_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Leg:
    """One hop of a journey, from one place to the next."""

    route_id: str
    leg: int
    article_id: str
    origin: Place
    destination: Place
    citation: Citation
    mode: str = "unknown"
    people: int | None = None
    status: str = "completed"
    event_date: str | None = None
    confidence: float = 0.5
    reviewed: bool = False


@dataclass(frozen=True)
class Route:
    """An ordered journey: origin, transit stops, destination."""

    route_id: str
    article_id: str
    stops: tuple[Place, ...]
    citation: Citation
    mode: str = "unknown"
    people: int | None = None
    status: str = "completed"
    event_date: str | None = None
    confidence: float = 0.5
    extra_citations: tuple[Citation, ...] = field(default=())
    evidence: tuple[str, ...] = ()  # what the confidence rests on (pipeline.routes.confidence.EVIDENCE)
    rule: float = 0.0  # the weakest role rule's table confidence, the other input of the confidence

    def legs(self) -> list[Leg]:
        """Split the route into consecutive legs sharing its attributes."""
        return [
            Leg(
                route_id=self.route_id, leg=i, article_id=self.article_id,
                origin=a, destination=b, citation=self.citation, mode=self.mode,
                people=self.people, status=self.status, event_date=self.event_date,
                confidence=self.confidence,
            )
            for i, (a, b) in enumerate(zip(self.stops, self.stops[1:]))
        ]
