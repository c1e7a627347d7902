import pytest

from pipeline.gazetteer import english_region_name, name_key, region_base_keys, usable_alias


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
