"""The map's scripts in the browser: the tooltip put away on a click, and the view followed after a gesture.

In: nothing but trusted code (no data goes into these scripts). Out: two
``st.components.v2`` components the map page mounts beside the map.

``st.pydeck_chart`` tells Python what was selected, never where the map
looks. So after a gesture ends (the pointer up, the wheel still, a
double-click's or a key's animation over) the script finds deck.gl's ``Deck``
through the React fiber of its canvas (the ref of Streamlit's DeckGL
component), reads the view it draws (``deck.getViewports()``), writes
the centre and zoom into the address (``history.replaceState``, the names and
rounding of :func:`pipeline.view.mapstate.camera_params`) and sends them to
Python once: one rerun per gesture that moved the map, none for a click, and
none for a view the server draws (the script listens to the user's events,
not to view changes).
"""
from __future__ import annotations

import streamlit as st

from pipeline.view import mapstate

CAMERA_KEY = "camera_sync"

# A click on the map hides deck.gl's tooltip until the pointer moves again (otherwise
# the hover tooltip of what was clicked stays over the details and the map while the
# page reruns).
_TOOLTIP_JS = """
export default function () {
  if (window.__exodusTooltipOnClick) return;
  window.__exodusTooltipOnClick = true;
  const style = document.createElement("style");
  style.textContent = "body.exodus-clicked .deck-tooltip { display: none !important; }";
  document.head.appendChild(style);
  let at = null;
  document.addEventListener("pointerdown", (event) => {
    if (event.target && event.target.id === "deckgl-overlay") {
      at = [event.clientX, event.clientY];
      document.body.classList.add("exodus-clicked");
    }
  }, true);
  document.addEventListener("pointermove", (event) => {
    if (at && Math.hypot(event.clientX - at[0], event.clientY - at[1]) > 4) {
      at = null;
      document.body.classList.remove("exodus-clicked");
    }
  }, true);
}
"""

# The page's listeners are installed once; every mount (each rerun) hands them its
# reporter. The component's function runs again whenever Streamlit redraws it, without
# clearing up the previous run, hence the guard on window.
_CAMERA_JS = """
const PARAMS = ["lon", "lat", "zoom"];
const QUIET_MS = 300;   // after the last event of a gesture
const STEADY_MS = 150;  // the view must hold still this long (double-click and key zooms animate)

function canvas() {
  return document.querySelector(".st-key-map canvas#deckgl-overlay");
}

// deck.gl's React component keeps its Deck in a ref (a hook of the canvas's ancestor). The
// ref is one object for the component's life; the props a DOM node's fiber shows can be a
// render old (React alternates two fibers), so the view is read from the Deck itself.
function deck() {
  const element = canvas();
  const key = element && Object.keys(element).find((k) => k.startsWith("__reactFiber$"));
  for (let fiber = key ? element[key] : null; fiber; fiber = fiber.return) {
    for (let hook = fiber.memoizedState; hook && typeof hook === "object" && "next" in hook; hook = hook.next) {
      const ref = hook.memoizedState;
      const found = ref && typeof ref === "object" && ref.current && ref.current.deck;
      if (found && typeof found.getViewports === "function") return found;
    }
  }
  return null;
}

// mapstate.camera_params: 4 decimals for the centre, 2 for the zoom, no trailing zeros.
function fixed(value, digits) {
  return value.toFixed(digits).replace(/\\.?0+$/, "");
}

function camera() {
  const found = deck();
  const view = found && found.getViewports()[0];
  if (!view || ![view.longitude, view.latitude, view.zoom].every(Number.isFinite)) return null;
  return { lon: fixed(view.longitude, 4), lat: fixed(view.latitude, 4), zoom: fixed(view.zoom, 2) };
}

function sameCamera(a, b) {
  return !!a && !!b && PARAMS.every((k) => a[k] === b[k]);
}

// The other parameters keep their text and order; the camera goes last, as the server writes it.
function writeAddress(cam) {
  const kept = location.search.replace(/^\\?/, "").split("&")
    .filter((part) => part && !PARAMS.some((k) => part.startsWith(k + "=")));
  const query = kept.concat(PARAMS.map((k) => k + "=" + cam[k])).join("&");
  history.replaceState(history.state, "", location.pathname + "?" + query + location.hash);
}

function install(sync) {
  const pointers = new Set();
  let before = null;  // the camera when the gesture began
  let seen = null;    // the last camera read while waiting for the view to hold still
  let timer = 0;

  const onMap = (event) => {
    const element = canvas();
    return !!element && !!element.parentElement && element.parentElement.contains(event.target);
  };
  const later = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(settle, ms);
  };
  const begin = (event) => {
    if (!onMap(event)) return false;
    clearTimeout(timer);
    if (before === null) before = camera();
    return true;
  };
  function settle() {
    if (pointers.size > 0 || before === null) return;
    const now = camera();
    if (now === null) {  // the map went away (a rerun replaced it): nothing to report
      before = seen = null;
      return;
    }
    if (!sameCamera(now, seen)) {
      seen = now;
      later(STEADY_MS);
      return;
    }
    const moved = !sameCamera(now, before);
    before = seen = null;
    if (moved) {
      writeAddress(now);
      if (sync.report) sync.report("camera", now);
    }
  }
  const end = (event) => {
    if (!pointers.delete(event.pointerId) || before === null) return;
    if (pointers.size === 0) later(QUIET_MS);
  };

  document.addEventListener("pointerdown", (event) => {
    if (begin(event)) pointers.add(event.pointerId);
  }, true);
  document.addEventListener("pointerup", end, true);
  document.addEventListener("pointercancel", end, true);
  for (const type of ["wheel", "dblclick", "keydown"]) {
    document.addEventListener(type, (event) => {
      if (begin(event)) later(QUIET_MS);
    }, { capture: true, passive: true });
  }
}

export default function ({ setTriggerValue }) {
  const sync = window.__exodusCameraSync || (window.__exodusCameraSync = { report: null });
  sync.report = setTriggerValue;
  if (!sync.installed) {
    sync.installed = true;
    install(sync);
  }
  return () => {
    if (sync.report === setTriggerValue) sync.report = null;
  };
}
"""

_tooltip_on_click = st.components.v2.component("exodus_map.tooltip_on_click", js=_TOOLTIP_JS)
_camera_sync = st.components.v2.component("exodus_map.camera_sync", js=_CAMERA_JS)


def reported_camera(value) -> mapstate.Camera | None:
    """The camera the browser reported (``{"lon", "lat", "zoom"}`` as text), or None when malformed.

    The report comes from the page, so it is read like an address: anything out of range is ignored.
    """
    return mapstate.camera_from_params(value) if isinstance(value, dict) else None


def map_scripts(on_camera) -> None:
    """Mount both scripts; ``on_camera(camera)`` runs (before the page's rerun) when a gesture moved the map."""
    def moved() -> None:
        cam = reported_camera((st.session_state.get(CAMERA_KEY) or {}).get("camera"))
        if cam is not None:
            on_camera(cam)

    _tooltip_on_click(key="tooltip_on_click")
    _camera_sync(key=CAMERA_KEY, on_camera_change=moved)
