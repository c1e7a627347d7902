"""One small example per grammar rule (docs/ROUTE_GRAMMAR.md), written for the test."""
import pytest

from pipeline.routes import clean_stops, extract_routes, split_sentences  # noqa: F401
from route_fakes import PLACES, FakeLookup, article_with_mentions


def _routes(text, published="2022-09-27"):
    article, mentions = article_with_mentions(text, published=published)
    return extract_routes(article, mentions, FakeLookup())


def _stops(text):
    return [tuple(p.name for p in r.stops) for r in _routes(text)]


@pytest.mark.parametrize("text, expected", [
    # role rules
    pytest.param("Two Russians drove from Kazan to Almaty.", [("Kazan", "Almaty")], id="from_to"),
    pytest.param("Anna fled Kharkiv for Warsaw.", [("Kharkiv", "Warsaw")], id="left_place_bound_for"),
    pytest.param("Russians flew to Yerevan.", [("Russia", "Yerevan")], id="to_with_movement_cue"),
    pytest.param("Russians often compare Yerevan to Tbilisi.", [], id="to_without_movement_cue"),
    pytest.param("Nearly 5,000 Ukrainians crossed into Poland.", [("Ukraine", "Poland")], id="into"),
    pytest.param("Russian citizens arrived in Batumi.", [("Russia", "Batumi")], id="arrive_in"),
    pytest.param("Ukrainians reached Warsaw.", [("Ukraine", "Warsaw")], id="reach_enter"),
    pytest.param("Russians were heading for Kazakhstan.", [("Russia", "Kazakhstan")], id="heading_for"),
    pytest.param("Russians flew into Istanbul before travelling on to meet relatives in Belgrade.",
                 [("Russia", "Istanbul", "Belgrade")], id="travel_on_to_meet"),
    pytest.param("Russians fled via Georgia.", [("Russia", "Georgia")], id="via_alone_is_destination"),
    pytest.param("Russians had to fly first to Istanbul, then to Belgrade via Yerevan.",
                 [("Russia", "Istanbul", "Yerevan", "Belgrade")], id="via_before_its_destination"),
    pytest.param("Russians queued at the Upper Lars crossing into Georgia.",
                 [("Russia", "Upper Lars", "Georgia")], id="crossing_into"),
    pytest.param("Russians made the crossing near Upper Lars.", [("Russia", "Upper Lars")], id="crossing_near"),
    pytest.param("Ukrainians fled through Medyka to Warsaw.", [("Ukraine", "Medyka", "Warsaw")], id="at_crossing"),
    pytest.param("The influx of Russians into Armenia continued.", [("Russia", "Armenia")], id="influx_in"),
    pytest.param("Russians queued at the Georgian border.", [("Russia", "Georgia")], id="demonym_border"),
    pytest.param("Queues of Russians formed at the border with Kazakhstan.", [("Russia", "Kazakhstan")], id="border_with"),
    pytest.param("Kazakhstan is popular. Over 200,000 Russians sought shelter there.",
                 [("Russia", "Kazakhstan")], id="there_is_the_last_place"),
    pytest.param("Russians arrived in Almaty. It is the same story in Astana.",
                 [("Russia", "Almaty"), ("Russia", "Astana")], id="same_story_in"),
    pytest.param("Countries like Armenia and Turkey saw an influx of Russians.",
                 [("Russia", "Armenia"), ("Russia", "Turkey")], id="example_list"),
    pytest.param("Kazakhstan has welcomed thousands of Russians.", [("Russia", "Kazakhstan")], id="host_subject"),
    pytest.param("Russians keep leaving. Armenia and Georgia have, according to officials, reported a surge in arrivals.",
                 [("Russia", "Armenia"), ("Russia", "Georgia")], id="host_subject_with_an_aside"),
    pytest.param("Colombia hosts nearly 2.5 million Venezuelans.", [("Venezuela", "Colombia")], id="host_present"),
    pytest.param("Venezuelans are leaving. Many continue south to Peru.", [("Venezuela", "Peru")],
                 id="continue_is_a_movement"),
    pytest.param("Migrants cross the Channel. The boat left from a beach near Calais.",
                 [("France", "English Channel", "United Kingdom"), ("Calais", "United Kingdom")], id="a_beach_near_a_place"),
    pytest.param("Ukrainians are leaving. Her brother drove the children to safety in Moldova.",
                 [("Ukraine", "Moldova")], id="to_safety_in"),
    pytest.param("Poland started rejecting Russians at the border.", [("Russia", "Poland")], id="blocked_subject"),
    pytest.param("In Batumi, Russian arrivals filled the hotels.", [("Russia", "Batumi")], id="locative_frame_with_movers"),
    pytest.param("Russians left. In Batumi, the mayor opened a park.", [], id="locative_frame_without_movers"),
    pytest.param("Plane tickets from Moscow to Istanbul, Yerevan and Belgrade sold out.",
                 [("Moscow", "Istanbul"), ("Moscow", "Yerevan"), ("Moscow", "Belgrade")], id="list_fans_out"),
    pytest.param("Russians poured into the Caucasus nations of Georgia and Armenia.",
                 [("Russia", "Georgia"), ("Russia", "Armenia")], id="nations_of_list"),
    pytest.param("Syrians plan to travel through Bulgaria and Serbia to Austria.",
                 [("Syria", "Bulgaria", "Serbia", "Austria")], id="via_list_keeps_text_order"),
    pytest.param("Ukrainians crossed into Poland at Medyka.", [("Ukraine", "Medyka", "Poland")],
                 id="crossing_then_its_country"),
    pytest.param("Syrians tried to cross into Greece near Edirne.", [("Syria", "Edirne", "Greece")],
                 id="crossing_near_after_into"),
    pytest.param("Venezuelans walked for days to reach Bajo Chiquito in Panama.", [("Venezuela", "Panama")],
                 id="unknown_place_in_country_falls_back_to_country"),
    pytest.param("Venezuelans reached Panama. From there, buses take them to Costa Rica and onward through "
                 "Nicaragua, Honduras and Guatemala to Mexico.",
                 [("Venezuela", "Panama"), ("Panama", "Costa Rica", "Nicaragua", "Honduras", "Mexico")],
                 id="from_there_onward_chain"),
    pytest.param("Ukrainians crossed into Poland on Monday. Families fled Lviv and Kyiv as shelling intensified.",
                 [("Ukraine", "Poland"), ("Lviv", "Poland"), ("Kyiv", "Poland")], id="fled_places_go_to_the_topic"),
    pytest.param("Ukrainians cross into Poland\n\nAt the Medyka crossing, queues of cars stretched for 15 kilometres "
                 "as families fled Lviv and Kyiv.",
                 [("Ukraine", "Poland"), ("Lviv", "Medyka", "Poland"), ("Kyiv", "Medyka", "Poland")],
                 id="headline_topic_after_a_crossing"),
    pytest.param("Families fled Lviv and Kyiv.", [], id="fled_places_without_a_topic"),
    pytest.param("Rohingya flee Myanmar for Bangladesh", [("Myanmar", "Bangladesh")], id="flee_for"),
    pytest.param("Thousands of Afghans are crossing into Iran through the Herat crossing.",
                 [("Afghanistan", "Herat", "Iran")], id="named_crossing_keeps_origin_country"),
    pytest.param("Thousands of Syrians who had sheltered in southern Turkey are moving on to Austria.",
                 [("Turkey", "Austria")], id="lived_in_before_is_the_origin"),
    pytest.param("Venezuelans are crossing the jungle between Colombia and Panama.",
                 [("Venezuela", "Colombia", "Panama")], id="crossing_between"),
    pytest.param("Talks between Colombia and Panama continued as Venezuelans crossed.", [],
                 id="between_without_crossing"),
    pytest.param("Thousands have fled Sudan. Some went north to Egypt, where prices are high, or west to Chad.",
                 [("Sudan", "Egypt"), ("Sudan", "Chad")], id="destinations_joined_by_or_are_two_journeys"),
    pytest.param("Venezuelans keep leaving. Some go on to Peru, while others head for Mexico.",
                 [("Venezuela", "Peru"), ("Venezuela", "Mexico")], id="while_others_is_another_journey"),
    pytest.param("Russians flew to Istanbul, then to Belgrade.", [("Russia", "Istanbul", "Belgrade")],
                 id="then_keeps_one_journey"),
    pytest.param("Syrians are on the move. Austria said 3,000 migrants had entered on Monday.",
                 [("Syria", "Austria")], id="reporting_country_is_where_they_entered"),
    pytest.param("Syrians are on the move. Austria said 3,000 migrants had entered Hungary on Monday.",
                 [("Syria", "Hungary")], id="reporting_country_gives_way_to_a_named_destination"),
    pytest.param("The United States flew 120 Haitians back to Port-au-Prince on Thursday.",
                 [("United States", "Port-au-Prince")], id="flown_back_home_starts_in_the_host"),
    pytest.param("Venezuelans keep leaving. Two brothers spent three weeks in Panama.", [("Venezuela", "Panama")],
                 id="a_stay_on_the_way_is_a_stop"),
    pytest.param("Syrians are on the move. Police found 40 migrants in a lorry near Austria.", [("Syria", "Austria")],
                 id="where_movers_were_found"),
    pytest.param("Police arrested the smuggler in Austria on Monday.", [], id="found_needs_people_on_the_move"),
    pytest.param("Olena left Kharkiv in March. She spent a week in Moldova before flying to Warsaw.",
                 [("Kharkiv", "Moldova", "Warsaw")], id="story_opened_by_a_named_subject"),
    pytest.param("Russians left Kazan in droves. They flew to Yerevan.", [("Kazan", "Yerevan")],
                 id="they_after_a_plural_demonym_start_where_it_left"),
    # named corridors give the ends a sentence leaves out
    pytest.param("Nearly 400 people crossed the Channel in small boats on Saturday.",
                 [("France", "English Channel", "United Kingdom")], id="corridor_gives_both_ends"),
    pytest.param("Venezuelans trekked through the Darien Gap into Panama.", [("Colombia", "Panama")],
                 id="corridor_gives_the_start_whatever_the_nationality"),
    pytest.param("A documentary about the Channel was shown in Warsaw.", [], id="corridor_named_but_not_crossed"),
    # what is crossed is a stop on the way: a named corridor between its two sides, or a country passed through
    pytest.param("At night, hundreds of Rohingya crossed the Naf River in fishing boats.",
                 [("Myanmar", "Naf River", "Bangladesh")], id="crossed_corridor_is_a_stop"),
    pytest.param("Sudanese families crossed Egypt by bus before reaching Turkey.",
                 [("Sudan", "Egypt", "Turkey")], id="crossed_country_is_passed_through"),
    # where the movers are on the way is a stop before where they go next
    pytest.param("Sudanese arriving in Egypt are registered in Aswan before continuing to Cairo.",
                 [("Sudan", "Aswan", "Cairo")], id="stop_before_moving_on"),
    pytest.param("Afghan families camped outside Calais hope to reach the United Kingdom.",
                 [("Afghanistan", "Calais", "United Kingdom")], id="waiting_at_is_a_stop"),
    pytest.param("Syrian refugees were bused to the border at Medyka.", [("Syria", "Medyka")], id="border_at_a_place"),
    # a country's authorities report what reached it; a host with a count took people in
    pytest.param("Slovenian police said 8,000 migrants arrived overnight from Croatia.",
                 [("Croatia", "Slovenia")], id="reporting_authorities_by_demonym"),
    pytest.param("Spain received 39,910 migrants by sea last year, most of them from Senegal.",
                 [("Senegal", "Spain")], id="host_with_a_count_in_the_past"),
    pytest.param("Spain received criticism from Senegal last year.", [], id="host_without_a_count_is_no_journey"),
    # the first of several stops is the start when nothing else says where the movers come from
    pytest.param("They paid smugglers in Cucuta to take them to Lima.", [("Cucuta", "Lima")],
                 id="paid_smugglers_in_starts_the_journey"),
    # a return with no destination named goes to the movers' own country
    pytest.param("Syrian families were sent back from Turkey last week.", [("Turkey", "Syria")],
                 id="sent_back_from_goes_home"),
    # growth of a group somewhere says people arrived there
    pytest.param("Ukrainians keep fleeing. The number of Ukrainians in Moldova has doubled since Monday.",
                 [("Ukraine", "Moldova")], id="number_grew_in"),
    # history is not a journey of the story
    pytest.param("In 1948, hundreds of thousands of Syrians fled to Turkey.", [], id="history_is_no_journey"),
    pytest.param("Thousands of Venezuelans cross into Colombia over the bridge at Cucuta.",
                 [("Venezuela", "Cucuta", "Colombia")], id="bridge_at_a_place"),
    # a group's journey told over sentences: the next leg starts where the last one ended
    pytest.param("Thousands of Syrians crossed from Greece into Serbia on Saturday. They then boarded trains to Hungary. "
                 "Many continued on to Austria.",
                 [("Greece", "Serbia"), ("Serbia", "Hungary"), ("Hungary", "Austria")], id="onward_from_the_last_stop"),
    pytest.param("Thousands of Syrians crossed from Greece into Serbia on Saturday. Others flew to Austria.",
                 [("Greece", "Serbia"), ("Greece", "Austria")], id="no_onward_cue_no_chaining"),
    # where a sentence left the movers, though it told no whole journey, is where "they" go on from
    pytest.param("Some two hundred people came ashore in Greece on Monday. Days later they were put on buses "
                 "to Serbia.", [("Greece", "Serbia")], id="they_go_on_from_where_they_landed"),
    pytest.param("The family left Caracas in March. Two weeks later they crossed into Colombia at Cucuta.",
                 [("Caracas", "Cucuta", "Colombia")], id="they_go_on_from_where_they_left"),
    pytest.param("Some two hundred people came ashore in Greece on Monday. They said the crossing was rough. "
                 "Police later drove others to Serbia.", [], id="a_report_by_them_is_not_their_move"),
    # where a witness speaks from is where the traveller is now
    pytest.param("Fatima Ali, 29, fled Khartoum with her mother in May. “We lost everything,” she said from a flat in Aswan.",
                 [("Khartoum", "Aswan")], id="speaking_from_is_where_the_traveller_is"),
    # "another 200 people" is a count of a group, not one traveller to follow
    pytest.param("Police stopped another 200 people near Calais. They walked to Lima.",
                 [], id="a_counted_group_is_no_story"),
    # "the checkpoint" points back at the crossing named before, even on the movers' own side
    pytest.param("Russians drove to Upper Lars on Sunday. By Monday, 5,000 people had passed through the checkpoint "
                 "into Georgia.", [("Russia", "Upper Lars"), ("Russia", "Upper Lars", "Georgia")], id="the_crossing_points_back"),
    # "the town of X" describes X; it does not point back at an earlier place
    pytest.param("Syrians reached Edirne last year. This week they flew to the city of Istanbul.",
                 [("Syria", "Edirne"), ("Syria", "Istanbul")], id="the_town_of_x_is_no_anaphor"),
    # a speaker introduced with where they are from; a later "from X" of theirs is a stop on the way
    pytest.param("“We walked for weeks,” said Omar, an engineer from Aleppo. “We crossed from Turkey to Greece by boat, "
                 "then took a bus to Belgrade.”",
                 [("Aleppo", "Turkey", "Greece", "Belgrade")], id="speaker_from_starts_the_story"),
    # the side of a border crossed into another country is where the movers came from
    pytest.param("Thousands of migrants poured across the Serbian border into Hungary.",
                 [("Serbia", "Hungary")], id="across_a_border_into"),
    # a place named earlier in the same sentence is what "the country" points back at, unless compared with
    pytest.param("Venezuelans keep leaving. Peru's ministry said 4,000 Venezuelans had crossed into the country on Monday.",
                 [("Venezuela", "Peru")], id="the_country_named_earlier_in_the_sentence"),
    pytest.param("Russians flew to Armenia. Like Georgia, the country has seen long queues of Russians.",
                 [("Russia", "Armenia"), ("Russia", "Armenia"), ("Russia", "Georgia")],
                 id="a_compared_country_is_not_pointed_back_at"),  # Georgia saw queues too; "the country" is Armenia
    # "X, on the … side of the border with Y": where X lies, not stops
    pytest.param("Venezuelans walked from Cucuta, on the far side of the border with Venezuela, to Lima.",
                 [("Cucuta", "Lima")], id="locative_apposition_names_no_stop"),
    # "the islands" points back like "the island"; days spent somewhere before moving on make it a stop
    pytest.param("Syrians keep landing on Cox's Bazar. After a week in camps on the islands, many are moved to Aswan.",
                 [("Syria", "Cox's Bazar"), ("Syria", "Cox's Bazar", "Aswan")], id="after_days_on_the_islands"),
    # where the movers boarded is a stop; "this border town" is the place the story is told from
    pytest.param("Most had boarded in Lviv after long journeys from Kharkiv.", [("Kharkiv", "Lviv")], id="boarded_in_is_a_stop"),
    pytest.param("Przemysl, Poland - Trains full of Ukrainians kept arriving in this small border town on Saturday.",
                 [("Ukraine", "Przemysl")], id="this_town_is_the_dateline"),
    pytest.param("Haitians keep coming. Boatmen ferry them from Necocli to Acandi at dawn.", [("Necocli", "Acandi")],
                 id="ferry_is_a_movement"),
    # "now we are in X": where a traveller followed has got to
    pytest.param("Omar Haddad, 52, said he left Aleppo with his wife after the shelling. “Now we are in Edirne, "
                 "but we have nothing,” he said.", [("Aleppo", "Edirne")], id="now_we_are_in"),
    # "Iraqi Kurds" are people; a journey made, then a plan, are two routes
    pytest.param("Most are Iraqi Kurds who flew to Minsk last month, hoping to reach Germany.",
                 [("Iraq", "Minsk"), ("Minsk", "Germany")], id="journey_then_plan"),
    # every country of a list crossed is a stop
    pytest.param("Khaled left Aleppo in May and crossed Turkey and Bulgaria before reaching Serbia.",
                 [("Aleppo", "Turkey", "Bulgaria", "Serbia")], id="crossed_a_list_of_countries"),
    # a country that deports is where the journey starts; through a crossing, the deported go home
    pytest.param("Iran has deported 400,000 Afghans this year, most of them through the Torkham crossing.",
                 [("Iran", "Torkham", "Afghanistan")], id="expelled_by_a_country_through_a_crossing"),
    pytest.param("Many Afghans left Pakistan this year. On Friday, thousands of Afghans crossed back into their homeland.",
                 [("Pakistan", "Afghanistan")], id="back_into_their_homeland"),
    # "the border" points back at the crossing named last
    pytest.param("Afghans queued at Torkham on Friday. From the border, buses took them to Herat.",
                 [("Afghanistan", "Torkham"), ("Torkham", "Herat")], id="from_the_border_is_the_crossing"),
    # a list of crossings is several ways across; a list of countries stays an itinerary
    pytest.param("Ukrainians keep fleeing. Most crossed into Poland through the Medyka and Upper Lars checkpoints.",
                 [("Ukraine", "Medyka", "Poland"), ("Ukraine", "Upper Lars", "Poland")], id="a_list_of_crossings_is_alternatives"),
    # a sentence opening "After landing in …" has no traveller named "After"
    pytest.param("Syrians keep arriving. After landing in Aswan, the families were taken to Cairo.",
                 [("Syria", "Aswan", "Cairo")], id="a_preposition_is_no_name"),
    pytest.param("Syrians living across Turkey moved to Greece.",
                 [("Syria", "Greece")], id="across_a_country_is_not_crossing_it"),
    # ignore rules
    pytest.param("Russians flew to Batumi, Georgia.", [("Russia", "Batumi")], id="locator_apposition"),
    pytest.param("Two men left their hometown of Samara, 150 km east of Kazan, and drove to Almaty.",
                 [("Samara", "Almaty")], id="direction_of_is_not_a_stop"),
    pytest.param("Russians arrived in Georgia’s Batumi.", [("Russia", "Batumi")], id="possessive_modifier"),
    pytest.param("“We had to go,” said Anna Petrova from Kazan.", [], id="speaker_origin"),
    # skip rules and negation
    pytest.param("PHOTO: Russians crossing into Georgia.", [], id="photo_caption"),
    pytest.param("Syrians walk from Greece into Serbia near the border on 2 May. (Reuters photo)\n"
                 "Thousands of Syrians flew to Austria.", [("Syria", "Austria")], id="caption_ending_in_a_photo_credit"),
    pytest.param("Syrians walked from Greece into Serbia (pictured below, in an image taken by a volunteer) and "
                 "then on to Hungary.", [("Greece", "Serbia", "Hungary")], id="a_picture_mid_sentence_is_no_credit"),
    pytest.param("The drive from Kazan to Almaty was priced at 900 dollars.", [], id="price"),
    pytest.param("An activist drove from Kazan to Samara with a placard.", [], id="protest_ride"),
    pytest.param("Migrants from Armenia often travel to Russia for work.", [], id="habitual"),
    pytest.param("His sister lives in Georgia, but he has rejected the idea.", [], id="rejected_idea"),
    pytest.param("Russians did not travel to Georgia.", [], id="local_negation"),
    pytest.param("Russians had been planning to go to Georgia, but ended up in Armenia.",
                 [("Russia", "Armenia")], id="superseded_plan"),
    # implied origin
    pytest.param("Venezuelans walked into Panama.", [("Venezuela", "Panama")], id="origin_from_mover_demonym"),
    pytest.param("Russians moved to Moscow.", [], id="no_leg_inside_the_origin_country"),
    pytest.param("Pakistan has been expelling undocumented foreigners. Pakistan says the deadline is final. "
                 "On Monday 2,000 Afghans were deported to Afghanistan via Torkham.",
                 [("Pakistan", "Torkham", "Afghanistan")], id="return_starts_in_the_host_country"),
    pytest.param("Pakistan has been expelling undocumented foreigners. Pakistan says the deadline is final. "
                 "Afghanistan shares a long border with Pakistan and Afghans need no visa.",
                 [], id="no_return_without_a_return_cue"),
    pytest.param("Eritreans and Ethiopians are escaping the violence in Sudan. Eritreans and Ethiopians "
                 "talk of rising prices. Aid workers say 3,000 of them have arrived in Chad this week.",
                 [("Sudan", "Chad")], id="fleeing_the_violence_in_names_the_departure"),
    # stories
    pytest.param("One man bought a ticket to Armenia. The engineer from Kazan had served in the army.",
                 [("Kazan", "Armenia")], id="story_role_noun_adds_origin"),
    pytest.param("One man bought a ticket to Armenia. The engineer from Kazan flew into Yerevan.",
                 [("Kazan", "Yerevan")], id="story_refines_country_to_city"),
    pytest.param("I met a Russian student, Pavel, in Tbilisi. Pavel left his hometown of Samara.",
                 [("Samara", "Tbilisi")], id="story_by_name_seen_at_meeting_place"),
    pytest.param("One man flew to Armenia. He is among thousands of Russians who have fled to Turkey.",
                 [("Russia", "Armenia"), ("Russia", "Turkey")], id="aggregate_is_not_the_story"),
])
def test_route_stops(text, expected):
    assert sorted(_stops(text)) == sorted(expected)


@pytest.mark.parametrize("text, expected", [
    pytest.param("In Chisinau, volunteers met buses arriving from Odesa.",
                 [(("Odesa", "Chisinau"), "bus", None, "completed")], id="arrival_from_at_the_scene"),
    pytest.param("Buses arriving from Odesa at Chisinau were full.",
                 [(("Odesa", "Chisinau"), "bus", None, "completed")], id="arriving_from_x_at_y"),
    pytest.param("Maria Gonzalez, 34, left Caracas in August with her husband and three children. "
                 "They hope to reach the United States.",
                 [(("Caracas", "United States"), "unknown", 5, "planned")], id="story_named_person_with_age"),
    pytest.param("José Peña, 28, left Caracas with his wife. They took a bus to Cucuta.",
                 [(("Caracas", "Cucuta"), "bus", 2, "completed")], id="story_named_person_with_accents"),
    pytest.param("Venezuelans keep leaving. Colombia reported 6,000 arrivals from Venezuela on Monday.",
                 [(("Venezuela", "Colombia"), "unknown", 6000, "completed")], id="arrivals_are_counted"),
    pytest.param("Olena Shevchenko, 34, left Kharkiv with her two daughters. She plans to join her sister in Warsaw.",
                 [(("Kharkiv", "Warsaw"), "unknown", 3, "planned")], id="join_someone_in_a_place"),
    pytest.param("Ukrainians keep fleeing. Poland has taken in 900,000 refugees, while Hungary and Moldova have received "
                 "140,000 and 80,000, respectively.",
                 [(("Ukraine", "Poland"), "unknown", 900000, "completed"), (("Ukraine", "Hungary"), "unknown", 140000, "completed"),
                  (("Ukraine", "Moldova"), "unknown", 80000, "completed")], id="respective_figures_for_the_last_places"),
    # "one million refugees" is a count, not one traveller whose story "they" continue (who go on from Turkey)
    pytest.param("Turkey hosts about one million Syrian refugees. They walked to Greece.",
                 [(("Syria", "Turkey"), "unknown", 1000000, "completed"), (("Turkey", "Greece"), "foot", None, "completed")],
                 id="a_million_refugees_is_no_story"),
    pytest.param("Olena, a teacher from Kharkiv, fled with her two children. She took a train to Przemysl.",
                 [(("Kharkiv", "Przemysl"), "rail", 3, "completed")], id="story_named_person_with_role"),
    pytest.param("Ahmed, 27, from Aleppo, tried to cross into Greece near Edirne but was turned back. "
                 "He now plans to travel through Bulgaria and Serbia to Austria.",
                 [(("Aleppo", "Edirne", "Greece"), "unknown", None, "blocked"),
                  (("Edirne", "Bulgaria", "Serbia", "Austria"), "unknown", None, "planned")],
                 id="story_onward_plan_starts_short_of_a_failed_crossing"),
    pytest.param("Some 500,000 Sudanese have crossed into Chad, many of them through the Adre crossing.",
                 [(("Sudan", "Adre", "Chad"), "unknown", 500000, "completed")], id="invariant_plural_demonym"),
    pytest.param("Venezuelans walk to Colombia and Peru",
                 [(("Venezuela", "Colombia"), "foot", None, "completed"),
                  (("Venezuela", "Peru"), "foot", None, "completed")], id="walk_to_list"),
    pytest.param("Jawad, a former soldier from Herat, drove to Mashhad with his wife. He hopes to reach Istanbul.",
                 [(("Herat", "Mashhad"), "car", 2, "completed"), (("Mashhad", "Istanbul"), "unknown", 2, "planned")],
                 id="story_named_person_any_role_then_plan"),
    pytest.param("Fatima Ali, 29, left Khartoum with her mother and two sisters. They walked to Adre. "
                 "She plans to move on to Egypt.",
                 [(("Khartoum", "Adre"), "foot", 4, "completed"), (("Adre", "Egypt"), "unknown", 4, "planned")],
                 id="story_over_three_sentences"),
    # host frames: a country that takes people in is where they went
    pytest.param("Syrians keep leaving. Turkey has welcomed 3,600 people from Syria.",
                 [(("Syria", "Turkey"), "unknown", 3600, "completed")], id="host_welcomed_from"),
    pytest.param("Afghans keep leaving. Iran and Pakistan have taken in 780 and 1,300 refugees, respectively.",
                 [(("Afghanistan", "Iran"), "unknown", 780, "completed"),
                  (("Afghanistan", "Pakistan"), "unknown", 1300, "completed")], id="hosts_respectively"),
    pytest.param("Sudanese have been fleeing the fighting. Chad has opened its doors to 2,000 people this week.",
                 [(("Sudan", "Chad"), "unknown", 2000, "completed")], id="host_opened_doors"),
    # returns: "home" is the movers' own country, and the route starts where they leave
    pytest.param("About 5,000 Afghan migrants left Pakistan last week to return home.",
                 [(("Pakistan", "Afghanistan"), "unknown", 5000, "completed")], id="return_home"),
    pytest.param("Thousands of Syrians left Turkey to return to their country.",
                 [(("Turkey", "Syria"), "unknown", None, "completed")], id="return_to_their_country"),
    # "the island": the latest such place named before
    pytest.param("Hundreds of Syrians were bused from Edirne to Istanbul. By Sunday, 40 more Syrians had reached the city.",
                 [(("Edirne", "Istanbul"), "bus", None, "completed"), (("Syria", "Istanbul"), "unknown", 40, "completed")],
                 id="the_city_points_back"),
    # into the movers' own country: the journey starts where the article says they left
    pytest.param("Many Afghans left Iran this year. Up to 5,000 Afghans are crossing back into the country daily.",
                 [(("Iran", "Afghanistan"), "unknown", 5000, "completed")], id="back_into_the_country_from_departure"),
    # a departure by sea names the source even when the movers are not named by nationality
    pytest.param("The boat had set off on Friday from Sudan. On Sunday, 60 migrants arrived in Aswan.",
                 [(("Sudan", "Aswan"), "unknown", 60, "completed")], id="departure_from_is_the_source"),
    # discourse defaults: the first journey says where the others start and go
    pytest.param("A dinghy left Turkey for Greece. Later, families from Aleppo arrived by bus.",
                 [(("Turkey", "Greece"), "boat", None, "completed"), (("Aleppo", "Greece"), "bus", None, "completed")],
                 id="origin_only_goes_to_the_article_destination"),
    pytest.param("Boats left Turkey for Greece at dawn. Later, 80 passengers landed in Bulgaria.",
                 [(("Turkey", "Greece"), "boat", None, "completed"), (("Turkey", "Bulgaria"), "unknown", 80, "completed")],
                 id="stated_origin_when_movers_are_unnamed"),
    # there and back in one sentence is two journeys
    pytest.param("Ukrainians fled the shelling. He drove his family from Kharkiv to Warsaw before returning to Kyiv.",
                 [(("Kharkiv", "Warsaw"), "car", None, "completed"), (("Warsaw", "Kyiv"), "car", None, "completed")],
                 id="there_and_back_is_two_journeys"),
    # deported home through a crossing: from where they left, not from home
    pytest.param("Thousands of Afghans left Pakistan this month. On Monday, 2,600 Afghans were deported to Afghanistan "
                 "via the Torkham crossing.",
                 [(("Pakistan", "Torkham", "Afghanistan"), "unknown", 2600, "completed")],
                 id="deported_home_via_a_crossing"),
    # first-person testimony: one narrator's journey over the sentences they tell it in
    pytest.param("Venezuelans keep arriving. “We left Caracas in June,” says Ana. “We walked to Cucuta, "
                 "then took a bus to Lima.”",
                 [(("Caracas", "Cucuta", "Lima"), "bus", None, "completed")], id="narrator_story"),
    # "and then" strings stops one after another; a plain list fans out
    pytest.param("Syrians fled by boat. The boat headed first toward Greece and then Bulgaria.",
                 [(("Syria", "Greece", "Bulgaria"), "boat", None, "completed")], id="then_list_is_a_sequence"),
    # "via A or B": two ways, one route each
    pytest.param("Syrians are now flying to Lviv via Istanbul or Odesa.",
                 [(("Syria", "Istanbul", "Lviv"), "air", None, "completed"),
                  (("Syria", "Odesa", "Lviv"), "air", None, "completed")], id="via_alternatives"),
    # one family followed across sentences: named by its surname, then "they" after an opening
    # adverbial, "took them" as a vehicle's object, and "In X, they …" as a stop on the way
    pytest.param("Three weeks ago, the Mendoza family left their flat in Caracas. In Cucuta, they slept at a bus "
                 "station before catching a coach to Lima. From there, a bus took them to Necocli. Finally, after ten "
                 "days on the road, they reached Panama.",
                 [(("Caracas", "Cucuta", "Lima", "Necocli", "Panama"), "bus", None, "completed")],
                 id="story_of_a_named_family_over_four_sentences"),
    pytest.param("Three weeks ago, the Mendoza family left Caracas. Five days later they reached Cucuta.",
                 [(("Caracas", "Cucuta"), "unknown", None, "completed")], id="story_pronoun_after_a_time_phrase"),
    # someone a witness mentions inside a quotation is not the traveller followed
    pytest.param("Venezuelans keep arriving. The Mendoza family left Caracas in May. “A man gave us bread,” said the "
                 "mother. They later walked to Cucuta.",
                 [(("Caracas", "Cucuta"), "foot", None, "completed")], id="quoted_stranger_is_not_a_story"),
    # first-person words right after a traveller is introduced are that traveller's
    pytest.param("Two students, Ivan and Oleg, drove from Kazan to Almaty. “We will not go back to Russia,” Ivan "
                 "said, adding that Astana would be their next destination.",
                 [(("Kazan", "Almaty"), "car", 2, "completed"), (("Almaty", "Astana"), "unknown", 2, "planned")],
                 id="testimony_after_an_introduction_continues_the_story"),
    # a descriptive apposition places a town; the place it names is no stop
    pytest.param("Haitian migrants walked to Necocli, a town close to the border with Panama.",
                 [(("Haiti", "Necocli"), "foot", None, "completed")], id="descriptive_apposition_is_no_stop"),
    # a story that says where crossings start: arrivals start there, whatever the movers' nationality
    pytest.param("Small boats crossed from Turkey overnight. On Sunday, 60 Afghans arrived in Greece.",
                 [(("Turkey", "Greece"), "unknown", 60, "completed")], id="arrivals_start_where_crossings_start"),
])
def test_route_stops_and_attributes(text, expected):
    """Stops, mode, people and status of each route, in text order."""
    got = [(tuple(p.name for p in r.stops), r.mode, r.people, r.status) for r in _routes(text)]
    assert got == expected


def test_next_destination_is_a_planned_onward_route():
    routes = _routes("A couple from Moscow reached Yerevan. They said Turkey would be their next destination.")
    got = {tuple(p.name for p in r.stops): r.status for r in routes}
    assert got == {("Moscow", "Yerevan"): "completed", ("Yerevan", "Turkey"): "planned"}


def test_attributes_are_read_from_the_sentence():
    (route,) = _routes("On 25 September eight Russians sailed from Moscow to Istanbul.")
    assert (route.mode, route.people, route.status, route.event_date) == ("boat", 8, "completed", "2022-09-25")


def test_duplicates_merge_with_people_by_max():
    routes = _routes("Russians fled to Georgia. Nearly 9,000 Russians fled to Georgia.")
    assert len(routes) == 1 and routes[0].people == 9000 and routes[0].extra_citations


@pytest.mark.parametrize("text, quote", [
    pytest.param("Ukrainians cross into Poland as shelling intensifies\n\n"
                 "More than 1.5 million Ukrainians have crossed into Poland since February 24.",
                 "More than 1.5 million Ukrainians have crossed into Poland since February 24.",
                 id="body_sentence_over_headline"),
    pytest.param("Ukrainians fled to Poland. About 9,000 Ukrainians fled to Poland on Monday.",
                 "About 9,000 Ukrainians fled to Poland on Monday.", id="sentence_with_the_figure"),
])
def test_merged_duplicates_cite_the_best_sentence(text, quote):
    (route,) = _routes(text)
    assert route.citation.quote == quote and len(route.extra_citations) == 1


def test_citations_are_verbatim_sentences_and_ids_follow_the_text():
    text = "Intro line\n\nRussians flew to Yerevan.  Later, two Russians drove from Kazan to Almaty."
    article, mentions = article_with_mentions(text, article_id="a1")
    routes = extract_routes(article, mentions, FakeLookup())
    assert [r.route_id for r in routes] == ["a1-r1", "a1-r2"]
    for r in routes:
        assert r.citation.quote == text[r.citation.start:r.citation.end] == r.citation.quote.strip()
    assert routes[0].citation.quote == "Russians flew to Yerevan."


def test_confidence_is_higher_for_explicit_origins():
    explicit, = _routes("Russians drove from Kazan to Almaty.")
    implied, = _routes("Russians drove to Almaty.")
    assert 0 < implied.confidence < explicit.confidence <= 1


@pytest.mark.parametrize("names, expected", [
    pytest.param(["Russia", "Moscow", "Yerevan"], ("Moscow", "Yerevan"), id="country_gives_way_to_city"),
    pytest.param(["Moscow", "Russia"], ("Moscow",), id="country_after_its_city_dropped"),
    pytest.param(["Russia", "Upper Lars", "Georgia"], ("Russia", "Upper Lars", "Georgia"), id="crossing_kept"),
    pytest.param(["Kazan", "Kazan", "Almaty"], ("Kazan", "Almaty"), id="repeat_dropped"),
    pytest.param(["Ukraine", "Medyka", "Poland"], ("Ukraine", "Medyka", "Poland"), id="country_after_its_crossing_kept"),
])
def test_clean_stops(names, expected):
    assert tuple(p.name for p in clean_stops([PLACES[n] for n in names])) == expected


def test_a_journey_reported_with_two_figures_is_two_reports_each_citing_its_own():
    text = ("Some 98,000 Russians entered Kazakhstan last week, officials said. "
            "By Sunday, 261,000 Russians had entered Kazakhstan since the call-up.")
    routes = _routes(text)
    assert sorted(r.people for r in routes) == [98000, 261000]
    assert all(f"{r.people:,}" in r.citation.quote for r in routes)  # the number shown is the one the quote states


def test_a_repeated_journey_keeps_the_head_count_of_the_sentence_that_gives_one():
    text = "Russians kept entering Kazakhstan. Some 98,000 Russians entered Kazakhstan last week, officials said."
    (route,) = _routes(text)
    assert route.people == 98000 and "98,000" in route.citation.quote


def test_each_clause_of_a_split_sentence_keeps_its_own_head_count():
    text = ("Thousands of Sudanese have fled the war. "
            "Chad has received 100,000 refugees, while about 30,000 people fled to Egypt.")
    counts = {r.stops[-1].name: r.people for r in _routes(text)}
    assert counts == {"Chad": 100000, "Egypt": 30000}


def test_one_witness_quoted_journey_does_not_set_where_everyone_left_from():
    text = ("Syrian refugees keep arriving in Austria. “We crossed from Turkey by boat,” said one man. "
            "On Sunday, 3,000 refugees reached Hungary.")
    assert ("Syria", "Hungary") in _stops(text)  # not Turkey: that was one man's crossing


def test_a_departure_from_a_city_says_which_country_journeys_start_in():
    text = "The bus had left Kharkiv at night. On Sunday, 60 people reached Warsaw."
    assert ("Ukraine", "Warsaw") in _stops(text)


def test_a_part_of_a_counted_group_gets_no_figure_of_its_own():
    text = "Over 677,000 Ukrainians have left Ukraine, with many of them ending up in Poland."
    (route,) = _routes(text)
    assert [p.name for p in route.stops] == ["Ukraine", "Poland"] and route.people is None


def test_stopped_attempts_are_blocked_journeys():
    (route,) = _routes("Polish guards said they had stopped more than 300 attempts by Iraqis to cross from Belarus into Poland.")
    assert [p.name for p in route.stops] == ["Belarus", "Poland"] and route.status == "blocked"


def test_an_undated_report_keeps_the_day_the_story_last_gave():
    text = ("Hundreds of Ukrainians crossed into Poland at Medyka yesterday. Aid workers handed out blankets. "
            "Buses then took 40 people on from Przemysl to Warsaw.")
    dates = {r.stops[-1].name: r.event_date for r in _routes(text)}
    assert dates.get("Warsaw") == "2022-09-26"


def test_a_plan_keeps_no_date_of_its_own():
    text = "On Sunday, 60 Ukrainians reached Warsaw. They plan to go on to Germany."
    dates = {r.stops[-1].name: r.event_date for r in _routes(text)}
    assert dates.get("Warsaw") == "2022-09-25" and "Germany" in dates and dates["Germany"] is None


def test_a_counted_group_of_movers_living_somewhere_arrived_there():
    text = "Refugees from Sudan keep arriving in Chad. About 3,000 refugees are now living in Adre."
    counts = {tuple(p.name for p in r.stops): r.people for r in _routes(text)}
    assert counts.get(("Sudan", "Adre")) == 3000


def test_a_town_passed_through_with_no_destination_is_where_the_movers_crossed():
    text = ("More than 5,000 Afghans left Iran last month to go back to their country. "
            "About 900 of them passed through Mashhad on Monday.")
    assert ("Iran", "Mashhad", "Afghanistan") in _stops(text)


@pytest.mark.parametrize("text", [
    pytest.param("A pirogue that had left Dakar capsized off El Hierro on Sunday.", id="capsized_off"),
    pytest.param("A fishing boat sank near El Hierro three days after leaving Dakar.", id="sank_near"),
])
def test_a_boat_lost_on_the_way_ends_its_journey_where_it_sank(text):
    (route,) = _routes(text)
    assert [p.name for p in route.stops] == ["Dakar", "El Hierro"] and route.status == "attempted"


def test_where_movers_were_picked_up_is_where_they_were_taken_from():
    text = "Police found 30 migrants in a lorry near Calais and drove them to Chisinau."
    assert ("Calais", "Chisinau") in _stops(text)


def test_a_pushback_is_the_attempt_it_stopped():
    (route,) = _routes("About 200 Afghans were pushed back to Turkey by Greek border guards.")
    assert [p.name for p in route.stops] == ["Turkey", "Greece"] and route.status == "blocked"


def test_a_deportation_home_is_a_journey_made_not_a_pushback():
    (route,) = _routes("Dozens of Haitians were sent back to Haiti from Calais.")
    assert [p.name for p in route.stops] == ["Calais", "Haiti"] and route.status == "completed"


def test_one_figure_for_several_places_is_not_each_places_figure():
    text = "More than 7,000 migrants reached Spain last month, most of them from Senegal and Guinea."
    counts = {tuple(p.name for p in r.stops): r.people for r in _routes(text)}
    assert counts.get(("Senegal", "Spain"), "missing") is None


def test_respective_figures_stay_with_their_places():
    text = "Chad has received 100,000 refugees from Sudan, while about 30,000 fled to Egypt."
    counts = {r.stops[-1].name: r.people for r in _routes(text)}
    assert counts == {"Chad": 100000, "Egypt": 30000}


def test_arrivals_at_a_crossing_go_on_into_the_country_that_took_them_in():
    text = "Afghanistan has received 30,000 arrivals from Pakistan at the Torkham crossing."
    assert _stops(text) == [("Pakistan", "Torkham", "Afghanistan")]


def test_movers_named_by_where_they_come_from_say_where_journeys_start():
    text = "Migrants from Senegal keep coming. Spain took in 32,000 of them last year."
    counts = {tuple(p.name for p in r.stops): r.people for r in _routes(text)}
    assert counts.get(("Senegal", "Spain")) == 32000


def test_a_place_around_which_movers_wait_is_where_they_went():
    text = "Syrians keep coming. Many had travelled through Turkey before reaching the camps around Calais."
    assert ("Syria", "Turkey", "Calais") in _stops(text)


def test_others_making_the_same_journey_repeat_it_with_their_own_figure_and_day():
    text = "Small boats keep crossing to the United Kingdom from France. On Sunday, 701 people made the crossing."
    (route,) = _routes(text)
    assert [p.name for p in route.stops] == ["France", "United Kingdom"]
    assert (route.people, route.event_date) == (701, "2022-09-25")


def test_where_movers_had_been_stranded_is_where_they_left_from():
    (route,) = _routes("Thousands of migrants who had been stranded in Serbia boarded buses for Hungary on Sunday.")
    assert [p.name for p in route.stops] == ["Serbia", "Hungary"] and route.status == "completed" and route.mode == "bus"


def test_a_story_about_a_corridor_starts_its_journeys_on_the_near_side():
    text = ("The English Channel has become the main route to Britain. "
            "On Monday, 120 Afghans reached the United Kingdom in small boats.")
    assert ("France", "United Kingdom") in _stops(text)
    assert not any(stops[0] == "Afghanistan" for stops in _stops(text))


def test_movers_on_their_way_somewhere_are_going_there():
    assert ("Ukraine", "Warsaw") in _stops("Ukrainian refugees are on their way to Warsaw.")


def test_a_traveller_s_own_plan_is_still_a_route_when_authorities_plans_are_not():
    assert ("Lima", "Caracas") in _stops("Maria plans to move from Lima to Caracas next month.")
    assert _stops("The government plans to move 3,000 migrants from Lima to Caracas next month.") == []


def test_stopped_by_the_destinations_own_coastguard_and_landed_there_is_a_journey_made():
    (route,) = _routes("A boat carrying 45 migrants from Senegal was intercepted by the Spanish coastguard "
                       "and escorted to El Hierro.")
    assert [p.name for p in route.stops] == ["Senegal", "El Hierro"] and route.status == "completed"


def test_movers_stopped_while_trying_to_cross_are_blocked():
    (route,) = _routes("French police stopped 60 migrants trying to cross from Calais to the United Kingdom.")
    assert route.status == "blocked"


def test_a_change_of_train_on_the_way_is_a_stop():
    assert ("Kyiv", "Lviv", "Warsaw") in _stops("They travelled from Kyiv to Warsaw by train with a change in Lviv.")


def test_a_demonym_without_plural_s_names_the_movers_before_any_verb():
    assert ("Sudan", "Chad") in _stops("Sudanese keep arriving in Chad every day.")


def test_a_place_the_movers_kept_away_from_is_no_stop():
    assert _stops("The two brothers drove from Kazan to Almaty, avoiding the roads through Kazakhstan's north.") == [
        ("Kazan", "Almaty")]
    assert _stops("Syrians bypassing Hungary and Croatia wound up in Austria.") == [("Syria", "Austria")]


def test_a_return_somebody_fears_is_no_journey():
    assert _stops("The Afghans who reached Turkey worry that they might be deported to Iran.") == []


def test_a_place_where_the_movers_cross_is_their_crossing_point():
    assert _stops("Volunteers hand out soup in Medyka, where thousands of Ukrainians are streaming into Poland.") == [
        ("Ukraine", "Medyka", "Poland")]


def test_a_country_entered_through_its_own_crossing_is_named_once():
    poland, medyka = PLACES["Poland"], PLACES["Medyka"]
    assert [p.name for p in clean_stops([PLACES["Ukraine"], poland, medyka, poland])] == ["Ukraine", "Medyka", "Poland"]


SCENE = ("Volunteers at the station in Przemysl cook for everybody. Przemysl has no beds left, and the town hall "
         "of Przemysl has opened its gym. ")


def test_a_transfer_without_an_origin_starts_where_the_story_is_set():
    assert ("Przemysl", "Warsaw") in _stops(SCENE + "On Friday 300 Ukrainians were transferred to Warsaw.")
    assert ("Przemysl", "Warsaw") in _stops(SCENE + "Last night another bus left for Warsaw with 40 people.")


def test_a_transfer_abroad_does_not_start_at_the_scene():
    assert not any(stops[0] == "Przemysl" for stops in _stops(SCENE + "On Friday 300 refugees left for Kirkenes."))


def test_a_person_introduced_by_their_home_starts_their_journey_there():
    assert _stops("Olena, 41 years old, is from Kharkiv. Last spring she took her two sons to Warsaw.") == [
        ("Kharkiv", "Warsaw")]
    assert _stops("Hamid comes from Herat. In May he walked to Mashhad.") == [("Herat", "Mashhad")]


def test_leaving_home_again_is_a_new_journey_of_the_same_traveller():
    stops = _stops("Olena is from Kharkiv. In March she drove her mother to Warsaw, then returned to Ukraine. "
                   "This week she leaves Ukraine again through Moldova.")
    assert ("Kharkiv", "Warsaw") in stops and ("Ukraine", "Moldova") in stops
    assert not any("Warsaw" in s and "Moldova" in s for s in stops)


def test_where_the_movers_had_been_stuck_is_not_where_they_go_next():
    stops = _stops("A rescue flight from Minsk is set to land in Germany, returning 400 Iraqis who had been stranded "
                   "on the Belarus-Poland border.")
    assert ("Minsk", "Germany") in stops and not any(s[-1] == "Belarus" for s in stops)


def test_a_town_placed_by_a_country_s_border_keeps_the_journey_in_that_town():
    assert _stops("Two Colombians flew from Necocli to Lima, near Peru's border with Colombia, last week.") == [
        ("Necocli", "Lima")]


def test_where_arrivals_are_registered_is_where_they_arrived():
    assert _stops("About 900 Syrians were registered in Belgrade on Monday.") == [("Syria", "Belgrade")]


def test_where_movers_live_now_ends_the_journey_they_tell():
    assert _stops("The family fled Kharkiv in March and now lives in Warsaw.") == [("Kharkiv", "Warsaw")]


def test_a_count_before_an_invariant_demonym_names_the_movers():
    (route,) = _routes("A boat with 70 Sudanese capsized off the coast of Egypt.")
    assert [p.name for p in route.stops] == ["Sudan", "Egypt"] and route.people == 70


def test_the_mainland_of_a_demonym_names_its_country():
    assert ("Ukraine", "Poland") in _stops("Some 300 Ukrainians reached the Polish mainland on Tuesday.")


def test_a_journey_to_a_bloc_is_not_sent_to_the_paragraph_s_destination():
    text = "Thousands of Iraqis flew from Iraq to Istanbul in the autumn. Later, some died trying to cross from Belarus to Europe."
    assert not any(s[0] == "Belarus" for s in _stops(text))


def test_movers_who_died_on_the_way_did_not_arrive():
    (route,) = _routes("Seven Sudanese migrants drowned while trying to reach Egypt by boat.")
    assert route.status == "attempted"


def test_a_wire_dateline_does_not_hide_the_traveller_who_opens_the_story():
    stops = _stops("KYIV, Ukraine (AP) — Olena Koval drove from Kharkiv to Lviv with her mother. "
                   "Thousands of Ukrainians crossed into Poland on Sunday. Koval hopes to reach Warsaw next week.")
    assert ("Lviv", "Warsaw") in stops


def test_an_agency_named_after_refugees_is_not_a_traveller():
    stops = _stops("Olena Koval drove from Kharkiv to Lviv with her mother. More than 5,000 Ukrainians entered "
                   "Poland on Sunday, the UN refugee agency said.")
    assert ("Ukraine", "Poland") in stops


def test_a_host_described_by_a_relative_clause_still_took_the_movers_in():
    assert _stops("Colombia, which shares a long border with Venezuela, has received 1.8 million Venezuelans.") == [
        ("Venezuela", "Colombia")]


def test_places_passed_after_the_destination_told_with_before_come_after_it():
    assert _stops("Most Syrians crossed from Turkey to Greece before taking buses north through Bulgaria and Serbia.") == [
        ("Turkey", "Greece", "Bulgaria", "Serbia")]


def test_movers_counted_where_they_live_arrived_there():
    assert ("Venezuela", "Lima") in _stops("Some 900,000 Venezuelans now live in Lima.")


def test_a_counted_arrival_that_names_no_place_is_the_journey_just_told():
    routes = _routes("On Sunday 300 Syrians crossed from Turkey into Greece. The day before, 180 had arrived.")
    assert sorted(r.people for r in routes if [p.name for p in r.stops] == ["Turkey", "Greece"]) == [180, 300]


def test_a_day_told_for_a_movement_with_no_destination_sets_the_news_time():
    (route,) = _routes("Some 300 Syrians fleeing the war in Syria arrived in two buses yesterday. "
                       "The first bus had come from Edirne to Belgrade.", published="2022-09-27")
    assert [p.name for p in route.stops] == ["Edirne", "Belgrade"] and route.event_date == "2022-09-26"


def test_a_counted_group_from_several_countries_keeps_every_origin():
    stops = _stops("The boat was carrying 45 people from Sudan, Egypt and Chad to Greece.")
    assert sorted(s[0] for s in stops) == ["Chad", "Egypt", "Sudan"] and all(s[-1] == "Greece" for s in stops)


def test_a_vehicle_bound_for_a_place_takes_its_passengers_there():
    assert _stops("A Greece-bound dinghy carried 40 Syrians.") == [("Syria", "Greece")]


def test_the_land_walked_through_is_a_stop():
    assert _stops("The Syrians walked for days through the mountains of Turkey before reaching Bulgaria.") == [
        ("Syria", "Turkey", "Bulgaria")]


def test_an_official_s_trip_is_no_migration():
    assert _stops("The Serbian president flew from Belgrade to Istanbul to discuss the refugee crisis.") == []
    assert ("Syria", "Belgrade") in _stops("The minister said 3,000 Syrians arrived in Belgrade on Monday.")


def test_a_mother_and_her_children_are_followed_as_the_family():
    routes = _routes("Rosa and her two daughters left Caracas in May. The family took a bus to Cucuta. "
                     "Two weeks later they reached Lima.")
    assert [[p.name for p in r.stops] for r in routes] == [["Caracas", "Cucuta", "Lima"]]
    assert routes[0].people == 3


def test_the_country_whose_guards_stop_people_is_where_they_were_going():
    (route,) = _routes("Greek police stopped 700 people from crossing from Turkey on Monday.")
    assert [p.name for p in route.stops] == ["Turkey", "Greece"] and route.status == "blocked"


def test_a_return_through_a_named_crossing_goes_home():
    assert _stops("Thousands of Syrians were sent back from Bulgaria through the Edirne crossing.") == [
        ("Bulgaria", "Edirne", "Syria")]


def test_guards_who_push_people_back_name_where_they_were_going_whatever_stands_before_back():
    (route,) = _routes("Polish border guards pushed 40 Iraqis back into Belarus overnight.")
    assert [p.name for p in route.stops] == ["Belarus", "Poland"] and route.status == "blocked"


def test_a_vehicle_to_a_place_is_a_journey_there():
    assert _stops("Omar paid a driver in Istanbul for a seat on a bus to Belgrade.") == [("Istanbul", "Belgrade")]
    assert _stops("A bus to Belgrade costs 40 euros in Istanbul.") == []


def test_where_movers_board_a_vehicle_is_a_stop_with_or_without_an_article():
    assert _stops("Dozens of Syrians boarded buses in Istanbul bound for Belgrade.") == [("Syria", "Istanbul", "Belgrade")]


def test_waiting_for_leave_to_go_on_is_an_attempt():
    (route,) = _routes("Hundreds of Venezuelans are waiting in Panama for permission to enter Costa Rica.")
    assert [p.name for p in route.stops][-1] == "Costa Rica" and route.status == "attempted"
    (before,) = _routes("She waited two days in Medyka before crossing into Poland.")
    assert before.status == "completed"


def test_where_movers_have_got_to_starts_their_next_leg():
    routes = _routes("Once in Serbia, many Syrians try to reach Hungary or Austria.")
    assert [[p.name for p in r.stops] for r in routes] == [["Serbia", "Hungary"], ["Serbia", "Austria"]]
    assert {r.status for r in routes} == {"attempted"}  # "try to", present tense too
    assert _stops("Once in Belgrade, she worked as a nurse.") == []


def test_a_part_of_a_country_that_hosts_people_names_the_country():
    (route,) = _routes("Pakistan's largest camp now hosts about 90,000 Afghans.")
    assert [p.name for p in route.stops] == ["Afghanistan", "Pakistan"] and route.people == 90_000
