"""Tailor planned modules to one session: pick variants, fill {{ placeholders }}, time each
slide."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from pydantic import BaseModel

from workshop.content.library import Library
from workshop.content.models import (
    Bullet,
    BulletsSlide,
    Column,
    DemoSlide,
    DiscussionSlide,
    Exercise,
    ExerciseSlide,
    IntakeSlide,
    Module,
    RecapSlide,
    SlideBase,
    SlideModel,
    Source,
    TwoColumnSlide,
    slide_tree,
)
from workshop.content.questions import CONCERNS, GOALS
from workshop.content.text import UnknownVariable, literal, placeholders, plain, substitute
from workshop.content.yamlfile import FieldPath, Located
from workshop.errors import Problem, Problems, display_path
from workshop.plan import Agenda, Block, clock
from workshop.plan.depth import Part, run, tiers
from workshop.session import Session

T = TypeVar("T", bound=BaseModel)
FORMAT_NAMES = {"group": "group session", "one-on-one": "one-on-one session"}
SLIDE_WEIGHT = {DemoSlide: 3, DiscussionSlide: 2}


@dataclass(frozen=True)
class TailoredSlide:
    """A slide as this session shows it, with its share of the module's minutes."""

    slide: SlideModel
    index: int  # position in the module file's `slides`
    start: int  # minutes from the start of the module
    minutes: int
    examples: tuple[tuple[str, str], ...] = ()  # (department name, example) for those attending
    exercise: Exercise | None = None


@dataclass(frozen=True)
class TailoredModule:
    block: Block
    module: Module  # title, summary, outcome, objectives and materials filled in
    slides: tuple[TailoredSlide, ...]

    @property
    def minutes(self) -> int:
        return self.block.minutes

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(s.exercise for s in self.slides if s.exercise is not None)


@dataclass(frozen=True)
class Tailored:
    """Everything the renderers need for one session, and nothing raw."""

    session: Session
    library: Library
    agenda: Agenda
    modules: tuple[TailoredModule, ...]
    values: dict[str, str]

    def module_for(self, block: Block) -> TailoredModule | None:
        return next((m for m in self.modules if m.block is block), None)

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        """Every exercise in agenda order, once."""
        seen: dict[str, Exercise] = {}
        for module in self.modules:
            for exercise in module.exercises:
                seen.setdefault(exercise.id, exercise)
        return tuple(seen.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """Sources of what the session shows, once each, in agenda order: a module's general
        sources, and those a slide cites only when that slide runs."""
        seen: dict[tuple[str, str], Source] = {}
        for module in self.modules:
            cited = {getattr(s, "source", None) for _, s in slide_tree(module.module.slides)}
            shown = {getattr(t.slide, "source", None) for t in module.slides}
            for source in module.module.sources:
                if source.id not in cited or source.id in shown:
                    seen.setdefault((source.title, source.url or ""), source)
        return tuple(seen.values())

    @property
    def department_names(self) -> list[str]:
        return [self.library.department_name(d) for d in self.session.departments]


def tailoring_variables(agenda: Agenda, session: Session) -> dict[str, tuple[list[str], bool]]:
    """Variables the session's modules use that the session does not set: name -> (the
    modules that use them, whether a live search needs it). Set in `variables:`, they name
    the real thing in the wording and bring back the searches that need it."""
    found: dict[str, tuple[list[str], bool]] = {}
    for module in agenda.modules:
        searches = " ".join(q for _, s in slide_tree(module.slides)
                            if isinstance(s, DemoSlide) for q in s.searches)
        for name in sorted(set(placeholders(module.model_dump_json()))):
            if name in module.variables and name not in session.variables:
                users, searched = found.get(name, ([], False))
                found[name] = (users + [module.id], searched or name in placeholders(searches))
    return found


def session_values(session: Session, library: Library) -> dict[str, str]:
    names = [library.department_name(d) for d in session.departments]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return {
        "organization": session.organization,
        "title": session.title,
        "date": format_date(session.date),
        "facilitator": session.facilitator or "",
        "audience": session.audience or "",
        "participants": str(session.participants or ""),
        "format": FORMAT_NAMES[session.format],
        "departments": joined,
        "sector": " and ".join(library.sectors[s].name if s in library.sectors else s
                               for s in session.sector),
    }


def format_date(date: dt.date | None) -> str:
    return f"{date.day} {date.strftime('%B %Y')}" if date else ""


def _overlay(original: T, current: T, variant: T) -> T:
    """`current` with the fields `variant` changes relative to `original`.

    Variants are stored merged with their base, so what a variant changes is what differs
    from the base; comparing with `current` instead would undo an earlier variant.
    """
    if type(variant) is not type(original):
        return variant
    if type(current) is not type(original):
        return current
    changed = {name: getattr(variant, name) for name in type(original).model_fields
               if name != "variants" and getattr(variant, name) != getattr(original, name)}
    return current.model_copy(update=changed)


def choose_variant(item: T, fmt: str, departments: tuple[str, ...] | list[str],
                   sectors: tuple[str, ...] = ()) -> T:
    """The format's variant first, then the first attending department's variant on top,
    then the session's sector's variant (a sector's rules are the most specific)."""
    variants: dict[str, T] = getattr(item, "variants", {})
    chosen = item
    if fmt in variants:
        chosen = _overlay(item, chosen, variants[fmt])
    for dept in departments:
        if dept in variants:
            chosen = _overlay(item, chosen, variants[dept])
            break
    for sector in sectors:
        if sector in variants:
            chosen = _overlay(item, chosen, variants[sector])
            break
    return chosen


def _fill(value: Any, fill: Callable[[str, FieldPath], str], path: FieldPath) -> Any:
    if isinstance(value, str):
        return fill(value, path)
    if isinstance(value, tuple):
        return tuple(_fill(v, fill, path + (i,)) for i, v in enumerate(value))
    if isinstance(value, dict):
        return {k: _fill(v, fill, path + (k,)) for k, v in value.items()}
    if isinstance(value, BaseModel):
        update = {name: _fill(getattr(value, name), fill, path + (name,))
                  for name in type(value).model_fields if name != "variants"}
        return value.model_copy(update=update)  # private attributes (id, file) come along
    return value


class _Filler:
    """Fills placeholders for one file, recording unknown variables as located problems."""

    def __init__(self, located: Located, values: dict[str, str], owner: str,
                 problems: Problems) -> None:
        self.located = located
        self.values, self.owner, self.problems = values, owner, problems

    def __call__(self, text: str, path: FieldPath) -> str:
        try:
            return substitute(text, self.values)
        except UnknownVariable as exc:
            problem = self.located.problem(path, "")
            self.problems.extend([Problem(
                display_path(problem.file), problem.line, problem.col, problem.path,
                f"unknown variable '{exc.name}' in {self.owner}: define it under `variables:` "
                f"in the session file (e.g. variables: {{{exc.name}: …}})")])
            return text


def tailor_exercise(exercise: Exercise, library: Library, fmt: str,
                    departments: tuple[str, ...] | list[str], values: dict[str, str],
                    problems: Problems) -> Exercise:
    chosen = choose_variant(exercise, fmt, departments)
    filler = _Filler(library.located(exercise), values, f"exercise '{exercise.id}'",
                     problems)
    return _fill(chosen, filler, ())


def for_department(tailored: Tailored, department: str) -> Tailored:
    """The same session with every exercise in `department`'s variant, for one person's
    handouts."""
    problems = Problems()
    modules = []
    for tm in tailored.modules:
        values = {**tm.module.variables, **tailored.session.variables, **tailored.values}
        slides = tuple(replace(ts, exercise=tailor_exercise(
            tailored.library.exercises[ts.exercise.id], tailored.library,
            tailored.session.format, [department], values, problems))
            if ts.exercise is not None else ts for ts in tm.slides)
        modules.append(replace(tm, slides=slides))
    problems.raise_if_any()
    return replace(tailored, modules=tuple(modules))


def _wording(module: Module, fmt: str, departments: tuple[str, ...],
             sectors: tuple[str, ...]) -> dict[str, Any]:
    """The module's own words for this session: its `wording` for the format, then for the
    first attending department that has one, then for the sector, each over the last."""
    keys = [fmt, next((d for d in departments if d in module.wording), ""),
            next((s for s in sectors if s in module.wording), "")]
    update: dict[str, Any] = {}
    for key in keys:
        if key in module.wording:
            update.update(module.wording[key].model_dump(exclude_none=True))
    return {k: tuple(v) if isinstance(v, list) else v for k, v in update.items()}


def _recap(slide: RecapSlide, before: list[TailoredModule]) -> BulletsSlide | None:
    """The recap as bullets: the outcome of each module that ran before it (then `last`);
    None when no module ran before it."""
    texts = [m.module.outcome for m in before if m.module.position == "body"]
    if not texts:
        return None
    texts += [slide.last] if slide.last else []
    shared = {name: getattr(slide, name) for name in SlideBase.model_fields}
    return BulletsSlide.model_construct(kind="bullets", title=slide.title,
                                        bullets=tuple(Bullet(text=t) for t in texts), **shared)


def _intake_slides(slide: IntakeSlide, agenda: Agenda, titles: dict[str, str]
                   ) -> list[SlideModel]:
    """What the participants said, as two slides: the goals and concerns they ticked (with
    counts in a group), then a few of their own words; none without answers, or with fewer
    than three in a group. The notes say which block of today answers each top concern."""
    intake, session = agenda.intake, agenda.session
    if intake is None or not intake.shown:
        return []
    org, solo = session.organization, intake.solo
    shared = {name: getattr(slide, name) for name in SlideBase.model_fields}

    def column(which: str, heading: str) -> Column:
        tally = intake.tally(which, org)[:4]
        bullets = tuple(Bullet(text=literal(text if solo else f"{text} ({n}\u00a0of\u00a0"
                                                                f"{intake.count})"))
                        for text, n in tally) or (Bullet(text="Nothing ticked"),)
        return Column(heading=heading, bullets=bullets)

    left = column("goals", "What you want from today" if solo else "What you came for")
    right = column("concerns", "What concerns you" if solo else "What concerns you most")
    answers: list[str] = []
    for choice in CONCERNS + GOALS:
        if not any(choice.topic in r.goals + r.concerns for r in intake.responses):
            continue
        block = next((b for b in agenda.blocks if b.module is not None and
                      choice.topic in b.module.addresses), None)
        if block is not None and block.module is not None:
            answers.append(f"'{choice.shown(solo, org)}': {plain(titles[block.module.id])}, at "
                           f"{clock(block.start)}")
    counted = ("one answer" if solo else
               f"{intake.count} answers" + (f" from {session.participants} people invited"
                                            if session.participants else ""))
    notes = (f"From the intake ({counted}, {intake.file}). " + shared["notes"] +
             (" Where today answers them: " + "; ".join(answers[:6]) + "." if answers else ""))
    slides: list[SlideModel] = [TwoColumnSlide.model_construct(
        kind="two-column", title=slide.title, left=left, right=right,
        **{**shared, "notes": notes})]
    words = sorted((w for w in intake.words() if len(w) <= 160), key=len)[:4]
    if words:
        slides.append(BulletsSlide.model_construct(
            kind="bullets", title="In your own words" if solo else "In your own words, "
                                                                   "without names",
            bullets=tuple(Bullet(text=literal(f"“{w}”")) for w in words),
            **{**shared, "notes": "Read one or two aloud, slowly, and say which part of "
                                  "today takes each up. Do not guess who wrote what, and do "
                                  "not ask."}))
    return slides


def module_head(module: Module, session: Session, fill: Callable[[str, FieldPath], str]) -> Module:
    """The module as this session sees it, apart from its slides: its wording for the format,
    department and sector, its 1:1 materials, every placeholder filled by `fill`."""
    head = module.model_copy(update={"slides": (), **_wording(module, session.format,
                                                                 session.departments,
                                                                 session.sector)})
    if session.format == "one-on-one" and module.materials_one_on_one is not None:
        head = head.model_copy(update={"materials": module.materials_one_on_one})
    return _fill(head, fill, ()).model_copy(update={"slides": module.slides})


def module_titles(session: Session, library: Library, agenda: Agenda) -> dict[str, str]:
    """Each planned module's title as the deck will show it, for previews that need only the
    titles: a placeholder the session does not set stays as written (a build reports it)."""
    values = session_values(session, library)
    titles = {}
    for module in agenda.modules:
        filler = _Filler(library.located(module), {**module.variables, **session.variables,
                                                   **values}, "", Problems())
        titles[module.id] = module_head(module, session, filler).title
    return titles


def tailor(session: Session, library: Library, agenda: Agenda) -> Tailored:
    """Variants chosen, placeholders filled, slides timed; every unknown variable reported."""
    problems = Problems()
    base_values = session_values(session, library)
    given = set(session.variables) | set(base_values)
    modules: list[TailoredModule] = []
    fmt, departments = session.format, session.departments
    for block in agenda.blocks:
        module = block.module
        if module is None:
            continue
        values = {**module.variables, **session.variables, **base_values}
        filler = _Filler(library.located(module), values, f"module '{module.id}'", problems)
        head = module_head(module, session, filler)

        shown: list[tuple[int, SlideModel, Exercise | None]] = []
        for index, slide in enumerate(module.slides):
            if slide.formats and fmt not in slide.formats:
                continue
            if slide.departments and not set(slide.departments) & set(departments):
                continue
            if slide.sectors and not set(slide.sectors) & set(session.sector):
                continue
            chosen = choose_variant(slide, fmt, departments, session.sector)
            if isinstance(chosen, DemoSlide):  # a search needs the real name, not a default
                chosen = chosen.model_copy(update={"searches": tuple(
                    q for q in chosen.searches if set(placeholders(q)) <= given)})
            filled = _fill(chosen, filler, ("slides", index))
            if isinstance(filled, RecapSlide):
                filled = _recap(filled, modules)
                if filled is None:
                    continue
            if isinstance(filled, IntakeSlide):
                titles = module_titles(session, library, agenda)
                shown.extend((index, s, None) for s in _intake_slides(filled, agenda, titles))
                continue
            exercise = None
            if isinstance(filled, ExerciseSlide):
                exercise = tailor_exercise(library.exercises[filled.exercise], library, fmt,
                                           departments, values, problems)
            shown.append((index, filled, exercise))

        parts = [Part(s.depth, SLIDE_WEIGHT.get(type(s), 1), e.minutes[fmt] if e else None)
                 for _, s, e in shown]
        minutes = run(parts, tiers(module, fmt), block.minutes)
        slides, clock = [], 0
        for (index, slide, exercise), length in zip(shown, minutes, strict=True):
            if length is None:  # not at this module's length today
                continue
            examples = tuple((library.department_name(d), slide.examples[d])
                             for d in departments if d in slide.examples)
            slides.append(TailoredSlide(slide, index, clock, length, examples, exercise))
            clock += length
        modules.append(TailoredModule(block, head, tuple(slides)))
    problems.raise_if_any()
    return Tailored(session, library, agenda, tuple(modules), base_values)

