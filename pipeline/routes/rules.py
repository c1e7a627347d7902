"""The route grammar's rule tables (documented in ``docs/ROUTE_GRAMMAR.md``).

``SKIP_RULES`` drop sentences that report no journey; ``IGNORE_RULES`` mark
mentions that only locate another place; ``ROLE_RULES`` give a place its role
in a journey; ``ANAPHORS`` point "there" / "the country" back at a place.
Every rule has a name and an example in ``tests/test_route_rules.py``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.records import Place
from pipeline.routes.vocabulary import CONFLICT_WORDS, DESC_NOUN, HOST_ASIDE, HOST_PART, HOST_VERB, ITEM, LIST, SUBJECT_ASIDE, TOKEN


@dataclass(frozen=True)
class SkipRule:
    """A sentence matching ``pattern`` reports no journey (unless ``unless`` matches too)."""

    name: str
    pattern: re.Pattern
    unless: re.Pattern | None = None
    hints: tuple[str, ...] = ()  # lower-case words one of which a match contains: a cheap pre-check


def _skip(name: str, pattern: str, unless: str | None = None, hints: tuple[str, ...] = ()) -> SkipRule:
    return SkipRule(name, re.compile(pattern, re.I), re.compile(unless, re.I) if unless else None, hints)


SKIP_RULES: tuple[SkipRule, ...] = (
    _skip("photo_caption", r"\b(?:photo|image|cover image|credit|caption|picture|pictured)\s*:|\.(?:jpe?g|png|gif|webp)\b|\(c\)|©"),
    _skip("price", r"\b(?:priced at|being priced|fees?|fares?|charg(?:ing|es|ed))\b|\bcosts?\s+(?:about\s+|around\s+|some\s+)?[$€£\d]"),
    _skip("protest_ride", r"\b(?:placards?|banners?|in protest|as (?:a|his|her|their) protest|protest (?:ride|march|walk|run|convoy))\b"),
    _skip("habitual", r"\b(?:often|usually|typically|traditionally|regularly|every year|each year|for work)\b"),
    # What is not a journey: one that might happen, or one somebody forecasts.
    _skip("hypothetical", r"\b(?:may|might|could|would)\s+(?:\w+\s+)?(?:flee|leave|go|come|cross|arrive|move|head|try|seek|"
                          r"sent|send|deport\w*|return\w*|expel\w*|transferr?\w*|relocat\w*)\b"
                          r"|\bif\s+(?:the\s+)?(?:war|fighting|situation|conflict)\b"),
    _skip("forecast", r"\b(?:expect(?:s|ed)?|forecasts?|predict(?:s|ed)?|projected|anticipat\w+)\b[^.;]{0,80}?"
                      r"\bto\s+(?:arrive|flee|leave|cross|reach|come)\b"),
    # A move the authorities only announce: "Italy plans to transfer 3,000 migrants to Sicily, the government said".
    _skip("announced_transfer", r"^(?=.*\b(?:government|ministry|authorities|officials|minister|administration|commission)\b)"
                                r".*\b(?:plans?|planning|intends?|will|wants?|agreed|is\s+to|are\s+to)\s+(?:\w+\s+){0,2}?"
                                r"(?:transfer|relocate|send|move|deport|resettle)\b",
          hints=("government", "ministry", "authorities", "officials", "minister", "administration", "commission")),
    # A service stopped is no journey: "Iraq suspended direct flights from Baghdad to Minsk".
    _skip("service_suspended", r"\b(?:suspend\w*|halt\w*|cancel\w*|stopp(?:ed|ing)|ban(?:s|ned|ning)?|scrap\w*)\s+"
                               r"(?:all\s+|direct\s+|its\s+|the\s+|their\s+|regular\s+|commercial\s+)*"
                               r"(?:flights?|routes?|services?|visas?|connections?)\b",
          hints=("suspend", "halt", "cancel", "stopp", "ban", "scrap")),
    # An official's trip is no migration: "The UN envoy travelled from Geneva to Khartoum to meet both generals".
    _skip("official_trip", r"^(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:envoy|minister|president|premier|chancellor|secretary|"
                           r"ambassador|delegation|commissioner|mayor|governor|senator|diplomats?|pope|king|queen|prince)"
                           r"\s+(?:[\w’'-]+\s+){0,3}?(?:flew|travell?ed|visited|arrived|went|came|landed|toured)\b",
          hints=("envoy", "minister", "president", "premier", "chancellor", "secretary", "ambassador", "delegation",
                 "commissioner", "mayor", "governor", "senator", "diplomat", "pope", "king", "queen", "prince")),
    # Remains brought home are no journey of the living: "the bodies of 12 migrants were brought to Lampedusa".
    _skip("remains", r"\b(?:bod(?:y|ies)|remains|corpses?|coffins?)\s+of\s+(?:\S+\s+){0,3}?"
                     r"(?:migrants?|refugees?|people|victims|men|women|children|(?-i:[A-Z]\w+s))\b",
          hints=("bod", "remains", "corpse", "coffin")),
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
        rf"(?P<a>{TOKEN}),\s+(?:in\s+)?(?:the\s+)?(?:[\w-]+\s+){{0,6}}?(?:of\s+)?(?P<p>{TOKEN})"), _inside),
    # "Acandí, a town near the border with Panama": the description places the town, it is no stop.
    IgnoreRule("descriptive_apposition", re.compile(
        rf"{TOKEN},\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?{DESC_NOUN}\s+(?:near|on|along|close\s+to|by|off|next\s+to|at)\s+"
        rf"(?:[\w-]+\s+){{0,5}}?(?P<p>{TOKEN})")),
    # "Cúcuta, on the Colombian side of the border with Venezuela": where the town lies, no stop.
    IgnoreRule("locative_apposition", re.compile(
        rf"{TOKEN},\s+(?:on|near|along|close\s+to|just\s+(?:across|over))\s+(?:the\s+|(?={TOKEN}[’']s\s))(?P<p>[^,;.]*{TOKEN})(?=[^,;.]*[,;.])")),
    IgnoreRule("locator_possessive", re.compile(rf"(?P<a>{TOKEN}),\s+(?P<p>{TOKEN})[’']s\b"), _inside),
    # "Brazil, which shares a border with Venezuela, has received …": a relative clause that places a country.
    IgnoreRule("relative_locator", re.compile(
        rf"{TOKEN},\s+(?:which|that)\s+(?:shares?|borders?|lies|sits|is\s+located|neighbou?rs)\b[^,;.⟨]{{0,50}}?(?P<p>{TOKEN})"
        rf"(?=[^,;.⟨]{{0,30}},)")),
    # A way the movers kept away from: "avoiding the road through Egypt", "bypassing Hungary".
    IgnoreRule("avoided", re.compile(
        rf"\b(?:avoid\w*|bypass\w*|skirt(?:s|ed|ing)?|steer\w*\s+clear\s+of|(?:instead|rather)\s+(?:of|than)\s+"
        rf"(?:going|passing|travell?ing))\s+(?:[\w-]+\s+){{0,5}}?(?P<p>{TOKEN}(?:\s+(?:and|or)\s+(?:[\w-]+\s+){{0,4}}?{TOKEN})?)", re.I)),
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
    hints: tuple[str, ...] | None = None  # lower-case strings one of which the trigger needs (None: unknown)


_META = set("\\()[]{}?*+.|^$")


def _split_top(pattern: str, sep: str = "|") -> list[str]:
    """``pattern`` split at ``sep`` outside groups and classes."""
    parts, depth, klass, cur, i = [], 0, False, [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            cur.append(pattern[i:i + 2])
            i += 2
            continue
        if klass:
            klass = ch != "]"
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            i += 1
            continue
        elif ch == "[":
            klass = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


def _prefix(branch: str) -> list[str] | None:
    """Literal starts one of which any match of ``branch`` begins with, or None when unsure."""
    while branch.startswith(("\\b", "^")):
        branch = branch[2:] if branch.startswith("\\b") else branch[1:]
    if branch.startswith("(?:"):
        inner = _split_top(branch[3:], ")")[0]  # the group's text up to its closing parenthesis
        rest = branch[3 + len(inner) + 1:]
        if rest[:1] in ("?", "*") or rest.startswith("{0"):
            return None  # an optional group: the match may start after it
        out: list[str] = []
        for alternative in _split_top(inner):
            found = _prefix(alternative)
            if found is None:
                return None
            out += found
        return out
    literal = []
    for i, ch in enumerate(branch):
        if ch in _META or (i + 1 < len(branch) and branch[i + 1] in "?*{"):
            break
        literal.append(ch)
    word = "".join(literal).lower()
    return [word] if len(word) >= 2 else None


def literal_hints(trigger: str) -> tuple[str, ...] | None:
    """Lower-case strings at least one of which a text must contain for ``trigger`` to match, or None."""
    out: list[str] = []
    for branch in _split_top(trigger):
        found = _prefix(branch)
        if found is None:
            return None
        out += found
    return tuple(dict.fromkeys(out))


def _role(name, pattern, role, confidence, gated=False, fallback=None, kinds=(), window=14, trigger=None):
    full = pattern.replace("{L}", LIST).replace("{I}", ITEM)
    if trigger is None:
        # The literal words before the place group make a cheap pre-check.
        head = pattern.split("(?P<p>")[0]
        trigger = head if head.strip() not in ("", "^", r"^(?:[^,⟨]{0,40},\s*)?") else None
    return RoleRule(name, re.compile(full, re.IGNORECASE), role, confidence, gated, fallback, window, kinds,
                    re.compile(trigger, re.IGNORECASE) if trigger else None, literal_hints(trigger) if trigger else None)


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
    # "poured across the Greek border into Macedonia": the border's side is where they came from.
    _role("across_border_into", r"\b(?:across|over|cross(?:ed|es|ing)?)\s+the\s+(?P<p>⟨\d+⟩)\s+(?:border|frontier)\s+(?:into|to)\b",
          "origin", 0.8, trigger=r"\b(?:border|frontier)\s+(?:into|to)\b"),
    # A place a relative clause says the movers cross or arrive at: "the crossings of Vyšné Nemecké and Ubľa,
    # where thousands are streaming into the country", "Lampedusa, where most boats land".
    _role("where_they_cross", r"(?P<p>⟨\d+⟩(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)⟨\d+⟩)*),?\s+where\s+(?:[\w,’'-]+\s+){0,8}?(?:cross|stream|pour|flood|flock|enter|pass|"
          r"walk|come)\w*\s+(?:[\w-]+\s+){0,2}?(?:into|across|through|over|in)\b", "cross", 0.75, trigger=r"\bwhere\b"),
    _role("where_they_arrive", r"(?P<p>⟨\d+⟩(?:(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)⟨\d+⟩)*),?\s+where\s+(?:[\w,’'-]+\s+){0,8}?(?:arriv|land|disembark|come\s+ashore|"
          r"reach)\w*\b", "dest", 0.7, trigger=r"\bwhere\b"),
    _role("at_crossing", r"\b(?:at|near|through|via)\s+(?P<p>{I})", "cross", 0.8, gated=True, kinds=("border_crossing",)),
    _role("left_place", r"\b(?:left|leave|leaves|leaving|fled|flee|flees|fleeing|escaped|escape|escaping|quit|abandoned|departed|evacuated)\s+(?:from\s+)?(?P<p>{L})", "origin", 0.9),
    _role("fled_conflict_in", rf"\b(?:flee\w*|fled|escap\w+)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?{CONFLICT_WORDS}\s+in\s+(?P<p>{{L}})",
          "origin", 0.85, trigger=rf"\b{CONFLICT_WORDS}\s+in\b"),
    _role("lived_in_before", r"\bwho\s+had\s+(?:been\s+)?(?:shelter(?:ed|ing)|liv(?:ed|ing)|stay(?:ed|ing)|work(?:ed|ing)|taken\s+refuge|"
          r"stranded|stuck|camp(?:ed|ing)|wait(?:ed|ing))\s+(?:\w+\s+){0,2}?(?:in|on|at|near)\s+(?:the\s+)?(?P<p>{L})",
          "origin", 0.75, gated=True, trigger=r"\bwho\s+had\b"),
    # Where a witness speaks from is where they are now: "she said from a flat in Giza".
    _role("speaking_from", r"\b(?:said|says|told\s+(?:[\w-]+\s+){1,3}?|speaking|spoke|writing)\s+(?:by\s+(?:phone|telephone)\s+)?(?:from|at|in)\s+"
          r"(?:(?:a|an|the|her|his|their)\s+(?:[\w-]+\s+){0,3}?(?:in|at|near)\s+)?(?P<p>{I})", "frame", 0.55,
          trigger=r"\b(?:said|says|speaking|spoke|writing|phone)\s+(?:from|at|in)\b|\btold\s+[^,.⟨]{1,40}?\s(?:from|at|in)\b"),
    # "Now we are in Kutupalong camp": where the speaker is now.
    _role("now_in", r"\b(?:we|they|he|she|I)\s+(?:are|is|am|were|was)\s+(?:now\s+|still\s+|finally\s+)?(?:living\s+|staying\s+|safe\s+)?"
          r"(?:in|at)\s+(?P<p>{I})", "frame", 0.55, trigger=r"\b(?:are|is|am|were|was)\s+(?:now\s+|still\s+|finally\s+)?(?:living\s+|staying\s+|safe\s+)?(?:in|at)\b"),
    # "Iran has deported 400,000 Afghans": the country that expels is where the journey starts.
    _role("expelled_by", r"^(?:[^⟨]{0,30}?)(?P<p>{L})\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|already\s+)?(?:deported|expelled|forcibly\s+returned|"
          r"sent\s+back|pushed\s+back)\b", "origin", 0.8, trigger=r"\b(?:deported|expelled|forcibly\s+returned|sent\s+back|pushed\s+back)\b"),
    # A pushback is the journey that was stopped: "pushed back to Turkey by Greek border guards" is an attempt
    # to go from Turkey into Greece, blocked; "pushed back to Myanmar from the Naf River" reached the river
    # (the annotators' reading). A deportation ("sent back to Haiti from …") is a journey made, not a pushback.
    # The people pushed may stand between the verb and "back" ("pushed 50 migrants back into Belarus").
    _role("pushed_back_to", r"\b(?:pushed|forced|driven)\s+(?:[\w,’'-]+\s+){0,4}?back\s+(?:in)?to\s+(?P<p>{L})", "origin",
          0.8, trigger=r"\b(?:pushed|forced|driven)\s+(?:[\w,’'-]+\s+){0,4}?back\s+(?:in)?to\b"),
    _role("pushed_back_from", r"\b(?:pushed|forced|driven)\s+back\b[^⟨.;]{0,40}?(?:⟨\d+⟩[^⟨.;]{0,30}?)?\bfrom\s+(?P<p>{L})",
          "dest", 0.75, trigger=r"\b(?:pushed|forced|driven)\s+back\b"),
    _role("pushed_back_by", r"\b(?:pushed|turned|forced|driven)\s+back\b[^⟨.;]{0,40}?(?:⟨\d+⟩[^⟨.;]{0,30}?)?"
          r"\bby\s+(?:the\s+)?(?P<p>⟨\d+⟩)\s+(?:border\s+)?(?:guards?|police|authorities|forces|coast\s*guards?|officers|"
          r"troops|soldiers|patrols?|army|navy)\b", "dest", 0.8, kinds=("country",),
          trigger=r"\b(?:pushed|turned|forced|driven)\s+back\b"),
    # "Once in Serbia, many try to reach Hungary": where the movers have got to is where the next leg starts.
    _role("once_in", r"\bonce\s+(?:they\s+are\s+|they\s+were\s+|safely\s+)?(?:in|inside|across\s+in)\s+(?P<p>{I})", "origin", 0.75,
          gated=True, trigger=r"\bonce\b"),
    _role("from", r"\bfrom\s+(?P<p>{L})", "origin", 0.9, gated=True, fallback="person_origin"),
    _role("out_of", r"\b(?:out of|away from)\s+(?P<p>{L})", "origin", 0.8, gated=True),
    _role("bound_for", r"\b(?:fled|flee|flees|fleeing|left|leaving|departed|set (?:off|out)|bound|headed|heading|head|made|making|flights?|tickets?|"
          r"board(?:ed|ing|s)?)\s+(?:\S+\s+){0,4}?for\s+(?P<p>{L})", "dest", 0.85),
    # "a Lampedusa-bound boat", "UK-bound lorries": where the vehicle and its passengers were going.
    _role("bound_adjective", r"(?P<p>⟨\d+⟩)-bound\b", "dest", 0.8, trigger=r"-bound\b"),
    _role("travel_on_to_meet", r"\b(?:travell?\w*|went|moved|headed|heading|going|continu\w+)\s+on(?:\s+|wards?\s+)to\s+(?:\w+\s+){0,4}?in\s+(?P<p>{L})", "dest", 0.8),
    _role("to", r"\b(?:to|into|towards?|onto)\s+(?P<p>{L})", "dest", 0.85, gated=True),
    _role("arrive_in", r"\b(?:arriv\w+|landed|land(?:ing)?|registered|ended up|end(?:s|ing)? up|wound up|wind(?:s|ing)? up|winding up|settled|settling|sought\s+(?:shelter|refuge|asylum)|(?:took|taken|taking|take)\s+(?:shelter|refuge)|found\s+(?:refuge|shelter)|stranded|gather(?:ed|ing)|disembark\w*|to\s+safety|ashore)\s+(?:(?:[\w.’'-]+|⟨\d+⟩)\s+){0,4}?(?:in|at|on)\s+(?P<p>{L})", "dest", 0.85),
    # Where movers live now, in a sentence that tells how they came: "who fled Aleppo in 2015, now live in Berlin".
    _role("live_now_in", r"\bnow\s+(?:live|lives|living|resides?|residing)\s+in\s+(?P<p>{L})", "dest", 0.75, gated=True),
    # A stay on the way is a stop: "spent two weeks in Bogota", "stayed four months in Libya".
    _role("stay_on_the_way", r"\b(?:stayed|spent|waited|was\s+stuck|were\s+stuck|got\s+stuck)\s+(?:for\s+)?(?:about\s+|nearly\s+|almost\s+)?"
          r"(?:\w+\s+){0,2}?(?:days?|weeks?|months?|years?|nights?)\s+(?:(?:in|at|on)\s+(?:[\w-]+\s+){1,5}?)?(?:in|at)\s+(?P<p>{I})"
          r"(?!\s+(?:border|frontier))", "dest", 0.75,
          trigger=r"\b(?:stayed|spent|waited|stuck)\b"),
    # Where the movers are on the way: "registered in Aswan before continuing to Cairo",
    # "camped at Loon-Plage, hoping to reach Britain".
    _role("stop_before_moving_on", r"\b(?:in|at)\s+(?P<p>{I})\s*,?\s+(?:before|and\s+then|then)\s+(?:[\w-]+\s+){0,2}?"
          r"(?:continu|head|travel|mov|go|leav|board|catch|fl[yi]|walk|tak|driv|sail|set|cross)\w*", "stop", 0.75,
          trigger=r"\b(?:before|then)\b"),
    # A change of vehicle on the way is a stop: "by train with a change in Lviv", "a stopover in Istanbul".
    _role("change_in", r"\b(?:a\s+change|changing\s+(?:trains?|buses|planes|flights)|a\s+(?:short\s+|brief\s+|long\s+)?"
          r"(?:stopover|layover|stop)|transit(?:ed|ing)?|a\s+connecting\s+flight)\s+(?:of\s+\w+\s+)?(?:in|at|through|via)\s+(?P<p>{I})",
          "stop", 0.75, trigger=r"(?:a change|changing|stopover|layover|a stop|a short stop|a brief stop|a long stop|transit|"
                               r"connecting)"),
    # "After a few days in reception centres on the islands, many are transferred to Madrid".
    _role("after_time_in", r"\bafter\s+(?:[\w-]+\s+){0,3}?(?:days?|weeks?|months?|years?|nights?)\s+(?:[\w-]+\s+){0,3}?(?:in|at|on)\s+(?P<p>{I})",
          "stop", 0.7, trigger=r"\bafter\b"),
    # "Most had boarded in Lviv": where the movers got on is a stop.
    _role("boarded_in", r"\bboard(?:ed|ing|s)?\s+(?:(?:(?:a|the|their|an)\s+)?(?:[\w-]+\s+){0,2}?(?:train|bus|boat|ferry|plane|flight|coach|ship)(?:s|es)?\s+)?"
          r"(?:in|at)\s+(?P<p>{I})", "stop", 0.75, trigger=r"\bboard"),
    # "She plans to join her sister in Berlin": where the people joined are is where she goes.
    _role("join_in", r"\b(?:join|joined|joining|joins|reunite\w*\s+with)\s+(?:[\w-]+\s+){0,4}?in\s+(?P<p>{L})", "dest", 0.75,
          trigger=r"\b(?:join|reunite)"),
    _role("waiting_at", r"\b(?:camp(?:ed|ing)|sleep(?:ing|s)?|slept|wait(?:s|ing|ed)?|queu(?:e|ed|ing)|stuck|shelter(?:ing|ed))\s+"
          r"(?:[\w-]+\s+){0,3}?(?:at|in|near|outside)\s+(?P<p>{I})(?!\s+(?:border|frontier))", "stop", 0.7, gated=True,
          trigger=r"\b(?:camp(?:ed|ing)|sleep(?:ing|s)?|slept|wait(?:s|ing|ed)?|queu(?:e|ed|ing)|stuck|shelter(?:ing|ed))\b"),
    _role("border_at", r"\b(?:border|frontier|bridge|checkpoint)\s+(?:crossing\s+|post\s+|checkpoint\s+)?(?:at|near)\s+(?P<p>{I})",
          "cross", 0.75, trigger=r"\b(?:border|frontier|bridge|checkpoint)\b"),
    # "paid smugglers in Agadez": where the smuggled leg starts.
    _role("paid_smugglers_in", r"\bpa(?:id|y|ying|ys)\s+(?:[\w-]+\s+){0,2}?(?:smugglers?|traffickers?|drivers?|boatm[ae]n|guides?|coyotes?)"
          r"\s+(?:[\w$€£,.-]+\s+){0,4}?(?:in|at)\s+(?P<p>{I})", "stop", 0.7, trigger=r"\bpa(?:id|y|ying|ys)\b"),
    # A boat lost on the way ends its journey there: "capsized off Tenerife", "sank near Lampedusa".
    _role("wrecked_near", r"\b(?:capsiz(?:ed|es|ing)|sank|sunk|sinks|sinking|overturned|ran\s+aground|shipwrecked|went\s+down|"
          r"foundered)\s+(?:[\w-]+\s+){0,3}?(?:near|off|close\s+to|in|at)\s+(?:the\s+(?:coast|shores?|waters?|island)\s+(?:of|off)\s+)?"
          r"(?P<p>{L})", "dest", 0.75,
          trigger=r"(?:capsiz|sank|sunk|sink|overturned|aground|shipwrecked|went down|foundered)"),
    _role("reach_enter", r"\b(?:reach(?:ed|es|ing)?|enter(?:ed|s|ing)?)\s+(?P<p>{L})", "dest", 0.85),
    _role("influx_in", r"\b(?:influx(?:es)?|arrivals?|inflows?|waves?)\s+(?:of\s+(?:\S+\s+){1,3})?(?:in|into|to)\s+(?P<p>{L})", "dest", 0.7),
    _role("at_border", r"\b(?:at|near|reached)\s+the\s+(?P<p>⟨\d+⟩)\s+(?:border|frontier)", "dest", 0.6, gated=True),
    _role("border_with", r"\b(?:borders?|frontier)\s+with\s+(?P<p>{L})", "dest", 0.6, gated=True),
    _role("via", r"\b(?:via|through)\s+(?P<p>{L})", "via", 0.75, gated=True),
    # What is crossed is passed through: "crossed the Darién Gap", "crossing Sudan on trucks".
    _role("crossed_place", r"\b(?:cross(?:ed|es|ing)?|travers(?:e|ed|es|ing))\s+(?:the\s+)?(?P<p>{L})(?!\s*(?:[’']s|border|frontier))",
          "via", 0.75, trigger=r"\b(?:cross|travers)"),
    _role("anaphor_dest", r"\b(?:shelter|refuge|asylum|moved|went|fled|arrived|headed|relocated|settled|travell?ed|gone|going|stayed|came|flown|return(?:s|ed|ing)?)\s+(?P<p>⟨\d+⟩)", "dest", 0.6),
    # Where people on the move were found or stopped: "found 106 more on an island in Phang Nga".
    _role("found_at", r"\b(?:found|discovered|rescued|intercepted|detained|apprehended|picked\s+up|spotted)\s+"
          r"(?=(?:[\w,’'-]+\s+){0,3}?(?:migrants|refugees|people|asylum[- ]seekers|more|others|passengers|survivors|boats?)\b)"
          r"(?:[\w,’'-]+\s+){0,8}?(?:in|on|at|near|off)\s+(?P<p>{L})", "found", 0.6,
          trigger=r"\b(?:found|discovered|rescued|intercepted|detained|apprehended|picked\s+up|spotted)\b"),
    _role("same_story_in", r"\bsame\s+(?:story|situation|picture|scene|thing)\s+in\s+(?P<p>{L})", "continuation", 0.5),
    _role("example", r"\b(?:like|such as|including|notably|especially)\s+(?P<p>{L})", "example", 0.6, gated=True, window=22),
    _role("host_subject", r"(?P<p>{L})" + SUBJECT_ASIDE + r"\s+(?:has|have|had)\s*" + HOST_ASIDE + r"(?:also\s+|already\s+|now\s+)?" + HOST_VERB, "host", 0.6,
          trigger=HOST_VERB),
    # "Spain's Canary Islands received 39,910 migrants last year": a host with a count.
    _role("host_past", r"(?P<p>{L})" + HOST_PART + r"\s+(?:received|welcomed|took\s+in|registered|recorded|counted|admitted|saw)\s+"
          r"(?=(?:about|some|nearly|more\s+than|over|almost|at\s+least|around|roughly|close\s+to)?\s*\d)", "host", 0.6,
          trigger=r"\b(?:received|welcomed|took\s+in|registered|recorded|counted|admitted|saw)\s+(?:[a-z]+\s+)?\d"),
    # "The number of Ukrainians in Moldova has doubled": more movers arrived there.
    _role("number_grew_in", r"\bnumber\s+of\s+(?:[\w-]+\s+){1,3}?(?:in|arriving\s+in|entering)\s+(?P<p>{L})\s+(?:has|have|had)\s+"
          r"(?:\w+\s+)?(?:doubled|tripled|quadrupled|grown|risen|increased|surged|jumped|soared|swelled|climbed)\b", "host", 0.6,
          trigger=r"\bnumber\s+of\b"),
    # "The number of Ukrainians living in Poland is now about one million": movers counted where they are.
    _role("number_living_in", r"\bnumber\s+of\s+(?:[\w-]+\s+){1,3}?(?:living|staying|sheltering|registered|hosted|residing)\s+"
          r"in\s+(?P<p>{L})\s+(?:is|stands|stood|has\s+(?:now\s+)?(?:reached|risen|topped|passed)|reached|rose|exceeds|exceeded|"
          r"tops|topped|passed)\b", "host", 0.6, trigger=r"\bnumber\s+of\b"),
    _role("host_present", r"(?P<p>{L})" + HOST_PART + r"\s+(?:now\s+|currently\s+|already\s+|also\s+)?(?:hosts|is\s+hosting|is\s+(?:now\s+)?home\s+to|"
          r"shelters|welcomes|receives|takes\s+in)\b", "host", 0.6,
          trigger=r"\b(?:hosts|hosting|home\s+to|shelters|welcomes|receives|takes\s+in)\b"),
    # "About 3,000 refugees are now living in Adre": where a counted group of movers is, it arrived.
    _role("counted_movers_in", r"\d[\d,.]*\s+(?:thousand\s+|million\s+)?(?:more\s+|other\s+)?(?:[\w-]+\s+)?"
          r"(?:refugees|migrants|asylum[- ]seekers|evacuees|displaced(?:\s+people)?|(?-i:[A-Z][a-z]+s))\s+(?:(?:are|were)\s+"
          r"(?:now\s+|currently\s+|still\s+|already\s+)?(?:living|staying|sheltering|housed|accommodated|camped|"
          r"sheltered)|(?:now\s+|currently\s+)?(?:live|reside))\s+(?:[\w-]+\s+){0,3}?(?:in|at)\s+(?P<p>{L})", "host", 0.6,
          trigger=r"(?:living|staying|sheltering|housed|accommodated|camped|sheltered|live|reside)\b"),
    # "Croatia said 5,000 migrants had entered from Serbia": the reporting country is where they arrived.
    _role("reporting_host", r"^(?:[^⟨,]{0,30},\s*|[^⟨,]{0,40}?\b(?:in|at)\s+)?(?P<p>{I})\s+(?:(?:police|officials|authorities|government|ministry|"
          r"interior\s+ministry|border\s+(?:police|guards?))\s+)?(?:said|says|reported|announced|recorded|registered)\b",
          "reporter", 0.55, trigger=r"^[^⟨]{0,45}⟨\d+⟩\s+(?:[\w-]+\s+){0,3}?(?:said|says|reported|announced|recorded|registered)\b"),
    _role("sentence_subject", r"^(?!(?:in|at|on|from|to|like|for|by|with|back|after|before|during|since|as)\b)(?P<p>{L})\s+(?![’']s)", "subject", 0.6),
    _role("locative_frame", r"^(?:[^,⟨]{0,40},\s*)?(?:back\s+|meanwhile\s+|also\s+)?(?:in|at)\s+(?P<p>{I})", "frame", 0.55),
)
WEAK_DEST = ("example", "host", "subject", "frame", "continuation", "reporter", "found")

# Anaphors resolved to a place from the context: (name, pattern of the
# anaphor's context, group holding the anaphor, what it may refer to):
# ``place`` the latest place away from the movers' home, ``country`` the
# latest such country, ``local`` the latest such place that is not a country
# ("the island", "the town"), ``crossing`` the latest border crossing (wherever it is),
# ``home`` the movers' own country. The first anaphor to
# claim a span keeps it.
ANAPHORS: tuple[tuple[str, re.Pattern, str], ...] = (
    ("there", re.compile(
        r"\b(?:shelter|refuge|asylum|moved|went|fled|arrived|headed|relocated|settled|travell?ed|gone|going|"
        r"stayed|came|flown)\s+(?P<a>there)\b", re.I), "place"),
    ("from_there", re.compile(r"\bfrom\s+(?P<a>there)\b", re.I), "place"),
    ("the_country_host", re.compile(
        r"\b(?P<a>the country)\s+(?:has|have|had)\s+(?:also\s+|already\s+|now\s+)?(?:seen|witnessed|received|"
        r"welcomed|taken in|hosted|absorbed)\b", re.I), "country"),
    ("back_into_the_country", re.compile(
        r"\b(?:back\s+(?:in)?to|re-?enter(?:s|ed|ing)?)\s+(?P<a>the country|(?:their|his|her)\s+(?:own\s+)?(?:homeland|home\s+country|country))\b",
        re.I), "home"),
    # "tens of thousands leaving the country": the country left is the movers' own.
    ("the_country_left", re.compile(
        r"\b(?:left|leav(?:e|es|ing)|fle(?:e|es|eing|d)|escap(?:e|es|ed|ing)|exodus\s+from)\s+(?P<a>the country)\b", re.I),
     "home"),
    ("the_country_entered", re.compile(
        r"\b(?:enter(?:s|ed|ing)?|into|to|reach(?:es|ed|ing)?|arriv\w+\s+in)\s+"
        r"(?P<a>the country)\b", re.I), "country"),
    # "arriving in this Polish border town": the place the story is told from.
    ("this_place", re.compile(
        r"\b(?:on|to|in|at|into|onto|reached|reach|reaching|left|leave|leaving)\s+"
        r"(?P<a>this\s+(?:[\w-]+\s+){0,2}?(?:island|city|town|port|village|capital|camp|harbou?r|community))\b", re.I), "local"),
    ("the_place", re.compile(
        r"\b(?:on|to|in|at|into|onto|reached|reach|reaching|left|leave|leaving)\s+"
        r"(?P<a>the\s+(?:island|city|town|port|village|capital|camp|harbou?r)s?|the\s+cities)\b", re.I), "local"),
    # "passed through the checkpoint": the crossing named last.
    ("the_crossing", re.compile(
        r"\b(?:at|to|reach(?:ed|es|ing)?|through|via|near|from|past)\s+"
        r"(?P<a>the\s+(?:border\s+)?(?:crossing(?:\s+point)?|checkpoint|border\s+post)|the\s+border(?!\s+(?:with|between|of|from|into)\b))\b",
        re.I), "crossing"),
    ("return_home", re.compile(r"\breturn(?:s|ed|ing)?\s+(?:back\s+)?(?P<a>home)\b", re.I), "home"),
    ("return_to_their_country", re.compile(
        r"\breturn(?:s|ed|ing)?\s+(?:back\s+)?to\s+(?P<a>(?:their|his|her)\s+(?:own\s+)?(?:home\s+)?"
        r"(?:country|countries|homeland|home))\b", re.I), "home"),
)
# A cheap test before the anaphor patterns: the words they all need.
ANAPHOR_HINT = re.compile(r"\b(?:there|country|home|homeland|countries|island|city|town|port|village|capital|camp|harbou?r|"
                          r"crossing|checkpoint|post|community|border)s?\b|\bcities\b", re.I)
