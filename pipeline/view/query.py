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


def _leg_date(columns: Collection[str], table: str = "") -> str:
    """pipeline.view.flows.leg_dates in SQL: the journey date, else the publication date."""
    published = _blank_as_null(f"{table}published") if "published" in columns else "NULL"
    event = _blank_as_null(f"{table}event_date") if "event_date" in columns else "NULL"
    return f"coalesce({event}, {published})"


def _quote_upper(column: str = "quote") -> str:
    # pandas' str.contains(case=False, regex=False) compares upper-cased strings.
    return f"upper(coalesce({_text(column)}, ''))"


def where_clause(spec: FilterSpec, columns: Collection[str], leg_date: str | None = None,
                 quote_upper: str | None = None) -> tuple[str, list]:
    """The SQL condition (with ``?`` placeholders) and its parameters for the legs ``spec`` keeps.

    ``columns`` are the legs table's columns: a filter on a column the table
    lacks (``outlet``, ``confidence``, ``reviewed``) is skipped, as in
    :func:`pipeline.view.filters.filter_mask`. ``leg_date`` and
    ``quote_upper``: columns that already hold each leg's date
    (:func:`pipeline.view.flows.leg_dates`) and its quote in capitals.
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
        parts.append(_date_range(leg_date or _leg_date(columns), spec.event_from, spec.event_to,
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
        parts.append(f"contains({quote_upper or _quote_upper()}, ?)")
        params.append(spec.text.strip().upper())
    if spec.min_confidence > 0 and "confidence" in columns:
        confident = "coalesce(TRY_CAST(confidence AS DOUBLE), 0) >= ?"
        params.append(spec.min_confidence)
        reviewed = " OR coalesce(TRY_CAST(reviewed AS BOOLEAN), FALSE)" if "reviewed" in columns else ""
        parts.append(f"({confident}{reviewed})")
    return (" AND ".join(parts) or _TRUE), params



def _connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")  # legs come back in the build's order
    con.execute("SET enable_progress_bar = false")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
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


def flows_source(build_dir: str | Path) -> str:
    """The legs of a build as a DuckDB table expression: ``flows.parquet``, a file or a partitioned folder.

    ``filename`` and ``file_row_number`` give the build's order (parts are named in order).
    """
    path = Path(build_dir) / FLOWS_PARQUET
    pattern = f"{_quoted(path)}/**/*.parquet" if path.is_dir() else _quoted(path)
    return f"read_parquet('{pattern}', hive_partitioning = false, filename = true, file_row_number = true)"


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


_SOURCE_COLUMNS = ("filename", "file_row_number", "geometry")  # not fields of a leg
_ARTICLE_BODY = ("text", "mentions")  # left in the file: large

# A leg's place in the build's order without sorting: its part's number (parts of a partitioned
# table are "part-00000.parquet"...; a single file is part 0), then its row in that file.
_ROW_ORDER = ("(coalesce(TRY_CAST(regexp_extract(filename, 'part-(\\d+)\\.parquet$', 1) AS BIGINT), 0) "
              "* 4294967296 + file_row_number)")



class BuildQuery:
    """A build's legs, loaded once into an embedded DuckDB (in memory), and the view's questions as queries.

    Reading ``flows.parquet`` (a file or a folder of parts) once and keeping
    it in DuckDB's own columnar tables makes every later filter a scan of
    memory, not of files: a million legs take a few hundred MB and each
    question below a fraction of a second on two cores. Each question runs
    on its own cursor, so one instance serves concurrent callers (the app's
    sessions). The answers are those of the pandas path
    (:func:`pipeline.view.filters.apply_filters`,
    :func:`pipeline.view.flows.pair_flows`, :func:`~pipeline.view.flows.place_totals`);
    the tests compare them.
    """

    def __init__(self, build_dir: str | Path, threads: int | None = None):
        self.directory = Path(build_dir)
        if not (self.directory / FLOWS_PARQUET).exists():
            raise FileNotFoundError(f"{self.directory / FLOWS_PARQUET} is missing")
        self._con = _connect(threads)
        source = flows_source(self.directory)
        fields = [row[0] for row in self._con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
                  if row[0] not in _SOURCE_COLUMNS]
        articles = self.directory / ARTICLES_PARQUET
        if articles.exists():
            source_articles = f"read_parquet('{_quoted(articles)}')"
            texts = [row[0] for row in self._con.execute(f"DESCRIBE SELECT * FROM {source_articles}").fetchall()
                     if row[0] in _ARTICLE_BODY]
            # The texts stay in the file (read one at a time by article_text): a year of news is GBs.
            self._con.execute(f"CREATE TABLE articles AS SELECT * {'EXCLUDE (' + ', '.join(texts) + ')' if texts else ''} "
                              f"FROM {source_articles}")
            article_fields = {row[0] for row in self._con.execute("DESCRIBE articles").fetchall()}
        else:
            self._con.execute("CREATE TABLE articles (article_id VARCHAR)")
            article_fields = set()
        self._article_fields = article_fields
        # Worked out once here instead of in every query (names start with "_": no contract field
        # does): the order, the ends, status, people and date as the pandas path reads them, and
        # places and articles as small integer codes (grouping by them is several times faster).
        own_outlet = "outlet" in fields
        outlet = "" if own_outlet else (", a.outlet" if "outlet" in article_fields else ", CAST(NULL AS VARCHAR) AS outlet")
        join = ("LEFT JOIN (SELECT DISTINCT ON (article_id) article_id, outlet FROM articles) a USING (article_id)"
                if outlet.startswith(", a.") else "")
        # Integer codes first, from the files' id columns alone, so the legs are copied once.
        self._con.execute(f"""
            CREATE TABLE place_codes AS
            SELECT id, CAST(row_number() OVER (ORDER BY id) AS INTEGER) AS code FROM (
                SELECT CAST(from_place_id AS VARCHAR) AS id FROM {source}
                UNION SELECT CAST(to_place_id AS VARCHAR) FROM {source})""")
        self._con.execute(f"""
            CREATE TABLE article_codes AS
            SELECT article_id, CAST(row_number() OVER (ORDER BY article_id) AS INTEGER) AS code
            FROM (SELECT DISTINCT article_id FROM {source})""")
        self._con.execute(f"""
            CREATE TABLE status_codes AS
            SELECT status, CAST(row_number() OVER (ORDER BY status) AS INTEGER) AS code
            FROM (SELECT DISTINCT coalesce(CAST(status AS VARCHAR), 'unknown') AS status FROM {source})""")
        # One number per flow (ends and status), the key every aggregation groups by.
        n_places, n_statuses = (self._con.execute(f"SELECT count(*) + 1 FROM {t}").fetchone()[0]
                                for t in ("place_codes", "status_codes"))
        self._flow_codes = (n_places, n_statuses)
        order = _ROW_ORDER.replace("filename", "f.filename").replace("file_row_number", "f.file_row_number")
        self._con.execute(f"""
            CREATE TABLE legs AS
            SELECT f.* EXCLUDE ({', '.join(_SOURCE_COLUMNS)}){outlet}, {order} AS _order,
                   coalesce(CAST(f.status AS VARCHAR), 'unknown') AS _status,
                   TRY_CAST(f.people AS DOUBLE) AS _people, {_leg_date(fields, "f.")} AS _date,
                   {_quote_upper("f.quote") if "quote" in fields else "''"} AS _quote_upper,
                   (CAST(pf.code AS BIGINT) * {n_places} + pt.code) * {n_statuses} + sc.code AS _flow,
                   ac.code AS _article,
                   -- each leg's place on its whole route, for the places' roles (see place_roles)
                   f.leg = min(f.leg) OVER (PARTITION BY f.route_id) AS _first,
                   f.leg = max(f.leg) OVER (PARTITION BY f.route_id) AS _last
            FROM {source} f {join}
            JOIN place_codes pf ON pf.id IS NOT DISTINCT FROM CAST(f.from_place_id AS VARCHAR)
            JOIN place_codes pt ON pt.id IS NOT DISTINCT FROM CAST(f.to_place_id AS VARCHAR)
            JOIN status_codes sc ON sc.status = coalesce(CAST(f.status AS VARCHAR), 'unknown')
            LEFT JOIN article_codes ac ON ac.article_id IS NOT DISTINCT FROM f.article_id""")
        # No ORDER BY: every question that returns legs sorts them by _order itself.
        self.fields = fields if own_outlet else [*fields, "outlet"]
        self.legs_total = self._con.execute("SELECT count(*) FROM legs").fetchone()[0]
        self._places = _places(self.directory)  # 50,000 places: a few MB

    # ---------------------------------------------------------------- plumbing

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "BuildQuery":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _run(self, sql: str, params: list) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            return cursor.execute(sql, params).df()
        finally:
            cursor.close()

    def _where(self, spec: FilterSpec) -> tuple[str, list]:
        return where_clause(spec, self.fields, leg_date="_date", quote_upper="_quote_upper")

    def _select(self, columns: Collection[str] | None) -> tuple[str, str]:
        """The SELECT list for ``columns`` (default: every field) and the join that gives title and url."""
        available = self.fields + [c for c in ("title", "url") if c in self._article_fields]
        wanted = [c for c in (columns or available) if c in available]
        joined = [c for c in wanted if c in ("title", "url")]
        select = ", ".join(f'a."{c}"' if c in joined else f'l."{c}"' for c in wanted)
        if not joined:
            return select, ""
        fields = ", ".join(f'"{c}"' for c in joined)
        return select, f" LEFT JOIN (SELECT DISTINCT ON (article_id) article_id, {fields} FROM articles) a USING (article_id)"

    # ---------------------------------------------------------------- questions

    def count(self, spec: FilterSpec) -> int:
        """How many legs ``spec`` keeps."""
        where, params = self._where(spec)
        return int(self._run(f"SELECT count(*) AS n FROM legs WHERE {where}", params)["n"].iat[0])

    def legs(self, spec: FilterSpec, columns: Collection[str] | None = None, limit: int | None = None,
             where: str = "TRUE", params: Collection = (), with_paths: bool = False) -> pd.DataFrame:
        """The legs ``spec`` keeps, in build order (the first ``limit`` only, when given).

        ``columns`` picks the fields (default: every field but the geometry;
        ``outlet``, ``title``, ``url`` come from the articles). ``where`` and
        ``params`` narrow them further (a condition on the legs' fields).
        ``with_paths`` adds ``path``, each leg's line as :func:`~pipeline.view.buildio.load_build`
        gives it: the build draws a leg as the straight segment between its places.
        """
        condition, values = self._where(spec)
        select, join = self._select(columns)
        top = f" LIMIT {int(limit)}" if limit is not None else ""
        legs = self._run(f"SELECT {select} FROM legs l{join} WHERE ({condition}) AND ({where}) "
                         f"ORDER BY l._order{top}", [*values, *params])
        if with_paths:
            missing = (None, None)
            ends = [(self._places.get(a, missing)[0], self._places.get(b, missing)[0]) for a, b in
                    zip(legs["from_place_id"].astype(str).tolist(), legs["to_place_id"].astype(str).tolist())]
            legs["path"] = [[a, b] if a is not None and b is not None else None for a, b in ends]
        return legs

    def counts(self, spec: FilterSpec) -> tuple[int, int]:
        """How many legs ``spec`` keeps, and from how many articles."""
        where, params = self._where(spec)
        row = self._run(f"SELECT count(*) AS legs, count(DISTINCT _article) AS articles FROM legs WHERE {where}",
                        params).iloc[0]
        return int(row["legs"]), int(row["articles"])

    def legs_where(self, spec: FilterSpec, limit: int | None = None, columns: Collection[str] | None = None,
                   **equal: Collection[str]) -> tuple[pd.DataFrame, int]:
        """The legs in view whose fields take one of the values given, the first ``limit``, and how many there are.

        ``legs_where(spec, from_place_id=["a", "b"], to_place_id=["c"], status=["blocked"])``;
        ``either_place_id=[...]``: the leg starts or ends at one of them.
        """
        conditions, values = [], []
        for name, wanted in equal.items():
            wanted = sorted({str(v) for v in wanted})
            if not wanted:
                return pd.DataFrame(columns=list(columns or self.fields)), 0
            marks = ", ".join("?" * len(wanted))
            if name == "either_place_id":
                conditions.append(f"(CAST(l.from_place_id AS VARCHAR) IN ({marks}) "
                                  f"OR CAST(l.to_place_id AS VARCHAR) IN ({marks}))")
                values += [*wanted, *wanted]
            elif name in self.fields:
                missing = "'unknown'" if name == "status" else "NULL"  # a leg without a status is "unknown", as in flows
                conditions.append(f'coalesce(CAST(l."{name}" AS VARCHAR), {missing}) IN ({marks})')
                values += wanted
            else:
                raise ValueError(f"legs have no field {name!r}")
        extra = " AND ".join(conditions) or "TRUE"
        legs = self.legs(spec, columns, limit, where=extra, params=values)
        if limit is None or len(legs) < limit:
            return legs, len(legs)
        where, params = self._where(spec)
        total = self._run(f"SELECT count(*) AS n FROM legs l WHERE ({where}) AND {extra}", [*params, *values])
        return legs, int(total["n"].iat[0])

    def place_roles(self, spec: FilterSpec) -> dict[str, str]:
        """:func:`pipeline.view.roles.place_roles` of the legs in view, worked out in the query.

        One difference, for speed: a leg's place on its route (first, last)
        is taken on the whole route, not on the legs of it that ``spec``
        keeps, so a filter that keeps only the end of a route does not make
        its first kept stop an origin.
        """
        where, params = self._where(spec)
        n_places, n_statuses = self._flow_codes
        # roles._ROLE_PRECEDENCE: the most frequent role wins, ties to destination (3), origin (2), transit (1).
        rows = self._run(f"""
            WITH ends AS (
                SELECT CAST(_flow // {n_places * n_statuses} AS INTEGER) AS a,
                       CAST((_flow // {n_statuses}) % {n_places} AS INTEGER) AS b,
                       _first, _last, from_kind, to_kind
                FROM legs WHERE {where}
            ),
            stops AS (
                SELECT a AS code, 2 AS rank FROM ends WHERE _first
                UNION ALL SELECT b, 3 FROM ends WHERE _last
                UNION ALL SELECT b, 1 FROM ends WHERE NOT _last
            ),
            counted AS (SELECT code, rank, count(*) * 4 + rank AS score FROM stops GROUP BY code, rank),
            best AS (SELECT code, arg_max(rank, score) AS rank FROM counted GROUP BY code),
            crossing AS (
                SELECT a AS code FROM ends WHERE from_kind = 'border_crossing'
                UNION SELECT b FROM ends WHERE to_kind = 'border_crossing'
            )
            SELECT c.id AS pid,
                   CASE WHEN x.code IS NOT NULL THEN 'border_crossing' WHEN r.rank = 3 THEN 'destination'
                        WHEN r.rank = 2 THEN 'origin' ELSE 'transit' END AS role
            FROM best r FULL JOIN crossing x USING (code) JOIN place_codes c USING (code)
        """, params)
        return dict(zip(rows["pid"].tolist(), rows["role"].tolist()))

    def options(self, articles: int | None = None) -> dict:
        """What the legs use, for the filters: countries, articles, outlets, modes, and the span of leg dates.

        ``articles``: at most that many articles, those with the most legs (a year of news has too many to list).
        """
        row = self._run("""
            SELECT list(DISTINCT c) FILTER (WHERE c IS NOT NULL AND c <> '') AS countries FROM (
                SELECT CAST(from_country AS VARCHAR) AS c FROM legs UNION ALL SELECT CAST(to_country AS VARCHAR) FROM legs)
        """, []).iloc[0]
        other = self._run("""
            SELECT list(DISTINCT article_id) FILTER (WHERE article_id IS NOT NULL AND article_id <> '') AS articles,
                   list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL AND outlet <> '') AS outlets,
                   list(DISTINCT CAST(mode AS VARCHAR)) FILTER (WHERE mode IS NOT NULL) AS modes,
                   min(_date) AS first, max(_date) AS last
            FROM legs
        """, []).iloc[0]
        as_list = lambda v: sorted(str(x) for x in (v if v is not None else []))  # noqa: E731
        if articles is not None:
            busiest = self._run(f"""
                SELECT article_id FROM legs WHERE article_id IS NOT NULL AND article_id <> ''
                GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT {int(articles)}""", [])
            other = {**other, "articles": busiest["article_id"].tolist()}
        return {"countries": as_list(row["countries"]), "articles": as_list(other["articles"]),
                "outlets": as_list(other["outlets"]), "modes": as_list(other["modes"]),
                "first": other["first"], "last": other["last"]}

    def article_text(self, article_id: str) -> str | None:
        """An article's text, read from ``articles.parquet`` (the texts are not kept in memory)."""
        path = self.directory / ARTICLES_PARQUET
        if not path.exists():
            return None
        cursor = self._con.cursor()
        try:
            source = f"read_parquet('{_quoted(path)}')"
            if "text" not in {r[0] for r in cursor.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}:
                return None
            row = cursor.execute(f"SELECT text FROM {source} WHERE article_id = ? LIMIT 1", [article_id]).fetchone()
        finally:
            cursor.close()
        return row[0] if row and isinstance(row[0], str) else None

    def pair_flows(self, spec: FilterSpec, limit: int | None = None, with_legs: bool = True) -> pd.DataFrame:
        """The flows in view (:data:`pipeline.view.flows.FLOW_COLUMNS`), aggregated in the query, busiest first.

        ``source`` and ``target`` are the ``[lon, lat]`` of the flow's ends,
        read from ``places.parquet``. ``limit`` keeps the busiest flows only:
        what a map can draw. Without ``with_legs`` the flows come without
        ``flow_ids`` (empty) and their names are those of ``places.parquet``:
        a map of a million legs then moves a few thousand rows, and
        :meth:`flow_legs` gives one flow's legs when asked.
        """
        where, params = self._where(spec)
        out = self._run(_pair_sql(where, self._flow_codes, limit, details=with_legs), params * 2)
        if out.empty:
            return pd.DataFrame(columns=FLOW_COLUMNS)
        # Lists, not the frame's Arrow-backed columns: iterating those costs ten times more.
        missing = (None, None)
        starts = [self._places.get(p, missing) for p in out["from_id"].tolist()]
        ends = [self._places.get(p, missing) for p in out["to_id"].tolist()]
        out["source"] = [place[0] for place in starts]
        out["target"] = [place[0] for place in ends]
        if with_legs:
            out["flow_ids"] = [tuple(ids) for ids in out["flow_ids"].tolist()]
        else:
            out["from_name"] = [place[1] for place in starts]
            out["to_name"] = [place[1] for place in ends]
            out["flow_ids"] = [()] * len(out)
        out["first"] = out["first"].astype("string")
        out["last"] = out["last"].astype("string")
        out["key"] = [flow_key(a, b, s) for a, b, s in
                      zip(out["from_id"].tolist(), out["to_id"].tolist(), out["status"].tolist())]
        return out[FLOW_COLUMNS].reset_index(drop=True)

    def flow_legs(self, spec: FilterSpec, key: str, columns: Collection[str] | None = None) -> pd.DataFrame:
        """The legs in view of one flow (its :func:`~pipeline.view.flows.flow_key`), in build order."""
        parts = split_key(key)
        if parts is None:
            return pd.DataFrame()
        n_places, n_statuses = self._flow_codes
        place, status = "(SELECT code FROM place_codes WHERE id = ?)", "(SELECT code FROM status_codes WHERE status = ?)"
        return self.legs(spec, columns, where=f"l._flow = ({place} * {n_places} + {place}) * {n_statuses} + {status}",
                         params=parts)

    def place_totals(self, spec: FilterSpec) -> pd.DataFrame:
        """:func:`pipeline.view.flows.place_totals` of the flows in view, summed in the query, indexed by place id."""
        where, params = self._where(spec)
        totals = self._run(f"""
            WITH pairs AS ({_pair_sql(where, self._flow_codes, details=False, codes=True)}),
            ends AS (
                SELECT _from AS code, coalesce(people, 0) AS p_out, 0 AS p_in, legs AS l_out, 0 AS l_in FROM pairs
                UNION ALL
                SELECT _to, 0, coalesce(people, 0), 0, legs FROM pairs
            ),
            summed AS (
                SELECT code, sum(p_out) AS people_out, sum(p_in) AS people_in,
                       sum(l_out) AS legs_out, sum(l_in) AS legs_in
                FROM ends GROUP BY code
            )
            SELECT c.id AS place, s.people_out, s.people_in, s.legs_out, s.legs_in
            FROM summed s JOIN place_codes c USING (code) ORDER BY place
        """, params)
        if totals.empty:
            return pd.DataFrame(columns=TOTAL_COLUMNS, dtype=float)
        return totals.set_index("place").rename_axis(None)[TOTAL_COLUMNS].astype(int)


def _pair_sql(where: str, flow_codes: tuple[int, int], limit: int | None = None, details: bool = True,
              codes: bool = False) -> str:
    """One row per (from, to, status) of the kept legs: :func:`pipeline.view.flows.pair_flows` without groups.

    The flows are ranked on what is cheap to add up (people, legs, first leg),
    and with ``limit`` only the busiest are kept; what is dear (distinct
    articles, the span of dates, names, with ``details`` the legs' ids) is
    then gathered for those flows alone, so a million legs never leave the
    query. The condition ``where`` is read twice (its parameters are passed
    twice), except with ``codes``: the ranked flows alone, their ends as
    place codes (``_from``, ``_to``), for further sums in SQL. ``flow_codes``:
    how many place and status codes make up a ``_flow`` number.
    """
    n_places, n_statuses = flow_codes
    top = f"LIMIT {int(limit)}" if limit is not None else ""
    # Ranked only where the rank is used: a limit, or the flows' own order (sums need none).
    rank = "" if codes and limit is None else 'ORDER BY people DESC NULLS LAST, legs DESC, "order" ASC'

    ranked = f"""
        WITH ranked AS (
            SELECT _flow, max(_people) AS people, count(_people) AS reports, count(*) AS legs,
                   min(_order) AS "order"
            FROM legs WHERE {where} GROUP BY _flow
            {rank} {top}
        ),
        pairs AS (
            SELECT *, CAST(_flow // {n_places * n_statuses} AS INTEGER) AS _from,
                   CAST((_flow // {n_statuses}) % {n_places} AS INTEGER) AS _to,
                   CAST(_flow % {n_statuses} AS INTEGER) AS _status
            FROM ranked
        )"""
    if codes:
        return ranked + " SELECT * FROM pairs"
    listed = ("first(l.from_name ORDER BY l._order) AS from_name, first(l.to_name ORDER BY l._order) AS to_name, "
              "list(CAST(l.flow_id AS VARCHAR) ORDER BY l._order) AS flow_ids, " if details else "")
    return ranked + f""",
        gathered AS (
            SELECT l._flow, {listed}
                   count(DISTINCT l._article) AS articles, min(l._date) AS first, max(l._date) AS last
            FROM legs l SEMI JOIN pairs p USING (_flow)
            WHERE {where}
            GROUP BY l._flow
        )
        SELECT pf.id AS from_id, pt.id AS to_id, sc.status, p.people, p.reports, p.legs,
               g.* EXCLUDE (_flow)
        FROM pairs p JOIN gathered g USING (_flow)
        JOIN place_codes pf ON pf.code = p._from JOIN place_codes pt ON pt.code = p._to
        JOIN status_codes sc ON sc.code = p._status
        ORDER BY p.people DESC NULLS LAST, p.legs DESC, p."order" ASC
    """


def _places(build_dir: Path) -> dict[str, tuple[list[float], str]]:
    """``([lon, lat], name)`` of every place of ``places.parquet`` (WKB points; GeoJSON order, lon first)."""
    path = build_dir / PLACES_PARQUET
    if not path.exists():
        return {}
    con = _connect()
    try:
        rows = con.execute(f"SELECT place_id, geometry, name FROM read_parquet('{_quoted(path)}')").fetchall()
    finally:
        con.close()
    points = shapely.from_wkb([bytes(g) for _, g, _ in rows])
    xs, ys = shapely.get_x(points), shapely.get_y(points)
    return {pid: ([float(x), float(y)], name) for (pid, _, name), x, y in zip(rows, xs, ys)}


# ------------------------------------------------------------ one question, one load (tests, scripts)

def query_legs(build_dir: str | Path, spec: FilterSpec, columns: Collection[str] | None = None) -> pd.DataFrame:
    """:meth:`BuildQuery.legs` of a build loaded for this one question."""
    with BuildQuery(build_dir) as q:
        return q.legs(spec, columns)


def count_legs(build_dir: str | Path, spec: FilterSpec) -> int:
    """:meth:`BuildQuery.count` of a build loaded for this one question."""
    with BuildQuery(build_dir) as q:
        return q.count(spec)


def query_pair_flows(build_dir: str | Path, spec: FilterSpec, limit: int | None = None,
                     with_legs: bool = True) -> pd.DataFrame:
    """:meth:`BuildQuery.pair_flows` of a build loaded for this one question."""
    with BuildQuery(build_dir) as q:
        return q.pair_flows(spec, limit, with_legs)


def query_flow_legs(build_dir: str | Path, spec: FilterSpec, key: str,
                    columns: Collection[str] | None = None) -> pd.DataFrame:
    """:meth:`BuildQuery.flow_legs` of a build loaded for this one question."""
    with BuildQuery(build_dir) as q:
        return q.flow_legs(spec, key, columns)


def query_place_totals(build_dir: str | Path, spec: FilterSpec) -> pd.DataFrame:
    """:meth:`BuildQuery.place_totals` of a build loaded for this one question."""
    with BuildQuery(build_dir) as q:
        return q.place_totals(spec)
