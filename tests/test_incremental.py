from pathlib import Path

from pipeline.dedup import add_duplicates, duplicate_map, signature
from pipeline.build.cache import CachedLoader, mark_duplicates_incrementally
from pipeline.records import Article

BASE = ("Thousands of people crossed the border at dawn on Monday, officials said, "
        "as queues of cars stretched for kilometres along the only road to the crossing point. ")
TEXTS = {
    "original": BASE * 3 + "Volunteers handed out tea and bread to families waiting in the cold.",
    "other": "A completely different story about harvest prices and the weather in the valley this year. " * 3,
}
COPY = BASE * 3  # a truncated copy of "original"


def arts(texts):
    return [Article(k, f"{k}.txt", v) for k, v in texts.items()]


def test_adding_articles_gives_the_same_map_as_recomputing():
    texts = {**TEXTS, "copy": COPY}
    sigs = {k: signature(v) for k, v in texts.items()}
    before = duplicate_map({k: sigs[k] for k in TEXTS}, 0.8)
    assert add_duplicates(sigs, before, ["copy"], 0.8) == duplicate_map(sigs, 0.8) == {"copy": "original"}


def test_a_new_bigger_article_becomes_the_original_of_an_old_one():
    sigs = {"copy": signature(COPY), "original": signature(TEXTS["original"])}
    assert add_duplicates(sigs, {}, ["original"], 0.8) == {"copy": "original"}


def test_state_is_reused_when_the_corpus_grows_and_recomputed_when_it_changes(tmp_path):
    state = tmp_path / "dedup.pkl"
    first = mark_duplicates_incrementally(arts(TEXTS), state)
    assert all(a.duplicate_of is None for a in first)
    grown = mark_duplicates_incrementally(arts({**TEXTS, "copy": COPY}), state)
    assert {a.article_id: a.duplicate_of for a in grown}["copy"] == "original"
    changed = mark_duplicates_incrementally(arts({"other": TEXTS["other"], "copy": COPY}), state)
    assert all(a.duplicate_of is None for a in changed)  # its original was removed


def test_cached_loader_rereads_only_changed_files(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Title\n\nPeople left Moscow for Almaty by train.", encoding="utf-8")
    cache = tmp_path / "ingest.pkl"
    loader = CachedLoader(cache)
    assert loader(f).text.endswith("by train.")
    loader.save()
    again = CachedLoader(cache)
    again(f)
    assert (again.hits, again.misses) == (1, 0)
    f.write_text("Title\n\nPeople left Moscow for Almaty by bus.", encoding="utf-8")
    assert again(f).text.endswith("by bus.") and again.misses == 1


def test_cached_loader_reports_unreadable_files(tmp_path):
    article = CachedLoader(None)(Path(tmp_path / "missing.txt"))
    assert article.text == "" and article.warnings
