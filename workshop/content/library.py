"""Load layered content libraries (built-in, then each extra folder) and check them together."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from workshop.content import layer_cache
from workshop.content.checks import check_exercise, check_module, find_cycles
from workshop.content.models import (
    Department,
    DepartmentsFile,
    Exercise,
    Identity,
    Module,
    Sector,
)
from workshop.content.validation import validate
from workshop.content.yamlfile import Located, YamlError, read_yaml
from workshop.errors import Problem, Problems, display_path

BUILTIN = "built-in"
YAML_SUFFIXES = (".yaml", ".yml")


def builtin_root() -> Path:
    """The shipped curriculum: inside the installed package, or the source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_builtin"
    if (installed / "decks").is_dir():
        return installed
    return package.parent


def department_key(text: str) -> str:
    """'Human-Resources ' and 'human resources' alike; '&' reads as 'and'."""
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[-_/.,]+", " ", text).split())


@dataclass
class Library:
    """Modules, exercises and departments after layering; later layers replace earlier ids."""

    modules: dict[str, Module] = field(default_factory=dict)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    departments: dict[str, Department] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    layers: list[str] = field(default_factory=list)
    # Where each module and exercise was read (its file's line and column for every field)
    # and from which layer: held beside the models, never written onto them.
    places: dict[tuple[str, str], tuple[Located, str]] = field(default_factory=dict)

    def located(self, item: Module | Exercise) -> Located:
        """The file `item` was read from, with each field's line and column."""
        return self.places[(type(item).__name__, item.id)][0]

    def layer_of(self, item: Module | Exercise) -> str:
        """The library layer `item` came from ('built-in', or a folder)."""
        return self.places[(type(item).__name__, item.id)][1]

    def department_name(self, dept_id: str) -> str:
        dept = self.departments.get(dept_id)
        return dept.name if dept else dept_id

    def department_id(self, text: str) -> str | None:
        """The id of the department `text` names: its id, name or an alias, in any case,
        with '&' for 'and' and hyphens for spaces; None when it names none."""
        return _named(text, self.departments)

    def sector_id(self, text: str) -> str | None:
        """The id of the sector `text` names, found the way departments are."""
        return _named(text, self.sectors)

    def unknown_department(self, text: str, whose: str = "") -> str:
        """The message for a department nobody defines: the closest name, a related
        department, what is known, and how a library adds one."""
        return _unknown("department", "track", text, whose, self.departments)

    def unknown_sector(self, text: str) -> str:
        return _unknown("sector", "sector", text, "", self.sectors)


def _named(text: str, items: Mapping[str, Department]) -> str | None:
    wanted = department_key(text)
    for item in reversed(list(items.values())):  # a later layer's names win
        if wanted in {department_key(n) for n in (item.id, item.name, *item.aliases)}:
            return item.id
    return None


def _unknown(kind: str, what: str, text: str, whose: str,
             items: Mapping[str, Department]) -> str:
    known = {department_key(n): d.id for d in items.values() for n in (d.id, d.name, *d.aliases)}
    close = difflib.get_close_matches(department_key(text), list(known), n=1, cutoff=0.6)
    wanted = department_key(text)
    if not close:  # a misspelt related name ('finanse') still finds its department
        near = {department_key(r): r for d in items.values() for r in d.related}
        wanted = next(iter(difflib.get_close_matches(wanted, list(near), n=1, cutoff=0.8)),
                      wanted)
    related = next((d for d in items.values()
                    if any(wanted == department_key(r) or wanted in department_key(r).split()
                           for r in d.related)), None)
    if close:
        hint = f"; did you mean '{known[close[0]]}'? "
    elif related:
        hint = (f": there is no {wanted} {what}; the closest is '{related.id}', whose "
                f"modules serve {wanted} too. ")
    else:
        hint = ". "
    listed = ", ".join(sorted(items)) or "none"
    return (f"unknown {kind} '{text}'{whose}{hint}Known: {listed}; a library of your own can "
            f"add a {kind} (docs/authoring.md)")


@dataclass
class _Layer:
    root: Path
    label: str
    departments: list[tuple[Department, Located, int]] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    modules: dict[str, tuple[Module, Located]] = field(default_factory=dict)
    exercises: dict[str, tuple[Exercise, Located]] = field(default_factory=dict)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)


def _read(file: Path, problems: Problems) -> Located | None:
    try:
        return read_yaml(file)
    except YamlError as exc:
        problems.extend([exc.problem])
        return None


def _load_layer(root: Path, label: str, problems: Problems) -> _Layer:
    before = len(problems.items)
    key = layer_cache.key(root)
    cached = layer_cache.read(root, key)
    if cached is not None:
        return _from_cache(root, label, cached)
    layer = _read_layer(root, label, problems)
    if key and len(problems.items) == before:
        layer_cache.write(root, key, _to_cache(layer))
    return layer


def _to_cache(layer: _Layer) -> dict:
    """What a clean layer needs to be rebuilt without reading its YAML again."""
    return {
        "departments": [(d, str(loc.file), loc.marks, i) for d, loc, i in layer.departments],
        "sectors": list(layer.sectors),
        "modules": {k: (m, str(loc.file), loc.marks) for k, (m, loc) in layer.modules.items()},
        "exercises": {k: (e, str(loc.file), loc.marks)
                      for k, (e, loc) in layer.exercises.items()},
    }


def _from_cache(root: Path, label: str, cached: dict) -> _Layer:
    layer = _Layer(root, label)
    layer.departments = [(d, Located(Path(f), None, marks), i)
                         for d, f, marks, i in cached["departments"]]
    layer.sectors = list(cached["sectors"])
    for key, (module, file, marks) in cached["modules"].items():
        layer.modules[key] = (module, Located(Path(file), None, marks))
    for key, (exercise, file, marks) in cached["exercises"].items():
        layer.exercises[key] = (exercise, Located(Path(file), None, marks))
    return layer


def _read_layer(root: Path, label: str, problems: Problems) -> _Layer:
    layer = _Layer(root, label)
    decks, exercises = root / "decks", root / "exercises"
    if not root.is_dir():
        problems.add(root, "library folder not found: check the path in `library:` or "
                           "--library")
        return layer
    if not decks.is_dir() and not exercises.is_dir():
        problems.add(root, "not a content library: expected a decks/ folder "
                           "(decks/<track>/<name>.yaml) and/or an exercises/ folder")
        return layer

    dept_file = decks / "departments.yaml"
    if dept_file.is_file():
        located = _read(dept_file, problems)
        if located is not None:
            model, found = validate(DepartmentsFile, located, "departments file")
            problems.extend(found)
            if model:
                seen: dict[str, int] = {}
                for i, dept in enumerate(model.departments):
                    if dept.id in seen:
                        problems.extend([located.problem(
                            ("departments", i, "id"), f"department '{dept.id}' is defined twice "
                            f"in this file (also departments[{seen[dept.id]}]): keep one")])
                    seen[dept.id] = i
                    layer.departments.append((dept, located, i))
                layer.sectors = list(model.sectors)

    for track_dir in sorted(p for p in decks.iterdir() if p.is_dir()) if decks.is_dir() else []:
        for file in _yaml_files(track_dir):
            module_id = f"{track_dir.name}/{file.stem}"
            located = _read(file, problems)
            if located is None:
                continue
            module, found = validate(Module, located, "module",
                                     Identity(module_id, str(file)))
            problems.extend(found)
            if module is None:
                continue
            if module_id in layer.modules:
                other = layer.modules[module_id][1].file
                problems.add(file, f"module id '{module_id}' is also defined by "
                                   f"{display_path(other)}: rename or remove one")
                continue
            layer.modules[module_id] = (module, located)

    for file in _yaml_files(exercises):
        located = _read(file, problems)
        if located is None:
            continue
        exercise, found = validate(Exercise, located, "exercise",
                                   Identity(file.stem, str(file)))
        problems.extend(found)
        if exercise is None:
            continue
        if file.stem in layer.exercises:
            other = layer.exercises[file.stem][1].file
            problems.add(file, f"exercise id '{file.stem}' is also defined by "
                               f"{display_path(other)}: rename or remove one")
            continue
        layer.exercises[file.stem] = (exercise, located)
    return layer


def load_library(extra: list[Path] | tuple[Path, ...] = (), problems: Problems | None = None,
                 *, builtin: bool = True) -> Library:
    """Load every layer and check the result; problems go to `problems` (raised if not given)."""
    own = problems is None
    problems = problems if problems is not None else Problems()
    roots = ([(builtin_root(), BUILTIN)] if builtin else []) + \
        [(Path(p).resolve(), display_path(p)) for p in extra]
    # The same unchanged folders give the same checked library: a server previewing plans,
    # or a program of many sessions, checks a curriculum once, not on every request.
    keys = tuple((str(root), label, layer_cache.key(root)) for root, label in roots)
    memo = _checked.get(keys) if all(key for _, _, key in keys) else None
    if memo is not None:
        return memo
    before = len(problems.items)
    layers = [_load_layer(root, label, problems) for root, label in roots]

    library = Library(layers=[layer.label for layer in layers])
    located_modules: dict[str, Located] = {}
    located_exercises: dict[str, Located] = {}
    for layer in layers:
        for dept, _, _ in layer.departments:
            library.departments[dept.id] = dept
        for sector in layer.sectors:
            library.sectors[sector.id] = sector
        for module_id, (module, located) in layer.modules.items():
            library.modules[module_id] = module
            located_modules[module_id] = located
            library.places[("Module", module_id)] = (located, layer.label)
        for exercise_id, (exercise, located) in layer.exercises.items():
            library.exercises[exercise_id] = exercise
            located_exercises[exercise_id] = located
            library.places[("Exercise", exercise_id)] = (located, layer.label)

    if builtin and not library.departments:
        problems.add(builtin_root() / "decks" / "departments.yaml",
                     "no departments defined: the built-in library is incomplete; reinstall")
    for module_id, module in library.modules.items():
        located = located_modules[module_id]
        problems.extend([located.problem(path, message)
                         for path, message in check_module(module, library, located.file)])
    for exercise_id, exercise in library.exercises.items():
        located = located_exercises[exercise_id]
        problems.extend([located.problem(path, message)
                         for path, message in check_exercise(exercise, library)])
    for cycle in find_cycles(library.modules):
        first = cycle[0]
        located = located_modules[first]
        index = library.modules[first].requires.index(cycle[1])
        problems.extend([located.problem(("requires", index),
                                         "requires form a cycle: " + " -> ".join(cycle)
                                         + ": remove one of these requirements")])
    if own:
        problems.raise_if_any()
    if all(key for _, _, key in keys) and len(problems.items) == before:
        _checked.clear()  # keep one: the library a process is working with
        _checked[keys] = library
    return library


_checked: dict[tuple, Library] = {}


def problems_in(libraries: list[Path]) -> list[Problem]:
    problems = Problems()
    load_library(libraries, problems)
    return problems.items
