"""Item 8: sessions share the work: the build, the sidebar's choices and each view are computed once.

Timings are in ``benchmarks/bench_dashboard.py --sessions 5``; here, that
five sessions of one view cost one computation, and a second view one more.
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.views as views
from pipeline import config
from pipeline.devtools import synthetic

from .kit import REPO

pytestmark = pytest.mark.reliability


@pytest.mark.timeout(180)
def test_five_sessions_compute_each_view_once(tmp_path, monkeypatch, battery):
    build = synthetic.write_synthetic_build(tmp_path / "build", synthetic.SyntheticSize(legs=300, places=80, articles=20))
    monkeypatch.setenv(config.BUILD_ENV, str(build))
    made, choices = [], []
    real_view, real_choices = views.make_view, views.choices_for
    monkeypatch.setattr(views, "make_view", lambda b, s: made.append(s) or real_view(b, s))
    monkeypatch.setattr(views, "choices_for", lambda b: choices.append(1) or real_choices(b))
    with battery.case("sessions:five_share_one_view"):
        sessions = [AppTest.from_file(str(REPO / "app.py"), default_timeout=90) for _ in range(5)]
        for at in sessions:
            at.query_params["statuses"] = "blocked"
            at.run()
            assert not at.exception
        assert len(made) == 1 and len(choices) == 1
        for at in sessions:  # reruns: nothing recomputed
            at.run()
        assert len(made) == 1
        other = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
        other.query_params["statuses"] = "completed"
        other.run()
        assert len(made) == 2 and len(choices) == 1
        summaries = {at.sidebar.markdown[-1].value for at in sessions}
        assert len(summaries) == 1
