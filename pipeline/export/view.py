"""What an export shows: the legs a filter keeps and the places the app draws with them.

In: a loaded build and a :class:`~pipeline.view.filters.FilterSpec`. Out:
the legs and places frames of that view, through the same functions the
dashboard uses (:func:`~pipeline.view.filters.apply_filters`,
:func:`~pipeline.view.mapview.visible_places`).
"""
from __future__ import annotations

import pandas as pd

from pipeline.export.errors import ExportError
from pipeline.view import filters, mapview
from pipeline.view.buildio import Build


def view_legs(build: Build, spec: filters.FilterSpec) -> pd.DataFrame:
    """The legs ``spec`` keeps: the one shared filter, nothing else (through DuckDB for a large build)."""
    legs = build.query.legs(spec, with_paths=True) if build.query is not None else filters.apply_filters(build.flows, spec)
    if legs.empty:
        raise ExportError("no legs match the filters: nothing to export (loosen the filters)")
    return legs


def view_places(build: Build, legs: pd.DataFrame, spec: filters.FilterSpec) -> pd.DataFrame:
    """The places the app draws for this view (:func:`pipeline.view.mapview.visible_places`)."""
    return mapview.visible_places(build.places, legs, everything=spec.is_default())
