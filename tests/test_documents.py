"""Print documents read back as a person would: text extracted from the PDFs, the HTML, the .ics."""

from __future__ import annotations

import builtins
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, write
from workshop.build import build, prepare
from workshop.content.text import plain
from workshop.cli import main
from workshop.render.documents import handout_pages

FIXTURES = REPO / "tests" / "fixtures"
PRINT_LIBRARY = FIXTURES / "print-library"
PDFS = ("agenda.pdf", "facilitator-guide.pdf", "handouts.pdf", "intake.pdf", "evaluation.pdf")
PAGE_SIZES = {"a4": "595.276 x 841.89 pts (A4)", "letter": "612 x 792 pts (letter)"}


def pdf_text(file: Path, page: int | None = None) -> str:
    """The words on the page(s) as pdftotext reads them, whitespace collapsed."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *pages, str(file), "-"],
                         check=True, capture_output=True, text=True).stdout
    return " ".join(out.split())


def pdf_info(file: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(file)], check=True, capture_output=True,
                         text=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in out.splitlines())}


def session_file(folder: Path, **fields: object) -> Path:
    """A session on the print fixture library; `fields` replace or add top-level keys."""
    data: dict[str, object] = {
        "title": "Print test", "organization": "Acme Corp", "departments": ["legal", "hr"],
        "duration": "2h30m", "date": "2027-01-14", "participants": 12,
        "facilitator": "Jordan Lee", "breaks": {"every": 60, "length": 10},
        "modules": ["core/opening", "core/print-listening", "legal/print-disclosure"],
        "library": [str(PRINT_LIBRARY)],
    }
    data.update(fields)
    return write(folder / "session.yaml", json.dumps(data))  # JSON is YAML


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    result = build(session_file(folder), folder / "out")
    assert not result.failed, result.failed
    return folder / "out"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    result = build(EXAMPLES / "legal-hr-group.yaml", out)
    assert not result.failed, result.failed
    return out


def plan_of(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text())["plan"]["blocks"]


# ---------------------------------------------------------------- agenda


def check_agenda(out: Path) -> None:
    text = pdf_text(out / "agenda.pdf")
    html = (out / "agenda.html").read_text()
    markdown = (out / "agenda.md").read_text()
    for block in plan_of(out):
        times = f"{block['start']}–{block['end']}"
        assert times in text and times in html and times in markdown, times
        assert " ".join(block["title"].split()) in text, block["title"]


def test_agenda_pdf_shows_every_block_with_its_clock_times(fixture_build):
    check_agenda(fixture_build)
    text = pdf_text(fixture_build / "agenda.pdf")
    assert "Acme Corp" in text and "14 January 2027" in text and "Jordan Lee" in text


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=[f.stem for f in EXAMPLE_FILES])
def test_every_example_agenda_shows_its_blocks(example, tmp_path):
    session = tmp_path / example.name
    session.write_text(example.read_text() + "\noutputs: [agenda]\n")
    result = build(session, tmp_path / "out")
    assert not result.failed, result.failed
    check_agenda(tmp_path / "out")
    paper = prepare(session).session.paper
    assert pdf_info(tmp_path / "out" / "agenda.pdf")["Page size"] == PAGE_SIZES[paper]


def test_real_curriculum_guide_has_the_answer_keys_the_handouts_do_not(example_build):
    tailored = prepare(EXAMPLES / "legal-hr-group.yaml")
    assert tailored.exercises, "the example runs no exercise: choose another example"
    guide = pdf_text(example_build / "facilitator-guide.pdf")
    handouts = pdf_text(example_build / "handouts.pdf")
    for module in tailored.modules:
        assert " ".join(plain(module.module.title).split()) in guide
    for exercise in tailored.exercises:
        assert plain(exercise.title) in handouts
        for answer in exercise.answer_key:
            start = " ".join(plain(answer).split())[:50]
            assert start in guide, start
            assert start not in handouts, start


def test_agenda_shows_outcomes_breaks_and_a_timeline_to_scale(fixture_build):
    text = pdf_text(fixture_build / "agenda.pdf")
    assert "A disclosure check you can run on any post." in text
    assert "Break" in text and "The day at a glance".upper() in text.upper()
    html = (fixture_build / "agenda.html").read_text()
    blocks = plan_of(fixture_build)
    total = sum(b["minutes"] for b in blocks)
    widths = [float(w) for w in re.findall(r'class="bar [a-z]+" style="left: [\d.]+%; width: '
                                           r'([\d.]+)%', html)]
    assert widths == pytest.approx([b["minutes"] * 100 / total for b in blocks], abs=0.01)
    assert len(re.findall(r'class="exercise"', html)) == 2  # both exercises marked on the bar
    assert 'class="bar break"' in html


def test_markdown_agenda_escapes_session_values(tmp_path):
    out = tmp_path / "out"
    build(session_file(tmp_path, title="Social *media* <b>now</b>", outputs=["agenda"]), out)
    markdown = (out / "agenda.md").read_text()
    assert markdown.startswith("# Social \\*media\\* \\<b\\>now\\</b\\>")


# ---------------------------------------------------------------- paper, header, fonts


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_pdf_uses_the_sessions_paper_and_carries_the_organization(paper, tmp_path):
    out = tmp_path / "out"
    result = build(session_file(tmp_path, paper=paper, organization="Globex Industries"), out)
    assert not result.failed
    for name in PDFS:
        info = pdf_info(out / name)
        assert info["Page size"] == PAGE_SIZES[paper], name
        for page in range(1, int(info["Pages"]) + 1):
            text = pdf_text(out / name, page)
            assert "Globex Industries" in text, f"{name} page {page} has no header"
            assert f"Page {page} of {info['Pages']}" in text, f"{name} page {page}"


def test_fonts_are_embedded(fixture_build):
    for name in PDFS:
        fonts = subprocess.run(["pdffonts", str(fixture_build / name)], check=True,
                               capture_output=True, text=True).stdout.splitlines()[2:]
        assert fonts, name
        for line in fonts:
            assert line.split()[-5] == "yes", f"{name}: font not embedded: {line}"


def test_same_inputs_give_the_same_bytes_in_parallel_or_not(tmp_path, fixture_build,
                                                             monkeypatch):
    monkeypatch.setenv("WORKSHOP_PDF_PROCESSES", "1")
    out = tmp_path / "again"
    build(session_file(tmp_path), out)
    for name in (*PDFS, "agenda.ics", "agenda.html", "handouts.html"):
        assert (out / name).read_bytes() == (fixture_build / name).read_bytes(), name


# ---------------------------------------------------------------- facilitator guide


def test_guide_is_a_run_sheet_with_cues_examples_steps_and_answer_keys(fixture_build):
    text = pdf_text(fixture_build / "facilitator-guide.pdf")
    # Block header, then per slide the clock and the cue relative to the module.
    assert "09:20–10:00" in text and "What people already say about Acme Corp" in text
    assert "minutes 0–" in text and re.search(r"minutes \d+–\d+ of 40", text)
    assert "Find the three most visible posts about the organization." in text  # objectives
    assert "Open with the search a customer would type." in text  # notes
    assert "For Legal, every public answer is a public statement." in text  # example
    assert "Show the screenshots taken the day before." in text  # demo fallback
    # The exercise: steps with this format's timings, group size, debrief, answer key.
    assert "0–3 Form pairs and hand out the sheet." in text
    assert "3–15 Pairs search and fill in the table." in text
    assert "Pairs, one phone per pair" in text
    assert "What surprised you most?" in text
    assert "Expect at least one unofficial account using the name." in text
    assert "Hold the CFO's draft until results are published." in text


def test_guide_checklists_and_demo_searches_are_filled_for_the_organization(fixture_build):
    text = pdf_text(fixture_build / "facilitator-guide.pdf")
    assert "Send the intake questionnaire" in text
    assert "Test the equipment" in text
    assert '"Acme Corp" complaint' in text and '"Acme Corp" jobs' in text
    assert "{{" not in text
    assert "One phone or laptop per pair" in text  # exercise materials
    assert "Screenshots of the demo searches, taken the day before" in text  # module materials
    assert "14 copies (12 participants and 2 spare)" in text


def _drawn_objects(pdf: Path) -> int:
    """How many XObjects the pages draw, not counting the page numbers parts.py adds."""
    import pikepdf

    with pikepdf.open(pdf) as document:
        return sum(1 for page in document.pages
                   for operands, operator in pikepdf.parse_content_stream(page, "Do")
                   if not str(operands[0]).startswith("/WorkshopNumber"))


def test_every_checklist_item_of_the_guide_gets_one_box_to_tick(fixture_build):
    html = (fixture_build / "facilitator-guide.html").read_text()
    items = sum(body.count("<li") for body in
                re.findall(r'<ul class="checklist">(.*?)</ul>', html, re.S))
    assert items >= 10
    # The boxes are the only pictures in a session without a logo: one drawn per item.
    assert _drawn_objects(fixture_build / "facilitator-guide.pdf") == items


def test_guide_starts_every_module_on_a_new_page_and_lists_blocks_in_its_outline(tmp_path):
    import io

    import pikepdf

    from workshop.render.documents import guide

    made = guide(prepare(EXAMPLES / "all-departments-day.yaml"))["facilitator-guide.pdf"]
    pdf = pikepdf.open(io.BytesIO(made))
    with pdf.open_outline() as outline:
        title, = outline.root
        run_sheet = next(item for item in title.children if item.title == "Run sheet")
        blocks = run_sheet.children
    # Each module by its start time and title, its exercises under it; no per-column labels.
    assert [item.title[:6] for item in blocks] == ["09:00 ", "09:20 ", "09:50 ", "10:40 ",
                                                   "11:20 ", "12:20 ", "13:05 ", "14:35 ",
                                                   "15:15 ", "16:35 "]
    assert blocks[3].children[0].title == "Exercise: Search audit of Contoso Group"
    assert not any(item.title in ("Objectives", "Outcome") for item in blocks)
    pages = [pdf.pages.index(pikepdf.Page(item.destination[0])) for item in blocks]
    tops = {round(float(item.destination[3])) for item in blocks[1:]}
    assert pages == sorted(set(pages)) and len(tops) == 1  # each at the top of a new page


def _words(pdf: bytes, folder: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, every word with its box, in a stable order."""
    file = folder / "words.pdf"
    file.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(file), "-"], check=True,
                         capture_output=True, text=True).stdout
    word = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<')
    return [sorted((text, float(a), float(b), float(c), float(d))
                   for a, b, c, d, text in word.findall(page))
            for page in out.split("<page ")[1:]]


def _destinations(pdf: bytes) -> dict[str, int]:
    import io

    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf))
    flat = list(document.Root.Names.Dests.Names)
    pages = [page.obj.objgen for page in document.pages]
    return {str(flat[i]): pages.index(flat[i + 1][0].objgen) for i in range(0, len(flat), 2)}


def test_a_long_guide_laid_out_in_parts_reads_exactly_like_one_piece(tmp_path):
    from workshop.render.documents import html, parts
    from workshop.render.documents import pdf as engine

    tailored = prepare(EXAMPLES / "all-departments-day.yaml")
    guide = html(tailored, "guide.html.j2")
    # An element with an id in the first and the last part: links to them must survive.
    guide = guide.replace('<section class="block">', '<section class="block" id="first">', 1)
    last = guide.rindex('<section class="block section">')
    guide = guide[:last] + '<section class="block section" id="last">' + guide[last + 31:]
    assert len(parts.cut(guide)) == 2

    whole = engine._lay_out(guide, str(tailored.session.folder) + "/", engine.fonts(tailored))
    joined = engine.render_many(tailored, [("guide", lambda: guide)],
                                tailored.session.folder)["guide"]

    assert joined.page_count == whole.page_count
    again = engine.render_many(tailored, [("guide", lambda: guide)], tailored.session.folder)
    assert again["guide"].pdf == joined.pdf  # same input, same bytes
    assert joined.anchors == whole.anchors and joined.bookmarks == whole.bookmarks
    assert _destinations(joined.pdf) == _destinations(whole.pdf)
    assert set(_destinations(joined.pdf)) == {"first", "last"}
    for number, (one, other) in enumerate(zip(_words(whole.pdf, tmp_path),
                                              _words(joined.pdf, tmp_path)), start=1):
        assert [w[0] for w in one] == [w[0] for w in other], f"page {number}"
        # "Page N of M" included: drawn on the joined pages where the stylesheet puts it.
        assert max(abs(a - b) for w, v in zip(one, other) for a, b in zip(w[1:], v[1:])) < 0.05
    file = tmp_path / "guide.pdf"
    file.write_bytes(joined.pdf)
    assert f"Page {whole.page_count} of {whole.page_count}" in pdf_text(file, whole.page_count)


def test_a_guide_is_cut_only_where_the_joined_pages_can_be_numbered_exactly(tmp_path):
    from workshop.render.documents import html, parts

    guide = html(prepare(EXAMPLES / "all-departments-day.yaml"), "guide.html.j2")
    pieces = parts.cut(guide)
    assert len(pieces) == 2
    for piece in pieces:  # each part a whole document, with the running header and footer
        assert piece.startswith("<!DOCTYPE html>") and piece.rstrip().endswith("</html>")
        assert 'class="running-header"' in piece and 'class="running-footer"' in piece
    blocks = '<section class="block'
    assert sum(piece.count(blocks) for piece in pieces) == guide.count(blocks)
    # A page rule of the user's own (margins, numbers) keeps the document in one piece.
    own_rule = guide.replace("</style>", "@page { margin: 30mm }</style>", 1)
    assert parts.cut(own_rule) == [own_rule]
    assert len(parts.cut(guide.replace("</style>", "/* @page { } */</style>", 1))) == 2
    # A short guide, or one without the marks, is laid out whole.
    short = html(prepare(session_file(tmp_path)), "guide.html.j2")
    assert parts.cut(short) == [short]
    unmarked = guide.replace(parts.PART_MARK, "")
    assert parts.cut(unmarked) == [unmarked]


# ---------------------------------------------------------------- handouts


def test_handouts_have_worksheets_but_never_answer_keys(fixture_build):
    text = pdf_text(fixture_build / "handouts.pdf")
    html = (fixture_build / "handouts.html").read_text()
    for phrase in ("Search sheet for Acme Corp", "Accounts using our name", "Who answers",
                   "Customer questions", "What a stranger sees",
                   "The one finding you would show the board", "Nine days before results",
                   "Can the post go out as written?"):
        assert phrase in text, phrase
    for answer in ("Expect at least one unofficial account", "A good owner is a named role",
                   "Hold the CFO's draft", "What surprised you most?"):
        assert answer not in text and answer not in html
    assert "Answer key" not in text and "answer key" not in html.lower()


def test_handout_pages_match_the_pdf(tmp_path):
    tailored = prepare(session_file(tmp_path))
    pages = handout_pages(tailored)
    assert list(pages) == ["print-search-sheet", "print-scenario-sheet"]
    out = tmp_path / "out"
    build(session_file(tmp_path), out)
    pdf = out / "handouts.pdf"
    titles = {"print-search-sheet": "Search sheet for Acme Corp",
              "print-scenario-sheet": "Post, change or hold"}
    for n, (exercise, page) in enumerate(pages.items(), start=1):
        text = pdf_text(pdf, page)
        assert f"EXERCISE {n} OF 2" in text.upper() and titles[exercise] in text
        assert titles[exercise] not in pdf_text(pdf, page - 1).split("page")[-1]
    # Each exercise starts on a page of its own; the cover lists the pages.
    assert pages["print-scenario-sheet"] > pages["print-search-sheet"]
    cover = pdf_text(pdf, 1)
    for page in pages.values():
        assert f"page {page}" in cover


def test_handout_pages_render_the_pdf_once(tmp_path, monkeypatch):
    import workshop.render.documents as documents
    from workshop.render.documents import pdf as engine

    calls = []
    original = engine._lay_out
    monkeypatch.setenv(engine.PROCESSES_VARIABLE, "1")  # layout in this process, to be counted
    monkeypatch.setattr(engine, "_lay_out", lambda *a: calls.append(1) or original(*a))
    tailored = prepare(session_file(tmp_path, outputs=["handouts"]))
    handout_pages(tailored)
    documents.handouts(tailored)
    handout_pages(tailored)
    assert len(calls) == 1



def test_the_print_stylesheet_is_parsed_once_for_all_documents(tmp_path, monkeypatch):
    import weasyprint

    from workshop.render import renderer
    from workshop.render.documents import pdf as engine

    parsed = []
    original = weasyprint.CSS.__init__
    monkeypatch.setattr(weasyprint.CSS, "__init__",
                        lambda self, *a, **k: parsed.append(1) or original(self, *a, **k))
    monkeypatch.setenv(engine.PROCESSES_VARIABLE, "1")  # layout in this process, to be counted
    tailored = prepare(session_file(tmp_path))
    for output in ("agenda", "guide", "handouts", "intake", "evaluation"):
        renderer(output)(tailored)
    assert len(parsed) == 1  # five documents, one stylesheet


# ---------------------------------------------------------------- intake and evaluation


def test_intake_is_tailored_to_departments_and_format(tmp_path):
    group = tmp_path / "group"
    group.mkdir()
    build(session_file(group, outputs=["intake"]), group / "out")
    text = pdf_text(group / "out" / "intake.pdf")
    assert "Your department (tick one)" in text and "Legal" in text and "HR" in text
    assert "For Legal" in text and "For HR" in text and "LinkedIn" in text
    assert "How comfortable are you?" in text and "What concerns you" in text

    solo = tmp_path / "solo"
    solo.mkdir()
    build(session_file(solo, format="one-on-one", departments=["leadership"],
                       modules=["core/opening", "core/print-listening"], outputs=["intake"]),
          solo / "out")
    text = pdf_text(solo / "out" / "intake.pdf")
    assert "This questionnaire is about you" in text
    assert "Your profile addresses or handles" in text
    assert "Your department (tick one)" not in text and "For Leadership" in text


def test_evaluation_rates_each_module_in_the_session(fixture_build):
    text = pdf_text(fixture_build / "evaluation.pdf")
    for title in ("What we will settle today", "What people already say about Acme Corp",
                  "A post can be a disclosure"):
        assert title in text
    assert "BEFORE" in text.upper() and "NOW" in text.upper() and "recommend" in text
    assert "What you will do differently in the next 30 days" in text


# ---------------------------------------------------------------- escaping


HOSTILE = 'Social <b>media</b> & <script>alert("x")</script>'


def test_session_values_are_shown_literally_never_run(tmp_path):
    out = tmp_path / "out"
    result = build(session_file(tmp_path, title=HOSTILE, organization="R&D <i>Labs</i>",
                                facilitator="<img src=x onerror=alert(1)>"), out)
    assert not result.failed
    for name in ("agenda.html", "facilitator-guide.html", "handouts.html"):
        html = (out / name).read_text()
        assert "<script>" not in html and "<b>media</b>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html and "R&amp;D &lt;i&gt;Labs&lt;/i&gt;" in html
    for name in PDFS:
        text = pdf_text(out / name)
        assert "<b>media</b>" in text or name in ("intake.pdf", "evaluation.pdf")
        assert "R&D <i>Labs</i>" in text, name


# ---------------------------------------------------------------- templates


def test_template_override_extends_the_builtin_one(tmp_path, runner):
    templates = tmp_path / "mine"
    write(templates / "agenda.html.j2", """
        {% extends "builtin/agenda.html.j2" %}
        {% block blocks %}<p class="ours">Dress code: smart casual, {{ session.organization }}</p>{{ super() }}{% endblock %}
        """)
    session = session_file(tmp_path, outputs=["agenda"])
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out"),
                                  "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "agenda.pdf")
    assert "Dress code: smart casual, Acme Corp" in text
    assert "What we will settle today" in text  # the built-in blocks are still there


def test_branding_templates_folder_overrides_the_stylesheet(tmp_path):
    write(tmp_path / "brand" / "print.css.j2", """
        {% include "builtin/print.css.j2" %}
        h1 { text-transform: uppercase; }
        """)
    out = tmp_path / "out"
    build(session_file(tmp_path, outputs=["agenda"], branding={"templates": "brand"}), out)
    assert "h1 { text-transform: uppercase; }" in (out / "agenda.html").read_text()
    assert "PRINT TEST" in pdf_text(out / "agenda.pdf")


def test_broken_user_template_names_file_and_line_and_writes_nothing(tmp_path, runner):
    templates = tmp_path / "mine"
    write(templates / "guide.html.j2", "{% extends 'builtin/guide.html.j2' %}\n{% block x %}\n")
    session = session_file(tmp_path, outputs=["agenda", "guide"])
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out"),
                                  "--templates", str(templates)])
    assert result.exit_code == 1
    assert "guide.html.j2:2: template syntax error" in result.output
    assert not (tmp_path / "out").exists(), "a mistake in the input stops the whole build"


def test_templates_option_needs_a_folder(tmp_path, runner):
    session = session_file(tmp_path, outputs=["agenda"])
    result = runner.invoke(main, ["build", str(session), "--templates", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "--templates" in result.output and "not found" in result.output


def test_compiled_templates_are_kept_and_an_edited_override_is_compiled_again(
        tmp_path, monkeypatch):
    from workshop.render.documents.templating import environment

    cache = tmp_path / "cache"
    monkeypatch.setenv("WORKSHOP_CACHE_DIR", str(cache))
    override = tmp_path / "brand" / "agenda.html.j2"
    session = session_file(tmp_path, outputs=["agenda"], branding={"templates": "brand"})
    for version in ("first", "second"):
        environment.cache_clear()  # as in a new run of the command
        write(override, '{% extends "builtin/agenda.html.j2" %}\n'
                        f'{{% block blocks %}}<p>Room: the {version} floor</p>{{% endblock %}}\n')
        build(session, tmp_path / version)
        assert f"Room: the {version} floor" in (tmp_path / version / "agenda.html").read_text()
    compiled = list(cache.glob("templates-*/*.cache"))
    assert len(compiled) >= 4, compiled  # the override twice, the built-in agenda, base, ...
    environment.cache_clear()


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    from workshop.render.documents.templating import environment

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("WORKSHOP_CACHE_DIR", str(blocked))
    environment.cache_clear()
    result = build(session_file(tmp_path, outputs=["agenda"]), tmp_path / "out")
    environment.cache_clear()
    assert not result.failed and (tmp_path / "out" / "agenda.html").is_file()


# ---------------------------------------------------------------- calendar


def test_ics_is_one_folded_escaped_event(fixture_build):
    data = (fixture_build / "agenda.ics").read_bytes()
    assert data.count(b"BEGIN:VEVENT") == 1 and data.endswith(b"END:VCALENDAR\r\n")
    raw_lines = data.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in raw_lines)
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8").replace("\r\n ", "")  # unfold
    assert "DTSTART:20270114T090000" in text and "DTEND:20270114T113000" in text
    assert "DTSTAMP:20270114T000000Z" in text
    assert "SUMMARY:Print test (Acme Corp)" in text
    description = next(line for line in text.split("\r\n") if line.startswith("DESCRIPTION:"))
    assert "09:20–10:00  What people already say about Acme Corp\\n" in description
    assert "A list of what is online about Acme Corp\\, with an owner for each finding." \
        in description


def test_ics_follows_source_date_epoch_and_needs_a_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "out"
    build(session_file(tmp_path, outputs=["agenda"], title="Q&A; legal, HR \\ more"), out)
    text = (out / "agenda.ics").read_text().replace("\r\n ", "")
    assert "DTSTAMP:20231114T221320Z" in text
    assert "SUMMARY:Q&A\\; legal\\, HR \\\\ more (Acme Corp)" in text
    undated = tmp_path / "undated"
    undated.mkdir()
    data = json.loads((tmp_path / "session.yaml").read_text())
    del data["date"]
    write(undated / "session.yaml", json.dumps(data))
    build(undated / "session.yaml", undated / "out")
    assert not (undated / "out" / "agenda.ics").exists()
    assert (undated / "out" / "agenda.pdf").is_file()


def test_fold_never_splits_a_character():
    from workshop.render.documents.calendar import fold

    line = "DESCRIPTION:" + "é–" * 60
    folded = fold(line).encode("utf-8").split(b"\r\n")
    assert all(len(piece) <= 75 for piece in folded)
    assert "".join(fold(line).split("\r\n ")) == line


# ---------------------------------------------------------------- shaping each line once

# Text WeasyPrint treats in every way it can: wrapped, justified, hyphenated by the dictionary
# and by soft hyphens, with preserved line breaks and tabs, cut with an ellipsis, spaced out,
# underlined, right to left, too long for its box.
EVERY_KIND_OF_LINE = """<html lang="en"><style>
  @page { size: A6; margin: 10mm }
  p { margin: 0 0 3mm }
  .narrow { width: 28mm; hyphens: auto }
  .justify { text-align: justify }
  .pre { white-space: pre-wrap; tab-size: 4 }
  .cut { width: 30mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis }
  .spaced { letter-spacing: 0.1em; word-spacing: 0.3em; text-transform: uppercase }
  u { text-decoration: underline }
  .long { width: 15mm; overflow-wrap: anywhere }
</style><body>
<p class="narrow">Executives hesitate because participation feels uncontrollable and
unpredictable.</p>
<p class="justify">A listening routine shows what customers, candidates and competitors already
say about the organization, and where an executive's voice would be welcome.</p>
<p class="narrow">Disproportionately re&shy;sponsibility ac&shy;countability over&shy;whelming</p>
<p class="pre">Line one\tand a tab\nLine two\n\nLine four after a blank</p>
<p class="cut">This sentence is far too long for its box and ends in an ellipsis</p>
<p class="spaced">Spaced <u>and underlined</u> words, <b>bold</b> and <i>italic</i></p>
<p dir="rtl">\u05e9\u05dc\u05d5\u05dd and some Latin text after it</p>
<p class="long">https://example.com/a/very/long/address/without/any/spaces/at/all</p>
</body></html>"""


def _pdf_both_ways(html: str) -> tuple[bytes, bytes, int, int]:
    """The PDF with lines shaped once and as WeasyPrint comes, and how many Pango layouts
    each way set up."""
    from weasyprint.text.line_break import Layout
    from weasyprint.text.fonts import FontConfiguration

    from workshop.render.documents import shaping
    from workshop.render.documents.pdf import _lay_out, _weasyprint

    weasyprint = _weasyprint()
    if not shaping.applies_to(weasyprint):
        versions = shaping.TESTED_MAJOR_VERSIONS
        pytest.skip(f"lines are shaped once only on WeasyPrint {versions[0]} to "
                    f"{versions[-1]}, not {weasyprint.__version__}")
    setups: list[int] = []
    original_setup = Layout.setup

    def counted_setup(self, *args):
        setups.append(1)
        return original_setup(self, *args)

    def laid_out() -> tuple[bytes, int]:
        setups.clear()
        return _lay_out(html, "/", FontConfiguration()).pdf, len(setups)

    Layout.setup = counted_setup
    try:
        once_pdf, once_setups = laid_out()
        with shaping.as_weasyprint_comes():
            twice_pdf, twice_setups = laid_out()
    finally:
        Layout.setup = original_setup
    return once_pdf, twice_pdf, once_setups, twice_setups


def test_lines_shaped_once_draw_the_same_pdf_for_every_kind_of_line():
    once, twice, once_setups, twice_setups = _pdf_both_ways(EVERY_KIND_OF_LINE)
    assert once == twice
    assert once_setups < twice_setups  # layouts were kept, not only set up again


def test_a_document_drawn_twice_keeps_drawing_the_same_lines():
    # Drawing hands each kept layout back and keeps it again: a second PDF of the same laid-out
    # document must not meet layouts left changed by the first (ellipsis, single paragraph).
    from workshop.render.documents import shaping
    from workshop.render.documents.pdf import _weasyprint

    weasyprint = _weasyprint()
    with shaping.as_weasyprint_comes():
        as_it_comes = weasyprint.HTML(string=EVERY_KIND_OF_LINE).render().write_pdf()
    document = weasyprint.HTML(string=EVERY_KIND_OF_LINE).render()
    assert document.write_pdf() == as_it_comes
    assert document.write_pdf() == as_it_comes


@pytest.mark.parametrize("output", ["guide", "handouts"])
def test_lines_shaped_once_draw_the_same_guide_and_handouts(output, tmp_path):
    from workshop.render.documents import PDF_TEMPLATES, html

    tailored = prepare(session_file(tmp_path), ())
    once, twice, once_setups, twice_setups = _pdf_both_ways(
        html(tailored, PDF_TEMPLATES[output]))
    assert once == twice
    assert once_setups < 0.75 * twice_setups


# ---------------------------------------------------------------- without Pango


def test_layout_runs_where_deep_calls_do_not_map_memory_again_and_again():
    # CPython unmaps a 16 KB frame chunk as soon as the call that opened it returns; recursion
    # going up and down across that boundary maps memory (and faults it in) every time.
    # _lay_out runs inside _on_a_roomy_stack, where it should not, whatever the depth it is
    # called from.
    import resource

    from workshop.render.documents.pdf import _on_a_roomy_stack

    def down(n: int) -> int:
        return 0 if n == 0 else down(n - 1) + 1

    def up_and_down() -> int:
        return sum(down(40 + (i % 7) * 10) for i in range(3000))

    def page_faults(depth: int) -> int:
        if depth:
            return page_faults(depth - 1)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        _on_a_roomy_stack(up_and_down)
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

    assert max(page_faults(depth) for depth in range(0, 120, 7)) < 200


def test_pango_is_loaded_without_searching_for_it_with_a_compiler():
    # ctypes.util.find_library runs ldconfig, gcc and ld for each name WeasyPrint tries; the
    # libraries' own file names load them directly. Checked in a fresh interpreter.
    script = """
import ctypes.util
calls = []
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: calls.append(name) or real(name)
from workshop.render.documents.pdf import _weasyprint
pdf = _weasyprint().HTML(string="<p>Acme</p>").write_pdf()
print(len(calls), pdf[:5].decode())
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.split()
    assert out == ["0", "%PDF-"]


def test_missing_pango_names_the_libraries_and_keeps_the_other_files(tmp_path, runner,
                                                                      monkeypatch):
    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: "
                          "cannot open shared object file")
        return real_import(name, *args, **kwargs)

    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(session_file(tmp_path)), "-o", str(out)])
    assert result.exit_code == 1
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in result.output
    assert "brew install pango" in result.output
    assert "Traceback" not in result.output
    for name in ("agenda.md", "agenda.html", "agenda.ics", "facilitator-guide.html",
                 "handouts.html", "manifest.json"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.pdf"))
