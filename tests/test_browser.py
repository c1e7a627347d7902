"""End to end in a real browser: Debian's chromium, driven by Playwright.

Starts ``streamlit run app.py`` on 127.0.0.1 against a small synthetic build,
waits for the deck.gl canvas, changes a filter and checks that the visible
count changes, that a screenshot can be taken, and that the page asked no
host but 127.0.0.1 for anything.
"""
from __future__ import annotations

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

from pipeline import synthetic

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


@pytest.fixture
def server(tmp_path):
    build = synthetic.write_synthetic_build(tmp_path / "build", synthetic.SyntheticSize(legs=40, places=30, articles=5))
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


def visible_count(page) -> tuple[int, int]:
    text = page.get_by_text(COUNT).first.inner_text(timeout=20_000)
    legs, articles = COUNT.search(text).groups()
    return int(legs.replace(",", "")), int(articles.replace(",", ""))


@pytest.mark.timeout(120)
def test_dashboard_in_chromium(server, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs it with apt-get (make chromium)")
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
            page.get_by_role("option", name="blocked").click()
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
