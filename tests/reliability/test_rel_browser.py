"""Items 3 and 7 in a real browser (Debian's chromium): URL-parameter injection, tooltips escaped once.

The server runs on 127.0.0.1; every request the page makes is recorded, and
none may go to another host (an injected image would be fetched from it).
"""
from __future__ import annotations

from urllib.parse import urlencode, urlparse

import pytest

from pipeline.build.output import article_record, flows_collection, places_collection, write_build
from pipeline.records import Article, Citation, Mention, Place, Route
from pipeline.view import mapview
from pipeline.view.buildio import load_build

from dashboard import map_page
from test_browser import CHROMIUM, CHROMIUM_ARGS, hover_until_tooltip, need_chromium, screen_point, streamlit_server

from .test_rel_markdown import HOSTILE

pytestmark = [pytest.mark.browser, pytest.mark.reliability]

TRICKY = "Oral <b>&amp;</b> & <i>Co</i>"  # must read exactly so in the tooltip: not bold, not "&amp;amp;"
KALUGA = Place("geonames:1", "Kaluga", "city", "RU", 54.5, 36.3)
ORAL = Place("geonames:4", TRICKY, "city", "KZ", 51.2, 51.4)


def outside_hosts(requests: list[str]) -> list[str]:
    return sorted({urlparse(u).hostname for u in requests
                   if urlparse(u).scheme in ("http", "https", "ws", "wss")} - {"127.0.0.1"})


@pytest.mark.timeout(180)
def test_url_parameters_cannot_inject_links_or_images(tmp_path, battery):
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = tricky_build(tmp_path / "build")  # no quote holds a payload: the filter matches nothing
    with streamlit_server(build) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in ("image", "link", "bare_url", "html"):
                with battery.case(f"browser:url_injection:{name}"):
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                    requests: list[str] = []
                    page.on("request", lambda r: requests.append(r.url))
                    page.goto(url + "?" + urlencode({"text": HOSTILE[name]}))
                    page.get_by_text("No leg matches these filters").wait_for(timeout=60_000)
                    page.wait_for_timeout(1500)  # time for an injected image to be fetched, if it were one
                    assert outside_hosts(requests) == [], "the page asked another host"
                    assert page.locator("a[href*='evil'], img[src*='evil']").count() == 0
                    assert page.locator("strong", has_text="Session expired").count() == 0  # no markup either
                    message = page.get_by_text("No leg matches these filters").first.inner_text()
                    assert "evil.example" in message  # shown, as text
                    page.close()
        finally:
            browser.close()


def tricky_build(out):
    quote = "In October, Pavel drove from Kaluga to Oral with two friends."
    text = f"Leaving by road\n\n{quote}\n\nThe end."
    art = Article("trip", "trip.txt", text, title="By road", outlet="Steppe & <Review>", published="2022-10-05")
    start = text.index(quote)
    route = Route("r1", "trip", (KALUGA, ORAL), Citation("trip", start, start + len(quote), quote), people=5000)
    write_build(out, {"articles.json": [article_record(art)],
                      "places.geojson": places_collection([Mention("trip", 0, 1, p.name, p) for p in (KALUGA, ORAL)]),
                      "flows.geojson": flows_collection(route.legs(), {"trip": art.published})})
    return out


@pytest.mark.timeout(240)
def test_tooltips_show_text_as_written_escaped_once(tmp_path, battery):
    need_chromium()
    from playwright.sync_api import sync_playwright

    build = tricky_build(tmp_path / "build")
    loaded = load_build(build)
    view = mapview.make_deck(loaded.flows, loaded.places, online_basemap=True, fit_width=map_page.MAP_FIT_WIDTH,
                             height=map_page.MAP_HEIGHT).initial_view_state
    with battery.case("browser:tooltip_escaped_once"), streamlit_server(build) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            canvas = page.wait_for_selector("canvas#deckgl-overlay", state="attached", timeout=60_000)
            box = canvas.bounding_box()
            hover_until_tooltip(page, [screen_point(ORAL.lon, ORAL.lat, view, box)], "Co")
            tip = page.locator(".deck-tooltip")
            assert tip.locator("b").first.inner_text() == TRICKY
            assert tip.locator("b b, b i, i i").count() == 0  # the data's tags stayed text
        finally:
            browser.close()
