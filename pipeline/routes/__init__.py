"""Route extraction: sentences + resolved place mentions -> journeys.

The grammar is a set of tables (documented in ``docs/ROUTE_GRAMMAR.md``):

1. ``SKIP_RULES`` drop sentences that report no journey (captions, prices,
   protest rides, habits).
2. ``IGNORE_RULES`` mark mentions that only locate another place
   ("Grozny, the capital of Chechnya", "Russia's Saratov region").
3. ``ROLE_RULES`` give each remaining mention a role (origin, destination,
   via, crossing, ...) from the words around it. A sentence is rewritten with
   each mention replaced by a token ``⟨k⟩`` so the rules read like the
   phrases they match.
4. A small story tracker joins sentences about one traveller (role nouns,
   names, pronouns) into one route.
5. Routes without a stated origin start in the country the movers leave,
   inferred from the article (demonyms of the movers, "fled <country>").

Attributes (mode, people, status, date) come from :mod:`pipeline.routes.attributes`.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable, Protocol

from pipeline.routes import attributes as attr
from pipeline.records import Article, Citation, Mention, Place, Route
from pipeline.text.sentences import split_sentences


class PlaceLookup(Protocol):
    """What route extraction needs from the gazetteer."""

    def country(self, iso2: str) -> Place | None:
        """The Place of a country by ISO 3166-1 alpha-2 code."""

    def demonym_country(self, word: str) -> str | None:
        """ISO2 for a demonym or adjective ("Russians", "Kazakh"), else None."""


# ---------------------------------------------------------------------------
# Vocabulary shared by the rules
# ---------------------------------------------------------------------------
TOKEN = r"⟨\d+⟩"
# Verbs and nouns of movement; a role rule marked ``gated`` needs one nearby.
MOVE = (
    r"\b(?:fled|flee(?:s|ing)?|left|leav(?:e|es|ing)|escap(?:e|ed|es|ing)|travell?(?:ed|ing|s)?|went|"
    r"go(?:es|ing)?|gone|mov(?:e|ed|es|ing)|relocat\w*|emigrat\w*|head(?:ed|ing|s)?|fl[ye]w|fly(?:ing)?|"
    r"flown|flights?|drove|driv(?:e|en|ing)|sail(?:ed|ing|s)?|cycl(?:ed|ing)|bik(?:ed|ing)|walk(?:s|ed|ing)?|"
    r"rode|cross(?:ed|es|ing)?|arriv\w*|reach(?:ed|es|ing)?|pour(?:ed|ing)?|stream(?:ed|ing)?|came|"
    r"com(?:e|es|ing)|return(?:ed|ing|s)?|bound|journeys?|trips?|tickets?|exodus|influx(?:es)?|queu\w*|"
    r"ferried|smuggled|entered|enter(?:s|ing)?|made (?:it|(?:their|his|her|my|our) way)|"
    r"reject\w*|refus\w*|restrict\w*|bann\w*|barr\w*|clos(?:e|ed|es|ing)|onwards?|took|tak(?:e|es|en|ing)|"
    r"carr(?:y|ied|ies|ying)|transport(?:ed|ing|s)?|deport\w*|expell?\w*)\b"
)
MOVE_RE = re.compile(MOVE, re.IGNORECASE)
# Words that may stand between a preposition and the place it governs.
FILLER_WORD = (
    r"(?:the|a|an|their|his|her|its|our|my|this|that|some|other|(?-i:[A-Z][\w’'-]*)|" + TOKEN + r"|"
    r"neighbou?ring|nearby|remote|small|tiny|far|far-\w+|distant|isolated|coastal|mountain|steppe|"
    r"northern|southern|eastern|western|central|north\w*|south\w*|east\w*|west\w*|arctic|border|"
    r"capital|port|resort|suburb|suburban|home|native|industrial|provincial|regional|main|major|"
    r"largest|biggest|second|old|ancient|historic|city|cities)"
)
DESC_NOUN = (
    r"(?:city|cities|town|towns|capital|capitals|nations?|countries|country|states?|republics?|"
    r"regions?|provinces?|villages?|port|ports|hometown|home town|islands?|destinations?|places|"
    r"neighbou?rs|enclaves?|districts?|oblasts?)"
)
# "Bajo Chiquito in Panama": a name the gazetteer lacks falls back to the place it is in.
ITEM = (
    rf"(?:{FILLER_WORD}\s+|{DESC_NOUN},?\s+(?:of|like|such as|including)\s+|(?-i:[A-Z][\w’'-]*)\s+in\s+){{0,6}}?"
    rf"(?:(?:capital|city|town|port),\s+)?{TOKEN}"
)
SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+)"
SKIP_ITEM = r"(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
# A list of places, possibly with non-place names among them ("to Europe, Turkey and Georgia").
LIST = rf"(?:{SKIP_ITEM}{SEP})?{ITEM}(?:{SEP}(?:{ITEM}|{SKIP_ITEM}))*"
_SPLIT_ITEMS = re.compile(r",|\band\b|\bor\b|\bas well as\b")
_TOKEN_RE = re.compile(r"⟨(\d+)⟩")

# Places where movers are present make a locative ("In X, ...") an arrival.
MOVER_NOUNS = re.compile(
    r"\b(?:refugees|migrants|arrivals|newcomers|incomers|escapees|evacuees|asylum[- ]seekers|relocants|"
    r"relocators|exiles|draft[- ]dodgers|new\s+(?:[“\"‘']?[\w-]+[”\"’']?\s+){0,2}?"
    r"(?:clients|guests|customers|tenants|residents|arrivals))\b",
    re.IGNORECASE,
)
PERSON_AFTER_DEMONYM = re.compile(
    r"^\s+(?:citizens|nationals|men|women|people|families|refugees|migrants|escapees|travell?ers|"
    r"passengers|tourists|guests|reservists|conscripts|draft[- ]dodgers|arrivals|exiles|students|"
    r"workers|citizen|national|man|woman)\b",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# Demonyms whose plural has no -s ("Sudanese", "Rohingya") are nouns before a verb or a break.
INVARIANT_DEMONYM = re.compile(r"(?:ese|ss|ya)$")
NOUN_CONTEXT = re.compile(
    r"^(?:\s*[,.;:)]|\s+(?:have|has|had|are|were|is|was|who|and|in|from|to|into|at|now|also|still|"
    r"fled|flee|crossed|cross|crossing|left|arriv\w+|streamed|poured|continue\w*|walk\w*|head\w*)\b)"
)


def _names_people(word: str, after: str) -> bool:
    """True when a capitalised ``word`` (a possible demonym) names people: "Russians", "Russian citizens",
    "Sudanese have crossed"."""
    if word.endswith("s") and not INVARIANT_DEMONYM.search(word):
        return True
    if PERSON_AFTER_DEMONYM.match(after):
        return True
    return bool(INVARIANT_DEMONYM.search(word)) and bool(NOUN_CONTEXT.match(after))

# Superseded plans: "had been planning to go to X ... but/ended up in Y".
PLAN_CUE = re.compile(r"\bhad\s+(?:been\s+)?(?:plann\w+|hop\w+|intend\w+|want\w+|rushed|tried|meant|expect\w+)\b", re.I)
CONTRAST = re.compile(r"\b(?:but|instead|ended up|in the end|eventually|finally)\b", re.I)
# "the Adre crossing": the place is used as a crossing point, whatever its gazetteer kind.
NAMED_CROSSING = re.compile(r"\s+(?:border\s+)?(?:crossing|checkpoint|border post|crossing point|bridge)s?\b", re.I)
ARRIVAL_FROM = re.compile(rf"\b(?:arriv(?:e|es|ed|ing)|came|com(?:e|es|ing))\s+(?:here\s+)?from\s+{TOKEN}", re.I)
HARD_BOUNDARY = re.compile(r"[;“”\"()]|\b(?:but|although|though|while|whereas|however|because)\b", re.I)
NEGATION_WINDOW = re.compile(r"\b(?:not|never|no longer|won[’']t|didn[’']t|don[’']t|can[’']t|cannot|wouldn[’']t|refuse[sd]? to)\b", re.I)


# ---------------------------------------------------------------------------
# Rule tables
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SkipRule:
    """A sentence matching ``pattern`` reports no journey (unless ``unless`` matches too)."""

    name: str
    pattern: re.Pattern
    unless: re.Pattern | None = None


def _skip(name: str, pattern: str, unless: str | None = None) -> SkipRule:
    return SkipRule(name, re.compile(pattern, re.I), re.compile(unless, re.I) if unless else None)


SKIP_RULES: tuple[SkipRule, ...] = (
    _skip("photo_caption", r"\b(?:photo|image|cover image|credit|caption|picture|pictured)\s*:|\.(?:jpe?g|png|gif|webp)\b|\(c\)|©"),
    _skip("price", r"\b(?:priced at|being priced|fees?|fares?|charg(?:ing|es|ed))\b|\bcosts?\s+(?:about\s+|around\s+|some\s+)?[$€£\d]"),
    _skip("protest_ride", r"\b(?:placards?|banners?|in protest|as (?:a|his|her|their) protest|protest (?:ride|march|walk|run|convoy))\b"),
    _skip("habitual", r"\b(?:often|usually|typically|traditionally|regularly|every year|each year|for work)\b"),
)


@dataclass(frozen=True)
class IgnoreRule:
    """Group ``p`` of ``pattern`` is a locator or modifier, never a stop."""

    name: str
    pattern: re.Pattern
    check: Callable[[Place, Place], bool] | None = None  # (anchor place, ignored place) -> bool


def _inside(anchor: Place, locator: Place) -> bool:
    return locator.kind in ("country", "region") and anchor.country_code == locator.country_code and anchor != locator


IGNORE_RULES: tuple[IgnoreRule, ...] = (
    IgnoreRule("possessive_modifier", re.compile(rf"(?P<p>{TOKEN})[’']s\s+(?:[\w-]+\s+){{0,2}}?{TOKEN}")),
    IgnoreRule("direction_of", re.compile(
        rf"\b(?:north|south|east|west)\w*\s+of\s+(?:the\s+)?(?:[\w-]+\s+|{TOKEN}[’']s\s+){{0,3}}?(?P<p>{TOKEN})", re.I)),
    IgnoreRule("descriptor_modifier", re.compile(
        rf"(?P<p>{TOKEN})\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:suburbs?|city|town|region|province|oblast|district|"
        rf"village|outskirts)\s+(?:of|town|city)\b")),
    IgnoreRule("speaker_origin", re.compile(
        rf"\b(?:said|says|told|added|noted|explained|critiques|argued|according to)\s+"
        rf"(?-i:[A-Z][\w’'-]*)(?:\s+(?-i:[A-Z][\w’'-]*)){{0,3}},?\s+(?:[\w-]+\s+){{0,4}}?(?:from|of)\s+(?P<p>{TOKEN})", re.I)),
    IgnoreRule("locator_apposition", re.compile(
        rf"(?P<a>{TOKEN}),\s+(?:in\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,3}}?(?:of\s+)?(?P<p>{TOKEN})"), _inside),
    IgnoreRule("locator_possessive", re.compile(rf"(?P<a>{TOKEN}),\s+(?P<p>{TOKEN})[’']s\b"), _inside),
)


@dataclass(frozen=True)
class RoleRule:
    """Places in group ``p`` of ``pattern`` take ``role``.

    ``gated`` rules fire only with a movement cue in the same clause (within
    ``window`` words either side); ``fallback`` is the role given when that
    cue is missing (e.g. "the entrepreneur from Moscow" still says where a
    traveller is from).
    """

    name: str
    pattern: re.Pattern
    role: str
    confidence: float
    gated: bool = False
    fallback: str | None = None
    window: int = 14
    kinds: tuple[str, ...] = ()  # place kinds the rule accepts (empty: any)
    trigger: re.Pattern | None = None  # cheap pre-check: skip the rule when absent


def _role(name, pattern, role, confidence, gated=False, fallback=None, kinds=(), window=14, trigger=None):
    full = pattern.replace("{L}", LIST).replace("{I}", ITEM)
    if trigger is None:
        # The literal words before the place group make a cheap pre-check.
        head = pattern.split("(?P<p>")[0]
        trigger = head if head.strip() not in ("", "^", r"^(?:[^,⟨]{0,40},\s*)?") else None
    return RoleRule(name, re.compile(full, re.IGNORECASE), role, confidence, gated, fallback, window, kinds,
                    re.compile(trigger, re.IGNORECASE) if trigger else None)


# Roles: origin, dest (explicit), via, cross (crossing point before the
# destination), next (planned onward destination), and weak destinations
# that need support: example, host, subject, frame, continuation.
ROLE_RULES: tuple[RoleRule, ...] = (
    _role("crossing_into", r"(?P<p>{I})\s+(?:border\s+)?(?:crossing|checkpoint|border post|crossing point)s?\s+(?:into|to)\b", "cross", 0.8,
          kinds=("border_crossing", "city", "other"), trigger=r"crossing|checkpoint|border post"),
    _role("crossing_near", r"\bcross(?:ing|ed|es)?\s+(?:the\s+border\s+|into\s+{I}\s+)?(?:near|at)\s+(?P<p>{I})", "cross", 0.8,
          trigger=r"\bcross"),
    _role("next_destination", r"(?P<p>{L})\s+(?:would|will|could|might)\s+be\s+(?:their|his|her|my|our|the)\s+next\s+(?:destination|stop)", "next", 0.7, trigger=r"\bnext\s+(?:destination|stop)"),
    _role("crossing_between_from", r"\bcross\w*\s+(?:[\w’'-]+\s+){0,5}?between\s+(?P<p>{I})\s+and\s+{I}", "via", 0.7,
          trigger=r"\bbetween\b"),
    _role("crossing_between_to", r"\bcross\w*\s+(?:[\w’'-]+\s+){0,5}?between\s+{I}\s+and\s+(?P<p>{I})", "dest", 0.7,
          trigger=r"\bbetween\b"),
    _role("at_crossing", r"\b(?:at|near|through|via)\s+(?P<p>{I})", "cross", 0.8, gated=True, kinds=("border_crossing",)),
    _role("left_place", r"\b(?:left|leave|leaves|leaving|fled|flee|flees|fleeing|escaped|escape|escaping|quit|abandoned|departed|evacuated)\s+(?:from\s+)?(?P<p>{L})", "origin", 0.9),
    _role("lived_in_before", r"\bwho\s+had\s+(?:been\s+)?(?:shelter(?:ed|ing)|liv(?:ed|ing)|stay(?:ed|ing)|work(?:ed|ing)|taken\s+refuge)\s+(?:\w+\s+){0,2}?in\s+(?P<p>{L})",
          "origin", 0.75, gated=True, trigger=r"\bwho\s+had\b"),
    _role("from", r"\bfrom\s+(?P<p>{L})", "origin", 0.9, gated=True, fallback="person_origin"),
    _role("out_of", r"\b(?:out of|away from)\s+(?P<p>{L})", "origin", 0.8, gated=True),
    _role("bound_for", r"\b(?:fled|flee|flees|fleeing|left|leaving|departed|set (?:off|out)|bound|headed|heading|head|made|making|flights?|tickets?)\s+(?:\S+\s+){0,4}?for\s+(?P<p>{L})", "dest", 0.85),
    _role("travel_on_to_meet", r"\b(?:travell?\w*|went|moved|headed|heading|going|continu\w+)\s+on(?:\s+|wards?\s+)to\s+(?:\w+\s+){0,4}?in\s+(?P<p>{L})", "dest", 0.8),
    _role("to", r"\b(?:to|into|towards?|onto)\s+(?P<p>{L})", "dest", 0.85, gated=True),
    _role("arrive_in", r"\b(?:arriv\w+|landed|land(?:ing)?|ended up|end(?:s|ing)? up|settled|settling|sought\s+(?:shelter|refuge|asylum)|took\s+refuge|found\s+(?:refuge|shelter)|stranded|gather(?:ed|ing))\s+(?:(?:\w+|⟨\d+⟩)\s+){0,3}?(?:in|at)\s+(?P<p>{L})", "dest", 0.85),
    _role("reach_enter", r"\b(?:reach(?:ed|es|ing)?|enter(?:ed|s|ing)?)\s+(?P<p>{L})", "dest", 0.85),
    _role("influx_in", r"\b(?:influx(?:es)?|arrivals?|inflows?|waves?)\s+(?:of\s+(?:\S+\s+){1,3})?(?:in|into|to)\s+(?P<p>{L})", "dest", 0.7),
    _role("at_border", r"\b(?:at|near|reached)\s+the\s+(?P<p>⟨\d+⟩)\s+(?:border|frontier)", "dest", 0.6, gated=True),
    _role("border_with", r"\b(?:borders?|frontier)\s+with\s+(?P<p>{L})", "dest", 0.6, gated=True),
    _role("via", r"\b(?:via|through)\s+(?P<p>{L})", "via", 0.75, gated=True),
    _role("anaphor_dest", r"\b(?:shelter|refuge|asylum|moved|went|fled|arrived|headed|relocated|settled|travell?ed|gone|going|stayed|came|flown)\s+(?P<p>⟨\d+⟩)", "dest", 0.6),
    _role("same_story_in", r"\bsame\s+(?:story|situation|picture|scene|thing)\s+in\s+(?P<p>{L})", "continuation", 0.5),
    _role("example", r"\b(?:like|such as|including|notably|especially)\s+(?P<p>{L})", "example", 0.6, gated=True, window=22),
    _role("host_subject", r"(?P<p>{L})\s+(?:has|have|had)\s+(?:also\s+|already\s+|now\s+)?(?:seen|witnessed|received|welcomed|taken in|hosted|absorbed|registered|recorded)\b", "host", 0.6,
          trigger=r"\b(?:has|have|had)\s+(?:also\s+|already\s+|now\s+)?(?:seen|witnessed|received|welcomed|taken in|hosted|absorbed|registered|recorded)\b"),
    _role("sentence_subject", r"^(?!(?:in|at|on|from|to|like|for|by|with|back|after|before|during|since|as)\b)(?P<p>{L})\s+(?![’']s)", "subject", 0.6),
    _role("locative_frame", r"^(?:[^,⟨]{0,40},\s*)?(?:back\s+|meanwhile\s+|also\s+)?(?:in|at)\s+(?P<p>{I})", "frame", 0.55),
)
WEAK_DEST = ("example", "host", "subject", "frame", "continuation")

# Anaphors resolved to a place from the context: (name, pattern of the
# anaphor's context, group holding the anaphor, what it may refer to).
ANAPHORS: tuple[tuple[str, re.Pattern, str], ...] = (
    ("there", re.compile(
        r"\b(?:shelter|refuge|asylum|moved|went|fled|arrived|headed|relocated|settled|travell?ed|gone|going|"
        r"stayed|came|flown)\s+(?P<a>there)\b", re.I), "place"),
    ("from_there", re.compile(r"\bfrom\s+(?P<a>there)\b", re.I), "place"),
    ("the_country_host", re.compile(
        r"\b(?P<a>the country)\s+(?:has|have|had)\s+(?:also\s+|already\s+|now\s+)?(?:seen|witnessed|received|"
        r"welcomed|taken in|hosted|absorbed)\b", re.I), "country"),
)


# ---------------------------------------------------------------------------
# Story tracking
# ---------------------------------------------------------------------------
ROLE_NOUN = (
    r"(?:man|woman|men|women|person|people|entrepreneur|businessman|businesswoman|photographer|programmer|"
    r"developer|engineer|student|students|technician|teacher|doctor|designer|artist|musician|activist|"
    r"father|mother|son|daughter|couple|family|friends?|escapees?|yachtsm[ae]n|cyclist|reservists?|"
    r"conscripts?|citizen|national|refugees?|migrants?|worker|manager|lawyer|journalist|blogger|"
    r"brothers?|sisters?|husband|wife|traveller|traveler|pair|trio|group)"
)
NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
STORY_INTRO = re.compile(
    rf"(?<!\bas )\b(?:(?P<one>one|a|an|another)|(?P<n>{NUMBER_WORD}))\s+(?P<mods>(?:[\w-]+\s+){{0,3}}?)(?P<role>{ROLE_NOUN})\b(?!\s+of\b)",
    re.IGNORECASE,
)
STORY_DEFINITE = re.compile(
    rf"\b[Tt]he\s+(?P<mods>(?:(?!(?:of|and|in|with|to|for|from|at|by)\b)[\w-]+\s+){{0,3}}?)(?:(?P<role>{ROLE_NOUN})|(?P<demonym>[A-Z][a-z]+)(?=\s+[A-Z]|,|\s+who\b|\s+whose\b))\b(?!\s+of\b)"
)
PRONOUN_REF = re.compile(r"^(?:[“\"‘']?\s*)?(?:He|She|They|His|Her|Their)\b|[”\"’'],?\s+(?:he|she|they)\s+\w+")
NAME_AFTER_ROLE = re.compile(r"^[^.]{0,60}?(?:,|:)\s+(?P<name>[A-Z][a-z]{2,})\*?(?:\s+and\s+(?P<name2>[A-Z][a-z]{2,})\*?)?(?=[,*\s])")
MEETING = re.compile(r"\b(?:met|meet|meeting|spoke (?:to|with)|interviewed|found)\b", re.I)
AGGREGATE = re.compile(
    r"\b(?:among|hundreds|thousands|millions|many|most|other)\b|\b\d{1,3}(?:,\d{3})+\b|\b[A-Z][a-z]+s\s+who\b"
)
# A sentence opening with a person's name and an age or role: "Maria Gonzalez, 34," / "Olena, a teacher".
NAMED_INTRO = re.compile(
    rf"^(?P<name>[A-Z][a-z]{{2,}})(?:\s+(?P<name2>[A-Z][a-z]{{2,}}))?,\s+(?:\d{{1,2}},|(?:a|an)\s+"
    rf"(?P<mods>(?:[\w-]+\s+){{0,3}}?)(?P<role>[a-z][\w-]*)(?=,|\s+(?:from|of|who|in|at|with|and)\b))"
)
# Sentence openers that are not names.
NOT_NAMES = frozenset(
    """meanwhile today yesterday later however now then still also last next here there instead finally
    eventually recently earlier tonight overall separately elsewhere currently previously since""".split()
)
STOPWORDS = frozenset("the a an one another who whose young old first".split())


@dataclass
class _Story:
    """A traveller followed across sentences (mutable while reading one article)."""

    keys: set[str]
    names: set[str]
    plural: bool
    last_seen: int
    origin: Place | None = None
    stops: list[Place] = field(default_factory=list)
    seen_at: Place | None = None
    next_stops: list[tuple[tuple[Place, ...], Citation]] = field(default_factory=list)  # planned onward chains
    crossings: set[Place] = field(default_factory=set)
    citations: list[Citation] = field(default_factory=list)
    main: Citation | None = None
    people: int | None = None
    mode: str = "unknown"
    status: str = "completed"
    event_date: str | None = None
    confidence: float = 0.8


# ---------------------------------------------------------------------------
# One sentence
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Slot:
    """A place in a sentence with the role a rule gave it."""

    index: int  # into the sentence's mention list
    role: str
    group: int  # rule match id: items of one list share it
    pos: int  # offset in the masked sentence
    rule: str
    confidence: float


@dataclass(frozen=True)
class Fragment:
    """What one sentence says about a movement."""

    origins: tuple[Place, ...]
    chains: tuple[tuple[Place, ...], ...]  # stop sequences after the origin, one per route
    person_origin: Place | None
    next_stops: tuple[Place, ...]
    frame: Place | None  # a locative "In X," (where the traveller is seen)
    mover_cc: str | None  # country of movers named in the sentence by demonym
    movers_present: bool
    confidence: float
    fan_out: bool
    status: str = "completed"
    crossings: frozenset[Place] = frozenset()  # places used as crossing points
    left_origin: bool = False  # an origin given by "fled/left X"
    settled: int = 0  # offset in the sentence where the reported outcome starts


def mask(sentence: str, spans: list[tuple[int, int]], keep: set[int] | None = None) -> str:
    """Replace each mention span (relative offsets) by ``⟨k⟩``; others in ``keep``'s complement stay text."""
    out, last = [], 0
    for k, (s, e) in enumerate(spans):
        out.append(sentence[last:s])
        out.append(f"⟨{k}⟩" if keep is None or k in keep else sentence[s:e])
        last = e
    out.append(sentence[last:])
    return "".join(out)


def ignored_mentions(masked: str, places: list[Place]) -> set[int]:
    """Indices of mentions that only locate or modify another place."""
    ignored: set[int] = set()
    for rule in IGNORE_RULES:
        for m in rule.pattern.finditer(masked):
            k = int(_TOKEN_RE.search(m.group("p")).group(1))
            if rule.check is not None:
                a = int(_TOKEN_RE.search(m.group("a")).group(1))
                if not rule.check(places[a], places[k]):
                    continue
            ignored.add(k)
    return ignored


def _clause_window(masked: str, start: int, end: int, words: int) -> str:
    """Text around [start, end) within hard clause boundaries, ``words`` words each side."""
    left = masked[:start]
    cut = max((m.end() for m in HARD_BOUNDARY.finditer(left)), default=0)
    left = " ".join(left[cut:].split()[-words:])
    right = masked[end:]
    stop = next((m.start() for m in HARD_BOUNDARY.finditer(right)), len(right))
    right = " ".join(right[:stop].split()[:words])
    return left + " ⟦⟧ " + right


def _items(group_text: str, offset: int) -> list[tuple[int, int]]:
    """(mention index, position) of the head place of each list item."""
    heads = []
    for piece in _SPLIT_ITEMS.split(group_text):
        tokens = list(_TOKEN_RE.finditer(piece))
        if tokens:
            heads.append((int(tokens[-1].group(1)), offset + group_text.index(piece) + tokens[-1].start()))
    return heads


def assign_roles(masked: str, kinds: list[str] | None = None) -> list[Slot]:
    """Run ``ROLE_RULES`` over a masked sentence; the first rule to claim a place wins.

    ``kinds`` gives the place kind of each token, for rules limited to some kinds.
    """
    slots: dict[int, Slot] = {}
    if "⟨" not in masked:
        return []
    active = [r for r in ROLE_RULES if r.trigger is None or r.trigger.search(masked)]
    for gid, (rule, m) in enumerate((r, m) for r in active for m in r.pattern.finditer(masked)):
        role = rule.role
        if rule.gated:
            window = _clause_window(masked, m.start(), m.end("p"), rule.window)
            if not MOVE_RE.search(window):
                if rule.fallback is None:
                    continue
                role = rule.fallback
        for k, pos in _items(m.group("p"), m.start("p")):
            if rule.kinds and kinds is not None and kinds[k] not in rule.kinds:
                continue
            if k not in slots:
                slots[k] = Slot(k, role, gid, pos, rule.name, rule.confidence)
    return sorted(slots.values(), key=lambda s: s.pos)


def _negated(masked: str, pos: int) -> bool:
    left = masked[:pos]
    cut = max((m.end() for m in HARD_BOUNDARY.finditer(left)), default=0)
    return bool(NEGATION_WINDOW.search(" ".join(left[cut:].split()[-8:])))


def _drop_superseded(masked: str, slots: list[Slot]) -> tuple[list[Slot], int]:
    """Drop destinations of a plan that a later clause overrides ("but ended up in Y").

    Also returns where the overriding clause starts (0 when nothing was dropped),
    so that attributes are read from what actually happened.
    """
    plan = PLAN_CUE.search(masked)
    if not plan:
        return slots, 0
    contrast = next((m for m in CONTRAST.finditer(masked, plan.end())), None)
    if not contrast:
        return slots, 0
    dests = [s for s in slots if s.role == "dest"]
    if not any(s.pos > contrast.start() for s in dests):
        return slots, 0
    kept = [s for s in slots if not (s.role == "dest" and plan.start() < s.pos < contrast.start())]
    return kept, contrast.start()


def _movers(sentence: str, source_cc: str | None, places: PlaceLookup) -> tuple[str | None, bool]:
    """(country of movers named by demonym, whether movers are present at all)."""
    mover_cc = None
    for m in CAPITALISED.finditer(sentence):
        word = m.group(0)
        if not _names_people(word, sentence[m.end():]):
            continue
        cc = places.demonym_country(word)
        if cc:
            mover_cc = mover_cc or cc
            if cc == source_cc:
                mover_cc = cc
                break
    present = bool(MOVER_NOUNS.search(sentence)) or (mover_cc is not None and (source_cc is None or mover_cc == source_cc))
    return mover_cc, present


# The gap between a via list and a destination it leads to ("through A and B to C").
VIA_LEADS_ON = re.compile(
    rf"^(?:{TOKEN}|(?-i:[A-Z][\w’'-]*)|[\s,]|\band\b|\bor\b)*?(?:and\s+)?(?:then\s+)?(?:on(?:wards?)?\s+)?"
    rf"(?:to|into|towards?|onto|for)\s+(?:\S+\s+){{0,4}}$",
    re.I,
)


def _chains(dest_groups: list[list[tuple[int, Place]]], inserts: list[tuple[int, Place, str]],
            masked: str) -> list[list[Place]]:
    """Place via/crossing stops, in text order, before the destination group they lead to.

    A via list followed by its destination ("through A and B to C") leads to
    that destination; a via after a destination ("to C via A") joins it; a
    crossing goes before the next destination, else before the last one
    ("crossed into Poland at Medyka").
    """
    groups = [[p for _, p in g] for g in dest_groups]
    starts: list[float] = [g[0][0] for g in dest_groups]
    is_dest = [True] * len(groups)
    for pos, place, role in sorted(inserts, key=lambda x: x[0]):
        before = [i for i, s in enumerate(starts) if is_dest[i] and s < pos]
        after = [i for i, s in enumerate(starts) if is_dest[i] and s > pos]
        leads_on = bool(after) and bool(VIA_LEADS_ON.match(masked[pos:int(starts[after[0]])]))
        if role == "via" and before and not leads_on:
            i = before[-1]
        elif after:
            i = after[0]
        elif before:
            i = before[-1]
        else:
            i = len(groups)
        groups.insert(i, [place])
        starts.insert(i, pos - 0.5)
        is_dest.insert(i, False)
    return groups


def _unmasked_offset(sentence: str, spans: list[tuple[int, int]], masked: str, pos: int) -> int:
    """Map an offset in the masked sentence back to the sentence."""
    if pos == 0:
        return 0
    delta = 0
    for k, (s, e) in enumerate(spans):
        token = f"⟨{k}⟩"
        at = masked.find(token)
        if 0 <= at < pos:
            delta += (e - s) - len(token)
    return max(0, min(len(sentence), pos + delta))


def parse_sentence(sentence: str, spans: list[tuple[int, int]], mplaces: list[Place],
                   source_cc: str | None, places: PlaceLookup, has_arrivals: bool) -> Fragment | None:
    """Read one sentence (mentions given as relative spans) into a Fragment, or None."""
    if any(r.pattern.search(sentence) and not (r.unless and r.unless.search(sentence)) for r in SKIP_RULES):
        return None
    if attr.is_negated(sentence):
        return None
    masked_all = mask(sentence, spans)
    ignored = ignored_mentions(masked_all, mplaces)
    keep = {k for k in range(len(spans)) if k not in ignored}
    masked = mask(sentence, spans, keep)
    slots = [s for s in assign_roles(masked, [p.kind for p in mplaces]) if s.index in keep]
    slots = [s for s in slots if not (s.role in ("dest", "origin", "via", "cross") and _negated(masked, s.pos))]
    slots, settled = _drop_superseded(masked, slots)
    first = next((sl.pos for sl in slots if sl.role in ("dest", "via", "cross") and sl.pos >= settled), None)
    if first is not None:
        settled = max([settled] + [m.end() for m in HARD_BOUNDARY.finditer(masked, 0, first)])
    mover_cc, present = _movers(sentence, source_cc, places)
    # "buses arriving from X": an arrival at the scene of the sentence.
    present = present or bool(ARRIVAL_FROM.search(masked))
    status = attr.detect_status(masked[settled:])

    def usable(s: Slot) -> bool:
        if s.role not in WEAK_DEST:
            return True
        if s.role == "example":
            return True
        if s.role == "subject":
            return status == "blocked"
        if s.role == "continuation":
            return has_arrivals
        if s.role == "frame":
            return present
        return present or bool(re.search(r"influx|arrivals|queu|lines of", sentence, re.I))

    slots = [s for s in slots if usable(s)]
    origins = [mplaces[s.index] for s in slots if s.role == "origin"]
    person_origin = next((mplaces[s.index] for s in slots if s.role == "person_origin"), None)
    next_stops = tuple(mplaces[s.index] for s in slots if s.role == "next")
    frame = next((mplaces[s.index] for s in slots if s.role == "frame"), None)
    if frame is None and MEETING.search(sentence):
        claimed = {s.index for s in slots}
        frame = next((mplaces[k] for k in sorted(keep) if k not in claimed), None)

    strong = [s for s in slots if s.role == "dest"]
    weak = [s for s in slots if s.role in WEAK_DEST and s.role != "frame"]
    inserts = [(s.pos, mplaces[s.index], s.role) for s in slots if s.role in ("via", "cross")]
    chains: list[tuple[Place, ...]] = []
    fan_out = False
    if strong or inserts:
        by_group: dict[int, list[tuple[int, Place]]] = {}
        for s in strong:
            by_group.setdefault(s.group, []).append((s.pos, mplaces[s.index]))
        groups = _chains(list(by_group.values()), inserts, masked)
        fan_out = any(len(g) > 1 for g in groups)
        for combo in itertools.islice(itertools.product(*groups), 24):
            chains.append(tuple(combo))
    for s in weak:
        if not any(mplaces[s.index] in c for c in chains):
            chains.append((mplaces[s.index],))
            fan_out = fan_out or len(weak) > 1 or bool(strong)
    if not chains and frame is not None and present:
        chains.append((frame,))
    confs = [s.confidence for s in slots if s.role not in ("person_origin",)]
    if not (chains or origins or person_origin or next_stops or frame):
        return None
    return Fragment(
        origins=tuple(origins), chains=tuple(chains), person_origin=person_origin, next_stops=next_stops,
        frame=frame, mover_cc=mover_cc, movers_present=present,
        confidence=min(confs) if confs else 0.5, fan_out=fan_out, status=status,
        crossings=frozenset(mplaces[s.index] for s in slots if s.role == "cross"
                            or NAMED_CROSSING.match(masked, s.pos + len(f"⟨{s.index}⟩"))),
        left_origin=any(s.rule == "left_place" for s in slots),
        settled=_unmasked_offset(sentence, spans, masked, settled),
    )


# ---------------------------------------------------------------------------
# Article level
# ---------------------------------------------------------------------------
LEAVE_COUNTRY = re.compile(rf"\b(?:leav(?:e|es|ing)|left|fle(?:e|es|eing|d)|escap\w+|exodus|emigrat\w+)\s+(?:from\s+)?(?P<p>{TOKEN})", re.I)


def source_country(text: str, mentions: list[Mention], places: PlaceLookup) -> str | None:
    """ISO2 of the country the article's movers leave, or None.

    Votes: a plural demonym ("Russians") or demonym + person noun ("Russian
    citizens") counts 2; "leave/flee <country>" counts 3.
    """
    votes: Counter[str] = Counter()
    for m in CAPITALISED.finditer(text):
        word = m.group(0)
        if _names_people(word, text[m.end():]):
            cc = places.demonym_country(word)
            if cc:
                votes[cc] += 2
    spans = [(m.start, m.end) for m in mentions]
    masked = mask(text, spans)
    for m in LEAVE_COUNTRY.finditer(masked):
        place = mentions[int(m.group("p")[1:-1])].place
        if place.kind == "country":
            votes[place.country_code] += 3
    return votes.most_common(1)[0][0] if votes else None


def _contains(outer: Place, inner: Place) -> bool:
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
        if out and _contains(place, out[-1]) and not (out[-1].kind == "border_crossing" or out[-1] in crossings):
            continue
        if out and _contains(out[-1], place) and place.kind != "border_crossing" and place not in crossings:
            out[-1] = place
            if len(out) > 1 and out[-2] == place:
                out.pop()
            continue
        out.append(place)
    return tuple(out)


@dataclass(frozen=True)
class _Draft:
    """A route before ids are given."""

    stops: tuple[Place, ...]
    citation: Citation
    mode: str
    people: int | None
    status: str
    event_date: str | None
    confidence: float
    extra: tuple[Citation, ...] = ()


def _citation(article: Article, start: int, end: int) -> Citation:
    return Citation(article.article_id, start, end, article.text[start:end])


def _find_story(sentence: str, stories: list[_Story], i: int, places: PlaceLookup) -> tuple[_Story | None, int]:
    """The story this sentence continues and where the reference is (-1 if none).

    References, strongest first: a definite role noun ("the photographer",
    "the young Russian"), a name the story introduced, a pronoun subject.
    """
    for m in STORY_DEFINITE.finditer(sentence):
        if m.group("demonym") and not places.demonym_country(m.group("demonym")):
            continue
        head = m.group("role") or m.group("demonym")
        keys = {w.lower() for w in (m.group("mods").split() + [head])} - STOPWORDS
        for story in reversed(stories):
            if keys and keys <= story.keys:
                return story, m.start()
        recent = stories[-1] if stories and i - stories[-1].last_seen <= 2 else None
        if recent is not None:
            plural = head.lower().endswith(("men", "s", "pair", "couple"))
            if plural == recent.plural:
                recent.keys |= keys
                return recent, m.start()
    for story in reversed(stories):
        for name in story.names:
            hit = re.search(rf"\b{re.escape(name)}\b", sentence)
            if hit:
                return story, hit.start()
    pron = PRONOUN_REF.search(sentence)
    if pron and stories and i - stories[-1].last_seen <= 2:
        return stories[-1], pron.start()
    return None, -1


def _named_story(sentence: str, i: int, spans: list[tuple[int, int]]) -> _Story | None:
    """A story opened by a named person with an age or a role ("Maria Gonzalez, 34, left ...")."""
    m = NAMED_INTRO.match(sentence)
    if not m or m.group("name").lower() in NOT_NAMES or any(s < m.end("name") and m.start() < e for s, e in spans):
        return None
    names = {n for n in (m.group("name"), m.group("name2")) if n}
    keys = ({w.lower() for w in (m.group("mods") or "").split()} | ({m.group("role").lower()} if m.group("role") else set())) - STOPWORDS
    return _Story(keys=keys, names=names, plural=False, last_seen=i, people=attr.count_people(sentence))


def _new_story(sentence: str, i: int, spans: list[tuple[int, int]] = ()) -> tuple[_Story | None, int]:
    named = _named_story(sentence, i, list(spans))
    if named is not None:
        return named, 0
    m = STORY_INTRO.search(sentence)
    if not m:
        return None, -1
    role = m.group("role").lower()
    plural = bool(m.group("n")) or role.endswith(("men", "s"))
    keys = ({w.lower() for w in m.group("mods").split()} | {role}) - STOPWORDS
    names: set[str] = set()
    after = NAME_AFTER_ROLE.search(sentence[m.end():])
    if after:
        names |= {n for n in (after.group("name"), after.group("name2")) if n}
    people = attr.count_people(sentence)
    story = _Story(keys=keys, names=names, plural=plural, last_seen=i, people=people)
    return story, m.start()


def _anchor(text: str, place: Place) -> int:
    """Where ``place`` is named in ``text`` (by its display name), else 0."""
    at = text.find(place.name)
    return max(at, 0)


def _merge_into_story(story: _Story, frag: Fragment, cit: Citation, sentence: str, article: Article,
                      meeting: bool) -> None:
    origin = frag.origins[0] if frag.origins else frag.person_origin
    if origin is not None and (story.origin is None or _contains(story.origin, origin)):
        story.origin = origin
    chain = frag.chains[0] if frag.chains else ()
    if frag.frame is not None and (meeting or chain == (frag.frame,)):
        story.seen_at = story.seen_at or frag.frame
        if chain == (frag.frame,):
            chain = ()
    home = story.origin.country_code if story.origin else None
    if frag.status == "planned" and story.stops:
        # A plan made after arriving is an onward journey, not part of the trip so far.
        if chain:
            story.next_stops.append((chain, cit))
        chain = ()
    for place in chain:
        # A trip back to where the traveller started is another journey.
        abroad = any(p.country_code != home for p in story.stops)
        if home is None or place.country_code != home or (place.kind != "country" and not abroad):
            story.stops.append(place)
    told = sentence[frag.settled:]
    if chain and story.main is None:
        story.main = cit
        story.mode = attr.detect_mode(told, _anchor(told, chain[-1]))
        story.status = frag.status
        story.event_date = attr.find_event_date(told, article.published)
        story.confidence = min(story.confidence, frag.confidence)
    elif story.mode == "unknown":
        story.mode = attr.detect_mode(sentence)
    people = attr.count_people(told)
    if people and (not story.people or (chain and story.main is cit)):
        story.people = people
    for place in frag.next_stops:
        story.next_stops.append(((place,), cit))
    story.crossings |= frag.crossings
    if cit not in story.citations:
        story.citations.append(cit)


def _current_place(stops: list[Place], status: str) -> Place | None:
    """Where the traveller is now: the last stop, or after a failed attempt the last stop short of it."""
    if not stops:
        return None
    if status in ("attempted", "blocked"):
        target = stops[-1].country_code
        return next((p for p in reversed(stops) if p.country_code != target), None)
    return stops[-1]


def _story_drafts(story: _Story, implied: Place | None) -> list[_Draft]:
    stops = list(story.stops) or ([story.seen_at] if story.seen_at else [])
    drafts: list[_Draft] = []
    origin = story.origin or implied
    main = story.main or (story.citations[0] if story.citations else None)
    if stops and origin is not None and main is not None:
        route = clean_stops([origin] + stops, frozenset(story.crossings))
        if len(route) > 1:
            extra = tuple(c for c in story.citations if c != main)
            drafts.append(_Draft(route, main, story.mode, story.people, story.status, story.event_date,
                                 round(story.confidence * (0.9 if story.origin else 0.7), 2), extra))
    here = _current_place(stops, story.status) or story.seen_at
    for chain, cit in story.next_stops:
        if here is not None:
            route = clean_stops([here, *chain], frozenset(story.crossings))
            if len(route) > 1:
                drafts.append(_Draft(route, cit, "unknown", story.people, "planned", None, 0.6))
    return drafts


def _resolve_anaphors(sentence: str, start: int, prior: list[Mention], source_cc: str | None,
                      article_id: str) -> list[Mention]:
    """Synthetic mentions for "there" / "the country" pointing at the latest fitting place."""
    extra = []
    for name, pattern, wants in ANAPHORS:
        for m in pattern.finditer(sentence):
            target = next((p.place for p in reversed(prior)
                           if p.place.country_code != source_cc
                           and (wants == "place" or p.place.kind == "country")), None)
            if target is not None:
                s, e = start + m.start("a"), start + m.end("a")
                extra.append(Mention(article_id, s, e, m.group("a"), target, 0.5))
    return extra


DEMONYM_BORDER = re.compile(r"\b(?P<w>[A-Z][a-z]+)\s+(?:border|frontier)\b")


def _demonym_places(sentence: str, start: int, places: PlaceLookup, article_id: str) -> list[Mention]:
    """"the Norwegian border" names Norway."""
    out = []
    for m in DEMONYM_BORDER.finditer(sentence):
        cc = places.demonym_country(m.group("w"))
        place = places.country(cc) if cc else None
        if place is not None:
            out.append(Mention(article_id, start + m.start("w"), start + m.end("w"), m.group("w"), place, 0.6))
    return out


def _caption_lines(text: str) -> list[tuple[int, int]]:
    """Spans of short unpunctuated lines that a credit line follows (photo captions)."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if text[m.start():m.end()].strip()]
    out = []
    for (s, e), nxt in zip(lines, lines[1:]):
        line = text[s:e].strip()
        if line[-1:] not in ".!?\"”’" and SKIP_RULES[0].pattern.search(text[nxt[0]:nxt[1]]):
            out.append((s, e))
    return out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def extract_routes(article: Article, mentions: list[Mention], places: PlaceLookup) -> list[Route]:
    """Journeys reported in ``article``, each citing the sentence that states it.

    Parameters
    ----------
    article : the cleaned article; offsets index ``article.text``.
    mentions : resolved place mentions, sorted by start.
    places : gazetteer lookups for countries and demonyms.
    """
    text = article.text
    mentions = sorted(mentions, key=lambda m: m.start)
    source_cc = source_country(text, mentions, places)
    implied_source = places.country(source_cc) if source_cc else None
    captions = _caption_lines(text)
    drafts: list[_Draft] = []
    stories: list[_Story] = []
    prior: list[Mention] = []
    j = 0
    headline_dest: Place | None = None
    para_dest: Place | None = None
    last_end = 0
    for i, (s, e) in enumerate(split_sentences(text)):
        if "\n" in text[last_end:s]:
            para_dest = None
        last_end = e
        while j < len(mentions) and mentions[j].start < s:
            j += 1
        inside = [m for m in mentions[j:] if m.start >= s and m.end <= e and m.start < e]
        sentence = text[s:e]
        extra = _resolve_anaphors(sentence, s, prior, source_cc, article.article_id)
        extra += [d for d in _demonym_places(sentence, s, places, article.article_id)
                  if not any(d.start < m.end and m.start < d.end for m in inside)]
        sent_mentions = sorted(inside + extra, key=lambda m: m.start)
        prior.extend(inside)
        if _overlaps((s, e), captions):
            continue
        spans = [(m.start - s, m.end - s) for m in sent_mentions]
        frag = parse_sentence(sentence, spans, [m.place for m in sent_mentions], source_cc, places,
                              has_arrivals=bool(drafts))
        cit = _citation(article, s, e)
        story, ref = _find_story(sentence, stories, i, places)
        intro = None
        if story is None:
            intro, ref = _new_story(sentence, i, spans)
        if frag is None:
            if story is not None:
                story.last_seen = i
            elif intro is not None:
                stories.append(intro)
            continue
        target = story or intro
        first_move = MOVE_RE.search(sentence)
        aggregate = bool(target and first_move and AGGREGATE.search(sentence[ref:first_move.start()] if first_move.start() > ref else ""))
        if target is not None and not aggregate and not (frag.fan_out and len(frag.chains) > 1):
            if intro is not None:
                stories.append(intro)
            target.last_seen = i
            _merge_into_story(target, frag, cit, sentence, article, bool(MEETING.search(sentence)))
            continue
        if story is not None:
            story.last_seen = i
        new = _sentence_drafts(_with_topic(frag, para_dest or headline_dest), sentence, cit, article, places,
                               implied_source)
        dests = {d.stops[-1] for d in new}
        if dests:
            para_dest = dests.pop() if len(dests) == 1 else None
            headline_dest = para_dest if i == 0 else headline_dest
        drafts.extend(new)
    for story in stories:
        drafts.extend(_story_drafts(story, implied_source))
    return _finish(article, _merge_duplicates(drafts))


def _with_topic(frag: Fragment, topic: Place | None) -> Fragment:
    """Complete a sentence from the destination its paragraph (or headline) is about.

    "…as families fled Lviv and Kyiv" (origins, no destination) goes to the
    topic; a route that ends at a border crossing continues into the topic
    country ("At the Medyka crossing, …" in a story about crossing into Poland).
    """
    if topic is None or topic in frag.origins:
        return frag
    if not frag.chains and frag.left_origin and all(o.country_code != topic.country_code for o in frag.origins):
        return replace(frag, chains=((topic,),), confidence=round(frag.confidence * 0.8, 2))
    ends_at_crossing = all(c and (c[-1].kind == "border_crossing" or c[-1] in frag.crossings) for c in frag.chains)
    if frag.chains and ends_at_crossing and topic.kind == "country" and all(topic not in c for c in frag.chains):
        return replace(frag, chains=tuple(c + (topic,) for c in frag.chains))
    return frag


def _sentence_drafts(frag: Fragment, sentence: str, cit: Citation, article: Article,
                     places: PlaceLookup, implied_source: Place | None) -> list[_Draft]:
    implied = (places.country(frag.mover_cc) if frag.mover_cc else None) or implied_source
    origins = list(frag.origins) or ([frag.person_origin] if frag.person_origin else []) or ([implied] if implied else [])
    explicit = bool(frag.origins)
    status = frag.status
    told = sentence[frag.settled:]
    people = attr.count_people(told)
    date = attr.find_event_date(told, article.published)
    out = []
    for origin, chain in itertools.product(origins, frag.chains):
        stops = clean_stops([origin, *chain], frag.crossings)
        if len(stops) < 2:
            continue
        conf = frag.confidence * (1.0 if explicit else 0.75) * (0.9 if frag.fan_out else 1.0)
        out.append(_Draft(stops, cit, attr.detect_mode(told, _anchor(told, chain[-1])), people, status, date,
                          round(conf, 2)))
    return out


_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _citation_rank(d: _Draft) -> tuple[bool, bool, float]:
    """Which of two duplicate drafts to cite: a figure, then a full sentence (not a headline), then confidence."""
    return d.people is not None, bool(_SENTENCE_END.search(d.citation.quote)), d.confidence


def _merge_duplicates(drafts: list[_Draft]) -> list[_Draft]:
    """One draft per (stops, status, mode): cite the best sentence (``_citation_rank``), people by max."""
    merged: dict[tuple, _Draft] = {}
    order: list[tuple] = []
    for d in drafts:
        key = (tuple(p.place_id for p in d.stops), d.status)
        same = [k for k in order if k[:2] == key and (merged[k].mode == d.mode or "unknown" in (merged[k].mode, d.mode))]
        if not same:
            k = key + (len(order),)
            merged[k] = d
            order.append(k)
            continue
        k = same[0]
        old = merged[k]
        best = d if _citation_rank(d) > _citation_rank(old) else old
        people = max((p for p in (old.people, d.people) if p is not None), default=None)
        mode = best.mode if best.mode != "unknown" else (old.mode if old.mode != "unknown" else d.mode)
        merged[k] = replace(best, people=people, mode=mode, confidence=max(old.confidence, d.confidence),
                            extra=tuple(dict.fromkeys(old.extra + d.extra + ((old.citation if best is d else d.citation),))))
    return [merged[k] for k in order]


def _finish(article: Article, drafts: list[_Draft]) -> list[Route]:
    drafts = sorted(drafts, key=lambda d: (d.citation.start, d.citation.end))
    return [
        Route(
            route_id=f"{article.article_id}-r{n}", article_id=article.article_id, stops=d.stops,
            citation=d.citation, mode=d.mode, people=d.people, status=d.status, event_date=d.event_date,
            confidence=max(0.0, min(1.0, d.confidence)), extra_citations=d.extra,
        )
        for n, d in enumerate(drafts, 1)
    ]
