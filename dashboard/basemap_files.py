"""The offline base map's country fills and borders as files the browser fetches once.

In: a map's deck (:mod:`pipeline.view.mapview`). Out: the same deck whose
``countries`` and ``borders`` layers name a JSON file under Streamlit's
static folder (``app/static/basemap/``, :func:`pipeline.config.app_static_dir`)
instead of carrying 1.3 MB of outlines. Each file is written once, named by a
hash of its content. deck.gl loads a layer's URL once and keeps its drawing
while the URL stays the same, so a map redrawn for another zoom or filter
sends and re-reads only its own data: the outlines are not parsed,
triangulated and uploaded again. When the folder cannot be written the layers
keep their data inline, as before.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading

import pydeck

from pipeline import config
from pipeline.files import atomic_write_text

STATIC_LAYERS = ("countries", "borders")
URL_PATH = "app/static/basemap/"  # relative: the map page is the app's root page, under any base path
_KEPT = 16  # published data objects remembered (a few levels of detail, one border set)
_log = logging.getLogger(__name__)
_lock = threading.Lock()
# id(data) -> (data, file name). The data is held, so its id is never reused while listed;
# mapview builds each level's outlines once per process, so a hit costs no serialising.
_published: dict[int, tuple[object, str]] = {}


def file_name(layer_id: str, text: str) -> str:
    """``countries-<16 hex digits>.json``: the layer's name and a hash of the file's text."""
    return f"{layer_id}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}.json"


def publish(layer_id: str, data) -> str | None:
    """The URL of a static file holding ``data`` (written if missing), or None when it cannot be written."""
    with _lock:
        known = _published.get(id(data))
        if known and known[0] is data:
            return URL_PATH + known[1]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    name = file_name(layer_id, text)
    path = config.app_static_dir() / "basemap" / name
    try:
        if not path.is_file():
            atomic_write_text(path, text, durable=False)  # rebuilt from the base map when lost
    except OSError as exc:
        _log.warning("base map layers stay inline: cannot write %s (%s)", path, exc)
        return None
    with _lock:
        if len(_published) >= _KEPT:
            _published.pop(next(iter(_published)))
        _published[id(data)] = (data, name)
    return URL_PATH + name


def with_static_basemap(deck: pydeck.Deck) -> pydeck.Deck:
    """``deck`` with its base-map layers' data replaced by URLs (in place, before it is serialised)."""
    for layer in deck.layers:
        if layer.id in STATIC_LAYERS and not isinstance(layer.data, str):
            url = publish(layer.id, layer.data)
            if url:
                layer.data = url
    return deck
