"""The client-facing catalogue: every module and exercise, grouped by department."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from workshop.content.fields import Format
from workshop.content.library import Library
from workshop.content.models import Module
from workshop.content.text import plain, substitute
from workshop.plan.depth import tiers
from workshop.session import DEFAULT_ACCENT, output_time
from workshop.tailor import FORMAT_NAMES

if TYPE_CHECKING:
    from workshop.render.documents.model import CatalogDocuments

SUBJECT = "Executive social media literacy"


def _minutes(minutes: Mapping[Format, int], module: Module | None = None) -> str:
    """'group: 45 min · one-on-one: 25 min', with a module's range where it is elastic."""
    def length(fmt: Format, standard: int) -> str:
        if module is None:
            return f"{standard} min"
        tier = tiers(module, fmt)
        if tier.essential == tier.extended:
            return f"{standard} min"
        return f"{tier.essential}–{tier.extended} min"
    return " · ".join(f"{FORMAT_NAMES[f].replace(' session', '')}: {length(f, n)}"
                      for f, n in minutes.items())


def _text(value: str, defaults: dict[str, str]) -> str:
    """Catalogue text shows placeholders as the words a client would expect: 'your
    organization', and each variable's own wording when a session does not set it."""
    return plain(substitute(value, {**defaults, "organization": "your organization"}))


def catalog_data(library: Library, department: str | None, paper: str = "a4") -> CatalogDocuments:
    from workshop.render.documents import geometry
    from workshop.render.documents.data import brand, header
    from workshop.render.documents.model import (
        CatalogDocuments,
        CatalogExercise,
        CatalogModule,
        CatalogSection,
    )

    words: dict[str, str] = {}  # every variable's own wording, from the modules that set it
    for module in library.modules.values():
        for name, value in module.variables.items():
            words.setdefault(name, plain(value))
    sections = []
    for track in ["core", *library.departments]:
        if department and track not in ("core", department):
            continue
        modules = [m for m in library.modules.values() if m.track == track and
                   (department is None or m.serves(department))]
        if track != "core" and department is None:
            # Modules from other tracks that also serve this department are listed there.
            modules += [m for m in library.modules.values()
                        if m.track not in ("core", track) and track in m.departments]
        if not modules:
            continue
        modules.sort(key=lambda m: (m.position != "opening", m.position == "closing",
                                    m.track != track, m.order, m.id))
        sections.append(CatalogSection(
            name="For everyone" if track == "core" else library.department_name(track),
            summary="" if track == "core" else (library.departments[track].summary or ""),
            modules=tuple(CatalogModule(
                id=m.id, title=_text(m.title, words), summary=_text(m.summary, words),
                objectives=tuple(_text(o, words) for o in m.objectives), level=m.level,
                minutes=_minutes(m.minutes, m),
                departments="Everyone" if "all" in m.departments else ", ".join(
                    library.department_name(d) for d in m.departments),
                exercises=tuple(_text(library.exercises[e].title, words) for e in m.exercise_ids
                                if e in library.exercises),
                also=m.track != track and track != "core") for m in modules)))
    used = {e for m in library.modules.values() for e in m.exercise_ids
            if department is None or m.serves(department)}
    exercises = tuple(CatalogExercise(title=_text(e.title, words), summary=_text(e.summary, words),
                                      minutes=_minutes(e.minutes),
                                      group=" · ".join(plain(v) for v in e.group_size.values()))
                      for e in sorted(library.exercises.values(), key=lambda e: e.title)
                      if e.id in used)
    title = "Module catalogue" + (f": {library.department_name(department)}"
                                  if department else "")
    return CatalogDocuments(
        page=geometry.page(paper), brand=brand(DEFAULT_ACCENT, None),
        header=header(SUBJECT, title), title=title,
        module_count=len({m.id for s in sections for m in s.modules}),
        sections=tuple(sections), exercises=exercises)


def render_catalog(library: Library, department: str | None, out: Path,
                   templates: Path | None = None, paper: str = "a4") -> bytes:
    """The catalogue as HTML (when `out` ends in .html) or PDF; `templates` may override."""
    from workshop.render.documents import engine, screen

    data = catalog_data(library, department, paper)
    if out.suffix.lower() in (".html", ".htm"):
        return screen.render(templates, "catalog.html.j2", data)
    return engine.compile_pdf(engine.stage(templates, {}), "catalog", data, output_time()).pdf
