"""Find the places an article names and resolve each to one gazetteer entry.

The scan is gazetteer-driven: runs of capitalised tokens are looked up
longest-first ("St Petersburg" before "Petersburg"). Each match then passes
context rules (a table, :data:`REJECT_RULES`) that reject what is not a
place: people ("Vladimir Putin", "President X", "said Miras"), words that are
only capitalised because a sentence starts ("Most of them"), parts of larger
proper names ("Current Time", "Rudaki Avenue"), demonyms ("Kazakh"). Ambiguous
names are resolved by a score: kind (countries first), population, whether
the candidate's country is named in the article, and "City, Country" pairs.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pipeline.gazetteer import ACRONYM_PREFIX, REGION_WORDS, Candidate, name_key
from pipeline.geoparse.geocode import GeocoderError, make_geocoder  # noqa: F401  (the online geocoder, for the build)
from pipeline.records import Article, Mention, Place

MAX_NAME_TOKENS = 6
# Lower-case words allowed inside a multi-word name ("Rostov-on-Don", "Isle of Man").
CONNECTORS = frozenset({"of", "on", "upon", "de", "del", "la", "le", "les", "du", "des", "da", "do",
                        "dos", "am", "an", "der", "al", "el", "sur", "y", "and"})
# Words before a name that make it a person ("President Tokayev", "Mr Vladimir").
PERSON_TITLES = frozenset({
    "president", "minister", "premier", "senator", "governor", "mayor", "general", "gen", "mr", "mrs",
    "ms", "dr", "sir", "lady", "king", "queen", "prince", "princess", "pope", "colonel", "col",
    "captain", "capt", "judge", "chancellor", "ambassador", "sheikh", "emir", "sultan", "rev",
    "father", "bishop", "patriarch", "professor", "prof", "lieutenant", "sergeant", "spokesman",
    "spokeswoman", "spokesperson", "director", "commander", "officer", "activist", "journalist",
    "student", "analyst", "scientist", "named", "called", "dubbed",
})
# Verbs of speech right after a name make it a speaker ("Miras said").
SPEECH_VERBS = frozenset({
    "said", "says", "told", "tells", "added", "adds", "wrote", "writes", "admitted", "recalled",
    "observed", "noted", "notes", "explained", "asked", "replied", "speculated", "believes",
    "thinks", "argued", "argues", "claimed", "claims", "insisted", "warned", "stated", "declared",
    "announced", "tweeted", "posted", "reported", "recounted", "remembered", "complained",
})
# Words before a name that mark it as a location ("in Oral", "near Tasqala").
LOCATIVE_CUES = frozenset({
    "in", "from", "to", "into", "near", "via", "through", "at", "outside", "towards", "toward",
    "across", "of", "reach", "reached", "reaching", "left", "leave", "leaving", "fled", "flee",
    "fleeing", "entered", "entering", "enter", "crossed", "visit", "visited", "around", "between",
    "and", "for", "onto", "within", "inside", "beyond", "past", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "capital", "city", "town", "village", "region",
})
BORDER_NOUNS = frozenset({"border", "borders", "frontier", "side", "checkpoint", "crossing"})

_TOKEN = re.compile(r"[^\W_]+")
_SENTENCE_END = set(".!?\n")
_OPENERS = set(" \t\"“‘'([«—–-•*")
_ABBREVIATIONS = frozenset({"st", "mt", "ft", "ste"})
BIG_CITY = 2_000_000
SMALL_CITY = 15_000
TOWN = 100_000


class GazetteerLike(Protocol):
    def lookup(self, key: str, base_only: bool = False) -> list[Candidate]: ...
    def nonplace(self, key: str) -> str | None: ...
    def demonym_country(self, word: str) -> str | None: ...
    def country(self, iso2: str) -> Place | None: ...
    def region_of(self, admin1: str) -> Place | None: ...


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Match:
    """A run of tokens whose name the gazetteer knows, before resolution."""

    first: int  # token index
    last: int  # token index, inclusive
    start: int
    end: int
    surface: str
    candidates: tuple[Candidate, ...]
    region_word: bool = False  # followed by "region", "oblast", ...


@dataclass(frozen=True)
class Context:
    """What the rules may look at around a match."""

    text: str
    tokens: Sequence[Token]
    match: Match
    sentence_initial: bool
    title_line: bool
    article_countries: frozenset[str]

    def token(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def gap(self, left: int) -> str:
        """Text between token ``left`` and the next token."""
        return self.text[self.tokens[left].end:self.tokens[left + 1].start]

    @property
    def prev(self) -> Token | None:
        return self.token(self.match.first - 1)

    @property
    def next(self) -> Token | None:
        return self.token(self.match.last + 1)

    def prev_gap(self) -> str:
        return self.gap(self.match.first - 1) if self.match.first > 0 else "\n"

    def next_gap(self) -> str:
        return self.gap(self.match.last) if self.match.last + 1 < len(self.tokens) else "\n"


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def is_sentence_initial(text: str, start: int) -> bool:
    """True when only opening punctuation stands between ``start`` and a sentence end."""
    i = start - 1
    while i >= 0 and text[i] in _OPENERS:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END or text[i] == ":"


def title_case_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines written in Title Case (headlines), where capitals say nothing."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in _TOKEN.findall(line) if len(w) > 3]
        if len(words) >= 3 and not line.rstrip().endswith((".", "?", "!", "”", '"')):
            caps = sum(w[0].isupper() for w in words)
            if caps / len(words) >= 0.75:
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _joinable(text: str, left: Token, right: Token) -> bool:
    """Whether two tokens can be parts of one name."""
    gap = text[left.end:right.start]
    if gap in (" ", "-", "‑", "'", "’"):
        return True
    return gap == ". " and left.lower in _ABBREVIATIONS


def _possessive_s(text: str, tok: Token) -> bool:
    """The "s" of a name with an apostrophe ("Cox's Bazar")."""
    return tok.text == "s" and tok.start > 0 and text[tok.start - 1] in "'’"


def find_matches(text: str, tokens: Sequence[Token], gaz: GazetteerLike) -> list[Match]:
    """Longest-first gazetteer matches over capitalised token runs.

    Terms of ``data/nonplaces.csv`` ("Central Asia", "Soviet Union") are
    consumed without a match, so their parts are not read as places.
    """
    out: list[Match] = []
    i, n_tok = 0, len(tokens)
    while i < n_tok:
        tok = tokens[i]
        if not tok.capitalised or tok.text.isdigit():
            i += 1
            continue
        found = None
        consumed = 0
        for n in range(min(MAX_NAME_TOKENS, n_tok - i), 0, -1):
            last = tokens[i + n - 1]
            if not last.capitalised:
                continue
            run = tokens[i:i + n]
            if any(not _joinable(text, a, b) for a, b in zip(run, run[1:])):
                continue
            if any(not t.capitalised and t.lower not in CONNECTORS and not _possessive_s(text, t)
                   for t in run[1:-1]):
                continue
            surface = text[tok.start:last.end]
            key = name_key(surface)
            if gaz.nonplace(key):
                consumed = n
                break
            nxt = tokens[i + n] if i + n < n_tok else None
            region_word = (nxt is not None and nxt.lower in REGION_WORDS
                           and text[last.end:nxt.start] == " ")
            cands = gaz.lookup(key)
            if surface.isupper() and len(surface) <= 5:
                cands = gaz.lookup(ACRONYM_PREFIX + key) + cands
            if region_word:
                regions = [c for c in gaz.lookup(key, base_only=True) if c.place.kind == "region"]
                if regions or cands:
                    found = Match(i, i + n, tok.start, nxt.end, text[tok.start:nxt.end],
                                  tuple(regions or cands), region_word=True)
                    break
            if cands:
                found = Match(i, i + n - 1, tok.start, last.end, surface, tuple(cands))
                break
        if found:
            out.append(found)
            i = found.last + 1
        else:
            i += max(consumed, 1)
    return out


# ---------------------------------------------------------------------------
# Rejection rules: each takes the context and the candidates still standing
# and returns a reason when the match is not a place.


def _not_country(cands: Sequence[Candidate]) -> bool:
    return not any(c.place.kind in ("country", "border_crossing") for c in cands)


def rule_person_title(ctx: Context, cands) -> str | None:
    prev = ctx.prev
    if prev and prev.lower in PERSON_TITLES and _not_country(cands) and ctx.prev_gap() in (" ", ". "):
        return f"after the title {prev.text!r}"
    return None


def rule_speaker(ctx: Context, cands) -> str | None:
    nxt, prev = ctx.next, ctx.prev
    if not _not_country(cands):
        return None
    if ctx.next_gap().startswith("*"):
        return "pseudonym marked with *"
    if nxt and nxt.lower in SPEECH_VERBS and ctx.next_gap() == " " and not _has_locative_cue(ctx):
        return f"speaker of {nxt.text!r}"
    if prev and prev.lower in {"said", "says", "told", "asked"} and ctx.prev_gap() == " ":
        return f"speaker after {prev.text!r}"
    return None


def rule_part_of_larger_name(ctx: Context, cands) -> str | None:
    """A capitalised word joined to the match ("Vladimir Putin", "Current Time")."""
    if not _not_country(cands) or ctx.match.region_word:
        return None
    nxt, prev = ctx.next, ctx.prev
    if nxt and nxt.capitalised and ctx.next_gap() in (" ", "-") and not ctx.title_line:
        return f"followed by {nxt.text!r}"
    if (prev and prev.capitalised and ctx.prev_gap() in (" ", "-") and not ctx.title_line
            and not is_sentence_initial(ctx.text, prev.start)):
        return f"preceded by {prev.text!r}"
    return None


def _has_locative_cue(ctx: Context) -> bool:
    """A word before ("in Oral") or a crossing noun after ("the Medyka crossing") marks a place."""
    prev, nxt = ctx.prev, ctx.next
    if nxt and nxt.lower in BORDER_NOUNS and ctx.next_gap() == " ":
        return True
    return bool(prev and prev.lower in LOCATIVE_CUES
                and (not prev.capitalised or is_sentence_initial(ctx.text, prev.start)))


def rule_common_word(ctx: Context, cands) -> str | None:
    """Ordinary English words capitalised by position ("Most", "Time", "March")."""
    if not _not_country(cands) or not cands[0].common_word:
        return None
    if any(c.primary and c.place.kind == "city" and c.place.population >= BIG_CITY for c in cands):
        return None
    if ctx.sentence_initial or ctx.title_line:
        return "common word at the start of a sentence or in a headline"
    if not _has_locative_cue(ctx) and not any(c.place.country_code in ctx.article_countries for c in cands):
        return "common word without a locative cue"
    return None


REJECT_RULES: tuple[Callable[[Context, Sequence[Candidate]], str | None], ...] = (
    rule_person_title,
    rule_speaker,
    rule_part_of_larger_name,
    rule_common_word,
)


# ---------------------------------------------------------------------------
# Scoring.


def candidate_score(c: Candidate, ctx: Context, paired_country: str | None) -> float:
    """Higher is likelier. Countries beat regions beat cities of the same name."""
    p = c.place
    if p.kind == "country":
        score = 9.0
    elif p.kind == "border_crossing":
        score = 8.5
    elif p.kind == "region":
        score = 8.0 if ctx.match.region_word else 1.0 + math.log10(p.population + 10) * 0.6
    else:
        score = math.log10(p.population + 10)
    if not c.primary:
        score -= 0.7
    if p.country_code in ctx.article_countries:
        score += 2.0
    if paired_country and p.country_code == paired_country:
        score += 8.0  # "Atlanta, Georgia": the pair outweighs any prior
    return score


def acceptable(c: Candidate, ctx: Context) -> bool:
    """Small places need evidence: a locative cue and/or a country named in the article."""
    p = c.place
    if p.kind in ("country", "border_crossing") or ctx.match.region_word:
        return True
    in_context = p.country_code in ctx.article_countries
    cue = _has_locative_cue(ctx)
    pop = p.population
    if p.kind == "region":
        return c.primary or in_context or cue
    if pop >= TOWN:
        return c.primary or in_context or cue or pop >= 500_000
    if pop >= SMALL_CITY:
        return in_context or cue
    return cue and (in_context or c.primary) and not ctx.sentence_initial


def _paired_country(ctx: Context, resolved: list[Mention]) -> str | None:
    """In "Tbilisi, Georgia" or "Georgia's capital Tbilisi" the neighbour's country decides."""
    if resolved and ctx.prev_gap() == ", ":
        last = resolved[-1]
        if last.end == ctx.tokens[ctx.match.first - 1].end:
            return last.place.country_code
    return None


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


def resolve(article_id: str, text: str, tokens: Sequence[Token], matches: Sequence[Match],
            gaz: GazetteerLike, countries: frozenset[str],
            log: Callable[[str], None] | None = None) -> list[Mention]:
    """Apply the rejection rules and pick the best candidate of each match.

    ``countries`` are the ones the article names (:func:`article_countries`).
    """
    titles = title_case_lines(text)
    mentions: list[Mention] = []
    for m in matches:
        in_title = any(a <= m.start < b for a, b in titles)
        ctx = Context(text, tokens, m, is_sentence_initial(text, m.start), in_title, countries)
        cands = list(m.candidates)
        if gaz.demonym_country(m.surface) and _not_country(cands):
            reason = "demonym"
        else:
            reason = next((r for rule in REJECT_RULES if (r := rule(ctx, cands))), None)
        if reason:
            if log:
                log(f"{article_id}: {m.surface!r} at {m.start} is not a place: {reason}")
            continue
        paired = _paired_country(ctx, mentions)
        ranked = sorted(cands, key=lambda c: candidate_score(c, ctx, paired), reverse=True)
        best = next((c for c in ranked if acceptable(c, ctx)), None)
        if best is None:
            if log:
                log(f"{article_id}: {m.surface!r} at {m.start}: no candidate has enough evidence")
            continue
        place = best.place
        if m.region_word and place.kind == "city":
            place = gaz.region_of(best.admin1) or place
        top = candidate_score(ranked[0], ctx, paired)
        second = candidate_score(ranked[1], ctx, paired) if len(ranked) > 1 else top - 5
        confidence = round(1 / (1 + math.exp(-(top - second))), 3)
        mentions.append(Mention(article_id, m.start, m.end, m.surface, place, confidence))
    return mentions


def demonym_border_mentions(article_id: str, text: str, tokens: Sequence[Token],
                            gaz: GazetteerLike, taken: Iterable[Mention]) -> list[Mention]:
    """"the Norwegian border" names Norway: a demonym before a border noun."""
    taken_starts = {m.start for m in taken}
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if not tok.capitalised or tok.start in taken_starts:
            continue
        nxt = tokens[i + 1]
        if nxt.lower in BORDER_NOUNS and text[tok.end:nxt.start] == " ":
            cc = gaz.demonym_country(tok.text)
            place = gaz.country(cc) if cc else None
            if place:
                out.append(Mention(article_id, tok.start, tok.end, tok.text, place, 0.8))
    return out


STRONG_LOCATIVES = frozenset({"in", "from", "to", "into", "near", "via"})


def unknown_locatives(text: str, tokens: Sequence[Token], matches: Sequence[Match],
                      gaz: GazetteerLike) -> list[tuple[int, int, str]]:
    """Capitalised names right after "in/from/to/near/via" that the gazetteer does not know.

    Only these are worth asking an online geocoder about.
    """
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    out = []
    i = 1
    while i < len(tokens):
        prev, tok = tokens[i - 1], tokens[i]
        if (prev.text in STRONG_LOCATIVES and text[prev.end:tok.start] == " " and tok.capitalised
                and i not in covered and not is_sentence_initial(text, tok.start)):
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].capitalised and _joinable(text, tokens[j], tokens[j + 1]) \
                    and j + 1 not in covered and j + 1 - i < MAX_NAME_TOKENS:
                j += 1
            surface = text[tok.start:tokens[j].end]
            if not gaz.nonplace(name_key(surface)) and not gaz.demonym_country(surface) and not surface.isupper():
                out.append((tok.start, tokens[j].end, surface))
            i = j + 1
        else:
            i += 1
    return out


def geoparse(article: Article, gaz: GazetteerLike, log: Callable[[str], None] | None = None,
             geocoder=None) -> list[Mention]:
    """All place mentions of an article, sorted by position.

    ``geocoder`` (optional, e.g. Nominatim) is asked only about names after a
    locative cue that the offline gazetteer does not know.
    """
    text = article.text
    tokens = tokenize(text)
    matches = find_matches(text, tokens, gaz)
    countries = article_countries(text, tokens, matches, gaz)
    mentions = resolve(article.article_id, text, tokens, matches, gaz, countries, log)
    mentions += demonym_border_mentions(article.article_id, text, tokens, gaz, mentions)
    if geocoder is not None:
        for start, end, surface in unknown_locatives(text, tokens, matches, gaz):
            place = geocoder.geocode(surface, sorted(countries))
            if place is not None:
                mentions.append(Mention(article.article_id, start, end, surface, place, 0.6))
    return sorted(mentions, key=lambda m: m.start)
