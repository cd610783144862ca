"""The built-in curriculum as an integration test: every module is complete, every session plans."""

from __future__ import annotations

import itertools

import pytest

from workshop.build import prepare
from workshop.content.models import (
    DemoSlide,
    DiscussionSlide,
    ExerciseSlide,
    StatisticSlide,
    slide_tree,
)
from workshop.errors import FieldProblems
from workshop.plan import plan
from workshop.plan.depth import tiers
from workshop.project import load_session
from workshop.session import Session

from conftest import EXAMPLES
from oneonone import group_mechanics, one_on_one_texts

DURATIONS = {"one-on-one": [30, 45, 60, 90, 120],
             "group": [30, 45, 60, 75, 90, 120, 180, 240, 360, 480]}
INTERACTIONS = (ExerciseSlide, DiscussionSlide, DemoSlide)


def shown(module, fmt):
    return [s.variants.get(fmt, s) for s in module.slides
            if not s.formats or fmt in s.formats]


def plan_or_minimum(builtin, fmt: str, departments: list[str], minutes: int):
    """The session's agenda, or None when it fails saying the minimum it needs."""
    session = Session.model_validate({
        "title": "T", "organization": "Acme", "format": fmt, "departments": departments,
        "duration": minutes, "level": "intermediate"})
    try:
        agenda = plan(session, builtin)
    except FieldProblems as failed:
        ((path, message),) = failed.items
        assert path == ("duration",) and message.startswith("needs "), message
        assert int(message.split()[1]) > minutes
        return None
    assert agenda.total_minutes == minutes, (departments, fmt, minutes)
    assert agenda.blocks[-1].end == session.start_minutes + minutes
    for block in agenda.blocks:
        if block.module is not None:
            assert block.minutes >= tiers(block.module, fmt).essential, block
    return agenda


@pytest.mark.parametrize("fmt", DURATIONS)
def test_every_department_and_duration_plans_with_its_own_content(builtin, fmt):
    for dept in builtin.departments:
        for minutes in DURATIONS[fmt]:
            agenda = plan_or_minimum(builtin, fmt, [dept], minutes)
            if agenda is None:
                continue
            shares = agenda.shares()
            where = f"{fmt} {dept} {minutes} min: {shares}"
            if minutes >= 45:
                assert shares[f"own:{dept}"] >= 50, where
            if minutes >= 60:
                assert shares["edges"] <= 20 and shares["filler"] <= 10, where


def test_no_group_session_of_three_hours_runs_long_without_a_break(builtin):
    departments = sorted(builtin.departments)
    groups = [[d] for d in departments] + [list(p) for p in itertools.combinations(
        departments, 2)] + [departments]
    for group in groups:
        for minutes in (180, 210, 240, 300, 360, 420, 465, 480):
            agenda = plan_or_minimum(builtin, "group", group, minutes)
            stretch = longest = 0
            for block in agenda.blocks:
                stretch = 0 if block.is_break else stretch + block.minutes
                longest = max(longest, stretch)
            assert longest <= 90 + 15, (group, minutes, longest)


def test_every_department_gets_its_own_module_in_a_shared_session(builtin):
    departments = sorted(builtin.departments)
    groups = [list(pair) for pair in itertools.combinations(departments, 2)] + [departments]
    for fmt in ("group", "one-on-one"):
        for group in groups:
            for minutes in (45 * len(group), 60 * len(group), 90 * len(group)):
                agenda = plan_or_minimum(builtin, fmt, group, minutes)
                assert agenda is not None, (fmt, group, minutes)
                shares = agenda.shares()
                for dept in group:
                    assert shares[f"own:{dept}"] > 0, (fmt, group, minutes, shares)


def test_the_shortest_sessions_still_plan(builtin):
    for fmt, durations in DURATIONS.items():
        session = Session.model_validate({"title": "T", "organization": "A", "format": fmt,
                                          "departments": list(builtin.departments),
                                          "duration": durations[0]})
        assert plan(session, builtin).total_minutes == durations[0]


@pytest.mark.parametrize("track, least", [("core", 8), ("legal", 5), ("hr", 5), ("sales", 5),
                                          ("leadership", 5)])
def test_each_track_has_enough_modules(builtin, track, least):
    assert sum(m.track == track for m in builtin.modules.values()) >= least


def test_enough_exercises(builtin):
    assert len(builtin.exercises) >= 20


def test_every_module_is_complete(builtin):
    for module in builtin.modules.values():
        assert 2 <= len(module.objectives) <= 4, module.id
        for fmt in module.formats:
            slides = shown(module, fmt)
            if fmt == "group":
                least = 4 if module.position == "body" else 3  # openings and closings are short
                assert least <= len(slides) <= 12, f"{module.id}: {len(slides)} group slides"
            assert any(isinstance(s, INTERACTIONS) for s in slides), \
                f"{module.id} has no exercise, discussion or demo in {fmt}"
            assert module.minutes[fmt] >= 2 * len(slides), f"{module.id}: too little time"
        for slide in module.slides:
            assert len(slide.notes.split()) >= 40, f"{module.id}: thin notes on '{slide}'"
            if isinstance(slide, StatisticSlide):
                assert slide.source in {s.id for s in module.sources}


def test_every_exercise_is_complete(builtin):
    for exercise in builtin.exercises.values():
        assert "group" in exercise.formats, exercise.id
        assert len(exercise.debrief) >= 3 and len(exercise.answer_key) >= 3, exercise.id
        used = [m.id for m in builtin.modules.values() if exercise.id in m.exercise_ids]
        assert used, f"exercise {exercise.id} is not used by any module"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_plans(example):
    loaded = load_session(example)
    assert loaded.agenda.total_minutes == loaded.session.duration


def test_one_on_one_outputs_speak_to_one_executive(builtin):
    """No table, pair, partner, room, volunteer or flip chart in what a one-on-one session of
    any module shows: its slides, notes and examples, its guide and its handouts."""
    found = [(module_id, group_mechanics(text), text[:120])
             for module_id, text in one_on_one_texts(builtin) if group_mechanics(text)]
    assert not found, "\n".join(f"{m}: {p}: {t}" for m, p, t in found[:20]) + \
        f"\n({len(found)} in all)"


DIAGRAMS = ("process", "timeline", "matrix", "post")


def test_at_least_half_of_the_modules_show_something_other_than_bullets(builtin):
    """Every module that has a figure, a process or a comparison shows it visually."""
    visual = [m.id for m in builtin.modules.values()
              if any(s.kind in ("chart", *DIAGRAMS, "image") for _, s in slide_tree(m.slides))]
    assert len(visual) * 2 >= len(builtin.modules), sorted(
        set(builtin.modules) - set(visual))


def test_the_all_departments_day_shows_charts_and_diagrams():
    """The all-departments example, as built: at least 5 native charts and 8 diagrams."""
    tailored = prepare(EXAMPLES / "all-departments-day.yaml")
    kinds = [ts.slide.kind for tm in tailored.modules for ts in tm.slides]
    assert kinds.count("chart") >= 5, kinds
    assert sum(kinds.count(k) for k in DIAGRAMS) >= 8, kinds


def test_every_source_is_dated_and_linked_and_most_are_recent(builtin):
    sources = [(m.id, s) for m in builtin.modules.values() for s in m.sources]
    incomplete = [(module, s.id) for module, s in sources
                  if not s.year or not s.url or not (s.author or s.publisher)]
    assert incomplete == []
    recent = sum(1 for _, s in sources if s.year and s.year >= 2022)
    assert recent >= 0.6 * len(sources), f"{recent} of {len(sources)} dated 2022 or later"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_figure_is_shown_twice_in_one_deck(example):
    """A big number or a chart's series appears on one slide of a deck, not two."""
    tailored = prepare(example)
    seen: dict[str, str] = {}
    for tm in tailored.modules:
        for ts in tm.slides:
            slide = ts.slide
            figures = []
            if isinstance(slide, StatisticSlide):
                figures.append(f"{slide.value} {slide.source}")
            for series in getattr(slide, "series", ()) or ():
                figures.append(f"{slide.source} {series.name} {series.values}")
            for figure in figures:
                where = f"{tm.module.id}: {slide.title}"
                assert figure not in seen, f"{figure!r} on {seen.get(figure)} and {where}"
                seen[figure] = where
