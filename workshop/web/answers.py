"""The participants' side of `workshop serve`: the intake and evaluation forms in the
browser, each answer kept as one row of a CSV in the workspace, with the same header as the
Forms exports the command line reads (so one reader serves both, and the trainer can download
the answers and keep them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workshop.content.questions import (
    COMFORT,
    CONCERNS,
    CONFIDENCE,
    EVALUATION_COLUMNS,
    EVALUATION_TEXTS,
    GOALS,
    INTAKE_COLUMNS,
    evaluation_header,
    intake_header,
)

FORMS = ("intake", "evaluation")
MAX_FIELD = 2000  # characters kept per answer field
MAX_ANSWERS = 5000  # rows per form and workspace


@dataclass(frozen=True)
class Page:
    """What the participant's form shows, for one session."""

    form: str
    solo: bool
    organization: str
    title: str
    titles: tuple[str, ...]  # the parts to rate (evaluation)

    def context(self) -> dict[str, Any]:
        c = EVALUATION_COLUMNS
        return {
            "form": self.form, "solo": self.solo, "session_title": self.title,
            "organization": self.organization,
            "comfort": [(i, x.text) for i, x in enumerate(COMFORT)],
            "goals": [(i, x.shown(self.solo, self.organization)) for i, x in enumerate(GOALS)],
            "concerns": [(i, x.shown(self.solo, self.organization))
                         for i, x in enumerate(CONCERNS)],
            "intake_words": INTAKE_COLUMNS,
            "parts": list(enumerate(self.titles)),
            "confidence": list(enumerate(CONFIDENCE)),
            "texts": [(k, c[k]) for k in EVALUATION_TEXTS],
            "evaluation_words": c,
        }


def file_for(folder: Path, form: str) -> Path:
    """Where a workspace keeps a form's answers: the intake beside the other uploads (the
    session names it), the evaluations beside it."""
    return folder / "uploads" / ("intake.csv" if form == "intake" else "evaluations.csv")


def count(folder: Path, form: str) -> int:
    path = file_for(folder, form)
    if not path.is_file():
        return 0
    return max(sum(1 for row in csv.reader(io.StringIO(path.read_text("utf-8-sig")))
                   if any(row)) - 1, 0)


def _clip(value: Any) -> str:
    return " ".join(str(value or "").split())[:MAX_FIELD]


def row(page: Page, form: Mapping[str, Any], lists: Mapping[str, list[str]]
        ) -> tuple[list[str], list[str]]:
    """(header, row) for one participant's answers, as the Forms exports write them (the ID
    column, a response number, is filled in when the row is kept)."""
    if page.form == "intake":
        header = ["ID", *intake_header(page.solo)]
        values: dict[str, str] = {
            INTAKE_COLUMNS["name"]: _clip(form.get("name")),
            INTAKE_COLUMNS["role"]: _clip(form.get("role")),
            INTAKE_COLUMNS["department"]: _clip(form.get("department")),
            INTAKE_COLUMNS["goals"]: ";".join(GOALS[int(i)].shown(page.solo, page.organization)
                                              for i in _indices(lists.get("goals"), GOALS)),
            INTAKE_COLUMNS["goal"]: _clip(form.get("goal")),
            INTAKE_COLUMNS["concerns"]: ";".join(
                CONCERNS[int(i)].shown(page.solo, page.organization)
                for i in _indices(lists.get("concerns"), CONCERNS)),
            INTAKE_COLUMNS["worries"]: _clip(form.get("worries")),
        }
        for i, choice in enumerate(COMFORT):
            values[f"{INTAKE_COLUMNS['comfort']} [{choice.text}]"] = _clip(
                form.get(f"comfort-{i}"))
    else:
        header = ["ID", *evaluation_header(list(page.titles))]
        c = EVALUATION_COLUMNS
        values = {c["recommend"]: _clip(form.get("recommend")),
                  c["clarity"]: _clip(form.get("clarity")),
                  c["length"]: _clip(form.get("length")),
                  c["name"]: _clip(form.get("name")),
                  c["department"]: _clip(form.get("department"))}
        for key in EVALUATION_TEXTS:
            values[c[key]] = _clip(form.get(key))
        for i, title in enumerate(page.titles):
            values[f"{c['modules']} [{title}]"] = _clip(form.get(f"part-{i}"))
            values[f"{c['comments']} [{title}]"] = _clip(form.get(f"comment-{i}"))
        for i, statement in enumerate(CONFIDENCE):
            values[f"{c['before']} [{statement}]"] = _clip(form.get(f"before-{i}"))
            values[f"{c['now']} [{statement}]"] = _clip(form.get(f"now-{i}"))
    return header, [values.get(h, "") for h in header]


def _indices(given: list[str] | None, choices: tuple[Any, ...]) -> list[int]:
    return sorted({int(v) for v in given or [] if v.isdigit() and int(v) < len(choices)})


def append(path: Path, header: list[str], values: list[str],
           check: Callable[[Path], str | None]) -> str | None:
    """Add one answer, if the file with it still passes `check` (the same reader the command
    line uses); the problem, in the participant's words, when it cannot be kept."""
    rows: list[list[str]] = []
    if path.is_file():
        rows = [r for r in csv.reader(io.StringIO(path.read_text("utf-8-sig"))) if any(r)]
    if rows and rows[0] != header:
        return ("The session changed after the first answers came in, so this form no longer "
                "matches them: ask the facilitator for the new link.")
    if len(rows) > MAX_ANSWERS:
        return "This form has all the answers it can take."
    values = [str(max(len(rows), 1)), *values[1:]]  # the response number
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows((rows or [header]) + [values])
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(out.getvalue(), encoding="utf-8")
    problem = check(temp)
    if problem:
        temp.unlink()
        return problem
    temp.replace(path)
    return None
