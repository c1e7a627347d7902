"""The map's own state in the URL: what is selected and where the map looks.

Pure. A selection is ``(kind, id)``: ``("flow", key)`` for an arc
(:func:`pipeline.view.flows.flow_key`), ``("leg", flow_id)`` for one leg
(a row of the legs table), ``("place", place_id)``. The view is a
:class:`Camera` (centre and zoom). Both travel in the URL beside the filters
(``sel=place:geonames:1``, ``lon=44.6&lat=42.7&zoom=6.5``), so a copied
address reopens the same map, selection and details. Malformed values are
ignored, never an error: anyone can edit an address.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SELECTION_KINDS = ("flow", "leg", "place")
SELECTION_PARAM = "sel"
CAMERA_PARAMS = ("lon", "lat", "zoom")
MIN_ZOOM, MAX_ZOOM = 0.0, 12.0
# Web Mercator's edge: deck.gl's map reaches it, so a view panned to the top still round-trips.
MAX_LATITUDE = 85.051129
ZOOM_STEP = 1.0
_MAX_ID = 400  # characters; ids are short, an address is not a place to store text


@dataclass(frozen=True)
class Camera:
    """Where the map looks: centre (degrees) and deck.gl zoom."""

    longitude: float
    latitude: float
    zoom: float

    def as_view(self) -> dict:
        """The pydeck view state."""
        return {"longitude": self.longitude, "latitude": self.latitude, "zoom": self.zoom, "pitch": 0, "bearing": 0}


def _number(raw, low: float, high: float) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return round(value, 4) if math.isfinite(value) and low <= value <= high else None


def camera_from_params(params: dict) -> Camera | None:
    """The camera in URL parameters, or None when any of ``lon``, ``lat``, ``zoom`` is missing or out of range."""
    lon = _number(params.get("lon"), -180.0, 180.0)
    lat = _number(params.get("lat"), -MAX_LATITUDE, MAX_LATITUDE)
    zoom = _number(params.get("zoom"), MIN_ZOOM, MAX_ZOOM)
    return None if None in (lon, lat, zoom) else Camera(lon, lat, zoom)


def camera_params(camera: Camera | None) -> dict[str, str]:
    """URL parameters for ``camera`` (none for the fitted first view).

    The map page's script writes the same text into the address after a pan
    or a zoom (same rounding), so the server's own write that follows changes nothing.
    """
    if camera is None:
        return {}
    return {"lon": f"{camera.longitude:.4f}".rstrip("0").rstrip("."),
            "lat": f"{camera.latitude:.4f}".rstrip("0").rstrip("."),
            "zoom": f"{camera.zoom:.2f}".rstrip("0").rstrip(".")}


def zoomed(camera: Camera, steps: float) -> Camera:
    """``camera`` zoomed in (positive ``steps``) or out, kept within the map's zoom range."""
    zoom = min(MAX_ZOOM, max(MIN_ZOOM, camera.zoom + steps * ZOOM_STEP))
    return Camera(camera.longitude, camera.latitude, round(zoom, 2))


def selection_from_params(params: dict) -> tuple[str, str] | None:
    """``(kind, id)`` from ``sel=kind:id``, or None when absent or malformed."""
    raw = params.get(SELECTION_PARAM)
    if not isinstance(raw, str) or ":" not in raw or len(raw) > _MAX_ID:
        return None
    kind, _, ident = raw.partition(":")
    return (kind, ident) if kind in SELECTION_KINDS and ident.strip() else None


def selection_params(selection: tuple[str, str] | None) -> dict[str, str]:
    """URL parameters for ``selection``."""
    if not selection:
        return {}
    return {SELECTION_PARAM: f"{selection[0]}:{selection[1]}"}
