"""The one filter as SQL: DuckDB (embedded, no server) over a build's Parquet files or a legs table.

The read side of large builds. :func:`where_clause` turns a
:class:`~pipeline.view.filters.FilterSpec` into one SQL condition that keeps
exactly the legs :func:`pipeline.view.filters.filter_mask` keeps (the tests
run every filter case through both); :func:`query_legs` runs it over
``flows.parquet`` (a file, or a folder of partitions), so only the legs in
view are read into memory; :func:`query_pair_flows` and
:func:`query_place_totals` also aggregate in the query, one row per
origin, destination and status (as :func:`pipeline.view.flows.pair_flows`)
and per place, so a million legs become the few thousand rows that are drawn.
:func:`apply_filters_sql` has :func:`~pipeline.view.filters.apply_filters`'s
signature, over a pandas table, for callers that hold one.

Values are always bound as parameters, never pasted into the SQL.
"""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import shapely

from pipeline.contract import ARTICLES_PARQUET, FLOWS_PARQUET, PLACES_PARQUET
from pipeline.view.filters import FilterSpec
from pipeline.view.flows import FLOW_COLUMNS, TOTAL_COLUMNS, flow_key, split_key

_TRUE = "TRUE"


def _text(column: str) -> str:
    """A text column as VARCHAR (a table may hold it as another type, or all NULL)."""
    return f"CAST({column} AS VARCHAR)"


def _blank_as_null(column: str) -> str:
    # pipeline.view.flows._text: None, NaN and whitespace-only strings are missing.
    return f"CASE WHEN trim({_text(column)}) = '' THEN NULL ELSE {_text(column)} END"


def _date_range(value: str, low: str | None, high: str | None, keep_missing: bool,
                params: list) -> str:
    """``filters._in_range``: inside the inclusive range, or missing and ``keep_missing``."""
    inside = []
    if low:
        inside.append(f"{value} >= ?")
        params.append(low)
    if high:
        inside.append(f"{value} <= ?")
        params.append(high)
    return (f"(CASE WHEN {value} IS NULL OR {value} = '' THEN {'TRUE' if keep_missing else 'FALSE'} "
            f"ELSE ({' AND '.join(inside)}) END)")


def _among(column: str, values: Collection[str], params: list) -> str:
    params.extend(values)
    return f"coalesce({_text(column)} IN ({', '.join('?' * len(values))}), FALSE)"


def where_clause(spec: FilterSpec, columns: Collection[str]) -> tuple[str, list]:
    """The SQL condition (with ``?`` placeholders) and its parameters for the legs ``spec`` keeps.

    ``columns`` are the legs table's columns: a filter on a column the table
    lacks (``outlet``, ``confidence``, ``reviewed``) is skipped, as in
    :func:`pipeline.view.filters.filter_mask`.
    """
    columns = set(columns)
    parts: list[str] = []
    params: list = []
    if spec.countries:
        wanted = sorted({c.upper() for c in spec.countries})
        ends = {"origin": ["from_country"], "destination": ["to_country"]}.get(spec.country_role,
                                                                             ["from_country", "to_country"])
        parts.append("(" + " OR ".join(_among(end, wanted, params) for end in ends) + ")")
    if spec.published_from or spec.published_to:
        parts.append(_date_range(_text("published"), spec.published_from, spec.published_to,
                                 spec.include_undated, params))
    if spec.event_from or spec.event_to:
        # pipeline.view.flows.leg_dates: the journey date, else the publication date.
        published = _blank_as_null("published") if "published" in columns else "NULL"
        event = _blank_as_null("event_date") if "event_date" in columns else "NULL"
        parts.append(_date_range(f"coalesce({event}, {published})", spec.event_from, spec.event_to,
                                 spec.include_undated, params))
    if spec.articles:
        parts.append(_among("article_id", spec.articles, params))
    if spec.outlets and "outlet" in columns:
        parts.append(_among("outlet", spec.outlets, params))
    if spec.modes:
        parts.append(_among("mode", spec.modes, params))
    if spec.statuses:
        parts.append(_among("status", spec.statuses, params))
    if spec.min_people:
        parts.append("coalesce(TRY_CAST(people AS DOUBLE), 0) >= ?")
        params.append(spec.min_people)
    if spec.text.strip():
        # pandas' str.contains(case=False, regex=False) compares upper-cased strings.
        parts.append(f"contains(upper(coalesce({_text('quote')}, '')), ?)")
        params.append(spec.text.strip().upper())
    if spec.min_confidence > 0 and "confidence" in columns:
        confident = "coalesce(TRY_CAST(confidence AS DOUBLE), 0) >= ?"
        params.append(spec.min_confidence)
        reviewed = " OR coalesce(TRY_CAST(reviewed AS BOOLEAN), FALSE)" if "reviewed" in columns else ""
        parts.append(f"({confident}{reviewed})")
    return (" AND ".join(parts) or _TRUE), params


def _connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")  # legs come back in the build's order
    con.execute("SET enable_progress_bar = false")
    return con


def apply_filters_sql(flows: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """:func:`pipeline.view.filters.apply_filters` computed by DuckDB: the same rows, order and index."""
    if flows.empty:
        return flows
    where, params = where_clause(spec, flows.columns)
    con = _connect()
    try:
        con.register("legs", flows[[c for c in flows.columns if c != "path"]])  # nested lists: not needed here
        keep = con.execute(f"SELECT coalesce({where}, FALSE) AS keep FROM legs", params).fetchnumpy()["keep"]
    finally:
        con.close()
    return flows[np.asarray(keep, dtype=bool)]


def flows_source(build_dir: str | Path, with_articles: bool = False) -> str:
    """The legs of a build as a DuckDB table expression: ``flows.parquet``, a file or a partitioned folder.

    ``filename`` and ``file_row_number`` give the build's order (parts are
    named in order). ``with_articles`` joins each leg's ``outlet``,
    ``title`` and ``url`` from ``articles.parquet``, as
    :func:`pipeline.view.buildio.load_build` does.
    """
    path = Path(build_dir) / FLOWS_PARQUET
    pattern = f"{_quoted(path)}/**/*.parquet" if path.is_dir() else _quoted(path)
    flows = f"read_parquet('{pattern}', hive_partitioning = false, filename = true, file_row_number = true)"
    articles = Path(build_dir) / ARTICLES_PARQUET
    if not with_articles or not articles.exists():
        return flows
    return (f"(SELECT f.*, a.outlet, a.title, a.url FROM {flows} f LEFT JOIN "
            f"(SELECT article_id, outlet, title, url FROM read_parquet('{_quoted(articles)}')) a USING (article_id))")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


_SOURCE_COLUMNS = ("filename", "file_row_number", "geometry")  # not fields of a leg


def _columns(con, source: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            if row[0] not in _SOURCE_COLUMNS]


_ARTICLE_COLUMNS = ("outlet", "title", "url")


def _needs_articles(spec: FilterSpec, columns: Collection[str] | None = ()) -> bool:
    return bool(spec.outlets) or any(c in _ARTICLE_COLUMNS for c in (columns or ()))


def query_legs(build_dir: str | Path, spec: FilterSpec, columns: Collection[str] | None = None) -> pd.DataFrame:
    """The legs of a build's ``flows.parquet`` that ``spec`` keeps, in build order (geometry left out).

    ``columns`` picks the fields to return (default: every field of the
    file but the geometry; ``outlet``, ``title``, ``url`` come from the articles).
    """
    joined = _needs_articles(spec, columns)
    source = flows_source(build_dir, joined)
    con = _connect()
    try:
        available = _columns(con, source)
        where, params = where_clause(spec, available)
        wanted = [c for c in (columns or available) if c in available]
        select = ", ".join(f'"{c}"' for c in wanted)
        order = " ORDER BY filename, file_row_number" if joined else ""  # a join may reorder; a scan does not
        return con.execute(f"SELECT {select} FROM {source} WHERE {where}{order}", params).df()
    finally:
        con.close()


def count_legs(build_dir: str | Path, spec: FilterSpec) -> int:
    """How many legs ``spec`` keeps, without reading them."""
    source = flows_source(build_dir, _needs_articles(spec))
    con = _connect()
    try:
        where, params = where_clause(spec, _columns(con, source))
        return con.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
    finally:
        con.close()


# A leg's place in the build's order without sorting: its part's number (parts of a partitioned
# table are "part-00000.parquet"...; a single file is part 0), then its row in that file.
_ROW_ORDER = ("(coalesce(TRY_CAST(regexp_extract(filename, 'part-(\\d+)\\.parquet$', 1) AS BIGINT), 0) "
              "* 4294967296 + file_row_number)")


def _pair_sql(source: str, where: str, columns: Collection[str], limit: int | None = None,
              details: bool = True) -> str:
    """One row per (from, to, status) of the kept legs: :func:`pipeline.view.flows.pair_flows` without groups.

    With ``limit``, the busiest flows only; ``details`` adds the names and the
    legs' ids, gathered for those flows alone (a million ids never leave the query).
    """
    published = _blank_as_null("published") if "published" in columns else "NULL"
    event = _blank_as_null("event_date") if "event_date" in columns else "NULL"
    top = f"LIMIT {int(limit)}" if limit is not None else ""
    ranked = f"""
        WITH legs AS (
            SELECT CAST(from_place_id AS VARCHAR) AS from_id, CAST(to_place_id AS VARCHAR) AS to_id,
                   from_name, to_name, coalesce(CAST(status AS VARCHAR), 'unknown') AS status,
                   TRY_CAST(people AS DOUBLE) AS people, article_id, CAST(flow_id AS VARCHAR) AS flow_id,
                   coalesce({event}, {published}) AS date,
                   {_ROW_ORDER} AS "order"
            FROM {source} WHERE {where}
        ),
        pairs AS (
            SELECT from_id, to_id, status, max(people) AS people, count(people) AS reports, count(*) AS legs,
                   count(DISTINCT article_id) AS articles, min(date) AS first, max(date) AS last,
                   min("order") AS "order"
            FROM legs GROUP BY from_id, to_id, status
            ORDER BY people DESC NULLS LAST, legs DESC, "order" ASC {top}
        )"""
    if not details:
        return ranked + " SELECT * FROM pairs"
    return ranked + """,
        named AS (
            SELECT l.from_id, l.to_id, l.status, first(l.from_name ORDER BY l."order") AS from_name,
                   first(l.to_name ORDER BY l."order") AS to_name, list(l.flow_id ORDER BY l."order") AS flow_ids
            FROM legs l SEMI JOIN pairs p ON l.from_id = p.from_id AND l.to_id = p.to_id AND l.status = p.status
            GROUP BY l.from_id, l.to_id, l.status
        )
        SELECT p.*, n.from_name, n.to_name, n.flow_ids
        FROM pairs p JOIN named n USING (from_id, to_id, status)
        ORDER BY p.people DESC NULLS LAST, p.legs DESC, p."order" ASC
    """


def _places(build_dir: Path, ids: Collection[str]) -> dict[str, tuple[list[float], str]]:
    """``([lon, lat], name)`` of the places ``ids`` from ``places.parquet`` (WKB points; GeoJSON order, lon first)."""
    path = build_dir / PLACES_PARQUET
    if not ids or not path.exists():
        return {}
    con = _connect()
    try:
        con.register("wanted", pd.DataFrame({"place_id": sorted(ids)}))
        rows = con.execute(f"SELECT p.place_id, p.geometry, p.name FROM read_parquet('{_quoted(path)}') p "
                           "JOIN wanted w USING (place_id)").fetchall()
    finally:
        con.close()
    points = shapely.from_wkb([bytes(g) for _, g, _ in rows])
    return {pid: ([float(shapely.get_x(pt)), float(shapely.get_y(pt))], name)
            for (pid, _, name), pt in zip(rows, points)}


def query_pair_flows(build_dir: str | Path, spec: FilterSpec, limit: int | None = None,
                     with_legs: bool = True) -> pd.DataFrame:
    """The flows in view (:data:`pipeline.view.flows.FLOW_COLUMNS`), aggregated by DuckDB, busiest first.

    ``source`` and ``target`` are the ``[lon, lat]`` of the flow's ends, read
    from ``places.parquet`` (the ends of every leg's line are its places).
    ``limit`` keeps the busiest flows only: what a map can draw. Without
    ``with_legs`` the flows come without ``flow_ids`` (empty) and the names
    are those of ``places.parquet``: a map of a million legs then moves a few
    thousand rows, and :func:`query_flow_legs` gives one flow's legs when asked.
    """
    build_dir = Path(build_dir)
    source = flows_source(build_dir, _needs_articles(spec))
    con = _connect()
    try:
        available = _columns(con, source)
        where, params = where_clause(spec, available)
        out = con.execute(_pair_sql(source, where, available, limit, details=with_legs), params).df()
    finally:
        con.close()
    if out.empty:
        return pd.DataFrame(columns=FLOW_COLUMNS)
    places = _places(build_dir, set(out["from_id"]) | set(out["to_id"]))
    out["source"] = [places.get(p, (None, None))[0] for p in out["from_id"]]
    out["target"] = [places.get(p, (None, None))[0] for p in out["to_id"]]
    if with_legs:
        out["flow_ids"] = [tuple(ids) for ids in out["flow_ids"]]
    else:
        out["from_name"] = [places.get(p, (None, None))[1] for p in out["from_id"]]
        out["to_name"] = [places.get(p, (None, None))[1] for p in out["to_id"]]
        out["flow_ids"] = [()] * len(out)
    out["first"] = out["first"].astype("string")
    out["last"] = out["last"].astype("string")
    out["key"] = [flow_key(a, b, s) for a, b, s in zip(out["from_id"], out["to_id"], out["status"])]
    return out[FLOW_COLUMNS].reset_index(drop=True)


def query_flow_legs(build_dir: str | Path, spec: FilterSpec, key: str,
                    columns: Collection[str] | None = None) -> pd.DataFrame:
    """The legs in view of one flow (its :func:`~pipeline.view.flows.flow_key`), in build order."""
    parts = split_key(key)
    if parts is None:
        return pd.DataFrame()
    from_id, to_id, status = parts
    joined = _needs_articles(spec, columns)
    source = flows_source(build_dir, joined)
    con = _connect()
    try:
        available = _columns(con, source)
        where, params = where_clause(spec, available)
        wanted = [c for c in (columns or available) if c in available]
        select = ", ".join(f'"{c}"' for c in wanted)
        return con.execute(
            f"SELECT {select} FROM {source} WHERE {where} AND CAST(from_place_id AS VARCHAR) = ? "
            f"AND CAST(to_place_id AS VARCHAR) = ? AND coalesce(CAST(status AS VARCHAR), 'unknown') = ? "
            "ORDER BY filename, file_row_number", [*params, from_id, to_id, status]).df()
    finally:
        con.close()


def query_place_totals(build_dir: str | Path, spec: FilterSpec) -> pd.DataFrame:
    """:func:`pipeline.view.flows.place_totals` of the flows in view, summed by DuckDB, indexed by place id."""
    source = flows_source(build_dir, _needs_articles(spec))
    con = _connect()
    try:
        available = _columns(con, source)
        where, params = where_clause(spec, available)
        totals = con.execute(f"""
            WITH pairs AS ({_pair_sql(source, where, available, details=False)}),
            ends AS (
                SELECT from_id AS place, coalesce(people, 0) AS p_out, 0 AS p_in, legs AS l_out, 0 AS l_in FROM pairs
                UNION ALL
                SELECT to_id, 0, coalesce(people, 0), 0, legs FROM pairs
            )
            SELECT place, sum(p_out) AS people_out, sum(p_in) AS people_in,
                   sum(l_out) AS legs_out, sum(l_in) AS legs_in
            FROM ends GROUP BY place ORDER BY place
        """, params).df()
    finally:
        con.close()
    if totals.empty:
        return pd.DataFrame(columns=TOTAL_COLUMNS, dtype=float)
    return totals.set_index("place").rename_axis(None)[TOTAL_COLUMNS].astype(int)
