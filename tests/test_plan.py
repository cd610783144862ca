"""Planner: selection, order, fitting and breaks; invariants checked with hypothesis."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.content.yamlfile import format_path
from workshop.errors import FieldProblems
from workshop.plan import plan
from workshop.session import Session

from conftest import library_of, module

LEVELS = ["beginner", "intermediate", "advanced"]


def session(**fields) -> Session:
    data = {"title": "T", "organization": "Acme", "departments": ["legal"], "duration": 180}
    data.update(fields)
    return Session.model_validate(data)


def opening_and_closing(group=20, one=10):
    return [module("core/opening", priority="required", position="opening", order=0,
                   minutes={"group": group, "one-on-one": one}),
            module("core/closing", priority="required", position="closing", order=100,
                   minutes={"group": group, "one-on-one": one})]


def ids(agenda):
    return [b.id for b in agenda.blocks if b.id]


def test_opening_first_closing_last_core_before_department():
    lib = library_of(*opening_and_closing(),
                     module("legal/policy", departments=["legal"], order=5),
                     module("core/why-now", order=50))
    agenda = plan(session(), lib)
    assert ids(agenda) == ["core/opening", "core/why-now", "legal/policy", "core/closing"]


def test_requires_beats_the_default_order():
    lib = library_of(*opening_and_closing(),
                     module("legal/policy", departments=["legal"]),
                     module("core/late", order=90, requires=["legal/policy"]))
    assert ids(plan(session(), lib)) == ["core/opening", "legal/policy", "core/late",
                                         "core/closing"]


def test_spare_time_is_a_visible_block_before_the_closing():
    lib = library_of(*opening_and_closing())
    agenda = plan(session(duration=60), lib)
    assert [(b.kind, b.minutes) for b in agenda.blocks] == [
        ("opening", 20), ("discussion", 20), ("closing", 20)]
    assert agenda.to_json()["blocks"][1] == {
        "kind": "discussion", "id": None, "title": "Questions and open discussion",
        "start": "09:20", "end": "09:40", "minutes": 20}


def test_electives_are_dropped_before_core_modules():
    lib = library_of(*opening_and_closing(),
                     module("core/a", priority="core", minutes={"group": 40, "one-on-one": 20}),
                     module("core/b", priority="elective", order=10,
                            minutes={"group": 40, "one-on-one": 20}))
    agenda = plan(session(duration=90, breaks=False), lib)
    assert ids(agenda) == ["core/opening", "core/a", "core/closing"]
    assert [d.id for d in agenda.dropped] == ["core/b"]
    assert agenda.dropped[0].reason == "does not fit: elective module of 40 min, 10 min left"


def test_required_set_too_long_names_the_fix():
    lib = library_of(*opening_and_closing(),
                     module("legal/must", departments=["legal"], priority="required",
                            minutes={"group": 45, "one-on-one": 20}))
    with pytest.raises(FieldProblems) as failed:
        plan(session(duration=60, breaks=False), lib)
    assert failed.value.items == [(("duration",), (
        "needs 85 minutes even with every module at its shortest, the session has 60: "
        "raise duration to 85 or exclude legal/must"))]


def test_breaks_land_on_the_boundary_nearest_the_interval():
    lib = library_of(*opening_and_closing(group=15),
                     *[module(f"core/m{i}", order=i, minutes={"group": 40, "one-on-one": 20})
                       for i in range(4)])
    agenda = plan(session(duration=210), lib)
    kinds = [(b.kind, b.start) for b in agenda.blocks]
    # 15 + 40 + 40 = 95 minutes is nearer 90 than 55 or 135: the break comes at 10:35.
    assert ("break", 9 * 60 + 95) in kinds
    assert sum(b.kind == "break" for b in agenda.blocks) == 1


def test_one_on_one_has_no_breaks_unless_asked():
    lib = library_of(*opening_and_closing(),
                     *[module(f"core/m{i}", minutes={"group": 40, "one-on-one": 40})
                       for i in range(3)])
    agenda = plan(session(format="one-on-one", duration=120), lib)
    assert not any(b.is_break for b in agenda.blocks)
    asked = plan(session(format="one-on-one", duration=180, breaks={"every": 60}), lib)
    assert any(b.is_break for b in asked.blocks)


def test_full_day_gets_a_lunch_near_the_middle():
    lib = library_of(*opening_and_closing(),
                     *[module(f"core/m{i:02d}", order=i, minutes={"group": 45, "one-on-one": 20})
                       for i in range(10)])
    agenda = plan(session(duration=480), lib)
    lunch = [b for b in agenda.blocks if b.kind == "lunch"]
    assert len(lunch) == 1 and lunch[0].minutes == 45
    assert abs(lunch[0].start - (9 * 60 + 240)) <= 60


def test_explicit_list_keeps_its_order_and_checks_requires():
    lib = library_of(*opening_and_closing(), module("core/a"), module("core/b",
                                                                      requires=["core/a"]))
    agenda = plan(session(modules=["core/opening", "core/a", "core/b", "core/closing"]), lib)
    assert ids(agenda) == ["core/opening", "core/a", "core/b", "core/closing"]
    with pytest.raises(FieldProblems) as failed:
        plan(session(modules=["core/b", "core/a"]), lib)
    assert failed.value.items[0][1] == (
        "'core/b' requires 'core/a', which is later in the list: add 'core/a' before it")


def test_include_and_exclude():
    lib = library_of(*opening_and_closing(), module("sales/pitch", departments=["sales"]),
                     module("core/a"))
    agenda = plan(session(include=["sales/pitch"], exclude=["core/a"]), lib)
    assert "sales/pitch" in ids(agenda) and "core/a" not in ids(agenda)
    assert {"id": "core/a", "reason": "excluded in the session file"} in \
        agenda.to_json()["dropped"]


def test_level_far_above_the_session_is_not_chosen():
    lib = library_of(*opening_and_closing(), module("core/deep", level="advanced"))
    assert "core/deep" not in ids(plan(session(level="beginner"), lib))
    assert "core/deep" in ids(plan(session(level="intermediate"), lib))


# ---------------------------------------------------------------- properties

@st.composite
def scenarios(draw):
    count = draw(st.integers(0, 10))
    body = []
    for i in range(count):
        track = draw(st.sampled_from(["core", "legal", "hr", "sales"]))
        depts = "all" if track == "core" else [track]
        requires = draw(st.lists(st.sampled_from([m.id for m in body]), unique=True,
                                 max_size=2)) if body else []
        body.append(module(
            f"{track}/m{i}", departments=depts, requires=requires,
            priority=draw(st.sampled_from(["required", "core", "elective", "elective"])),
            level=draw(st.sampled_from(LEVELS)), order=draw(st.integers(0, 100)),
            minutes={"group": draw(st.integers(5, 90)), "one-on-one": draw(st.integers(5, 45))}))
    lib = library_of(*opening_and_closing(draw(st.integers(5, 30)), draw(st.integers(5, 15))),
                     *body)
    fmt = draw(st.sampled_from(["group", "one-on-one"]))
    breaks = draw(st.sampled_from([None, False, {"every": 60, "length": 10},
                                   {"every": 90, "length": 15, "lunch": 30}]))
    fields = {"format": fmt, "duration": draw(st.integers(20, 600)),
              "departments": draw(st.lists(st.sampled_from(["legal", "hr", "sales"]),
                                           min_size=1, max_size=3, unique=True)),
              "level": draw(st.sampled_from(LEVELS)),
              "start": draw(st.sampled_from(["08:00", "09:30", "13:15"]))}
    if breaks is not None:
        fields["breaks"] = breaks
    return lib, session(**fields)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_planner_invariants(scenario):
    lib, s = scenario
    try:
        agenda = plan(s, lib)
    except FieldProblems as failed:
        ((path, message),) = failed.items
        assert message.startswith("needs ") and path == ("duration",)
        needed = int(message.split()[1])
        assert needed > s.duration
        return
    blocks = agenda.blocks
    assert blocks[0].start == s.start_minutes
    for a, b in itertools.pairwise(blocks):
        assert a.end == b.start, "blocks are contiguous"
        assert not (a.is_break and b.is_break), "no two breaks adjacent"
    assert blocks[-1].end == s.start_minutes + s.duration
    assert all(b.minutes > 0 for b in blocks)
    assert not blocks[0].is_break and not blocks[-1].is_break
    if s.format == "one-on-one" and s.breaks is None:
        assert not any(b.is_break for b in blocks)
    if s.breaks is not None and s.breaks.every == 0:
        assert not any(b.is_break for b in blocks)
    chosen = [b.id for b in blocks if b.id]
    assert chosen[0] == "core/opening" and chosen[-1] == "core/closing"
    for i, module_id in enumerate(chosen):
        for required in lib.modules[module_id].requires:
            assert required in chosen[:i], f"{module_id} needs {required} earlier"
    assert sum(b.minutes for b in blocks if b.id) <= s.duration
    for m in lib.modules.values():
        eligible = (s.format in m.formats and any(m.serves(d) for d in s.departments)
                    and LEVELS.index(m.level) <= LEVELS.index(s.level) + 1)
        if m.priority == "required" and eligible:
            assert m.id in chosen, f"required {m.id} dropped"


def test_department_variant_keeps_what_the_format_variant_changed():
    from workshop.content.models import Exercise
    from workshop.tailor import choose_variant

    exercise = Exercise.model_validate({
        "title": "T", "summary": "S", "formats": ["group", "one-on-one"],
        "minutes": {"group": 10, "one-on-one": 10},
        "group_size": {"group": "pairs", "one-on-one": "you"}, "objectives": ["O"],
        "steps": [{"do": "Do it", "minutes": 10}], "instructions": ["Group steps"],
        "worksheet": [{"kind": "prompt", "prompt": "Write"}], "debrief": ["Q"],
        "answer_key": ["A"],
        "variants": {"one-on-one": {"instructions": ["Your own steps"]},
                     "legal": {"worksheet": [{"kind": "prompt", "prompt": "Legal"}]}}})
    chosen = choose_variant(exercise, "one-on-one", ["legal"])
    assert chosen.instructions == ("Your own steps",)
    assert chosen.worksheet[0].prompt == "Legal"


def test_an_exercise_is_not_run_twice():
    slides = [{"kind": "exercise", "exercise": "red-team", "notes": "Run it."}]
    lib = library_of(*opening_and_closing(),
                     module("legal/policy", departments=["legal", "hr"], order=5, slides=slides),
                     module("hr/conduct", departments=["hr"], order=1, slides=slides))
    agenda = plan(session(departments=["legal", "hr"]), lib)
    assert "legal/policy" in ids(agenda) and "hr/conduct" not in ids(agenda)
    assert {"id": "hr/conduct", "reason": "repeats exercise 'red-team', already in "
            "legal/policy"} in agenda.to_json()["dropped"]


# ---------------------------------------------------------------- elastic modules, relevance


def elastic(module_id, essential=20, standard=45, extended=60, **fields):
    """A module that runs 20 to 60 minutes in a group: slide 1 essential, slide 2 standard,
    slide 3 extended."""
    slides = [{"kind": "bullets", "title": f"Point {depth}", "bullets": ["One", "Two"],
               "notes": "Say it.", "depth": depth}
              for depth in ("essential", "standard", "extended")]
    return module(module_id, slides=slides,
                  minutes={"group": standard, "one-on-one": standard // 2},
                  essential={"group": essential, "one-on-one": essential // 2},
                  extended={"group": extended, "one-on-one": extended // 2}, **fields)


def lengths(agenda):
    return {b.id: b.minutes for b in agenda.blocks if b.id}


def test_a_short_slot_runs_a_module_short_rather_than_not_at_all():
    lib = library_of(*opening_and_closing(group=5), elastic("legal/policy", departments=["legal"]))
    agenda = plan(session(duration=40, breaks=False), lib)
    assert lengths(agenda) == {"core/opening": 5, "legal/policy": 30, "core/closing": 5}
    assert "legal/policy: runs 30 min, shortened (standard 45, range 20–60)" \
        in agenda.explanation


def test_a_long_slot_runs_modules_long_before_any_filler():
    lib = library_of(*opening_and_closing(group=5), elastic("legal/policy", departments=["legal"]))
    agenda = plan(session(duration=65, breaks=False), lib)
    assert lengths(agenda) == {"core/opening": 5, "legal/policy": 55, "core/closing": 5}
    assert [b.kind for b in agenda.blocks] == ["opening", "module", "closing"]


def test_the_slides_that_run_follow_the_modules_length(builtin):
    from workshop.tailor import tailor

    lib = library_of(*opening_and_closing(group=5), elastic("legal/policy", departments=["legal"]))
    for duration, shown in ((30, ["Point essential"]),
                            (55, ["Point essential", "Point standard"]),
                            (70, ["Point essential", "Point standard", "Point extended"])):
        s = session(duration=duration, breaks=False)
        tailored = tailor(s, lib, plan(s, lib))
        (policy,) = [m for m in tailored.modules if m.module.id == "legal/policy"]
        assert [t.slide.title for t in policy.slides] == shown, duration
        assert sum(t.minutes for t in policy.slides) == policy.minutes


def test_a_departments_own_track_comes_before_the_core_track():
    lib = library_of(*opening_and_closing(group=5),
                     module("core/why-now", priority="core",
                            minutes={"group": 30, "one-on-one": 15}),
                     module("legal/policy", departments=["legal"], priority="elective",
                            minutes={"group": 30, "one-on-one": 15}))
    agenda = plan(session(duration=40, breaks=False), lib)
    assert "legal/policy" in ids(agenda) and "core/why-now" not in ids(agenda)


def test_departments_take_turns_and_each_gets_its_own_module():
    lib = library_of(*opening_and_closing(group=5),
                     elastic("legal/a", departments=["legal"], order=1),
                     elastic("legal/b", departments=["legal"], order=2),
                     elastic("hr/a", departments=["hr"], order=1))
    agenda = plan(session(departments=["legal", "hr"], duration=60, breaks=False), lib)
    assert {"legal/a", "hr/a"} <= set(ids(agenda)) and "legal/b" not in ids(agenda)
    assert sum(lengths(agenda).values()) == 60


@pytest.mark.parametrize("fields, message", [
    ({"essential": {"group": 50, "one-on-one": 10}},
     "essential.group: 50 minutes is longer than minutes.group (45): the essential run is the "
     "shortest; lower it"),
    ({"extended": {"group": 40, "one-on-one": 30}},
     "extended.group: 40 minutes is shorter than minutes.group (45): the extended run is the "
     "longest; raise it"),
    ({"slides": [{"kind": "bullets", "title": "T", "bullets": ["A", "B"], "notes": "N."}],
      "extended": None},
     "essential.group: no slide shown in group has depth: essential, so a short run would show "
     "nothing: mark the slides the module cannot lose"),
    ({"slides": [{"kind": "bullets", "title": "T", "bullets": ["A", "B"], "notes": "N.",
                  "depth": "essential"},
                 {"kind": "bullets", "title": "U", "bullets": ["A", "B"], "notes": "N.",
                  "depth": "extended"}],
      "extended": None},
     "slides[1].depth: an extended slide needs longer runs: set extended.group above "
     "minutes.group (45)"),
])
def test_inconsistent_minutes_are_located_errors(builtin, fields, message):
    from workshop.content.checks import check_module

    data = dict(minutes={"group": 45, "one-on-one": 25}, essential={"group": 20, "one-on-one": 10},
                extended={"group": 60, "one-on-one": 30})
    data.update(fields)
    data = {k: v for k, v in data.items() if v is not None}
    if "slides" not in data:
        data["slides"] = elastic("legal/x").model_dump(mode="json", exclude_defaults=True)["slides"]
    broken = module("legal/x", departments=["legal"], **data)
    found = [f"{format_path(path)}: {text}"
             for path, text in check_module(broken, builtin, "x.yaml")]
    assert message in found, found


def test_an_essential_exercise_must_fit_the_essential_run(builtin):
    from workshop.content.checks import check_module

    broken = module("legal/x", departments=["legal"], minutes={"group": 45, "one-on-one": 25},
                    essential={"group": 10, "one-on-one": 10},
                    slides=[{"kind": "exercise", "exercise": "disclosure-check",
                             "depth": "essential", "notes": "Run it."},
                            {"kind": "bullets", "title": "T", "bullets": ["A", "B"],
                             "notes": "N.", "depth": "essential"}])
    messages = [text for path, text in check_module(broken, builtin, "x.yaml")
                if path == ("essential", "group")]
    assert messages and messages[0].startswith("its essential exercises take 20 minutes in group")
    assert messages[0].endswith("but essential.group is 10: raise it to 21")


# ---------------------------------------------------------------- nothing invented


def test_the_closing_recaps_only_the_modules_that_ran(builtin):
    from workshop.tailor import tailor

    s = session(departments=["legal"], duration=240)
    agenda = plan(s, builtin)
    tailored = tailor(s, builtin, agenda)
    (closing,) = [m for m in tailored.modules if m.module.position == "closing"]
    recap = closing.slides[0].slide
    assert recap.title == "What we settled today, and what is still open"
    ran = [m.module.outcome for m in tailored.modules if m.module.position == "body"]
    assert [b.text for b in recap.bullets][:len(ran)] == ran
    skipped = [builtin.modules[d.id].outcome for d in agenda.dropped]
    assert skipped and not set(skipped) & {b.text for b in recap.bullets}


def test_a_search_that_needs_an_unset_variable_is_left_out(builtin):
    from workshop.content.models import DemoSlide
    from workshop.tailor import tailor, tailoring_variables

    def searches(s):
        tailored = tailor(s, builtin, plan(s, builtin))
        return [q for m in tailored.modules for t in m.slides if isinstance(t.slide, DemoSlide)
                for q in t.slide.searches]

    fields = dict(departments=["leadership"], duration=240,
                  include=["leadership/thought-leadership"])
    unset = searches(session(**fields))
    assert not any("your sector" in q for q in unset), unset
    assert "industry" in tailoring_variables(plan(session(**fields), builtin),
                                             session(**fields))
    named = searches(session(**fields, variables={"industry": "medical devices"}))
    assert "medical devices chief executive" in named


def test_a_module_can_be_required_in_long_sessions_of_a_department():
    board = module("leadership/board", departments=["leadership"], priority="elective",
                   order=90, minutes={"group": 30, "one-on-one": 15},
                   required_when={"departments": ["leadership"], "minutes": 90})
    rivals = [module(f"leadership/m{i}", departments=["leadership"], priority="core",
                     minutes={"group": 40, "one-on-one": 20}) for i in range(4)]
    lib = library_of(*opening_and_closing(), board, *rivals)
    long = plan(session(departments=["leadership"], duration=120), lib)
    assert "leadership/board" in ids(long)
    assert any("required in leadership sessions of 90 minutes or more" in line
               for line in long.explanation)
    short = plan(session(departments=["leadership"], duration=80), lib)
    assert "leadership/board" not in ids(short)  # an elective, dropped for the core modules
    assert not board.required_in(("legal",), 120, "group")  # another department: not required
    assert board.required_in(("legal", "leadership"), 90, "one-on-one")
