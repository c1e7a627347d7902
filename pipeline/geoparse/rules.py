"""Rules that reject a match that is not a place, as a table (:data:`REJECT_RULES`).

Each rule takes the match's :class:`Context` and its candidates and returns a
reason when the match is not a place: people ("Vladimir Putin", "President
X", "said Miras"), words capitalised only because a sentence starts ("Most of
them"), parts of larger proper names ("Current Time", "Rudaki Avenue").
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.gazetteer import Candidate
from pipeline.geoparse.matching import Match
from pipeline.geoparse.tokens import Token, is_sentence_initial

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
    "in", "from", "to", "into", "near", "via", "through", "at", "outside", "towards", "toward", "off",
    "across", "of", "reach", "reached", "reaching", "left", "leave", "leaving", "fled", "flee",
    "fleeing", "escaped", "escaping", "escape", "entered", "entering", "enter", "crossed", "visit", "visited",
    "around", "between",
    "and", "for", "onto", "within", "inside", "beyond", "past", "north", "south", "east", "west",
    "northern", "southern", "eastern", "western", "capital", "city", "town", "village", "region",
})
BORDER_NOUNS = frozenset({"border", "borders", "frontier", "side", "checkpoint", "crossing"})
# "Pakistani border officials": the people who guard a border, not the border.
BORDER_STAFF = frozenset({"official", "officials", "guard", "guards", "police", "authority", "authorities", "agency",
                          "agencies", "force", "forces", "service", "services", "troops", "officer", "officers", "staff",
                          "personnel", "patrol", "patrols", "agent", "agents", "source", "sources"})
# Nouns after a name that make it where someone or something is from ("a Paris man", "Chapin residents").
RESIDENT_NOUNS = frozenset({
    "man", "men", "woman", "women", "resident", "residents", "native", "natives", "couple", "family",
    "teen", "teenager", "boy", "girl", "area", "areas", "native", "neighborhood", "neighbourhood",
    "suburb", "outskirts", "downtown", "metro", "voters", "homeowners", "businesses", "officials",
})
# Capitalised words after a place that make the whole an institution named after it
# ("Gainesville Police Department", "Richmond Council"): the place is still named.
INSTITUTION_WORDS = frozenset({
    "police", "department", "council", "city", "county", "state", "university", "college", "school",
    "schools", "high", "academy", "hospital", "medical", "center", "centre", "clinic", "zoo", "airport",
    "court", "courthouse", "fire", "parks", "park", "chamber", "board", "commission", "committee",
    "government", "district", "township", "village", "town", "public", "library", "museum", "festival",
    "film", "symphony", "orchestra", "theatre", "theater", "church", "cathedral", "highway", "patrol",
    "sheriff", "port", "harbour", "harbor", "station", "railway", "railroad", "regional", "community",
    "area", "metro", "metropolitan", "municipal", "historical", "society", "association", "club",
    "chapter", "league", "times", "post", "herald", "tribune", "journal", "gazette", "news", "daily",
    "courier", "observer", "star", "register", "telegraph", "chronicle", "press", "record", "review",
    "bee", "sun", "mail", "region", "province", "valley", "river", "lake", "bay", "mountains",
    "convention", "conference", "summit", "agreement", "accord", "protocol", "declaration", "marathon",
    "open", "games", "olympics", "international", "national", "federal", "provincial", "municipality",
    "water", "transit", "housing", "economic", "development", "authority", "agency", "office", "ministry",
    "embassy", "consulate", "bureau", "institute", "foundation", "fund", "bank", "exchange", "market",
    "area", "memorial", "cemetery", "stadium", "arena", "hall", "square", "mall", "plaza",
    "senator", "senate", "congressman", "congresswoman", "representative", "governor", "mayor",
    "minister", "premier", "legislature", "assembly", "parliament", "republican", "republicans",
    "democrat", "democrats", "liberal", "liberals", "conservative", "conservatives", "attorney",
    "prosecutor", "prix", "cup", "derby", "team", "officials",
})
# Capitalised words that open a sentence without being part of a name ("In Moscow", "The Hague").
SENTENCE_OPENERS = frozenset({
    "in", "from", "to", "into", "near", "via", "at", "on", "by", "for", "with", "after", "before", "since",
    "while", "when", "as", "but", "and", "or", "the", "a", "an", "this", "that", "these", "those", "outside",
    "inside", "across", "like", "unlike", "both", "even", "only", "then", "now", "here", "there", "back",
    "until", "during", "despite", "beyond", "through", "throughout", "around", "along", "within", "without",
    "between", "among", "toward", "towards", "upon", "once", "if", "although", "though", "because", "so",
    "yet", "also", "still", "meanwhile", "elsewhere", "north", "south", "east", "west", "central",
    "northern", "southern", "eastern", "western", "greater", "downtown", "rural", "suburban", "new",
})
# Locative words too common to vouch for a name that is also an English word ("Chamber of Commerce").
WEAK_CUES = frozenset({"of", "and", "for", "between", "around", "past", "left", "leave", "capital"})
# Party letters before a legislator's home town ("Sen. Ray Miller, D-Columbus").
PARTY_CODES = frozenset({"D", "R", "I", "DFL", "GOP", "Dem", "Rep", "Ind", "Lib", "NDP", "PC"})
BIG_CITY = 2_000_000


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


def not_country(cands: Sequence[Candidate]) -> bool:
    return not any(c.place.kind in ("country", "border_crossing") for c in cands)


def is_dateline(ctx: Context) -> bool:
    """A name in capitals opening a story ("MINNEAPOLIS --", "KYIV, Ukraine (AP) —")."""
    surface = ctx.match.surface
    if not (surface.isupper() or ctx.match.start == 0) or not ctx.sentence_initial or len(surface) < 3:
        return False
    return bool(re.match(r"\s*(?:--|—|–|-|\(|,\s*[A-Z])", ctx.text[ctx.match.end:ctx.match.end + 6]))


def has_locative_cue(ctx: Context) -> bool:
    """A word before ("in Oral"), a noun after ("the Medyka crossing", "a Paris man"), "-bound", "landed on" or a dateline."""
    prev, nxt = ctx.prev, ctx.next
    if nxt and (nxt.lower in BORDER_NOUNS or nxt.lower in RESIDENT_NOUNS) and ctx.next_gap() == " ":
        return True
    if nxt and nxt.lower == "bound" and ctx.next_gap() == "-":
        return True  # "a Lampedusa-bound boat": where it was going
    if follows(ctx, "on", LANDING_WORDS):
        return True  # "landed on Lampedusa": "on" after a landing is a place's cue ("on Monday" follows no landing)
    if is_dateline(ctx):
        return True
    return bool(prev and prev.lower in LOCATIVE_CUES
                and (not prev.capitalised or is_sentence_initial(ctx.text, prev.start)))


# Words of landing after which "on" names the island or shore reached.
LANDING_WORDS = frozenset({"landed", "landing", "land", "lands", "arrived", "arriving", "arrive", "arrives", "ashore",
                           "disembarked", "disembarking", "stranded", "marooned", "washed"})


# "the port of Calais", "the town of Adre": a kind of place and "of" before a name.
PLACE_KIND_NOUNS = frozenset({"port", "city", "town", "village", "island", "islands", "province", "region", "district",
                              "state", "county", "capital", "republic", "kingdom", "municipality", "enclave", "oblast",
                              "governorate", "coast", "suburbs", "outskirts"})


# "bound for Warsaw", "left for Tbilisi", "flights for Yerevan": "for" after a departure is a destination's cue.
DEPARTURE_WORDS = frozenset({"bound", "headed", "heading", "left", "leaving", "leave", "departed", "departing", "sailed",
                             "flight", "flights", "ticket", "tickets", "bus", "buses", "train", "trains", "ferry"})


def follows(ctx: Context, word: str, after: frozenset[str]) -> bool:
    """The name follows ``word``, itself after one of ``after`` (lower case, single spaces between)."""
    prev, before = ctx.prev, ctx.token(ctx.match.first - 2)
    return bool(prev and before and prev.lower == word and before.lower in after
                and ctx.gap(ctx.match.first - 2) == " " and ctx.prev_gap() == " ")


def bound_for(ctx: Context) -> bool:
    """The name follows "for" after a word of departure: "a bus bound for Warsaw"."""
    return follows(ctx, "for", DEPARTURE_WORDS)


def kind_of_place_before(ctx: Context) -> bool:
    """The name follows "<kind of place> of": "the port of Calais", "the outskirts of Kharkiv"."""
    return follows(ctx, "of", PLACE_KIND_NOUNS)


def has_cue_before_article(ctx: Context) -> bool:
    """A locative word before "the" and the name: "to the Canary Islands", "from the Darién"."""
    before = ctx.token(ctx.match.first - 2)
    return follows(ctx, "the", LOCATIVE_CUES) and not before.capitalised


def rule_person_title(ctx: Context, cands) -> str | None:
    prev = ctx.prev
    if prev and prev.lower in PERSON_TITLES and not_country(cands) and ctx.prev_gap() in (" ", ". "):
        return f"after the title {prev.text!r}"
    return None


def rule_speaker(ctx: Context, cands) -> str | None:
    nxt, prev = ctx.next, ctx.prev
    if not not_country(cands):
        return None
    if ctx.next_gap().startswith("*"):
        return "pseudonym marked with *"
    if nxt and nxt.lower in SPEECH_VERBS and ctx.next_gap() == " " and not has_locative_cue(ctx):
        return f"speaker of {nxt.text!r}"
    if nxt and nxt.text.isdigit() and ctx.next_gap() == ", " and len(nxt.text) <= 3 \
            and ctx.gap(ctx.match.last + 1).startswith(","):
        return f"a person's age follows ({nxt.text})"
    if prev and prev.lower in {"said", "says", "told", "asked"} and ctx.prev_gap() == " ":
        return f"speaker after {prev.text!r}"
    if AGE_APPOSITION.match(ctx.text, ctx.match.end):
        return "a person's age follows (a …-year-old)"
    return None


# "Ahmad, a 24-year-old from Herat": the name is a person's.
AGE_APPOSITION = re.compile(r",\s+(?:an?\s+)?\d{1,3}[- ]years?[- ]old\b")


def names_institution(ctx: Context) -> bool:
    """The capitalised words after the match name an institution ("Athens Parks and Recreation")."""
    i = ctx.match.last + 1
    while i < len(ctx.tokens) and i - ctx.match.last <= 4 and ctx.gap(i - 1) in (" ", " & ", " and "):
        tok = ctx.tokens[i]
        if not tok.capitalised:
            return False
        if tok.lower in INSTITUTION_WORDS:
            return True
        i += 1
    return False


# Capitalised by convention, never part of a place's name: "landed at Lampedusa Sunday morning".
CALENDAR_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december mon tue tues wed thu thur thurs fri sat sun jan feb mar apr "
    "jun jul aug sep sept oct nov dec".split())


def rule_part_of_larger_name(ctx: Context, cands) -> str | None:
    """A capitalised word joined to the match ("Vladimir Putin", "Current Time").

    Not when the words after it name an institution after the place
    ("Gainesville Police Department"): the place is named all the same;
    nor when the word is a day or month ("in Kyiv Monday").
    """
    if not not_country(cands) or ctx.match.region_word:
        return None
    nxt, prev = ctx.next, ctx.prev
    if ctx.match.surface.isupper() and len(ctx.match.surface) > 3 and not (nxt and nxt.text.isupper()):
        return None  # "WASHINGTON Barack Obama ...": a dateline in capitals, then the story
    if nxt and nxt.capitalised and ctx.next_gap() in (" ", "-") and not ctx.title_line \
            and nxt.lower not in CALENDAR_WORDS \
            and not (names_institution(ctx) and any(c.primary for c in cands)):
        return f"followed by {nxt.text!r}"
    if (prev and prev.capitalised and ctx.prev_gap() in (" ", "-") and not ctx.title_line
            and not (is_sentence_initial(ctx.text, prev.start) and prev.lower in SENTENCE_OPENERS)
            and not (ctx.prev_gap() == "-" and prev.text in PARTY_CODES)):
        return f"preceded by {prev.text!r}"
    return None


def rule_common_word(ctx: Context, cands) -> str | None:
    """Ordinary English words capitalised by position ("Most", "Time", "March")."""
    if not not_country(cands) or not cands[0].common_word:
        return None
    if any(c.primary and c.place.kind == "city" and c.place.population >= BIG_CITY for c in cands):
        return None
    if ctx.sentence_initial or ctx.title_line:
        return "common word at the start of a sentence or in a headline"
    if names_institution(ctx):  # "according to Home Office figures": the word names the office, no place
        return "common word in an institution's name"
    strong_cue = (has_locative_cue(ctx) and not (ctx.prev and ctx.prev.lower in WEAK_CUES)) or kind_of_place_before(ctx) \
        or bound_for(ctx)
    known = any(c.place.country_code in ctx.article_countries and c.primary and c.place.population >= 50_000
                for c in cands)
    if not strong_cue and not known:
        return "common word without a locative cue"
    return None


REJECT_RULES: tuple[Callable[[Context, Sequence[Candidate]], str | None], ...] = (
    rule_person_title,
    rule_speaker,
    rule_part_of_larger_name,
    rule_common_word,
)
