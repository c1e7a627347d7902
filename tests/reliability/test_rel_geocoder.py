"""Item 5: the online geocoder on a bad network: bounded time, one warning line, only place-like names.

The endpoint is a socket on 127.0.0.1 that accepts connections and never
answers (or a closed port that refuses them). Before the fix each unknown
name cost ~61 s and ~90 lines of tracebacks.
"""
from __future__ import annotations

import socket
import time

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut

from pipeline.geoparse.geocode import (MIN_DELAY_S, NOT_ASKED_RULES, NominatimGeocoder, OfflineGeocoder,
                                       worth_asking)

from .kit import snapshot

pytestmark = pytest.mark.reliability

UNKNOWN = ("---\ntitle: Roads out\npublished: 2022-10-01\n---\n\n"
           "In October, Pavel drove from Qarshivka to Zorbatown with two friends. "
           "Later they went on to Blimpton and then to Krevetsk near the border.\n\n"
           "Russians fleeing conscription into Putin’s war are covered by the convention.\n")
SEED_SECONDS = 15


class Silent:
    """A TCP endpoint on 127.0.0.1 that completes every handshake and never sends a byte."""

    def __enter__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        return self

    def __exit__(self, *exc):
        self.sock.close()


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.mark.parametrize("text, name, asked", [
    pytest.param("They fled to Zorbatown in October.", "Zorbatown", True, id="after_a_cue"),
    pytest.param("Men fleeing conscription into Putin’s war.", "Putin", False, id="possessive_curly"),
    pytest.param("They went to Smith's house.", "Smith", False, id="possessive_straight"),
    pytest.param("Desperation Pushes Refugees to Extreme Routes\n\nText.", "Extreme Routes", False, id="headline"),
])
def test_only_names_read_as_places_are_asked_about(text, name, asked):
    start = text.index(name)
    assert worth_asking(text, start, start + len(name)) is asked
    assert len(NOT_ASKED_RULES) == 2


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.slept.append(s)
        self.now += s


class SlowClient:
    """Times out after ``cost`` seconds of the fake clock, or answers nothing."""

    def __init__(self, clock, cost=5.0, error=None):
        self.clock, self.cost, self.error, self.calls = clock, cost, error, []

    def geocode(self, name, **kw):
        self.calls.append((name, kw["timeout"]))
        self.clock.now += self.cost
        if self.error:
            raise self.error
        return None


def geocoder(tmp_path, tiny_gazetteer, client, clock, warnings, **kw):
    return NominatimGeocoder(OfflineGeocoder(tiny_gazetteer), tmp_path / "n.json", client=client, clock=clock,
                             sleep=clock.sleep, warn=warnings.append, **kw)


def test_the_first_failure_opens_the_breaker(tmp_path, tiny_gazetteer):
    clock, warnings = FakeClock(), []
    client = SlowClient(clock, error=GeocoderTimedOut("no answer"))
    geo = geocoder(tmp_path, tiny_gazetteer, client, clock, warnings)
    for name in ("Zorbatown", "Blimpton", "Krevetsk", "Kaluga"):
        geo.geocode(name)
    assert [c[0] for c in client.calls] == ["Zorbatown"]
    assert len(warnings) == 1 and "offline gazetteer" in warnings[0]
    assert geo.geocode("Kaluga").country_code == "RU"  # the offline answer


def test_the_time_budget_bounds_slow_answers(tmp_path, tiny_gazetteer):
    clock, warnings = FakeClock(), []
    client = SlowClient(clock, cost=3.0)  # answers "nothing found", slowly
    geo = geocoder(tmp_path, tiny_gazetteer, client, clock, warnings, budget_s=10.0)
    for i in range(20):
        geo.geocode(f"Place{i}")
    assert len(client.calls) == 4  # 3 s each (plus the 1 s pause between them) until 10 s are spent
    assert all(timeout <= 5.0 for _, timeout in client.calls)
    assert len(warnings) == 1 and "budget" in warnings[0]
    assert all(s <= MIN_DELAY_S for s in clock.slept)


def test_a_server_error_is_one_line_and_the_cache_may_be_unwritable(tmp_path, tiny_gazetteer):
    clock, warnings = FakeClock(), []
    (tmp_path / "n.json").mkdir()  # the cache file cannot be written: a folder is in its way
    client = SlowClient(clock, cost=0.1)
    geo = geocoder(tmp_path, tiny_gazetteer, client, clock, warnings)
    assert geo.geocode("Zorbatown") is None
    assert any("cache" in w for w in warnings)
    broken = geocoder(tmp_path, tiny_gazetteer, SlowClient(clock, error=GeocoderServiceError("502")), clock, [])
    assert broken.geocode("Kaluga").country_code == "RU"


def _build(project, url, battery, name, limit):
    before = snapshot(project.data)
    with battery.case(name):
        t0 = time.monotonic()
        done = project.cli("build", "--articles", str(project.articles), "--out", str(project.build), "-q",
                           "--geocoder", "nominatim", "--no-cache", timeout=120, EXODUS_NOMINATIM=url)
        seconds = time.monotonic() - t0
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        nominatim = [line for line in done.stderr.splitlines() if "nominatim" in line]
        assert len(nominatim) <= 1, done.stderr
        assert seconds < limit, f"{seconds:.1f} s"
        battery.nothing_lost(before, project.data)
    return seconds, nominatim


@pytest.mark.timeout(120)
def test_seed_build_with_a_geocoder_that_never_answers(project, battery):
    with Silent() as endpoint:
        seconds, lines = _build(project, endpoint.url, battery, "geocoder:seeds:never_answers", SEED_SECONDS)
    print(f"seed build, nominatim never answers: {seconds:.1f} s, {len(lines)} warning line(s)")


@pytest.mark.timeout(120)
def test_unknown_names_with_a_geocoder_that_never_answers(project, battery):
    (project.articles / "roads-out.md").write_text(UNKNOWN, encoding="utf-8")
    with Silent() as endpoint:
        seconds, lines = _build(project, endpoint.url, battery, "geocoder:unknown_names:never_answers",
                                SEED_SECONDS)
    assert len(lines) == 1 and "Qarshivka" in lines[0]
    print(f"seeds + 4 unknown names, nominatim never answers: {seconds:.1f} s, {len(lines)} warning line(s)")


@pytest.mark.timeout(120)
def test_unknown_names_with_a_refused_connection(project, battery):
    (project.articles / "roads-out.md").write_text(UNKNOWN, encoding="utf-8")
    seconds, lines = _build(project, closed_port_url(), battery, "geocoder:unknown_names:refused", SEED_SECONDS)
    assert len(lines) == 1
