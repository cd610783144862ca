"""Each class of input error, by its exact text, line numbers included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from workshop.cli import main
from workshop.content.library import load_library
from workshop.errors import Problems

from conftest import MODULE, write

GOOD_SESSION = """
title: Social media for Legal and HR
organization: Acme Corp
format: group
departments: [legal, hr]
duration: 3h
"""


def errors(runner, tmp_path: Path, text: str, *args: str) -> list[str]:
    session = write(tmp_path / "s.yaml", text)
    result = runner.invoke(main, ["plan", str(session), *args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line.replace(str(tmp_path) + "/", "") for line in result.stderr.splitlines()]


@pytest.mark.parametrize("text, expected", [
    pytest.param("title: x\n  bad: [", "s.yaml:2:6: invalid YAML: mapping values are not allowed "
                 "in this context (a value containing ': ' must be quoted)", id="malformed"),
    pytest.param("", "s.yaml: file is empty; expected a session (a mapping of fields such as "
                 "'title:')", id="empty"),
    pytest.param("- a\n- b\n", "s.yaml:1:1: expected a session (a mapping of fields such as "
                 "'title:'), got a list", id="list-not-mapping"),
    pytest.param("a: &x [1]\nb: *x\n", "s.yaml:2:4: YAML anchors and aliases (&name, *name) are "
                 "not supported in workshop files: write the value out", id="alias"),
    pytest.param("title: a\ntitle: b\n", "s.yaml:2:1: key 'title' appears twice (first on line "
                 "1): keep one", id="duplicate-key"),
    pytest.param("a: 1\n---\nb: 2\n", "s.yaml:3:1: holds more than one YAML document ('---'); "
                 "keep one per file", id="two-documents"),
])
def test_unreadable_files(runner, tmp_path, text, expected):
    assert errors(runner, tmp_path, text) == [expected, "1 problem in 1 file"]


def test_non_utf8_bytes_name_the_line(runner, tmp_path):
    session = tmp_path / "s.yaml"
    session.write_bytes(b"title: ok\norganization: Caf\xe9\n")
    result = runner.invoke(main, ["plan", str(session)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "s.yaml:2:18: not UTF-8 text (byte 0xe9): save the file as UTF-8")


def test_every_field_problem_is_reported_at_once(runner, tmp_path):
    text = """
    title: Social media for Legal and HR
    organisation: Acme Corp
    format: grup
    departments: [legal, hr]
    duration: three hours
    start: "25:99"
    participants: -3
    paper: a3
    breaks: {every: 90, lenght: 15}
    """
    assert errors(runner, tmp_path, text) == [
        "s.yaml:1:1: organization: required field is missing: add it",
        "s.yaml:2:1: organisation: unknown field 'organisation'; did you mean 'organization'?",
        "s.yaml:3:1: format: 'grup' is not allowed; expected one of: group, one-on-one; "
        "did you mean 'group'?",
        "s.yaml:5:1: duration: 'three hours' is not a duration: write minutes as a number, or "
        "text such as '90m', '1h30m', '7:45', '7.5h' or '3h'",
        's.yaml:6:1: start: \'25:99\' is not a time of day: write it as "HH:MM" in quotes, '
        'e.g. "09:00" or "13:30"',
        "s.yaml:7:1: participants: expected at least 1, got -3",
        "s.yaml:8:1: paper: 'a3' is not allowed; expected one of: a4, letter",
        "s.yaml:9:21: breaks.lenght: unknown field 'lenght'; did you mean 'length'?",
        "8 problems in 1 file",
    ]


def test_departments_and_durations_as_people_write_them(runner, tmp_path):
    text = GOOD_SESSION.replace("[legal, hr]", "[Legal, Human Resources]")
    for duration, minutes in (("7:45", 465), ("7.5h", 450), ("90", 90), ("1h30m", 90),
                              ("2 hours", 120)):
        write(tmp_path / "s.yaml", re.sub(r"duration: .*", f"duration: {duration}", text))
        result = runner.invoke(main, ["plan", str(tmp_path / "s.yaml"), "--json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["total_minutes"] == minutes
    write(tmp_path / "s.yaml", text.replace("[Legal, Human Resources]", "[legal, LEGAL]"))
    assert errors(runner, tmp_path, (tmp_path / "s.yaml").read_text())[0] == (
        "s.yaml:4:22: departments[1]: 'LEGAL' is Legal (legal) again: list each department "
        "once")


def test_unknown_ids_in_a_session(runner, tmp_path):
    text = GOOD_SESSION.replace("[legal, hr]", "[legal, hrr]") + \
        "include: [core/show-and-tel]\n"
    lines = errors(runner, tmp_path, text)
    assert lines[0] == ("s.yaml:4:22: departments[1]: unknown department 'hrr'; did you mean "
                        "'hr'? Known: hr, leadership, legal, sales; a library of your own can "
                        "add a department (docs/authoring.md)")
    assert lines[1].startswith("s.yaml:6:11: include[0]: unknown module 'core/show-and-tel'")
    assert lines[-1] == "2 problems in 1 file"


def test_impossible_duration_says_what_is_needed(runner, tmp_path):
    lines = errors(runner, tmp_path, GOOD_SESSION.replace("3h", "10"))
    assert len(lines) == 2
    assert lines[0].startswith("s.yaml:5:1: duration: needs ")
    needed = int(lines[0].split("needs ")[1].split()[0])
    assert lines[0].endswith(f"minutes even with every module at its shortest, the session has "
                             f"10: raise duration to {needed}")


def test_yes_no_and_times_stay_what_they_mean(runner, tmp_path):
    text = GOOD_SESSION + "start: 9:30\ntitle_x: no\n"
    lines = errors(runner, tmp_path, text)
    assert lines == ["s.yaml:7:1: title_x: unknown field 'title_x'; did you mean 'title'?",
                     "1 problem in 1 file"]


# ---------------------------------------------------------------- library files



def library_problems(tmp_path: Path) -> list[str]:
    problems = Problems()
    load_library([tmp_path / "lib"], problems)
    return [str(p).replace(str(tmp_path) + "/", "") for p in sorted(problems.items)]


def test_module_errors_are_located(tmp_path):
    write(tmp_path / "lib/decks/legal/bad.yaml", MODULE.replace("kind: bullets", "kind: bulets")
          .replace("priority: core", "priority: core\nrequires: [core/nope]")
          .replace("minutes: {group: 30}", "minutes: {group: 30, one-on-one: 10}"))
    assert library_problems(tmp_path) == [
        "lib/decks/legal/bad.yaml:12:5: slides[0].kind: unknown kind 'bulets'; did you mean "
        "'bullets'? Expected one of: bullets, recap, intake, two-column, quote, statistic, "
        "discussion, demo, exercise, image, chart, process, timeline, matrix, post",
    ]


def test_cross_reference_errors(tmp_path):
    write(tmp_path / "lib/decks/legal/bad.yaml", MODULE.replace(
        "priority: core", "priority: core\nrequires: [core/nope]").replace(
        "minutes: {group: 30}", "minutes: {group: 30, one-on-one: 10}").replace(
        "departments: [legal]", "departments: [legl]"))
    found = library_problems(tmp_path)
    assert "lib/decks/legal/bad.yaml:4:15: departments[0]: unknown department 'legl'; did you " \
           "mean 'legal'?" in found
    assert "lib/decks/legal/bad.yaml:6:22: minutes.one-on-one: minutes given for " \
           "'one-on-one', which is not in `formats`: add it there or remove these minutes" \
           in found
    assert any(p.startswith("lib/decks/legal/bad.yaml:8:12: requires[0]: unknown module "
                            "'core/nope'") for p in found)


def test_requires_cycle(tmp_path):
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE + "requires: [legal/b]\n")
    write(tmp_path / "lib/decks/legal/b.yaml", MODULE + "requires: [legal/a]\n")
    assert library_problems(tmp_path) == [
        "lib/decks/legal/a.yaml:15:12: requires[0]: requires form a cycle: legal/a -> legal/b "
        "-> legal/a: remove one of these requirements"]


def test_missing_exercise_and_source(tmp_path):
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE + """
  - kind: exercise
    exercise: no-such-exercise
    notes: Run it.
  - kind: statistic
    title: Most use LinkedIn
    value: "92%"
    caption: of executives use LinkedIn
    source: socialcast
    notes: Say it.
""")
    found = library_problems(tmp_path)
    assert found[0].startswith("lib/decks/legal/a.yaml:17:5: slides[1].exercise: unknown "
                               "exercise 'no-such-exercise'")
    assert found[1] == ("lib/decks/legal/a.yaml:23:5: slides[2].source: 'socialcast' is not "
                        "in this module's sources (known: none): add it under sources:")


def test_format_without_minutes_and_wrong_type(tmp_path):
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE.replace(
        "formats: [group]", "formats: [group, one-on-one]").replace(
        "notes: Say it.", "notes: [Say it.]"))
    assert library_problems(tmp_path) == [
        "lib/decks/legal/a.yaml:14:5: slides[0].notes: expected text, got a list",
    ]
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE.replace(
        "formats: [group]", "formats: [group, one-on-one]"))
    assert library_problems(tmp_path) == [
        "lib/decks/legal/a.yaml:6:1: minutes: format 'one-on-one' has no minutes: add "
        "`one-on-one: N` under minutes"]


def test_duplicate_ids_in_one_layer(tmp_path):
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE)
    write(tmp_path / "lib/decks/legal/a.yml", MODULE)
    assert library_problems(tmp_path) == [
        "lib/decks/legal/a.yml: module id 'legal/a' is also defined by lib/decks/legal/a.yaml: "
        "rename or remove one"]


def test_placeholder_expressions_are_rejected(tmp_path):
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE.replace(
        "title: A point\n    bullets", "title: \"{{ ''.__class__ }}\"\n    bullets").replace(
        "[One, Two]", "[\"{% include '/etc/passwd' %}\", Two]"))
    assert library_problems(tmp_path) == [
        "lib/decks/legal/a.yaml:12:5: slides[0].title: only plain {{ name }} placeholders are "
        "allowed in content, not expressions, filters or attribute access",
        "lib/decks/legal/a.yaml:13:15: slides[0].bullets[0]: template tags such as {% … %} are "
        "not allowed in content; only {{ name }} placeholders",
    ]


def test_a_library_can_add_a_department(tmp_path):
    write(tmp_path / "lib/decks/departments.yaml", """
    departments:
      - id: finance
        name: Finance
    """)
    write(tmp_path / "lib/decks/finance/reporting.yaml", MODULE.replace(
        "[legal]", "[finance]"))
    assert library_problems(tmp_path) == []
    library = load_library([tmp_path / "lib"])
    assert library.layer_of(library.modules["finance/reporting"]).endswith("lib")
    assert library.department_name("finance") == "Finance"


def test_without_a_home_folder_nothing_is_cached_and_all_works(tmp_path, monkeypatch):
    from workshop.content import layer_cache

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    for name in ("WORKSHOP_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", no_home)
    assert layer_cache.folder() is None
    write(tmp_path / "lib/decks/legal/a.yaml", MODULE)
    assert load_library([tmp_path / "lib"]).modules["legal/a"].title == "A point"


def test_the_layer_cache_sees_every_change(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_CACHE_DIR", str(tmp_path / "cache"))
    module = write(tmp_path / "lib/decks/legal/a.yaml", MODULE)
    assert load_library([tmp_path / "lib"]).modules["legal/a"].title == "A point"
    assert list((tmp_path / "cache").glob("layer-*.pickle")), "a clean layer is cached"
    write(module, MODULE.replace("title: A point\nsummary", "title: A new point\nsummary"))
    assert load_library([tmp_path / "lib"]).modules["legal/a"].title == "A new point"
    write(module, MODULE.replace("priority: core", "priority: corе"))  # a Cyrillic e
    assert library_problems(tmp_path)[0].startswith("lib/decks/legal/a.yaml:7:1: priority:")


SECTOR_MODULE = MODULE.replace("title: A point\n", "title: Rules for banks\n", 1).replace(
    "departments: [legal]", "departments: [legal]\nsectors: [financial-services]").replace(
    "minutes: {group: 30}", "minutes: {group: 20}")


def test_a_sector_module_runs_first_and_only_for_its_sector(runner, tmp_path):
    write(tmp_path / "lib/decks/legal/bank-rules.yaml", SECTOR_MODULE + """
  - kind: bullets
    title: Only for banks
    sectors: [financial-services]
    bullets: [Keep every message]
    notes: Say it.
    variants:
      healthcare: {title: Never shown}
""")
    session = GOOD_SESSION.replace("duration: 3h", "duration: 3h\nlibrary: [lib]")
    write(tmp_path / "bank.yaml", session.replace("duration: 3h", "duration: 60")
          + "sector: Banking\n")
    write(tmp_path / "plain.yaml", session)
    banked = runner.invoke(main, ["plan", str(tmp_path / "bank.yaml"), "--json"])
    assert banked.exit_code == 0, banked.output
    ids = [b["id"] for b in json.loads(banked.output)["blocks"] if b["kind"] == "module"]
    assert "legal/bank-rules" in ids
    why = runner.invoke(main, ["plan", str(tmp_path / "bank.yaml"), "--explain"]).output
    first = next(line for line in why.splitlines() if ": chosen, " in line
                 and "required module" not in line)
    assert first.strip().startswith("legal/bank-rules: chosen") and "sector" in first
    plain = runner.invoke(main, ["plan", str(tmp_path / "plain.yaml"), "--explain"])
    assert "legal/bank-rules" not in [line.split()[-1].strip("[]")
                                      for line in plain.output.splitlines() if "module" in line]
    text = runner.invoke(main, ["plan", str(tmp_path / "bank.yaml")]).output
    assert "Financial services" in text.splitlines()[0]


def test_unknown_sectors_are_located(runner, tmp_path):
    write(tmp_path / "lib/decks/legal/bank-rules.yaml",
          SECTOR_MODULE.replace("[financial-services]", "[fintech]"))
    session = GOOD_SESSION.replace("duration: 3h", "duration: 3h\nlibrary: [lib]")
    lines = errors(runner, tmp_path, session + "sector: pharmacy\n")
    assert "lib/decks/legal/bank-rules.yaml:5:11: sectors[0]: unknown sector 'fintech'" in \
        lines[0]
    assert lines[1].startswith("s.yaml:7:1: sector[0]: unknown sector 'pharmacy'; did you "
                               "mean 'healthcare'?")


def test_a_module_speaks_to_counsel_in_its_own_words(runner, tmp_path):
    write(tmp_path / "lib/decks/legal/point.yaml", MODULE.replace(
        "objectives: [Do a thing.]",
        "objectives: [List the questions to take to counsel.]\n"
        "wording:\n  legal: {objectives: [Decide the position you will take to the board.]}\n"
        "  hr: {outcome: A note for the HR team.}\n  finance: {title: Nope}"))
    session = GOOD_SESSION.replace("duration: 3h", "duration: 3h\nlibrary: [lib]")
    lines = errors(runner, tmp_path, session)
    assert lines[0].startswith("lib/decks/legal/point.yaml:13:3: wording.finance: unknown "
                               "wording key 'finance'")
    write(tmp_path / "lib/decks/legal/point.yaml",
          (tmp_path / "lib/decks/legal/point.yaml").read_text().replace(
              "  finance: {title: Nope}\n", ""))
    from workshop.build import prepare

    tailored = prepare(write(tmp_path / "s.yaml", session + "modules: [core/opening, "
                             "legal/point, core/closing]\n"))
    point = next(m.module for m in tailored.modules if m.module.id == "legal/point")
    assert point.objectives == ("Decide the position you will take to the board.",)
    assert point.outcome == "Something."  # the first department's wording (legal) only
