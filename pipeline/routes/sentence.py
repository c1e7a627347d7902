"""One sentence in, one :class:`Fragment` out: which places it names in which roles.

A sentence is rewritten with each mention replaced by a token ``⟨k⟩`` so the
rule tables read like the phrases they match; the rules then give each place
a role (origin, destination, via, crossing ...), and the roles become stop
chains.
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, replace
from typing import Protocol

from pipeline.records import Place
from pipeline.routes import attributes as attr
from pipeline.routes.rules import IGNORE_RULES, ROLE_RULES, SKIP_RULES, WEAK_DEST
from pipeline.routes.vocabulary import (ALTERNATIVE_GAP, ARRIVAL_FROM, ASIDE, ENTERED, CAPITALISED, CONTRAST, HARD_BOUNDARY, MEETING, MOVE_RE,
                                       MOVER_NOUNS, NAMED_CROSSING, NEGATION_WINDOW, PLAN_CUE, SEQUENCE, SPLIT_ITEMS,
                                       TOKEN_RE, VIA_LEADS_ON, corridor_sides, names_people)


class PlaceLookup(Protocol):
    """What route extraction needs from the gazetteer."""

    def country(self, iso2: str) -> Place | None:
        """The Place of a country by ISO 3166-1 alpha-2 code."""

    def demonym_country(self, word: str) -> str | None:
        """ISO2 for a demonym or adjective ("Russians", "Kazakh"), else None."""

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may refer to (a corridor by its name: "English Channel")."""


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
    from_context: bool = False  # a destination added from the paragraph or article
    corridor: bool = False  # ends supplied by a named corridor ("crossed the Channel")
    scene: Place | None = None  # "In X, …" whoever is there: a stop on the way of a traveller followed
    speaker_home: Place | None = None  # "said Ahmed, an engineer from Aleppo": where a speaker is from


def mask(sentence: str, spans: list[tuple[int, int]], keep: set[int] | None = None) -> str:
    """Replace each mention span (relative offsets) by ``⟨k⟩``; others in ``keep``'s complement stay text."""
    out, last = [], 0
    for k, (s, e) in enumerate(spans):
        out.append(sentence[last:s])
        out.append(f"⟨{k}⟩" if keep is None or k in keep else sentence[s:e])
        last = e
    out.append(sentence[last:])
    return "".join(out)


def ignored_mentions(masked: str, places: list[Place]) -> dict[int, str]:
    """Indices of mentions that only locate or modify another place, each with the rule that says so."""
    ignored: dict[int, str] = {}
    for rule in IGNORE_RULES:
        for m in rule.pattern.finditer(masked):
            if rule.check is None:  # every place in the group ("on the Colombian side of the border with Venezuela")
                for t in TOKEN_RE.finditer(m.group("p")):
                    ignored.setdefault(int(t.group(1)), rule.name)
                continue
            k = int(TOKEN_RE.search(m.group("p")).group(1))
            a = int(TOKEN_RE.search(m.group("a")).group(1))
            if rule.check(places[a], places[k]):
                ignored.setdefault(k, rule.name)
    return ignored


def _clause_window(masked: str, start: int, end: int, words: int) -> str:
    """Text around [start, end) within hard clause boundaries, ``words`` words each side."""
    masked = ASIDE.sub(lambda m: " " * len(m.group(0)), masked)  # asides do not end a clause
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
    for piece in SPLIT_ITEMS.split(group_text):
        tokens = list(TOKEN_RE.finditer(piece))
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
    low = masked.lower()
    # The literal hints are a necessary condition of the trigger: a plain substring test first.
    active = [r for r in ROLE_RULES if r.trigger is None
              or ((r.hints is None or any(h in low for h in r.hints)) and r.trigger.search(masked))]
    for gid, (rule, m) in enumerate((r, m) for r in active for m in r.pattern.finditer(masked)):
        role = rule.role
        if rule.gated:
            window = _clause_window(masked, m.start(), m.end("p"), rule.window)
            if not MOVE_RE.search(window):
                if rule.fallback is None:
                    continue
                role = rule.fallback
        sequence = bool(SEQUENCE.search(m.group("p")))
        for n, (k, pos) in enumerate(_items(m.group("p"), m.start("p"))):
            if rule.kinds and kinds is not None and kinds[k] not in rule.kinds:
                continue
            if k not in slots:
                # One group per item of a "then" list: stops in sequence; else the items are alternatives.
                slots[k] = Slot(k, role, gid * 1000 + n if sequence else gid * 1000, pos, rule.name, rule.confidence)
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
        if not names_people(word, sentence[m.end():], sentence[max(0, m.start() - 20):m.start()]):
            continue
        cc = places.demonym_country(word)
        if cc:
            mover_cc = mover_cc or cc
            if cc == source_cc:
                mover_cc = cc
                break
    present = bool(MOVER_NOUNS.search(sentence)) or (mover_cc is not None and (source_cc is None or mover_cc == source_cc))
    return mover_cc, present


LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+)?", re.I)
OR_BETWEEN = re.compile(r"\s*,?\s*or\s+(?:via\s+|through\s+)?", re.I)


def _alternatives(dest_groups: list[list[tuple[int, Place]]], inserts: list[tuple[int, Place, str]],
                  masked: str) -> list[tuple[list[list[tuple[int, Place]]], list[tuple[int, Place, str]]]]:
    """Split a sentence's destinations into journeys told as alternatives or contrasts.

    "headed north to Egypt … or south to South Sudan" and "some go on to Peru, while others
    head for the Darién Gap and the United States" are two journeys each, not one chain. Each
    part keeps the via and crossing stops that stand in its stretch of the sentence.
    """
    ordered = sorted(dest_groups, key=lambda g: g[0][0])
    cuts: list[int] = []
    parts: list[list[list[tuple[int, Place]]]] = [[]]
    for prev, group in zip([None, *ordered], ordered):
        if prev is not None:
            end = masked.index("⟩", prev[-1][0]) + 1
            gap = ALTERNATIVE_GAP.search(masked, end, group[0][0])
            if gap is not None:
                cuts.append(gap.start())
                parts.append([])
        parts[-1].append(group)
    if len(parts) == 1:
        return [(dest_groups, inserts)]
    bounds = [-1, *cuts, len(masked) + 1]
    return [(part, [x for x in inserts if bounds[k] <= x[0] < bounds[k + 1]]) for k, part in enumerate(parts)]


def _crossing_alternatives(inserts: list[tuple[int, Place, str]], masked: str) -> list[list[tuple[int, Place, str]]]:
    """One insert list per crossing of a list of crossings: "through the Torkham and Chaman crossings" are
    two ways across, not one after the other (a list of countries or towns stays an itinerary)."""
    ordered = sorted(inserts, key=lambda x: x[0])
    run: list[tuple[int, Place, str]] = []
    for item in ordered:
        if item[1].kind != "border_crossing":
            if len(run) > 1:
                break
            run = []
            continue
        if run and not LIST_GAP.fullmatch(masked[masked.index("⟩", run[-1][0]) + 1:item[0]]):
            if len(run) > 1:
                break
            run = []
        run.append(item)
    if len(run) < 2:
        return [inserts]
    others = {x[0] for x in run}
    return [[x for x in inserts if x[0] not in others or x[0] == keep[0]] for keep in run]


THEN_BETWEEN = re.compile(r"\b(?:before|then|afterwards|after\s+that|from\s+there)\b", re.I)


def _chains(dest_groups: list[list[tuple[int, Place]]], inserts: list[tuple[int, Place, str]],
            masked: str) -> list[list[Place]]:
    """Place via/crossing stops, in text order, before the destination group they lead to.

    A via list followed by its destination ("through A and B to C") leads to
    that destination; a via after a destination ("to C via A") joins it; a
    crossing goes before the next destination, else before the last one
    ("crossed into Poland at Medyka"); a via told after a destination with
    "before" or "then" between comes after it.
    """
    groups = [[p for _, p in g] for g in dest_groups]
    starts: list[float] = [g[0][0] for g in dest_groups]
    is_dest = [True] * len(groups)
    last: tuple[int, int] | None = None  # (position in groups, text end) of the previous via stop
    for pos, place, role in sorted(inserts, key=lambda x: x[0]):
        if last is not None and OR_BETWEEN.fullmatch(masked[last[1]:pos]):
            # "flying via Dubai or Turkey": one stop, two ways; alternatives share a group.
            groups[last[0]].append(place)
            last = (last[0], pos + 3)
            continue
        before = [i for i, s in enumerate(starts) if is_dest[i] and s < pos]
        after = [i for i, s in enumerate(starts) if is_dest[i] and s > pos]
        leads_on = bool(after) and bool(VIA_LEADS_ON.match(masked[pos:int(starts[after[0]])]))
        if role == "via" and before and not leads_on and THEN_BETWEEN.search(masked, int(starts[before[-1]]), pos):
            # "crossed to Lesbos before taking the route north through Macedonia": passed through afterwards.
            i = max(k for k, st in enumerate(starts) if st < pos) + 1
        elif role == "via" and before and not leads_on:
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
        last = (i, masked.index("⟩", pos) + 1)
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


# Any skip rule at all, in one pass: most sentences match none and are done with one search.
# One search for the rules without words to look for first; those with are tried only when a word is there.
_ANY_SKIP = re.compile("|".join(f"(?:{r.pattern.pattern})" for r in SKIP_RULES if not r.hints), re.I)
_HINTED_SKIPS = tuple(r for r in SKIP_RULES if r.hints)


@functools.lru_cache(maxsize=1024)
def reports_no_journey(sentence: str) -> bool:
    """A caption, price, habit, hypothetical or negated sentence (``SKIP_RULES``, negation)."""
    lower = sentence.lower()
    hinted = [r for r in _HINTED_SKIPS if any(h in lower for h in r.hints)]
    if (hinted or _ANY_SKIP.search(sentence)) and any(
            r.pattern.search(sentence) and not (r.unless and r.unless.search(sentence))
            for r in SKIP_RULES if not r.hints or r in hinted):
        return True
    return attr.is_negated(sentence)


def _through(corridor: Place | None, chain: tuple[Place, ...], end: Place) -> tuple[Place, ...]:
    """``chain`` with the corridor before its first stop on the far side (unless the chain names it)."""
    if corridor is None or corridor in chain:
        return chain
    at = next((k for k, p in enumerate(chain) if p.country_code == end.country_code), len(chain))
    return chain[:at] + (corridor,) + chain[at:]


def with_corridor(frag: Fragment | None, sentence: str, places: PlaceLookup) -> Fragment | None:
    """Complete a sentence that says people crossed a named corridor ("crossed the Channel").

    The corridor gives the side journeys leave from when the sentence names no origin, and the
    side they reach when it names no destination beyond the corridor itself.
    """
    sides = corridor_sides(sentence)
    if sides is None:
        return frag
    start, end = places.country(sides[0]), places.country(sides[1])
    if start is None or end is None:
        return frag
    corridor = next((p for p in places.candidates(sides[2]) if p.kind == "border_crossing"), None) if sides[2] else None
    if frag is None:
        if reports_no_journey(sentence):
            return None
        return Fragment(origins=(start,), chains=(_through(corridor, (end,), end),), person_origin=None, next_stops=(),
                        frame=None, mover_cc=None, movers_present=True, confidence=0.75, fan_out=False,
                        status=attr.detect_status(sentence), corridor=True)
    chains = frag.chains or ((end,),)
    chains = tuple(c + (end,) if c[-1].kind == "border_crossing" or c[-1].country_code == start.country_code else c
                   for c in chains)
    chains = tuple(_through(corridor, c, end) for c in chains)
    origins = frag.origins
    if not origins and frag.person_origin is None and any(c[-1].country_code != start.country_code for c in chains):
        origins = (start,)
    if (origins, chains) == (frag.origins, frag.chains):
        return frag
    return replace(frag, origins=origins, chains=chains, corridor=True)


def parse_sentence(sentence: str, spans: list[tuple[int, int]], mplaces: list[Place],
                   source_cc: str | None, places: PlaceLookup, has_arrivals: bool) -> Fragment | None:
    """Read one sentence (mentions given as relative spans) into a Fragment, or None."""
    if not spans:
        return None  # no place, no journey: most sentences stop here
    if reports_no_journey(sentence):
        return None
    masked_all = mask(sentence, spans)
    ignored = ignored_mentions(masked_all, mplaces)
    # "…,” said Ahmed, an engineer from Aleppo": no stop of this sentence, but where the speaker is from.
    speaker = next((mplaces[k] for k, rule in sorted(ignored.items()) if rule == "speaker_origin"), None)
    keep = {k for k in range(len(spans)) if k not in ignored}
    masked = mask(sentence, spans, keep)
    slots = [s for s in assign_roles(masked, [p.kind for p in mplaces]) if s.index in keep]
    slots = [s for s in slots if not (s.role in ("dest", "origin", "via", "cross", "stop") and _negated(masked, s.pos))]
    slots, settled = _drop_superseded(masked, slots)
    first = next((sl.pos for sl in slots if sl.role in ("dest", "via", "cross", "stop") and sl.pos >= settled), None)
    if first is not None:
        settled = max([settled] + [m.end() for m in HARD_BOUNDARY.finditer(masked, 0, first)])
    mover_cc, present = _movers(sentence, source_cc, places)
    # "buses arriving from X": an arrival at the scene of the sentence; "453,982 people": a head count.
    present = present or bool(ARRIVAL_FROM.search(masked)) or attr.count_people(sentence) is not None
    status = attr.detect_status(masked[settled:])
    died = attr.DIED_ON_THE_WAY.search(masked) if status == "completed" else None
    if died is not None and died.start() < settled:
        status = "attempted"  # "Seven migrants drowned while trying to reach Egypt": "while" cut the clause the death is in

    def usable(s: Slot) -> bool:
        if s.role not in WEAK_DEST:
            return True
        if s.role == "example":
            return True
        if s.role == "subject":
            return status == "blocked"
        if s.role == "continuation":
            return has_arrivals
        if s.role == "found":  # people on the move found somewhere, when nothing else says where they went
            return present and not any(x.role == "dest" for x in slots)
        if s.role == "reporter":  # only where the sentence names no destination of its own
            return present and bool(ENTERED.search(masked)) and not any(x.role == "dest" for x in slots)
        if s.role == "frame":
            return present
        return present or bool(re.search(r"influx|arrivals|queu|lines of", sentence, re.I))

    scene = next((mplaces[s.index] for s in slots if s.role == "frame"), None)
    # "rescued 43 people off Lesbos and took them to Mytilene": where they were found is where they were taken from.
    taken_from = next((mplaces[s.index] for s in slots if s.role == "found"
                       and any(d.role == "dest" and d.pos > s.pos for d in slots)), None)
    slots = [s for s in slots if usable(s)]
    origins = [mplaces[s.index] for s in slots if s.role == "origin"] or ([taken_from] if taken_from else [])
    person_origin = next((mplaces[s.index] for s in slots if s.role == "person_origin"), None)
    next_stops = tuple(mplaces[s.index] for s in slots if s.role == "next")
    frame = next((mplaces[s.index] for s in slots if s.role == "frame"), None)
    if frame is None and MEETING.search(sentence):
        claimed = {s.index for s in slots}
        frame = next((mplaces[k] for k in sorted(keep) if k not in claimed), None)

    strong = [s for s in slots if s.role == "dest"]
    weak = [s for s in slots if s.role in WEAK_DEST and s.role != "frame"]
    inserts = [(s.pos, mplaces[s.index], s.role) for s in slots if s.role in ("via", "cross", "stop")]
    chains: list[tuple[Place, ...]] = []
    fan_out = False
    if strong or inserts:
        by_group: dict[int, list[tuple[int, Place]]] = {}
        for s in strong:
            by_group.setdefault(s.group, []).append((s.pos, mplaces[s.index]))
        variants = _crossing_alternatives(inserts, masked)
        fan_out = len(variants) > 1
        for variant in variants:
            segments = _alternatives(list(by_group.values()), variant, masked)
            fan_out = fan_out or len(segments) > 1
            for dest_groups, seg_inserts in segments:
                groups = _chains(dest_groups, seg_inserts, masked)
                fan_out = fan_out or any(len(g) > 1 for g in groups)
                for combo in itertools.islice(itertools.product(*groups), 24):
                    if tuple(combo) not in chains:
                        chains.append(tuple(combo))
    crossings = frozenset(mplaces[s.index] for s in slots if s.role == "cross"
                          or NAMED_CROSSING.match(masked, s.pos + len(f"⟨{s.index}⟩")))
    for s in weak:
        place = mplaces[s.index]
        if any(place in c for c in chains):
            continue
        if s.role in ("host", "reporter") and chains and all(
                c[-1] in crossings or c[-1].kind == "border_crossing" for c in chains):
            # "Ethiopia has received 20,000 arrivals from Sudan at the Metema crossing": through the crossing
            # into the country that took them in.
            chains = [c + (place,) for c in chains]
            continue
        chains.append((place,))
        fan_out = fan_out or len(weak) > 1 or bool(strong)
    if not chains and frame is not None and present:
        chains.append((frame,))
    confs = [s.confidence for s in slots if s.role not in ("person_origin",)]
    if not (chains or origins or person_origin or next_stops or frame or scene or speaker):
        return None
    return Fragment(
        origins=tuple(origins), chains=tuple(chains), person_origin=person_origin, next_stops=next_stops,
        frame=frame, mover_cc=mover_cc, movers_present=present,
        confidence=min(confs) if confs else 0.5, fan_out=fan_out, status=status,
        crossings=crossings,
        left_origin=any(s.rule == "left_place" for s in slots),
        settled=_unmasked_offset(sentence, spans, masked, settled),
        scene=scene,
        speaker_home=speaker,
    )
