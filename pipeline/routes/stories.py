"""Story tracking: one traveller followed across sentences becomes one route.

References, strongest first: a definite role noun ("the photographer"), a name
the story introduced, a pronoun subject. A plan made after arriving is an
onward journey from where the traveller is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.records import Article, Citation, Place
from pipeline.routes import attributes as attr
from pipeline.routes.drafts import Draft, anchor, clean_stops, contains, named_at
from pipeline.routes.sentence import Fragment, PlaceLookup
from pipeline.routes.vocabulary import (GROUP_NOUNS, HOME_INTRO, MOVE_RE, NAME_AFTER_ROLE, NAMED_FAMILY, NAMED_INTRO, NAMED_SUBJECT, NARRATOR, NOT_NAMES, PRONOUN_REF,
                                       STOPWORDS, STORY_DEFINITE, STORY_INTRO)


@dataclass
class Story:
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


def find_story(sentence: str, stories: list[Story], i: int, places: PlaceLookup) -> tuple[Story | None, int]:
    """The story this sentence continues and where the reference is (-1 if none).

    References, strongest first: a definite role noun ("the photographer",
    "the young Russian"), a name the story introduced, a pronoun subject.
    """
    if not stories:
        return None, -1
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
            # A family or a group is "they": it continues a story of several travellers.
            plural = head.lower().endswith(("men", "s", "pair", "couple", "family", "group", "household", "trio"))
            if plural == recent.plural:
                recent.keys |= keys
                return recent, m.start()
    for story in reversed(stories):
        for name in story.names:
            hit = re.search(rf"\b{re.escape(name)}\b", sentence) if name in sentence else None
            if hit:
                return story, hit.start()
    if not any(i - s.last_seen <= 3 for s in stories):
        return None, -1  # the references below reach back three sentences at most
    if NARRATOR.search(sentence):
        speaker = next((s for s in reversed(stories) if "narrator" in s.keys and i - s.last_seen <= 3), None)
        # Testimony right after a traveller is introduced is theirs ("… two friends fled. “We just wanted out.”").
        speaker = speaker or (stories[-1] if stories and i - stories[-1].last_seen <= 2 else None)
        if speaker is not None:
            return speaker, 0
    recent = [s for s in reversed(stories) if i - s.last_seen <= 2]
    pron = PRONOUN_REF.search(sentence) if recent else None
    if pron:
        # "they" is the latest group followed, "he"/"she" the latest single traveller.
        plural = bool(re.search(r"\b(?:they|them|their)\b", pron.group(0), re.I))
        story = next((s for s in recent if s.plural == plural), recent[0] if recent else None)
        if story is not None:
            return story, pron.start()
    return None, -1


def _quoted(sentence: str, at: int) -> bool:
    """Whether offset ``at`` is inside a quotation (an opening quote mark before it is not yet closed)."""
    before = sentence[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def named_story(sentence: str, i: int, spans: list[tuple[int, int]]) -> Story | None:
    """A story opened by a named person with an age or a role ("Maria Gonzalez, 34, left ...")."""
    m = NAMED_INTRO.match(sentence)
    if not m or m.group("name").lower() in NOT_NAMES or any(s < m.end("name") and m.start() < e for s, e in spans):
        return None
    names = {n for n in (m.group("name"), m.group("name2")) if n}
    keys = ({w.lower() for w in (m.group("mods") or "").split()} | ({m.group("role").lower()} if m.group("role") else set())) - STOPWORDS
    return Story(keys=keys, names=names, plural=False, last_seen=i, people=attr.count_people(sentence))


def subject_story(sentence: str, i: int, spans: list[tuple[int, int]], places: PlaceLookup | None) -> Story | None:
    """A story opened by a named person moving: "Maria left Maracaibo in March." (not "Russians left")."""
    m = NAMED_SUBJECT.match(sentence)
    if not m or any(s < m.end() and m.start() < e for s, e in spans):
        return None
    move = MOVE_RE.match(sentence, m.end())
    words = [w for w in (m.group("name"), m.group("name2")) if w]
    if move is None or any(w.lower() in NOT_NAMES or w.lower() in STOPWORDS or w.lower() in GROUP_NOUNS
                           or w.endswith("s") for w in words):
        return None  # "Migrants cross …", "Police turned …": groups, not a named traveller
    if places is not None and any(places.demonym_country(w) for w in words):
        return None
    return Story(keys=set(), names=set(words), plural=" and " in m.group(0), last_seen=i,
                 people=attr.count_people(sentence))


def home_story(sentence: str, i: int, spans: list[tuple[int, int]], found: list[Place]) -> Story | None:
    """A story opened by a person and their home: "Sergei, 32 years old, is from Mykolayiv." The home is
    where the journeys told of them next ("He took his wife to Poland") start."""
    m = HOME_INTRO.match(sentence)
    if not m or not found:
        return None
    words = [w for w in (m.group("name"), m.group("name2")) if w]
    if any(w.lower() in NOT_NAMES or w.lower() in STOPWORDS or w.lower() in GROUP_NOUNS for w in words):
        return None
    home = next((p for (s, _), p in zip(spans, found) if m.end() <= s <= m.end() + 20), None)
    if home is None or any(s < m.end("name") and m.start() < e for s, e in spans):
        return None
    return Story(keys=set(), names=set(words), plural=False, last_seen=i, origin=home)


def family_story(sentence: str, i: int) -> tuple[Story | None, int]:
    """A story opened by a family named by its surname: "the Torres family left Lima"."""
    m = NAMED_FAMILY.search(sentence)
    if not m or m.group("name").lower() in NOT_NAMES:
        return None, -1
    role = m.group("role").lower()
    # A family is "they".
    return Story(keys={role}, names={m.group("name")}, plural=True, last_seen=i), m.start()


def new_story(sentence: str, i: int, spans: list[tuple[int, int]] = (),
              places: PlaceLookup | None = None, found: list[Place] = ()) -> tuple[Story | None, int]:
    """The traveller a sentence introduces (``found``: the places of ``spans``), and where it is named."""
    named = (named_story(sentence, i, list(spans)) or subject_story(sentence, i, list(spans), places)
             or home_story(sentence, i, list(spans), list(found)))
    if named is not None:
        return named, 0
    family, at = family_story(sentence, i)
    if family is not None:
        return family, at
    m = STORY_INTRO.search(sentence)
    if m and any(w.replace(",", "").isdigit() or w.lower() in ("hundred", "thousand", "million", "billion", "dozen")
                 for w in m.group("mods").split()):
        m = None  # "another 200 people": a count of a group, not one traveller
    if m and _quoted(sentence, m.start()):
        m = None  # someone a witness speaks of ("“A man gave us food,” she said") is not the traveller followed
    if not m:
        narrator = NARRATOR.search(sentence)
        if narrator and spans and MOVE_RE.search(sentence):
            plural = (narrator.group("who") or narrator.group("who2")) == "We"
            return Story(keys={"narrator"}, names=set(), plural=plural, last_seen=i,
                         people=None if plural else 1), 0
        return None, -1
    role = m.group("role").lower()
    plural = bool(m.group("n")) or role.endswith(("men", "s"))
    keys = ({w.lower() for w in m.group("mods").split()} | {role}) - STOPWORDS
    names: set[str] = set()
    after = NAME_AFTER_ROLE.search(sentence[m.end():])
    if after:
        # Not a place ("45 people from Guinea, Ivory Coast and Mali": Ivory is no name).
        names |= {n for g in ("name", "name2") if (n := after.group(g))
                  and not any(a < m.end() + after.end(g) and m.end() + after.start(g) < b for a, b in spans)}
    people = attr.count_people(sentence)
    story = Story(keys=keys, names=names, plural=plural, last_seen=i, people=people)
    return story, m.start()


def starts_again(story: Story, frag: Fragment) -> bool:
    """Whether the sentence tells a new journey of a traveller already abroad: it leaves from their home
    country again ("… before returning to Ukraine. Today, he leaves Ukraine through Moldova")."""
    home = story.origin.country_code if story.origin else None
    return bool(home and frag.origins and all(o.country_code == home for o in frag.origins)
                and any(p.country_code != home for p in story.stops))


def merge_into_story(story: Story, frag: Fragment, cit: Citation, sentence: str, article: Article,
                      meeting: bool) -> None:
    origin = frag.origins[0] if frag.origins else (frag.person_origin or frag.speaker_home)
    chain = frag.chains[0] if frag.chains else ()
    if origin is not None and (story.origin is None or contains(story.origin, origin)):
        story.origin = origin
    elif (frag.origins and chain and story.origin is not None and not contains(origin, story.origin)
          and origin not in story.stops):
        # "…an engineer from Aleppo. “We crossed from Turkey to Lesbos”": Turkey is a stop on the way.
        chain = (origin, *chain)
    if frag.frame is not None and (meeting or chain == (frag.frame,)):
        story.seen_at = story.seen_at or frag.frame
        if chain == (frag.frame,):
            chain = ()
    elif frag.scene is not None and chain and frag.scene not in chain and not meeting:
        # "In Cali, they slept at a bus station before catching a lorry to Pasto": the
        # traveller was in Cali on the way.
        chain = (frag.scene, *chain)
    elif frag.scene is not None and not chain:
        # "… she said from a flat in Giza": where the traveller is now.
        story.seen_at = frag.scene
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
        story.mode = attr.detect_mode(told, anchor(told, chain[-1]))
        story.status = frag.status
        where = named_at(told, chain[-1])
        story.event_date = attr.journey_date(told, sentence, article.published, article.text,
                                             near=where if where >= 0 else None)
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


def current_place(stops: list[Place], status: str) -> Place | None:
    """Where the traveller is now: the last stop, or after a failed attempt the last stop short of it."""
    if not stops:
        return None
    if status in ("attempted", "blocked"):
        target = stops[-1].country_code
        return next((p for p in reversed(stops) if p.country_code != target), None)
    return stops[-1]


def story_drafts(story: Story, implied: Place | None) -> list[Draft]:
    stops = list(story.stops) or ([story.seen_at] if story.seen_at else [])
    drafts: list[Draft] = []
    origin = story.origin or implied
    main = story.main or (story.citations[0] if story.citations else None)
    if stops and origin is not None and main is not None:
        route = clean_stops([origin] + stops, frozenset(story.crossings))
        if len(route) > 1:
            extra = tuple(c for c in story.citations if c != main)
            evidence = {"story", "origin_stated" if story.origin else "origin_article"}
            evidence |= {"head_count"} if story.people else set()
            evidence |= {"via"} if len(route) > 2 else set()
            drafts.append(Draft(route, main, story.mode, story.people, story.status, story.event_date,
                                story.confidence, extra, frozenset(evidence)))
    here = current_place(stops, story.status) or story.seen_at
    for chain, cit in story.next_stops:
        if here is not None:
            route = clean_stops([here, *chain], frozenset(story.crossings))
            if len(route) > 1:
                drafts.append(Draft(route, cit, "unknown", story.people, "planned", None, 0.6,
                                    evidence=frozenset({"story", "planned_onward"})))
    return drafts
