"""Choosing one candidate per match: evidence thresholds and a score."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.gazetteer import Candidate, name_key
from pipeline.geoparse.matching import GazetteerLike, Match
from pipeline.geoparse.rules import REJECT_RULES, Context, has_cue_before_article, has_locative_cue, not_country
from pipeline.geoparse.tokens import Token, is_sentence_initial, title_case_lines
from pipeline.records import Mention

SMALL_CITY = 15_000
TOWN = 100_000
SHARPNESS = 1.5  # how fast a name's probabilities fall with its candidates' priors
ADMIN1_WEIGHT = 2.0  # per other name pointing to the same first-level region
SUPPORT_WEIGHT = 1.0  # per other name pointing to the same country


@dataclass(frozen=True)
class Rejection:
    """A match that did not become a mention, and why (for ``build -v`` and the error report)."""

    start: int
    end: int
    surface: str
    rule: str  # the rule's name, or "evidence" when no candidate had enough
    reason: str


def prior(c: Candidate, region_word: bool = False) -> float:
    """How likely a candidate is before context: kind, population, main name or alias."""
    p = c.place
    if p.kind == "country":
        score = 9.0
    elif p.kind == "border_crossing":
        score = 8.5
    elif p.kind == "region":
        score = 8.0 if region_word else 2.0 + math.log10(p.population + 10) * 0.6
    elif p.kind == "other":  # second-level areas lose to a town of the same name
        score = 8.0 if region_word else math.log10(p.population + 10) * 0.5
    else:
        score = math.log10(p.population + 10)
    if not c.primary:
        score -= 0.7
    return score


@dataclass(frozen=True)
class Evidence:
    """What the rest of the article says about where a name's candidates lie.

    ``countries``: countries the article names outright; ``admin1`` and
    ``country_support``: for each first-level region and country, how much
    the article's *other* names point there (each name adds the probability
    of its likeliest candidate there); ``paired``: candidates a "Town,
    State" or "Town, Country" pair confirms, by place id.
    """

    countries: frozenset[str] = frozenset()
    admin1: dict[str, float] = field(default_factory=dict)
    country_support: dict[str, float] = field(default_factory=dict)
    paired: frozenset[str] = frozenset()


def candidate_score(c: Candidate, ctx: Context, evidence: Evidence) -> float:
    """Higher is likelier: the prior, then the article's countries, regions and pairs."""
    p = c.place
    score = prior(c, ctx.match.region_word)
    if p.country_code in ctx.article_countries:
        score += 2.0
    near = SUPPORT_WEIGHT * min(evidence.country_support.get(p.country_code, 0.0), 1.5)
    if c.admin1 and p.kind != "country":
        near += ADMIN1_WEIGHT * min(evidence.admin1.get(c.admin1, 0.0), 3.0)
    score += near if c.primary else near / 2  # an alias of a village is a weak reading of a name
    if p.place_id in evidence.paired:
        score += 8.0  # "Atlanta, Georgia": the pair outweighs any prior
    return score


def probabilities(cands: Sequence[Candidate], region_word: bool, countries: frozenset[str]) -> list[float]:
    """A name's candidates as probabilities from their priors (and the countries named)."""
    scores = [prior(c, region_word) + (2.0 if c.place.country_code in countries else 0.0) for c in cands]
    top = max(scores)
    weights = [math.exp(SHARPNESS * (s - top)) for s in scores]
    total = sum(weights)
    return [w / total for w in weights]


def support(names: dict[str, list[tuple[Candidate, float]]], exclude: str) -> tuple[dict, dict]:
    """Per first-level region and per country, how much the names other than ``exclude`` point there."""
    admin1: dict[str, float] = {}
    countries: dict[str, float] = {}
    for key, cands in names.items():
        if key == exclude:
            continue
        best_a: dict[str, float] = {}
        best_c: dict[str, float] = {}
        for c, prob in cands:
            if c.admin1:
                best_a[c.admin1] = max(best_a.get(c.admin1, 0.0), prob)
            best_c[c.place.country_code] = max(best_c.get(c.place.country_code, 0.0), prob)
        for a, prob in best_a.items():
            admin1[a] = admin1.get(a, 0.0) + prob
        for cc, prob in best_c.items():
            countries[cc] = countries.get(cc, 0.0) + prob
    return admin1, countries


def compatible(town: Candidate, outer: Candidate) -> bool:
    """Whether ``town`` lies in ``outer`` ("Paris, Tenn.", "Tbilisi, Georgia", "Cook County, Illinois")."""
    if outer.place.kind == "country":
        return town.place.country_code == outer.place.country_code and town.place.kind != "country"
    if outer.place.kind in ("region", "other"):
        return town.place.kind in ("city", "other", "border_crossing") and bool(town.admin1) \
            and town.admin1 == outer.admin1 and town.place.place_id != outer.place.place_id
    return False


def pair_confirmed(first: Sequence[Candidate], second: Sequence[Candidate]) -> set[str]:
    """Place ids confirmed by a "First, Second" pair: the likeliest compatible pair of candidates."""
    if any(c.primary and c.place.kind == "country" for c in first):
        return set()  # "Moldova, Romania": a list of countries, not a town in one
    best, best_score = None, -math.inf
    for a in first:
        for b in second:
            if compatible(a, b):
                score = prior(a) + prior(b)
                if score > best_score:
                    best, best_score = (a, b), score
    return {best[0].place.place_id, best[1].place.place_id} if best else set()


# Last words of a name that say it is a place: "the Canary Islands", "the Sinai Peninsula".
GEOGRAPHIC_HEADS = frozenset({"islands", "island", "isles", "archipelago", "peninsula", "mountains", "valley",
                              "desert", "gulf", "strait", "straits", "bay", "delta", "province", "oblast", "governorate"})


def names_its_kind(surface: str) -> bool:
    """A name of two words or more whose last word is a geographic head noun ("Canary Islands")."""
    words = surface.split()
    return len(words) > 1 and words[-1].lower() in GEOGRAPHIC_HEADS


def acceptable(c: Candidate, ctx: Context, evidence: Evidence) -> bool:
    """Small places need evidence: a locative cue, their country or region named, or a pair."""
    p = c.place
    if p.kind in ("country", "border_crossing") or ctx.match.region_word or p.place_id in evidence.paired:
        return True
    in_context = (p.country_code in ctx.article_countries
                  or evidence.admin1.get(c.admin1, 0.0) >= 0.5
                  or evidence.country_support.get(p.country_code, 0.0) >= 1.0)
    cue = has_locative_cue(ctx)
    pop = p.population
    if p.kind in ("region", "other"):
        # Islands, regions and areas are named with "the" after the cue: "to the Canary Islands";
        # a name that ends in what it is ("the Canary Islands received …") says so itself.
        return c.primary or in_context or cue or has_cue_before_article(ctx) or names_its_kind(ctx.match.surface)
    if pop >= TOWN:
        return c.primary or in_context or cue or pop >= 500_000
    if pop >= SMALL_CITY:
        return in_context or cue
    return cue and (in_context or c.primary) and not ctx.sentence_initial


def article_countries(text: str, tokens: Sequence[Token], matches: Sequence[Match],
                      gaz: GazetteerLike) -> frozenset[str]:
    """Countries an article names outright, or through demonyms ("Kazakh", "Russians")."""
    found = set()
    for m in matches:
        for c in m.candidates:
            if c.place.kind == "country" and c.primary:
                found.add(c.place.country_code)
    for tok in tokens:
        if tok.capitalised:
            cc = gaz.demonym_country(tok.text)
            if cc:
                found.add(cc)
    return frozenset(found)


def rejection(ctx: Context, cands: Sequence[Candidate], gaz: GazetteerLike) -> tuple[str, str] | None:
    """(rule name, reason) of the first rule that rejects the match, else None."""
    if gaz.demonym_country(ctx.match.surface) and not_country(cands):
        return "demonym", "demonym"
    for rule in REJECT_RULES:
        reason = rule(ctx, cands)
        if reason:
            return rule.__name__.removeprefix("rule_"), reason
    return None


PERSON_RULES = frozenset({"person_title", "speaker"})


def person_names(rejected: Sequence[Rejection], matches: Sequence[Match]) -> set[str]:
    """Name keys the article uses for a person ("President Jordan", "Moore said", "Tom Moore").

    A surname after a first name counts only when no candidate is a town of
    100,000 or more ("Metro Vancouver" does not make Vancouver a person).
    """
    big = {name_key(m.surface) for m in matches
           if any(c.place.population >= TOWN or c.place.kind == "region" for c in m.candidates)}
    out = set()
    for r in rejected:
        key = name_key(r.surface)
        if r.rule in PERSON_RULES or (r.rule == "part_of_larger_name" and r.reason.startswith("preceded")
                                      and key not in big):
            out.add(key)
    return out


def _pairs(kept: Sequence[tuple[Match, Context]], text: str) -> set[str]:
    """Place ids confirmed by "Town, State" / "Town, Country" pairs anywhere in the article."""
    out: set[str] = set()
    for (a, _), (b, _) in zip(kept, kept[1:]):
        if text[a.end:b.start] in (", ", ",", " (") :
            out |= pair_confirmed(a.candidates, b.candidates)
    return out


def resolve(article_id: str, text: str, tokens: Sequence[Token], matches: Sequence[Match],
            gaz: GazetteerLike, countries: frozenset[str]) -> tuple[list[Mention], list[Rejection]]:
    """Apply the rejection rules, then pick one candidate per name with the whole article as context.

    ``countries`` are the ones the article names (:func:`article_countries`).
    Every occurrence of a name weighs the same evidence (one sense per
    article); each occurrence still needs enough evidence of its own.
    """
    titles = title_case_lines(text)
    rejected: list[Rejection] = []
    kept: list[tuple[Match, Context]] = []
    for m in matches:
        in_title = any(a <= m.start < b for a, b in titles)
        ctx = Context(text, tokens, m, is_sentence_initial(text, m.start), in_title, countries)
        why = rejection(ctx, m.candidates, gaz)
        if why:
            rejected.append(Rejection(m.start, m.end, m.surface, *why))
        else:
            kept.append((m, ctx))
    people = person_names(rejected, matches)
    still: list[tuple[Match, Context]] = []
    for m, ctx in kept:
        if name_key(m.surface) in people and not_country(m.candidates):
            rejected.append(Rejection(m.start, m.end, m.surface, "person_named_elsewhere",
                                      "the article uses this name for a person"))
        else:
            still.append((m, ctx))
    kept = still
    names: dict[str, list[tuple[Candidate, float]]] = {}
    for m, _ in kept:
        key = name_key(m.surface)
        if key not in names:
            names[key] = list(zip(m.candidates, probabilities(m.candidates, m.region_word, countries)))
    paired = frozenset(_pairs(kept, text))
    evidence_of: dict[str, Evidence] = {}
    for key in names:
        admin1, country_support = support(names, key)
        evidence_of[key] = Evidence(countries, admin1, country_support, paired)
    mentions: list[Mention] = []
    for m, ctx in kept:
        evidence = evidence_of[name_key(m.surface)]
        ranked = sorted(m.candidates, key=lambda c: candidate_score(c, ctx, evidence), reverse=True)
        best = next((c for c in ranked if acceptable(c, ctx, evidence)), None)
        if best is None:
            rejected.append(Rejection(m.start, m.end, m.surface, "evidence", "no candidate has enough evidence"))
            continue
        place = best.place
        if m.region_word and place.kind == "city":
            place = gaz.region_of(best.admin1) or place
        top = candidate_score(ranked[0], ctx, evidence)
        second = candidate_score(ranked[1], ctx, evidence) if len(ranked) > 1 else top - 5
        confidence = round(1 / (1 + math.exp(-(top - second))), 3)
        mentions.append(Mention(article_id, m.start, m.end, m.surface, place, confidence))
    return mentions, rejected
