"""Intake answers in: a Forms export shapes the plan, the opening and the guide; bad exports
are refused with the row and column."""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

from pptx import Presentation

from tests.conftest import REPO, write
from workshop.cli import main
from workshop.content.questions import intake_header
from workshop.project import load_session
from workshop.results.intake import read_intake

FIXTURES = REPO / "tests" / "fixtures" / "results"
SESSION = """\
outputs: [deck, guide]
title: Social media for Legal and HR
organization: Acme Corp
departments: [legal, hr]
duration: 3h30m
participants: 12
start: "09:00"
"""


def session(tmp_path: Path, answers: str | None = "intake-msforms.csv", extra: str = "") -> Path:
    if answers:
        shutil.copy(FIXTURES / answers, tmp_path / answers)
    return write(tmp_path / "session.yaml", SESSION + (f"intake: {answers}\n" if answers
                                                       else "") + extra)


def deck_texts(path: Path) -> list[str]:
    return ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            .replace("\u2060", "") for slide in Presentation(str(path)).slides]


def test_twelve_answers_change_the_plan_and_say_why(tmp_path):
    without = load_session(session(tmp_path, None))
    loaded = load_session(session(tmp_path))
    intake = loaded.agenda.intake
    assert intake is not None and intake.count == 12
    # Hand-counted from the fixture: 7 of 12 ticked privacy and security, 6 clear rules.
    assert intake.tally("concerns", "Acme Corp")[0] == ("Privacy and security of our accounts", 7)
    assert intake.tally("goals", "Acme Corp")[0] == (
        "Clear rules on what we may say, and who approves it", 6)
    before = [b.id for b in without.agenda.blocks if b.module]
    after = [b.id for b in loaded.agenda.blocks if b.module]
    assert "core/account-security" not in before and "core/account-security" in after
    assert ("core/account-security: moved up by the intake: 7 of 12 ticked 'Privacy and "
            "security of our accounts'") in loaded.agenda.explanation
    # No `level:` in the file: the answers set it (mean comfort 3.0 of 5).
    assert loaded.session.level == "intermediate"
    assert loaded.agenda.explanation[0].startswith("level: intermediate, from the intake")


def test_google_forms_and_microsoft_forms_exports_read_the_same(tmp_path):
    ms = read_intake(FIXTURES / "intake-msforms.csv", False, "Acme Corp")
    google = read_intake(FIXTURES / "intake-google.csv", False, "Acme Corp")
    strip = [(r.name, r.goals, r.concerns, r.comfort, r.goal, r.worries) for r in ms.responses]
    assert strip == [(r.name, r.goals, r.concerns, r.comfort, r.goal, r.worries)
                     for r in google.responses]


def test_the_opening_shows_what_they_said_without_names(tmp_path, runner):
    result = runner.invoke(main, ["build", str(session(tmp_path)), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    texts = deck_texts(tmp_path / "out" / "deck.pptx")
    told = next(t for t in texts if t.startswith("What you told us before today"))
    assert "Privacy and security of our accounts (7\u00a0of\u00a012)" in told
    words = next(t for t in texts if t.startswith("In your own words"))
    assert "“Being quoted out of context”" in words
    assert not any(name in "\n".join(texts) for name in ("Ana Ruiz", "Ben Okafor"))


def test_answers_are_shown_as_typed_never_run(tmp_path, runner):
    rows = [["Name", "What concerns you", "Anything else that worries you"],
            ["A", "Not knowing what to post", "{{ organization }} <b>x</b> **bold**"],
            ["B", "Not knowing what to post", "{% include '/etc/passwd' %}"],
            ["C", "Time: I do not have any to spare", "[click](javascript:alert(1))"]]
    with open(tmp_path / "answers.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    path = write(tmp_path / "session.yaml", SESSION + "intake: answers.csv\n")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    words = next(t for t in deck_texts(tmp_path / "out" / "deck.pptx")
                 if t.startswith("In your own words"))
    assert "{{ organization }} <b>x</b> ∗∗bold∗∗" in words  # not Acme Corp, not bold
    assert "{% include '/etc/passwd' %}" in words
    assert "[click](javascript:alert(1))" in words


def test_fewer_than_three_answers_in_a_group_are_never_shown(tmp_path, runner):
    with open(tmp_path / "answers.csv", "w", newline="") as f:
        csv.writer(f).writerows([["Name", "What concerns you"],
                                 ["A", "Not knowing what to post"],
                                 ["B", "Not knowing what to post"]])
    path = write(tmp_path / "session.yaml", SESSION + "intake: answers.csv\n")
    assert runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out")
                                ]).exit_code == 0
    texts = deck_texts(tmp_path / "out" / "deck.pptx")
    assert not any(t.startswith(("What you told us", "In your own words")) for t in texts)


def test_a_one_on_one_guide_lists_the_executives_goals(tmp_path, runner):
    with open(tmp_path / "answers.csv", "w", newline="") as f:
        csv.writer(f).writerows([
            intake_header(True),
            ["Dana Reyes", "CEO", "2", "3", "2", "4", "3", "2",
             "A profile that represents me well", "Post once a week without a ghostwriter",
             "Privacy and security of my accounts", "My old tweets"]])
    path = write(tmp_path / "session.yaml", SESSION.replace("departments: [legal, hr]",
                                                            "departments: [leadership]")
                 .replace("duration: 3h30m", "duration: 90\nformat: one-on-one")
                 + "intake: answers.csv\n")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    texts = deck_texts(tmp_path / "out" / "deck.pptx")
    told = next(t for t in texts if t.startswith("What you told me before today"))
    assert "A profile that represents me well" in told and "(1" not in told  # no counts
    from pypdf import PdfReader

    guide = " ".join(p.extract_text() for p in PdfReader(tmp_path / "out" /
                                                             "facilitator-guide.pdf").pages)
    guide = " ".join(guide.split())
    assert "Dana Reyes's goals: “Post once a week without a ghostwriter”" in guide


def test_results_form_writes_a_header_the_reader_accepts(tmp_path, runner):
    out = tmp_path / "intake.csv"
    result = runner.invoke(main, ["results", "form", "intake", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Microsoft Forms" in result.output and "Privacy and security of our accounts" in \
        result.output
    with open(out, "a", newline="") as f:
        csv.writer(f).writerow(["Ana", "Counsel", "Legal", "3", "3", "3", "3", "3", "3",
                                "A routine that takes 15 minutes a week", "", "", ""])
    intake = read_intake(out, False, "Acme Corp")
    assert intake.count == 1 and intake.responses[0].goals == ("routine",)


def _bad(tmp_path: Path, runner, rows: list[list[str]]) -> str:
    with open(tmp_path / "answers.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    path = write(tmp_path / "session.yaml", SESSION + "intake: answers.csv\n")
    (tmp_path / "out").mkdir(exist_ok=True)
    (tmp_path / "out" / "deck.pptx").write_bytes(b"earlier build")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (tmp_path / "out" / "deck.pptx").read_bytes() == b"earlier build"
    return result.output


def test_bad_exports_name_the_row_and_column(tmp_path, runner):
    header = intake_header(False)
    good = ["Ana", "Counsel", "Legal", "3", "3", "3", "3", "3", "3",
            "A routine that takes 15 minutes a week", "", "", ""]
    other = _bad(tmp_path, runner, [["Timestamp", "Favourite colour"], ["1", "blue"]])
    assert "no column matches a question of the intake form (found: Timestamp, Favourite " \
           "colour)" in other and "workshop results form intake" in other
    scale = _bad(tmp_path, runner, [header, good, ["Ben"] + good[1:4] + ["7"] + good[5:]])
    assert ("answers.csv:3:5: How comfortable are you? [Knowing what I may and may not post "
            "about work]: '7' is not a rating from 1 to 5") in scale
    cut = _bad(tmp_path, runner, [header, good, good[:6]])
    assert "answers.csv:3: row 3 has 6 of the header's 13 columns: the export was cut " \
           "short" in cut
    twice = _bad(tmp_path, runner, [header, good, good])
    assert "answers.csv:3: row 3 repeats row 2 (the same name, 'Ana')" in twice
    empty = _bad(tmp_path, runner, [header])
    assert "no answers: the file has a header but no row answers a question" in empty
    missing = runner.invoke(main, ["validate", str(write(
        tmp_path / "s2.yaml", SESSION + "intake: nowhere.csv\n"))])
    assert missing.exit_code == 1 and "intake answers file 'nowhere.csv' not found" in \
        missing.output


# ---------------------------------------------------------------- evaluations


RECOMMEND = [10, 9, 9, 8, 7, 6, 10, 9, 3, 8]  # 5 promoters, 3 passives, 2 detractors: +30
FIRST = [5, 4, 4, 5, 3, 4, 5, 4, 4, 4]  # the opening: 42 / 10 = 4.2


def evaluations(tmp_path: Path, runner) -> tuple[Path, Path, list[str]]:
    """Ten evaluations of the intake session, filled in on the header `results form` wrote."""
    path = session(tmp_path)
    header_file = tmp_path / "evaluation-header.csv"
    result = runner.invoke(main, ["results", "form", "evaluation", "--session", str(path),
                                  "-o", str(header_file)])
    assert result.exit_code == 0, result.output
    header = next(csv.reader(header_file.open()))
    parts = [h for h in header if h.startswith("Each part of the session [")]
    rows = []
    for i in range(10):
        row = {h: "" for h in header}
        for k, h in enumerate(parts):
            row[h] = str(FIRST[i]) if k == 0 else "" if k == 2 and i < 2 else "3"
        row["Before the session, I could [keep a professional profile that represents me "
            "well]"] = "2"
        row["Now I can [keep a professional profile that represents me well]"] = str(
            4 if i < 5 else 5)  # 4.5
        row["How likely are you to recommend this session to a colleague"] = str(RECOMMEND[i])
        row["The facilitator explained things clearly"] = "4"
        row["The length was right"] = "3" if i else "5"  # 3.2
        if i < 2:
            row["The most useful thing you take away"] = ["The escalation path",
                                                          "<b>Passkeys</b> {{ organization }}"][i]
        rows.append([row[h] for h in header])
    answers = tmp_path / "evaluations.csv"
    with answers.open("w", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path, answers, parts


def test_the_report_figures_match_a_hand_count(tmp_path, runner):
    path, answers, parts = evaluations(tmp_path, runner)
    result = runner.invoke(main, ["results", "report", str(path), str(answers), "-o",
                                  str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    table = {(r["section"], r["item"]): r for r in csv.DictReader(
        (tmp_path / "report" / "results.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert table[("responses", "responses")]["answers"] == "10 of 12 (83%)"
    assert table[("overall", "net promoter score")]["mean"] == "+30"
    assert [table[("overall", k)]["answers"] for k in (
        "promoters (9-10)", "passives (7-8)", "detractors (0-6)")] == ["5", "3", "2"]
    assert table[("overall", "The length was right")]["mean"] == "3.2"
    opening = parts[0][len("Each part of the session ["):-1]
    assert table[("module", opening)]["mean"] == "4.2"
    third = parts[2][len("Each part of the session ["):-1]
    assert table[("module", third)]["answers"] == "8"  # two left it empty
    profile = table[("confidence", "I can keep a professional profile that represents me "
                                   "well")]
    assert (profile["mean before"], profile["mean"]) == ("2.0", "4.5")
    html = (tmp_path / "report" / "results.html").read_text()
    assert "&lt;b&gt;Passkeys&lt;/b&gt; {{ organization }}" in html and "<b>Passkeys" not in html
    assert "2.0 → 4.5 (+2.5)" in html and "+30" in html
    assert (tmp_path / "report" / "results.pdf").read_bytes().startswith(b"%PDF")
    if os.name == "posix":  # a report is for sharing, not private to its writer
        assert (tmp_path / "report" / "results.pdf").stat().st_mode & 0o777 == 0o644


def test_bad_evaluations_name_the_row_and_column(tmp_path, runner):
    path, answers, parts = evaluations(tmp_path, runner)
    rows = list(csv.reader(answers.open()))
    column = rows[0].index("How likely are you to recommend this session to a colleague")
    rows[4][column] = "11"
    other = [h.replace(parts[1][len("Each part of the session ["):-1], "Something else")
             for h in rows[0]]
    for broken, expected in (
            ([rows[0], *rows[1:4], rows[4]], f"evaluations.csv:5:{column + 1}: How likely are "
                                             "you to recommend this session to a colleague: "
                                             "'11' is not a rating from 0 to 10"),
            ([other, *rows[1:]], "'Each part of the session [Something else]' names no module "
                                 "of this session"),
            ([["Timestamp", "Colour"], ["1", "blue"]],
             "no column matches a question of the evaluation form")):
        with answers.open("w", newline="") as f:
            csv.writer(f).writerows(broken)
        result = runner.invoke(main, ["results", "report", str(path), str(answers), "-o",
                                      str(tmp_path / "report")])
        assert result.exit_code == 1 and expected in result.output, result.output
        assert not (tmp_path / "report").exists()  # nothing half-written


# ---------------------------------------------------------------- timings


def test_modules_that_keep_running_long_are_flagged(tmp_path, runner):
    plan = load_session(session(tmp_path, None)).agenda
    first = next(b for b in plan.blocks if b.kind == "module")
    rows = [["date", "module", "format", "planned", "actual"],
            *[[f"2026-0{i}-01", first.id, "group", "45", actual]
              for i, actual in enumerate(("55", "52", "44", "58"), 1)],  # long in 3 of 4
            *[["2026-01-01", "core/closing", "group", "15", "15"]] * 3]
    with open(tmp_path / "timings.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    path = session(tmp_path, None, "timings: timings.csv\n")
    explained = load_session(path).agenda.explanation
    # (55 + 52 + 44 + 58) / 4 = 52.25 for 45 planned: today's run scaled, to the nearest 5.
    expected = round(first.minutes * 52.25 / 45 / 5) * 5
    assert (f"{first.id}: ran long in 3 of 4 deliveries (52 min for 45 planned on average): "
            f"plan about {expected} min for today's {first.minutes}") in explained
    assert not any(line.startswith("core/closing: ran") for line in explained)
    table = runner.invoke(main, ["results", "timings", str(tmp_path / "timings.csv")])
    assert table.exit_code == 0
    assert re.search(rf"{re.escape(first.id)}\s+4\s+45\s+52\s+runs long: plan about 50 min",
                     table.output), table.output
    assert re.search(r"core/closing\s+3\s+15\s+15\s+on time", table.output)


def test_bad_timings_name_the_row_and_column(tmp_path, runner):
    with open(tmp_path / "timings.csv", "w", newline="") as f:
        csv.writer(f).writerows([["module", "planned", "actual"], ["core/why-now", "30", "half"],
                                 ["", "30", "30"]])
    result = runner.invoke(main, ["results", "timings", str(tmp_path / "timings.csv")])
    assert result.exit_code == 1
    assert "timings.csv:2:3: actual: 'half' is not a number of minutes" in result.output
    assert "timings.csv:3:1: module: no module id" in result.output


def test_a_program_report_puts_the_sessions_side_by_side(tmp_path, runner):
    from workshop.content.questions import evaluation_header
    from workshop.project import load
    from workshop.results.report import titles_of

    program = write(tmp_path / "program.yaml", """\
        title: Boot camp
        organization: Acme Corp
        sessions:
          - {title: Day one, departments: [legal], duration: 90, participants: 4,
             evaluations: day1.csv}
          - {title: Day two, departments: [hr], duration: 90, participants: 3,
             evaluations: day2.csv}
          - {title: Day three, departments: [sales], duration: 90}
        """)
    (tmp_path / "day1.csv").write_text("x\n")  # replaced below, once the titles are known
    (tmp_path / "day2.csv").write_text("x\n")
    for loaded, scores in zip(load(program).sessions[:2], ((10, 10, 6), (9, 9, 9)),
                              strict=True):
        header = evaluation_header(list(titles_of(loaded).values()))
        recommend = header.index("How likely are you to recommend this session to a colleague")
        rows = [[""] * len(header) for _ in scores]
        for row, score in zip(rows, scores, strict=True):
            row[recommend], row[0] = str(score), "4"
            row[header.index("Before the session, I could [keep a professional profile "
                             "that represents me well]")] = "2"
            row[header.index("Now I can [keep a professional profile that represents me "
                             "well]")] = "5"
        with (tmp_path / f"day{loaded.number}.csv").open("w", newline="") as f:
            csv.writer(f).writerows([header, *rows])
    result = runner.invoke(main, ["results", "report", str(program), "-o",
                                  str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    trend = list(csv.DictReader((tmp_path / "out" / "results.csv").read_text(
        encoding="utf-8-sig").splitlines()))
    # Day one: 2 promoters, 1 detractor of 3 = +33; day two: all promoters = +100.
    assert [(r["title"], r["responses"], r["net promoter score"], r["mean usefulness (1-5)"],
             r["mean confidence change (-4 to +4)"]) for r in trend] == [
        ("Day one", "3 of 4", "33", "4.0", "3.0"), ("Day two", "3 of 3", "100", "4.0", "3.0")]
    assert "No evaluations yet: 3. Day three" in (tmp_path / "out" / "results.html").read_text()
    assert (tmp_path / "out" / "01-day-one" / "results.pdf").is_file()
    assert (tmp_path / "out" / "results.pdf").read_bytes().startswith(b"%PDF")
    again = runner.invoke(main, ["results", "report", str(program), "day1.csv"])
    assert again.exit_code == 2 and "set `evaluations:` on each session" in again.output


def test_import_checks_an_export_and_says_how_to_use_it(tmp_path, runner):
    path = session(tmp_path, None)
    clean = tmp_path / "intake-clean.csv"
    result = runner.invoke(main, ["results", "import", str(FIXTURES / "intake-google.csv"),
                                  "--session", str(path), "-o", str(clean)])
    assert result.exit_code == 0, result.output
    assert "12 intake answers" in result.output
    assert "concern: Privacy and security of our accounts (7 of 12)" in result.output
    assert "intake: " in result.output and "intake-clean.csv" in result.output
    original = read_intake(FIXTURES / "intake-google.csv", False, "Acme Corp")
    copy = read_intake(clean, False, "Acme Corp")
    assert [(r.goals, r.concerns, r.comfort, r.goal, r.worries) for r in copy.responses] == \
        [(r.goals, r.concerns, r.comfort, r.goal, r.worries) for r in original.responses]
    bad = runner.invoke(main, ["results", "import", str(FIXTURES / "intake-google.csv"),
                               "--session", str(tmp_path / "nope.yaml")])
    assert bad.exit_code == 2
