"""The sidebar's filter widgets; each group returns plain values, :func:`sidebar` the whole view.

In: the :class:`~dashboard.choices.Choices` for a build (and the widgets'
session state, keyed by :data:`dashboard.state.KEYS`). Out: a
:class:`~pipeline.view.filters.FilterSpec` and whether to use the online
base map. Dates are typed as ``YYYY-MM-DD`` (Enter applies them) or chosen
on the journey-date slider; the play button steps the slider's end through
the weeks (:mod:`pipeline.view.timeline`).
"""
from __future__ import annotations

import time
from datetime import date

import streamlit as st

from dashboard.choices import Choices
from dashboard.state import BASEMAP_KEY, KEYS, PLAYING_KEY, reset_filters
from pipeline.config import MIN_CONFIDENCE
from pipeline.view import timeline
from pipeline.view.display import plain
from pipeline.view.filters import COUNTRY_ROLES, FilterSpec

ROLE_LABELS = {"either": "origin or destination", "origin": "origin", "destination": "destination"}
WINDOW_KEY = "time_window"
PLAY_SECONDS = 1.5  # one week of journeys per step
_LAST_STEP = "_play_last_step"
_DRAWN = "_play_drawn"  # the page of the last step was drawn to the end (the address written)
JOURNEY_HELP = ("The date of the movement when the article gives one, else the article's publication date. "
                "Type YYYY-MM-DD and press Enter, or drag the slider.")


def country_filter(choices: Choices) -> tuple[tuple[str, ...], str]:
    """Countries picked and the role they must play: ``(codes, role)``."""
    label = lambda c: f"{choices.country_names.get(c, c)} ({c})"  # noqa: E731
    countries = st.multiselect("Country", choices.countries, key=KEYS["countries"], format_func=label,
                               placeholder="Any country")
    role = st.radio("as", COUNTRY_ROLES, key=KEYS["country_role"], format_func=ROLE_LABELS.get, horizontal=True)
    return tuple(countries), role


def typed_date(label: str, field: str) -> str | None:
    """A date typed as ``YYYY-MM-DD`` (applied on Enter or when the box loses focus); None when blank or wrong."""
    text = st.text_input(label, key=KEYS[field], placeholder="YYYY-MM-DD", max_chars=10)
    value = timeline.parse_date(text)
    if text and text.strip() and value is None:
        st.caption(f"{plain(text)} is not a date (YYYY-MM-DD): not applied.")
    return value.isoformat() if value else None


def date_filter(label: str, prefix: str) -> tuple[str | None, str | None]:
    """A from/to pair of typed dates: ``(first, last)`` as ISO dates or None."""
    left, right = st.columns(2)
    with left:
        low = typed_date(f"{label} from", f"{prefix}_from")
    with right:
        high = typed_date("to", f"{prefix}_to")
    return low, high


def _slider_to_text() -> None:
    """Slider callback: the typed journey dates follow the slider."""
    low, high = st.session_state[WINDOW_KEY]
    st.session_state[KEYS["event_from"]] = low.isoformat()
    st.session_state[KEYS["event_to"]] = high.isoformat()
    st.session_state[PLAYING_KEY] = False


def _set_window(window: tuple[date, date]) -> None:
    st.session_state[KEYS["event_from"]] = window[0].isoformat()
    st.session_state[KEYS["event_to"]] = window[1].isoformat()


def _play(span: tuple[date, date]) -> None:
    """Play button: from the first week, or on from the window shown when it ends before the last date."""
    low = timeline.parse_date(st.session_state.get(KEYS["event_from"]))
    high = timeline.parse_date(st.session_state.get(KEYS["event_to"]))
    window = timeline.clamp_window(low, high, span)
    if window[1] >= span[1] or not (low or high):
        window = timeline.first_step((window[0] if low else span[0], span[1]))
    _set_window(window)
    st.session_state[PLAYING_KEY] = True
    st.session_state[_LAST_STEP] = time.monotonic()


def _pause() -> None:
    st.session_state[PLAYING_KEY] = False


def time_filter(choices: Choices) -> tuple[str | None, str | None]:
    """The journey-date slider, its typed ends and the play control: ``(first, last)``."""
    span = choices.span
    if span and span[0] < span[1]:
        low = timeline.parse_date(st.session_state.get(KEYS["event_from"]))
        high = timeline.parse_date(st.session_state.get(KEYS["event_to"]))
        st.session_state[WINDOW_KEY] = timeline.clamp_window(low, high, span)
        st.slider("Journey dates", min_value=span[0], max_value=span[1], key=WINDOW_KEY, format="YYYY-MM-DD",
                  on_change=_slider_to_text, help=JOURNEY_HELP)
        playing = bool(st.session_state.get(PLAYING_KEY))
        if playing:
            st.button("⏸ Pause", on_click=_pause, use_container_width=True, key="pause")
        else:
            st.button("▶ Play by week", on_click=_play, args=(span,), use_container_width=True, key="play",
                      help="Steps the window's end through the weeks: the journeys appear in the order they happened.")
        _player(span, playing)
    return date_filter("Journey date", "event")


def _player(span: tuple[date, date], playing: bool) -> None:
    """While playing, every :data:`PLAY_SECONDS` the window's end moves a week on and the page redraws."""

    @st.fragment(run_every=PLAY_SECONDS if playing else None)
    def tick() -> None:
        if not st.session_state.get(PLAYING_KEY):
            return
        # The fragment also runs with the whole page: step only when a period has passed,
        # and only once the last step's page was drawn (a slow server is never outrun).
        if time.monotonic() - st.session_state.get(_LAST_STEP, 0.0) < PLAY_SECONDS * 0.8:
            return
        if not st.session_state.get(_DRAWN, True):
            return
        low = timeline.parse_date(st.session_state.get(KEYS["event_from"]))
        high = timeline.parse_date(st.session_state.get(KEYS["event_to"]))
        step = timeline.next_step(timeline.clamp_window(low, high, span), span)
        st.session_state[_LAST_STEP] = time.monotonic()
        if step is None:
            st.session_state[PLAYING_KEY] = False
        else:
            _set_window(step)
        st.session_state[_DRAWN] = False
        st.rerun()

    tick()


def source_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Articles and outlets picked: ``(article ids, outlets)``."""
    articles = st.multiselect("Source article", choices.articles, key=KEYS["articles"],
                              format_func=lambda a: choices.article_titles.get(a, a), placeholder="Any article")
    outlets = st.multiselect("Outlet", choices.outlets, key=KEYS["outlets"], placeholder="Any outlet")
    return tuple(articles), tuple(outlets)


def journey_filter(choices: Choices) -> tuple[tuple[str, ...], tuple[str, ...], int, str]:
    """Modes, statuses, minimum people and search text."""
    modes = st.multiselect("Mode", choices.modes, key=KEYS["modes"], placeholder="Any mode")
    statuses = st.multiselect("Status", choices.statuses, key=KEYS["statuses"], placeholder="Any status")
    min_people = st.number_input("Minimum people", min_value=0, step=1, key=KEYS["min_people"],
                                 help="Legs that state no number count as 0.")
    text = st.text_input("Search in quotes", key=KEYS["text"], placeholder="e.g. border, queue, Lars")
    return tuple(modes), tuple(statuses), int(min_people or 0), text


def sidebar(choices: Choices) -> tuple[FilterSpec, bool]:
    """All filter widgets; returns the spec they describe and the base-map choice."""
    with st.sidebar:
        st.header("Filters")
        countries, role = country_filter(choices)
        event_from, event_to = time_filter(choices)
        published_from, published_to = date_filter("Published", "published")
        include_undated = st.checkbox(
            "Also keep legs without a date", key=KEYS["include_undated"],
            help="Off (the default): a date range that is set shows only legs known to fall inside it.")
        articles, outlets = source_filter(choices)
        modes, statuses, min_people, text = journey_filter(choices)
        min_confidence = st.slider(
            "Minimum confidence", min_value=0.0, max_value=1.0, step=0.05, key=KEYS["min_confidence"],
            help=f"Legs below {MIN_CONFIDENCE:g} are candidates that wait on the Review page; 0 shows them all. "
                 "Legs an analyst reviewed are always shown.")
        st.button("Reset filters", on_click=reset_filters, args=(choices,), use_container_width=True, key="reset_filters")
        st.divider()
        online = st.toggle("Online base map (CARTO)", key=BASEMAP_KEY,
                           help="Off: offline country outlines, borders and names. On: CARTO map tiles, "
                                "loaded from the internet (nothing shows without a connection).")
    spec = FilterSpec(
        countries=countries, country_role=role, published_from=published_from, published_to=published_to,
        event_from=event_from, event_to=event_to, include_undated=include_undated, articles=articles,
        outlets=outlets, modes=modes, statuses=statuses, min_people=min_people, text=text,
        min_confidence=float(min_confidence),
    )
    return spec, online


def page_drawn() -> None:
    """Called at the end of the map page: playback may take its next step."""
    st.session_state[_DRAWN] = True
