"""The bad-input corpus: every case exits 1 or 2 with a message naming the file and the fix,
shows no traceback, and leaves the previous output folder exactly as it was."""

from __future__ import annotations

import errno
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from workshop.cli import main

from conftest import MODULE, REPO

SESSION = """title: Bad input
organization: Acme Corp
format: group
departments: [legal]
duration: 90
outputs: [agenda]
"""
EXERCISE = (REPO / "exercises" / "search-audit.yaml").read_text()
PROGRAM = """title: Two days
organization: Acme Corp
outputs: [agenda]
sessions:
  - title: Day one
    departments: [legal]
    duration: 2h
"""
WITH_LIBRARY = SESSION + "library: [lib]\n"
SOURCED = "sources:\n  - {id: s1, title: A study of executives, year: 2025}\n"
CHART = ("  - kind: chart\n    title: T\n    notes: N\n    source: s1\n"
         "    categories: [One, Two, Three]\n    series: {series}\n")
WITH_ROSTER = SESSION.replace("outputs: [agenda]", "outputs: [handouts]") + \
    "roster: people.csv\n"


@dataclass
class Case:
    files: dict[str, str | bytes | None]
    expect: list[str]
    args: list[str] = field(default_factory=lambda: ["build", "session.yaml"])
    code: int = 1


def png(broken: bool = False) -> bytes:
    from io import BytesIO

    out = BytesIO()
    Image.new("RGB", (40, 20), "#123456").save(out, "PNG")
    data = out.getvalue()
    return data[:40] if broken else data


def zip_without_presentation() -> bytes:
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    return out.getvalue()


def module_with(slides: str) -> str:
    return MODULE.split("slides:\n")[0] + "slides:\n" + slides


def sourced(slides: str) -> str:
    """A module with one source, s1, and these slides."""
    return MODULE.split("slides:\n")[0] + SOURCED + "slides:\n" + slides


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))

CASES: dict[str, dict[str, Case]] = {
    "session": {
        "syntax-error": Case({"session.yaml": "title: x\n  bad: [\n"},
                             ["session.yaml:2:6: invalid YAML", "must be quoted"]),
        "wrong-type": Case({"session.yaml": SESSION.replace("duration: 90", "duration: [1, 2]")},
                           ["session.yaml:5:1: duration: '[1, 2]' is not a duration"]),
        "unknown-key": Case({"session.yaml": SESSION + "titel: x\n"},
                            ["session.yaml:7:1: titel: unknown field 'titel'; did you mean "
                             "'title'?"]),
        "unknown-department": Case({"session.yaml": SESSION.replace("[legal]", "[legl]")},
                                   ["session.yaml:4:15: departments[0]: unknown department "
                                    "'legl'; did you mean 'legal'?"]),
        "unknown-module": Case({"session.yaml": SESSION + "modules: [core/openning]\n"},
                               ["session.yaml:7:11: modules[0]: unknown module "
                                "'core/openning'; did you mean 'core/opening'?"]),
        "impossible-duration": Case({"session.yaml": SESSION.replace("duration: 90",
                                                                    "duration: 10")},
                                    ["session.yaml:5:1: duration: needs ", "minutes even "
                                     "with every module at its shortest, the session has 10: "
                                     "raise duration to"]),
        "bad-clock": Case({"session.yaml": SESSION + "start: \"25:99\"\n"},
                          ["session.yaml:7:1: start: '25:99' is not a time of day"]),
        "negative-participants": Case({"session.yaml": SESSION + "participants: -3\n"},
                                      ["session.yaml:7:1: participants: expected at least 1, "
                                       "got -3"]),
        "paper-a3": Case({"session.yaml": SESSION + "paper: a3\n"},
                         ["session.yaml:7:1: paper: 'a3' is not allowed; expected one of: a4, "
                          "letter"]),
        "bad-date": Case({"session.yaml": SESSION + "date: 2027-13-45\n"},
                         ["session.yaml:7:1: date: expected a date such as 2027-01-14"]),
        "zero-duration": Case({"session.yaml": SESSION.replace("duration: 90", "duration: 0")},
                              ["session.yaml:5:1: duration: 0 minutes is not a session length"]),
        "unknown-output": Case({"session.yaml": SESSION.replace("[agenda]", "[slides]")},
                               ["session.yaml:6:11: outputs[0]: 'slides' is not allowed"]),
        "empty-file": Case({"session.yaml": ""}, ["session.yaml: file is empty; expected a "
                                                  "session"]),
        "list-not-mapping": Case({"session.yaml": "- title: x\n"},
                                 ["session.yaml:1:1: expected a session (a mapping of fields "
                                  "such as 'title:'), got a list"]),
        "not-utf8": Case({"session.yaml": b"title: Caf\xe9\n"},
                         ["session.yaml:1:11: not UTF-8 text (byte 0xe9): save the file as "
                          "UTF-8"]),
        "binary": Case({"session.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00"},
                       ["session.yaml", "not UTF-8 text"]),
        "alias-bomb": Case({"session.yaml": BOMB},
                           ["session.yaml:2:", "YAML anchors and aliases (&name, *name) are "
                            "not supported in workshop files: write the value out"]),
        "huge-file": Case({"session.yaml": "title: x\n" + "# padding\n" * 600_000},
                          ["session.yaml: file is 6.0 MB; content files are limited to 5 MB: "
                           "split it into smaller files"]),
        "requires-later": Case({"session.yaml": WITH_LIBRARY + "modules: [legal/b, legal/a]\n",
                                "lib/decks/legal/a.yaml": MODULE,
                                "lib/decks/legal/b.yaml": MODULE + "requires: [legal/a]\n"},
                               ["session.yaml:8:11: modules[0]: 'legal/b' requires 'legal/a', "
                                "which is later in the list: add 'legal/a' before it"]),
        "missing-library": Case({"session.yaml": SESSION + "library: [nowhere]\n"},
                                ["session.yaml:7:", "library[0]: library folder 'nowhere' not "
                                 "found"]),
        "include-with-list": Case({"session.yaml": SESSION + "modules: [core/opening]\n"
                                   "include: [core/why-now]\n"},
                                  ["session.yaml:8:1: include: `include` only works with "
                                   "`modules: auto`"]),
    },
    "program": {
        "no-sessions": Case({"program.yaml": "title: P\norganization: A\n"},
                            ["program.yaml", "required field is missing"],
                            ["build", "program.yaml"]),
        "empty-sessions": Case({"program.yaml": "title: P\norganization: A\nsessions: []\n"},
                               ["program.yaml:3:1: sessions: is empty; give at least one item"],
                               ["build", "program.yaml"]),
        "sessions-not-a-list": Case({"program.yaml": "title: P\norganization: A\n"
                                     "sessions: day one\n"},
                                    ["program.yaml:3:1: sessions: expected a list"],
                                    ["build", "program.yaml"]),
        "session-file-missing": Case({"program.yaml": PROGRAM + "  - file: day2.yaml\n"},
                                     ["day2.yaml: file not found"], ["build", "program.yaml"]),
        "bad-inline-field": Case({"program.yaml": PROGRAM.replace("duration: 2h",
                                                                  "duration: two hours")},
                                 ["program.yaml:7:5: sessions[0].duration: 'two hours' is not a "
                                  "duration"], ["build", "program.yaml"]),
        "bad-field-in-session-file": Case(
            {"program.yaml": PROGRAM + "  - file: day2.yaml\n",
             "day2.yaml": "title: Day two\ndepartments: [sales]\nduration: 3h\npaper: a5\n"},
            ["day2.yaml:4:1: paper: 'a5' is not allowed"], ["build", "program.yaml"]),
        "unknown-top-key": Case({"program.yaml": "sesions: []\n" + PROGRAM},
                                ["program.yaml:1:1: sesions: unknown field 'sesions'; did you "
                                 "mean 'sessions'?"], ["build", "program.yaml"]),
        "entry-not-a-mapping": Case({"program.yaml": PROGRAM + "  - day two\n"},
                                    ["program.yaml:8:5: sessions[1]: expected a mapping"],
                                    ["build", "program.yaml"]),
        "too-many-sessions": Case({"program.yaml": "title: P\norganization: A\nsessions:\n"
                                   + "  - {title: S, departments: [hr], duration: 60}\n" * 201},
                                  ["program.yaml:3:1: sessions: has too many items: at most 200"],
                                  ["build", "program.yaml"]),
        "syntax-error-in-session-file": Case(
            {"program.yaml": PROGRAM + "  - file: day2.yaml\n", "day2.yaml": "title: [x\n"},
            ["day2.yaml:2:1: invalid YAML"], ["build", "program.yaml"]),
        "unknown-department-in-one-session": Case(
            {"program.yaml": PROGRAM + "  - title: Day two\n    departments: [finanse]\n"
                                       "    duration: 2h\n"},
            ["program.yaml:9:19: sessions[1].departments[0]: unknown department 'finanse': "
             "there is no finance track; the closest is 'leadership', whose modules serve "
             "finance too."], ["build", "program.yaml"]),
        "program-is-checked-by-validate": Case(
            {"program.yaml": PROGRAM + "  - title: Day two\n    departments: [sales]\n"
                                       "    duration: 2h\n    roster: people.csv\n",
             "people.csv": "name,department\nAna,sales\nBen,Salse\n"},
            ["people.csv:3: department: unknown department 'Salse' for 'Ben'; did you mean "
             "'sales'?"], ["validate", "program.yaml"]),
        "double-booked-facilitator-strict": Case(
            {"program.yaml": PROGRAM.replace("sessions:", "facilitator: Jordan Lee\nsessions:")
             .replace("duration: 2h", "duration: 2h\n    date: 2027-03-01")
             + "  - title: Day two\n    departments: [sales]\n    duration: 3h\n"
               "    date: 2027-03-01\n    start: \"10:00\"\n"},
            ["program.yaml:10:5: sessions[1]: Jordan Lee facilitates session 1 ('Day one') at "
             "the same time (2027-03-01 10:00–13:00): move one session or give it another "
             "facilitator"], ["build", "program.yaml", "--strict"]),
        "unknown-time-zone": Case(
            {"program.yaml": PROGRAM.replace("sessions:", "timezone: Europe/Pariss\nsessions:")},
            ["program.yaml:4:1: timezone: 'Europe/Pariss' is not a time zone; did you mean "
             "'Europe/Paris'? It takes an IANA name"], ["validate", "program.yaml"]),
    },
    "module": {
        "syntax-error": Case({"session.yaml": WITH_LIBRARY,
                              "lib/decks/legal/a.yaml": "title: [x\nsummary: y\n"},
                             ["lib/decks/legal/a.yaml:2:8: invalid YAML: did not find "
                              "expected ',' or ']'"]),
        "unknown-slide-kind": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/decks/legal/a.yaml": MODULE.replace("kind: bullets",
                                                                             "kind: bulets")},
                                   ["lib/decks/legal/a.yaml:11:5: slides[0].kind: unknown kind "
                                    "'bulets'; did you mean 'bullets'?"]),
        "unknown-slide-key": Case({"session.yaml": WITH_LIBRARY,
                                   "lib/decks/legal/a.yaml": MODULE.replace("notes:", "note:")},
                                  ["lib/decks/legal/a.yaml:14:5: slides[0].note: unknown field "
                                   "'note'; did you mean 'notes'?"]),
        "statistic-without-source": Case({"session.yaml": WITH_LIBRARY,
                                          "lib/decks/legal/a.yaml": module_with(
                                              "  - kind: statistic\n    title: T\n"
                                              "    value: 92%\n    caption: C\n"
                                              "    notes: N\n")},
                                         ["lib/decks/legal/a.yaml:11:5: slides[0].source: "
                                          "required field is missing"]),
        "requires-cycle": Case({"session.yaml": WITH_LIBRARY,
                                "lib/decks/legal/a.yaml": MODULE + "requires: [legal/b]\n",
                                "lib/decks/legal/b.yaml": MODULE + "requires: [legal/a]\n"},
                               ["requires form a cycle: legal/a -> legal/b -> legal/a"]),
        "requires-unknown": Case({"session.yaml": WITH_LIBRARY,
                                  "lib/decks/legal/a.yaml": MODULE + "requires: [core/nope]\n"},
                                 ["lib/decks/legal/a.yaml:15:12: requires[0]: unknown module "
                                  "'core/nope'"]),
        "unknown-exercise": Case({"session.yaml": WITH_LIBRARY,
                                  "lib/decks/legal/a.yaml": module_with(
                                      "  - kind: exercise\n    exercise: nope\n"
                                      "    notes: N\n")},
                                 ["lib/decks/legal/a.yaml:12:5: slides[0].exercise: unknown "
                                  "exercise 'nope'"]),
        "expression-placeholder": Case({"session.yaml": WITH_LIBRARY,
                                        "lib/decks/legal/a.yaml": MODULE.replace(
                                            "    title: A point",
                                            "    title: \"{{ ''.__class__ }}\"")},
                                       ["lib/decks/legal/a.yaml:12:5: slides[0].title: only "
                                        "plain {{ name }} placeholders are allowed"]),
        "include-tag": Case({"session.yaml": WITH_LIBRARY,
                             "lib/decks/legal/a.yaml": MODULE.replace(
                                 "notes: Say it.", "notes: \"{% include '/etc/passwd' %}\"")},
                            ["lib/decks/legal/a.yaml:14:5: slides[0].notes: template tags "
                             "such as {% … %} are not allowed in content"]),
        "unknown-variable": Case({"session.yaml": WITH_LIBRARY + "modules: [legal/a]\n",
                                  "lib/decks/legal/a.yaml": MODULE.replace(
                                      "notes: Say it.", "notes: Ask {{ team_lead }}.")},
                                 ["lib/decks/legal/a.yaml:14:5: slides[0].notes: unknown "
                                  "variable 'team_lead' in module 'legal/a': define it under "
                                  "`variables:`"]),
        "image-outside-library": Case({"session.yaml": WITH_LIBRARY, "secret.png": png(),
                                       "lib/decks/legal/a.yaml": module_with(
                                           "  - kind: image\n    title: T\n"
                                           "    image: ../../../secret.png\n    alt: A\n"
                                           "    notes: N\n")},
                                      ["lib/decks/legal/a.yaml:13:5: slides[0].image: "
                                       "'../../../secret.png' points outside the library "
                                       "folder"]),
        "image-missing": Case({"session.yaml": WITH_LIBRARY,
                               "lib/decks/legal/a.yaml": module_with(
                                   "  - kind: image\n    title: T\n    image: gone.png\n"
                                   "    alt: A\n    notes: N\n")},
                              ["slides[0].image: image file 'gone.png' not found"]),
        "image-not-an-image": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/decks/legal/fake.png": "just text",
                                    "lib/decks/legal/a.yaml": module_with(
                                        "  - kind: image\n    title: T\n    image: fake.png\n"
                                        "    alt: A\n    notes: N\n")},
                                   ["slides[0].image: 'fake.png' is not a PNG or JPEG image"]),
        "image-without-alt-text": Case({"session.yaml": WITH_LIBRARY,
                                        "lib/decks/legal/p.png": png(),
                                        "lib/decks/legal/a.yaml": module_with(
                                            "  - kind: image\n    title: T\n    image: p.png\n"
                                            "    notes: N\n")},
                                       ["lib/decks/legal/a.yaml:11:5: slides[0].alt: required "
                                        "field is missing: add it"]),
        "chart-series-length": Case({"session.yaml": WITH_LIBRARY,
                                     "lib/decks/legal/a.yaml": sourced(CHART.format(
                                         series="[{name: A, values: [1, 2, 3]}, "
                                                "{name: B, values: [4, 5]}]"))},
                                    ["lib/decks/legal/a.yaml:18:5: slides[0].series: series 2 "
                                     "('B') has 2 values for 3 categories: give one value per "
                                     "category"]),
        "chart-not-a-number": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/decks/legal/a.yaml": sourced(CHART.format(
                                        series="[{name: A, values: [1, lots, 3]}]"))},
                                   ["lib/decks/legal/a.yaml:18:36: slides[0].series[0]."
                                    "values[1]: expected a number, got the text 'lots'"]),
        "chart-empty-series": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/decks/legal/a.yaml": sourced(CHART.format(
                                        series="[{name: A, values: []}]"))},
                                   ["slides[0].series[0].values: is empty; give at least one "
                                    "item"]),
        "chart-unknown-source": Case({"session.yaml": WITH_LIBRARY,
                                      "lib/decks/legal/a.yaml": sourced(CHART.format(
                                          series="[{name: A, values: [1, 2, 3]}]"))
                                      .replace("source: s1", "source: nope")},
                                     ["slides[0].source: 'nope' is not in this module's "
                                      "sources"]),
        "matrix-item-outside-a-quadrant": Case(
            {"session.yaml": WITH_LIBRARY,
             "lib/decks/legal/a.yaml": module_with(
                 "  - kind: matrix\n    title: T\n    notes: N\n"
                 "    x_axis: {label: Likelihood}\n    y_axis: {label: Impact}\n"
                 "    items:\n      - {text: A leak, quadrant: middle}\n")},
            ["lib/decks/legal/a.yaml:17:24: slides[0].items[0].quadrant: 'middle' is not "
             "allowed; expected one of: top-left, top-right, bottom-left, bottom-right"]),
        "image-corrupt": Case({"session.yaml": WITH_LIBRARY,
                               "lib/decks/legal/broken.png": png(broken=True),
                               "lib/decks/legal/a.yaml": module_with(
                                   "  - kind: image\n    title: T\n    image: broken.png\n"
                                   "    alt: A\n    notes: N\n")},
                              ["slides[0].image: 'broken.png' is a damaged PNG image"]),
        "ten-thousand-slides": Case({"session.yaml": WITH_LIBRARY,
                                     "lib/decks/legal/a.yaml": module_with(
                                         "  - {kind: bullets, title: T, bullets: [B], "
                                         "notes: N}\n" * 10_000)},
                                    ["lib/decks/legal/a.yaml:10:1: slides: has too many items: "
                                     "at most 60"]),
        "empty-module": Case({"session.yaml": WITH_LIBRARY, "lib/decks/legal/a.yaml": ""},
                             ["lib/decks/legal/a.yaml: file is empty; expected a module"]),
        "format-without-minutes": Case({"session.yaml": WITH_LIBRARY,
                                        "lib/decks/legal/a.yaml": MODULE.replace(
                                            "formats: [group]", "formats: [group, one-on-one]")},
                                       ["lib/decks/legal/a.yaml:6:1: minutes: format "
                                        "'one-on-one' has no minutes"]),
        "duplicate-id": Case({"session.yaml": WITH_LIBRARY, "lib/decks/legal/a.yaml": MODULE,
                              "lib/decks/legal/a.yml": MODULE},
                             ["lib/decks/legal/a.yml: module id 'legal/a' is also defined by "
                              "lib/decks/legal/a.yaml"]),
        "javascript-link": Case({"session.yaml": WITH_LIBRARY,
                                 "lib/decks/legal/a.yaml": MODULE.replace(
                                     "bullets: [One, Two]",
                                     "bullets: [\"[click](javascript:alert(1))\", Two]")},
                                ["lib/decks/legal/a.yaml:13:15: slides[0].bullets[0]: link "
                                 "target 'javascript:alert(1' must start with https://"]),
        "unknown-track": Case({"session.yaml": WITH_LIBRARY,
                               "lib/decks/finance/a.yaml": MODULE},
                              ["lib/decks/finance/a.yaml:1:1: decks/finance/ is not a track"]),
    },
    "exercise": {
        "steps-do-not-add-up": Case({"session.yaml": WITH_LIBRARY,
                                     "lib/exercises/search-audit.yaml": EXERCISE.replace(
                                         "minutes: {group: 20, one-on-one: 15}",
                                         "minutes: {group: 25, one-on-one: 15}")},
                                    ["lib/exercises/search-audit.yaml:", "steps: steps add up "
                                     "to 20 minutes for group, but minutes.group is 25"]),
        "missing-answer-key": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/exercises/search-audit.yaml": EXERCISE.split(
                                        "answer_key:")[0]},
                                   ["lib/exercises/search-audit.yaml:1:1: answer_key: required "
                                    "field is missing"]),
        "unknown-worksheet-kind": Case({"session.yaml": WITH_LIBRARY,
                                        "lib/exercises/search-audit.yaml": EXERCISE.replace(
                                            "  - kind: table\n    title: Accounts using our "
                                            "name\n    columns: [Platform, Account name, "
                                            "Official?, Followers, Last post]",
                                            "  - kind: grid\n    title: Accounts using our "
                                            "name\n    columns: [Platform, Account name, "
                                            "Official?, Followers, Last post]")},
                                       ["lib/exercises/search-audit.yaml:", "worksheet[0].kind: "
                                        "unknown kind 'grid'"]),
        "unknown-variant-key": Case({"session.yaml": WITH_LIBRARY,
                                     "lib/exercises/search-audit.yaml": EXERCISE.replace(
                                         "  legal:\n", "  lawyers:\n")},
                                    ["variants.lawyers: unknown variant key 'lawyers'"]),
        "not-utf8": Case({"session.yaml": WITH_LIBRARY,
                          "lib/exercises/search-audit.yaml": b"title: \xff\n"},
                         ["lib/exercises/search-audit.yaml:1:8: not UTF-8 text"]),
        "group-size-missing": Case({"session.yaml": WITH_LIBRARY,
                                    "lib/exercises/search-audit.yaml": EXERCISE.replace(
                                        "  one-on-one: The executive at the keyboard, the coach "
                                        "beside them\n", "")},
                                   ["group_size: no group size for 'one-on-one'"]),
    },
    "roster": {
        "missing-column": Case({"session.yaml": WITH_ROSTER, "people.csv": "name,email\nA,a@x\n"},
                               ["people.csv:1: the header has no department column"]),
        "unknown-department": Case({"session.yaml": WITH_ROSTER,
                                    "people.csv": "name,department\nAna,Finance\n"},
                                   ["people.csv:2: department: unknown department 'Finance' "
                                    "for 'Ana'"]),
        "duplicate": Case({"session.yaml": WITH_ROSTER,
                           "people.csv": "name,email,department\nA,a@x,legal\nA,a@x,legal\n"},
                          ["people.csv:3: name: 'A' is already on row 2"]),
        "not-utf8": Case({"session.yaml": WITH_ROSTER,
                          "people.csv": b"name,department\nJos\xe9,legal\n"},
                         ["people.csv:2: row 2 is not UTF-8 text"]),
        "xlsx": Case({"session.yaml": WITH_ROSTER, "people.csv": b"PK\x03\x04\x00\x00rest"},
                     ["people.csv: this is not a CSV text file"]),
        "empty": Case({"session.yaml": WITH_ROSTER, "people.csv": ""},
                      ["people.csv: roster is empty"]),
        "header-only": Case({"session.yaml": WITH_ROSTER, "people.csv": "name,department\n"},
                            ["people.csv: roster has a header but no people"]),
        "missing-file": Case({"session.yaml": WITH_ROSTER},
                             ["session.yaml:7:1: roster: roster file 'people.csv' not found"]),
    },
    "template": {
        "not-a-zip": Case({"session.yaml": SESSION + "branding: {template: t.pptx}\n",
                           "t.pptx": "hello"},
                          ["session.yaml:7:12: branding.template: 't.pptx' is not a .pptx file "
                           "(not a zip archive)"]),
        "zip-without-presentation": Case({"session.yaml": SESSION + "branding: {template: "
                                          "t.pptx}\n", "t.pptx": zip_without_presentation()},
                                         ["branding.template: 't.pptx' is a zip file without "
                                          "a presentation in it"]),
        "missing-template": Case({"session.yaml": SESSION + "branding: {template: t.pptx}\n"},
                                 ["session.yaml:7:12: branding.template: file 't.pptx' not "
                                  "found"]),
        "unknown-layout-name": Case({"session.yaml": SESSION.replace("[agenda]", "[deck]")
                                     + "branding: {layouts: {content: Text Page}}\n"},
                                    ["branding.layouts.content: the template has no layout "
                                     "named 'Text Page'; its layouts are: Title Slide"]),
        "unknown-logical-layout": Case({"session.yaml": SESSION.replace("[agenda]", "[deck]")
                                        + "branding: {layouts: {cover: Title Slide}}\n"},
                                       ["branding.layouts: unknown logical layout 'cover'; "
                                        "known: title, section"]),
        "template-option-missing": Case({"session.yaml": SESSION},
                                        ["command line: --template: file 'nope.pptx' not found"],
                                        ["build", "session.yaml", "--template", "nope.pptx"]),
        "templates-folder-missing": Case({"session.yaml": SESSION + "branding: {templates: "
                                          "mine}\n"},
                                         ["session.yaml:7:12: branding.templates: folder 'mine' "
                                          "not found"]),
        "screen-template-runs-no-code": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/agenda.html.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"},
            ["template agenda.html.j2: access to attribute '__class__' of 'str' object is "
             "unsafe"]),
        "screen-template-syntax": Case({"session.yaml": SESSION + "branding: {templates: mine}\n",
                                        "mine/agenda.html.j2": "{% block x %}\n"},
                                       ["mine/agenda.html.j2:1: template syntax error"]),
        "print-template-syntax": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/agenda.typ": "#import \"/lib.typ\": *\n#let x = (1,\n"},
            ["mine/agenda.typ:2:10: unclosed delimiter"]),
        "print-template-missing-field": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/agenda.typ": "#import \"/lib.typ\": *\n#let data = load-data()\n"
                                "Room: #data.session.room\n"},
            ["mine/agenda.typ:3:21: dictionary does not contain key \"room\""]),
        "print-template-missing-import": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/agenda.typ": "#import \"parts/header.typ\": *\n"},
            ["mine/agenda.typ:1:9: file not found (searched at mine/parts/header.typ)"]),
        "print-template-package": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/agenda.typ": "#import \"@preview/cetz:0.3.0\": canvas\n"},
            ["mine/agenda.typ:1:9: '@preview/cetz:0.3.0' names a package: packages cannot "
             "be used in print templates"]),
        "print-template-eval": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "mine/lib.typ": "#let x = eval(\"1 + 1\")\n"},
            ["mine/lib.typ:1:10: eval is not allowed in print templates"]),
        "print-template-reads-outside": Case(
            {"session.yaml": SESSION + "branding: {templates: mine}\n",
             "secret.txt": "the session file's neighbour",
             "mine/agenda.typ": "#read(\"../secret.txt\")\n"},
            ["mine/agenda.typ:1:7: path `\"../secret.txt\"` is outside the templates "
             "folder: a template can only read files in its own folder"]),
    },
    "asset": {
        "logo-missing": Case({"session.yaml": SESSION + "branding: {logo: logo.png}\n"},
                             ["session.yaml:7:12: branding.logo: file 'logo.png' not found"]),
        "logo-not-an-image": Case({"session.yaml": SESSION + "branding: {logo: logo.png}\n",
                                   "logo.png": "text"},
                                  ["session.yaml:7:12: branding.logo: 'logo.png' is not a "
                                   "PNG, JPEG or SVG image"]),
        "logo-corrupt": Case({"session.yaml": SESSION + "branding: {logo: logo.png}\n",
                              "logo.png": png(broken=True)},
                             ["branding.logo: 'logo.png' is a damaged PNG image: export it "
                              "again"]),
        "logo-is-a-folder": Case({"session.yaml": SESSION + "branding: {logo: logo.png}\n",
                                  "logo.png/x": "x"},
                                 ["branding.logo: file 'logo.png' not found"]),
    },
    "output": {
        "out-is-a-file": Case({"session.yaml": SESSION, "taken": "a file"},
                              ["output folder taken is a file: choose another folder with -o"],
                              ["build", "session.yaml", "-o", "taken"]),
    },
    "usage": {
        "no-argument": Case({}, ["Missing argument"], ["build"], code=2),
        "unknown-option": Case({"session.yaml": SESSION}, ["No such option"],
                               ["build", "session.yaml", "--fast"], code=2),
        "missing-file": Case({}, ["nope.yaml: no such file"], ["plan", "nope.yaml"], code=2),
        "zero-jobs": Case({"session.yaml": SESSION}, ["Invalid value for '-j'"],
                          ["build", "session.yaml", "-j", "0"], code=2),
        "bad-format-choice": Case({}, ["Invalid value for '--format'"],
                                  ["new", "x.yaml", "-d", "legal", "--org", "A", "--format",
                                   "webinar"], code=2),
    },
}
IDS = [(category, name) for category, cases in CASES.items() for name in cases]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder with the previous output of an earlier build, entered as the working folder."""
    out = tmp_path / "out"
    (out / "handouts").mkdir(parents=True)
    (out / "agenda.pdf").write_bytes(b"%PDF previous agenda")
    (out / "manifest.json").write_bytes(b'{"previous": true}')
    (out / "handouts" / "0001-ana.pdf").write_bytes(b"%PDF previous handout")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("category, name", IDS, ids=[f"{c}/{n}" for c, n in IDS])
def test_bad_input(workspace, runner, category, name):
    case = CASES[category][name]
    for relative, content in case.files.items():
        path = workspace / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
    before = snapshot(workspace / "out")
    args = case.args + (["-o", "out"] if case.args[0] == "build" and "-o" not in case.args
                        and len(case.args) > 1 else [])
    result = runner.invoke(main, args)
    output = result.output
    assert result.exit_code == case.code, output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"unhandled {result.exception!r}"
    assert "Traceback" not in output
    for expected in case.expect:
        assert expected in output, f"expected {expected!r} in:\n{output}"
    assert snapshot(workspace / "out") == before, "the previous output changed"
    assert not list(workspace.glob("out/.workshop-staging*"))


# ---------------------------------------------------------------- failures while writing


def build_session(workspace: Path) -> Path:
    session = workspace / "session.yaml"
    session.write_text(SESSION)
    return session


def test_a_write_failure_mid_build_changes_nothing(workspace, runner, monkeypatch):
    build_session(workspace)
    before = snapshot(workspace / "out")
    real = Path.write_bytes
    calls = {"n": 0}

    def full_disk(self, data):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    result = runner.invoke(main, ["build", "session.yaml", "-o", "out"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "writing out failed: No space left on device; the previous output is unchanged" \
        in result.output
    assert snapshot(workspace / "out") == before
    assert not list((workspace / "out").glob(".workshop-staging*"))


def test_a_read_only_output_folder(workspace, runner, monkeypatch):
    build_session(workspace)
    before = snapshot(workspace / "out")
    if os.geteuid() == 0:  # root writes anywhere: refuse the writes instead
        real = os.access
        monkeypatch.setattr(os, "access", lambda path, mode, **kw:
                            False if mode == os.W_OK else real(path, mode, **kw))
    else:
        (workspace / "out").chmod(0o555)
    try:
        result = runner.invoke(main, ["build", "session.yaml", "-o", "out"])
    finally:
        (workspace / "out").chmod(0o755)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "output folder out is not writable: choose another folder with -o" in result.output
    assert snapshot(workspace / "out") == before


def test_a_good_build_replaces_the_previous_output(workspace, runner):
    build_session(workspace)
    result = runner.invoke(main, ["build", "session.yaml", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert (workspace / "out" / "agenda.pdf").read_bytes().startswith(b"%PDF-")
    assert not list((workspace / "out").glob(".workshop-staging*"))


# ---------------------------------------------------------------- values stay data


def test_values_with_template_syntax_are_shown_literally(workspace, runner):
    (workspace / "session.yaml").write_text(SESSION.replace("title: Bad input",
                                                            'title: "Plan {{ 7*7 }} <script>"')
                                            .replace("outputs: [agenda]", "outputs: [agenda]\n"
                                                     "variables: {competitor: \"{{ ''.__class__ "
                                                     "}} & <b>Co</b>\"}"))
    result = runner.invoke(main, ["build", "session.yaml", "-o", "fresh"])
    assert result.exit_code == 0, result.output
    markdown = (workspace / "fresh" / "agenda.md").read_text()
    html = (workspace / "fresh" / "agenda.html").read_text()
    assert "Plan \\{\\{ 7\\*7 \\}\\} \\<script\\>" in markdown
    assert "Plan {{ 7*7 }} &lt;script&gt;" in html and "<script>" not in html
