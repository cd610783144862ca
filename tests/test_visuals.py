"""Visual slide kinds: native charts, diagrams as groups, post mock-ups, alt text; on the
default theme and on awkward corporate templates; schema-valid for PowerPoint; and a deck for
any organization name and any title."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from workshop.build import build
from workshop.cli import main

import deckcheck
import templates
from conftest import REPO, write

LIBRARY = REPO / "tests" / "fixtures" / "visual-library"
AWKWARD = (templates.reordered_and_renamed, templates.only_title_layout, templates.with_slides)
needs_office = pytest.mark.skipif(not deckcheck.tools_available(),
                                  reason="needs LibreOffice (soffice) and poppler-utils "
                                         "(pdftotext): .ci/run installs them")
needs_audit = pytest.mark.skipif(shutil.which("openxml-audit") is None,
                                 reason="needs openxml-audit (pip install -e '.[test]')")


def visual_session(folder: Path, branding: str = "{}", **fields: str) -> Path:
    """A 90-minute session whose middle module has one slide of every visual kind."""
    library = folder / "lib"
    if not library.exists():
        shutil.copytree(LIBRARY, library)
        Image.new("RGB", (1200, 400), "#336699").save(library / "decks/core/picture.png")
    values = {"title": "Visual kinds", "organization": "Acme Corp", **fields}
    return write(folder / "s.yaml", f"""
    title: {json.dumps(values["title"], ensure_ascii=False)}
    organization: {json.dumps(values["organization"], ensure_ascii=False)}
    format: group
    departments: [leadership]
    duration: 120
    modules: [core/opening, core/visual-kinds, core/closing]
    library: [lib]
    outputs: [deck]
    branding: {branding}
    """)


def shapes_of(slide) -> list:
    out = []
    for shape in slide.shapes:
        out.append(shape)
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += list(shape.shapes)
    return out


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    """The visual module on the default theme and on each awkward template."""
    built = {}
    folder = tmp_path_factory.mktemp("default")
    build(visual_session(folder), folder / "out")
    built["default"] = folder / "out" / "deck.pptx"
    for make in AWKWARD:
        folder = tmp_path_factory.mktemp(make.__name__)
        make(folder / "brand.pptx")
        build(visual_session(folder, "{template: brand.pptx}"), folder / "out")
        built[make.__name__] = folder / "out" / "deck.pptx"
    return built


def test_each_kind_is_native_and_editable(decks):
    for name, deck in decks.items():
        prs = Presentation(str(deck))
        charts = [s for slide in prs.slides for s in slide.shapes
                  if getattr(s, "has_chart", False) and s.has_chart]
        assert [c.chart.chart_type for c in charts] and len(charts) == 3, name
        groups = {s.name for slide in prs.slides for s in slide.shapes
                  if s.shape_type == MSO_SHAPE_TYPE.GROUP}
        assert {"Process", "Timeline", "Matrix", "Post mock-up"} <= groups, name
        tables = [s for slide in prs.slides for s in slide.shapes
                  if getattr(s, "has_table", False) and s.has_table]
        assert tables and tables[0].name == "Agenda", name  # one native table
        pictures = [s for slide in prs.slides for s in shapes_of(slide)
                    if s.shape_type == MSO_SHAPE_TYPE.PICTURE and s.name != "branding.logo"]
        alts = [p._element.nvPicPr.cNvPr.get("descr") for p in pictures]
        assert "A blue band across a white page" in alts, name
        texts = [s.text_frame.text for slide in prs.slides for s in shapes_of(slide)
                 if s.has_text_frame]
        assert texts.count("FICTIONAL EXAMPLE") == 2, name


def test_every_slide_has_notes_and_no_empty_placeholder(decks):
    for name, deck in decks.items():
        for number, slide in enumerate(Presentation(str(deck)).slides, 1):
            notes = slide.notes_slide.notes_text_frame.text
            assert len(notes.strip()) > 20, (name, number)
            for shape in slide.placeholders:
                assert shape.text_frame.text.strip(), (name, number, shape.name)


def test_charts_carry_their_data_and_source(decks):
    prs = Presentation(str(decks["default"]))
    chart = next(s.chart for slide in prs.slides for s in slide.shapes
                 if getattr(s, "has_chart", False) and s.has_chart)
    assert list(chart.plots[0].categories) == ["LinkedIn", "X", "YouTube", "Instagram",
                                               "Threads"]
    assert list(chart.series[0].values) == [64, 21, 12, 9, 4]
    slide = next(slide for slide in prs.slides if any(
        getattr(s, "has_chart", False) and s.has_chart for s in slide.shapes))
    caption = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Source: Test fixture, A made-up survey for the toolkit's tests (2025)" in caption


@needs_office
def test_no_word_falls_outside_its_shape(decks):
    problems = deckcheck.overflows(decks)
    assert problems == {name: [] for name in decks}


@needs_audit
def test_powerpoint_would_open_every_deck_without_repair(decks, tmp_path):
    for name, deck in decks.items():
        result = subprocess.run(["openxml-audit", "-f", "microsoft365", str(deck)],
                                capture_output=True, text=True, timeout=300)
        assert "Errors: 0" in result.stdout, (name, result.stdout[-2000:])


# ---------------------------------------------------------------- any name, any title

NAMES = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co",
                                                              "Cn")), min_size=1, max_size=120),
    st.text("株式会社アクメ東京本社グループ", min_size=1, max_size=120),
    st.builds(lambda n: "Donaudampfschifffahrtsgesellschaft" * n, st.integers(1, 3)),
).map(str.strip).filter(bool)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(organization=NAMES)
def test_any_organization_name_builds_a_deck(tmp_path, runner, organization):
    folder = tmp_path / "any"
    shutil.rmtree(folder / "out", ignore_errors=True)
    session = visual_session(folder, organization=organization,
                             title="{{ organization }} <script>alert(1)</script> & "
                                   + organization[:40])
    result = runner.invoke(main, ["build", str(session), "-o", str(folder / "out")])
    assert result.exit_code == 0, result.output
    deck = folder / "out" / "deck.pptx"
    with zipfile.ZipFile(deck) as archive:
        slide = archive.read("ppt/slides/slide1.xml").decode("utf-8")
    assert "{{ organization }}" in slide and "&lt;script&gt;" in slide  # shown, not run
    assert len(Presentation(str(deck)).slides) > 10


def test_charts_do_not_stop_two_builds_being_byte_identical(tmp_path):
    """A chart carries a workbook whose properties XlsxWriter dates with the clock."""
    session = visual_session(tmp_path)
    build(session, tmp_path / "one")
    import time

    time.sleep(1.1)
    build(session, tmp_path / "two")
    assert (tmp_path / "one/deck.pptx").read_bytes() == (tmp_path / "two/deck.pptx").read_bytes()


def test_a_long_title_moves_the_body_down_and_keeps_it_whole(tmp_path):
    """A title on two or three lines pushes the list down; the list keeps its width."""
    session = visual_session(tmp_path, organization="Müller & Søn — Ærø Group Holdings "
                             "International Logistics, Shipping and Maritime Services")
    build(session, tmp_path / "out")
    prs = Presentation(str(tmp_path / "out" / "deck.pptx"))
    moved = 0
    for slide in prs.slides:
        title = slide.shapes.title
        for shape in shapes_of(slide):
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert shape.width > 0 and shape.height > 0, (shape.name, shape.text_frame.text)
        if title is not None and title.height > 0:
            bodies = [s for s in slide.placeholders if s != title and s.has_text_frame]
            for body in bodies:
                assert body.top >= title.top + title.height - 12700, body.name
                moved += body.top > title.top + title.height - 12700 * 100
    text = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes
                    if s.has_text_frame)
    assert "Müller & Søn — Ærø Group Holdings International Logistics" in text
