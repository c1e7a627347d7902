"""Route extraction: sentences + resolved place mentions -> journeys.

The grammar is a set of tables (documented in ``docs/ROUTE_GRAMMAR.md``):

1. ``SKIP_RULES`` drop sentences that report no journey (captions, prices,
   protest rides, habits).
2. ``IGNORE_RULES`` mark mentions that only locate another place
   ("Grozny, the capital of Chechnya", "Russia's Saratov region").
3. ``ROLE_RULES`` give each remaining mention a role (origin, destination,
   via, crossing, ...) from the words around it (:mod:`.sentence`).
4. A small story tracker joins sentences about one traveller (role nouns,
   names, pronouns) into one route (:mod:`.stories`).
5. Routes without a stated origin start in the country the movers leave,
   inferred from the article (demonyms of the movers, "fled <country>").

Modules: :mod:`.vocabulary` (word lists), :mod:`.rules` (rule tables),
:mod:`.sentence` (one sentence), :mod:`.stories` (travellers across
sentences), :mod:`.drafts` (tidy and merge), :mod:`.attributes` (mode,
people, status, date). This module reads a whole article.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from pipeline.records import Article, Citation, Mention, Place, Route
from pipeline.routes import attributes as attr
from pipeline.routes.candidates import FEATURES as CANDIDATE_FEATURES
from pipeline.routes.candidates import WEIGHTS as CANDIDATE_WEIGHTS
from pipeline.routes.candidates import propose
from pipeline.routes.confidence import EVIDENCE, WEIGHTS
from pipeline.routes.confidence import features as evidence_features
from pipeline.routes.drafts import Draft, anchor, carry_news_time, citation, clean_stops, finish, merge_duplicates, named_at, split_return
from pipeline.routes.rules import ANAPHOR_HINT, ANAPHORS, SKIP_RULES
from pipeline.routes.sentence import Fragment, PlaceLookup, mask, parse_sentence, with_corridor
from pipeline.routes.stories import Story, find_story, merge_into_story, new_story, starts_again, story_drafts
from pipeline.routes.vocabulary import (AGGREGATE, ALTERNATIVE_GAP, ARRIVED_AGAIN, CAPITALISED, COMPARED, CORRIDORS,
                                       CORRIDOR_NAME, CORRIDOR_WORDS, DATELINE, DEMONYM_BORDER, DEMONYM_ENFORCER,
                                       DEMONYM_REPORTER, DEMONYM_STOPPER, FLED_CONFLICT_IN, LEAVE_COUNTRY,
                                       MACRO_DESTINATION, MEETING, MOVERS_FROM, MOVE_RE, NAMED_AFTER, OFF_COUNTRY,
                                       ONWARD, OWN_COASTGUARD, PARTITIVE, PASSED_THROUGH, PHOTO_CREDIT_END, PLAN_AFTER,
                                       QUOTATION, RETURN_CUE, SAME_JOURNEY, SAME_MOVERS, TRANSFER, WRECKED_BEFORE,
                                       names_people)
from pipeline.text.sentences import split_sentences

__all__ = ["CANDIDATE_FEATURES", "CANDIDATE_WEIGHTS", "EVIDENCE", "WEIGHTS", "PlaceLookup", "candidate_routes",
           "clean_stops", "evidence_features", "extract_routes", "read_article", "source_country", "split_sentences"]


def _demonym_votes(text: str, places: PlaceLookup) -> Counter[str]:
    """Countries of the people a text names by demonym ("Russians", "Afghan migrants"), 2 votes each."""
    votes: Counter[str] = Counter()
    for m in CAPITALISED.finditer(text):
        word = m.group(0)
        if names_people(word, text[m.end():], text[max(0, m.start() - 20):m.start()]):
            cc = places.demonym_country(word)
            if cc:
                votes[cc] += 2
    return votes


def movers_home(text: str, places: PlaceLookup) -> str | None:
    """ISO2 of the country the movers are from (by the demonyms that name them), or None."""
    votes = _demonym_votes(text, places)
    return votes.most_common(1)[0][0] if votes else None


def departure_votes(text: str, mentions: list[Mention]) -> Counter[str]:
    """Countries the text says journeys start from: "fled/left X", "departed ... from X" and
    "fleeing the war in X" count 3,
    "off (the coast of) X", "migrants / refugees from X" and each mention of a corridor (its near side) count 2."""
    votes: Counter[str] = Counter()
    masked = mask(text, [(m.start, m.end) for m in mentions])
    quotes = [(q.start(), q.end()) for q in QUOTATION.finditer(masked)]
    for pattern, weight in ((LEAVE_COUNTRY, 3), (FLED_CONFLICT_IN, 3), (OFF_COUNTRY, 2), (MOVERS_FROM, 2)):
        if pattern is MOVERS_FROM and "from ⟨" not in masked:
            continue
        for m in pattern.finditer(masked):
            if any(a <= m.start() < b for a, b in quotes):
                continue  # one witness's own journey ("“We crossed from Turkey …”") says nothing of the others
            if pattern is OFF_COUNTRY and WRECKED_BEFORE.search(masked, max(0, m.start() - 60), m.start()):
                continue
            place = mentions[int((m.group("p") or m.group("p2"))[1:-1])].place
            if place.kind == "country":
                votes[place.country_code] += weight
            elif place.country_code and place.kind != "border_crossing":
                votes[place.country_code] += weight - 1  # "the boat had left Banjul": Gambia, a little less surely
    # A corridor the story is about: its journeys start on its near side (the annotators' reading:
    # "Colombia for the Darién", "France for Channel crossings").
    for m in (CORRIDOR_NAME.finditer(text) if any(w in text for w in CORRIDOR_WORDS) else ()):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        votes[CORRIDORS[index][1]] += 2
    return votes


def source_country(text: str, mentions: list[Mention], places: PlaceLookup) -> str | None:
    """ISO2 of the country the article's movers leave, or None.

    Votes: a plural demonym ("Russians") or demonym + person noun ("Russian
    citizens") counts 2, plus the :func:`departure_votes`.
    """
    votes = _demonym_votes(text, places) + departure_votes(text, mentions)
    return votes.most_common(1)[0][0] if votes else None


def host_country(mentions: list[Mention], home_cc: str | None) -> Place | None:
    """The country the article names most often besides the movers' own (ties: the first named)."""
    counts = Counter(m.place.country_code for m in mentions if m.place.kind == "country" and m.place.country_code != home_cc)
    if not counts:
        return None
    best = max(counts.values())
    return next(m.place for m in mentions if m.place.kind == "country" and counts.get(m.place.country_code) == best)


def _home_country(sentence: str, places: PlaceLookup, article_home: str | None) -> Place | None:
    """The movers' own country: by the demonyms of the sentence, else of the article."""
    return places.country(movers_home(sentence, places) or article_home or "")


def _anaphor_fits(place: Place, wants: str, source_cc: str | None) -> bool:
    if wants == "crossing":
        return place.kind == "border_crossing"
    if place.country_code == source_cc:
        return False  # "there" is never the movers' home
    return wants == "place" or (place.kind == "country") == (wants == "country")


def _resolve_anaphors(sentence: str, start: int, prior: list[Mention], source_cc: str | None,
                      article_id: str, home: Callable[[], Place | None]) -> list[Mention]:
    """Synthetic mentions for "there", "the country", "the island", "home" pointing at the place meant.

    ``home`` gives the movers' own country, asked only when a sentence says "home".
    """
    extra: list[Mention] = []
    if not ANAPHOR_HINT.search(sentence):
        return extra
    for name, pattern, wants in ANAPHORS:
        for m in pattern.finditer(sentence):
            if NAMED_AFTER.match(sentence, m.end("a")):
                continue  # "the island of Lesbos", "the town Gevgelija": a description, not a pointer back
            s, e = start + m.start("a"), start + m.end("a")
            if wants == "home":
                target = home()
            else:
                # The latest fitting place named before it, in this sentence too ("Ecuador's ministry said
                # 4,000 had crossed into the country").
                target = next((p.place for p in reversed(prior) if p.end <= s and _anaphor_fits(p.place, wants, source_cc)),
                              None)
            if target is not None and not any(x.start < e and s < x.end for x in extra):
                extra.append(Mention(article_id, s, e, m.group("a"), target, 0.5))
    return extra


def scene_place(mentions: list[Mention]) -> Place | None:
    """The place below country level a story is set in: named at least three times, more than any other."""
    counts = Counter(m.place for m in mentions if m.place.kind != "country")
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _held_at(frag: Fragment, sentence: str, scene: Place | None) -> Fragment:
    """A transfer with no origin starts where the story is set: "80 migrants left for Porto Empedocle" in a
    story about Lampedusa's hotspot is Lampedusa -> Porto Empedocle (a move within the host country)."""
    if (scene is None or frag.origins or frag.person_origin or not frag.chains or not TRANSFER.search(sentence)
            or any(scene in c for c in frag.chains)
            or any(c[-1].country_code != scene.country_code or c[-1].kind == "country" for c in frag.chains)):
        return frag
    return replace(frag, origins=(scene,))


def _demonym_places(sentence: str, start: int, places: PlaceLookup, article_id: str) -> list[Mention]:
    """"the Norwegian border" names Norway; "Slovenian police said", "by Greek border guards" and
    "Bulgarian police stopped" name Slovenia, Greece and Bulgaria."""
    out = []
    enforcers = DEMONYM_ENFORCER.finditer(sentence) if " by " in sentence else ()
    for m in (*DEMONYM_BORDER.finditer(sentence), *DEMONYM_REPORTER.finditer(sentence), *enforcers,
              *DEMONYM_STOPPER.finditer(sentence)):
        cc = places.demonym_country(m.group("w"))
        place = places.country(cc) if cc else None
        if place is not None:
            out.append(Mention(article_id, start + m.start("w"), start + m.end("w"), m.group("w"), place, 0.6))
    return out


def _caption_lines(text: str) -> list[tuple[int, int]]:
    """Spans of photo captions: short unpunctuated lines that a credit line follows, lines ending in a credit."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if text[m.start():m.end()].strip()]
    out = [(s, e) for s, e in lines if PHOTO_CREDIT_END.search(text, s, e)]
    for (s, e), nxt in zip(lines, lines[1:]):
        line = text[s:e].strip()
        if line[-1:] not in ".!?\"”’" and SKIP_RULES[0].pattern.search(text[nxt[0]:nxt[1]]):
            out.append((s, e))
    return out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


@dataclass(frozen=True)
class Frame:
    """What route extraction and the candidates both read off a whole article, worked out once."""

    spans: list[tuple[int, int]]  # the sentences
    skipped: frozenset[tuple[int, int]]  # those that tell no journey: captions and history
    departures: Counter[str]  # countries the text says journeys start from (departure_votes)
    demonyms: Counter[str]  # countries of the movers the text names (2 votes per demonym)

    @property
    def source_cc(self) -> str | None:
        """The country the article's movers leave (as :func:`source_country` counts it)."""
        votes = self.demonyms + self.departures
        return votes.most_common(1)[0][0] if votes else None


def frame_of(article: Article, mentions: list[Mention], places: PlaceLookup) -> Frame:
    """The article's :class:`Frame`; ``mentions`` sorted by start."""
    text = article.text
    captions = _caption_lines(text)
    year_now = None if article.published else attr.year_hint(text)
    spans = split_sentences(text)
    skipped = frozenset((s, e) for s, e in spans
                        if _overlaps((s, e), captions) or attr.is_history(text[s:e], article.published, year_now))
    return Frame(spans, skipped, departure_votes(text, mentions), _demonym_votes(text, places))


def read_article(article: Article, mentions: list[Mention], places: PlaceLookup) -> tuple[list[Route], list[Route]]:
    """:func:`extract_routes` and :func:`candidate_routes` of one article, reading its frame once."""
    mentions = sorted(mentions, key=lambda m: m.start)
    frame = frame_of(article, mentions, places)
    routes = _extract(article, mentions, places, frame)
    return routes, _candidates(article, mentions, places, routes, frame)


def candidate_routes(article: Article, mentions: list[Mention], places: PlaceLookup, routes: list[Route],
                     min_score: float | None = None) -> list[Route]:
    """Journeys the grammar did not read, proposed for review (:mod:`.candidates`), beside its ``routes``.

    Captions and sentences about history propose nothing; the movers' country
    (:func:`source_country`) is the origin a sentence may leave implied; ``min_score`` as :func:`.candidates.propose`.
    """
    mentions = sorted(mentions, key=lambda m: m.start)
    return _candidates(article, mentions, places, routes, frame_of(article, mentions, places), min_score)


def _candidates(article: Article, mentions: list[Mention], places: PlaceLookup, routes: list[Route], frame: Frame,
                min_score: float | None = None) -> list[Route]:
    home_cc = frame.source_cc
    return propose(article, mentions, routes, places.country(home_cc) if home_cc else None, frame.skipped,
                   spans=frame.spans, min_score=min_score)


def extract_routes(article: Article, mentions: list[Mention], places: PlaceLookup) -> list[Route]:
    """Journeys reported in ``article``, each citing the sentence that states it.

    Parameters
    ----------
    article : the cleaned article; offsets index ``article.text``.
    mentions : resolved place mentions, sorted by start.
    places : gazetteer lookups for countries and demonyms.
    """
    mentions = sorted(mentions, key=lambda m: m.start)
    return _extract(article, mentions, places, frame_of(article, mentions, places))


def _extract(article: Article, mentions: list[Mention], places: PlaceLookup, frame: Frame) -> list[Route]:
    text = article.text
    # Where journeys start when they end in the movers' own country (returns, deportations).
    departures, demonyms = frame.departures, frame.demonyms
    source_cc = frame.source_cc
    implied_source = places.country(source_cc) if source_cc else None
    departure = places.country(departures.most_common(1)[0][0]) if departures else None
    home_cc = demonyms.most_common(1)[0][0] if demonyms else None
    # Journeys back into the movers' own country start where they were: where the text says
    # they left, else, in a sentence telling of a return, the country the article names most
    # besides theirs ("deported to Afghanistan", in a story about Pakistan's expulsions).
    host = host_country(mentions, home_cc or source_cc)
    scene = scene_place(mentions)
    drafts: list[Draft] = []
    stories: list[Story] = []
    prior: list[Mention] = []
    j = 0
    headline_dest: Place | None = None
    para_dest: Place | None = None
    # Discourse defaults, set by the first journey that states them: where the
    # article's journeys go, and where they start when the movers' country is unknown.
    article_dest: Place | None = None
    stated_origin: Place | None = None
    last_end = 0
    last_stop: tuple[int, Place] | None = None  # (sentence, place) where the latest journey told ended
    last_route: tuple[int, Draft] | None = None  # (sentence, draft) of the latest journey told
    day_told: list[tuple[int, str]] = []  # (offset, sentence) of the sentences that name a day
    for i, (s, e) in enumerate(frame.spans):
        if "\n" in text[last_end:s]:
            para_dest = None
        last_end = e
        while j < len(mentions) and mentions[j].start < s:
            j += 1
        inside = [m for m in mentions[j:] if m.start >= s and m.end <= e and m.start < e]
        sentence = text[s:e]
        home = functools.partial(_home_country, sentence, places, home_cc)
        # Places named earlier in the sentence may be pointed back at, not one it compares with ("Like Georgia, …").
        before = [m for m in inside if not COMPARED.search(text, max(s, m.start - 20), m.start)]
        extra = _resolve_anaphors(sentence, s, prior + before, source_cc, article.article_id, home)
        extra += [d for d in _demonym_places(sentence, s, places, article.article_id)
                  if not any(d.start < m.end and m.start < d.end for m in inside)]
        sent_mentions = sorted(inside + extra, key=lambda m: m.start)
        prior.extend(inside)
        if (s, e) in frame.skipped:  # a caption, or history
            continue
        if attr.names_a_day(sentence):
            day_told.append((s, sentence))
        spans = [(m.start - s, m.end - s) for m in sent_mentions]
        frag = with_corridor(parse_sentence(sentence, spans, [m.place for m in sent_mentions], source_cc, places,
                                            has_arrivals=bool(drafts)), sentence, places)
        frag = _held_at(_passed_through(frag, sentence), sentence, scene) if frag is not None else None
        cit = citation(article, s, e)
        # A wire dateline ("ADRE, Chad (AP) — Fatima Ahmed walked …") is not the sentence's subject.
        dateline = DATELINE.match(sentence) if i == 0 else None
        lead = dateline.end() if dateline else 0
        told_spans = [(a - lead, b - lead) for a, b in spans if a >= lead]
        story, ref = find_story(sentence[lead:], stories, i, places)
        intro = None
        if story is None:
            intro, ref = new_story(sentence[lead:], i, told_spans, places,
                                   [m.place for m, (a, _) in zip(sent_mentions, spans) if a >= lead])
        ref += lead if ref >= 0 else 0
        if frag is None:
            if story is not None:
                story.last_seen = i
            elif intro is not None:
                stories.append(intro)
            if not sent_mentions and last_route is not None and i - last_route[0] <= 2 and (
                    SAME_JOURNEY.search(sentence) or (ARRIVED_AGAIN.search(sentence) and attr.count_people(sentence))):
                drafts.append(_same_journey(last_route[1], sentence, cit, article))
            continue
        target = story or intro
        first_move = MOVE_RE.search(sentence)
        aggregate = bool(target and first_move and AGGREGATE.search(sentence[ref:first_move.start()] if first_move.start() > ref else ""))
        if (target is not None and not aggregate and not (frag.fan_out and len(frag.chains) > 1)
                and len(set(frag.origins)) < 2 and not starts_again(target, frag)):
            if intro is not None:
                stories.append(intro)
            target.last_seen = i
            merge_into_story(target, frag, cit, sentence, article, bool(MEETING.search(sentence)))
            continue
        if story is not None:
            story.last_seen = i
        returning = bool(RETURN_CUE.search(sentence))
        if frag.origins and returning and all(c[-1].kind == "border_crossing" or c[-1] in frag.crossings for c in frag.chains):
            # "sent back from Guatemala", "deported … through the Islam Qala crossing": a return whose
            # destination is not named goes home.
            back = home()
            if back is not None and all(o.country_code != back.country_code for o in frag.origins):
                frag = replace(frag, chains=tuple(c + (back,) for c in frag.chains) or ((back,),))
        if (last_stop is not None and i - last_stop[0] <= 1 and not (frag.origins or frag.person_origin)
                and frag.chains and all(last_stop[1] not in c for c in frag.chains)
                and (ONWARD.search(sentence) or SAME_MOVERS.match(sentence))):
            # "Refugees crossed from Greece into Macedonia. From the border, they then took trains
            # to Serbia.", "Hundreds landed in Lampedusa. They were later moved to Agrigento.":
            # the group goes on from where the last sentence left it.
            frag = replace(frag, origins=(last_stop[1],))
        new = [d for part in _split_plan(_with_topic(frag, para_dest or headline_dest or article_dest, sentence), sentence)
               for d in _sentence_drafts(part, sentence, cit, article, places, implied_source or stated_origin, departure,
                                         departure or (host if returning else None))]
        if new:
            last_route = (i, new[-1])
        dests = {d.stops[-1] for d in new}
        if len(dests) == 1 and all(d.status == "completed" for d in new):
            last_stop = (i, next(iter(dests)))
        elif not new and frag.status == "completed":
            # A sentence that tells no whole journey can still say where the movers are:
            # "Hundreds landed in Lampedusa" (no origin), "The family left Caracas" (no destination).
            seen = {c[-1] for c in frag.chains} if frag.chains else set(frag.origins) if frag.left_origin else set()
            if len(seen) == 1:
                last_stop = (i, seen.pop())
        if dests:
            para_dest = dests.pop() if len(dests) == 1 else None
            headline_dest = para_dest if i == 0 else headline_dest
            article_dest = article_dest or para_dest
        if stated_origin is None and frag.origins and new:
            stated_origin = places.country(new[0].stops[0].country_code)
        drafts.extend(new)
    for story in stories:
        drafts.extend(story_drafts(story, implied_source))
    drafts = merge_duplicates(drafts)
    if any(d.event_date is None and d.status != "planned" for d in drafts):
        # News time: every movement dated to the day, also one that names no destination.
        cited = {d.citation.start for d in drafts if d.event_date}  # their day is known already
        days = [(s, day) for s, sentence in day_told if s not in cited and MOVE_RE.search(sentence)
                and (day := attr.journey_date(sentence, sentence, article.published, text))]
        drafts = carry_news_time(drafts, days)
    return finish(article, drafts)


def _same_journey(told: Draft, sentence: str, cit: Citation, article: Article) -> Draft:
    """"On Saturday, 701 people made the crossing", "The day before, 225 had arrived": the route just told,
    with this sentence's figure and day."""
    status = "attempted" if re.search(r"\b(?:attempt\w*|tried|risk\w*)\b", sentence, re.I) else told.status
    people = attr.count_people(sentence)
    date = attr.journey_date(sentence, sentence, article.published, article.text)
    evidence = set(told.evidence) - {"head_count"} | ({"head_count"} if people else set())
    return Draft(told.stops, cit, told.mode, people, status, date, told.confidence, evidence=frozenset(evidence))


def _passed_through(frag: Fragment, sentence: str) -> Fragment:
    """A town the movers only passed through, with no destination named, is where they crossed.

    "38,100 migrants passed through Chaman" in a story of returns to Afghanistan: Chaman is the
    crossing point, so the journey goes on into the story's destination (:func:`_with_topic`).
    """
    if len(frag.chains) != 1 or len(frag.chains[0]) != 1:
        return frag
    place = frag.chains[0][0]
    at = named_at(sentence, place)
    if place.kind == "country" or place in frag.crossings or at < 0 or not PASSED_THROUGH.search(sentence, 0, at):
        return frag
    return replace(frag, crossings=frag.crossings | {place})


def _with_topic(frag: Fragment, topic: Place | None, sentence: str = "") -> Fragment:
    """Complete a sentence from the destination its paragraph (or headline) is about.

    "…as families fled Lviv and Kyiv" or "people from Kherson" (origins, no
    destination) go to the topic; a route that ends at a border crossing continues into the topic
    country ("At the Medyka crossing, …" in a story about crossing into Poland).
    """
    if topic is None or topic in frag.origins:
        return frag
    if not frag.chains and frag.origins and MACRO_DESTINATION.search(sentence):
        return frag  # "tried to cross from Belarus to Europe": the destination is said, only it is no place
    if not frag.chains and frag.origins and all(o.country_code != topic.country_code for o in frag.origins):
        return replace(frag, chains=((topic,),), from_context=True)
    ends_at_crossing = all(c and (c[-1].kind == "border_crossing" or c[-1] in frag.crossings) for c in frag.chains)
    if frag.chains and ends_at_crossing and topic.kind == "country" and all(topic not in c for c in frag.chains):
        return replace(frag, chains=tuple(c + (topic,) for c in frag.chains), from_context=True)
    return frag


def _split_plan(frag: Fragment, sentence: str) -> list[Fragment]:
    """A journey made, then a plan: "flew to Minsk …, hoping to reach Germany" is two routes.

    The stops named before the plan are reached (completed); the plan goes on from the last of them.
    """
    plan = PLAN_AFTER.search(sentence)
    if frag.status != "planned" or plan is None or not MOVE_RE.search(sentence, 0, plan.start()):
        return [frag]
    done, onward = [], []
    for chain in frag.chains:
        at = [named_at(sentence, p) for p in chain]
        cut = next((k for k, a in enumerate(at) if a > plan.start()), len(chain))
        if 0 < cut < len(chain):
            done.append(chain[:cut])
            onward.append(chain[cut - 1:])
        else:
            onward.append(chain)
    if not done:
        return [frag]
    status = attr.detect_status(sentence[:plan.start()])
    return [replace(frag, chains=tuple(done), status=status),
            *[replace(frag, origins=(c[0],), person_origin=None, chains=(c[1:],), status="planned") for c in onward if len(c) > 1]]


def _clause_count(text: str, place: Place, default: int | None) -> int | None:
    """The head count of the clause (between "while", "or", ";" …) that names ``place``, else ``default``."""
    at = anchor(text, place)
    cuts = [0, *(m.start() for m in ALTERNATIVE_GAP.finditer(text)), len(text)]
    for lo, hi in zip(cuts, cuts[1:]):
        if lo <= at < hi:
            found = attr.count_people(text[lo:hi])
            return found if found is not None else default
    return default


def _back_home(stops: tuple[Place, ...]) -> bool:
    """A route that goes abroad and ends where it started: an implied origin that cannot be right."""
    return (len(stops) > 2 and stops[-1].country_code == stops[0].country_code
            and stops[-1].kind != "border_crossing" and any(p.country_code != stops[0].country_code for p in stops))


def _sentence_drafts(frag: Fragment, sentence: str, cit: Citation, article: Article,
                     places: PlaceLookup, implied_source: Place | None,
                     departure: Place | None = None, return_from: Place | None = None) -> list[Draft]:
    """The routes one sentence reports, each with the evidence behind it.

    ``departure`` is where the article says journeys start; ``return_from`` where journeys
    back into the movers' own country start (given only when the sentence tells of a return).
    """
    movers = places.country(frag.mover_cc) if frag.mover_cc else None
    if frag.origins:
        origins, how = list(dict.fromkeys(frag.origins)), "origin_stated"
    elif frag.person_origin:
        origins, how = [frag.person_origin], "origin_person"
    elif movers or implied_source:
        origins, how = [movers or implied_source], "origin_movers" if movers else "origin_article"
    elif any(len(c) > 1 for c in frag.chains):
        # Nothing says where the movers come from, but the sentence names stops one after another
        # ("paid smugglers in Agadez to drive them to Sabha"): the journey starts at the first.
        starts = {c[0] for c in frag.chains if len(c) > 1}
        frag = replace(frag, chains=tuple(c[1:] for c in frag.chains if len(c) > 1))
        origins, how = ([starts.pop()] if len(starts) == 1 else []), "origin_stated"
    else:
        origins, how = [], ""
    status = frag.status
    own_guards = OWN_COASTGUARD.search(sentence) if status == "blocked" else None
    landed_cc = places.demonym_country(own_guards.group("w")) if own_guards else None
    told = sentence[frag.settled:]
    people = attr.count_people(told)
    # "Hungary and Moldova took in 116,348 and 79,315 refugees, respectively": one count per chain.
    respective = attr.respective_counts(told)
    if len(respective) == len(frag.chains):
        per_chain = respective
    elif 0 < len(respective) < len(frag.chains):
        # "Poland took in 900,000, while Hungary and Moldova received 140,000 and 80,000, respectively":
        # the respective figures belong to the last places listed.
        first = len(frag.chains) - len(respective)
        per_chain = [_clause_count(sentence, c[-1], people) for c in frag.chains[:first]] + respective
    elif len(frag.chains) > 1:
        # "Chad received 100,000 refugees, while 30,000 fled to South Sudan": each its own figure.
        per_chain = [_clause_count(sentence, c[-1], people) for c in frag.chains]
    else:
        per_chain = [people]
    # "677,000 left Ukraine, with many of them ending up in Poland": Poland got part of the figure, how much is not said.
    per_chain = [None if count is not None and named_at(told, c[-1]) >= 0 and PARTITIVE.search(told, 0, named_at(told, c[-1]))
                 else count for c, count in zip(frag.chains, per_chain)]
    # Each destination's own date: the date written nearest where it is named.
    dates = {chain[-1]: attr.journey_date(told, sentence, article.published, article.text,
                                          near=named_at(told, chain[-1]) if named_at(told, chain[-1]) >= 0 else None)
             for chain in frag.chains}
    implied_only = not (frag.origins or frag.person_origin)
    shared = {flag for flag, on in (("fan_out", frag.fan_out), ("dest_context", frag.from_context),
                                    ("corridor", frag.corridor)) if on}
    routes: list[tuple[tuple[Place, ...], tuple[Place, ...], int | None, str, str]] = []
    for origin in origins:
        for chain, count in zip(frag.chains, per_chain):
            stops, found = clean_stops([origin, *chain], frag.crossings), how
            if (how in ("origin_movers", "origin_article") and departure is not None and departure != origin
                    and all(p.country_code != departure.country_code or p in frag.crossings for p in chain)):
                # Arrivals in a story that says where boats and convoys leave from start there,
                # whatever the movers' nationality ("60 Afghans reached Dover" after "crossed from France").
                stops, found = clean_stops([departure, *chain], frag.crossings), "origin_departure"
            into_home = origin.kind == "country" and chain[-1].country_code == origin.country_code
            if implied_only and return_from is not None and return_from != origin and (
                    len(stops) < 2 or _back_home(stops) or into_home):
                # Into the movers' own country ("deported to Afghanistan via Torkham"): from where they were.
                stops, found = clean_stops([return_from, *chain], frag.crossings), "origin_departure"
            if len(stops) < 2 or (implied_only and _back_home(stops)):
                continue
            mode = attr.detect_mode(told, anchor(told, chain[-1]))
            routes.append((stops, chain, count, mode, found))
    # One figure, several places ("7,000 reached the islands, most of them from Senegal and Mauritania"):
    # the figure is the group's, and the text does not say how it splits between the routes.
    sharing = Counter(count for _, _, count, _, _ in routes if count is not None)
    out = []
    for stops, chain, count, mode, found in routes:
        count = None if sharing.get(count, 0) > 1 else count
        for part in split_return(stops):
            evidence = shared | {found} | ({"head_count"} if count else set()) | ({"via"} if len(part) > 2 else set())
            # Intercepted by the destination's own coastguard and landed there: a journey made.
            landed = landed_cc is not None and part[-1].country_code == landed_cc
            out.append(Draft(part, cit, mode, count, "completed" if landed else status, dates[chain[-1]], frag.confidence,
                             evidence=frozenset(evidence)))
    return out
