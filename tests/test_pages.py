"""The Add articles and Review pages, driven with Streamlit's AppTest on a tiny build."""
from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline import config
from pipeline import corpus
from pipeline import review as rv

REPO = Path(__file__).parent.parent
ADD_PAGE = str(REPO / "pages" / "1_Add_articles.py")
REVIEW_PAGE = str(REPO / "pages" / "2_Review.py")
TRIP = ("---\ntitle: Trip *bold* <b>x</b>\npublished: 2022-09-30\n---\n\n"
        "In September, Ivan drove from Moscow to Oral by car. Officials said queues were long.\n\n"
        "Later, 300 men flew from Saratov to Tbilisi.\n")
NEW = ("Students leave for Tbilisi\n\n"
       "On 3 October 2022, forty students travelled from Kaluga to Tbilisi by bus, a volunteer said. "
       "They plan to stay for the winter.\n")


@pytest.fixture
def data(tmp_path, monkeypatch, tiny_gazetteer) -> config.DataPaths:
    """A data folder with one article and its build; pages point at it; builds use the tiny gazetteer."""
    paths = config.data_paths(tmp_path / "data")
    paths.articles.mkdir(parents=True)
    (paths.articles / "trip.md").write_text(TRIP)
    monkeypatch.setenv(config.DATA_ENV, str(paths.root))
    monkeypatch.delenv(config.BUILD_ENV, raising=False)
    monkeypatch.setattr(corpus, "rebuild", functools.partial(corpus.rebuild, gazetteer=tiny_gazetteer,
                                                             use_cache=False))
    monkeypatch.setattr(rv, "open_gazetteer", lambda: tiny_gazetteer)
    corpus.rebuild(paths)
    return paths


def flows(paths: config.DataPaths) -> list[dict]:
    return [f["properties"] for f in json.loads((paths.build / "flows.geojson").read_text())["features"]]


def proposed(paths: config.DataPaths) -> list[dict]:
    """The build's candidate legs (``candidates.geojson``)."""
    return [f["properties"] for f in json.loads((paths.build / "candidates.geojson").read_text())["features"]]


def run(page: str) -> AppTest:
    at = AppTest.from_file(page, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def option_index(box, text: str) -> int:
    return next(i for i, label in enumerate(box.options) if text in label)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_paste_an_article_adds_it_and_rebuilds_with_progress(data):
    at = run(ADD_PAGE)
    at.text_area(key="text").input(NEW)
    at.text_input(key="outlet").input("OC Media")
    at.text_input(key="published").input("2022-10-03")
    button(at, "Add article").click().run()
    assert not at.exception, at.exception
    assert any("added as" in s.value for s in at.success)
    assert at.status[0].proto.state == at.status[0].proto.COMPLETE
    (new_file,) = [p for p in data.articles.glob("*.md") if p.name != "trip.md"]
    assert new_file.stem == "students-leave-for-tbilisi"
    assert any(f["article_id"] == new_file.stem for f in flows(data))  # the new build has it


def test_pasted_article_without_places_is_accepted_with_a_warning(data):
    at = run(ADD_PAGE)
    at.text_area(key="text").input("Harbour news\n\nThe fishing boats stayed in port all week because of a storm.")
    button(at, "Add article").click().run()
    assert not at.exception, at.exception
    assert any("added as" in s.value for s in at.success)
    assert any("no places were found" in w.value for w in at.warning)


@pytest.mark.parametrize("name, content, expect, message", [
    pytest.param("../../etc/x.txt", NEW.encode(), "success", "added as", id="traversal_name"),
    pytest.param("empty.txt", b"", "error", "empty", id="empty"),
    pytest.param("blob.txt", b"\x00\x01\x02" * 100, "error", "binary", id="binary"),
    pytest.param("big.txt", b"a" * (6 * 1024 * 1024), "error", "limit is 5 MB", id="too_big"),
    pytest.param("trip-again.md", TRIP.encode(), "warning", "already in the corpus", id="same_upload_twice"),
])
def test_upload_reports_each_case_and_keeps_files_safe(data, tmp_path, name, content, expect, message):
    at = run(ADD_PAGE)
    at.file_uploader[0].set_value([(name, content, "text/plain")])
    button(at, "Add files").click().run()
    assert not at.exception, at.exception
    assert any(message in m.value for m in getattr(at, expect)), [m.value for m in getattr(at, expect)]
    outside = [p for p in tmp_path.rglob("*") if p.is_file() and "data" not in p.relative_to(tmp_path).parts]
    assert outside == []
    assert sorted(p.parent for p in data.articles.rglob("*.md")) in ([data.articles], [data.articles] * 2)
    assert (data.articles / "trip.md").read_text() == TRIP  # every other article survives


def test_upload_widget_states_the_size_limit(data):
    at = run(ADD_PAGE)
    uploader = at.file_uploader[0]
    assert uploader.proto.max_upload_size_mb == corpus.MAX_ARTICLE_MB
    assert f"{corpus.MAX_ARTICLE_MB} MB" in uploader.label
    assert set(uploader.allowed_type) == {".txt", ".md", ".html", ".htm"}


def test_untrusted_title_is_shown_as_plain_text(data):
    at = run(REVIEW_PAGE)
    assert at.selectbox[0].options == ["Trip *bold* <b>x</b> (trip)"]  # a widget label: never markup


def test_review_page_rejects_a_leg_and_the_build_applies_it(data):
    assert len(flows(data)) == 2
    at = run(REVIEW_PAGE)
    box = next(s for s in at.selectbox if s.label == "Leg to reject")
    box.select_index(option_index(box, "Saratov"))
    button(at, "Reject leg").click().run()
    assert not at.exception, at.exception
    (entry,) = rv.load_review(data.review).entries
    assert isinstance(entry, rv.RejectLeg) and "Saratov" in entry.quote
    (left,) = flows(data)
    assert left["from_name"] == "Moscow"
    assert any("Rejected" in s.value for s in at.success)


def test_review_page_add_leg_with_missing_quote_fails_clearly(data):
    at = run(REVIEW_PAGE)
    box = at.selectbox(key="add-to-art")
    box.select_index(option_index(box, "Tbilisi"))
    at.text_area(key="add-quote").input("Ivan flew from Moscow to Tbilisi.")  # not in the article
    button(at, "Add leg").click().run()
    assert not at.exception, at.exception
    assert any("not in article" in e.value for e in at.error)
    assert rv.load_review(data.review).entries == ()


def test_review_page_adds_a_leg_from_a_verbatim_quote(data):
    at = run(REVIEW_PAGE)
    box = at.selectbox(key="add-to-art")
    box.select_index(option_index(box, "Tbilisi"))
    at.text_area(key="add-quote").input("Officials said queues were long.")
    button(at, "Add leg").click().run()
    assert not at.exception, at.exception
    (entry,) = rv.load_review(data.review).entries
    assert isinstance(entry, rv.AddLeg) and (entry.origin.name, entry.destination.name) == ("Moscow", "Tbilisi")
    added = [f for f in flows(data) if f["quote"] == "Officials said queues were long."]
    assert len(added) == 1 and added[0]["reviewed"] is True
    at.run()
    table = next(d for d in at.dataframe if "Change" in d.value)
    assert list(table.value["In the last build"]) == ["applied: added Moscow -> Tbilisi"]
    assert list(table.value["Correction"]) == ["Add leg"]


def test_review_page_corrects_a_place_with_coordinates(data):
    at = run(REVIEW_PAGE)
    old = at.selectbox(key="fix-old")
    old.select_index(option_index(old, "Oral"))
    at.radio(key="fix-how").set_value("Enter coordinates").run()
    at.text_input(key="fix-manual-name").input("Uralsk")
    at.number_input(key="fix-manual-lat").set_value(51.2)
    at.number_input(key="fix-manual-lon").set_value(51.4)
    at.text_input(key="fix-manual-cc").input("KZ")
    at.run()
    button(at, "Save correction").click().run()
    assert not at.exception, at.exception
    (entry,) = rv.load_review(data.review).entries
    assert isinstance(entry, rv.CorrectPlace) and entry.place.name == "Uralsk"
    leg = next(f for f in flows(data) if f["from_name"] == "Moscow")
    assert leg["to_name"] == "Uralsk" and leg["reviewed"] is True


def test_review_page_without_a_build_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv(config.DATA_ENV, str(tmp_path / "empty"))
    monkeypatch.delenv(config.BUILD_ENV, raising=False)
    at = run(REVIEW_PAGE)
    assert any("pipeline build" in e.value for e in at.error)


def test_review_page_undo_removes_the_entry_and_restores_the_leg(data):
    rv.record(data.review, rv.reject_leg(next(f for f in flows(data) if f["from_name"] == "Saratov")))
    corpus.rebuild(data)
    assert len(flows(data)) == 1
    at = run(REVIEW_PAGE)
    button(at, "Undo").click().run()
    assert not at.exception, at.exception
    assert rv.load_review(data.review).entries == () and len(flows(data)) == 2


def test_review_page_legs_table_has_headings_in_words_and_no_none(data):
    at = run(REVIEW_PAGE)
    table = next(d for d in at.dataframe if "Quote" in d.value).value
    assert list(table.columns) == ["From", "To", "Mode", "Status", "People", "Journey date", "Confidence",
                                   "Reviewed", "Quote"]
    cells = [str(v) for v in table.to_numpy().ravel()]
    assert "" in cells  # Ivan's leg states no number of people: an empty cell
    assert not {"None", "nan", "NaN", "<NA>", "NaT"} & set(cells)
    assert "300" in cells and "not stated" not in table["Status"].tolist()


def test_review_decisions_name_places_not_ids(data):
    rv.record(data.review, rv.reject_leg(next(f for f in flows(data) if f["from_name"] == "Saratov")))
    corpus.rebuild(data)
    at = run(REVIEW_PAGE)
    table = next(d for d in at.dataframe if "Change" in d.value).value
    assert list(table["Change"]) == ["Saratov → Tbilisi"] and list(table["Correction"]) == ["Reject leg"]


def test_review_page_shows_the_article_text_as_plain_text(data):
    at = run(REVIEW_PAGE)
    texts = [t.value for t in at.text if "Ivan drove" in t.value]  # the article, and candidates' quotes
    assert any("Later, 300 men flew from Saratov to Tbilisi." in text for text in texts)


def test_review_queue_accepts_a_candidate_in_one_click_and_keeps_it(data, monkeypatch):
    monkeypatch.setattr(config, "MIN_CONFIDENCE", 0.99)  # every extracted leg becomes a candidate
    at = run(REVIEW_PAGE)
    others = len(proposed(data))  # and the journeys the build proposes wait beside them
    assert any(f"Candidates waiting for review ({2 + others})" in h.value for h in at.subheader)
    saratov = next(i for i, t in enumerate(t.value for t in at.text if "→" in t.value) if "Saratov" in t)
    accept = [b for b in at.button if b.label == "Accept"][saratov]
    accept.click().run()
    assert not at.exception, at.exception
    (entry,) = rv.load_review(data.review).entries
    assert isinstance(entry, rv.AcceptLeg) and "Saratov" in entry.quote
    assert {f["from_name"]: f["reviewed"] for f in flows(data)} == {"Moscow": False, "Saratov": True}
    corpus.rebuild(data)  # the decision is kept on every rebuild
    assert {f["from_name"]: f["reviewed"] for f in flows(data)}["Saratov"] is True
    at = run(REVIEW_PAGE)
    assert any(f"Candidates waiting for review ({1 + others})" in h.value for h in at.subheader)


STAY = ("---\ntitle: Stay\npublished: 2022-10-02\n---\n\n"
        "The men had spent a week in Moscow. By Friday they were in Tbilisi, sleeping in a hostel.\n")


def test_a_proposed_journey_waits_off_the_map_until_accepted_and_a_rejected_one_is_gone(data):
    (data.articles / "stay.md").write_text(STAY)  # no sentence the grammar reads: a candidate, not a leg
    corpus.rebuild(data)
    assert not [f for f in flows(data) if f["article_id"] == "stay"]
    assert ("Moscow", "Tbilisi") in {(c["from_name"], c["to_name"]) for c in proposed(data)}
    at = run(REVIEW_PAGE)
    lines = [t.value for t in at.text if "→" in t.value]
    assert any(f"Candidates waiting for review ({len(proposed(data))})" in h.value for h in at.subheader)
    stay = next(i for i, line in enumerate(lines) if line.startswith("Moscow → Tbilisi"))
    [b for b in at.button if b.label == "Accept"][stay].click().run()
    assert not at.exception, at.exception
    (leg,) = [f for f in flows(data) if f["article_id"] == "stay"]
    assert (leg["from_name"], leg["to_name"], leg["reviewed"]) == ("Moscow", "Tbilisi", True)
    assert leg["quote"] == "The men had spent a week in Moscow. By Friday they were in Tbilisi, sleeping in a hostel."
    assert ("Moscow", "Tbilisi") not in {(c["from_name"], c["to_name"]) for c in proposed(data)}

    for other in proposed(data):
        rv.record(data.review, rv.reject_leg(other))
    corpus.rebuild(data)  # decisions are kept on every rebuild: accepted on the map, rejected nowhere
    assert proposed(data) == []
    assert [(f["from_name"], f["to_name"]) for f in flows(data) if f["article_id"] == "stay"] == [("Moscow", "Tbilisi")]


def run_linked(article: str, leg: str) -> AppTest:
    """The Review page opened from a map's "Review this leg" link."""
    at = AppTest.from_file(REVIEW_PAGE, default_timeout=30)
    at.query_params.update({"article": article, "leg": leg})
    at.run()
    assert not at.exception, at.exception
    return at


def test_review_link_from_the_map_opens_that_leg_and_rejects_it_in_one_click(data):
    saratov = next(f for f in flows(data) if f["from_name"] == "Saratov")
    at = run_linked(saratov["article_id"], saratov["flow_id"])
    assert any(h.value == "The leg you came from" for h in at.subheader)
    assert any("Saratov" in t.value and "→" in t.value for t in at.text)
    box = next(s for s in at.selectbox if s.label == "Leg to reject")
    assert "Saratov" in box.options[box.index]  # the linked leg is the one preselected below too
    next(b for b in at.button if b.key.startswith("linked-reject")).click().run()
    assert not at.exception, at.exception
    assert [f["from_name"] for f in flows(data)] == ["Moscow"]


def test_review_link_to_a_leg_no_longer_in_the_build_says_so(data):
    at = run_linked("trip", "no-such-leg")
    assert any("not in this build" in w.value for w in at.warning)
    assert not any(h.value == "The leg you came from" for h in at.subheader)


def test_review_link_to_a_candidate_offers_accept_and_the_map_then_shows_it(data, monkeypatch):
    monkeypatch.setattr(config, "MIN_CONFIDENCE", 0.99)  # every extracted leg waits for review
    moscow = next(f for f in flows(data) if f["from_name"] == "Moscow")
    at = run_linked(moscow["article_id"], moscow["flow_id"])
    assert any("leaves it out until you accept it" in c.value for c in at.caption)
    next(b for b in at.button if b.key.startswith("linked-accept")).click().run()
    assert not at.exception, at.exception
    assert {f["from_name"]: f["reviewed"] for f in flows(data)}["Moscow"] is True


def test_a_candidate_whose_quote_names_one_end_shows_the_sentence_before_it(data):
    (data.articles / "apart.md").write_text("---\ntitle: Apart\npublished: 2022-10-02\n---\n\n"
                                            "The men had spent a week in Moscow.\n\n"
                                            "By Friday they were in Tbilisi, sleeping in a hostel.\n")
    corpus.rebuild(data)
    (row,) = [c for c in proposed(data) if (c["from_name"], c["to_name"]) == ("Moscow", "Tbilisi")]
    assert row["quote"] == "By Friday they were in Tbilisi, sleeping in a hostel."
    at = run(REVIEW_PAGE)
    texts = [t.value for t in at.text]
    line = next(i for i, t in enumerate(texts) if t.startswith("Moscow → Tbilisi"))
    assert texts[line + 1:line + 3] == ["The men had spent a week in Moscow.", row["quote"]]
    assert any("The sentence before it" in c.value for c in at.caption)
