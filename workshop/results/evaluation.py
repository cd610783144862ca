"""Evaluation answers, read from a CSV (a Microsoft Forms or Google Forms export of the
evaluation form, or a sheet with the header `workshop results form evaluation` writes), and
what they add up to: response rate, each module's rating, confidence before and after,
likelihood to recommend (NPS), and the comments.

Columns are found by their question's words; a module's columns by its title as the session
shows it ("Each part of the session [Lock down your accounts]"). Errors name the row and the
column; one bad row stops the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workshop.content.questions import (
    CONFIDENCE,
    EVALUATION_COLUMNS,
    EVALUATION_TEXTS,
    RATING_SCALE,
    RECOMMEND_SCALE,
    evaluation_header,
    normal,
)
from workshop.errors import Problem, ValidationFailed, display_path
from workshop.results.rows import ID_COLUMNS, Responses, cut_short, no_answers, rating, text
from workshop.roster import csv_rows

_ROW = re.compile(r"\[(.+)\]\s*$")


@dataclass(frozen=True)
class Answer:
    """One person's evaluation. Ratings are keyed by module id; confidence by statement
    index."""

    row: int
    ratings: dict[str, int] = field(default_factory=dict)
    before: dict[int, int] = field(default_factory=dict)
    now: dict[int, int] = field(default_factory=dict)
    recommend: int | None = None
    clarity: int | None = None
    length: int | None = None
    texts: dict[str, str] = field(default_factory=dict)  # EVALUATION_TEXTS -> their words
    comments: dict[str, str] = field(default_factory=dict)  # module id -> their words
    name: str = ""
    department: str = ""


@dataclass(frozen=True)
class Evaluations:
    file: str
    answers: tuple[Answer, ...]


def nps(scores: list[int]) -> tuple[int, int, int, int] | None:
    """(NPS, promoters, passives, detractors) from 0-10 scores: the share of 9-10 minus the
    share of 0-6, in whole points from -100 to 100."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return (round(100 * (promoters - detractors) / len(scores)), promoters,
            len(scores) - promoters - detractors, detractors)


def _question(heading: str, titles: dict[str, str]) -> tuple[str, str | int] | None:
    """(question, module id or statement index or '') for a column heading, else None."""
    text = normal(heading)
    bracket = _ROW.search(heading)
    row = normal(bracket.group(1)) if bracket else ""
    for key in ("modules", "comments"):
        if text.startswith(normal(EVALUATION_COLUMNS[key])):
            return key, next((m for m, t in titles.items() if normal(t) == row), "?" + heading)
    for key in ("before", "now"):
        if text.startswith(normal(EVALUATION_COLUMNS[key])):
            index = next((i for i, s in enumerate(CONFIDENCE) if normal(s) == row), None)
            return (key, index) if index is not None else (key, "?" + heading)
    if text in ID_COLUMNS:
        return "id", ""
    for key in ("recommend", "clarity", "length", "name", "department", *EVALUATION_TEXTS):
        words = normal(EVALUATION_COLUMNS[key])
        if text == words or text.startswith(words + " "):
            return key, ""
    return None


def read_evaluations(path: Path, titles: dict[str, str]) -> Evaluations:
    """Every answer in `path` for a session whose modules are `titles` (id -> title as
    shown); ValidationFailed naming the row and column of each problem."""
    shown = display_path(path)
    rows = csv_rows(path, "evaluation answers", "; ".join(evaluation_header(
        list(titles.values()))))
    header_row, header = rows[0]
    columns: dict[int, tuple[str, str | int]] = {}
    problems: list[Problem] = []
    seen_columns: dict[tuple[str, str | int], int] = {}
    for i, heading in enumerate(header):
        found = _question(heading, titles)
        if found is None:
            continue
        if isinstance(found[1], str) and found[1].startswith("?"):
            what = "module of this session" if found[0] in ("modules", "comments") else \
                "statement of the form"
            choices = list(titles.values()) if found[0] in ("modules", "comments") else \
                list(CONFIDENCE)
            problems.append(Problem(shown, header_row, i + 1, heading.strip(), (
                f"'{heading.strip()}' names no {what}: the choices are "
                + "; ".join(choices) + ". Is this the evaluation of another session?")))
            continue
        if found in seen_columns:
            problems.append(Problem(shown, header_row, i + 1, heading.strip(), (
                f"column {i + 1} asks the same question as column {seen_columns[found] + 1}: "
                "delete one of them")))
            continue
        seen_columns[found] = i
        columns[i] = found
    if problems:
        raise ValidationFailed(problems)
    if not any(q not in ("id", "name", "department") for q, _ in columns.values()):
        raise ValidationFailed([Problem(shown, header_row, 0, "", (
            "no column matches a question of the evaluation form (found: "
            f"{', '.join(h.strip() for h in header[:6])}{', ...' if len(header) > 6 else ''})"
            "; `workshop results form evaluation SESSION` lists the columns"))])

    answers: list[Answer] = []
    seen = Responses(shown)
    for row, fields in rows[1:]:
        if short := cut_short(shown, row, fields, header):
            problems.append(short)
            continue
        ratings: dict[str, int] = {}
        confidence: dict[str, dict[int, int]] = {"before": {}, "now": {}}
        texts: dict[str, str] = {}
        comments: dict[str, str] = {}
        single: dict[str, Any] = {}  # recommend, clarity, length, name, department
        given = False
        for i, (question, key) in columns.items():
            cell = fields[i].strip()
            if not cell:
                continue
            if question in ("id", "name", "department"):
                single[question] = cell[:120]
                continue
            given = True
            if question in EVALUATION_TEXTS:
                texts[question] = text(cell)
            elif question == "comments":
                comments[str(key)] = text(cell)
            else:
                low, high = RECOMMEND_SCALE if question == "recommend" else RATING_SCALE
                value = rating(cell, low, high)
                if value is None:
                    problems.append(Problem(shown, row, i + 1, header[i].strip(), (
                        f"'{cell[:40]}' is not a rating from {low} to {high}: write a whole "
                        "number, or leave it empty")))
                    continue
                if question == "modules":
                    ratings[str(key)] = value
                elif question in ("before", "now"):
                    confidence[question][int(key)] = value
                else:
                    single[question] = value
        if not given:
            continue
        response_id = single.pop("id", None)
        response_id = str(response_id) if response_id is not None else None
        answer = Answer(row=row, ratings=ratings, before=confidence["before"],
                        now=confidence["now"], texts=texts, comments=comments, **single)
        if repeat := seen.repeated(row, response_id, answer.name):
            problems.append(repeat)
            continue
        answers.append(answer)
    if not problems and not answers:
        problems.append(no_answers(shown, header_row))
    if problems:
        raise ValidationFailed(problems)
    return Evaluations(shown, tuple(answers))
