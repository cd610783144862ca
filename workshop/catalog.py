"""The client-facing catalogue: every module and exercise, grouped by department."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from workshop.content.library import Library
from workshop.content.text import plain
from workshop.tailor import FORMAT_NAMES

LEVEL_ORDER = {"beginner": 0, "intermediate": 1, "advanced": 2}


def _minutes(minutes: dict[str, int]) -> str:
    return " · ".join(f"{FORMAT_NAMES[f].replace(' session', '')}: {n} min"
                      for f, n in minutes.items())


def _text(value: str) -> str:
    """Catalogue text shows placeholders as the words a client would expect."""
    return plain(value).replace("{{ organization }}", "your organization") \
        .replace("{{ competitor }}", "your competitor")


def catalog_context(library: Library, department: str | None) -> dict[str, object]:
    sections = []
    tracks = ["core", *library.departments]
    for track in tracks:
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
        name = "For everyone" if track == "core" else library.department_name(track)
        sections.append({
            "name": name, "summary": "" if track == "core" else
            (library.departments[track].summary or ""),
            "modules": [{
                "id": m.id, "title": _text(m.title), "summary": _text(m.summary),
                "objectives": [_text(o) for o in m.objectives], "level": m.level,
                "minutes": _minutes(m.minutes),
                "departments": "Everyone" if "all" in m.departments else ", ".join(
                    library.department_name(d) for d in m.departments),
                "exercises": [_text(library.exercises[e].title) for e in m.exercise_ids
                              if e in library.exercises],
                "also": m.track != track and track != "core",
            } for m in modules]})
    used = {e for m in library.modules.values() for e in m.exercise_ids
            if department is None or m.serves(department)}
    exercises = [{"title": _text(e.title), "summary": _text(e.summary),
                  "minutes": _minutes(e.minutes),
                  "group": " · ".join(plain(v) for v in e.group_size.values())}
                 for e in sorted(library.exercises.values(), key=lambda e: e.title)
                 if e.id in used]
    count = len({m["id"] for s in sections for m in s["modules"]})
    return {"sections": sections, "exercises": exercises, "module_count": count,
            "department": library.department_name(department) if department else None}


def render_catalog(library: Library, department: str | None, out: Path,
                   templates: Path | None = None) -> bytes:
    """The catalogue as HTML (when `out` ends in .html) or PDF; `templates` may override."""
    from workshop.render.documents import _accent_ink
    from workshop.render.documents.templating import environment

    context = catalog_context(library, department)
    title = "Module catalogue" + (f": {context['department']}" if context["department"] else "")
    html = environment(templates).get_template("catalog.html.j2").render(
        **context, session=SimpleNamespace(organization="Executive social media literacy",
                                           title=title),
        values={"date": ""}, paper="A4", accent="#0B5FFF", accent_ink=_accent_ink("#0B5FFF"),
        logo=None)
    if out.suffix.lower() in (".html", ".htm"):
        return html.encode("utf-8")
    from workshop.render.documents.pdf import pdf_from_html

    return pdf_from_html(html, out.parent.resolve())
