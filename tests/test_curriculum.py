"""The built-in curriculum as an integration test: every module is complete, every session plans."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from workshop.content.models import DemoSlide, DiscussionSlide, ExerciseSlide, StatisticSlide
from workshop.errors import ValidationFailed
from workshop.inputs import load
from workshop.plan import plan
from workshop.session import Session

DURATIONS = {"one-on-one": [45, 60, 90, 120], "group": [60, 90, 120, 180, 240, 360, 480]}
INTERACTIONS = (ExerciseSlide, DiscussionSlide, DemoSlide)


def shown(module, fmt):
    return [s.variants.get(fmt, s) for s in module.slides
            if not s.formats or fmt in s.formats]


def test_every_department_format_and_duration_plans(builtin):
    for dept in builtin.departments:
        for fmt, durations in DURATIONS.items():
            for minutes in durations:
                session = Session.model_validate({
                    "title": "T", "organization": "Acme", "format": fmt,
                    "departments": [dept], "duration": minutes, "level": "intermediate"})
                try:
                    agenda = plan(session, builtin)
                except ValidationFailed as failed:
                    (problem,) = failed.problems
                    assert problem.message.startswith("needs "), problem.message
                    assert int(problem.message.split()[1]) > minutes
                    continue
                assert agenda.total_minutes == minutes, (dept, fmt, minutes)
                assert agenda.blocks[-1].end == session.start_minutes + minutes
                served = [b.id for b in agenda.blocks if b.id and b.id.startswith(dept + "/")]
                if fmt == "group" and minutes >= 180:
                    assert served, f"a {minutes}-minute {dept} session has no {dept} module"


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
                assert 4 <= len(slides) <= 12, f"{module.id}: {len(slides)} group slides"
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
    session, library = load(example)
    agenda = plan(session, library)
    assert agenda.total_minutes == session.duration
