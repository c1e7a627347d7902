"""Candidate legs: what the build proposes for review beside the grammar's routes, in examples of my own."""
from pipeline.routes import candidate_routes, extract_routes
from pipeline.routes import candidates as cand
from route_fakes import FakeLookup, article_with_mentions


def _proposed(text, published="2023-05-10"):
    article, mentions = article_with_mentions(text, published=published)
    places = FakeLookup()
    routes = extract_routes(article, mentions, places)
    return article, routes, candidate_routes(article, mentions, places, routes)


def _pairs(routes):
    return [tuple(p.name for p in r.stops) for r in routes]


def test_a_journey_the_grammar_cannot_read_waits_as_a_candidate_citing_its_sentence():
    # No movement word joins the two places: the grammar reads no route, a reader may.
    text = "Amina spent two winters in Istanbul. By spring her family was renting a flat in Belgrade."
    article, routes, proposed = _proposed(text)
    assert not routes
    assert ("Istanbul", "Belgrade") in _pairs(proposed)
    for c in proposed:
        assert text[c.citation.start:c.citation.end] == c.citation.quote  # verbatim, with offsets
        assert 0 < c.confidence < 1 and len(c.stops) == 2


def test_one_end_may_be_named_in_the_sentence_before_even_across_a_paragraph_break_but_no_further_back():
    text = ("Officials in Warsaw met on Monday. The bus left Kharkiv at dawn.\n\n"
            "Eleven hours later it pulled in at Lviv.")
    _, _, proposed = _proposed(text)
    pair = next(c for c in proposed if _pairs([c]) == [("Kharkiv", "Lviv")])
    assert pair.citation.quote == "Eleven hours later it pulled in at Lviv."  # a quote never spans a line break
    assert "previous_sentence" in pair.evidence
    assert not any("Warsaw" in names and "Lviv" in names for names in _pairs(proposed))
    same_line = next(c for c in proposed if _pairs([c]) == [("Warsaw", "Kharkiv")])
    assert same_line.citation.quote == "Officials in Warsaw met on Monday. The bus left Kharkiv at dawn."


def test_the_movers_country_is_the_origin_a_sentence_leaves_implied():
    text = "Thousands of Syrians are sheltering near Istanbul, aid workers say."
    _, _, proposed = _proposed(text)
    implied = next(c for c in proposed if _pairs([c]) == [("Syria", "Istanbul")])
    assert "implied_origin" in implied.evidence


def test_what_the_grammar_routes_is_not_proposed_again_but_the_other_way_round_is_ranked_low():
    text = "Two Russians drove from Kazan to Almaty."
    _, routes, proposed = _proposed(text)
    assert _pairs(routes) == [("Kazan", "Almaty")]
    assert ("Kazan", "Almaty") not in _pairs(proposed)
    assert ("Almaty", "Kazan") not in _pairs(proposed)  # proposed, it would score below the floor
    article, mentions = article_with_mentions(text)
    kazan, almaty = mentions
    backwards = cand.pair_features(text, almaty, kazan, None, cand.Told.of(text, 0, len(text), True), reverses_route=True)
    assert backwards["reverses_route"] and backwards["against_order"] and cand.score(backwards) < cand.MIN_SCORE


def test_a_place_and_the_country_it_lies_in_are_never_a_journey():
    text = "Nobody knows how many people now live in Lviv, Ukraine, or in Przemysl, Poland."
    _, _, proposed = _proposed(text)
    assert ("Lviv", "Ukraine") not in _pairs(proposed) and ("Przemysl", "Poland") not in _pairs(proposed)
    assert ("Lviv", "Przemysl") in _pairs(proposed)


def test_names_of_one_list_are_proposed_in_the_order_listed_only(monkeypatch):
    monkeypatch.setattr(cand, "MIN_SCORE", 0.0)  # every pair generated, however it scores
    text = "Their papers were stamped in Serbia, Hungary and Austria."
    _, _, proposed = _proposed(text)
    assert _pairs(proposed) == [("Serbia", "Hungary"), ("Serbia", "Austria"), ("Hungary", "Austria")]
    assert all("listed_together" in c.evidence for c in proposed)


def test_the_nearest_marking_word_decides_an_ends_cue():
    text = "They flew from Kazan to Yerevan."
    article, mentions = article_with_mentions(text)
    kazan, yerevan = mentions
    told = cand.Told.of(text, 0, len(text))
    forward = cand.pair_features(text, kazan, yerevan, None, told)
    backward = cand.pair_features(text, yerevan, kazan, None, told)
    assert forward["from_cue"] == 1.0 and forward["to_cue"] == 1.0
    assert backward["from_cue"] == 0.0 and backward["to_cue"] == 0.0  # "to Yerevan" is no start; "from Kazan" no end
    assert cand.score(forward) > cand.score(backward)


def test_pairs_scored_below_the_floor_are_not_proposed():
    text = "Officials from Turkey met colleagues from Greece."
    article, mentions = article_with_mentions(text)
    everything = cand.propose(article, mentions, [], None, weights={**cand.WEIGHTS, "bias": 5.0})
    assert everything
    assert cand.propose(article, mentions, [], None, weights={**cand.WEIGHTS, "bias": -5.0}) == []


def test_captions_and_history_propose_nothing():
    text = "In 1915, Armenians fled from Istanbul to Yerevan."
    _, _, proposed = _proposed(text)
    assert proposed == []
