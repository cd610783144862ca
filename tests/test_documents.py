"""Print documents read back as a person would: text from the PDFs, pages, bookmarks, fonts,
the HTML and Markdown screen pages, the .ics."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from workshop.build import build, prepare
from workshop.cli import main
from workshop.content.text import plain
from workshop.render.documents import context

from conftest import EXAMPLES, REPO, write
from pdfs import (
    PAPER_POINTS,
    creation_date,
    fonts,
    outline,
    page_count,
    page_size,
    pdf_text,
    reader,
)

FIXTURES = REPO / "tests" / "fixtures"
PRINT_LIBRARY = FIXTURES / "print-library"
PDFS = ("agenda.pdf", "facilitator-guide.pdf", "handouts.pdf", "intake.pdf", "evaluation.pdf")


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
    build(session_file(folder), folder / "out")
    return folder / "out"


@pytest.fixture(scope="module")
def example_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "out"
    build(EXAMPLES / "legal-hr-group.yaml", out)
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
    build(session, tmp_path / "out")
    check_agenda(tmp_path / "out")
    paper = prepare(session).session.paper
    assert page_size(tmp_path / "out" / "agenda.pdf") == pytest.approx(PAPER_POINTS[paper],
                                                                       abs=0.1)


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
            start = " ".join(plain(answer).split())[:40]
            assert start in guide, start
            assert start not in handouts, start


def test_agenda_shows_outcomes_breaks_and_a_timeline_to_scale(fixture_build, tmp_path):
    text = pdf_text(fixture_build / "agenda.pdf")
    assert "A disclosure check you can run on any post." in text
    assert "Break" in text and "THE DAY AT A GLANCE" in text.upper()
    agenda = context(prepare(session_file(tmp_path)), ()).data.agenda
    blocks = plan_of(fixture_build)
    total = sum(b["minutes"] for b in blocks)
    assert [bar.width for bar in agenda.bars] == pytest.approx(
        [b["minutes"] * 100 / total for b in blocks], abs=0.01)
    assert [bar.left for bar in agenda.bars][1:] == pytest.approx(
        [sum(b["minutes"] for b in blocks[:i]) * 100 / total for i in range(1, len(blocks))],
        abs=0.01)
    assert len(agenda.exercises) == 2  # both exercises marked on the bar
    assert [t.label for t in agenda.ticks] == ["09:00", "10:00", "11:00"]


def test_markdown_agenda_escapes_session_values(tmp_path):
    out = tmp_path / "out"
    build(session_file(tmp_path, title="Social *media* <b>now</b>", outputs=["agenda"]), out)
    markdown = (out / "agenda.md").read_text()
    assert markdown.startswith("# Social \\*media\\* \\<b\\>now\\</b\\>")


# ---------------------------------------------------------------- paper, furniture, fonts, bytes


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_pdf_uses_the_sessions_paper_and_carries_the_organization(paper, tmp_path):
    out = tmp_path / "out"
    build(session_file(tmp_path, paper=paper, organization="Globex Industries"), out)
    for name in PDFS:
        pages = page_count(out / name)
        for page in range(1, pages + 1):
            assert page_size(out / name, page) == pytest.approx(PAPER_POINTS[paper], abs=0.1)
            text = pdf_text(out / name, page)
            assert "Globex Industries" in text, f"{name} page {page} has no header"
            assert f"Page {page} of {pages}" in text, f"{name} page {page}"


def test_every_font_is_embedded_and_shipped_with_the_toolkit(fixture_build):
    for name in PDFS:
        used = fonts(fixture_build / name)
        assert used and all(used.values()), f"{name}: {used}"
        families = {font.split("+")[-1].split("-")[0] for font in used}
        assert families <= {"/Carlito", "Carlito", "LiberationSans", "LiberationMono"}, families


def test_same_inputs_give_the_same_bytes_and_the_sessions_date(tmp_path, fixture_build):
    out = tmp_path / "again"
    build(session_file(tmp_path), out)
    for name in (*PDFS, "agenda.ics", "agenda.html", "agenda.md", "handouts.html",
                 "facilitator-guide.html"):
        assert (out / name).read_bytes() == (fixture_build / name).read_bytes(), name
    assert creation_date(out / "agenda.pdf").startswith("D:20270114")


def test_source_date_epoch_dates_the_pdfs(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "out"
    build(session_file(tmp_path, outputs=["agenda"]), out)
    assert creation_date(out / "agenda.pdf").startswith("D:20231114")


def _without_system_fonts(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                     "<fontconfig></fontconfig>\n")
    return {**os.environ, "FONTCONFIG_FILE": str(empty), "HOME": str(tmp_path)}


@pytest.mark.parametrize("example", ["all-departments-day", "general-counsel-one-on-one"])
def test_a_machine_without_fonts_builds_the_same_bytes(example, tmp_path):
    # No font visible to fontconfig, no font folder in the home directory: the shipped fonts
    # measure the deck and set the PDFs, and every byte matches a build on this machine.
    plain_build, bare_build = tmp_path / "here", tmp_path / "bare"
    session = EXAMPLES / f"{example}.yaml"
    build(session, plain_build)
    done = subprocess.run([sys.executable, "-m", "workshop", "build", str(session), "-o",
                           str(bare_build)], capture_output=True, text=True, cwd=REPO,
                          env=_without_system_fonts(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    for file in sorted(plain_build.iterdir()):
        assert (bare_build / file.name).read_bytes() == file.read_bytes(), file.name


def test_long_names_are_cut_to_one_line_in_the_running_header(tmp_path):
    organization = "Müller & Søn — Ærø Group Holdings International " * 2
    title = "A very long session title that goes on and on about social media literacy " * 2
    out = tmp_path / "out"
    build(session_file(tmp_path, organization=organization.strip(), title=title.strip(),
                       outputs=["agenda", "handouts"]), out)
    headers = {name: reader(out / name).pages[0].extract_text().splitlines()[0]
               for name in ("agenda.pdf", "handouts.pdf")}
    for header in headers.values():
        assert header.startswith(organization.strip()) and title.strip() not in header
    # The agenda's short label leaves room for the start of the title, cut with an ellipsis.
    assert "| A very long s" in headers["agenda.pdf"]
    assert "…" in headers["agenda.pdf"]


def test_right_to_left_and_cjk_organization_names_print(tmp_path, monkeypatch):
    from workshop import fonts as shipped
    from workshop.render.documents import engine

    hebrew = "מעבדות אקמה"
    out = tmp_path / "rtl"
    result = build(session_file(tmp_path, organization=hebrew, outputs=["agenda"]), out)
    assert hebrew.split()[0] in pdf_text(out / "agenda.pdf") or \
        hebrew.split()[0][::-1] in pdf_text(out / "agenda.pdf")
    assert not result.warnings  # the shipped Liberation Sans has Hebrew
    # A machine with no font for Japanese: the PDF is still made, and a warning says so.
    monkeypatch.setattr(shipped, "SYSTEM_DIRS", [])
    engine._without_font.cache_clear()
    result = build(session_file(tmp_path, organization="株式会社アクメ", outputs=["agenda"]),
                   tmp_path / "cjk")
    engine._without_font.cache_clear()
    assert (tmp_path / "cjk" / "agenda.pdf").is_file()
    assert any("'株' (U+682A)" in w and "Noto Sans CJK" in w for w in result.warnings), \
        result.warnings


# ---------------------------------------------------------------- facilitator guide


def test_guide_is_a_run_sheet_with_cues_examples_steps_and_answer_keys(fixture_build):
    text = pdf_text(fixture_build / "facilitator-guide.pdf")
    # Block header, then per slide the clock and the cue relative to the module.
    assert "09:20–10:00" in text and "What people already say about Acme Corp" in text
    assert "minutes 0–" in text and "of 40" in text
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


def test_guide_starts_every_module_on_a_new_page_and_lists_blocks_in_its_outline(tmp_path):
    out = tmp_path / "out"
    build(EXAMPLES / "all-departments-day.yaml", out)
    guide = out / "facilitator-guide.pdf"
    marks = outline(guide)
    assert [title for level, title, _ in marks if level == 1] == ["Before the day", "Run sheet"]
    run_sheet = marks[[title for _, title, _ in marks].index("Run sheet"):]
    blocks = [(title, page) for level, title, page in run_sheet if level == 2]
    planned = [b for b in plan_of(out) if b["kind"] not in ("break", "lunch")]
    assert [title[:6] for title, _ in blocks] == [f"{b['start']} " for b in planned]
    exercises = [title for level, title, _ in run_sheet if level == 3]
    first = prepare(EXAMPLES / "all-departments-day.yaml").exercises[0]
    assert exercises[0] == f"Exercise: {plain(first.title)}"
    modules = [block for block, b in zip(blocks, planned, strict=False)
               if b["kind"] != "discussion"]
    pages = [page for _, page in modules]
    assert pages == sorted(set(pages))  # each module on a page of its own
    for title, page in modules[1:]:
        first_line = pdf_text(guide, page).split("GUIDE", 1)[1].strip()
        assert first_line.startswith(title[:5]), (title, first_line[:40])


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
    pages = context(tailored, ("handouts",)).handout_pages
    assert list(pages) == ["print-search-sheet", "print-scenario-sheet"]
    out = tmp_path / "out"
    build(session_file(tmp_path), out)
    pdf = out / "handouts.pdf"
    titles = {"print-search-sheet": "Search sheet for Acme Corp",
              "print-scenario-sheet": "Post, change or hold"}
    for n, (exercise, page) in enumerate(pages.items(), start=1):
        text = pdf_text(pdf, page)
        assert f"EXERCISE {n} OF 2" in text.upper() and titles[exercise] in text
        assert f"EXERCISE {n} OF 2" not in pdf_text(pdf, page - 1).upper()
    # Each exercise starts on a page of its own; the cover lists the pages.
    assert pages["print-scenario-sheet"] > pages["print-search-sheet"]
    cover = pdf_text(pdf, 1)
    for page in pages.values():
        assert f"page {page}" in cover


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


HOSTILE = 'Social <b>media</b> & <script>alert("x")</script> #eval("1") *not bold*'


def test_session_values_are_shown_literally_never_run(tmp_path):
    out = tmp_path / "out"
    build(session_file(tmp_path, title=HOSTILE, organization="R&D <i>Labs</i> $x$",
                       facilitator="<img src=x onerror=alert(1)>"), out)
    for name in ("agenda.html", "facilitator-guide.html", "handouts.html"):
        html = (out / name).read_text()
        assert "<script>" not in html and "<b>media</b>" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html and "R&amp;D &lt;i&gt;Labs&lt;/i&gt; $x$" in html
    for name in PDFS:
        text = pdf_text(out / name)
        assert "R&D <i>Labs</i> $x$" in text, name
        if name not in ("intake.pdf", "evaluation.pdf"):
            assert '<b>media</b> & <script>alert("x")</script> #eval("1") *not bold*' in text


# ---------------------------------------------------------------- your own templates


def test_a_print_template_override_extends_the_builtin_one(tmp_path, runner):
    templates = tmp_path / "mine"
    write(templates / "agenda.typ", """
        #import "/builtin/agenda.typ": agenda
        #import "/lib.typ": *
        #let data = load-data()
        #show: page-setup.with(data, label: "Agenda")
        #agenda(data)
        Dress code: smart casual, #data.session.organization.
        """)
    session = session_file(tmp_path, outputs=["agenda"])
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out"),
                                  "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / "agenda.pdf")
    assert "Dress code: smart casual, Acme Corp." in text
    assert "What we will settle today" in text  # the built-in blocks are still there


def test_an_own_lib_changes_every_document_and_the_name_stamps_follow(tmp_path):
    # A deeper header (as the README shows it): the header moves down, the names with it.
    write(tmp_path / "brand" / "lib.typ", """
        #import "/builtin/lib.typ": *
        #import "/builtin/lib.typ" as builtin
        #let page-setup(data, label: "", body) = {
          let data = data + (page: data.page + (margin: data.page.margin + (top: 40)))
          builtin.page-setup(data, label: label, body)
        }
        """)
    write(tmp_path / "people.csv", "name,department\nAna Silva,legal\nBen Okafor,hr\n")
    out = tmp_path / "out"
    build(session_file(tmp_path, outputs=["handouts", "agenda"], roster="people.csv",
                       branding={"templates": "brand"}), out)

    def baseline(file: Path, page: int, wanted: str) -> float:
        found = []
        reader(file).pages[page - 1].extract_text(visitor_text=lambda text, cm, tm, *_: (
            found.append(tm[5] * cm[3] + cm[5]) if wanted in text else None))
        assert found, (wanted, file.name)
        return found[0]

    height = page_size(out / "agenda.pdf")[1]
    header = baseline(out / "agenda.pdf", 1, "Acme Corp")
    assert height - header > 30 * 72 / 25.4  # some 17 mm from the top with the built-in lib
    personal = out / "handouts-personalized.pdf"
    assert baseline(personal, 1, "Ana Silva") == pytest.approx(
        baseline(personal, 1, "Acme Corp"), abs=1.5)


def test_screen_template_override_still_works(tmp_path):
    write(tmp_path / "brand" / "agenda.html.j2", """
        {% extends "builtin/agenda.html.j2" %}
        {% block blocks %}<p class="ours">Room: the atrium, {{ data.session.organization }}</p>
        {{ super() }}{% endblock %}
        """)
    out = tmp_path / "out"
    build(session_file(tmp_path, outputs=["agenda"], branding={"templates": "brand"}), out)
    html = (out / "agenda.html").read_text()
    assert "Room: the atrium, Acme Corp" in html and "What we will settle today" in html


def test_compiled_screen_templates_are_kept_and_an_edited_override_is_compiled_again(
        tmp_path, monkeypatch):
    from workshop.render.documents.screen import environment

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
    from workshop.render.documents.screen import environment

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("WORKSHOP_CACHE_DIR", str(blocked))
    environment.cache_clear()
    build(session_file(tmp_path, outputs=["agenda"]), tmp_path / "out")
    environment.cache_clear()
    assert (tmp_path / "out" / "agenda.html").is_file()


def test_templates_option_needs_a_folder(tmp_path, runner):
    session = session_file(tmp_path, outputs=["agenda"])
    result = runner.invoke(main, ["build", str(session), "--templates", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "--templates" in result.output and "not found" in result.output


def test_the_documents_data_model_is_exported(runner):
    result = runner.invoke(main, ["schema", "documents"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    names = {entry["$ref"].rsplit("/", 1)[1] for entry in schema["oneOf"]}
    assert names == {"SessionDocuments", "ProgramDocuments", "CatalogDocuments",
                     "ResultsDocuments", "ProgramResultsDocuments"}
    session = schema["$defs"]["SessionDocuments"]["properties"]
    assert {"page", "brand", "header", "session", "agenda", "guide", "handouts", "intake",
            "evaluation"} <= set(session)
    assert "description" in schema["$defs"]["Page"]["properties"]["furniture_size"]


def test_an_svg_logo_is_printed_and_the_deck_says_it_has_none(tmp_path):
    write(tmp_path / "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="40" '
                                 'height="10"><rect width="40" height="10" fill="#0F766E"/></svg>')
    out = tmp_path / "out"
    result = build(session_file(tmp_path, outputs=["agenda", "deck"],
                                branding={"logo": "logo.svg"}), out)
    drawn = reader(out / "agenda.pdf").pages[0].get_contents().get_data()
    assert b"0.05882353 0.4627451 0.43137255" in drawn, "the logo's colour is drawn"
    assert "data:image/svg+xml;base64," in (out / "agenda.html").read_text()
    assert any("SVG" in w and "PNG or JPEG" in w for w in result.warnings)


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
    raw = (out / "agenda.ics").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF, as RFC 5545 asks
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("dtstamp") == dt.datetime(2023, 11, 14, 22, 13, 20,
                                                   tzinfo=dt.UTC)
    assert str(event["summary"]) == "Q&A; legal, HR \\ more (Acme Corp)"
    assert event.decoded("dtstart") == dt.datetime(2027, 1, 14, 9, 0)  # floating: no zone
    assert event["sequence"] == 0 and "LOCATION" not in event
    undated = tmp_path / "undated"
    undated.mkdir()
    data = json.loads((tmp_path / "session.yaml").read_text())
    del data["date"]
    write(undated / "session.yaml", json.dumps(data))
    build(undated / "session.yaml", undated / "out")
    assert not (undated / "out" / "agenda.ics").exists()
    assert (undated / "out" / "agenda.pdf").is_file()


def test_ics_carries_the_time_zone_and_location_and_keeps_its_uid(tmp_path):
    out = tmp_path / "out"
    file = session_file(tmp_path, outputs=["agenda"], timezone="Europe/Berlin",
                        location="Board room, 4th floor", start="13:30")
    build(file, out)
    first = (out / "agenda.ics").read_bytes()
    cal = icalendar.Calendar.from_ical(first)
    assert [z["tzid"] for z in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    event = cal.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, str(start.tzinfo)) == (13, 30, "Europe/Berlin")
    assert start.astimezone(dt.UTC).hour == 12  # CET in January
    assert str(event["location"]) == "Board room, 4th floor"
    assert "13:30" in str(event["description"])
    build(file, tmp_path / "again")
    assert (tmp_path / "again" / "agenda.ics").read_bytes() == first  # same UID, same bytes


def test_an_unknown_time_zone_is_located(tmp_path, runner):
    from workshop.cli import main

    file = session_file(tmp_path, timezone="Europe/Londn")
    result = runner.invoke(main, ["validate", str(file)])
    assert result.exit_code == 1
    assert "timezone: 'Europe/Londn' is not a time zone; did you mean 'Europe/London'? It " \
        "takes an IANA name" in result.stderr
