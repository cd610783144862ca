"""The deck: every example and awkward template builds, fits, has notes, and is reproducible."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from workshop.build import build, prepare
from workshop.cli import main
from workshop.plan import clock

import deckcheck
import templates
from conftest import EXAMPLES, REPO, write

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
needs_office = pytest.mark.skipif(not deckcheck.tools_available(),
                                  reason="needs LibreOffice (soffice) and poppler-utils "
                                         "(pdftotext) to render decks: apt-get install "
                                         "libreoffice-impress poppler-utils (.ci/run "
                                         "installs them)")


def deck_of(session: Path, out: Path) -> Path:
    build(session, out)
    return out / "deck.pptx"


@pytest.fixture(scope="module")
def example_decks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("decks")
    return {f.stem: deck_of(f, out / f.stem) for f in EXAMPLE_FILES}


def _texts(shapes) -> list[str]:
    out = []
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            out += _texts(shape.shapes)
        elif getattr(shape, "has_table", False) and shape.has_table:
            out += [cell.text_frame.text for row in shape.table.rows for cell in row.cells]
        elif shape.has_text_frame:
            out.append(shape.text_frame.text)
    return out


def all_text(slide) -> str:
    """Every text on the slide, in groups and table cells too; no-break spaces as spaces."""
    return " ".join(_texts(slide.shapes)).replace("\u00a0", " ")


def test_every_slide_has_notes_and_no_empty_placeholder(example_decks):
    for name, deck in example_decks.items():
        prs = Presentation(str(deck))
        assert prs.slide_width * 9 == prs.slide_height * 16, "16:9"
        for number, slide in enumerate(prs.slides, 1):
            notes = slide.notes_slide.notes_text_frame.text
            assert len(notes.split()) >= 12, f"{name} slide {number} has thin notes: {notes!r}"
            for placeholder in slide.placeholders:
                assert placeholder.text_frame.text.strip(), \
                    f"{name} slide {number}: empty placeholder {placeholder.name}"


def test_structure_follows_the_agenda(example_decks):
    prs = Presentation(str(example_decks["legal-hr-group"]))
    titles = [slide.shapes.title.text if slide.shapes.title else all_text(slide)
              for slide in prs.slides]
    assert titles[0] == "Social media for Legal and HR"
    assert titles[1] == "Agenda"
    assert "Break" in titles and "Sources" in titles and "Next steps" in titles
    blocks = prepare(EXAMPLES / "legal-hr-group.yaml").agenda.blocks
    agenda = all_text(prs.slides[1])
    for block in (blocks[0], blocks[-1]):
        assert f"{clock(block.start)}–{clock(block.end)}" in agenda
    pause = next(block for block in blocks if block.kind == "break")
    break_slide = prs.slides[titles.index("Break")]
    assert f"Back at {clock(pause.end)}" in all_text(break_slide)


def test_notes_carry_timing_examples_and_exercise_steps(example_decks):
    prs = Presentation(str(example_decks["legal-hr-group"]))
    notes = [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    assert any(re.match(r"Minutes 0–\d+ of \d+ \(09:00–", n) for n in notes)
    assert any("For Legal: " in n for n in notes) and any("For HR: " in n for n in notes)
    assert any("Run the exercise (" in n and "Debrief: " in n for n in notes)
    assert all("Next: " in n for n in notes[:-1])


def test_exercise_slides_name_the_handout(example_decks):
    prs = Presentation(str(example_decks["legal-hr-group"]))
    exercise_slides = [all_text(s) for s in prs.slides if "EXERCISE" in all_text(s)]
    assert exercise_slides
    assert all("min" in text and ("Handout p. " in text or "See your handout" in text)
               for text in exercise_slides)


def test_one_on_one_deck_is_lighter_than_group(example_decks):
    one = len(Presentation(str(example_decks["ceo-one-on-one"])).slides)
    group = len(Presentation(str(example_decks["all-departments-day"])).slides)
    assert one < group / 2


def test_core_properties(example_decks):
    core = Presentation(str(example_decks["legal-hr-group"])).core_properties
    assert core.title == "Social media for Legal and HR"
    assert core.author == "Jordan Lee"
    assert core.keywords == "Legal, HR"
    assert core.modified.year == 2027 and core.revision == 1


def test_two_builds_are_byte_identical(tmp_path):
    session = EXAMPLES / "ceo-one-on-one.yaml"
    first = deck_of(session, tmp_path / "a").read_bytes()
    second = deck_of(session, tmp_path / "b").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[0] == "[Content_Types].xml"
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    core = Presentation(str(deck_of(EXAMPLES / "ceo-one-on-one.yaml", tmp_path))).core_properties
    assert core.created.year == 2023 and core.modified == core.created


def test_the_built_in_theme_is_rebuilt_byte_for_byte():
    from workshop.themes.default import make_template

    assert make_template.build() == make_template.OUT.read_bytes()


def test_session_values_are_shown_as_written(tmp_path):
    session = write(tmp_path / "s.yaml", """
    title: "Q3 {{ 7*7 }} <b>plan</b>"
    organization: "{{ organization }} & Co"
    format: one-on-one
    departments: [sales]
    duration: 45
    """)
    prs = Presentation(str(deck_of(session, tmp_path / "out")))
    assert prs.slides[0].shapes.title.text == "Q3 {{ 7*7 }} <b>plan</b>"
    assert "{{ organization }} & Co" in all_text(prs.slides[0])


def test_sources_are_real_hyperlinks(example_decks):
    prs = Presentation(str(example_decks["legal-hr-group"]))
    sources = [s for s in prs.slides
               if s.shapes.title and s.shapes.title.text.startswith("Sources")]
    links = [run.hyperlink.address for s in sources for shape in s.shapes if shape.has_text_frame
             for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert links and all(link.startswith("http") for link in links)


# ---------------------------------------------------------------- templates and images


def session_with(tmp_path: Path, branding: str, extra: str = "") -> Path:
    text = (EXAMPLES / "legal-hr-group.yaml").read_text()
    return write(tmp_path / "s.yaml", text + f"branding: {branding}\n" + extra)


def test_a_template_without_an_accent_colour_gets_the_default(tmp_path):
    source = REPO / "workshop" / "themes" / "default" / "default.pptx"
    with zipfile.ZipFile(source) as original, \
            zipfile.ZipFile(tmp_path / "brand.pptx", "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "ppt/theme/theme1.xml":
                data = data.replace(b'<a:accent1><a:srgbClr val="0B5FFF"/></a:accent1>',
                                    b'<a:accent1><a:sysClr val="windowText"/></a:accent1>')
            copy.writestr(item, data)
    build(session_with(tmp_path, "{template: brand.pptx}", "outputs: [deck]\n"),
          tmp_path / "out")
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as deck:
        slides = b"".join(deck.read(n) for n in deck.namelist() if n.startswith("ppt/slides/"))
    assert b"0B5FFF" in slides  # the toolkit's default accent marks the slides


@pytest.mark.parametrize("make", [templates.reordered_and_renamed, templates.only_title_layout,
                                  templates.with_slides], ids=lambda f: f.__name__)
def test_awkward_templates_still_build(tmp_path, make):
    make(tmp_path / "brand.pptx")
    Image.new("RGB", (600, 200), "#004488").save(tmp_path / "logo.png")
    result = build(session_with(tmp_path, "{template: brand.pptx, logo: logo.png}"),
                   tmp_path / "out")
    prs = Presentation(str(tmp_path / "out" / "deck.pptx"))
    text = " ".join(all_text(slide) for slide in prs.slides)
    assert "Old slide" not in text and "Leftover text" not in text
    with zipfile.ZipFile(tmp_path / "out" / "deck.pptx") as archive:
        slide_parts = [n for n in archive.namelist() if n.startswith("ppt/slides/slide")]
    assert len(slide_parts) == len(prs.slides), "no orphaned slide parts"
    if make is templates.only_title_layout:
        assert any("has no 'Title and Content' layout" in w for w in result.warnings)


def test_layout_map_errors_list_the_templates_layouts(tmp_path, runner):
    templates.reordered_and_renamed(tmp_path / "brand.pptx")
    session = session_with(tmp_path, "{template: brand.pptx, layouts: {content: Body Page}}")
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "branding.layouts.content: the template has no layout named 'Body Page'; its " \
           "layouts are: Vertical Title and Text, Title and Vertical Text" in result.stderr
    mapped = session_with(tmp_path, "{template: brand.pptx, layouts: {content: Text Page}}")
    assert not any("Title and Content" in w for w in build(mapped, tmp_path / "o2").warnings)


@pytest.mark.parametrize("content, message", [
    (b"not a zip at all", "is not a .pptx file (not a zip archive): save it from PowerPoint "
                          "as .pptx"),
    (None, "is a zip file without a presentation in it (no ppt/presentation.xml)"),
], ids=["not-a-zip", "zip-without-presentation"])
def test_broken_templates_are_clear_errors(tmp_path, runner, content, message):
    template = tmp_path / "brand.pptx"
    if content is None:
        with zipfile.ZipFile(template, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        template.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    (out / "deck.pptx").write_bytes(b"previous deck")
    session = session_with(tmp_path, "{template: brand.pptx}")
    result = runner.invoke(main, ["build", str(session), "-o", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = len((EXAMPLES / "legal-hr-group.yaml").read_text().splitlines()) + 1
    assert f"s.yaml:{line}:12: branding.template: 'brand.pptx' {message}" in \
        result.stderr.replace(str(tmp_path) + "/", "")
    assert sorted(p.name for p in out.iterdir()) == ["deck.pptx"]
    assert (out / "deck.pptx").read_bytes() == b"previous deck"


def test_logo_that_is_not_an_image(tmp_path, runner):
    (tmp_path / "logo.png").write_text("not a picture")
    result = runner.invoke(main, ["build", str(session_with(tmp_path, "{logo: logo.png}")),
                                  "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "branding.logo: 'logo.png' is not a PNG, JPEG or SVG image" in result.stderr
    assert not (tmp_path / "out").exists()


def legal_hour_with(tmp_path: Path, lib: Path) -> Path:
    return write(tmp_path / "s.yaml", f"""
    title: T
    organization: Acme
    departments: [legal]
    duration: 60
    library: [{lib}]
    """)


def test_images_keep_their_aspect_ratio(tmp_path):
    lib = tmp_path / "lib"
    (lib / "decks/core").mkdir(parents=True)
    Image.new("RGB", (1600, 400), "#336699").save(lib / "decks/core/wide.png")
    opening = (REPO / "decks/core/opening.yaml").read_text()
    write(lib / "decks/core/opening.yaml", opening + """
  - kind: image
    depth: essential
    title: A wide picture stays wide
    image: wide.png
    alt: A blue band
    caption: Four times wider than tall
    notes: Point at the picture and say what it shows before moving on to the next slide.
""")
    session = legal_hour_with(tmp_path, lib)
    prs = Presentation(str(deck_of(session, tmp_path / "out")))
    pictures = [shape for slide in prs.slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 1
    ratio = pictures[0].width / pictures[0].height
    assert abs(ratio - 4.0) < 0.01


def test_template_inspect(tmp_path, runner):
    templates.reordered_and_renamed(tmp_path / "brand.pptx")
    result = runner.invoke(main, ["template", "inspect", str(tmp_path / "brand.pptx")])
    assert result.exit_code == 0, result.output
    assert "11 layouts" in result.stdout and "4:3" in result.stdout
    assert "content      -> Title Only  (fallback: uses 'Title Only' with the body drawn as " \
           "a text box)" in result.stdout
    assert "two-content  -> Comparison  (by its standard name)" in result.stdout


def test_unknown_variable_names_module_slide_and_variable(tmp_path, runner):
    lib = tmp_path / "lib"
    opening = (REPO / "decks/core/opening.yaml").read_text()
    write(lib / "decks/core/opening.yaml",
          opening.replace("title: This is a working session, not a lecture",
                          "title: This is a working session for {{ team_name }}"))
    session = legal_hour_with(tmp_path, lib)
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    line = result.stderr.splitlines()[0].replace(str(tmp_path) + "/", "")
    assert line.startswith("lib/decks/core/opening.yaml:")
    assert line.endswith("slides[0].title: unknown variable 'team_name' in module "
                         "'core/opening': define it under `variables:` in the session file "
                         "(e.g. variables: {team_name: …})")


# ---------------------------------------------------------------- the overflow check


@pytest.fixture(scope="module")
def example_overflows(example_decks) -> dict[str, list[str]]:
    return deckcheck.overflows(example_decks)


@pytest.fixture(scope="module")
def awkward_overflows(tmp_path_factory) -> dict[str, list[str]]:
    decks = {}
    for make in (templates.reordered_and_renamed, templates.only_title_layout,
                 templates.with_slides):
        folder = tmp_path_factory.mktemp(make.__name__)
        make(folder / "brand.pptx")
        decks[make.__name__] = deck_of(session_with(folder, "{template: brand.pptx}"),
                                       folder / "out")
    return deckcheck.overflows(decks)


@needs_office
@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_no_word_falls_outside_its_shape(example_overflows, example):
    assert example_overflows[example.stem] == []


@needs_office
@pytest.mark.parametrize("make", [templates.reordered_and_renamed, templates.only_title_layout,
                                  templates.with_slides], ids=lambda f: f.__name__)
def test_no_overflow_on_awkward_templates(awkward_overflows, make):
    assert awkward_overflows[make.__name__] == []


def test_no_slide_claims_what_participants_said(example_decks):
    for name, deck in example_decks.items():
        for number, slide in enumerate(Presentation(str(deck)).slides, 1):
            text = all_text(slide).lower()
            for claim in ("you told us", "most of you", "nobody was sure", "several of you"):
                assert claim not in text, f"{name} slide {number}: {claim!r}"


def test_one_on_one_decks_speak_to_one_executive(example_decks):
    from oneonone import group_mechanics

    for name in ("ceo-one-on-one", "general-counsel-one-on-one", "hr-director-one-on-one"):
        for number, slide in enumerate(Presentation(str(example_decks[name])).slides, 1):
            text = all_text(slide) + " " + slide.notes_slide.notes_text_frame.text
            assert not group_mechanics(text), f"{name} slide {number}: {group_mechanics(text)}"


@pytest.mark.skipif(shutil.which("openxml-audit") is None,
                    reason="needs openxml-audit (pip install -e '.[test]')")
def test_powerpoint_would_open_every_example_without_repair(example_decks):
    """openxml-audit checks a deck against the schemas PowerPoint uses."""
    for name, deck in example_decks.items():
        result = subprocess.run(["openxml-audit", "-f", "microsoft365", str(deck)],
                                capture_output=True, text=True, timeout=300)
        assert "Errors: 0" in result.stdout, (name, result.stdout[-2000:])
