"""Mentions found around the gazetteer's matches: demonyms before a border, capitals named by their country,
unknown names after a cue."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pipeline.gazetteer import name_key
from pipeline.geoparse.matching import MAX_NAME_TOKENS, GazetteerLike, Match
from pipeline.geoparse.rules import BORDER_NOUNS, BORDER_STAFF
from pipeline.geoparse.tokens import Token, is_sentence_initial, joinable
from pipeline.records import Mention

STRONG_LOCATIVES = frozenset({"in", "from", "to", "into", "near", "via"})


def demonym_border_mentions(article_id: str, text: str, tokens: Sequence[Token],
                            gaz: GazetteerLike, taken: Iterable[Mention]) -> list[Mention]:
    """"the Norwegian border" names Norway: a demonym before a border noun ("Norwegian border guards" does not)."""
    taken_starts = {m.start for m in taken}
    out = []
    for i, tok in enumerate(tokens[:-1]):
        if not tok.capitalised or tok.start in taken_starts:
            continue
        nxt = tokens[i + 1]
        staff = i + 2 < len(tokens) and tokens[i + 2].lower in BORDER_STAFF and text[nxt.end:tokens[i + 2].start] == " "
        if nxt.lower in BORDER_NOUNS and text[tok.end:nxt.start] == " " and not staff:
            cc = gaz.demonym_country(tok.text)
            place = gaz.country(cc) if cc else None
            if place:
                out.append(Mention(article_id, tok.start, tok.end, tok.text, place, 0.8))
    return out


# "Russia's capital", "the capital of Georgia", "the Georgian capital": a country's capital named by the country.
CAPITAL_AFTER_COUNTRY = re.compile(r"['’]s\s+capital(?:\s+city)?\b")
CAPITAL_BEFORE_COUNTRY = re.compile(r"\b(?P<capital>capital(?:\s+city)?\s+of\s+)(?:the\s+)?$", re.I)
CAPITAL_AFTER_DEMONYM = re.compile(r"\s+capital(?:\s+city)?\b")
# The capital's own name is beside it ("Russia's capital, Moscow", "the Georgian capital Tbilisi",
# "Bishkek, the capital of Kyrgyzstan"): that name is the mention, the country stays the country.
NAMED_NEXT = re.compile(r"^(?:,\s*|\s+)$")
NAMED_BEFORE = re.compile(r"^,\s*(?:the\s+)?$", re.I)


def capital_mentions(article_id: str, text: str, tokens: Sequence[Token], gaz: GazetteerLike,
                     mentions: Sequence[Mention]) -> list[Mention]:
    """``mentions`` with each country's capital named through the country made a mention of the capital.

    "from Russia's capital" and "to the capital of Georgia" name Moscow and
    Tbilisi: the country's mention becomes the capital's, over the whole
    phrase. "the Georgian capital" (a demonym) does too. When the capital's
    own name follows ("Russia's capital, Moscow"), that name is the mention.
    """
    if "capital" not in text and "Capital" not in text:
        return list(mentions)
    starts = sorted(m.start for m in mentions)
    ends = sorted(m.end for m in mentions)

    def named_right_after(end: int) -> bool:
        return any(s >= end and NAMED_NEXT.match(text[end:s]) for s in starts if s - end < 4)

    def named_right_before(start: int) -> bool:
        return any(e <= start and NAMED_BEFORE.match(text[e:start]) for e in ends if start - e < 8)

    out: list[Mention] = []
    for m in mentions:
        if m.place.kind != "country":
            out.append(m)
            continue
        after = CAPITAL_AFTER_COUNTRY.match(text, m.end)
        before = CAPITAL_BEFORE_COUNTRY.search(text, max(0, m.start - 40), m.start)
        capital = gaz.capital(m.place.country_code) if after or before else None
        if capital is not None and after and not named_right_after(after.end()) and not named_right_before(m.start):
            out.append(Mention(article_id, m.start, after.end(), text[m.start:after.end()], capital, m.confidence))
        elif capital is not None and before and not after and not named_right_before(before.start()):
            start = before.start("capital")
            out.append(Mention(article_id, start, m.end, text[start:m.end], capital, m.confidence))
        else:
            out.append(m)
    taken = [(m.start, m.end) for m in out]
    for tok in tokens:
        if not tok.capitalised or any(a <= tok.start < b for a, b in taken):
            continue
        follows = CAPITAL_AFTER_DEMONYM.match(text, tok.end)
        if not follows or not text[max(0, tok.start - 4):tok.start].lower().endswith("the ") \
                or named_right_after(follows.end()) or named_right_before(tok.start - 4):
            continue
        cc = gaz.demonym_country(tok.text)
        capital = gaz.capital(cc) if cc else None
        if capital is not None:
            out.append(Mention(article_id, tok.start, follows.end(), text[tok.start:follows.end()], capital, 0.8))
    return sorted(out, key=lambda m: m.start)


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
            while j + 1 < len(tokens) and tokens[j + 1].capitalised and joinable(text, tokens[j], tokens[j + 1]) \
                    and j + 1 not in covered and j + 1 - i < MAX_NAME_TOKENS:
                j += 1
            surface = text[tok.start:tokens[j].end]
            if not gaz.nonplace(name_key(surface)) and not gaz.demonym_country(surface) and not surface.isupper():
                out.append((tok.start, tokens[j].end, surface))
            i = j + 1
        else:
            i += 1
    return out
