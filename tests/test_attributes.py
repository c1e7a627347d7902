import pytest

from pipeline.routes import attributes as attr


@pytest.mark.parametrize("sentence, anchor_word, mode", [
    pytest.param("She flew to Riga.", "Riga", "air", id="flew"),
    pytest.param("Plane tickets to Baku sold out.", "Baku", "air", id="tickets"),
    pytest.param("They drove to the border.", "border", "car", id="drove"),
    pytest.param("Long queues formed at the border.", "border", "car", id="queue_weak"),
    pytest.param("He left his car and walked on foot to Narva.", "Narva", "foot", id="nearest_cue_wins"),
    pytest.param("She cycled to Oslo.", "Oslo", "bicycle", id="cycled"),
    pytest.param("They sailed to Busan.", "Busan", "boat", id="sailed"),
    pytest.param("He took the train to Minsk.", "Minsk", "rail", id="train"),
    pytest.param("A coach took them to Sofia.", "Sofia", "bus", id="coach"),
    pytest.param("He went to Sofia.", "Sofia", "unknown", id="no_cue"),
    pytest.param("A pirogue with 80 people reached Gran Canaria.", "Gran", "boat", id="a_pirogue_is_a_boat"),
    pytest.param("They were ferried to Chios.", "Chios", "boat", id="ferried"),
    pytest.param("He drove for hours, then flew to Dubai.", "Dubai", "air", id="strong_near_beats_far"),
])
def test_detect_mode(sentence, anchor_word, mode):
    assert attr.detect_mode(sentence, sentence.index(anchor_word)) == mode


@pytest.mark.parametrize("sentence, people", [
    pytest.param("Nearly 100,000 Georgian citizens crossed.", 100000, id="digits_with_commas"),
    pytest.param("Around 200 Poles arrived.", 200, id="around_digits"),
    pytest.param("Over 200,000 Latvian citizens left.", 200000, id="over"),
    pytest.param("Eight yachtsmen sailed away.", 8, id="number_word"),
    pytest.param("Two Estonians fled by boat.", 2, id="demonym_plural"),
    pytest.param("He left with his wife.", 2, id="with_wife"),
    pytest.param("She went with a friend.", 2, id="with_friend"),
    pytest.param("She left Caracas with her husband and three children.", 5, id="with_husband_and_children"),
    pytest.param("Two brothers fled with their mother.", 3, id="counted_travellers_with_companion"),
    pytest.param("He travelled to Lima with his two sons.", 3, id="with_numbered_companions"),
    pytest.param("She set off with her father and younger sister.", 3, id="companion_without_determiner_but_adjective"),
    pytest.param("Amina and her three daughters left at dawn.", 4, id="a_named_traveller_and_her_companions"),
    pytest.param("He took his elderly mother and two daughters to the coast.", 4, id="companions_taken_along"),
    pytest.param("She took a night bus to the coast.", None, id="a_vehicle_taken_is_no_companion"),
    pytest.param("The men, both in their 20s, left.", 2, id="both"),
    pytest.param("One photographer crossed.", 1, id="one_person"),
    pytest.param("Hundreds of thousands of people fled.", None, id="hundreds_of_thousands"),
    pytest.param("Thousands of men left.", None, id="thousands"),
    pytest.param("He bought a one-way ticket.", None, id="compound_number_is_not_a_count"),
    pytest.param("It took two days to cross.", None, id="days_are_not_people"),
    pytest.param("Queues stretched for 15 kilometres as families fled.", None, id="units_are_not_people"),
    pytest.param("Back in Riga, a city of more than 600,000 people, rooms are scarce.", None,
                 id="population_is_not_a_head_count"),
    pytest.param("In a town of 9,000 people, 300 refugees arrived.", 300, id="head_count_after_a_population"),
    pytest.param("Since May more than 40,000 Sudanese have crossed the river.", 40000, id="invariant_demonym_counts"),
    pytest.param("Every day 2,000-3,000 migrants walk across the bridge.", 2000, id="range_takes_lower_bound"),
    pytest.param("Most went north, while 250 took refuge in the hills.", 250, id="number_as_subject_of_movement"),
    pytest.param("In 2015 crossed paths with the ministers.", None, id="a_year_is_not_a_subject"),
    pytest.param("Several hundred families crossed overnight.", None, id="several_hundred_is_vague"),
    pytest.param("He left Kabul with his two sons, daughter and mother.", 5, id="companions_without_a_determiner"),
    pytest.param("He left Kabul with his two sons, daughter, and her family.", None, id="a_family_is_not_counted"),
    pytest.param("About 300 people arrived with their children.", 300, id="a_figure_before_vague_companions_stands"),
    pytest.param("The first boat sank while the second one reached the port.", None, id="one_as_a_pronoun_is_no_person"),
    pytest.param("Border officials registered 6,000 arrivals on Monday.", 6000, id="arrivals_are_people"),
    pytest.param("Malta took in 300 of them last winter.", 300, id="a_count_of_them"),
    pytest.param("Yonas sailed to Malta with 40 others.", 41, id="one_with_others"),
    pytest.param("Between 2,000 and 4,000 people crossed on Sunday.", 2000, id="a_range_in_words_counts_its_lower_bound"),
    pytest.param("Some 2,000 to 4,000 refugees crossed.", 2000, id="a_range_with_to"),
    pytest.param("Arrivals rose from 2,000 to 4,000 people a day.", 4000, id="a_rise_is_no_range"),
    pytest.param("Nearly half a million people have left.", 500000, id="half_a_million"),
    pytest.param("A 19-year-old walked to the border.", 1, id="one_person_named_by_age"),
    pytest.param("Most of them stayed.", None, id="most_of_them_is_no_count"),
    pytest.param("Mother and daughter boarded the last bus out of the city.", 2, id="kin_pair"),
    pytest.param("Tired, husband and wife walked on.", 2, id="kin_pair_mid_sentence"),
    pytest.param("An old man and his three grandsons reached the camp.", 4, id="one_person_and_companions"),
    pytest.param("The widow and her children waited at the crossing.", None, id="one_person_and_uncounted_children"),
    pytest.param("A family of seven slept at the station.", 7, id="family_of_n"),
    pytest.param("A group of about 40 was stopped at sea.", 40, id="group_of_n"),
    pytest.param("A group of 12 boats left the beach.", None, id="group_of_vehicles_is_no_head_count"),
    pytest.param("They walked in a group of 3 days.", None, id="group_of_days_is_no_head_count"),
])
def test_count_people(sentence, people):
    assert attr.count_people(sentence) == people


@pytest.mark.parametrize("sentence, status", [
    pytest.param("They reached Tallinn.", "completed", id="default"),
    pytest.param("He plans to move to Riga.", "planned", id="plans_to"),
    pytest.param("Vilnius would be their next destination.", "planned", id="next_destination"),
    pytest.param("They tried to cross at Narva.", "attempted", id="tried_to"),
    pytest.param("Their boat capsized two miles out.", "attempted", id="a_boat_that_capsized"),
    pytest.param("Two men drowned while trying to swim to the other bank.", "attempted", id="died_on_the_way"),
    pytest.param("Eleven people lost their lives on the way to the coast.", "attempted", id="lost_their_lives_on_the_way"),
    pytest.param("Hundreds are stranded at the border.", "blocked", id="stranded"),
    pytest.param("Some 300 families are stuck at the crossing, unable to go on.", "blocked", id="stuck_at"),
    pytest.param("They were unable to cross the river.", "blocked", id="unable_to_cross"),
    pytest.param("Guards stopped 200 people from crossing the river.", "blocked", id="stopped_from_crossing"),
    pytest.param("Families who had been stranded for weeks boarded buses.", "completed", id="stranded_before_moving_on"),
    pytest.param("Latvia started rejecting Belarusians.", "blocked", id="rejecting"),
    pytest.param("A restriction of the entry of tourists was announced.", "blocked", id="restriction_of_entry"),
    pytest.param("Poland closed the border to lorries.", "blocked", id="closed_border"),
])
def test_detect_status(sentence, status):
    assert attr.detect_status(sentence) == status


@pytest.mark.parametrize("sentence, published, date", [
    pytest.param("On 25 September they left.", "2022-09-27", "2022-09-25", id="day_month"),
    pytest.param("On the 27th of September they sailed.", "2022-10-01", "2022-09-27", id="ordinal_of"),
    pytest.param("On September 26, one man left.", "2022-09-27", "2022-09-26", id="month_day"),
    pytest.param("On 30 December they left.", "2023-01-05", "2022-12-30", id="previous_year"),
    pytest.param("On 3 March 2021 they left.", None, "2021-03-03", id="explicit_year"),
    pytest.param("On 3 March they left.", None, None, id="no_year_no_published"),
    pytest.param("Last week they left.", "2022-09-27", "2022-09-19", id="last_week_is_its_monday"),
    pytest.param("They crossed on Sunday.", "2022-09-27", "2022-09-25", id="weekday_before_publication"),
    pytest.param("They crossed on Tuesday.", "2022-09-27", "2022-09-27", id="weekday_of_publication"),
    pytest.param("They had left last Tuesday.", "2022-09-27", "2022-09-20", id="last_weekday_a_week_back"),
    pytest.param("They crossed yesterday.", "2022-09-27", "2022-09-26", id="yesterday"),
    pytest.param("The last bus left the camp late last night.", "2022-09-27", "2022-09-26", id="last_night"),
    pytest.param("They crossed on Sunday.", None, None, id="weekday_without_published"),
    pytest.param("Most of them left in October.", "2022-09-27", "2021-10-01", id="month_alone_before_publication"),
    pytest.param("In November 2019 the ship brought 151 people.", None, "2019-11-01", id="month_and_year"),
    pytest.param("The ship landed on Monday (February 22).", "2021-02-23", "2021-02-22", id="explicit_beats_weekday"),
    pytest.param("They crossed, officials said on Monday.", "2022-09-27", None, id="reporting_weekday"),
    pytest.param("They crossed, the ministry said on 27 September.", "2022-09-27", None, id="reporting_date"),
    pytest.param("She reached the camp three days ago.", "2022-09-27", "2022-09-24", id="days_ago"),
    pytest.param("In all, 90,000 had crossed as of 20 September.", "2022-09-27", None, id="an_as_of_date_dates_a_statistic"),
    pytest.param("He got to Oslo a week ago.", "2022-09-27", "2022-09-20", id="a_week_ago"),
    pytest.param("Many of them came last month.", "2022-09-27", "2022-08-01", id="last_month_is_its_first_day"),
])
def test_find_event_date(sentence, published, date):
    assert attr.find_event_date(sentence, published) == date


@pytest.mark.parametrize("sentence, negated", [
    pytest.param("His sister lives in Riga, but he has rejected the idea.", True, id="rejected_idea"),
    pytest.param("She decided against the trip to Oslo.", True, id="decided_against"),
    pytest.param("He went to Oslo.", False, id="plain"),
])
def test_is_negated(sentence, negated):
    assert attr.is_negated(sentence) is negated


@pytest.mark.parametrize("sentence, counts", [
    pytest.param("Latvia and Estonia took in 1,200 and 800 people, respectively.", [1200, 800], id="two"),
    pytest.param("Chad, Egypt and Ethiopia received 10, 20 and 30 refugees respectively.", [10, 20, 30], id="three"),
    pytest.param("Latvia and Estonia took in 1,200 people.", [], id="no_respectively"),
])
def test_respective_counts(sentence, counts):
    assert attr.respective_counts(sentence) == counts


@pytest.mark.parametrize("told, sentence, published, text, expected", [
    pytest.param("he leaves Ukraine through Moldova.", "Today, he leaves Ukraine through Moldova.", "2022-03-12",
                 "", "2022-03-12", id="date_before_the_reported_part"),
    pytest.param("150 crossed on July 1 alone.", "150 crossed on July 1 alone.", None,
                 "So far in 2021, 822 people have tried. In 2021 the numbers rose.", "2021-07-01",
                 id="undated_article_lends_its_year"),
    pytest.param("They left on Monday.", "They left on Monday.", None, "In 2021 many left.", None,
                 id="a_weekday_needs_a_published_date"),
    pytest.param("They sailed on the 27th of September.", "They sailed on the 27th of September.", None,
                 "Under the 1951 Refugee Convention they may apply.", None, id="a_historical_year_is_no_hint"),
])
def test_journey_date(told, sentence, published, text, expected):
    assert attr.journey_date(told, sentence, published, text) == expected


def test_a_weekday_beside_a_day_and_month_picks_the_year_of_an_undated_article():
    # 8 March was a Friday in 2019 and in 2024; the article names 2022, so 2024 is nearer.
    text = "The charity counted 2022 arrivals. On Friday (March 8) a dinghy reached Malta."
    sentence = "On Friday (March 8) a dinghy reached Malta."
    assert attr.journey_date(sentence, sentence, None, text) == "2024-03-08"


def test_an_undated_article_resolves_its_weekdays_against_the_latest_day_it_gives():
    text = ("On Tuesday, 4 June 2024, a ferry docked in Bari. "
            "A second boat had arrived on Sunday.")
    sentence = "A second boat had arrived on Sunday."
    assert attr.journey_date(sentence, sentence, None, text) == "2024-06-02"


@pytest.mark.parametrize("sentence, destination, expected", [
    pytest.param("The boat was seen near Phuket early on Monday, after sailing towards Penang on Sunday.", "Penang",
                 "2022-09-25", id="the_date_of_the_destinations_own_clause"),
    pytest.param("The raft landed in Gozo on Tuesday following a rescue on Saturday.", "Gozo", "2022-09-27",
                 id="not_the_date_of_a_later_clause"),
    pytest.param("On Saturday they set off, and on Monday they walked into Ceuta.", "Ceuta", "2022-09-26",
                 id="the_nearest_in_its_clause"),
])
def test_a_date_attaches_to_the_clause_of_the_destination(sentence, destination, expected):
    assert attr.find_event_date(sentence, "2022-09-27", near=sentence.index(destination)) == expected


@pytest.mark.parametrize("sentence, published, year_now, history", [
    pytest.param("In 1948, thousands fled to Lebanon.", "2023-10-01", None, True, id="a_year_long_before"),
    pytest.param("In 2022, thousands fled to Poland.", "2023-10-01", None, False, id="last_year_is_news"),
    pytest.param("Refugees crossed near the town on September 22, 2015.", "2021-10-01", None, True,
                 id="an_old_dated_photo_caption"),
    pytest.param("Refugees crossed near the town on September 22, 2015.", None, 2021, True,
                 id="an_undated_article_s_own_year"),
    pytest.param("Refugees crossed near the town on September 22, 2021.", None, 2021, False, id="this_year"),
])
def test_is_history(sentence, published, year_now, history):
    assert attr.is_history(sentence, published, year_now) is history
