import pytest

from pipeline.geoparse import find_matches, geoparse, is_sentence_initial, parse, title_case_lines, tokenize, unknown_locatives
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
    pytest.param("Deportation flights landed in Port-au-Prince.", [("Port-au-Prince", "Port-au-Prince", "city", "HT")],
                 id="hyphenated_name_with_a_french_connector"),
    pytest.param("The last bus reached Kostanay Sunday night.", [("Kostanay", "Kostanay", "city", "KZ")],
                 id="a_weekday_after_a_name_is_not_part_of_it"),
    pytest.param("Their dinghy crossed the Strait of Gibraltar at dawn.",
                 [("Strait of Gibraltar", "Strait of Gibraltar", "border_crossing", "MA")], id="a_corridor_is_a_place"),
    pytest.param("The ferry waited off Tasqala all night.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="off_is_a_locative_cue"),
    pytest.param("Families who escaped Tasqala walked for days.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="a_place_escaped_is_a_place"),
    pytest.param("A man died near the town of Commerce overnight.", [("Commerce", "Commerce", "city", "US")],
                 id="a_common_word_after_the_town_of"),
    pytest.param("The last bus bound for Commerce was full.", [("Commerce", "Commerce", "city", "US")],
                 id="a_common_word_bound_for"),
    pytest.param("They drove all night from Russia’s capital.", [("Russia’s capital", "Moscow", "city", "RU")],
                 id="a_countrys_capital_is_its_capital_city"),
    pytest.param("Buses kept arriving in the capital of Georgia.", [("capital of Georgia", "Tbilisi", "city", "GE")],
                 id="the_capital_of_a_country"),
    pytest.param("Hundreds queued for visas in the Georgian capital.", [("Georgian capital", "Tbilisi", "city", "GE")],
                 id="a_demonyms_capital"),
    pytest.param("She flew out of Russia’s capital, Moscow, at dawn.",
                 [("Russia", "Russia", "country", "RU"), ("Moscow", "Moscow", "city", "RU")],
                 id="a_capital_named_after_it_keeps_its_own_name"),
    pytest.param("In Tbilisi, the capital of Georgia, rents doubled.",
                 [("Tbilisi", "Tbilisi", "city", "GE"), ("Georgia", "Georgia", "country", "GE")],
                 id="a_capital_named_before_it_keeps_its_own_name"),
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
    pytest.param("Oral, a 24-year-old engineer, said he left.", id="a_name_with_an_age_is_a_person"),
    pytest.param("Norwegian border guards counted the cars.", id="the_guards_of_a_border_are_not_the_border"),
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


# --------------------------------------------------------------------------
# General news: one example sentence per mechanism (see the rule tables in
# pipeline/geoparse/rules.py and the resolver in pipeline/geoparse/resolve.py).

@pytest.mark.parametrize("text, expected", [
    pytest.param("Flooding closed roads across Lamar County overnight.",
                 [("Lamar County", "Lamar County", "other", "US")], id="second_level_area_by_full_name"),
    pytest.param("A teacher from Paris, Tenn., won the prize.",
                 [("Paris", "Paris", "city", "US"), ("Tenn.", "Tennessee", "region", "US")],
                 id="town_comma_state_abbreviation"),
    pytest.param("The mayor of Paris met farmers from Lamar County and other parts of Texas.",
                 [("Paris", "Paris", "city", "US"), ("Lamar County", "Lamar County", "other", "US"),
                  ("Texas", "Texas", "region", "US")],
                 id="candidate_in_the_region_the_article_names"),
    pytest.param("Tourists crowded the museums of Paris in August.",
                 [("Paris", "Paris", "city", "FR")], id="most_populous_without_context"),
    pytest.param("U.S. officials visited Tbilisi.",
                 [("U.S.", "United States", "country", "US"), ("Tbilisi", "Tbilisi", "city", "GE")],
                 id="dotted_initials_of_a_country"),
    pytest.param("Texas lawmakers met on Monday.", [("Texas", "Texas", "region", "US")],
                 id="place_name_frequent_but_never_lower_case"),
    pytest.param("The Atlanta Police Department said nothing.", [("Atlanta", "Atlanta", "city", "US")],
                 id="place_inside_an_institution_name"),
    pytest.param("Some 4,000 people crossed to Russia in August, according to Home Office figures.",
                 [("Russia", "Russia", "country", "RU")],
                 id="common_word_naming_an_institution"),
    pytest.param("NASHVILLE -- Police closed the bridge.", [("NASHVILLE", "Nashville", "city", "US")],
                 id="dateline_in_capitals"),
    pytest.param("ATLANTA Officials said the vote was close.", [("ATLANTA", "Atlanta", "city", "US")],
                 id="dateline_before_a_capitalised_word"),
    pytest.param("A Tasqala woman opened a cafe.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="resident_noun_after_a_small_town"),
    pytest.param("A Tasqala-bound bus left at noon.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="small_town_a_vehicle_is_bound_for"),
    pytest.param("The convoy arrived on Tasqala at noon.", [("Tasqala", "Tasqala", "city", "KZ")],
                 id="small_place_a_landing_reached"),
    pytest.param("The bill's sponsor, Sen. Jane Doe, D-Atlanta, spoke first.",
                 [("Atlanta", "Atlanta", "city", "US")], id="party_letter_before_a_home_town"),
])
def test_places_in_general_news(tiny_gazetteer, text, expected):
    assert places(tiny_gazetteer, text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("He chaired the Chamber of Commerce for years.", id="common_word_after_a_weak_cue"),
    pytest.param("Aidar Tasqala arrived late. Tasqala then left.", id="surname_used_again_alone"),
    pytest.param("Kaluga, 34, a teacher, packed a bag.", id="a_person_with_an_age"),
    pytest.param("Coins from 500 B.C. were found.", id="era_initials_are_not_a_province"),
])
def test_non_places_in_general_news(tiny_gazetteer, text):
    assert places(tiny_gazetteer, text) == []


def test_every_occurrence_of_a_name_weighs_the_same_evidence(tiny_gazetteer):
    text = "Paris schools reopened. Officials in Paris, Texas, said so."
    assert {m.place.country_code for m in geoparse(Article("t", "t.txt", text), tiny_gazetteer)
            if m.surface == "Paris"} == {"US"}


def test_parse_reports_each_rejection_with_its_rule(tiny_gazetteer):
    result = parse(Article("t", "t.txt", "The speech by President Vladimir was short."), tiny_gazetteer)
    assert [(r.surface, r.rule) for r in result.rejected] == [("Vladimir", "person_title")]
