"""Name keys: how a place name is normalised for lookup, and which aliases are usable."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

ACRONYM_PREFIX = "="

# Words after a name that make it a first-level region ("Kostanay region").
REGION_WORDS = frozenset({
    "region", "oblast", "province", "krai", "kray", "republic", "governorate",
    "prefecture", "state", "territory", "okrug", "voivodeship", "county",
    "district", "canton", "department", "autonomous", "parish", "borough",
})
# Abbreviations folded in name keys so "St. Petersburg" = "Saint Petersburg".
_TOKEN_FOLDS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = re.compile(r"[’'`ʼʻ‘]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A region's type words, stripped to get its base name ("Saratov Oblast" -> "saratov").
_REGION_TYPE_WORDS = REGION_WORDS | {
    "oblysy", "oblys", "oblasti", "oblast'", "respublika", "kraj", "viloyati", "viloyat",
    "of", "the", "city", "municipality", "autonomous", "skaya", "ayon", "rayon",
}
_DOTTED = re.compile(r"^(?:[A-Z]\.\s?){2,4}$")


@lru_cache(maxsize=1 << 16)  # pure; asked for every capitalised run and demonym of every article
def name_key(name: str) -> str:
    """Normalise a place name for lookup: ASCII, lower case, no punctuation.

    >>> name_key("St. Petersburg") == name_key("Saint-Petersburg")
    True
    """
    s = _APOSTROPHES.sub("", unidecode(name).lower())
    tokens = _NON_ALNUM.sub(" ", s).split()
    return " ".join(_TOKEN_FOLDS.get(t, t) for t in tokens)


def acronym_key(name: str) -> str | None:
    """The key of an acronym written in capitals, with or without dots ("U.S.", "U. S.", "UAE")."""
    name = name.strip()
    if _DOTTED.match(name + ("" if name.endswith(".") else ".")):
        return ACRONYM_PREFIX + re.sub(r"[.\s]", "", name).lower()
    if name.isupper() and 2 <= len(name) <= 5 and name.isalpha():
        return ACRONYM_PREFIX + name.lower()
    return None


def is_latin(name: str) -> bool:
    """True when every letter of ``name`` is in the Latin script."""
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def usable_alias(alias: str) -> bool:
    """Keep alternate names a news text could use: Latin, capitalised, not codes."""
    alias = alias.strip()
    if len(alias) < 3 or not is_latin(alias) or not alias[0].isupper():
        return False
    if alias.replace(".", "").replace(" ", "").isupper() and len(alias) <= 6:  # codes: "URA", "U. S."
        return False
    return not any(ch.isdigit() for ch in alias)


def region_base_keys(name: str) -> set[str]:
    """Base names of a region: its name without type words ("Qostanay oblysy" -> "qostanay")."""
    keys = set()
    for part in re.split(r"\s*[–—/(),]\s*", name):
        tokens = [t for t in name_key(part).split() if t not in _REGION_TYPE_WORDS]
        if tokens:
            keys.add(" ".join(tokens))
        # Russian adjectival forms: "Kostanayskaya" -> "kostanay"
        if len(tokens) == 1:
            m = re.match(r"(.+?)(?:skaya|skiy|sky|skij|skaja|ckaya)$", tokens[0])
            if m and len(m.group(1)) >= 3:
                keys.add(m.group(1))
    return keys


_LOCAL_TYPE_WORDS = re.compile(r"oblysy|oblast['’]|respublika|viloyati|\bkraj\b|okrugi|\bestado\b|provincia|région|distrito|departamento", re.I)
_ENGLISH_TYPE = re.compile(r"\b(Oblast|Region|Province|Republic|Krai|Territory|State|Governorate|County|District)$")


def english_region_name(name: str, aliases: list[str]) -> str:
    """A display name in English for a region: its ISO name unless it is in a local form."""
    def plain(s: str) -> bool:
        return all(ch.isascii() or ch in "–—’" for ch in s)

    def local(s: str) -> bool:
        return bool(_LOCAL_TYPE_WORDS.search(s)) or s.endswith(" oblast")

    if plain(name) and not local(name):
        return name
    english = [a for a in aliases if plain(a) and not local(a) and a[:1].isupper()]
    typed = [a for a in english if _ENGLISH_TYPE.search(a) and not a.startswith("Republic of")]
    return (typed or english or [name])[0]
