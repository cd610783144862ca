"""Intake answers, read from a CSV: what Microsoft Forms ("Open in Excel", saved as CSV) and
Google Forms ("Download responses (.csv)") export for our questionnaire, or a sheet typed by
hand with the same header (`workshop results form intake` writes it).

Columns are found by their question's words, in any case and punctuation; a form's own
columns (ID, Start time, Timestamp, Email) and questions we do not use are ignored. Ticked
boxes are found by their words in the cell, whatever the separator (Microsoft Forms writes
'a;b;', Google Forms 'a, b'). Errors name the row and the column; one bad row stops the whole
file, so nothing is half-read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from workshop.content.questions import (
    COMFORT,
    COMFORT_SCALE,
    CONCERNS,
    GOALS,
    INTAKE_COLUMNS,
    Choice,
    intake_header,
    normal,
)
from workshop.errors import Problem, ValidationFailed, display_path
from workshop.results.rows import ID_COLUMNS, Responses, cut_short, no_answers, rating, text
from workshop.roster import csv_rows

MIN_GROUP = 3  # fewer answers than this in a group are never shown: they would not be anonymous


@dataclass(frozen=True)
class Response:
    """One person's answers; topics are the ids of the boxes they ticked."""

    row: int
    name: str = ""
    role: str = ""
    department: str = ""
    goals: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    comfort: dict[str, int] = field(default_factory=dict)
    goal: str = ""  # the one thing they want to be able to do, in their words
    worries: str = ""  # anything else that worries them, in their words


@dataclass(frozen=True)
class Intake:
    """Everyone's answers to one session's intake, and what they add up to."""

    file: str  # as shown in messages
    responses: tuple[Response, ...]
    solo: bool

    @property
    def count(self) -> int:
        return len(self.responses)

    @property
    def shown(self) -> bool:
        """Whether the answers may be shown to the room: never fewer than three in a group."""
        return self.count >= (1 if self.solo else MIN_GROUP)

    def flagged(self) -> dict[str, int]:
        """Topics at least a third of the people ticked (any, in a one-on-one): topic -> people."""
        counts = Counter(t for r in self.responses for t in set(r.goals) | set(r.concerns))
        return {t: n for t, n in counts.items() if n * 3 >= self.count}

    def at_ease(self) -> dict[str, float]:
        """Topics everyone who rated them rated 4 or 5 (at least half the people did):
        topic -> mean rating."""
        out = {}
        for choice in COMFORT:
            ratings = [r.comfort[choice.topic] for r in self.responses
                       if choice.topic in r.comfort]
            if ratings and len(ratings) * 2 >= self.count and min(ratings) >= 4:
                out[choice.topic] = sum(ratings) / len(ratings)
        return out

    def comfort_mean(self) -> float | None:
        ratings = [v for r in self.responses for v in r.comfort.values()]
        return sum(ratings) / len(ratings) if ratings else None

    def level(self) -> str | None:
        """The level the answers suggest, from the mean comfort rating."""
        mean = self.comfort_mean()
        if mean is None:
            return None
        return "beginner" if mean < 2.75 else "intermediate" if mean < 4 else "advanced"

    def tally(self, which: str, organization: str) -> list[tuple[str, int]]:
        """(box as the form printed it, people who ticked it) for `which` ('goals' or
        'concerns'), most ticked first, unticked boxes left out."""
        choices = GOALS if which == "goals" else CONCERNS
        counts = Counter(t for r in self.responses for t in getattr(r, which))
        ranked = sorted(((c.shown(self.solo, organization), counts[c.topic], i)
                         for i, c in enumerate(choices) if counts[c.topic]),
                        key=lambda x: (-x[1], x[2]))
        return [(text, n) for text, n, _ in ranked]

    def words(self) -> list[str]:
        """What people wrote in their own words (goals first), without names."""
        return [r.goal for r in self.responses if r.goal] + \
            [r.worries for r in self.responses if r.worries]

    def topic_label(self, topic: str, organization: str) -> str:
        """A topic in the words of the box people ticked for it."""
        for choice in CONCERNS + GOALS:
            if choice.topic == topic:
                return choice.shown(self.solo, organization)
        return topic


def _columns(header: list[str], shown: str, row: int) -> dict[int, tuple[str, str]]:
    """Column index -> (question id, comfort topic or '') for the columns we know."""
    found: dict[int, tuple[str, str]] = {}
    used: dict[tuple[str, str], int] = {}
    problems = []
    for i, heading in enumerate(header):
        text = normal(heading)
        key: tuple[str, str] | None = None
        if text in ID_COLUMNS:
            key = ("id", "")
        elif comfort := next((c for c in COMFORT if normal(c.text) in text), None):
            key = ("comfort", comfort.topic)  # "How comfortable are you? [row]", or the row
        else:
            for question, words in INTAKE_COLUMNS.items():
                if question != "comfort" and (text == normal(words) or
                                              text.startswith(normal(words) + " ")):
                    key = (question, "")
                    break
        if key is None:
            continue
        if key in used and key[0] not in ("name", "role", "department"):
            problems.append(Problem(shown, row, i + 1, heading, (
                f"column {i + 1} asks the same question as column {used[key] + 1} "
                f"('{header[used[key]].strip()}'): delete one of them")))
            continue
        if key not in used:
            used[key] = i
            found[i] = key
    if problems:
        raise ValidationFailed(problems)
    if not any(q not in ("id", "name", "role", "department") for q, _ in found.values()):
        raise ValidationFailed([Problem(shown, row, 0, "", (
            "no column matches a question of the intake form (found: "
            f"{', '.join(h.strip() for h in header[:8])}{', ...' if len(header) > 8 else ''})"
            "; the columns are " + "; ".join(intake_header(False)) + ". `workshop results "
            "form intake` writes this header; export the responses of a form made from it"))])
    return found


def _ticks(cell: str, choices: tuple[Choice, ...], solo: bool, organization: str
           ) -> tuple[str, ...]:
    """The topics of the boxes ticked in `cell` ('Other' text is left to the free-text
    questions)."""
    text = normal(cell)
    # The box as printed for this session, else its first words (the organization's name or
    # the session's format may have been worded differently in the form).
    return tuple(c.topic for c in choices
                 if normal(c.shown(solo, organization)) in text or
                 " ".join(normal(c.text).split()[:4]) in text)


def read_intake(path: Path, solo: bool, organization: str) -> Intake:
    """Every response in `path`; ValidationFailed naming the row and column of each problem."""
    shown = display_path(path)
    rows = csv_rows(path, "intake answers", "; ".join(intake_header(solo)))
    header_row, header = rows[0]
    columns = _columns(header, shown, header_row)
    problems: list[Problem] = []
    responses: list[Response] = []
    seen = Responses(shown)
    for row, fields in rows[1:]:
        if short := cut_short(shown, row, fields, header):
            problems.append(short)
            continue
        values: dict[str, str] = {}
        comfort: dict[str, int] = {}
        answered = False
        for i, (question, topic) in columns.items():
            cell = fields[i].strip()
            if question == "comfort":
                if not cell:
                    continue
                low, high = COMFORT_SCALE
                value = rating(cell, low, high)
                if value is None:
                    problems.append(Problem(shown, row, i + 1, header[i].strip(), (
                        f"'{cell[:40]}' is not a rating from {low} to {high}: write a whole "
                        f"number, {low} = not at all, {high} = completely, or leave it empty")))
                    continue
                comfort[topic] = value
                answered = True
            elif cell:
                values.setdefault(question, cell)
                answered = answered or question not in ("id", "name", "role", "department")
        if not answered:
            continue  # a started and abandoned response: nothing to count
        response = Response(
            row=row, name=values.get("name", "")[:120], role=values.get("role", "")[:120],
            department=values.get("department", "")[:120],
            goals=_ticks(values.get("goals", ""), GOALS, solo, organization),
            concerns=_ticks(values.get("concerns", ""), CONCERNS, solo, organization),
            comfort=comfort, goal=text(values.get("goal", "")),
            worries=text(values.get("worries", "")))
        if repeat := seen.repeated(row, values.get("id"), response.name):
            problems.append(repeat)
            continue
        responses.append(response)
    if not problems and not responses:
        problems.append(no_answers(shown, header_row))
    if problems:
        raise ValidationFailed(problems)
    return Intake(shown, tuple(responses), solo)
