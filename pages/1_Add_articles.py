"""Add articles: upload files or paste text; the map is rebuilt incrementally.

All checks (size, encoding, duplicates, safe names) live in
:mod:`pipeline.corpus`; this page only collects input and shows results.
Uploaded names and texts are untrusted: they are shown as plain text only.
"""
from __future__ import annotations

import streamlit as st

from pipeline import config
from pipeline import corpus
from pipeline.build import warm_caches as warm
from pipeline.errors import describe
from pipeline.view.display import plain

ICONS = {"added": "✅", "duplicate": "♻️", "rejected": "⛔"}


def upload_form() -> list[tuple[str, bytes]]:
    """Uploaded ``(name, bytes)`` pairs once the form is submitted, else []."""
    with st.form("upload", clear_on_submit=True):
        files = st.file_uploader(
            f"Article files (.txt, .md, .html; up to {corpus.MAX_ARTICLE_MB} MB each)",
            type=list(corpus.UPLOAD_TYPES), accept_multiple_files=True,
            max_upload_size=corpus.MAX_ARTICLE_MB, key="uploads")
        submitted = st.form_submit_button("Add files", type="primary")
    return [(f.name, f.getvalue()) for f in files or []] if submitted else []


def paste_form() -> dict | None:
    """The pasted article and its fields once submitted, else None."""
    with st.form("paste", clear_on_submit=False):
        title = st.text_input("Title", key="title")
        c1, c2 = st.columns(2)
        outlet = c1.text_input("Outlet", key="outlet")
        published = c2.text_input("Published (YYYY-MM-DD)", key="published")
        url = st.text_input("URL (http or https)", key="url")
        text = st.text_area("Article text", height=260, key="text")
        submitted = st.form_submit_button("Add article", type="primary")
    if not submitted:
        return None
    return {"text": text, "title": title, "outlet": outlet, "url": url, "published": published}


def show_results(results: list[corpus.AddResult]) -> None:
    for r in results:
        line = f"{ICONS[r.status]} {plain(r.source)}: {plain(r.message)}"
        {"added": st.success, "duplicate": st.warning, "rejected": st.error}[r.status](line)


def rebuild(paths: config.DataPaths, added: list[str]) -> None:
    """Incremental rebuild with progress; then the dashboard reloads the new build.

    The build lock is taken by the build itself: a second session waits, then
    builds what both added.
    """
    with st.status("Updating the map…", expanded=True) as status:
        bar = st.progress(0.0, text="starting")

        def progress(done: int, total: int, label: str = "") -> None:
            bar.progress(min(1.0, done / total) if total else 1.0, text=plain(label or f"{done}/{total}"))

        try:
            summary = corpus.rebuild(paths, progress)
        except corpus.CorpusError as exc:
            status.update(label="The map could not be updated", state="error")
            st.error(plain(exc))
            return
        st.cache_data.clear()  # every page reloads the build on its next run
        status.update(label=plain(summary.message), state="complete", expanded=False)
    for aid in summary.without_places(added):
        st.warning(f"⚠️ {plain(aid)}: added, but no places were found in it")


@st.cache_resource(show_spinner=False, max_entries=4)
def warm_caches(articles_dir: str) -> bool:
    """Load the build caches into this server process once, so each refresh after an add is quick."""
    try:
        warm(articles_dir)
    except Exception as exc:  # only a speed-up: nothing built yet, a damaged cache, a full disk
        if describe(exc) is None:
            raise
        return False
    return True


def main() -> None:
    st.title("Add articles")
    paths = config.data_paths()
    warm_caches(str(paths.articles))
    st.caption(f"New articles are saved in `{plain(paths.articles)}` as Markdown with their metadata. "
               "Duplicates are recognised and not added twice.")
    upload_tab, paste_tab = st.tabs(["Upload files", "Paste text"])
    results: list[corpus.AddResult] = []
    try:
        with upload_tab:
            files = upload_form()
            if files:
                results = corpus.add_uploads(files, paths.articles)
        with paste_tab:
            pasted = paste_form()
            if pasted is not None:
                results = [corpus.add_text(pasted.pop("text"), paths.articles, **pasted)]
    except Exception as exc:  # the corpus lock or folder (busy, read-only, full): one clear line
        message = describe(exc)
        if message is None:
            raise
        st.error(f"⛔ Nothing was added: {plain(message)}")
        return
    if results:
        show_results(results)
        added = [r.article_id for r in results if r.status == "added"]
        # Nothing new, but the map may be behind the corpus (an add killed before its rebuild): catch up.
        if added or corpus.articles_off_the_map(paths):
            rebuild(paths, added)


main()
