"""Flows that add up: the legs in view, one flow per origin, destination and status.

Pure pandas, no drawing. In: a legs table (the build's ``flows`` or a
filtered part of it). Out: one row per pair of ends and status, and per
place the people and legs in and out. The dashboard's map draws one arc per
flow (flowmap.blue's lesson: arcs that share both ends stack into one
unreadable bundle), and its details list every leg behind one.

Counting people. Two articles often report the same crowd ("700,000 left
Russia" in one, "some 700,000" in another), so the figures of one flow are
not added: a flow carries the **largest** figure any of its legs states
(:data:`PEOPLE_RULE`). A place's totals add its flows, each flow counted
once. A leg's date is its journey date, or the article's publication date
when the text gives none (:func:`leg_dates`).
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

PEOPLE_RULE = ("figures of one flow are not added (two articles may count the same people): "
               "an arc shows the largest number reported")
PEOPLE_RULE_SHORT = "figures of one flow are not added"
FLOW_COLUMNS = ["key", "from_id", "to_id", "from_name", "to_name", "status", "source", "target", "people",
                "reports", "legs", "articles", "flow_ids", "first", "last"]
TOTAL_COLUMNS = ["people_out", "people_in", "legs_out", "legs_in"]
_SEP = "|"


def flow_key(from_id: str, to_id: str, status: str) -> str:
    """The id of the flow from ``from_id`` to ``to_id`` with ``status`` (used in the URL)."""
    return _SEP.join((str(from_id), str(to_id), str(status)))


def split_key(key: str) -> tuple[str, str, str] | None:
    """``(from_id, to_id, status)`` of a :func:`flow_key`, or None when ``key`` is not one."""
    parts = str(key).split(_SEP)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 and all(parts) else None


def _text(series: pd.Series) -> pd.Series:
    """Strings with blanks (None, NaN, "") as missing."""
    values = series.astype("string")
    return values.where(values.str.strip() != "", pd.NA)


def leg_dates(legs: pd.DataFrame) -> pd.Series:
    """Each leg's date (ISO string): its journey date, else its article's publication date, else missing."""
    if legs.empty:
        return pd.Series(dtype="string", index=legs.index)
    event = _text(legs["event_date"]) if "event_date" in legs else pd.Series(pd.NA, index=legs.index, dtype="string")
    published = _text(legs["published"]) if "published" in legs else event
    return event.fillna(published)


def people_numbers(legs: pd.DataFrame) -> pd.Series:
    """The people each leg states (float; NaN where the text gives no number)."""
    if "people" not in legs:
        return pd.Series(np.nan, index=legs.index, dtype=float)
    return pd.to_numeric(legs["people"], errors="coerce").astype(float)


def _ends(legs: pd.DataFrame, side: str) -> pd.Series:
    """The leg's first (``from``) or last (``to``) point, ``[lon, lat]``, from its line."""
    index = 0 if side == "from" else -1
    return legs["path"].map(lambda p: [float(p[index][0]), float(p[index][1])] if p is not None and len(p) >= 2
                            else None)


def pair_flows(legs: pd.DataFrame, groups: Mapping[str, str] | None = None,
               positions: Mapping[str, list[float]] | None = None,
               names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per (start, end, status) of ``legs``, busiest first (:data:`FLOW_COLUMNS`).

    ``groups`` maps a place id to the id of the group drawn for it (a
    cluster, :mod:`pipeline.view.clusters`); ``positions`` and ``names``
    then give each group's point and name. Without them every place is its
    own group, at the ends of its legs' lines. A leg inside one group (a
    short hop at low zoom) is drawn as that group's point, not as an arc.

    ``people`` is the largest figure stated by a leg of the flow (NaN when
    none states one), ``reports`` how many legs state one, ``legs`` and
    ``articles`` how many legs and articles the flow stands for, ``flow_ids``
    those legs in their order, ``first`` and ``last`` the span of their
    dates (:func:`leg_dates`).
    """
    if legs.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    # One pass in plain Python over lists: pandas' groupby with per-group tuples
    # and list cells costs seconds on 10,000 legs, this costs milliseconds.
    groups, positions, names = groups or {}, positions or {}, names or {}
    starts, ends = legs["from_place_id"].astype(str).tolist(), legs["to_place_id"].astype(str).tolist()
    statuses = [s if isinstance(s, str) and s else "unknown" for s in legs["status"].tolist()]
    people = people_numbers(legs).tolist()
    dates = [d if isinstance(d, str) and d else None for d in leg_dates(legs).tolist()]
    paths = legs["path"].tolist() if "path" in legs else [None] * len(legs)
    from_names, to_names = legs["from_name"].tolist(), legs["to_name"].tolist()
    fids, articles = legs["flow_id"].astype(str).tolist(), legs["article_id"].tolist()
    flows: dict[tuple[str, str, str], dict] = {}
    for i, (a, b, status) in enumerate(zip(starts, ends, statuses)):
        ga, gb = groups.get(a, a), groups.get(b, b)
        if ga == gb and (a in groups or b in groups):
            continue
        flow = flows.get((ga, gb, status))
        if flow is None:
            path = paths[i]
            ok = path is not None and len(path) >= 2
            flow = flows[(ga, gb, status)] = {
                "key": flow_key(ga, gb, status), "from_id": ga, "to_id": gb,
                "from_name": names.get(ga, from_names[i]), "to_name": names.get(gb, to_names[i]),
                "status": status,
                "source": positions.get(ga) or ([float(path[0][0]), float(path[0][1])] if ok else None),
                "target": positions.get(gb) or ([float(path[-1][0]), float(path[-1][1])] if ok else None),
                "people": np.nan, "reports": 0, "legs": 0, "articles": set(), "flow_ids": [],
                "first": None, "last": None, "order": i}
        n = people[i]
        if n == n:  # not NaN
            flow["reports"] += 1
            flow["people"] = n if flow["people"] != flow["people"] else max(flow["people"], n)
        flow["legs"] += 1
        flow["articles"].add(articles[i])
        flow["flow_ids"].append(fids[i])
        day = dates[i]
        if day:
            flow["first"] = day if flow["first"] is None else min(flow["first"], day)
            flow["last"] = day if flow["last"] is None else max(flow["last"], day)
    if not flows:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    rows = sorted(flows.values(), key=lambda f: (-(f["people"] if f["people"] == f["people"] else -1.0),
                                                 -f["legs"], f["order"]))
    for flow in rows:
        flow["articles"] = len(flow["articles"])
        flow["flow_ids"] = tuple(flow["flow_ids"])
    out = pd.DataFrame(rows, columns=[*FLOW_COLUMNS, "order"])[FLOW_COLUMNS]
    out["people"] = out["people"].astype(float)
    return out


def regroup_flows(flows: pd.DataFrame, groups: Mapping[str, str], positions: Mapping[str, list[float]],
                  names: Mapping[str, str]) -> pd.DataFrame:
    """:func:`pair_flows` by groups of places, from flows instead of legs (a large build's drawn flows).

    The same as regrouping the legs, except ``articles``: a flow of merged
    places adds its parts' article counts (an article behind two of them
    counts twice), since the flows no longer say which articles they share.
    """
    if flows.empty or not groups:
        return flows
    rows: dict[tuple[str, str, str], dict] = {}
    for f in rows(flows):
        ga, gb = groups.get(f["from_id"], f["from_id"]), groups.get(f["to_id"], f["to_id"])
        if ga == gb and (f["from_id"] in groups or f["to_id"] in groups):
            continue
        key = (ga, gb, f["status"])
        row = rows.get(key)
        if row is None:
            rows[key] = {**f, "key": flow_key(*key), "from_id": ga, "to_id": gb,
                         "from_name": names.get(ga, f["from_name"]), "to_name": names.get(gb, f["to_name"]),
                         "source": positions.get(ga) or f["source"], "target": positions.get(gb) or f["target"],
                         "flow_ids": tuple(f["flow_ids"]), "order": len(rows)}
            continue
        people = f["people"]
        if people == people:  # not NaN
            row["people"] = people if row["people"] != row["people"] else max(row["people"], people)
        for column in ("reports", "legs", "articles"):
            row[column] += f[column]
        row["flow_ids"] += tuple(f["flow_ids"])
        for column, pick in (("first", min), ("last", max)):
            values = [v for v in (row[column], f[column]) if isinstance(v, str) and v]
            row[column] = pick(values) if values else row[column]
    ordered = sorted(rows.values(), key=lambda r: (-(r["people"] if r["people"] == r["people"] else -1.0),
                                                   -r["legs"], r["order"]))
    out = pd.DataFrame(ordered, columns=[*FLOW_COLUMNS, "order"])[FLOW_COLUMNS]
    out["people"] = out["people"].astype(float)
    return out


def rows(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, column by column: far faster on pandas' Arrow-backed strings."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]


def regroup_totals(totals: pd.DataFrame, groups: Mapping[str, str]) -> pd.DataFrame:
    """Place totals (:func:`place_totals`) of merged places: each group adds its members'."""
    if totals.empty or not groups:
        return totals
    summed = totals.groupby([groups.get(p, p) for p in totals.index]).sum()
    return summed[TOTAL_COLUMNS].astype(int)


def place_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """People and legs out of and into each end of ``flows`` (:func:`pair_flows`), indexed by its id.

    Each flow adds its largest figure once (:data:`PEOPLE_RULE`); flows that
    state no number add nothing to the people but count their legs.
    """
    if flows.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS, dtype=float)
    people = flows["people"].astype(float).fillna(0)
    out = pd.DataFrame({"people_out": people.groupby(flows["from_id"]).sum(),
                        "legs_out": flows["legs"].groupby(flows["from_id"]).sum()})
    into = pd.DataFrame({"people_in": people.groupby(flows["to_id"]).sum(),
                         "legs_in": flows["legs"].groupby(flows["to_id"]).sum()})
    totals = out.join(into, how="outer").fillna(0)
    return totals[TOTAL_COLUMNS].astype(int)


def legs_of(legs: pd.DataFrame, flow_ids) -> pd.DataFrame:
    """The rows of ``legs`` whose ``flow_id`` is in ``flow_ids``, in the order of ``legs``."""
    if legs.empty:
        return legs
    return legs[legs["flow_id"].astype(str).isin({str(f) for f in flow_ids})]
