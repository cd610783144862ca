"""The one load stage: a session or a program file, with everything it names, checked whole.

`load(path, overrides)` reads the file (a session, or a program of sessions), lays each
session's fields over one another (program, session file, program entry, then the command
line's overrides, all *before* validation), validates them, resolves every path against the
file that wrote it, loads each session's layered library, resolves department names, reads
every roster, checks every asset and plans every session. Every problem in every file is
reported at once (ValidationFailed); nothing is returned, and so nothing built, unless the
whole project is valid. What it returns is immutable, and each session's origin (which file
and line wrote each field) is held beside it, not patched onto it.

    title: Social media boot camp          # a program: shared fields, then its sessions
    organization: Acme Corp
    branding: {...}; variables: {...}; library: [...]; paper: a4; level: ...;
    facilitator: ...; outputs: [...]; roster: people.csv; timezone: ...; location: ...
    sessions:
      - file: sessions/leadership.yaml     # a session file; fields here override it
        date: 2027-01-14
      - title: Legal and HR                # or a session written inline
        departments: [legal, hr]
        duration: 6h

Each session is the program's shared fields, then its file, then its entry; `variables` and
`branding` are merged key by key and `library` lists are joined.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError

from workshop.content.checks import logo_problem, pptx_problem
from workshop.content.fields import Model, did_you_mean
from workshop.content.library import Library, load_library
from workshop.content.validation import problems_from, validate
from workshop.content.yamlfile import FieldPath, Located, YamlError, format_path, read_yaml
from workshop.errors import (
    FieldProblems,
    Problem,
    Problems,
    ValidationFailed,
    WorkshopError,
    display_path,
)
from workshop.plan import Agenda, plan
from workshop.results.intake import Intake, read_intake
from workshop.results.timings import Run, drifts, explain, read_timings
from workshop.roster import Person, read_roster, slugify
from workshop.session import Branding, Session

COMMAND_LINE = "command line"
SHARED = ("organization", "facilitator", "branding", "variables", "library", "paper", "level",
          "outputs", "roster", "timezone", "location", "sector")
PATH_FIELDS = {("branding", "template"), ("branding", "logo"), ("branding", "templates"),
               ("roster",), ("intake",), ("timings",), ("evaluations",)}
MAX_SESSIONS = 200


# ---------------------------------------------------------------- where each field came from


@dataclass(frozen=True)
class Where:
    """The file (None: the command line) that wrote one field, and the field's path in it."""

    file: Path | None
    marks: Mapping[FieldPath, tuple[int, int]]
    at: FieldPath = ()  # the field's own path in that file
    flag: str = ""  # the command-line option, when the command line set it

    def problem(self, below: FieldPath, message: str) -> Problem:
        if self.file is None:
            return Problem(COMMAND_LINE, 0, 0, self.flag, message)
        path = self.at + tuple(below)
        line, col = Located(self.file, None, dict(self.marks)).where(path)
        return Problem(display_path(self.file), line, col, format_path(path), message)


@dataclass(frozen=True)
class Origin:
    """Where each field of one session was written: the longest recorded field path that
    starts a problem's path says which file (or option) wrote it, and where."""

    file: Path  # the file that defines the session: its own file, or the program
    fields: tuple[tuple[FieldPath, Where], ...]
    default: Where  # where a field nobody wrote is missing: the session, or its entry

    def where(self, path: FieldPath) -> tuple[Where, FieldPath]:
        """The Where of the field that holds `path`, and the rest of `path` below it."""
        path = tuple(path)
        best: tuple[FieldPath, Where] | None = None
        for field, where in self.fields:  # later layers win over earlier ones
            if path[:len(field)] == field and (best is None or len(field) >= len(best[0])):
                best = (field, where)
        if best is None:
            return self.default, path
        return best[1], path[len(best[0]):]

    def problem(self, path: FieldPath, message: str) -> Problem:
        where, below = self.where(path)
        return where.problem(below, message)

    def shown(self, path: FieldPath, file: str | Path) -> str:
        """A path a field names, as its writer wrote it: relative to that file's folder."""
        where, _ = self.where(path)
        base = where.file.parent if where.file is not None else Path.cwd()
        try:
            return Path(file).relative_to(base).as_posix()
        except ValueError:
            return display_path(file)


# ---------------------------------------------------------------- command-line overrides


@dataclass(frozen=True)
class Overrides:
    """What the command line sets for every session, applied to the raw fields before
    validation, so that it replaces the value it overrides instead of checking it first."""

    template: Path | None = None
    templates: Path | None = None
    libraries: tuple[Path, ...] = ()

    def fields(self) -> list[tuple[FieldPath, str, str]]:
        found: list[tuple[FieldPath, str, str]] = []
        if self.template is not None:
            found.append((("branding", "template"), str(self.template.resolve()), "--template"))
        if self.templates is not None:
            found.append((("branding", "templates"), str(self.templates.resolve()),
                          "--templates"))
        return found


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class LoadedSession:
    """One session, valid, with its library, its people and its plan."""

    session: Session  # department ids resolved, every path absolute
    origin: Origin
    library: Library
    people: tuple[Person, ...] | None  # the roster, when the session has one
    agenda: Agenda
    number: int = 0  # its place in a program, from 1; 0 for a session file on its own

    @property
    def source(self) -> Path:
        """The file that defined the session (its own file, or the program file)."""
        return self.origin.file

    @property
    def slug(self) -> str:
        """Its folder in a program's output."""
        return f"{self.number:02d}-{slugify(self.session.title, 48) or 'session'}"


@dataclass(frozen=True)
class Project:
    """A session file (one session) or a program (several), loaded and checked whole."""

    file: Path
    title: str
    organization: str
    sessions: tuple[LoadedSession, ...]
    program: bool
    located: Located | None = None  # the program file, for the program checks' locations


class ProgramFile(Model):
    """The fields of a program file itself; each session entry is checked as a session."""

    title: Annotated[str, Field(min_length=1, max_length=200)]
    organization: Annotated[str, Field(min_length=1, max_length=200)]
    facilitator: Annotated[str, Field(max_length=120)] | None = None
    branding: Branding | None = None
    variables: dict[str, str] = Field(default_factory=dict)
    library: tuple[str, ...] = ()
    paper: str | None = None
    level: str | None = None
    outputs: tuple[str, ...] | None = None
    roster: str | None = None
    timezone: str | None = None
    location: str | None = None
    sector: str | list[str] | None = None
    sessions: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_SESSIONS)]


def is_program(located: Located) -> bool:
    return isinstance(located.data, dict) and "sessions" in located.data


# ---------------------------------------------------------------- loading


def load(path: Path, overrides: Overrides = Overrides()) -> Project:
    """The whole project at `path`, or ValidationFailed listing every problem in every file."""
    if not path.is_file():
        raise WorkshopError(f"{display_path(path)}: no such file")
    try:
        located = read_yaml(path)
    except YamlError as exc:
        raise ValidationFailed([exc.problem]) from None
    problems = Problems()
    if is_program(located):
        project = _load_program(located, overrides, problems)
    else:
        project = _load_session_file(located, overrides, problems)
    problems.raise_if_any()
    assert project is not None
    return project


def load_session(path: Path, overrides: Overrides = Overrides()) -> LoadedSession:
    """The one session of a session file; a program file here is a usage mistake."""
    project = load(path, overrides)
    if project.program:
        raise WorkshopError(f"{display_path(path)} is a program of {len(project.sessions)} "
                            "sessions: build it with `workshop build`, or name one of its "
                            "session files")
    return project.sessions[0]


class _Layers:
    """A session's raw fields, laid over one another with where each was written."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.fields: list[tuple[FieldPath, Where]] = []

    def add(self, raw: Mapping[str, Any], located: Located, prefix: FieldPath = ()) -> None:
        file = located.file.resolve()
        folder = file.parent

        def written(field: FieldPath, at: FieldPath | None = None) -> None:
            self.fields.append((field, Where(file, located.marks, prefix + (at or field))))

        for key, value in raw.items():
            value = _absolute(key, value, folder)
            current = self.data.get(key)
            if key in ("variables", "branding") and isinstance(value, dict) and \
                    isinstance(current, dict):
                self.data[key] = {**current, **value}
                for sub in value:
                    written((key, sub))
            elif key == "library" and isinstance(value, list) and isinstance(current, list):
                self.data[key] = current + value  # each entry located where it was listed
                for i in range(len(value)):
                    written((key, len(current) + i), (key, i))
            else:
                self.data[key] = value
                written((key,))

    def override(self, overrides: Overrides) -> None:
        for path, value, flag in overrides.fields():
            section, key = str(path[0]), path[1]
            current = self.data.get(section)
            self.data[section] = {**(current if isinstance(current, dict) else {}), key: value}
            self.fields.append((path, Where(None, {}, (), flag)))

    def origin(self, file: Path, default: Where) -> Origin:
        return Origin(file.resolve(), tuple(self.fields), default)


def _absolute(key: str, value: Any, folder: Path) -> Any:
    """Paths are relative to the file that names them: make them absolute before merging."""
    if key == "library" and isinstance(value, list):
        return [str((folder / v).resolve()) if isinstance(v, str) else v for v in value]
    if key == "branding" and isinstance(value, dict):
        return {k: (str((folder / v).resolve()) if ("branding", k) in PATH_FIELDS
                    and isinstance(v, str) else v) for k, v in value.items()}
    if (key,) in PATH_FIELDS and isinstance(value, str):
        return str((folder / value).resolve())
    return value


def _load_session_file(located: Located, overrides: Overrides,
                       problems: Problems) -> Project | None:
    if not isinstance(located.data, dict):
        _, found = validate(Session, located, "session")  # the file's shape, located
        problems.extend(found)
        return None
    layers = _Layers()
    layers.add(located.data, located)
    layers.override(overrides)
    loaded = _load_one(layers, located.file, Where(located.file.resolve(), located.marks),
                       overrides, problems, 0, None)
    if loaded is None:
        return None
    s = loaded.session
    return Project(located.file.resolve(), s.title, s.organization, (loaded,), False)


def _load_program(located: Located, overrides: Overrides, problems: Problems) -> Project | None:
    program, found = validate(ProgramFile, located, "program")
    problems.extend(found)
    if program is None:
        return None
    file = located.file.resolve()
    shared = {key: located.data[key] for key in SHARED if key in located.data}
    sessions: list[LoadedSession] = []
    for index, entry in enumerate(program.sessions):
        prefix: FieldPath = ("sessions", index)
        layers = _Layers()
        layers.add(shared, located)
        entry = dict(entry)
        source = file
        reference = entry.pop("file", None)
        if reference is not None:
            if not isinstance(reference, str):
                problems.extend([located.problem(prefix + ("file",),
                                                 "expected the path of a session file")])
                continue
            source = (file.parent / reference).resolve()
            try:
                session_file = read_yaml(source)
            except YamlError as exc:
                problems.extend([exc.problem])
                continue
            if not isinstance(session_file.data, dict) or is_program(session_file):
                problems.extend([session_file.problem((), "expected a session (a mapping of "
                                                      "fields such as 'title:'), not a "
                                                      "program or a list")])
                continue
            layers.add(session_file.data, session_file)
        layers.add(entry, located, prefix)
        layers.override(overrides)
        loaded = _load_one(layers, source, Where(file, located.marks, prefix), overrides,
                           problems, index + 1, file)
        if loaded is not None:
            sessions.append(loaded)
    if problems:
        return None
    return Project(file, program.title, program.organization, tuple(sessions), True, located)


def _load_one(layers: _Layers, source: Path, default: Where, overrides: Overrides,
              problems: Problems, number: int, program: Path | None) -> LoadedSession | None:
    """Validate one session's merged fields and load everything it names."""
    origin = layers.origin(source, default)
    try:
        session = Session.model_validate(layers.data)
    except ValidationError as exc:
        synthetic = Located(source, layers.data, {})
        for problem in problems_from(exc, synthetic, Session):
            problems.extend([origin.problem(_parts(problem.path), problem.message)])
        return None

    before = len(problems.items)
    libraries: list[Path] = [p.resolve() for p in overrides.libraries]
    for i, reference in enumerate(session.library):
        folder = Path(reference)
        if not folder.is_dir():
            problems.extend([origin.problem(("library", i), f"library folder "
                                            f"'{origin.shown(('library', i), folder)}' not "
                                            "found")])
        else:
            libraries.append(folder)
    library = load_library(tuple(libraries), problems)
    session = _resolve_departments(session, library, origin, problems)
    _check_references(session, library, origin, problems)
    people = _people(session, library, origin, program, problems)
    intake = _intake(session, problems)
    runs = _timings(session, problems)
    if len(problems.items) > before:
        return None
    level_note: tuple[str, ...] = ()
    if intake is not None and "level" not in session.model_fields_set and intake.level():
        session = session.model_copy(update={"level": intake.level()})
        level_note = (f"level: {session.level}, from the intake (mean comfort "
                      f"{intake.comfort_mean():.1f} of 5); set `level:` to choose another",)
    try:
        agenda = plan(session, library, intake)
        drift = drifts(runs, session.format)
        agenda = replace(agenda, explanation=level_note + agenda.explanation + tuple(
            explain(drift[b.id], b.minutes) for b in agenda.blocks if b.id in drift))
    except FieldProblems as exc:
        problems.extend([origin.problem(path, message) for path, message in exc.items])
        return None
    return LoadedSession(session, origin, library, people, agenda, number)


def _parts(text: str) -> FieldPath:
    """'branding.logo' or 'departments[1]' back into a field path."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _resolve_departments(session: Session, library: Library, origin: Origin,
                         problems: Problems) -> Session:
    """Department names as people write them ('Legal', 'Human Resources') become ids."""
    ids: list[str] = []
    for i, text in enumerate(session.departments):
        dept = library.department_id(text)
        if dept is None:
            problems.extend([origin.problem(("departments", i),
                                            library.unknown_department(text))])
        elif dept in ids:
            problems.extend([origin.problem(("departments", i), (
                f"'{text}' is {library.department_name(dept)} ({dept}) again: list each "
                "department once"))])
        else:
            ids.append(dept)
    sectors: list[str] = []
    for i, text in enumerate(session.sector):
        sector = library.sector_id(text)
        if sector is None:
            problems.extend([origin.problem(("sector", i), library.unknown_sector(text))])
        elif sector not in sectors:
            sectors.append(sector)
    return session.model_copy(update={"departments": tuple(ids), "sector": tuple(sectors)})


def _check_references(session: Session, library: Library, origin: Origin,
                      problems: Problems) -> None:
    """Module ids, formats and every file or folder the session names."""
    for field in ("modules", "include", "exclude"):
        for i, module_id in enumerate(getattr(session, field) or ()):
            module = library.modules.get(module_id)
            if module is None:
                problems.extend([origin.problem((field, i), (
                    f"unknown module '{module_id}'{did_you_mean(module_id, list(library.modules))}"
                    " (`workshop modules` lists them)"))])
            elif field != "exclude" and session.format not in module.formats:
                fix = "remove it or change format" if field == "modules" else \
                    "remove it from include"
                problems.extend([origin.problem((field, i), (
                    f"module '{module_id}' has no {session.format} version (it supports "
                    f"{', '.join(module.formats)}): {fix}"))])
    if session.modules is not None and (session.include or session.exclude):
        field = "include" if session.include else "exclude"
        problems.extend([origin.problem((field,), f"`{field}` only works with `modules: auto`; "
                                                  "edit the `modules:` list instead")])
    branding = session.branding
    for field, check in (("logo", logo_problem), ("template", pptx_problem)):
        reference = getattr(branding, field)
        if reference is None:
            continue
        file = Path(reference)
        shown = origin.shown(("branding", field), file)
        if not file.is_file():
            problems.extend([origin.problem(("branding", field), (
                f"file '{shown}' not found"))])
        elif problem := check(file):
            problems.extend([origin.problem(("branding", field), f"'{shown}' {problem}")])
    if branding.templates and not Path(branding.templates).is_dir():
        problems.extend([origin.problem(("branding", "templates"), (
            f"folder '{origin.shown(('branding', 'templates'), branding.templates)}' not "
            "found"))])
    for field, what in (("roster", "roster"), ("intake", "intake answers"),
                        ("timings", "timings"), ("evaluations", "evaluations")):
        reference = getattr(session, field)
        if reference and not Path(reference).is_file():
            problems.extend([origin.problem((field,), (
                f"{what} file '{origin.shown((field,), reference)}' not found"))])


def _intake(session: Session, problems: Problems) -> Intake | None:
    """The session's intake answers, when it names a file of them."""
    if not session.intake or not Path(session.intake).is_file():
        return None
    try:
        return read_intake(Path(session.intake), session.format == "one-on-one",
                           session.organization)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        return None


def _timings(session: Session, problems: Problems) -> list[Run]:
    """How long modules ran in past deliveries, when the session names a timings file."""
    if not session.timings or not Path(session.timings).is_file():
        return []
    try:
        return read_timings(Path(session.timings))
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        return []


def _people(session: Session, library: Library, origin: Origin, program: Path | None,
            problems: Problems) -> tuple[Person, ...] | None:
    """The session's roster; a program's shared roster gives each session the people in its
    departments."""
    if not session.roster or not Path(session.roster).is_file():
        return None
    try:
        people = read_roster(Path(session.roster), library)
    except ValidationFailed as exc:
        problems.extend(exc.problems)
        return None
    where, _ = origin.where(("roster",))
    if program is not None and where.file == program:
        people = [p for p in people if p.department in session.departments]
    return tuple(people)


# ---------------------------------------------------------------- program checks


@dataclass(frozen=True)
class ProgramReport:
    """What `validate` and the overview say about a whole program: bookings that clash,
    modules the same people would sit through twice, and each person's hours."""

    problems: tuple[Problem, ...]  # warnings by default, errors with --strict
    hours: tuple[tuple[str, float], ...]  # (person or department, hours in the program)

    def hours_grouped(self) -> tuple[tuple[str, str], ...]:
        """(('7.5 h', 'Eleanor Price, David Cohen'), ('6 h', '47 people')), most first."""
        by_hours: dict[float, list[str]] = {}
        for who, hours in self.hours:
            by_hours.setdefault(hours, []).append(who)
        return tuple((f"{hours:g} h", ", ".join(names) if len(names) <= 5 else
                      f"{len(names)} people")
                     for hours, names in sorted(by_hours.items(), reverse=True))

    def hours_summary(self) -> str:
        """'7.5 h: Eleanor Price, David Cohen; 6 h: 47 people'."""
        return "; ".join(f"{hours}: {who}" for hours, who in self.hours_grouped())


def _span(item: LoadedSession) -> tuple[dt.date, int, int] | None:
    if item.session.date is None:
        return None
    blocks = item.agenda.blocks
    return item.session.date, blocks[0].start, blocks[-1].end


def _overlap(a: LoadedSession, b: LoadedSession) -> bool:
    one, two = _span(a), _span(b)
    return bool(one and two and one[0] == two[0] and one[1] < two[2] and two[1] < one[2])


def _who(person: Person) -> tuple[str, str]:
    return person.name.casefold(), person.email.casefold()


def _when(item: LoadedSession) -> str:
    span = _span(item)
    assert span is not None
    from workshop.plan import clock

    return f"{span[0].isoformat()} {clock(span[1])}–{clock(span[2])}"


def program_report(project: Project) -> ProgramReport:
    """Checks across the sessions of a program (nothing to say about a single session)."""
    if not project.program or project.located is None:
        return ProgramReport((), ())
    located = project.located
    found: list[Problem] = []
    sessions = project.sessions

    def at(item: LoadedSession, message: str) -> None:
        found.append(located.problem(("sessions", item.number - 1), message))

    for item in sessions:
        s = item.session
        if s.format == "one-on-one" and item.people and len(item.people) > 1 and \
                _span(item) is not None:
            who = s.facilitator or "the facilitator"
            at(item, f"{who} would meet {len(item.people)} executives at the same time "
                     f"({_when(item)}): one-on-one sessions need one slot each; give each "
                     "executive their own session with its own date or start, or another "
                     "facilitator")
    for i, first in enumerate(sessions):
        for second in sessions[i + 1:]:
            a, b = first.session, second.session
            if _overlap(first, second):
                if a.facilitator and b.facilitator and \
                        a.facilitator.casefold() == b.facilitator.casefold():
                    at(second, f"{b.facilitator} facilitates session {first.number} "
                               f"('{a.title}') at the same time ({_when(second)}): move one "
                               "session or give it another facilitator")
                both = {_who(p) for p in first.people or ()} & \
                    {_who(p) for p in second.people or ()}
                if both:
                    names = sorted(p.name for p in second.people or () if _who(p) in both)
                    at(second, f"{_list(names)} would be in session {first.number} "
                               f"('{a.title}') at the same time ({_when(second)})")
            repeated = _repeated(first, second)
            if repeated:
                at(second, f"the people of session {first.number} ('{a.title}') would sit "
                           f"through {_list(repeated)} again: add them to this session's "
                           f"`exclude:`, or list its `modules:`")
    return ProgramReport(tuple(found), _hours(sessions))


def _solo(item: LoadedSession) -> str | None:
    """The one executive of a one-on-one session without a roster, by its audience."""
    s = item.session
    if s.format != "one-on-one" or item.people:
        return None
    return (s.audience or f"session {item.number}").split(",")[0].strip().casefold()


def _repeated(first: LoadedSession, second: LoadedSession) -> list[str]:
    """Body modules both sessions run for the same people: by roster; a one-on-one without
    one is its audience; else by department."""
    one, two = _solo(first), _solo(second)
    if first.people and second.people:
        shared = bool({_who(p) for p in first.people} & {_who(p) for p in second.people})
    elif one and two:
        shared = one == two
    elif one and first.people is None and second.people:
        shared = any(p.name.casefold() == one for p in second.people)
    elif two and first.people:
        shared = any(p.name.casefold() == two for p in first.people)
    else:
        shared = bool(set(first.session.departments) & set(second.session.departments))
    if not shared:
        return []
    ran = {m.id for m in first.agenda.modules if m.position == "body"}
    return [m.id for m in second.agenda.modules if m.position == "body" and m.id in ran]


def _hours(sessions: tuple[LoadedSession, ...]) -> tuple[tuple[str, float], ...]:
    """Hours per person on a roster (a one-on-one without one counts for its audience), and
    per department for group sessions without one."""
    minutes: dict[str, int] = {}
    names = {p.name.casefold(): p.name for item in sessions for p in item.people or ()}
    for item in sessions:
        length = item.agenda.blocks[-1].end - item.agenda.blocks[0].start
        solo = _solo(item)
        if solo is not None:
            name = names.get(solo) or (item.session.audience or solo).split(",")[0].strip()
            minutes[name] = minutes.get(name, 0) + length
        elif item.people:
            for person in dict.fromkeys(item.people):
                minutes[person.name] = minutes.get(person.name, 0) + length
        else:
            for dept in item.session.departments:
                name = f"{item.library.department_name(dept)} (no roster)"
                minutes[name] = minutes.get(name, 0) + length
    return tuple((name, round(total / 60, 2)) for name, total in minutes.items())


def _list(items: list[str]) -> str:
    quoted = [f"'{i}'" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
