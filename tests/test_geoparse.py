import pytest

from pipeline.geoparse import geoparse, is_sentence_initial, title_case_lines, tokenize, unknown_locatives, find_matches
from pipeline.records import Article


def places(gaz, text):
    return [(m.surface, m.place.name, m.place.kind, m.place.country_code)
            for m in geoparse(Article("t", "t.txt", text), gaz)]


@pytest.mark.parametrize("text, expected", [
    pytest.param("Russians crossed into Georgia as Russia mobilised.",
                 [("Georgia", "Georgia", "country", "GE"), ("Russia", "Russia", "country", "RU")],
                 id="georgia_the_country"),
    pytest.param("She moved to Atlanta, Georgia, in May.",
                 [("Atlanta", "Atlanta", "city", "US"), ("Georgia", "Georgia", "region", "US")],
                 id="georgia_the_us_state_after_a_us_city"),
    pytest.param("He left St Petersburg for Kazakhstan.",
                 [("St Petersburg", "Saint Petersburg", "city", "RU"), ("Kazakhstan", "Kazakhstan", "country", "KZ")],
                 id="multi_word_name_first"),
    pytest.param("In Uralsk, locals opened their homes.", [("Uralsk", "Oral", "city", "KZ")],
                 id="alternate_name"),
    pytest.param("Back in Oral, space is at a premium.", [("Oral", "Oral", "city", "KZ")],
                 id="common_word_city_after_locative"),
    pytest.param("They waited in Kazakhstan’s Kostanay region for days.",
                 [("Kazakhstan", "Kazakhstan", "country", "KZ"), ("Kostanay region", "Kostanay", "region", "KZ")],
                 id="region_word_after_base_name"),
    pytest.param("Officials spoke from the Turkestan region of Kazakhstan.",
                 [("Turkestan region", "Turkistan Oblast", "region", "KZ"), ("Kazakhstan", "Kazakhstan", "country", "KZ")],
                 id="region_of_a_city_named_like_it"),
    pytest.param("The photographer made the crossing near Tasqala in Kazakhstan.",
                 [("Tasqala", "Tasqala", "city", "KZ"), ("Kazakhstan", "Kazakhstan", "country", "KZ")],
                 id="small_town_with_cue_and_country"),
    pytest.param("Refugees reached the camps near Cox's Bazar in Bangladesh.",
                 [("Cox's Bazar", "Cox's Bazar", "city", "BD"), ("Bangladesh", "Bangladesh", "country", "BD")],
                 id="apostrophe_inside_a_name"),
    pytest.param("Queues grew at the Tasqala checkpoint overnight.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="small_town_before_a_crossing_noun"),
    pytest.param("One man cycled to the Norwegian border from Murmansk.",
                 [("Norwegian", "Norway", "country", "NO"), ("Murmansk", "Murmansk", "city", "RU")],
                 id="demonym_before_border"),
])
def test_places_found(tiny_gazetteer, text, expected):
    assert places(tiny_gazetteer, text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("Vladimir Putin announced a mobilisation.", id="first_name_of_a_person"),
    pytest.param("The speech by President Vladimir was short.", id="after_a_title"),
    pytest.param("Most of them had never travelled.", id="common_word_starting_a_sentence"),
    pytest.param("The owner told Current Time that he was busy.", id="part_of_a_larger_name"),
    pytest.param("Car queues grew by the hour.", id="acronym_needs_capitals"),
    pytest.param("Tasqala said nothing more.", id="speaker_not_place"),
    pytest.param("Nations of Central Asia and the Soviet Union.", id="macro_regions_and_historical_states"),
    pytest.param("Kazakh volunteers served tea.", id="demonym_alone"),
])
def test_non_places_rejected(tiny_gazetteer, text):
    assert places(tiny_gazetteer, text) == []


def test_mention_offsets_point_into_the_text(tiny_gazetteer):
    text = "From Moscow, he flew to Tbilisi, Georgia."
    for m in geoparse(Article("t", "t.txt", text), tiny_gazetteer):
        assert text[m.start:m.end] == m.surface


@pytest.mark.parametrize("text, pos, expected", [
    pytest.param("Hello. Moscow is big.", 7, True, id="after_period"),
    pytest.param("“Moscow,” he said.", 1, True, id="after_opening_quote"),
    pytest.param("He saw Moscow.", 7, False, id="mid_sentence"),
])
def test_is_sentence_initial(text, pos, expected):
    assert is_sentence_initial(text, pos) is expected


def test_title_case_lines():
    text = "Central Asian Nations Receive the Bulk of Refugees\nMost of them arrived by car."
    assert [text[a:b] for a, b in title_case_lines(text)] == ["Central Asian Nations Receive the Bulk of Refugees"]


def test_unknown_locatives_are_only_names_after_a_cue(tiny_gazetteer):
    text = "They drove from Gyumri to Moscow. Then Anna said hello."
    tokens = tokenize(text)
    found = unknown_locatives(text, tokens, find_matches(text, tokens, tiny_gazetteer), tiny_gazetteer)
    assert [s for _, _, s in found] == ["Gyumri"]
