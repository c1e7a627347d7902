"""End to end in a real browser: Debian's chromium, driven by Playwright.

Starts ``streamlit run app.py`` on 127.0.0.1 against a small build, waits
for the deck.gl canvas (never for network idle: Streamlit keeps a websocket
open), then: changes a filter and checks that the visible count changes,
takes a screenshot, checks that the page asked no host but 127.0.0.1 for
anything; on a one-leg build, clicks a place and the arc and reads the
details panel, and drags and wheel-zooms the map and reopens its address.

Clicks under software WebGL: deck.gl turns a pointer down/up pair into a
click only when both are handled within 250 ms, and the first pick after
the map loads can take longer. So a click is always preceded by a hover
that shows the tooltip (picking warmed up, as with a real mouse), and is
repeated once if the chart shows no selection.
"""
from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from dashboard import map_page
from dashboard.details import DETAILS_HINT
from pipeline.view import mapview
from pipeline.devtools import synthetic
from pipeline.view.buildio import load_build
from pipeline.build.output import article_record, flows_collection, places_collection, write_build
from pipeline.records import Article, Citation, Mention, Place, Route

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--enable-unsafe-swiftshader"]
COUNT = re.compile(r"([\d,]+) legs? from ([\d,]+) articles?")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


@contextlib.contextmanager
def streamlit_server(build: Path):
    """``streamlit run app.py`` on a free port of 127.0.0.1, showing ``build``; yields its URL."""
    port = free_port()
    env = {**os.environ, "EXODUS_BUILD_DIR": str(build)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def server(tmp_path):
    build = synthetic.write_synthetic_build(tmp_path / "build", synthetic.SyntheticSize(legs=40, places=30, articles=5))
    with streamlit_server(build) as url:
        yield url


def need_chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs it with apt-get (make chromium)")


def visible_count(page) -> tuple[int, int]:
    text = page.get_by_text(COUNT).first.inner_text(timeout=60_000)
    legs, articles = COUNT.search(text).groups()
    return int(legs.replace(",", "")), int(articles.replace(",", ""))


@pytest.mark.timeout(120)
def test_dashboard_in_chromium(server, tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(server)
            # The deck.gl canvas, not network idle (Streamlit keeps a websocket open).
            page.wait_for_selector("canvas#deckgl-overlay", state="attached", timeout=60_000)
            before = visible_count(page)
            assert before[0] == 40

            page.get_by_role("combobox", name="Status").first.click()
            page.keyboard.type("blocked")  # narrows the list, so the option is on screen however long it is
            page.get_by_role("option", name="blocked").click(timeout=60_000)
            page.keyboard.press("Escape")
            page.wait_for_function(
                "n => !document.body.innerText.includes(n + ' legs from')", arg=str(before[0]), timeout=20_000)
            after = visible_count(page)
            assert after[0] < before[0]
            assert "statuses=blocked" in page.url

            shot = tmp_path / "e2e.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            (ROOT / "data" / "cache").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(shot, ROOT / "data" / "cache" / "e2e.png")
        finally:
            browser.close()

    outside = sorted({urlparse(u).hostname for u in requests
                      if urlparse(u).scheme in ("http", "https", "ws", "wss")} - {"127.0.0.1"})
    assert outside == [], f"the page asked outside hosts: {outside}"
    assert not [e for e in errors if "net::ERR" in e or "Failed to fetch" in e], errors


# --- selecting on the map ------------------------------------------------------------

KALUGA = Place("geonames:1", "Kaluga", "city", "RU", 54.5, 36.3)
ORAL = Place("geonames:4", "Oral", "city", "KZ", 51.2, 51.4)
QUOTE = "In October, Pavel drove from Kaluga to Oral with two friends."
STORY = ("Leaving by road\n\nThe queues were long. " + QUOTE + " They waited a day at the border.\n\nThe end.")
TOOLTIP = ("() => { const t = document.querySelector('.deck-tooltip');"
           " return t && getComputedStyle(t).display !== 'none' ? t.innerText : '' }")


def write_one_leg_build(out: Path) -> Path:
    """One article, one leg (Kaluga -> Oral), so an arc and two places sit alone on the map."""
    path = out / "articles" / "trip.txt"
    path.parent.mkdir(parents=True)
    path.write_text(STORY, encoding="utf-8")
    art = Article("trip", str(path), STORY, title="By road to Oral", outlet="Steppe Review",
                  url="https://example.org/trip", published="2022-10-05")
    start = STORY.index(QUOTE)
    route = Route("r1", "trip", (KALUGA, ORAL), Citation("trip", start, start + len(QUOTE), QUOTE), mode="car",
                  people=5000, confidence=0.9)  # a wide arc (about 9 px): easy to hit
    write_build(out / "build", {
        "articles.json": [article_record(art)],
        "places.geojson": places_collection([Mention("trip", 0, 1, p.name, p) for p in (KALUGA, ORAL)]),
        "flows.geojson": flows_collection(route.legs(), {"trip": art.published}),
    })
    return out / "build"


def screen_point(lon: float, lat: float, view, box: dict) -> tuple[float, float]:
    """Where ``(lon, lat)`` is drawn on the canvas ``box`` by a Web Mercator ``view``."""
    def world(lo, la):  # deck.gl: the world is 512 * 2**zoom px wide
        size = 512 * 2 ** view.zoom
        y = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        return (lo + 180) / 360 * size, (1 - y / math.pi) / 2 * size

    (x, y), (cx, cy) = world(lon, lat), world(view.longitude, view.latitude)
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def tooltip_after(page, x: float, y: float, wait_ms: int) -> str:
    page.mouse.move(x, y)
    page.wait_for_timeout(wait_ms)
    return page.evaluate(TOOLTIP)


def hover_until_tooltip(page, points, wanted: str, timeout: float = 30.0) -> tuple[float, float]:
    """Hover ``points`` in turn until the tooltip names ``wanted``; a point that keeps showing it.

    The tooltip lags the pointer (picking is asynchronous), so a hit during
    the quick sweep is checked again slowly at that point and the ones just
    before it.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for k, (x, y) in enumerate(points):
            if wanted in tooltip_after(page, x, y, 60):
                for cx, cy in reversed(points[max(0, k - 4):k + 1]):
                    if wanted in tooltip_after(page, cx, cy, 500):
                        return cx, cy
    raise AssertionError(f"no tooltip with {wanted!r} within {timeout} s")


def select_at(page, sent: list, x: float, y: float, layer: str, shown: str) -> None:
    """Click the object of ``layer`` under ``(x, y)``; wait for the details panel to say ``shown``.

    ``sent`` collects the websocket frames the page sends: a selection is
    one, naming the layer. A click deck.gl dropped (no frame) or read as a
    click beside the object (a frame clearing the selection) is repeated.
    """
    for _ in range(3):
        before = len(sent)
        page.mouse.click(x, y)
        deadline = time.monotonic() + 8
        while len(sent) == before and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        marker = f'"indices":{{"{layer}"'.encode()
        if any(marker in (frame if isinstance(frame, bytes) else frame.encode()) for frame in sent[before:]):
            break
    # Until the rerun ends, the panel may still hold the previous selection's elements, marked stale.
    page.wait_for_function(
        "t => { const p = document.querySelector('.st-key-details');"
        " return p && p.innerText.includes(t) && !p.querySelector('[data-stale=\"true\"]') }",
        arg=shown, timeout=60_000)


@pytest.mark.timeout(240)
def test_clicking_a_place_and_an_arc_opens_their_details(tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = write_one_leg_build(tmp_path)
    loaded = load_build(build)
    # The view the app fits to the build (same code, same size).
    view = mapview.make_deck(loaded.flows, loaded.places, online_basemap=True, fit_width=map_page.MAP_FIT_WIDTH,
                             height=map_page.MAP_HEIGHT).initial_view_state
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sent: list = []
            page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
            page.goto(url)
            canvas = page.wait_for_selector("canvas#deckgl-overlay", state="attached", timeout=60_000)
            page.get_by_text(DETAILS_HINT[:30]).wait_for(timeout=30_000)
            box = canvas.bounding_box()

            # A place: its point is exactly at its coordinates.
            oral = screen_point(ORAL.lon, ORAL.lat, view, box)
            select_at(page, sent, *hover_until_tooltip(page, [oral], "Oral"), "places",
                      "in view start or end here")
            panel = page.locator(".st-key-details")
            assert panel.locator("h3").first.inner_text() == "Oral"
            assert page.evaluate(TOOLTIP) == ""  # the click put the hover tooltip away
            assert "Kaluga → Oral" in panel.inner_text()

            # The arc bends sideways from its chord: search along the chord's perpendicular bisector.
            (x0, y0), (x1, y1) = screen_point(KALUGA.lon, KALUGA.lat, view, box), oral
            length = math.hypot(x1 - x0, y1 - y0)
            nx, ny = -(y1 - y0) / length, (x1 - x0) / length
            reach = int(0.45 * length)
            ray = [((x0 + x1) / 2 + t * nx, (y0 + y1) / 2 + t * ny) for t in range(-reach, reach + 1, 2)]
            select_at(page, sent, *hover_until_tooltip(page, ray, "Kaluga → Oral"), "legs",
                      "People (largest reported)")
            assert panel.locator("h3").first.inner_text() == "Kaluga → Oral"
            assert "5,000 people" in panel.inner_text() and "Review this leg" in panel.inner_text()
            assert panel.locator("mark").inner_text() == QUOTE
            text = panel.inner_text()
            assert "The queues were long." in text and "By road to Oral" in text and "Steppe Review" in text
            page.screenshot(path=str(tmp_path / "selected.png"))
        finally:
            browser.close()


# --- sharing, time, tables, orientation, narrow screens -----------------------------------

def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_map(page, url: str):
    page.goto(url)
    canvas = page.wait_for_selector("canvas#deckgl-overlay", state="attached", timeout=60_000)
    page.get_by_text(COUNT).first.wait_for(timeout=30_000)
    return canvas


def params(page) -> dict:
    from urllib.parse import parse_qs

    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_param(page, key: str, different_from=None, timeout_ms: int = 30_000) -> str:
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        value = params(page).get(key)
        if value is not None and value != different_from:
            return value
        page.wait_for_timeout(200)
    raise AssertionError(f"the URL never got {key} (other than {different_from!r}): {page.url}")


def details_text(page, wanted: str) -> str:
    page.wait_for_function(
        "t => { const p = document.querySelector('.st-key-details');"
        " return p && p.innerText.includes(t) && !p.querySelector('[data-stale=\"true\"]') }",
        arg=wanted, timeout=60_000)
    return page.locator(".st-key-details").inner_text()


@pytest.mark.timeout(240)
def test_the_address_restores_selection_time_window_and_view(tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = write_one_leg_build(tmp_path)
    start = "?sel=place:geonames:4&lon=51.4&lat=51.2&zoom=4&event_from=2022-10-01&event_to=2022-10-31"
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_map(page, url + start)
            assert "in view start or end here" in details_text(page, "Oral")
            page.get_by_role("button", name="+", exact=True).click()
            assert wait_param(page, "zoom", "4") == "5"
            shared = page.url
            again = browser.new_page(viewport={"width": 1400, "height": 1000})
            canvas = open_map(again, shared)
            # The selection, the time window and the view are all back.
            assert details_text(again, "Oral").count("Kaluga → Oral") >= 1
            got = params(again)
            assert (got["sel"], got["event_from"], got["event_to"]) == ("place:geonames:4", "2022-10-01", "2022-10-31")
            assert (got["lon"], got["lat"], got["zoom"]) == ("51.4", "51.2", "5")
            # Oral is drawn where a view centred on it at zoom 5 puts it: the middle of the map.
            camera = mapview.pydeck.ViewState(longitude=51.4, latitude=51.2, zoom=5)
            hover_until_tooltip(again, [screen_point(ORAL.lon, ORAL.lat, camera, canvas.bounding_box())], "Oral")
        finally:
            browser.close()


# The view deck.gl draws, [lon, lat, zoom], read from its Deck as dashboard.map_scripts reads it.
DRAWN_VIEW = """() => {
  const canvas = document.querySelector('.st-key-map canvas#deckgl-overlay');
  const key = canvas && Object.keys(canvas).find((k) => k.startsWith('__reactFiber$'));
  for (let fiber = key ? canvas[key] : null; fiber; fiber = fiber.return) {
    for (let hook = fiber.memoizedState; hook && typeof hook === 'object' && 'next' in hook; hook = hook.next) {
      const deck = hook.memoizedState && hook.memoizedState.current && hook.memoizedState.current.deck;
      if (deck && deck.getViewports) { const v = deck.getViewports()[0]; return [v.longitude, v.latitude, v.zoom]; }
    }
  }
  return null;
}"""


def url_camera(page) -> mapview.pydeck.ViewState:
    got = params(page)
    return mapview.pydeck.ViewState(longitude=float(got["lon"]), latitude=float(got["lat"]), zoom=float(got["zoom"]))


def camera_reports(sent: list) -> int:
    """Websocket frames that report a camera (the page's script sends one per gesture that moved the map)."""
    return sum(b'"camera"' in (f if isinstance(f, bytes) else f.encode()) for f in sent)


def wait_drawn(page, camera, timeout_ms: int = 60_000) -> None:
    """Until the map draws exactly ``camera`` (a view the server sent it to)."""
    page.wait_for_function(
        f"c => {{ const v = ({DRAWN_VIEW})(); return v && v.every((x, i) => Math.abs(x - c[i]) < 1e-9) }}",
        arg=[camera.longitude, camera.latitude, camera.zoom], timeout=timeout_ms)


MAP_SPEC = b'"@@type":"MapView"'  # in every map the server sends


def drawn_view(page) -> tuple[float, float, float]:
    return tuple(page.evaluate(DRAWN_VIEW))


def shows(page, camera) -> bool:
    """Whether the map draws ``camera`` up to the address's rounding (4 decimals, 2 for the zoom)."""
    lon, lat, zoom = drawn_view(page)
    return abs(lon - camera.longitude) < 6e-5 and abs(lat - camera.latitude) < 6e-5 and abs(zoom - camera.zoom) < 6e-3


@pytest.mark.timeout(300)
def test_panning_and_wheel_zooming_keep_the_view_in_the_address(tmp_path):
    """A drag and a wheel zoom each write the view into the address once, and the session follows without
    moving the map; the buttons start from there, "Reset view" comes back from there, the address reopens it."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = write_one_leg_build(tmp_path)
    loaded = load_build(build)
    fitted = mapview.make_deck(loaded.flows, loaded.places, fit_width=map_page.MAP_FIT_WIDTH,
                               height=map_page.MAP_HEIGHT).initial_view_state
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            sent: list = []
            received: list = []

            def watch(ws):
                ws.on("framesent", lambda frame: sent.append(frame))
                ws.on("framereceived", lambda frame: received.append(frame))

            page.on("websocket", watch)
            box = open_map(page, url + "?lon=51.4&lat=51.2&zoom=4").bounding_box()  # Oral in the middle
            page.wait_for_timeout(1000)
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

            # Drag the map left and down: the view moves east and north.
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x - 150, y + 60, steps=10)
            page.mouse.up()
            before = len(received)
            wait_param(page, "lon", "51.4")
            dragged = url_camera(page)
            assert dragged.longitude > 53 and dragged.latitude > 52 and dragged.zoom == 4
            assert shows(page, dragged)  # the address holds the view drawn
            page.get_by_text(COUNT).first.wait_for(timeout=30_000)
            page.wait_for_timeout(2000)
            assert camera_reports(sent) == 1  # one report per gesture, and no loop
            # The server's rerun did not send the map again.
            assert not [f for f in received[before:] if MAP_SPEC in (f if isinstance(f, bytes) else f.encode())]
            assert shows(page, dragged)
            # The address's view is the one drawn: Oral is where that view puts it.
            oral = hover_until_tooltip(page, [screen_point(ORAL.lon, ORAL.lat, dragged, box)], "Oral")

            # Zoom in with the wheel over Oral: the zoom grows, Oral stays under the pointer.
            before = len(received)
            page.mouse.wheel(0, -240)
            wait_param(page, "zoom", "4")
            zoomed = url_camera(page)
            assert zoomed.zoom > 4.3 and shows(page, zoomed)
            assert math.dist(screen_point(ORAL.lon, ORAL.lat, zoomed, box), oral) < 3
            page.wait_for_timeout(2000)
            assert camera_reports(sent) == 2 and shows(page, zoomed)
            # Redrawn for the new zoom (places merge by zoom), and left where the user put it.
            assert [f for f in received[before:] if MAP_SPEC in (f if isinstance(f, bytes) else f.encode())]

            # The buttons start from the view the gestures left.
            before = params(page)
            page.get_by_role("button", name="+", exact=True).click()
            assert float(wait_param(page, "zoom", before["zoom"])) == round(zoomed.zoom + 1, 2)
            assert (params(page)["lon"], params(page)["lat"]) == (before["lon"], before["lat"])
            shared = url_camera(page)
            wait_drawn(page, shared)

            # The address reopens that view.
            again = browser.new_page(viewport={"width": 1400, "height": 1000})
            box = open_map(again, page.url).bounding_box()
            assert params(again) == params(page)
            wait_drawn(again, shared)
            hover_until_tooltip(again, [screen_point(ORAL.lon, ORAL.lat, shared, box)], "Oral")

            # "Reset view" after a drag: the view fitted to the journeys, and no camera in the address.
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            again.mouse.move(x, y)
            again.mouse.down()
            again.mouse.move(x + 80, y - 40, steps=8)
            again.mouse.up()
            wait_param(again, "lon", params(page)["lon"])
            again.get_by_role("button", name="Reset view").click()
            again.wait_for_function("() => !location.search.includes('lon=')", timeout=30_000)
            wait_drawn(again, fitted)
        finally:
            browser.close()


@pytest.mark.timeout(240)
def test_play_steps_the_time_window_through_the_weeks(server):
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_map(page, server)
            page.get_by_role("button", name="Play by week").click()
            first = wait_param(page, "event_to")
            second = wait_param(page, "event_to", first)
            assert second > first  # ISO dates: a later week
            assert params(page)["event_from"] == "2022-09-11"  # the legs appear: the start stays
            page.get_by_text(re.compile(r"Week \d+ of \d+: journeys from")).first.wait_for(timeout=20_000)
            page.get_by_role("button", name="Pause").click()
        finally:
            browser.close()


@pytest.mark.timeout(240)
def test_selecting_a_table_row_opens_its_details(tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = write_one_leg_build(tmp_path)
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            open_map(page, url)
            grid = page.locator(".stDataFrame").first
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            # The row-selection column is the grid's first, left of "From"; row 0 is under the header.
            page.mouse.click(box["x"] + 14, box["y"] + 35 + 17)
            text = details_text(page, "Selected leg: Kaluga → Oral")
            assert "In October, Pavel drove from Kaluga to Oral" in text
            assert "sel=leg" in page.url
        finally:
            browser.close()


def _dark_pixels(png: bytes) -> int:
    """Pixels of text (darker than the land, borders and names' halo) in a page screenshot."""
    from io import BytesIO

    from PIL import Image

    return sum(1 for v in Image.open(BytesIO(png)).convert("L").get_flattened_data() if v < 120)


@pytest.mark.timeout(240)
def test_city_names_appear_as_the_map_zooms_in(tmp_path):
    """Zoomed out on the Caucasus no city is named; zoomed in, Grozny's name is drawn at its place."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = write_one_leg_build(tmp_path)
    grozny = "&lon=45.689&lat=43.312"  # the view's centre: the label sits in the middle of the canvas
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = launch(pw)
        try:
            counts = {}
            for zoom in ("1.5", "6"):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                canvas = open_map(page, f"{url}?zoom={zoom}{grozny}")
                page.wait_for_timeout(3000)  # labels are laid out after the first frames
                box = canvas.bounding_box()
                cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                counts[zoom] = _dark_pixels(page.screenshot(clip={"x": cx - 40, "y": cy - 9, "width": 80, "height": 18}))
                page.close()
            assert counts["6"] > 40 > counts["1.5"], counts
        finally:
            browser.close()


@pytest.mark.timeout(240)
def test_phone_width_layout(server):
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            canvas = open_map(page, server)
            page.wait_for_timeout(1000)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert canvas.bounding_box()["width"] <= 390
            # Nothing selected: the details are one short hint, not an empty box as tall as the map.
            assert page.locator(".st-key-details").bounding_box()["height"] < 200
            controls = page.locator(".st-key-map_controls").bounding_box()
            assert controls["height"] < 60  # zoom buttons in one row
        finally:
            browser.close()
