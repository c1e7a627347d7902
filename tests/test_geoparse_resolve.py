"""The resolver's pure parts, on hand-made candidates: pairs, probabilities, support, people."""
import pytest

from pipeline.gazetteer import Candidate
from pipeline.geoparse.matching import Match
from pipeline.geoparse.resolve import Rejection, compatible, pair_confirmed, person_names, probabilities, support
from pipeline.records import Place


def cand(pid, kind, cc, admin1="", pop=0, primary=True):
    return Candidate(Place(pid, pid, kind, cc, 0.0, 0.0, pop), admin1, primary, False)


PARIS_FR = cand("paris-fr", "city", "FR", "FR.11", 2_000_000)
PARIS_TN = cand("paris-tn", "city", "US", "US.TN", 10_000)
TENNESSEE = cand("tennessee", "region", "US", "US.TN", 6_000_000)
GEORGIA_GE = cand("georgia-ge", "country", "GE", "", 3_700_000)
GEORGIA_US = cand("georgia-us", "region", "US", "US.GA", 10_000_000)
ATLANTA = cand("atlanta", "city", "US", "US.GA", 460_000)
MOLDOVA = cand("moldova", "country", "MD", "", 2_600_000)
VILLAGE = cand("village", "city", "RO", "RO.34", 4_000, primary=False)
ROMANIA = cand("romania", "country", "RO", "", 19_000_000)


@pytest.mark.parametrize("town, outer, ok", [
    pytest.param(PARIS_TN, TENNESSEE, True, id="town_in_its_state"),
    pytest.param(PARIS_FR, TENNESSEE, False, id="town_elsewhere"),
    pytest.param(ATLANTA, GEORGIA_US, True, id="atlanta_georgia"),
    pytest.param(VILLAGE, ROMANIA, True, id="town_in_its_country"),
    pytest.param(TENNESSEE, GEORGIA_US, False, id="two_states_are_a_list"),
])
def test_compatible(town, outer, ok):
    assert compatible(town, outer) is ok


@pytest.mark.parametrize("first, second, expected", [
    pytest.param([PARIS_FR, PARIS_TN], [TENNESSEE], {"paris-tn", "tennessee"}, id="town_comma_state"),
    pytest.param([ATLANTA], [GEORGIA_GE, GEORGIA_US], {"atlanta", "georgia-us"}, id="state_chosen_by_its_town"),
    pytest.param([MOLDOVA, VILLAGE], [ROMANIA], set(), id="a_list_of_countries_is_no_pair"),
])
def test_pair_confirmed(first, second, expected):
    assert pair_confirmed(first, second) == expected


def test_probabilities_follow_the_priors_and_the_countries_named():
    far, near = probabilities([PARIS_FR, PARIS_TN], False, frozenset())
    assert far > 0.9 > near
    assert probabilities([PARIS_FR, PARIS_TN], False, frozenset({"US"}))[1] > near


def test_support_counts_each_other_name_once():
    names = {"paris": [(PARIS_FR, 0.5), (PARIS_TN, 0.5)], "tennessee": [(TENNESSEE, 1.0)]}
    admin1, countries = support(names, exclude="paris")
    assert admin1 == {"US.TN": 1.0} and countries == {"US": 1.0}


def test_person_names_come_from_person_rules_and_small_surnames():
    rejected = [Rejection(0, 4, "Moore", "part_of_larger_name", "preceded by 'Tom'"),
                Rejection(9, 18, "Vancouver", "part_of_larger_name", "preceded by 'Metro'"),
                Rejection(20, 26, "Jordan", "person_title", "after the title 'President'")]
    vancouver = Match(2, 2, 9, 18, "Vancouver", (cand("vancouver", "city", "CA", "CA.02", 600_000),))
    assert person_names(rejected, [vancouver]) == {"moore", "jordan"}


@pytest.mark.parametrize("surface, expected", [
    pytest.param("Canary Islands", True, id="islands"),
    pytest.param("Sinai Peninsula", True, id="peninsula"),
    pytest.param("Islands", False, id="one_word_is_not_a_name"),
    pytest.param("Bay Ridge", False, id="the_head_noun_must_end_the_name"),
])
def test_a_name_that_ends_in_a_geographic_noun_names_a_place(surface, expected):
    from pipeline.geoparse.resolve import names_its_kind

    assert names_its_kind(surface) is expected
