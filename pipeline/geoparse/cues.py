"""Mentions found around the gazetteer's matches: demonyms before a border, unknown names after a cue."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.gazetteer import name_key
from pipeline.geoparse.matching import MAX_NAME_TOKENS, GazetteerLike, Match
from pipeline.geoparse.rules import BORDER_NOUNS
from pipeline.geoparse.tokens import Token, is_sentence_initial, joinable
from pipeline.records import Mention

STRONG_LOCATIVES = frozenset({"in", "from", "to", "into", "near", "via"})


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
