"""Route attributes read from a sentence: mode, people, status, date, negation.

Every attribute comes from a table of cue patterns, so adding a cue is adding
a row. All functions are pure and take the sentence text (and an anchor
offset inside it where position matters).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.text.dates import MONTH_PREFIX, MONTH_WORD, MONTHS


@dataclass(frozen=True)
class Cue:
    """A regular expression that signals ``value``; lower ``rank`` wins ties."""

    name: str
    pattern: re.Pattern
    value: str
    rank: int = 0
    hints: tuple[str, ...] = ()  # lower-case words one of which a match contains: a cheap pre-check


def _cue(name: str, pattern: str, value: str, rank: int = 0, hints: tuple[str, ...] = ()) -> Cue:
    return Cue(name, re.compile(pattern, re.IGNORECASE), value, rank, hints)


# --- mode -----------------------------------------------------------------
MODE_CUES: tuple[Cue, ...] = (
    _cue("air", r"\b(?:fl[ye]w|fly(?:ing)?|flown|flights?|plane|airplane|airport|airline|tickets?|by air|airlifted)\b", "air"),
    _cue("car", r"\b(?:cars?|drove|drive|driving|driven|by road|vehicles?|taxis?|minibus(?:es)?|hitchhik\w*|"
                r"trucks?|truck(?:ed|ing)|lorr(?:y|ies)|pick-?ups?)\b", "car"),
    _cue("car_queue", r"\b(?:queu\w*|roads?|traffic jams?|tailbacks?)\b", "car", rank=1),
    _cue("foot", r"\b(?:on foot|walk(?:ed|ing|s)?|hik(?:ed|ing)|trek(?:ked|king)?)\b", "foot"),
    _cue("bicycle", r"\b(?:cycl(?:ed|ing)|bik(?:e|ed|es|ing)|bicycles?|by bike)\b", "bicycle"),
    _cue("boat", r"\b(?:sail(?:ed|ing|s)?|boats?|yachts?|yachtsm[ae]n|ferry|ferries|ferried|ship|ships|dinghy|dinghies|by sea|"
                 r"pirogues?|cayucos?|pateras?|canoes?|vessels?|trawlers?|rafts?|skiffs?|lifeboats?)\b", "boat"),
    _cue("rail", r"\b(?:trains?|rail(?:way)?|by rail)\b", "rail"),
    _cue("bus", r"\b(?:bus(?:es|ses)?|bus(?:s)?ed|coach(?:es)?)\b", "bus"),
)


@functools.lru_cache(maxsize=1024)
def _mode_cues(sentence: str) -> tuple[tuple[int, int, int, str], ...]:
    """(rank, start, end, mode) of every mode cue in the sentence (read once per sentence)."""
    return tuple((cue.rank, m.start(), m.end(), cue.value) for cue in MODE_CUES for m in cue.pattern.finditer(sentence))


def detect_mode(sentence: str, anchor: int = 0) -> str:
    """Mode whose cue lies nearest to ``anchor`` (a character offset), else "unknown".

    Strong cues (a verb or vehicle) beat weak ones (queues, roads) at any distance.
    """
    best: tuple[int, int, str] | None = None
    for rank, start, end, value in _mode_cues(sentence):
        distance = 0 if start <= anchor < end else min(abs(start - anchor), abs(end - anchor))
        key = (rank, distance, value)
        if best is None or key < best:
            best = key
    return best[2] if best else "unknown"


# --- people -----------------------------------------------------------------
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a dozen": 12,
}
SCALES = {"thousand": 1_000, "million": 1_000_000}
# Nouns that count people on the move (singular and plural).
PERSON_NOUNS = (
    r"(?:people|persons?|men|man|women|woman|citizens?|nationals?|refugees?|migrants?|"
    r"asylum[- ]seekers?|families|family|children|escapees?|yachtsm[ae]n|sailors?|"
    r"travell?ers?|passengers?|photographers?|entrepreneurs?|students?|friends?|"
    r"brothers?|reservists?|conscripts?|draft[- ]dodgers?|evacuees?|tourists?|arrivals|returnees|deportees|"
    r"survivors|minors|newcomers|"
    r"(?-i:[A-Z][a-z]+(?:ians|ans|ers|is|ks|s|ese|ya)))"
)
_NUMBER = r"(?<![\w,])(?P<num>\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_SCALE = r"(?:\s+(?P<scale>thousand|million))?"
# Up to two words between a number and its noun ("200 fleeing Russians"), never a date or another number.
# Units: "15 kilometres as families fled" counts no one.
_UNITS = r"(?:km|kms|kilomet\w*|miles?|met(?:er|re)s?|hours?|days?|weeks?|months?|years?|kg|tonnes?|per\s*cent|percent|dollars?|euros?)"
_FILLER = (r"(?:\s+(?!of\b|" + MONTH_PREFIX + r"\b|\d|" + _UNITS + r"\b)(?!(?:" + "|".join(NUMBER_WORDS) + r")\b)"
           r"[\w-]+){0,2}?")

# Companions: "with her husband and three children" (each counted; plural without a number is vague).
_COMPANION_NOUN = (
    r"(?:wife|husband|partner|friends?|sons?|daughters?|child|children|kids?|babies|baby|brothers?|sisters?|"
    r"mother|father|parents|grandmother|grandfather|grandparents|grand(?:sons?|daughters?|child|children)|"
    r"girlfriend|boyfriend|colleagues?|"
    r"fianc[ée]e?|cousins?|nephews?|nieces?|family|families|relatives)"
)
_COMPANION_NUM = r"one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}"
_COMPANION = (r"(?:(?P<cnum>his|her|their|my|our|a|an|" + _COMPANION_NUM + r")\s+)"
              r"(?:(?P<cnum2>" + _COMPANION_NUM + r")\s+)?(?:[\w-]+\s+)?" + _COMPANION_NOUN + r"\b")
# One companion item of a list, with or without its determiner ("sister" counts one).
# An age or state word before a companion named without "his/her" ("and younger brother").
_COMPANION_ADJ = r"(?:(?:young(?:er|est)?|old(?:er|est)?|elder(?:ly)?|little|baby|teenage|infant|pregnant|disabled|sick|[\w]+-year-old)\s+)?"
_COMPANION_ITEM_RE = re.compile(r"(?:" + _COMPANION + r"|(?<=,\s)(?P<bare>" + _COMPANION_ADJ + _COMPANION_NOUN + r")\b|(?<=\band\s)"
                                r"(?P<bare2>" + _COMPANION_ADJ + _COMPANION_NOUN + r")\b)", re.I)
_ANON_COMPANION = _COMPANION.replace("?P<cnum>", "").replace("?P<cnum2>", "")
# After the first, an item may go without "his/her" ("with his two brothers, sister, and her family").
_COMPANION_LIST = (_ANON_COMPANION + r"(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+)(?:" + _ANON_COMPANION
                   + r"|" + _COMPANION_ADJ + _COMPANION_NOUN + r"\b))*")
COMPANIONS = re.compile(r"\bwith\s+" + _COMPANION_LIST, re.I)
# Companions the traveller took along: "he took his pregnant wife and son to safety in Poland".
TOOK_COMPANIONS = re.compile(r"\b(?:took|brought|drove|carried|led|evacuated|sent)\s+" + _COMPANION_LIST, re.I)
COMPANION_MARK = -2  # companions to count (:func:`_companions`)
VAGUE = -3  # companions whose number is not said: no head count
WITH_OTHERS = -4  # "with 30 others": the traveller and the others
# What comes right before a population figure, not a head count: "a city of (more than) 250,000 people".
POPULATION = re.compile(r"\b(?:city|town|village|country|nation|island|region|district|province|population|home)"
                        r"\s+of\s+(?:more than\s+|about\s+|around\s+|some\s+|nearly\s+|almost\s+|over\s+)?$", re.I)

# One traveller named by a noun ("a woman"), and kin that come in pairs ("father and son").
_ONE_PERSON = r"(?:man|woman|mother|father|husband|wife|widow|grandmother|grandfather|boy|girl|teenager|student)"
_KIN = r"(?:father|mother|husband|wife|brother|sister|son|daughter)"

# A number standing for people as the subject of a movement: "while 341 took refuge in Belarus".
_MOVED = (r"(?:(?:have|had|has|were|are)\s+(?:\w+\s+)?)?(?:fled|left|crossed|arrived|entered|reached|returned|"
          r"took\s+(?:refuge|shelter)|sought\s+(?:refuge|shelter|asylum)|landed|disembarked|passed\s+through)\b")
_NOT_A_YEAR = r"(?!(?:19|20)\d\d\b)"

# (name, pattern, fixed value or None to read the number) — first match wins.
PEOPLE_RULES: tuple[tuple[str, re.Pattern, int | None], ...] = (
    ("vague", re.compile(r"\b(?:hundreds|thousands|millions|dozens|tens)\s+of\b|\b(?:many|several|some|few)\s+" + PERSON_NOUNS
                         + r"|\b(?:several|a\s+few|few|many|some)\s+(?:hundred|thousand|million)\b", re.I), None),
    ("with_companions", COMPANIONS, COMPANION_MARK),
    ("took_companions", TOOK_COMPANIONS, COMPANION_MARK),
    # "Maria and her two sons left Barquisimeto": a named traveller and the companions named beside her.
    ("and_companions", re.compile(r"\b(?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]{2,})\s+and\s+(?=(?:his|her|their)\s)" + _COMPANION_LIST, re.I),
     COMPANION_MARK),
    # "A woman and her five children", "the father and his two sons": one traveller named by a noun, and companions.
    ("one_and_companions", re.compile(r"\b(?:a|an|the|one)\s+(?:[\w-]+\s+)?" + _ONE_PERSON + r"\s+and\s+(?=(?:his|her|their)\s)"
                                      + _COMPANION_LIST, re.I), COMPANION_MARK),
    # "Father and son took a train", "mother and daughter": two kin named together.
    ("kin_pair", re.compile(r"\b" + _KIN + r"\s+and\s+(?:(?:his|her)\s+)?" + _KIN + r"\b", re.I), 2),
    # "crossed with 30 others": the traveller and the others.
    ("with_others", re.compile(r"\bwith\s+(?:about\s+|some\s+|around\s+|nearly\s+)?" + _NUMBER + r"\s+(?:other|others|more)\b"
                               r"(?!\s+(?:days?|weeks?|months?|years?|hours?))", re.I), WITH_OTHERS),
    # "A family of 16 from Herat", "a group of 40 reached Lampedusa" (not "a group of 20 boats").
    ("family_of", re.compile(r"\b(?:family|group)\s+of\s+(?:about\s+|some\s+|around\s+|nearly\s+|at\s+least\s+)?"
                             + _NUMBER + _SCALE + r"\b(?!\s+(?:boats?|buses|cars|vehicles|trucks|vessels|ships|countries|nations|"
                             r"days?|weeks?|months?|years?|hours?)\b)", re.I), -1),
    # A range counts its lower bound: "3,000-5,000 Rohingya entered", "between 3,000 and 5,000 people",
    # "3,000 to 5,000 people" (not "rose from 3,000 to 5,000": that is the new figure).
    ("range", re.compile(r"\b" + _NUMBER + r"\s*[-–]\s*\d[\d,]*" + _SCALE + _FILLER + r"\s+" + PERSON_NOUNS + r"\b", re.I), -1),
    ("range_words", re.compile(r"(?<!\bfrom\s)(?:\bbetween\s+)?\b" + _NUMBER + _SCALE + r"\s+(?:and|to)\s+\d[\d,.]*"
                               r"(?:\s+(?:thousand|million))?" + _FILLER + r"\s+" + PERSON_NOUNS + r"\b", re.I), -1),
    # "half a million people".
    ("half_a_million", re.compile(r"\bhalf\s+a\s+million\s+" + _FILLER.replace("{0,2}?", "{0,1}?") + PERSON_NOUNS + r"\b", re.I), 500_000),
    ("counted", re.compile(r"\b" + _NUMBER + _SCALE + _FILLER + r"\s+" + PERSON_NOUNS + r"\b", re.I), -1),
    # "received 32,000 of them": a count of the people the text is about.
    ("of_them", re.compile(r"\b" + _NOT_A_YEAR + _NUMBER + _SCALE + r"\s+of\s+(?:them|these|those)\b", re.I), -1),
    # Not "one" ("the second one reached Marsalforn": a pronoun for a boat).
    ("subject_count", re.compile(r"\b" + _NOT_A_YEAR + r"(?!one\b)" + _NUMBER + _SCALE + r"\s+" + _MOVED, re.I), -1),
    ("both", re.compile(r"\b(?:both|the two|the pair|the couple)\b", re.I), 2),
    ("single", re.compile(r"\b(?:one|a|an)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|person|photographer|entrepreneur|student|programmer|engineer|reservist|technician|teacher|doctor|activist)\b", re.I), 1),
    # "A 24-year-old fled": one person, named by age.
    ("aged_one", re.compile(r"\b(?:a|an)\s+\d{1,2}-year-old\b", re.I), 1),
)


# Words a rule's match must contain: rules whose words the sentence lacks are not tried (speed).
PEOPLE_HINTS: dict[str, tuple[str, ...]] = {
    "with_others": ("with",), "half_a_million": ("half a million",), "aged_one": ("year-old",),
    "of_them": (" of th",), "range": ("-", "–"), "family_of": ("family of", "group of"),
    "kin_pair": ("father", "mother", "husband", "wife", "brother", "sister", "son", "daughter"),
    "one_and_companions": (" and his ", " and her ", " and their "),
}
# Rules whose match needs more than a word (speed): two numbers joined by "and" / "to"; "with N other(s)".
PEOPLE_PRECHECKS: dict[str, re.Pattern] = {
    "range_words": re.compile(r"\s(?:and|to)\s+\d"),
    "with_others": re.compile(r"\bwith\s+(?:\w+\s+)?\S+\s+(?:other|others|more)\b", re.I),
}


def _number_value(num: str, scale: str | None) -> int | None:
    key = num.lower()
    if key in NUMBER_WORDS:
        value = float(NUMBER_WORDS[key])
    else:
        try:
            value = float(re.sub(r"[,\s]", "", num))
        except ValueError:
            return None
    if scale:
        value *= SCALES[scale.lower()]
    return int(value)


def _companions(sentence: str, m: re.Match) -> int | None:
    """Traveller(s) before "with" plus each companion; None when a plural has no number."""
    total = 0
    for c in _COMPANION_ITEM_RE.finditer(m.group(0)):
        word = (c.group("cnum2") or c.group("cnum") or "a").lower()
        noun = c.group(0).split()[-1].lower()
        if word in NUMBER_WORDS or word.isdigit():
            total += _number_value(word, None) or 0
        elif noun.endswith(("s", "children", "family", "families")) and noun != "parents":
            # "with her children", "with his family": how many is not said; a figure before "with" stands.
            return count_people(sentence[:m.start()]) or VAGUE
        else:
            total += 2 if noun == "parents" else 1
    before = count_people(sentence[:m.start()])
    return total + (before or 1)


# Cheap test before the rules that read a number: a digit or a number word.
_NUMBER_HINT = re.compile(r"\d|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)


@functools.lru_cache(maxsize=4096)
def count_people(sentence: str) -> int | None:
    """Number of people the sentence says moved, or None when vague or absent.

    Pure, and asked several times of one sentence, hence cached.

    >>> count_people("Nearly 100,000 Russian citizens crossed")
    100000
    >>> count_people("She left with her husband and three children.")
    5
    """
    numbers = _NUMBER_HINT.search(sentence) is not None
    lower = sentence.lower()
    for name, pattern, value in PEOPLE_RULES:
        if value in (-1, WITH_OTHERS) and not numbers:
            continue
        hints = PEOPLE_HINTS.get(name)
        if hints and not any(h in lower for h in hints):
            continue
        precheck = PEOPLE_PRECHECKS.get(name)
        if precheck is not None and not precheck.search(sentence):
            continue
        if value == -1:
            for m in pattern.finditer(sentence):
                # "one-way", "1951 convention": numbers in compounds are not head counts;
                # "a city of 250,000 people" is a population.
                if (name != "range" and sentence[m.end("num"):m.end("num") + 1] == "-") or POPULATION.search(sentence[:m.start()]):
                    continue
                return _number_value(m.group("num"), m.group("scale"))
            continue
        m = pattern.search(sentence)
        if not m:
            continue
        if value is None:
            return None
        if value == COMPANION_MARK:
            found = _companions(sentence, m)
            return None if found == VAGUE else found
        if value == WITH_OTHERS:
            return (_number_value(m.group("num"), None) or 0) + (count_people(sentence[:m.start()]) or 1)
        return value
    return None


# "accepted 116,348 and 79,315 refugees, respectively": one count per listed place, in order.
_ANY_NUMBER = _NUMBER.replace("?P<num>", "?:")
_RESPECTIVE = re.compile(
    r"(?P<nums>" + _ANY_NUMBER + r"(?:\s*,\s*" + _ANY_NUMBER + r")*,?\s+and\s+" + _ANY_NUMBER + r")"
    r"\b[^.;]*?\brespectively\b", re.I)


def respective_counts(sentence: str) -> list[int]:
    """The head counts a sentence gives one per listed place ("N and M people, respectively"), else []."""
    m = _RESPECTIVE.search(sentence)
    if not m:
        return []
    values = [_number_value(n, None) for n in re.findall(_NUMBER, m.group("nums"), re.I)]
    return values if values and None not in values else []


# --- status -----------------------------------------------------------------
DIED_ON_THE_WAY = re.compile(
    r"\b(?:died|drowned|perished|were\s+killed|was\s+killed|lost\s+(?:their|his|her)\s+li(?:ves|fe))\s+"
    r"(?:while\s+|when\s+)?(?:trying|attempting|seeking|en\s+route|on\s+the\s+way|on\s+(?:their|his|her)\s+way)\b", re.I)
STATUS_CUES: tuple[Cue, ...] = (
    _cue("rejecting", r"\b(?:start\w*|began|begun|are|were|is)\s+(?:rejecting|refusing|turning (?:back|away)|barring|banning)\b", "blocked"),
    _cue("restriction", r"\b(?:restrict\w*|ban\w*|barr?ed|clos(?:ed|ing|es)|shut)\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?(?:entry|borders?|access)\b", "blocked"),
    _cue("denied_entry", r"\b(?:denied|refused)\s+entry\b", "blocked"),
    # Stopped on the way: turned back, pushed back, intercepted, stranded (a deportation home is a completed journey).
    # ("who had been stranded in Hungary boarded buses …": stranded before, on the move now.)
    # The people may stand between the verb and "back": "pushed 50 migrants back", "turned the boat away".
    _cue("turned_back", r"\b(?:(?:turned|pushed|forced)\s+(?:[\w’'-]+\s+){0,4}?(?:back|away)|were stopped|was stopped|intercepted|"
                        r"(?<!had been )(?<!who were )stranded)\b", "blocked"),
    # "500 Syrians are stuck at the Turkish border, unable to cross".
    _cue("stuck", r"\b(?:(?<!had been )(?<!who were )stuck\s+(?:at|on|in|near)\b|unable\s+to\s+(?:cross|enter|leave|continue|get\s+(?:in|across|out)))",
         "blocked", hints=("stuck", "unable")),
    # "had stopped more than 300 attempts to cross": the crossings failed.
    _cue("attempts_stopped", r"\b(?:stopped|prevented|thwarted|foiled|blocked|repelled)\s+(?:[\w,]+\s+){0,4}?(?:attempts?|crossings?)\b",
         "blocked"),
    # "French police stopped 60 migrants trying to cross": an attempt that was stopped.
    _cue("stopped_trying", r"\b(?:stopped|prevented|halted|caught|intercepted|blocked)\s+(?:\S+\s+){0,4}?(?:(?:trying|attempting|seeking)\s+to|"
                           r"from\s+(?:crossing|entering|leaving|reaching|boarding))\b",
         "blocked", hints=("trying", "attempting", "seeking", "from")),
    _cue("tried", r"\b(?:tr(?:y|ies|ied|ying)\s+to|attempt(?:s|ed|ing)?\s+to)\b", "attempted"),
    # Still on the way, held up before the goal: "waiting in Tijuana for an appointment to enter the US",
    # "waiting at the border to cross" (the wait is the attempt; "waited … before crossing" is past).
    _cue("waiting_to", r"\b(?:wait(?:s|ing)?|queu(?:e|es|ing))\s+(?:[\w’'⟨⟩-]+\s+){0,8}?(?:to|for\s+(?:permission|a\s+chance|"
                       r"(?:their|his|her|the|a|an)\s+(?:turn|visas?|papers|appointment))\s+to)\s+"
                       r"(?:cross|enter|board|reach|continue|get\s+(?:in|across|into))\b",
         "attempted", hints=("wait", "queu")),
    # A journey the movers did not survive: "died trying to reach Britain", "drowned on the way to Italy".
    _cue("died_on_the_way", DIED_ON_THE_WAY.pattern, "attempted", hints=("died", "drowned", "perished", "killed", "lost")),
    # A boat that capsized or sank did not arrive.
    _cue("wrecked", r"\b(?:capsiz(?:ed|es|ing)|sank|sunk|sinking|shipwrecked|ran aground|went down|foundered)\b", "attempted",
         hints=("capsiz", "sank", "sunk", "sinking", "shipwreck", "aground", "went down", "founder")),
    _cue("next_destination", r"\bnext destination\b", "planned"),
    _cue("plans", r"\b(?:plans?|planning|intends?|intending|hopes?|hoping|wants?|aims?)\s+to\b|\bwill\s+(?:travel|go|move|fly|leave|head|relocate)\b|\bis going to\b", "planned"),
)
_STATUS_ORDER = ("blocked", "attempted", "planned")


@functools.lru_cache(maxsize=4096)
def detect_status(sentence: str) -> str:
    """Status of the movement: blocked > attempted > planned > completed (default)."""
    lower = sentence.lower()
    found = {cue.value for cue in STATUS_CUES
             if (not cue.hints or any(h in lower for h in cue.hints)) and cue.pattern.search(sentence)}
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return "completed"


# --- negation -----------------------------------------------------------------
# A whole sentence that reports a trip not taken.
SENTENCE_NEGATIONS: tuple[Cue, ...] = (
    _cue("rejected_idea", r"\b(?:rejected|dismissed|abandoned|dropped) the (?:idea|plan)\b", "negated"),
    _cue("decided_against", r"\bdecided (?:against|not to)\b|\bchanged (?:his|her|their|my|our) minds?\b", "negated"),
    _cue("gave_up", r"\bgave up (?:on )?(?:the |his |her |their )?(?:idea|plan|trip|journey)\b", "negated"),
)


def is_negated(sentence: str) -> bool:
    """True when the sentence reports a trip someone decided against."""
    return any(cue.pattern.search(sentence) for cue in SENTENCE_NEGATIONS)


# --- dates -----------------------------------------------------------------
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + MONTH_WORD + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
DATE_PATTERNS: tuple[re.Pattern, ...] = (
    re.compile(r"\b(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + r"\b", re.I),
)
# A date that dates a statement, not the movement ("the ministry said on 27 September"), or a
# statistic's "as of" date.
_REPORTING = re.compile(r"\b(?:said|says|stated|announced|reported|told|added|noted|wrote|published|speaking)\s+(?:\w+\s+){0,2}(?:on\s+)?(?:the\s+)?$"
                        r"|\bas\s+(?:of|at)\s+(?:the\s+)?$", re.I)


_YEAR_IN_TEXT = re.compile(r"\b20[0-4]\d\b")
_ANY_YEAR = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


@functools.lru_cache(maxsize=16)
def year_hint(text: str) -> int | None:
    """The year an undated article is about: the latest year of this century it names.

    Older years are history ("the 1951 Refugee Convention"), never the year of the news.
    """
    years = [int(y) for y in _YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None


# "Monday (February 22)", "on Saturday, 20 February": the weekday written just before a date.
_WEEKDAY_BEFORE = re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\W{0,4}"
                             r"(?:the\s+)?$", re.I)
WEEKDAY_YEARS = 6  # how far from the article's year a weekday may move an undated day and month


def _year_of_weekday(month: int, day: int, weekday: int, hint: int) -> int | None:
    """The year nearest ``hint`` in which ``day`` ``month`` falls on ``weekday`` (the later one on a tie)."""
    for distance in range(WEEKDAY_YEARS + 1):
        for year in (hint + distance, hint - distance):
            try:
                if dt.date(year, month, day).weekday() == weekday:
                    return year
            except ValueError:
                continue
    return None


# Every written day and month names a month: a sentence without one has none (a cheap pre-check).
_MONTH_NAMED = re.compile(r"\b" + MONTH_WORD, re.I)


@functools.lru_cache(maxsize=4096)
def _explicit_dates(sentence: str, pub: dt.date | None, year: int | None = None) -> tuple[tuple[int, dt.date], ...]:
    """Each day and month written out ("25 September", "Sept. 25, 2022") with where it starts.

    The year, when missing: from ``pub`` (or the year before, if the date
    would fall after publication); in an undated article, the year nearest
    ``year`` (its :func:`year_hint`) in which a weekday written beside the
    date falls on it ("Monday (February 22)"), else ``year`` itself.
    """
    found: list[tuple[int, dt.date]] = []
    if not _MONTH_NAMED.search(sentence):
        return ()
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(sentence):
            if _REPORTING.search(sentence[:m.start()]):
                continue
            month = MONTHS[m.group("month").lower()]
            day = int(m.group("day"))
            weekday = _WEEKDAY_BEFORE.search(sentence, max(0, m.start() - 16), m.start())
            if m.group("year"):
                found_year = int(m.group("year"))
            elif pub:
                found_year = pub.year
            elif year and weekday:
                found_year = _year_of_weekday(month, day, WEEKDAYS.index(weekday.group("wd").lower()), year) or year
            elif year:
                found_year = year
            else:
                continue
            try:
                date = dt.date(found_year, month, day)
            except ValueError:
                continue
            if pub and not m.group("year") and date > pub:
                try:
                    date = dt.date(found_year - 1, month, day)
                except ValueError:
                    continue
            found.append((m.start(), date))
    return tuple(found)


def _weekday(m: re.Match, pub: dt.date) -> dt.date:
    """The named weekday on or before publication; with "last", strictly before."""
    back = (pub.weekday() - WEEKDAYS.index(m.group("wd").lower())) % 7
    if m.group("last") and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def _month_alone(m: re.Match, pub: dt.date | None) -> dt.date | None:
    """The first of a month named without a day: its own year, else the publication's (or the one before)."""
    month = MONTHS[m.group("month").lower()]
    if m.group("year"):
        return dt.date(int(m.group("year")), month, 1)
    if pub is None:
        return None
    first = dt.date(pub.year, month, 1)
    return first if first <= pub else dt.date(pub.year - 1, month, 1)


def _last_week(m: re.Match, pub: dt.date) -> dt.date:
    return pub - dt.timedelta(days=pub.weekday() + 7)


_SMALL_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "eight": 8, "nine": 9, "ten": 10}


def _ago(m: re.Match, pub: dt.date) -> dt.date:
    """"Three days ago", "a week ago": that many days or weeks before publication."""
    n = m.group("n").lower()
    n = int(n) if n.isdigit() else _SMALL_NUMBERS[n]
    return pub - dt.timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))


def _last_month(m: re.Match, pub: dt.date) -> dt.date:
    """"Last month": its first day (as a month named alone)."""
    return (pub.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# Dates written relative to publication, resolved against it: (name, pattern, resolver, needs_published).
RELATIVE_DATES: tuple[tuple[str, re.Pattern, Callable, bool], ...] = (
    ("yesterday", re.compile(r"\b(?:yesterday|last\s+night)\b", re.I), lambda m, pub: pub - dt.timedelta(days=1), True),
    ("today", re.compile(r"\b(?:today|this (?:morning|afternoon|evening)|tonight)\b", re.I), lambda m, pub: pub, True),
    ("weekday", re.compile(r"\b(?:(?P<last>last)\s+|on\s+|(?:early|late)\s+(?:on\s+)?)?(?P<wd>" + "|".join(WEEKDAYS)
                           + r")\b(?!\s*\(?\s*(?:\d|" + MONTH_WORD + r"))", re.I), _weekday, True),
    ("last_week", re.compile(r"\blast week\b", re.I), _last_week, True),
    ("ago", re.compile(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
                       r"(?P<unit>days?|weeks?)\s+ago\b", re.I), _ago, True),
    ("last_month", re.compile(r"\blast month\b", re.I), _last_month, True),
    ("month_alone", re.compile(r"\b(?:in|since|during|early|late|mid-?|so far this month|until)\s+(?P<month>"
                               + "|".join(name for name in MONTHS if len(name) > 3) + r")\b(?!\s+\d{1,2}\b)"
                               + r"(?:\s+(?P<year>(?:19|20)\d{2}))?", re.I), _month_alone, False),
)


# Where one clause of a sentence ends and another begins, for a date's attachment.
CLAUSE_BREAK = re.compile(r"[,;:()\u2013\u2014]|\b(?:following|after|before|while|whereas|when|until|but)\b", re.I)


def _nearest(found: Sequence[tuple[int, dt.date]], near: int | None, sentence: str) -> dt.date | None:
    """The date in the clause of ``near`` (a character offset) and nearest it, else the first one written.

    A date belongs to its own clause: "landed at Augusta following their
    rescue on Friday" dates the landing by another clause's date only when
    its own clause has none (fewest clause breaks between, then nearest).
    """
    if not found:
        return None
    if near is None:
        return min(found)[1]

    def cost(f: tuple[int, dt.date]) -> tuple[int, int, int]:
        low, high = sorted((f[0], near))
        return len(CLAUSE_BREAK.findall(sentence, low, high)), high - low, f[0]
    return min(found, key=cost)[1]


@functools.lru_cache(maxsize=4096)
def find_event_date(sentence: str, published: str | None, year: int | None = None, near: int | None = None,
                    reference: dt.date | None = None) -> str | None:
    """ISO date of the movement, from the sentence and the published date.

    An explicit day and month first ("on 25 September"; without a year, the
    published year, or the year before if that would put it after
    publication). Else a date relative to publication ("on Sunday", "last
    week", "three days ago", "yesterday") or a month alone ("in October":
    its first day). A date that only dates a statement ("the ministry said
    on Wednesday") does not count; nothing resolvable gives None.

    Of several dates of one kind, the one in the clause of ``near`` (where
    the journey's destination is named), nearest it: "stopped early on
    Saturday, after heading to Malaysia on Friday" dates the trip to
    Malaysia on Friday (:func:`_nearest`).
    ``reference``: in an article without a published date, the latest date
    it gives itself; a weekday is resolved against it ("on Monday").
    """
    pub = None
    if published:
        try:
            pub = dt.date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    explicit = _nearest(_explicit_dates(sentence, pub, year), near, sentence)
    if explicit:
        return explicit.isoformat()
    found: list[tuple[int, dt.date]] = []
    for name, pattern, resolve, needs_pub in RELATIVE_DATES:
        anchor = pub or (reference if name == "weekday" else None)
        if needs_pub and anchor is None:
            continue
        for m in pattern.finditer(sentence):
            if _REPORTING.search(sentence[:m.start()]):
                continue
            date = resolve(m, anchor)
            if date is not None:
                found.append((m.start(), date))
    date = _nearest(found, near, sentence)
    return date.isoformat() if date else None


_DAY_RELATIVE = tuple(pattern for name, pattern, _, _ in RELATIVE_DATES if name not in ("month_alone", "last_month"))


# Every day-naming pattern needs a digit or one of these words: a cheap test first (speed).
_DAY_HINT = re.compile(r"\d|yesterday|today|tonight|night|morning|afternoon|evening|week|ago|day", re.I)


# All of them as one pattern (one pass over the sentence; group names dropped, they would clash).
_ANY_DAY = re.compile("|".join("(?:" + re.sub(r"\(\?P<\w+>", "(?:", p.pattern) + ")" for p in (*DATE_PATTERNS, *_DAY_RELATIVE)),
                      re.I)


@functools.lru_cache(maxsize=4096)
def names_a_day(sentence: str) -> bool:
    """Whether ``sentence`` dates something to the day ("on 25 September", "yesterday", "on Sunday")."""
    return _DAY_HINT.search(sentence) is not None and _ANY_DAY.search(sentence) is not None


@functools.lru_cache(maxsize=16)
def reference_date(text: str) -> dt.date | None:
    """The latest day and month an undated article gives (its year as :func:`_explicit_dates` finds it).

    The article's "now" when it has no published date: its weekdays are
    resolved against it ("on Monday (February 22) … rescued on Friday").
    """
    year = year_hint(text)
    dates = [date for _, date in _explicit_dates(text, None, year)] if year else []
    return max(dates, default=None)


def journey_date(told: str, sentence: str, published: str | None, text: str, near: int | None = None) -> str | None:
    """The event date of a journey told in ``told`` (the part of ``sentence`` that reports it).

    The rest of the sentence is read when ``told`` has no date ("Today, he leaves Ukraine …");
    an undated article lends its most named year to a day and month (:func:`year_hint`) and its
    latest date to a weekday (:func:`reference_date`). ``near``: where in ``told`` the journey's
    destination is named (the date nearest it wins).
    """
    year, reference = (None, None) if published else (year_hint(text), reference_date(text))
    return find_event_date(told, published, year, near, reference) or (
        find_event_date(sentence, published, year, None, reference) if told != sentence else None)


# "In 1948, hundreds of thousands fled …": an event dated years before the article is history.
HISTORY_YEAR = re.compile(r"(?:^|\b(?:[Ii]n|[Dd]uring|[Bb]ack\s+in)\s+)(?:[Ii]n\s+)?(?P<y>1[6-9]\d\d|20\d\d)\b(?!\s*(?:-|–|to)\s*\d)")
HISTORY_YEARS = 5


def is_history(sentence: str, published: str | None, year_now: int | None = None) -> bool:
    """A sentence set in a year at least :data:`HISTORY_YEARS` before the article ("In 1948, …", or a
    day dated "September 22, 2015" in a story of 2021: an old photo's caption).

    ``year_now``: the article's year when it has no published date (:func:`year_hint`).
    """
    if not _ANY_YEAR.search(sentence):
        return False
    now = int(published[:4]) if published and published[:4].isdigit() else year_now
    m = HISTORY_YEAR.search(sentence)
    if m is not None:
        year = int(m.group("y"))
        return year <= (now - HISTORY_YEARS) if now else year < 1990
    if now is None:
        return False
    if not _MONTH_NAMED.search(sentence):
        return False
    dated = (int(d.group("year")) for pattern in DATE_PATTERNS for d in pattern.finditer(sentence) if d.group("year"))
    return any(year <= now - HISTORY_YEARS for year in dated)
