"""Programs, rosters, personalized handouts, the catalogue, parallel builds."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from pptx import Presentation

from workshop.cli import main
from workshop.content.library import load_library
from workshop.errors import ValidationFailed
from workshop.roster import read_roster

from conftest import EXAMPLES, write
from pdfs import reader

DEPARTMENTS = load_library()  # the built-in departments, their names and aliases


def pdf_pages(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader(pdf).pages]


def roster_errors(tmp_path: Path, data: bytes) -> list[str]:
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationFailed) as failed:
        read_roster(path, DEPARTMENTS)
    return [str(p).replace(str(tmp_path) + "/", "") for p in failed.value.problems]


# ---------------------------------------------------------------- rosters


def test_excel_exports_are_read_as_they_come(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffName;E-mail;Department;Job title\r\n"
                     "Ana Silva;ana@x.example;Legal;Counsel\r\n;;;\r\n"
                     "Ben Okafor;ben@x.example;hr;Partner\r\n".encode("utf-8"))
    people = read_roster(path, DEPARTMENTS)
    assert [(p.name, p.department, p.email, p.role, p.row) for p in people] == [
        ("Ana Silva", "legal", "ana@x.example", "Counsel", 2),
        ("Ben Okafor", "hr", "ben@x.example", "Partner", 4)]


@pytest.mark.parametrize("data, expected", [
    (b"name,email\nAna,a@x\n",
     ["people.csv:1: the header has no department column (found: name, email); the columns "
      "are name, email, department, role"]),
    (b"name,department\nAna,Finanse\nBen,leagl\nCy,Finance\n",
     ["people.csv:2: department: unknown department 'Finanse' for 'Ana': there is no finance "
      "track; the closest is 'leadership', whose modules serve finance too. Known: hr, "
      "leadership, legal, sales; a library of your own can add a department "
      "(docs/authoring.md)",
      "people.csv:3: department: unknown department 'leagl' for 'Ben'; did you mean 'legal'? "
      "Known: hr, leadership, legal, sales; a library of your own can add a department "
      "(docs/authoring.md)",
      "people.csv:4: department: unknown department 'Finance' for 'Cy': there is no finance "
      "track; the closest is 'leadership', whose modules serve finance too. Known: hr, "
      "leadership, legal, sales; a library of your own can add a department "
      "(docs/authoring.md)"]),
    (b"name,email,department\nAna,a@x,legal\nBen,b@x,hr\nAna,a@x,legal\n",
     ["people.csv:4: name: 'Ana' is already on row 2 with the same email: remove the "
      "duplicate row"]),
    (b"name,department\n,legal\n",
     ["people.csv:2: name: no name on this row: add it or delete the row"]),
    (b"name,department\nJos\xe9,legal\n",
     ["people.csv:2: row 2 is not UTF-8 text (byte 0xe9): in Excel use File > Save As > "
      "'CSV UTF-8 (Comma delimited)'"]),
    (b"PK\x03\x04\x00\x00binary",
     ["people.csv: this is not a CSV text file (it looks binary; an .xlsx?): in Excel use "
      "File > Save As > 'CSV UTF-8'"]),
    (b"", ["people.csv: roster is empty: expected a header row with name, email, "
           "department, role"]),
], ids=["missing-column", "unknown-department", "duplicate", "no-name", "not-utf8",
        "binary", "empty"])
def test_roster_errors_name_the_row(tmp_path, data, expected):
    assert roster_errors(tmp_path, data) == expected


def test_same_name_different_email_are_two_people(tmp_path):
    path = write(tmp_path / "people.csv", "name,email,department\nSam Lee,s1@x,legal\n"
                                          "Sam Lee,s2@x,hr\n")
    people = read_roster(path, DEPARTMENTS)
    assert [p.slug for p in people] == ["0001-sam-lee", "0002-sam-lee"]


def test_departments_are_read_as_people_write_them(tmp_path):
    path = write(tmp_path / "people.csv", "name,department\nAna,Human Resources\n"
                                          "Ben,LEGAL\n\nCy,c-suite\nDee,People & Culture\n")
    people = read_roster(path, DEPARTMENTS)
    assert [(p.department, p.slug) for p in people] == [
        ("hr", "0001-ana"), ("legal", "0002-ben"), ("leadership", "0003-cy"),
        ("hr", "0004-dee")]


# ---------------------------------------------------------------- personalized handouts


SESSION = """
title: Personal copies
organization: Acme Corp
format: group
departments: [legal, hr]
duration: 2h
modules: [core/opening, core/show-and-tell, core/closing]
outputs: [handouts]
roster: people.csv
"""


def test_personalized_handouts_start_each_person_on_an_odd_page(tmp_path, runner):
    write(tmp_path / "people.csv", "name,email,department,role\n"
                                   "Ana Silva,ana@x,legal,Counsel\n"
                                   "Ben Okafor,ben@x,hr,Partner\n"
                                   "Chloé Martin,chloe@x,legal,Paralegal\n")
    session = write(tmp_path / "s.yaml", SESSION)
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out"),
                                  "--split"])
    assert result.exit_code == 0, result.output
    pages = pdf_pages(tmp_path / "out" / "handouts-personalized.pdf")
    singles = {p.name: pdf_pages(p) for p in (tmp_path / "out" / "handouts").glob("*.pdf")}
    assert sorted(singles) == ["0001-ana-silva.pdf", "0002-ben-okafor.pdf",
                               "0003-chloe-martin.pdf"]
    start = 0
    for name, label, file in (("Ana Silva", "Legal", "0001-ana-silva.pdf"),
                              ("Ben Okafor", "HR", "0002-ben-okafor.pdf"),
                              ("Chloé Martin", "Legal", "0003-chloe-martin.pdf")):
        own = singles[file]
        assert start % 2 == 0, f"{name} starts on page {start + 1}"
        for page in own:
            assert f"{name} · {label}" in page
        assert pages[start:start + len(own)] == own
        start += len(own) + len(own) % 2
    assert start == len(pages) + len(pages) % 2
    legal = " ".join(singles["0001-ana-silva.pdf"])
    hr = " ".join(singles["0002-ben-okafor.pdf"])
    assert "WHO CONTROLS IT?" in legal and "WHO CONTROLS IT?" not in hr
    assert "abandoned account" not in legal  # search-audit's answer key stays in the guide


def test_one_on_one_series_makes_a_deck_per_executive(tmp_path, runner):
    write(tmp_path / "execs.csv", "name,email,department,role\n"
                                  "Eleanor Price,e@x,leadership,Chief Executive Officer\n"
                                  "David Cohen,d@x,leadership,Chief Financial Officer\n")
    session = write(tmp_path / "s.yaml", """
    title: Your voice online
    organization: Fabrikam
    format: one-on-one
    departments: [leadership]
    duration: 60
    outputs: [deck, guide]
    roster: execs.csv
    """)
    result = runner.invoke(main, ["build", str(session), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    deck = Presentation(str(tmp_path / "out/people/0001-eleanor-price/deck.pptx"))
    title_slide = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert "Eleanor Price, Chief Executive Officer" in title_slide
    guide = " ".join(pdf_pages(tmp_path / "out/people/0002-david-cohen/facilitator-guide.pdf"))
    assert "David Cohen" in guide


# ---------------------------------------------------------------- programs


PROGRAM = """
title: Two days
organization: Acme Corp
outputs: [agenda]
variables: {competitor: Globex}
sessions:
  - file: sessions/day1.yaml
    date: 2027-03-01
  - title: Day two
    departments: [sales]
    duration: 3h
    date: 2027-03-02
"""
DAY1 = """
title: Day one
departments: [legal]
duration: 2h
"""


def test_a_program_builds_every_session_an_overview_and_an_index(tmp_path, runner):
    write(tmp_path / "sessions/day1.yaml", DAY1)
    program = write(tmp_path / "program.yaml", PROGRAM)
    result = runner.invoke(main, ["build", str(program), "-o", str(tmp_path / "out"),
                                  "-j", "2"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert (out / "01-day-one/agenda.pdf").is_file() and (out / "02-day-two/agenda.pdf").is_file()
    assert "[2/2]" in result.stdout
    overview = " ".join(pdf_pages(out / "program.pdf"))
    for text in ("Two days", "Day one", "Day two", "1 March 2027", "5 hours", "Legal", "Sales"):
        assert text in overview
    index = (out / "index.html").read_text()
    assert 'href="01-day-one/agenda.pdf"' in index and 'href="program.pdf"' in index


def test_program_errors_point_at_the_file_that_set_the_value(tmp_path, runner):
    write(tmp_path / "sessions/day1.yaml", DAY1.replace("duration: 2h", "duration: two hours"))
    program = write(tmp_path / "program.yaml", PROGRAM.replace("departments: [sales]",
                                                               "departments: [sails]"))
    result = runner.invoke(main, ["build", str(program), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]
    assert lines[0].startswith("program.yaml:12:19: sessions[1].departments[0]: unknown "
                               "department 'sails'") or any(
        line.startswith("sessions/day1.yaml:3:1: duration: 'two hours' is not a duration")
        for line in lines), lines
    assert any(line.startswith("sessions/day1.yaml:3:1: duration: 'two hours'") for line in lines)


def test_a_program_with_one_bad_session_builds_nothing(tmp_path, runner):
    write(tmp_path / "sessions/day1.yaml", DAY1)
    program = write(tmp_path / "program.yaml", PROGRAM.replace(
        "    date: 2027-03-02\n", "    date: 2027-03-02\n    duration: 10\n").replace(
        "    duration: 3h\n", ""))
    result = runner.invoke(main, ["build", str(program), "-o", str(tmp_path / "out"),
                                  "-j", "1"])
    assert result.exit_code == 1
    assert "sessions[1].duration: needs " in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()  # not the good session, not index.html
    checked = runner.invoke(main, ["validate", str(program)])
    assert checked.exit_code == 1 and "sessions[1].duration: needs " in checked.stderr


def test_the_boot_camp_example_builds(tmp_path, runner):
    result = runner.invoke(main, ["build", str(EXAMPLES / "bootcamp/program.yaml"), "-o",
                                  str(tmp_path / "out"), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr, result.stderr  # no clash, nothing repeated
    out = tmp_path / "out"
    sessions = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert len(sessions) == 6
    for folder in sessions[:3]:
        assert (out / folder / "deck.pptx").is_file()
        assert (out / folder / "handouts-personalized.pdf").is_file()
    for folder in sessions[3:]:
        assert (out / folder / "deck.pptx").is_file()
    cal = icalendar.Calendar.from_ical((out / "program.ics").read_bytes())
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    assert [(s.day, s.hour, str(s.tzinfo)) for s in starts] == [
        (1, 9, "Europe/London"), (2, 9, "Europe/London"), (3, 9, "Europe/London"),
        (4, 9, "Europe/London"), (4, 11, "Europe/London"), (4, 14, "Europe/London")]
    assert len({e["uid"] for e in cal.walk("VEVENT")}) == 6
    assert "Eleanor Price's office" in str(cal.walk("VEVENT")[3]["location"])
    overview = (out / "program.html").read_text()
    assert "{{" not in overview and "You are the voice Contoso Group" in overview
    assert "No facilitator or participant is booked in two sessions at once" in overview
    assert "Eleanor Price, David Cohen, Ngozi Eze" in overview  # 7.5 h each


def test_validate_reports_clashes_and_repeats_in_a_program(tmp_path, runner):
    """The boot camp as first written: three executives' 1:1s in one slot, after a day
    that covered the same modules."""
    write(tmp_path / "people.csv", "name,department\nEleanor Price,leadership\n"
                                   "David Cohen,leadership\n")
    program = write(tmp_path / "program.yaml", """
    title: Boot camp
    organization: Contoso
    facilitator: Jordan Lee
    roster: people.csv
    sessions:
      - {title: Day one, departments: [leadership], duration: 6h, date: 2027-03-01}
      - {title: One-on-ones, format: one-on-one, departments: [leadership], duration: 90,
         date: 2027-03-04, start: "14:00"}
    """)
    result = runner.invoke(main, ["validate", str(program)])
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
    assert len(warnings) == 2, result.stderr
    assert "Jordan Lee would meet 2 executives at the same time (2027-03-04 14:00–15:30)" \
        in warnings[0]
    assert "would sit through 'leadership/" in warnings[1]
    assert "hours per person: 7.5 h: Eleanor Price, David Cohen" in result.stdout
    strict = runner.invoke(main, ["validate", "--strict", str(program)])
    assert strict.exit_code == 1 and "2 problems in 1 file" in strict.stderr


# ---------------------------------------------------------------- catalogue


def test_catalogue_pdf_and_html(tmp_path, runner):
    result = runner.invoke(main, ["catalog", "-o", str(tmp_path / "catalog.pdf")])
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_pages(tmp_path / "catalog.pdf"))
    for heading in ("For everyone", "Legal", "HR", "Sales", "Leadership", "Exercises"):
        assert heading in text
    assert "Search audit of your organization" in text
    legal = runner.invoke(main, ["catalog", "-d", "legal", "-o", str(tmp_path / "c.html")])
    assert legal.exit_code == 0
    html = (tmp_path / "c.html").read_text()
    assert "<h2>Legal</h2>" in html and "<h2>Sales</h2>" not in html
    assert runner.invoke(main, ["catalog", "-d", "finance"]).exit_code == 2


def test_the_catalogue_shows_no_placeholder(tmp_path, runner):
    assert runner.invoke(main, ["catalog", "-o", str(tmp_path / "c.html")]).exit_code == 0
    html = (tmp_path / "c.html").read_text()
    assert "{{" not in html and "your internal network" in html
