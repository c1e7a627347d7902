"""Alt text for a map export: what a screen-reader user needs to know of the picture, from the data.

Pure: in, the legs shown (and the title and filter phrases); out, a few
plain sentences: how many journeys, legs and articles, by status; where
most journeys start and end; the largest flows in words (one flow per
origin, destination and status, as the map draws them:
:func:`pipeline.view.flows.pair_flows`); what the numbers of people mean;
and the time span. For example::

    Map: Journeys reported in the news. 9 journeys (10 legs, all completed)
    from 4 articles. They start in Russia (7 journeys), Grozny (1) and Moscow (1); ... Largest flows:
    Russia to Kazakhstan, 200,000 people; ... Dates: 21–27 Sep 2022 (4 legs undated).
"""
from __future__ import annotations

import math

import pandas as pd

from pipeline.export.words import date_span, join_words, plural
from pipeline.view.flows import leg_dates, pair_flows

MOST_PLACES = 3          # starts and ends named
MOST_FLOWS = 3           # largest flows named


def _ranked(names: pd.Series, most: int) -> str:
    """``"Russia (5 journeys), Moscow (2) and 3 other places"``: the commonest names with their counts."""
    counts = names.value_counts(sort=False)
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    parts = [f"{name} ({plural(n, 'journey') if k == 0 else f'{n:,}'})" for k, (name, n) in enumerate(order[:most])]
    if len(order) > most:
        parts.append(plural(len(order) - most, "other place"))
    return join_words(parts)


def _journey_ends(legs: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each journey's first start and last end (by leg order within its route)."""
    ordered = legs.sort_values(["route_id", "leg"], kind="stable")
    grouped = ordered.groupby("route_id", sort=False)
    return grouped["from_name"].first(), grouped["to_name"].last()


def _legs_by_status(legs: pd.DataFrame) -> str:
    """``"38 legs, all completed"`` or ``"38 legs: 32 completed, 5 blocked and 1 planned"``."""
    counts = legs["status"].fillna("status not stated").value_counts()
    if len(counts) == 1:
        return f"{plural(len(legs), 'leg')}, {'all ' if len(legs) > 1 else ''}{counts.index[0]}"
    return f"{plural(len(legs), 'leg')}: {join_words(f'{n:,} {s}' for s, n in counts.items())}"


def _people_sentences(legs: pd.DataFrame, most: int) -> list[str]:
    """The flows with the largest stated numbers, in words, and what the numbers mean."""
    flows = pair_flows(legs)
    stated = flows[flows["people"].map(lambda p: isinstance(p, (int, float)) and math.isfinite(p) and p >= 1)]
    if stated.empty:
        return ["No article gives a number of people."]
    top = stated.sort_values("people", ascending=False, kind="stable").head(most)
    parts = [f"{r['from_name']} to {r['to_name']}, {plural(int(r['people']), 'person', 'people')}"
             + ("" if r["status"] == "completed" else f" ({r['status']})") for r in top.to_dict("records")]
    people = pd.to_numeric(legs["people"], errors="coerce")
    n_stated = int((people >= 1).sum())
    out = [f"{'Largest flows' if len(parts) > 1 else 'Largest flow'}: {'; '.join(parts)}.",
           "Every leg gives a number of people." if n_stated == len(legs)
           else f"Numbers of people are given for {n_stated:,} of {plural(len(legs), 'leg')}."]
    if (stated["reports"] > 1).any():
        out.append("Where several articles give a number for the same route, the largest is used, "
                   "not their sum: they may count the same people.")
    return out


def _dates(legs: pd.DataFrame) -> str:
    """``"Dates: 21–27 Sep 2022 (4 legs undated)."``: the span of journey dates (publication when none)."""
    dates = leg_dates(legs).dropna().astype(str)
    dates = sorted(d[:10] for d in dates if d.strip())
    undated = len(legs) - len(dates)
    if not dates:
        return "No leg has a date."
    note = f" ({plural(undated, 'leg')} undated)" if undated else ""
    return f"Dates: {date_span(dates[0], dates[-1])}{note}."


def alt_text(legs: pd.DataFrame, title: str = "", filters: list[str] | None = None) -> str:
    """A description of the map of ``legs`` for screen readers (see the module's example)."""
    if legs.empty:
        return f"Map: {title}. No journeys are shown." if title else "Map: no journeys are shown."
    n_routes, n_articles = legs["route_id"].nunique(), legs["article_id"].nunique()
    sentences = [f"Map: {title.rstrip('.')}." if title else "Map of journeys reported in the news."]
    if filters:
        sentences.append(f"Shown: {'; '.join(filters)}.")
    sentences.append(f"{plural(n_routes, 'journey')} ({_legs_by_status(legs)}) from {plural(n_articles, 'article')}.")
    starts, ends = _journey_ends(legs)
    sentences.append(f"They start in {_ranked(starts, MOST_PLACES)}; they end in {_ranked(ends, MOST_PLACES)}."
                     if n_routes > 1 else f"The journey runs from {starts.iloc[0]} to {ends.iloc[0]}.")
    sentences += _people_sentences(legs, MOST_FLOWS)
    sentences.append(_dates(legs))
    return " ".join(sentences)
