import json

import pytest
from geopy.exc import GeocoderTimedOut

from pipeline.geoparse.geocode import NominatimGeocoder, OfflineGeocoder, make_geocoder, place_from_nominatim


class FakeLocation:
    def __init__(self, raw):
        self.raw = raw


class FakeClient:
    """Stands in for geopy's Nominatim: no test touches the network."""

    def __init__(self, answer=None, error=None):
        self.answer, self.error, self.calls = answer, error, 0

    def geocode(self, query, **kwargs):
        self.calls += 1
        if self.error:
            raise self.error
        return FakeLocation(self.answer) if self.answer else None


GYUMRI = {"lat": "40.7894", "lon": "43.8475", "name": "Gyumri", "addresstype": "city",
          "osm_type": "relation", "osm_id": 123, "address": {"country_code": "am"}}


def test_place_from_nominatim_keeps_lat_and_lon_apart():
    place = place_from_nominatim(GYUMRI)
    assert (place.lat, place.lon) == (40.7894, 43.8475)
    assert place.kind == "city" and place.country_code == "AM"


def test_place_from_nominatim_rejects_bad_rows():
    assert place_from_nominatim({"name": "x"}) is None


def test_nominatim_answers_are_cached_on_disk(tmp_path, tiny_gazetteer):
    client = FakeClient(GYUMRI)
    geo = NominatimGeocoder(OfflineGeocoder(tiny_gazetteer), tmp_path / "n.json", client=client)
    assert geo.geocode("Gyumri").name == "Gyumri"
    assert geo.geocode("Gyumri").name == "Gyumri"
    assert client.calls == 1
    again = NominatimGeocoder(OfflineGeocoder(tiny_gazetteer), tmp_path / "n.json", client=FakeClient(error=OSError()))
    assert again.geocode("Gyumri").name == "Gyumri"
    assert "gyumri|" in json.loads((tmp_path / "n.json").read_text())


def test_nominatim_failure_falls_back_to_offline(tmp_path, tiny_gazetteer, capsys):
    geo = NominatimGeocoder(OfflineGeocoder(tiny_gazetteer), tmp_path / "n.json",
                            client=FakeClient(error=GeocoderTimedOut("slow")))
    assert geo.geocode("Kaluga").country_code == "RU"
    assert "offline gazetteer" in capsys.readouterr().err


def test_offline_is_the_default(tiny_gazetteer, tmp_path, monkeypatch):
    monkeypatch.delenv("EXODUS_GEOCODER", raising=False)
    assert make_geocoder(None, tiny_gazetteer, tmp_path) is None
    with pytest.raises(ValueError, match="unknown geocoder"):
        make_geocoder("google", tiny_gazetteer, tmp_path)
