"""Find the places an article names and resolve each to one gazetteer entry.

The scan is gazetteer-driven (:mod:`.matching`): runs of capitalised tokens
are looked up longest-first ("St Petersburg" before "Petersburg"). Each match
then passes context rules (:mod:`.rules`, a table) that reject what is not a
place, and ambiguous names are resolved by a score (:mod:`.resolve`).
:mod:`.cues` adds demonyms before a border and lists unknown names after a
locative cue for the optional online geocoder (:mod:`.geocode`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.geoparse.cues import capital_mentions, demonym_border_mentions, unknown_locatives
from pipeline.geoparse.geocode import GeocoderError, make_geocoder, worth_asking
from pipeline.geoparse.matching import GazetteerLike, Match, find_matches
from pipeline.geoparse.resolve import Rejection, article_countries, resolve
from pipeline.geoparse.tokens import Token, is_sentence_initial, title_case_lines, tokenize
from pipeline.records import Article, Mention

__all__ = [
    "GazetteerLike", "GeocoderError", "Match", "Parse", "Rejection", "Token", "find_matches", "geoparse",
    "is_sentence_initial", "make_geocoder", "parse", "title_case_lines", "tokenize", "unknown_locatives",
]


@dataclass(frozen=True)
class Parse:
    """An article's mentions, sorted by position, and the matches rejected on the way."""

    mentions: tuple[Mention, ...]
    rejected: tuple[Rejection, ...]


def parse(article: Article, gaz: GazetteerLike, geocoder=None) -> Parse:
    """Mentions and rejections of one article (see :func:`geoparse`)."""
    text = article.text
    tokens = tokenize(text)
    matches = find_matches(text, tokens, gaz)
    countries = article_countries(text, tokens, matches, gaz)
    mentions, rejected = resolve(article.article_id, text, tokens, matches, gaz, countries)
    mentions += demonym_border_mentions(article.article_id, text, tokens, gaz, mentions)
    mentions = capital_mentions(article.article_id, text, tokens, gaz, mentions)
    if geocoder is not None:
        for start, end, surface in unknown_locatives(text, tokens, matches, gaz):
            place = geocoder.geocode(surface, sorted(countries)) if worth_asking(text, start, end) else None
            if place is not None:
                mentions.append(Mention(article.article_id, start, end, surface, place, 0.6))
    return Parse(tuple(sorted(mentions, key=lambda m: m.start)), tuple(rejected))


def geoparse(article: Article, gaz: GazetteerLike, log: Callable[[str], None] | None = None,
             geocoder=None) -> list[Mention]:
    """All place mentions of an article, sorted by position.

    ``log`` hears why each rejected name is not a place. ``geocoder``
    (optional, e.g. Nominatim) is asked only about names after a locative cue
    that the offline gazetteer does not know.
    """
    result = parse(article, gaz, geocoder)
    if log:
        for r in result.rejected:
            if r.rule == "evidence":
                log(f"{article.article_id}: {r.surface!r} at {r.start}: {r.reason}")
            else:
                log(f"{article.article_id}: {r.surface!r} at {r.start} is not a place: {r.reason}")
    return list(result.mentions)
