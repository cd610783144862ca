"""Load a session file together with its libraries, reporting every problem in all of them."""

from __future__ import annotations

from pathlib import Path

from workshop.content.checks import logo_problem, pptx_problem
from workshop.content.fields import did_you_mean
from workshop.content.library import Library, load_library
from workshop.content.validation import validate
from workshop.content.yamlfile import YamlError, read_yaml
from workshop.errors import Problems
from workshop.session import Session


def read_session(file: Path, problems: Problems) -> Session | None:
    try:
        located = read_yaml(file)
    except YamlError as exc:
        problems.extend([exc.problem])
        return None
    session, found = validate(Session, located, "session")
    problems.extend(found)
    if session is not None:
        session._file = file.resolve()
        session._marks = located.marks
    return session


def check_session(session: Session, library: Library, problems: Problems) -> None:
    """References from the session into the library: departments, modules, files."""
    known_departments = sorted(library.departments)
    for i, dept in enumerate(session.departments):
        if dept not in library.departments:
            problems.extend([session.problem(
                ("departments", i), f"unknown department '{dept}'"
                f"{did_you_mean(dept, known_departments)} known: {', '.join(known_departments)}"
                .replace("? known", "? Known").replace("' known", "'; known"))])
    for field in ("modules", "include", "exclude"):
        for i, module_id in enumerate(getattr(session, field) or ()):
            if module_id not in library.modules:
                problems.extend([session.problem(
                    (field, i), f"unknown module '{module_id}'"
                    f"{did_you_mean(module_id, list(library.modules))} "
                    "(`workshop modules` lists them)")])
    for i, module_id in enumerate(session.modules or ()):
        module = library.modules.get(module_id)
        if module and session.format not in module.formats:
            problems.extend([session.problem(
                ("modules", i), f"module '{module_id}' has no {session.format} version "
                f"(it supports {', '.join(module.formats)}): remove it or change format")])
    for i, module_id in enumerate(session.include):
        module = library.modules.get(module_id)
        if module and session.format not in module.formats:
            problems.extend([session.problem(
                ("include", i), f"module '{module_id}' has no {session.format} version "
                f"(it supports {', '.join(module.formats)}): remove it from include")])
    if session.modules is not None and (session.include or session.exclude):
        field = "include" if session.include else "exclude"
        problems.extend([session.problem((field,), f"`{field}` only works with `modules: auto`; "
                                                   "edit the `modules:` list instead")])
    branding = session.branding
    for field in ("template", "logo"):
        reference = getattr(branding, field)
        if reference and not session.resolve(reference).is_file():
            problems.extend([session.problem(("branding", field),
                                             f"file '{reference}' not found (looked in "
                                             f"{session.resolve(reference).parent})")])
    checks = (("logo", logo_problem), ("template", pptx_problem))
    for field, check in checks:
        reference = getattr(branding, field)
        if reference and session.resolve(reference).is_file():
            problem = check(session.resolve(reference))
            if problem:
                problems.extend([session.problem(("branding", field),
                                                 f"'{reference}' {problem}")])
    if session.roster and not session.resolve(session.roster).is_file():
        problems.extend([session.problem(("roster",), f"roster file '{session.roster}' not "
                                                      f"found (looked in "
                                                      f"{session.resolve(session.roster).parent})")])
    if branding.templates and not session.resolve(branding.templates).is_dir():
        problems.extend([session.problem(("branding", "templates"),
                                         f"folder '{branding.templates}' not found")])


def load(file: Path, extra_libraries: tuple[Path, ...] = ()) -> tuple[Session, Library]:
    """The session and its layered library, or ValidationFailed listing every problem."""
    problems = Problems()
    session = read_session(file, problems)
    libraries = list(extra_libraries)
    if session is not None:
        for i, reference in enumerate(session.library):
            folder = session.resolve(reference)
            if not folder.is_dir():
                problems.extend([session.problem(("library", i),
                                                 f"library folder '{reference}' not found "
                                                 f"(looked for {folder})")])
            else:
                libraries.append(folder)
    library = load_library(libraries, problems)
    if session is not None:
        check_session(session, library, problems)
    problems.raise_if_any()
    assert session is not None
    return session, library
