"""The review file and its pure application to a build's legs and mentions."""
from __future__ import annotations

import json
import threading

import pytest

from pipeline import config
from pipeline import review as rv
from pipeline.records import Citation, Leg, Mention, Place

MOSCOW = Place("geonames:524901", "Moscow", "city", "RU", 55.75, 37.62)
TBILISI = Place("geonames:611717", "Tbilisi", "city", "GE", 41.69, 44.83)
GEORGIA_US = Place("geonames:4197000", "Georgia", "region", "US", 32.75, -83.5)
GEORGIA = Place("country:GE", "Georgia", "country", "GE", 42.0, 43.5)
ORAL = Place("geonames:608668", "Oral", "city", "KZ", 51.23, 51.37)
SAMARA = Place("geonames:499099", "Samara", "city", "RU", 53.2, 50.15)

TEXT = ("Ivan drove from Moscow to Georgia in September. "
        "Later, 300 people crossed from Samara to Oral by car.")
Q1 = "Ivan drove from Moscow to Georgia in September."
Q2 = "Later, 300 people crossed from Samara to Oral by car."
TEXTS = {"a1": TEXT}


def cite(quote: str, text: str = TEXT, article_id: str = "a1") -> Citation:
    start = text.index(quote)
    return Citation(article_id, start, start + len(quote), quote)


def make_leg(o: Place, d: Place, quote: str, route: str = "a1-r0", leg: int = 0, text: str = TEXT) -> Leg:
    return Leg(route, leg, "a1", o, d, cite(quote, text))


LEGS = [make_leg(MOSCOW, GEORGIA_US, Q1), make_leg(SAMARA, ORAL, Q2, "a1-r1")]
MENTIONS = [Mention("a1", TEXT.index("Georgia"), TEXT.index("Georgia") + 7, "Georgia", GEORGIA_US)]


def fixed_clock() -> str:
    return "2024-01-01T00:00:00+00:00"


def flow_row(leg: Leg) -> dict:
    """The properties a flows.geojson feature carries for a leg."""
    return {"article_id": leg.article_id, "from_place_id": leg.origin.place_id,
            "to_place_id": leg.destination.place_id, "quote_start": leg.citation.start,
            "quote": leg.citation.quote, "flow_id": f"{leg.route_id}-{leg.leg}"}


def sample_review() -> rv.Review:
    return rv.Review((
        rv.correct_place("a1", GEORGIA_US.place_id, GEORGIA, "Georgia", author="ana", clock=fixed_clock),
        rv.reject_leg(flow_row(LEGS[1]), clock=fixed_clock),
        rv.add_leg("a1", TEXT, Q2, ORAL, TBILISI, mode="car", people=3, clock=fixed_clock),
        rv.accept_leg(flow_row(LEGS[0]), clock=fixed_clock),
    ))


def test_empty_review_changes_nothing():
    out = rv.apply_review(LEGS, rv.Review(), TEXTS, MENTIONS)
    assert list(out.legs) == LEGS and list(out.mentions) == MENTIONS and out.statuses == ()


def test_place_correction_fixes_legs_and_mentions_and_marks_reviewed():
    out = rv.apply_review(LEGS, rv.Review((sample_review().entries[0],)), TEXTS, MENTIONS)
    assert out.legs[0].destination == GEORGIA and out.legs[0].reviewed
    assert not out.legs[1].reviewed
    assert out.mentions[0].place == GEORGIA
    assert out.statuses[0].status == "applied"
    assert ("a1", GEORGIA) in out.extra_places


def test_correction_for_all_articles_and_article_specific_wins():
    other = Place("geonames:1", "Georgia (elsewhere)", "region", "US", 1.0, 1.0)
    review = rv.Review((rv.correct_place(None, GEORGIA_US.place_id, other, clock=fixed_clock),
                        rv.correct_place("a1", GEORGIA_US.place_id, GEORGIA, clock=fixed_clock)))
    legs = LEGS + [Leg("b1-r0", 0, "b1", MOSCOW, GEORGIA_US, Citation("b1", 0, 3, "abc"))]
    out = rv.apply_review(legs, review, {**TEXTS, "b1": "abc"})
    assert out.legs[0].destination == GEORGIA
    assert out.legs[2].destination == other


def test_rejection_removes_only_that_leg():
    review = rv.Review((rv.reject_leg(flow_row(LEGS[1]), clock=fixed_clock),))
    out = rv.apply_review(LEGS, review, TEXTS)
    assert list(out.legs) == [LEGS[0]] and list(out.rejected) == [LEGS[1]]
    assert out.statuses[0].status == "applied"


def test_rejection_keyed_by_content_survives_new_flow_ids():
    """Build ids shift (another route first): the rejection still finds its leg."""
    review = rv.Review((rv.reject_leg(flow_row(LEGS[1]), clock=fixed_clock),))
    rebuilt = [make_leg(MOSCOW, GEORGIA_US, Q1, "a1-r7"), make_leg(SAMARA, ORAL, Q2, "a1-r3", 2)]
    out = rv.apply_review(rebuilt, review, TEXTS)
    assert [leg.route_id for leg in out.legs] == ["a1-r7"]


def test_rejection_follows_the_quote_when_the_article_text_moves():
    new_text = "Editor's note: updated.\n\n" + TEXT
    review = rv.Review((rv.reject_leg(flow_row(LEGS[1]), clock=fixed_clock),))
    rebuilt = [make_leg(SAMARA, ORAL, Q2, text=new_text)]
    out = rv.apply_review(rebuilt, review, {"a1": new_text})
    assert out.legs == () and out.statuses[0].status == "applied"


@pytest.mark.parametrize("texts, why", [
    pytest.param({"a1": "The article was rewritten entirely."}, "no longer contains the quote", id="quote_gone"),
    pytest.param({}, "no longer in the corpus", id="article_gone"),
])
def test_stale_entries_are_kept_and_reported(texts, why):
    review = sample_review()
    out = rv.apply_review([], review, texts)
    stale = {s.kind: s for s in out.stale}
    assert {"reject_leg", "add_leg"} <= set(stale)
    assert why in stale["add_leg"].detail
    assert len(out.statuses) == len(review.entries)  # nothing silently dropped


def test_accepted_candidate_is_marked_reviewed_and_kept():
    review = rv.Review((rv.accept_leg(flow_row(LEGS[1]), clock=fixed_clock),))
    out = rv.apply_review(LEGS, review, TEXTS, MENTIONS)
    assert [leg.reviewed for leg in out.legs] == [False, True]
    assert [s.status for s in out.statuses] == ["applied"]


def test_accepting_replaces_an_earlier_rejection_of_the_same_leg():
    review = rv.Review().with_entry(rv.reject_leg(flow_row(LEGS[1]), clock=fixed_clock))
    review = review.with_entry(rv.accept_leg(flow_row(LEGS[1]), clock=fixed_clock))
    assert [e.kind for e in review.entries] == ["accept_leg"]
    out = rv.apply_review(LEGS, review, TEXTS, MENTIONS)
    assert len(out.legs) == 2 and out.legs[1].reviewed


def test_acceptance_of_a_vanished_quote_is_stale_not_dropped():
    review = rv.Review((rv.accept_leg(flow_row(LEGS[1]), clock=fixed_clock),))
    out = rv.apply_review(LEGS, review, {"a1": "The article was rewritten."}, MENTIONS)
    assert [s.status for s in out.statuses] == ["stale"] and len(review.entries) == 1


def test_added_leg_is_reviewed_with_verbatim_citation():
    review = rv.Review((sample_review().entries[2],))
    out = rv.apply_review(LEGS, review, TEXTS)
    added = out.legs[-1]
    assert added.reviewed and added.origin == ORAL and added.destination == TBILISI
    assert TEXT[added.citation.start:added.citation.end] == added.citation.quote == Q2
    assert added.mode == "car" and added.people == 3 and added.route_id.startswith("review-")


def test_added_leg_already_extracted_is_confirmed_not_doubled():
    review = rv.Review((rv.add_leg("a1", TEXT, Q2, SAMARA, ORAL, clock=fixed_clock),))
    out = rv.apply_review(LEGS, review, TEXTS)
    assert len(out.legs) == 2 and out.legs[1].reviewed


@pytest.mark.parametrize("kwargs, match", [
    pytest.param({"quote": "Ivan flew from Moscow to Georgia."}, "not in article 'a1' verbatim", id="quote_not_in_article"),
    pytest.param({"quote": "   "}, "paste the sentence", id="empty_quote"),
    pytest.param({"destination": ORAL, "origin": ORAL}, "same place", id="same_place"),
    pytest.param({"mode": "teleport"}, "mode 'teleport'", id="bad_mode"),
    pytest.param({"status": "maybe"}, "status 'maybe'", id="bad_status"),
    pytest.param({"people": -4}, "whole number", id="negative_people"),
])
def test_add_leg_rejects_bad_input(kwargs, match):
    args = {"quote": Q2, "origin": SAMARA, "destination": ORAL, **kwargs}
    with pytest.raises(rv.ReviewError, match=match):
        rv.add_leg("a1", TEXT, **args)


@pytest.mark.parametrize("name, lat, lon, cc, match", [
    pytest.param("Oral", 95, 51, "KZ", "out of range", id="lat_out_of_range"),
    pytest.param("Oral", 51, 200, "KZ", "out of range", id="lon_out_of_range"),
    pytest.param("Oral", "north", 51, "KZ", "must be numbers", id="not_a_number"),
    pytest.param("", 51, 51, "KZ", "needs a name", id="no_name"),
    pytest.param("Oral", 51, 51, "Kazakhstan", "two-letter", id="bad_country"),
])
def test_manual_place_validation(name, lat, lon, cc, match):
    with pytest.raises(rv.ReviewError, match=match):
        rv.manual_place(name, lat, lon, cc)


def test_manual_place_id_is_safe_and_stable():
    p = rv.manual_place("Oral <script>", 51.23, 51.37, "kz")
    assert p.place_id == "manual:oral-script:51.2300,51.3700" and p.country_code == "KZ"
    assert rv.manual_place("Oral <script>", 51.23, 51.37, "kz") == p


def test_file_round_trip_and_schema(tmp_path):
    path = tmp_path / "review.json"
    review = sample_review()
    rv.save_review(path, review)
    data = json.loads(path.read_text())
    assert data["schema"] == rv.SCHEMA_VERSION and len(data["entries"]) == len(review.entries) == 4
    assert all({"id", "kind", "article_id", "created"} <= set(e) for e in data["entries"])
    assert rv.load_review(path) == review


def test_missing_file_is_empty_review(tmp_path):
    assert rv.load_review(tmp_path / "none.json") == rv.Review()


@pytest.mark.parametrize("content, match", [
    pytest.param("{not json", "not valid JSON", id="corrupt"),
    pytest.param('{"schema": 99, "entries": []}', "schema 99", id="newer_schema"),
    pytest.param('{"schema": 1, "entries": [{"kind": "delete_all"}]}', "unknown review entry", id="unknown_kind"),
    pytest.param('[]', "not a", id="wrong_shape"),
])
def test_bad_review_file_is_reported_and_never_overwritten(tmp_path, content, match):
    path = tmp_path / "review.json"
    path.write_text(content)
    with pytest.raises(rv.ReviewError, match=match):
        rv.load_review(path)
    with pytest.raises(rv.ReviewError):
        rv.record(path, sample_review().entries[0])
    assert path.read_text() == content


def test_record_replaces_same_key_and_forget_undoes(tmp_path):
    path = tmp_path / "review.json"
    first = rv.reject_leg(flow_row(LEGS[0]), note="wrong", clock=fixed_clock)
    again = rv.reject_leg(flow_row(LEGS[0]), note="still wrong", clock=fixed_clock)
    rv.record(path, first)
    review = rv.record(path, again)
    assert review.entries == (again,)
    assert rv.forget(path, rv.entry_id(again)).entries == ()
    with pytest.raises(rv.ReviewError, match="no review entry"):
        rv.forget(path, "nope")


def test_concurrent_records_lose_nothing(tmp_path):
    path = tmp_path / "review.json"

    def worker(n: int) -> None:
        for i in range(10):
            flow = {**flow_row(LEGS[0]), "quote_start": n * 100 + i}
            rv.record(path, rv.reject_leg(flow, clock=fixed_clock))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(rv.load_review(path).entries) == 30


# ------------------------------------------------------------ through the real build

TRIP = ("---\ntitle: Trip\npublished: 2022-09-30\n---\n\n"
        "In September, Ivan drove from Moscow to Oral by car. Officials said queues were long.\n\n"
        "Later, 300 men flew from Saratov to Tbilisi.\n")
ADDED_QUOTE = "Officials said queues were long."


def build(tmp_path, gaz) -> tuple[list[dict], list[dict], dict]:
    """Build tmp_path/data; return flows' properties, review statuses, articles by id."""
    from pipeline.build import run_build

    data = tmp_path / "data"
    run_build(data / "articles", data / "build", use_cache=False, gazetteer=gaz, progress=None)
    flows = json.loads((data / "build" / "flows.geojson").read_text())["features"]
    statuses = json.loads((data / "build" / "review_status.json").read_text())
    arts = {a["article_id"]: a for a in json.loads((data / "build" / "articles.json").read_text())}
    return [f["properties"] for f in flows], statuses, arts


def test_review_survives_rebuilds_and_edits(tmp_path, tiny_gazetteer):
    articles = tmp_path / "data" / "articles"
    articles.mkdir(parents=True)
    (articles / "trip.md").write_text(TRIP)
    review_path = config.review_path(articles)
    flows, _, arts = build(tmp_path, tiny_gazetteer)
    moscow_oral = next(f for f in flows if f["to_place_id"] == ORAL.place_id)
    saratov = next(f for f in flows if f["to_place_id"] != ORAL.place_id)
    text = arts["trip"]["text"]

    rv.record(review_path, rv.reject_leg(saratov, author="ana"))
    manual_oral = rv.manual_place("Oral (corrected)", 51.2, 51.4, "KZ")
    rv.record(review_path, rv.correct_place("trip", ORAL.place_id, manual_oral))
    rv.record(review_path, rv.add_leg("trip", text, ADDED_QUOTE, MOSCOW, TBILISI, mode="bus"))
    snapshot = review_path.read_text()

    def check(flows: list[dict]) -> None:
        assert all(f["quote"] != saratov["quote"] for f in flows)  # rejected
        fixed = next(f for f in flows if f["from_place_id"] == moscow_oral["from_place_id"]
                     and f["quote"] == moscow_oral["quote"])
        assert fixed["to_place_id"] == manual_oral.place_id and fixed["reviewed"] is True
        added = next(f for f in flows if f["quote"] == ADDED_QUOTE)
        assert added["reviewed"] is True and added["mode"] == "bus" and added["to_place_id"] == TBILISI.place_id

    flows, statuses, _ = build(tmp_path, tiny_gazetteer)
    check(flows)
    assert {s["status"] for s in statuses} == {"applied"}
    flows, _, _ = build(tmp_path, tiny_gazetteer)  # again: nothing lost, nothing doubled
    check(flows)
    assert sum(f["quote"] == ADDED_QUOTE for f in flows) == 1

    # The article is edited above the quotes: offsets shift, the corrections follow.
    (articles / "trip.md").write_text(TRIP.replace("\n\nIn September", "\n\nUpdated on Monday.\n\nIn September"))
    flows, statuses, arts = build(tmp_path, tiny_gazetteer)
    check(flows)
    assert arts["trip"]["text"].index(ADDED_QUOTE) > text.index(ADDED_QUOTE)

    # The quote of the added leg is edited away: the entry is kept and reported stale.
    (articles / "trip.md").write_text(TRIP.replace(ADDED_QUOTE, "Officials said nothing."))
    flows, statuses, _ = build(tmp_path, tiny_gazetteer)
    assert not any(f["quote"] == ADDED_QUOTE for f in flows)
    assert {s["kind"]: s["status"] for s in statuses}["add_leg"] == "stale"
    assert review_path.read_text() == snapshot


def test_corrupt_review_file_fails_the_build_and_keeps_the_last_one(tmp_path, tiny_gazetteer):
    from pipeline.build import BuildFailed

    articles = tmp_path / "data" / "articles"
    articles.mkdir(parents=True)
    (articles / "trip.md").write_text(TRIP)
    build(tmp_path, tiny_gazetteer)
    before = (tmp_path / "data" / "build" / "flows.geojson").read_text()
    config.review_path(articles).write_text("{oops")
    with pytest.raises(BuildFailed, match="not valid JSON"):
        build(tmp_path, tiny_gazetteer)
    assert (tmp_path / "data" / "build" / "flows.geojson").read_text() == before
    assert config.review_path(articles).read_text() == "{oops"
