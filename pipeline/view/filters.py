"""The one filter over legs, used by the dashboard, the URL state and the exporter.

Dates. A leg's *journey date* is the date of the movement when the text
gives one, else its article's publication date (:func:`pipeline.view.flows.leg_dates`):
``event_from``/``event_to`` filter on it, ``published_from``/``published_to``
on the publication date alone. A leg with no date for a range that is set
is left out unless ``include_undated`` (default False: a date range that is
set keeps only legs known to fall inside it; the app's "Also keep legs
without a date" box and the export's flag turn it on). Without a date range
nothing is left out for lack of a date.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from pipeline.config import MIN_CONFIDENCE
from pipeline.view.flows import leg_dates

COUNTRY_ROLES = ("either", "origin", "destination")


@dataclass(frozen=True)
class FilterSpec:
    """What an analyst asked to see. The default shows every leg that is likely right.

    Dates are ISO strings (``YYYY-MM-DD``); ranges are inclusive. The journey
    range reads a leg's journey date, or its publication date when the text
    gives none. Legs without the date a set range asks for are left out
    unless ``include_undated`` (default: left out; see the module). Legs
    below ``min_confidence`` are candidates that wait for review; a leg an
    analyst reviewed is always kept. ``min_confidence=0`` shows every candidate.
    """

    countries: tuple[str, ...] = ()
    country_role: str = "either"
    published_from: str | None = None
    published_to: str | None = None
    event_from: str | None = None
    event_to: str | None = None
    include_undated: bool = False
    articles: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    min_people: int = 0
    text: str = ""
    min_confidence: float = MIN_CONFIDENCE

    def __post_init__(self):
        if self.country_role not in COUNTRY_ROLES:
            raise ValueError(f"country_role must be one of {', '.join(COUNTRY_ROLES)}, not {self.country_role!r}")
        if self.min_people < 0:
            raise ValueError("min_people must be 0 or more")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError("min_confidence must be between 0 and 1")

    def is_default(self) -> bool:
        return self == FilterSpec()


def _in_range(values: pd.Series, low: str | None, high: str | None, keep_missing: bool) -> pd.Series:
    # ISO dates compare correctly as strings.
    present = values.notna() & (values.astype("string") != "")
    ok = pd.Series(True, index=values.index)
    if low:
        ok &= values.astype("string").fillna("") >= low
    if high:
        ok &= values.astype("string").fillna("") <= high
    if low or high:
        return (ok & present) | (~present & keep_missing)
    return ok


def filter_mask(flows: pd.DataFrame, spec: FilterSpec) -> pd.Series:
    """Boolean mask of the legs of ``flows`` that ``spec`` keeps."""
    if flows.empty:
        return pd.Series(dtype=bool)
    keep = pd.Series(True, index=flows.index)
    if spec.countries:
        wanted = {c.upper() for c in spec.countries}
        origin = flows["from_country"].isin(wanted)
        dest = flows["to_country"].isin(wanted)
        keep &= {"origin": origin, "destination": dest}.get(spec.country_role, origin | dest)
    keep &= _in_range(flows["published"], spec.published_from, spec.published_to, spec.include_undated)
    if spec.event_from or spec.event_to:
        keep &= _in_range(leg_dates(flows), spec.event_from, spec.event_to, spec.include_undated)
    if spec.articles:
        keep &= flows["article_id"].isin(spec.articles)
    if spec.outlets and "outlet" in flows:
        keep &= flows["outlet"].isin(spec.outlets)
    if spec.modes:
        keep &= flows["mode"].isin(spec.modes)
    if spec.statuses:
        keep &= flows["status"].isin(spec.statuses)
    if spec.min_people:
        keep &= pd.to_numeric(flows["people"], errors="coerce").fillna(0) >= spec.min_people
    if spec.text.strip():
        keep &= flows["quote"].fillna("").str.contains(spec.text.strip(), case=False, regex=False)
    if spec.min_confidence > 0 and "confidence" in flows:
        confident = pd.to_numeric(flows["confidence"], errors="coerce").fillna(0) >= spec.min_confidence
        reviewed = flows["reviewed"].fillna(False).astype(bool) if "reviewed" in flows else False
        keep &= confident | reviewed
    return keep


def apply_filters(flows: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The legs of ``flows`` that ``spec`` keeps, in their original order."""
    if flows.empty:
        return flows
    return flows[filter_mask(flows, spec)]


_LIST_FIELDS = {"countries", "articles", "outlets", "modes", "statuses"}


def to_query_params(spec: FilterSpec) -> dict[str, str]:
    """Encode the non-default parts of ``spec`` for a URL (``st.query_params``)."""
    out = {}
    default = FilterSpec()
    for f in fields(spec):
        value = getattr(spec, f.name)
        if value == getattr(default, f.name):
            continue
        if f.name in _LIST_FIELDS:
            out[f.name] = ",".join(value)
        elif isinstance(value, bool):
            out[f.name] = "1" if value else "0"
        else:
            out[f.name] = str(value)
    return out


def from_query_params(params: dict[str, str]) -> FilterSpec:
    """Decode URL parameters; unknown keys and malformed values are ignored."""
    spec = FilterSpec()
    values = {}
    for f in fields(spec):
        raw = params.get(f.name)
        if raw is None:
            continue
        if f.name in _LIST_FIELDS:
            values[f.name] = tuple(v for v in str(raw).split(",") if v)
        elif f.name == "include_undated":
            values[f.name] = str(raw) not in ("0", "false", "False")
        elif f.name == "min_people":
            try:
                values[f.name] = max(0, int(raw))
            except ValueError:
                continue
        elif f.name == "min_confidence":
            try:
                values[f.name] = min(1.0, max(0.0, float(raw)))
            except ValueError:
                continue
        elif f.name == "country_role":
            if raw in COUNTRY_ROLES:
                values[f.name] = raw
        else:
            values[f.name] = str(raw)
    return replace(spec, **values)


def describe(spec: FilterSpec) -> dict:
    """A plain dict of the spec, for logs and export metadata."""
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(spec).items()}
