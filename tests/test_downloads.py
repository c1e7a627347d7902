"""The app's downloads: the images' alt text beside the buttons (the text the files carry); app and CLI agree."""
from __future__ import annotations

import argparse
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from pipeline import config, export
from pipeline.cli import export as cli_export
from pipeline.view.buildio import load_build
from pipeline.view.filters import FilterSpec

APP = str(Path(__file__).resolve().parents[1] / "app.py")
FIXTURE = Path(__file__).parent / "data" / "export"


@pytest.fixture
def app(monkeypatch):
    monkeypatch.setenv(config.BUILD_ENV, str(FIXTURE))

    def run(query: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in (query or {}).items():
            at.query_params[k] = v
        at.run()
        assert not at.exception, at.exception
        return at

    return run


@pytest.mark.parametrize("query, spec", [
    pytest.param({}, FilterSpec(), id="default_view"),
    pytest.param({"statuses": "planned"}, FilterSpec(statuses=("planned",)), id="filtered_view"),
])
def test_app_offers_the_alt_text_of_the_view_beside_the_downloads(app, query, spec):
    at = app(query)
    expected = export.alt_text_for(load_build(FIXTURE), spec)
    assert [c.value for c in at.code if c.value.startswith("Map:")] == [expected]
    assert any("Alt text for the PNG and SVG" in c.value for c in at.caption)


def test_alt_text_travels_inside_the_png_and_svg():
    build = load_build(FIXTURE)
    alt = export.alt_text_for(build, FilterSpec())
    png = Image.open(io.BytesIO(export.export_bytes(build, FilterSpec(), "png")))
    assert png.text["Description"] == alt
    root = ET.fromstring(export.export_bytes(build, FilterSpec(), "svg"))
    ns = "{http://www.w3.org/2000/svg}"
    assert root[0].tag == f"{ns}title" and root[1].tag == f"{ns}desc" and root[1].text == alt


def test_app_and_cli_keep_or_drop_undated_legs_alike_by_default(app):
    at = app()
    box = next(c for c in at.checkbox if c.label == "Also keep legs without a date")
    parser = argparse.ArgumentParser()
    cli_export.register(parser.add_subparsers())
    cli_spec = cli_export.spec_from_args(parser.parse_args(["export", "-o", "x.png"]))
    assert box.value is cli_spec.include_undated is FilterSpec().include_undated
