"""Review extractions: decide on candidate legs, reject a leg, correct a place, add a missing leg.

Corrections are recorded in the one review file by :mod:`pipeline.review`
and applied by every build; this page collects them, rebuilds, and lists
them with their status. Article texts and quotes are shown as plain text.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from pipeline import config
from pipeline.view import buildio

from pipeline import corpus
from pipeline import review as rv
from pipeline.view.display import plain
from pipeline.view.filters import FilterSpec, filter_mask
from pipeline.records import KINDS, MODES, STATUSES, Place

FLASH = "review_flash"


@st.cache_data(show_spinner=False)
def load(build_dir: str, stamp: float) -> buildio.Build:
    """The build; ``stamp`` (the files' mtime) makes a rebuilt build reload."""
    return buildio.load_build(build_dir)


@st.cache_data(show_spinner=False)
def load_candidates(build_dir: str, stamp: float) -> pd.DataFrame:
    """The legs the build proposes for review (``candidates.geojson``)."""
    return buildio.load_candidates(load(build_dir, stamp))


@st.cache_resource(show_spinner="Opening the gazetteer…")
def gazetteer():
    return rv.open_gazetteer()


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH, []):
        getattr(st, kind)(plain(text))


def save(paths: config.DataPaths, make_entry, done: str) -> None:
    """Record an entry, rebuild so it shows, and rerun the page."""
    change(paths, lambda: rv.record(paths.review, make_entry()), done)


def change(paths: config.DataPaths, action, done: str) -> None:
    """Change the review file with ``action``, rebuild, and rerun the page."""
    try:
        action()
    except rv.ReviewError as exc:
        st.error(plain(exc))
        return
    with st.status("Applying the correction…", expanded=True) as status:
        bar = st.progress(0.0)
        try:
            summary = corpus.rebuild(paths, lambda d, t, label="": bar.progress(min(1.0, d / t) if t else 1.0))
        except corpus.CorpusError as exc:
            status.update(label="Saved; the map could not be rebuilt", state="error")
            st.error(plain(exc))
            return
        status.update(label=plain(summary.message), state="complete")
    st.cache_data.clear()
    flash("success", done)
    st.rerun()


def linked(frame: pd.DataFrame, column: str, value: str | None) -> int | None:
    """The position of the row whose ``column`` is ``value`` (from the page address), or None."""
    if not value or frame.empty or column not in frame:
        return None
    hits = (frame[column].astype(str) == value).to_numpy().nonzero()[0]
    return int(hits[0]) if len(hits) else None


def pick_article(articles: pd.DataFrame, wanted: str | None = None) -> dict | None:
    """The article to review: the one the address names (``?article=``), else the first."""
    if articles.empty:
        st.info("The build has no articles yet: add some on the Add articles page.")
        return None
    rows = articles.to_dict("records")
    start = linked(articles, "article_id", wanted)
    if wanted and start is None:
        st.warning(f"The article {plain(wanted)} is not in this build.")
    i = st.selectbox("Article", range(len(rows)), index=start or 0,
                     format_func=lambda k: f"{rows[k].get('title') or rows[k]['article_id']} ({rows[k]['article_id']})")
    return rows[i]


def linked_leg_section(paths, flows: pd.DataFrame, wanted: str | None) -> None:
    """The leg a map link points at (``?leg=``): its line and quote, and accept or reject in one click."""
    at = linked(flows, "flow_id", wanted)
    if wanted and at is None:
        st.warning(f"The leg {plain(wanted)} is not in this build (a rebuild may have changed it).")
    if at is None:
        return
    row = flows.iloc[at].to_dict()
    waiting = not bool(filter_mask(flows.iloc[[at]], FilterSpec(min_confidence=config.MIN_CONFIDENCE)).iloc[0])
    st.subheader("The leg you came from")
    with st.container(border=True, key="linked_leg"):
        st.text(rv.candidate_line(row))
        st.text(str(row.get("quote") or ""))  # plain text: never Markdown or HTML
        if waiting:
            st.caption(f"Below confidence {config.MIN_CONFIDENCE:g}: the map leaves it out until you accept it.")
        accept, reject = st.columns(2)
        if waiting and accept.button("Accept", key=f"linked-accept-{wanted}", use_container_width=True):
            save(paths, lambda: rv.accept_leg(row), f"Accepted {leg_label(row)}")
        if reject.button("Reject", key=f"linked-reject-{wanted}", use_container_width=True):
            save(paths, lambda: rv.reject_leg(row, note="rejected from the map's link"), f"Rejected {leg_label(row)}")


def leg_label(row: dict) -> str:
    quote = str(row.get("quote") or "")
    return f"{row['from_name']} → {row['to_name']} · {quote[:70]}{'…' if len(quote) > 70 else ''}"


def place_label(p: Place) -> str:
    pop = f", pop. {p.population:,}" if p.population else ""
    return f"{p.name} ({p.kind}, {p.country_code or '—'}{pop}) [{p.place_id}]"


def place_picker(label: str, article_places: list[Place], key: str) -> Place | None:
    """A place from the article, from a gazetteer search, or typed coordinates."""
    how = st.radio(label, ["In this article", "Search the gazetteer", "Enter coordinates"],
                   horizontal=True, key=f"{key}-how")
    if how == "In this article":
        if not article_places:
            st.caption("No places in this article: search or enter coordinates.")
            return None
        return st.selectbox("Place", article_places, format_func=place_label, key=f"{key}-art")
    if how == "Search the gazetteer":
        name = st.text_input("Name", key=f"{key}-q")
        options = rv.place_candidates(name, gazetteer()) if name.strip() else []
        if name.strip() and not options:
            st.caption("No gazetteer entry with that name: enter coordinates instead.")
        return st.selectbox("Candidate", options, format_func=place_label, key=f"{key}-cand") if options else None
    return manual_place_inputs(key)


def manual_place_inputs(key: str) -> Place | None:
    """A place typed in by hand: name, coordinates, country, kind."""
    c1, c2, c3, c4 = st.columns([3, 2, 2, 1])
    name = c1.text_input("Name", key=f"{key}-name")
    lat = c2.number_input("Latitude", -90.0, 90.0, 0.0, format="%.5f", key=f"{key}-lat")
    lon = c3.number_input("Longitude", -180.0, 180.0, 0.0, format="%.5f", key=f"{key}-lon")
    cc = c4.text_input("Country", max_chars=2, key=f"{key}-cc")
    kind = st.selectbox("Kind", KINDS, index=KINDS.index("city"), key=f"{key}-kind")
    if not name.strip():
        return None
    try:
        return rv.manual_place(name, lat, lon, cc, kind)
    except rv.ReviewError as exc:
        st.error(plain(exc))
        return None


def legs_section(paths, article: dict, flows: pd.DataFrame, wanted: str | None = None) -> None:
    st.subheader("Legs")
    if flows.empty:
        st.caption("No legs extracted from this article.")
        return
    # Headings in words, empty cells where the article gives nothing (never "None").
    st.dataframe(rv.legs_table(flows), hide_index=True, width="stretch")
    rows = flows.to_dict("records")
    with st.form("reject"):
        i = st.selectbox("Leg to reject", range(len(rows)), index=linked(flows, "flow_id", wanted) or 0,
                         format_func=lambda k: leg_label(rows[k]))
        note = st.text_input("Why (optional)")
        author = st.text_input("Your name (optional)", key="author-reject")
        if st.form_submit_button("Reject leg"):
            save(paths, lambda: rv.reject_leg(rows[i], author, note), f"Rejected {leg_label(rows[i])}")


def correct_section(paths, article: dict, article_places: list[Place]) -> None:
    st.subheader("Correct a place")
    if not article_places:
        st.caption("No places in this article.")
        return
    old = st.selectbox("Place as resolved", article_places, format_func=place_label, key="fix-old")
    how = st.radio("Use", ["Another gazetteer candidate", "Enter coordinates"], horizontal=True, key="fix-how")
    if how == "Another gazetteer candidate":
        options = [p for p in rv.place_candidates(old.name, gazetteer()) if p.place_id != old.place_id]
        if not options:
            st.caption("No other candidate with that name: enter coordinates.")
        new = st.selectbox("Candidate", options, format_func=place_label, key="fix-cand") if options else None
    else:
        new = manual_place_inputs(key="fix-manual")
    everywhere = st.checkbox("Apply to every article", key="fix-all")
    author = st.text_input("Your name (optional)", key="author-fix")
    if st.button("Save correction", disabled=new is None):
        save(paths, lambda: rv.correct_place(None if everywhere else article["article_id"], old.place_id, new,
                                             old.name, author),
             f"{old.name} now resolves to {place_label(new)}")


def add_section(paths, article: dict, text: str, article_places: list[Place]) -> None:
    st.subheader("Add a missing leg")
    origin = place_picker("From", article_places, key="add-from")
    destination = place_picker("To", article_places, key="add-to")
    quote = st.text_area("Quote (copied verbatim from the article)", key="add-quote")
    c1, c2, c3, c4 = st.columns(4)
    mode = c1.selectbox("Mode", MODES, index=MODES.index("unknown"), key="add-mode")
    status = c2.selectbox("Status", STATUSES, key="add-status")
    people = c3.number_input("People (0 = not stated)", min_value=0, step=1, key="add-people")
    when = c4.text_input("Date (YYYY-MM-DD)", key="add-date")
    author = st.text_input("Your name (optional)", key="author-add")
    if st.button("Add leg", disabled=origin is None or destination is None):
        def entry():
            return rv.add_leg(article["article_id"], text, quote, origin, destination, mode,
                              int(people) or None, status, when.strip() or None, author)
        save(paths, entry, f"Added {origin.name} → {destination.name}")


QUEUE_SIZE = 20  # candidates shown at once, least confident last


def candidates(flows: pd.DataFrame, proposed: pd.DataFrame) -> pd.DataFrame:
    """What waits for an analyst, most likely first: the legs below the map's confidence threshold
    and the journeys the build proposes beside its legs (``candidates.geojson``)."""
    if not flows.empty and "confidence" in flows:
        # Exactly what the map's default view leaves out (the one filter decides).
        flows = flows[~filter_mask(flows, FilterSpec(min_confidence=config.MIN_CONFIDENCE))]
    else:
        flows = flows.iloc[0:0]
    waiting = pd.concat([f for f in (flows, proposed) if not f.empty] or [flows], ignore_index=True)
    return waiting.sort_values("confidence", ascending=False, kind="stable") if "confidence" in waiting else waiting


def queue_section(paths, build: buildio.Build, proposed: pd.DataFrame) -> None:
    """One click per candidate: accept it (the map shows it) or reject it (the map never will)."""
    waiting = candidates(build.flows, proposed)
    st.subheader(f"Candidates waiting for review ({len(waiting)})")
    if waiting.empty:
        st.caption(f"No leg below confidence {config.MIN_CONFIDENCE:g} is waiting: the map shows every leg found.")
        return
    forms = dict(zip(build.places["place_id"], build.places["surface_forms"])) \
        if {"place_id", "surface_forms"} <= set(build.places.columns) else {}
    st.caption(f"The map shows legs at confidence {config.MIN_CONFIDENCE:g} or more. These are below it, or are "
               "journeys a sentence may tell that the extractor could not read, most likely first: "
               "accept the ones the quote supports, reject the others. Decisions are kept on every rebuild.")
    for n, row in enumerate(waiting.head(QUEUE_SIZE).to_dict("records")):
        with st.container(border=True):
            st.text(rv.candidate_line(row))
            before = rv.context_before(buildio.article_text(build, str(row.get("article_id"))) or "", row, forms)
            if before:  # the quote names one end; the sentence before it names the other
                st.caption("The sentence before it:")
                st.text(before)  # plain text: never Markdown or HTML
            st.text(str(row.get("quote") or ""))  # plain text: never Markdown or HTML
            accept, reject = st.columns(2)
            if accept.button("Accept", key=f"accept-{n}-{row.get('flow_id')}", use_container_width=True):
                save(paths, lambda: rv.accept_leg(row), f"Accepted {leg_label(row)}")
            if reject.button("Reject", key=f"reject-{n}-{row.get('flow_id')}", use_container_width=True):
                save(paths, lambda: rv.reject_leg(row, note="rejected from the candidate queue"),
                     f"Rejected {leg_label(row)}")


def entries_section(paths, review: rv.Review, places: pd.DataFrame) -> None:
    st.subheader("Recorded corrections")
    if not review.entries:
        st.caption(f"None yet. They are kept in {plain(paths.review)}.")
        return
    statuses = rv.build_statuses(paths.build)
    names = dict(zip(places["place_id"], places["name"])) if not places.empty else {}
    st.dataframe(pd.DataFrame(rv.entry_rows(review, statuses, names)), hide_index=True, width="stretch")
    ids = [rv.entry_id(e) for e in review.entries]
    with st.form("undo"):
        eid = st.selectbox("Entry to undo", ids)
        if st.form_submit_button("Undo"):
            change(paths, lambda: rv.forget(paths.review, eid), f"Removed entry {eid}")


def main() -> None:
    st.title("Review extractions")
    show_flash()
    paths = config.data_paths()
    try:
        build = load(str(paths.build), corpus.build_stamp(paths.build))
        review = rv.load_review(paths.review)
    except (buildio.BuildError, rv.ReviewError) as exc:
        st.error(plain(exc))
        return
    wanted_article, wanted_leg = st.query_params.get("article"), st.query_params.get("leg")
    linked_leg_section(paths, build.flows, wanted_leg)
    queue_section(paths, build, load_candidates(str(paths.build), corpus.build_stamp(paths.build)))
    st.divider()
    article = pick_article(build.articles, wanted_article)
    if article is None:
        return
    aid = article["article_id"]
    text = buildio.article_text(build, aid) or ""
    with st.expander("Article text (copy quotes from here)"):
        st.text(text)  # plain text: never Markdown or HTML
    flows = build.flows[build.flows["article_id"] == aid] if not build.flows.empty else build.flows
    article_places = rv.places_of_article(build.places, aid)
    legs_section(paths, article, flows, wanted_leg if aid == wanted_article else None)
    correct_section(paths, article, article_places)
    add_section(paths, article, text, article_places)
    entries_section(paths, review, build.places)


main()
