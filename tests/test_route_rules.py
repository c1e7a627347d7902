"""Every named rule of the route grammar has an example of its own, and fires on it.

The examples are written for this test, in masked form: ``⟨k⟩`` stands for the
k-th place mention of the sentence, as the rules see it.
"""
import pytest

from pipeline.records import Place
from pipeline.routes.rules import ANAPHORS, IGNORE_RULES, ROLE_RULES, SKIP_RULES, literal_hints
from pipeline.routes.sentence import assign_roles, ignored_mentions

CITY = Place("city:a", "A", "city", "AA", 0.0, 0.0)
COUNTRY = Place("country:AA", "Aland", "country", "AA", 0.0, 0.0)

# (rule name, masked sentence, index of the place the rule must claim, kinds of ⟨0⟩, ⟨1⟩, ...)
ROLE_CASES = [
    ("crossing_into", "They queued at the ⟨0⟩ crossing into ⟨1⟩.", 0, ("border_crossing", "country")),
    ("crossing_near", "The family crossed the border near ⟨0⟩ on Monday.", 0, ("city",)),
    ("next_destination", "⟨0⟩ would be their next destination, she said.", 0, ("city",)),
    ("crossing_between_from", "Trucks crossed the bridge between ⟨0⟩ and ⟨1⟩.", 0, ("country", "country")),
    ("crossing_between_to", "Trucks crossed the bridge between ⟨0⟩ and ⟨1⟩.", 1, ("country", "country")),
    ("at_crossing", "Hundreds walked across at ⟨0⟩ overnight.", 0, ("border_crossing",)),
    ("across_border_into", "Crowds surged across the ⟨0⟩ border into ⟨1⟩ at dawn.", 0, ("country", "country")),
    ("left_place", "She left ⟨0⟩ in a hurry.", 0, ("city",)),
    ("fled_conflict_in", "Families fleeing the fighting in ⟨0⟩ slept at the station.", 0, ("city",)),
    ("lived_in_before", "Families who had lived for years in ⟨0⟩ moved again.", 0, ("city",)),
    ("lived_in_before", "A plane flew home 200 people who had been stuck at the ⟨0⟩ border.", 0, ("country",)),
    ("expelled_by", "⟨0⟩ has deported 28,000 people this year.", 0, ("country",)),
    ("from", "The students travelled from ⟨0⟩.", 0, ("city",)),
    ("out_of", "Buses moved people out of ⟨0⟩.", 0, ("city",)),
    ("bound_for", "A ferry set off for ⟨0⟩ at dawn.", 0, ("city",)),
    ("travel_on_to_meet", "They went on to stay with cousins in ⟨0⟩.", 0, ("city",)),
    ("to", "The group walked to ⟨0⟩.", 0, ("city",)),
    ("arrive_in", "Most of them eventually settled in ⟨0⟩.", 0, ("city",)),
    ("number_living_in", "The number of Afghans living in ⟨0⟩ has now passed two million.", 0, ("country",)),
    ("bound_adjective", "A ⟨0⟩-bound ferry left the harbour at dusk.", 0, ("city",)),
    ("where_they_cross", "Volunteers wait at the border posts of ⟨0⟩ and ⟨1⟩, where hundreds of families walk into the country.",
     1, ("border_crossing", "border_crossing")),
    ("where_they_arrive", "Aid workers set up tents in ⟨0⟩, where most of the boats land.", 0, ("city",)),
    ("counted_movers_in", "About 40,000 Syrians now live in ⟨0⟩.", 0, ("city",)),
    ("live_now_in", "The brothers, who fled the war in May, now live in ⟨0⟩.", 0, ("city",)),
    ("arrive_in", "Some 2,000 people were registered at ⟨0⟩ on Monday.", 0, ("city",)),
    ("arrive_in", "After two weeks on the road the family wound up in ⟨0⟩.", 0, ("city",)),
    ("reach_enter", "Only a few reached ⟨0⟩.", 0, ("city",)),
    ("influx_in", "Officials reported an influx of newcomers in ⟨0⟩.", 0, ("city",)),
    ("at_border", "Cars waited for days at the ⟨0⟩ border after they fled.", 0, ("country",)),
    ("border_with", "Crowds gathered at the border with ⟨0⟩, hoping to cross.", 0, ("country",)),
    ("via", "They travelled via ⟨0⟩.", 0, ("city",)),
    ("crossed_place", "Each night dozens of families cross the ⟨0⟩ on foot.", 0, ("other",)),
    ("stop_before_moving_on", "The group rested in ⟨0⟩ before heading north.", 0, ("city",)),
    ("after_time_in", "After two weeks in a shelter on ⟨0⟩, they moved on.", 0, ("other",)),
    ("change_in", "They went by train with a change in ⟨0⟩ after midnight.", 0, ("city",)),
    ("boarded_in", "Most of them had boarded a train in ⟨0⟩ the night before.", 0, ("city",)),
    ("boarded_in", "Families boarded buses at ⟨0⟩ before dawn.", 0, ("city",)),
    ("join_in", "She hopes to join her sister in ⟨0⟩ soon.", 0, ("city",)),
    ("waiting_at", "Hundreds fled and are now sleeping rough outside ⟨0⟩.", 0, ("city",)),
    ("border_at", "Buses left them at the border near ⟨0⟩.", 0, ("city",)),
    ("host_past", "⟨0⟩ admitted 12,000 people last month.", 0, ("country",)),
    ("host_past", "⟨0⟩'s northern towns took in 3,000 families.", 0, ("country",)),
    ("speaking_from", "“It was hard,” he said by phone from a shelter near ⟨0⟩.", 0, ("city",)),
    ("now_in", "“Now we are in ⟨0⟩, but we have nothing,” he said.", 0, ("other",)),
    ("paid_smugglers_in", "Each of them paid a smuggler $500 in ⟨0⟩ for the boat.", 0, ("city",)),
    ("number_grew_in", "The number of Afghan families in ⟨0⟩ has nearly tripled.", 0, ("country",)),
    ("anaphor_dest", "Her brother had already moved ⟨0⟩.", 0, ("city",)),
    ("same_story_in", "It is the same story in ⟨0⟩.", 0, ("city",)),
    ("example", "Many left for good, notably ⟨0⟩ and its neighbours.", 0, ("country",)),
    ("host_subject", "⟨0⟩ has taken in thousands of families.", 0, ("country",)),
    ("host_present", "⟨0⟩ now hosts nearly 2.5 million Venezuelans.", 0, ("country",)),
    ("host_present", "⟨0⟩’s largest camp shelters 40,000 people.", 0, ("country",)),
    ("counted_movers_in", "Some 4,000 Eritreans are now living in ⟨0⟩.", 0, ("city",)),
    ("wrecked_near", "The overcrowded dinghy capsized off ⟨0⟩ before dawn.", 0, ("other",)),
    ("pushed_back_to", "Some forty people were pushed back to ⟨0⟩ overnight.", 0, ("country",)),
    ("once_in", "Once in ⟨0⟩, the family took a bus to ⟨1⟩.", 0, ("country", "city")),
    ("pushed_back_to", "Soldiers forced the whole group back into ⟨0⟩ at night.", 0, ("country",)),
    ("pushed_back_from", "The families were forced back from ⟨0⟩ at dawn.", 0, ("other",)),
    ("pushed_back_by", "They were turned back at night by ⟨0⟩ border guards.", 0, ("country",)),
    ("stay_on_the_way", "She spent two weeks in ⟨0⟩ before moving on.", 0, ("city",)),
    ("found_at", "Coastguards rescued 80 migrants near ⟨0⟩ on Sunday.", 0, ("city",)),
    ("reporting_host", "⟨0⟩ said 5,000 migrants had entered since Monday.", 0, ("country",)),
    ("sentence_subject", "⟨0⟩ closed its border on Friday.", 0, ("country",)),
    ("locative_frame", "In ⟨0⟩, volunteers handed out soup.", 0, ("city",)),
]

SKIP_CASES = [
    ("photo_caption", "Photo: people wait at a bus station."),
    ("price", "A seat on the bus costs about $300."),
    ("protest_ride", "He cycled across the country in protest against the war."),
    ("habitual", "Traders usually drive to the coast for work."),
    ("hypothetical", "Officials warned that another million people could flee westwards."),
    ("hypothetical", "They worry that they might be deported before winter."),
    ("forecast", "Aid groups expect up to 80,000 more people to arrive before winter."),
    ("announced_transfer", "The ministry said it will relocate 400 asylum seekers to northern towns."),
    ("remains", "The remains of nine migrants were flown home on Friday."),
    ("official_trip", "The foreign minister flew to the capital on Monday for talks on refugees."),
    ("service_suspended", "The airline suspended its flights to the capital in June."),
]

# (rule name, masked sentence, places of ⟨0⟩, ⟨1⟩, ..., index the rule must ignore)
IGNORE_CASES = [
    ("possessive_modifier", "They reached ⟨0⟩'s largest city ⟨1⟩.", (COUNTRY, CITY), 0),
    ("direction_of", "They walked to a village north of ⟨0⟩.", (CITY,), 0),
    ("descriptor_modifier", "They slept in the ⟨0⟩ suburbs of the capital.", (CITY,), 0),
    ("speaker_origin", "We crossed at night, said Omar Haddad, a teacher from ⟨0⟩.", (CITY,), 0),
    ("locator_apposition", "They arrived in ⟨0⟩, a town in ⟨1⟩.", (CITY, COUNTRY), 1),
    ("locator_possessive", "They arrived in ⟨0⟩, ⟨1⟩'s port.", (CITY, COUNTRY), 1),
    ("locative_apposition", "They walked from ⟨0⟩, on the far side of the border with ⟨1⟩, to the coast.", (CITY, COUNTRY), 1),
    ("descriptive_apposition", "A bus took them to ⟨0⟩, a village close to the frontier with ⟨1⟩.", (CITY, COUNTRY), 1),
    ("locative_apposition", "A bus took them to ⟨0⟩, near ⟨1⟩'s frontier with ⟨2⟩, at dawn.", (CITY, COUNTRY, COUNTRY), 2),
    ("relative_locator", "⟨0⟩, which shares a long border with ⟨1⟩, took in 9,000 people.", (COUNTRY, COUNTRY), 1),
    ("avoided", "They walked north to ⟨0⟩, avoiding the main road through ⟨1⟩.", (CITY, COUNTRY), 1),
    ("avoided", "They drove to ⟨0⟩ instead of going through the hills of ⟨1⟩ or ⟨2⟩.", (CITY, COUNTRY, COUNTRY), 2),
]

ANAPHOR_CASES = [
    ("there", "Her parents had already moved there last year."),
    ("from_there", "From there they took a bus."),
    ("the_country_host", "The country has received more than a million people."),
    ("the_place", "On Saturday, 357 people arrived on the island."),
    ("this_place", "Buses kept arriving in this small border town all night."),
    ("the_country_entered", "More than 3,000 Russians had entered the country via the crossing."),
    ("back_into_the_country", "Up to 5,000 Afghans are crossing back into the country daily."),
    ("the_country_left", "Tens of thousands have been leaving the country since the call-up."),
    ("the_crossing", "By noon, 5,000 people had passed through the checkpoint."),
    ("return_home", "Thousands chose to return home before the deadline."),
    ("return_to_their_country", "They queued for days to return to their country."),
]


@pytest.mark.parametrize("rule, masked, index, kinds", [pytest.param(*c, id=c[0]) for c in ROLE_CASES])
def test_role_rule_claims_its_example(rule, masked, index, kinds):
    claimed = {s.index: s.rule for s in assign_roles(masked, list(kinds))}
    assert claimed.get(index) == rule


@pytest.mark.parametrize("rule, sentence", [pytest.param(*c, id=c[0]) for c in SKIP_CASES])
def test_skip_rule_matches_its_example(rule, sentence):
    assert [r.name for r in SKIP_RULES if r.pattern.search(sentence)] == [rule]


@pytest.mark.parametrize("rule, masked, places, index", [pytest.param(*c, id=c[0]) for c in IGNORE_CASES])
def test_ignore_rule_drops_its_example(rule, masked, places, index):
    table = next(r for r in IGNORE_RULES if r.name == rule)
    assert table.pattern.search(masked)
    assert index in ignored_mentions(masked, list(places))


@pytest.mark.parametrize("rule, sentence", [pytest.param(*c, id=c[0]) for c in ANAPHOR_CASES])
def test_anaphor_matches_its_example(rule, sentence):
    pattern = next(p for name, p, _ in ANAPHORS if name == rule)
    assert pattern.search(sentence)


@pytest.mark.parametrize("table, cases", [
    pytest.param(ROLE_RULES, ROLE_CASES, id="role_rules"),
    pytest.param(SKIP_RULES, SKIP_CASES, id="skip_rules"),
    pytest.param(IGNORE_RULES, IGNORE_CASES, id="ignore_rules"),
    pytest.param([type("R", (), {"name": a[0]}) for a in ANAPHORS], ANAPHOR_CASES, id="anaphors"),
])
def test_every_rule_has_an_example(table, cases):
    assert sorted({c[0] for c in cases}) == sorted(r.name for r in table)


@pytest.mark.parametrize("trigger, hints", [
    pytest.param(r"\b(?:left|fled)\s+from\b", ("left", "fled"), id="a_group_of_words"),
    pytest.param(r"\b(?:took|taken)\s+(?:shelter|refuge)|\bashore", ("took", "taken", "ashore"), id="top_level_alternatives"),
    pytest.param(r"\b(?:(?:took|take)\s+in|hosts)\b", ("took", "take", "hosts"), id="nested_groups"),
    pytest.param(r"\bpa(?:id|ys)\b", ("pa",), id="a_literal_before_a_group"),
    pytest.param(r"\b(?:now\s+)?(?:in|at)\b", None, id="an_optional_start_gives_no_hint"),
    pytest.param(r"^[^⟨]{0,45}⟨\d+⟩", None, id="no_literal_start"),
])
def test_literal_hints(trigger, hints):
    assert literal_hints(trigger) == hints


@pytest.mark.parametrize("rule, masked, index, kinds", [pytest.param(*c, id=c[0]) for c in ROLE_CASES])
def test_a_trigger_never_matches_without_its_hints(rule, masked, index, kinds):
    """The hints are a necessary condition: a sentence the trigger matches contains one of them."""
    table = next(r for r in ROLE_RULES if r.name == rule)
    if table.trigger is not None and table.hints is not None and table.trigger.search(masked):
        assert any(h in masked.lower() for h in table.hints)


@pytest.mark.parametrize("rule, sentence", [pytest.param(*c, id=c[0]) for c in SKIP_CASES])
def test_a_skip_rule_s_words_to_look_for_are_in_its_example(rule, sentence):
    (skip,) = [r for r in SKIP_RULES if r.name == rule]
    assert not skip.hints or any(h in sentence.lower() for h in skip.hints)
